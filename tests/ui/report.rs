//! The year's figures (集計): a fixture fiscal year with known counts built in code, the
//! fiscal-year boundaries in local (+09:00) time, the CSV's bytes for Excel, JSON back,
//! no personal data, `load` from a store, and the 集計 tab against the CLI text (80x24).

use crate::common;
use common::screen;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;
use tsunagu::cli::report::{Format, csv_field, print};
use tsunagu::domain::{
    Case, CaseDecision, CaseNote, Channel, Consent, Decision, Directory, Handoff, HandoffStatus, Intake,
    MeetingRecord, Person, Personal, Relation, StatusChange,
};
use tsunagu::i18n::Lang;
use tsunagu::report::{self, Figures, UNKNOWN, compute, fmt, words::Word};
use tsunagu::tui::action::Action;
use tsunagu::tui::app::{App, Env, SharedStore};
use tsunagu::tui::keymap::Keymap;
use tsunagu::tui::screens;
use tsunagu::tui::text::is_width_safe;

const NAME: &str = "髙橋 𠮷男";
const PHONE: &str = "04-2964-1111";
const ADDRESS: &str = "入間市豊岡1-2-3";
const NOTE: &str = "母が高齢で、息子が長くひきこもっている";
const STAFF: &str = "uketsuke_sato";
const SHORTAGE_TRANSPORT: &str = "移動支援の担い手, 送迎";
const SHORTAGE_PLACE: &str = "夜間に相談できる居場所";

