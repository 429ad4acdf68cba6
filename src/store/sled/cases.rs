//! Cases, their received-date index and the per-year sequence.

use super::{SledStore, TxResult, abort};
use crate::domain::{
    Case, FIRST_CASE_FY, LAST_CASE_FY, MAX_CASE_SEQ, case_number, case_number_matches, date_of, fiscal_year,
    parse_case_number,
};
use crate::store::StoreError;
use crate::store::views::{Gather, ReportInput};
use chrono::NaiveDate;
use sled::Transactional;
use sled::transaction::TransactionalTree;
use std::ops::Bound;

const DATE_FORMAT: &str = "%Y-%m-%d";

/// `case\0<fiscal year BE>`
fn case_counter_key(fiscal_year: i32) -> Vec<u8> {
    let mut k = b"case\0".to_vec();
    k.extend_from_slice(&fiscal_year.to_be_bytes());
    k
}

/// `YYYY-MM-DD\0<number>` (also `YYYY-MM-DD\0<meeting id>`)
pub(super) fn date_key(date: NaiveDate, number: &[u8]) -> Vec<u8> {
    let mut k = date.format(DATE_FORMAT).to_string().into_bytes();
    k.push(0);
    k.extend_from_slice(number);
    k
}

/// The keys of a date index from `from` to `to` (inclusive, either open): keys of a
/// date D are "D\0...", so "D" sorts before them and "D\x01" after.
pub(super) fn date_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> (Bound<Vec<u8>>, Bound<Vec<u8>>) {
    let lo = match from {
        Some(d) => Bound::Included(d.format(DATE_FORMAT).to_string().into_bytes()),
        None => Bound::Unbounded,
    };
    let hi = match to {
        Some(d) => {
            let mut k = d.format(DATE_FORMAT).to_string().into_bytes();
            k.push(1);
            Bound::Excluded(k)
        }
        None => Bound::Unbounded,
    };
    (lo, hi)
}

/// The date part of a date-index key.
pub(super) fn date_of_key(key: &[u8]) -> Option<(NaiveDate, &[u8])> {
    let sep = key.iter().position(|&b| b == 0)?;
    let date = std::str::from_utf8(key.get(..sep)?).ok()?;
    let date = NaiveDate::parse_from_str(date, DATE_FORMAT).ok()?;
    Some((date, key.get(sep + 1..)?))
}

impl SledStore {
    /// Read a u32 counter inside a transaction (absent = 0).
    pub(super) fn counter_in_tx(&self, tx: &TransactionalTree, key: &[u8]) -> TxResult<u32> {
        match tx.get(key)? {
            None => Ok(0),
            Some(bytes) => match self.decode::<u32>("counter", &bytes) {
                Ok(n) => Ok(n),
                Err(e) => abort(e),
            },
        }
    }

    pub(super) fn set_counter_in_tx(&self, tx: &TransactionalTree, key: &[u8], n: u32) -> TxResult<()> {
        match self.encode("counter", &n) {
            Ok(bytes) => {
                tx.insert(key, bytes)?;
                Ok(())
            }
            Err(e) => abort(e),
        }
    }

