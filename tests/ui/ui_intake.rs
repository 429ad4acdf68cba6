//! The 受付 tab driven by keys: an 8050 walk-in with live suggestions, saved and handed
//! off; drafts kept through a store dropped without shutdown. Snapshots at 80x24.

use crate::common;
use common::{ctrl, key, typed};

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use std::sync::Arc;
use tsunagu::domain::HandoffStatus;
use tsunagu::i18n::Lang;
use tsunagu::store::{SledStore, Store};
use tsunagu::tui::app::{App, Env, SharedStore, Tab};
use tsunagu::tui::keymap::Keymap;

fn env(lang: Lang) -> Env {
    let dir = tsunagu::seed::load_embedded().unwrap().directory;
    let mut env = Env::new(dir, Keymap::default_map(), lang, "総合相談支援室".into());
    env.user = "tanaka".into();
    env
}

fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(14, 7, 0)
        .unwrap()
}

fn app_with(store: SharedStore) -> App {
    App::new(env(Lang::Ja), now()).with_store(store)
}

fn tabs(app: &mut App, n: usize) {
    for _ in 0..n {
        key(app, KeyCode::Tab);
    }
}

use common::tick_concern;

/// The 8050 household: son 53 in hikikomori, mother 82 needing care, in 藤沢.
fn fill_8050(app: &mut App, consent_steps: usize) {
    key(app, KeyCode::F(2));
    assert_eq!(app.tab, Tab::Intake);
    key(app, KeyCode::Tab); // district
    for _ in 0..7 {
        key(app, KeyCode::Right); // 藤沢
    }
    tabs(app, 2); // consent
    for _ in 0..consent_steps {
        key(app, KeyCode::Right);
    }
    tabs(app, 5); // seeks help, school, restricted, relation(0), age(0)
    typed(app, "53");
    key(app, KeyCode::Tab);
    tick_concern(app, "hikikomori");
    ctrl(app, 'n'); // a second person, focus on their relation
    key(app, KeyCode::Tab);
    typed(app, "82");
    key(app, KeyCode::Tab);
    tick_concern(app, "elderly_care");
    key(app, KeyCode::Tab); // leave the check-list: suggestions show
}

fn temp_store() -> (tempfile::TempDir, Arc<SledStore>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(crate::common::store::open(&dir.path().join("store")));
    (dir, store)
}

#[test]
fn intake_8050_with_live_suggestions() {
    let (_d, store) = temp_store();
    let mut app = app_with(store);
    fill_8050(&mut app, 1); // unknown -> given
    let a = &app.intake.advice;
    assert!(a.multi_agency);
    assert_eq!(a.meeting.as_deref(), Some("重層的支援会議"));
    assert_eq!(a.referrals[0].program_id, "takikan");
    insta::assert_snapshot!(common::screen_of(&mut app));
}

#[test]
fn consent_refused_sends_to_shien_kaigi() {
    let (_d, store) = temp_store();
    let mut app = app_with(store);
    fill_8050(&mut app, 2); // unknown -> given -> refused
    assert_eq!(app.intake.advice.meeting.as_deref(), Some("支援会議"));
    assert!(app.intake.advice.meeting_confidential);
}

/// Consent 未確認 (nobody has asked yet) is its own state: no meeting is decided, the
/// suggestion names both routes, and saving reminds the clerk to ask (plan 4(1), 4(2);
/// 多機関協働事業 「原則、本人同意を得る」).
#[test]
fn consent_not_yet_asked_decides_no_meeting_and_saving_reminds() {
    let (_d, store) = temp_store();
    let mut app = app_with(store.clone());
    fill_8050(&mut app, 0); // stays 未確認
    let a = &app.intake.advice;
    assert!(a.multi_agency);
    assert_eq!(a.meeting, None);
    assert!(a.consent_check.is_some());
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("[未確認    ]"), "{screen}");
    assert!(screen.contains("会議は未定"), "{screen}");
    assert!(!screen.contains("同意なし"), "{screen}");
    ctrl(&mut app, 's');
    assert!(store.case("R8-000001").unwrap().is_some());
    let m = app.message.as_ref().expect("a message");
    assert!(
        m.text.contains("R8-000001") && m.text.contains("同意が未確認"),
        "{}",
        m.text
    );
    // the whole message at 80x24, つなぐ offered too (issue 11)
    let screen = common::screen_of(&mut app);
    assert!(
        screen.contains("保存しました: R8-000001 / 同意が未確認: 本人に確認を  Ctrl-T でつなぐ"),
        "{screen}"
    );
}

