//! Reads shaped like the screens: a page of the case list, a page of a section's inbox,
//! and one case with its timeline, each one [`Store`] call (one round trip through the
//! service, one audit entry per case whose personal details it returns); and what the
//! year's figures (集計, `tsunagu report`) are counted from, one call too, without
//! personal details ([`ReportInput`]: one audit entry for the read).
//!
//! The functions here compose a page from the record-shaped calls of any store; they are
//! the [`Store`] trait's default implementations, so a raw store answers with them
//! directly, the policy layer ([`super::guard`]) runs them through its own filtered and
//! masked calls (so a page masks exactly as those calls do), and the network client sends
//! the whole query as one request.

use super::purge::{ERASED, anonymize_case, anonymize_handoff};
use super::{CaseSearch, Store, StoreError};
use crate::domain::{Case, Decision, Handoff, HandoffStatus, MeetingRecord, date_of};
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

/// What the year's figures ([`crate::report::load`]) are counted from, in one call: the
/// cases received in a period with their hand-offs, the earlier cases that have a 相談記録
/// dated in it, and the meetings held in it.
///
/// Made by [`ReportInput::of`], which keeps what the figures count and erases the rest as
/// purge does ([`crate::store::purge`]: name, kana, phone, address and typed text go;
/// numbers, dates, desks, channels, concerns, statuses stay), and a meeting's decision
/// notes but its 社会資源の不足 (the missing resource the figures list). So the answer
/// returns no case's personal details, and its read is one audit entry, not one per case.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct ReportInput {
    /// Received in the period, and earlier ones with a 相談記録 in it: newest received
    /// first (within a date, highest number first), as [`Store::cases_received`].
    pub cases: Vec<Case>,
    /// The hand-offs of the cases received in the period: by case in the order of
    /// `cases`, then by seq.
    pub handoffs: Vec<Handoff>,
    /// Held in the period, oldest first, as [`Store::meetings_held`].
    pub meetings: Vec<MeetingRecord>,
}

impl ReportInput {
    /// The answer from records as read: what the figures count, the rest erased.
    pub fn of(cases: Vec<Case>, handoffs: Vec<Handoff>, meetings: Vec<MeetingRecord>) -> ReportInput {
        let cases = cases
            .into_iter()
            .map(|mut c| {
                anonymize_case(&mut c);
                c
            })
            .collect();
        let handoffs = handoffs
            .into_iter()
            .map(|mut h| {
                anonymize_handoff(&mut h);
                h
            })
            .collect();
        let meetings = meetings
            .into_iter()
            .map(|mut m| {
                for d in &mut m.cases {
                    if d.decision != Decision::ResourceShortage && !d.note.trim().is_empty() {
                        d.note = ERASED.to_string();
                    }
                }
                m
            })
            .collect();
        ReportInput {
            cases,
            handoffs,
            meetings,
        }
    }
}

/// Gathers a [`ReportInput`] for the period `from..=to` from the cases received up to
/// its end, taken newest first (the date index's order), and its meetings.
pub(crate) struct Gather {
    from: NaiveDate,
    to: NaiveDate,
    cases: Vec<Case>,
    handoffs: Vec<Handoff>,
}

impl Gather {
    pub(crate) fn new(from: NaiveDate, to: NaiveDate) -> Gather {
        Gather {
            from,
            to,
            cases: Vec::new(),
            handoffs: Vec::new(),
        }
    }

    /// Take `case` if the figures count it: received in the period, with its hand-offs
    /// (`handoffs_of` its number, asked only then), or earlier with a 相談記録 dated in
    /// it. A case received after the period has none that could count.
    pub(crate) fn case(
        &mut self,
        case: Case,
        handoffs_of: impl FnOnce(&str) -> Result<Vec<Handoff>, StoreError>,
    ) -> Result<(), StoreError> {
        let within = |d: NaiveDate| self.from <= d && d <= self.to;
        let Some(received) = date_of(&case.received_at) else {
            return Ok(());
        };
        if within(received) {
            self.handoffs.extend(handoffs_of(&case.number)?);
        } else if received > self.to
            || !case
                .consultations
                .iter()
                .any(|r| date_of(&r.at).is_some_and(within))
        {
            return Ok(());
        }
        self.cases.push(case);
        Ok(())
    }

    /// The answer, with the meetings held in the period.
    pub(crate) fn finish(self, meetings: Vec<MeetingRecord>) -> ReportInput {
        ReportInput::of(self.cases, self.handoffs, meetings)
    }
}

/// What the year's figures are counted from, from the record-shaped calls of `s`: the
/// cases received up to `to`, the hand-offs of those received from `from` (one call per
/// case) and the meetings held from `from` to `to`.
pub fn report_input<S: Store + ?Sized>(
    s: &S,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ReportInput, StoreError> {
    let mut gather = Gather::new(from, to);
    for case in s.cases_received(None, Some(to), usize::MAX)? {
        gather.case(case, |number| s.handoffs_of_case(number))?;
    }
    Ok(gather.finish(s.meetings_held(Some(from), Some(to))?))
}
