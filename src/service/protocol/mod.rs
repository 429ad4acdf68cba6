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

use crate::store::surface::types::*;
use serde::{Deserialize, Serialize};

/// The first four bytes of every frame.
pub const MAGIC: [u8; 4] = *b"TSNG";
/// The protocol this build speaks. Bump when [`Request`], [`Response`] or the framing
/// changes shape: 2 added `ReplicaHash`; 3 `CreateCase` (replacing `AllocateCaseSeq`) and
/// `Compact`; 4 the reads shaped like the screens (`CasePage`, `InboxPage`, `CaseView`);
/// 5: a case carries its 相談記録, the case page query a search; 6 the year's figures'
/// records in one call (`ReportInput`).
pub const PROTOCOL_VERSION: u8 = 6;
/// Magic, version and length.
pub const HEADER_LEN: usize = 9;
/// Largest request body the service reads (a replica of the directory is the largest
/// request, well under 1 MiB).
pub const MAX_FRAME: usize = 8 * 1024 * 1024;
/// Largest answer body a client reads: bulk reads (every case, for export) are one
/// answer. The store's codec refuses to decode more than 64 MiB anyway.
pub const MAX_ANSWER: usize = 64 * 1024 * 1024;

/// Makes [`Request`] from the store's surface declaration (store/surface.rs): `Hello` by
/// hand, then one variant per call in the declaration's order (the encoding is by place).
macro_rules! requests {
    ($([
        $kind:ident $method:ident $self:ident $params:tt $args:tt $ret:tt
        $request:ident ($( ($one:ident: $one_ty:ty) )? $( { $($field:ident: $field_ty:ty),* } )?)
        $answer:ident $op:tt $docs:tt $default:tt
    ])*) => {
        /// One call of a [`crate::store::Store`] method (all but `path` and `healthy`),
        /// plus [`Request::Hello`].
        #[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
        pub enum Request {
            /// Who am I to the service, and which protocol does it speak? Answered by the
            /// service itself: [`Answer::Hello`].
            Hello,
            $(
                #[doc = concat!(
                    "[`Store::", stringify!($method), "`](crate::store::Store::", stringify!($method), ")."
                )]
                $request $( ($one_ty) )? $( { $($field: $field_ty),* } )?,
            )*
        }

        impl Request {
            /// The method's name, for log lines (never the arguments).
            pub fn name(&self) -> &'static str {
                match self {
                    Request::Hello => "hello",
                    $(Request::$request { .. } => stringify!($method),)*
                }
            }

            /// May the client send it again when the connection broke after it was sent
            /// (the service may or may not have carried it out)? Only for requests that
            /// change nothing (`read` and `status` calls); a write is resent only when
            /// sending it failed.
            pub fn is_read_only(&self) -> bool {
                match self {
                    Request::Hello => true,
                    $(Request::$request { .. } => crate::store::surface::is_read_only!($kind),)*
                }
            }
        }
    };
}

crate::store::surface::store_surface!(requests);

/// The value a request produced: a few shapes that calls share. The store's surface
/// declaration (store/surface.rs) names the one that carries each call's value; a new
/// shape goes at the end (the encoding is by place).
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
    ReportInput(Box<ReportInput>),
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
pub(crate) mod wire;

pub use error::{FrameError, IoKind, WireError};
pub use frame::{
    FrameEncodeError, ReadError, decode_body, frame, is_disconnect, parse_header, read_frame,
    read_frame_with, send_all,
};
