//! Hand-offs, their per-case sequence and the inbox index by receiving section and
//! status.

use super::{SledStore, TxResult, abort};
use crate::domain::{Handoff, HandoffStatus};
use crate::store::StoreError;
use chrono::{DateTime, FixedOffset, NaiveDate};
use sled::Transactional;
use sled::transaction::TransactionalTree;
use std::cmp::Reverse;

const SYSTEM: &str = "system";

/// `<number>\0<seq BE>`: a case's hand-offs sort by seq.
fn handoff_key(case: &[u8], seq: u32) -> Vec<u8> {
    let mut k = case_prefix(case);
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

fn case_prefix(case: &[u8]) -> Vec<u8> {
    let mut k = case.to_vec();
    k.push(0);
    k
}

fn handoff_counter_key(case: &[u8]) -> Vec<u8> {
    let mut k = b"handoff\0".to_vec();
    k.extend_from_slice(case);
    k
}

/// `<section>\0` or `<section>\0<code>\0`.
fn section_prefix(section: &[u8], status: Option<HandoffStatus>) -> Vec<u8> {
    let mut k = section.to_vec();
    k.push(0);
    if let Some(s) = status {
        k.push(s.code());
        k.push(0);
    }
    k
}

/// `<section>\0<code>\0<number>\0<seq BE>`: the suffix is the record's key.
fn index_key(section: &[u8], status: HandoffStatus, record_key: &[u8]) -> Vec<u8> {
    let mut k = section_prefix(section, Some(status));
    k.extend_from_slice(record_key);
    k
}

/// Split an index key into status code and record key.
fn split_index_key(key: &[u8]) -> Option<(u8, &[u8])> {
    let sep = key.iter().position(|&b| b == 0)?;
    let rest = key.get(sep + 1..)?;
    match rest {
        [code, 0, record @ ..] if record.len() > 5 => Some((*code, record)),
        _ => None,
    }
}

fn requested_time(h: &Handoff) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(&h.requested_at).ok()
}

impl SledStore {
    fn handoff_keys(&self, h: &Handoff) -> Result<(Vec<u8>, Vec<u8>), StoreError> {
        let case = self.case_key(&h.case)?;
        let section = self.key_part("section id", &h.section)?;
        Ok((case.to_vec(), section.to_vec()))
    }

    /// Write a hand-off and make its inbox entry the only one under its section(s):
    /// entries under every status of the old and new section are removed first.
    fn write_handoff_in_tx(
        &self,
        records: &TransactionalTree,
        index: &TransactionalTree,
        h: &Handoff,
        record_key: &[u8],
        section: &[u8],
        old_section: Option<&[u8]>,
    ) -> TxResult<()> {
        let bytes = match self.encode("hand-off", h) {
            Ok(b) => b,
            Err(e) => return abort(e),
        };
        for s in std::iter::once(section).chain(old_section.filter(|o| *o != section)) {
            for status in HandoffStatus::ALL {
                index.remove(index_key(s, status, record_key))?;
            }
        }
        records.insert(record_key, bytes)?;
        index.insert(index_key(section, h.status, record_key), &[][..])?;
        Ok(())
    }

    pub(super) fn add_handoff_in(&self, handoff: Handoff) -> Result<Handoff, StoreError> {
        let (case, section) = self.handoff_keys(&handoff)?;
        let counter_key = handoff_counter_key(&case);
        let t = self.t()?;
        (&t.cases, &t.handoffs, &t.handoffs_by_section, &t.counters)
            .transaction(|(cases, records, index, counters)| {
                if cases.get(&case)?.is_none() {
                    return abort(self.not_found("case", handoff.case.clone()));
                }
                let Some(seq) = self.counter_in_tx(counters, &counter_key)?.checked_add(1) else {
                    return abort(self.invalid_key("hand-off sequence (exhausted)"));
                };
                self.set_counter_in_tx(counters, &counter_key, seq)?;
                // The closure may run again on a conflict: work on a copy.
                let mut h = handoff.clone();
                h.seq = seq;
                let key = handoff_key(&case, seq);
                self.write_handoff_in_tx(records, index, &h, &key, &section, None)?;
                Ok(h)
            })
            .map_err(|e| self.tx_err(e))
    }

