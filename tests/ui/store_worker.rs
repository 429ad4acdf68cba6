//! Issue 12: 会議 and 集計 ask the store worker and take its answers at the loop's tick
//! (the UI thread never waits for the store); the desk's first frame waits for nothing
//! of the seed: the directory is read after it, and the opener's directory replaces it.

use crate::common::{key, settle, typed};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;
use tsunagu::domain::{Case, Consent, Identity};
use tsunagu::i18n::Lang;
use tsunagu::store::guard;
use tsunagu::tui::app::{App, Env, Opened, SharedStore};
use tsunagu::tui::keymap::Keymap;

fn now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(15, 0, 0)
        .unwrap()
}

/// Case `seq` of 2026 with `consent` on record.
fn case(seq: u32, consent: Consent) -> Case {
    let mut c = crate::common::store::case_on(2026, seq, "2026-11-20T10:00:00+09:00");
    c.intake.consent = consent;
    c
}

fn env() -> Env {
    let d = tsunagu::seed::load_embedded().unwrap().directory;
    Env::new(d, Keymap::default_map(), Lang::Ja, "総合相談支援室".into())
}

/// An app on a store with two cases (consent given, refused), its worker running.
fn setup() -> (tempfile::TempDir, SharedStore, App) {
    let dir = tempfile::tempdir().unwrap();
    let store: SharedStore = Arc::new(crate::common::store::open(&dir.path().join("store")));
    for (seq, consent) in [(1, Consent::Given), (2, Consent::Refused)] {
        store.put_case(&case(seq, consent)).unwrap();
    }
    let mut app = App::new(env(), now()).with_store(store.clone());
    app.start_worker().unwrap();
    (dir, store, app)
}

fn save(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

/// A 支援会議 form with one case row filled in, not saved.
fn fill_form(app: &mut App, case: &str) {
    key(app, KeyCode::Char('n'));
    key(app, KeyCode::Right); // 支援会議
    for _ in 0..4 {
        key(app, KeyCode::Tab); // date, sections, agencies, case 1
    }
    typed(app, case);
}

#[test]
fn meetings_are_read_and_recorded_by_the_worker() {
    let (_d, store, mut app) = setup();
    key(&mut app, KeyCode::F(5));
    assert!(app.waiting(), "the year's list is asked of the worker");
    settle(&mut app);
    assert!(app.meetings.list.is_empty());

    fill_form(&mut app, "2");
    settle(&mut app); // the form's look-up of R8-000002
    assert_eq!(app.meetings.cases.len(), 1, "the case typed was looked up");
    save(&mut app);
    // The answer is taken at a tick: until then the form waits and holds what is typed.
    assert!(app.waiting());
    assert!(app.meetings.form.is_some());
    typed(&mut app, "9"); // held: the form does not change under the save
    assert_eq!(app.meetings.form.as_ref().unwrap().rows[0].number.as_str(), "2");
    settle(&mut app);
    let held = store.meetings_held(None, None).unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].kind, "shien_kaigi");
    let msg = app.message.clone().unwrap().text;
    assert!(msg.contains("記録しました") && msg.contains(&held[0].id), "{msg}");
    assert_eq!(app.meetings.list.len(), 1, "the list was read again");
    assert_eq!(app.meetings.selected.index(), 0);
    assert!(app.meetings.form.is_none(), "recorded: the form closed");
    assert_eq!(held[0].cases[0].case, "R8-000002", "as typed before the save");
}

#[test]
fn a_failed_save_keeps_the_form_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let raw: SharedStore = Arc::new(crate::common::store::open(&dir.path().join("store")));
    raw.put_case(&case(1, Consent::Given)).unwrap();
    // The desk's user may open 会議 (the app's roster), but the store refuses everyone
    // it does not know: every call fails, as a stopped service's would.
    let store: SharedStore = Arc::new(guard::guard(raw, Identity::unknown("nobody")));
    let mut app = App::new(env(), now()).with_store(store.clone());
    app.start_worker().unwrap();
    key(&mut app, KeyCode::F(5));
    settle(&mut app);
    fill_form(&mut app, "1");
    key(&mut app, KeyCode::Tab); // decision
    key(&mut app, KeyCode::Tab); // note
    typed(&mut app, "次回も共有");
    save(&mut app);
    typed(&mut app, "する");
    settle(&mut app);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| !m.text.contains("記録しました"))
    );
    let form = app.meetings.form.as_ref().expect("the form stays");
    assert_eq!(form.rows[0].number.as_str(), "1");
    assert_eq!(
        form.rows[0].note.as_str(),
        "次回も共有する",
        "typed during the save, then kept"
    );
}

