//! The release binary in a pseudo-terminal, read by a vt100 parser on a reader thread
//! that notes when the first full frame appears and when the app last wrote. Cursor
//! position queries are answered as xterm or TeraTerm would. The plumbing is the one of
//! the end-to-end tests (tests/common/pty.rs, included here by path).

#[path = "../../tests/common/pty.rs"]
mod harness;

use harness::{answer_queries, dup_cloexec, end, hermetic, lock, size, spawn_reader};
use portable_pty::{Child, CommandBuilder, MasterPty, native_pty_system};
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub const CTRL_Q: &[u8] = b"\x11";
pub const CTRL_U: &[u8] = b"\x15";

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

pub struct Session {
    _master: Box<dyn MasterPty + Send>,
    writer: File,
    child: Box<dyn Child + Send + Sync>,
    shared: Arc<Mutex<Shared>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    pub spawned: Instant,
}

impl Session {
    /// Start `bin` with `args` at cols x rows, TERM=xterm-256color, no TSUNAGU_* from the
    /// environment, config and XDG data under `home`.
    pub fn start(bin: &Path, cols: u16, rows: u16, args: &[&str], home: &Path) -> Session {
        let pair = native_pty_system().openpty(size(cols, rows)).expect("openpty");
        let mut cmd = CommandBuilder::new(bin);
        for a in args {
            cmd.arg(a);
        }
        hermetic(&mut cmd, home);
        let fd = pair.master.as_raw_fd().expect("master fd");
        let writer = dup_cloexec(fd);
        let reader = dup_cloexec(fd);
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
            let at_eof = Arc::clone(&shared);
            let mut carry: Vec<u8> = Vec::new();
            spawn_reader(
                reader,
                Arc::clone(&stop),
                5,
                move |bytes| {
                    let now = Instant::now();
                    let mut s = lock(&shared);
                    s.bytes += bytes.len();
                    s.last_output = Some(now);
                    // Answer cursor position queries at the position where each was asked.
                    for reply in answer_queries(&mut s.parser, &mut carry, bytes) {
                        let _ = replies.write_all(reply.as_bytes());
                    }
                    if s.first_frame.is_none() && full_frame(s.parser.screen()) {
                        s.first_frame = Some(now);
                    }
                },
                move || lock(&at_eof).eof = true,
            )
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
        end(self.child.as_mut(), &self.stop, &mut self.reader);
    }
}
