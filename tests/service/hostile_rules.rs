//! Hostile clients against the real `tsunagu serve` (issue 13), part 2: the invariants
//! only the service can keep (DESIGN.md ruling 11): the roster (M5), masking of drafts
//! (M5), the hand-off lifecycle and expiry on the service's own clock (M6). Bounded in
//! time and in requests.
#![cfg(target_os = "linux")]

use crate::common;

use common::bounded;
use common::real_serve::{DESK, RealServe, call, created, my_user, new_case, refused};
use std::time::Duration;
use tsunagu::domain::{Draft, Handoff, HandoffStatus, Personal, StaffEntry, StatusChange};
use tsunagu::service::protocol::{Answer, Request, Response};
use tsunagu::store::{AuditFilter, Replica, Store};

fn replica(s: &std::os::unix::net::UnixStream) -> Replica {
    match call(s, &Request::Replica) {
        Response::Ok(Answer::Replica(Some(r))) => *r,
        other => panic!("replica: {other:?}"),
    }
}

/// M5: an admin's seed sync through the service cannot change who is who: the replica
/// keeps the service's own roster, and the next connection has the same role.
#[test]
fn a_seed_sync_cannot_install_another_roster() {
    bounded(Duration::from_secs(60), || {
        let served = RealServe::start("admin");
        let s = served.raw();
        let mut r = replica(&s);
        let service_roster = r.directory.staff.clone();
        // Make this user a coordinator and add a stranger as admin.
        for e in &mut r.directory.staff {
            if e.user == my_user() {
                e.role = tsunagu::domain::Role::Coordinator;
            }
        }
        r.directory.staff.push(StaffEntry {
            user: "intruder".into(),
            name: "侵入者".into(),
            desk: DESK.into(),
            section: None,
            role: tsunagu::domain::Role::Admin,
        });
        r.seed_hash = "forged".into();
        assert_eq!(
            call(&s, &Request::ReplaceReplica(Box::new(r))),
            Response::Ok(Answer::Unit),
            "admins may still sync the directory"
        );
        let again = served.raw();
        let stored = replica(&again);
        assert_eq!(stored.seed_hash, "forged", "the directory was replaced");
        assert_eq!(stored.directory.staff, service_roster, "but not the roster");
        // Still an admin: the audit trail (admins only) answers.
        assert!(matches!(
            call(&again, &Request::AuditEntries(Box::default())),
            Response::Ok(Answer::Audit(_))
        ));
    });
}

/// M5: a raw `Drafts` request by an admin returns other people's restricted drafts
/// masked.
#[test]
fn restricted_drafts_are_masked_for_an_admin() {
    bounded(Duration::from_secs(60), || {
        let served = RealServe::start("admin");
        let s = served.raw();
        let secret = "避難中の試験花子";
        let mut d = Draft {
            desk: DESK.into(),
            restricted: true,
            personal: Personal {
                name: Some(secret.into()),
                ..Personal::default()
            },
            ..Draft::default()
        };
        d.intake.note = Some(format!("{secret}の相談"));
        for key in [
            "uketsuke1@総合相談支援室".to_string(),
            format!("{}@{DESK}", my_user()),
        ] {
            let r = call(
                &s,
                &Request::PutDraft {
                    key,
                    draft: Box::new(d.clone()),
                    durable: true,
                },
            );
            assert_eq!(r, Response::Ok(Answer::Unit));
        }
        let Response::Ok(Answer::Drafts(all)) = call(&s, &Request::Drafts) else {
            panic!("drafts");
        };
        assert_eq!(all.len(), 2);
        for (key, draft) in all {
            let shown = format!("{draft:?}");
            if key.starts_with("uketsuke1") {
                assert!(
                    !shown.contains(secret),
                    "someone else's restricted draft: {shown}"
                );
            } else {
                assert_eq!(draft, d, "their own draft is whole");
            }
        }
    });
}

