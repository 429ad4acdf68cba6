//! 案件 tab at 80x24 through ratatui's TestBackend: the 全件 list with a timeline, the
//! section inbox, accept / done / return (checked in the store too), a restricted case
//! masked, the detail and the slip, and the empty states.

use crate::common;
use common::key;
use common::{render, screen, settle};

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;
use tsunagu::domain::{
    Case, CaseNote, Channel, Consent, Handoff, HandoffStatus, Intake, Person, Personal, Relation,
    StatusChange, case_number,
};
use tsunagu::i18n::Lang;
use tsunagu::store::Store;
use tsunagu::tui::app::{App, Cx, Effects, Env, SharedStore, Tab};
use tsunagu::tui::keymap::{Context, Keymap};
use tsunagu::tui::tabs::cases::words::Word;

const NAME: &str = "髙橋 𠮷男";
const PHONE: &str = "04-2964-1111";

struct Fixture {
    app: App,
    store: SharedStore,
    _tmp: tempfile::TempDir,
}

fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(15, 20, 0)
        .unwrap()
}

fn env(lang: Lang) -> Env {
    let dir = tsunagu::seed::load_embedded().unwrap().directory;
    let mut env = Env::new(dir, Keymap::default_map(), lang, "総合相談支援室".into());
    env.user = "yamada".into();
    env
}

fn fixture(lang: Lang) -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let store: SharedStore = Arc::new(crate::common::store::open(&tmp.path().join("store")));
    let app = App::new(env(lang), now()).with_store(store.clone());
    Fixture {
        app,
        store,
        _tmp: tmp,
    }
}

fn person(relation: Relation, age: u8, concerns: &[&str]) -> Person {
    Person {
        relation,
        age: Some(age),
        concerns: concerns.iter().map(|c| c.to_string()).collect(),
    }
}

/// A case saved the way the intake saves one.
fn put_case(
    store: &dyn Store,
    received_at: &str,
    desk: &str,
    people: Vec<Person>,
    restricted: bool,
) -> String {
    let seq = u32::try_from(store.record_counts().unwrap().cases).unwrap() + 1;
    let number = case_number(2026, seq);
    let case = Case {
        number: number.clone(),
        fiscal_year: 2026,
        seq,
        received_at: received_at.into(),
        desk: desk.into(),
        staff: Some("uketsuke".into()),
        intake: Intake {
            channel: Channel::WalkIn,
            consent: Consent::Given,
            seeks_help: true,
            people,
            note: Some("母が高齢で、息子が長くひきこもっている。今後が不安。".into()),
            ..Intake::default()
        },
        personal: Personal {
            name: Some(NAME.into()),
            kana: Some("たかはし よしお".into()),
            phone: Some(PHONE.into()),
            address: None,
        },
        restricted,
        notes: vec![],
        closed_at: None,
        closing_note: None,
        consultations: Vec::new(),
    };
    store.put_case(&case).unwrap();
    number
}

fn put_handoff(
    store: &dyn Store,
    case: &str,
    program: &str,
    section: &str,
    site: Option<&str>,
    at: &str,
    note: &str,
) {
    store
        .add_handoff(Handoff {
            case: case.into(),
            seq: 0,
            program: program.into(),
            section: section.into(),
            site: site.map(str::to_string),
            reasons: vec!["80代の親と50代の子の世帯: 8050問題の可能性".into()],
            note: note.into(),
            from_desk: "総合相談支援室".into(),
            requested_at: at.into(),
            status: HandoffStatus::Requested,
            history: vec![StatusChange {
                at: at.into(),
                to: HandoffStatus::Requested,
                by: "uketsuke".into(),
                reason: None,
            }],
        })
        .unwrap();
}

/// The 8050 household: one case, handed to 高齢者支援課 and 地域保健課.
fn household_8050(f: &Fixture) -> String {
    let s = f.store.as_ref();
    let n = put_case(
        s,
        "2026-11-26T14:09:00+09:00",
        "総合相談支援室",
        vec![
            person(Relation::Myself, 53, &["hikikomori"]),
            person(Relation::Parent, 82, &["elderly_care"]),
        ],
        false,
    );
    put_handoff(
        s,
        &n,
        "chiiki_houkatsu",
        "koureisha_shien",
        Some("houkatsu_toyooka_kita"),
        "2026-11-26T14:10:00+09:00",
        "親 82歳: 介護認定の申請を手伝ってほしい",
    );
    n
}