#[test]
fn concern_checklist_snapshot() {
    let (_d, store) = temp_store();
    let mut app = app_with(store);
    key(&mut app, KeyCode::F(2));
    tabs(&mut app, 9); // concerns of person 1
    tick_concern(&mut app, "young_carer");
    insta::assert_snapshot!(common::screen_of(&mut app));
}

#[test]
fn hand_off_saves_the_case_and_its_hand_offs() {
    let (_d, store) = temp_store();
    let mut app = app_with(store.clone());
    fill_8050(&mut app, 1);
    ctrl(&mut app, 't');
    insta::assert_snapshot!("handoff_dialog", common::screen_of(&mut app));
    key(&mut app, KeyCode::Tab); // to the note
    typed(&mut app, "母の介護と息子の今後");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Cases);
    let case = store.case("R8-000001").unwrap().expect("saved as R8-000001");
    assert_eq!(case.intake.people.len(), 2);
    assert_eq!(case.intake.district.as_deref(), Some("fujisawa"));
    assert_eq!(case.staff.as_deref(), Some("tanaka"));
    let hs = store.handoffs_of_case("R8-000001").unwrap();
    let programs: Vec<&str> = hs.iter().map(|h| h.program.as_str()).collect();
    // outreach: the plan names 長期ひきこもり for アウトリーチ等を通じた継続的支援事業
    // (3(3) 業務内容), whoever consults (issue 14).
    assert_eq!(programs, ["takikan", "chiiki_houkatsu", "hikikomori", "outreach"]);
    assert!(
        hs.iter()
            .all(|h| h.status == HandoffStatus::Requested && h.note == "母の介護と息子の今後")
    );
    let inbox = store
        .handoffs_to_section("koureisha_shien", Some(HandoffStatus::Requested))
        .unwrap();
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].site.as_deref(), Some("houkatsu_fujisawa"));
    // the form is blank again and its draft gone
    assert!(!app.intake.has_content());
    assert!(store.draft("tanaka@総合相談支援室").unwrap().is_none());
}

#[test]
fn save_numbers_cases_by_fiscal_year() {
    let (_d, store) = temp_store();
    let mut app = app_with(store.clone());
    key(&mut app, KeyCode::F(2));
    tabs(&mut app, 8);
    typed(&mut app, "70");
    ctrl(&mut app, 's');
    ctrl(&mut app, 's');
    assert!(store.case("R8-000001").unwrap().is_some());
    assert!(store.case("R8-000002").unwrap().is_some());
    assert!(app.message.as_ref().is_some_and(|m| m.text.contains("R8-000002")));
}

#[test]
fn draft_is_offered_back_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    {
        let store: SharedStore = Arc::new(crate::common::store::open(&path));
        let mut app = app_with(store);
        fill_8050(&mut app, 1);
        tabs(&mut app, 1);
        typed(&mut app, "今後が不安");
        app.flush();
    }
    let store: SharedStore = Arc::new(crate::common::store::open(&path));
    let mut app = app_with(store);
    assert!(app.intake.restored);
    assert_eq!(app.tab, Tab::Intake);
    assert_eq!(app.intake.note.as_str(), "今後が不安");
    assert_eq!(app.intake.draft.intake.people.len(), 2);
    assert_eq!(app.intake.ages[1].as_str(), "82");
    assert!(app.intake.advice.multi_agency);
    assert!(app.message.as_ref().is_some_and(|m| m.text.contains("下書き")));
    // discarding asks first, and Esc keeps everything
    key(&mut app, KeyCode::F(9));
    assert!(app.intake.confirm.is_some());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.intake.note.as_str(), "今後が不安");
    key(&mut app, KeyCode::F(9));
    key(&mut app, KeyCode::Enter);
    assert!(!app.intake.has_content());
}

#[test]
fn search_adds_a_program_to_the_intake() {
    let (_d, store) = temp_store();
    let mut app = app_with(store);
    key(&mut app, KeyCode::F(3));
    typed(&mut app, "フードパントリー");
    ctrl(&mut app, 'r');
    key(&mut app, KeyCode::F(2));
    assert!(app.intake.advice.referrals.iter().any(|r| r.rule == "manual"));
}

