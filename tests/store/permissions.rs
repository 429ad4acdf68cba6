//! Identity, roles and the audit trail (issue 5) through the policy layer
//! (`store::guard`) on a real sled store: the permission matrix of every role and every
//! Store method, an unknown user reads no case, restricted (DV) cases are masked for
//! those not entitled, every read of personal details and every write is audited with
//! nothing personal in the entry, and the trail is append only.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use tempfile::TempDir;
use tsunagu::domain::{
    Case, CaseDecision, CaseNote, Consent, Decision, Draft, Grant, Handoff, HandoffStatus, Identity, Intake,
    MASKED, MeetingRecord, Op, Personal, Role, StaffEntry, StatusChange, grant,
};
use tsunagu::store::guard::{Guarded, guard};
use tsunagu::store::{AuditEntry, AuditFilter, CasePageQuery, InboxQuery, Store, StoreError};

type Raw = Arc<dyn Store + Send + Sync>;

const DESK: &str = "総合相談支援室";
const OTHER_DESK: &str = "東金子地区センター";
const NOW: &str = "2026-11-26T15:00:00+09:00";

// Case A: an ordinary case logged by uketsuke1 at 総合相談支援室, handed to 高齢者支援課.
const A: &str = "R8-000001";
// Case B: a DV case (restricted), same desk and logger, handed to 高齢者支援課.
const B: &str = "R8-000002";
// Case C: logged by uketsuke2 at 東金子地区センター, no hand-off.
const C: &str = "R8-000003";

const A_NAME: &str = "試験　一般太郎";
const A_PHONE: &str = "04-0000-0001";
const B_NAME: &str = "試験　秘匿花子";
const B_KANA: &str = "しけん ひとくはなこ";
const B_PHONE: &str = "090-0000-0002";
const B_ADDRESS: &str = "入間市試験町9-9-9 避難先";
const B_INTAKE_NOTE: &str = "配偶者からの暴力で避難中 (試験)";
const B_CASE_NOTE: &str = "連絡は職場の番号へ (試験)";
const B_HANDOFF_NOTE: &str = "住所を相手方に知られないこと (試験)";
const B_DECISION_NOTE: &str = "シェルターと調整 (試験)";
const B_RETURN_REASON: &str = "担当外: 避難先の市へ (試験)";

/// Every personal string of the fixture: none may appear where it should not.
const B_PERSONAL: [&str; 8] = [
    B_NAME,
    B_KANA,
    B_PHONE,
    B_ADDRESS,
    B_INTAKE_NOTE,
    B_CASE_NOTE,
    B_HANDOFF_NOTE,
    B_DECISION_NOTE,
];
const ALL_PERSONAL: [&str; 11] = [
    A_NAME,
    A_PHONE,
    B_NAME,
    B_KANA,
    B_PHONE,
    B_ADDRESS,
    B_INTAKE_NOTE,
    B_CASE_NOTE,
    B_HANDOFF_NOTE,
    B_DECISION_NOTE,
    B_RETURN_REASON,
];

fn staff(user: &str, desk: &str, section: Option<&str>, role: Role) -> StaffEntry {
    StaffEntry {
        user: user.into(),
        name: format!("{user} (試験)"),
        desk: desk.into(),
        section: section.map(Into::into),
        role,
    }
}

fn roster() -> Vec<StaffEntry> {
    vec![
        staff("uketsuke1", DESK, None, Role::Reception),
        staff("uketsuke3", DESK, None, Role::Reception),
        staff("uketsuke2", OTHER_DESK, None, Role::Reception),
        staff("kourei1", "高齢者支援課", Some("koureisha_shien"), Role::Section),
        staff("shogai1", "障害者支援課", Some("shogaisha_shien"), Role::Section),
        staff("kyoudou1", "福祉総務課", Some("fukushi_soumu"), Role::Coordinator),
        staff("kanri1", "福祉総務課", Some("fukushi_soumu"), Role::Admin),
    ]
}

fn who(user: &str) -> Identity {
    Identity::resolve(user, &roster())
}

/// The five columns of the matrix: one user per role, and an unknown one.
const COLUMNS: [(&str, &str); 5] = [
    ("reception", "uketsuke1"),
    ("section", "kourei1"),
    ("coordinator", "kyoudou1"),
    ("admin", "kanri1"),
    ("unknown", "stranger"),
];

fn case(number: &str, seq: u32, desk: &str, by: &str, restricted: bool) -> Case {
    Case {
        number: number.into(),
        fiscal_year: 2026,
        seq,
        received_at: format!("2026-11-{:02}T10:00:00+09:00", 10 + seq % 20),
        desk: desk.into(),
        staff: Some(by.into()),
        intake: Intake {
            consent: Consent::Given,
            ..Intake::default()
        },
        personal: Personal::default(),
        restricted,
        notes: vec![],
        closed_at: None,
        closing_note: None,
        consultations: Vec::new(),
    }
}

fn handoff(case: &str, section: &str, from_desk: &str, by: &str) -> Handoff {
    Handoff {
        case: case.into(),
        seq: 0,
        program: "chiiki_houkatsu".into(),
        section: section.into(),
        site: None,
        reasons: vec!["高齢者の介護の相談".into()],
        note: String::new(),
        from_desk: from_desk.into(),
        requested_at: "2026-11-25T10:00:00+09:00".into(),
        status: HandoffStatus::Requested,
        history: vec![StatusChange {
            at: "2026-11-25T10:00:00+09:00".into(),
            to: HandoffStatus::Requested,
            by: by.into(),
            reason: None,
        }],
    }
}

fn meeting(id: &str, cases: Vec<CaseDecision>) -> MeetingRecord {
    MeetingRecord {
        id: id.into(),
        kind: "shien_kaigi".into(),
        date: "2026-11-26".into(),
        fiscal_year: 2026,
        sections: vec!["fukushi_soumu".into(), "koureisha_shien".into()],
        agencies: vec![],
        cases,
        confidential: true,
        recorded_at: NOW.into(),
        recorded_by: "kyoudou1".into(),
    }
}

fn decision(case: &str, note: &str) -> CaseDecision {
    CaseDecision {
        case: case.into(),
        decision: Decision::Continue,
        note: note.into(),
    }
}

fn draft(desk: &str) -> Draft {
    Draft {
        desk: desk.into(),
        saved_at: NOW.into(),
        ..Draft::default()
    }
}