fn ch(app: &mut App, c: char) {
    key(app, KeyCode::Char(c));
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        ch(app, c);
    }
}

fn shot(app: &mut App) -> String {
    screen(&render(app, 80, 24))
}

fn message(app: &App) -> String {
    app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

fn handoff(store: &dyn Store, case: &str, seq: u32) -> Handoff {
    store
        .handoffs_of_case(case)
        .unwrap()
        .into_iter()
        .find(|h| h.seq == seq)
        .unwrap()
}

/// 全件 → 受信箱 of the first section (高齢者支援課).
fn open_inbox(app: &mut App) {
    key(app, KeyCode::F(4));
    ch(app, 'i');
    assert_eq!(
        app.cases.section(&app.env.directory).map(|s| s.0),
        Some("koureisha_shien")
    );
}

#[test]
fn all_cases_with_timeline() {
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    put_handoff(
        f.store.as_ref(),
        &n,
        "hikikomori",
        "chiiki_hoken",
        None,
        "2026-11-26T14:11:00+09:00",
        "",
    );
    // an older case of the year, from a district center, and one of last year (not shown)
    put_case(
        f.store.as_ref(),
        "2026-11-20T09:30:00+09:00",
        "東金子地区センター",
        vec![person(Relation::Myself, 34, &["childcare", "poverty"])],
        false,
    );
    put_case(
        f.store.as_ref(),
        "2026-03-02T09:30:00+09:00",
        "総合相談支援室",
        vec![],
        false,
    );
    // the first hand-off was accepted
    let mut h = handoff(f.store.as_ref(), &n, 1);
    h.transition(HandoffStatus::Accepted, "2026-11-26T15:02:00+09:00", "sato", None)
        .unwrap();
    f.store.update_handoff(&h).unwrap();

    key(&mut f.app, KeyCode::F(4));
    assert_eq!(f.app.tab, Tab::Cases);
    assert_eq!(f.app.cases.rows.len(), 2, "今年度 only");
    let s = shot(&mut f.app);
    assert!(
        !s.contains(NAME) && !s.contains(PHONE),
        "no names in the list:\n{s}"
    );
    assert!(s.contains("2件"));
    insta::assert_snapshot!(s);

    // 全期間 shows last year's case too
    ch(&mut f.app, 'w');
    assert_eq!(f.app.cases.rows.len(), 3);
}

#[test]
fn inbox_of_koureisha_shien() {
    let mut f = fixture(Lang::Ja);
    household_8050(&f);
    open_inbox(&mut f.app);
    assert_eq!(f.app.cases.rows.len(), 1);
    insta::assert_snapshot!(shot(&mut f.app));
}

#[test]
fn accept_then_done_changes_the_store() {
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    open_inbox(&mut f.app);
    ch(&mut f.app, 'a');
    assert_eq!(message(&f.app), format!("{n} を受理しました"));
    let h = handoff(f.store.as_ref(), &n, 1);
    assert_eq!(h.status, HandoffStatus::Accepted);
    let last = h.history.last().unwrap();
    assert_eq!((last.by.as_str(), last.to), ("yamada", HandoffStatus::Accepted));
    assert_eq!(
        f.store
            .handoffs_to_section("koureisha_shien", Some(HandoffStatus::Accepted))
            .unwrap()
            .len(),
        1
    );
    let s = shot(&mut f.app);
    assert!(s.contains("受理  総合相談支援室 -> 高齢者支援課"), "{s}");
    insta::assert_snapshot!(s);

    ch(&mut f.app, 'd');
    assert_eq!(message(&f.app), format!("{n} を完了にしました"));
    assert_eq!(handoff(f.store.as_ref(), &n, 1).status, HandoffStatus::Done);
    assert_eq!(handoff(f.store.as_ref(), &n, 1).history.len(), 3);
}

#[test]
fn invalid_transition_says_why_and_changes_nothing() {
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    open_inbox(&mut f.app);
    // done straight from requested is not allowed
    ch(&mut f.app, 'd');
    assert!(
        message(&f.app).contains("「依頼中」のため「完了」にできません"),
        "{}",
        message(&f.app)
    );
    assert_eq!(handoff(f.store.as_ref(), &n, 1).status, HandoffStatus::Requested);
    ch(&mut f.app, 'a');
    ch(&mut f.app, 'd');
    let before = handoff(f.store.as_ref(), &n, 1);
    assert_eq!(before.status, HandoffStatus::Done);
    // done -> accept
    ch(&mut f.app, 'a');
    let m = message(&f.app);
    assert!(
        m.contains(&n) && m.contains("高齢者支援課") && m.contains("「完了」のため「受理」にできません"),
        "{m}"
    );
    assert_eq!(handoff(f.store.as_ref(), &n, 1), before);
    // done -> returned: the prompt does not even open
    ch(&mut f.app, 'r');
    assert!(f.app.cases.prompt.is_none());
    assert!(message(&f.app).contains("「差戻し」にできません"));
    assert_eq!(handoff(f.store.as_ref(), &n, 1), before);
}

#[test]
fn return_needs_a_reason_from_the_prompt() {
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    open_inbox(&mut f.app);
    assert_eq!(f.app.context(), Context::List);
    ch(&mut f.app, 'r');
    assert_eq!(f.app.context(), Context::Input);
    // Enter with nothing typed (or only spaces) is refused
    key(&mut f.app, KeyCode::Enter);
    assert!(message(&f.app).contains("差戻しの理由を入力してください"));
    type_str(&mut f.app, "   ");
    key(&mut f.app, KeyCode::Enter);
    assert!(f.app.cases.prompt.is_some());
    assert_eq!(handoff(f.store.as_ref(), &n, 1).status, HandoffStatus::Requested);
    // keys bound in the list (a, d, s …) type into the prompt
    key(&mut f.app, KeyCode::Char('u'));
    f.app
        .on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_str(&mut f.app, "担当地区が違うため豊岡東へ");
    let s = shot(&mut f.app);
    insta::assert_snapshot!(s);
    let cursor = render(&mut f.app, 80, 24).backend().cursor_position();
    // the cursor sits after the typed reason, on the prompt line, for the IME
    assert_eq!((cursor.x, cursor.y), (23 + 26, 21));

    // Esc cancels, keeping the list, the selection and the typed reason
    key(&mut f.app, KeyCode::Esc);
    assert!(f.app.cases.prompt.is_none());
    assert_eq!(f.app.context(), Context::List);
    assert_eq!(f.app.cases.rows.len(), 1);
    assert_eq!(handoff(f.store.as_ref(), &n, 1).status, HandoffStatus::Requested);
    ch(&mut f.app, 'r');
    assert_eq!(
        f.app.cases.prompt.as_ref().unwrap().input.as_str(),
        "担当地区が違うため豊岡東へ"
    );
    key(&mut f.app, KeyCode::Enter);
    assert_eq!(message(&f.app), format!("{n} を差し戻しました"));
    let h = handoff(f.store.as_ref(), &n, 1);
    assert_eq!(h.status, HandoffStatus::Returned);
    assert_eq!(
        h.history.last().unwrap().reason.as_deref(),
        Some("担当地区が違うため豊岡東へ")
    );
    assert!(f.app.cases.prompt.is_none());
    // the timeline shows the return and its reason
    let s = shot(&mut f.app);
    assert!(
        s.contains("差戻し  高齢者支援課 (yamada)  理由「担当地区が違うため豊岡東へ」"),
        "{s}"
    );
}

#[test]
fn actions_in_all_cases_point_to_the_inbox() {
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    key(&mut f.app, KeyCode::F(4));
    ch(&mut f.app, 'a');
    assert!(
        message(&f.app).contains("i で受信箱に切り替えてください"),
        "{}",
        message(&f.app)
    );
    ch(&mut f.app, 'r');
    assert!(f.app.cases.prompt.is_none());
    assert_eq!(handoff(f.store.as_ref(), &n, 1).status, HandoffStatus::Requested);
}

#[test]
fn restricted_case_is_masked() {
    let mut f = fixture(Lang::Ja);
    household_8050(&f);
    let s = f.store.as_ref();
    let dv = put_case(
        s,
        "2026-11-26T15:00:00+09:00",
        "東金子地区センター",
        vec![
            person(Relation::Myself, 41, &["dv"]),
            person(Relation::Child, 9, &["childcare"]),
        ],
        true,
    );
    put_handoff(
        s,
        &dv,
        "chiiki_houkatsu",
        "koureisha_shien",
        None,
        "2026-11-26T15:05:00+09:00",
        "夫から逃げている。連絡は本人の携帯のみ",
    );
    key(&mut f.app, KeyCode::F(4));
    let shot_ = shot(&mut f.app);
    assert!(shot_.contains("***** (秘匿)"), "{shot_}");
    assert!(!shot_.contains("DV") && !shot_.contains("夫から"), "{shot_}");
    insta::assert_snapshot!(shot_);
    // the detail shows what the desk needs, never the personal fields
    key(&mut f.app, KeyCode::Enter);
    let detail = shot(&mut f.app);
    assert!(detail.contains("秘匿のため表示しません"), "{detail}");
    assert!(!detail.contains(NAME) && !detail.contains(PHONE));
}

#[test]
fn detail_shows_personal_fields_and_scrolls() {
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    key(&mut f.app, KeyCode::F(4));
    key(&mut f.app, KeyCode::Enter);
    let s = shot(&mut f.app);
    assert!(s.contains(&format!("{n} の詳細")), "{s}");
    assert!(s.contains(NAME) && s.contains(PHONE), "{s}");
    assert!(s.contains("本人 53歳: ひきこもり"), "{s}");
    // scroll to the end: the hand-off's reasons are there
    key(&mut f.app, KeyCode::End);
    let s = shot(&mut f.app);
    assert!(s.contains("8050問題の可能性"), "{s}");
    key(&mut f.app, KeyCode::Esc);
    assert!(shot(&mut f.app).contains(&format!("{n} の経過")));
}

#[test]
fn slip_view() {
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    key(&mut f.app, KeyCode::F(4));
    ch(&mut f.app, 'p');
    let s = shot(&mut f.app);
    assert!(s.contains(&format!("tsunagu slip {n}")), "{s}");
    insta::assert_snapshot!(s);
    key(&mut f.app, KeyCode::PageDown);
    let s = shot(&mut f.app);
    assert!(s.contains("本人情報"), "{s}");
    key(&mut f.app, KeyCode::Esc);
    assert!(shot(&mut f.app).contains(&format!("{n} の経過")));
}

/// Ctrl-S on the slip saves it to a private file (the path on the message line); Ctrl-P
/// prints it with lp off the screen's thread (its answer on the message line), and says
/// 印刷の設定がありません when there is no lp or no default destination.
#[test]
fn slip_saves_to_a_file_and_prints_with_lp() {
    use std::os::unix::fs::PermissionsExt;
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    let out = tempfile::tempdir().unwrap();
    let script = |name: &str, body: &str| {
        let path = out.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).unwrap();
        path
    };
    let printed = out.path().join("printed.txt");
    let lp = script(
        "lp",
        &format!(
            "cat > '{}'; echo 'request id is desk-3 (1 file(s))'",
            printed.display()
        ),
    );
    let lpstat = script("lpstat", "echo 'system default destination: desk'");
    f.app.cases.slip_dir = Some(out.path().join("slips"));
    f.app.cases.printer = tsunagu::slip::print::Printer {
        lp: out.path().join("no-lp"),
        lpstat: lpstat.clone(),
    };
    key(&mut f.app, KeyCode::F(4));
    ch(&mut f.app, 'p');
    let s = shot(&mut f.app);
    assert!(
        s.contains("Ctrl-S 保存") && s.contains("Ctrl-P シートを印刷"),
        "{s}"
    );
    f.app
        .on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let file = out.path().join("slips").join(format!("{n}.txt"));
    assert_eq!(message(&f.app), format!("保存しました: {}", file.display()));
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        saved.starts_with("つなぐシート\n") && saved.contains(&n),
        "{saved}"
    );
    assert!(
        saved.contains(NAME),
        "consent given: the person's name is on the slip"
    );
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // the same text as `tsunagu slip` prints
    let case = f.store.case(&n).unwrap().unwrap();
    let handoffs = f.store.handoffs_of_case(&n).unwrap();
    let dir = tsunagu::seed::load_embedded().unwrap().directory;
    assert_eq!(
        saved,
        tsunagu::slip::render(&dir, &case, &handoffs, None, Lang::Ja).unwrap()
    );
    // no lp: nothing happens
    f.app
        .on_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL));
    assert_eq!(message(&f.app), "印刷の設定がありません");
    assert!(!printed.exists());
    // lp and a default destination: sent, and lp's answer shows
    f.app.cases.printer = tsunagu::slip::print::Printer { lp, lpstat };
    f.app
        .on_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL));
    assert!(
        message(&f.app).contains("印刷に送っています"),
        "{}",
        message(&f.app)
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !message(&f.app).starts_with("印刷しました") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
        f.app.tick(now());
    }
    assert_eq!(message(&f.app), "印刷しました: request id is desk-3 (1 file(s))");
    assert_eq!(std::fs::read_to_string(&printed).unwrap(), saved);
    // still on the slip
    assert!(shot(&mut f.app).contains(&format!("{n} のつなぐシート")));
}

