//! One request carried out on the caller's store, and which failures go to the log.

use super::protocol::{Answer, Request, Response, WireError};
use crate::store::{Store, StoreError};

/// Store failures that point at the service's own health go to the log; a caller's
/// missing record or refused key does not.
pub(super) fn log_store_error(uid: u32, name: &str, e: &WireError) {
    let kind = match e {
        WireError::Io { kind, .. } => format!("i/o error ({kind:?})"),
        WireError::Backend { .. } => "backend error".into(),
        WireError::Corrupt { what, .. } => format!("corrupt {what}"),
        WireError::Unavailable { .. } => "store unavailable".into(),
        _ => return,
    };
    super::server::log(format_args!("uid {uid}: {name}: {kind}"));
}

/// Carry out one request on the caller's store.
pub(super) fn dispatch(store: &dyn Store, request: Request) -> Response {
    // The one intake validation (domain::validate): a client is never trusted with it.
    let case = match &request {
        Request::CreateCase(c) | Request::PutCase(c) | Request::RestoreCase(c) => Some(c.as_ref()),
        _ => None,
    };
    if let Some(Err(e)) = case.map(|c| crate::domain::validate::validate_case(c, None)) {
        return Response::Err(WireError::Service {
            message: format!("invalid case: {e}"),
        });
    }
    let result: Result<Answer, StoreError> = match request {
        Request::Hello => Ok(Answer::Unit),
        Request::Replica => store.replica().map(|r| Answer::Replica(r.map(Box::new))),
        Request::ReplaceReplica(r) => store.replace_replica(&r).map(|()| Answer::Unit),
        Request::FlushDurable => store.flush_durable().map(|()| Answer::Unit),
        Request::CreateCase(c) => store
            .create_case(&c, None)
            .map(|c| Answer::Case(Some(Box::new(c)))),
        Request::PutCase(c) => store.put_case(&c).map(|()| Answer::Unit),
        Request::Case { number } => store.case(&number).map(|c| Answer::Case(c.map(Box::new))),
        Request::CasesReceived { from, to, limit } => store
            .cases_received(from, to, usize::try_from(limit).unwrap_or(usize::MAX))
            .map(Answer::Cases),
        Request::AddHandoff(h) => store.add_handoff(*h).map(|h| Answer::Handoff(Box::new(h))),
        Request::UpdateHandoff(h) => store.update_handoff(&h).map(|()| Answer::Unit),
        Request::HandoffsOfCase { case } => store.handoffs_of_case(&case).map(Answer::Handoffs),
        Request::HandoffsToSection { section, status } => {
            store.handoffs_to_section(&section, status).map(Answer::Handoffs)
        }
        Request::ExpireOverdue { today, days, at } => store
            .expire_overdue(today, days, &at)
            .map(|n| Answer::Count(n as u64)),
        Request::PutDraft { key, draft, durable } => {
            store.put_draft(&key, &draft, durable).map(|()| Answer::Unit)
        }
        Request::Draft { key } => store.draft(&key).map(|d| Answer::Draft(d.map(Box::new))),
        Request::DeleteDraft { key } => store.delete_draft(&key).map(|()| Answer::Unit),
        Request::Drafts => store.drafts().map(Answer::Drafts),
        Request::AllocateMeetingSeq { fiscal_year } => {
            store.allocate_meeting_seq(fiscal_year).map(Answer::Seq)
        }
        Request::PutMeeting(m) => store.put_meeting(&m).map(|()| Answer::Unit),
        Request::Meeting { id } => store.meeting(&id).map(|m| Answer::Meeting(m.map(Box::new))),
        Request::MeetingsHeld { from, to } => store.meetings_held(from, to).map(Answer::Meetings),
        Request::MeetingsOfCase { case } => store.meetings_of_case(&case).map(Answer::Meetings),
        Request::RecordCounts => store.record_counts().map(Answer::Counts),
        Request::Cases => store.cases().map(Answer::Cases),
        Request::Handoffs => store.handoffs().map(Answer::Handoffs),
        Request::Meetings => store.meetings().map(Answer::Meetings),
        Request::RestoreCase(c) => store.restore_case(&c).map(|()| Answer::Unit),
        Request::RestoreHandoff(h) => store.restore_handoff(&h).map(|()| Answer::Unit),
        Request::RestoreMeeting(m) => store.restore_meeting(&m).map(|()| Answer::Unit),
        Request::AppendAudit(e) => store.append_audit(&e).map(Answer::AuditSeq),
        Request::AuditEntries(f) => store.audit_entries(&f).map(Answer::Audit),
        Request::Revision => store.revision().map(Answer::Revision),
        Request::ReplicaHash => store.replica_hash().map(Answer::ReplicaHash),
        Request::Compact => store.compact().map(|()| Answer::Unit),
        Request::CasePage(q) => store.case_page(&q).map(|p| Answer::Page(Box::new(p))),
        Request::InboxPage(q) => store.inbox_page(&q).map(|p| Answer::Page(Box::new(p))),
        Request::CaseView { number } => store
            .case_view(&number)
            .map(|v| Answer::CaseView(v.map(Box::new))),
    };
    match result {
        Ok(answer) => Response::Ok(answer),
        Err(e) => Response::Err(WireError::from_store(&e)),
    }
}