fn own_draft_key(id: &Identity) -> String {
    format!("{}@{}", id.user, id.desk().unwrap_or(DESK))
}

/// A store holding cases A, B (DV), C, their hand-offs, one meeting and two drafts,
/// written through the raw store (the service's own access).
struct Fixture {
    _dir: TempDir,
    raw: Raw,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The fixture's store, written once (closed) and copied for each test and matrix cell.
fn fixture() -> Fixture {
    static TEMPLATE: OnceLock<TempDir> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        fill(&crate::common::store::open(&dir.path().join("store")));
        dir
    });
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&template.path().join("store"), &dir.path().join("store"));
    let raw: Raw = Arc::new(crate::common::store::open(&dir.path().join("store")));
    Fixture { _dir: dir, raw }
}

fn fill(raw: &dyn Store) {
    let mut a = case(A, 1, DESK, "uketsuke1", false);
    a.personal.name = Some(A_NAME.into());
    a.personal.phone = Some(A_PHONE.into());
    raw.put_case(&a).unwrap();
    let mut b = case(B, 2, DESK, "uketsuke1", true);
    b.personal = Personal {
        name: Some(B_NAME.into()),
        kana: Some(B_KANA.into()),
        phone: Some(B_PHONE.into()),
        address: Some(B_ADDRESS.into()),
    };
    b.intake.note = Some(B_INTAKE_NOTE.into());
    b.notes.push(CaseNote {
        at: NOW.into(),
        by: "uketsuke1".into(),
        text: B_CASE_NOTE.into(),
    });
    raw.put_case(&b).unwrap();
    raw.put_case(&case(C, 3, OTHER_DESK, "uketsuke2", false)).unwrap();
    raw.add_handoff(handoff(A, "koureisha_shien", DESK, "uketsuke1"))
        .unwrap();
    let mut hb = handoff(B, "koureisha_shien", DESK, "uketsuke1");
    hb.note = B_HANDOFF_NOTE.into();
    raw.add_handoff(hb).unwrap();
    raw.put_meeting(&meeting(
        "M8-0001",
        vec![decision(A, "見守りを継続"), decision(B, B_DECISION_NOTE)],
    ))
    .unwrap();
    raw.put_draft("uketsuke1@総合相談支援室", &draft(DESK), true)
        .unwrap();
    raw.put_draft("uketsuke2@東金子地区センター", &draft(OTHER_DESK), true)
        .unwrap();
}

fn guarded(f: &Fixture, user: &str) -> Guarded {
    guard(Arc::clone(&f.raw), who(user)).with_clock(|| NOW.to_string())
}

fn all_audit(f: &Fixture) -> Vec<AuditEntry> {
    f.raw.audit_entries(&AuditFilter::default()).unwrap()
}

// --- the matrix ------------------------------------------------------------------------

/// What one call returned: refused, or allowed with (for reads) how many records.
fn outcome(r: Result<Option<usize>, StoreError>) -> String {
    match r {
        Ok(None) => "Y".into(),
        Ok(Some(n)) => n.to_string(),
        Err(StoreError::Denied { .. }) => "-".into(),
        Err(e) => format!("error: {e}"),
    }
}

type Call = fn(&dyn Store, &Identity) -> Result<Option<usize>, StoreError>;

fn n<T>(v: Vec<T>) -> Option<usize> {
    Some(v.len())
}

/// A new case as `id`'s terminal would write it.
fn new_case_of(id: &Identity) -> Case {
    case("R8-000010", 10, id.desk().unwrap_or(DESK), &id.user, false)
}

fn accepted_by(h: &Handoff, user: &str) -> Handoff {
    let mut h = h.clone();
    h.transition(HandoffStatus::Accepted, NOW, user, None).unwrap();
    h
}

