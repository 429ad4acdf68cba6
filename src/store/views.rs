//! Reads shaped like the screens: a page of the case list, a page of a section's inbox,
//! and one case with its timeline, each one [`Store`] call (one round trip through the
//! service, one audit entry per case whose personal details it returns).
//!
//! The functions here compose a page from the record-shaped calls of any store; they are
//! the [`Store`] trait's default implementations, so a raw store answers with them
//! directly, the policy layer ([`super::guard`]) runs them through its own filtered and
//! masked calls (so a page masks exactly as those calls do), and the network client sends
//! the whole query as one request.

use super::{CaseSearch, Store, StoreError};
use crate::domain::{Case, Handoff, HandoffStatus, MeetingRecord};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which cases a page of the case list (全件) shows.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct CasePageQuery {
    /// Received on or after (open when None).
    pub from: Option<NaiveDate>,
    /// Received on or before (open when None).
    pub to: Option<NaiveDate>,
    /// Only cases logged at this desk.
    pub desk: Option<String>,
    /// Only cases with a hand-off in this status.
    pub status: Option<HandoffStatus>,
    /// At most this many cases are read (before the desk and status filters); with a
    /// search, at most this many that match are shown.
    pub limit: u32,
    /// Only cases that match (案件's `/` search, intake's 以前の相談): every case in the
    /// period is looked at, as the caller may see it (a masked case never matches on
    /// its masked fields).
    pub search: Option<CaseSearch>,
}

/// Which hand-offs a page of a section's inbox (受信箱) shows.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct InboxQuery {
    pub section: String,
    pub status: Option<HandoffStatus>,
    /// Only hand-offs sent from this desk.
    pub desk: Option<String>,
    /// At most this many rows.
    pub limit: u32,
}

/// A case as a screen shows it: the record, all its hand-offs (by seq) and the meetings
/// it was discussed in (oldest first), as the caller may see them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CaseView {
    pub case: Case,
    pub handoffs: Vec<Handoff>,
    pub meetings: Vec<MeetingRecord>,
}

/// One line of a page: a case (全件) or one hand-off of a case (受信箱).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PageRow {
    pub number: String,
    pub handoff: Option<Handoff>,
}

/// A page: its rows, the cases they show (each once), the desks seen before the desk
/// filter (sorted), whether more matched than the limit, and whether the caller can see
/// any case at all (to tell "none yet" from "none match").
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct CasePage {
    pub rows: Vec<PageRow>,
    pub cases: Vec<CaseView>,
    pub desks: Vec<String>,
    pub truncated: bool,
    pub any_case: bool,
}

impl CasePage {
    /// The case numbers whose records the page returns: its cases, and the cases
    /// discussed in their meetings (a meeting's notes of another case).
    pub fn case_numbers(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        for v in &self.cases {
            out.extend(v.numbers());
        }
        out
    }
}

impl CaseView {
    /// This case's number and those of the cases discussed with it in its meetings.
    pub fn numbers(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(self.case.number.clone()).chain(
            self.meetings
                .iter()
                .flat_map(|m| m.cases.iter().map(|d| d.case.clone())),
        )
    }
}

fn limit(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn push_desk(desks: &mut Vec<String>, desk: &str) {
    if !desks.iter().any(|d| d == desk) {
        desks.push(desk.to_string());
    }
}

/// A page of the case list from the record-shaped calls of `s`.
pub fn case_page<S: Store + ?Sized>(s: &S, q: &CasePageQuery) -> Result<CasePage, StoreError> {
    let lim = limit(q.limit);
    let search = q.search.as_ref().filter(|f| !f.is_empty());
    let read = if search.is_some() {
        usize::MAX
    } else {
        lim.saturating_add(1)
    };
    let mut cases = s.cases_received(q.from, q.to, read)?;
    let any_case = !cases.is_empty() || !s.cases_received(None, None, 1)?.is_empty();
    if let Some(f) = search {
        cases.retain(|c| f.matches(c));
    }
    let mut page = CasePage {
        any_case,
        truncated: cases.len() > lim,
        ..CasePage::default()
    };
    for case in cases.into_iter().take(lim) {
        push_desk(&mut page.desks, &case.desk);
        if q.desk.as_ref().is_some_and(|d| *d != case.desk) {
            continue;
        }
        let handoffs = s.handoffs_of_case(&case.number)?;
        if let Some(st) = q.status
            && !handoffs.iter().any(|h| h.status == st)
        {
            continue;
        }
        page.rows.push(PageRow {
            number: case.number.clone(),
            handoff: None,
        });
        let meetings = s.meetings_of_case(&case.number)?;
        page.cases.push(CaseView {
            case,
            handoffs,
            meetings,
        });
    }
    page.desks.sort();
    Ok(page)
}

/// A page of a section's inbox from the record-shaped calls of `s`.
pub fn inbox_page<S: Store + ?Sized>(s: &S, q: &InboxQuery) -> Result<CasePage, StoreError> {
    let lim = limit(q.limit);
    let mut page = CasePage {
        any_case: true,
        ..CasePage::default()
    };
    let mut seen = std::collections::HashSet::new();
    for h in s.handoffs_to_section(&q.section, q.status)? {
        push_desk(&mut page.desks, &h.from_desk);
        if q.desk.as_ref().is_some_and(|d| *d != h.from_desk) {
            continue;
        }
        if page.rows.len() >= lim {
            page.truncated = true;
            break;
        }
        if seen.insert(h.case.clone())
            && let Some(case) = s.case(&h.case)?
        {
            let handoffs = s.handoffs_of_case(&h.case)?;
            let meetings = s.meetings_of_case(&h.case)?;
            page.cases.push(CaseView {
                case,
                handoffs,
                meetings,
            });
        }
        page.rows.push(PageRow {
            number: h.case.clone(),
            handoff: Some(h),
        });
    }
    page.desks.sort();
    Ok(page)
}

/// One case with its timeline from the record-shaped calls of `s`.
pub fn case_view<S: Store + ?Sized>(s: &S, number: &str) -> Result<Option<CaseView>, StoreError> {
    let Some(case) = s.case(number)? else {
        return Ok(None);
    };
    let handoffs = s.handoffs_of_case(number)?;
    let meetings = s.meetings_of_case(number)?;
    Ok(Some(CaseView {
        case,
        handoffs,
        meetings,
    }))
}
