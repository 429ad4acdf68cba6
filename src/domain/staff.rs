//! Who is calling and what they may do with the desk's records (issue 5). Plain data and
//! pure functions: no I/O. The store's guard (`store::guard`) applies them to every
//! [`crate::store::Store`] call, in embedded mode and behind the service alike.
//!
//! # Identity
//! The service learns the caller from the kernel (SO_PEERCRED uid -> user name), never
//! from anything the client sends; in embedded mode the caller is the OS user. The user
//! name is looked up in the roster (seed/staff.toml, [`StaffEntry`]):
//! - in the roster: that entry's role, desk and section ([`Identity::resolve`]);
//! - not in the roster: unknown ([`Identity::staff`] is None): directory search and
//!   referral rules only, no case data, no drafts;
//! - embedded mode, not in the roster: the OS user owns the store's files and can read
//!   them with any tool, so refusing them in the app protects nothing. They are an admin
//!   at the desk the terminal serves ([`Identity::embedded_owner`]), which keeps a
//!   single-user install working as before (and audited). An owner who *is* in the
//!   roster gets the roster's role, so a city can run embedded desks with real roles.
//!
//! # Which cases a caller reaches ([`reach`])
//! | caller | cases reached | restricted (DV, 秘匿) personal details |
//! |---|---|---|
//! | reception (受付) | logged at their desk, or logged by them | shown |
//! | section (担当課) | with a hand-off (any status) to their section | shown |
//! | coordinator (多機関協働) | every case | shown |
//! | admin | every case | masked unless logged at their desk or by them |
//! | unknown | none | - |
//!
//! Reception reaches the cases of their *desk*, not only the ones they typed: a desk is
//! staffed in shifts, the person comes back or calls again and meets a colleague, a
//! returned hand-off (差戻し) is followed up by whoever is on duty, and older cases have
//! no `staff` at all. The issue makes the desk the unit of trust for restricted cases
//! too ("the desk that logged it"); cases the user logged themselves stay reachable if
//! they move to another desk. A section's `section` grants reach only to role section;
//! for other roles it is informational.
//!
//! Masked means: name, kana, phone and address are None; the intake note, every note's
//! text, a closing note, hand-off notes and return reasons read [`MASKED`]. Everything
//! counted in the year's figures stays.
//!
//! # The matrix ([`grant`], then [`allowed`] per record)
//! `Y` allowed, `-` denied (StoreError::Denied), `list` allowed and filtered record by
//! record to the cases reached (masked where the table above says so), `empty` allowed
//! and always empty for that role, `own` only keys `user` or `user@...`, `rec` decided per
//! record by [`allowed`] (conditions below).
//!
//! | Store method | reception | section | coordinator | admin | unknown |
//! |---|---|---|---|---|---|
//! | path, flush_durable, revision | Y | Y | Y | Y | Y |
//! | replica | Y | Y | Y | Y | Y (roster removed) |
//! | replace_replica (seed sync) | - | - | - | Y | - |
//! | allocate_case_seq | Y | - | Y | Y | - |
//! | put_case | rec¹ | - | rec² | rec² | - |
//! | case, handoffs_of_case | rec (reached) | rec (reached) | Y | Y (masked) | - |
//! | cases_received, handoffs_to_section | list | list | Y | Y (masked) | - |
//! | add_handoff | rec³ | - | rec² | rec² | - |
//! | update_handoff | - | rec⁴ | rec² | rec² | - |
//! | expire_overdue | - | - | Y | Y | - |
//! | put_draft | own | own | own | Y⁵ | - |
//! | draft, delete_draft | own | own | own | own | - |
//! | drafts | own (list) | own (list) | own (list) | Y⁵ | - |
//! | allocate_meeting_seq | - | - | Y | Y | - |
//! | put_meeting | - | - | Y | rec² | - |
//! | meeting | - | - | Y | Y (masked) | - |
//! | meetings_held, meetings_of_case | empty | empty | Y | Y (masked) | - |
//! | record_counts | - | - | Y | Y | - |
//! | cases, handoffs (bulk) | list | list | Y | Y⁵ | - |
//! | meetings (bulk) | empty | empty | Y | Y⁵ | - |
//! | restore_case/handoff/meeting | - | - | - | Y | - |
//! | append_audit | - | - | - | - | - |
//! | audit_entries | - | - | - | Y | - |
//!
//! 1. A new case: at their desk and `staff` = the caller. An existing one: reached, and
//!    its desk and `staff` unchanged.
//! 2. A new case needs `staff` = the caller. Writing a case that exists, its hand-offs or
//!    a meeting that discusses it needs its personal details unmasked: a caller who can
//!    only see the masked copy would overwrite the real data with it.
//! 3. The case is reached; the hand-off comes from their desk and starts requested.
//! 4. The stored hand-off is to their section; only `status` and `history` change, the
//!    old history is kept, and what is added is signed by the caller (accept / return /
//!    done). Moving a hand-off to another section is a new hand-off, not an update.
//! 5. Custodial: export, import and purge read and write whole records, unmasked, and
//!    every record read is audited. An export that masked DV cases would lose them on
//!    restore, and purge rewrites what it reads.
//!
//! Every new history entry and note must be signed by the caller (`by` = user): the
//! client cannot act in someone else's name.
//!
//! `append_audit` is never reachable through the guard: the guard writes the trail
//! itself. Drafts (the caller's own typing, saved every few seconds) are not audited;
//! an admin's writes and reads of other people's drafts are.

