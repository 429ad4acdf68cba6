//! One run of the real `tsunagu` binary in a pseudo-terminal, for the end-to-end tests
//! (tests/pty/pty_search.rs, tests/pty/pty_session.rs, tests/pty/pty_flow.rs: keys, IME text,
//! bracketed paste, resize, hang-up, and the bytes the app writes to the terminal, read
//! back through a vt100 parser; DESIGN.md, "Tests and measurements"; risks 4, 5, 7, 8),
//! with the keys they send and the steps and checks several of them share.
//!
//! Each session runs the binary with its own data folder, `TERM=xterm-256color` and the
//! built-in seed. A background thread reads the pty into a shared vt100 parser (and keeps
//! every raw byte); the test waits for what the screen shows, with bounded timeouts, so a
//! hang fails instead of blocking CI.
//!
//! Writing and reading go through our own duplicates of the master descriptor rather than
//! portable-pty's writer and reader: its writer sends "\n" + VEOF (Enter, Ctrl-D) to the
//! app when dropped, and a blocked reader would keep the master open, so a hang-up could
//! not be simulated. That plumbing is in tests/common/pty.rs, shared with the TUI bench.

use super::pty::{answer_queries, dup_cloexec, end, hermetic, lock, size, spawn_reader};
use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, native_pty_system};
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Longest wait for anything the app should do promptly.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How often the screen is looked at while waiting.
pub const POLL: Duration = Duration::from_millis(20);

pub const CTRL_Q: &[u8] = b"\x11";
pub const CTRL_U: &[u8] = b"\x15";
pub const ENTER: &[u8] = b"\r";
pub const ESC: &[u8] = b"\x1b";
pub const F1: &[u8] = b"\x1bOP";
pub const F2: &[u8] = b"\x1bOQ";
pub const F3: &[u8] = b"\x1bOR";
pub const F4: &[u8] = b"\x1bOS";
pub const F5: &[u8] = b"\x1b[15~";
pub const F6: &[u8] = b"\x1b[17~";
pub const SHIFT_DOWN: &[u8] = b"\x1b[1;2B";

const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const DISABLE_PASTE: &[u8] = b"\x1b[?2004l";

/// What the reader thread shares with the test.
pub struct Output {
    pub parser: vt100::Parser,
    /// Every byte the app wrote, in order.
    pub raw: Vec<u8>,
    /// The reader saw end of file (every slave descriptor closed).
    eof: bool,
}

/// One run of the binary in a pty.
pub struct Session {
    master: Option<Box<dyn MasterPty + Send>>,
    pub writer: Option<File>,
    pub child: Box<dyn Child + Send + Sync>,
    pub out: Arc<Mutex<Output>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl Session {
    pub fn start(cols: u16, rows: u16, extra_args: &[&str]) -> Session {
        Session::start_with(cols, rows, extra_args, true)
    }

    /// `answer_dsr`: reply to cursor position queries as a real terminal does.
    pub fn start_with(cols: u16, rows: u16, extra_args: &[&str], answer_dsr: bool) -> Session {
        Session::start_in(None, cols, rows, extra_args, answer_dsr)
    }

    /// Start on a given data folder (to start again on the same store), or a fresh one.
    pub fn start_in(
        data: Option<&Path>,
        cols: u16,
        rows: u16,
        extra_args: &[&str],
        answer_dsr: bool,
    ) -> Session {
        let dir = tempfile::tempdir().expect("tempdir");
        let pair = native_pty_system().openpty(size(cols, rows)).expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tsunagu"));
        cmd.arg("--data");
        match data {
            Some(d) => cmd.arg(d),
            None => cmd.arg(dir.path().join("data")),
        }
        for a in extra_args {
            cmd.arg(a);
        }
        hermetic(&mut cmd, dir.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn tsunagu");
        // Only the child holds the slave: when it exits the reader sees end of file.
        drop(pair.slave);
        let master = pair.master;
        let fd = master.as_raw_fd().expect("master fd");
        let writer = dup_cloexec(fd);
        let reader = dup_cloexec(fd);
        let mut replies = dup_cloexec(fd);
        let out = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            eof: false,
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let reader = {
            let out = Arc::clone(&out);
            let at_eof = Arc::clone(&out);
            let mut carry = Vec::new();
            spawn_reader(
                reader,
                Arc::clone(&stop),
                10,
                move |bytes| {
                    let mut o = lock(&out);
                    o.raw.extend_from_slice(bytes);
                    let queries = answer_queries(&mut o.parser, &mut carry, bytes);
                    if answer_dsr {
                        for reply in queries {
                            // Best effort, as a terminal would.
                            let _ = replies.write_all(reply.as_bytes());
                        }
                    }
                },
                move || lock(&at_eof).eof = true,
            )
        };
        Session {
            master: Some(master),
            writer: Some(writer),
            child,
            out,
            stop,
            reader: Some(reader),
            _dir: dir,
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let w = self.writer.as_mut().expect("writer");
        w.write_all(bytes).expect("write to pty");
        w.flush().expect("flush pty");
    }

    /// The screen as text: rows joined with newlines.
    pub fn screen(&self) -> String {
        let o = lock(&self.out);
        let s = o.parser.screen();
        let (_, cols) = s.size();
        s.rows(0, cols).collect::<Vec<_>>().join("\n")
    }

    pub fn row(&self, i: u16) -> String {
        let o = lock(&self.out);
        let s = o.parser.screen();
        let (_, cols) = s.size();
        s.rows(0, cols).nth(i as usize).unwrap_or_default()
    }

    pub fn raw_len(&self) -> usize {
        lock(&self.out).raw.len()
    }

    pub fn raw_since(&self, from: usize) -> Vec<u8> {
        lock(&self.out).raw[from..].to_vec()
    }

    /// Wait until `pred` holds for the screen; fails with the screen on timeout or when
    /// the app exits first.
    pub fn wait_until(&mut self, what: &str, pred: impl Fn(&Session) -> bool) {
        let start = Instant::now();
        loop {
            if pred(self) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the last bytes arrive, then one more look.
                self.wait_eof(Duration::from_secs(2));
                if pred(self) {
                    return;
                }
                panic!(
                    "tsunagu exited ({status:?}) while waiting for {what}; screen:\n{}",
                    self.screen()
                );
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what}; screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    pub fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?}"), |s| s.screen().contains(text));
    }

    pub fn wait_gone(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} to disappear"), |s| !s.screen().contains(text));
    }

    /// Wait for the child to exit, up to `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            if start.elapsed() > limit {
                return None;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Wait until the reader has seen everything the app wrote.
    pub fn wait_eof(&self, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if lock(&self.out).eof {
                return true;
            }
            std::thread::sleep(POLL);
        }
        false
    }

