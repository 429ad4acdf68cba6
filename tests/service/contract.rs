//! The Store contract, written once (`pieces`, each a `fn(&dyn Store)`) and run against
//! both backends: the embedded [`SledStore`] and a [`RemoteStore`] talking to
//! `tsunagu serve` (in-process, on a temporary socket, with a factory that hands out the
//! raw SledStore). Every test is bounded in time.
#![cfg(unix)]

use crate::common;

use common::bounded;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;
use tsunagu::service::server::{self, StoreFactory};
use tsunagu::service::{PeerIdentity, RemoteStore};
use tsunagu::store::Store;

/// Longest any one contract test may take.
const LIMIT: Duration = Duration::from_secs(20);

fn on_sled(piece: fn(&dyn Store)) {
    bounded(LIMIT, move || {
        let tmp = tempfile::tempdir().unwrap();
        let store = crate::common::store::open(&tmp.path().join("store"));
        piece(&store);
    });
}

/// `tsunagu serve` in this process, on a socket in a temporary folder.
struct Served {
    _tmp: tempfile::TempDir,
    socket: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl Served {
    fn start() -> Served {
        let tmp = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store + Send + Sync> =
            Arc::new(crate::common::store::open(&tmp.path().join("store")));
        let factory: StoreFactory = Arc::new(move |_peer: PeerIdentity| Arc::clone(&store));
        let socket = tmp.path().join("run").join("tsunagu.sock");
        let listener = server::bind(&socket, None).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || listener.run(factory, flag));
        Served {
            _tmp: tmp,
            socket,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let r = t.join();
            if !std::thread::panicking() {
                r.unwrap().unwrap();
                assert!(!self.socket.exists(), "the socket is removed on stop");
            }
        }
    }
}

fn on_remote(piece: fn(&dyn Store)) {
    bounded(LIMIT, move || {
        let served = Served::start();
        let store = RemoteStore::connect(&served.socket).unwrap();
        assert_eq!(store.path(), served.socket.as_path());
        piece(&store);
        drop(store);
        drop(served);
    });
}

/// The contract: each piece gets an empty store. Its fixtures are shared with the other
/// store tests (tests/common/store.rs).
mod pieces {
    use super::common::store::{
        KANA, NAME, NOTE, add_handoff, create_seq, d, intake, put_cases, put_cases_out_of_order, statuses_of,
    };
    use std::collections::HashSet;
    use tsunagu::domain::{
        Case, CaseDecision, Decision, Draft, HandoffStatus, MeetingRecord, Personal, meeting_number,
    };
    use tsunagu::store::{AuditEntry, AuditFilter, RecordCounts, Replica, Store, StoreError};

    pub use super::common::store::{case_on, handoff};

    fn meeting(fy: i32, seq: u32, date: &str, cases: &[&str]) -> MeetingRecord {
        MeetingRecord {
            id: meeting_number(fy, seq),
            kind: "jusouteki_kaigi".into(),
            date: date.into(),
            fiscal_year: fy,
            sections: vec!["fukushi_soudan".into(), "koureisha_shien".into()],
            agencies: vec!["社会福祉協議会".into()],
            cases: cases
                .iter()
                .map(|c| CaseDecision {
                    case: (*c).into(),
                    decision: Decision::Continue,
                    note: NOTE.into(),
                })
                .collect(),
            confidential: false,
            recorded_at: format!("{date}T17:00:00+09:00"),
            recorded_by: "会議一郎".into(),
        }
    }

    fn numbers(v: &[Case]) -> Vec<&str> {
        v.iter().map(|c| c.number.as_str()).collect()
    }

    fn ids(v: &[MeetingRecord]) -> Vec<&str> {
        v.iter().map(|m| m.id.as_str()).collect()
    }

    pub fn cases_round_trip_byte_for_byte(store: &dyn Store) {
        let c = case_on(2026, 1, "2026-11-26T10:15:00+09:00");
        assert_eq!(store.case(&c.number).unwrap(), None);
        store.put_case(&c).unwrap();
        let back = store.case(&c.number).unwrap().unwrap();
        assert_eq!(back, c);
        assert_eq!(back.personal.name.as_deref().unwrap().as_bytes(), NAME.as_bytes());
        assert_eq!(back.personal.kana.as_deref().unwrap().as_bytes(), KANA.as_bytes());
        // replace by number
        let mut changed = c.clone();
        changed.closed_at = Some("2026-12-01T09:00:00+09:00".into());
        changed.closing_note = Some("解決".into());
        store.put_case(&changed).unwrap();
        assert_eq!(store.case(&c.number).unwrap(), Some(changed));
        assert_eq!(store.cases_received(None, None, 10).unwrap().len(), 1);
        // a key that cannot be one is refused, and the error keeps its kind
        assert!(matches!(
            store.case(""),
            Err(StoreError::InvalidKey {
                what: "case number",
                ..
            })
        ));
        assert!(matches!(store.case("R8\0-1"), Err(StoreError::InvalidKey { .. })));
    }

