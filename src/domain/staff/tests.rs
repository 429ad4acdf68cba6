use super::*;
use crate::domain::{Case, Handoff, HandoffStatus, Intake, Personal, StatusChange};

fn entry(user: &str, desk: &str, section: Option<&str>, role: Role) -> StaffEntry {
    StaffEntry {
        user: user.into(),
        name: format!("{user} 担当者"),
        desk: desk.into(),
        section: section.map(Into::into),
        role,
    }
}

fn case(desk: &str, staff: &str, restricted: bool) -> Case {
    Case {
        number: "R8-000001".into(),
        fiscal_year: 2026,
        seq: 1,
        received_at: "2026-11-26T10:00:00+09:00".into(),
        desk: desk.into(),
        staff: Some(staff.into()),
        intake: Intake {
            note: Some("相談内容".into()),
            ..Intake::default()
        },
        personal: Personal {
            name: Some("氏名".into()),
            ..Personal::default()
        },
        restricted,
        notes: vec![],
        closed_at: None,
        closing_note: None,
        consultations: Vec::new(),
    }
}

fn handoff(section: &str) -> Handoff {
    Handoff {
        case: "R8-000001".into(),
        seq: 1,
        program: "p".into(),
        section: section.into(),
        site: None,
        reasons: vec![],
        note: "メモ".into(),
        from_desk: "総合相談支援室".into(),
        requested_at: "2026-11-26T10:00:00+09:00".into(),
        status: HandoffStatus::Requested,
        history: vec![StatusChange {
            at: "t".into(),
            to: HandoffStatus::Requested,
            by: "uketsuke1".into(),
            reason: None,
        }],
    }
}

#[test]
fn reach_by_role() {
    let roster = vec![
        entry("uketsuke1", "総合相談支援室", None, Role::Reception),
        entry("uketsuke2", "東金子地区センター", None, Role::Reception),
        entry("kourei1", "高齢者支援課", Some("koureisha_shien"), Role::Section),
        entry("shogai1", "障害者支援課", Some("shogaisha_shien"), Role::Section),
        entry("kyoudou1", "福祉総務課", Some("fukushi_soumu"), Role::Coordinator),
        entry("kanri1", "福祉総務課", None, Role::Admin),
    ];
    let c = case("総合相談支援室", "uketsuke1", true);
    let hs = [handoff("koureisha_shien")];
    let r = |u: &str| reach(&Identity::resolve(u, &roster), &c, &hs);
    assert_eq!(r("uketsuke1"), Reach::Full);
    assert_eq!(r("uketsuke2"), Reach::None);
    assert_eq!(r("kourei1"), Reach::Full);
    assert_eq!(r("shogai1"), Reach::None);
    assert_eq!(r("kyoudou1"), Reach::Full);
    assert_eq!(r("kanri1"), Reach::Masked);
    assert_eq!(r("stranger"), Reach::None);
    // the embedded owner outside the roster is an admin at the terminal's desk
    let owner = Identity::embedded_owner("owner", "総合相談支援室", &roster);
    assert_eq!(owner.role(), Some(Role::Admin));
    assert_eq!(reach(&owner, &c, &hs), Reach::Full);
    let in_roster = Identity::embedded_owner("uketsuke2", "総合相談支援室", &roster);
    assert_eq!(in_roster.role(), Some(Role::Reception));
}

#[test]
fn masking_keeps_figures() {
    let mut c = case("d", "u", true);
    c.notes.push(super::super::case::CaseNote {
        at: "t".into(),
        by: "u".into(),
        text: "秘密".into(),
    });
    mask_case(&mut c);
    assert!(c.personal.is_empty());
    assert_eq!(c.intake.note.as_deref(), Some(MASKED));
    assert_eq!(c.notes[0].text, MASKED);
    assert_eq!(c.notes[0].by, "u");
    let mut h = handoff("s");
    mask_handoff(&mut h);
    assert_eq!(h.note, MASKED);
}

#[test]
fn labels_have_unambiguous_width() {
    use crate::text::is_width_safe;
    let labels = Op::ALL.iter().map(|op| op.label_ja());
    let roles = Role::ALL.iter().map(|r| r.label_ja());
    for l in labels.chain(roles).chain([MASKED]) {
        assert!(is_width_safe(l), "{l}");
    }
}

#[test]
fn every_op_has_a_distinct_audit_action() {
    let mut seen = std::collections::HashSet::new();
    for op in Op::ALL {
        assert!(seen.insert(op.audit_action()), "{op:?}");
    }
}

#[test]
fn drafts_are_keyed_by_user() {
    let who = Identity::resolve("u1", &[entry("u1", "d", None, Role::Reception)]);
    assert!(who.owns_draft("u1@総合相談支援室"));
    assert!(who.owns_draft("u1"));
    assert!(!who.owns_draft("u10@総合相談支援室"));
    assert!(!who.owns_draft("u2@総合相談支援室"));
    assert!(!Identity::unknown("u1").owns_draft("u1@x"));
}

#[test]
fn sections_change_status_only() {
    let roster = [entry(
        "kourei1",
        "高齢者支援課",
        Some("koureisha_shien"),
        Role::Section,
    )];
    let who = Identity::resolve("kourei1", &roster);
    let c = case("総合相談支援室", "uketsuke1", false);
    let old = handoff("koureisha_shien");
    let hs = [old.clone()];
    let stored = StoredCase {
        case: &c,
        handoffs: &hs,
    };
    let mut new = old.clone();
    new.transition(HandoffStatus::Accepted, "t2", "kourei1", None)
        .expect("requested -> accepted");
    let t = Subject::UpdateHandoff {
        case: stored,
        old: &old,
        new: &new,
    };
    assert!(allowed(&who, Op::UpdateHandoff, &t));
    let mut forged = old.clone();
    forged
        .transition(HandoffStatus::Accepted, "t2", "someone", None)
        .expect("requested -> accepted");
    let t = Subject::UpdateHandoff {
        case: stored,
        old: &old,
        new: &forged,
    };
    assert!(!allowed(&who, Op::UpdateHandoff, &t), "signed by another");
    let mut moved = new.clone();
    moved.section = "shogaisha_shien".into();
    let t = Subject::UpdateHandoff {
        case: stored,
        old: &old,
        new: &moved,
    };
    assert!(!allowed(&who, Op::UpdateHandoff, &t), "moved to another section");
    let mut renoted = new.clone();
    renoted.note = "書き換え".into();
    let t = Subject::UpdateHandoff {
        case: stored,
        old: &old,
        new: &renoted,
    };
    assert!(!allowed(&who, Op::UpdateHandoff, &t), "note rewritten");
}
