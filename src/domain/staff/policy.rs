//! Which cases a caller reaches, masking, and the per-record decision ([`allowed`]), as
//! described in the notes of [the staff module](super).

use super::identity::{Identity, Role};
use super::ops::{Grant, Op, grant};
use crate::domain::case::{Case, Draft, Handoff, HandoffStatus, StatusChange};

/// What replaces masked free text.
pub const MASKED: &str = "(秘匿)";

/// How much of a case a caller sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// Not at all.
    None,
    /// The case, with its personal details masked.
    Masked,
    /// Everything.
    Full,
}

/// Did this caller's desk (or the caller) log the case?
fn logged_here(who: &Identity, case: &Case) -> bool {
    let Some(s) = &who.staff else { return false };
    case.desk == s.desk || case.staff.as_deref() == Some(who.user.as_str())
}

/// How much of `case` (with its stored `handoffs`) `who` sees; see the module notes.
pub fn reach(who: &Identity, case: &Case, handoffs: &[Handoff]) -> Reach {
    let Some(role) = who.role() else {
        return Reach::None;
    };
    match role {
        Role::Coordinator => Reach::Full,
        Role::Reception if logged_here(who, case) => Reach::Full,
        Role::Reception => Reach::None,
        Role::Section => match who.inbox_section() {
            Some(sec) if handoffs.iter().any(|h| h.section == sec) => Reach::Full,
            _ => Reach::None,
        },
        Role::Admin if !case.restricted || logged_here(who, case) => Reach::Full,
        Role::Admin => Reach::Masked,
    }
}

/// Mask a case's personal details (see the module notes).
pub fn mask_case(case: &mut Case) {
    let p = &mut case.personal;
    p.name = None;
    p.kana = None;
    p.phone = None;
    p.address = None;
    if case.intake.note.as_deref().is_some_and(|n| !n.trim().is_empty()) {
        case.intake.note = Some(MASKED.to_string());
    }
    for n in &mut case.notes {
        n.text = MASKED.to_string();
    }
    if case.closing_note.as_deref().is_some_and(|n| !n.trim().is_empty()) {
        case.closing_note = Some(MASKED.to_string());
    }
    for c in &mut case.consultations {
        if c.note.as_deref().is_some_and(|n| !n.trim().is_empty()) {
            c.note = Some(MASKED.to_string());
        }
    }
}

/// Mask a hand-off's typed text: its note and return reasons.
pub fn mask_handoff(h: &mut Handoff) {
    if !h.note.trim().is_empty() {
        h.note = MASKED.to_string();
    }
    for c in &mut h.history {
        if c.reason.is_some() {
            c.reason = Some(MASKED.to_string());
        }
    }
}

/// A stored case with its stored hand-offs.
#[derive(Clone, Copy, Debug)]
pub struct StoredCase<'a> {
    pub case: &'a Case,
    pub handoffs: &'a [Handoff],
}

