//! Seed -> store replication: idempotent, atomic, and an invalid seed never replaces a
//! good replica. A second process gets one clear line, not sled's raw error.

use std::path::Path;
use tsunagu::seed;
use tsunagu::store::replicate::{Outcome, SeedSource, sync};
use tsunagu::store::{SledStore, Store, StoreError};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seed");

fn copy_seed(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for name in seed::FILES {
        std::fs::copy(Path::new(SEED).join(name), to.join(name)).unwrap();
    }
}

#[test]
fn replication_is_idempotent_and_follows_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let seed_dir = tmp.path().join("seed");
    copy_seed(&seed_dir);
    let store = crate::common::store::open(&tmp.path().join("store"));
    let src = SeedSource::Dir(seed_dir.clone());

    let first = sync(&store, &src, "2026-11-26T10:00:00+09:00").unwrap();
    assert_eq!(first.outcome, Outcome::Replaced { previous: None });
    let again = sync(&store, &src, "2026-11-26T11:00:00+09:00").unwrap();
    assert_eq!(again.outcome, Outcome::Unchanged);
    // unchanged keeps the time of the replication that happened
    assert_eq!(again.replicated_at, "2026-11-26T10:00:00+09:00");
    assert_eq!(again.directory, first.directory);

    // a valid change replaces the directory and records the new hash
    let p = seed_dir.join("sections.toml");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        t.replacen("note = \"教育センター\"", "note = \"教育センター (改)\"", 1),
    )
    .unwrap();
    let changed = sync(&store, &src, "2026-11-27T09:00:00+09:00").unwrap();
    assert_eq!(
        changed.outcome,
        Outcome::Replaced {
            previous: Some(first.seed_hash.clone())
        }
    );
    assert_ne!(changed.seed_hash, first.seed_hash);
    let r = store.replica().unwrap().unwrap();
    assert_eq!(r.seed_hash, changed.seed_hash);
    assert_eq!(r.replicated_at, "2026-11-27T09:00:00+09:00");
}

#[test]
fn invalid_seed_leaves_the_old_replica_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let seed_dir = tmp.path().join("seed");
    copy_seed(&seed_dir);
    let store_dir = tmp.path().join("store");
    let src = SeedSource::Dir(seed_dir.clone());
    let good = {
        let store = crate::common::store::open(&store_dir);
        sync(&store, &src, "t1").unwrap()
    };
    std::fs::write(seed_dir.join("programs.toml"), "[[program]]\nid = 3\n").unwrap();
    // reopen, as the next start of the app would
    let store = crate::common::store::open(&store_dir);
    let bad = sync(&store, &src, "t2").unwrap();
    assert_eq!(bad.outcome, Outcome::KeptReplica);
    assert!(bad.problems.as_ref().is_some_and(|p| !p.problems.is_empty()));
    assert_eq!(bad.seed_hash, good.seed_hash);
    assert_eq!(bad.directory, good.directory);
    assert_eq!(store.replica().unwrap().unwrap().seed_hash, good.seed_hash);
}

#[test]
fn invalid_seed_without_replica_falls_back_to_the_built_in_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let seed_dir = tmp.path().join("seed");
    std::fs::create_dir_all(&seed_dir).unwrap();
    let store = crate::common::store::open(&tmp.path().join("store"));
    let s = sync(&store, &SeedSource::Dir(seed_dir), "t").unwrap();
    assert_eq!(s.outcome, Outcome::EmbeddedFallback);
    assert_eq!(s.directory.programs.len(), 24);
    assert!(s.problems.is_some());
}

#[test]
fn second_open_is_a_clear_locked_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let _first = crate::common::store::open(&dir);
    match SledStore::open(&dir) {
        Err(e @ StoreError::Locked { .. }) => {
            let en = e.to_string();
            assert!(en.contains(&dir.display().to_string()), "{en}");
            assert!(en.contains("another tsunagu"), "{en}");
            assert!(e.message_ja().contains("別の tsunagu が使用中"));
        }
        Err(other) => panic!("expected Locked, got {other}"),
        Ok(_) => panic!("a second open must fail"),
    }
}

#[cfg(unix)]
#[test]
fn store_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data/store");
    let store = crate::common::store::open(&dir);
    sync(&store, &SeedSource::Embedded, "t").unwrap();
    drop(store);
    let _reopen = crate::common::store::open(&dir);
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    for e in walk(&dir) {
        let mode = std::fs::metadata(&e).unwrap().permissions().mode() & 0o777;
        if e.is_dir() {
            assert_eq!(mode, 0o700, "{}", e.display());
        } else {
            assert_eq!(mode, 0o600, "{}", e.display());
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}
