//! Ending cleanly when the terminal goes away. crossterm 0.29 spins at 100% CPU inside
//! `event::poll` once its tty is gone (crossterm issue 793) and never returns, even with a
//! timeout, so the main loop cannot notice. A watchdog thread checks the tty with poll(2)
//! (never reading it, so no key is swallowed) and watches SIGHUP; on hangup it runs the
//! shutdown hook (flush the store) and exits the process. SIGTERM and SIGINT only raise a
//! flag: the terminal is still there, so the main loop ends normally and restores it.

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::flag;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How often the watchdog looks at the tty: well inside the 3 s promised.
const PERIOD: Duration = Duration::from_millis(100);

/// Exit status after a hangup (128 + SIGHUP).
pub const HANGUP_STATUS: i32 = 129;

pub struct Watchdog {
    stop: Arc<AtomicBool>,
    /// Set by SIGTERM/SIGINT: the main loop should end.
    pub terminate: Arc<AtomicBool>,
}

impl Watchdog {
    /// Start watching. `on_hangup` runs on the watchdog thread just before the process
    /// exits; it must only flush what is already in the store.
    pub fn start(on_hangup: Box<dyn Fn() + Send>) -> std::io::Result<Watchdog> {
        let hangup = Arc::new(AtomicBool::new(false));
        let terminate = Arc::new(AtomicBool::new(false));
        flag::register(SIGHUP, Arc::clone(&hangup))?;
        flag::register(SIGTERM, Arc::clone(&terminate))?;
        flag::register(SIGINT, Arc::clone(&terminate))?;
        let stop = Arc::new(AtomicBool::new(false));
        let stop2 = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("tty-watchdog".into())
            .spawn(move || {
                while !stop2.load(Ordering::Relaxed) {
                    if hangup.load(Ordering::Relaxed) || tty_gone() {
                        on_hangup();
                        std::process::exit(HANGUP_STATUS);
                    }
                    std::thread::sleep(PERIOD);
                }
            })?;
        Ok(Watchdog { stop, terminate })
    }

    pub fn terminate_requested(&self) -> bool {
        self.terminate.load(Ordering::Relaxed)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Has the controlling terminal hung up? Polls stdin (or /dev/tty when stdin is not a
/// terminal, as crossterm does) for POLLHUP/POLLERR/POLLNVAL without reading from it.
#[cfg(unix)]
pub fn tty_gone() -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: isatty only inspects the descriptor.
    let stdin_tty = unsafe { libc::isatty(0) } == 1;
    let devtty;
    let fd = if stdin_tty {
        0
    } else {
        match std::fs::File::open("/dev/tty") {
            Ok(f) => {
                devtty = f;
                devtty.as_raw_fd()
            }
            // No controlling terminal any more.
            Err(_) => return true,
        }
    };
    let mut p = libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let n = unsafe { libc::poll(&mut p, 1, 0) };
    n > 0 && (p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL)) != 0
}

#[cfg(not(unix))]
pub fn tty_gone() -> bool {
    false
}
