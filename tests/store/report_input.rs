//! The year's figures in one store call (issue 12, `Store::report_input`): over a store
//! with cases, hand-offs, 相談記録 and meetings across years, `report::load` gives, byte
//! for byte, what the 1 + N + 1 record-shaped reads gave; through the guard, for every
//! role, what those reads gave that role, with one audit entry for the read and no
//! personal details in the answer.

use crate::common::store::{NOTE, SHORTAGE, d, figures_record_by_record, fill_years, open};
use chrono::NaiveDate;
use std::sync::{Arc, OnceLock};
use tsunagu::cli::report::{Format, print};
use tsunagu::domain::{Directory, Identity, Role, StaffEntry};
use tsunagu::i18n::Lang;
use tsunagu::report::{self, Figures, fy_range};
use tsunagu::store::guard::guard;
use tsunagu::store::{AuditFilter, Store, StoreError};

const CASES: usize = 600;

fn today() -> NaiveDate {
    d(2026, 11, 26)
}

fn dir() -> &'static Directory {
    static DIR: OnceLock<Directory> = OnceLock::new();
    DIR.get_or_init(|| tsunagu::seed::load_embedded().unwrap().directory)
}

/// The store of the years (written once, through the raw store).
struct Years {
    _tmp: tempfile::TempDir,
    raw: Arc<dyn Store + Send + Sync>,
}

fn years() -> Years {
    let tmp = tempfile::tempdir().unwrap();
    let raw: Arc<dyn Store + Send + Sync> = Arc::new(open(&tmp.path().join("store")));
    fill_years(raw.as_ref(), dir(), CASES, today());
    Years { _tmp: tmp, raw }
}

/// Every rendering of the figures, as bytes.
fn rendered(f: &Figures) -> Vec<Vec<u8>> {
    [Format::Text, Format::Csv, Format::Json]
        .into_iter()
        .flat_map(|format| [Lang::Ja, Lang::En].map(move |lang| (format, lang)))
        .map(|(format, lang)| {
            let mut out = Vec::new();
            print(&mut out, f, format, lang).unwrap();
            out
        })
        .collect()
}

/// The years the store holds records of, and one either side.
const YEARS: std::ops::RangeInclusive<i32> = 2023..=2028;

#[test]
fn load_in_one_call_gives_the_figures_of_the_record_by_record_reads() {
    let y = years();
    let mut seen = Seen::default();
    for fy in YEARS {
        let new = report::load(y.raw.as_ref(), fy, dir(), today()).unwrap();
        let old = figures_record_by_record(y.raw.as_ref(), fy, dir(), today());
        assert_eq!(new, old, "FY{fy}");
        assert_eq!(rendered(&new), rendered(&old), "FY{fy}: text, CSV and JSON");
        seen.add(&new);
    }
    // The store held what the comparison is about.
    assert!(seen.cases > 100 && seen.handoffs > 100, "{seen:?}");
    assert!(seen.records > 20, "相談記録: {seen:?}");
    assert!(seen.meetings >= 4 && seen.shortages > 0, "{seen:?}");
}

/// What the figures of the years add up to (to show the fixture is not empty).
#[derive(Debug, Default)]
struct Seen {
    cases: u32,
    handoffs: u32,
    records: u32,
    meetings: u32,
    shortages: usize,
}

impl Seen {
    fn add(&mut self, f: &Figures) {
        self.cases += f.consultations.cases;
        self.handoffs += f.handoffs.total;
        self.records += f.consultations.records;
        self.meetings += f.meetings.total;
        self.shortages += f.resource_shortages.len();
    }
}