fn dir() -> Directory {
    tsunagu::seed::load_embedded().unwrap().directory
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn person(relation: Relation, concerns: &[&str]) -> Person {
    Person {
        relation,
        age: Some(50),
        concerns: concerns.iter().map(|c| c.to_string()).collect(),
    }
}

fn case(number: &str, received_at: &str, desk: &str, channel: Channel, people: Vec<Person>) -> Case {
    let date = tsunagu::domain::date_of(received_at).unwrap();
    let seq = number.rsplit('-').next().unwrap().parse().unwrap();
    Case {
        number: number.into(),
        fiscal_year: tsunagu::domain::fiscal_year(date),
        seq,
        received_at: received_at.into(),
        desk: desk.into(),
        staff: Some(STAFF.into()),
        intake: Intake {
            channel,
            consent: Consent::Given,
            seeks_help: true,
            people,
            note: Some(NOTE.into()),
            ..Intake::default()
        },
        personal: Personal {
            name: Some(NAME.into()),
            kana: Some("たかはし よしお".into()),
            phone: Some(PHONE.into()),
            address: Some(ADDRESS.into()),
        },
        restricted: false,
        notes: vec![CaseNote {
            at: received_at.into(),
            by: STAFF.into(),
            text: NOTE.into(),
        }],
        closed_at: None,
        closing_note: None,
        consultations: Vec::new(),
    }
}

/// A hand-off requested at `at`, then moved through `changes` (status, time).
fn handoff(
    case: &str,
    seq: u32,
    program: &str,
    section: &str,
    at: &str,
    changes: &[(HandoffStatus, &str)],
) -> Handoff {
    let mut h = Handoff {
        case: case.into(),
        seq,
        program: program.into(),
        section: section.into(),
        site: None,
        reasons: vec!["複合課題".into()],
        note: NOTE.into(),
        from_desk: "総合相談支援室".into(),
        requested_at: at.into(),
        status: HandoffStatus::Requested,
        history: vec![StatusChange {
            at: at.into(),
            to: HandoffStatus::Requested,
            by: STAFF.into(),
            reason: None,
        }],
    };
    for (to, when) in changes {
        let reason = (*to == HandoffStatus::Returned).then(|| "対象外".to_string());
        h.transition(*to, when, "section", reason).unwrap();
    }
    h
}

fn meeting(id: &str, kind: &str, date: &str, cases: &[(&str, Decision, &str)]) -> MeetingRecord {
    let d = tsunagu::domain::date_of(date).unwrap();
    MeetingRecord {
        id: id.into(),
        kind: kind.into(),
        date: date.into(),
        fiscal_year: tsunagu::domain::fiscal_year(d),
        sections: vec!["fukushi_soumu".into()],
        agencies: vec!["社会福祉協議会".into()],
        cases: cases
            .iter()
            .map(|(c, decision, note)| CaseDecision {
                case: c.to_string(),
                decision: *decision,
                note: note.to_string(),
            })
            .collect(),
        confidential: kind == "shien_kaigi",
        recorded_at: format!("{date}T17:00:00+09:00"),
        recorded_by: STAFF.into(),
    }
}

/// The fixture: five cases of FY2026 (and one either side), eight hand-offs of them (and
/// one of next year's), two meetings of FY2026 (and one of FY2025).
struct Records {
    cases: Vec<Case>,
    handoffs: Vec<Handoff>,
    meetings: Vec<MeetingRecord>,
}

fn records() -> Records {
    use Channel::*;
    use HandoffStatus::*;
    use Relation::*;
    let hq = "総合相談支援室";
    let east = "東金子地区センター";
    let cases = vec![
        // Two domains (health + elderly): a complex household.
        case(
            "R8-000001",
            "2026-04-01T09:00:00+09:00",
            hq,
            WalkIn,
            vec![person(Myself, &["hikikomori"]), person(Parent, &["elderly_care"])],
        ),
        // Two concerns of one domain: poverty once.
        case(
            "R8-000002",
            "2026-04-15T10:00:00+09:00",
            hq,
            Phone,
            vec![person(Myself, &["poverty", "debt"])],
        ),
        // Two people, one domain: elderly once.
        case(
            "R8-000003",
            "2026-06-03T13:00:00+09:00",
            east,
            Online,
            vec![person(Myself, &["dementia"]), person(Spouse, &["elderly_care"])],
        ),
        // A concern the directory does not know: counted under `?`.
        case(
            "R8-000004",
            "2026-11-20T11:00:00+09:00",
            hq,
            WalkIn,
            vec![person(Myself, &["dv", "made_up"])],
        ),
        // The last minute of the fiscal year, local time; わからない does not count.
        case(
            "R8-000005",
            "2027-03-31T23:59:00+09:00",
            east,
            Visit,
            vec![person(Myself, &["isolation", "not_sure"])],
        ),
        // Next fiscal year's first minute (still March 31 in UTC).
        case(
            "R9-000001",
            "2027-04-01T00:00:00+09:00",
            hq,
            Phone,
            vec![person(Myself, &["poverty"])],
        ),
        // Last fiscal year's last minute.
        case(
            "R7-000099",
            "2026-03-31T23:59:00+09:00",
            hq,
            Phone,
            vec![person(Myself, &["poverty"])],
        ),
    ];
    let handoffs = vec![
        // Accepted after 1.5 days.
        handoff(
            "R8-000001",
            1,
            "takikan",
            "fukushi_soumu",
            "2026-04-01T10:00:00+09:00",
            &[(Accepted, "2026-04-02T22:00:00+09:00")],
        ),
        // Accepted after 3 days, then done.
        handoff(
            "R8-000001",
            2,
            "hikikomori",
            "chiiki_hoken",
            "2026-04-01T10:00:00+09:00",
            &[
                (Accepted, "2026-04-04T10:00:00+09:00"),
                (Done, "2026-08-01T10:00:00+09:00"),
            ],
        ),
        handoff(
            "R8-000002",
            1,
            "konkyu_soudan",
            "seikatsu_shien",
            "2026-04-15T11:00:00+09:00",
            &[(Returned, "2026-04-16T09:00:00+09:00")],
        ),
        // Returned by 多機関協働事業: does not make R8-000002 a case handled.
        handoff(
            "R8-000002",
            2,
            "takikan",
            "fukushi_soumu",
            "2026-04-16T11:00:00+09:00",
            &[(Returned, "2026-04-17T09:00:00+09:00")],
        ),
        // Accepted after 6 hours (0.25 days).
        handoff(
            "R8-000003",
            1,
            "chiiki_houkatsu",
            "koureisha_shien",
            "2026-06-03T14:00:00+09:00",
            &[(Accepted, "2026-06-03T20:00:00+09:00")],
        ),
        handoff(
            "R8-000003",
            2,
            "hikikomori",
            "chiiki_hoken",
            "2026-06-03T14:00:00+09:00",
            &[(Expired, "2026-06-17T00:00:00+09:00")],
        ),
        // Requested 6 days ago: not overdue; to 多機関協働事業: R8-000004 is handled.
        handoff(
            "R8-000004",
            1,
            "takikan",
            "fukushi_soumu",
            "2026-11-20T12:00:00+09:00",
            &[],
        ),
        // Requested 25 days ago: overdue.
        handoff(
            "R8-000004",
            2,
            "dv_josei",
            "jinken_suishin",
            "2026-11-01T12:00:00+09:00",
            &[],
        ),
        // Next year's case: not in FY2026's figures.
        handoff(
            "R9-000001",
            1,
            "takikan",
            "fukushi_soumu",
            "2027-04-01T09:00:00+09:00",
            &[],
        ),
    ];
    let meetings = vec![
        meeting(
            "M8-0001",
            "jusouteki_kaigi",
            "2026-07-10",
            &[("R8-000003", Decision::ResourceShortage, SHORTAGE_TRANSPORT)],
        ),
        meeting(
            "M8-0002",
            "shien_kaigi",
            "2026-09-01",
            &[
                ("R8-000005", Decision::ResourceShortage, SHORTAGE_PLACE),
                // A case carried over from FY2025: handled this year through the meeting.
                ("R7-000050", Decision::WatchAndShare, ""),
            ],
        ),
        // Last fiscal year's meeting: neither counted nor listed.
        meeting(
            "M7-0009",
            "jusouteki_kaigi",
            "2026-03-20",
            &[("R8-000002", Decision::ResourceShortage, "前年度の不足")],
        ),
    ];
    Records {
        cases,
        handoffs,
        meetings,
    }
}

fn figures(fy: i32) -> Figures {
    let r = records();
    compute(fy, &dir(), &r.cases, &r.handoffs, &r.meetings, today())
}

fn count_of(list: &[report::Count], id: &str) -> u32 {
    list.iter().find(|c| c.id == id).map_or(0, |c| c.count)
}

#[test]
fn consultations_by_month_channel_desk_concern_and_domain() {
    let f = figures(2026);
    let c = &f.consultations;
    assert_eq!(f.label, "令和8年度");
    assert_eq!(f.from, NaiveDate::from_ymd_opt(2026, 4, 1));
    assert_eq!(f.to, NaiveDate::from_ymd_opt(2027, 3, 31));
    assert_eq!(c.total, 5);
    let months: Vec<(i32, u32, u32)> = c.by_month.iter().map(|m| (m.year, m.month, m.count)).collect();
    assert_eq!(
        months,
        vec![
            (2026, 4, 2),
            (2026, 5, 0),
            (2026, 6, 1),
            (2026, 7, 0),
            (2026, 8, 0),
            (2026, 9, 0),
            (2026, 10, 0),
            (2026, 11, 1),
            (2026, 12, 0),
            (2027, 1, 0),
            (2027, 2, 0),
            (2027, 3, 1),
        ]
    );
    let channels: Vec<(Channel, u32, u32)> = c
        .by_channel
        .iter()
        .map(|x| (x.channel, x.count, x.percent))
        .collect();
    assert_eq!(
        channels,
        vec![
            (Channel::WalkIn, 2, 40),
            (Channel::Phone, 1, 20),
            (Channel::Visit, 1, 20),
            (Channel::Online, 1, 20),
            (Channel::Referral, 0, 0),
        ]
    );
    let desks: Vec<(&str, u32)> = c.by_desk.iter().map(|d| (d.id.as_str(), d.count)).collect();
    assert_eq!(desks, vec![("総合相談支援室", 3), ("東金子地区センター", 2)]);

    // Concerns: households per concern (elderly_care ticked in two households).
    for (id, n) in [
        ("hikikomori", 1),
        ("elderly_care", 2),
        ("poverty", 1),
        ("debt", 1),
        ("dementia", 1),
        ("dv", 1),
        ("isolation", 1),
        ("not_sure", 1),
        ("childcare", 0),
        (UNKNOWN, 1),
    ] {
        assert_eq!(count_of(&c.by_concern, id), n, "concern {id}");
    }
    assert_eq!(
        c.by_concern.len(),
        dir().concerns.len() + 1,
        "every concern, then ?"
    );
    // Domains: once per household (poverty+debt is one poverty household; dementia and
    // elderly_care of two people are one elderly household).
    for (id, n) in [
        ("elderly", 2),
        ("health", 1),
        ("poverty", 1),
        ("rights", 1),
        ("community", 1),
        ("unsure", 1),
        ("children", 0),
        (UNKNOWN, 1),
    ] {
        assert_eq!(count_of(&c.by_domain, id), n, "domain {id}");
    }
    assert_eq!(c.by_domain.iter().map(|d| d.count).sum::<u32>(), 8);
    // Only R8-000001 spans two counting domains (わからない and ? do not count).
    assert_eq!(c.complex, 1);
}

#[test]
fn handoffs_by_status_and_section_median_and_overdue() {
    let f = figures(2026);
    let h = &f.handoffs;
    assert_eq!(h.total, 8, "the year's cases' hand-offs only");
    for (s, n) in [
        (HandoffStatus::Requested, 2),
        (HandoffStatus::Accepted, 2),
        (HandoffStatus::Done, 1),
        (HandoffStatus::Returned, 2),
        (HandoffStatus::Expired, 1),
    ] {
        assert_eq!(f.handoffs_with(s), n, "{s:?}");
    }
    // 1.5, 3.0 and 0.25 days: the median is 1.5.
    assert_eq!(h.median_days_to_accept, Some(1.5));
    assert_eq!(h.accepted_measured, 3);
    assert_eq!(h.expiry_days, 14);
    assert_eq!((h.overdue_requested, h.expired, h.overdue), (1, 1, 2));

    let soumu = h.by_section.iter().find(|s| s.id == "fukushi_soumu").unwrap();
    assert_eq!(soumu.label, "福祉総務課");
    assert_eq!(soumu.total, 3);
    let by: Vec<u32> = soumu.by_status.iter().map(|s| s.count).collect();
    assert_eq!(by, vec![1, 1, 0, 1, 0]);
    let hoken = h.by_section.iter().find(|s| s.id == "chiiki_hoken").unwrap();
    assert_eq!(
        (hoken.total, hoken.by_status[2].count, hoken.by_status[4].count),
        (2, 1, 1)
    );
    // Sections in the directory's order, only those with hand-offs.
    let order: Vec<&str> = h.by_section.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        order,
        vec![
            "koureisha_shien",
            "chiiki_hoken",
            "seikatsu_shien",
            "fukushi_soumu",
            "jinken_suishin"
        ]
    );

    // Overdue depends on the day: on 11-15 the 11-01 request is 14 days old.
    let r = records();
    let early = compute(
        2026,
        &dir(),
        &r.cases,
        &r.handoffs,
        &r.meetings,
        NaiveDate::from_ymd_opt(2026, 11, 14).unwrap(),
    );
    assert_eq!(early.handoffs.overdue_requested, 0);
    let due = compute(
        2026,
        &dir(),
        &r.cases,
        &r.handoffs,
        &r.meetings,
        NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
    );
    assert_eq!(due.handoffs.overdue_requested, 1);
}