    pub fn case_sequences_are_per_year_and_never_reused(store: &dyn Store) {
        assert_eq!(create_seq(store, 2026), 1);
        assert_eq!(create_seq(store, 2026), 2);
        assert_eq!(create_seq(store, 2027), 1, "years are independent");
        assert_eq!(create_seq(store, 2026), 3);
        // an imported number keeps the counter above it, a lower one does not lower it
        store
            .put_case(&case_on(2026, 40, "2026-12-01T09:00:00+09:00"))
            .unwrap();
        assert_eq!(create_seq(store, 2026), 41);
        store
            .put_case(&case_on(2026, 7, "2026-12-01T09:30:00+09:00"))
            .unwrap();
        assert_eq!(create_seq(store, 2026), 42);
        assert_eq!(
            store.allocate_meeting_seq(2026).unwrap(),
            1,
            "meetings count apart"
        );
        assert_eq!(store.allocate_meeting_seq(2026).unwrap(), 2);
    }

    pub fn date_index_orders_newest_first_and_filters(store: &dyn Store) {
        put_cases_out_of_order(store);
        assert_eq!(
            numbers(&store.cases_received(None, None, 100).unwrap()),
            vec!["R8-000004", "R8-000003", "R8-000002", "R8-000001", "R7-000009"]
        );
        assert_eq!(
            numbers(&store.cases_received(None, None, 2).unwrap()),
            vec!["R8-000004", "R8-000003"]
        );
        assert_eq!(
            numbers(
                &store
                    .cases_received(Some(d(2026, 4, 1)), Some(d(2026, 4, 1)), 100)
                    .unwrap()
            ),
            vec!["R8-000002", "R8-000001"]
        );
        assert_eq!(
            numbers(&store.cases_received(None, Some(d(2026, 3, 31)), 100).unwrap()),
            vec!["R7-000009"]
        );
        assert!(store.cases_received(None, None, 0).unwrap().is_empty());
        assert!(
            store
                .cases_received(Some(d(2026, 6, 1)), Some(d(2026, 5, 1)), 100)
                .unwrap()
                .is_empty()
        );
        // usize::MAX must cross the wire as "no limit"
        assert_eq!(store.cases_received(None, None, usize::MAX).unwrap().len(), 5);
    }

