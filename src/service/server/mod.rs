//! `tsunagu serve`: own the store, listen on a Unix socket, answer each connection on
//! its own thread through the store the [`StoreFactory`] made for that caller.
//!
//! - The socket's directory, when this creates it, is 0750; the socket is 0660, owned
//!   by the group given (`--group`), so only that group's members (the desks) connect.
//! - A stale socket (nothing listens) is replaced; a live one is left alone (error).
//! - Who calls comes from the kernel ([`peer::peer_identity`]), once per connection.
//! - Every request runs under `catch_unwind`: a panic answers [`WireError::Internal`]
//!   and the service goes on. A bad frame (magic, version, size, body, timeout) answers
//!   [`WireError::Frame`] and closes that connection only. A client that vanishes (even
//!   mid-frame) only ends its own thread.
//! - Log lines (stderr, for the journal) name the peer uid and the kind of problem,
//!   never frame content.
//! - SIGTERM or SIGINT: stop accepting, let every connection finish its request,
//!   remove the socket, return; the caller then flushes its store. A second signal exits
//!   at once.

mod connection;

use super::dispatch::{dispatch, log_store_error};
use super::limits::{Limits, Slot};
use super::peer::{self, PeerIdentity};
use super::protocol::{
    self, Answer, FrameEncodeError, FrameError, MAX_ANSWER, MAX_FRAME, PROTOCOL_VERSION, ReadError, Request,
    Response, WireError,
};
use crate::store::Store;
use connection::Connection;
use std::io::{self, ErrorKind, Write as _};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Makes the store one caller uses: the policy layer (roles, masking, audit) wrapped
/// around the shared store, for that caller. Called once per connection.
pub type StoreFactory = Arc<dyn Fn(PeerIdentity) -> Arc<dyn Store + Send + Sync> + Send + Sync>;

/// How often blocked reads and the accept loop look at the stop flag.
const TICK: Duration = Duration::from_millis(200);
/// Once a frame has begun, all of it must arrive within this.
pub const FRAME_TIMEOUT: Duration = Duration::from_secs(10);
/// A client that does not read its answer for this long is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once; more are answered [`WireError::Busy`].
pub const MAX_CONNECTIONS: usize = 256;
/// A connection with no request for this long is closed (a desk polls every 500 ms;
/// its client reconnects when it needs the service again).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// How long a stop waits for connections to finish their requests.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Socket permissions: owner and group read and write.
const SOCKET_MODE: u32 = 0o660;
/// Directory permissions when this creates it.
const DIR_MODE: u32 = 0o750;

/// Set by [`silence_logs`]: nothing is written to stderr.
static SILENT: AtomicBool = AtomicBool::new(false);

/// No more log lines from this process: a desk that serves its own user
/// ([`super::desk`]) draws on the terminal that is its stderr.
pub fn silence_logs() {
    SILENT.store(true, Ordering::SeqCst);
}

/// One line on stderr for the journal. Never frame content.
pub(super) fn log(line: std::fmt::Arguments<'_>) {
    if SILENT.load(Ordering::Relaxed) {
        return;
    }
    let _ = writeln!(io::stderr(), "tsunagu serve: {line}");
}

/// Serve `socket` until SIGTERM or SIGINT (SIGHUP is the caller's: `tsunagu serve`
/// reloads its seed). `group`: the group (name or number)
/// whose members may connect. Returns after every connection has finished (or the grace
/// period passed) and the socket is removed; flush the store after it.
///
/// Replaces the process's panic hook with one that prints only the location: a panic
/// message can hold record content (DESIGN.md Privacy).
pub fn serve(socket: &Path, group: Option<&str>, factory: StoreFactory) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        // The first signal sets the flag; a second one, with the flag set, exits.
        signal_hook::flag::register_conditional_shutdown(sig, 1, Arc::clone(&stop))?;
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "?".into());
        log(format_args!("internal error at {at} (details withheld)"));
    }));
    let listener = bind(socket, group)?;
    log(format_args!(
        "listening on {} (protocol {PROTOCOL_VERSION})",
        socket.display()
    ));
    let result = listener.run(factory, stop);
    log(format_args!("stopped"));
    result
}

