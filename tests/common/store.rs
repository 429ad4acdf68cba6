//! Fixtures of the store tests (tests/store/store_cases.rs, the contract in tests/service/contract.rs,
//! tests/service/service.rs, tests/service/service_faults.rs): a case and a hand-off holding personal
//! text that must survive byte for byte, the steps most tests start with, and opening the
//! sled store.

use chrono::NaiveDate;
use std::path::Path;
use tsunagu::domain::{
    Case, CaseNote, Channel, Consent, Handoff, HandoffStatus, Intake, Person, Personal, Relation, case_number,
};
use tsunagu::store::{SledStore, Store};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Characters that must survive untouched: JIS X 0213 / IBM extensions (髙, 﨑), a
/// surrogate-pair kanji (𠮷), half-width kana, a combining dakuten (not normalized),
/// full-width digits and an ideographic space.
pub const NAME: &str = "髙橋　𠮷男";
pub const KANA: &str = "ﾀｶﾊｼ ﾖｼｵ / たか\u{306f}\u{3099}し";
pub const ADDRESS: &str = "入間市豊岡１丁目１６－１ 﨑山ハイツ２０３号";
pub const PHONE: &str = "04-2964-1111";
/// A 社会資源の不足 decision's note: the missing resource, which the figures list.
pub const SHORTAGE: &str = "移動支援の担い手";
pub const NOTE: &str = "父（７８）が認知症の疑い。本人はひきこもり状態で、生活費に困っている。";

pub fn intake() -> Intake {
    Intake {
        channel: Channel::Phone,
        district: Some("toyooka".into()),
        school: Some("豊岡中".into()),
        language: None,
        consent: Consent::Given,
        seeks_help: true,
        people: vec![
            Person {
                relation: Relation::Myself,
                age: Some(45),
                concerns: vec!["hikikomori".into(), "seikatsu_konkyu".into()],
            },
            Person {
                relation: Relation::Parent,
                age: Some(78),
                concerns: vec!["ninchisho".into()],
            },
            Person {
                relation: Relation::Parent,
                age: Some(74),
                concerns: vec![],
            },
        ],
        note: Some(NOTE.into()),
    }
}

/// A new case of fiscal year `fy` through [`Store::create_case`] (received on 1 December
/// of that year); its seq, as the store chose it.
pub fn create_seq(store: &dyn Store, fy: i32) -> u32 {
    let received = format!("{fy}-12-01T09:00:00+09:00");
    let case = store.create_case(&case_on(fy, 0, &received), None).unwrap();
    assert_eq!(case.number, case_number(fy, case.seq));
    assert_eq!(case.fiscal_year, fy);
    case.seq
}

pub fn case_on(fy: i32, seq: u32, received_at: &str) -> Case {
    Case {
        number: case_number(fy, seq),
        fiscal_year: fy,
        seq,
        received_at: received_at.into(),
        desk: "総合相談支援室".into(),
        staff: Some("受付一郎".into()),
        intake: intake(),
        personal: Personal {
            name: Some(NAME.into()),
            kana: Some(KANA.into()),
            phone: Some(PHONE.into()),
            address: Some(ADDRESS.into()),
        },
        restricted: false,
        notes: vec![CaseNote {
            at: received_at.into(),
            by: "受付一郎".into(),
            text: "次回は来所予定。".into(),
        }],
        closed_at: None,
        closing_note: None,
        consultations: Vec::new(),
    }
}

pub fn handoff(case: &str, section: &str, requested_at: &str) -> Handoff {
    Handoff {
        case: case.into(),
        seq: 0,
        program: "chiiki_houkatsu".into(),
        section: section.into(),
        site: Some("houkatsu_toyooka".into()),
        reasons: vec!["80代の親と50代の子の世帯".into(), "介護の相談".into()],
        note: "父の介護認定の申請を手伝ってほしい。".into(),
        from_desk: "総合相談支援室".into(),
        requested_at: requested_at.into(),
        status: HandoffStatus::Requested,
        history: vec![],
    }
}