    pub fn handoffs_number_per_case_and_need_an_existing_case(store: &dyn Store) {
        let a = case_on(2026, 1, "2026-11-26T10:00:00+09:00");
        let b = case_on(2026, 2, "2026-11-26T11:00:00+09:00");
        store.put_case(&a).unwrap();
        store.put_case(&b).unwrap();
        let mut given = handoff(&a.number, "koureisha_shien", "2026-11-26T10:30:00+09:00");
        given.seq = 99; // ignored: the store assigns
        let first = store.add_handoff(given.clone()).unwrap();
        assert_eq!(first.seq, 1);
        assert_eq!(first.note, given.note);
        assert_eq!(
            add_handoff(store, &b.number, "seikatsu_shien", "2026-11-26T11:30:00+09:00").seq,
            1
        );
        let second = add_handoff(store, &a.number, "seikatsu_shien", "2026-11-26T10:35:00+09:00");
        assert_eq!(second.seq, 2);
        assert_eq!(
            store.handoffs_of_case(&a.number).unwrap(),
            vec![first, second.clone()]
        );
        // a number that is not R<era>-<6 digits> is refused (so no prefix of one matches)
        assert!(matches!(
            store.handoffs_of_case("R8-00000"),
            Err(StoreError::InvalidKey { .. })
        ));
        match store.add_handoff(handoff(
            "R8-999999",
            "koureisha_shien",
            "2026-11-26T10:30:00+09:00",
        )) {
            Err(StoreError::NotFound { what, key, .. }) => {
                assert_eq!((what, key.as_str()), ("case", "R8-999999"));
            }
            other => panic!("expected NotFound, got {other:?}"),
        }
        let mut ghost = second;
        ghost.seq = 7;
        assert!(matches!(
            store.update_handoff(&ghost),
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(
            store.add_handoff(handoff(&a.number, "bad\0section", "2026-11-26T10:30:00+09:00")),
            Err(StoreError::InvalidKey { .. })
        ));
    }

    pub fn lifecycle_moves_the_inbox_entry(store: &dyn Store) {
        put_cases(store, 3, "2026-11-26T10:00:00+09:00");
        let h1 = add_handoff(store, "R8-000001", "koureisha_shien", "2026-11-26T10:30:00+09:00");
        let h2 = add_handoff(store, "R8-000002", "koureisha_shien", "2026-11-27T09:00:00+09:00");
        // the same instant in UTC: ordered by time, not text
        let h3 = add_handoff(store, "R8-000003", "koureisha_shien", "2026-11-26T03:00:00Z");
        add_handoff(store, "R8-000001", "seikatsu_shien", "2026-11-26T10:40:00+09:00");
        let inbox = store.handoffs_to_section("koureisha_shien", None).unwrap();
        assert_eq!(
            inbox.iter().map(|h| h.case.as_str()).collect::<Vec<_>>(),
            vec!["R8-000002", "R8-000003", "R8-000001"],
            "newest requested_at first (03:00Z is 12:00 in Japan)"
        );
        assert_eq!(statuses_of(store, &h1), vec![HandoffStatus::Requested]);

        let mut accepted = h1.clone();
        accepted
            .transition(
                HandoffStatus::Accepted,
                "2026-11-27T10:00:00+09:00",
                "包括一郎",
                None,
            )
            .unwrap();
        store.update_handoff(&accepted).unwrap();
        assert_eq!(statuses_of(store, &h1), vec![HandoffStatus::Accepted]);
        assert_eq!(
            store
                .handoffs_to_section("koureisha_shien", Some(HandoffStatus::Requested))
                .unwrap()
                .len(),
            2
        );
        let mut done = accepted.clone();
        done.transition(HandoffStatus::Done, "2026-11-28T10:00:00+09:00", "包括一郎", None)
            .unwrap();
        store.update_handoff(&done).unwrap();
        assert_eq!(statuses_of(store, &h1), vec![HandoffStatus::Done]);
        assert_eq!(store.handoffs_of_case("R8-000001").unwrap()[0], done);

        // moved to another section: leaves this inbox
        let mut moved = h2.clone();
        moved.section = "seikatsu_shien".into();
        store.update_handoff(&moved).unwrap();
        assert!(statuses_of(store, &h2).is_empty());
        assert_eq!(statuses_of(store, &moved), vec![HandoffStatus::Requested]);
        assert_eq!(statuses_of(store, &h3), vec![HandoffStatus::Requested]);
    }

    pub fn overdue_handoffs_expire(store: &dyn Store) {
        store
            .put_case(&case_on(2026, 1, "2026-11-01T10:00:00+09:00"))
            .unwrap();
        let old = add_handoff(store, "R8-000001", "koureisha_shien", "2026-11-01T10:30:00+09:00");
        let fresh = add_handoff(store, "R8-000001", "koureisha_shien", "2026-11-20T10:30:00+09:00");
        let n = store
            .expire_overdue(d(2026, 11, 21), 14, "2026-11-21T00:00:00+09:00")
            .unwrap();
        assert_eq!(n, 1);
        let all = store.handoffs_of_case("R8-000001").unwrap();
        assert_eq!(all[0].seq, old.seq);
        assert_eq!(all[0].status, HandoffStatus::Expired);
        assert_eq!(all[0].history.last().unwrap().by, "system");
        assert_eq!(all[1].status, fresh.status);
        assert_eq!(
            store
                .expire_overdue(d(2026, 11, 21), 14, "2026-11-21T00:00:00+09:00")
                .unwrap(),
            0,
            "nothing left to expire"
        );
    }

    pub fn drafts_save_list_and_delete(store: &dyn Store) {
        let draft = Draft {
            desk: "総合相談支援室".into(),
            saved_at: "2026-11-26T10:00:00+09:00".into(),
            started_at: "2026-11-26T09:55:00+09:00".into(),
            intake: intake(),
            personal: Personal {
                name: Some(NAME.into()),
                ..Personal::default()
            },
            restricted: true,
            programs: vec!["chiiki_houkatsu".into()],
        };
        assert_eq!(store.draft("desk:sougou").unwrap(), None);
        store.put_draft("desk:sougou", &draft, false).unwrap();
        store.put_draft("desk:toyooka", &Draft::default(), true).unwrap();
        assert_eq!(store.draft("desk:sougou").unwrap().as_ref(), Some(&draft));
        let all = store.drafts().unwrap();
        assert_eq!(
            all.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            vec!["desk:sougou", "desk:toyooka"]
        );
        assert_eq!(all[0].1, draft);
        store.delete_draft("desk:sougou").unwrap();
        store.delete_draft("desk:sougou").unwrap(); // absent is fine
        assert_eq!(store.draft("desk:sougou").unwrap(), None);
        assert_eq!(store.drafts().unwrap().len(), 1);
        assert!(matches!(
            store.put_draft("", &draft, true),
            Err(StoreError::InvalidKey {
                what: "draft key",
                ..
            })
        ));
    }

    pub fn meetings_by_date_and_by_case(store: &dyn Store) {
        let seq1 = store.allocate_meeting_seq(2026).unwrap();
        let seq2 = store.allocate_meeting_seq(2026).unwrap();
        let first = meeting(2026, seq1, "2026-05-12", &["R8-000001", "R8-000002"]);
        let mut second = meeting(2026, seq2, "2026-06-09", &["R8-000001"]);
        second.kind = "shien_kaigi".into();
        second.confidential = true;
        assert_eq!(store.meeting(&first.id).unwrap(), None);
        store.put_meeting(&second).unwrap();
        store.put_meeting(&first).unwrap();
        assert_eq!(store.meeting(&second.id).unwrap().as_ref(), Some(&second));
        assert_eq!(
            ids(&store.meetings_held(None, None).unwrap()),
            vec!["M8-0001", "M8-0002"]
        );
        assert_eq!(
            ids(&store.meetings_held(Some(d(2026, 6, 1)), None).unwrap()),
            vec!["M8-0002"]
        );
        assert_eq!(
            ids(&store.meetings_held(None, Some(d(2026, 5, 12))).unwrap()),
            vec!["M8-0001"]
        );
        assert_eq!(
            ids(&store.meetings_of_case("R8-000001").unwrap()),
            vec!["M8-0001", "M8-0002"]
        );
        assert_eq!(
            ids(&store.meetings_of_case("R8-000002").unwrap()),
            vec!["M8-0001"]
        );
        assert!(matches!(
            store.meetings_of_case("R8-00000"),
            Err(StoreError::InvalidKey { .. })
        ));
        // moving a meeting moves its index entries
        let mut moved = first.clone();
        moved.date = "2026-07-01".into();
        moved.cases.truncate(1);
        store.put_meeting(&moved).unwrap();
        assert_eq!(
            ids(&store.meetings_held(None, None).unwrap()),
            vec!["M8-0002", "M8-0001"]
        );
        assert!(store.meetings_of_case("R8-000002").unwrap().is_empty());
        // a canonical id raises the year's counter
        store.put_meeting(&meeting(2026, 30, "2026-08-01", &[])).unwrap();
        assert_eq!(store.allocate_meeting_seq(2026).unwrap(), 31);
        let mut bad = meeting(2026, 40, "not a date", &[]);
        bad.id = meeting_number(2026, 40);
        assert!(matches!(
            store.put_meeting(&bad),
            Err(StoreError::InvalidKey { .. })
        ));
    }

    pub fn replica_is_replaced_whole(store: &dyn Store) {
        assert_eq!(store.replica().unwrap(), None);
        assert_eq!(store.replica_hash().unwrap(), None);
        let directory = tsunagu::seed::load_embedded().unwrap().directory;
        let replica = Replica {
            directory,
            seed_hash: "0".repeat(64),
            origin: "embedded".into(),
            replicated_at: "2026-11-26T08:00:00+09:00".into(),
        };
        store.replace_replica(&replica).unwrap();
        assert_eq!(store.replica().unwrap().as_ref(), Some(&replica));
        assert_eq!(store.replica_hash().unwrap(), Some("0".repeat(64)));
        let mut next = replica.clone();
        next.seed_hash = "1".repeat(64);
        store.replace_replica(&next).unwrap();
        assert_eq!(store.replica().unwrap(), Some(next));
        // The hash, read on its own key, moved with the replica.
        assert_eq!(store.replica_hash().unwrap(), Some("1".repeat(64)));
    }

    pub fn bulk_reads_restores_and_counts(store: &dyn Store) {
        assert!(store.record_counts().unwrap().is_empty());
        let a = case_on(2026, 2, "2026-11-26T10:00:00+09:00");
        let b = case_on(2026, 1, "2026-11-25T10:00:00+09:00");
        store.restore_case(&a).unwrap();
        store.restore_case(&b).unwrap();
        let mut h = handoff(&a.number, "koureisha_shien", "2026-11-26T10:30:00+09:00");
        h.seq = 5;
        store.restore_handoff(&h).unwrap();
        let m = meeting(2026, 3, "2026-05-12", &[&a.number]);
        store.restore_meeting(&m).unwrap();
        store.put_draft("desk:x", &Draft::default(), false).unwrap();
        store.flush_durable().unwrap();
        assert_eq!(
            store.record_counts().unwrap(),
            RecordCounts {
                cases: 2,
                handoffs: 1,
                meetings: 1,
                drafts: 1
            }
        );
        assert_eq!(
            numbers(&store.cases().unwrap()),
            vec!["R8-000001", "R8-000002"],
            "key order"
        );
        assert_eq!(store.handoffs().unwrap(), vec![h.clone()]);
        assert_eq!(store.meetings().unwrap(), vec![m]);
        // restore_handoff keeps its seq and raises the counter; restore_case the year's
        assert_eq!(
            add_handoff(store, &a.number, "koureisha_shien", "2026-11-27T10:30:00+09:00").seq,
            6
        );
        assert_eq!(create_seq(store, 2026), 3);
        assert_eq!(
            store.handoffs_to_section("koureisha_shien", None).unwrap().len(),
            2
        );
    }

    /// With a raw store behind it (as in these tests), the service forwards the audit
    /// methods as they are; behind the policy layer they are answered as it allows.
    pub fn audit_trail_appends_in_order_and_filters(store: &dyn Store) {
        let entry = |user: &str, case: Option<&str>, at: &str| AuditEntry {
            seq: 99, // ignored: the store assigns
            at: at.into(),
            user: user.into(),
            action: "read_case".into(),
            case: case.map(str::to_string),
        };
        let before = store.revision().unwrap();
        assert_eq!(
            store
                .append_audit(&entry(
                    "uketsuke1",
                    Some("R8-000001"),
                    "2026-11-26T10:00:00+09:00"
                ))
                .unwrap(),
            1
        );
        assert_eq!(
            store
                .append_audit(&entry(
                    "houkatsu1",
                    Some("R8-000002"),
                    "2026-11-27T10:00:00+09:00"
                ))
                .unwrap(),
            2
        );
        assert_eq!(
            store
                .append_audit(&entry("uketsuke1", None, "2026-11-28T10:00:00+09:00"))
                .unwrap(),
            3
        );
        assert_eq!(store.revision().unwrap(), before, "audit entries do not move it");
        let all = store.audit_entries(&AuditFilter::default()).unwrap();
        assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
        let mine = store
            .audit_entries(&AuditFilter {
                user: Some("uketsuke1".into()),
                ..AuditFilter::default()
            })
            .unwrap();
        assert_eq!(mine.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 3]);
        let last = store
            .audit_entries(&AuditFilter {
                since: Some(d(2026, 11, 27)),
                limit: Some(1),
                ..AuditFilter::default()
            })
            .unwrap();
        assert_eq!(last.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![3]);
    }

