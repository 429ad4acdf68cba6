//! The real `tsunagu serve` binary on a Unix socket in a temporary folder, with a seed
//! whose roster gives the user running the tests (as the kernel names them) one role,
//! and a raw protocol client: for the hostile-client tests (tests/hostile*.rs).

use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tsunagu::domain::{Case, Consent, Intake, Personal};
use tsunagu::service::protocol::{self, Answer, MAX_ANSWER, MAX_FRAME, Request, Response, WireError};

/// The desk the test user serves.
pub const DESK: &str = "総合相談支援室";

/// The login name of this process's uid (what the service learns by SO_PEERCRED).
pub fn my_user() -> String {
    // SAFETY: getpwuid returns a pointer into static storage or null; read at once.
    unsafe {
        let pw = libc::getpwuid(libc::getuid());
        assert!(!pw.is_null(), "this uid has no passwd entry");
        std::ffi::CStr::from_ptr((*pw).pw_name)
            .to_string_lossy()
            .into_owned()
    }
}

/// A seed folder (the embedded seed) whose roster adds this process's user with `role`
/// (`""`: not in the roster).
pub fn seed_with_me(dir: &Path, role: &str) -> PathBuf {
    let seed = dir.join("seed");
    std::fs::create_dir_all(&seed).unwrap();
    for (name, text) in tsunagu::seed::SeedText::embedded().files {
        let mut text = text.to_string();
        if name == "staff.toml" && !role.is_empty() {
            text.push_str(&format!(
                "\n[[staff]]\nuser = \"{}\"\nname = \"試験 利用者\"\ndesk = \"{DESK}\"\nsection = \"fukushi_soumu\"\nrole = \"{role}\"\n",
                my_user()
            ));
        }
        std::fs::write(seed.join(name), text).unwrap();
    }
    seed
}

/// `tsunagu serve` as a child process; killed (SIGKILL) on drop if still running.
pub struct RealServe {
    pub tmp: tempfile::TempDir,
    pub data: PathBuf,
    pub seed: PathBuf,
    pub socket: PathBuf,
    child: Option<Child>,
}

impl RealServe {
    /// Start the service with this user in the roster as `role`; returns once the socket
    /// answers (at most 20 s).
    pub fn start(role: &str) -> RealServe {
        RealServe::start_in(role, None)
    }

    /// [`RealServe::start`] with the data folder at `data` (e.g. on a small tmpfs).
    pub fn start_in(role: &str, data: Option<PathBuf>) -> RealServe {
        let tmp = tempfile::tempdir().unwrap();
        let seed = seed_with_me(tmp.path(), role);
        let data = data.unwrap_or_else(|| tmp.path().join("data"));
        let socket = tmp.path().join("run").join("tsunagu.sock");
        let mut s = RealServe {
            tmp,
            data,
            seed,
            socket,
            child: None,
        };
        s.spawn();
        s
    }

    fn spawn(&mut self) {
        // Other tests of the same binary close and reopen sled stores (common::store::FORK).
        let fork = super::store::FORK.write().unwrap_or_else(|e| e.into_inner());
        let child = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
            .arg("--data")
            .arg(&self.data)
            .arg("--seed")
            .arg(&self.seed)
            .arg("serve")
            .arg("--socket")
            .arg(&self.socket)
            .env_remove("TSUNAGU_SERVER")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tsunagu serve");
        drop(fork);
        self.child = Some(child);
        let start = Instant::now();
        while UnixStream::connect(&self.socket).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the service did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stop with SIGTERM and wait (at most 20 s); the store is closed when this returns.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = libc::pid_t::try_from(child.id()).unwrap();
            // SAFETY: signalling our own child.
            unsafe {
                libc::kill(pid, libc::SIGTERM);
            }
            let start = Instant::now();
            loop {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                if start.elapsed() > Duration::from_secs(20) {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("the service did not stop on SIGTERM");
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }

    /// Start again on the same data and seed.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    /// Send `signal` to the service.
    pub fn signal(&self, signal: libc::c_int) {
        let pid = libc::pid_t::try_from(self.pid()).unwrap();
        // SAFETY: signalling our own child.
        unsafe {
            libc::kill(pid, signal);
        }
    }

    /// Has the service exited? Its status if so.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.as_mut().and_then(|c| c.try_wait().ok().flatten())
    }

    /// The service's process id.
    pub fn pid(&self) -> u32 {
        self.child
            .as_ref()
            .map(Child::id)
            .expect("the service is running")
    }

    /// The service's resident memory in KiB (Linux /proc).
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
    }

    /// A raw connection (10 s read timeout).
    pub fn raw(&self) -> UnixStream {
        let s = UnixStream::connect(&self.socket).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// Run the tsunagu command line as a client of this service.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        let _fork = super::store::FORK.write().unwrap_or_else(|e| e.into_inner());
        Command::new(env!("CARGO_BIN_EXE_tsunagu"))
            .arg("--server")
            .arg(&self.socket)
            .arg("--data")
            .arg(self.tmp.path().join("client"))
            .arg("--desk")
            .arg(DESK)
            .args(args)
            .env("TSUNAGU_LANG", "ja")
            .stdin(Stdio::null())
            .output()
            .expect("run tsunagu")
    }
}

impl Drop for RealServe {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Send one request on `stream` and read its answer.
pub fn call(stream: &UnixStream, request: &Request) -> Response {
    let bytes = protocol::frame(request, MAX_FRAME).unwrap();
    protocol::send_all(stream, &bytes).unwrap();
    let mut r = stream;
    let body = protocol::read_frame(&mut r, MAX_ANSWER, Duration::from_secs(10), || false).unwrap();
    protocol::decode_body(&body).unwrap()
}

/// Every file under `dir`, recursively, as (path, bytes).
pub fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let ty = e.file_type().unwrap();
            if ty.is_dir() {
                stack.push(e.path());
            } else if ty.is_file() {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out
}

/// How many times `needle` occurs in the files under `dir`, and in which files.
pub fn copies_on_disk(dir: &Path, needle: &str) -> (usize, Vec<PathBuf>) {
    let needle = needle.as_bytes();
    let mut n = 0;
    let mut where_ = Vec::new();
    for (path, bytes) in files_under(dir) {
        let here = bytes.windows(needle.len()).filter(|w| *w == needle).count();
        if here > 0 {
            n += here;
            where_.push(path);
        }
    }
    (n, where_)
}

/// A new case at [`DESK`] by this user (number and seq as given: the service ignores them).
pub fn new_case(number: &str, seq: u32) -> Case {
    Case {
        number: number.into(),
        fiscal_year: 2026,
        seq,
        received_at: "2026-11-26T10:00:00+09:00".into(),
        desk: DESK.into(),
        staff: Some(my_user()),
        intake: Intake {
            consent: Consent::Given,
            ..Intake::default()
        },
        personal: Personal::default(),
        restricted: false,
        notes: vec![],
        closed_at: None,
        closing_note: None,
        consultations: Vec::new(),
    }
}

pub fn created(r: Response) -> Case {
    match r {
        Response::Ok(Answer::Case(Some(c))) => *c,
        other => panic!("expected a created case, got {other:?}"),
    }
}

pub fn refused(r: &Response) -> bool {
    matches!(
        r,
        Response::Err(WireError::Denied { .. } | WireError::InvalidKey { .. })
    )
}
