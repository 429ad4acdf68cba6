//! A returning resident (issue 11, finding 12): the case logged with kana is found from
//! 案件 with `/` and the kana typed in romaji; a week later the mother phones again, the
//! intake says 以前の相談 as her kana is typed, and Ctrl-O adds the call to that case as a
//! 相談記録 (no new case). Through the guard, as at a desk: every read audited.
//! Snapshots at 80x24.

use crate::common;
use common::{ctrl, key, typed};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::KeyCode;
use std::sync::Arc;
use tsunagu::domain::{Channel, Identity};
use tsunagu::i18n::Lang;
use tsunagu::store::guard::guard;
use tsunagu::store::{AuditFilter, SledStore, Store};
use tsunagu::tui::app::{App, Env, SharedStore, Tab};
use tsunagu::tui::keymap::Keymap;

const DESK: &str = "総合相談支援室";

fn day(d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .unwrap()
        .and_hms_opt(14, 7, 0)
        .unwrap()
}

fn env(lang: Lang) -> Env {
    let dir = tsunagu::seed::load_embedded().unwrap().directory;
    let mut env = Env::new(dir, Keymap::default_map(), lang, DESK.into());
    env.user = "tanaka".into();
    env.identity = Identity::embedded_owner("tanaka", DESK, &[]);
    env
}

struct Desk {
    _dir: tempfile::TempDir,
    raw: Arc<SledStore>,
    app: App,
}

/// A desk on a guarded store, on `day` of November.
fn desk(lang: Lang, on: u32) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let raw = Arc::new(common::store::open(&dir.path().join("store")));
    let who = Identity::embedded_owner("tanaka", DESK, &[]);
    let store: SharedStore = Arc::new(guard(raw.clone(), who));
    let app = App::new(env(lang), day(on)).with_store(store);
    Desk { _dir: dir, raw, app }
}

/// 受付: the son 53 in ひきこもり, the mother's kana and phone; saved with Ctrl-S.
fn log_first_visit(app: &mut App) {
    key(app, KeyCode::F(2));
    assert_eq!(app.tab, Tab::Intake);
    key(app, KeyCode::BackTab); // the suggestions pane (the last field)
    key(app, KeyCode::BackTab); // phone
    typed(app, "04-2964-1111");
    key(app, KeyCode::BackTab); // kana
    typed(app, "ヤマダ ハナコ");
    ctrl(app, 's');
    let m = app.message.clone().expect("saved");
    assert!(m.text.contains("R8-000001"), "{}", m.text);
}

#[test]
fn found_from_cases_by_kana_typed_in_romaji() {
    let mut d = desk(Lang::Ja, 19);
    log_first_visit(&mut d.app);
    key(&mut d.app, KeyCode::F(4));
    assert_eq!(d.app.tab, Tab::Cases);
    typed(&mut d.app, "/");
    assert!(d.app.cases.searching.is_some());
    typed(&mut d.app, "yamada");
    let typing = common::screen_of(&mut d.app);
    assert!(typing.contains("案件を検索> yamada"), "{typing}");
    key(&mut d.app, KeyCode::Enter);
    assert_eq!(d.app.cases.search.as_deref(), Some("yamada"));
    assert_eq!(d.app.cases.rows.len(), 1);
    insta::assert_snapshot!("cases_search_in_effect", common::screen_of(&mut d.app));
    // Nothing matches: said so, with how to clear it.
    typed(&mut d.app, "/");
    ctrl(&mut d.app, 'u');
    typed(&mut d.app, "suzuki");
    key(&mut d.app, KeyCode::Enter);
    let none = common::screen_of(&mut d.app);
    assert!(none.contains("「suzuki」に合う案件はありません"), "{none}");
    // Esc clears the search: the list is the period's again.
    key(&mut d.app, KeyCode::Esc);
    assert_eq!(d.app.cases.search, None);
    assert_eq!(d.app.cases.rows.len(), 1);
    // By number, in its short form.
    typed(&mut d.app, "/");
    ctrl(&mut d.app, 'u');
    typed(&mut d.app, "1");
    key(&mut d.app, KeyCode::Enter);
    assert_eq!(d.app.cases.rows.len(), 1);
}

#[test]
fn esc_on_the_search_line_keeps_what_was_typed() {
    let mut d = desk(Lang::En, 19);
    log_first_visit(&mut d.app);
    key(&mut d.app, KeyCode::F(4));
    typed(&mut d.app, "/");
    typed(&mut d.app, "hanako");
    key(&mut d.app, KeyCode::Esc);
    assert!(d.app.cases.searching.is_none());
    assert_eq!(d.app.cases.search, None);
    let m = d.app.message.clone().expect("said");
    assert!(m.text.contains("kept"), "{}", m.text);
    typed(&mut d.app, "/");
    let back = common::screen_of(&mut d.app);
    assert!(back.contains("Search cases> hanako"), "{back}");
    key(&mut d.app, KeyCode::Enter);
    let shown = common::screen_of(&mut d.app);
    assert!(shown.contains("Search: [hanako]"), "{shown}");
    assert!(shown.contains("R8-000001"), "{shown}");
}