#[test]
fn median_is_none_without_an_acceptance() {
    let r = records();
    let never: Vec<Handoff> = r
        .handoffs
        .iter()
        .filter(|h| !h.history.iter().any(|c| c.to == HandoffStatus::Accepted))
        .cloned()
        .collect();
    let f = compute(2026, &dir(), &r.cases, &never, &r.meetings, today());
    assert_eq!(f.handoffs.median_days_to_accept, None);
    assert_eq!(f.handoffs.accepted_measured, 0);
    let mut out = Vec::new();
    print(&mut out, &f, Format::Text, Lang::Ja).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("受理までの日数 (中央値)  データなし"), "{text}");
}

#[test]
fn targets_with_actual_and_progress() {
    let f = figures(2026);
    assert_eq!(f.targets.len(), 2);
    let m = f.target("meetings_held").unwrap();
    assert_eq!(m.indicator, "重層的支援会議・支援会議の開催回数");
    // 重層的支援会議 and 支援会議 both count: 2 of 5.
    assert_eq!((m.target, m.actual, m.progress_percent), (5, Some(2), Some(40)));
    let c = f.target("cases_handled").unwrap();
    // R8-000001 and R8-000004 (takikan hand-offs not returned), R8-000003 and R8-000005
    // (discussed), R7-000050 (carried over, discussed): 5 of 6.
    assert_eq!((c.target, c.actual, c.progress_percent), (6, Some(5), Some(83)));
    assert_eq!(fmt::bar(m.progress_percent, 10), "####......");

    // Without the meetings only the hand-offs count: 2 of 6.
    let r = records();
    let f = compute(2026, &dir(), &r.cases, &r.handoffs, &[], today());
    assert_eq!(f.target("cases_handled").unwrap().actual, Some(2));
    assert_eq!(f.target("meetings_held").unwrap().progress_percent, Some(0));
    // The plan sets targets for 令和8年度 only.
    assert!(figures(2027).targets.is_empty());
}