/// Every Store method, with the answer each role gets. `-` refused (Denied); `Y`
/// allowed; a number: allowed, returning that many records (filtered to what the role
/// may see: reception = the cases of their desk, section = cases handed to them;
/// meetings are empty for both). Columns: reception (uketsuke1, 総合相談支援室), section
/// (kourei1, 高齢者支援課), coordinator (kyoudou1), admin (kanri1), unknown (stranger).
fn matrix() -> Vec<(Op, &'static str, [&'static str; 5], Call)> {
    vec![
        (Op::Path, "path", ["Y", "Y", "Y", "Y", "Y"], |s, _| {
            let _ = s.path();
            Ok(None)
        }),
        (
            Op::FlushDurable,
            "flush_durable",
            ["Y", "Y", "Y", "Y", "Y"],
            |s, _| s.flush_durable().map(|_| None),
        ),
        (Op::Replica, "replica", ["Y", "Y", "Y", "Y", "Y"], |s, _| {
            s.replica().map(|_| None)
        }),
        (
            Op::ReplaceReplica,
            "replace_replica",
            ["-", "-", "-", "Y", "-"],
            |s, _| {
                let replica = tsunagu::store::Replica {
                    directory: tsunagu::seed::load_embedded().unwrap().directory,
                    seed_hash: "test".into(),
                    origin: "test".into(),
                    replicated_at: NOW.into(),
                };
                s.replace_replica(&replica).map(|_| None)
            },
        ),
        (
            Op::CreateCase,
            "create_case: a new case, own desk",
            ["Y", "-", "Y", "Y", "-"],
            |s, id| s.create_case(&new_case_of(id), None).map(|_| None),
        ),
        (
            Op::PutCase,
            "put_case: a number never handed out (new cases go through create_case)",
            ["-", "-", "-", "-", "-"],
            |s, id| s.put_case(&new_case_of(id)).map(|_| None),
        ),
        (
            Op::PutCase,
            "put_case: add a note to A",
            ["Y", "-", "Y", "Y", "-"],
            |s, id| {
                let mut a = case(A, 1, DESK, "uketsuke1", false);
                a.personal.name = Some(A_NAME.into());
                a.personal.phone = Some(A_PHONE.into());
                a.notes.push(CaseNote {
                    at: NOW.into(),
                    by: id.user.clone(),
                    text: "再来所".into(),
                });
                s.put_case(&a).map(|_| None)
            },
        ),
        (Op::Case, "case A", ["1", "1", "1", "1", "-"], |s, _| {
            s.case(A).map(|c| c.map(|_| 1).or(Some(0)))
        }),
        (
            Op::Case,
            // 0: the same answer as for a missing case (issue 13, L5).
            "case C (other desk, no hand-off)",
            ["0", "0", "1", "1", "-"],
            |s, _| s.case(C).map(|c| c.map(|_| 1).or(Some(0))),
        ),
        (
            Op::CasesReceived,
            "cases_received",
            ["2", "2", "3", "3", "-"],
            |s, _| s.cases_received(None, None, 100).map(n),
        ),
        (
            Op::AddHandoff,
            "add_handoff to A",
            ["Y", "-", "Y", "Y", "-"],
            |s, id| {
                let h = handoff(A, "shogaisha_shien", id.desk().unwrap_or(DESK), &id.user);
                s.add_handoff(h).map(|_| None)
            },
        ),
        (
            Op::UpdateHandoff,
            "update_handoff A#1: accept",
            ["-", "Y", "Y", "Y", "-"],
            |s, id| {
                let mut h = handoff(A, "koureisha_shien", DESK, "uketsuke1");
                h.seq = 1;
                s.update_handoff(&accepted_by(&h, &id.user)).map(|_| None)
            },
        ),
        (
            Op::HandoffsOfCase,
            "handoffs_of_case A",
            ["1", "1", "1", "1", "-"],
            |s, _| s.handoffs_of_case(A).map(n),
        ),
        (
            Op::HandoffsToSection,
            "handoffs_to_section koureisha_shien",
            ["2", "2", "2", "2", "-"],
            |s, _| s.handoffs_to_section("koureisha_shien", None).map(n),
        ),
        (
            Op::ExpireOverdue,
            "expire_overdue",
            ["-", "-", "Y", "Y", "-"],
            |s, _| {
                let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
                s.expire_overdue(today, 14, NOW).map(|_| None)
            },
        ),
        (
            Op::PutDraft,
            "put_draft: own key",
            ["Y", "Y", "Y", "Y", "-"],
            |s, id| s.put_draft(&own_draft_key(id), &draft(DESK), true).map(|_| None),
        ),
        (
            Op::PutDraft,
            "put_draft: another's key",
            ["-", "-", "-", "Y", "-"],
            |s, _| {
                s.put_draft("uketsuke2@東金子地区センター", &draft(OTHER_DESK), true)
                    .map(|_| None)
            },
        ),
        (Op::Draft, "draft: own key", ["Y", "Y", "Y", "Y", "-"], |s, id| {
            s.draft(&own_draft_key(id)).map(|_| None)
        }),
        (
            Op::Draft,
            "draft: another's key",
            ["-", "-", "-", "-", "-"],
            |s, _| s.draft("uketsuke2@東金子地区センター").map(|_| None),
        ),
        (
            Op::DeleteDraft,
            "delete_draft: own key",
            ["Y", "Y", "Y", "Y", "-"],
            |s, id| s.delete_draft(&own_draft_key(id)).map(|_| None),
        ),
        (
            Op::DeleteDraft,
            "delete_draft: another's key",
            ["-", "-", "-", "-", "-"],
            |s, _| s.delete_draft("uketsuke2@東金子地区センター").map(|_| None),
        ),
        (Op::Drafts, "drafts", ["1", "0", "0", "2", "-"], |s, _| {
            s.drafts().map(n)
        }),
        (
            Op::AllocateMeetingSeq,
            "allocate_meeting_seq",
            ["-", "-", "Y", "Y", "-"],
            |s, _| s.allocate_meeting_seq(2026).map(|_| None),
        ),
        (
            Op::PutMeeting,
            "put_meeting on A",
            ["-", "-", "Y", "Y", "-"],
            |s, _| {
                s.put_meeting(&meeting("M8-0002", vec![decision(A, "")]))
                    .map(|_| None)
            },
        ),
        (
            Op::Meeting,
            "meeting M8-0001",
            ["-", "-", "1", "1", "-"],
            |s, _| s.meeting("M8-0001").map(|m| m.map(|_| 1).or(Some(0))),
        ),
        (
            Op::MeetingsHeld,
            "meetings_held",
            ["0", "0", "1", "1", "-"],
            |s, _| s.meetings_held(None, None).map(n),
        ),
        (
            Op::MeetingsOfCase,
            "meetings_of_case A",
            ["0", "0", "1", "1", "-"],
            |s, _| s.meetings_of_case(A).map(n),
        ),
        (
            Op::RecordCounts,
            "record_counts",
            ["-", "-", "Y", "Y", "-"],
            |s, _| s.record_counts().map(|_| None),
        ),
        (Op::Cases, "cases (bulk)", ["2", "2", "3", "3", "-"], |s, _| {
            s.cases().map(n)
        }),
        (
            Op::Handoffs,
            "handoffs (bulk)",
            ["2", "2", "2", "2", "-"],
            |s, _| s.handoffs().map(n),
        ),
        (
            Op::Meetings,
            "meetings (bulk)",
            ["0", "0", "1", "1", "-"],
            |s, _| s.meetings().map(n),
        ),
        (
            Op::RestoreCase,
            "restore_case",
            ["-", "-", "-", "Y", "-"],
            |s, _| {
                s.restore_case(&case("R8-000020", 20, DESK, "uketsuke1", false))
                    .map(|_| None)
            },
        ),
        (
            Op::RestoreHandoff,
            "restore_handoff",
            ["-", "-", "-", "Y", "-"],
            |s, _| {
                let mut h = handoff(C, "koureisha_shien", OTHER_DESK, "uketsuke2");
                h.seq = 1;
                s.restore_handoff(&h).map(|_| None)
            },
        ),
        (
            Op::RestoreMeeting,
            "restore_meeting",
            ["-", "-", "-", "Y", "-"],
            |s, _| s.restore_meeting(&meeting("M8-0009", vec![])).map(|_| None),
        ),
        (
            Op::Compact,
            "compact (purge's rewrite of the store)",
            ["-", "-", "-", "Y", "-"],
            |s, _| s.compact().map(|_| None),
        ),
        (
            Op::AppendAudit,
            "append_audit",
            ["-", "-", "-", "-", "-"],
            |s, id| {
                let forged = AuditEntry {
                    seq: 1,
                    at: NOW.into(),
                    user: id.user.clone(),
                    action: "nothing_happened".into(),
                    case: None,
                };
                s.append_audit(&forged).map(|_| None)
            },
        ),
        (
            Op::AuditEntries,
            "audit_entries",
            ["-", "-", "-", "Y", "-"],
            |s, _| s.audit_entries(&AuditFilter::default()).map(|_| None),
        ),
        (Op::Revision, "revision", ["Y", "Y", "Y", "Y", "Y"], |s, _| {
            s.revision().map(|_| None)
        }),
        // The reads shaped like the screens answer what the record-shaped calls above
        // answer: the same rows for every role.
        (Op::CasePage, "case_page", ["2", "2", "3", "3", "-"], |s, _| {
            s.case_page(&CasePageQuery {
                limit: 100,
                ..CasePageQuery::default()
            })
            .map(|p| Some(p.rows.len()))
        }),
        (
            Op::InboxPage,
            "inbox_page koureisha_shien",
            ["2", "2", "2", "2", "-"],
            |s, _| {
                s.inbox_page(&InboxQuery {
                    section: "koureisha_shien".into(),
                    limit: 100,
                    ..InboxQuery::default()
                })
                .map(|p| Some(p.rows.len()))
            },
        ),
        (Op::CaseView, "case_view A", ["1", "1", "1", "1", "-"], |s, _| {
            s.case_view(A).map(|c| c.map(|_| 1).or(Some(0)))
        }),
        (
            Op::CaseView,
            "case_view C (other desk, no hand-off)",
            ["0", "0", "1", "1", "-"],
            |s, _| s.case_view(C).map(|c| c.map(|_| 1).or(Some(0))),
        ),
        // The year's figures' records: the cases cases_received gives the role (their
        // hand-offs and the meetings: the_figures_records_hold_nothing_personal_...).
        (
            Op::ReportInput,
            "report_input FY2026",
            ["2", "2", "3", "3", "-"],
            |s, _| {
                let (from, to) = tsunagu::report::fy_range(2026).unwrap();
                s.report_input(from, to).map(|r| Some(r.cases.len()))
            },
        ),
    ]
}