/// A bound socket, not yet serving.
pub struct Listener {
    listener: UnixListener,
    path: PathBuf,
    /// (device, inode) of the socket this bound, so only it is removed at the end.
    id: (u64, u64),
    frame_timeout: Duration,
    idle_timeout: Duration,
    max_connections: usize,
    limits: Limits,
    /// Serve only this uid (a desk serving its own user); others are refused at once.
    only_uid: Option<u32>,
}

/// Bind `socket`: create its directory (0750) if missing, replace a stale socket, set
/// the socket to 0660 and, with `group`, give it (and a directory created here) to
/// that group.
pub fn bind(socket: &Path, group: Option<&str>) -> io::Result<Listener> {
    let gid = group.map(peer::group_id).transpose()?;
    let dir = socket
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if std::fs::symlink_metadata(dir).is_err() {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(DIR_MODE)
            .create(dir)?;
        if let Some(gid) = gid {
            std::os::unix::fs::chown(dir, None, Some(gid))?;
        }
        // The process umask may have taken the group's bits away.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(DIR_MODE))?;
    }
    remove_if_stale(socket)?;
    let listener = UnixListener::bind(socket)?;
    // Group first, then the mode: the group never has access before it is the right one.
    if let Some(gid) = gid {
        std::os::unix::fs::chown(socket, None, Some(gid))?;
    }
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(SOCKET_MODE))?;
    let meta = std::fs::symlink_metadata(socket)?;
    Ok(Listener {
        listener,
        path: socket.to_path_buf(),
        id: (meta.dev(), meta.ino()),
        frame_timeout: FRAME_TIMEOUT,
        idle_timeout: IDLE_TIMEOUT,
        max_connections: MAX_CONNECTIONS,
        limits: Limits::default(),
        only_uid: None,
    })
}

/// Remove `socket` if it is a socket nobody listens on. A live socket or another kind
/// of file is an error, and stays.
fn remove_if_stale(socket: &Path) -> io::Result<()> {
    let meta = match std::fs::symlink_metadata(socket) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if !meta.file_type().is_socket() {
        return Err(io::Error::new(
            ErrorKind::AlreadyExists,
            format!(
                "{} exists and is not a socket; not replacing it",
                socket.display()
            ),
        ));
    }
    match UnixStream::connect(socket) {
        Ok(_) => Err(io::Error::new(
            ErrorKind::AddrInUse,
            format!("another tsunagu serve already listens on {}", socket.display()),
        )),
        Err(e) if e.kind() == ErrorKind::ConnectionRefused => std::fs::remove_file(socket),
        Err(e) => Err(e),
    }
}

impl Listener {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Change how long a begun frame may take to arrive (default [`FRAME_TIMEOUT`]).
    pub fn with_frame_timeout(mut self, timeout: Duration) -> Listener {
        self.frame_timeout = timeout;
        self
    }

    /// Change how long a connection may stay without a request (default
    /// [`IDLE_TIMEOUT`]).
    pub fn with_idle_timeout(mut self, timeout: Duration) -> Listener {
        self.idle_timeout = timeout;
        self
    }

    /// Change the per-uid and total caps (default [`Limits::default`]).
    pub fn with_limits(mut self, limits: Limits) -> Listener {
        self.limits = limits;
        self
    }

    /// Serve only callers whose uid (from the kernel) is `uid`; any other connection is
    /// answered [`OTHER_USER`] and closed before a store is made for it.
    pub fn with_only_uid(mut self, uid: u32) -> Listener {
        self.only_uid = Some(uid);
        self
    }

    /// Change how many connections are served at once (default [`MAX_CONNECTIONS`]).
    pub fn with_max_connections(mut self, n: usize) -> Listener {
        self.max_connections = n;
        self
    }

    /// Serve until `stop` becomes true; then wait for the connections (at most
    /// `SHUTDOWN_GRACE`) and remove the socket.
    /// An error also when a request left the store unhealthy ([`Store::healthy`]: sled
    /// after an I/O error refuses everything until reopened): the service then stops,
    /// and `tsunagu serve` exits non-zero so its supervisor (systemd's
    /// Restart=on-failure) starts it again.
    pub fn run(self, factory: StoreFactory, stop: Arc<AtomicBool>) -> io::Result<()> {
        let failed = Arc::new(AtomicBool::new(false));
        let result = self.accept_loop(&factory, &stop, &failed);
        stop.store(true, Ordering::SeqCst);
        self.remove_socket();
        result?;
        if failed.load(Ordering::SeqCst) {
            return Err(io::Error::other(
                "the store failed (an I/O error, e.g. a full disk); stopping so the service is restarted",
            ));
        }
        Ok(())
    }