#[test]
fn meetings_by_kind_and_missing_resources() {
    let f = figures(2026);
    assert_eq!(f.meetings.total, 2);
    let kinds: Vec<(&str, bool, u32)> = f
        .meetings
        .by_kind
        .iter()
        .map(|k| (k.kind.as_str(), k.confidential, k.count))
        .collect();
    assert_eq!(
        kinds,
        vec![("jusouteki_kaigi", false, 1), ("shien_kaigi", true, 1)]
    );
    assert_eq!(f.meetings.cases_discussed, 3);
    let list: Vec<(String, &str, bool, &str)> = f
        .resource_shortages
        .iter()
        .map(|r| {
            (
                r.date.to_string(),
                r.name.as_str(),
                r.confidential,
                r.note.as_str(),
            )
        })
        .collect();
    assert_eq!(
        list,
        vec![
            (
                "2026-07-10".to_string(),
                "重層的支援会議",
                false,
                SHORTAGE_TRANSPORT
            ),
            ("2026-09-01".to_string(), "支援会議", true, SHORTAGE_PLACE),
        ]
    );
    // FY2025 has last year's meeting and its shortage.
    let old = figures(2025);
    assert_eq!(old.meetings.total, 1);
    assert_eq!(old.resource_shortages.len(), 1);
}