#[test]
fn filters_cycle_and_show_case_selects_it() {
    let mut f = fixture(Lang::Ja);
    let first = household_8050(&f);
    let other = put_case(
        f.store.as_ref(),
        "2026-11-25T11:00:00+09:00",
        "東金子地区センター",
        vec![person(Relation::Myself, 70, &["dementia"])],
        false,
    );
    key(&mut f.app, KeyCode::F(4));
    assert_eq!(f.app.cases.rows.len(), 2);
    // status: 依頼中 keeps only the case with a requested hand-off
    ch(&mut f.app, 's');
    assert_eq!(f.app.cases.rows.len(), 1);
    ch(&mut f.app, 's');
    assert!(f.app.cases.rows.is_empty());
    assert!(shot(&mut f.app).contains("条件に合う案件はありません"));
    for _ in 0..4 {
        ch(&mut f.app, 's');
    }
    assert_eq!(f.app.cases.status, None);
    // desk: 全窓口 -> each desk seen -> 全窓口
    ch(&mut f.app, 'k');
    assert_eq!(f.app.cases.rows.len(), 1);
    ch(&mut f.app, 'k');
    assert_eq!(f.app.cases.rows.len(), 1);
    ch(&mut f.app, 'k');
    assert_eq!(f.app.cases.rows.len(), 2);
    // period: 全期間 -> 今日 has one case
    ch(&mut f.app, 'w');
    ch(&mut f.app, 'w');
    assert_eq!(f.app.cases.rows.len(), 1);
    // the section switch opens the inbox, then moves on
    ch(&mut f.app, 'f');
    assert_eq!(f.app.cases.view, tsunagu::tui::tabs::cases::filter::View::Inbox);
    ch(&mut f.app, 'f');
    assert!(shot(&mut f.app).contains("障害者支援課 への依頼はありません"));

    // after the intake saves a case, 案件 shows it selected in 全件 / 今年度
    {
        let mut out = Effects::default();
        let mut cx = Cx {
            env: &f.app.env,
            store: Some(f.store.as_ref() as &dyn Store),
            now: now(),
            out: &mut out,
        };
        f.app.cases.show_case(&other, &mut cx);
    }
    assert_eq!(f.app.cases.view, tsunagu::tui::tabs::cases::filter::View::All);
    assert_eq!(
        f.app.cases.period,
        tsunagu::tui::tabs::cases::filter::Period::FiscalYear
    );
    assert_eq!(
        f.app.cases.selected_row().map(|r| r.number.clone()),
        Some(other.clone())
    );
    // refresh keeps the selection
    key(&mut f.app, KeyCode::F(3));
    key(&mut f.app, KeyCode::F(4));
    assert_eq!(f.app.cases.selected_row().map(|r| r.number.clone()), Some(other));
    let _ = first;
}