/// The 相談内容 suggests concerns from the city's vocabulary as [+] marks on the
/// check-list; nothing is ticked until the clerk ticks it.
#[test]
fn the_note_suggests_concerns_without_ticking_them() {
    let (_d, store) = temp_store();
    let mut app = app_with(store);
    let note = app
        .intake
        .fields()
        .iter()
        .position(|f| *f == tsunagu::tui::tabs::intake::Field::Note)
        .expect("a note field");
    key(&mut app, KeyCode::F(2));
    app.intake.focus = note;
    typed(&mut app, "母が同じことを何度も聞いてくる。家賃も払えない");
    assert_eq!(
        app.intake.note.as_str(),
        "母が同じことを何度も聞いてくる。家賃も払えない"
    );
    assert!(
        app.intake.suggested.iter().any(|c| c == "dementia"),
        "{:?}",
        app.intake.suggested
    );
    assert!(
        app.intake.suggested.iter().any(|c| c == "housing"),
        "{:?}",
        app.intake.suggested
    );
    assert!(
        app.intake
            .draft
            .intake
            .people
            .iter()
            .all(|p| p.concerns.is_empty())
    );
    tick_concern(&mut app, "dementia");
    assert_eq!(
        app.intake.draft.intake.people[0].concerns,
        vec!["dementia".to_string()]
    );
    // On the check-list: 認知症 ticked by the clerk, 住まい still only suggested.
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("[+] 相談内容から"), "{screen}");
    let housing = &app.env.directory.concern("housing").unwrap().label;
    assert!(screen.contains(&format!("[+] {housing}")), "{screen}");
}

/// With the store worker (issue 12): drafts are written by it in order, "saved" shows
/// only once it says a write is durable, quitting waits for it, and a case handed off
/// leaves no draft behind (the removal comes after every write before it). The 案件
/// page shown afterwards comes from the worker too.
#[test]
fn drafts_and_pages_through_the_store_worker() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    {
        let store: SharedStore = Arc::new(crate::common::store::open(&path));
        let mut app = app_with(store);
        app.start_worker().unwrap();
        fill_8050(&mut app, 1);
        tabs(&mut app, 1);
        typed(&mut app, "今後が不安");
        app.flush();
        assert!(app.intake.saved_at.is_some(), "the worker said it is durable");
    }
    let store: Arc<SledStore> = Arc::new(crate::common::store::open(&path));
    let mut app = app_with(store.clone());
    assert!(app.intake.restored);
    assert_eq!(app.intake.note.as_str(), "今後が不安");
    app.start_worker().unwrap();
    typed(&mut app, "。");
    ctrl(&mut app, 't');
    key(&mut app, KeyCode::Enter);
    // The save and hand-off are the worker's too: the form is held (保存中) until it
    // answers, then 案件 shows the case.
    assert!(app.intake.writing.is_some());
    let started = std::time::Instant::now();
    while app.tab != Tab::Cases || app.cases.pending.is_some() {
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "no page");
        app.tick(now());
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(
        app.cases.selected_row().map(|r| r.number.clone()).as_deref(),
        Some("R8-000001")
    );
    app.flush();
    assert!(store.draft("tanaka@総合相談支援室").unwrap().is_none());
}

/// The first frame does not wait for the store (issue 12): the app draws and searches
/// while the store is being opened; a key for another tab waits, in order, and is
/// handled once the store is there.
#[test]
fn first_frame_and_search_before_the_store_is_open() {
    use tsunagu::tui::app::Opened;
    let (_d, store) = temp_store();
    let mut app = App::new(env(Lang::Ja), now());
    let (tx, rx) = std::sync::mpsc::channel();
    app.open_later(rx);
    assert!(common::screen_of(&mut app).contains("検索>"));
    typed(&mut app, "ひきこもり");
    assert!(
        !app.search.hits.is_empty(),
        "search works before the store is open"
    );
    key(&mut app, KeyCode::F(2));
    typed(&mut app, "待");
    assert_eq!(app.tab, Tab::Search, "受付 waits for the store");
    app.tick(now());
    let identity = app.env.identity.clone();
    let user = identity.user.clone();
    tx.send(Some(Box::new(Opened {
        store: store.clone(),
        identity: tsunagu::domain::Identity::embedded_owner(&user, "総合相談支援室", &[]),
        user,
        desk: None,
        directory: None,
        seed_hash: None,
        message: None,
    })))
    .unwrap();
    assert!(app.tick(now()));
    assert!(!app.opening());
    assert_eq!(app.tab, Tab::Intake, "the held F2 went to 受付");
    assert!(app.store.is_some());
}