#[test]
fn fiscal_year_boundaries_in_local_time() {
    let f26 = figures(2026);
    assert_eq!(
        f26.consultations.by_month[11].count, 1,
        "2027-03-31T23:59+09:00 is in FY2026 March"
    );
    let f27 = figures(2027);
    assert_eq!(f27.label, "令和9年度");
    assert_eq!(f27.consultations.total, 1, "2027-04-01T00:00+09:00 is FY2027");
    assert_eq!(f27.consultations.by_month[0].count, 1);
    assert_eq!(f27.handoffs.total, 1);
    let f25 = figures(2025);
    assert_eq!(f25.consultations.total, 1, "2026-03-31T23:59+09:00 is FY2025");
    assert_eq!(
        f25.consultations.by_month[11],
        report::MonthCount {
            year: 2026,
            month: 3,
            count: 1
        }
    );
    // A record given twice counts once.
    let r = records();
    let mut twice = r.cases.clone();
    twice.extend(r.cases.iter().cloned());
    let mut handoffs = r.handoffs.clone();
    handoffs.extend(r.handoffs.iter().cloned());
    let mut meetings = r.meetings.clone();
    meetings.extend(r.meetings.iter().cloned());
    assert_eq!(compute(2026, &dir(), &twice, &handoffs, &meetings, today()), f26);
}

#[test]
fn figures_hold_no_personal_data() {
    let f = figures(2026);
    let json = serde_json::to_string(&f).unwrap();
    for secret in [
        NAME,
        "たかはし",
        PHONE,
        ADDRESS,
        NOTE,
        STAFF,
        "R8-000001",
        "R7-000050",
        "対象外",
        "社会福祉協議会",
    ] {
        assert!(!json.contains(secret), "{secret} leaked into the figures");
    }
    for format in [Format::Text, Format::Csv, Format::Json] {
        for lang in [Lang::Ja, Lang::En] {
            let mut out = Vec::new();
            print(&mut out, &f, format, lang).unwrap();
            let s = String::from_utf8(out).unwrap();
            for secret in [NAME, PHONE, ADDRESS, NOTE, STAFF, "R8-000001"] {
                assert!(!s.contains(secret), "{secret} printed ({format:?}, {lang:?})");
            }
        }
    }
}

#[test]
fn csv_opens_in_excel() {
    let f = figures(2026);
    let mut out = Vec::new();
    print(&mut out, &f, Format::Csv, Lang::Ja).unwrap();
    assert_eq!(&out[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let s = std::str::from_utf8(&out[3..]).unwrap();
    assert!(s.starts_with("区分,項目,値,目標,進捗(%)\r\n"), "{s}");
    assert!(s.ends_with("\r\n"));
    assert_eq!(s.matches('\n').count(), s.matches("\r\n").count(), "CRLF only");
    let rows: Vec<&str> = s.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert!(
        rows.contains(&"目標,重層的支援会議・支援会議の開催回数,2,5,40"),
        "{s}"
    );
    assert!(rows.contains(&"目標,取り扱うケース件数,5,6,83"));
    assert!(rows.contains(&"相談受付,合計,5,,"));
    assert!(rows.contains(&"月別,2027年3月,1,,"));
    assert!(rows.contains(&"経路別,来所,2,,"));
    assert!(rows.contains(&"相談内容別 (世帯),(名簿にない項目),1,,"));
    assert!(rows.contains(&"つなぎ,受理までの日数 (中央値),1.5,,"));
    assert!(rows.contains(&"つなぎ,期限超過,2,,"));
    assert!(rows.contains(&"会議,支援会議 (守秘),1,,"));
    // The comma inside the note is quoted.
    assert!(
        rows.contains(&"社会資源の不足,2026-07-10 重層的支援会議,\"移動支援の担い手, 送迎\",,"),
        "{s}"
    );
    // Every row has five fields (outside quotes).
    for r in &rows {
        let mut fields = 1;
        let mut quoted = false;
        for c in r.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => fields += 1,
                _ => {}
            }
        }
        assert_eq!(fields, 5, "{r}");
    }
    assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
    assert_eq!(csv_field("1行\n2行"), "\"1行\n2行\"");
    assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(csv_field("plain"), "plain");
}

#[test]
fn json_parses_back() {
    let f = figures(2026);
    let mut out = Vec::new();
    print(&mut out, &f, Format::Json, Lang::Ja).unwrap();
    let back: Figures = serde_json::from_slice(&out).unwrap();
    assert_eq!(back, f);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["targets"][0]["progress_percent"], 40);
    assert_eq!(v["handoffs"]["median_days_to_accept"], 1.5);
    assert_eq!(v["consultations"]["by_channel"][0]["channel"], "walk_in");
    assert_eq!(Format::parse("CSV"), Some(Format::Csv));
    assert_eq!(Format::parse("json"), Some(Format::Json));
    assert_eq!(Format::parse("text"), Some(Format::Text));
    assert_eq!(Format::parse("xlsx"), None);
}