use super::case::{Case, Handoff, HandoffStatus};
use serde::{Deserialize, Serialize};

/// What replaces masked free text.
pub const MASKED: &str = "(秘匿)";

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 受付: logs intakes and hands them off.
    Reception,
    /// 担当課: answers the hand-offs to its section.
    Section,
    /// 多機関協働 (福祉総務課): every case, meetings, figures.
    Coordinator,
    /// Seed sync, audit, export / import / purge.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Reception, Role::Section, Role::Coordinator, Role::Admin];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reception => "reception",
            Role::Section => "section",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }
    pub fn label_ja(self) -> &'static str {
        match self {
            Role::Reception => "受付",
            Role::Section => "担当課",
            Role::Coordinator => "多機関協働",
            Role::Admin => "管理者",
        }
    }
}

/// One member of staff in the roster (seed/staff.toml, `[[staff]]`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StaffEntry {
    /// The OS user name (what SO_PEERCRED's uid resolves to).
    pub user: String,
    /// Display name of the staff member (not a resident).
    pub name: String,
    /// The desk they serve, as cases record it (総合相談支援室, 東金子地区センター …).
    pub desk: String,
    /// Section id (sections.toml); required for role section.
    #[serde(default)]
    pub section: Option<String>,
    pub role: Role,
}

/// Who is calling. `staff` None: not in the roster (unknown user).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub user: String,
    pub staff: Option<StaffEntry>,
}

impl Identity {
    /// The user as the roster knows them, or unknown.
    pub fn resolve(user: &str, roster: &[StaffEntry]) -> Identity {
        Identity {
            user: user.to_string(),
            staff: roster.iter().find(|s| s.user == user).cloned(),
        }
    }

    /// A user the roster does not know: directory search and referral rules only.
    pub fn unknown(user: &str) -> Identity {
        Identity {
            user: user.to_string(),
            staff: None,
        }
    }

    /// Embedded mode: the OS user owns the store. In the roster: that entry; otherwise an
    /// admin at `desk` (the desk this terminal serves). See the module notes.
    pub fn embedded_owner(user: &str, desk: &str, roster: &[StaffEntry]) -> Identity {
        let mut who = Identity::resolve(user, roster);
        if who.staff.is_none() {
            who.staff = Some(StaffEntry {
                user: user.to_string(),
                name: user.to_string(),
                desk: desk.to_string(),
                section: None,
                role: Role::Admin,
            });
        }
        who
    }

    pub fn role(&self) -> Option<Role> {
        self.staff.as_ref().map(|s| s.role)
    }

