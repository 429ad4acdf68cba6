//! The pseudo-terminal plumbing of the end-to-end tests (their session is in
//! tests/common/session.rs) and of the TUI bench (benches/common/pty.rs, which includes
//! this file by path): the binary's hermetic environment, duplicates of the master
//! descriptor, the thread that reads it, answers to cursor position queries, and the end
//! of a session. Each caller keeps its own session type with what it records of the
//! output.

use portable_pty::{Child, CommandBuilder, PtySize};
use std::fs::File;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// The shared output, even after a panic elsewhere (a failed assertion in one thread
/// must not turn into a second panic in another).
pub fn lock<T>(out: &Mutex<T>) -> MutexGuard<'_, T> {
    out.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A duplicate of `fd` that is not inherited by children spawned later (tests run in
/// parallel: an inherited master would keep another test's pty from hanging up).
pub fn dup_cloexec(fd: i32) -> File {
    // SAFETY: F_DUPFD_CLOEXEC on a descriptor we own; the new one is owned by the File.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    assert!(new >= 0, "dup: {}", std::io::Error::last_os_error());
    // SAFETY: `new` is a fresh descriptor nobody else owns.
    unsafe { File::from_raw_fd(new) }
}

/// The cursor position report query (DSR 6). ratatui 0.30's `Terminal::clear` sends it
/// and fails if no answer comes within 2 s. Answered like xterm or TeraTerm would, unless
/// a test asks otherwise.
pub const DSR_CURSOR: &[u8] = b"\x1b[6n";

/// Feed `bytes` to the parser and answer each cursor position query in them, as xterm or
/// TeraTerm would, with the cursor position at that point. A query split across reads is
/// kept in `carry` until its end arrives.
pub fn answer_queries(parser: &mut vt100::Parser, carry: &mut Vec<u8>, bytes: &[u8]) -> Vec<String> {
    carry.extend_from_slice(bytes);
    let mut replies = Vec::new();
    let mut done = 0;
    while let Some(at) = carry[done..]
        .windows(DSR_CURSOR.len())
        .position(|w| w == DSR_CURSOR)
    {
        let end = done + at + DSR_CURSOR.len();
        parser.process(&carry[done..end]);
        let (row, col) = parser.screen().cursor_position();
        replies.push(format!("\x1b[{};{}R", row + 1, col + 1));
        done = end;
    }
    // Keep back a tail that could be the start of a query.
    let mut keep = carry.len();
    for k in (1..DSR_CURSOR.len()).rev() {
        if carry.len() - done >= k && carry.ends_with(&DSR_CURSOR[..k]) {
            keep = carry.len() - k;
            break;
        }
    }
    parser.process(&carry[done..keep]);
    carry.drain(..keep);
    replies
}

pub fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// Run in `home` with TERM=xterm-256color. Hermetic: no seed, data, language, keymap or
/// desk from the environment, and no user keymap overlay from the developer's config
/// folder (config and XDG data under `home`).
pub fn hermetic(cmd: &mut CommandBuilder, home: &Path) {
    cmd.cwd(home);
    cmd.env("TERM", "xterm-256color");
    for var in [
        "TSUNAGU_SEED",
        "TSUNAGU_DATA",
        "TSUNAGU_LANG",
        "TSUNAGU_KEYMAP",
        "TSUNAGU_DESK",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("XDG_DATA_HOME", home.join("xdg-data"));
}

/// Read `reader` (a duplicate of the master) on a thread until end of file (EIO once the
/// slave is closed everywhere) or until `stop` is set, which is looked at every
/// `poll_ms`: `on_output` gets each read, `on_eof` is called at end of file.
pub fn spawn_reader(
    mut reader: File,
    stop: Arc<AtomicBool>,
    poll_ms: i32,
    mut on_output: impl FnMut(&[u8]) + Send + 'static,
    on_eof: impl FnOnce() + Send + 'static,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        while !stop.load(Ordering::Relaxed) {
            let mut p = libc::pollfd {
                fd: reader.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd. A timeout, so `stop` is seen.
            let n = unsafe { libc::poll(&mut p, 1, poll_ms) };
            if n <= 0 {
                continue;
            }
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => {
                    on_eof();
                    break;
                }
                Ok(n) => on_output(&buf[..n]),
            }
        }
    })
}

/// The end of a session (its Drop): kill the child if it is still running, then stop the
/// reader thread and wait for it.
pub fn end(child: &mut (dyn Child + Send + Sync), stop: &AtomicBool, reader: &mut Option<JoinHandle<()>>) {
    if let Ok(None) = child.try_wait() {
        let _ = child.kill();
        let _ = child.wait();
    }
    stop.store(true, Ordering::Relaxed);
    if let Some(r) = reader.take() {
        let _ = r.join();
    }
}
