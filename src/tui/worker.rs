//! The store worker: store work the screens wait for (the revision poll and the 案件
//! pages) runs on its own thread and comes back as [`Done`] events, so the UI thread only
//! handles keys, updates state and draws. A slow service shows as [`Link::Waiting`]
//! (通信中), a stopped one as [`Link::Down`] (接続できません), while typing, search and
//! drawing go on.
//!
//! Jobs are coalesced: when several polls or pages wait, only the newest of each runs
//! (an older page would be replaced by the newer one anyway).

use super::app::SharedStore;
use super::tabs::cases::PageQuery;
use crate::store::{CasePage, Replica, StoreError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// After this long without an answer the status line says 通信中.
pub const WAITING_AFTER: Duration = Duration::from_millis(300);

/// Work for the store.
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// Has the store changed? `known_hash` is the replica hash the screens show.
    Poll { known_hash: Option<String> },
    /// Read a page of 案件 (`id` ties the answer to the request).
    Page { id: u64, query: PageQuery },
}

/// What the store answered.
#[derive(Debug)]
pub enum Done {
    Polled(Box<Polled>),
    Page {
        id: u64,
        result: Result<CasePage, StoreError>,
    },
}

/// The answer to [`Job::Poll`].
#[derive(Debug, Default)]
pub struct Polled {
    /// The revision moved since the last poll: what is shown should be read again.
    pub changed: bool,
    /// The replica's hash, when it was read (it changed).
    pub hash: Option<String>,
    /// The replica, when its hash differs from the one the screens know.
    pub replica: Option<Replica>,
}

/// How the store answers, for the status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Link {
    #[default]
    Ready,
    /// A call has waited longer than [`WAITING_AFTER`].
    Waiting,
    /// The last call could not reach the service.
    Down,
}

#[derive(Default)]
struct State {
    busy_since: Mutex<Option<Instant>>,
    down: AtomicBool,
}

impl State {
    fn begin(&self) {
        *self.busy_since.lock().unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
    }

    fn end<T>(&self, result: &Result<T, StoreError>) {
        *self.busy_since.lock().unwrap_or_else(PoisonError::into_inner) = None;
        match result {
            Ok(_) => self.down.store(false, Ordering::Relaxed),
            Err(StoreError::Unavailable { .. }) => self.down.store(true, Ordering::Relaxed),
            Err(_) => {}
        }
    }
}

/// The worker thread and its two channels.
pub struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
    state: Arc<State>,
}

impl Worker {
    /// Start a worker on `store`; `revision` is the revision of what is shown now.
    pub fn start(store: SharedStore, revision: Option<u64>) -> std::io::Result<Worker> {
        let (jobs, inbox) = mpsc::channel();
        let (outbox, done) = mpsc::channel();
        let state = Arc::new(State::default());
        let shared = Arc::clone(&state);
        // Detached: a call stuck on a hung service must not hold up quitting.
        std::thread::Builder::new()
            .name("tsunagu-store".into())
            .spawn(move || serve(&store, revision, &inbox, &outbox, &shared))?;
        Ok(Worker { jobs, done, state })
    }

    /// Queue a job; false when the worker has stopped.
    pub fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }

    /// The next answer, if one is ready.
    pub fn try_recv(&self) -> Option<Done> {
        self.done.try_recv().ok()
    }

    /// How the store answers now.
    pub fn link(&self) -> Link {
        let busy = *self
            .state
            .busy_since
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if self.state.down.load(Ordering::Relaxed) {
            Link::Down
        } else if busy.is_some_and(|t| t.elapsed() >= WAITING_AFTER) {
            Link::Waiting
        } else {
            Link::Ready
        }
    }
}

fn serve(
    store: &SharedStore,
    mut revision: Option<u64>,
    inbox: &Receiver<Job>,
    outbox: &Sender<Done>,
    state: &State,
) {
    while let Ok(first) = inbox.recv() {
        let (mut poll, mut page) = (None, None);
        let mut next = Some(first);
        while let Some(job) = next {
            match job {
                Job::Poll { known_hash } => poll = Some(known_hash),
                Job::Page { id, query } => page = Some((id, query)),
            }
            next = match inbox.try_recv() {
                Ok(j) => Some(j),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => return,
            };
        }
        if let Some(known) = poll {
            let polled = self::poll(store, &mut revision, known, state);
            if outbox.send(Done::Polled(Box::new(polled))).is_err() {
                return;
            }
        }
        if let Some((id, query)) = page {
            state.begin();
            let result = query.run(store.as_ref());
            state.end(&result);
            if outbox.send(Done::Page { id, result }).is_err() {
                return;
            }
        }
    }
}

fn poll(store: &SharedStore, revision: &mut Option<u64>, known: Option<String>, state: &State) -> Polled {
    state.begin();
    let rev = store.revision();
    state.end(&rev);
    let Ok(rev) = rev else {
        return Polled::default();
    };
    if *revision == Some(rev) {
        return Polled::default();
    }
    *revision = Some(rev);
    // Most changes are another desk's records: the directory is read again only when
    // the replica's hash differs from the one the screens know.
    state.begin();
    let hash = store.replica_hash();
    state.end(&hash);
    let hash = hash.ok().flatten();
    let replica = if hash.is_some() && hash != known {
        state.begin();
        let r = store.replica();
        state.end(&r);
        r.ok().flatten()
    } else {
        None
    };
    Polled {
        changed: true,
        hash,
        replica,
    }
}