#[test]
fn permission_matrix_of_every_role_and_store_method() {
    let rows = matrix();
    // Every operation is in the table, so a new Store method cannot go unchecked.
    for op in Op::ALL {
        assert!(
            rows.iter().any(|(o, ..)| *o == op),
            "{op:?} is missing from the matrix"
        );
    }
    let mut wrong = Vec::new();
    for (_, label, expected, call) in &rows {
        for ((role, user), want) in COLUMNS.iter().zip(expected) {
            // A fresh store per cell: no call sees another's writes.
            let f = fixture();
            let id = who(user);
            let store = guarded(&f, user);
            let got = outcome(call(&store, &id));
            if got != *want {
                wrong.push(format!("{label} as {role}: expected {want}, got {got}"));
            }
        }
    }
    assert!(wrong.is_empty(), "the matrix differs:\n{}", wrong.join("\n"));
}

/// The pure table agrees with what the store did: a role the table denies is refused
/// for every target, one it allows is never refused for lack of a role.
#[test]
fn the_pure_grant_table_matches_the_matrix() {
    for (op, label, expected, _) in matrix() {
        for ((role, user), want) in COLUMNS.iter().zip(expected) {
            let g = grant(who(user).role(), op);
            if g == Grant::Deny {
                assert_eq!(want, "-", "{label} as {role}: the table denies");
            }
            if matches!(g, Grant::Allow | Grant::List | Grant::Empty) {
                assert_ne!(want, "-", "{label} as {role}: the table allows");
            }
        }
    }
}

// --- unknown users -----------------------------------------------------------------------

#[test]
fn an_unknown_user_reads_no_case() {
    let f = fixture();
    let s = guarded(&f, "stranger");
    assert!(!who("stranger").is_known());
    let denied = |r: Result<(), StoreError>| matches!(r, Err(StoreError::Denied { .. }));
    for number in [A, B, C, "R8-999999"] {
        assert!(denied(s.case(number).map(|_| ())), "{number}");
        assert!(denied(s.handoffs_of_case(number).map(|_| ())));
        assert!(denied(s.meetings_of_case(number).map(|_| ())));
    }
    assert!(denied(s.cases_received(None, None, 100).map(|_| ())));
    assert!(denied(s.cases().map(|_| ())));
    assert!(denied(s.handoffs().map(|_| ())));
    assert!(denied(s.meetings().map(|_| ())));
    assert!(denied(s.meetings_held(None, None).map(|_| ())));
    assert!(denied(s.handoffs_to_section("koureisha_shien", None).map(|_| ())));
    assert!(denied(s.drafts().map(|_| ())));
    assert!(denied(s.draft("stranger").map(|_| ())));
    assert!(denied(s.record_counts().map(|_| ())));
    // The directory is open to them, without the roster.
    f.raw
        .replace_replica(&tsunagu::store::Replica {
            directory: tsunagu::seed::load_embedded().unwrap().directory,
            seed_hash: "h".into(),
            origin: "embedded".into(),
            replicated_at: NOW.into(),
        })
        .unwrap();
    let replica = s.replica().unwrap().unwrap();
    assert!(!replica.directory.programs.is_empty());
    assert!(replica.directory.staff.is_empty(), "the roster is for staff");
    let staff_view = guarded(&f, "uketsuke1").replica().unwrap().unwrap();
    assert!(!staff_view.directory.staff.is_empty());
    // The refusals are on record, with no personal data.
    let trail = all_audit(&f);
    assert!(
        trail
            .iter()
            .any(|e| e.user == "stranger" && e.action == "denied:read_case")
    );
    assert!(
        !trail
            .iter()
            .any(|e| e.user == "stranger" && !e.action.starts_with("denied:"))
    );
}

// --- restricted cases ------------------------------------------------------------------

/// Everything `user` can read, as JSON text, through every read method.
fn everything_readable(f: &Fixture, user: &str) -> String {
    let s = guarded(f, user);
    let mut out = Vec::new();
    let mut push = |v: serde_json::Value| out.push(v.to_string());
    for n in [A, B, C] {
        if let Ok(c) = s.case(n) {
            push(serde_json::json!(c));
        }
        if let Ok(h) = s.handoffs_of_case(n) {
            push(serde_json::json!(h));
        }
        if let Ok(m) = s.meetings_of_case(n) {
            push(serde_json::json!(m));
        }
    }
    for section in ["koureisha_shien", "shogaisha_shien"] {
        if let Ok(h) = s.handoffs_to_section(section, None) {
            push(serde_json::json!(h));
        }
    }
    if let Ok(c) = s.cases_received(None, None, 100) {
        push(serde_json::json!(c));
    }
    if let Ok(m) = s.meetings_held(None, None) {
        push(serde_json::json!(m));
    }
    if let Ok(m) = s.meeting("M8-0001") {
        push(serde_json::json!(m));
    }
    out.join("\n")
}

