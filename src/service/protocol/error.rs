//! Errors on the wire: what was wrong with a frame, and [`WireError`], the store's errors
//! without paths or record content.

use crate::store::StoreError;
use serde::{Deserialize, Serialize};
use std::io::{self, ErrorKind};
use std::path::Path;

/// What was wrong with a frame. Says nothing about its content.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameError {
    /// The first four bytes are not [`MAGIC`](super::MAGIC): not a tsunagu client.
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
    /// The answer would be larger than [`MAX_ANSWER`](super::MAX_ANSWER).
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