#[test]
fn empty_states_say_what_to_do() {
    let mut f = fixture(Lang::Ja);
    key(&mut f.app, KeyCode::F(4));
    let s = shot(&mut f.app);
    assert!(
        s.contains("案件はまだありません: 受付 (F2) で相談を記録してください"),
        "{s}"
    );
    ch(&mut f.app, 'i');
    assert!(shot(&mut f.app).contains("高齢者支援課 への依頼はありません"));
    // keys that need a case do nothing harmful
    for c in ['a', 'r', 'd', 'p', 'w', 'k'] {
        ch(&mut f.app, c);
    }
    key(&mut f.app, KeyCode::Enter);
    assert!(f.app.cases.prompt.is_none());

    // no store at all
    let mut a = App::new(env(Lang::Ja), now());
    key(&mut a, KeyCode::F(4));
    for c in ['i', 'a', 'r', 'd', 'p', 's', 'f', 'w', 'k'] {
        ch(&mut a, c);
    }
    key(&mut a, KeyCode::Enter);
    let s = shot(&mut a);
    assert!(s.contains("保存先のデータが開かれていないため"), "{s}");
}

#[test]
fn english_and_other_sizes_do_not_panic() {
    let mut f = fixture(Lang::En);
    household_8050(&f);
    key(&mut f.app, KeyCode::F(4));
    let s = shot(&mut f.app);
    assert!(s.contains("Timeline of R8-000001"), "{s}");
    assert!(s.contains("self53 parent82"), "{s}");
    for (w, h) in [(60, 20), (200, 60), (40, 10), (39, 9), (1, 1), (80, 24)] {
        render(&mut f.app, w, h);
    }
    ch(&mut f.app, 'i');
    ch(&mut f.app, 'r');
    type_str(&mut f.app, &"長い理由".repeat(40));
    for (w, h) in [(40, 10), (80, 24)] {
        render(&mut f.app, w, h);
    }
    key(&mut f.app, KeyCode::Esc);
    ch(&mut f.app, 'p');
    for (w, h) in [(40, 10), (80, 24)] {
        render(&mut f.app, w, h);
    }
}