fn leaks(text: &str) -> Vec<&'static str> {
    B_PERSONAL.iter().copied().filter(|p| text.contains(p)).collect()
}

#[test]
fn a_dv_case_is_hidden_from_another_desk_and_an_uninvolved_section() {
    let f = fixture();
    for user in ["uketsuke2", "shogai1"] {
        let s = guarded(&f, user);
        // Answered as if B did not exist (L5): nothing says it does.
        assert_eq!(s.case(B).unwrap(), None, "{user} must not open B");
        assert_eq!(s.case("R8-000999").unwrap(), None);
        assert!(s.handoffs_of_case(B).unwrap().is_empty());
        let listed = s.cases_received(None, None, 100).unwrap();
        assert!(listed.iter().all(|c| c.number != B), "{user} lists B");
        let inbox = s.handoffs_to_section("koureisha_shien", None).unwrap();
        assert!(inbox.is_empty(), "{user} reads another section's inbox");
        let seen = everything_readable(&f, user);
        assert!(leaks(&seen).is_empty(), "{user} sees {:?}", leaks(&seen));
    }
    // The other desk still reads its own case.
    let other = guarded(&f, "uketsuke2");
    assert_eq!(other.case(C).unwrap().map(|c| c.number), Some(C.to_string()));
}

#[test]
fn a_dv_case_is_whole_for_the_logging_desk_the_receiving_section_and_coordinators() {
    let f = fixture();
    // uketsuke3 did not log it but serves the same desk.
    for user in ["uketsuke1", "uketsuke3", "kourei1", "kyoudou1"] {
        let s = guarded(&f, user);
        let b = s.case(B).unwrap().unwrap();
        assert_eq!(b.personal.name.as_deref(), Some(B_NAME), "{user}");
        assert_eq!(b.personal.kana.as_deref(), Some(B_KANA));
        assert_eq!(b.personal.phone.as_deref(), Some(B_PHONE));
        assert_eq!(b.personal.address.as_deref(), Some(B_ADDRESS));
        assert_eq!(b.intake.note.as_deref(), Some(B_INTAKE_NOTE));
        assert_eq!(b.notes[0].text, B_CASE_NOTE);
        let hs = s.handoffs_of_case(B).unwrap();
        assert_eq!(hs[0].note, B_HANDOFF_NOTE, "{user}");
    }
    let m = guarded(&f, "kyoudou1").meeting("M8-0001").unwrap().unwrap();
    assert!(m.cases.iter().any(|d| d.note == B_DECISION_NOTE));
}

#[test]
fn an_admin_sees_a_masked_row_and_exports_whole() {
    let f = fixture();
    let s = guarded(&f, "kanri1");
    let b = s.case(B).unwrap().unwrap();
    assert!(b.restricted);
    assert!(b.personal.is_empty(), "masked: {:?}", b.personal);
    assert_eq!(b.intake.note.as_deref(), Some(MASKED));
    assert_eq!(b.notes[0].text, MASKED);
    assert_eq!(b.notes[0].by, "uketsuke1", "who wrote it stays");
    assert_eq!(b.intake.consent, Consent::Given, "figures stay");
    // Lists show the masked row; the ordinary case is whole.
    let rows = s.cases_received(None, None, 100).unwrap();
    let row = rows.iter().find(|c| c.number == B).unwrap();
    assert!(row.personal.is_empty());
    let a = rows.iter().find(|c| c.number == A).unwrap();
    assert_eq!(a.personal.name.as_deref(), Some(A_NAME));
    let inbox = s.handoffs_to_section("koureisha_shien", None).unwrap();
    assert_eq!(
        inbox.iter().find(|h| h.case == B).map(|h| h.note.as_str()),
        Some(MASKED)
    );
    let m = s.meeting("M8-0001").unwrap().unwrap();
    assert_eq!(
        m.cases.iter().find(|d| d.case == B).map(|d| d.note.as_str()),
        Some(MASKED)
    );
    assert_eq!(
        m.cases.iter().find(|d| d.case == A).map(|d| d.note.as_str()),
        Some("見守りを継続")
    );
    let views = everything_readable(&f, "kanri1");
    assert!(leaks(&views).is_empty(), "admin views show {:?}", leaks(&views));
    // A masked read is not a read of personal details: no entry for B.
    let trail = all_audit(&f);
    assert!(
        !trail
            .iter()
            .any(|e| e.user == "kanri1" && e.case.as_deref() == Some(B))
    );
    assert!(
        trail
            .iter()
            .any(|e| e.user == "kanri1" && e.case.as_deref() == Some(A))
    );

    // Export and purge read whole records (custodial), and each is on record.
    let all = s.cases().unwrap();
    let b = all.iter().find(|c| c.number == B).unwrap();
    assert_eq!(b.personal.name.as_deref(), Some(B_NAME));
    let hs = s.handoffs().unwrap();
    assert!(hs.iter().any(|h| h.note == B_HANDOFF_NOTE));
    let ms = s.meetings().unwrap();
    assert!(ms[0].cases.iter().any(|d| d.note == B_DECISION_NOTE));
    let trail = all_audit(&f);
    for action in ["read_cases", "read_handoffs", "read_meetings"] {
        assert!(
            trail
                .iter()
                .any(|e| e.user == "kanri1" && e.action == action && e.case.as_deref() == Some(B)),
            "{action} of B"
        );
    }

    // Writing what only the masked copy shows would destroy the real data: refused.
    let masked = s.case(B).unwrap().unwrap();
    assert!(matches!(s.put_case(&masked), Err(StoreError::Denied { .. })));
    let mut h = s.handoffs_of_case(B).unwrap().remove(0);
    assert_eq!(h.note, MASKED);
    h.transition(HandoffStatus::Accepted, NOW, "kanri1", None)
        .unwrap();
    assert!(matches!(s.update_handoff(&h), Err(StoreError::Denied { .. })));
    assert!(matches!(
        s.put_meeting(&meeting("M8-0003", vec![decision(B, "x")])),
        Err(StoreError::Denied { .. })
    ));
    let stored = f.raw.case(B).unwrap().unwrap();
    assert_eq!(stored.personal.name.as_deref(), Some(B_NAME), "unchanged");
}

