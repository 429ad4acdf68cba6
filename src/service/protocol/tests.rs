use super::*;
use crate::store::{StoreError, codec};
use std::path::Path;
use std::time::Duration;

#[test]
fn frames_round_trip_and_headers_are_checked() {
    let f = frame(
        &Request::Case {
            number: "R8-000001".into(),
        },
        MAX_FRAME,
    )
    .unwrap();
    assert_eq!(&f[..4], b"TSNG");
    assert_eq!(f[4], PROTOCOL_VERSION);
    let mut r = &f[..];
    let body = read_frame(&mut r, MAX_FRAME, Duration::from_secs(1), || false).unwrap();
    let back: Request = decode_body(&body).unwrap();
    assert_eq!(
        back,
        Request::Case {
            number: "R8-000001".into()
        }
    );
    // and then the stream is closed between frames
    assert!(matches!(
        read_frame(&mut r, MAX_FRAME, Duration::from_secs(1), || false),
        Err(ReadError::Closed)
    ));

    let mut bad = f.clone();
    bad[0] = b'X';
    assert!(matches!(
        read_frame(&mut &bad[..], MAX_FRAME, Duration::from_secs(1), || false),
        Err(ReadError::Frame(FrameError::BadMagic))
    ));
    let mut v = f.clone();
    v[4] = 99;
    assert!(matches!(
        read_frame(&mut &v[..], MAX_FRAME, Duration::from_secs(1), || false),
        Err(ReadError::Frame(FrameError::Version { found: 99, .. }))
    ));
    let mut huge = f[..HEADER_LEN].to_vec();
    huge[5..9].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(
        read_frame(&mut &huge[..], MAX_FRAME, Duration::from_secs(1), || false),
        Err(ReadError::Frame(FrameError::TooLarge { .. }))
    ));
    assert!(matches!(
        read_frame(&mut &f[..f.len() - 1], MAX_FRAME, Duration::from_secs(1), || {
            false
        }),
        Err(ReadError::Truncated)
    ));
    assert_eq!(
        decode_body::<Request>(&[codec::VERSION, 250, 1, 2]),
        Err(FrameError::Malformed)
    );
    // a body over several chunks
    let big = frame(
        &Request::Case {
            number: "九".repeat(100_000),
        },
        MAX_FRAME,
    )
    .unwrap();
    let body = read_frame(&mut &big[..], MAX_FRAME, Duration::from_secs(1), || false).unwrap();
    assert_eq!(body.len(), big.len() - HEADER_LEN);
    assert!(matches!(
        read_frame(
            &mut &big[..big.len() - 1],
            MAX_FRAME,
            Duration::from_secs(1),
            || false
        ),
        Err(ReadError::Truncated)
    ));
    assert!(matches!(
        frame(
            &Request::Case {
                number: "x".repeat(100)
            },
            10
        ),
        Err(FrameEncodeError::TooLarge { .. })
    ));
}

#[test]
fn store_errors_cross_without_paths() {
    let e = StoreError::NotFound {
        path: "/srv/tsunagu/store".into(),
        what: "case",
        key: "R8-000009".into(),
    };
    let w = WireError::from_store(&e);
    let bytes = codec::encode(&Response::Err(w.clone())).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("/srv"));
    match w.into_store(Path::new("/run/tsunagu/tsunagu.sock")) {
        StoreError::NotFound { what, key, path } => {
            assert_eq!((what, key.as_str()), ("case", "R8-000009"));
            assert_eq!(path, Path::new("/run/tsunagu/tsunagu.sock"));
        }
        other => panic!("{other:?}"),
    }
    let denied = WireError::from_store(&StoreError::Denied {
        what: crate::domain::Op::AuditEntries.label_ja(),
    });
    assert!(matches!(
        denied.into_store(Path::new("s")),
        StoreError::Denied { what } if what == crate::domain::Op::AuditEntries.label_ja()
    ));
    assert!(matches!(
        WireError::Denied { what: "x".into() }.into_store(Path::new("s")),
        StoreError::Denied { what: "この操作" }
    ));
    let unknown = WireError::InvalidKey {
        what: "made up".into(),
    };
    assert!(matches!(
        unknown.into_store(Path::new("s")),
        StoreError::InvalidKey { what: "record", .. }
    ));
}