/// Cases 1 to `last` of fiscal 2026 (R8-000001, ...), all received at `received_at`.
#[track_caller]
pub fn put_cases(store: &dyn Store, last: u32, received_at: &str) {
    for seq in 1..=last {
        store.put_case(&case_on(2026, seq, received_at)).unwrap();
    }
}

/// Five cases saved out of order, across a fiscal-year boundary: R8-000003 received on
/// 2026-05-02, R7-000009 on 2026-03-31, R8-000001 and R8-000002 on 2026-04-01 (08:30 and
/// 15:00), R8-000004 on 2026-11-26.
#[track_caller]
pub fn put_cases_out_of_order(store: &dyn Store) {
    let times = [
        (2026, 3, "2026-05-02T09:00:00+09:00"),
        (2025, 9, "2026-03-31T17:00:00+09:00"),
        (2026, 1, "2026-04-01T08:30:00+09:00"),
        (2026, 2, "2026-04-01T15:00:00+09:00"),
        (2026, 4, "2026-11-26T10:00:00+09:00"),
    ];
    for (fy, seq, at) in times {
        store.put_case(&case_on(fy, seq, at)).unwrap();
    }
}

/// A hand-off of `case` to `section` requested at `requested_at`, as the store keeps it
/// (with the seq it assigned).
#[track_caller]
pub fn add_handoff(store: &dyn Store, case: &str, section: &str, requested_at: &str) -> Handoff {
    store.add_handoff(handoff(case, section, requested_at)).unwrap()
}

/// Every status under which the hand-off appears in its section's inbox.
pub fn statuses_of(store: &dyn Store, h: &Handoff) -> Vec<HandoffStatus> {
    HandoffStatus::ALL
        .into_iter()
        .filter(|s| {
            store
                .handoffs_to_section(&h.section, Some(*s))
                .unwrap()
                .iter()
                .any(|x| x.case == h.case && x.seq == h.seq)
        })
        .collect()
}

/// Open a store. A child process forked by another test of the same binary holds a copy
/// of the lock's descriptor until it execs (see [`FORK`]): a lock found held is tried
/// again for up to two seconds, any other error fails at once.
pub fn open(dir: &Path) -> SledStore {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        match SledStore::open(dir) {
            Err(tsunagu::store::StoreError::Locked { .. }) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.unwrap(),
        }
    }
}

/// sled's lock is an flock: a child process forked by another test holds a copy of every
/// open store's descriptor until it execs, so a store closed and reopened in that window
/// reads as locked. Tests that close and reopen hold this for reading; the test that
/// spawns a child holds it for writing.
pub static FORK: std::sync::RwLock<()> = std::sync::RwLock::new(());

pub fn no_fork_meanwhile() -> std::sync::RwLockReadGuard<'static, ()> {
    FORK.read().unwrap_or_else(|e| e.into_inner())
}

/// The year's figures as `report::load` computed them before `Store::report_input`
/// (issue 12), kept to check the one call against: every case received up to the end
/// of the year, then one `handoffs_of_case` per case received in the year, then the
/// year's meetings (1 + N + 1 calls).
pub fn figures_record_by_record(
    store: &dyn Store,
    fy: i32,
    dir: &tsunagu::domain::Directory,
    today: NaiveDate,
) -> tsunagu::report::Figures {
    let (from, to) = tsunagu::report::fy_range(fy).unwrap();
    let cases = store.cases_received(None, Some(to), usize::MAX).unwrap();
    let mut handoffs = Vec::new();
    for c in cases
        .iter()
        .filter(|c| tsunagu::domain::date_of(&c.received_at).is_some_and(|d| d >= from))
    {
        handoffs.extend(store.handoffs_of_case(&c.number).unwrap());
    }
    let meetings = store.meetings_held(Some(from), Some(to)).unwrap();
    tsunagu::report::compute(fy, dir, &cases, &handoffs, &meetings, today)
}