#[test]
fn the_answer_holds_the_years_cases_and_earlier_ones_with_a_record_of_it() {
    let y = years();
    let (from, to) = fy_range(2025).unwrap();
    let input = y.raw.report_input(from, to).unwrap();
    let received = |c: &tsunagu::domain::Case| tsunagu::domain::date_of(&c.received_at).unwrap();
    let all = y.raw.cases_received(None, Some(to), usize::MAX).unwrap();
    let in_year: Vec<&str> = all
        .iter()
        .filter(|c| received(c) >= from)
        .map(|c| c.number.as_str())
        .collect();
    let earlier_with_record: Vec<&str> = all
        .iter()
        .filter(|c| received(c) < from)
        .filter(|c| {
            c.consultations
                .iter()
                .any(|r| tsunagu::domain::date_of(&r.at).is_some_and(|d| from <= d && d <= to))
        })
        .map(|c| c.number.as_str())
        .collect();
    assert!(!earlier_with_record.is_empty());
    let numbers: Vec<&str> = input.cases.iter().map(|c| c.number.as_str()).collect();
    let expected: Vec<&str> = all
        .iter()
        .map(|c| c.number.as_str())
        .filter(|n| in_year.contains(n) || earlier_with_record.contains(n))
        .collect();
    assert_eq!(numbers, expected, "newest first, as cases_received");
    assert!(
        numbers.len() < all.len(),
        "earlier cases without a record of the year stay out"
    );
    // Hand-offs: those of the year's cases, by case then seq.
    let mut handoffs = Vec::new();
    for n in &in_year {
        handoffs.extend(y.raw.handoffs_of_case(n).unwrap());
    }
    let keys =
        |hs: &[tsunagu::domain::Handoff]| hs.iter().map(|h| (h.case.clone(), h.seq)).collect::<Vec<_>>();
    assert_eq!(keys(&input.handoffs), keys(&handoffs));
    let ids = |ms: &[tsunagu::domain::MeetingRecord]| ms.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(&input.meetings),
        ids(&y.raw.meetings_held(Some(from), Some(to)).unwrap())
    );
    // Nothing a person could be known by: no name, phone, address or typed text (the
    // missing resource of a 社会資源の不足 decision is what the figures list).
    let text = serde_json::to_string(&input).unwrap();
    assert!(!text.contains(NOTE), "typed text in the answer");
    for c in &input.cases {
        assert!(c.personal.is_empty(), "{}", c.number);
        assert!(c.intake.note.is_none());
    }
    assert!(input.handoffs.iter().all(|h| h.note.is_empty()));
    for m in &input.meetings {
        for dec in &m.cases {
            if dec.decision == tsunagu::domain::Decision::ResourceShortage {
                assert!(dec.note.starts_with(SHORTAGE), "{dec:?}");
            } else {
                assert_eq!(dec.note, tsunagu::store::purge::ERASED, "{dec:?}");
            }
        }
    }
    // An empty or reversed period: nothing.
    let none = y.raw.report_input(to, from).unwrap();
    assert!(none.cases.is_empty() && none.handoffs.is_empty() && none.meetings.is_empty());
}

// --- through the guard, for every role ---------------------------------------------------

fn roster() -> Vec<StaffEntry> {
    let entry = |user: &str, desk: &str, section: Option<&str>, role| StaffEntry {
        user: user.into(),
        name: format!("{user} (試験)"),
        desk: desk.into(),
        section: section.map(Into::into),
        role,
    };
    vec![
        entry("uketsuke1", "総合相談支援室", None, Role::Reception),
        entry("kourei1", "高齢者支援課", Some("koureisha_shien"), Role::Section),
        entry("kyoudou1", "福祉総務課", Some("fukushi_soumu"), Role::Coordinator),
        entry("kanri1", "福祉総務課", Some("fukushi_soumu"), Role::Admin),
    ]
}