    pub(super) fn update_handoff_in(&self, h: &Handoff) -> Result<(), StoreError> {
        let (case, section) = self.handoff_keys(h)?;
        let key = handoff_key(&case, h.seq);
        let t = self.t()?;
        (&t.handoffs, &t.handoffs_by_section)
            .transaction(|(records, index)| {
                let Some(old) = records.get(&key)? else {
                    return abort(self.not_found("hand-off", format!("{}#{}", h.case, h.seq)));
                };
                // A corrupt old record is replaced; its section is then unknown, so the
                // entries under the new section are the ones cleared.
                let old_section = self
                    .decode::<Handoff>("hand-off", &old)
                    .ok()
                    .map(|o| o.section.into_bytes());
                self.write_handoff_in_tx(records, index, h, &key, &section, old_section.as_deref())
            })
            .map_err(|e| self.tx_err(e))
    }

    pub(super) fn restore_handoff_in(&self, h: &Handoff) -> Result<(), StoreError> {
        let (case, section) = self.handoff_keys(h)?;
        if h.seq == 0 {
            return Err(self.invalid_key("hand-off sequence (0)"));
        }
        let key = handoff_key(&case, h.seq);
        let counter_key = handoff_counter_key(&case);
        let t = self.t()?;
        (&t.cases, &t.handoffs, &t.handoffs_by_section, &t.counters)
            .transaction(|(cases, records, index, counters)| {
                if cases.get(&case)?.is_none() {
                    return abort(self.not_found("case", h.case.clone()));
                }
                let old_section = match records.get(&key)? {
                    Some(old) => self
                        .decode::<Handoff>("hand-off", &old)
                        .ok()
                        .map(|o| o.section.into_bytes()),
                    None => None,
                };
                if self.counter_in_tx(counters, &counter_key)? < h.seq {
                    self.set_counter_in_tx(counters, &counter_key, h.seq)?;
                }
                self.write_handoff_in_tx(records, index, h, &key, &section, old_section.as_deref())
            })
            .map_err(|e| self.tx_err(e))
    }

    pub(super) fn handoffs_of_case_in(&self, case: &str) -> Result<Vec<Handoff>, StoreError> {
        let case = self.case_key(case)?;
        let mut out = Vec::new();
        for item in self.t()?.handoffs.scan_prefix(case_prefix(case)) {
            let (_, bytes) = item.map_err(|e| self.err(e))?;
            out.push(self.decode::<Handoff>("hand-off", &bytes)?);
        }
        Ok(out)
    }

    /// The records an inbox prefix points to, each checked against its entry.
    fn handoffs_under(&self, prefix: &[u8], only: Option<HandoffStatus>) -> Result<Vec<Handoff>, StoreError> {
        let mut out = Vec::new();
        for item in self.t()?.handoffs_by_section.scan_prefix(prefix) {
            let (key, _) = item.map_err(|e| self.err(e))?;
            let Some((code, record_key)) = split_index_key(&key) else {
                return Err(self.corrupt_index("hand-off section index"));
            };
            if only.is_some_and(|s| s.code() != code) {
                continue;
            }
            let Some(bytes) = self.t()?.handoffs.get(record_key).map_err(|e| self.err(e))? else {
                continue; // cannot happen: record and entry change together
            };
            let h: Handoff = self.decode("hand-off", &bytes)?;
            if key.starts_with(&section_prefix(h.section.as_bytes(), Some(h.status))) {
                out.push(h);
            }
        }
        Ok(out)
    }