#[test]
fn text_output_in_japanese_and_english() {
    let f = figures(2026);
    let mut out = Vec::new();
    print(&mut out, &f, Format::Text, Lang::Ja).unwrap();
    let ja = String::from_utf8(out).unwrap();
    assert!(
        ja.starts_with("集計  令和8年度 (2026/4-2027/3)  2026-11-26 現在\n"),
        "{ja}"
    );
    assert!(ja.contains("####......   40%"), "{ja}");
    assert!(ja.contains("支援会議 (守秘)"));
    assert!(ja.contains("2026-07-10  重層的支援会議  移動支援の担い手, 送迎"));
    assert!(
        ja.contains("期限超過  2件 (依頼中のまま14日以上 1 / 期限切れ 1)"),
        "{ja}"
    );
    for line in ja.lines() {
        assert!(is_width_safe(line), "{line}");
        assert!(tsunagu::tui::text::width(line) <= 80, "over 80 cells: {line}");
    }
    let mut out = Vec::new();
    print(&mut out, &f, Format::Text, Lang::En).unwrap();
    let en = String::from_utf8(out).unwrap();
    assert!(
        en.starts_with("Figures  FY2026 (2026/4-2027/3)  as of 2026-11-26\n"),
        "{en}"
    );
    assert!(en.contains("Meetings held (both kinds)"));
    assert!(en.contains("Median days to acceptance  1.5 days (of 3)"), "{en}");
    assert!(en.contains("walk-in"));
}

#[test]
fn report_words_are_width_safe() {
    for lang in [Lang::Ja, Lang::En] {
        for w in Word::ALL {
            assert!(is_width_safe(w.text(lang)), "{w:?}");
        }
    }
}

// ---- the store, the tab and the CLI --------------------------------------------------

struct Fixture {
    store: SharedStore,
    _tmp: tempfile::TempDir,
}

fn stored() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let store: SharedStore = Arc::new(crate::common::store::open(&tmp.path().join("store")));
    let r = records();
    for c in &r.cases {
        store.put_case(c).unwrap();
    }
    for h in &r.handoffs {
        let stored = store.add_handoff(h.clone()).unwrap();
        assert_eq!(
            stored.seq, h.seq,
            "the fixture numbers hand-offs as the store does"
        );
    }
    for m in &r.meetings {
        store.put_meeting(m).unwrap();
    }
    Fixture { store, _tmp: tmp }
}

#[test]
fn load_reads_the_year_from_the_store() {
    let fx = stored();
    let d = dir();
    for fy in [2025, 2026, 2027, 2030] {
        let loaded = report::load(fx.store.as_ref(), fy, &d, today()).unwrap();
        assert_eq!(loaded, figures(fy), "FY{fy}");
    }
}

fn now() -> chrono::NaiveDateTime {
    today().and_hms_opt(15, 20, 0).unwrap()
}

fn app(store: SharedStore, lang: Lang) -> App {
    let mut env = Env::new(dir(), Keymap::default_map(), lang, "総合相談支援室".into());
    env.user = "yamada".into();
    let mut app = App::new(env, now()).with_store(store);
    app.handle(Action::GotoReport);
    app
}

fn render(app: &mut App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| screens::draw(app, f)).unwrap();
    t
}

/// The numbers (integers or decimals) in a string, in order.
fn numbers(s: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !cur.is_empty() && !cur.contains('.')) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(cur.trim_end_matches('.').parse().unwrap());
            cur.clear();
        }
    }
    out
}

/// The numbers after `label` on the first line holding it.
fn after(text: &str, label: &str) -> Vec<f64> {
    let line = text
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no line with {label:?} in\n{text}"));
    let at = line.find(label).unwrap() + label.len();
    numbers(&line[at..])
}

/// The numbers of the line after the first line holding `label`.
fn line_after(text: &str, label: &str) -> Vec<f64> {
    let mut lines = text.lines();
    lines.by_ref().find(|l| l.contains(label)).unwrap();
    numbers(lines.next().unwrap())
}

/// The key figures as the tab and the CLI text show them.
fn key_numbers(text: &str, month_label: &str) -> Vec<Vec<f64>> {
    let mut v = vec![
        after(text, "重層的支援会議・支援会議の開催回数"),
        after(text, "取り扱うケース件数"),
        after(text, "相談受付"),
        line_after(text, month_label)[..12].to_vec(),
        after(text, "受理までの日数 (中央値)"),
        after(text, "期限超過"),
        after(text, "社会資源の不足"),
    ];
    for s in HandoffStatus::ALL {
        v.push(after(text, &format!("{} ", s.label_ja()))[..1].to_vec());
    }
    v
}

