//! [`RemoteStore`]: the [`Store`] of a `tsunagu serve` over its Unix socket.
//!
//! One connection, used by one call at a time (a Mutex). When the service has gone
//! away since the last call (restarted), sending fails and the call reconnects once and
//! sends again; when the connection breaks after a request was sent, only a read-only
//! request is sent again (a write may have been carried out).

mod conn;

use super::protocol::wire::{self, ToWire};
use super::protocol::{self, Answer, FrameEncodeError, MAX_FRAME, ReadError, Request, Response, WireError};
use crate::store::surface::types::*;
use crate::store::{Store, StoreError};
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
}

/// Makes `impl Store for RemoteStore` from the store's surface declaration
/// (store/surface.rs): each method sends its request with its arguments and takes its
/// value out of the declared answer; any other answer is an error (another protocol?).
macro_rules! remote_calls {
    ($([
        $kind:ident $method:ident $self:ident ($($arg:ident: $arg_ty:ty),*) $args:tt ($ret:ty)
        $request:ident ($( ($one:ident: $one_ty:ty) )? $( { $($field:ident: $field_ty:ty),* } )?)
        $answer:ident $op:tt $docs:tt $default:tt
    ])*) => {
        impl Store for RemoteStore {
            /// The service's socket.
            fn path(&self) -> &Path {
                &self.path
            }

            $(
                fn $method(&$self $(, $arg: $arg_ty)*) -> Result<$ret, StoreError> {
                    // An argument the request does not carry (`= LOCAL`) stays here.
                    $(let _ = &$arg;)*
                    let request = Request::$request
                        $( (ToWire::to_wire($one)) )?
                        $( { $($field: ToWire::to_wire($field)),* } )?;
                    let answer = $self.call(&request)?;
                    wire::value_of!(answer, $answer).ok_or_else(|| $self.unexpected(&request))
                }
            )*
        }
    };
}

crate::store::surface::store_surface!(remote_calls);
