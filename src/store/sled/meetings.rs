//! Meetings (重層的支援会議, 支援会議), their date index, the index of the cases discussed
//! and the per-year sequence. Keys hold meeting ids, dates and case numbers only.

use super::cases::{date_key, date_of_key, date_range};
use super::{SledStore, abort};
use crate::domain::{MeetingRecord, date_of, meeting_number};
use crate::store::{StoreError, usable_key_part};
use chrono::NaiveDate;
use sled::Transactional;

/// `meeting\0<fiscal year BE>`
fn meeting_counter_key(fiscal_year: i32) -> Vec<u8> {
    let mut k = b"meeting\0".to_vec();
    k.extend_from_slice(&fiscal_year.to_be_bytes());
    k
}

/// `<number>\0`
fn case_prefix(case: &[u8]) -> Vec<u8> {
    let mut k = case.to_vec();
    k.push(0);
    k
}

/// `<number>\0<meeting id>`
fn case_key(case: &[u8], id: &[u8]) -> Vec<u8> {
    let mut k = case_prefix(case);
    k.extend_from_slice(id);
    k
}

/// The seq of a meeting whose id is the canonical number of its fiscal year (M8-0001 in
/// 2026 -> 1); None for any other id.
/// Only seqs up to [`MAX_RAISE`] move the counter: a client's M8-4294967295 cannot
/// exhaust the year's numbering (issue 13, as for cases).
fn canonical_seq(m: &MeetingRecord) -> Option<u32> {
    let (_, seq) = m.id.rsplit_once('-')?;
    let seq: u32 = seq.parse().ok()?;
    (seq > 0 && seq <= MAX_RAISE && meeting_number(m.fiscal_year, seq) == m.id).then_some(seq)
}

/// The highest meeting seq a stored meeting raises the counter to (four digits).
const MAX_RAISE: u32 = 9_999;
/// Numbers already taken that one allocation skips at most.
const MAX_SKIP: u32 = 100_000;

/// Oldest date first, then by id.
fn sort_by_date(meetings: &mut [MeetingRecord]) {
    meetings.sort_by(|a, b| (date_of(&a.date), &a.id).cmp(&(date_of(&b.date), &b.id)));
}

impl SledStore {
    /// The next meeting seq of the year, skipping ids already taken (stored by a client
    /// under a number never handed out).
    pub(super) fn allocate_meeting_seq_in(&self, fiscal_year: i32) -> Result<u32, StoreError> {
        let key = meeting_counter_key(fiscal_year);
        let t = self.t()?;
        (&t.counters, &t.meetings)
            .transaction(|(tx, meetings)| {
                let mut next = self.counter_in_tx(tx, &key)?;
                for _ in 0..MAX_SKIP {
                    let Some(n) = next.checked_add(1) else {
                        return abort(self.invalid_key("meeting sequence (exhausted)"));
                    };
                    next = n;
                    if meetings
                        .get(meeting_number(fiscal_year, next).as_bytes())?
                        .is_none()
                    {
                        self.set_counter_in_tx(tx, &key, next)?;
                        return Ok(next);
                    }
                }
                abort(self.invalid_key("meeting sequence (exhausted)"))
            })
            .map_err(|e| self.tx_err(e))
    }

    pub(super) fn put_meeting_in(&self, m: &MeetingRecord) -> Result<(), StoreError> {
        let id = self.key_part("meeting id", &m.id)?;
        let date = date_of(&m.date).ok_or_else(|| self.invalid_key("meeting date"))?;
        let mut case_keys = Vec::with_capacity(m.cases.len());
        for d in &m.cases {
            case_keys.push(case_key(self.case_key(&d.case)?, id));
        }
        let index_key = date_key(date, id);
        let counter = canonical_seq(m).map(|seq| (meeting_counter_key(m.fiscal_year), seq));
        let bytes = self.encode("meeting", m)?;
        let t = self.t()?;
        (&t.meetings, &t.meetings_by_date, &t.meetings_by_case, &t.counters)
            .transaction(|(records, by_date, by_case, counters)| {
                // Drop the old record's entries first. A corrupt old record is overwritten;
                // its stale entries (if any) are skipped by readers.
                if let Some(old) = records.get(id)?
                    && let Ok(old) = self.decode::<MeetingRecord>("meeting", &old)
                {
                    if let Some(old_date) = date_of(&old.date)
                        && old_date != date
                    {
                        by_date.remove(date_key(old_date, id))?;
                    }
                    for d in old.cases.iter().filter(|d| usable_key_part(&d.case)) {
                        by_case.remove(case_key(d.case.as_bytes(), id))?;
                    }
                }
                records.insert(id, bytes.as_slice())?;
                by_date.insert(index_key.as_slice(), &[][..])?;
                for k in &case_keys {
                    by_case.insert(k.as_slice(), &[][..])?;
                }
                // An imported meeting keeps its number out of allocation.
                if let Some((key, seq)) = &counter
                    && self.counter_in_tx(counters, key)? < *seq
                {
                    self.set_counter_in_tx(counters, key, *seq)?;
                }
                Ok(())
            })
            .map_err(|e| self.tx_err(e))
    }

