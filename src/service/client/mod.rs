//! [`RemoteStore`]: the [`Store`] of a `tsunagu serve` over its Unix socket.
//!
//! One connection, used by one call at a time (a Mutex). When the service has gone
//! away since the last call (restarted), sending fails and the call reconnects once and
//! sends again; when the connection breaks after a request was sent, only a read-only
//! request is sent again (a write may have been carried out).

mod conn;

use super::protocol::{self, Answer, FrameEncodeError, MAX_FRAME, ReadError, Request, Response, WireError};
use crate::domain::{Case, Draft, Handoff, HandoffStatus, MeetingRecord};
use crate::store::{AuditEntry, AuditFilter, RecordCounts, Replica, Store, StoreError};
use crate::store::{CasePage, CasePageQuery, CaseView, InboxQuery};
use chrono::NaiveDate;
use conn::{open, read_response};
use std::io::{self, ErrorKind};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// How long a call waits for its answer by default (a durable write takes milliseconds; a
/// bulk read for an export of a large store, seconds). See [`RemoteStore::connect_with`].
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(120);
/// How long sending a request may block.
pub(super) const SEND_TIMEOUT: Duration = Duration::from_secs(30);

pub struct RemoteStore {
    path: PathBuf,
    conn: Mutex<Option<UnixStream>>,
    answer_timeout: Duration,
    uid: u32,
    user: String,
    /// Requests sent (round trips), for tests and measurements.
    calls: AtomicU64,
}

impl std::fmt::Debug for RemoteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteStore")
            .field("path", &self.path)
            .field("uid", &self.uid)
            .finish_non_exhaustive()
    }
}

impl RemoteStore {
    /// Connect to the service at `socket` and check that it speaks this protocol.
    pub fn connect(socket: &Path) -> Result<RemoteStore, StoreError> {
        RemoteStore::connect_with(socket, ANSWER_TIMEOUT)
    }

    /// [`RemoteStore::connect`], waiting at most `answer_timeout` for each answer (a
    /// screen may prefer to say "the service does not answer" sooner than an export).
    pub fn connect_with(socket: &Path, answer_timeout: Duration) -> Result<RemoteStore, StoreError> {
        let path = socket.to_path_buf();
        // A zero timeout would mean "none" to the socket.
        let answer_timeout = answer_timeout.max(Duration::from_millis(1));
        let (stream, uid, user) = open(&path, answer_timeout)?;
        Ok(RemoteStore {
            path,
            conn: Mutex::new(Some(stream)),
            answer_timeout,
            uid,
            user,
            calls: AtomicU64::new(0),
        })
    }

