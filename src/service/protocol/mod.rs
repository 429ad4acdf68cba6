//! The wire format between `tsunagu serve` and its clients.
//!
//! Every message is one frame:
//!
//! ```text
//! +------+------+------+------+---------+----------------------+------------------+
//! | 'T'  | 'S'  | 'N'  | 'G'  | version | body length (u32 BE) | body             |
//! +------+------+------+------+---------+----------------------+------------------+
//!   MAGIC (4 bytes)             1 byte    4 bytes                codec::encode(msg)
//! ```
//!
//! A client sends a [`Request`] and reads one [`Response`]; requests on a connection are
//! answered in order. The body is [`crate::store::codec`]'s encoding (its own version
//! byte, then bincode) of the message. A request body is at most [`MAX_FRAME`] bytes, an
//! answer at most [`MAX_ANSWER`]. A frame with another magic or version, a length over
//! the cap, a body that does not decode, or one that does not arrive within the server's
//! frame timeout gets a [`WireError::Frame`] answer and the connection is closed.
//!
//! Errors travel as [`WireError`], which mirrors [`StoreError`](crate::store::StoreError) without paths: what the
//! store's errors say (kinds, case numbers, fixed messages) and never record content.

use crate::domain::{Case, Draft, Handoff, HandoffStatus, MeetingRecord};
use crate::store::{
    AuditEntry, AuditFilter, CasePage, CasePageQuery, CaseView, InboxQuery, RecordCounts, Replica,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The first four bytes of every frame.
pub const MAGIC: [u8; 4] = *b"TSNG";
/// The protocol this build speaks. Bump when [`Request`], [`Response`] or the framing
/// changes shape (5: a case carries its 相談記録, the case page query a search).
pub const PROTOCOL_VERSION: u8 = 5;
/// Magic, version and length.
pub const HEADER_LEN: usize = 9;
/// Largest request body the service reads (a replica of the directory is the largest
/// request, well under 1 MiB).
pub const MAX_FRAME: usize = 8 * 1024 * 1024;
/// Largest answer body a client reads: bulk reads (every case, for export) are one
/// answer. The store's codec refuses to decode more than 64 MiB anyway.
pub const MAX_ANSWER: usize = 64 * 1024 * 1024;

/// One call of a [`crate::store::Store`] method (all but `path`), plus [`Request::Hello`].
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum Request {
    /// Who am I to the service, and which protocol does it speak? Answered by the
    /// service itself: [`Answer::Hello`].
    Hello,
    Replica,
    ReplaceReplica(Box<Replica>),
    FlushDurable,
    /// A new case: the service assigns its number ([`crate::store::Store::create_case`]).
    /// Added in protocol 3, replacing `AllocateCaseSeq`.
    CreateCase(Box<Case>),
    PutCase(Box<Case>),
    Case {
        number: String,
    },
    CasesReceived {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: u64,
    },
    AddHandoff(Box<Handoff>),
    UpdateHandoff(Box<Handoff>),
    HandoffsOfCase {
        case: String,
    },
    HandoffsToSection {
        section: String,
        status: Option<HandoffStatus>,
    },
    ExpireOverdue {
        today: NaiveDate,
        days: u32,
        at: String,
    },
    PutDraft {
        key: String,
        draft: Box<Draft>,
        durable: bool,
    },
    Draft {
        key: String,
    },
    DeleteDraft {
        key: String,
    },
    Drafts,
    AllocateMeetingSeq {
        fiscal_year: i32,
    },
    PutMeeting(Box<MeetingRecord>),
    Meeting {
        id: String,
    },
    MeetingsHeld {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    MeetingsOfCase {
        case: String,
    },
    RecordCounts,
    Cases,
    Handoffs,
    Meetings,
    RestoreCase(Box<Case>),
    RestoreHandoff(Box<Handoff>),
    RestoreMeeting(Box<MeetingRecord>),
    /// Served only as the caller's store allows (the policy layer refuses it).
    AppendAudit(Box<AuditEntry>),
    AuditEntries(Box<AuditFilter>),
    Revision,
    /// Added in protocol 2.
    ReplicaHash,
    /// Added in protocol 3.
    Compact,
    /// Reads shaped like the screens, one round trip each: added in protocol 4.
    CasePage(Box<CasePageQuery>),
    InboxPage(Box<InboxQuery>),
    CaseView {
        number: String,
    },
}

impl Request {
    /// The method's name, for log lines (never the arguments).
    pub fn name(&self) -> &'static str {
        match self {
            Request::Hello => "hello",
            Request::Replica => "replica",
            Request::ReplaceReplica(_) => "replace_replica",
            Request::FlushDurable => "flush_durable",
            Request::CreateCase(_) => "create_case",
            Request::PutCase(_) => "put_case",
            Request::Case { .. } => "case",
            Request::CasesReceived { .. } => "cases_received",
            Request::AddHandoff(_) => "add_handoff",
            Request::UpdateHandoff(_) => "update_handoff",
            Request::HandoffsOfCase { .. } => "handoffs_of_case",
            Request::HandoffsToSection { .. } => "handoffs_to_section",
            Request::ExpireOverdue { .. } => "expire_overdue",
            Request::PutDraft { .. } => "put_draft",
            Request::Draft { .. } => "draft",
            Request::DeleteDraft { .. } => "delete_draft",
            Request::Drafts => "drafts",
            Request::AllocateMeetingSeq { .. } => "allocate_meeting_seq",
            Request::PutMeeting(_) => "put_meeting",
            Request::Meeting { .. } => "meeting",
            Request::MeetingsHeld { .. } => "meetings_held",
            Request::MeetingsOfCase { .. } => "meetings_of_case",
            Request::RecordCounts => "record_counts",
            Request::Cases => "cases",
            Request::Handoffs => "handoffs",
            Request::Meetings => "meetings",
            Request::RestoreCase(_) => "restore_case",
            Request::RestoreHandoff(_) => "restore_handoff",
            Request::RestoreMeeting(_) => "restore_meeting",
            Request::AppendAudit(_) => "append_audit",
            Request::AuditEntries(_) => "audit_entries",
            Request::Revision => "revision",
            Request::ReplicaHash => "replica_hash",
            Request::Compact => "compact",
            Request::CasePage(_) => "case_page",
            Request::InboxPage(_) => "inbox_page",
            Request::CaseView { .. } => "case_view",
        }
    }

    /// May the client send it again when the connection broke after it was sent (the
    /// service may or may not have carried it out)? Only for requests that change
    /// nothing; a write is resent only when sending it failed.
    pub fn is_read_only(&self) -> bool {
        matches!(
            self,
            Request::Hello
                | Request::Replica
                | Request::FlushDurable
                | Request::Case { .. }
                | Request::CasesReceived { .. }
                | Request::HandoffsOfCase { .. }
                | Request::HandoffsToSection { .. }
                | Request::Draft { .. }
                | Request::Drafts
                | Request::Meeting { .. }
                | Request::MeetingsHeld { .. }
                | Request::MeetingsOfCase { .. }
                | Request::RecordCounts
                | Request::Cases
                | Request::Handoffs
                | Request::Meetings
                | Request::AuditEntries(_)
                | Request::Revision
                | Request::ReplicaHash
                | Request::CasePage(_)
                | Request::InboxPage(_)
                | Request::CaseView { .. }
        )
    }
}

/// The value a request produced.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum Answer {
    /// `()`.
    Unit,
    /// The answer to [`Request::Hello`]: the service's protocol and the caller as the
    /// kernel told the service (SO_PEERCRED).
    Hello {
        protocol: u8,
        uid: u32,
        user: String,
    },
    Replica(Option<Box<Replica>>),
    Seq(u32),
    Count(u64),
    Case(Option<Box<Case>>),
    Cases(Vec<Case>),
    Handoff(Box<Handoff>),
    Handoffs(Vec<Handoff>),
    Draft(Option<Box<Draft>>),
    Drafts(Vec<(String, Draft)>),
    Meeting(Option<Box<MeetingRecord>>),
    Meetings(Vec<MeetingRecord>),
    Counts(RecordCounts),
    AuditSeq(u64),
    Audit(Vec<AuditEntry>),
    Revision(u64),
    ReplicaHash(Option<String>),
    Page(Box<CasePage>),
    CaseView(Option<Box<CaseView>>),
}

/// One answer per request.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum Response {
    Ok(Answer),
    Err(WireError),
}

mod error;
mod frame;
#[cfg(test)]
mod tests;

pub use error::{FrameError, IoKind, WireError};
pub use frame::{
    FrameEncodeError, ReadError, decode_body, frame, is_disconnect, parse_header, read_frame,
    read_frame_with, send_all,
};