    pub fn assert_alive(&mut self, when: &str) {
        if let Some(status) = self.child.try_wait().expect("try_wait") {
            panic!("tsunagu exited ({status:?}) {when}; screen:\n{}", self.screen());
        }
    }

    /// Ctrl-Q, then the exit status (within a few seconds), and everything the app wrote
    /// from the moment the key was sent.
    pub fn quit(&mut self) -> (ExitStatus, Vec<u8>) {
        let from = self.raw_len();
        self.send(CTRL_Q);
        let status = self
            .wait_exit(Duration::from_secs(5))
            .unwrap_or_else(|| panic!("no exit 5 s after Ctrl-Q; screen:\n{}", self.screen()));
        assert!(
            self.wait_eof(Duration::from_secs(5)),
            "pty output did not end after exit"
        );
        (status, self.raw_since(from))
    }

    /// Resize the pty (the app gets SIGWINCH) and the parser with it, both under the
    /// lock: every byte the app writes once it knows the new size is parsed at that size.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let mut o = lock(&self.out);
        o.parser.screen_mut().set_size(rows, cols);
        self.master
            .as_ref()
            .expect("master")
            .resize(size(cols, rows))
            .expect("resize pty");
    }

    /// Stop reading the pty, as when the other end of an SSH connection is gone.
    pub fn pause_reading(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(r) = self.reader.take() {
            r.join().expect("reader thread");
        }
    }

    /// Hang up: close every descriptor of the master side, as when an SSH connection
    /// drops. The reader thread is stopped first (it holds a duplicate).
    pub fn hang_up(&mut self) {
        self.pause_reading();
        drop(self.writer.take());
        drop(self.master.take());
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        end(self.child.as_mut(), &self.stop, &mut self.reader);
    }
}

/// Start at `cols` x `rows` and wait for the search tab with its query line.
pub fn start_ready(cols: u16, rows: u16, extra_args: &[&str]) -> Session {
    let mut s = Session::start(cols, rows, extra_args);
    s.wait_until("the search tab and its query line", |s| {
        s.row(0).contains("*検索*") && s.row(1).starts_with(" 検索>")
    });
    s
}

/// [`start_ready`] on the data folder `data` (a store the test prepared).
pub fn start_ready_in(data: &Path, cols: u16, rows: u16) -> Session {
    let mut s = Session::start_in(Some(data), cols, rows, &[], true);
    s.wait_until("the search tab and its query line", |s| {
        s.row(0).contains("*検索*") && s.row(1).starts_with(" 検索>")
    });
    s
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

pub fn assert_restored(after_quit: &[u8]) {
    assert!(
        contains(after_quit, LEAVE_ALT_SCREEN),
        "no leave-alternate-screen after quit: {:?}",
        String::from_utf8_lossy(after_quit)
    );
    assert!(
        contains(after_quit, DISABLE_PASTE),
        "bracketed paste not disabled after quit: {:?}",
        String::from_utf8_lossy(after_quit)
    );
}

/// Type an intake (the 8050 household) on the 受付 tab, as a clerk would.
pub fn type_intake(s: &mut Session) {
    s.send(F2);
    s.wait_until("the intake form", |s| s.row(0).contains("*受付*"));
    // To the first person's age: channel, district, language, consent, seeks help,
    // school, restricted, relation, age.
    s.send("\t".repeat(8).as_bytes());
    s.send(b"53");
    s.wait_until("the age", |s| s.screen().contains("[ 53]"));
    // Ctrl-N adds the mother; Tab to her age.
    s.send(b"\x0e\t82");
    s.wait_until("the second person", |s| s.screen().contains("[ 82]"));
    // To the note: her concerns, + 追加, 相談内容.
    s.send(b"\t\t\t");
    s.send("母が高齢で息子が長くひきこもっている".as_bytes());
    s.wait_until("the note", |s| s.screen().contains("母が高齢で"));
}