#[test]
fn the_embedded_owner_outside_the_roster_is_an_admin_at_the_terminal_desk() {
    let f = fixture();
    let owner = Identity::embedded_owner("desk-owner", DESK, &roster());
    assert_eq!(owner.role(), Some(Role::Admin));
    let s = guard(Arc::clone(&f.raw), owner).with_clock(|| NOW.to_string());
    // A DV case of the owner's desk is theirs: whole.
    assert_eq!(s.case(B).unwrap().unwrap().personal.name.as_deref(), Some(B_NAME));
    // An owner in the roster gets the roster's role.
    let listed = Identity::embedded_owner("uketsuke2", DESK, &roster());
    assert_eq!(listed.role(), Some(Role::Reception));
    assert_eq!(listed.desk(), Some(OTHER_DESK));
}

// --- writes in someone else's name ----------------------------------------------------

#[test]
fn a_client_cannot_act_in_someone_elses_name_or_desk() {
    let f = fixture();
    let s = guarded(&f, "uketsuke1");
    let mut forged = new_case_of(&who("uketsuke1"));
    forged.staff = Some("uketsuke3".into());
    assert!(matches!(s.put_case(&forged), Err(StoreError::Denied { .. })));
    let mut elsewhere = new_case_of(&who("uketsuke1"));
    elsewhere.desk = OTHER_DESK.into();
    assert!(matches!(s.put_case(&elsewhere), Err(StoreError::Denied { .. })));
    // Moving a case to another desk, or taking another desk's case number.
    let mut moved = f.raw.case(A).unwrap().unwrap();
    moved.desk = OTHER_DESK.into();
    assert!(matches!(s.put_case(&moved), Err(StoreError::Denied { .. })));
    let mut taken = case(C, 3, DESK, "uketsuke1", false);
    taken.personal.name = Some("上書き".into());
    assert!(matches!(s.put_case(&taken), Err(StoreError::Denied { .. })));
    // A hand-off signed by someone else, or already accepted.
    let h = handoff(A, "shogaisha_shien", DESK, "uketsuke3");
    assert!(matches!(s.add_handoff(h), Err(StoreError::Denied { .. })));
    let mut h = handoff(A, "shogaisha_shien", DESK, "uketsuke1");
    h.status = HandoffStatus::Accepted;
    assert!(matches!(s.add_handoff(h), Err(StoreError::Denied { .. })));
    // A section answers only its own hand-offs, in its own name, and may not re-route.
    let section = guarded(&f, "shogai1");
    let stored = f.raw.handoffs_of_case(A).unwrap().remove(0);
    let accepted = accepted_by(&stored, "shogai1");
    assert!(matches!(
        section.update_handoff(&accepted),
        Err(StoreError::Denied { .. })
    ));
    let kourei = guarded(&f, "kourei1");
    let mut rerouted = accepted_by(&stored, "kourei1");
    rerouted.section = "shogaisha_shien".into();
    assert!(matches!(
        kourei.update_handoff(&rerouted),
        Err(StoreError::Denied { .. })
    ));
    let mut returned = stored.clone();
    returned
        .transition(
            HandoffStatus::Returned,
            NOW,
            "kourei1",
            Some(B_RETURN_REASON.into()),
        )
        .unwrap();
    kourei.update_handoff(&returned).unwrap();
    assert_eq!(
        f.raw.handoffs_of_case(A).unwrap()[0].status,
        HandoffStatus::Returned
    );
    // Nothing forged reached the store.
    assert!(f.raw.case("R8-000010").unwrap().is_none());
    assert_eq!(f.raw.case(C).unwrap().unwrap().desk, OTHER_DESK);
    assert_eq!(f.raw.handoffs_of_case(A).unwrap().len(), 1);
}

// --- the audit trail --------------------------------------------------------------------

