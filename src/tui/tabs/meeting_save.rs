//! 会議's store work, carried out by the store worker (tui::worker) and answered as
//! events: the year's list, the cases typed in the form, and recording a meeting. The
//! tab only asks ([`super::meetings::MeetingsTab`]); nothing here runs on the UI thread
//! while a worker runs.

use crate::domain::{Case, Decision, Directory, MeetingError, MeetingRecord, check_meeting, meeting_number};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use std::sync::Arc;

/// Record `record` (its id is given on save) after checking it against the cases as the
/// store has them now; then close the cases it closes.
#[derive(Clone, Debug, PartialEq)]
pub struct MeetingSave {
    pub record: MeetingRecord,
    /// The directory the meeting's kind is checked against.
    pub directory: Arc<Directory>,
}

/// What came of a [`MeetingSave`].
#[derive(Debug)]
pub enum SaveOutcome {
    /// Recorded under its new id. `closing` is set when closing one of its cases failed
    /// afterwards (the meeting stays recorded).
    Saved {
        record: Box<MeetingRecord>,
        closing: Option<StoreError>,
    },
    /// The plan's rules refuse it (consent, notes, an unknown case): nothing written.
    Refused(MeetingError),
    /// The store failed: nothing written, the form stays as typed.
    Failed(StoreError),
}

impl MeetingSave {
    pub fn run(self, store: &dyn Store) -> SaveOutcome {
        let MeetingSave {
            mut record,
            directory,
        } = self;
        let mut cases = Vec::new();
        for d in &record.cases {
            match store.case(&d.case) {
                Ok(Some(c)) => cases.push(c),
                Ok(None) => {}
                Err(e) => return SaveOutcome::Failed(e),
            }
        }
        if let Err(e) = check_meeting(&record, &cases, &directory) {
            return SaveOutcome::Refused(e);
        }
        let fy = record.fiscal_year;
        let saved = store.allocate_meeting_seq(fy).and_then(|seq| {
            record.id = meeting_number(fy, seq);
            store.put_meeting(&record)
        });
        if let Err(e) = saved {
            return SaveOutcome::Failed(e);
        }
        // 終結: the case is closed with the meeting's evaluation.
        let mut closing = None;
        for d in record.cases.iter().filter(|d| d.decision == Decision::Close) {
            if let Some(mut c) = cases.iter().find(|c| c.number == d.case).cloned() {
                c.closed_at = Some(record.recorded_at.clone());
                c.closing_note = Some(d.note.clone());
                if let Err(e) = store.put_case(&c) {
                    closing = Some(e);
                    break;
                }
            }
        }
        SaveOutcome::Saved {
            record: Box::new(record),
            closing,
        }
    }
}

/// The meetings held in fiscal year `fy` (April to March).
pub fn meetings_of_year(store: &dyn Store, fy: i32) -> Result<Vec<MeetingRecord>, StoreError> {
    let from = NaiveDate::from_ymd_opt(fy, 4, 1);
    let to = NaiveDate::from_ymd_opt(fy + 1, 3, 31);
    store.meetings_held(from, to)
}

/// The cases of these numbers that the store has (unreadable ones are left out: the
/// save checks them again).
pub fn cases_named(store: &dyn Store, numbers: &[String]) -> Vec<Case> {
    numbers
        .iter()
        .filter_map(|n| store.case(n).ok().flatten())
        .collect()
}
