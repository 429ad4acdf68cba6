//! The store operations (one per [`crate::store::Store`] method), their names, and what
//! each role may do with them: the matrix in the notes of [the staff module](super).
//! The operations, their names and labels come from the store's surface declaration
//! (store/surface.rs); the matrix ([`grant`]) is written here, one row per operation.

use super::identity::Role;

/// Makes [`Op`] from the store's surface declaration (store/surface.rs): `Path` by hand
/// (a local method, never refused), and one variant per call declared with `op`, with
/// its method name, audit action, refusal label and kind.
macro_rules! operations {
    ($([
        $kind:ident $method:ident $self:ident $params:tt $args:tt $ret:tt
        $request:ident $shape:tt $answer:ident ($($op:ident $label:literal $($action:literal)?)?)
        $docs:tt $default:tt
    ])*) => {
        /// The store operations the role matrix checks: one per [`crate::store::Store`]
        /// method but `healthy` and `replica_hash` (open to every caller).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Op {
            /// [`Store::path`](crate::store::Store::path).
            Path,
            $($(
                #[doc = concat!(
                    "[`Store::", stringify!($method), "`](crate::store::Store::", stringify!($method),
                    "); refused as 「", $label, "」."
                )]
                $op,
            )?)*
        }

        /// How many operations there are.
        const OP_COUNT: usize = [Op::Path $($(, Op::$op)?)*].len();

        impl Op {
            pub const ALL: [Op; OP_COUNT] = [Op::Path $($(, Op::$op)?)*];

            /// The Store method's name.
            pub fn as_str(self) -> &'static str {
                match self {
                    Op::Path => "path",
                    $($(Op::$op => stringify!($method),)?)*
                }
            }

            /// The audit trail's action for this operation: reads are `read_<method>`,
            /// writes the method's name (store/surface.rs).
            pub fn audit_action(self) -> &'static str {
                match self {
                    Op::Path => "path",
                    $($(Op::$op => crate::store::surface::audit_action!($kind $method $($action)?),)?)*
                }
            }

            /// What was refused, for the desk (「権限がありません: ...」). No record content.
            pub fn label_ja(self) -> &'static str {
                match self {
                    Op::Path => "保存",
                    $($(Op::$op => $label,)?)*
                }
            }

            /// Does it change the store?
            pub fn is_write(self) -> bool {
                match self {
                    Op::Path => false,
                    $($(Op::$op => !crate::store::surface::is_read_only!($kind),)?)*
                }
            }
        }
    };
}

crate::store::surface::store_surface!(operations);

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
        // The cases as CasesReceived gives them, their hand-offs as HandoffsOfCase and
        // the meetings as MeetingsHeld (store/guard/views.rs).
        (ReportInput, Coordinator) => Allow,
        (ReportInput, _) => List,
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
