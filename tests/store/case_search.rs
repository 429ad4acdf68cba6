//! Finding a returning resident's case (issue 11, finding 12): the 案件 page query with
//! a search, by case number in any form, by name or kana in any script, by phone digits;
//! only cases the caller may read, masked fields never matched, one audit entry per case
//! whose details a search returns. And the 相談記録 a later consultation adds: only by
//! who may write the case, kept through reopen, older stores still opening.

use std::sync::Arc;
use tsunagu::domain::{
    Case, Channel, Consent, Consultation, Identity, Intake, Personal, Role, StaffEntry, case_number,
};
use tsunagu::store::guard::guard;
use tsunagu::store::{AuditFilter, CasePageQuery, CaseSearch, SledStore, Store, StoreError};

const DESK: &str = "総合相談支援室";
const OTHER_DESK: &str = "東金子地区センター";
const NOW: &str = "2026-12-03T10:00:00+09:00";

fn staff(user: &str, desk: &str, role: Role) -> StaffEntry {
    StaffEntry {
        user: user.into(),
        name: format!("{user} (試験)"),
        desk: desk.into(),
        section: (role == Role::Coordinator || role == Role::Admin).then(|| "fukushi_soumu".into()),
        role,
    }
}

fn who(user: &str) -> Identity {
    let roster = vec![
        staff("uketsuke1", DESK, Role::Reception),
        staff("uketsuke2", OTHER_DESK, Role::Reception),
        staff("kyoudou1", "福祉総務課", Role::Coordinator),
        staff("kanri1", "福祉総務課", Role::Admin),
    ];
    Identity::resolve(user, &roster)
}

