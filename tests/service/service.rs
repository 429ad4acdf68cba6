//! `tsunagu serve` at work: 20 concurrent clients x 500 writes with nothing lost or
//! duplicated; live changes reaching another desk within a second; the caller's identity
//! from the kernel; the socket's permissions and stale-socket handling; the connection
//! limit; stopping with clients connected, and on SIGTERM. What goes wrong on a
//! connection (bad frames, a client killed mid-request, panics, a service that never
//! answers) is in tests/service/service_faults.rs; the in-process service in
//! tests/common/served.rs. Every test is bounded in time.
#![cfg(unix)]

use crate::common;

use common::bounded;
use common::served::{Served, case_on, desk_on, now, type_until};
use common::store::{FORK, no_fork_meanwhile};
use std::collections::HashSet;
use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tsunagu::domain::{Draft, Handoff, HandoffStatus, case_number};
use tsunagu::service::server::{self, StoreFactory};
use tsunagu::service::{PeerIdentity, RemoteStore};
use tsunagu::store::{RecordCounts, Replica, Store, StoreError};

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

#[test]
fn twenty_clients_times_300_writes_lose_and_duplicate_nothing() {
    const CLIENTS: usize = 20;
    const CASES_EACH: usize = 200; // create_case: 200 writes
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
                            let stored = store.create_case(&case_on(0, &staff), None).unwrap();
                            seqs.push(stored.seq);
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
            CLIENTS * (CASES_EACH + HANDOFFS_EACH),
            (CLIENTS * (CASES_EACH + HANDOFFS_EACH)) as f64 / elapsed.as_secs_f64()
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
        let store = crate::common::store::open(&served.tmp.path().join("store"));
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

/// Not a test: the child side of [`serve_stops_cleanly_on_sigterm`], which runs it with
/// `--ignored` and TSUNAGU_TEST_SERVE_DIR set: run `serve` as `tsunagu serve` would
/// (signals, panic hook), then flush. Ignored, so a normal run does not count it.
#[test]
#[ignore = "helper, not a test: the child process of serve_stops_cleanly_on_sigterm"]
fn child_serves_until_a_signal() {
    let Some(dir) = std::env::var_os("TSUNAGU_TEST_SERVE_DIR") else {
        panic!(
            "not a test: the child process of serve_stops_cleanly_on_sigterm, which sets TSUNAGU_TEST_SERVE_DIR"
        );
    };
    let dir = PathBuf::from(dir);
    let raw = Arc::new(crate::common::store::open(&dir.join("store")));
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
                    "--ignored",
                    "--exact",
                    "service::child_serves_until_a_signal",
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
        let store = crate::common::store::open(&tmp.path().join("store"));
        assert!(store.case("R8-000001").unwrap().is_some());
        assert!(store.draft("desk:a").unwrap().is_some());
        let dir_mode = std::fs::metadata(tmp.path().join("run"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dir_mode & 0o777, 0o750);
    });
}

/// A service holding `cases` cases (received 2026-11-26, each handed off once), and a
/// client of its own to count round trips on.
fn served_cases(cases: usize) -> (Served, Arc<RemoteStore>) {
    let served = Served::start();
    let writer = served.client();
    for _ in 0..cases {
        let c = writer.create_case(&case_on(0, "desk"), None).unwrap();
        writer.add_handoff(handoff(&c.number, "")).unwrap();
    }
    let store = Arc::new(served.client());
    (served, store)
}

/// The desk of 総合相談支援室 on the built-in directory, in Japanese.
fn desk_env() -> tsunagu::tui::app::Env {
    tsunagu::tui::app::Env::new(
        tsunagu::seed::load_embedded().unwrap().directory,
        tsunagu::tui::keymap::Keymap::default_map(),
        tsunagu::i18n::Lang::Ja,
        "総合相談支援室".into(),
    )
}

