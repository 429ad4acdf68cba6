//! Hostile clients against the real `tsunagu serve` (issue 13): a raw protocol client
//! in the roster (or not) tries what the screens never send. Every test is bounded in
//! time and in the number of requests.
#![cfg(target_os = "linux")]

mod common;

use common::bounded;
use common::real_serve::{DESK, RealServe, call, my_user};
use std::time::Duration;
use tsunagu::domain::{Case, Consent, Intake, Personal};
use tsunagu::service::protocol::{Answer, Request, Response, WireError};

fn new_case(number: &str, seq: u32) -> Case {
    Case {
        number: number.into(),
        fiscal_year: 2026,
        seq,
        received_at: "2026-11-26T10:00:00+09:00".into(),
        desk: DESK.into(),
        staff: Some(my_user()),
        intake: Intake {
            consent: Consent::Given,
            ..Intake::default()
        },
        personal: Personal::default(),
        restricted: false,
        notes: vec![],
        closed_at: None,
        closing_note: None,
    }
}

fn created(r: Response) -> Case {
    match r {
        Response::Ok(Answer::Case(Some(c))) => *c,
        other => panic!("expected a created case, got {other:?}"),
    }
}

fn refused(r: &Response) -> bool {
    matches!(
        r,
        Response::Err(WireError::Denied { .. } | WireError::InvalidKey { .. })
    )
}

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
