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
    }
}
