//! The event loop: read events, update state, redraw when something changed.

use super::app::App;
use super::screens;
use super::term::{FrameOut, TermGuard};
use super::watchdog::Watchdog;
use chrono::{Local, Timelike};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType};
use ratatui::layout::Size;
use std::io;
use std::time::Duration;

/// How long the loop waits for input before looking at the clock and signals.
const TICK: Duration = Duration::from_millis(250);
/// How long the loop waits for input while an answer of the store worker is due.
const ANSWER_TICK: Duration = Duration::from_millis(15);
/// Most events handled before a redraw, so a burst (a paste typed as keys) cannot starve
/// the screen.
const BURST: usize = 4096;

/// How the loop ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Quit, SIGTERM or SIGINT: the terminal is restored.
    Normally,
    /// The terminal went away (a draw or read failed on a hung-up tty): nothing more can
    /// be written to it; the caller flushes the store and exits quietly.
    HungUp,
}

/// Run the app until the user quits, SIGTERM/SIGINT arrive, or the terminal goes away.
/// `on_hangup` runs on the watchdog thread when it sees the hang-up first.
pub fn run(mut app: App, on_hangup: Box<dyn Fn() + Send>) -> io::Result<Ended> {
    let watchdog = Watchdog::start(on_hangup)?;
    // Store work off the UI thread: keys, search and drawing never wait for the store.
    app.start_worker()?;
    let _guard = TermGuard::enter()?;
    let frame = FrameOut::default();
    let mut terminal = Terminal::new(CrosstermBackend::new(frame.clone()))?;
    // A fresh alternate screen; Terminal::clear() would query the cursor position, which
    // a terminal that never answers (some links) turns into a 2 s failure.
    execute!(io::stdout(), Clear(ClearType::All))?;
    app.resize(terminal.size()?);
    let result = event_loop(&mut app, &mut terminal, &frame, &watchdog);
    if result.is_err() {
        // ratatui's Drop would try to show the cursor on a dead terminal and eprintln!
        // (a panic when stderr is that terminal): the guard restores what can be.
        std::mem::forget(terminal);
    } else {
        let _ = terminal.show_cursor();
        let _ = frame.send(&mut io::stdout());
    }
    match result {
        Ok(()) => Ok(Ended::Normally),
        Err(_) if super::watchdog::tty_gone() => {
            app.flush();
            Ok(Ended::HungUp)
        }
        Err(e) => {
            app.flush();
            Err(e)
        }
    }
}

type Term = Terminal<CrosstermBackend<FrameOut>>;

fn event_loop(app: &mut App, terminal: &mut Term, frame: &FrameOut, watchdog: &Watchdog) -> io::Result<()> {
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|f| screens::draw(app, f))?;
            frame.send(&mut io::stdout())?;
            dirty = false;
            // Right after the first frame: what it did not wait for (app/attach.rs).
            if app.load_deferred() {
                dirty = true;
                continue;
            }
        }
        if app.quit || watchdog.terminate_requested() {
            break;
        }
        let mut handled = 0;
        // While the store worker has an answer due, look for it sooner than a tick.
        let wait = if app.waiting() { ANSWER_TICK } else { TICK };
        while handled < BURST && event::poll(if handled == 0 { wait } else { Duration::ZERO })? {
            handled += 1;
            match event::read()? {
                Event::Key(k) => app.on_key(k),
                Event::Paste(s) => app.on_paste(&s),
                // draw() resizes the buffers itself; updates page by the new size
                Event::Resize(w, h) => app.resize(Size::new(w, h)),
                _ => {}
            }
            dirty = true;
            if app.quit {
                break;
            }
        }
        let now = Local::now().naive_local();
        if now.minute() != app.now.minute() || now.hour() != app.now.hour() {
            dirty = true;
        }
        let saved = app.intake.saved_at.clone();
        dirty |= app.tick(now);
        dirty |= app.intake.saved_at != saved;
    }
    // SIGTERM/SIGINT or quit: what was typed becomes durable before we go.
    app.flush();
    Ok(())
}
