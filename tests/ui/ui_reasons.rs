//! Every reason readable (issue 11, finding 3): the suggestions pane takes focus, scrolls
//! and shows each reason whole; the 会議 form's refusal reason and the hand-off dialog's
//! program names are never cut, at 80x24 and at 60x20.

use crate::common;
use common::key;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;
use tsunagu::domain::{Case, Consent, Intake, Person, Relation};
use tsunagu::i18n::Lang;
use tsunagu::store::{SledStore, Store};
use tsunagu::tui::app::{App, Env, SharedStore};
use tsunagu::tui::keymap::Keymap;
use tsunagu::tui::tabs::intake::Field;

fn app(lang: Lang) -> (tempfile::TempDir, Arc<SledStore>, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(common::store::open(&dir.path().join("store")));
    let d = tsunagu::seed::load_embedded().unwrap().directory;
    let mut env = Env::new(d, Keymap::default_map(), lang, "総合相談支援室".into());
    env.user = "tanaka".into();
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(14, 7, 0)
        .unwrap();
    let shared: SharedStore = store.clone();
    (dir, store, App::new(env, now).with_store(shared))
}

/// An 80-year-old with five concerns: five suggestions, more than the pane holds.
fn household(app: &mut App) {
    key(app, KeyCode::F(2));
    while app.intake.focused() != Field::Age(0) {
        key(app, KeyCode::Tab);
    }
    for c in "80".chars() {
        key(app, KeyCode::Char(c));
    }
    key(app, KeyCode::Tab);
    for id in ["elderly_care", "dementia", "disability", "hikikomori"] {
        common::tick_concern(app, id);
    }
    assert!(
        app.intake.advice.referrals.len() >= 4,
        "{:?}",
        app.intake.advice.referrals.len()
    );
}

/// The text right of the form's bar, all lines joined without spaces (a wrapped reason
/// reads whole again).
fn right_pane(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|l| l.split_once('|').map(|(_, r)| r))
        .collect::<String>()
        .split_whitespace()
        .collect()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn suggestions_take_focus_scroll_and_show_every_reason_whole() {
    let (_d, _store, mut app) = app(Lang::Ja);
    household(&mut app);
    // Unfocused, a long reason is cut and the pane says how to reach the rest.
    while app.intake.focused() != Field::Channel {
        key(&mut app, KeyCode::Tab);
    }
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("続きあり (Shift-Tab)"), "{screen}");
    // Shift-Tab from the top reaches the pane (the last field).
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.intake.focused(), Field::Suggestions);
    let referrals = app.intake.advice.referrals.clone();
    for (n, r) in referrals.iter().enumerate() {
        let screen = common::screen_of(&mut app);
        let pane = right_pane(&screen);
        assert!(
            pane.contains(&squeeze(&r.reason)),
            "reason {n} not whole:\n{screen}"
        );
        assert!(
            pane.contains(&squeeze(&r.service)),
            "name {n} not whole:\n{screen}"
        );
        key(&mut app, KeyCode::Down);
    }
    // Down from the last one leaves the pane (Up/Down never trap the cursor); Shift-Tab
    // comes back to where it was; Enter shows every reason in full.
    assert_eq!(app.intake.focused(), Field::Channel);
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.intake.sugg, referrals.len() - 1);
    key(&mut app, KeyCode::Home);
    assert_eq!(app.intake.sugg, 0);
    key(&mut app, KeyCode::Enter);
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("すべての理由を全文"), "{screen}");
    assert!(screen.contains("Enter 選んだ理由"), "{screen}");
    // Focus leaves the pane with Tab as from any field.
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.intake.focused(), Field::Channel);
}

#[test]
fn every_reason_whole_at_60x20_in_english() {
    let (_d, _store, mut app) = app(Lang::En);
    household(&mut app);
    while app.intake.focused() != Field::Suggestions {
        key(&mut app, KeyCode::BackTab);
    }
    for (n, r) in app.intake.advice.referrals.clone().iter().enumerate() {
        let screen = common::screen(&common::render(&mut app, 60, 20));
        assert!(
            right_pane(&screen).contains(&squeeze(&r.reason)),
            "reason {n}:\n{screen}"
        );
        // The pane's title and its count never run together or cut each other.
        let title = screen
            .lines()
            .find(|l| l.contains("Suggestions"))
            .unwrap_or_default();
        assert!(title.contains("Suggestions: selected"), "{title}");
        assert!(
            !title.contains("hit") || title.trim_end().ends_with(" hits"),
            "{title}"
        );
        key(&mut app, KeyCode::Down);
    }
}

#[test]
fn handoff_dialog_keeps_names_whole_and_the_note_in_view_at_60x20() {
    let (_d, _store, mut app) = app(Lang::Ja);
    household(&mut app);
    app.on_key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    let items: Vec<String> = app
        .intake
        .dialog
        .as_ref()
        .expect("the dialog opens")
        .items
        .iter()
        .map(|(r, _)| r.service.clone())
        .collect();
    for (n, name) in items.iter().enumerate() {
        let screen = common::screen(&common::render(&mut app, 60, 20));
        let pane = right_pane(&screen);
        assert!(pane.contains(&squeeze(name)), "item {n} not whole:\n{screen}");
        assert!(screen.contains("連絡事項 ["), "note out of view:\n{screen}");
        key(&mut app, KeyCode::Down);
    }
}

/// Case 1 of 2026 (the store tests' fixture), its household a long one, consent refused.
fn refused_case() -> Case {
    let mut c = common::store::case_on(2026, 1, "2026-11-20T10:00:00+09:00");
    c.intake = Intake {
        consent: Consent::Refused,
        people: vec![
            Person {
                relation: Relation::Myself,
                age: Some(53),
                concerns: vec!["hikikomori".into(), "poverty".into(), "mental_health".into()],
            },
            Person {
                relation: Relation::Parent,
                age: Some(82),
                concerns: vec!["elderly_care".into(), "dementia".into()],
            },
        ],
        ..Default::default()
    };
    c
}

#[test]
fn meeting_refusal_reason_is_whole_at_80_and_60_columns() {
    for (lang, reason) in [
        (Lang::Ja, "同意が得られない: この会議では扱えません (支援会議へ)"),
        (Lang::En, "no consent: only at a 支援会議"),
    ] {
        let (_d, store, mut app) = app(lang);
        store.put_case(&refused_case()).unwrap();
        key(&mut app, KeyCode::F(5));
        key(&mut app, KeyCode::Char('n'));
        for _ in 0..4 {
            key(&mut app, KeyCode::Tab); // date, sections, agencies, case 1
        }
        key(&mut app, KeyCode::Char('1'));
        for (w, h) in [(80, 24), (60, 20)] {
            let screen = common::screen(&common::render(&mut app, w, h));
            assert!(squeeze(&screen).contains(&squeeze(reason)), "{w}x{h}:\n{screen}");
        }
    }
}