    pub fn is_known(&self) -> bool {
        self.staff.is_some()
    }

    pub fn desk(&self) -> Option<&str> {
        self.staff.as_ref().map(|s| s.desk.as_str())
    }

    /// The section whose inbox this caller answers: role section only.
    pub fn inbox_section(&self) -> Option<&str> {
        self.staff
            .as_ref()
            .filter(|s| s.role == Role::Section)
            .and_then(|s| s.section.as_deref())
    }

    /// Is `key` one of this caller's draft keys (`user` or `user@desk`)?
    pub fn owns_draft(&self, key: &str) -> bool {
        self.is_known()
            && (key == self.user
                || key
                    .strip_prefix(self.user.as_str())
                    .is_some_and(|rest| rest.starts_with('@')))
    }
}

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

/// The store operations, one per [`crate::store::Store`] method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    Path,
    FlushDurable,
    Replica,
    ReplaceReplica,
    AllocateCaseSeq,
    PutCase,
    Case,
    CasesReceived,
    AddHandoff,
    UpdateHandoff,
    HandoffsOfCase,
    HandoffsToSection,
    ExpireOverdue,
    PutDraft,
    Draft,
    DeleteDraft,
    Drafts,
    AllocateMeetingSeq,
    PutMeeting,
    Meeting,
    MeetingsHeld,
    MeetingsOfCase,
    RecordCounts,
    Cases,
    Handoffs,
    Meetings,
    RestoreCase,
    RestoreHandoff,
    RestoreMeeting,
    AppendAudit,
    AuditEntries,
    Revision,
}

impl Op {
    pub const ALL: [Op; 32] = [
        Op::Path,
        Op::FlushDurable,
        Op::Replica,
        Op::ReplaceReplica,
        Op::AllocateCaseSeq,
        Op::PutCase,
        Op::Case,
        Op::CasesReceived,
        Op::AddHandoff,
        Op::UpdateHandoff,
        Op::HandoffsOfCase,
        Op::HandoffsToSection,
        Op::ExpireOverdue,
        Op::PutDraft,
        Op::Draft,
        Op::DeleteDraft,
        Op::Drafts,
        Op::AllocateMeetingSeq,
        Op::PutMeeting,
        Op::Meeting,
        Op::MeetingsHeld,
        Op::MeetingsOfCase,
        Op::RecordCounts,
        Op::Cases,
        Op::Handoffs,
        Op::Meetings,
        Op::RestoreCase,
        Op::RestoreHandoff,
        Op::RestoreMeeting,
        Op::AppendAudit,
        Op::AuditEntries,
        Op::Revision,
    ];

