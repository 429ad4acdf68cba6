//! Meetings in the sled store: the date index (order, ranges, moves), the case index
//! (a case's meetings, prefix safety, moves), sequences per fiscal year, durability across
//! reopen, bad keys, corrupt values and keys free of personal data.

use crate::common;

use chrono::NaiveDate;
use std::path::Path;
use tsunagu::domain::{CaseDecision, Decision, MeetingRecord, meeting_number};
use tsunagu::store::{SledStore, Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const NOTE: &str = "髙橋さん宅: 父の認知症が進み、本人は夜間に外出できない。";
const SHORTAGE: &str = "夜間・休日に使える居場所がない";

fn decision(case: &str, decision: Decision, note: &str) -> CaseDecision {
    CaseDecision {
        case: case.into(),
        decision,
        note: note.into(),
    }
}

fn meeting(fy: i32, seq: u32, date: &str, cases: Vec<CaseDecision>) -> MeetingRecord {
    MeetingRecord {
        id: meeting_number(fy, seq),
        kind: "jusouteki_kaigi".into(),
        date: date.into(),
        fiscal_year: fy,
        sections: vec!["fukushi_soudan".into(), "koureisha_shien".into()],
        agencies: vec!["社会福祉協議会".into(), "地域包括支援センター(藤沢)".into()],
        cases,
        confidential: false,
        recorded_at: format!("{date}T17:00:00+09:00"),
        recorded_by: "会議一郎".into(),
    }
}

fn ids(v: &[MeetingRecord]) -> Vec<&str> {
    v.iter().map(|m| m.id.as_str()).collect()
}

fn open(dir: &Path) -> SledStore {
    crate::common::store::open(dir)
}

#[test]
fn meetings_round_trip_and_survive_reopen() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let mut shien = meeting(
        2026,
        2,
        "2026-06-09",
        vec![decision("R8-000003", Decision::WatchAndShare, NOTE)],
    );
    shien.kind = "shien_kaigi".into();
    shien.confidential = true;
    let jusou = meeting(
        2026,
        1,
        "2026-05-12",
        vec![
            decision("R8-000001", Decision::PlanApproved, ""),
            decision("R8-000002", Decision::ResourceShortage, SHORTAGE),
        ],
    );
    {
        let store = open(&dir);
        assert_eq!(store.allocate_meeting_seq(2026).unwrap(), 1);
        assert_eq!(store.allocate_meeting_seq(2026).unwrap(), 2);
        assert_eq!(store.meeting(&jusou.id).unwrap(), None);
        store.put_meeting(&jusou).unwrap();
        store.put_meeting(&shien).unwrap();
        assert_eq!(store.meeting(&shien.id).unwrap().as_ref(), Some(&shien));
    } // dropped: the next open is the app's next start
    let store = open(&dir);
    assert_eq!(store.meeting(&jusou.id).unwrap().as_ref(), Some(&jusou));
    let back = store.meeting(&shien.id).unwrap().unwrap();
    assert_eq!(back, shien);
    assert_eq!(back.cases[0].note.as_bytes(), NOTE.as_bytes());
    assert!(back.confidential);
    assert_eq!(
        store.meetings_held(None, None).unwrap(),
        vec![jusou.clone(), shien.clone()]
    );
    assert_eq!(store.meetings_of_case("R8-000002").unwrap(), vec![jusou]);
    assert_eq!(store.meetings_of_case("R8-000003").unwrap(), vec![shien]);
    assert_eq!(
        store.allocate_meeting_seq(2026).unwrap(),
        3,
        "the counter survives reopen"
    );
    assert_eq!(store.record_counts().unwrap().meetings, 2);
}

#[test]
fn date_index_orders_oldest_first_and_filters_inclusively() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path());
    // Saved out of order, across a fiscal-year boundary, two on one date.
    for (fy, seq, date) in [
        (2026, 3, "2026-07-14"),
        (2025, 11, "2026-03-10"),
        (2026, 2, "2026-05-12"),
        (2026, 1, "2026-05-12"),
        (2026, 4, "2026-11-26"),
    ] {
        store.put_meeting(&meeting(fy, seq, date, vec![])).unwrap();
    }
    let held = |from, to| store.meetings_held(from, to).unwrap();
    assert_eq!(
        ids(&held(None, None)),
        vec!["M7-0011", "M8-0001", "M8-0002", "M8-0003", "M8-0004"]
    );
    assert_eq!(
        ids(&held(Some(d(2026, 5, 12)), Some(d(2026, 7, 14)))),
        vec!["M8-0001", "M8-0002", "M8-0003"]
    );
    assert_eq!(
        ids(&held(Some(d(2026, 5, 12)), Some(d(2026, 5, 12)))),
        vec!["M8-0001", "M8-0002"]
    );
    assert_eq!(ids(&held(None, Some(d(2026, 3, 31)))), vec!["M7-0011"]);
    assert_eq!(ids(&held(Some(d(2026, 7, 15)), None)), vec!["M8-0004"]);
    assert!(held(Some(d(2026, 8, 1)), Some(d(2026, 7, 1))).is_empty());
    assert_eq!(
        ids(&store.meetings().unwrap()),
        vec!["M7-0011", "M8-0001", "M8-0002", "M8-0003", "M8-0004"],
        "all meetings, by id"
    );
}

