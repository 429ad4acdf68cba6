//! Export, import and purge on a realistic store: the round trip is exact (records,
//! indexes, counters, and the export bytes but for `exported_at`); import refuses a store
//! with records and every damaged file with a line number, writing nothing and quoting
//! nothing; the file is 0600; purge erases the person and keeps the figures.

use crate::common;

use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::Path;
use tsunagu::domain::{
    Case, CaseDecision, CaseNote, Channel, Consent, Decision, Draft, Handoff, HandoffStatus, Intake,
    MeetingRecord, Person, Personal, Relation, StatusChange, case_number, meeting_number,
};
use tsunagu::store::export::{self, ArchiveError, Limits, LineProblem, RecordKind};
use tsunagu::store::purge::{ERASED, purge_closed_before};
use tsunagu::store::{RecordCounts, SledStore, Store};

const NOW: &str = "2026-11-26T15:00:00+09:00";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Personal text of each case, by seq: every string here must vanish when its case is
/// purged (and only then).
struct Person3 {
    name: &'static str,
    kana: &'static str,
    phone: &'static str,
    address: &'static str,
    intake_note: &'static str,
    case_note: &'static str,
    handoff_note: &'static str,
    return_reason: &'static str,
    decision_note: &'static str,
}

const PEOPLE: [Person3; 7] = [
    Person3 {
        name: "髙橋　𠮷男",
        kana: "ﾀｶﾊｼ ﾖｼｵ",
        phone: "04-2964-1111",
        address: "入間市豊岡１丁目１６－１ 﨑山ハイツ２０３号",
        intake_note: "父（７８）が認知症の疑い。本人はひきこもり状態。",
        case_note: "髙橋さんは次回来所予定。",
        handoff_note: "父の介護認定の申請を手伝ってほしい。",
        return_reason: "髙橋さんの住所は当課の担当外",
        decision_note: "髙橋さん: 父の介護と本人の就労を並行して支援",
    },
    Person3 {
        name: "佐藤　花子",
        kana: "さとう はなこ",
        phone: "090-0000-1234",
        address: "入間市黒須２丁目",
        intake_note: "夫からの暴力。子ども２人と避難を希望。",
        case_note: "佐藤さん: シェルター入所済み。",
        handoff_note: "佐藤さんの子の転校手続き",
        return_reason: "佐藤さんは市外へ転居",
        decision_note: "佐藤さん: 母子の安全を確認し終結",
    },
    Person3 {
        name: "Nguyen Van An",
        kana: "グエン ヴァン アン",
        phone: "080-1111-2222",
        address: "入間市扇町屋３丁目 ４０１",
        intake_note: "技能実習先を解雇され家賃が払えない。",
        case_note: "グエンさん: 通訳同席で面談。",
        handoff_note: "グエンさんの住居確保給付金",
        return_reason: "グエンさんの在留資格の確認が先",
        decision_note: "グエンさん: 日本語教室と就労支援の不足",
    },
    Person3 {
        name: "鈴木　一",
        kana: "すずき はじめ",
        phone: "04-2900-0000",
        address: "入間市宮寺５丁目",
        intake_note: "８０代の母と二人暮らし、本人５０代で無職。",
        case_note: "鈴木さん: 母の入院で状況が変化。",
        handoff_note: "鈴木さんの母の退院調整",
        return_reason: "鈴木さんの母は既に包括が対応中",
        decision_note: "鈴木さん: 見守りを継続",
    },
    Person3 {
        name: "田中　美咲",
        kana: "たなか みさき",
        phone: "070-3333-4444",
        address: "入間市野田７００番地",
        intake_note: "産後うつの疑い。夫は単身赴任。",
        case_note: "田中さん: 保健師が訪問。",
        handoff_note: "田中さんの産後ケア事業",
        return_reason: "田中さんは既に母子保健で対応中",
        decision_note: "田中さん: 育児支援で安定し終結",
    },
    Person3 {
        name: "山本　健太",
        kana: "やまもと けんた",
        phone: "080-5555-6666",
        address: "入間市高倉４丁目",
        intake_note: "中学２年、不登校が半年続く。",
        case_note: "山本さん: 母と来所。",
        handoff_note: "山本さんのさわやか相談室",
        return_reason: "山本さんの学校と調整が必要",
        decision_note: "山本さん: 学校と連携して継続",
    },
    Person3 {
        name: "小林　ハル",
        kana: "こばやし はる",
        phone: "04-2933-7777",
        address: "入間市二本木１００",
        intake_note: "独居、ごみが溜まり近所から苦情。",
        case_note: "小林さん: 民生委員が見守り。",
        handoff_note: "小林さんの介護保険申請",
        return_reason: "小林さんは入院中",
        decision_note: "小林さん: 見守りを共有",
    },
];

/// The person of a case: R2-00000n is PEOPLE[n-1], R8-00000n is PEOPLE[n+2].
fn person(fy: i32, seq: u32) -> &'static Person3 {
    let i = if fy == 2020 { seq - 1 } else { seq + 2 };
    &PEOPLE[i as usize]
}