/// Issue 11 (1): Ctrl-S before Ctrl-T. The save offers つなぐ, and Ctrl-T on the blank
/// form that follows hands off the case just saved (not the cleared form, no new case).
#[test]
fn ctrl_t_after_ctrl_s_hands_off_the_saved_case() {
    let (_d, store) = temp_store();
    let mut app = app_with(store.clone());
    fill_8050(&mut app, 1);
    ctrl(&mut app, 's');
    let m = app.message.as_ref().expect("a message").text.clone();
    assert!(m.contains("R8-000001") && m.contains("Ctrl-T"), "{m}");
    assert!(!app.intake.has_content());
    ctrl(&mut app, 't');
    let d = app.intake.dialog.as_ref().expect("the hand-off dialog");
    assert_eq!(d.case.as_deref(), Some("R8-000001"));
    assert!(!d.items.is_empty());
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("つなぐ案件: R8-000001"), "{screen}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Cases);
    let hs = store.handoffs_of_case("R8-000001").unwrap();
    assert_eq!(hs.len(), 4, "{hs:?}");
    assert!(store.case("R8-000002").unwrap().is_none(), "no second case");
}

/// Issue 11 (1): never offer to hand off an empty form; say what to fill in instead.
#[test]
fn ctrl_t_on_a_blank_form_says_what_to_fill() {
    let (_d, store) = temp_store();
    let mut app = app_with(store.clone());
    key(&mut app, KeyCode::F(2));
    ctrl(&mut app, 't');
    assert!(app.intake.dialog.is_none());
    let m = app.message.as_ref().expect("a message").text.clone();
    assert!(m.contains("どれかを入力"), "{m}");
    assert!(store.case("R8-000001").unwrap().is_none());
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("つなぐ前に"), "{screen}");
    // in English too, whole at 80x24
    let mut app = App::new(env(Lang::En), now()).with_store(store);
    key(&mut app, KeyCode::F(2));
    ctrl(&mut app, 't');
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("Before handing off, enter an age"), "{screen}");
}

/// Issue 11 (2): after Ctrl-N the check-list cursor starts at the top for the new member
/// (Space never ticks the previous member's concern for them), and the pane is titled
/// with the member it belongs to.
#[test]
fn checklist_starts_at_the_top_for_each_member_and_names_them() {
    let (_d, store) = temp_store();
    let mut app = app_with(store);
    key(&mut app, KeyCode::F(2));
    tabs(&mut app, 8); // age of person 1
    typed(&mut app, "53");
    key(&mut app, KeyCode::Tab);
    tick_concern(&mut app, "hikikomori");
    assert!(app.intake.checklist > 0);
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("世帯員1 本人 53歳 (Space で選択)"), "{screen}");
    ctrl(&mut app, 'n'); // the second member, on their relation
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "82");
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.intake.checklist, 0, "the new member's list opens at the top");
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("世帯員2 親 82歳 (Space で選択)"), "{screen}");
    key(&mut app, KeyCode::Char(' '));
    let first = app.env.directory.concerns[0].id.clone();
    assert_eq!(app.intake.draft.intake.people[1].concerns, [first]);
    // back to the first member with Shift-Tab: their list opens at the top too
    for _ in 0..3 {
        key(&mut app, KeyCode::BackTab);
    }
    assert_eq!(
        app.intake.focused(),
        tsunagu::tui::tabs::intake::Field::Concerns(0)
    );
    assert_eq!(app.intake.checklist, 0);
    // English, at 80x24: the title whole
    let mut app = App::new(env(Lang::En), now()).with_store(temp_store().1);
    key(&mut app, KeyCode::F(2));
    tabs(&mut app, 8);
    typed(&mut app, "82");
    key(&mut app, KeyCode::Tab);
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("Person 1 self 82 (Space to tick)"), "{screen}");
}