    /// The Store method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Path => "path",
            Op::FlushDurable => "flush_durable",
            Op::Replica => "replica",
            Op::ReplaceReplica => "replace_replica",
            Op::AllocateCaseSeq => "allocate_case_seq",
            Op::PutCase => "put_case",
            Op::Case => "case",
            Op::CasesReceived => "cases_received",
            Op::AddHandoff => "add_handoff",
            Op::UpdateHandoff => "update_handoff",
            Op::HandoffsOfCase => "handoffs_of_case",
            Op::HandoffsToSection => "handoffs_to_section",
            Op::ExpireOverdue => "expire_overdue",
            Op::PutDraft => "put_draft",
            Op::Draft => "draft",
            Op::DeleteDraft => "delete_draft",
            Op::Drafts => "drafts",
            Op::AllocateMeetingSeq => "allocate_meeting_seq",
            Op::PutMeeting => "put_meeting",
            Op::Meeting => "meeting",
            Op::MeetingsHeld => "meetings_held",
            Op::MeetingsOfCase => "meetings_of_case",
            Op::RecordCounts => "record_counts",
            Op::Cases => "cases",
            Op::Handoffs => "handoffs",
            Op::Meetings => "meetings",
            Op::RestoreCase => "restore_case",
            Op::RestoreHandoff => "restore_handoff",
            Op::RestoreMeeting => "restore_meeting",
            Op::AppendAudit => "append_audit",
            Op::AuditEntries => "audit_entries",
            Op::Revision => "revision",
        }
    }

    /// The audit trail's action for this operation: reads are `read_<method>`, writes
    /// the method's name.
    pub fn audit_action(self) -> &'static str {
        match self {
            Op::Case => "read_case",
            Op::CasesReceived => "read_cases_received",
            Op::HandoffsOfCase => "read_handoffs_of_case",
            Op::HandoffsToSection => "read_handoffs_to_section",
            Op::Draft => "read_draft",
            Op::Drafts => "read_drafts",
            Op::Meeting => "read_meeting",
            Op::MeetingsHeld => "read_meetings_held",
            Op::MeetingsOfCase => "read_meetings_of_case",
            Op::Cases => "read_cases",
            Op::Handoffs => "read_handoffs",
            Op::Meetings => "read_meetings",
            Op::AuditEntries => "read_audit",
            Op::Replica => "read_replica",
            Op::RecordCounts => "read_record_counts",
            other => other.as_str(),
        }
    }

    /// What was refused, for the desk (「権限がありません: …」). No record content.
    pub fn label_ja(self) -> &'static str {
        match self {
            Op::Path | Op::FlushDurable => "保存",
            Op::Replica => "窓口情報の閲覧",
            Op::ReplaceReplica => "窓口情報の更新",
            Op::AllocateCaseSeq | Op::PutCase => "案件の保存",
            Op::Case | Op::CasesReceived | Op::Cases => "案件の閲覧",
            Op::AddHandoff => "つなぎの登録",
            Op::UpdateHandoff => "つなぎの更新",
            Op::HandoffsOfCase | Op::HandoffsToSection | Op::Handoffs => "つなぎの閲覧",
            Op::ExpireOverdue => "期限切れの処理",
            Op::PutDraft | Op::DeleteDraft => "下書きの保存",
            Op::Draft | Op::Drafts => "下書きの閲覧",
            Op::AllocateMeetingSeq | Op::PutMeeting => "会議の記録",
            Op::Meeting | Op::MeetingsHeld | Op::MeetingsOfCase | Op::Meetings => "会議の閲覧",
            Op::RecordCounts => "件数の集計",
            Op::RestoreCase | Op::RestoreHandoff | Op::RestoreMeeting => "データの復元",
            Op::AppendAudit => "監査記録の書き込み",
            Op::AuditEntries => "監査記録の閲覧",
            Op::Revision => "更新の確認",
        }
    }

    /// Does it change the store?
    pub fn is_write(self) -> bool {
        matches!(
            self,
            Op::ReplaceReplica
                | Op::AllocateCaseSeq
                | Op::PutCase
                | Op::AddHandoff
                | Op::UpdateHandoff
                | Op::ExpireOverdue
                | Op::PutDraft
                | Op::DeleteDraft
                | Op::AllocateMeetingSeq
                | Op::PutMeeting
                | Op::RestoreCase
                | Op::RestoreHandoff
                | Op::RestoreMeeting
                | Op::AppendAudit
        )
    }
}

/// What a role may do with an operation, before looking at any record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grant {
    Deny,
    /// Allowed; nothing more to check.
    Allow,
    /// Allowed; each record returned is filtered and masked by [`reach`].
    List,
    /// Allowed, and the answer is always empty for this role (meetings for reception and
    /// sections: the screens ask for them case by case).
    Empty,
    /// Decided per record by [`allowed`].
    Record,
}