    /// Check a case number: well formed ([`parse_case_number`]); the key bytes.
    pub(super) fn case_key<'a>(&self, number: &'a str) -> Result<&'a [u8], StoreError> {
        if parse_case_number(number).is_none() {
            return Err(self.invalid_key("case number"));
        }
        Ok(number.as_bytes())
    }

    /// Allocate the next free number of the case's fiscal year and insert the case under
    /// it, in one transaction. Not flushed.
    pub(super) fn create_case_in(&self, case: &Case) -> Result<Case, StoreError> {
        let date = date_of(&case.received_at).ok_or_else(|| self.invalid_key("received date"))?;
        let fy = fiscal_year(date);
        if !(FIRST_CASE_FY..=LAST_CASE_FY).contains(&fy) {
            return Err(self.invalid_key("received date"));
        }
        let counter_key = case_counter_key(fy);
        let t = self.t()?;
        (&t.cases, &t.cases_by_date, &t.counters)
            .transaction(|(cases, by_date, counters)| {
                let mut seq = self.counter_in_tx(counters, &counter_key)?;
                // Skip numbers already taken (restored cases); bounded by the format.
                let number = loop {
                    if seq >= MAX_CASE_SEQ {
                        return abort(self.invalid_key("case sequence (exhausted)"));
                    }
                    seq += 1;
                    let number = case_number(fy, seq);
                    if cases.get(number.as_bytes())?.is_none() {
                        break number;
                    }
                };
                let mut stored = case.clone();
                stored.number = number;
                stored.fiscal_year = fy;
                stored.seq = seq;
                let bytes = match self.encode("case", &stored) {
                    Ok(b) => b,
                    Err(e) => return abort(e),
                };
                cases.insert(stored.number.as_bytes(), bytes)?;
                by_date.insert(date_key(date, stored.number.as_bytes()), &[][..])?;
                self.set_counter_in_tx(counters, &counter_key, seq)?;
                Ok(stored)
            })
            .map_err(|e| self.tx_err(e))
    }

    pub(super) fn put_case_in(&self, case: &Case) -> Result<(), StoreError> {
        let number = self.case_key(&case.number)?;
        if !case_number_matches(&case.number, case.fiscal_year, case.seq) {
            return Err(self.invalid_key("case number"));
        }
        let date = date_of(&case.received_at).ok_or_else(|| self.invalid_key("received date"))?;
        let index_key = date_key(date, number);
        let counter_key = case_counter_key(case.fiscal_year);
        let bytes = self.encode("case", case)?;
        let t = self.t()?;
        (&t.cases, &t.cases_by_date, &t.counters)
            .transaction(|(cases, by_date, counters)| {
                // Move the index entry when the received date changed. A corrupt old
                // record is overwritten; its stale entry (if any) is skipped by readers.
                if let Some(old) = cases.get(number)?
                    && let Ok(old) = self.decode_case(&old)
                    && let Some(old_date) = date_of(&old.received_at)
                    && old_date != date
                {
                    by_date.remove(date_key(old_date, number))?;
                }
                cases.insert(number, bytes.as_slice())?;
                by_date.insert(index_key.as_slice(), &[][..])?;
                // An imported or re-saved case keeps its number out of allocation.
                if self.counter_in_tx(counters, &counter_key)? < case.seq {
                    self.set_counter_in_tx(counters, &counter_key, case.seq)?;
                }
                Ok(())
            })
            .map_err(|e| self.tx_err(e))
    }

    pub(super) fn case_in(&self, number: &str) -> Result<Option<Case>, StoreError> {
        let key = self.case_key(number)?;
        match self.t()?.cases.get(key).map_err(|e| self.err(e))? {
            None => Ok(None),
            Some(bytes) => self.decode_case(&bytes).map(Some),
        }
    }

    pub(super) fn cases_received_in(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<Case>, StoreError> {
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        self.each_case_received(from, to, |case| {
            out.push(case);
            Ok(out.len() < limit)
        })?;
        Ok(out)
    }

    /// Hand `visit` the cases received from `from` to `to` (inclusive, either open),
    /// newest date first (within a date, highest number first), by the date index, until
    /// it answers false.
    pub(super) fn each_case_received(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        mut visit: impl FnMut(Case) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        if matches!((from, to), (Some(f), Some(t)) if f > t) {
            return Ok(());
        }
        for item in self
            .t()?
            .cases_by_date
            .range::<Vec<u8>, _>(date_range(from, to))
            .rev()
        {
            let (key, _) = item.map_err(|e| self.err(e))?;
            let Some((date, number)) = date_of_key(&key) else {
                return Err(self.corrupt_index("case date index"));
            };
            let Some(bytes) = self.t()?.cases.get(number).map_err(|e| self.err(e))? else {
                continue; // cannot happen: record and entry change together
            };
            let case: Case = self.decode_case(&bytes)?;
            if date_of(&case.received_at) != Some(date) {
                continue; // stale entry left by overwriting a corrupt record
            }
            if !visit(case)? {
                break;
            }
        }
        Ok(())
    }

    /// [`crate::store::Store::report_input`] in one walk of the date index up to `to`:
    /// the hand-offs of each case received in the period from its prefix, then the
    /// meetings' date index.
    pub(super) fn report_input_in(&self, from: NaiveDate, to: NaiveDate) -> Result<ReportInput, StoreError> {
        let mut gather = Gather::new(from, to);
        self.each_case_received(None, Some(to), |case| {
            gather.case(case, |number| self.handoffs_of_case_in(number))?;
            Ok(true)
        })?;
        Ok(gather.finish(self.meetings_held_in(Some(from), Some(to))?))
    }

    pub(super) fn corrupt_index(&self, what: &'static str) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            what,
            message: "malformed index key".to_string(),
        }
    }
}