#[test]
fn tab_and_cli_show_the_same_numbers() {
    let fx = stored();
    let mut app = app(fx.store.clone(), Lang::Ja);
    let t = render(&mut app);
    let shown = screen(&t);
    insta::assert_snapshot!(shown);
    for line in shown.lines() {
        assert!(is_width_safe(line), "{line}");
    }

    let f = report::load(fx.store.as_ref(), 2026, &dir(), today()).unwrap();
    let mut out = Vec::new();
    print(&mut out, &f, Format::Text, Lang::Ja).unwrap();
    let cli = String::from_utf8(out).unwrap();

    // The numbers themselves, from the figures.
    let m = f.target("meetings_held").unwrap();
    assert_eq!(
        after(&shown, "重層的支援会議・支援会議の開催回数"),
        vec![5.0, 2.0, 40.0]
    );
    assert_eq!(m.actual, Some(2));
    assert_eq!(after(&shown, "取り扱うケース件数"), vec![6.0, 5.0, 83.0]);
    let months: Vec<f64> = f
        .consultations
        .by_month
        .iter()
        .map(|m| f64::from(m.count))
        .collect();
    assert_eq!(line_after(&cli, "月別"), months);
    assert_eq!(after(&shown, "受理までの日数 (中央値)"), vec![1.5, 3.0]);
    assert_eq!(after(&shown, "社会資源の不足"), vec![2.0]);
    assert!(
        shown.contains("2026/07/10  重層的支援会議  移動支援の担い手, 送迎"),
        "{shown}"
    );

    // And the tab shows what the CLI prints.
    let mut tab = key_numbers(&shown, "12   1   2   3月");
    let mut text = key_numbers(&cli, "月別");
    // The tab's consultations line ends with the channel heading, the CLI's with the
    // total; both hold total and complex (複合 is the city's guide now, labelled
    // 市の目安 without a number: desk.toml [complex]).
    tab[2].truncate(2);
    text[2].truncate(2);
    assert_eq!(tab[2], vec![5.0, 1.0]);
    assert_eq!(tab, text);
}

#[test]
fn tab_changes_year_and_scrolls() {
    let fx = stored();
    let mut app = app(fx.store.clone(), Lang::Ja);
    let first = screen(&render(&mut app));
    assert!(first.contains("令和8年度 (2026/4-2027/3)"));
    assert!(first.contains(" Left 前年度  Right 次年度"), "{first}");

    // Scrolling shows the breakdowns below, and stops at the end.
    assert!(!first.contains("窓口別"));
    for _ in 0..40 {
        app.handle(Action::DetailDown);
        render(&mut app);
    }
    let bottom = screen(&render(&mut app));
    assert!(bottom.contains("窓口別"), "{bottom}");
    assert!(bottom.contains("所管課別"), "{bottom}");
    app.handle(Action::DetailUp);
    let up = screen(&render(&mut app));
    assert_ne!(up, bottom, "one step up from the end moves");
    app.handle(Action::First);
    assert_eq!(screen(&render(&mut app)), first);

    // Next year: no targets, one consultation.
    app.handle(Action::ChoiceNext);
    let next = screen(&render(&mut app));
    assert!(next.contains("令和9年度 (2027/4-2028/3)"), "{next}");
    assert!(next.contains(Word::NoTargets.text(Lang::Ja)));
    assert_eq!(after(&next, "相談受付")[..1], [1.0]);
    app.handle(Action::ChoicePrev);
    app.handle(Action::ChoicePrev);
    let prev = screen(&render(&mut app));
    assert!(prev.contains("令和7年度"), "{prev}");
    assert_eq!(after(&prev, "会議 ")[..1], [1.0]);
}

#[test]
fn tab_in_english() {
    let fx = stored();
    let mut app = app(fx.store.clone(), Lang::En);
    let shown = screen(&render(&mut app));
    insta::assert_snapshot!(shown);
    assert!(shown.contains("FY2026 (2026/4-2027/3)"));
    for line in shown.lines() {
        assert!(is_width_safe(line), "{line}");
    }
}

#[test]
fn tab_without_a_store_says_what_to_do() {
    let env = Env::new(dir(), Keymap::default_map(), Lang::Ja, "総合相談支援室".into());
    let mut app = App::new(env, now());
    app.handle(Action::GotoReport);
    let shown = screen(&render(&mut app));
    assert!(shown.contains("令和8年度 (2026/4-2027/3)"), "{shown}");
    assert!(
        shown.contains("保存先のデータが開かれていないため集計できません"),
        "{shown}"
    );
}

#[test]
fn empty_year_prints_zeros_not_errors() {
    let f = compute(2030, &dir(), &[], &[], &[], today());
    assert_eq!(f.label, "令和12年度");
    assert_eq!(f.consultations.total, 0);
    assert_eq!(f.consultations.by_month.len(), 12);
    assert!(f.consultations.by_channel.iter().all(|c| c.percent == 0));
    assert_eq!(f.handoffs.median_days_to_accept, None);
    let mut out = Vec::new();
    print(&mut out, &f, Format::Text, Lang::Ja).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(Word::NoTargets.text(Lang::Ja)), "{text}");
    assert!(text.contains(Word::NoConsultations.text(Lang::Ja)), "{text}");
}

