//! Helpers shared by the screen tests: draw the app at a size and read the screen as a
//! person would (one line per row, each wide character once).
#![allow(dead_code)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
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
