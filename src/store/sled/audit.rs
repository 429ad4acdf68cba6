//! The audit trail: one tree, `audit`, seq (u64 big-endian, so key order is append
//! order) -> [`AuditEntry`] through the codec.
//!
//! Append only by construction: an entry is written with a compare-and-swap that expects
//! the key to be absent, so nothing here can replace an entry, and no code removes one
//! (`debug_put_raw` refuses this tree). The next seq is the last key plus one; when two
//! appenders race for it, the loser takes the next. Entries are not flushed here: the
//! write they accompany (appended after them) or the next durable flush covers them.

use super::SledStore;
use crate::store::{AuditEntry, AuditFilter, StoreError};

pub(super) const TREE: &str = "audit";

/// Give up after this many lost races in a row (cannot happen in practice: every lost
/// race is another entry appended).
const MAX_ATTEMPTS: usize = 10_000;

fn seq_of_key(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(key.try_into().ok()?))
}

impl SledStore {
    fn last_audit_seq(&self) -> Result<u64, StoreError> {
        match self.t()?.audit.last().map_err(|e| self.err(e))? {
            None => Ok(0),
            Some((key, _)) => seq_of_key(&key).ok_or_else(|| self.corrupt_index("audit")),
        }
    }

    pub(super) fn append_audit_in(&self, entry: &AuditEntry) -> Result<u64, StoreError> {
        let exhausted = || self.invalid_key("audit sequence (exhausted)");
        let mut seq = self.last_audit_seq()?.checked_add(1).ok_or_else(exhausted)?;
        for _ in 0..MAX_ATTEMPTS {
            let mut e = entry.clone();
            e.seq = seq;
            let bytes = self.encode("audit entry", &e)?;
            let swapped = self
                .t()?
                .audit
                .compare_and_swap(seq.to_be_bytes(), None::<&[u8]>, Some(bytes))
                .map_err(|e| self.err(e))?;
            match swapped {
                Ok(()) => return Ok(seq),
                // Another appender took this seq: go past the last one.
                Err(_) => {
                    let last = self.last_audit_seq()?.max(seq);
                    seq = last.checked_add(1).ok_or_else(exhausted)?;
                }
            }
        }
        Err(StoreError::Backend {
            path: self.path.clone(),
            message: "the audit trail is too busy to append to".to_string(),
        })
    }

    pub(super) fn audit_entries_in(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut out = Vec::new();
        let limit = filter.limit.unwrap_or(usize::MAX);
        if limit == 0 {
            return Ok(out);
        }
        // Newest first, so a limit stops early; reversed at the end.
        for item in self.t()?.audit.iter().rev() {
            let (key, bytes) = item.map_err(|e| self.err(e))?;
            let entry: AuditEntry = self.decode("audit entry", &bytes)?;
            if seq_of_key(&key) != Some(entry.seq) {
                return Err(self.corrupt_index("audit"));
            }
            if filter.matches(&entry) {
                out.push(entry);
                if out.len() == limit {
                    break;
                }
            }
        }
        out.reverse();
        Ok(out)
    }
}
