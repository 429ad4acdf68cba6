//! The event loop: read events, update state, redraw when something changed.

use super::app::App;
use super::screens;
use super::term::TermGuard;
use super::watchdog::Watchdog;
use chrono::{Local, Timelike};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event};
use std::io;
use std::time::Duration;

/// How long the loop waits for input before looking at the clock and signals.
const TICK: Duration = Duration::from_millis(250);
/// Most events handled before a redraw, so a burst (a paste typed as keys) cannot starve
/// the screen.
const BURST: usize = 4096;

/// Run the app until the user quits, SIGTERM/SIGINT arrive, or input ends. `on_hangup`
/// runs when the terminal goes away (see [`Watchdog`]).
pub fn run(mut app: App, on_hangup: Box<dyn Fn() + Send>) -> io::Result<()> {
    let watchdog = Watchdog::start(on_hangup)?;
    let _guard = TermGuard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|f| screens::draw(&mut app, f))?;
            dirty = false;
        }
        if app.quit || watchdog.terminate_requested() {
            break;
        }
        let mut handled = 0;
        while handled < BURST && event::poll(if handled == 0 { TICK } else { Duration::ZERO })? {
            handled += 1;
            match event::read()? {
                Event::Key(k) => app.on_key(k),
                Event::Paste(s) => app.on_paste(&s),
                Event::Resize(..) => terminal.autoresize()?,
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
        app.now = now;
    }
    terminal.show_cursor()?;
    Ok(())
}
