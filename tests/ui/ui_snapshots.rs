//! Screens at 80x24 through ratatui's TestBackend, in Japanese and English.

use crate::common;
use common::{render, screen};

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tsunagu::i18n::Lang;
use tsunagu::tui::app::{App, Env};
use tsunagu::tui::keymap::Keymap;

fn app(lang: Lang) -> App {
    let dir = tsunagu::seed::load_embedded().unwrap().directory;
    let env = Env::new(dir, Keymap::default_map(), lang, "総合相談支援室".into());
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(14, 5, 0)
        .unwrap();
    App::new(env, now)
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn search_empty_ja() {
    let mut a = app(Lang::Ja);
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn search_hikikomori_ja() {
    let mut a = app(Lang::Ja);
    type_str(&mut a, "ひきこもり");
    let t = render(&mut a, 80, 24);
    // the IME composes where the user types: right after the query
    let cursor = t.backend().cursor_position();
    assert_eq!((cursor.x, cursor.y), (1 + 6 + 10, 1));
    insta::assert_snapshot!(screen(&t));
}

#[test]
fn search_hikikomori_en() {
    let mut a = app(Lang::En);
    type_str(&mut a, "hikikomori");
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn search_foreign_desk_shows_next_sessions_ja() {
    let mut a = app(Lang::Ja);
    type_str(&mut a, "gaikokujin");
    key(&mut a, KeyCode::Enter);
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn search_list_focus_and_selection() {
    let mut a = app(Lang::Ja);
    type_str(&mut a, "kaigo");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Down);
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn no_match_says_what_to_do() {
    let mut a = app(Lang::Ja);
    type_str(&mut a, "zzqx");
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn help_overlay_ja() {
    let mut a = app(Lang::Ja);
    key(&mut a, KeyCode::F(1));
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn coming_tabs_en() {
    let mut a = app(Lang::En);
    key(&mut a, KeyCode::F(2));
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn other_sizes_do_not_panic() {
    let mut a = app(Lang::Ja);
    type_str(&mut a, "ささえあい");
    for (w, h) in [(60, 20), (200, 60), (40, 10), (39, 9), (1, 1), (80, 24)] {
        render(&mut a, w, h);
    }
    key(&mut a, KeyCode::F(1));
    render(&mut a, 40, 10);
}