/// The matrix of the module notes, role by operation (`None`: unknown user).
pub fn grant(role: Option<Role>, op: Op) -> Grant {
    use Grant::{Allow, Deny, Empty, List, Record};
    use Op::*;
    use Role::*;
    let Some(role) = role else {
        return match op {
            Path | FlushDurable | Replica | Revision => Allow,
            _ => Deny,
        };
    };
    match (op, role) {
        (Path | FlushDurable | Replica | Revision, _) => Allow,
        (AppendAudit, _) => Deny,
        (ReplaceReplica | RestoreCase | RestoreHandoff | RestoreMeeting | AuditEntries, Admin) => Allow,
        (ReplaceReplica | RestoreCase | RestoreHandoff | RestoreMeeting | AuditEntries, _) => Deny,
        (AllocateCaseSeq, Reception | Coordinator | Admin) => Allow,
        (AllocateCaseSeq, Section) => Deny,
        (PutCase, Section) => Deny,
        (PutCase, _) => Record,
        (Case | HandoffsOfCase, Coordinator) => Allow,
        (Case | HandoffsOfCase, _) => Record,
        (CasesReceived | HandoffsToSection | Cases | Handoffs, Coordinator) => Allow,
        (CasesReceived | HandoffsToSection | Cases | Handoffs, _) => List,
        (AddHandoff, Section) => Deny,
        (AddHandoff, _) => Record,
        (UpdateHandoff, Reception) => Deny,
        (UpdateHandoff, _) => Record,
        (ExpireOverdue | AllocateMeetingSeq | RecordCounts, Coordinator | Admin) => Allow,
        (ExpireOverdue | AllocateMeetingSeq | RecordCounts, _) => Deny,
        (PutDraft | Drafts, Admin) => Allow,
        (PutDraft | Draft | DeleteDraft, _) => Record,
        (Drafts, _) => List,
        (PutMeeting, Coordinator) => Allow,
        (PutMeeting, Admin) => Record,
        (PutMeeting | Meeting, Reception | Section) => Deny,
        (Meeting, Coordinator | Admin) => Allow,
        (MeetingsHeld | MeetingsOfCase | Meetings, Coordinator | Admin) => Allow,
        (MeetingsHeld | MeetingsOfCase | Meetings, Reception | Section) => Empty,
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
    /// put_case: the stored case (None: a new number) and the case to store.
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
            Subject::PutCase { old: None, new } => {
                let signed = new.staff.as_deref() == Some(me) && notes_signed(&[], new, me);
                match role {
                    Some(Role::Reception) => signed && who.desk() == Some(new.desk.as_str()),
                    Some(Role::Coordinator | Role::Admin) => signed,
                    _ => false,
                }
            }
            Subject::PutCase { old: Some(old), new } => {
                let full = reach(who, old.case, old.handoffs) == Reach::Full;
                let same = new.number == old.case.number && notes_signed(&old.case.notes, new, me);
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
                let requested = new.status == HandoffStatus::Requested;
                match role {
                    Some(Role::Reception) => {
                        full && signed && requested && who.desk() == Some(new.from_desk.as_str())
                    }
                    Some(Role::Coordinator | Role::Admin) => full && signed,
                    _ => false,
                }
            }
            Subject::UpdateHandoff { case, old, new } => {
                let full = reach(who, case.case, case.handoffs) == Reach::Full;
                let same = new.case == old.case && new.seq == old.seq;
                let kept = new.history.len() >= old.history.len()
                    && new.history[..old.history.len()] == old.history[..];
                let signed = new.history[old.history.len().min(new.history.len())..]
                    .iter()
                    .all(|c| c.by == me);
                match role {
                    Some(Role::Section) => {
                        let mine = who.inbox_section() == Some(old.section.as_str());
                        let only_status = Handoff {
                            status: old.status,
                            history: old.history.clone(),
                            ..(*new).clone()
                        } == **old;
                        full && same && mine && only_status && kept && signed
                    }
                    Some(Role::Coordinator | Role::Admin) => full && same && kept && signed,
                    _ => false,
                }
            }
            Subject::Meeting { reaches } => reaches.iter().all(|r| *r == Reach::Full),
        },
    }
}

/// Are the notes `new` adds to `old` signed by `me`? (Notes already stored stay as
/// they are; any note beyond them is new.)
fn notes_signed(old: &[super::case::CaseNote], new: &Case, me: &str) -> bool {
    new.notes.iter().skip(old.len()).all(|n| n.by == me)
        && new.notes.len() >= old.len()
        && new.notes[..old.len()] == old[..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Intake, Personal, StatusChange};

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
        use crate::tui::text::is_width_safe;
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
}
