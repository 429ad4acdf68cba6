//! The draws only read the app: page sizes follow the terminal's last known size, given
//! to the app (as the loop does on a resize), never measured by a draw.

use super::draw;
use crate::i18n::Lang;
use crate::tui::action::Action;
use crate::tui::app::{App, Env, Tab};
use crate::tui::keymap::Keymap;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

fn app() -> Option<App> {
    let dir = crate::seed::load_embedded().ok()?.directory;
    let env = Env::new(dir, Keymap::default_map(), Lang::Ja, "総合相談支援室".into());
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)?.and_hms_opt(14, 5, 0)?;
    let mut app = App::new(env, now);
    app.tab = Tab::Search;
    app.on_paste("soudan");
    Some(app)
}

fn screen(app: &App, size: Size) -> String {
    let Ok(mut t) = Terminal::new(TestBackend::new(size.width, size.height));
    let Ok(_) = t.draw(|f| draw(app, f));
    format!("{}", t.backend())
}

#[test]
fn page_down_moves_by_the_rows_of_the_last_known_size() {
    let Some(mut app) = app() else {
        panic!("the embedded seed loads");
    };
    assert!(app.search.hits.len() > 20, "{}", app.search.hits.len());
    // 80x24: 18 rows of results.
    app.handle(Action::PageDown);
    assert_eq!(app.search.selected.index(), 18);
    app.handle(Action::First);
    // 80x12: 6 rows; the draw shows the selection on the last of them.
    app.resize(Size::new(80, 12));
    app.handle(Action::PageDown);
    assert_eq!(app.search.selected.index(), 6);
    let before = app.search.selected;
    let shown = screen(&app, Size::new(80, 12));
    assert_eq!(app.search.selected, before, "drawing changes nothing");
    let rows: Vec<&str> = shown.lines().collect();
    assert!(rows.get(8).is_some_and(|r| r.starts_with("\">")), "{shown}");
}