/// Issue 11 (3): Esc never throws away a typed hand-off note: it is kept, says so, and
/// comes back with the next つなぐ, also once the form is saved with Ctrl-S.
#[test]
fn esc_keeps_a_typed_handoff_note() {
    let (_d, store) = temp_store();
    let mut app = app_with(store.clone());
    fill_8050(&mut app, 1);
    ctrl(&mut app, 't');
    key(&mut app, KeyCode::Tab); // to the note
    typed(&mut app, "母の介護");
    key(&mut app, KeyCode::Esc);
    assert!(app.intake.dialog.is_none());
    let m = app.message.as_ref().expect("a message").text.clone();
    assert!(m.contains("連絡事項は残してあります"), "{m}");
    ctrl(&mut app, 't');
    assert_eq!(app.intake.dialog.as_ref().unwrap().note.as_str(), "母の介護");
    key(&mut app, KeyCode::Esc);
    // saved first: the note goes with the saved case's hand-off
    ctrl(&mut app, 's');
    ctrl(&mut app, 't');
    let d = app.intake.dialog.as_ref().expect("the dialog");
    assert_eq!(d.case.as_deref(), Some("R8-000001"));
    assert_eq!(d.note.as_str(), "母の介護");
    key(&mut app, KeyCode::Enter);
    let hs = store.handoffs_of_case("R8-000001").unwrap();
    assert!(!hs.is_empty() && hs.iter().all(|h| h.note == "母の介護"));
}

/// Issue 11 (4): the message line clears when the context changes: 保存しました:
/// R8-000001 does not stay into the next intake, nor onto another tab.
#[test]
fn saved_message_clears_with_the_next_intake_and_another_tab() {
    let (_d, store) = temp_store();
    let mut app = app_with(store);
    key(&mut app, KeyCode::F(2));
    tabs(&mut app, 8);
    typed(&mut app, "70");
    ctrl(&mut app, 's');
    assert!(app.message.as_ref().is_some_and(|m| m.text.contains("R8-000001")));
    assert!(common::screen_of(&mut app).contains("R8-000001"));
    app.intake.focus = 0;
    tabs(&mut app, 8);
    typed(&mut app, "4"); // the next intake begins
    assert_eq!(app.message, None);
    assert!(!common::screen_of(&mut app).contains("R8-000001"));
    ctrl(&mut app, 's');
    assert!(app.message.as_ref().is_some_and(|m| m.text.contains("R8-000002")));
    key(&mut app, KeyCode::F(3));
    assert_eq!(app.message, None, "another tab: the message was about 受付");
}

/// Issue 11 (4): Ctrl-R on a site in 検索 adds its program at that site.
#[test]
fn ctrl_r_from_a_site_adds_the_program_at_that_site() {
    use tsunagu::search::EntryKind;
    let (_d, store) = temp_store();
    let mut app = app_with(store);
    let dir = &app.env.directory;
    let site = dir
        .sites
        .iter()
        .find(|s| s.programs.first().is_some_and(|p| p == "chiiki_houkatsu") && s.name.contains("藤沢"))
        .expect("藤沢's 地域包括支援センター")
        .clone();
    key(&mut app, KeyCode::F(3));
    typed(&mut app, &site.name);
    let at = app
        .search
        .hits
        .iter()
        .position(|h| h.kind == EntryKind::Site && app.env.directory.sites[h.idx].id == site.id)
        .expect("the site is found");
    for _ in 0..at {
        key(&mut app, KeyCode::Down);
    }
    ctrl(&mut app, 'r');
    let r = app
        .intake
        .advice
        .referrals
        .iter()
        .find(|r| r.program_id == "chiiki_houkatsu")
        .expect("the program joins the suggestions");
    assert_eq!(r.site_id.as_deref(), Some(site.id.as_str()));
    key(&mut app, KeyCode::F(2));
    tabs(&mut app, 10); // leave the form's first fields: the suggestions show
    let screen = common::screen_of(&mut app);
    assert!(screen.contains(&format!("-> {}", site.name)), "{screen}");
}

