//! Hostile clients against the real `tsunagu serve` (issue 13): a raw protocol client
//! in the roster (or not) tries what the screens never send. Every test is bounded in
//! time and in the number of requests.
#![cfg(target_os = "linux")]

use crate::common;

use common::bounded;
use common::real_serve::{DESK, RealServe, call, created, my_user, new_case, refused};
use std::time::Duration;
use tsunagu::domain::{Consent, Intake, Personal};
use tsunagu::service::protocol::{Answer, Request, Response, WireError};

/// H1: the service numbers new cases; no seq or number a client sends moves the
/// counter, so no clerk can exhaust or steal the year's numbers.
#[test]
fn a_reception_clerk_cannot_choose_or_exhaust_case_numbers() {
    bounded(Duration::from_secs(60), || {
        let mut served = RealServe::start("reception");
        let s = served.raw();
        // What broke today's service: a new case with the highest seq ...
        for (number, seq) in [
            ("R8-4294967295", u32::MAX),
            ("R8-999999", 999_999),
            ("R8-000050", 50),
        ] {
            let r = call(&s, &Request::PutCase(Box::new(new_case(number, seq))));
            assert!(refused(&r), "put_case of a number never handed out: {r:?}");
        }
        // ... and a create that names its own number and seq: both ignored.
        let first = created(call(
            &s,
            &Request::CreateCase(Box::new(new_case("R8-4294967295", u32::MAX))),
        ));
        assert_eq!(
            (first.number.as_str(), first.seq, first.fiscal_year),
            ("R8-000001", 1, 2026)
        );
        let second = created(call(
            &s,
            &Request::CreateCase(Box::new(new_case("../../etc/passwd", 7))),
        ));
        assert_eq!(second.number, "R8-000002");
        // An existing case re-saved with another seq (a number it does not match) is
        // refused, and so is one with the counter's maximum.
        let mut bent = second.clone();
        bent.seq = u32::MAX;
        assert!(refused(&call(&s, &Request::PutCase(Box::new(bent)))));
        // A legitimate re-save still works.
        let mut noted = second.clone();
        noted.intake.seeks_help = true;
        assert_eq!(
            call(&s, &Request::PutCase(Box::new(noted))),
            Response::Ok(Answer::Unit)
        );
        // The old request to hand out numbers is gone from the protocol: nothing lets a
        // client burn through them.
        let third = created(call(&s, &Request::CreateCase(Box::new(new_case("", 0)))));
        assert_eq!(third.number, "R8-000003");
        drop(s);
        // Numbering survives a restart and continues.
        served.restart();
        let s = served.raw();
        let fourth = created(call(&s, &Request::CreateCase(Box::new(new_case("", 0)))));
        assert_eq!(fourth.number, "R8-000004");
        served.stop();
    });
}

/// L2: case numbers are `R<era>-<6 digits>` on every path: `../` and escapes are refused
/// as keys, and never reach the audit trail or an answer.
#[test]
fn malformed_case_numbers_are_refused_on_every_path() {
    bounded(Duration::from_secs(60), || {
        let served = RealServe::start("coordinator");
        let s = served.raw();
        let c = created(call(&s, &Request::CreateCase(Box::new(new_case("", 0)))));
        for bad in ["../../x", "R8-000001\u{1b}[2J", "R8-1", "R8-000001/..", ""] {
            let reads = [
                Request::Case { number: bad.into() },
                Request::HandoffsOfCase { case: bad.into() },
                Request::MeetingsOfCase { case: bad.into() },
            ];
            for r in reads {
                let answer = call(&s, &r);
                assert!(
                    matches!(answer, Response::Err(WireError::InvalidKey { .. })),
                    "{}: {answer:?}",
                    r.name()
                );
            }
            let mut renamed = c.clone();
            renamed.number = bad.into();
            assert!(refused(&call(&s, &Request::PutCase(Box::new(renamed)))));
        }
    });
}