/// A store's worth of years for the figures (written through `store`, which must allow
/// it): `cases` synthetic cases over the two years before `today` with their hand-offs
/// (tsunagu::synth), 相談記録 added to every fifth case (some dated a fiscal year after the
/// case, one on the last minute of a year, one on the first of the next), and a meeting
/// per quarter discussing cases of both years, with decision notes of every kind.
pub fn fill_years(store: &dyn Store, dir: &tsunagu::domain::Directory, cases: usize, today: NaiveDate) {
    use tsunagu::domain::{CaseDecision, Consultation, Decision, MeetingRecord, meeting_number};
    tsunagu::synth::fill_store(store, dir, cases, today, 20_261_126).unwrap();
    let all = store.cases().unwrap();
    let later = |c: &Case, days: i64| {
        let d = tsunagu::domain::date_of(&c.received_at).unwrap() + chrono::Duration::days(days);
        format!("{d}T10:00:00+09:00")
    };
    for (i, c) in all.iter().enumerate().filter(|(i, _)| i % 5 == 0) {
        let mut c = c.clone();
        for (k, at) in [later(&c, 20), later(&c, 400)]
            .into_iter()
            .enumerate()
            .take(1 + i % 2)
        {
            c.consultations.push(Consultation {
                at,
                channel: Channel::ALL[(i + k) % Channel::ALL.len()],
                desk: if k == 0 {
                    c.desk.clone()
                } else {
                    "東金子地区センター".into()
                },
                by: "受付一郎".into(),
                concerns: vec![dir.concerns[(i + k) % dir.concerns.len()].id.clone()],
                note: Some(format!("{NOTE} ({i})")),
            });
        }
        if i == 0 {
            c.consultations.push(Consultation {
                at: "2026-03-31T23:59:00+09:00".into(),
                channel: Channel::Phone,
                desk: c.desk.clone(),
                by: "受付一郎".into(),
                concerns: vec!["made_up".into()],
                note: None,
            });
            c.consultations.push(Consultation {
                at: "2026-04-01T00:00:00+09:00".into(),
                channel: Channel::Visit,
                desk: c.desk.clone(),
                by: "受付一郎".into(),
                concerns: vec![],
                note: Some(NOTE.into()),
            });
        }
        store.put_case(&c).unwrap();
    }
    let kinds = ["jusouteki_kaigi", "shien_kaigi"];
    let first = tsunagu::domain::date_of(&all.iter().map(|c| c.received_at.clone()).min().unwrap()).unwrap();
    let mut date = first + chrono::Duration::days(45);
    let mut seqs = std::collections::BTreeMap::new();
    let mut n = 0usize;
    while date <= today {
        let fy = tsunagu::domain::fiscal_year(date);
        let seq = seqs.entry(fy).or_insert(0u32);
        *seq += 1;
        let discussed = all
            .iter()
            .skip(n * 7 % all.len())
            .step_by(all.len() / 3 + 1)
            .take(3);
        store
            .put_meeting(&MeetingRecord {
                id: meeting_number(fy, *seq),
                kind: kinds[n % 2].into(),
                date: date.to_string(),
                fiscal_year: fy,
                sections: vec!["fukushi_soumu".into()],
                agencies: vec![],
                cases: discussed
                    .enumerate()
                    .map(|(k, c)| {
                        let decision = Decision::ALL[(n + k) % Decision::ALL.len()];
                        CaseDecision {
                            case: c.number.clone(),
                            decision,
                            note: if decision == Decision::ResourceShortage {
                                format!("{SHORTAGE} {n}-{k}")
                            } else {
                                format!("{NOTE} ({n}-{k})")
                            },
                        }
                    })
                    .collect(),
                confidential: n % 2 == 1,
                recorded_at: format!("{date}T17:00:00+09:00"),
                recorded_by: "会議一郎".into(),
            })
            .unwrap();
        n += 1;
        date += chrono::Duration::days(91);
    }
}