fn intake(seq: u32, channel: Channel, consent: Consent, note: &str) -> Intake {
    Intake {
        channel,
        district: Some(["toyooka", "kurosu", "fujisawa", "miyadera"][seq as usize % 4].into()),
        school: seq.is_multiple_of(2).then(|| "豊岡中".into()),
        language: (seq == 3).then(|| "vi".into()),
        consent,
        seeks_help: seq != 4,
        people: vec![
            Person {
                relation: Relation::Myself,
                age: Some(40 + seq as u8),
                concerns: vec!["hikikomori".into(), "seikatsu_konkyu".into()],
            },
            Person {
                relation: Relation::Parent,
                age: Some(78),
                concerns: vec!["ninchisho".into()],
            },
        ],
        note: Some(note.into()),
    }
}

fn case(fy: i32, seq: u32, received_at: &str, closed_at: Option<&str>) -> Case {
    let p = person(fy, seq);
    Case {
        number: case_number(fy, seq),
        fiscal_year: fy,
        seq,
        received_at: received_at.into(),
        desk: "総合相談支援室".into(),
        staff: Some("受付一郎".into()),
        intake: intake(
            seq,
            [Channel::Phone, Channel::WalkIn, Channel::Visit, Channel::Referral][seq as usize % 4],
            if seq == 2 {
                Consent::Refused
            } else {
                Consent::Given
            },
            p.intake_note,
        ),
        personal: Personal {
            name: Some(p.name.into()),
            kana: Some(p.kana.into()),
            phone: Some(p.phone.into()),
            address: Some(p.address.into()),
        },
        restricted: seq == 2,
        notes: vec![CaseNote {
            at: received_at.into(),
            by: "受付一郎".into(),
            text: p.case_note.into(),
        }],
        closed_at: closed_at.map(Into::into),
        closing_note: closed_at.map(|_| format!("{}。終結", p.decision_note)),
        consultations: Vec::new(),
    }
}

fn handoff(case: &Case, section: &str, at: &str) -> Handoff {
    Handoff {
        case: case.number.clone(),
        seq: 0,
        program: "chiiki_houkatsu".into(),
        section: section.into(),
        site: Some("houkatsu_toyooka".into()),
        reasons: vec!["80代の親と50代の子の世帯".into()],
        note: person(case.fiscal_year, case.seq).handoff_note.into(),
        from_desk: "総合相談支援室".into(),
        requested_at: at.into(),
        status: HandoffStatus::Requested,
        history: vec![StatusChange {
            at: at.into(),
            to: HandoffStatus::Requested,
            by: "受付一郎".into(),
            reason: None,
        }],
    }
}

fn decision(case: &Case, decision: Decision) -> CaseDecision {
    CaseDecision {
        case: case.number.clone(),
        decision,
        note: person(case.fiscal_year, case.seq).decision_note.into(),
    }
}

fn meeting(fy: i32, seq: u32, kind: &str, date: &str, cases: Vec<CaseDecision>) -> MeetingRecord {
    MeetingRecord {
        id: meeting_number(fy, seq),
        kind: kind.into(),
        date: date.into(),
        fiscal_year: fy,
        sections: vec!["fukushi_soudan".into(), "seikatsu_shien".into()],
        agencies: vec!["社会福祉協議会".into()],
        cases,
        confidential: kind == "shien_kaigi",
        recorded_at: format!("{date}T17:00:00+09:00"),
        recorded_by: "会議一郎".into(),
    }
}

/// The cases of the realistic store: R2 (2020) ones closed long ago, R8 (2026) ones open
/// or closed lately, one with a closing time that is not a date.
fn cases() -> Vec<Case> {
    vec![
        case(
            2020,
            1,
            "2020-06-01T10:00:00+09:00",
            Some("2021-02-10T16:00:00+09:00"),
        ),
        case(
            2020,
            2,
            "2020-09-14T09:30:00+09:00",
            Some("2021-03-31T12:00:00+09:00"),
        ),
        case(2020, 3, "2021-01-20T14:00:00+09:00", None),
        case(
            2026,
            1,
            "2026-05-01T10:00:00+09:00",
            Some("2026-10-01T10:00:00+09:00"),
        ),
        case(2026, 2, "2026-06-02T11:00:00+09:00", None),
        case(2026, 3, "2026-07-03T13:00:00+09:00", None),
        case(2026, 4, "2026-08-04T15:00:00+09:00", Some("いつか")),
    ]
}