    pub(super) fn meeting_in(&self, id: &str) -> Result<Option<MeetingRecord>, StoreError> {
        let key = self.key_part("meeting id", id)?;
        match self.t()?.meetings.get(key).map_err(|e| self.err(e))? {
            None => Ok(None),
            Some(bytes) => self.decode("meeting", &bytes).map(Some),
        }
    }

    pub(super) fn meetings_held_in(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<MeetingRecord>, StoreError> {
        let mut out = Vec::new();
        if matches!((from, to), (Some(f), Some(t)) if f > t) {
            return Ok(out);
        }
        for item in self
            .t()?
            .meetings_by_date
            .range::<Vec<u8>, _>(date_range(from, to))
        {
            let (key, _) = item.map_err(|e| self.err(e))?;
            let Some((date, id)) = date_of_key(&key) else {
                return Err(self.corrupt_index("meeting date index"));
            };
            let Some(bytes) = self.t()?.meetings.get(id).map_err(|e| self.err(e))? else {
                continue; // cannot happen: record and entry change together
            };
            let m: MeetingRecord = self.decode("meeting", &bytes)?;
            if date_of(&m.date) != Some(date) {
                continue; // stale entry left by overwriting a corrupt record
            }
            out.push(m);
        }
        Ok(out)
    }

    pub(super) fn meetings_of_case_in(&self, case: &str) -> Result<Vec<MeetingRecord>, StoreError> {
        let prefix = case_prefix(self.case_key(case)?);
        let mut out = Vec::new();
        for item in self.t()?.meetings_by_case.scan_prefix(&prefix) {
            let (key, _) = item.map_err(|e| self.err(e))?;
            let Some(id) = key.get(prefix.len()..).filter(|id| !id.is_empty()) else {
                return Err(self.corrupt_index("meeting case index"));
            };
            let Some(bytes) = self.t()?.meetings.get(id).map_err(|e| self.err(e))? else {
                continue; // cannot happen: record and entry change together
            };
            let m: MeetingRecord = self.decode("meeting", &bytes)?;
            if m.cases.iter().any(|d| d.case == case) {
                out.push(m);
            }
        }
        sort_by_date(&mut out);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(id: &str, fy: i32) -> MeetingRecord {
        MeetingRecord {
            id: id.into(),
            kind: "jusouteki_kaigi".into(),
            date: "2026-05-12".into(),
            fiscal_year: fy,
            sections: vec![],
            agencies: vec![],
            cases: vec![],
            confidential: false,
            recorded_at: String::new(),
            recorded_by: String::new(),
        }
    }

    #[test]
    fn only_canonical_ids_raise_the_counter() {
        assert_eq!(canonical_seq(&meeting("M8-0007", 2026)), Some(7));
        assert_eq!(canonical_seq(&meeting("M8-9999", 2026)), Some(9999));
        // Above four digits: the counter stays (a client cannot exhaust the year).
        assert_eq!(canonical_seq(&meeting("M8-12345", 2026)), None);
        assert_eq!(canonical_seq(&meeting("M8-4294967295", 2026)), None);
        assert_eq!(canonical_seq(&meeting("M8-0007", 2027)), None);
        assert_eq!(canonical_seq(&meeting("M8-7", 2026)), None);
        assert_eq!(canonical_seq(&meeting("M8-0000", 2026)), None);
        assert_eq!(canonical_seq(&meeting("kaigi", 2026)), None);
    }
}