#[test]
fn a_week_later_the_call_is_added_to_the_case() {
    let mut d = desk(Lang::Ja, 19);
    log_first_visit(&mut d.app);
    // A week later: the mother phones; the clerk types her kana.
    d.app.tick(day(26));
    key(&mut d.app, KeyCode::F(2));
    key(&mut d.app, KeyCode::Right); // 経路: 電話
    key(&mut d.app, KeyCode::BackTab); // the suggestions pane
    key(&mut d.app, KeyCode::BackTab); // phone
    key(&mut d.app, KeyCode::BackTab); // kana
    typed(&mut d.app, "やまだ はなこ");
    // Not per keystroke: nothing is looked up until the typing pauses.
    assert!(d.app.intake.lookup.found.is_none());
    d.app.tick(day(26) + Duration::seconds(1));
    let found = d.app.intake.lookup.found.clone().expect("以前の相談");
    assert_eq!(found.cases.len(), 1);
    assert_eq!(found.cases[0].case.number, "R8-000001");
    // The note of the call.
    key(&mut d.app, KeyCode::BackTab); // name
    key(&mut d.app, KeyCode::BackTab); // 相談内容
    typed(&mut d.app, "母から再度の電話");
    key(&mut d.app, KeyCode::Tab);
    key(&mut d.app, KeyCode::Tab); // kana
    insta::assert_snapshot!("intake_previous_banner", common::screen_of(&mut d.app));

    ctrl(&mut d.app, 'o');
    let ask = common::screen_of(&mut d.app);
    assert!(ask.contains("R8-000001 に相談記録として追加しますか"), "{ask}");
    // Esc says no: nothing written, nothing typed lost.
    key(&mut d.app, KeyCode::Esc);
    assert!(d.raw.case("R8-000001").unwrap().unwrap().consultations.is_empty());
    assert!(d.app.intake.has_content());
    ctrl(&mut d.app, 'o');
    key(&mut d.app, KeyCode::Enter);

    // One case, with the call on it.
    assert_eq!(d.raw.cases().unwrap().len(), 1);
    let case = d.raw.case("R8-000001").unwrap().unwrap();
    assert_eq!(case.consultations.len(), 1);
    let r = &case.consultations[0];
    assert_eq!(r.channel, Channel::Phone);
    assert_eq!(r.desk, DESK);
    assert_eq!(r.by, "tanaka");
    assert_eq!(r.note.as_deref(), Some("母から再度の電話"));
    assert!(r.at.starts_with("2026-11-26"), "{}", r.at);
    let m = d.app.message.clone().expect("said");
    assert!(
        m.text.contains("R8-000001 に相談記録を追加しました"),
        "{}",
        m.text
    );
    assert!(
        !d.app.intake.has_content(),
        "the form is blank for the next caller"
    );
    assert!(d.raw.draft("tanaka@総合相談支援室").unwrap().is_none());

    // Audited: the look-up's read and the write.
    let trail = d
        .raw
        .audit_entries(&AuditFilter {
            case: Some("R8-000001".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"read_case_page"), "{actions:?}");
    assert!(actions.contains(&"put_case"), "{actions:?}");

    // The case's timeline and detail in 案件 show the call.
    key(&mut d.app, KeyCode::F(4));
    let list = common::screen_of(&mut d.app);
    assert!(list.contains("相談記録 (電話, 総合相談支援室)"), "{list}");
    key(&mut d.app, KeyCode::Enter);
    let mut detail = String::new();
    for _ in 0..6 {
        detail.push_str(&common::screen_of(&mut d.app));
        key(&mut d.app, KeyCode::PageDown);
    }
    assert!(detail.contains("相談記録"), "{detail}");
    assert!(detail.contains("母から再度の電話"), "{detail}");
    // And the slip.
    let slip = tsunagu::slip::render(&d.app.env.directory, &case, &[], None, Lang::Ja).unwrap();
    assert!(slip.contains("相談記録"), "{slip}");
    assert!(slip.contains("2026-11-26 電話 総合相談支援室"), "{slip}");

    // The figures: two consultations, one case.
    let f = tsunagu::report::compute(
        2026,
        &d.app.env.directory,
        &d.raw.cases().unwrap(),
        &[],
        &[],
        day(26).date(),
    );
    assert_eq!(
        (
            f.consultations.total,
            f.consultations.cases,
            f.consultations.records
        ),
        (2, 1, 1)
    );
    let phone = f.channel(Channel::Phone).map(|c| c.count);
    assert_eq!(phone, Some(1));
}

#[test]
fn the_banner_in_english_and_without_a_match() {
    let mut d = desk(Lang::En, 19);
    log_first_visit(&mut d.app);
    key(&mut d.app, KeyCode::F(2));
    key(&mut d.app, KeyCode::BackTab); // the suggestions pane
    key(&mut d.app, KeyCode::BackTab); // phone
    key(&mut d.app, KeyCode::BackTab); // kana
    typed(&mut d.app, "すずき");
    d.app.tick(day(19) + Duration::seconds(1));
    assert!(d.app.intake.lookup.found.is_none());
    ctrl(&mut d.app, 'o');
    let m = d.app.message.clone().expect("said");
    assert!(m.text.contains("No earlier case"), "{}", m.text);
    ctrl(&mut d.app, 'u');
    typed(&mut d.app, "yamada");
    d.app.tick(day(19) + Duration::seconds(3));
    let s = common::screen_of(&mut d.app);
    assert!(s.contains("Earlier case: R8-000001"), "{s}");
    assert!(s.contains("Ctrl-O: add the call to this case"), "{s}");
}