/// A store with cases, hand-offs in every state (with history), both kinds of meeting,
/// and drafts.
fn realistic(dir: &Path) -> SledStore {
    let store = crate::common::store::open(dir);
    let cases = cases();
    for c in &cases {
        store.put_case(c).unwrap();
    }
    let add = |c: &Case, section: &str, at: &str| store.add_handoff(handoff(c, section, at)).unwrap();
    let step = |h: &mut Handoff, to: HandoffStatus, at: &str, reason: Option<&str>| {
        h.transition(to, at, "高齢者支援課 二郎", reason.map(Into::into))
            .unwrap();
        store.update_handoff(h).unwrap();
    };
    // R2-000001: accepted then done; a second one returned
    let mut h = add(&cases[0], "koureisha_shien", "2020-06-01T11:00:00+09:00");
    step(&mut h, HandoffStatus::Accepted, "2020-06-02T09:00:00+09:00", None);
    step(&mut h, HandoffStatus::Done, "2020-12-01T09:00:00+09:00", None);
    let mut h = add(&cases[0], "seikatsu_shien", "2020-06-01T11:05:00+09:00");
    step(
        &mut h,
        HandoffStatus::Returned,
        "2020-06-03T09:00:00+09:00",
        Some(PEOPLE[0].return_reason),
    );
    // R2-000002 (restricted, DV): expired, then accepted late, then returned
    let mut h = add(&cases[1], "kodomo_katei", "2020-09-14T10:00:00+09:00");
    step(&mut h, HandoffStatus::Expired, "2020-10-01T00:00:00+09:00", None);
    step(&mut h, HandoffStatus::Accepted, "2020-10-02T09:00:00+09:00", None);
    step(
        &mut h,
        HandoffStatus::Returned,
        "2020-10-09T09:00:00+09:00",
        Some(PEOPLE[1].return_reason),
    );
    // R2-000003 (open): still requested
    add(&cases[2], "seikatsu_shien", "2021-01-20T15:00:00+09:00");
    // R8-000001: done; R8-000002: requested; R8-000003: returned
    let mut h = add(&cases[3], "koureisha_shien", "2026-05-01T11:00:00+09:00");
    step(&mut h, HandoffStatus::Accepted, "2026-05-02T09:00:00+09:00", None);
    step(&mut h, HandoffStatus::Done, "2026-09-30T09:00:00+09:00", None);
    add(&cases[4], "kodomo_katei", "2026-06-02T12:00:00+09:00");
    let mut h = add(&cases[5], "seikatsu_shien", "2026-07-03T14:00:00+09:00");
    step(
        &mut h,
        HandoffStatus::Returned,
        "2026-07-04T09:00:00+09:00",
        Some(PEOPLE[5].return_reason),
    );
    // meetings of both kinds
    let ms = [
        meeting(
            2020,
            1,
            "jusouteki_kaigi",
            "2020-07-14",
            vec![
                decision(&cases[0], Decision::PlanApproved),
                decision(&cases[2], Decision::ResourceShortage),
            ],
        ),
        meeting(
            2020,
            2,
            "shien_kaigi",
            "2020-10-13",
            vec![decision(&cases[1], Decision::WatchAndShare)],
        ),
        meeting(
            2020,
            3,
            "jusouteki_kaigi",
            "2021-02-09",
            vec![
                decision(&cases[0], Decision::Close),
                CaseDecision {
                    case: cases[1].number.clone(),
                    decision: Decision::Monitoring,
                    note: String::new(),
                },
            ],
        ),
        meeting(
            2026,
            1,
            "jusouteki_kaigi",
            "2026-09-08",
            vec![
                decision(&cases[3], Decision::Close),
                decision(&cases[5], Decision::Continue),
            ],
        ),
        meeting(
            2026,
            2,
            "shien_kaigi",
            "2026-10-13",
            vec![decision(&cases[4], Decision::WatchAndShare)],
        ),
    ];
    for m in &ms {
        store.put_meeting(m).unwrap();
    }
    for (key, seq) in [("desk:sougou", 1), ("user:uketsuke", 4)] {
        let p = person(2026, seq);
        let draft = Draft {
            desk: "総合相談支援室".into(),
            saved_at: "2026-11-26T14:59:00+09:00".into(),
            started_at: "2026-11-26T14:40:00+09:00".into(),
            intake: intake(seq, Channel::WalkIn, Consent::Unknown, p.intake_note),
            personal: Personal {
                name: Some(p.name.into()),
                kana: None,
                phone: Some(p.phone.into()),
                address: None,
            },
            restricted: false,
            programs: vec!["seikatsu_konkyu_jiritsu".into()],
        };
        store.put_draft(key, &draft, true).unwrap();
    }
    store
}

/// Everything the store answers, for comparing two stores.
#[derive(Debug, PartialEq)]
struct Snapshot {
    counts: RecordCounts,
    cases: Vec<Case>,
    by_date: Vec<Case>,
    handoffs: Vec<Handoff>,
    inboxes: Vec<Vec<Handoff>>,
    meetings: Vec<MeetingRecord>,
    held: Vec<MeetingRecord>,
    of_case: Vec<Vec<MeetingRecord>>,
    drafts: Vec<(String, Draft)>,
}

fn snapshot(store: &dyn Store) -> Snapshot {
    let cases = store.cases().unwrap();
    let handoffs = store.handoffs().unwrap();
    let sections: BTreeSet<String> = handoffs.iter().map(|h| h.section.clone()).collect();
    let mut inboxes = Vec::new();
    for s in &sections {
        inboxes.push(store.handoffs_to_section(s, None).unwrap());
        for status in HandoffStatus::ALL {
            inboxes.push(store.handoffs_to_section(s, Some(status)).unwrap());
        }
    }
    Snapshot {
        counts: store.record_counts().unwrap(),
        by_date: store.cases_received(None, None, usize::MAX).unwrap(),
        of_case: cases
            .iter()
            .map(|c| store.meetings_of_case(&c.number).unwrap())
            .collect(),
        cases,
        handoffs,
        inboxes,
        meetings: store.meetings().unwrap(),
        held: store.meetings_held(None, None).unwrap(),
        drafts: store.drafts().unwrap(),
    }
}

fn read(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).unwrap()).unwrap()
}

/// The file without its first line, and the header as JSON without `exported_at`.
fn body_and_header(text: &str) -> (&str, serde_json::Value) {
    let (head, body) = text.split_once('\n').unwrap();
    let mut head: serde_json::Value = serde_json::from_str(head).unwrap();
    head.as_object_mut().unwrap().remove("exported_at");
    (body, head)
}