#[test]
fn every_word_is_width_safe() {
    for w in Word::ALL {
        for lang in [Lang::Ja, Lang::En] {
            assert!(tsunagu::tui::text::is_width_safe(w.text(lang)), "{w:?}");
        }
    }
}

#[test]
fn case_notes_appear_in_the_timeline() {
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    let mut c = f.store.case(&n).unwrap().unwrap();
    c.notes.push(CaseNote {
        at: "2026-11-26T14:30:00+09:00".into(),
        by: "uketsuke".into(),
        text: "来週また来所予定".into(),
    });
    f.store.put_case(&c).unwrap();
    key(&mut f.app, KeyCode::F(4));
    let s = shot(&mut f.app);
    let pos = |needle: &str| s.find(needle).unwrap_or_else(|| panic!("{needle}:\n{s}"));
    assert!(pos("受付 (来所") < pos("つなぐ ->"));
    assert!(pos("つなぐ ->") < pos("メモ: 来週また来所予定"));
}

/// With the store worker (issue 12): pages, accept, a refused transition and a return
/// with its reason go through it, and say the same as without it; "受理しました" only once
/// the worker has written the change.
#[test]
fn changes_and_pages_through_the_store_worker() {
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    f.app.start_worker().unwrap();
    key(&mut f.app, KeyCode::F(4));
    settle(&mut f.app);
    ch(&mut f.app, 'i');
    settle(&mut f.app);
    assert_eq!(f.app.cases.rows.len(), 1);
    ch(&mut f.app, 'd');
    settle(&mut f.app);
    assert!(message(&f.app).contains("「依頼中」のため「完了」にできません"));
    ch(&mut f.app, 'a');
    assert_ne!(
        message(&f.app),
        format!("{n} を受理しました"),
        "not before the worker wrote it"
    );
    settle(&mut f.app);
    assert_eq!(message(&f.app), format!("{n} を受理しました"));
    assert_eq!(handoff(f.store.as_ref(), &n, 1).status, HandoffStatus::Accepted);
    assert!(shot(&mut f.app).contains("受理  総合相談支援室 -> 高齢者支援課"));
    ch(&mut f.app, 'r');
    type_str(&mut f.app, "担当外");
    key(&mut f.app, KeyCode::Enter);
    settle(&mut f.app);
    let h = handoff(f.store.as_ref(), &n, 1);
    assert_eq!(h.status, HandoffStatus::Returned);
    assert_eq!(h.history.last().unwrap().reason.as_deref(), Some("担当外"));
}