#[test]
fn every_read_of_personal_details_and_every_write_is_audited() {
    let f = fixture();
    assert!(
        all_audit(&f).is_empty(),
        "the fixture writes through the raw store"
    );
    let entries_for = |user: &str, action: &str| -> Vec<Option<String>> {
        all_audit(&f)
            .into_iter()
            .filter(|e| e.user == user && e.action == action)
            .map(|e| e.case)
            .collect()
    };
    let one = |c: &str| vec![Some(c.to_string())];

    let r = guarded(&f, "uketsuke1");
    r.case(A).unwrap();
    assert_eq!(entries_for("uketsuke1", "read_case"), one(A));
    r.handoffs_of_case(B).unwrap();
    assert_eq!(entries_for("uketsuke1", "read_handoffs_of_case"), one(B));
    let listed = r.cases_received(None, None, 100).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(
        entries_for("uketsuke1", "read_cases_received"),
        vec![Some(A.to_string()), Some(B.to_string())]
    );
    let mut new = case("R8-999999", 999_999, DESK, "uketsuke1", true);
    new.personal.name = Some("新規 試験".into());
    let new = r.create_case(&new, None).unwrap();
    assert_ne!(new.seq, 999_999, "the store chooses the number");
    assert_eq!(entries_for("uketsuke1", "create_case"), one(&new.number));
    r.put_case(&new).unwrap();
    assert_eq!(entries_for("uketsuke1", "put_case"), one(&new.number));
    r.add_handoff(handoff(&new.number, "koureisha_shien", DESK, "uketsuke1"))
        .unwrap();
    assert_eq!(entries_for("uketsuke1", "add_handoff"), one(&new.number));
    // Drafts (the user's own typing) are not case reads: no entries.
    r.put_draft("uketsuke1@総合相談支援室", &draft(DESK), true)
        .unwrap();
    r.draft("uketsuke1@総合相談支援室").unwrap();

    let sec = guarded(&f, "kourei1");
    let inbox = sec.handoffs_to_section("koureisha_shien", None).unwrap();
    assert_eq!(inbox.len(), 3);
    assert_eq!(
        entries_for("kourei1", "read_handoffs_to_section"),
        vec![Some(A.to_string()), Some(B.to_string()), Some(new.number.clone())]
    );
    let h = inbox.iter().find(|h| h.case == A).unwrap();
    sec.update_handoff(&accepted_by(h, "kourei1")).unwrap();
    assert_eq!(entries_for("kourei1", "update_handoff"), one(A));

    let co = guarded(&f, "kyoudou1");
    co.meeting("M8-0001").unwrap();
    assert_eq!(
        entries_for("kyoudou1", "read_meeting"),
        vec![Some(A.to_string()), Some(B.to_string())]
    );
    co.put_meeting(&meeting("M8-0002", vec![decision(C, "")]))
        .unwrap();
    assert_eq!(entries_for("kyoudou1", "put_meeting"), one(C));
    co.expire_overdue(NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(), 14, NOW)
        .unwrap();
    // One entry per hand-off that expired, naming its case (issue 13, M6/L4).
    assert_eq!(
        entries_for("kyoudou1", "expire_overdue"),
        vec![Some(B.to_string()), Some("R8-000004".to_string())]
    );
    // Nothing overdue: no entry at all.
    co.expire_overdue(NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(), 14, NOW)
        .unwrap();
    assert_eq!(entries_for("kyoudou1", "expire_overdue").len(), 2);

    let admin = guarded(&f, "kanri1");
    admin.audit_entries(&AuditFilter::default()).unwrap();
    assert_eq!(entries_for("kanri1", "read_audit"), vec![None]);
    admin
        .put_draft("uketsuke2@東金子地区センター", &draft(OTHER_DESK), false)
        .unwrap();
    assert_eq!(entries_for("kanri1", "put_draft"), vec![None]);

    // A refusal is recorded too.
    assert_eq!(guarded(&f, "uketsuke2").case(A).unwrap(), None);
    assert_eq!(entries_for("uketsuke2", "denied:read_case"), one(A));

    // Every entry: a known action word, a login, a case number or nothing. No personal
    // data anywhere in the trail.
    let trail = all_audit(&f);
    let text = serde_json::to_string(&trail).unwrap();
    for p in ALL_PERSONAL.iter().chain(["新規 試験"].iter()) {
        assert!(!text.contains(p), "the trail holds {p}");
    }
    let known: Vec<&str> = Op::ALL.iter().map(|op| op.audit_action()).collect();
    for e in &trail {
        let word = e.action.strip_prefix("denied:").unwrap_or(&e.action);
        assert!(known.contains(&word), "unknown action {}", e.action);
        assert_eq!(e.at, NOW);
        if let Some(c) = &e.case {
            assert!(c.starts_with("R8-"), "{c}");
        }
    }
    // The filter of `tsunagu audit`.
    let by_case = f
        .raw
        .audit_entries(&AuditFilter {
            case: Some(A.into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert!(!by_case.is_empty() && by_case.iter().all(|e| e.case.as_deref() == Some(A)));
    let by_user = f
        .raw
        .audit_entries(&AuditFilter {
            user: Some("kourei1".into()),
            since: NaiveDate::from_ymd_opt(2026, 11, 26),
            limit: Some(2),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(by_user.len(), 2);
    assert!(by_user.iter().all(|e| e.user == "kourei1"));
    assert_eq!(
        by_user.last().map(|e| e.seq),
        trail.iter().filter(|e| e.user == "kourei1").map(|e| e.seq).max(),
        "a limit keeps the newest"
    );
    let later = f
        .raw
        .audit_entries(&AuditFilter {
            since: NaiveDate::from_ymd_opt(2026, 11, 27),
            ..AuditFilter::default()
        })
        .unwrap();
    assert!(later.is_empty());
}

#[test]
fn the_trail_is_append_only_and_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let first: Vec<AuditEntry>;
    {
        let raw: Raw = Arc::new(crate::common::store::open(&path));
        raw.put_case(&case(A, 1, DESK, "uketsuke1", false)).unwrap();
        let s = guard(Arc::clone(&raw), who("uketsuke1")).with_clock(|| NOW.to_string());
        for _ in 0..5 {
            s.case(A).unwrap();
        }
        s.put_case(&case(A, 1, DESK, "uketsuke1", false)).unwrap();
        first = raw.audit_entries(&AuditFilter::default()).unwrap();
        assert_eq!(first.len(), 6);
        assert_eq!(
            first.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 5, 6]
        );

        // Many operations by every role, including every write and the forged append.
        let mut ops = 0;
        for (_, _, _, call) in matrix() {
            for (_, user) in COLUMNS {
                let _ = call(&guard(Arc::clone(&raw), who(user)), &who(user));
                ops += 1;
            }
        }
        assert!(ops > 100);
        let later = raw.audit_entries(&AuditFilter::default()).unwrap();
        assert!(later.len() > first.len());
        assert_eq!(&later[..first.len()], &first[..], "old entries unchanged");
        for (i, e) in later.iter().enumerate() {
            assert_eq!(e.seq, i as u64 + 1, "seqs are contiguous and increasing");
        }
        assert!(
            !later.iter().any(|e| e.action == "nothing_happened"),
            "no forged entry"
        );
    }
    let raw = crate::common::store::open(&path);
    let reopened = raw.audit_entries(&AuditFilter::default()).unwrap();
    assert_eq!(&reopened[..first.len()], &first[..]);
    // The test hook that writes raw bytes refuses the trail.
    assert!(raw.debug_put_raw("audit", &1u64.to_be_bytes(), b"x").is_err());
    assert_eq!(raw.audit_entries(&AuditFilter::default()).unwrap(), reopened);
    // Appending after a reopen goes on from the last seq.
    let next = raw
        .append_audit(&AuditEntry {
            seq: 1,
            at: NOW.into(),
            user: "system".into(),
            action: "expire_overdue".into(),
            case: None,
        })
        .unwrap();
    assert_eq!(next, reopened.len() as u64 + 1);
}

#[test]
fn the_example_roster_in_the_seed_has_every_role() {
    let dir = tsunagu::seed::load_embedded().unwrap().directory;
    let by_role: BTreeMap<Role, Vec<&StaffEntry>> = Role::ALL
        .iter()
        .map(|r| (*r, dir.staff.iter().filter(|s| s.role == *r).collect()))
        .collect();
    for (role, members) in &by_role {
        assert!(!members.is_empty(), "no {role:?} in seed/staff.toml");
    }
    assert!(
        by_role[&Role::Coordinator]
            .iter()
            .any(|s| s.section.as_deref() == Some("fukushi_soumu"))
    );
    assert!(
        by_role[&Role::Section]
            .iter()
            .any(|s| s.section.as_deref() == Some("koureisha_shien"))
    );
    for desk in [DESK, OTHER_DESK] {
        assert!(by_role[&Role::Reception].iter().any(|s| s.desk == desk), "{desk}");
    }
}

#[test]
fn a_roster_with_mistakes_is_refused_with_each_problem() {
    let problems = |staff: &str| -> Vec<String> {
        let mut text = tsunagu::seed::SeedText::embedded();
        for (name, t) in &mut text.files {
            if name == "staff.toml" {
                *t = staff.to_string();
            }
        }
        match text.validate() {
            Ok(_) => Vec::new(),
            Err(e) => e
                .problems
                .iter()
                .map(|p| p.render(tsunagu::i18n::Lang::En))
                .collect(),
        }
    };
    let entry = |user: &str, section: Option<&str>, role: &str| {
        let section = section
            .map(|s| format!("section = \"{s}\"\n"))
            .unwrap_or_default();
        format!(
            "[[staff]]\nuser = \"{user}\"\nname = \"試験\"\ndesk = \"{DESK}\"\n{section}role = \"{role}\"\n"
        )
    };
    assert!(problems(&entry("a1", None, "reception")).is_empty());
    let dup = format!("{}{}", entry("a1", None, "reception"), entry("a1", None, "admin"));
    assert!(
        problems(&dup)
            .iter()
            .any(|p| p.contains("duplicate") && p.contains("a1")),
        "{:?}",
        problems(&dup)
    );
    let unknown_section = entry("a2", Some("no_such_section"), "section");
    assert!(
        problems(&unknown_section)
            .iter()
            .any(|p| p.contains("no_such_section"))
    );
    let no_section = entry("a3", None, "section");
    assert!(problems(&no_section).iter().any(|p| p.contains("section")));
    let bad_role = entry("a4", None, "boss");
    assert!(
        problems(&bad_role).iter().any(|p| p.contains("role")),
        "{:?}",
        problems(&bad_role)
    );
    let bad_user = entry("uid:1000", None, "admin");
    assert!(problems(&bad_user).iter().any(|p| p.contains("uid:1000")));
}

// --- reads shaped like the screens (issue 12) --------------------------------------------

/// A page, an inbox and a case view answer, for every role, exactly what the
/// record-shaped calls they replace answer (the same filtering and masking), and record
/// one entry per case they return unmasked, under their own action.
#[test]
fn views_mask_as_the_record_calls_do_with_one_entry_per_case_read() {
    use tsunagu::store::views;
    let page = CasePageQuery {
        limit: 100,
        ..CasePageQuery::default()
    };
    let inbox = InboxQuery {
        section: "koureisha_shien".into(),
        limit: 100,
        ..InboxQuery::default()
    };
    for (role, user) in COLUMNS.iter().take(4) {
        let f = fixture();
        let s = guarded(&f, user);
        let composed = views::case_page(&s, &page).unwrap();
        assert_eq!(s.case_page(&page).unwrap(), composed, "case_page as {role}");
        let composed = views::inbox_page(&s, &inbox).unwrap();
        assert_eq!(s.inbox_page(&inbox).unwrap(), composed, "inbox_page as {role}");
        for number in [A, B, C] {
            let composed = views::case_view(&s, number).unwrap();
            assert_eq!(
                s.case_view(number).unwrap(),
                composed,
                "case_view {number} as {role}"
            );
        }
    }

    let f = fixture();
    let entries = |user: &str, action: &str| -> Vec<Option<String>> {
        all_audit(&f)
            .into_iter()
            .filter(|e| e.user == user && e.action == action)
            .map(|e| e.case)
            .collect()
    };
    let r = guarded(&f, "uketsuke1");
    let p = r.case_page(&page).unwrap();
    assert_eq!(p.rows.len(), 2);
    assert_eq!(
        entries("uketsuke1", "read_case_page"),
        vec![Some(A.to_string()), Some(B.to_string())]
    );
    // Nothing else: no per-call entries of the calls the page is made of.
    assert_eq!(all_audit(&f).len(), 2, "{:?}", all_audit(&f));
    // An admin sees the DV case masked: no entry for it, and none of its details.
    let admin = guarded(&f, "kanri1");
    let p = admin.case_page(&page).unwrap();
    let text = serde_json::to_string(&p).unwrap();
    for s in B_PERSONAL {
        assert!(!text.contains(s), "the admin's page holds {s}");
    }
    let read = entries("kanri1", "read_case_page");
    assert!(!read.contains(&Some(B.to_string())), "{read:?}");
    assert!(read.contains(&Some(A.to_string())), "{read:?}");
    let sec = guarded(&f, "kourei1");
    let before = all_audit(&f).len();
    sec.inbox_page(&inbox).unwrap();
    assert_eq!(
        entries("kourei1", "read_inbox_page"),
        vec![Some(A.to_string()), Some(B.to_string())]
    );
    assert_eq!(all_audit(&f).len(), before + 2);
    sec.case_view(A).unwrap();
    assert_eq!(entries("kourei1", "read_case_view"), vec![Some(A.to_string())]);
}

/// The year's figures' records give each role the cases and hand-offs its reads give it
/// (reception: its desk's A and B; the section: A and B, handed to it; C has none) and
/// the meetings meetings_held gives it (none for reception and sections). They hold no
/// personal details for any role, so one entry, naming no case, records their read (not
/// one per case).
#[test]
fn the_figures_records_hold_nothing_personal_and_are_one_entry() {
    let (from, to) = tsunagu::report::fy_range(2026).unwrap();
    let counts = [(2, 2, 0), (2, 2, 0), (3, 2, 1), (3, 2, 1)];
    for ((role, user), want) in COLUMNS.iter().zip(counts) {
        let f = fixture();
        let input = guarded(&f, user).report_input(from, to).unwrap();
        let got = (input.cases.len(), input.handoffs.len(), input.meetings.len());
        assert_eq!(got, want, "{role}: cases, hand-offs, meetings");
        let text = serde_json::to_string(&input).unwrap();
        for p in ALL_PERSONAL {
            assert!(!text.contains(p), "{role}: {p}");
        }
        let trail = all_audit(&f);
        assert_eq!(trail.len(), 1, "{role}: {trail:?}");
        assert_eq!(trail[0].action, "read_report_input");
        assert_eq!(trail[0].case, None);
    }
}