fn case(fy: i32, seq: u32, desk: &str, by: &str, name: &str, kana: &str, phone: &str) -> Case {
    Case {
        number: case_number(fy, seq),
        fiscal_year: fy,
        seq,
        received_at: format!("{fy}-11-{:02}T10:00:00+09:00", 10 + seq),
        desk: desk.into(),
        staff: Some(by.into()),
        intake: Intake {
            consent: Consent::Given,
            ..Intake::default()
        },
        personal: Personal {
            name: Some(name.into()),
            kana: Some(kana.into()),
            phone: Some(phone.into()),
            address: None,
        },
        restricted: false,
        notes: vec![],
        closed_at: None,
        closing_note: None,
        consultations: Vec::new(),
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    raw: Arc<SledStore>,
}

/// R8-000002 山田花子 at the desk; R8-000003 山田太郎 at another desk; R8-000004 山田雪
/// at the desk, restricted; R7-000005 鈴木一郎 (last fiscal year) at the desk.
/// R8-000002: 山田 花子 at the desk.
fn hanako() -> Case {
    case(
        2026,
        2,
        DESK,
        "uketsuke1",
        "山田 花子",
        "ヤマダ ハナコ",
        "04-2964-1111",
    )
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let raw = Arc::new(crate::common::store::open(&dir.path().join("store")));
    let put = |c: Case| raw.put_case(&c).unwrap();
    put(hanako());
    put(case(
        2026,
        3,
        OTHER_DESK,
        "uketsuke2",
        "山田 太郎",
        "やまだ たろう",
        "04-2900-0000",
    ));
    let mut c = case(
        2026,
        4,
        DESK,
        "uketsuke1",
        "山田 雪",
        "ヤマダ ユキ",
        "090-1234-5678",
    );
    c.restricted = true;
    put(c);
    put(case(
        2025,
        5,
        DESK,
        "uketsuke1",
        "鈴木 一郎",
        "スズキ イチロウ",
        "04-2999-0001",
    ));
    Fixture { _dir: dir, raw }
}

/// The numbers a search of `user` lists (newest first), with the cases as returned.
fn found(f: &Fixture, user: &str, search: CaseSearch) -> Vec<Case> {
    let g = guard(f.raw.clone(), who(user)).with_clock(|| NOW.to_string());
    let page = g
        .case_page(&CasePageQuery {
            limit: 100,
            search: Some(search),
            ..CasePageQuery::default()
        })
        .unwrap();
    assert_eq!(page.rows.len(), page.cases.len());
    page.cases.into_iter().map(|v| v.case).collect()
}

fn text(t: &str) -> CaseSearch {
    CaseSearch::Text {
        text: t.into(),
        fiscal_year: 2026,
    }
}

fn numbers(cases: &[Case]) -> Vec<&str> {
    let mut n: Vec<&str> = cases.iter().map(|c| c.number.as_str()).collect();
    n.sort();
    n
}

#[test]
fn a_case_number_in_any_form() {
    let f = fixture();
    for t in ["R8-000002", "R8-2", "r8-2", "Ｒ８－２", "2", "000002"] {
        assert_eq!(numbers(&found(&f, "uketsuke1", text(t))), ["R8-000002"], "{t}");
    }
    // Without an era, the current fiscal year: 5 is R8-000005, which does not exist.
    assert!(found(&f, "uketsuke1", text("5")).is_empty());
    assert_eq!(numbers(&found(&f, "uketsuke1", text("R7-5"))), ["R7-000005"]);
}

#[test]
fn a_name_or_kana_in_any_script() {
    let f = fixture();
    for t in [
        "やまだ",
        "ヤマダ",
        "ﾔﾏﾀﾞ",
        "yamada",
        "YAMADA",
        "山田",
        "やまだ はなこ",
        "hanako",
    ] {
        let got = found(&f, "uketsuke1", text(t));
        assert!(
            got.iter().any(|c| c.number == "R8-000002"),
            "{t}: {:?}",
            numbers(&got)
        );
        assert!(got.iter().all(|c| c.desk == DESK), "{t}: another desk's case");
    }
    assert_eq!(numbers(&found(&f, "uketsuke1", text("ゆき"))), ["R8-000004"]);
    assert_eq!(numbers(&found(&f, "uketsuke1", text("suzuki"))), ["R7-000005"]);
    assert!(found(&f, "uketsuke1", text("たなか")).is_empty());
}

#[test]
fn phone_digits_with_or_without_hyphens() {
    let f = fixture();
    for t in [
        "04-2964-1111",
        "0429641111",
        "04 2964 1111",
        "2964-1111",
        "１１１１",
    ] {
        assert_eq!(numbers(&found(&f, "uketsuke1", text(t))), ["R8-000002"], "{t}");
    }
    // Too few digits to be a phone number: read as a case number only.
    assert!(found(&f, "uketsuke1", text("111")).is_empty());
}

#[test]
fn a_user_who_may_not_read_a_case_never_finds_it() {
    let f = fixture();
    // The other desk's clerk finds only their own desk's 山田.
    assert_eq!(numbers(&found(&f, "uketsuke2", text("yamada"))), ["R8-000003"]);
    assert!(found(&f, "uketsuke2", text("R8-2")).is_empty());
    assert!(found(&f, "uketsuke2", text("2964")).is_empty());
    // The admin reads the restricted case masked: its name, kana and phone never match,
    // its number still does (and comes back masked).
    let admin = found(&f, "kanri1", text("yamada"));
    assert_eq!(numbers(&admin), ["R8-000002", "R8-000003"]);
    assert!(found(&f, "kanri1", text("090-1234")).is_empty());
    let by_number = found(&f, "kanri1", text("R8-4"));
    assert_eq!(numbers(&by_number), ["R8-000004"]);
    assert_eq!(by_number[0].personal, Personal::default());
    // Someone outside the roster reads no case at all.
    let g = guard(f.raw.clone(), who("stranger"));
    let r = g.case_page(&CasePageQuery {
        limit: 10,
        search: Some(text("yamada")),
        ..CasePageQuery::default()
    });
    assert!(matches!(r, Err(StoreError::Denied { .. })) || r.is_ok_and(|p| p.cases.is_empty()));
}

#[test]
fn each_case_a_search_returns_is_audited_once_and_only_those() {
    let f = fixture();
    let before = f.raw.audit_entries(&AuditFilter::default()).unwrap().len();
    let got = found(&f, "kyoudou1", text("yamada"));
    assert_eq!(numbers(&got), ["R8-000002", "R8-000003", "R8-000004"]);
    let entries = f.raw.audit_entries(&AuditFilter::default()).unwrap();
    let new: Vec<_> = entries.iter().skip(before).collect();
    let mut read: Vec<&str> = new.iter().filter_map(|e| e.case.as_deref()).collect();
    read.sort();
    assert_eq!(read, ["R8-000002", "R8-000003", "R8-000004"], "{new:#?}");
    assert!(
        new.iter()
            .all(|e| e.user == "kyoudou1" && e.action == "read_case_page")
    );
    // Nothing personal in the trail.
    let trail = format!("{entries:?}");
    for secret in ["山田", "ヤマダ", "やまだ", "yamada", "2964"] {
        assert!(!trail.contains(secret), "{secret} in the audit trail");
    }
}

#[test]
fn the_person_typed_at_intake_finds_the_same_name_kana_or_phone() {
    let f = fixture();
    let person = |name: Option<&str>, kana: Option<&str>, phone: Option<&str>| CaseSearch::Person {
        name: name.map(Into::into),
        kana: kana.map(Into::into),
        phone: phone.map(Into::into),
    };
    let got = |s| {
        numbers(&found(&f, "uketsuke1", s))
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(got(person(None, Some("やまだ はなこ"), None)), ["R8-000002"]);
    // The family name alone finds every 山田 of the desk; a part of it none.
    assert_eq!(
        got(person(None, Some("ヤマダ"), None)),
        ["R8-000002", "R8-000004"]
    );
    assert!(got(person(None, Some("やま"), None)).is_empty());
    assert_eq!(got(person(Some("山田花子"), None, None)), ["R8-000002"]);
    // The phone without its area code.
    assert_eq!(got(person(None, None, Some("2964-1111"))), ["R8-000002"]);
    assert!(got(person(None, None, Some("1111"))).is_empty());
}

fn record(by: &str, desk: &str) -> Consultation {
    Consultation {
        at: NOW.into(),
        channel: Channel::Phone,
        desk: desk.into(),
        by: by.into(),
        concerns: vec!["elderly_care".into()],
        note: Some("母から再度の電話。".into()),
    }
}

#[test]
fn a_record_is_added_by_who_may_write_the_case_and_kept() {
    let f = fixture();
    let g = |user: &str| guard(f.raw.clone(), who(user)).with_clock(|| NOW.to_string());
    let mut c = g("uketsuke1").case("R8-000002").unwrap().unwrap();
    c.consultations.push(record("uketsuke1", DESK));
    g("uketsuke1").put_case(&c).unwrap();
    let stored = f.raw.case("R8-000002").unwrap().unwrap();
    assert_eq!(stored.consultations, vec![record("uketsuke1", DESK)]);
    let writes: Vec<_> = f
        .raw
        .audit_entries(&AuditFilter {
            case: Some("R8-000002".into()),
            ..AuditFilter::default()
        })
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "put_case")
        .collect();
    assert_eq!(writes.len(), 1);

    // Another desk's clerk cannot add to it (they cannot even read it).
    let mut other = stored.clone();
    other.consultations.push(record("uketsuke2", OTHER_DESK));
    assert!(matches!(
        g("uketsuke2").put_case(&other),
        Err(StoreError::Denied { .. })
    ));
    // Nobody signs a record in someone else's name, or rewrites one stored.
    let mut forged = stored.clone();
    forged.consultations.push(record("kyoudou1", DESK));
    assert!(g("uketsuke1").put_case(&forged).is_err());
    let mut rewritten = stored.clone();
    if let Some(r) = rewritten.consultations.first_mut() {
        r.note = Some("書き換え".into());
    }
    assert!(g("kyoudou1").put_case(&rewritten).is_err());
    assert_eq!(f.raw.case("R8-000002").unwrap().unwrap(), stored);
    // A coordinator may add their own.
    let mut more = stored.clone();
    more.consultations.push(record("kyoudou1", "福祉総務課"));
    g("kyoudou1").put_case(&more).unwrap();
    assert_eq!(f.raw.case("R8-000002").unwrap().unwrap().consultations.len(), 2);
}

#[test]
fn a_store_written_before_records_existed_still_opens_and_takes_them() {
    let _no_fork = crate::common::store::no_fork_meanwhile();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let c = hanako();
    {
        let s = crate::common::store::open(&path);
        s.put_case(&c).unwrap();
        s.flush_durable().unwrap();
    }
    // Rewrite the value as an earlier build stored it: encoding version 1, no records.
    {
        let db = sled::open(&path).unwrap();
        let cases = db.open_tree("cases").unwrap();
        let old = tsunagu::store::legacy::encode_case_v1(&c).unwrap();
        assert_eq!(old.first(), Some(&1));
        cases.insert(c.number.as_bytes(), old).unwrap();
        db.flush().unwrap();
    }
    let s = crate::common::store::open(&path);
    assert_eq!(s.case(&c.number).unwrap(), Some(c.clone()));
    assert_eq!(s.cases().unwrap(), vec![c.clone()]);
    let page = s
        .case_page(&CasePageQuery {
            limit: 10,
            search: Some(text("yamada")),
            ..CasePageQuery::default()
        })
        .unwrap();
    assert_eq!(page.cases.len(), 1);
    let mut with = c.clone();
    with.consultations.push(record("uketsuke1", DESK));
    s.put_case(&with).unwrap();
    drop(s);
    let s = crate::common::store::open(&path);
    assert_eq!(s.case(&c.number).unwrap(), Some(with));
}

#[test]
fn export_import_and_purge_carry_the_records() {
    let f = fixture();
    let mut c = f.raw.case("R8-000002").unwrap().unwrap();
    c.consultations.push(record("uketsuke1", DESK));
    f.raw.put_case(&c).unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("export.jsonl");
    tsunagu::store::export::export(f.raw.as_ref(), &file, NOW).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"consultations\""), "{text}");
    let copy = crate::common::store::open(&out.path().join("copy"));
    tsunagu::store::export::import(&copy, &file).unwrap();
    assert_eq!(copy.case("R8-000002").unwrap(), Some(c.clone()));
    // An export written before records existed has no such field: read as none.
    let old = text.replace(",\"consultations\":[]", "");
    assert!(!old.contains("\"consultations\":[]"));
    let old_file = out.path().join("old.jsonl");
    std::fs::write(&old_file, &old).unwrap();
    let copy2 = crate::common::store::open(&out.path().join("copy2"));
    tsunagu::store::export::import(&copy2, &old_file).unwrap();
    assert_eq!(copy2.case("R8-000003").unwrap(), f.raw.case("R8-000003").unwrap());
    // Purge erases a record's 相談内容 and keeps what is counted.
    let mut closed = c.clone();
    tsunagu::store::purge::anonymize_case(&mut closed);
    let r = closed.consultations.first().unwrap();
    assert_eq!(r.note.as_deref(), Some(tsunagu::store::purge::ERASED));
    assert_eq!(
        (r.channel, r.concerns.clone()),
        (Channel::Phone, vec!["elderly_care".to_string()])
    );
}