#[test]
fn put_meeting_replaces_and_moves_its_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path());
    let mut m = meeting(
        2026,
        1,
        "2026-05-12",
        vec![
            decision("R8-000001", Decision::Continue, ""),
            decision("R8-000002", Decision::Monitoring, ""),
        ],
    );
    store.put_meeting(&m).unwrap();
    // moved to another date, one case dropped, one added
    m.date = "2026-05-19".into();
    m.cases = vec![
        decision("R8-000002", Decision::Monitoring, ""),
        decision("R8-000004", Decision::Close, "就労につながり終結"),
    ];
    store.put_meeting(&m).unwrap();
    assert_eq!(store.meetings_held(None, None).unwrap(), vec![m.clone()]);
    assert!(
        store
            .meetings_held(Some(d(2026, 5, 12)), Some(d(2026, 5, 12)))
            .unwrap()
            .is_empty()
    );
    assert!(store.meetings_of_case("R8-000001").unwrap().is_empty());
    assert_eq!(store.meetings_of_case("R8-000002").unwrap(), vec![m.clone()]);
    assert_eq!(store.meetings_of_case("R8-000004").unwrap(), vec![m]);
    assert_eq!(store.record_counts().unwrap().meetings, 1);
}

#[test]
fn meetings_of_a_case_come_in_date_order_and_only_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path());
    let later = meeting(
        2026,
        1,
        "2026-09-08",
        vec![decision("R8-000001", Decision::Close, "就労につながり終結")],
    );
    let earlier = meeting(
        2026,
        2,
        "2026-06-09",
        vec![
            decision("R8-000010", Decision::Continue, ""),
            decision("R8-000001", Decision::PlanApproved, ""),
        ],
    );
    let other = meeting(
        2026,
        3,
        "2026-07-14",
        vec![decision("R8-000002", Decision::Continue, "")],
    );
    for m in [&later, &earlier, &other] {
        store.put_meeting(m).unwrap();
    }
    // a meeting discussing a malformed case number is refused whole
    let bad = meeting(
        2026,
        4,
        "2026-07-14",
        vec![decision("R8-0000010", Decision::Continue, "")],
    );
    assert!(matches!(
        store.put_meeting(&bad),
        Err(StoreError::InvalidKey { .. })
    ));
    assert_eq!(
        ids(&store.meetings_of_case("R8-000001").unwrap()),
        vec!["M8-0002", "M8-0001"],
        "date order, not id order"
    );
    assert_eq!(
        ids(&store.meetings_of_case("R8-000002").unwrap()),
        vec!["M8-0003"]
    );
    assert!(matches!(
        store.meetings_of_case("R8-00000"),
        Err(StoreError::InvalidKey { .. })
    ));
    assert!(store.meetings_of_case("R8-999999").unwrap().is_empty());
}

#[test]
fn meeting_sequences_are_per_year_and_imported_ids_are_never_reallocated() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    {
        let store = open(&dir);
        assert_eq!(store.allocate_meeting_seq(2026).unwrap(), 1);
        assert_eq!(
            store.allocate_meeting_seq(2027).unwrap(),
            1,
            "years are independent"
        );
        // a canonical id from elsewhere raises its year's counter ...
        store
            .put_meeting(&meeting(2026, 40, "2026-10-13", vec![]))
            .unwrap();
        // ... a lower one does not move it back, and other ids leave it alone
        store
            .put_meeting(&meeting(2026, 7, "2026-06-09", vec![]))
            .unwrap();
        let mut odd = meeting(2026, 99, "2026-06-09", vec![]);
        odd.id = "kaigi-0099".into();
        store.put_meeting(&odd).unwrap();
        // case sequences are a separate counter
        assert_eq!(common::store::create_seq(&store, 2026), 1);
    }
    let store = open(&dir);
    assert_eq!(store.allocate_meeting_seq(2026).unwrap(), 41);
    assert_eq!(store.allocate_meeting_seq(2027).unwrap(), 2);
}

