//! Terminal setup and its restoration on every exit path: normal return, error, panic.

use ratatui::crossterm::{
    event::{DisableBracketedPaste, EnableBracketedPaste},
    execute,
    terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode},
};
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::Once;

/// Restores the terminal when dropped. Keyboard enhancement flags are never pushed (the
/// query for them can stall over SSH and TeraTerm does not support them), so there is
/// nothing of that kind to pop.
pub struct TermGuard {
    _private: (),
}

impl TermGuard {
    pub fn enter() -> io::Result<TermGuard> {
        install_panic_hook();
        enable_raw_mode()?;
        let guard = TermGuard { _private: () };
        execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
        Ok(guard)
    }
}

impl Drop for TermGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Put the terminal back as we found it. Safe to call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// On panic: restore the terminal first so the message is readable, then the default
/// report. The panic message carries no personal data: no code formats case data into one.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Where a frame is written: held until the frame is complete, then sent to the terminal
/// in one write ([`FrameOut::send`]). Stdout alone is line-buffered by 1 KiB and ratatui
/// flushes it three times a frame (after the cells with the cursor shown, after the
/// cursor is placed, at the end), so a redraw of the result list (up to 5 KB) reached the
/// terminal in six to eight writes, each waking the other end (a pty, an SSH channel) for
/// a part of the frame. A clone shares the same buffer.
#[derive(Clone, Default)]
pub struct FrameOut(Rc<RefCell<Vec<u8>>>);

impl Write for FrameOut {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    /// Nothing goes out before the frame is complete.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl FrameOut {
    /// Write what was held to `out` and flush it; nothing is held afterwards, even when
    /// the write fails (a terminal that went away).
    pub fn send(&self, out: &mut impl Write) -> io::Result<()> {
        let mut held = self.0.borrow_mut();
        if held.is_empty() {
            return Ok(());
        }
        let sent = out.write_all(&held).and_then(|()| out.flush());
        held.clear();
        sent
    }
}