const PURGED_NAME: &str = "消去試験　髙橋𠮷男";
const PURGED_PHONE: &str = "090-8765-4321";
const PURGED_NOTE: &str = "消去試験の相談メモ：夫からの暴力で避難先を探している";
const DISCARDED_NAME: &str = "破棄試験　下書花子";

fn draft_of(name: &str, note: &str) -> tsunagu::domain::Draft {
    tsunagu::domain::Draft {
        desk: DESK.into(),
        saved_at: "2026-05-01T10:00:00+09:00".into(),
        started_at: "2026-05-01T09:55:00+09:00".into(),
        intake: Intake {
            consent: Consent::Given,
            note: Some(note.into()),
            ..Intake::default()
        },
        personal: Personal {
            name: Some(name.into()),
            phone: Some(PURGED_PHONE.into()),
            ..Personal::default()
        },
        ..Default::default()
    }
}

/// Type `name` and `note` into the draft of `key` one character at a time, as the
/// desk does (non-durable saves, a durable one at the end).
fn type_draft(s: &std::os::unix::net::UnixStream, key: &str, name: &str, note: &str) {
    let chars: Vec<char> = name.chars().chain(note.chars()).collect();
    let name_len = name.chars().count();
    for i in 1..=chars.len() {
        let typed_name: String = chars[..i.min(name_len)].iter().collect();
        let typed_note: String = chars[name_len.min(i)..i].iter().collect();
        let r = call(
            s,
            &Request::PutDraft {
                key: key.into(),
                draft: Box::new(draft_of(&typed_name, &typed_note)),
                durable: i == chars.len(),
            },
        );
        assert_eq!(r, Response::Ok(Answer::Unit));
    }
}

fn copies(served: &RealServe) -> Vec<(&'static str, usize, Vec<std::path::PathBuf>)> {
    [
        ("name", PURGED_NAME),
        ("phone", PURGED_PHONE),
        ("note", PURGED_NOTE),
        ("discarded draft's name", DISCARDED_NAME),
    ]
    .into_iter()
    .map(|(what, text)| {
        let (n, files) = common::real_serve::copies_on_disk(&served.data, text);
        (what, n, files)
    })
    .collect()
}

