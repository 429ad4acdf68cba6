//! The store operations (one per [`crate::store::Store`] method), their names, and what
//! each role may do with them: the matrix in the notes of [the staff module](super).

use super::identity::Role;

/// The store operations, one per [`crate::store::Store`] method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    Path,
    FlushDurable,
    Replica,
    ReplaceReplica,
    CreateCase,
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
    Compact,
    AppendAudit,
    AuditEntries,
    Revision,
    CasePage,
    InboxPage,
    CaseView,
}

impl Op {
    pub const ALL: [Op; 36] = [
        Op::Path,
        Op::FlushDurable,
        Op::Replica,
        Op::ReplaceReplica,
        Op::CreateCase,
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
        Op::Compact,
        Op::AppendAudit,
        Op::AuditEntries,
        Op::Revision,
        Op::CasePage,
        Op::InboxPage,
        Op::CaseView,
    ];

    /// The Store method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Path => "path",
            Op::FlushDurable => "flush_durable",
            Op::Replica => "replica",
            Op::ReplaceReplica => "replace_replica",
            Op::CreateCase => "create_case",
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
            Op::Compact => "compact",
            Op::AppendAudit => "append_audit",
            Op::AuditEntries => "audit_entries",
            Op::Revision => "revision",
            Op::CasePage => "case_page",
            Op::InboxPage => "inbox_page",
            Op::CaseView => "case_view",
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
            Op::CasePage => "read_case_page",
            Op::InboxPage => "read_inbox_page",
            Op::CaseView => "read_case_view",
            other => other.as_str(),
        }
    }

    /// What was refused, for the desk (「権限がありません: ...」). No record content.
    pub fn label_ja(self) -> &'static str {
        match self {
            Op::Path | Op::FlushDurable => "保存",
            Op::Replica => "窓口情報の閲覧",
            Op::ReplaceReplica => "窓口情報の更新",
            Op::CreateCase | Op::PutCase => "案件の保存",
            Op::Case | Op::CasesReceived | Op::Cases | Op::CasePage | Op::CaseView => "案件の閲覧",
            Op::AddHandoff => "つなぎの登録",
            Op::UpdateHandoff => "つなぎの更新",
            Op::HandoffsOfCase | Op::HandoffsToSection | Op::Handoffs | Op::InboxPage => "つなぎの閲覧",
            Op::ExpireOverdue => "期限切れの処理",
            Op::PutDraft | Op::DeleteDraft => "下書きの保存",
            Op::Draft | Op::Drafts => "下書きの閲覧",
            Op::AllocateMeetingSeq | Op::PutMeeting => "会議の記録",
            Op::Meeting | Op::MeetingsHeld | Op::MeetingsOfCase | Op::Meetings => "会議の閲覧",
            Op::RecordCounts => "件数の集計",
            Op::RestoreCase | Op::RestoreHandoff | Op::RestoreMeeting => "データの復元",
            Op::Compact => "消去したデータの書き直し",
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
                | Op::CreateCase
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
                | Op::Compact
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
    /// Allowed; each record returned is filtered and masked by [`reach`](super::reach).
    List,
    /// Allowed, and the answer is always empty for this role (meetings for reception and
    /// sections: the screens ask for them case by case).
    Empty,
    /// Decided per record by [`allowed`](super::allowed).
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
        (ReplaceReplica | RestoreCase | RestoreHandoff | RestoreMeeting | Compact | AuditEntries, Admin) => {
            Allow
        }
        (ReplaceReplica | RestoreCase | RestoreHandoff | RestoreMeeting | Compact | AuditEntries, _) => Deny,
        (CreateCase | PutCase, Section) => Deny,
        (CreateCase | PutCase, _) => Record,
        (Case | HandoffsOfCase | CaseView, Coordinator) => Allow,
        (Case | HandoffsOfCase | CaseView, _) => Record,
        (CasesReceived | HandoffsToSection | Cases | Handoffs | CasePage | InboxPage, Coordinator) => Allow,
        (CasesReceived | HandoffsToSection | Cases | Handoffs | CasePage | InboxPage, _) => List,
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
