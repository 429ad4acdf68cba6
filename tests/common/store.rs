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