#[test]
fn bad_keys_are_refused_without_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path());
    let good = meeting(2026, 1, "2026-05-12", vec![]);
    let mut no_id = good.clone();
    no_id.id = String::new();
    let mut no_date = good.clone();
    no_date.date = "5月12日".into();
    let mut nul_case = good.clone();
    nul_case.cases = vec![decision("R8\0-000001", Decision::Continue, "")];
    let mut long_case = good.clone();
    long_case.cases = vec![decision(&"R".repeat(201), Decision::Continue, "")];
    for m in [no_id, no_date, nul_case, long_case] {
        assert!(
            matches!(store.put_meeting(&m), Err(StoreError::InvalidKey { .. })),
            "{m:?}"
        );
    }
    assert!(store.meetings_held(None, None).unwrap().is_empty());
    assert!(store.meetings().unwrap().is_empty());
    assert!(matches!(store.meeting(""), Err(StoreError::InvalidKey { .. })));
    assert!(matches!(
        store.meetings_of_case("a\0b"),
        Err(StoreError::InvalidKey { .. })
    ));
    // an RFC 3339 time is read by its date part
    let mut timed = good;
    timed.date = "2026-05-12T14:00:00+09:00".into();
    store.put_meeting(&timed).unwrap();
    assert_eq!(
        store
            .meetings_held(Some(d(2026, 5, 12)), Some(d(2026, 5, 12)))
            .unwrap(),
        vec![timed]
    );
}

#[test]
fn a_corrupt_meeting_is_an_error_not_a_panic_and_can_be_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path());
    let m = meeting(
        2026,
        1,
        "2026-05-12",
        vec![decision("R8-000001", Decision::Continue, "")],
    );
    store.put_meeting(&m).unwrap();
    store
        .debug_put_raw("meetings", m.id.as_bytes(), &[1, 0xff, 0xff, 0xff])
        .unwrap();
    for result in [
        store.meeting(&m.id).map(|_| ()),
        store.meetings_held(None, None).map(|_| ()),
        store.meetings_of_case("R8-000001").map(|_| ()),
        store.meetings().map(|_| ()),
    ] {
        match result {
            Err(e @ StoreError::Corrupt { .. }) => {
                assert!(e.to_string().contains("meeting"), "{e}");
            }
            other => panic!("expected Corrupt, got {other:?}"),
        }
    }
    // Saving it again repairs it; the stale entries point to the same id and date.
    store.put_meeting(&m).unwrap();
    assert_eq!(store.meetings_held(None, None).unwrap(), vec![m.clone()]);
    assert_eq!(store.meetings_of_case("R8-000001").unwrap(), vec![m]);
}

#[test]
fn keys_hold_ids_dates_and_case_numbers_only() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path());
    let mut m = meeting(
        2026,
        1,
        "2026-05-12",
        vec![
            decision("R8-000001", Decision::WatchAndShare, NOTE),
            decision("R8-000002", Decision::ResourceShortage, SHORTAGE),
        ],
    );
    m.kind = "shien_kaigi".into();
    m.confidential = true;
    store.put_meeting(&m).unwrap();
    let keys = store.debug_keys().unwrap();
    let mut seen = 0;
    for (tree, key) in &keys {
        let text = String::from_utf8_lossy(key);
        for secret in [
            NOTE,
            SHORTAGE,
            "髙橋",
            "社会福祉協議会",
            "会議一郎",
            "shien_kaigi",
        ] {
            assert!(!text.contains(secret), "{tree}: key holds {secret:?}");
        }
        if tree.starts_with("meetings") {
            seen += 1;
        }
    }
    assert_eq!(seen, 4, "record, date entry, two case entries: {keys:?}");
    assert!(
        keys.iter()
            .any(|(t, k)| t == "meetings_by_case" && k.as_slice() == b"R8-000001\0M8-0001")
    );
    assert!(
        keys.iter()
            .any(|(t, k)| t == "meetings_by_date" && k.as_slice() == b"2026-05-12\0M8-0001")
    );
}

/// A stored id above four digits does not move the counter (a client cannot exhaust the
/// year with M8-4294967295), and allocation skips an id already taken.
#[test]
fn allocation_skips_taken_ids_and_huge_ids_do_not_move_the_counter() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path());
    store
        .put_meeting(&meeting(2026, u32::MAX, "2026-06-09", vec![]))
        .unwrap();
    assert_eq!(store.allocate_meeting_seq(2026).unwrap(), 1);
    // The counter at 12,344 (as after that many meetings), M8-12345 stored by a client.
    let mut key = b"meeting\0".to_vec();
    key.extend_from_slice(&2026i32.to_be_bytes());
    store
        .debug_put_raw(
            "counters",
            &key,
            &tsunagu::store::codec::encode(&12_344u32).unwrap(),
        )
        .unwrap();
    store
        .put_meeting(&meeting(2026, 12_345, "2026-06-09", vec![]))
        .unwrap();
    assert_eq!(store.allocate_meeting_seq(2026).unwrap(), 12_346);
}
