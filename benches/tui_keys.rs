//! A key of the 検索 tab in-process, without a pseudo-terminal: the key handled
//! (`App::on_key`, which searches) and the screen redrawn through ratatui's crossterm
//! backend into a buffer (the diff and the escape sequences, not the write to a tty).
//! It types the `tui` bench's queries one character at a time (Ctrl-U between them) over
//! the synthetic large city (10,000 entries), and reports each key's time and bytes and
//! the slowest keys (best of the rounds).
//!
//! `cargo bench --bench tui_keys` (TSUNAGU_BENCH_ROUNDS sets the rounds, default 20).
//! For instruction counts (a loaded machine moves them little), one pass is counted by
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*type_every_key*'
//! target/release/deps/tui_keys-HASH` with TSUNAGU_BENCH_ROUNDS=0.

mod common;

use common::{Report, env_usize, ms};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;
use std::time::Instant;
use tsunagu::i18n::Lang;
use tsunagu::tui::app::{App, Env};
use tsunagu::tui::keymap::Keymap;
use tsunagu::tui::screens;

/// The `tui` bench's queries.
const QUERIES: &[&str] = &["hikikomori", "地域包括支援センター", "かいご"];

/// What the terminal would receive: counted, then dropped.
#[derive(Clone, Default)]
struct Sink(Rc<Cell<usize>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + std::hint::black_box(buf).len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

type Term = Terminal<CrosstermBackend<Sink>>;

/// One key: handled, then the screen drawn. Returns the bytes written for it.
#[inline(never)]
fn key(app: &mut App, term: &mut Term, sink: &Sink, k: KeyEvent) -> usize {
    app.on_key(k);
    let before = sink.0.get();
    // A draw into a counter cannot fail.
    let _ = term.draw(|f| screens::draw(app, f));
    sink.0.get() - before
}

fn char_key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn clear_key() -> KeyEvent {
    KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)
}

/// One pass over every query, key by key: the warm-up, and what callgrind counts.
#[inline(never)]
fn type_every_key(app: &mut App, term: &mut Term, sink: &Sink) {
    for q in QUERIES {
        for c in q.chars() {
            std::hint::black_box(key(app, term, sink, char_key(c)));
        }
        key(app, term, sink, clear_key());
    }
}

fn main() {
    let rounds = env_usize("TSUNAGU_BENCH_ROUNDS", 20);
    let mut report = Report::new("tui_keys");
    let city = common::large_city();
    let dir = tsunagu::seed::load_dir(&city.seed).expect("the large city's seed");
    let env = Env::new(dir, Keymap::default_map(), Lang::Ja, "総合相談支援室".into());
    // As the app does after its first frame, before any key.
    env.index.prepare();
    let mut app = App::new(env, chrono::Local::now().naive_local());
    app.resize(Size::new(80, 24));
    let sink = Sink::default();
    let mut term = Terminal::with_options(
        CrosstermBackend::new(sink.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
        },
    )
    .expect("terminal");
    key(&mut app, &mut term, &sink, clear_key());
    type_every_key(&mut app, &mut term, &sink);

    let mut times = Vec::new();
    let mut bytes = Vec::new();
    let mut best: Vec<(String, f64)> = Vec::new();
    for round in 0..rounds {
        let mut n = 0;
        for q in QUERIES {
            let mut typed = String::new();
            for c in q.chars() {
                typed.push(c);
                let t = Instant::now();
                let b = key(&mut app, &mut term, &sink, char_key(c));
                let d = ms(t.elapsed());
                times.push(d);
                bytes.push(b as f64);
                if round == 0 {
                    best.push((typed.clone(), d));
                } else if let Some(slot) = best.get_mut(n) {
                    slot.1 = slot.1.min(d);
                }
                n += 1;
            }
            key(&mut app, &mut term, &sink, clear_key());
        }
    }
    report.note(&format!(
        "queries {QUERIES:?} typed key by key, {rounds} rounds, {} entries; load average {:.2}",
        app.env.index.len(),
        common::load1()
    ));
    report.samples(
        "key handled and drawn (in-process, 10k entries)",
        "ms",
        &times,
        None,
    );
    report.samples("bytes drawn per key", "B", &bytes, None);
    report.bests(
        &format!("  best of {rounds} rounds per key (load-free estimate)"),
        &format!("slowest keys, best of {rounds} (ms)"),
        best,
        6,
    );
}