fn handoff_of(case: &str, requested_at: &str) -> Handoff {
    Handoff {
        case: case.into(),
        seq: 0,
        program: "chiiki_houkatsu".into(),
        section: "koureisha_shien".into(),
        site: None,
        reasons: vec!["高齢者の介護の相談".into()],
        note: String::new(),
        from_desk: DESK.into(),
        requested_at: requested_at.into(),
        status: HandoffStatus::Requested,
        history: vec![StatusChange {
            at: requested_at.into(),
            to: HandoffStatus::Requested,
            by: my_user(),
            reason: None,
        }],
    }
}

fn step(h: &Handoff, to: HandoffStatus, reason: Option<&str>) -> Handoff {
    let mut h = h.clone();
    h.status = to;
    h.history.push(StatusChange {
        at: "2026-12-01T10:00:00+09:00".into(),
        to,
        by: my_user(),
        reason: reason.map(Into::into),
    });
    h
}

fn added(r: Response) -> Handoff {
    match r {
        Response::Ok(Answer::Handoff(h)) => *h,
        other => panic!("add_handoff: {other:?}"),
    }
}

/// M6: whoever asks, a hand-off follows its lifecycle (no skipping, no going back, a
/// return needs a reason, only the service expires), and expiry runs on the service's
/// clock with the service's days, one audit entry per hand-off.
#[test]
fn the_service_enforces_the_handoff_lifecycle_and_its_own_expiry() {
    bounded(Duration::from_secs(90), || {
        let mut served = RealServe::start("coordinator");
        let s = served.raw();
        let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        let fresh = created(call(&s, &Request::CreateCase(Box::new(new_case("", 0)))));
        let h = added(call(
            &s,
            &Request::AddHandoff(Box::new(handoff_of(&fresh.number, &now))),
        ));
        // A new hand-off that claims to be done already is refused.
        let done_at_once = step(&handoff_of(&fresh.number, &now), HandoffStatus::Done, None);
        assert!(refused(&call(&s, &Request::AddHandoff(Box::new(done_at_once)))));
        for (what, bad) in [
            ("requested -> done", step(&h, HandoffStatus::Done, None)),
            ("return without a reason", step(&h, HandoffStatus::Returned, None)),
            (
                "return with a blank reason",
                step(&h, HandoffStatus::Returned, Some("  ")),
            ),
            ("expired by a client", step(&h, HandoffStatus::Expired, None)),
            (
                "status without history",
                Handoff {
                    status: HandoffStatus::Accepted,
                    ..h.clone()
                },
            ),
        ] {
            let r = call(&s, &Request::UpdateHandoff(Box::new(bad)));
            assert!(refused(&r), "{what}: {r:?}");
        }
        let accepted = step(&h, HandoffStatus::Accepted, None);
        assert_eq!(
            call(&s, &Request::UpdateHandoff(Box::new(accepted.clone()))),
            Response::Ok(Answer::Unit)
        );
        let back = step(&accepted, HandoffStatus::Requested, None);
        assert!(refused(&call(&s, &Request::UpdateHandoff(Box::new(back)))));

        // Two hand-offs requested long ago (overdue on any clock) and a fresh one.
        let mut overdue = Vec::new();
        for _ in 0..2 {
            let c = created(call(&s, &Request::CreateCase(Box::new(new_case("", 0)))));
            added(call(
                &s,
                &Request::AddHandoff(Box::new(handoff_of(&c.number, "2026-04-01T10:00:00+09:00"))),
            ));
            overdue.push(c.number);
        }
        let young = created(call(&s, &Request::CreateCase(Box::new(new_case("", 0)))));
        added(call(
            &s,
            &Request::AddHandoff(Box::new(handoff_of(&young.number, &now))),
        ));
        // A client's date far ahead and zero days would expire everything: ignored.
        let r = call(
            &s,
            &Request::ExpireOverdue {
                today: chrono::NaiveDate::from_ymd_opt(2099, 1, 1).unwrap(),
                days: 0,
                at: "2000-01-01T00:00:00+09:00".into(),
            },
        );
        assert_eq!(
            r,
            Response::Ok(Answer::Count(2)),
            "only the overdue ones, by the service's clock"
        );
        drop(s);
        served.stop();
        let store = crate::common::store::open(&served.data.join("store"));
        for h in store.handoffs().unwrap() {
            let expired = overdue.contains(&h.case);
            assert_eq!(h.status == HandoffStatus::Expired, expired, "{}", h.case);
            if expired {
                let last = h.history.last().unwrap();
                assert!(
                    !last.at.starts_with("2000"),
                    "expiry time is the service's: {}",
                    last.at
                );
            }
        }
        let entries = store
            .audit_entries(&AuditFilter::default())
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "expire_overdue")
            .map(|e| e.case)
            .collect::<Vec<_>>();
        let expected: Vec<Option<String>> = overdue.iter().cloned().map(Some).collect();
        assert_eq!(
            entries, expected,
            "one entry per expired hand-off, naming its case"
        );
    });
}

