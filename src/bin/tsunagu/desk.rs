//! The desk: the full-screen app, and the service every desk talks to.

use crate::session::{Session, open_embedded, warn_seed};
use crate::{Args, Shared, now_rfc3339};
use anyhow::{Context as _, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};
use std::time::{Duration, Instant};
use tsunagu::domain::Identity;
use tsunagu::i18n::{Lang, Msg};
use tsunagu::service::desk::DeskShare;
use tsunagu::service::{PeerIdentity, StoreFactory};
use tsunagu::store::Store;
use tsunagu::store::guard::{self, ServicePolicy};
use tsunagu::store::replicate::{self, Outcome, SeedSource};
use tsunagu::{config, tui};

pub fn run_tui(args: &Args, source: &SeedSource) -> Result<ExitCode> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        say!("{}", tsunagu::cli::words::Word::NotATerminal.text(args.lang));
        return Ok(ExitCode::from(2));
    }
    let (keymap, diags) = config::keymap(args.keymap.as_deref());
    // The first frame waits for nothing: the seed's directory and the lookup snapshot's
    // index are read right after it (early.rs), the store (and who is at the desk) comes
    // when it is open.
    let mut early = crate::early::start(args, source);
    let mut keeper = early.keeper();
    let empty = tsunagu::domain::Directory::default();
    let index = tsunagu::search::Index::build(&empty);
    let mut env = tui::app::Env::with_index(empty, index, keymap, args.lang, args.desk.clone());
    env.identity = Identity::unknown(&crate::os_user());
    env.user = env.identity.user.clone();
    env.channel = args.channel;
    let mut app = tui::app::App::new(env, chrono::Local::now().naive_local());
    app.load_later(Box::new(move || early.load()));
    if let Some(d) = diags.first() {
        app.set_message(
            format!(
                "{} ({}): {}",
                Msg::KeymapWarning.text(args.lang),
                diags.len(),
                d.render(args.lang)
            ),
            tui::app::Level::Warning,
        );
    }
    let opened: Arc<OnceLock<Shared>> = Arc::new(OnceLock::new());
    // The embedded store, shared with this user's `slip`, `report`, `export` while open.
    let share: Arc<Mutex<Option<DeskShare>>> = Arc::new(Mutex::new(None));
    let failed: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let (tx, rx) = std::sync::mpsc::channel();
    app.open_later(rx);
    let flush_store = Arc::clone(&opened);
    let hangup_share = Arc::clone(&share);
    let ended = std::thread::scope(|scope| {
        let opener = std::thread::Builder::new()
            .name("tsunagu-open".into())
            .spawn_scoped(scope, || {
                lower_priority();
                let mut keep = None;
                let sent = match open_desk(args, source, &mut keeper, diags.is_empty()) {
                    Ok((mut o, k)) => {
                        let _ = opened.set(Arc::clone(&o.store));
                        keep = k;
                        match share_desk(args, &o.store) {
                            Ok(s) => *lock(&share) = s,
                            // The desk works on; `slip` and the like say the store is in use.
                            Err(_) => {
                                if o.message.is_none() {
                                    o.message = Some(tui::app::Message {
                                        text: Msg::DeskNotShared.text(args.lang).to_string(),
                                        level: tui::app::Level::Warning,
                                    });
                                }
                            }
                        }
                        Some(Box::new(o))
                    }
                    Err(e) => {
                        *lock(&failed) = Some(e);
                        None
                    }
                };
                let _ = tx.send(sent);
                // seed.bin for the next start, once the desk has what it needs.
                if let Some((hash, directory)) = keep {
                    keeper.keep(&hash, &directory);
                }
            });
        opener?;
        tui::run::run(
            app,
            Box::new(move || {
                if let Some(store) = flush_store.get() {
                    let _ = store.flush_durable();
                }
                // The process exits next: no socket is left behind for the next desk.
                if let Some(s) = lock(&hangup_share).as_ref() {
                    s.remove_socket();
                }
            }),
        )
    });
    // The desk is closing: no more requests through it, and its socket goes away.
    drop(lock(&share).take());
    let ended = ended?;
    if let Some(e) = failed.lock().unwrap_or_else(PoisonError::into_inner).take() {
        return Err(e);
    }
    if let Some(store) = opened.get() {
        store.flush_durable()?;
    }
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

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Serve the embedded store the desk opened to this user's own commands (`slip`,
/// `report`, `export`) over the desk's private socket. Nothing to share when the desk
/// works through the service (which serves everyone already).
fn share_desk(args: &Args, store: &Shared) -> Result<Option<DeskShare>> {
    if crate::session::service_socket(args).is_some() {
        return Ok(None);
    }
    let data = config::data_dir(args.data.clone())?;
    Ok(Some(DeskShare::start(&data, Arc::clone(store))?))
}

/// Let keys and drawing go first while the store is opened beside them (Linux gives
/// each thread its own nice value; elsewhere this would slow the whole process).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority on the calling thread (who = 0) with a plain integer; no
    // memory is shared. A failure leaves the priority as it was.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// The directory a valid seed in effect gave, with its hash, for seed.bin.
type Keep = Option<(String, Arc<tsunagu::domain::Directory>)>;

