//! Hostile clients against `tsunagu serve` (issue 13), part 3: fair sharing (M1, M2)
//! and refusals audited at a bounded rate (M3).
//! One uid holding hundreds of idle connections or sending huge partial frames does not
//! stop the service for others. Bounded in time and in connections.
#![cfg(target_os = "linux")]

use crate::common;

use common::bounded;
use common::real_serve::{RealServe, call, try_call};
use common::served::Served;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tsunagu::service::PeerIdentity;
use tsunagu::service::limits::MAX_CONNECTIONS_PER_UID;
use tsunagu::service::protocol::{
    self, Answer, HEADER_LEN, MAGIC, MAX_ANSWER, PROTOCOL_VERSION, Request, Response, WireError,
};

/// M1: one uid holds 300 idle connections; it gets its share and `Busy` beyond it, and
/// another uid (when the tests run as root: `nobody`) is still served in under a second.
#[test]
fn one_uid_holding_300_idle_connections_does_not_lock_out_the_others() {
    bounded(Duration::from_secs(120), || {
        let served = RealServe::start("reception");
        let mut held = Vec::new();
        let mut busy = 0;
        for _ in 0..300 {
            let s = UnixStream::connect(&served.socket).unwrap();
            s.set_nonblocking(true).unwrap();
            held.push(s);
        }
        // The refused ones got Busy at once; the rest are open and idle.
        for s in &held {
            s.set_nonblocking(false).unwrap();
            s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
            let mut r = s;
            if let Ok(body) = protocol::read_frame(&mut r, MAX_ANSWER, Duration::from_secs(2), || false)
                && protocol::decode_body::<Response>(&body) == Ok(Response::Err(WireError::Busy))
            {
                busy += 1;
            }
        }
        assert_eq!(
            busy,
            300 - MAX_CONNECTIONS_PER_UID,
            "all beyond the uid's share are refused"
        );

        // Another uid is served at once.
        if unsafe { libc::getuid() } == 0 {
            use std::os::unix::fs::PermissionsExt;
            let open = |p: &std::path::Path, mode| {
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
            };
            open(served.tmp.path(), 0o755);
            open(served.socket.parent().unwrap(), 0o755);
            open(&served.socket, 0o666);
            let nobody_data = served.tmp.path().join("nobody");
            std::fs::create_dir(&nobody_data).unwrap();
            open(&nobody_data, 0o777);
            let started = Instant::now();
            let out = {
                use std::os::unix::process::CommandExt;
                std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
                    .uid(65534)
                    .gid(65534)
                    .env_clear()
                    .arg("--server")
                    .arg(&served.socket)
                    .arg("--data")
                    .arg(&nobody_data)
                    .args(["find", "--json", "ひきこもり"])
                    .output()
                    .unwrap()
            };
            let took = started.elapsed();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            assert!(String::from_utf8_lossy(&out.stdout).contains("ひきこもり相談"));
            assert!(took < Duration::from_secs(1), "served in {took:?}");
        } else {
            eprintln!("not root: cannot run a second uid here; the per-uid share was checked above");
        }
        // The uid itself is served again once it lets go of its connections (until the
        // service has seen them close, a new one may still be refused: tried again).
        drop(held);
        let start = Instant::now();
        loop {
            let s = served.raw();
            if let Some(Response::Ok(Answer::Revision(_))) = try_call(&s, &Request::Revision) {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "never served again");
            std::thread::sleep(Duration::from_millis(50));
        }
    });
}

