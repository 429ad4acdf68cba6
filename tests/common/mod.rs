//! Helpers shared by the test crates, each of which uses part of them (hence
//! `allow(dead_code)`): here, drawing the app at a size and reading the screen as a
//! person would (one line per row, each wide character once), and a time bound for a
//! test; the store tests' fixtures in [`store`]; the pseudo-terminal plumbing in [`pty`]
//! (also compiled into the benches) and one run of the binary in a pty, for the
//! end-to-end tests, in [`session`]; `tsunagu serve` in this process, for the service
//! tests, in [`served`].
#![allow(dead_code)]

#[cfg(unix)]
pub mod pty;
#[cfg(unix)]
pub mod real_serve;
#[cfg(unix)]
pub mod served;
#[cfg(target_os = "linux")]
pub mod session;
pub mod store;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;
use tsunagu::tui::app::App;
use tsunagu::tui::screens;

pub fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| screens::draw(app, f)).expect("draw");
    t
}

/// The screen as a person reads it: one line per row, wide characters once.
pub fn screen(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Draw at 80x24 and read the screen.
pub fn screen_of(app: &mut App) -> String {
    screen(&render(app, 80, 24))
}

/// Run `f` on its own thread; fail the test if it takes longer than `limit`.
pub fn bounded<F: FnOnce() + Send + 'static>(limit: Duration, f: F) {
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        f();
        let _ = tx.send(());
    });
    match rx.recv_timeout(limit) {
        Ok(()) => worker.join().unwrap(),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            // f panicked: show its panic
            if let Err(p) = worker.join() {
                std::panic::resume_unwind(p);
            }
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("test took longer than {limit:?}"),
    }
}

/// Tick until the store worker has answered everything asked (at most 10 s).
pub fn settle(app: &mut App) {
    let started = std::time::Instant::now();
    while app.waiting() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the worker does not answer"
        );
        app.tick(app.now);
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A key without modifiers.
pub fn key(app: &mut App, code: ratatui::crossterm::event::KeyCode) {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Ctrl and a letter.
pub fn ctrl(app: &mut App, c: char) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Text typed key by key.
pub fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, ratatui::crossterm::event::KeyCode::Char(c));
    }
}

/// 受付: move the concern check-list cursor (focus on a member's concerns) to a concern
/// id and tick it.
pub fn tick_concern(app: &mut App, id: &str) {
    use ratatui::crossterm::event::KeyCode;
    let target = app
        .env
        .directory
        .concerns
        .iter()
        .position(|c| c.id == id)
        .expect("a concern of the seed");
    while app.intake.checklist > target {
        key(app, KeyCode::Up);
    }
    while app.intake.checklist < target {
        key(app, KeyCode::Down);
    }
    key(app, KeyCode::Char(' '));
}
