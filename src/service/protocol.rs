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
//! Errors travel as [`WireError`], which mirrors [`StoreError`] without paths: what the
//! store's errors say (kinds, case numbers, fixed messages) and never record content.

use crate::domain::{Case, Draft, Handoff, HandoffStatus, MeetingRecord};
use crate::store::codec;
use crate::store::{AuditEntry, AuditFilter, RecordCounts, Replica, StoreError};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io::{self, ErrorKind, Read};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// The first four bytes of every frame.
pub const MAGIC: [u8; 4] = *b"TSNG";
/// The protocol this build speaks. Bump when [`Request`], [`Response`] or the framing
/// changes shape.
pub const PROTOCOL_VERSION: u8 = 2;
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
    AllocateCaseSeq {
        fiscal_year: i32,
    },
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
}

impl Request {
    /// The method's name, for log lines (never the arguments).
    pub fn name(&self) -> &'static str {
        match self {
            Request::Hello => "hello",
            Request::Replica => "replica",
            Request::ReplaceReplica(_) => "replace_replica",
            Request::FlushDurable => "flush_durable",
            Request::AllocateCaseSeq { .. } => "allocate_case_seq",
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
}

/// One answer per request.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum Response {
    Ok(Answer),
    Err(WireError),
}

/// What was wrong with a frame. Says nothing about its content.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameError {
    /// The first four bytes are not [`MAGIC`]: not a tsunagu client.
    BadMagic,
    /// Another protocol version.
    Version { found: u8, supported: u8 },
    /// The length header is over the cap.
    TooLarge { len: u64, max: u64 },
    /// The body does not decode as a message of this protocol.
    Malformed,
    /// The frame did not arrive completely within the frame timeout.
    Incomplete,
}

impl FrameError {
    /// A fixed description for logs and messages.
    pub fn describe(&self) -> String {
        match self {
            FrameError::BadMagic => "not a tsunagu frame (bad magic)".into(),
            FrameError::Version { found, supported } => {
                format!("protocol version {found}, the service speaks {supported}")
            }
            FrameError::TooLarge { len, max } => format!("frame of {len} bytes, at most {max}"),
            FrameError::Malformed => "malformed frame (the body does not decode)".into(),
            FrameError::Incomplete => "incomplete frame (timed out)".into(),
        }
    }
}

/// [`std::io::ErrorKind`] on the wire (the kinds a store reports; others are `Other`).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoKind {
    NotFound,
    PermissionDenied,
    AlreadyExists,
    InvalidInput,
    InvalidData,
    TimedOut,
    Interrupted,
    UnexpectedEof,
    StorageFull,
    ReadOnlyFilesystem,
    OutOfMemory,
    Unsupported,
    Other,
}

impl IoKind {
    pub fn from_kind(kind: ErrorKind) -> IoKind {
        match kind {
            ErrorKind::NotFound => IoKind::NotFound,
            ErrorKind::PermissionDenied => IoKind::PermissionDenied,
            ErrorKind::AlreadyExists => IoKind::AlreadyExists,
            ErrorKind::InvalidInput => IoKind::InvalidInput,
            ErrorKind::InvalidData => IoKind::InvalidData,
            ErrorKind::TimedOut => IoKind::TimedOut,
            ErrorKind::Interrupted => IoKind::Interrupted,
            ErrorKind::UnexpectedEof => IoKind::UnexpectedEof,
            ErrorKind::StorageFull => IoKind::StorageFull,
            ErrorKind::ReadOnlyFilesystem => IoKind::ReadOnlyFilesystem,
            ErrorKind::OutOfMemory => IoKind::OutOfMemory,
            ErrorKind::Unsupported => IoKind::Unsupported,
            _ => IoKind::Other,
        }
    }