/// Issue 11 (5): 地区 and 言語 jump by typing, in kana or romaji (ふじ, fuji -> 藤沢),
/// instead of seven presses of Right; letters that are list keys elsewhere (f, s, k)
/// are typing here.
#[test]
fn pickers_jump_by_typing_in_kana_or_romaji() {
    let (_d, store) = temp_store();
    let mut app = app_with(store);
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Tab); // 地区
    typed(&mut app, "ふじ");
    assert_eq!(app.intake.draft.intake.district.as_deref(), Some("fujisawa"));
    let screen = common::screen_of(&mut app);
    assert!(screen.contains("藤沢"), "{screen}");
    typed(&mut app, "ひがしふ"); // no district starts ふじひがしふ: starts over from ひ…
    // "ひ" alone -> 東金子 (the first ひ…), then ひが, ひがし, ひがしふ -> 東藤沢
    assert_eq!(
        app.intake.draft.intake.district.as_deref(),
        Some("higashi_fujisawa")
    );
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::BackTab); // focus moved: typing starts afresh
    typed(&mut app, "kaneko");
    assert_eq!(app.intake.draft.intake.district.as_deref(), Some("kaneko"));
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "fuji");
    assert_eq!(app.intake.draft.intake.district.as_deref(), Some("fujisawa"));
    assert_eq!(app.tab, Tab::Intake);
    // 言語: スペイン語 by kana, katakana or its English name
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "すぺ");
    assert_eq!(app.intake.draft.intake.language.as_deref(), Some("es"));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::BackTab);
    typed(&mut app, "ベト");
    assert_eq!(app.intake.draft.intake.language.as_deref(), Some("vi"));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::BackTab);
    typed(&mut app, "port");
    assert_eq!(app.intake.draft.intake.language.as_deref(), Some("pt"));
    // Right still cycles
    key(&mut app, KeyCode::Right);
    assert_eq!(app.intake.draft.intake.language.as_deref(), Some("vi"));
}

/// Issue 11 (5): 学校 jumps by typing too: a known school (the plan's さわやか相談室)
/// the typed text starts, in kana or romaji, is offered and Enter takes it; any other
/// school can still be typed.
#[test]
fn school_jumps_by_typing_and_enter_takes_it() {
    let (_d, store) = temp_store();
    let mut app = app_with(store);
    key(&mut app, KeyCode::F(2));
    tabs(&mut app, 5); // 学校
    typed(&mut app, "かねこ");
    let m = app.message.as_ref().expect("the school offered").text.clone();
    assert!(m.contains("金子中") && m.contains("Enter"), "{m}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.intake.draft.intake.school.as_deref(), Some("金子中"));
    assert!(
        app.intake
            .advice
            .referrals
            .iter()
            .any(|r| r.site_id.as_deref() == Some("sawayaka_kaneko"))
            || app
                .intake
                .advice
                .referrals
                .iter()
                .all(|r| r.program_id != "school_counselor"),
        "the school's さわやか相談室 when suggested"
    );
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Char('u')); // ctrl-u is clear; plain u types
    for _ in 0..4 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "toyo");
    assert_eq!(
        app.intake.school_completion(&app.env.directory).as_deref(),
        Some("豊岡中")
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.intake.draft.intake.school.as_deref(), Some("豊岡中"));
    // a school the plan does not list is kept as typed
    key(&mut app, KeyCode::BackTab);
    for _ in 0..8 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "県立高校");
    assert_eq!(app.intake.school_completion(&app.env.directory), None);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.intake.draft.intake.school.as_deref(), Some("県立高校"));
}

/// Issue 11: the desk saved an age of 446 (as no age) while `refer` refuses it. Ctrl-S
/// goes through the one intake validation (domain::validate): refused, by name, with
/// the same words as `refer`, and nothing saved; 120 saves.
#[test]
fn an_age_of_446_is_refused_like_refer_and_nothing_is_saved() {
    let (_d, store) = temp_store();
    let mut app = app_with(store.clone());
    key(&mut app, KeyCode::F(2));
    while app.intake.focused() != tsunagu::tui::tabs::intake::form::Field::Age(0) {
        key(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "446");
    ctrl(&mut app, 's');
    assert!(store.case("R8-000001").unwrap().is_none(), "446 was saved");
    let refer = tsunagu::domain::validate::age_from_number(Some(446), "people[0]").unwrap_err();
    let m = app.message.as_ref().expect("a message");
    assert!(m.text.contains(&refer.message(Lang::Ja)), "{}", m.text);
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "120");
    ctrl(&mut app, 's');
    let case = store.case("R8-000001").unwrap().expect("120 saves");
    assert_eq!(case.intake.people[0].age, Some(120));
}