/// `line` holds `expected` after `anchor`.
fn holds_after(line: &str, anchor: &str, expected: &str) -> bool {
    line.find(anchor)
        .is_some_and(|at| line[at + anchor.len()..].contains(expected))
}

/// Some line of `text` holds `expected` after `anchor`.
fn shows(text: &str, anchor: &str, expected: &str) -> bool {
    text.lines().any(|l| holds_after(l, anchor, expected))
}

/// Every figure of the one report model, in each of its three renderings: the CSV holds
/// every row of the model and nothing else (its 区分, 項目, raw value, target and
/// progress); the `tsunagu report` text and the 集計 tab (80 wide, tall enough to show it
/// all) show every readable row's value after its label (a total after its section's
/// title, a month's count in the month row), its target and its share, and every
/// readable sub-row ("依頼中 2") after its row's label.
#[test]
fn tab_text_and_csv_show_every_figure_of_the_model() {
    use tsunagu::report::view::{Item, Raw, Report};
    use tsunagu::text::display;
    let fx = stored();
    let f = report::load(fx.store.as_ref(), 2026, &dir(), today()).unwrap();
    for lang in [Lang::Ja, Lang::En] {
        let model = Report::new(&f, lang);
        let app = app(fx.store.clone(), lang);
        let mut t = Terminal::new(TestBackend::new(80, 60)).unwrap();
        t.draw(|frame| screens::draw(&app, frame)).unwrap();
        let tab = screen(&t);
        let mut out = Vec::new();
        print(&mut out, &f, Format::Text, lang).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut out = Vec::new();
        print(&mut out, &f, Format::Csv, lang).unwrap();
        let csv = String::from_utf8(out).unwrap();

        // The CSV: one line per row of the model, in its order, after the heading.
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).skip(1).collect();
        let rows = model.rows();
        assert_eq!(lines.len(), rows.len(), "{lang:?}\n{csv}");
        for (line, r) in lines.iter().zip(&rows) {
            let fields = [
                r.category.clone(),
                r.csv_item.clone(),
                r.value.raw.csv(),
                r.target.as_ref().map(|t| t.raw.csv()).unwrap_or_default(),
                r.progress.map(|p| p.to_string()).unwrap_or_default(),
            ];
            let expected: Vec<String> = fields.iter().map(|x| csv_field(x)).collect();
            assert_eq!(*line, expected.join(","), "{lang:?}");
        }
        // Every count of the model is in the CSV, zeros included.
        let counts = rows
            .iter()
            .filter(|r| matches!(r.value.raw, Raw::Count(_)))
            .count();
        assert!(counts > 100, "{counts}");

        for (name, shown) in [("text", &text), ("tab", &tab)] {
            let mut checked = 0;
            for s in &model.sections {
                let months: Vec<f64> = s
                    .rows
                    .iter()
                    .filter_map(|r| match (r.item, &r.value.raw) {
                        (Item::Month { .. }, Raw::Count(n)) => Some(f64::from(*n)),
                        _ => None,
                    })
                    .collect();
                if !months.is_empty() {
                    assert!(
                        shown.lines().any(|l| numbers(l).get(..12) == Some(&months[..])),
                        "{name} {lang:?}: months {months:?}\n{shown}"
                    );
                    checked += months.len();
                    continue;
                }
                for r in s.readable() {
                    let anchor = match r.item {
                        Item::Total => s.title.clone(),
                        _ => display(&r.label),
                    };
                    let value = display(&r.value.shown);
                    assert!(
                        shows(shown, &anchor, &value),
                        "{name} {lang:?}: {anchor} {value}\n{shown}"
                    );
                    if let Some(target) = &r.target {
                        assert!(shows(shown, &anchor, &display(&target.shown)), "{name}: {anchor}");
                    }
                    if let Some(p) = r.share.or(r.progress) {
                        assert!(shows(shown, &anchor, &format!("{p}%")), "{name}: {anchor} {p}%");
                    }
                    // A sub-row on its row's line (or under its heading), or a line of its own.
                    let heads: Vec<&str> = std::iter::once(anchor.as_str())
                        .chain(r.sub_title.as_deref())
                        .collect();
                    for x in r.readable_sub() {
                        let (label, value) = (display(&x.label), display(&x.value.shown));
                        let on_a_line = shown.lines().any(|l| {
                            holds_after(l, &label, &value)
                                && (heads.iter().any(|h| l.contains(h)) || l.trim_start().starts_with(&label))
                        });
                        assert!(on_a_line, "{name} {lang:?}: {anchor} .. {label} {value}\n{shown}");
                        checked += 1;
                    }
                    checked += 1;
                }
            }
            assert!(checked > 60, "{name}: {checked}");
        }
    }
}