/// Issue 11 (1): a case saved without a hand-off (つなぎなし) is handed off from 案件, from
/// the list (`t`) and from the case's detail; Esc on the dialog returns to 案件.
#[test]
fn hand_off_a_saved_case_from_the_list_and_the_detail() {
    let mut f = fixture(Lang::Ja);
    let n = put_case(
        f.store.as_ref(),
        "2026-11-26T14:09:00+09:00",
        "総合相談支援室",
        vec![
            person(Relation::Myself, 53, &["hikikomori"]),
            person(Relation::Parent, 82, &["elderly_care"]),
        ],
        false,
    );
    key(&mut f.app, KeyCode::F(4));
    let s = shot(&mut f.app);
    assert!(s.contains("t つなぐ"), "the hint names the key:\n{s}");
    ch(&mut f.app, 't');
    assert_eq!(f.app.tab, Tab::Intake);
    let d = f.app.intake.dialog.as_ref().expect("the hand-off dialog");
    assert_eq!(d.case.as_deref(), Some(n.as_str()));
    let s = shot(&mut f.app);
    assert!(s.contains(&format!("つなぐ案件: {n}")), "{s}");
    assert!(s.contains("地域包括支援センター"), "{s}");
    key(&mut f.app, KeyCode::Esc);
    assert_eq!(f.app.tab, Tab::Cases, "Esc returns to 案件");
    assert!(f.store.handoffs_of_case(&n).unwrap().is_empty());

    // from the detail
    key(&mut f.app, KeyCode::Enter);
    assert!(shot(&mut f.app).contains(&format!("{n} の詳細")));
    ch(&mut f.app, 't');
    assert!(f.app.intake.dialog.is_some());
    key(&mut f.app, KeyCode::Enter);
    assert_eq!(f.app.tab, Tab::Cases);
    let hs = f.store.handoffs_of_case(&n).unwrap();
    assert!(!hs.is_empty());
    assert!(hs.iter().all(|h| h.status == HandoffStatus::Requested));
    assert_eq!(f.store.record_counts().unwrap().cases, 1, "no new case");
    assert!(!f.app.intake.has_content(), "the form was not touched");
}

