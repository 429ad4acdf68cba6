//! Erasure on disk in the sled store (issue 13, DESIGN.md ruling 9): `compact` rewrites
//! the store so overwritten values leave its files, keeps every live record, holds the
//! store's lock throughout, lets concurrent callers wait rather than fail, and a
//! compaction cut short is finished or undone by the next open. Drafts are files: a
//! deleted draft leaves no byte of it behind, and drafts that older versions kept in
//! sled move out (and are erased from sled) on open. Bounded in time.
#![cfg(target_os = "linux")]

use crate::common;

use common::bounded;
use common::real_serve::copies_on_disk;
use common::store::{NAME, NOTE, PHONE, case_on, no_fork_meanwhile};
use std::time::Duration;
use tsunagu::domain::{Draft, Personal};
use tsunagu::store::{SledStore, Store, StoreError};

const OLD_NAME: &str = "旧姓試験　消去太郎";

fn draft(name: &str) -> Draft {
    Draft {
        desk: "総合相談支援室".into(),
        personal: Personal {
            name: Some(name.into()),
            ..Personal::default()
        },
        ..Draft::default()
    }
}

#[test]
fn compact_erases_overwritten_values_and_keeps_every_record() {
    bounded(Duration::from_secs(60), || {
        let _fork = no_fork_meanwhile();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("store");
        let store = crate::common::store::open(&dir);
        let mut c = case_on(2026, 1, "2026-11-26T10:00:00+09:00");
        c.personal.name = Some(OLD_NAME.into());
        let c = store.create_case(&c, None).unwrap();
        let mut renamed = c.clone();
        renamed.personal.name = Some(NAME.into());
        store.put_case(&renamed).unwrap();
        for i in 0..30 {
            store
                .create_case(
                    &case_on(2026, 0, &format!("2026-11-{:02}T10:00:00+09:00", 1 + i % 28)),
                    None,
                )
                .unwrap();
        }
        store.put_draft("desk:a", &draft("下書き中"), true).unwrap();
        let counts = store.record_counts().unwrap();
        let (old_copies, _) = copies_on_disk(&dir, OLD_NAME);
        assert!(
            old_copies > 0,
            "sled keeps the overwritten name before compaction"
        );

        store.compact().unwrap();
        assert_eq!(
            copies_on_disk(&dir, OLD_NAME).0,
            0,
            "the overwritten name is gone"
        );
        assert!(copies_on_disk(&dir, NAME).0 > 0, "the live one stays");
        assert_eq!(store.record_counts().unwrap(), counts);
        assert_eq!(store.case(&c.number).unwrap(), Some(renamed.clone()));
        assert_eq!(store.draft("desk:a").unwrap(), Some(draft("下書き中")));
        assert_eq!(
            store
                .create_case(&case_on(2026, 0, "2026-12-01T09:00:00+09:00"), None)
                .unwrap()
                .seq,
            32,
            "the counters came along"
        );
        // The store stays locked across the swap and after it.
        assert!(matches!(SledStore::open(&dir), Err(StoreError::Locked { .. })));
        let siblings: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            siblings,
            vec![std::ffi::OsString::from("store")],
            "no folder left beside it"
        );
        drop(store);
        let store = crate::common::store::open(&dir);
        assert_eq!(store.record_counts().unwrap().cases, 32);
        assert_eq!(store.case(&c.number).unwrap(), Some(renamed));
    });
}

#[test]
fn callers_wait_for_a_compaction_and_lose_nothing() {
    bounded(Duration::from_secs(90), || {
        let tmp = tempfile::tempdir().unwrap();
        let store = crate::common::store::open(&tmp.path().join("store"));
        let numbers: Vec<String> = std::thread::scope(|s| {
            let writers: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        (0..40)
                            .map(|_| {
                                store
                                    .create_case(&case_on(2026, 0, "2026-11-26T10:00:00+09:00"), None)
                                    .unwrap()
                                    .number
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for _ in 0..3 {
                store.compact().unwrap();
            }
            writers.into_iter().flat_map(|w| w.join().unwrap()).collect()
        });
        assert_eq!(numbers.len(), 80);
        for n in &numbers {
            assert!(store.case(n).unwrap().is_some(), "{n} lost");
        }
        assert_eq!(store.record_counts().unwrap().cases, 80);
    });
}

#[test]
fn a_deleted_draft_leaves_no_byte_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let store = crate::common::store::open(&dir);
    let mut typed = String::new();
    for ch in format!("{NAME}{PHONE}{NOTE}").chars() {
        typed.push(ch);
        store.put_draft("desk:a", &draft(&typed), false).unwrap();
    }
    store.put_draft("desk:a", &draft(&typed), true).unwrap();
    assert_eq!(copies_on_disk(&dir, NAME).0, 1, "one copy: the current draft");
    store.delete_draft("desk:a").unwrap();
    for text in [NAME, PHONE, NOTE] {
        assert_eq!(copies_on_disk(&dir, text), (0, vec![]), "{text}");
    }
    assert_eq!(store.draft("desk:a").unwrap(), None);
}

#[test]
fn a_compaction_cut_short_is_finished_or_undone_on_open() {
    let _fork = no_fork_meanwhile();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    {
        let store = crate::common::store::open(&dir);
        store
            .create_case(&case_on(2026, 0, "2026-11-26T10:00:00+09:00"), None)
            .unwrap();
    }
    // A fresh folder never swapped in: removed, the store as it was.
    std::fs::create_dir(tmp.path().join(".store.compact")).unwrap();
    std::fs::write(tmp.path().join(".store.compact").join("db"), "partial").unwrap();
    {
        let store = crate::common::store::open(&dir);
        assert_eq!(store.record_counts().unwrap().cases, 1);
    }
    assert!(!tmp.path().join(".store.compact").exists());
    // Two renames, cut after the first: the old folder is put back.
    std::fs::rename(&dir, tmp.path().join(".store.old")).unwrap();
    let store = crate::common::store::open(&dir);
    assert_eq!(store.record_counts().unwrap().cases, 1);
    assert!(!tmp.path().join(".store.old").exists());
}

#[test]
fn drafts_kept_in_sled_by_older_versions_move_out_and_are_erased() {
    let _fork = no_fork_meanwhile();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    {
        // A store as versions before issue 13 wrote it: the draft in sled's tree, with
        // older keystrokes before it.
        let db = sled::open(&dir).unwrap();
        let drafts = db.open_tree("drafts").unwrap();
        for i in 1..=5 {
            let d = draft(&format!("{OLD_NAME}{i}"));
            drafts
                .insert("desk:old", tsunagu::store::codec::encode(&d).unwrap())
                .unwrap();
        }
        db.flush().unwrap();
    }
    assert!(copies_on_disk(&dir, OLD_NAME).0 > 0);
    let store = crate::common::store::open(&dir);
    assert_eq!(
        store.draft("desk:old").unwrap(),
        Some(draft(&format!("{OLD_NAME}5")))
    );
    assert_eq!(store.record_counts().unwrap().drafts, 1);
    // Only the current draft's file holds the name now.
    let (n, files) = copies_on_disk(&dir, OLD_NAME);
    assert_eq!(n, 1, "{files:?}");
    assert!(files[0].starts_with(dir.join("drafts")), "{files:?}");
    store.delete_draft("desk:old").unwrap();
    assert_eq!(copies_on_disk(&dir, OLD_NAME).0, 0);
}
