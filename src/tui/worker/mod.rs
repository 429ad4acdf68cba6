//! The store worker: store work the screens wait for (the revision poll and the 案件
//! pages) runs on its own thread and comes back as [`Done`] events, so the UI thread only
//! handles keys, updates state and draws. A slow service shows as [`Link::Waiting`]
//! (通信中), a stopped one as [`Link::Down`] (接続できません), while typing, search and
//! drawing go on.
//!
//! Jobs are coalesced: when several polls or pages wait, only the newest of each runs
//! (an older page would be replaced by the newer one anyway); so do 受付's look-ups and
//! 会議's and 集計's reads, while writes (受付's save, 会議's record) all run, in order
//! ([`answer`] carries those out, and the app without a worker calls it itself).

use super::app::SharedStore;
use super::tabs::cases::{ChangeOutcome, HandoffChange, PageQuery};
use super::tabs::intake::{IntakeWrite, IntakeWritten};
use super::tabs::meeting_save::{self, MeetingSave, SaveOutcome};
use crate::domain::{Case, Directory, Draft, MeetingRecord};
use crate::report::Figures;
use crate::search::Index;
use crate::store::{CasePage, CasePageQuery, Replica, Store, StoreError};
use chrono::NaiveDate;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

mod work;

pub use work::answer;
use work::{coalesce, poll, write_drafts};

/// After this long without an answer the status line says 通信中.
pub const WAITING_AFTER: Duration = Duration::from_millis(300);

/// Work for the store.
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// Has the store changed? `known_hash` is the replica hash the screens show.
    Poll { known_hash: Option<String> },
    /// Read a page of 案件 (`id` ties the answer to the request).
    Page { id: u64, query: PageQuery },
    /// Write or remove the intake's draft. Draft jobs run in the order sent.
    Draft { id: u64, op: DraftOp },
    /// Change a hand-off's status (accept, return, done), durably.
    Change(HandoffChange),
    /// 受付's look-up of earlier cases of the person typed (以前の相談).
    Lookup { id: u64, query: CasePageQuery },
    /// 受付's save, つなぐ or 相談記録 (a write: every one runs, in order, after the
    /// drafts sent before it).
    Intake(Box<IntakeWrite>),
    /// 会議: the meetings of fiscal year `fy`.
    Meetings { id: u64, fy: i32 },
    /// 会議: the cases typed in the form's rows (for consent and the summary).
    MeetingCases { id: u64, numbers: Vec<String> },
    /// 会議: record a meeting (a write: every one runs, in order).
    SaveMeeting { id: u64, save: Box<MeetingSave> },
    /// 集計: the figures of fiscal year `fy` on `today`.
    Figures {
        id: u64,
        fy: i32,
        today: NaiveDate,
        directory: Arc<Directory>,
    },
}

impl Job {
    /// A read that a newer one of its kind replaces (0: not one of [`answer`]'s reads).
    fn read_kind(&self) -> u8 {
        match self {
            Job::Meetings { .. } => 1,
            Job::MeetingCases { .. } => 2,
            Job::Figures { .. } => 3,
            Job::Lookup { .. } => 4,
            _ => 0,
        }
    }
}

/// A change of the intake's draft.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftOp {
    Put {
        key: String,
        draft: Box<Draft>,
        /// Return only when it is on disk (fsync).
        durable: bool,
    },
    Delete {
        key: String,
    },
}

impl DraftOp {
    fn key(&self) -> &str {
        match self {
            DraftOp::Put { key, .. } | DraftOp::Delete { key } => key,
        }
    }
}

/// What the store answered.
#[derive(Debug)]
pub enum Done {
    Polled(Box<Polled>),
    Page {
        id: u64,
        result: Result<CasePage, StoreError>,
    },
    /// Draft job `id` is done: `durable` when it is on disk (a put written durably, or a
    /// removal). A put overtaken by a later job for the same key is not written (Ok, not
    /// durable): the later one carries its durability.
    Draft {
        id: u64,
        durable: bool,
        saved_at: Option<String>,
        result: Result<(), StoreError>,
    },
    /// What came of a [`Job::Change`] (written: it is durable).
    Changed(ChangeOutcome),
    Lookup {
        id: u64,
        result: Result<CasePage, StoreError>,
    },
    /// What came of a [`Job::Intake`].
    Written(Box<IntakeWritten>),
    Meetings {
        id: u64,
        result: Result<Vec<MeetingRecord>, StoreError>,
    },
    MeetingCases {
        id: u64,
        cases: Vec<Case>,
    },
    MeetingSaved {
        id: u64,
        outcome: SaveOutcome,
    },
    Figures {
        id: u64,
        result: Result<Box<Figures>, StoreError>,
    },
}