#[test]
fn figures_are_read_by_the_worker_year_by_year() {
    let (_d, _store, mut app) = setup();
    key(&mut app, KeyCode::F(6));
    assert!(app.waiting(), "the figures are asked of the worker");
    assert!(app.report.figures.is_none());
    settle(&mut app);
    let f = app.report.figures.as_ref().expect("the year's figures");
    assert_eq!(f.fiscal_year, 2026);
    assert_eq!(f.consultations.total, 2);
    key(&mut app, KeyCode::Left);
    assert!(
        app.report.figures.is_none(),
        "not last year's figures under the year chosen"
    );
    settle(&mut app);
    let f = app.report.figures.as_ref().expect("the year before");
    assert_eq!(f.fiscal_year, 2025);
    assert_eq!(f.consultations.total, 0);
}

#[test]
fn the_directory_is_read_after_the_first_frame_and_replaced_by_the_stores() {
    let empty = tsunagu::domain::Directory::default();
    let index = tsunagu::search::Index::build(&empty);
    let env = Env::with_index(
        empty,
        index,
        Keymap::default_map(),
        Lang::Ja,
        "総合相談支援室".into(),
    );
    let mut app = App::new(env, now());
    let mut stale = tsunagu::seed::load_embedded().unwrap().directory;
    stale.sections[0].name = "zqxjvk".into();
    let stale_index = tsunagu::search::Index::build(&stale);
    let stale = Arc::new(stale);
    let given = Arc::clone(&stale);
    app.load_later(Box::new(move || (given, stale_index)));
    // The first frame draws nothing of the directory.
    let screen = crate::common::screen_of(&mut app);
    assert!(screen.contains("*検索*"), "{screen}");
    assert!(app.env.directory.sections.is_empty(), "not read before the frame");
    // The first key reads it first (the loop reads it right after the frame).
    typed(&mut app, "zqxjvk");
    assert!(Arc::ptr_eq(&app.env.directory, &stale));
    assert!(!app.search.hits.is_empty(), "searched in the directory read");

    // The store opens with the seed in effect: its directory replaces the stale one.
    let dir = tempfile::tempdir().unwrap();
    let store: SharedStore = Arc::new(crate::common::store::open(&dir.path().join("store")));
    let (tx, rx) = std::sync::mpsc::channel();
    app.open_later(rx);
    let real = tsunagu::seed::load_embedded().unwrap();
    let index = tsunagu::search::Index::build(&real.directory);
    tx.send(Some(Box::new(Opened {
        store,
        identity: Identity::embedded_owner("desk", "総合相談支援室", &[]),
        user: "desk".into(),
        desk: None,
        directory: Some((Arc::new(real.directory.clone()), index)),
        seed_hash: Some(real.hash),
        message: None,
    })))
    .unwrap();
    assert!(app.tick(now()));
    assert_eq!(*app.env.directory, real.directory);
    key(&mut app, KeyCode::Char('u')); // the query is searched again on the next key
    assert!(app.search.hits.is_empty(), "zqxjvku: the stale section is gone");
}

/// A revision poll that finds nothing new changes nothing shown, so the loop does not
/// redraw for it (it used to: a redraw 15 ms after any key typed while a poll was out,
/// the tail of "key to last byte" in BENCHMARKS.md).
#[test]
fn a_poll_that_finds_nothing_new_asks_for_no_redraw() {
    let (_dir, _store, mut app) = setup();
    key(&mut app, KeyCode::F(3)); // 検索: no store reads of its own
    let settled = std::time::Instant::now();
    while settled.elapsed() < std::time::Duration::from_millis(300) {
        app.tick(now());
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // Three polls' worth (every 400 ms), nothing written meanwhile.
    let started = std::time::Instant::now();
    let mut polls = 0;
    while started.elapsed() < std::time::Duration::from_millis(1300) {
        let out = app.waiting();
        assert!(!app.tick(now()), "a redraw asked for with nothing new");
        polls += usize::from(out && !app.waiting());
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(polls >= 2, "the polls ran ({polls})");
}