    fn accept_loop(
        &self,
        factory: &StoreFactory,
        stop: &Arc<AtomicBool>,
        failed: &Arc<AtomicBool>,
    ) -> io::Result<()> {
        self.listener.set_nonblocking(true)?;
        let mut workers: Vec<JoinHandle<()>> = Vec::new();
        while !stop.load(Ordering::SeqCst) {
            workers.retain(|w| !w.is_finished());
            wait_readable(&self.listener, TICK);
            let stream = match self.listener.accept() {
                Ok((stream, _)) => stream,
                Err(e)
                    if matches!(
                        e.kind(),
                        ErrorKind::WouldBlock | ErrorKind::Interrupted | ErrorKind::ConnectionAborted
                    ) =>
                {
                    continue;
                }
                Err(e) => {
                    // EMFILE and the like: wait for connections to end.
                    log(format_args!("accept failed: {}", e.kind()));
                    std::thread::sleep(TICK);
                    continue;
                }
            };
            if workers.len() >= self.max_connections {
                refuse_busy(&stream, "too many connections");
                continue;
            }
            let peer = match peer::peer_identity(&stream) {
                Ok(p) => p,
                Err(e) => {
                    log(format_args!("connection without peer credentials: {}", e.kind()));
                    continue;
                }
            };
            if self.only_uid.is_some_and(|uid| uid != peer.uid) {
                refuse(
                    &stream,
                    WireError::Service {
                        message: OTHER_USER.into(),
                    },
                    &format!("uid {} is not the owner", peer.uid),
                );
                continue;
            }
            // One uid cannot take every connection (M1).
            let Some(slot) = self.limits.connect(peer.uid) else {
                refuse_busy(
                    &stream,
                    &format!("uid {} holds its share of connections", peer.uid),
                );
                continue;
            };
            let conn = Connection {
                stream,
                peer,
                slot,
                factory: Arc::clone(factory),
                stop: Arc::clone(stop),
                failed: Arc::clone(failed),
                frame_timeout: self.frame_timeout,
                idle_timeout: self.idle_timeout,
            };
            match std::thread::Builder::new()
                .name("tsunagu-conn".into())
                .spawn(move || conn.serve())
            {
                Ok(w) => workers.push(w),
                Err(e) => log(format_args!("cannot start a connection thread: {}", e.kind())),
            }
        }
        let deadline = Instant::now() + SHUTDOWN_GRACE;
        for w in workers {
            while !w.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            if w.is_finished() {
                let _ = w.join();
            }
        }
        Ok(())
    }

    /// Remove the socket if it is still the one this bound.
    fn remove_socket(&self) {
        if let Ok(meta) = std::fs::symlink_metadata(&self.path)
            && (meta.dev(), meta.ino()) == self.id
        {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Wait until the listener has a connection to accept, or `timeout`.
fn wait_readable(listener: &UnixListener, timeout: Duration) {
    let mut fd = libc::pollfd {
        fd: listener.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd, count 1. Errors (EINTR) just end the wait early.
    unsafe {
        libc::poll(&mut fd, 1, ms);
    }
}

/// Tell a connection over the limit to come back later (`why`: for the log).
fn refuse_busy(stream: &UnixStream, why: &str) {
    refuse(stream, WireError::Busy, why);
}

/// What a caller other than the owner is told by a listener for one uid.
pub const OTHER_USER: &str = "this socket serves its owner only";

/// Answer `error` to a connection that is not served, and log `why`.
fn refuse(stream: &UnixStream, error: WireError, why: &str) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
    if let Ok(bytes) = protocol::frame(&Response::Err(error), MAX_ANSWER) {
        let _ = protocol::send_all(stream, &bytes);
    }
    log(format_args!("refused a connection: {why}"));
}