/// The answer to [`Job::Poll`].
#[derive(Debug, Default)]
pub struct Polled {
    /// The revision moved since the last poll: what is shown should be read again.
    pub changed: bool,
    /// The replica's hash, when it was read (it changed).
    pub hash: Option<String>,
    /// The replica's directory and its index, when its hash differs from the one the
    /// screens know.
    pub replica: Option<NewDirectory>,
}

/// A directory read from the replica, with its index built beside the UI thread (a
/// large city's takes a quarter of a second).
pub struct NewDirectory {
    pub seed_hash: String,
    pub directory: Arc<Directory>,
    pub index: Index,
}

impl NewDirectory {
    pub fn of(replica: Replica) -> NewDirectory {
        let index = Index::build(&replica.directory);
        index.prepare();
        NewDirectory {
            seed_hash: replica.seed_hash,
            directory: Arc::new(replica.directory),
            index,
        }
    }
}

impl std::fmt::Debug for NewDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewDirectory")
            .field("seed_hash", &self.seed_hash)
            .finish_non_exhaustive()
    }
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

/// How the worker's calls stand, for [`Worker::link`].
#[derive(Default)]
pub struct State {
    busy_since: Mutex<Option<Instant>>,
    down: AtomicBool,
}

impl State {
    fn begin(&self) {
        *self.busy_since.lock().unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
    }

    fn end<T>(&self, result: &Result<T, StoreError>) {
        self.finish(match result {
            Ok(_) => Some(false),
            Err(e) => unreachable_service(e),
        });
    }

    /// The call ended: `down` says whether the service could be reached (None: the
    /// call says nothing of it).
    fn finish(&self, down: Option<bool>) {
        *self.busy_since.lock().unwrap_or_else(PoisonError::into_inner) = None;
        if let Some(down) = down {
            self.down.store(down, Ordering::Relaxed);
        }
    }
}

/// Some(true) when `e` says the service cannot be reached.
fn unreachable_service(e: &StoreError) -> Option<bool> {
    matches!(e, StoreError::Unavailable { .. }).then_some(true)
}

/// The worker thread and its two channels.
pub struct Worker {
    /// None once dropping.
    jobs: Option<Sender<Job>>,
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
        // Detached: a call stuck on a hung service must not hold up quitting (see Drop).
        std::thread::Builder::new()
            .name("tsunagu-store".into())
            .spawn(move || {
                serve(&store, revision, &inbox, &outbox, &shared);
                // The store first: once the answers' channel closes, it is released.
                drop(store);
                drop(outbox);
            })?;
        Ok(Worker {
            jobs: Some(jobs),
            done,
            state,
        })
    }

    /// Queue a job; false when the worker has stopped.
    pub fn send(&self, job: Job) -> bool {
        self.jobs.as_ref().is_some_and(|j| j.send(job).is_ok())
    }

    /// The next answer, if one is ready.
    pub fn try_recv(&self) -> Option<Done> {
        self.done.try_recv().ok()
    }

    /// The next answer, waiting at most `limit`.
    pub fn recv_timeout(&self, limit: Duration) -> Option<Done> {
        self.done.recv_timeout(limit).ok()
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

/// How long dropping the worker waits for it to finish its jobs and release the store
/// (an embedded store can then be opened again at once).
const STOP_WAIT: Duration = Duration::from_secs(2);

impl Drop for Worker {
    fn drop(&mut self) {
        self.jobs = None;
        let deadline = Instant::now() + STOP_WAIT;
        while self
            .done
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .is_ok()
        {}
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
        let (mut poll, mut page, mut drafts, mut changes) = (None, None, Vec::new(), Vec::new());
        let mut others = Vec::new();
        let mut next = Some(first);
        while let Some(job) = next {
            match job {
                Job::Poll { known_hash } => poll = Some(known_hash),
                Job::Page { id, query } => page = Some((id, query)),
                Job::Draft { id, op } => drafts.push((id, op)),
                Job::Change(c) => changes.push(c),
                other => others.push(other),
            }
            next = match inbox.try_recv() {
                Ok(j) => Some(j),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => return,
            };
        }
        // What is typed first, then what is read.
        for done in write_drafts(store, drafts, state) {
            if outbox.send(done).is_err() {
                return;
            }
        }
        for change in changes {
            state.begin();
            let outcome = change.apply(store.as_ref());
            state.finish(match &outcome {
                ChangeOutcome::Failed(e) => unreachable_service(e),
                _ => Some(false),
            });
            if outbox.send(Done::Changed(outcome)).is_err() {
                return;
            }
        }
        for job in coalesce(others) {
            if let Some(done) = answer(store.as_ref(), job, Some(state))
                && outbox.send(done).is_err()
            {
                return;
            }
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