#[test]
fn round_trip_is_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let original = realistic(&tmp.path().join("a"));
    let first = tmp.path().join("out").join("export.jsonl");
    std::fs::create_dir(first.parent().unwrap()).unwrap();
    let summary = export::export(&original, &first, NOW).unwrap();
    let counts = RecordCounts {
        cases: 7,
        handoffs: 7,
        meetings: 5,
        drafts: 2,
    };
    assert_eq!(summary.counts, counts);
    assert_eq!(summary.exported_at, NOW);
    assert_eq!(summary.bytes, std::fs::metadata(&first).unwrap().len());

    let text = read(&first);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len() as u64, 1 + counts.total());
    assert!(text.ends_with('\n'));
    let header: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(
        header,
        serde_json::json!({
            "format": "tsunagu-export", "version": 1, "exported_at": NOW,
            "counts": {"cases": 7, "handoffs": 7, "meetings": 5, "drafts": 2}
        })
    );
    assert!(lines[0].starts_with(r#"{"format":"tsunagu-export","version":1,"#));
    let types: Vec<String> = lines[1..]
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert!(l.starts_with(r#"{"type":""#), "type comes first");
            v["type"].as_str().unwrap().to_string()
        })
        .collect();
    let expected: Vec<&str> = [("case", 7), ("handoff", 7), ("meeting", 5), ("draft", 2)]
        .iter()
        .flat_map(|(t, n)| std::iter::repeat_n(*t, *n))
        .collect();
    assert_eq!(types, expected);
    assert!(lines[1].starts_with(r#"{"type":"case","number":"R2-000001","#));
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with(r#"{"type":"draft","key":"user:uketsuke","desk":"#)
    );
    // Japanese text is written as is, not \u-escaped
    assert!(text.contains(PEOPLE[0].name) && text.contains(PEOPLE[0].address));

    // import into an empty store: the same answers to every question
    let copy = crate::common::store::open(&tmp.path().join("b"));
    let imported = export::import(&copy, &first).unwrap();
    assert_eq!(imported.counts, counts);
    assert_eq!(imported.exported_at, NOW);
    assert_eq!(snapshot(&copy), snapshot(&original));

    // export again: the same bytes but for exported_at
    let second = tmp.path().join("out").join("again.jsonl");
    export::export(&copy, &second, "2027-01-05T09:00:00+09:00").unwrap();
    let again = read(&second);
    let (body1, head1) = body_and_header(&text);
    let (body2, head2) = body_and_header(&again);
    assert_eq!(head1, head2);
    assert!(body1 == body2, "export bodies differ");

    // counters: no number that was imported is handed out again
    assert_eq!(common::store::create_seq(&copy, 2026), 5);
    assert_eq!(common::store::create_seq(&copy, 2020), 4);
    assert_eq!(copy.allocate_meeting_seq(2026).unwrap(), 3);
    assert_eq!(copy.allocate_meeting_seq(2020).unwrap(), 4);
    let r2 = &cases()[0];
    let next = copy
        .add_handoff(handoff(r2, "koureisha_shien", "2026-11-26T15:10:00+09:00"))
        .unwrap();
    assert_eq!(next.seq, 3);

    // the import is durable: it survives reopening
    drop(copy);
    let copy = crate::common::store::open(&tmp.path().join("b"));
    assert_eq!(copy.record_counts().unwrap().handoffs, counts.handoffs + 1);
}

#[cfg(unix)]
#[test]
fn export_file_is_private_and_replaces_the_target_atomically() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let store = realistic(&tmp.path().join("a"));
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let target = out.join("export.jsonl");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    export::export(&store, &target, NOW).unwrap();
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
    assert!(read(&target).starts_with(r#"{"format":"tsunagu-export""#));
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        vec![std::ffi::OsString::from("export.jsonl")],
        "no temporary left"
    );

    // a failed export leaves the old file and no temporary
    let before = read(&target);
    let tiny = Limits {
        line_bytes: 300,
        file_bytes: 1 << 20,
    };
    match export::export_with(&store, &target, "later", tiny) {
        Err(ArchiveError::RecordTooLarge { kind, id, .. }) => {
            assert_eq!((kind, id.as_str()), (RecordKind::Case, "R2-000001"));
        }
        other => panic!("expected RecordTooLarge, got {other:?}"),
    }
    assert_eq!(read(&target), before);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    // into a folder that does not exist: an error naming the path
    let missing = tmp.path().join("nowhere").join("x.jsonl");
    assert!(matches!(
        export::export(&store, &missing, NOW),
        Err(ArchiveError::Io { .. })
    ));
}

#[test]
fn import_refuses_a_store_that_holds_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let original = realistic(&tmp.path().join("a"));
    let file = tmp.path().join("export.jsonl");
    export::export(&original, &file, NOW).unwrap();
    // a store with records of every kind
    match export::import(&original, &file) {
        Err(e @ ArchiveError::NotEmpty { .. }) => {
            assert!(e.to_string().contains("empty store"), "{e}");
            assert!(
                e.to_string()
                    .contains("7 cases, 7 hand-offs, 5 meetings, 2 drafts"),
                "{e}"
            );
            assert!(e.message_ja().contains("空のデータ"), "{}", e.message_ja());
        }
        other => panic!("expected NotEmpty, got {other:?}"),
    }
    // a store with only a draft, or only a meeting
    let drafty = crate::common::store::open(&tmp.path().join("b"));
    drafty.put_draft("desk:sougou", &Draft::default(), true).unwrap();
    let meety = crate::common::store::open(&tmp.path().join("c"));
    meety
        .put_meeting(&meeting(2026, 1, "shien_kaigi", "2026-05-12", vec![]))
        .unwrap();
    for store in [&drafty, &meety] {
        let before = snapshot(store);
        assert!(matches!(
            export::import(store, &file),
            Err(ArchiveError::NotEmpty { .. })
        ));
        assert_eq!(snapshot(store), before, "nothing written");
    }
}

/// Import `text` into the empty `store`; the error, after checking nothing was written
/// and no personal text is quoted.
fn import_fails(store: &SledStore, dir: &Path, name: &str, text: &[u8], limits: Limits) -> ArchiveError {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        export::import_with(store, &path, limits)
    }));
    let Ok(result) = result else {
        panic!("{name}: import panicked");
    };
    let Err(e) = result else {
        panic!("{name}: import accepted a damaged file");
    };
    assert!(store.record_counts().unwrap().is_empty(), "{name}: wrote records");
    let shown = format!("{e} | {} | {e:?}", e.message_ja());
    for p in &PEOPLE {
        for secret in [p.name, p.kana, p.phone, p.address, p.intake_note, p.case_note] {
            assert!(
                !shown.contains(secret),
                "{name}: error quotes {secret:?}: {shown}"
            );
        }
    }
    for secret in ["髙橋", "佐藤", "グエン", "鈴木", "SECRET"] {
        assert!(
            !shown.contains(secret),
            "{name}: error quotes {secret:?}: {shown}"
        );
    }
    e
}