    pub fn kind(self) -> ErrorKind {
        match self {
            IoKind::NotFound => ErrorKind::NotFound,
            IoKind::PermissionDenied => ErrorKind::PermissionDenied,
            IoKind::AlreadyExists => ErrorKind::AlreadyExists,
            IoKind::InvalidInput => ErrorKind::InvalidInput,
            IoKind::InvalidData => ErrorKind::InvalidData,
            IoKind::TimedOut => ErrorKind::TimedOut,
            IoKind::Interrupted => ErrorKind::Interrupted,
            IoKind::UnexpectedEof => ErrorKind::UnexpectedEof,
            IoKind::StorageFull => ErrorKind::StorageFull,
            IoKind::ReadOnlyFilesystem => ErrorKind::ReadOnlyFilesystem,
            IoKind::OutOfMemory => ErrorKind::OutOfMemory,
            IoKind::Unsupported => ErrorKind::Unsupported,
            IoKind::Other => ErrorKind::Other,
        }
    }
}

/// A [`StoreError`] on the wire, without the service's paths, or a failure of the
/// service itself. Holds only what store errors hold: kinds, key names, case numbers and
/// fixed messages (DESIGN.md Privacy), never record content.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum WireError {
    Locked,
    Io {
        kind: IoKind,
        message: String,
    },
    Backend {
        message: String,
    },
    Corrupt {
        what: String,
        message: String,
    },
    NotFound {
        what: String,
        key: String,
    },
    InvalidKey {
        what: String,
    },
    /// The caller's role does not allow it; `what` is the operation's fixed label.
    Denied {
        what: String,
    },
    /// The service's own store is out of reach.
    Unavailable {
        message: String,
    },
    /// A message a store wrapper (such as the policy layer) gave as a service error.
    Service {
        message: String,
    },
    /// Any other store error, by its (content-free) display text.
    Other {
        message: String,
    },
    /// The request frame was refused; the service closes the connection.
    Frame(FrameError),
    /// The request failed inside the service (a panic, caught); the service goes on.
    Internal,
    /// The service has as many connections as it takes; try again later.
    Busy,
    /// The answer would be larger than [`MAX_ANSWER`].
    AnswerTooLarge {
        len: u64,
        max: u64,
    },
}

impl WireError {
    /// The store's error for the wire (its paths stay in the service).
    pub fn from_store(e: &StoreError) -> WireError {
        match e {
            StoreError::Locked { .. } => WireError::Locked,
            StoreError::Io { source, .. } => WireError::Io {
                kind: IoKind::from_kind(source.kind()),
                message: source.to_string(),
            },
            StoreError::Backend { message, .. } => WireError::Backend {
                message: message.clone(),
            },
            StoreError::Corrupt { what, message, .. } => WireError::Corrupt {
                what: (*what).to_string(),
                message: message.clone(),
            },
            StoreError::NotFound { what, key, .. } => WireError::NotFound {
                what: (*what).to_string(),
                key: key.clone(),
            },
            StoreError::InvalidKey { what, .. } => WireError::InvalidKey {
                what: (*what).to_string(),
            },
            StoreError::Denied { what } => WireError::Denied {
                what: (*what).to_string(),
            },
            StoreError::Unavailable { source, .. } => WireError::Unavailable {
                message: source.to_string(),
            },
            StoreError::Service { message, .. } => WireError::Service {
                message: message.clone(),
            },
            // Variants added later (the policy layer's) keep their display text; give
            // them their own arm to keep their type across the wire.
            #[allow(unreachable_patterns)]
            other => WireError::Other {
                message: other.to_string(),
            },
        }
    }