/// Every request keeps its place on the wire since protocol 4: its variant's index (the
/// order of the store surface's declaration, store/surface.rs) and its fields in their
/// order. A call added anywhere but at the end, or fields reordered, change it: then the
/// protocol version must change too.
#[test]
fn every_request_keeps_its_place_on_the_wire() {
    use crate::domain::{Case, Draft, Handoff, HandoffStatus, MeetingRecord};
    use crate::store::{AuditEntry, AuditFilter, CasePageQuery, InboxQuery, Replica};
    use chrono::NaiveDate;

    /// The body of variant `index` with `fields` (a tuple of them, in order).
    fn body<T: serde::Serialize>(index: u8, fields: &T) -> Vec<u8> {
        let mut out = vec![codec::VERSION, index];
        out.extend_from_slice(codec::encode(fields).unwrap().get(1..).unwrap());
        out
    }
    let case: Case = serde_json::from_value(serde_json::json!({
        "number": "R8-000001", "fiscal_year": 2026, "seq": 1,
        "received_at": "2026-04-01T09:00:00+09:00", "desk": "総合相談支援室", "staff": null,
        "intake": crate::domain::Intake::default(), "personal": crate::domain::Personal::default(),
        "restricted": false, "notes": [], "closed_at": null, "closing_note": null
    }))
    .unwrap();
    let handoff = Handoff {
        case: "R8-000001".into(),
        seq: 1,
        program: "p".into(),
        section: "s".into(),
        site: None,
        reasons: vec!["r".into()],
        note: "n".into(),
        from_desk: "d".into(),
        requested_at: "2026-04-01T09:00:00+09:00".into(),
        status: HandoffStatus::Requested,
        history: vec![],
    };
    let meeting = MeetingRecord {
        id: "M8-0001".into(),
        kind: "shien_kaigi".into(),
        date: "2026-04-02".into(),
        fiscal_year: 2026,
        sections: vec!["s".into()],
        agencies: vec![],
        cases: vec![],
        confidential: true,
        recorded_at: "2026-04-02T10:00:00+09:00".into(),
        recorded_by: "u".into(),
    };
    let replica = Replica {
        directory: crate::seed::load_embedded().unwrap().directory,
        seed_hash: "h".into(),
        origin: "embedded".into(),
        replicated_at: "2026-04-01T00:00:00+09:00".into(),
    };
    let draft = Draft::default();
    let entry = AuditEntry {
        seq: 0,
        at: "2026-04-01T09:00:00+09:00".into(),
        user: "u".into(),
        action: "put_case".into(),
        case: None,
    };
    let filter = AuditFilter::default();
    let page = CasePageQuery {
        limit: 20,
        ..CasePageQuery::default()
    };
    let inbox = InboxQuery {
        section: "s".into(),
        limit: 20,
        ..InboxQuery::default()
    };
    let day = NaiveDate::from_ymd_opt(2026, 4, 1);
    let s = |x: &str| x.to_string();
    let status = Some(HandoffStatus::Accepted);
    let cases: Vec<(Request, Vec<u8>)> = vec![
        (Request::Hello, body(0, &())),
        (Request::Replica, body(1, &())),
        (
            Request::ReplaceReplica(Box::new(replica.clone())),
            body(2, &replica),
        ),
        (Request::FlushDurable, body(3, &())),
        (Request::CreateCase(Box::new(case.clone())), body(4, &case)),
        (Request::PutCase(Box::new(case.clone())), body(5, &case)),
        (Request::Case { number: s("R8-1") }, body(6, &s("R8-1"))),
        (
            Request::CasesReceived {
                from: day,
                to: None,
                limit: 7,
            },
            body(7, &(day, None::<NaiveDate>, 7u64)),
        ),
        (Request::AddHandoff(Box::new(handoff.clone())), body(8, &handoff)),
        (
            Request::UpdateHandoff(Box::new(handoff.clone())),
            body(9, &handoff),
        ),
        (Request::HandoffsOfCase { case: s("R8-1") }, body(10, &s("R8-1"))),
        (
            Request::HandoffsToSection {
                section: s("s"),
                status,
            },
            body(11, &(s("s"), status)),
        ),
        (
            Request::ExpireOverdue {
                today: day.unwrap(),
                days: 14,
                at: s("t"),
            },
            body(12, &(day.unwrap(), 14u32, s("t"))),
        ),
        (
            Request::PutDraft {
                key: s("k"),
                draft: Box::new(draft.clone()),
                durable: true,
            },
            body(13, &(s("k"), &draft, true)),
        ),
        (Request::Draft { key: s("k") }, body(14, &s("k"))),
        (Request::DeleteDraft { key: s("k") }, body(15, &s("k"))),
        (Request::Drafts, body(16, &())),
        (
            Request::AllocateMeetingSeq { fiscal_year: 2026 },
            body(17, &2026i32),
        ),
        (Request::PutMeeting(Box::new(meeting.clone())), body(18, &meeting)),
        (Request::Meeting { id: s("M8-1") }, body(19, &s("M8-1"))),
        (
            Request::MeetingsHeld { from: None, to: day },
            body(20, &(None::<NaiveDate>, day)),
        ),
        (Request::MeetingsOfCase { case: s("R8-1") }, body(21, &s("R8-1"))),
        (Request::RecordCounts, body(22, &())),
        (Request::Cases, body(23, &())),
        (Request::Handoffs, body(24, &())),
        (Request::Meetings, body(25, &())),
        (Request::RestoreCase(Box::new(case.clone())), body(26, &case)),
        (
            Request::RestoreHandoff(Box::new(handoff.clone())),
            body(27, &handoff),
        ),
        (
            Request::RestoreMeeting(Box::new(meeting.clone())),
            body(28, &meeting),
        ),
        (Request::AppendAudit(Box::new(entry.clone())), body(29, &entry)),
        (Request::AuditEntries(Box::new(filter.clone())), body(30, &filter)),
        (Request::Revision, body(31, &())),
        (Request::ReplicaHash, body(32, &())),
        (Request::Compact, body(33, &())),
        (Request::CasePage(Box::new(page.clone())), body(34, &page)),
        (Request::InboxPage(Box::new(inbox.clone())), body(35, &inbox)),
        (Request::CaseView { number: s("R8-1") }, body(36, &s("R8-1"))),
    ];
    let mut names = std::collections::BTreeSet::new();
    for (request, want) in &cases {
        assert_eq!(&codec::encode(request).unwrap(), want, "{}", request.name());
        assert_eq!(&decode_body::<Request>(want).unwrap(), request);
        names.insert(request.name());
    }
    assert_eq!(names.len(), cases.len(), "a request listed twice");
}