    pub fn revision_moves_with_every_write_and_only_then(store: &dyn Store) {
        let mut seen = vec![store.revision().unwrap()];
        let mut check = |what: &str, store: &dyn Store| {
            let now = store.revision().unwrap();
            assert!(now > *seen.last().unwrap(), "{what} must move the revision");
            seen.push(now);
        };
        let c = case_on(2026, 1, "2026-11-26T10:00:00+09:00");
        store.put_case(&c).unwrap();
        check("put_case", store);
        // reads do not
        let before = store.revision().unwrap();
        store.case(&c.number).unwrap();
        store.cases_received(None, None, 10).unwrap();
        store.handoffs_to_section("koureisha_shien", None).unwrap();
        store.record_counts().unwrap();
        store.drafts().unwrap();
        assert_eq!(store.revision().unwrap(), before, "reads leave it alone");
        let h = add_handoff(store, &c.number, "koureisha_shien", "2026-11-26T10:30:00+09:00");
        check("add_handoff", store);
        let mut accepted = h.clone();
        accepted
            .transition(
                HandoffStatus::Accepted,
                "2026-11-27T10:00:00+09:00",
                "包括一郎",
                None,
            )
            .unwrap();
        store.update_handoff(&accepted).unwrap();
        check("update_handoff", store);
        store.put_draft("desk:a", &Draft::default(), false).unwrap();
        check("put_draft", store);
        store.delete_draft("desk:a").unwrap();
        check("delete_draft", store);
        create_seq(store, 2026);
        check("create_case", store);
        store
            .put_meeting(&meeting(2026, 1, "2026-05-12", &[&c.number]))
            .unwrap();
        check("put_meeting", store);
        store
            .restore_case(&case_on(2026, 9, "2026-11-26T10:00:00+09:00"))
            .unwrap();
        check("restore_case", store);
        let directory = tsunagu::seed::load_embedded().unwrap().directory;
        store
            .replace_replica(&Replica {
                directory,
                seed_hash: "2".repeat(64),
                origin: "embedded".into(),
                replicated_at: "2026-11-26T08:00:00+09:00".into(),
            })
            .unwrap();
        check("replace_replica", store);
        let unique: HashSet<u64> = seen.iter().copied().collect();
        assert_eq!(unique.len(), seen.len());
    }
}