    /// The error a client reports; `path` is the service's socket.
    pub fn into_store(self, path: &Path) -> StoreError {
        let path = path.to_path_buf();
        match self {
            WireError::Locked => StoreError::Locked { path },
            WireError::Io { kind, message } => StoreError::Io {
                path,
                source: io::Error::new(kind.kind(), message),
            },
            WireError::Backend { message } => StoreError::Backend { path, message },
            WireError::Corrupt { what, message } => StoreError::Corrupt {
                path,
                what: known_what(&what),
                message,
            },
            WireError::NotFound { what, key } => StoreError::NotFound {
                path,
                what: known_what(&what),
                key,
            },
            WireError::InvalidKey { what } => StoreError::InvalidKey {
                path,
                what: known_what(&what),
            },
            WireError::Denied { what } => StoreError::Denied {
                what: denied_label(&what),
            },
            WireError::Unavailable { message } => StoreError::Service {
                path,
                message: format!("the service cannot use its store: {message}"),
            },
            WireError::Service { message } | WireError::Other { message } => {
                StoreError::Service { path, message }
            }
            WireError::Frame(f) => StoreError::Service {
                path,
                message: f.describe(),
            },
            WireError::Internal => StoreError::Service {
                path,
                message: "internal error in the service (logged there)".into(),
            },
            WireError::Busy => StoreError::Service {
                path,
                message: "the service is busy (too many connections)".into(),
            },
            WireError::AnswerTooLarge { len, max } => StoreError::Service {
                path,
                message: format!("the answer is too large ({len} bytes, at most {max})"),
            },
        }
    }
}

/// The names stores give their records in errors; anything else reads "record".
const WHATS: &[&str] = &[
    "case",
    "case number",
    "case date index",
    "counter",
    "draft",
    "draft key",
    "hand-off",
    "meeting",
    "meeting id",
    "meeting date",
    "meeting date index",
    "meeting case index",
    "received date",
    "replica",
    "section id",
    "audit",
    "audit entry",
    "audit sequence (exhausted)",
];

fn known_what(what: &str) -> &'static str {
    WHATS.iter().copied().find(|w| *w == what).unwrap_or("record")
}

/// The fixed label of a refused operation ([`crate::domain::Op::label_ja`]); anything
/// else reads 「この操作」.
fn denied_label(what: &str) -> &'static str {
    crate::domain::Op::ALL
        .iter()
        .map(|op| op.label_ja())
        .find(|l| *l == what)
        .unwrap_or("この操作")
}

/// A whole frame (header and body) for `msg`, if its body is at most `max` bytes.
pub fn frame<T: Serialize>(msg: &T, max: usize) -> Result<Vec<u8>, FrameEncodeError> {
    let body = codec::encode(msg).map_err(|_| FrameEncodeError::Encode)?;
    if body.len() > max {
        return Err(FrameEncodeError::TooLarge {
            len: body.len() as u64,
            max: max as u64,
        });
    }
    let len = u32::try_from(body.len()).map_err(|_| FrameEncodeError::TooLarge {
        len: body.len() as u64,
        max: max as u64,
    })?;
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&MAGIC);
    out.push(PROTOCOL_VERSION);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

/// Why a message could not become a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameEncodeError {
    Encode,
    TooLarge { len: u64, max: u64 },
}

/// Check a frame header; the body's length when it is acceptable.
pub fn parse_header(header: &[u8; HEADER_LEN], max: usize) -> Result<usize, FrameError> {
    if header[..4] != MAGIC {
        return Err(FrameError::BadMagic);
    }
    if header[4] != PROTOCOL_VERSION {
        return Err(FrameError::Version {
            found: header[4],
            supported: PROTOCOL_VERSION,
        });
    }
    let len = u32::from_be_bytes([header[5], header[6], header[7], header[8]]);
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    if len > max {
        return Err(FrameError::TooLarge {
            len: len as u64,
            max: max as u64,
        });
    }
    Ok(len)
}

/// Decode a frame body.
pub fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, FrameError> {
    codec::decode(body).map_err(|_| FrameError::Malformed)
}

/// Why no frame was read.
#[derive(Debug)]
pub enum ReadError {
    /// The peer closed the connection between frames.
    Closed,
    /// `keep_waiting` said stop before a frame began.
    Stopped,
    /// The peer closed the connection in the middle of a frame.
    Truncated,
    /// The header was refused (nothing after it was read).
    Frame(FrameError),
    /// A frame began but did not complete within the frame timeout.
    TimedOut,
    Io(io::Error),
}