/// A 案件 page through the service is one round trip (issue 12): the list of every case
/// and a section's inbox, each with every case's hand-offs and meetings. The record-shaped
/// reads it replaced took 1 + 2 per case.
#[test]
fn a_cases_page_through_the_service_is_one_round_trip() {
    use tsunagu::store::views;
    use tsunagu::tui::action::Action;
    use tsunagu::tui::app::App;
    const CASES: usize = 20;
    bounded(Duration::from_secs(60), || {
        let (_served, store) = served_cases(CASES);
        let mut app = App::new(desk_env(), now()).with_store(store.clone());
        let before = store.round_trips();
        app.handle(Action::GotoCases);
        assert_eq!(store.round_trips() - before, 1, "全件: one round trip");
        assert_eq!(app.cases.rows.len(), CASES);
        assert!(app.cases.data.values().all(|d| d.handoffs.len() == 1));

        let before = store.round_trips();
        app.handle(Action::FilterSection);
        assert_eq!(store.round_trips() - before, 1, "受信箱: one round trip");

        let before = store.round_trips();
        let number = app.cases.rows[0].number.clone();
        let view = store.case_view(&number).unwrap().unwrap();
        assert_eq!(view.handoffs.len(), 1);
        assert_eq!(
            store.round_trips() - before,
            1,
            "a case with its timeline: one round trip"
        );

        // The same page from the record-shaped calls, for the figure.
        let q = tsunagu::store::CasePageQuery {
            limit: 1000,
            ..Default::default()
        };
        let before = store.round_trips();
        let composed = views::case_page(&*store, &q).unwrap();
        let old = store.round_trips() - before;
        assert_eq!(old, 1 + 2 * CASES as u64);
        assert_eq!(composed, store.case_page(&q).unwrap());
        eprintln!("a page of {CASES} cases: {old} round trips before, 1 now");
    });
}

