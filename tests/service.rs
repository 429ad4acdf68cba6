//! `tsunagu serve` under load and abuse: 20 concurrent clients × 500 writes with nothing
//! lost or duplicated; live changes reaching another desk within a second; garbage,
//! wrong magic or version, oversized, malformed and incomplete frames answered with an
//! error while other clients carry on; a client process killed mid-request; panics in a
//! request or in the factory; the caller's identity from the kernel; the socket's
//! permissions and stale-socket handling. Every test is bounded in time.
#![cfg(unix)]

mod common;

use common::bounded;
use common::store::{FORK, no_fork_meanwhile};
use std::collections::HashSet;
use std::io::{BufRead, Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tsunagu::domain::{
    Case, Channel, Consent, Draft, Handoff, HandoffStatus, Intake, MeetingRecord, Personal, case_number,
};
use tsunagu::service::protocol::{
    self, FrameError, HEADER_LEN, MAGIC, MAX_ANSWER, MAX_FRAME, PROTOCOL_VERSION, Request, Response,
    WireError,
};
use tsunagu::service::server::{self, Listener, StoreFactory};
use tsunagu::service::{PeerIdentity, RemoteStore};
use tsunagu::store::{RecordCounts, Replica, SledStore, Store, StoreError};

/// `tsunagu serve` in this process.
struct Served {
    tmp: tempfile::TempDir,
    socket: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl Served {
    /// A raw SledStore for every caller.
    fn start() -> Served {
        Served::start_with(
            |l| l,
            |store| Arc::new(move |_peer: PeerIdentity| Arc::clone(&store)),
        )
    }

    fn start_with(
        tune: impl FnOnce(Listener) -> Listener,
        factory: impl FnOnce(Arc<dyn Store + Send + Sync>) -> StoreFactory,
    ) -> Served {
        let tmp = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store + Send + Sync> =
            Arc::new(SledStore::open(&tmp.path().join("store")).unwrap());
        let socket = tmp.path().join("run").join("tsunagu.sock");
        let listener = tune(server::bind(&socket, None).unwrap());
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let factory = factory(store);
        let thread = std::thread::spawn(move || listener.run(factory, flag));
        Served {
            tmp,
            socket,
            stop,
            thread: Some(thread),
        }
    }

    fn client(&self) -> RemoteStore {
        RemoteStore::connect(&self.socket).unwrap()
    }

    fn raw(&self) -> UnixStream {
        let s = UnixStream::connect(&self.socket).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// Stop and wait; the store is closed when this returns.
    fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            t.join().unwrap().unwrap();
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn case_on(seq: u32, staff: &str) -> Case {
    Case {
        number: case_number(2026, seq),
        fiscal_year: 2026,
        seq,
        received_at: "2026-11-26T10:00:00+09:00".into(),
        desk: "総合相談支援室".into(),
        staff: Some(staff.into()),
        intake: Intake {
            channel: Channel::WalkIn,
            district: None,
            school: None,
            language: None,
            consent: Consent::Given,
            seeks_help: true,
            people: vec![],
            note: Some("生活費に困っている。".into()),
        },
        personal: Personal {
            name: Some("入間　太郎".into()),
            ..Personal::default()
        },
        restricted: false,
        notes: vec![],
        closed_at: None,
        closing_note: None,
    }
}

fn handoff(case: &str, note: &str) -> Handoff {
    Handoff {
        case: case.into(),
        seq: 0,
        program: "chiiki_houkatsu".into(),
        section: "koureisha_shien".into(),
        site: None,
        reasons: vec![],
        note: note.into(),
        from_desk: "総合相談支援室".into(),
        requested_at: "2026-11-26T10:30:00+09:00".into(),
        status: HandoffStatus::Requested,
        history: vec![],
    }
}

/// The answer the service gives on `stream`, and then whether it closed the connection.
fn answer_then_closed(stream: &mut UnixStream) -> (Response, bool) {
    let mut r = &*stream;
    let body = protocol::read_frame(&mut r, MAX_ANSWER, Duration::from_secs(10), || false).unwrap();
    let response: Response = protocol::decode_body(&body).unwrap();
    let mut rest = [0u8; 16];
    // A connection closed with our unread bytes in it reads as reset (AF_UNIX, as TCP).
    let closed = match stream.read(&mut rest) {
        Ok(0) => true,
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
        Ok(_) => false,
    };
    (response, closed)
}

fn frame_error(stream: &mut UnixStream) -> FrameError {
    match answer_then_closed(stream) {
        (Response::Err(WireError::Frame(f)), true) => f,
        other => panic!("expected a frame error and a closed connection, got {other:?}"),
    }
}

#[test]
fn twenty_clients_times_500_writes_lose_and_duplicate_nothing() {
    const CLIENTS: usize = 20;
    const CASES_EACH: usize = 200; // allocate + put: 400 writes
    const HANDOFFS_EACH: usize = 100; // 100 writes
    bounded(Duration::from_secs(50), || {
        let mut served = Served::start();
        let started = Instant::now();
        let socket = served.socket.clone();
        let results: Vec<(usize, Vec<u32>, Vec<u32>)> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..CLIENTS)
                .map(|client| {
                    let socket = socket.clone();
                    s.spawn(move || {
                        let store = RemoteStore::connect(&socket).unwrap();
                        let staff = format!("client{client:02}");
                        let mut seqs = Vec::new();
                        for _ in 0..CASES_EACH {
                            let seq = store.allocate_case_seq(2026).unwrap();
                            store.put_case(&case_on(seq, &staff)).unwrap();
                            seqs.push(seq);
                        }
                        let mine = case_number(2026, seqs[0]);
                        let handoff_seqs = (0..HANDOFFS_EACH)
                            .map(|i| {
                                store
                                    .add_handoff(handoff(&mine, &format!("{staff}/{i}")))
                                    .unwrap()
                                    .seq
                            })
                            .collect::<Vec<_>>();
                        (client, seqs, handoff_seqs)
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let elapsed = started.elapsed();
        eprintln!(
            "{} durable writes by {CLIENTS} clients in {elapsed:.2?} ({:.0}/s)",
            CLIENTS * (2 * CASES_EACH + HANDOFFS_EACH),
            (CLIENTS * (2 * CASES_EACH + HANDOFFS_EACH)) as f64 / elapsed.as_secs_f64()
        );
        let total = CLIENTS * CASES_EACH;
        let all: Vec<u32> = results.iter().flat_map(|(_, s, _)| s.iter().copied()).collect();
        let distinct: HashSet<u32> = all.iter().copied().collect();
        assert_eq!(distinct.len(), total, "no case number handed out twice");
        assert_eq!(distinct, (1..=total as u32).collect(), "and none skipped");
        for (_, _, h) in &results {
            assert_eq!(*h, (1..=HANDOFFS_EACH as u32).collect::<Vec<_>>());
        }

        // Everything is on disk: stop the service and open the store directly.
        let _fork = no_fork_meanwhile();
        served.stop();
        let store = SledStore::open(&served.tmp.path().join("store")).unwrap();
        assert_eq!(
            store.record_counts().unwrap(),
            RecordCounts {
                cases: total as u64,
                handoffs: (CLIENTS * HANDOFFS_EACH) as u64,
                meetings: 0,
                drafts: 0
            }
        );
        for (client, seqs, _) in &results {
            let staff = format!("client{client:02}");
            for seq in seqs {
                let c = store.case(&case_number(2026, *seq)).unwrap().unwrap();
                assert_eq!(c.staff.as_deref(), Some(staff.as_str()), "written by its client");
            }
            let handoffs = store.handoffs_of_case(&case_number(2026, seqs[0])).unwrap();
            let notes: HashSet<String> = handoffs.into_iter().map(|h| h.note).collect();
            assert_eq!(
                notes,
                (0..HANDOFFS_EACH).map(|i| format!("{staff}/{i}")).collect(),
                "each hand-off once"
            );
        }
    });
}

#[test]
fn a_handoff_and_a_seed_sync_reach_the_other_desks_within_a_second() {
    bounded(Duration::from_secs(20), || {
        let served = Served::start();
        let reception = served.client();
        let section = served.client();
        let admin = served.client();
        reception.put_case(&case_on(1, "受付一郎")).unwrap();

        // The section's screen polls the revision, as the TUI does.
        let poll = |store: &RemoteStore, since: u64| -> Option<Duration> {
            let t = Instant::now();
            while t.elapsed() < Duration::from_secs(1) {
                if store.revision().unwrap() != since {
                    return Some(t.elapsed());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            None
        };
        let seen = section.revision().unwrap();
        let sent = reception.add_handoff(handoff("R8-000001", "訪問希望")).unwrap();
        let took = poll(&section, seen).expect("the section sees a change within 1 s");
        let inbox = section
            .handoffs_to_section("koureisha_shien", Some(HandoffStatus::Requested))
            .unwrap();
        assert_eq!(inbox, vec![sent]);
        eprintln!("hand-off visible to the section after {took:.2?}");

        // An admin's seed sync: every desk sees the new replica.
        let seen = [reception.revision().unwrap(), section.revision().unwrap()];
        let directory = tsunagu::seed::load_embedded().unwrap().directory;
        let replica = Replica {
            directory,
            seed_hash: "f".repeat(64),
            origin: "embedded".into(),
            replicated_at: "2026-11-26T08:00:00+09:00".into(),
        };
        admin.replace_replica(&replica).unwrap();
        for (desk, since) in [&reception, &section].into_iter().zip(seen) {
            poll(desk, since).expect("every desk sees the sync within 1 s");
            assert_eq!(desk.replica().unwrap().unwrap().seed_hash, replica.seed_hash);
        }
    });
}

#[test]
fn bad_frames_get_an_error_answer_and_other_clients_carry_on() {
    bounded(Duration::from_secs(20), || {
        let served = Served::start_with(
            |l| l.with_frame_timeout(Duration::from_millis(300)),
            |store| Arc::new(move |_peer: PeerIdentity| Arc::clone(&store)),
        );
        let good = served.client();
        good.put_case(&case_on(1, "受付一郎")).unwrap();
        let still_fine = |good: &RemoteStore| {
            assert_eq!(good.case("R8-000001").unwrap().unwrap().seq, 1);
        };

        // not our protocol at all
        let mut s = served.raw();
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(frame_error(&mut s), FrameError::BadMagic);
        still_fine(&good);

        // pseudo-random garbage
        let mut x: u32 = 0x9e37_79b9;
        let garbage: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x & 0xff) as u8
            })
            .collect();
        let mut s = served.raw();
        let _ = s.write_all(&garbage); // the service may close before reading it all
        assert_eq!(frame_error(&mut s), FrameError::BadMagic);
        still_fine(&good);

        // another protocol version
        let mut header = Vec::from(MAGIC);
        header.push(PROTOCOL_VERSION.wrapping_add(1));
        header.extend_from_slice(&4u32.to_be_bytes());
        let mut s = served.raw();
        s.write_all(&header).unwrap();
        assert!(matches!(
            frame_error(&mut s),
            FrameError::Version {
                supported: PROTOCOL_VERSION,
                ..
            }
        ));

        // a length over the cap: refused from the header, nothing allocated
        for len in [MAX_FRAME as u32 + 1, u32::MAX] {
            let mut header = Vec::from(MAGIC);
            header.push(PROTOCOL_VERSION);
            header.extend_from_slice(&len.to_be_bytes());
            let mut s = served.raw();
            s.write_all(&header).unwrap();
            assert_eq!(
                frame_error(&mut s),
                FrameError::TooLarge {
                    len: u64::from(len),
                    max: MAX_FRAME as u64
                }
            );
        }
        still_fine(&good);

        // a good header around a body that is not a request
        let body = [tsunagu::store::codec::VERSION, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3];
        let mut f = Vec::from(MAGIC);
        f.push(PROTOCOL_VERSION);
        f.extend_from_slice(&(body.len() as u32).to_be_bytes());
        f.extend_from_slice(&body);
        let mut s = served.raw();
        s.write_all(&f).unwrap();
        assert_eq!(frame_error(&mut s), FrameError::Malformed);

        // half a frame, then nothing: timed out, answered, closed
        let whole = protocol::frame(&Request::Cases, MAX_FRAME).unwrap();
        let mut s = served.raw();
        s.write_all(&whole[..HEADER_LEN - 3]).unwrap();
        assert_eq!(frame_error(&mut s), FrameError::Incomplete);
        still_fine(&good);

        // a client that leaves before its answer: nothing for anyone else
        for _ in 0..5 {
            let mut s = served.raw();
            s.write_all(&whole).unwrap();
            drop(s);
        }
        // a request that is fine on a raw connection gets its answer
        let mut s = served.raw();
        s.write_all(&protocol::frame(&Request::Revision, MAX_FRAME).unwrap())
            .unwrap();
        let mut r = &s;
        let body = protocol::read_frame(&mut r, MAX_ANSWER, Duration::from_secs(5), || false).unwrap();
        assert!(matches!(
            protocol::decode_body::<Response>(&body).unwrap(),
            Response::Ok(protocol::Answer::Revision(_))
        ));
        drop(s);
        still_fine(&good);
        assert!(
            served.client().case("R8-000001").unwrap().is_some(),
            "new clients too"
        );
    });
}

/// The child side of [`a_client_killed_mid_request_leaves_the_service_running`]: when
/// run with TSUNAGU_TEST_CHILD_SOCKET, connect, send half a request, say READY, wait to
/// be killed. Without it (a normal test run), nothing.
#[test]
fn child_sends_half_a_request_and_waits() {
    let Some(socket) = std::env::var_os("TSUNAGU_TEST_CHILD_SOCKET") else {
        return;
    };
    let mut s = UnixStream::connect(socket).unwrap();
    let whole = protocol::frame(&Request::PutCase(Box::new(case_on(77, "killed"))), MAX_FRAME).unwrap();
    s.write_all(&whole[..whole.len() / 2]).unwrap();
    println!("READY");
    std::io::stdout().flush().unwrap();
    std::thread::sleep(Duration::from_secs(30));
}

#[test]
fn a_client_killed_mid_request_leaves_the_service_running() {
    bounded(Duration::from_secs(20), || {
        let served = Served::start();
        let good = served.client();
        good.put_case(&case_on(1, "受付一郎")).unwrap();
        for round in 0..3 {
            let mut child = {
                let _fork = FORK.write().unwrap_or_else(|e| e.into_inner());
                std::process::Command::new(std::env::current_exe().unwrap())
                    .args([
                        "--exact",
                        "child_sends_half_a_request_and_waits",
                        "--nocapture",
                        "--test-threads=1",
                    ])
                    .env("TSUNAGU_TEST_CHILD_SOCKET", &served.socket)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            };
            let stdout = child.stdout.take().unwrap();
            let mut lines = std::io::BufReader::new(stdout).lines();
            assert!(
                // libtest's "test ... " shares the line
                lines.any(|l| l.map(|l| l.trim_end().ends_with("READY")).unwrap_or(false)),
                "the child got its half request out"
            );
            // meanwhile the others are served
            assert!(good.case("R8-000001").unwrap().is_some());
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            // the half request was not carried out, and the service goes on
            assert_eq!(good.case("R8-000077").unwrap(), None, "round {round}");
            good.put_draft("desk:a", &Draft::default(), true).unwrap();
            assert!(served.client().draft("desk:a").unwrap().is_some());
        }
    });
}

/// A store that panics on one request (as a bug would), forwarding everything else.
struct Panicky(Arc<dyn Store + Send + Sync>);

const BOOM: &str = "R8-999999";

impl Store for Panicky {
    fn path(&self) -> &Path {
        self.0.path()
    }
    fn replica(&self) -> Result<Option<Replica>, StoreError> {
        self.0.replica()
    }
    fn replace_replica(&self, replica: &Replica) -> Result<(), StoreError> {
        self.0.replace_replica(replica)
    }
    fn flush_durable(&self) -> Result<(), StoreError> {
        self.0.flush_durable()
    }
    fn allocate_case_seq(&self, fiscal_year: i32) -> Result<u32, StoreError> {
        self.0.allocate_case_seq(fiscal_year)
    }
    fn put_case(&self, case: &Case) -> Result<(), StoreError> {
        self.0.put_case(case)
    }
    fn case(&self, number: &str) -> Result<Option<Case>, StoreError> {
        if number == BOOM {
            panic!("a bug while reading a case");
        }
        self.0.case(number)
    }
    fn cases_received(
        &self,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
        limit: usize,
    ) -> Result<Vec<Case>, StoreError> {
        self.0.cases_received(from, to, limit)
    }
    fn add_handoff(&self, handoff: Handoff) -> Result<Handoff, StoreError> {
        self.0.add_handoff(handoff)
    }
    fn update_handoff(&self, handoff: &Handoff) -> Result<(), StoreError> {
        self.0.update_handoff(handoff)
    }
    fn handoffs_of_case(&self, case: &str) -> Result<Vec<Handoff>, StoreError> {
        self.0.handoffs_of_case(case)
    }
    fn handoffs_to_section(
        &self,
        section: &str,
        status: Option<HandoffStatus>,
    ) -> Result<Vec<Handoff>, StoreError> {
        self.0.handoffs_to_section(section, status)
    }
    fn expire_overdue(&self, today: chrono::NaiveDate, days: u32, at: &str) -> Result<usize, StoreError> {
        self.0.expire_overdue(today, days, at)
    }
    fn put_draft(&self, key: &str, draft: &Draft, durable: bool) -> Result<(), StoreError> {
        self.0.put_draft(key, draft, durable)
    }
    fn draft(&self, key: &str) -> Result<Option<Draft>, StoreError> {
        self.0.draft(key)
    }
    fn delete_draft(&self, key: &str) -> Result<(), StoreError> {
        self.0.delete_draft(key)
    }
    fn drafts(&self) -> Result<Vec<(String, Draft)>, StoreError> {
        self.0.drafts()
    }
    fn allocate_meeting_seq(&self, fiscal_year: i32) -> Result<u32, StoreError> {
        self.0.allocate_meeting_seq(fiscal_year)
    }
    fn put_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError> {
        self.0.put_meeting(meeting)
    }
    fn meeting(&self, id: &str) -> Result<Option<MeetingRecord>, StoreError> {
        self.0.meeting(id)
    }
    fn meetings_held(
        &self,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
    ) -> Result<Vec<MeetingRecord>, StoreError> {
        self.0.meetings_held(from, to)
    }
    fn meetings_of_case(&self, case: &str) -> Result<Vec<MeetingRecord>, StoreError> {
        self.0.meetings_of_case(case)
    }
    fn record_counts(&self) -> Result<RecordCounts, StoreError> {
        self.0.record_counts()
    }
    fn cases(&self) -> Result<Vec<Case>, StoreError> {
        self.0.cases()
    }
    fn handoffs(&self) -> Result<Vec<Handoff>, StoreError> {
        self.0.handoffs()
    }
    fn meetings(&self) -> Result<Vec<MeetingRecord>, StoreError> {
        self.0.meetings()
    }
    fn restore_case(&self, case: &Case) -> Result<(), StoreError> {
        self.0.restore_case(case)
    }
    fn restore_handoff(&self, handoff: &Handoff) -> Result<(), StoreError> {
        self.0.restore_handoff(handoff)
    }
    fn restore_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError> {
        self.0.restore_meeting(meeting)
    }
    fn revision(&self) -> Result<u64, StoreError> {
        self.0.revision()
    }
}

#[test]
fn a_panic_in_a_request_or_the_factory_touches_no_one_else() {
    bounded(Duration::from_secs(20), || {
        let refuse_next = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&refuse_next);
        let served = Served::start_with(
            |l| l,
            move |store| {
                Arc::new(move |_peer: PeerIdentity| {
                    if flag.swap(false, Ordering::SeqCst) {
                        panic!("the policy layer failed for this caller");
                    }
                    Arc::new(Panicky(Arc::clone(&store))) as Arc<dyn Store + Send + Sync>
                })
            },
        );
        let a = served.client();
        let b = served.client();
        a.put_case(&case_on(1, "受付一郎")).unwrap();
        match b.case(BOOM) {
            Err(StoreError::Service { message, .. }) => assert!(message.contains("internal")),
            other => panic!("expected a service error, got {other:?}"),
        }
        // b's own connection goes on, and so does a's
        assert!(b.case("R8-000001").unwrap().is_some());
        assert!(a.case("R8-000001").unwrap().is_some());
        // a factory that panics refuses only that connection
        refuse_next.store(true, Ordering::SeqCst);
        assert!(matches!(
            RemoteStore::connect(&served.socket),
            Err(StoreError::Service { .. })
        ));
        assert!(served.client().case("R8-000001").unwrap().is_some());
        assert!(a.case("R8-000001").unwrap().is_some());
    });
}

#[test]
fn the_caller_is_who_the_kernel_says() {
    bounded(Duration::from_secs(20), || {
        let seen: Arc<Mutex<Vec<PeerIdentity>>> = Arc::default();
        let log = Arc::clone(&seen);
        let served = Served::start_with(
            |l| l,
            move |store| {
                Arc::new(move |peer: PeerIdentity| {
                    log.lock().unwrap().push(peer);
                    Arc::clone(&store)
                })
            },
        );
        let client = served.client();
        // SAFETY: getuid cannot fail.
        let uid = unsafe { libc::getuid() };
        let expected = std::process::Command::new("id")
            .arg("-un")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|| format!("uid:{uid}"));
        assert_eq!(client.uid(), uid);
        assert_eq!(client.user(), expected);
        let peers = seen.lock().unwrap().clone();
        assert_eq!(
            peers,
            vec![PeerIdentity {
                uid,
                user_name: expected
            }]
        );
    });
}

#[test]
fn socket_permissions_group_and_stale_sockets() {
    bounded(Duration::from_secs(20), || {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("run");
        let socket = dir.join("tsunagu.sock");
        // our own primary group, by number
        // SAFETY: getgid cannot fail.
        let gid = unsafe { libc::getgid() };
        let listener = server::bind(&socket, Some(&gid.to_string())).unwrap();
        let dmeta = std::fs::metadata(&dir).unwrap();
        assert_eq!(dmeta.permissions().mode() & 0o777, 0o750);
        let smeta = std::fs::symlink_metadata(&socket).unwrap();
        assert_eq!(smeta.permissions().mode() & 0o777, 0o660);
        assert_eq!(smeta.gid(), gid);

        // a live socket is not taken over
        let err = server::bind(&socket, None).err().expect("the socket is in use");
        assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
        // a stale one (nobody listens) is replaced
        drop(listener);
        assert!(socket.exists(), "dropping a listener leaves its file: stale");
        let listener = server::bind(&socket, None).unwrap();
        drop(listener);
        // something that is not a socket stays
        std::fs::remove_file(&socket).unwrap();
        std::fs::write(&socket, b"not a socket").unwrap();
        let err = server::bind(&socket, None).err().expect("not a socket");
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&socket).unwrap(), b"not a socket");
        // an unknown group is an error before anything is created
        let other = tmp.path().join("other").join("s.sock");
        assert!(server::bind(&other, Some("no-such-group-tsunagu-x")).is_err());
        assert!(!other.parent().unwrap().exists());
    });
}

#[test]
fn connections_over_the_limit_are_told_to_come_back() {
    bounded(Duration::from_secs(20), || {
        let served = Served::start_with(
            |l| l.with_max_connections(2),
            |store| Arc::new(move |_peer: PeerIdentity| Arc::clone(&store)),
        );
        let a = served.client();
        let b = served.client();
        match RemoteStore::connect(&served.socket) {
            Err(StoreError::Service { message, .. }) => assert!(message.contains("busy")),
            other => panic!("expected busy, got {other:?}"),
        }
        assert!(a.revision().is_ok() && b.revision().is_ok());
        drop(b);
        // its thread ends within a tick; then there is room again
        let t = Instant::now();
        loop {
            match RemoteStore::connect(&served.socket) {
                Ok(c) => {
                    assert!(c.revision().is_ok());
                    break;
                }
                Err(_) if t.elapsed() < Duration::from_secs(5) => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => panic!("no room after a client left: {e}"),
            }
        }
    });
}

#[test]
fn stopping_the_service_with_clients_connected_is_prompt() {
    bounded(Duration::from_secs(20), || {
        let mut served = Served::start();
        let clients: Vec<RemoteStore> = (0..5).map(|_| served.client()).collect();
        clients[0].put_case(&case_on(1, "受付一郎")).unwrap();
        let t = Instant::now();
        served.stop();
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "stopped in {:?}",
            t.elapsed()
        );
        assert!(!served.socket.exists(), "the socket is removed");
        assert!(matches!(
            clients[1].revision(),
            Err(StoreError::Unavailable { .. })
        ));
    });
}

/// The child side of [`serve_stops_cleanly_on_sigterm`]: run `serve` as `tsunagu serve`
/// would (signals, panic hook), then flush, when TSUNAGU_TEST_SERVE_DIR is set.
#[test]
fn child_serves_until_a_signal() {
    let Some(dir) = std::env::var_os("TSUNAGU_TEST_SERVE_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let raw = Arc::new(SledStore::open(&dir.join("store")).unwrap());
    let shared: Arc<dyn Store + Send + Sync> = raw.clone();
    let factory: StoreFactory = Arc::new(move |_peer: PeerIdentity| Arc::clone(&shared));
    tsunagu::service::serve(&dir.join("run").join("tsunagu.sock"), None, factory).unwrap();
    raw.flush_durable().unwrap();
    println!("STOPPED");
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    bounded(Duration::from_secs(20), || {
        let tmp = tempfile::tempdir().unwrap();
        let socket = tmp.path().join("run").join("tsunagu.sock");
        let mut child = {
            let _fork = FORK.write().unwrap_or_else(|e| e.into_inner());
            std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "child_serves_until_a_signal",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env("TSUNAGU_TEST_SERVE_DIR", tmp.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let t = Instant::now();
        let client = loop {
            match RemoteStore::connect(&socket) {
                Ok(c) => break c,
                Err(_) if t.elapsed() < Duration::from_secs(10) => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => panic!("the service did not come up: {e}"),
            }
        };
        client.put_case(&case_on(1, "受付一郎")).unwrap();
        client.put_draft("desk:a", &Draft::default(), false).unwrap(); // not durable by itself
        let pid = libc::pid_t::try_from(child.id()).unwrap();
        // SAFETY: sending a signal to our own child.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        let t = Instant::now();
        let status = child.wait().unwrap();
        eprintln!("serve stopped {:.2?} after SIGTERM", t.elapsed());
        assert!(status.success(), "{status:?}");
        let mut out = String::new();
        child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
        assert!(
            out.contains("STOPPED"),
            "serve returned and the store was flushed"
        );
        assert!(!socket.exists(), "the socket is removed");
        assert!(matches!(client.revision(), Err(StoreError::Unavailable { .. })));
        let store = SledStore::open(&tmp.path().join("store")).unwrap();
        assert!(store.case("R8-000001").unwrap().is_some());
        assert!(store.draft("desk:a").unwrap().is_some());
        let dir_mode = std::fs::metadata(tmp.path().join("run"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dir_mode & 0o777, 0o750);
    });
}

#[test]
fn a_service_that_does_not_answer_is_reported_in_time() {
    bounded(Duration::from_secs(20), || {
        let tmp = tempfile::tempdir().unwrap();
        let socket = tmp.path().join("mute.sock");
        // accepts, reads, never answers
        let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let _keep = std::thread::spawn(move || {
            let held: Vec<UnixStream> = listener.incoming().map_while(Result::ok).collect();
            drop(held);
        });
        let t = Instant::now();
        match RemoteStore::connect_with(&socket, Duration::from_millis(300)) {
            Err(StoreError::Unavailable { source, .. }) => {
                assert_eq!(source.kind(), std::io::ErrorKind::TimedOut)
            }
            other => panic!("expected a time-out, got {other:?}"),
        }
        assert!(t.elapsed() < Duration::from_secs(5));
        // not a socket at all / nothing there
        assert!(matches!(
            RemoteStore::connect(&tmp.path().join("absent.sock")),
            Err(StoreError::Unavailable { .. })
        ));
    });
}
