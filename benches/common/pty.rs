//! The release binary in a pseudo-terminal, read by a vt100 parser on a reader thread
//! that notes when the first full frame appears and when the app last wrote. Cursor
//! position queries are answered as xterm or TeraTerm would (see tests/pty.rs).

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub const CTRL_Q: &[u8] = b"\x11";
pub const CTRL_U: &[u8] = b"\x15";
const DSR_CURSOR: &[u8] = b"\x1b[6n";

/// Is this screen the first full frame? The tab line and the hint line of the search tab.
pub fn full_frame(s: &vt100::Screen) -> bool {
    let (rows, cols) = s.size();
    let mut it = s.rows(0, cols);
    let top = it.next().unwrap_or_default();
    let bottom = s.rows(0, cols).nth(rows as usize - 1).unwrap_or_default();
    top.contains("*検索*") && bottom.contains("Ctrl-Q")
}

struct Shared {
    parser: vt100::Parser,
    bytes: usize,
    last_output: Option<Instant>,
    first_frame: Option<Instant>,
    eof: bool,
}

fn lock(s: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    s.lock().unwrap_or_else(|p| p.into_inner())
}

pub struct Session {
    _master: Box<dyn MasterPty + Send>,
    writer: File,
    child: Box<dyn Child + Send + Sync>,
    shared: Arc<Mutex<Shared>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    pub spawned: Instant,
}

fn dup_cloexec(fd: i32) -> File {
    // SAFETY: F_DUPFD_CLOEXEC on a descriptor we own; the new one is owned by the File.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    assert!(new >= 0, "dup: {}", std::io::Error::last_os_error());
    // SAFETY: `new` is a fresh descriptor nobody else owns.
    unsafe { File::from_raw_fd(new) }
}

impl Session {
    /// Start `bin` with `args` at cols x rows, TERM=xterm-256color, no TSUNAGU_* from the
    /// environment, config and XDG data under `home`.
    pub fn start(bin: &Path, cols: u16, rows: u16, args: &[&str], home: &Path) -> Session {
        let size = PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = native_pty_system().openpty(size).expect("openpty");
        let mut cmd = CommandBuilder::new(bin);
        for a in args {
            cmd.arg(a);
        }
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
        let fd = pair.master.as_raw_fd().expect("master fd");
        let writer = dup_cloexec(fd);
        let mut reader = dup_cloexec(fd);
        let mut replies = dup_cloexec(fd);
        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new(rows, cols, 0),
            bytes: 0,
            last_output: None,
            first_frame: None,
            eof: false,
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let reader = {
            let shared = Arc::clone(&shared);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut buf = vec![0u8; 64 * 1024];
                let mut carry: Vec<u8> = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let mut p = libc::pollfd {
                        fd: reader.as_raw_fd(),
                        events: libc::POLLIN,
                        revents: 0,
                    };
                    // SAFETY: one valid pollfd; a timeout, so `stop` is seen.
                    if unsafe { libc::poll(&mut p, 1, 5) } <= 0 {
                        continue;
                    }
                    let n = match reader.read(&mut buf) {
                        Ok(0) | Err(_) => {
                            lock(&shared).eof = true;
                            break;
                        }
                        Ok(n) => n,
                    };
                    let now = Instant::now();
                    let mut s = lock(&shared);
                    s.bytes += n;
                    s.last_output = Some(now);
                    carry.extend_from_slice(&buf[..n]);
                    // Answer cursor position queries at the position where each was asked.
                    let mut done = 0;
                    while let Some(at) = carry[done..]
                        .windows(DSR_CURSOR.len())
                        .position(|w| w == DSR_CURSOR)
                    {
                        let end = done + at + DSR_CURSOR.len();
                        s.parser.process(&carry[done..end]);
                        let (r, c) = s.parser.screen().cursor_position();
                        let _ = replies.write_all(format!("\x1b[{};{}R", r + 1, c + 1).as_bytes());
                        done = end;
                    }
                    let mut keep = carry.len();
                    for k in (1..DSR_CURSOR.len()).rev() {
                        if carry.len() - done >= k && carry.ends_with(&DSR_CURSOR[..k]) {
                            keep = carry.len() - k;
                            break;
                        }
                    }
                    let (a, b) = (done, keep);
                    s.parser.process(&carry[a..b]);
                    carry.drain(..keep);
                    if s.first_frame.is_none() && full_frame(s.parser.screen()) {
                        s.first_frame = Some(now);
                    }
                }
            })
        };
        let spawned = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("spawn tsunagu");
        drop(pair.slave);
        Session {
            _master: pair.master,
            writer,
            child,
            shared,
            stop,
            reader: Some(reader),
            spawned,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    pub fn bytes(&self) -> usize {
        lock(&self.shared).bytes
    }

    pub fn screen_text(&self) -> String {
        let s = lock(&self.shared);
        let scr = s.parser.screen();
        scr.rows(0, scr.size().1).collect::<Vec<_>>().join("\n")
    }

    /// Time from spawn to the first full frame; panics after `limit`.
    pub fn wait_first_frame(&mut self, limit: Duration) -> Duration {
        let start = Instant::now();
        loop {
            if let Some(t) = lock(&self.shared).first_frame {
                return t - self.spawned;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "tsunagu exited ({status:?}) before its first frame:\n{}",
                    self.screen_text()
                );
            }
            assert!(
                start.elapsed() < limit,
                "no full frame after {limit:?}:\n{}",
                self.screen_text()
            );
            std::thread::sleep(Duration::from_micros(500));
        }
    }

    /// Wait until the app has written nothing for `quiet` (at most `limit`); returns the
    /// time of its last output, if any.
    pub fn wait_quiet(&self, quiet: Duration, limit: Duration) -> Option<Instant> {
        self.wait_quiet_after(None, quiet, limit)
    }

    /// Like [`Session::wait_quiet`], but first for some output after `after` (a key sent
    /// then): the time of the last byte of the app's answer, None when none came within
    /// `limit`.
    pub fn wait_quiet_after(
        &self,
        after: Option<Instant>,
        quiet: Duration,
        limit: Duration,
    ) -> Option<Instant> {
        let start = Instant::now();
        loop {
            let last = lock(&self.shared).last_output;
            let answered = match after {
                None => true,
                Some(a) => last.is_some_and(|t| t > a),
            };
            if answered {
                let since = last.map(|t| t.elapsed()).unwrap_or(start.elapsed());
                if since >= quiet {
                    return last;
                }
            }
            if start.elapsed() >= limit {
                return if answered { last } else { None };
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    /// Ctrl-Q, then wait for the exit (5 s at most).
    pub fn quit(mut self) {
        self.send(CTRL_Q);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("tsunagu still running 5 s after Ctrl-Q");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.stop.store(true, Ordering::Relaxed);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}