fn line_problem(e: &ArchiveError) -> (u64, LineProblem) {
    match e {
        ArchiveError::Line { line, problem, .. } => (*line, problem.clone()),
        other => panic!("expected a line error, got {other:?}"),
    }
}

#[test]
fn damaged_files_are_refused_with_a_line_number_and_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let original = realistic(&tmp.path().join("a"));
    let good = tmp.path().join("good.jsonl");
    export::export(&original, &good, NOW).unwrap();
    let text = read(&good);
    let lines: Vec<String> = text.lines().map(String::from).collect();
    let n = lines.len() as u64;
    let join = |ls: &[String]| ls.iter().map(|l| format!("{l}\n")).collect::<String>();
    let with_line = |i: usize, new: &str| {
        let mut ls = lines.clone();
        ls[i] = new.to_string();
        join(&ls)
    };
    let store = crate::common::store::open(&tmp.path().join("empty"));
    let dir = tmp.path();
    let lim = Limits::DEFAULT;
    let fails = |name: &str, bytes: &[u8]| import_fails(&store, dir, name, bytes, lim);

    // cut in the middle of the last line
    let e = fails("cut.jsonl", &text.as_bytes()[..text.len() - 20]);
    assert_eq!(line_problem(&e).0, n);
    assert!(matches!(line_problem(&e).1, LineProblem::NotJson { .. }));
    assert!(e.to_string().contains(&format!("line {n}")), "{e}");
    assert!(
        e.message_ja().contains(&format!("{n} 行目")),
        "{}",
        e.message_ja()
    );
    // cut at a line boundary: the header's counts tell
    let e = fails("short.jsonl", join(&lines[..lines.len() - 1]).as_bytes());
    match e {
        ArchiveError::CountMismatch {
            kind,
            announced,
            found,
            last_line,
            ..
        } => assert_eq!(
            (kind, announced, found, last_line),
            (RecordKind::Draft, 2, 1, n - 1)
        ),
        other => panic!("expected CountMismatch, got {other:?}"),
    }
    // wrong version, not an export, no header at all, empty
    let v2 = with_line(0, &lines[0].replace(r#""version":1"#, r#""version":2"#));
    assert_eq!(
        line_problem(&fails("v2.jsonl", v2.as_bytes())),
        (1, LineProblem::Version { found: 2 })
    );
    let e = fails("v2.jsonl", v2.as_bytes());
    assert!(e.to_string().contains("version 2"), "{e}");
    assert_eq!(
        line_problem(&fails("other.jsonl", b"{\"format\":\"other\",\"version\":1}\n")),
        (1, LineProblem::NotAnExport)
    );
    assert_eq!(
        line_problem(&fails("headless.jsonl", join(&lines[1..]).as_bytes())),
        (1, LineProblem::NotAnExport)
    );
    assert_eq!(
        line_problem(&fails("csv.jsonl", "番号,氏名\nR8-000001,髙橋\n".as_bytes())),
        (1, LineProblem::NotAnExport)
    );
    let no_counts = with_line(0, r#"{"format":"tsunagu-export","version":1,"exported_at":"x"}"#);
    assert_eq!(
        line_problem(&fails("nocounts.jsonl", no_counts.as_bytes())),
        (1, LineProblem::BadHeader)
    );
    assert!(matches!(
        fails("empty.jsonl", b""),
        ArchiveError::EmptyFile { .. }
    ));
    assert!(matches!(
        fails("blank.jsonl", b"\n \n"),
        ArchiveError::EmptyFile { .. }
    ));
    // a broken record in the middle: its line, whatever comes after
    let broken = with_line(
        3,
        r#"{"type":"case","number":"R2-000003","personal":{"name":"髙橋"#,
    );
    assert!(matches!(
        line_problem(&fails("broken.jsonl", broken.as_bytes())),
        (4, LineProblem::NotJson { .. })
    ));
    let mut bad_utf8 = join(&lines[..2]).into_bytes();
    bad_utf8.extend_from_slice(b"{\"type\":\"case\",\"x\":\"\xff\xfe\"}\n");
    assert_eq!(
        line_problem(&fails("utf8.jsonl", &bad_utf8)),
        (3, LineProblem::NotUtf8)
    );
    assert_eq!(
        line_problem(&fails("array.jsonl", with_line(2, "[1,2]").as_bytes())),
        (3, LineProblem::NotAnObject)
    );
    let unknown_type = with_line(2, &lines[2].replacen(r#""type":"case""#, r#""type":"SECRET""#, 1));
    assert_eq!(
        line_problem(&fails("type.jsonl", unknown_type.as_bytes())),
        (3, LineProblem::UnknownType)
    );
    // a field of the wrong type holding personal text: named by line, never quoted
    let wrong = with_line(
        1,
        &lines[1].replacen(r#""age":41"#, &format!(r#""age":"{}""#, PEOPLE[0].name), 1),
    );
    assert_ne!(wrong, text);
    assert_eq!(
        line_problem(&fails("wrongtype.jsonl", wrong.as_bytes())),
        (
            2,
            LineProblem::BadRecord {
                kind: RecordKind::Case
            }
        )
    );
    let wrong_enum = with_line(
        1,
        &lines[1].replacen(r#""channel":"#, r#""channel":"SECRET","was":"#, 1),
    );
    assert!(matches!(
        line_problem(&fails("enum.jsonl", wrong_enum.as_bytes())),
        (
            2,
            LineProblem::BadRecord { .. } | LineProblem::UnknownFields { .. }
        )
    ));
    let missing = with_line(1, &lines[1].replacen(r#""number":"R2-000001","#, "", 1));
    assert_eq!(
        line_problem(&fails("missing.jsonl", missing.as_bytes())),
        (
            2,
            LineProblem::BadRecord {
                kind: RecordKind::Case
            }
        )
    );
    // a field this build does not know, at the top or nested: importing would lose it
    let extra = with_line(
        1,
        &lines[1].replacen(r#""type":"case","#, r#""type":"case","mood":"SECRET","#, 1),
    );
    assert_eq!(
        line_problem(&fails("extra.jsonl", extra.as_bytes())),
        (
            2,
            LineProblem::UnknownFields {
                kind: RecordKind::Case
            }
        )
    );
    let nested = with_line(
        1,
        &lines[1].replacen(r#""age":41"#, r#""age":41,"blood":"SECRET""#, 1),
    );
    assert_eq!(
        line_problem(&fails("nested.jsonl", nested.as_bytes())),
        (
            2,
            LineProblem::UnknownFields {
                kind: RecordKind::Case
            }
        )
    );
    // the same case twice (counts adjusted so only the duplicate is wrong)
    let mut dup = lines.clone();
    dup.insert(3, lines[1].clone());
    dup[0] = dup[0].replace(r#""cases":7"#, r#""cases":8"#);
    assert_eq!(
        line_problem(&fails("dup.jsonl", join(&dup).as_bytes())),
        (
            4,
            LineProblem::Duplicate {
                kind: RecordKind::Case,
                first_line: 2
            }
        )
    );
    // a hand-off whose case is not in the file
    let mut orphan = lines.clone();
    orphan.remove(1);
    orphan[0] = orphan[0].replace(r#""cases":7"#, r#""cases":6"#);
    let first_handoff = orphan
        .iter()
        .position(|l| l.starts_with(r#"{"type":"handoff""#))
        .unwrap();
    assert_eq!(
        line_problem(&fails("orphan.jsonl", join(&orphan).as_bytes())),
        (first_handoff as u64 + 1, LineProblem::HandoffWithoutCase)
    );
    // unusable keys: a case received on no date, a draft without a key
    let undated = with_line(1, &lines[1].replacen("2020-06-01T10:00:00+09:00", "ある日", 1));
    assert_eq!(
        line_problem(&fails("undated.jsonl", undated.as_bytes())),
        (
            2,
            LineProblem::BadKey {
                kind: RecordKind::Case
            }
        )
    );
    let last = lines.len() - 1;
    let keyless = with_line(last, &lines[last].replacen(r#""key":"user:uketsuke","#, "", 1));
    assert_eq!(
        line_problem(&fails("keyless.jsonl", keyless.as_bytes())),
        (
            last as u64 + 1,
            LineProblem::BadRecord {
                kind: RecordKind::Draft
            }
        )
    );

    // limits: a line or a file over them
    let limit = lines[1].len() - 1;
    assert!(lines[0].len() <= limit);
    let small = Limits {
        line_bytes: limit,
        file_bytes: 1 << 20,
    };
    let e = import_fails(&store, dir, "long.jsonl", text.as_bytes(), small);
    assert_eq!(line_problem(&e), (2, LineProblem::TooLong { limit }));
    let exact = Limits {
        line_bytes: lines.iter().map(String::len).max().unwrap(),
        file_bytes: text.len() as u64,
    };
    let fits = crate::common::store::open(&tmp.path().join("fits"));
    export::import_with(&fits, &good, exact).unwrap();
    let tiny_file = Limits {
        line_bytes: 1 << 20,
        file_bytes: 500,
    };
    assert!(matches!(
        import_fails(&store, dir, "big.jsonl", text.as_bytes(), tiny_file),
        ArchiveError::FileTooLarge { limit: 500, .. }
    ));
    // the default line limit, with a real 16 MiB line (no newline needed to refuse it)
    let mut huge = format!("{}\n{{\"type\":\"case\",\"note\":\"", lines[0]).into_bytes();
    huge.resize(huge.len() + Limits::DEFAULT.line_bytes + 10, b'a');
    let e = fails("huge.jsonl", &huge);
    assert_eq!(
        line_problem(&e),
        (
            2,
            LineProblem::TooLong {
                limit: Limits::DEFAULT.line_bytes
            }
        )
    );
    assert!(matches!(
        export::import(&store, &dir.join("absent.jsonl")),
        Err(ArchiveError::Io { .. })
    ));

    // and after all that, the good file still imports
    export::import(&store, &good).unwrap();
    assert_eq!(snapshot(&store), snapshot(&original));
}

#[test]
fn blank_lines_and_a_missing_final_newline_are_tolerated() {
    let tmp = tempfile::tempdir().unwrap();
    let original = realistic(&tmp.path().join("a"));
    let good = tmp.path().join("good.jsonl");
    export::export(&original, &good, NOW).unwrap();
    let text = read(&good);
    let loose = format!("\n{}\n", text.trim_end().replace('\n', "\n\n"));
    let loose = loose.trim_end_matches('\n');
    let path = tmp.path().join("loose.jsonl");
    std::fs::write(&path, loose).unwrap();
    let store = crate::common::store::open(&tmp.path().join("b"));
    export::import(&store, &path).unwrap();
    assert_eq!(snapshot(&store), snapshot(&original));
}

/// What the year's figures are made of: every record with its free text blanked (kept
/// only as "was there text"), so any other change shows.
#[derive(Debug, PartialEq)]
struct Figures {
    cases: Vec<Case>,
    handoffs: Vec<Handoff>,
    meetings: Vec<MeetingRecord>,
    by_date: Vec<String>,
    counts: RecordCounts,
}

fn blank(s: &str) -> String {
    if s.trim().is_empty() {
        String::new()
    } else {
        "…".into()
    }
}

fn figures(store: &dyn Store) -> Figures {
    let mut cases = store.cases().unwrap();
    for c in &mut cases {
        c.personal = Personal::default();
        c.intake.note = None;
        for n in &mut c.notes {
            n.text = blank(&n.text);
        }
        c.closing_note = c.closing_note.as_deref().map(blank);
    }
    let mut handoffs = store.handoffs().unwrap();
    for h in &mut handoffs {
        h.note = String::new();
        for s in &mut h.history {
            s.reason = s.reason.as_deref().map(blank);
        }
    }
    let mut meetings = store.meetings().unwrap();
    for m in &mut meetings {
        for d in &mut m.cases {
            d.note = blank(&d.note);
        }
    }
    Figures {
        cases,
        handoffs,
        meetings,
        by_date: store
            .cases_received(None, None, usize::MAX)
            .unwrap()
            .into_iter()
            .map(|c| c.number)
            .collect(),
        counts: store.record_counts().unwrap(),
    }
}

/// Every personal string of a case (by seq) in the export text?
fn present(text: &str, p: &Person3) -> Vec<bool> {
    [
        p.name,
        p.kana,
        p.phone,
        p.address,
        p.intake_note,
        p.case_note,
        p.handoff_note,
        p.return_reason,
        p.decision_note,
    ]
    .iter()
    .map(|s| text.contains(s))
    .collect()
}

#[test]
fn purge_erases_the_person_and_keeps_the_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a");
    let store = realistic(&dir);
    let before = figures(&store);
    let file = tmp.path().join("before.jsonl");
    export::export(&store, &file, NOW).unwrap();
    let before_text = read(&file);
    // 令和3年4月1日: R2-000001 and R2-000002 closed before it; R2-000003 is open,
    // R8-000001 closed after it, R8-000004 closed at no readable date.
    let cutoff = d(2021, 4, 1);

    let dry = purge_closed_before(&store, cutoff, true).unwrap();
    assert!(dry.dry_run);
    assert_eq!(dry.closed_before, cutoff);
    assert_eq!(
        (dry.cases_matched, dry.cases_anonymized, dry.handoffs_anonymized),
        (2, 2, 3)
    );
    // M7... no: meetings M2-0001 (R2-000001's note), M2-0002 (R2-000002's),
    // M2-0003 (R2-000001's; R2-000002's note there is empty)
    assert_eq!((dry.meetings_anonymized, dry.decision_notes_erased), (3, 3));
    assert_eq!(dry.undated, 1);
    export::export(&store, &file, NOW).unwrap();
    assert_eq!(read(&file), before_text, "a dry run writes nothing");

    let done = purge_closed_before(&store, cutoff, false).unwrap();
    assert!(!done.dry_run);
    assert_eq!(
        (
            done.cases_matched,
            done.cases_anonymized,
            done.handoffs_anonymized,
            done.meetings_anonymized,
            done.decision_notes_erased,
            done.undated
        ),
        (
            dry.cases_matched,
            dry.cases_anonymized,
            dry.handoffs_anonymized,
            dry.meetings_anonymized,
            dry.decision_notes_erased,
            dry.undated
        )
    );
    // durable: read back after reopening
    drop(store);
    let store = crate::common::store::open(&dir);
    assert_eq!(figures(&store), before, "the figures are untouched");

    export::export(&store, &file, NOW).unwrap();
    let after = read(&file);
    assert_eq!(present(&after, &PEOPLE[0]), vec![false; 9], "R2-000001 is gone");
    assert_eq!(present(&after, &PEOPLE[1]), vec![false; 9], "R2-000002 is gone");
    let purged = ["R2-000001", "R2-000002"];
    for c in store.cases().unwrap() {
        let gone = purged.contains(&c.number.as_str());
        let p = person(c.fiscal_year, c.seq);
        if gone {
            assert_eq!(c.personal, Personal::default());
            assert_eq!(c.intake.note, None);
            assert!(c.notes.iter().all(|n| n.text == ERASED));
            assert_eq!(c.closing_note.as_deref(), Some(ERASED));
        } else {
            assert_eq!(c.personal.name.as_deref(), Some(p.name), "{}", c.number);
            assert_eq!(c.intake.note.as_deref(), Some(p.intake_note));
            assert_eq!(c.notes[0].text, p.case_note);
            assert_eq!(c, cases().into_iter().find(|x| x.number == c.number).unwrap());
        }
    }
    for h in store.handoffs().unwrap() {
        let gone = purged.contains(&h.case.as_str());
        assert_eq!(h.note.is_empty(), gone, "{}#{}", h.case, h.seq);
        for s in &h.history {
            if let Some(r) = &s.reason {
                assert_eq!(r == ERASED, gone);
            }
        }
    }
    for m in store.meetings().unwrap() {
        for dcs in &m.cases {
            let gone = purged.contains(&dcs.case.as_str());
            if !dcs.note.is_empty() {
                assert_eq!(dcs.note == ERASED, gone, "{} {}", m.id, dcs.case);
            }
        }
    }
    // the cases closed after the date, open or undated keep everything
    for p in &PEOPLE[2..] {
        assert!(present(&after, p)[..6].iter().all(|&x| x), "{}", p.name);
        assert_eq!(present(&after, p), present(&before_text, p), "{}", p.name);
    }
    // drafts are not cases: untouched
    assert_eq!(
        store
            .draft("desk:sougou")
            .unwrap()
            .unwrap()
            .personal
            .name
            .as_deref(),
        Some(PEOPLE[3].name)
    );

    // again: nothing left to change
    let again = purge_closed_before(&store, cutoff, false).unwrap();
    assert_eq!(again.cases_matched, 2);
    assert_eq!(
        (
            again.cases_anonymized,
            again.handoffs_anonymized,
            again.meetings_anonymized,
            again.decision_notes_erased
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(figures(&store), before);

    // a purged store still exports and imports exactly
    let copy = crate::common::store::open(&tmp.path().join("b"));
    export::import(&copy, &file).unwrap();
    assert_eq!(snapshot(&copy), snapshot(&store));
}

#[test]
fn purge_of_nothing_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let store = realistic(&tmp.path().join("a"));
    let before = snapshot(&store);
    let s = purge_closed_before(&store, d(2000, 1, 1), false).unwrap();
    assert_eq!(
        (
            s.cases_matched,
            s.cases_anonymized,
            s.handoffs_anonymized,
            s.meetings_anonymized
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(snapshot(&store), before);
    let empty = crate::common::store::open(&tmp.path().join("b"));
    let s = purge_closed_before(&empty, d(2030, 1, 1), false).unwrap();
    assert_eq!(s.cases_matched, 0);
}

/// Issue 11: one intake validation for every path. An export whose case has an age of
/// 200 (a u8, so it reads) is refused by name, with its line, and nothing is written.
#[test]
fn import_refuses_an_age_over_120_like_the_desk_and_refer() {
    let tmp = tempfile::tempdir().unwrap();
    let original = realistic(&tmp.path().join("a"));
    let good = tmp.path().join("good.jsonl");
    export::export(&original, &good, NOW).unwrap();
    let text = read(&good);
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(r#""type":"case""#) && l.contains(r#""age":"#))
        .expect("a case with an age");
    let at = line.find(r#""age":"#).unwrap() + r#""age":"#.len();
    let end = at + line[at..].find(|c: char| !c.is_ascii_digit()).unwrap();
    let bad_line = format!("{}200{}", &line[..at], &line[end..]);
    let bad: String = text
        .lines()
        .enumerate()
        .map(|(j, l)| {
            if j == i {
                format!("{bad_line}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let store = crate::common::store::open(&tmp.path().join("empty"));
    let e = import_fails(&store, tmp.path(), "age.jsonl", bad.as_bytes(), Limits::DEFAULT);
    let (n, problem) = line_problem(&e);
    assert_eq!(n, i as u64 + 1);
    match problem {
        LineProblem::Invalid { field, .. } => assert!(field.ends_with("].age"), "{field}"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(e.to_string().contains("0 to 120"), "{e}");
}