/// Read one frame's body from `r`, whose read timeout is the polling tick.
///
/// Before the first byte arrives, every tick asks `keep_waiting` (false: give up with
/// [`ReadError::Stopped`]). Once a frame has begun, all of it must arrive within
/// `frame_timeout`. The header is checked before the body is read, so an oversized
/// length allocates nothing, and the body's buffer grows as its bytes arrive.
pub fn read_frame<R: Read>(
    r: &mut R,
    max: usize,
    frame_timeout: Duration,
    mut keep_waiting: impl FnMut() -> bool,
) -> Result<Vec<u8>, ReadError> {
    let mut header = [0u8; HEADER_LEN];
    // The first byte: wait as long as keep_waiting says.
    loop {
        match r.read(&mut header[..1]) {
            Ok(0) => return Err(ReadError::Closed),
            Ok(_) => break,
            Err(e) if is_tick(&e) => {
                if !keep_waiting() {
                    return Err(ReadError::Stopped);
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if is_disconnect(&e) => return Err(ReadError::Closed),
            Err(e) => return Err(ReadError::Io(e)),
        }
    }
    let deadline = Instant::now() + frame_timeout;
    read_full(r, &mut header[1..], deadline)?;
    let len = parse_header(&header, max).map_err(ReadError::Frame)?;
    // Grow with what arrives: a header alone cannot make the reader allocate `max`.
    let mut body = Vec::with_capacity(len.min(CHUNK));
    while body.len() < len {
        let start = body.len();
        body.resize(start + (len - start).min(CHUNK), 0);
        read_full(r, &mut body[start..], deadline)?;
    }
    Ok(body)
}

/// How much of a body is allocated ahead of the bytes that fill it.
const CHUNK: usize = 64 * 1024;

/// Fill `buf` before `deadline`.
fn read_full<R: Read>(r: &mut R, buf: &mut [u8], deadline: Instant) -> Result<(), ReadError> {
    let mut done = 0;
    while done < buf.len() {
        match r.read(&mut buf[done..]) {
            Ok(0) => return Err(ReadError::Truncated),
            Ok(n) => done += n,
            Err(e) if is_tick(&e) || e.kind() == ErrorKind::Interrupted => {}
            Err(e) if is_disconnect(&e) => return Err(ReadError::Truncated),
            Err(e) => return Err(ReadError::Io(e)),
        }
        if done < buf.len() && Instant::now() >= deadline {
            return Err(ReadError::TimedOut);
        }
    }
    Ok(())
}

/// Write all of `bytes` to `stream`. On Linux through send(MSG_NOSIGNAL), so a peer
/// that has gone away is an error (EPIPE) and never a SIGPIPE, whatever the process's
/// signal disposition.
pub fn send_all(stream: &UnixStream, bytes: &[u8]) -> io::Result<()> {
    let mut rest = bytes;
    while !rest.is_empty() {
        match send_some(stream, rest) {
            Ok(0) => return Err(io::Error::from(ErrorKind::WriteZero)),
            Ok(n) => rest = rest.get(n..).unwrap_or_default(),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn send_some(stream: &UnixStream, bytes: &[u8]) -> io::Result<usize> {
    use std::os::fd::AsRawFd;
    // SAFETY: `bytes` is valid for reads of its length for the duration of the call.
    let n = unsafe {
        libc::send(
            stream.as_raw_fd(),
            bytes.as_ptr().cast::<libc::c_void>(),
            bytes.len(),
            libc::MSG_NOSIGNAL,
        )
    };
    usize::try_from(n).map_err(|_| io::Error::last_os_error())
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn send_some(mut stream: &UnixStream, bytes: &[u8]) -> io::Result<usize> {
    use std::io::Write;
    stream.write(bytes)
}

/// A read timeout: the socket's tick, not an error.
fn is_tick(e: &io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// The other end is gone.
pub fn is_disconnect(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::BrokenPipe
            | ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::NotConnected
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_headers_are_checked() {
        let f = frame(
            &Request::Case {
                number: "R8-000001".into(),
            },
            MAX_FRAME,
        )
        .unwrap();
        assert_eq!(&f[..4], b"TSNG");
        assert_eq!(f[4], PROTOCOL_VERSION);
        let mut r = &f[..];
        let body = read_frame(&mut r, MAX_FRAME, Duration::from_secs(1), || false).unwrap();
        let back: Request = decode_body(&body).unwrap();
        assert_eq!(
            back,
            Request::Case {
                number: "R8-000001".into()
            }
        );
        // and then the stream is closed between frames
        assert!(matches!(
            read_frame(&mut r, MAX_FRAME, Duration::from_secs(1), || false),
            Err(ReadError::Closed)
        ));

        let mut bad = f.clone();
        bad[0] = b'X';
        assert!(matches!(
            read_frame(&mut &bad[..], MAX_FRAME, Duration::from_secs(1), || false),
            Err(ReadError::Frame(FrameError::BadMagic))
        ));
        let mut v = f.clone();
        v[4] = 99;
        assert!(matches!(
            read_frame(&mut &v[..], MAX_FRAME, Duration::from_secs(1), || false),
            Err(ReadError::Frame(FrameError::Version { found: 99, .. }))
        ));
        let mut huge = f[..HEADER_LEN].to_vec();
        huge[5..9].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(
            read_frame(&mut &huge[..], MAX_FRAME, Duration::from_secs(1), || false),
            Err(ReadError::Frame(FrameError::TooLarge { .. }))
        ));
        assert!(matches!(
            read_frame(&mut &f[..f.len() - 1], MAX_FRAME, Duration::from_secs(1), || {
                false
            }),
            Err(ReadError::Truncated)
        ));
        assert_eq!(
            decode_body::<Request>(&[codec::VERSION, 250, 1, 2]),
            Err(FrameError::Malformed)
        );
        // a body over several chunks
        let big = frame(
            &Request::Case {
                number: "九".repeat(100_000),
            },
            MAX_FRAME,
        )
        .unwrap();
        let body = read_frame(&mut &big[..], MAX_FRAME, Duration::from_secs(1), || false).unwrap();
        assert_eq!(body.len(), big.len() - HEADER_LEN);
        assert!(matches!(
            read_frame(
                &mut &big[..big.len() - 1],
                MAX_FRAME,
                Duration::from_secs(1),
                || false
            ),
            Err(ReadError::Truncated)
        ));
        assert!(matches!(
            frame(
                &Request::Case {
                    number: "x".repeat(100)
                },
                10
            ),
            Err(FrameEncodeError::TooLarge { .. })
        ));
    }

    #[test]
    fn store_errors_cross_without_paths() {
        let e = StoreError::NotFound {
            path: "/srv/tsunagu/store".into(),
            what: "case",
            key: "R8-000009".into(),
        };
        let w = WireError::from_store(&e);
        let bytes = codec::encode(&Response::Err(w.clone())).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("/srv"));
        match w.into_store(Path::new("/run/tsunagu/tsunagu.sock")) {
            StoreError::NotFound { what, key, path } => {
                assert_eq!((what, key.as_str()), ("case", "R8-000009"));
                assert_eq!(path, Path::new("/run/tsunagu/tsunagu.sock"));
            }
            other => panic!("{other:?}"),
        }
        let denied = WireError::from_store(&StoreError::Denied {
            what: crate::domain::Op::AuditEntries.label_ja(),
        });
        assert!(matches!(
            denied.into_store(Path::new("s")),
            StoreError::Denied { what } if what == crate::domain::Op::AuditEntries.label_ja()
        ));
        assert!(matches!(
            WireError::Denied { what: "x".into() }.into_store(Path::new("s")),
            StoreError::Denied { what: "この操作" }
        ));
        let unknown = WireError::InvalidKey {
            what: "made up".into(),
        };
        assert!(matches!(
            unknown.into_store(Path::new("s")),
            StoreError::InvalidKey { what: "record", .. }
        ));
    }
}
