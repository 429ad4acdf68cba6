use super::*;
use chrono::NaiveDate;

#[test]
fn rng_is_deterministic_and_spread() {
    let a: Vec<u64> = (0..4).scan(Rng::new(7), |r, _| Some(r.next_u64())).collect();
    let b: Vec<u64> = (0..4).scan(Rng::new(7), |r, _| Some(r.next_u64())).collect();
    assert_eq!(a, b);
    let mut r = Rng::new(1);
    let mut seen = [0usize; 10];
    for _ in 0..10_000 {
        seen[r.below(10)] += 1;
    }
    assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
}

#[test]
fn synthetic_seed_validates_with_the_asked_number_of_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let counts = write_seed(tmp.path(), 300, 42).unwrap();
    assert_eq!(counts.entries(), 300);
    let dir = crate::seed::load_dir(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
    let entries = dir.sections.len() + dir.programs.len() + dir.sites.len() + dir.meetings.len();
    assert_eq!(entries, 300);
    assert_eq!(entry_lines(&dir).len(), 300);
    // Same seed, same folder.
    let again = tempfile::tempdir().unwrap();
    write_seed(again.path(), 300, 42).unwrap();
    for f in crate::seed::FILES {
        assert_eq!(
            std::fs::read(tmp.path().join(f)).unwrap(),
            std::fs::read(again.path().join(f)).unwrap(),
            "{f}"
        );
    }
    let mut rng = Rng::new(3);
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let c = case(&mut rng, &dir, 2026, 1, today);
    assert_eq!(c.number, "R8-000001");
    for h in handoffs(&mut rng, &dir, &c, today) {
        assert!(dir.program(&h.program).is_some());
    }
}