/// For every role, the one call gives the figures the record-shaped reads gave that
/// role (the same cases, hand-offs and meetings, masked alike), and writes one audit
/// entry naming no case; an unknown user is refused as before.
#[test]
fn every_role_gets_the_figures_its_reads_gave_with_one_audit_entry() {
    let y = years();
    let mut totals = Vec::new();
    for user in ["uketsuke1", "kourei1", "kyoudou1", "kanri1"] {
        let who = Identity::resolve(user, &roster());
        let s = guard(Arc::clone(&y.raw), who).with_clock(|| "2026-11-26T15:00:00+09:00".to_string());
        for fy in YEARS {
            let entries = |action: &str| {
                y.raw
                    .audit_entries(&AuditFilter {
                        user: Some(user.into()),
                        ..AuditFilter::default()
                    })
                    .unwrap()
                    .into_iter()
                    .filter(|e| e.action == action)
                    .collect::<Vec<_>>()
            };
            let before = entries("read_report_input").len();
            let all_before = y.raw.audit_entries(&AuditFilter::default()).unwrap().len();
            let new = report::load(&s, fy, dir(), today()).unwrap();
            let after = y.raw.audit_entries(&AuditFilter::default()).unwrap();
            assert_eq!(after.len(), all_before + 1, "{user} FY{fy}: one entry");
            let mine = entries("read_report_input");
            assert_eq!(mine.len(), before + 1);
            assert_eq!(mine.last().unwrap().case, None, "it names no case");
            let old = figures_record_by_record(&s, fy, dir(), today());
            assert_eq!(new, old, "{user} FY{fy}");
            assert_eq!(rendered(&new), rendered(&old), "{user} FY{fy}");
            if fy == 2025 {
                totals.push((user, new.consultations.total, new.meetings.total));
            }
        }
    }
    // The roles see different parts of the desk's work: reception its desk's, a
    // section what was handed to it, no meetings for either.
    let total = |u: &str| totals.iter().find(|t| t.0 == u).unwrap();
    assert!(total("uketsuke1").1 < total("kyoudou1").1, "{totals:?}");
    assert!(total("kourei1").1 < total("kyoudou1").1, "{totals:?}");
    assert_eq!(total("uketsuke1").2, 0);
    assert_eq!(total("kourei1").2, 0);
    assert!(total("kyoudou1").2 > 0);
    assert_eq!(total("kanri1").1, total("kyoudou1").1);

    // Unknown: refused with the same words as before (the cases' read), on record.
    let s = guard(Arc::clone(&y.raw), Identity::resolve("stranger", &roster()));
    let (from, to) = fy_range(2026).unwrap();
    match s.report_input(from, to) {
        Err(e @ StoreError::Denied { .. }) => assert_eq!(e.message_ja(), "権限がありません: 案件の閲覧"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(matches!(
        report::load(&s, 2026, dir(), today()),
        Err(StoreError::Denied { .. })
    ));
    let trail = y.raw.audit_entries(&AuditFilter::default()).unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.user == "stranger" && e.action == "denied:read_report_input")
    );
}

/// A restricted case of another desk: an admin's figures list its 社会資源の不足 as
/// (秘匿), as the meetings' read gave it; a coordinator's, whole.
#[test]
fn an_admin_reads_the_shortage_of_a_restricted_case_masked() {
    use tsunagu::domain::{Decision, MASKED};
    let y = years();
    let (from, to) = fy_range(2025).unwrap();
    let mut m = y.raw.meetings_held(Some(from), Some(to)).unwrap().remove(0);
    let shortage = "夜間に相談できる居場所 (試験)";
    let dec = &mut m.cases[0];
    dec.decision = Decision::ResourceShortage;
    dec.note = shortage.into();
    let mut c = y.raw.case(&dec.case).unwrap().unwrap();
    c.restricted = true;
    y.raw.put_case(&c).unwrap();
    y.raw.put_meeting(&m).unwrap();
    let notes = |user: &str| {
        let s = guard(Arc::clone(&y.raw), Identity::resolve(user, &roster()));
        let f = report::load(&s, 2025, dir(), today()).unwrap();
        assert_eq!(f, figures_record_by_record(&s, 2025, dir(), today()), "{user}");
        f.resource_shortages
            .into_iter()
            .map(|r| r.note)
            .collect::<Vec<_>>()
    };
    let admin = notes("kanri1");
    assert!(admin.iter().any(|n| n == MASKED), "{admin:?}");
    assert!(!admin.iter().any(|n| n == shortage), "{admin:?}");
    let coordinator = notes("kyoudou1");
    assert!(coordinator.iter().any(|n| n == shortage), "{coordinator:?}");
    assert_eq!(admin.len(), coordinator.len());
}