#[test]
fn hand_off_from_cases_in_english_fits() {
    let mut f = fixture(Lang::En);
    let n = household_8050(&f);
    key(&mut f.app, KeyCode::F(4));
    let s = shot(&mut f.app);
    assert!(s.contains("t Hand off"), "{s}");
    ch(&mut f.app, 't');
    let s = shot(&mut f.app);
    assert!(s.contains(&format!("Case: {n}")), "{s}");
}

/// Issue 11 (4): the slip's 本人が必要としていること is the intake's 相談内容; the
/// hand-off's note is 連絡事項. 未確認 consent reads as 未確認, not as 同意なし.
#[test]
fn slip_needs_is_the_intake_note_and_unconfirmed_reads_unconfirmed() {
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    let mut c = f.store.case(&n).unwrap().unwrap();
    c.intake.consent = Consent::Unknown;
    f.store.put_case(&c).unwrap();
    key(&mut f.app, KeyCode::F(4));
    ch(&mut f.app, 'p');
    let mut seen = String::new();
    for _ in 0..4 {
        seen.push_str(&shot(&mut f.app));
        key(&mut f.app, KeyCode::PageDown);
    }
    let lines: Vec<&str> = seen.lines().collect();
    let needs = lines
        .iter()
        .position(|l| l.contains("本人が必要としていること"))
        .expect("the heading");
    assert!(lines[needs + 1].contains("母が高齢で"), "{seen}");
    let note = lines.iter().position(|l| l.contains("連絡事項")).expect("note");
    assert!(lines[note + 1].contains("介護認定の申請"), "{seen}");
    assert!(
        seen.contains("本人同意が未確認のため個人情報は記載しません"),
        "{seen}"
    );
    assert!(!seen.contains("本人同意がないため"), "{seen}");
}

