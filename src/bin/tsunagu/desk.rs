//! The desk: the full-screen app, and the service every desk talks to.

use crate::session::{Session, desk_index, open_embedded, warn_seed};
use crate::{Args, Shared, now_rfc3339};
use anyhow::{Context as _, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use tsunagu::domain::StaffEntry;
use tsunagu::i18n::{Lang, Msg};
use tsunagu::service::{PeerIdentity, StoreFactory};
use tsunagu::store::Store;
use tsunagu::store::replicate::{self, Outcome, SeedSource};
use tsunagu::{config, tui};

pub fn run_tui(args: &Args, source: &SeedSource) -> Result<ExitCode> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        say!(
            "{}",
            match args.lang {
                Lang::Ja =>
                    "tsunagu: 端末 (TeraTerm など) から起動してください。検索だけなら tsunagu find <語>",
                Lang::En => "tsunagu: start it in a terminal. For a lookup only: tsunagu find <words>",
            }
        );
        return Ok(ExitCode::from(2));
    }
    let session = Session::open(args, source)?;
    let (keymap, diags) = config::keymap(args.keymap.as_deref());
    let index = desk_index(args, &session)?;
    // The directory moves into the app: one copy fewer for the life of the desk.
    let Session {
        store,
        who,
        directory,
        synced,
        ..
    } = session;
    let mut env = tui::app::Env::with_index(directory, index, keymap, args.lang, args.desk.clone());
    // Who the store knows (the kernel's word through the service), and their roster desk.
    env.user = who.user.clone();
    if let Some(desk) = who.desk() {
        env.desk = desk.to_string();
    }
    env.identity = who;
    env.channel = args.channel;
    let shared: tui::app::SharedStore = Arc::clone(&store);
    let mut app = tui::app::App::new(env, chrono::Local::now().naive_local()).with_store(shared);
    let synced = synced.as_ref();
    if let Some(problems) = synced.and_then(|s| s.problems.as_ref()) {
        let first = problems
            .problems
            .first()
            .map(|p| p.render(args.lang))
            .unwrap_or_default();
        app.set_message(
            format!(
                "{} ({} 件) {first}",
                Msg::SeedWarning.text(args.lang),
                problems.problems.len()
            ),
            tui::app::Level::Warning,
        );
    } else if let Some(d) = diags.first() {
        app.set_message(
            format!(
                "{} ({}): {}",
                Msg::KeymapWarning.text(args.lang),
                diags.len(),
                d.render(args.lang)
            ),
            tui::app::Level::Warning,
        );
    } else if synced.is_some_and(|s| matches!(s.outcome, Outcome::Replaced { previous: Some(_) })) {
        app.set_message(Msg::SeedUpdated.text(args.lang), tui::app::Level::Info);
    }
    let flush_store = Arc::clone(&store);
    let ended = tui::run::run(
        app,
        Box::new(move || {
            let _ = flush_store.flush_durable();
        }),
    )?;
    store.flush_durable()?;
    if ended == tui::run::Ended::HungUp {
        // Nobody is there to read a message.
        return Ok(ExitCode::from(tui::watchdog::HANGUP_STATUS as u8));
    }
    // Problems a user should read after the screen is gone.
    for d in &diags {
        say!("{}", d.render(args.lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// `tsunagu serve`: own the store, replicate the seed once, and answer every desk through
/// the policy layer for the user the kernel names. Returns on SIGTERM/SIGINT/SIGHUP after
/// the connections finished; then the store is flushed.
pub fn serve(args: &Args, source: &SeedSource, socket: &Path, group: Option<&str>) -> Result<ExitCode> {
    let raw = Arc::new(open_embedded(args)?);
    let synced = replicate::sync(raw.as_ref(), source, &now_rfc3339())?;
    warn_seed(&synced, args.lang);
    let inner: Shared = raw.clone();
    // The roster of the replica with this hash: read again only after a seed sync, not
    // for every connection (a whole directory to decode, 20 ms with 10,000 entries).
    let rosters: Mutex<Option<(String, Arc<Vec<StaffEntry>>)>> = Mutex::new(None);
    let factory: StoreFactory = Arc::new(move |peer: PeerIdentity| {
        // The roster as replicated now: a seed sync applies to the next connections.
        let hash = inner.replica_hash().ok().flatten();
        let mut cached = rosters.lock().unwrap_or_else(|e| e.into_inner());
        let roster = match (&*cached, &hash) {
            (Some((h, roster)), Some(now)) if h == now => Arc::clone(roster),
            _ => {
                let replica = inner.replica().ok().flatten();
                let roster = Arc::new(
                    replica
                        .as_ref()
                        .map(|r| r.directory.staff.clone())
                        .unwrap_or_default(),
                );
                *cached = replica.map(|r| (r.seed_hash, Arc::clone(&roster)));
                roster
            }
        };
        drop(cached);
        let who = tsunagu::domain::Identity::resolve(&peer.user_name, &roster);
        Arc::new(tsunagu::store::guard::guard(Arc::clone(&inner), who)) as Shared
    });
    tsunagu::service::serve(socket, group, factory)
        .with_context(|| format!("tsunagu serve --socket {}", socket.display()))?;
    raw.flush_durable()?;
    Ok(ExitCode::SUCCESS)
}