/// Open the store (the service, or the embedded store with its seed replicated) for the
/// app: who is at the desk, and the directory in effect when it is not the one of seed
/// `early` (the app's); with it, what seed.bin should hold (embedded, a valid seed).
fn open_desk(
    args: &Args,
    source: &SeedSource,
    early: &mut crate::early::Keeper,
    no_keymap_problem: bool,
) -> Result<(tui::app::Opened, Keep)> {
    let mut session = Session::open(args, source)?;
    let directory = Arc::new(std::mem::take(&mut session.directory));
    let changed = session.directory_hash.as_deref() != Some(early.shown());
    let index = if changed {
        Some(crate::session::snapshot_index(
            crate::session::snapshot_path(args).as_deref(),
            &directory,
            session.directory_hash.as_deref(),
            true,
        ))
    } else {
        None
    };
    let synced = session.synced.as_ref();
    let keep = match (synced, &session.directory_hash) {
        (Some(s), Some(hash)) if s.problems.is_none() => Some((hash.clone(), Arc::clone(&directory))),
        _ => None,
    };
    let message = if let Some(problems) = synced.and_then(|s| s.problems.as_ref()) {
        let first = problems
            .problems
            .first()
            .map(|p| p.render(args.lang))
            .unwrap_or_default();
        Some(format!(
            "{} ({} 件) {first}",
            Msg::SeedWarning.text(args.lang),
            problems.problems.len()
        ))
    } else if no_keymap_problem
        && synced.is_some_and(|s| matches!(s.outcome, Outcome::Replaced { previous: Some(_) }))
    {
        Some(Msg::SeedUpdated.text(args.lang).to_string())
    } else {
        None
    };
    let level = if synced.is_some_and(|s| s.problems.is_some()) {
        tui::app::Level::Warning
    } else {
        tui::app::Level::Info
    };
    let opened = tui::app::Opened {
        store: session.store,
        user: session.who.user.clone(),
        desk: session.who.desk().map(str::to_string),
        identity: session.who,
        directory: index.map(|i| (directory, i)),
        seed_hash: session.directory_hash,
        message: message.map(|text| tui::app::Message { text, level }),
    };
    Ok((opened, keep))
}

/// `tsunagu serve`: own the store, replicate the seed, and answer every desk through the
/// policy layer for the user the kernel names. The roster and the hand-off expiry come
/// from the service's own seed, never from a client (DESIGN.md ruling 11); SIGHUP reads
/// the seed again (validated; an invalid one leaves the last good in effect) for the
/// connections that follow. The service expires overdue hand-offs itself, on its own
/// clock, every minute. Returns on SIGTERM/SIGINT after the connections finished; then
/// the store is flushed.
pub fn serve(args: &Args, source: &SeedSource, socket: &Path, group: Option<&str>) -> Result<ExitCode> {
    let raw = Arc::new(open_embedded(args)?);
    let synced = replicate::sync(raw.as_ref(), source, &now_rfc3339())?;
    warn_seed(&synced, args.lang);
    let inner: Shared = raw.clone();
    let current: Current = Arc::new(RwLock::new(Arc::new(policy_of(&synced))));
    let for_conn = Arc::clone(&current);
    let factory: StoreFactory = Arc::new(move |peer: PeerIdentity| {
        let policy = Arc::clone(&for_conn.read().unwrap_or_else(PoisonError::into_inner));
        let who = tsunagu::domain::Identity::resolve(&peer.user_name, &policy.roster);
        Arc::new(guard::guard(Arc::clone(&inner), who).for_service(policy)) as Shared
    });
    let stop = Arc::new(AtomicBool::new(false));
    let reload = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&reload))?;
    let maintenance = {
        let m = Maintenance {
            raw: raw.clone(),
            source: source.clone(),
            lang: args.lang,
            current: Arc::clone(&current),
            stop: Arc::clone(&stop),
            reload,
        };
        std::thread::Builder::new()
            .name("tsunagu-maintenance".into())
            .spawn(move || m.run())?
    };
    let served = tsunagu::service::serve(socket, group, factory)
        .with_context(|| format!("tsunagu serve --socket {}", socket.display()));
    stop.store(true, Ordering::SeqCst);
    let _ = maintenance.join();
    // Refusals only counted so far (M3) go to the trail before the last flush.
    guard::refusals::flush(raw.as_ref());
    served?;
    raw.flush_durable()?;
    Ok(ExitCode::SUCCESS)
}

/// The service's policy in effect, replaced by a reload.
type Current = Arc<RwLock<Arc<ServicePolicy>>>;

fn policy_of(synced: &replicate::Synced) -> ServicePolicy {
    ServicePolicy {
        roster: synced.directory.staff.clone(),
        expiry_days: synced.directory.desk.handoff_expiry_days,
    }
}

/// The service's own work beside the connections: expiry every minute, the seed again
/// on SIGHUP.
struct Maintenance {
    raw: Arc<tsunagu::store::SledStore>,
    source: SeedSource,
    lang: Lang,
    current: Current,
    stop: Arc<AtomicBool>,
    reload: Arc<AtomicBool>,
}

impl Maintenance {
    fn policy(&self) -> Arc<ServicePolicy> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn run(&self) {
        let tick = Duration::from_millis(200);
        let mut next = Instant::now();
        while !self.stop.load(Ordering::SeqCst) {
            if self.reload.swap(false, Ordering::SeqCst) {
                self.reload_seed();
            }
            if Instant::now() >= next {
                let system = guard::guard(self.raw.clone(), Identity::system()).for_service(self.policy());
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

    /// SIGHUP: validate and replicate the seed; the roster and days of what is in effect
    /// afterwards (the last good seed when this one is invalid) apply to new connections.
    fn reload_seed(&self) {
        match replicate::sync(self.raw.as_ref(), &self.source, &now_rfc3339()) {
            Ok(synced) => {
                warn_seed(&synced, self.lang);
                *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(policy_of(&synced));
                say!("tsunagu serve: seed reloaded ({})", synced.seed_hash);
            }
            Err(e) => say!("tsunagu serve: seed reload failed: {}", e.message_ja()),
        }
    }
}
