//! The 会議 tab: recording 重層的支援会議 and 支援会議 with the plan's consent rule.

use crate::common;
use common::{key, typed};

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;
use tsunagu::domain::{Case, Consent, Decision, Intake, Person, Personal, Relation};
use tsunagu::i18n::Lang;
use tsunagu::store::{SledStore, Store};
use tsunagu::tui::app::{App, Env, SharedStore};
use tsunagu::tui::keymap::Keymap;

fn case(seq: u32, consent: Consent) -> Case {
    Case {
        number: tsunagu::domain::case_number(2026, seq),
        fiscal_year: 2026,
        seq,
        received_at: "2026-11-20T10:00:00+09:00".into(),
        desk: "総合相談支援室".into(),
        staff: Some("tanaka".into()),
        intake: Intake {
            consent,
            people: vec![Person {
                relation: Relation::Myself,
                age: Some(53),
                concerns: vec!["hikikomori".into()],
            }],
            ..Default::default()
        },
        personal: Personal::default(),
        restricted: false,
        notes: vec![],
        closed_at: None,
        closing_note: None,
        consultations: Vec::new(),
    }
}

fn setup() -> (tempfile::TempDir, Arc<SledStore>, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(crate::common::store::open(&dir.path().join("store")));
    for (seq, consent) in [(1, Consent::Given), (2, Consent::Refused)] {
        store.put_case(&case(seq, consent)).unwrap();
    }
    let d = tsunagu::seed::load_embedded().unwrap().directory;
    let env = Env::new(d, Keymap::default_map(), Lang::Ja, "総合相談支援室".into());
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(15, 0, 0)
        .unwrap();
    let shared: SharedStore = store.clone();
    let app = App::new(env, now).with_store(shared);
    (dir, store, app)
}

/// Open the form, pick the kind (0 = 重層的支援会議, 1 = 支援会議), add one case with a
/// decision (steps through Decision::ALL) and a note.
fn record(app: &mut App, kind_steps: usize, case: &str, decision_steps: usize, note: &str) {
    key(app, KeyCode::F(5));
    key(app, KeyCode::Char('n'));
    for _ in 0..kind_steps {
        key(app, KeyCode::Right);
    }
    for _ in 0..4 {
        key(app, KeyCode::Tab); // date, sections, agencies, case 1
    }
    typed(app, case);
    key(app, KeyCode::Tab);
    for _ in 0..decision_steps {
        key(app, KeyCode::Right);
    }
    key(app, KeyCode::Tab);
    typed(app, note);
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

#[test]
fn jusouteki_kaigi_refuses_a_case_without_consent() {
    let (_d, store, mut app) = setup();
    record(&mut app, 0, "2", 1, "");
    let msg = app.message.clone().expect("a reason is shown").text;
    assert!(msg.contains("R8-000002") && msg.contains("支援会議"), "{msg}");
    assert!(store.meetings_held(None, None).unwrap().is_empty());
    // the form stays open with what was typed
    assert!(app.meetings.form.is_some());
}

#[test]
fn shien_kaigi_takes_it_and_is_confidential() {
    let (_d, store, mut app) = setup();
    record(&mut app, 1, "2", 5, "");
    let held = store.meetings_held(None, None).unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].kind, "shien_kaigi");
    assert!(held[0].confidential);
    assert_eq!(held[0].cases[0].decision, Decision::WatchAndShare);
    assert_eq!(store.meetings_of_case("R8-000002").unwrap().len(), 1);
    insta::assert_snapshot!(common::screen_of(&mut app));
}

#[test]
fn closing_needs_an_evaluation_and_closes_the_case() {
    let (_d, store, mut app) = setup();
    record(&mut app, 0, "R8-000001", 3, "");
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("終結の評価"))
    );
    assert!(store.meetings_held(None, None).unwrap().is_empty());
    // fill in the evaluation and save again
    typed(&mut app, "就労につながり終結");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let held = store.meetings_held(None, None).unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].id, "M8-0001");
    let c = store.case("R8-000001").unwrap().unwrap();
    assert!(c.closed_at.is_some());
    assert_eq!(c.closing_note.as_deref(), Some("就労につながり終結"));
}

#[test]
fn resource_shortage_is_kept_for_the_figures() {
    let (_d, store, mut app) = setup();
    record(&mut app, 0, "1", 4, "夜間の居場所がない");
    let held = store.meetings_held(None, None).unwrap();
    assert_eq!(held[0].cases[0].decision, Decision::ResourceShortage);
    assert_eq!(held[0].cases[0].note, "夜間の居場所がない");
}

/// Issue 11 (3): Esc never silently discards a half-typed meeting: it asks (Enter: yes,
/// Esc: back to the form with everything as typed); a blank form closes at once.
#[test]
fn esc_asks_before_discarding_a_typed_meeting() {
    let (_d, store, mut app) = setup();
    key(&mut app, KeyCode::F(5));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Esc);
    assert!(app.meetings.form.is_none(), "nothing typed: closes");

    key(&mut app, KeyCode::Char('n'));
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab); // date, sections, agencies, case 1
    }
    typed(&mut app, "R8-1");
    key(&mut app, KeyCode::Esc);
    let form = app.meetings.form.as_ref().expect("the form stays");
    assert!(form.confirm_discard);
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("入力中の会議の記録を破棄しますか"), "{screen}");
    assert!(screen.contains("はい (破棄)"), "{screen}");
    // typing does not go into the form while asked
    typed(&mut app, "9");
    key(&mut app, KeyCode::Esc); // no: back to the form
    let form = app.meetings.form.as_ref().expect("the form stays");
    assert!(!form.confirm_discard);
    assert_eq!(form.rows[0].number.as_str(), "R8-1");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Enter); // yes
    assert!(app.meetings.form.is_none());
    assert!(store.meetings_held(None, None).unwrap().is_empty());
}

#[test]
fn discard_question_fits_in_english() {
    let (_d, _store, app) = setup();
    let d = tsunagu::seed::load_embedded().unwrap().directory;
    let env = Env::new(d, Keymap::default_map(), Lang::En, "総合相談支援室".into());
    let mut app = App::new(env, app.now).with_store(app.store.clone().unwrap());
    key(&mut app, KeyCode::F(5));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Esc);
    let screen = common::screen_of(&mut app);
    assert!(
        screen.contains("Discard this meeting as typed? (Enter: yes  Esc: no)"),
        "{screen}"
    );
    assert!(screen.contains("Enter yes (discard)"), "{screen}");
}