/// The fuzz target `service_frame` starts from the frames in fuzz/seeds/service_frame/:
/// they must be frames of this protocol and codec, or every mutation of them stops at
/// the version check. After a protocol change, write them again with
/// `TSUNAGU_WRITE_FUZZ_SEEDS=1 cargo test --lib fuzz_seed_frames`.
#[test]
fn fuzz_seed_frames_are_this_protocols() {
    let hello = frame(&Request::Hello, MAX_FRAME).unwrap();
    let flush = frame(&Request::FlushDurable, MAX_FRAME).unwrap();
    let mut empty = b"TSNG".to_vec();
    empty.push(PROTOCOL_VERSION);
    empty.extend_from_slice(&0u32.to_be_bytes());
    let seeds: Vec<(&str, Vec<u8>)> = vec![
        ("hello", hello.clone()),
        ("flush", flush.clone()),
        (
            "case",
            frame(
                &Request::Case {
                    number: "R8-000001".into(),
                },
                MAX_FRAME,
            )
            .unwrap(),
        ),
        (
            "response-unit",
            frame(&Response::Ok(Answer::Unit), MAX_FRAME).unwrap(),
        ),
        ("empty-frame", empty),
        ("two-frames", [hello, flush].concat()),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/service_frame");
    let write = std::env::var_os("TSUNAGU_WRITE_FUZZ_SEEDS").is_some();
    for (name, bytes) in seeds {
        let path = dir.join(name);
        if write {
            std::fs::write(&path, &bytes).unwrap();
        }
        let on_disk = std::fs::read(&path).unwrap();
        assert_eq!(
            on_disk, bytes,
            "{name}: not this protocol's frame; TSUNAGU_WRITE_FUZZ_SEEDS=1 writes it again"
        );
    }
}
