//! `expire_overdue` against a plain count: on a synthetic store (hand-offs to every
//! section of the city, in every status, requested over two years), it expires exactly
//! the requested hand-offs that are overdue, in every section, and nothing else.

use chrono::NaiveDate;
use tsunagu::domain::HandoffStatus;
use tsunagu::store::Store;

#[test]
fn expires_exactly_the_overdue_requests_of_every_section() {
    let tmp = tempfile::tempdir().unwrap();
    let store = crate::common::store::open(&tmp.path().join("store"));
    let dir = tsunagu::seed::load_embedded().unwrap().directory;
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    tsunagu::synth::fill_store(&store, &dir, 2000, today, 7).unwrap();
    // A week later, with ten days to answer: some requests are overdue, some not.
    let today = today + chrono::Duration::days(7);
    let days = 10;
    let before = store.handoffs().unwrap();
    let overdue: Vec<_> = before
        .iter()
        .filter(|h| h.status == HandoffStatus::Requested && h.is_overdue(today, days))
        .map(|h| (h.case.clone(), h.seq))
        .collect();
    let sections: std::collections::BTreeSet<_> = before
        .iter()
        .filter(|h| h.status == HandoffStatus::Requested && h.is_overdue(today, days))
        .map(|h| h.section.clone())
        .collect();
    assert!(
        sections.len() >= 3,
        "{} overdue: the fixture spreads them over sections: {sections:?}",
        overdue.len()
    );
    let waiting = before
        .iter()
        .filter(|h| h.status == HandoffStatus::Requested && !h.is_overdue(today, days))
        .count();
    assert!(waiting > 0, "the fixture has requests not yet overdue");

    // What the guard audits before expiring: the same hand-offs, found through the index.
    let mut listed: Vec<_> = store
        .overdue_handoffs(today, days)
        .unwrap()
        .into_iter()
        .map(|h| (h.case, h.seq))
        .collect();
    listed.sort();
    let mut expected = overdue.clone();
    expected.sort();
    assert_eq!(listed, expected);

    let n = store
        .expire_overdue(today, days, "2026-12-03T00:00:00+09:00")
        .unwrap();
    assert_eq!(n, overdue.len());
    let after = store.handoffs().unwrap();
    assert_eq!(after.len(), before.len());
    for (old, new) in before.iter().zip(&after) {
        assert_eq!((&old.case, old.seq), (&new.case, new.seq));
        if overdue.contains(&(old.case.clone(), old.seq)) {
            assert_eq!(new.status, HandoffStatus::Expired);
        } else {
            assert_eq!(new, old, "left as it was");
        }
    }
    // The inbox index moved with them: no section lists an expired one as requested.
    for s in &sections {
        let requested = store
            .handoffs_to_section(s, Some(HandoffStatus::Requested))
            .unwrap();
        assert!(requested.iter().all(|h| !h.is_overdue(today, days)), "{s}");
    }
    assert_eq!(
        store
            .expire_overdue(today, days, "2026-12-03T00:00:00+09:00")
            .unwrap(),
        0
    );
}