/// The year's figures through the service are one request (issue 12): `report::load`
/// (`tsunagu report`) and the 集計 tab (and the tab on the store worker gets them). The
/// record-shaped reads they replaced took 1 + one per case of the year + 1.
#[test]
fn the_figures_through_the_service_are_one_round_trip() {
    use tsunagu::tui::action::Action;
    use tsunagu::tui::app::App;
    const CASES: usize = 40;
    bounded(Duration::from_secs(60), || {
        let (served, store) = served_cases(CASES);
        let dir = tsunagu::seed::load_embedded().unwrap().directory;
        let now = now();

        let before = store.round_trips();
        let figures = tsunagu::report::load(&*store, 2026, &dir, now.date()).unwrap();
        assert_eq!(store.round_trips() - before, 1, "report: one round trip");
        assert_eq!(figures.consultations.cases, CASES as u32);
        assert_eq!(figures.handoffs.total, CASES as u32);

        // The same figures from the record-shaped calls, for the count before.
        let before = store.round_trips();
        let old = common::store::figures_record_by_record(&*store, 2026, &dir, now.date());
        let old_trips = store.round_trips() - before;
        assert_eq!(old_trips, 1 + CASES as u64 + 1);
        assert_eq!(old, figures);

        // The 集計 tab: its figures job on the UI thread (no worker) ...
        let mut app = App::new(desk_env(), now).with_store(store.clone());
        let before = store.round_trips();
        app.handle(Action::GotoReport);
        let tab = store.round_trips() - before;
        assert_eq!(tab, 1, "集計: one round trip");
        assert_eq!(app.report.figures.as_ref(), Some(&figures));

        // ... and on the store worker (the desk's way), the same figures.
        let mut app = App::new(desk_env(), now).with_store(Arc::new(served.client()));
        app.start_worker().unwrap();
        app.handle(Action::GotoReport);
        let started = Instant::now();
        while app.report.figures.is_none() {
            assert!(started.elapsed() < Duration::from_secs(10), "no figures");
            app.tick(now);
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(app.report.figures.as_ref(), Some(&figures));
        eprintln!(
            "the figures of a year of {CASES} cases through the service: {old_trips} round trips \
             before, {tab} now"
        );
    });
}

/// Store work runs on the worker (issue 12): a stopped service shows 接続できません on
/// the top line while typing in 検索 goes on and the screen is drawn.
#[test]
fn a_stopped_service_shows_cannot_connect_while_search_goes_on() {
    bounded(Duration::from_secs(60), || {
        let mut served = Served::start();
        let client = served.client();
        let c = client.create_case(&case_on(0, "desk"), None).unwrap();
        let mut app = desk_on(Arc::new(client));
        // A page comes from the worker.
        app.handle(tsunagu::tui::action::Action::GotoCases);
        let started = Instant::now();
        while app.cases.pending.is_some() {
            assert!(started.elapsed() < Duration::from_secs(10), "no page");
            app.tick(now());
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(app.cases.selected_row().map(|r| r.number.clone()), Some(c.number));
        app.handle(tsunagu::tui::action::Action::GotoSearch);
        served.stop();
        let screen = type_until(&mut app, "接続できません");
        assert!(
            screen.lines().next().unwrap().contains("接続できません"),
            "{screen}"
        );
        assert!(screen.contains("ひきこもり相談"), "{screen}");
    });
}

/// A service that does not answer shows 通信中 while typing in 検索 goes on; what it
/// answers later is shown.
#[test]
fn a_stuck_service_shows_connecting_while_search_goes_on() {
    bounded(Duration::from_secs(60), || {
        let stalling = common::served::Stalling::start();
        let store = RemoteStore::connect_with(&stalling.socket, Duration::from_secs(30)).unwrap();
        let mut app = desk_on(Arc::new(store));
        stalling.hang.store(true, std::sync::atomic::Ordering::SeqCst);
        let screen = type_until(&mut app, "通信中");
        assert!(screen.lines().next().unwrap().contains("通信中"), "{screen}");
        stalling.hang.store(false, std::sync::atomic::Ordering::SeqCst);
        let started = Instant::now();
        while app.link_text().is_some() {
            assert!(started.elapsed() < Duration::from_secs(10), "still 通信中");
            app.tick(now());
            std::thread::sleep(Duration::from_millis(20));
        }
    });
}

/// 受付's save is the store worker's (issue 12): on a stuck service the form is held
/// (保存中), the top line says 通信中, and keys are answered at once; when the service
/// answers (here with nothing a save expects), the failure is said and nothing typed
/// is lost.
#[test]
fn a_save_on_a_stuck_service_holds_the_form_and_loses_nothing() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use tsunagu::tui::action::Action;
    use tsunagu::tui::tabs::intake::Field;
    bounded(Duration::from_secs(60), || {
        let stalling = common::served::Stalling::start();
        let store = RemoteStore::connect_with(&stalling.socket, Duration::from_secs(30)).unwrap();
        let mut app = desk_on(Arc::new(store));
        app.handle(Action::GotoIntake);
        app.intake.focus = app
            .intake
            .fields()
            .iter()
            .position(|f| *f == Field::Note)
            .unwrap();
        for c in "母の介護".chars() {
            app.on_key(KeyEvent::from(KeyCode::Char(c)));
        }
        app.tick(now());
        stalling.hang.store(true, std::sync::atomic::Ordering::SeqCst);
        app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        assert!(app.intake.writing.is_some(), "the save went to the worker");
        // A key while it waits: answered at once, the form held.
        let t = Instant::now();
        app.on_key(KeyEvent::from(KeyCode::Char('x')));
        assert!(
            t.elapsed() < Duration::from_millis(500),
            "the key waited for the store"
        );
        assert_eq!(app.intake.note.as_str(), "母の介護");
        assert!(app.message.as_ref().is_some_and(|m| m.text.contains("保存中")));
        let started = Instant::now();
        while app.link_text() != Some("通信中") {
            assert!(started.elapsed() < Duration::from_secs(10), "no 通信中");
            app.tick(now());
            std::thread::sleep(Duration::from_millis(20));
        }
        stalling.hang.store(false, std::sync::atomic::Ordering::SeqCst);
        let started = Instant::now();
        while app.intake.writing.is_some() {
            assert!(started.elapsed() < Duration::from_secs(10), "no answer");
            app.tick(now());
            std::thread::sleep(Duration::from_millis(20));
        }
        let m = app.message.clone().expect("the failure is said").text;
        assert!(m.contains("保存できませんでした"), "{m}");
        assert_eq!(app.intake.note.as_str(), "母の介護", "the form is kept");
    });
}
