//! The desk: the full-screen app, and the service every desk talks to.

use crate::session::{Session, desk_index, open_embedded, warn_seed};
use crate::{Args, Shared, now_rfc3339};
use anyhow::{Context as _, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tsunagu::domain::{Identity, Role, StaffEntry};
use tsunagu::i18n::{Lang, Msg};
use tsunagu::service::{PeerIdentity, StoreFactory};
use tsunagu::store::Store;
use tsunagu::store::guard::{self, ServicePolicy};
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
/// the policy layer for the user the kernel names. The roster and the hand-off expiry
/// come from the service's own seed, never from a client (DESIGN.md ruling 11), and the
/// service expires overdue hand-offs itself, on its own clock, every minute. Returns on
/// SIGTERM/SIGINT/SIGHUP after the connections finished; then the store is flushed.
pub fn serve(args: &Args, source: &SeedSource, socket: &Path, group: Option<&str>) -> Result<ExitCode> {
    let raw = Arc::new(open_embedded(args)?);
    let synced = replicate::sync(raw.as_ref(), source, &now_rfc3339())?;
    warn_seed(&synced, args.lang);
    let inner: Shared = raw.clone();
    let policy = Arc::new(ServicePolicy {
        roster: synced.directory.staff.clone(),
        expiry_days: synced.directory.desk.handoff_expiry_days,
    });
    let for_conn = Arc::clone(&policy);
    let factory: StoreFactory = Arc::new(move |peer: PeerIdentity| {
        let who = tsunagu::domain::Identity::resolve(&peer.user_name, &for_conn.roster);
        Arc::new(guard::guard(Arc::clone(&inner), who).for_service(Arc::clone(&for_conn))) as Shared
    });
    let stop = Arc::new(AtomicBool::new(false));
    let expiry = {
        let system = guard::guard(raw.clone(), system_identity()).for_service(Arc::clone(&policy));
        let stop = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("tsunagu-expiry".into())
            .spawn(move || expire_every_minute(&system, &stop))?
    };
    let served = tsunagu::service::serve(socket, group, factory)
        .with_context(|| format!("tsunagu serve --socket {}", socket.display()));
    stop.store(true, Ordering::SeqCst);
    let _ = expiry.join();
    // Refusals only counted so far (M3) go to the trail before the last flush.
    guard::refusals::flush(raw.as_ref());
    served?;
    raw.flush_durable()?;
    Ok(ExitCode::SUCCESS)
}

/// Who the service's own expiry acts as in the audit trail.
fn system_identity() -> Identity {
    Identity {
        user: "system".into(),
        staff: Some(StaffEntry {
            user: "system".into(),
            name: "tsunagu serve".into(),
            desk: String::new(),
            section: None,
            role: Role::Coordinator,
        }),
    }
}

/// Expire overdue hand-offs now and every minute until `stop` (checked every 200 ms).
fn expire_every_minute(system: &guard::Guarded, stop: &AtomicBool) {
    let tick = Duration::from_millis(200);
    let mut next = Instant::now();
    while !stop.load(Ordering::SeqCst) {
        if Instant::now() >= next {
            let today = chrono::Local::now().date_naive();
            // The guard uses its own clock and the service's days; these are ignored.
            if let Err(e) = system.expire_overdue(today, 0, "") {
                say!("tsunagu serve: expiry: {}", e.message_ja());
            }
            next = Instant::now() + Duration::from_secs(60);
        }
        std::thread::sleep(tick);
    }
}