/// M2: connections that each send most of an 8 MiB frame: the uid's buffered bytes are
/// capped, the service's memory stays bounded, and it keeps answering.
#[test]
fn partial_huge_frames_cannot_fill_the_service_memory() {
    bounded(Duration::from_secs(120), || {
        let served = RealServe::start("reception");
        let before = served.rss_kib();
        let len: u32 = 8 * 1024 * 1024 - 1;
        let chunk = vec![0x55u8; 1024 * 1024];
        let mut held = Vec::new();
        let mut refused = 0;
        for _ in 0..MAX_CONNECTIONS_PER_UID - 1 {
            let mut s = UnixStream::connect(&served.socket).unwrap();
            s.set_write_timeout(Some(Duration::from_millis(500))).unwrap();
            let mut header = [0u8; HEADER_LEN];
            header[..4].copy_from_slice(&MAGIC);
            header[4] = PROTOCOL_VERSION;
            header[5..9].copy_from_slice(&len.to_be_bytes());
            let mut ok = s.write_all(&header).is_ok();
            for _ in 0..7 {
                ok = ok && s.write_all(&chunk).is_ok();
            }
            if !ok {
                refused += 1;
            }
            held.push(s);
        }
        std::thread::sleep(Duration::from_millis(300));
        let during = served.rss_kib();
        eprintln!(
            "service RSS: {before} KiB before, {during} KiB with {} partial frames ({refused} refused)",
            held.len()
        );
        assert!(refused > 0, "some partial frames were refused");
        assert!(
            during < before + 100 * 1024,
            "the service grew by {} KiB",
            during - before
        );
        // Those over the cap were answered Busy and closed.
        let mut busy = 0;
        for s in &mut held {
            s.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
            let mut buf = [0u8; 64];
            if let Ok(n) = s.read(&mut buf)
                && n > 0
            {
                busy += 1;
            }
        }
        assert!(busy > 0);
        // Still answering (a fresh connection of the same uid, within its share).
        let s = served.raw();
        assert!(matches!(
            call(&s, &Request::Revision),
            Response::Ok(Answer::Revision(_))
        ));
    });
}

/// M1: a connection that sends nothing is closed after the idle timeout.
#[test]
fn an_idle_connection_is_closed() {
    bounded(Duration::from_secs(30), || {
        let served = Served::start_with(
            |l| l.with_idle_timeout(Duration::from_millis(500)),
            |store| Arc::new(move |_peer: PeerIdentity| Arc::clone(&store)),
        );
        let mut s = served.raw();
        let start = Instant::now();
        let mut buf = [0u8; 8];
        let n = s.read(&mut buf).unwrap_or(0);
        assert_eq!(n, 0, "closed without an answer");
        assert!(start.elapsed() >= Duration::from_millis(400));
        assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
    });
}

/// M3: a user outside the roster sends 2,000 refused requests in a burst: the trail
/// gets the first refusal and one entry counting the rest, not 2,000 entries.
#[test]
fn a_flood_of_refusals_is_audited_coalesced_with_its_count() {
    use tsunagu::store::{AuditFilter, Store};
    bounded(Duration::from_secs(120), || {
        let mut served = RealServe::start("");
        let s = served.raw();
        let mut sent = 0u64;
        let started = Instant::now();
        // Within one clock minute (bounded: stop early rather than straddle two).
        while sent < 2_000 && started.elapsed() < Duration::from_secs(20) {
            let r = call(
                &s,
                &Request::Case {
                    number: "R8-000001".into(),
                },
            );
            assert!(matches!(r, Response::Err(WireError::Denied { .. })), "{r:?}");
            sent += 1;
        }
        drop(s);
        served.stop();
        let store = crate::common::store::open(&served.data.join("store"));
        let me = common::real_serve::my_user();
        let mine: Vec<_> = store
            .audit_entries(&AuditFilter {
                user: Some(me),
                ..AuditFilter::default()
            })
            .unwrap();
        eprintln!(
            "{sent} refusals -> {} entries: {:?}",
            mine.len(),
            mine.iter().map(|e| &e.action).collect::<Vec<_>>()
        );
        // At most one pair per clock minute the burst touched (two if it straddled one).
        assert!(mine.len() <= 4, "{} entries", mine.len());
        let counted: u64 = mine
            .iter()
            .map(
                |e| match tsunagu::store::guard::refusals::split_coalesced(&e.action) {
                    Some((a, n)) => {
                        assert_eq!(a, "denied:read_case");
                        n
                    }
                    None => {
                        assert_eq!(e.action, "denied:read_case");
                        1
                    }
                },
            )
            .sum();
        assert_eq!(counted, sent, "every refusal is counted");
    });
}