/// Each name runs against both backends.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sled_backend {
            $( #[test] fn $name() { super::on_sled(super::pieces::$name) } )*
        }
        mod remote_backend {
            $( #[test] fn $name() { super::on_remote(super::pieces::$name) } )*
        }
    };
}

contract!(
    cases_round_trip_byte_for_byte,
    case_sequences_are_per_year_and_never_reused,
    date_index_orders_newest_first_and_filters,
    handoffs_number_per_case_and_need_an_existing_case,
    lifecycle_moves_the_inbox_entry,
    overdue_handoffs_expire,
    drafts_save_list_and_delete,
    meetings_by_date_and_by_case,
    replica_is_replaced_whole,
    bulk_reads_restores_and_counts,
    audit_trail_appends_in_order_and_filters,
    revision_moves_with_every_write_and_only_then,
);

/// The remote store keeps working when the service restarts between two calls (it
/// reconnects once), and says clearly when the service is gone.
#[test]
fn remote_reconnects_after_a_restart_and_reports_a_missing_service() {
    bounded(LIMIT, || {
        let tmp = tempfile::tempdir().unwrap();
        let socket = tmp.path().join("tsunagu.sock");
        let dir = tmp.path().join("store");
        let start = |socket: &std::path::Path| {
            let store: Arc<dyn Store + Send + Sync> = Arc::new(crate::common::store::open(&dir));
            let factory: StoreFactory = Arc::new(move |_peer: PeerIdentity| Arc::clone(&store));
            let listener = server::bind(socket, None).unwrap();
            let stop = Arc::new(AtomicBool::new(false));
            let flag = Arc::clone(&stop);
            (stop, std::thread::spawn(move || listener.run(factory, flag)))
        };
        let (stop, thread) = start(&socket);
        let remote = RemoteStore::connect(&socket).unwrap();
        remote
            .put_case(&pieces::case_on(2026, 1, "2026-11-26T10:00:00+09:00"))
            .unwrap();
        stop.store(true, Ordering::SeqCst);
        thread.join().unwrap().unwrap();
        // down: a clear error, not a hang
        match remote.case("R8-000001") {
            Err(e @ tsunagu::store::StoreError::Unavailable { .. }) => {
                assert!(e.message_ja().contains("tsunagu serve"));
            }
            other => panic!("expected Unavailable, got {other:?}"),
        }
        assert!(matches!(
            RemoteStore::connect(&socket),
            Err(tsunagu::store::StoreError::Unavailable { .. })
        ));
        // up again (same store): the old handle carries on
        let (stop, thread) = start(&socket);
        assert!(remote.case("R8-000001").unwrap().is_some());
        remote
            .put_case(&pieces::case_on(2026, 2, "2026-11-26T11:00:00+09:00"))
            .unwrap();
        assert_eq!(remote.cases().unwrap().len(), 2);
        stop.store(true, Ordering::SeqCst);
        thread.join().unwrap().unwrap();
    });
}
