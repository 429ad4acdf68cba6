//! Anonymizing old closed cases (保存期間の経過した個人情報の消去): the person goes, the
//! figures stay.
//!
//! For every case whose `closed_at` date is before the given date:
//! - the case: `personal` (name, kana, phone, address) -> None, `intake.note` -> None,
//!   every note's text and a non-empty `closing_note` -> [`ERASED`], every 相談記録's
//!   non-empty 相談内容 -> [`ERASED`] (its time, channel, desk, staff and concerns stay);
//! - its hand-offs: `note` -> "", every return reason in the history -> [`ERASED`];
//! - the meetings it was discussed at: its decision's non-empty `note` -> [`ERASED`].
//!   Decision notes are free text about the case (the closing evaluation, the missing
//!   resource, a note) and can name or describe the person, so they go too; the decision
//!   itself stays, so counts of decisions (including 社会資源の不足) do not change, but
//!   the text of a purged case's missing resource does.
//!
//! Kept, because the year's figures are counted from them and none identifies a person
//! by itself: numbers and dates, desk and staff, channel, district, school, language,
//! consent, household relations, ages and concerns, the 秘匿 flag, hand-off programs,
//! sections, sites, rule reasons (generated from the rules, not typed), statuses and
//! history (who on the staff, when), and every meeting field but those notes.
//!
//! Drafts are not cases and are not touched. Cases without a readable `closed_at` date
//! are not touched and are counted in [`PurgeSummary::undated`].
//!
//! Each record is rewritten atomically; the whole purge ends with one durable flush and
//! then [`Store::compact`], which rewrites the store into a fresh one so the cleared
//! text is gone from the disk too, not only from the records (DESIGN.md ruling 9). A
//! purge cut short can be run again: it is idempotent, and counts only what it changes.

use super::{Store, StoreError};
use crate::domain::{Case, Handoff, MeetingRecord, Personal, date_of};
use chrono::NaiveDate;
use std::collections::HashSet;

/// What replaces erased free text.
pub const ERASED: &str = "(消去済)";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PurgeSummary {
    /// Cases closed before this date were purged.
    pub closed_before: NaiveDate,
    /// Nothing was written.
    pub dry_run: bool,
    /// Cases closed before the date.
    pub cases_matched: usize,
    /// Of those, cases that still held personal data (and were, or would be, changed).
    pub cases_anonymized: usize,
    pub handoffs_anonymized: usize,
    /// Meetings in which at least one decision note was erased.
    pub meetings_anonymized: usize,
    /// Decision notes erased.
    pub decision_notes_erased: usize,
    /// Closed cases whose `closed_at` is not a date: left alone.
    pub undated: usize,
}

/// Erase a case's personal data. Returns whether anything changed.
pub fn anonymize_case(case: &mut Case) -> bool {
    let before = case.clone();
    case.personal = Personal::default();
    case.intake.note = None;
    for note in &mut case.notes {
        note.text = ERASED.to_string();
    }
    if let Some(closing) = &mut case.closing_note
        && !closing.trim().is_empty()
    {
        *closing = ERASED.to_string();
    }
    for c in &mut case.consultations {
        if c.note.as_deref().is_some_and(|n| !n.trim().is_empty()) {
            c.note = Some(ERASED.to_string());
        }
    }
    *case != before
}

/// Erase a hand-off's typed text. Returns whether anything changed.
pub fn anonymize_handoff(h: &mut Handoff) -> bool {
    let before = h.clone();
    h.note = String::new();
    for change in &mut h.history {
        if change.reason.is_some() {
            change.reason = Some(ERASED.to_string());
        }
    }
    *h != before
}

/// Erase the decision notes of the `cases` in a meeting. Returns how many changed.
pub fn anonymize_meeting(m: &mut MeetingRecord, cases: &HashSet<String>) -> usize {
    let mut n = 0;
    for d in m.cases.iter_mut().filter(|d| cases.contains(&d.case)) {
        if !d.note.trim().is_empty() && d.note != ERASED {
            d.note = ERASED.to_string();
            n += 1;
        }
    }
    n
}

/// Anonymize every case closed before `date` (by the date part of `closed_at`), with its
/// hand-offs and meeting decision notes; with `dry_run`, only count. Durable when it
/// returns.
pub fn purge_closed_before(
    store: &dyn Store,
    date: NaiveDate,
    dry_run: bool,
) -> Result<PurgeSummary, StoreError> {
    let mut summary = PurgeSummary {
        closed_before: date,
        dry_run,
        cases_matched: 0,
        cases_anonymized: 0,
        handoffs_anonymized: 0,
        meetings_anonymized: 0,
        decision_notes_erased: 0,
        undated: 0,
    };
    let mut purged = HashSet::new();
    for mut case in store.cases()? {
        let Some(closed) = &case.closed_at else {
            continue;
        };
        match date_of(closed) {
            None => {
                summary.undated += 1;
                continue;
            }
            Some(d) if d >= date => continue,
            Some(_) => {}
        }
        summary.cases_matched += 1;
        if anonymize_case(&mut case) {
            summary.cases_anonymized += 1;
            if !dry_run {
                store.restore_case(&case)?;
            }
        }
        for mut h in store.handoffs_of_case(&case.number)? {
            if anonymize_handoff(&mut h) {
                summary.handoffs_anonymized += 1;
                if !dry_run {
                    store.restore_handoff(&h)?;
                }
            }
        }
        purged.insert(case.number);
    }
    if !purged.is_empty() {
        for mut m in store.meetings()? {
            let n = anonymize_meeting(&mut m, &purged);
            if n > 0 {
                summary.meetings_anonymized += 1;
                summary.decision_notes_erased += n;
                if !dry_run {
                    store.restore_meeting(&m)?;
                }
            }
        }
    }
    let changed = summary.cases_anonymized + summary.handoffs_anonymized + summary.meetings_anonymized;
    if !dry_run && changed > 0 {
        store.flush_durable()?;
    }
    // The cleared text is still in the store's files (sled keeps old values): rewrite
    // the store so it is gone from the disk. Also when nothing changed this time, so a
    // purge cut short before this step is finished by running it again.
    if !dry_run && summary.cases_matched > 0 {
        store.compact()?;
    }
    Ok(summary)
}
