//! `tsunagu serve` in this process, for the service tests (tests/service/service.rs,
//! tests/service/service_faults.rs): a listener on a fresh store in a temporary folder, clients
//! and raw connections to it, and the case they write.

use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;
use tsunagu::domain::{Case, Channel, Consent, Intake, Personal, case_number};
use tsunagu::service::server::{self, Listener, StoreFactory};
use tsunagu::service::{PeerIdentity, RemoteStore};
use tsunagu::store::{SledStore, Store};

/// `tsunagu serve` in this process.
pub struct Served {
    pub tmp: tempfile::TempDir,
    pub socket: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl Served {
    /// A raw SledStore for every caller.
    pub fn start() -> Served {
        Served::start_with(
            |l| l,
            |store| Arc::new(move |_peer: PeerIdentity| Arc::clone(&store)),
        )
    }

    pub fn start_with(
        tune: impl FnOnce(Listener) -> Listener,
        factory: impl FnOnce(Arc<dyn Store + Send + Sync>) -> StoreFactory,
    ) -> Served {
        let tmp = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store + Send + Sync> =
            Arc::new(SledStore::open(&tmp.path().join("store")).unwrap());
        let socket = tmp.path().join("run").join("tsunagu.sock");
        let listener = tune(server::bind(&socket, None).unwrap());
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let factory = factory(store);
        let thread = std::thread::spawn(move || listener.run(factory, flag));
        Served {
            tmp,
            socket,
            stop,
            thread: Some(thread),
        }
    }

    pub fn client(&self) -> RemoteStore {
        RemoteStore::connect(&self.socket).unwrap()
    }

    pub fn raw(&self) -> UnixStream {
        let s = UnixStream::connect(&self.socket).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// Wait (at most `limit`) for the service to stop by itself; its result, or None if
    /// it is still running.
    pub fn wait_stopped(&mut self, limit: Duration) -> Option<std::io::Result<()>> {
        let start = std::time::Instant::now();
        while self.thread.as_ref().is_some_and(|t| !t.is_finished()) {
            if start.elapsed() > limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.thread.take().map(|t| t.join().unwrap())
    }

    /// Stop and wait; the store is closed when this returns.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            t.join().unwrap().unwrap();
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub fn case_on(seq: u32, staff: &str) -> Case {
    Case {
        number: case_number(2026, seq),
        fiscal_year: 2026,
        seq,
        received_at: "2026-11-26T10:00:00+09:00".into(),
        desk: "総合相談支援室".into(),
        staff: Some(staff.into()),
        intake: Intake {
            channel: Channel::WalkIn,
            district: None,
            school: None,
            language: None,
            consent: Consent::Given,
            seeks_help: true,
            people: vec![],
            note: Some("生活費に困っている。".into()),
        },
        personal: Personal {
            name: Some("入間　太郎".into()),
            ..Personal::default()
        },
        restricted: false,
        notes: vec![],
        closed_at: None,
        closing_note: None,
        consultations: Vec::new(),
    }
}

/// A service that greets, answers the few calls a desk makes at start (revision, draft,
/// replica hash), and, once `hang` is set, answers nothing more: a slow or stuck service.
pub struct Stalling {
    pub tmp: tempfile::TempDir,
    pub socket: PathBuf,
    pub hang: Arc<AtomicBool>,
}

impl Stalling {
    pub fn start() -> Stalling {
        use tsunagu::service::protocol::{self, Answer, PROTOCOL_VERSION, Request, Response};
        let tmp = tempfile::tempdir().unwrap();
        let socket = tmp.path().join("stall.sock");
        let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let hang = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&hang);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let flag = Arc::clone(&flag);
                std::thread::spawn(move || {
                    loop {
                        let Ok(body) =
                            protocol::read_frame(&mut stream, 1 << 20, Duration::from_secs(600), || true)
                        else {
                            return;
                        };
                        let Ok(request) = protocol::decode_body::<Request>(&body) else {
                            return;
                        };
                        while flag.load(Ordering::SeqCst) && !matches!(request, Request::Hello) {
                            std::thread::sleep(Duration::from_millis(50));
                        }
                        let answer = match request {
                            Request::Hello => Answer::Hello {
                                protocol: PROTOCOL_VERSION,
                                uid: 0,
                                user: "desk".into(),
                            },
                            Request::Revision => Answer::Revision(1),
                            Request::Draft { .. } => Answer::Draft(None),
                            Request::ReplicaHash => Answer::ReplicaHash(None),
                            _ => Answer::Unit,
                        };
                        let bytes = protocol::frame(&Response::Ok(answer), 1 << 20).unwrap();
                        if protocol::send_all(&stream, &bytes).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Stalling { tmp, socket, hang }
    }
}

/// The desk on the service with its store worker running, in 検索.
pub fn desk_on(store: Arc<RemoteStore>) -> tsunagu::tui::app::App {
    use tsunagu::tui::app::{App, Env};
    let dir = tsunagu::seed::load_embedded().unwrap().directory;
    let env = Env::new(
        dir,
        tsunagu::tui::keymap::Keymap::default_map(),
        tsunagu::i18n::Lang::Ja,
        "総合相談支援室".into(),
    );
    let mut app = App::new(env, now()).with_store(store);
    app.start_worker().unwrap();
    app.handle(tsunagu::tui::action::Action::GotoSearch);
    app
}

pub fn now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(15, 0, 0)
        .unwrap()
}

/// Tick until the top line says `word` (at most 10 s); the keys typed meanwhile search.
pub fn type_until(app: &mut tsunagu::tui::app::App, word: &str) -> String {
    use ratatui::crossterm::event::{KeyCode, KeyEvent};
    let started = std::time::Instant::now();
    while app.link_text() != Some(word) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no {word} on the top line"
        );
        app.tick(now());
        std::thread::sleep(Duration::from_millis(20));
    }
    let typed = std::time::Instant::now();
    for c in "ひきこもり".chars() {
        app.on_key(KeyEvent::from(KeyCode::Char(c)));
        app.tick(now());
    }
    assert!(
        typed.elapsed() < Duration::from_secs(2),
        "typing waited for the store"
    );
    assert!(!app.search.hits.is_empty(), "search goes on");
    super::screen(&super::render(app, 80, 24))
}