/// Issue 11 (5): the section filter jumps by typing a section's name (kana or romaji)
/// and cycles backwards (F), instead of six presses of f to 福祉総務課.
#[test]
fn section_filter_jumps_by_typing_and_cycles_back() {
    let mut f = fixture(Lang::Ja);
    household_8050(&f);
    key(&mut f.app, KeyCode::F(4));
    ch(&mut f.app, 'f'); // the inbox of 高齢者支援課, with the picker open
    assert_eq!(
        f.app.cases.section(&f.app.env.directory).map(|s| s.0),
        Some("koureisha_shien")
    );
    let s = shot(&mut f.app);
    assert!(s.contains("課の名前を入力で移動"), "{s}");
    type_str(&mut f.app, "ふくし");
    assert_eq!(
        f.app.cases.section(&f.app.env.directory).map(|s| s.1),
        Some("福祉総務課")
    );
    key(&mut f.app, KeyCode::Enter); // closes the picker
    assert!(f.app.cases.picking.is_none());
    // back with F, in steps
    ch(&mut f.app, 'F');
    assert_eq!(
        f.app.cases.section(&f.app.env.directory).map(|s| s.0),
        Some("seikatsu_shien")
    );
    key(&mut f.app, KeyCode::Left);
    assert_eq!(
        f.app.cases.section(&f.app.env.directory).map(|s| s.0),
        Some("chiiki_hoken")
    );
    // romaji, through letters that are list keys elsewhere (k, a, d …)
    type_str(&mut f.app, "kodomo");
    assert_eq!(
        f.app.cases.section(&f.app.env.directory).map(|s| s.1),
        Some("こども支援課")
    );
    key(&mut f.app, KeyCode::Esc);
    assert!(f.app.cases.picking.is_none());
    // romaji starting with the picker's own key: f cycles, fu… jumps
    ch(&mut f.app, 'f');
    ch(&mut f.app, 'f');
    assert_eq!(
        f.app.cases.section(&f.app.env.directory).map(|s| s.1),
        Some("生活支援課")
    );
    key(&mut f.app, KeyCode::Esc);
    ch(&mut f.app, 'f');
    type_str(&mut f.app, "gakkou");
    assert_eq!(
        f.app.cases.section(&f.app.env.directory).map(|s| s.1),
        Some("学校教育課")
    );
    key(&mut f.app, KeyCode::Esc);
    ch(&mut f.app, 'f');
    assert_ne!(
        f.app.cases.section(&f.app.env.directory).map(|s| s.1),
        Some("福祉総務課")
    );
    type_str(&mut f.app, "ukushi");
    assert_eq!(
        f.app.cases.section(&f.app.env.directory).map(|s| s.1),
        Some("福祉総務課")
    );
    key(&mut f.app, KeyCode::Esc);
    // closed: the keys act again (a on nothing selected does no harm)
    ch(&mut f.app, 'i');
    assert_eq!(f.app.cases.view, tsunagu::tui::tabs::cases::filter::View::All);
    let en = {
        let mut g = fixture(Lang::En);
        key(&mut g.app, KeyCode::F(4));
        ch(&mut g.app, 'f');
        shot(&mut g.app)
    };
    assert!(en.contains("(type a section's name; Left/Right; Enter)"), "{en}");
}

/// Issue 11 (3): a hand-off dialog left open on 受付 does not lose its typed note when
/// another case is handed off from 案件.
#[test]
fn a_dialog_left_open_keeps_its_note_over_a_hand_off_from_cases() {
    let mut f = fixture(Lang::Ja);
    let n = household_8050(&f);
    key(&mut f.app, KeyCode::F(2));
    for _ in 0..8 {
        key(&mut f.app, KeyCode::Tab); // age of person 1
    }
    type_str(&mut f.app, "70");
    f.app
        .on_key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    key(&mut f.app, KeyCode::Tab); // the note
    type_str(&mut f.app, "至急");
    key(&mut f.app, KeyCode::F(4));
    ch(&mut f.app, 't');
    assert_eq!(f.app.intake.dialog.as_ref().and_then(|d| d.case.clone()), Some(n));
    assert_eq!(
        f.app.intake.dialog.as_ref().map(|d| d.note.as_str().to_string()),
        Some(String::new())
    );
    key(&mut f.app, KeyCode::Esc);
    key(&mut f.app, KeyCode::F(2));
    f.app
        .on_key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    let d = f.app.intake.dialog.as_ref().expect("the form's dialog");
    assert_eq!(d.case, None);
    assert_eq!(d.note.as_str(), "至急");
}