/// L5: a case the caller may not read and a case that does not exist get the same
/// answer; a user outside the roster learns nothing from the revision counter.
#[test]
fn forbidden_and_missing_cases_look_the_same() {
    bounded(Duration::from_secs(90), || {
        let mut served = RealServe::start("coordinator");
        let s = served.raw();
        let mut other = new_case("", 0);
        other.desk = "東金子地区センター".into();
        let other = created(call(&s, &Request::CreateCase(Box::new(other))));
        drop(s);
        // The same user, now a section the case was never handed to.
        common::real_serve::seed_with_me(served.tmp.path(), "section");
        served.restart();
        let s = served.raw();
        let forbidden = call(
            &s,
            &Request::Case {
                number: other.number.clone(),
            },
        );
        let missing = call(
            &s,
            &Request::Case {
                number: "R8-000999".into(),
            },
        );
        assert_eq!(forbidden, Response::Ok(Answer::Case(None)));
        assert_eq!(forbidden, missing);
        let hs = call(
            &s,
            &Request::HandoffsOfCase {
                case: other.number.clone(),
            },
        );
        assert_eq!(
            hs,
            call(
                &s,
                &Request::HandoffsOfCase {
                    case: "R8-000999".into()
                }
            )
        );
        drop(s);
        // Outside the roster: the revision says nothing.
        common::real_serve::seed_with_me(served.tmp.path(), "");
        served.restart();
        let s = served.raw();
        assert_eq!(call(&s, &Request::Revision), Response::Ok(Answer::Revision(0)));
    });
}

/// L8: SIGHUP reads the service's seed again (a new roster applies to new connections),
/// an invalid seed leaves the last good one in effect, and the service stays up.
#[test]
fn sighup_reloads_the_seed_and_keeps_the_last_good_one() {
    bounded(Duration::from_secs(60), || {
        let mut served = RealServe::start("reception");
        let counts = |served: &RealServe| call(&served.raw(), &Request::RecordCounts);
        assert!(refused(&counts(&served)), "reception may not count records");
        common::real_serve::seed_with_me(served.tmp.path(), "coordinator");
        served.signal(libc::SIGHUP);
        let start = std::time::Instant::now();
        while !matches!(counts(&served), Response::Ok(Answer::Counts(_))) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the new roster never applied"
            );
            assert!(served.exited().is_none(), "SIGHUP stopped the service");
            std::thread::sleep(Duration::from_millis(50));
        }
        // An invalid seed: reported, the last good stays.
        std::fs::write(served.seed.join("sites.toml"), "これは TOML ではない [[[").unwrap();
        served.signal(libc::SIGHUP);
        std::thread::sleep(Duration::from_millis(800));
        assert!(served.exited().is_none(), "an invalid seed stopped the service");
        assert!(matches!(counts(&served), Response::Ok(Answer::Counts(_))));
        served.stop();
    });
}