/// The record an operation touches, as stored and as asked for.
#[derive(Clone, Copy, Debug)]
pub enum Subject<'a> {
    /// The operation as a whole.
    Any,
    /// Reading a stored case (case, handoffs_of_case, a list's record).
    Read(StoredCase<'a>),
    /// create_case: the new case (its number is the store's to choose).
    CreateCase(&'a Case),
    /// put_case: the stored case (None: a new number, always refused: new cases go
    /// through create_case) and the case to store.
    PutCase {
        old: Option<StoredCase<'a>>,
        new: &'a Case,
    },
    /// add_handoff to a stored case.
    AddHandoff { case: StoredCase<'a>, new: &'a Handoff },
    /// update_handoff: the stored hand-off and the new version.
    UpdateHandoff {
        case: StoredCase<'a>,
        old: &'a Handoff,
        new: &'a Handoff,
    },
    /// A draft key.
    Draft(&'a str),
    /// put_meeting: the reach of every case discussed.
    Meeting { reaches: &'a [Reach] },
}

/// May `who` do `op` to `target`? The whole matrix of the module notes. For list
/// operations with [`Subject::Any`] this answers whether the call is allowed at all; each
/// record is then checked with [`Subject::Read`].
pub fn allowed(who: &Identity, op: Op, target: &Subject) -> bool {
    let role = who.role();
    let me = who.user.as_str();
    match grant(role, op) {
        Grant::Deny => false,
        Grant::Allow | Grant::Empty => true,
        Grant::List | Grant::Record => match target {
            Subject::Any => true,
            Subject::Read(s) => reach(who, s.case, s.handoffs) > Reach::None,
            Subject::Draft(key) => who.owns_draft(key),
            Subject::PutCase { old: None, .. } => false,
            Subject::CreateCase(new) => {
                let signed = new.staff.as_deref() == Some(me) && notes_signed(&[], new, me);
                match role {
                    Some(Role::Reception) => signed && who.desk() == Some(new.desk.as_str()),
                    Some(Role::Coordinator | Role::Admin) => signed,
                    _ => false,
                }
            }
            Subject::PutCase { old: Some(old), new } => {
                let full = reach(who, old.case, old.handoffs) == Reach::Full;
                let same = new.number == old.case.number
                    && notes_signed(&old.case.notes, new, me)
                    && consultations_signed(old.case, new, who);
                let kept = new.desk == old.case.desk && new.staff == old.case.staff;
                match role {
                    Some(Role::Reception) => full && same && kept,
                    Some(Role::Coordinator | Role::Admin) => full && same,
                    _ => false,
                }
            }
            Subject::AddHandoff { case, new } => {
                let full = reach(who, case.case, case.handoffs) == Reach::Full;
                let signed = new.case == case.case.number && new.history.iter().all(|c| c.by == me);
                // Every hand-off starts requested, whoever sends it (the lifecycle).
                let requested = new.status == HandoffStatus::Requested
                    && new
                        .history
                        .iter()
                        .all(|c| c.to == HandoffStatus::Requested && c.reason.is_none());
                match role {
                    Some(Role::Reception) => {
                        full && signed && requested && who.desk() == Some(new.from_desk.as_str())
                    }
                    Some(Role::Coordinator | Role::Admin) => full && signed && requested,
                    _ => false,
                }
            }
            Subject::UpdateHandoff { case, old, new } => {
                let full = reach(who, case.case, case.handoffs) == Reach::Full;
                let same = new.case == old.case && new.seq == old.seq;
                let kept = new.history.starts_with(&old.history);
                let added = new.history.get(old.history.len()..).unwrap_or_default();
                let signed = added.iter().all(|c| c.by == me);
                let lifecycle = kept && follows_lifecycle(old.status, added, new.status);
                match role {
                    Some(Role::Section) => {
                        let mine = who.inbox_section() == Some(old.section.as_str());
                        let only_status = Handoff {
                            status: old.status,
                            history: old.history.clone(),
                            ..(*new).clone()
                        } == **old;
                        full && same && mine && only_status && kept && signed && lifecycle
                    }
                    Some(Role::Coordinator | Role::Admin) => full && same && kept && signed && lifecycle,
                    _ => false,
                }
            }
            Subject::Meeting { reaches } => reaches.iter().all(|r| *r == Reach::Full),
        },
    }
}

/// Do the status changes `added` to a hand-off at `from` follow the lifecycle
/// ([`HandoffStatus::can_become`]), each return with a reason, and end at `to`? (None
/// added: the status must stay.) Expiry is the service's own (expire_overdue), never
/// an update.
pub fn follows_lifecycle(from: HandoffStatus, added: &[StatusChange], to: HandoffStatus) -> bool {
    let mut status = from;
    for c in added {
        let reason_ok =
            c.to != HandoffStatus::Returned || c.reason.as_deref().is_some_and(|r| !r.trim().is_empty());
        if !status.can_become(c.to) || c.to == HandoffStatus::Expired || !reason_ok {
            return false;
        }
        status = c.to;
    }
    status == to
}

/// Are the 相談記録 `new` adds to `old` taken by `me` (and, for reception, at their own
/// desk)? Records already stored stay as they are: they are only ever added.
fn consultations_signed(old: &Case, new: &Case, who: &Identity) -> bool {
    let kept = old.consultations.len();
    let at_desk = |desk: &str| who.role() != Some(Role::Reception) || who.desk() == Some(desk);
    new.consultations.len() >= kept
        && new.consultations.get(..kept) == Some(&old.consultations[..])
        && new
            .consultations
            .iter()
            .skip(kept)
            .all(|c| c.by == who.user && at_desk(&c.desk))
}

/// Mask a draft's personal details (a restricted draft read by someone else).
pub fn mask_draft(d: &mut Draft) {
    d.personal = Default::default();
    if d.intake.note.as_deref().is_some_and(|n| !n.trim().is_empty()) {
        d.intake.note = Some(MASKED.to_string());
    }
}

/// Are the notes `new` adds to `old` signed by `me`? (Notes already stored stay as
/// they are; any note beyond them is new.)
fn notes_signed(old: &[crate::domain::case::CaseNote], new: &Case, me: &str) -> bool {
    new.notes.iter().skip(old.len()).all(|n| n.by == me) && new.notes.starts_with(old)
}