/// H2: after `purge --closed-before … --yes`, and after a draft is saved or discarded,
/// no copy of the personal text remains in the data folder's files (grepped byte for
/// byte, with the service running and after it stopped).
#[test]
fn purge_and_drafts_leave_no_copy_on_disk() {
    bounded(Duration::from_secs(120), || {
        let mut served = RealServe::start("admin");
        let s = served.raw();
        let key = format!("{}@{DESK}", my_user());
        // A consultation typed key by key, saved as a case, then closed with a note.
        type_draft(&s, &key, PURGED_NAME, PURGED_NOTE);
        let mut c = new_case("", 0);
        c.received_at = "2026-05-01T09:55:00+09:00".into();
        c.personal.name = Some(PURGED_NAME.into());
        c.personal.phone = Some(PURGED_PHONE.into());
        c.intake.note = Some(PURGED_NOTE.into());
        let mut c = created(call(&s, &Request::CreateCase(Box::new(c))));
        assert_eq!(
            call(&s, &Request::DeleteDraft { key: key.clone() }),
            Response::Ok(Answer::Unit)
        );
        c.closed_at = Some("2026-06-30T17:00:00+09:00".into());
        c.closing_note = Some(format!("{PURGED_NOTE}（終結）"));
        assert_eq!(
            call(&s, &Request::PutCase(Box::new(c.clone()))),
            Response::Ok(Answer::Unit)
        );
        // Another consultation typed and then discarded.
        type_draft(&s, &key, DISCARDED_NAME, "相談の途中で破棄");
        assert_eq!(
            call(&s, &Request::DeleteDraft { key: key.clone() }),
            Response::Ok(Answer::Unit)
        );
        // Some unrelated writes after it, as a working day would have.
        for _ in 0..20 {
            created(call(&s, &Request::CreateCase(Box::new(new_case("", 0)))));
        }
        drop(s);
        let before = copies(&served);
        eprintln!("copies before purge: {before:?}");
        assert!(before[0].1 > 0, "the live case holds the name before the purge");
        assert_eq!(before[3].1, 0, "a discarded draft leaves no copy: {before:?}");

        let out = served.cli(&["purge", "--closed-before", "2027-01-01", "--yes"]);
        assert!(
            out.status.success(),
            "purge: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let running = copies(&served);
        for (what, n, files) in &running {
            assert_eq!(*n, 0, "{what}: {n} copies after purge in {files:?}");
        }
        served.stop();
        for (what, n, files) in copies(&served) {
            assert_eq!(n, 0, "{what}: {n} copies after stop in {files:?}");
        }
        // The store is whole: the purged case is still counted, anonymized.
        served.restart();
        let s = served.raw();
        match call(
            &s,
            &Request::Case {
                number: c.number.clone(),
            },
        ) {
            Response::Ok(Answer::Case(Some(stored))) => {
                assert_eq!(stored.personal, Personal::default());
                assert_eq!(stored.closed_at, c.closed_at);
            }
            other => panic!("the purged case: {other:?}"),
        }
        let next = created(call(&s, &Request::CreateCase(Box::new(new_case("", 0)))));
        assert_eq!(next.number, "R8-000022");
    });
}

/// H1 for meetings: a meeting stored under the highest number, or under one never
/// handed out, neither exhausts nor steals the year's meeting numbers.
#[test]
fn a_client_cannot_exhaust_or_claim_meeting_numbers() {
    use tsunagu::domain::{MeetingRecord, meeting_number};
    bounded(Duration::from_secs(60), || {
        let served = RealServe::start("coordinator");
        let s = served.raw();
        let meeting = |seq: u32| MeetingRecord {
            id: meeting_number(2026, seq),
            kind: "jusouteki_kaigi".into(),
            date: "2026-11-10".into(),
            fiscal_year: 2026,
            sections: vec![],
            agencies: vec![],
            cases: vec![],
            confidential: false,
            recorded_at: "2026-11-10T17:00:00+09:00".into(),
            recorded_by: my_user(),
        };
        let put = |seq| {
            assert_eq!(
                call(&s, &Request::PutMeeting(Box::new(meeting(seq)))),
                Response::Ok(Answer::Unit)
            );
        };
        let next = |s: &std::os::unix::net::UnixStream| match call(
            s,
            &Request::AllocateMeetingSeq { fiscal_year: 2026 },
        ) {
            Response::Ok(Answer::Seq(n)) => n,
            other => panic!("allocate_meeting_seq: {other:?}"),
        };
        put(u32::MAX);
        assert_eq!(next(&s), 1, "M8-4294967295 did not exhaust the year");
        put(12_345);
        put(3);
        assert_eq!(next(&s), 4, "M8-0003 is taken: never handed out again");
    });
}

/// Issue 11: the service applies the one intake validation (domain::validate) to every
/// case a client sends: an age of 200 is refused on create, replace and restore.
#[test]
fn the_service_refuses_an_age_over_120() {
    bounded(Duration::from_secs(60), || {
        let mut served = RealServe::start("reception");
        let s = served.raw();
        let mut c = new_case("", 0);
        c.intake.people = vec![tsunagu::domain::Person {
            age: Some(200),
            ..Default::default()
        }];
        for request in [
            Request::CreateCase(Box::new(c.clone())),
            Request::PutCase(Box::new(c.clone())),
            Request::RestoreCase(Box::new(c.clone())),
        ] {
            match call(&s, &request) {
                Response::Err(WireError::Service { message }) => {
                    assert!(message.contains("people[0].age"), "{message}")
                }
                other => panic!("an age of 200 was not refused: {other:?}"),
            }
        }
        c.intake.people[0].age = Some(120);
        created(call(&s, &Request::CreateCase(Box::new(c))));
        served.stop();
    });
}