    pub(super) fn handoffs_to_section_in(
        &self,
        section: &str,
        status: Option<HandoffStatus>,
    ) -> Result<Vec<Handoff>, StoreError> {
        let section = self.key_part("section id", section)?;
        let mut out = self.handoffs_under(&section_prefix(section, status), status)?;
        // Newest first; equal or unreadable times by case and seq, for a stable order.
        out.sort_by(|a, b| {
            (
                Reverse(requested_time(a)),
                Reverse(&a.requested_at),
                &a.case,
                a.seq,
            )
                .cmp(&(
                    Reverse(requested_time(b)),
                    Reverse(&b.requested_at),
                    &b.case,
                    b.seq,
                ))
        });
        Ok(out)
    }

    /// The record keys of every requested hand-off, through the index: per section, only
    /// its requested hand-offs. The index is ordered by section, then status, so each
    /// section costs one seek to its first key and a scan of its requested ones, not a
    /// walk over every key.
    fn requested_keys(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        let trees = self.t()?;
        let index = &trees.handoffs_by_section;
        let mut candidates = Vec::new();
        let mut from: Vec<u8> = Vec::new();
        while let Some(item) = index.range(from.as_slice()..).next() {
            let (key, _) = item.map_err(|e| self.err(e))?;
            let Some(section) = key.split(|&b| b == 0).next().filter(|_| key.contains(&0)) else {
                return Err(self.corrupt_index("hand-off section index"));
            };
            for item in index.scan_prefix(section_prefix(section, Some(HandoffStatus::Requested))) {
                let (key, _) = item.map_err(|e| self.err(e))?;
                let Some((_, record_key)) = split_index_key(&key) else {
                    return Err(self.corrupt_index("hand-off section index"));
                };
                candidates.push(record_key.to_vec());
            }
            // The first key after every `<section>\0...` one.
            from = section.to_vec();
            from.push(1);
        }
        Ok(candidates)
    }

    /// The requested hand-offs overdue on `today` (see [`Self::requested_keys`]).
    pub(super) fn overdue_in(&self, today: NaiveDate, days: u32) -> Result<Vec<Handoff>, StoreError> {
        let records = &self.t()?.handoffs;
        let mut out = Vec::new();
        for key in self.requested_keys()? {
            if let Some(bytes) = records.get(&key).map_err(|e| self.err(e))? {
                let h: Handoff = self.decode("hand-off", &bytes)?;
                if h.is_overdue(today, days) {
                    out.push(h);
                }
            }
        }
        Ok(out)
    }

    pub(super) fn expire_overdue_in(
        &self,
        today: NaiveDate,
        days: u32,
        at: &str,
    ) -> Result<usize, StoreError> {
        let candidates = self.requested_keys()?;
        let t = self.t()?;
        let mut expired = 0;
        for key in candidates {
            // Re-read inside the transaction: a desk may have answered meanwhile.
            let changed = (&t.handoffs, &t.handoffs_by_section)
                .transaction(|(records, index)| {
                    let Some(bytes) = records.get(&key)? else {
                        return Ok(false);
                    };
                    let mut h: Handoff = match self.decode("hand-off", &bytes) {
                        Ok(h) => h,
                        Err(e) => return abort(e),
                    };
                    if !h.is_overdue(today, days)
                        || h.transition(HandoffStatus::Expired, at, SYSTEM, None).is_err()
                    {
                        return Ok(false);
                    }
                    let section = h.section.clone().into_bytes();
                    self.write_handoff_in_tx(records, index, &h, &key, &section, None)?;
                    Ok(true)
                })
                .map_err(|e| self.tx_err(e))?;
            expired += usize::from(changed);
        }
        Ok(expired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_keys_split_back_into_their_record_key() {
        let rec = handoff_key(b"R8-000001", 256); // seq bytes hold NULs
        let idx = index_key(b"koureisha_shien", HandoffStatus::Accepted, &rec);
        assert_eq!(
            split_index_key(&idx),
            Some((HandoffStatus::Accepted.code(), rec.as_slice()))
        );
        assert!(idx.starts_with(&section_prefix(b"koureisha_shien", Some(HandoffStatus::Accepted))));
        assert_eq!(split_index_key(b"abc"), None);
    }
}
