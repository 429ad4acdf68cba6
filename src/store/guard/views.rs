//! The reads shaped like the screens ([`crate::store::views`]) through the guard: each
//! runs the record-shaped guarded calls, so what it filters and masks is exactly what
//! those calls filter and mask, while their per-call audit entries are collected instead
//! of written; then one entry per case whose details the answer returns unmasked is
//! appended, under the view's own action (`read_case_page`, ...). The year's figures'
//! records ([`ReportInput`]) are filtered and masked the same way and hold no personal
//! details: one entry records the read.

use super::*;
use crate::store::views::{self, CasePage, CasePageQuery, CaseView, InboxQuery, ReportInput};
use std::cell::RefCell;

thread_local! {
    /// The unmasked reads of the view being answered on this thread, if any.
    static COLLECTING: RefCell<Option<BTreeSet<String>>> = const { RefCell::new(None) };
}

/// Ends the collection on every path (an error or a panic included).
struct Collection;

impl Collection {
    fn start() -> Collection {
        COLLECTING.with(|c| *c.borrow_mut() = Some(BTreeSet::new()));
        Collection
    }

    fn finish(self) -> BTreeSet<String> {
        COLLECTING.with(|c| c.borrow_mut().take()).unwrap_or_default()
    }
}

impl Drop for Collection {
    fn drop(&mut self) {
        COLLECTING.with(|c| *c.borrow_mut() = None);
    }
}

/// While a view is answered on this thread: keep `cases` for its single entry per case
/// and return true; otherwise false (the caller writes its entries itself).
pub(super) fn collect(cases: &BTreeSet<String>) -> bool {
    COLLECTING.with(|c| match c.borrow_mut().as_mut() {
        Some(set) => {
            set.extend(cases.iter().cloned());
            true
        }
        None => false,
    })
}

impl Guarded {
    /// Run `f` collecting its reads, then record the ones among `shown(answer)`.
    fn viewed<T>(
        &self,
        op: Op,
        f: impl FnOnce() -> Result<T, StoreError>,
        shown: impl FnOnce(&T) -> BTreeSet<String>,
    ) -> Result<T, StoreError> {
        self.grant(op)?;
        let collection = Collection::start();
        let answer = f()?;
        let read = collection.finish();
        let shown = shown(&answer);
        self.audit_reads(op, read.intersection(&shown).cloned().collect())?;
        Ok(answer)
    }

    pub(super) fn view_case_page(&self, q: &CasePageQuery) -> Result<CasePage, StoreError> {
        self.viewed(Op::CasePage, || views::case_page(self, q), CasePage::case_numbers)
    }

    pub(super) fn view_inbox_page(&self, q: &InboxQuery) -> Result<CasePage, StoreError> {
        self.viewed(
            Op::InboxPage,
            || views::inbox_page(self, q),
            CasePage::case_numbers,
        )
    }

    pub(super) fn view_case(&self, number: &str) -> Result<Option<CaseView>, StoreError> {
        self.viewed(
            Op::CaseView,
            || views::case_view(self, number),
            |v| v.iter().flat_map(CaseView::numbers).collect(),
        )
    }

    /// The records of the year's figures as the calls they replace give them to this
    /// caller: the cases as `cases_received` filters and masks them, their hand-offs as
    /// `handoffs_of_case`, the meetings as `meetings_held` (none for the roles it
    /// answers empty). Those calls' entries per case are collected and dropped: the
    /// answer holds no personal details ([`ReportInput::of`]), so one entry, naming no
    /// case, records the read.
    pub(super) fn view_report_input(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<ReportInput, StoreError> {
        self.grant(Op::ReportInput)?;
        let collection = Collection::start();
        let raw = self.inner.report_input(from, to)?;
        // One cache: each stored case is looked at once for the three.
        let mut cache = Cache::new();
        let cases = self.view_cases_cached(Op::ReportInput, raw.cases, &mut cache)?;
        let handoffs = self.view_handoffs_cached(Op::ReportInput, raw.handoffs, &mut cache)?;
        let meetings = match grant(self.role(), Op::MeetingsHeld) {
            Grant::Empty => Vec::new(),
            _ => self.view_meetings_cached(Op::ReportInput, raw.meetings, &mut cache)?,
        };
        drop(collection);
        self.audit(Op::ReportInput.audit_action(), None)?;
        Ok(ReportInput::of(cases, handoffs, meetings))
    }
}