    /// How many requests this client has sent (each one round trip; a request sent
    /// again after a dropped connection counts once).
    pub fn round_trips(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    /// The caller's login name as the service learned it from the kernel (what the
    /// service's policy and audit use).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The caller's uid as the service learned it from the kernel.
    pub fn uid(&self) -> u32 {
        self.uid
    }

    fn unavailable(&self, source: io::Error) -> StoreError {
        StoreError::Unavailable {
            path: self.path.clone(),
            source,
        }
    }

    fn service(&self, message: impl Into<String>) -> StoreError {
        StoreError::Service {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    /// Send `request`, return its answer.
    fn call(&self, request: &Request) -> Result<Answer, StoreError> {
        let bytes = protocol::frame(request, MAX_FRAME).map_err(|e| match e {
            FrameEncodeError::TooLarge { len, max } => self.service(format!(
                "the request is too large for the service ({len} bytes, at most {max})"
            )),
            FrameEncodeError::Encode => self.service("the request cannot be encoded"),
        })?;
        let mut conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        self.calls.fetch_add(1, Ordering::Relaxed);
        let mut retried = false;
        loop {
            let stream = match conn.take() {
                Some(s) => s,
                None => open(&self.path, self.answer_timeout)?.0,
            };
            if let Err(e) = protocol::send_all(&stream, &bytes) {
                // Not sent: the service cannot have acted on it.
                if !retried && protocol::is_disconnect(&e) {
                    retried = true;
                    continue;
                }
                return Err(self.unavailable(e));
            }
            match read_response(&stream, self.answer_timeout) {
                Ok(Response::Ok(answer)) => {
                    *conn = Some(stream);
                    return Ok(answer);
                }
                Ok(Response::Err(e)) => {
                    // After these the service closes the connection.
                    if !matches!(e, WireError::Frame(_) | WireError::Busy) {
                        *conn = Some(stream);
                    }
                    return Err(e.into_store(&self.path));
                }
                Err(ReadError::Closed | ReadError::Truncated) if !retried && request.is_read_only() => {
                    retried = true;
                }
                Err(e) => return Err(self.read_failed(e)),
            }
        }
    }

    fn read_failed(&self, e: ReadError) -> StoreError {
        match e {
            ReadError::Closed | ReadError::Truncated => self.unavailable(io::Error::new(
                ErrorKind::ConnectionAborted,
                "the service closed the connection before answering",
            )),
            ReadError::Stopped | ReadError::TimedOut => self.unavailable(io::Error::new(
                ErrorKind::TimedOut,
                "no answer from the service in time",
            )),
            ReadError::Frame(f) => self.service(format!("unreadable answer: {}", f.describe())),
            ReadError::OverBudget => self.service("answer over the client's budget"),
            ReadError::Io(e) => self.unavailable(e),
        }
    }

    fn unexpected(&self, request: &Request) -> StoreError {
        self.service(format!(
            "unexpected answer to {} (another protocol?)",
            request.name()
        ))
    }

    fn unit(&self, request: Request) -> Result<(), StoreError> {
        match self.call(&request)? {
            Answer::Unit => Ok(()),
            _ => Err(self.unexpected(&request)),
        }
    }
}

impl Store for RemoteStore {
    /// The service's socket.
    fn path(&self) -> &Path {
        &self.path
    }

    fn replica(&self) -> Result<Option<Replica>, StoreError> {
        let r = Request::Replica;
        match self.call(&r)? {
            Answer::Replica(x) => Ok(x.map(|b| *b)),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn replica_hash(&self) -> Result<Option<String>, StoreError> {
        let r = Request::ReplicaHash;
        match self.call(&r)? {
            Answer::ReplicaHash(h) => Ok(h),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn replace_replica(&self, replica: &Replica) -> Result<(), StoreError> {
        self.unit(Request::ReplaceReplica(Box::new(replica.clone())))
    }

    fn flush_durable(&self) -> Result<(), StoreError> {
        self.unit(Request::FlushDurable)
    }

    fn create_case(&self, case: &Case, _audit: Option<&AuditEntry>) -> Result<Case, StoreError> {
        // The service's guard writes the trail itself; a client cannot supply entries.
        let r = Request::CreateCase(Box::new(case.clone()));
        match self.call(&r)? {
            Answer::Case(Some(c)) => Ok(*c),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn put_case(&self, case: &Case) -> Result<(), StoreError> {
        self.unit(Request::PutCase(Box::new(case.clone())))
    }

    fn case(&self, number: &str) -> Result<Option<Case>, StoreError> {
        let r = Request::Case {
            number: number.to_string(),
        };
        match self.call(&r)? {
            Answer::Case(c) => Ok(c.map(|b| *b)),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn cases_received(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<Case>, StoreError> {
        let r = Request::CasesReceived {
            from,
            to,
            limit: limit as u64,
        };
        match self.call(&r)? {
            Answer::Cases(v) => Ok(v),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn add_handoff(&self, handoff: Handoff) -> Result<Handoff, StoreError> {
        let r = Request::AddHandoff(Box::new(handoff));
        match self.call(&r)? {
            Answer::Handoff(h) => Ok(*h),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn update_handoff(&self, handoff: &Handoff) -> Result<(), StoreError> {
        self.unit(Request::UpdateHandoff(Box::new(handoff.clone())))
    }

    fn handoffs_of_case(&self, case: &str) -> Result<Vec<Handoff>, StoreError> {
        let r = Request::HandoffsOfCase {
            case: case.to_string(),
        };
        match self.call(&r)? {
            Answer::Handoffs(v) => Ok(v),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn handoffs_to_section(
        &self,
        section: &str,
        status: Option<HandoffStatus>,
    ) -> Result<Vec<Handoff>, StoreError> {
        let r = Request::HandoffsToSection {
            section: section.to_string(),
            status,
        };
        match self.call(&r)? {
            Answer::Handoffs(v) => Ok(v),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn expire_overdue(&self, today: NaiveDate, days: u32, at: &str) -> Result<usize, StoreError> {
        let r = Request::ExpireOverdue {
            today,
            days,
            at: at.to_string(),
        };
        match self.call(&r)? {
            Answer::Count(n) => usize::try_from(n).map_err(|_| self.unexpected(&r)),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn put_draft(&self, key: &str, draft: &Draft, durable: bool) -> Result<(), StoreError> {
        self.unit(Request::PutDraft {
            key: key.to_string(),
            draft: Box::new(draft.clone()),
            durable,
        })
    }

    fn draft(&self, key: &str) -> Result<Option<Draft>, StoreError> {
        let r = Request::Draft { key: key.to_string() };
        match self.call(&r)? {
            Answer::Draft(d) => Ok(d.map(|b| *b)),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn delete_draft(&self, key: &str) -> Result<(), StoreError> {
        self.unit(Request::DeleteDraft { key: key.to_string() })
    }

    fn drafts(&self) -> Result<Vec<(String, Draft)>, StoreError> {
        let r = Request::Drafts;
        match self.call(&r)? {
            Answer::Drafts(v) => Ok(v),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn allocate_meeting_seq(&self, fiscal_year: i32) -> Result<u32, StoreError> {
        let r = Request::AllocateMeetingSeq { fiscal_year };
        match self.call(&r)? {
            Answer::Seq(n) => Ok(n),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn put_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError> {
        self.unit(Request::PutMeeting(Box::new(meeting.clone())))
    }

    fn meeting(&self, id: &str) -> Result<Option<MeetingRecord>, StoreError> {
        let r = Request::Meeting { id: id.to_string() };
        match self.call(&r)? {
            Answer::Meeting(m) => Ok(m.map(|b| *b)),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn meetings_held(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<MeetingRecord>, StoreError> {
        let r = Request::MeetingsHeld { from, to };
        match self.call(&r)? {
            Answer::Meetings(v) => Ok(v),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn meetings_of_case(&self, case: &str) -> Result<Vec<MeetingRecord>, StoreError> {
        let r = Request::MeetingsOfCase {
            case: case.to_string(),
        };
        match self.call(&r)? {
            Answer::Meetings(v) => Ok(v),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn record_counts(&self) -> Result<RecordCounts, StoreError> {
        let r = Request::RecordCounts;
        match self.call(&r)? {
            Answer::Counts(c) => Ok(c),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn cases(&self) -> Result<Vec<Case>, StoreError> {
        let r = Request::Cases;
        match self.call(&r)? {
            Answer::Cases(v) => Ok(v),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn handoffs(&self) -> Result<Vec<Handoff>, StoreError> {
        let r = Request::Handoffs;
        match self.call(&r)? {
            Answer::Handoffs(v) => Ok(v),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn meetings(&self) -> Result<Vec<MeetingRecord>, StoreError> {
        let r = Request::Meetings;
        match self.call(&r)? {
            Answer::Meetings(v) => Ok(v),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn restore_case(&self, case: &Case) -> Result<(), StoreError> {
        self.unit(Request::RestoreCase(Box::new(case.clone())))
    }

    fn restore_handoff(&self, handoff: &Handoff) -> Result<(), StoreError> {
        self.unit(Request::RestoreHandoff(Box::new(handoff.clone())))
    }

    fn restore_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError> {
        self.unit(Request::RestoreMeeting(Box::new(meeting.clone())))
    }

    /// Asks the service, which answers as the caller's store there allows (the policy
    /// layer refuses: entries are written by the service only).
    fn compact(&self) -> Result<(), StoreError> {
        self.unit(Request::Compact)
    }

    fn append_audit(&self, entry: &AuditEntry) -> Result<u64, StoreError> {
        let r = Request::AppendAudit(Box::new(entry.clone()));
        match self.call(&r)? {
            Answer::AuditSeq(n) => Ok(n),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let r = Request::AuditEntries(Box::new(filter.clone()));
        match self.call(&r)? {
            Answer::Audit(v) => Ok(v),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn case_page(&self, query: &CasePageQuery) -> Result<CasePage, StoreError> {
        let r = Request::CasePage(Box::new(query.clone()));
        match self.call(&r)? {
            Answer::Page(p) => Ok(*p),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn inbox_page(&self, query: &InboxQuery) -> Result<CasePage, StoreError> {
        let r = Request::InboxPage(Box::new(query.clone()));
        match self.call(&r)? {
            Answer::Page(p) => Ok(*p),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn case_view(&self, number: &str) -> Result<Option<CaseView>, StoreError> {
        let r = Request::CaseView {
            number: number.to_string(),
        };
        match self.call(&r)? {
            Answer::CaseView(v) => Ok(v.map(|b| *b)),
            _ => Err(self.unexpected(&r)),
        }
    }

    fn revision(&self) -> Result<u64, StoreError> {
        let r = Request::Revision;
        match self.call(&r)? {
            Answer::Revision(n) => Ok(n),
            _ => Err(self.unexpected(&r)),
        }
    }
}
