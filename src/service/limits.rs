//! Fair sharing of `tsunagu serve` (issue 13, M1/M2): connections and buffered request
//! bytes are counted per uid and in total, so one caller (even one outside the roster)
//! cannot take every connection or the service's memory. Request bytes are reserved
//! chunk by chunk as they arrive ([`super::protocol::read_frame_with`]), never by the
//! length a header declares.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Connections one uid may hold at once (a desk uses one or two: the screen, a command).
pub const MAX_CONNECTIONS_PER_UID: usize = 32;
/// Request bytes one uid may have buffered at once (three of the largest frames).
pub const MAX_BUFFERED_PER_UID: usize = 3 * super::protocol::MAX_FRAME;
/// Request bytes every connection together may have buffered at once.
pub const MAX_BUFFERED_TOTAL: usize = 128 * 1024 * 1024;

#[derive(Default)]
struct Counts {
    conns: HashMap<u32, usize>,
    bytes: HashMap<u32, usize>,
    total_bytes: usize,
}

/// The service's counters; cheap to clone (shared).
#[derive(Clone)]
pub struct Limits {
    counts: Arc<Mutex<Counts>>,
    per_uid_conns: usize,
    per_uid_bytes: usize,
    total_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::new(MAX_CONNECTIONS_PER_UID, MAX_BUFFERED_PER_UID, MAX_BUFFERED_TOTAL)
    }
}

impl Limits {
    pub fn new(per_uid_conns: usize, per_uid_bytes: usize, total_bytes: usize) -> Limits {
        Limits {
            counts: Arc::new(Mutex::new(Counts::default())),
            per_uid_conns,
            per_uid_bytes,
            total_bytes,
        }
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Count a new connection of `uid`; None when the uid already holds its share.
    pub fn connect(&self, uid: u32) -> Option<Slot> {
        let mut c = self.counts();
        let n = c.conns.entry(uid).or_insert(0);
        if *n >= self.per_uid_conns {
            return None;
        }
        *n += 1;
        Some(Slot {
            limits: self.clone(),
            uid,
            reserved: 0,
        })
    }
}

/// One connection's share: released (connection and bytes) when dropped.
pub struct Slot {
    limits: Limits,
    uid: u32,
    reserved: usize,
}

impl Slot {
    /// Reserve `n` more request bytes for this connection; false when its uid or the
    /// service as a whole would go over its cap.
    pub fn reserve(&mut self, n: usize) -> bool {
        let l = &self.limits;
        let mut c = l.counts();
        let mine = c.bytes.get(&self.uid).copied().unwrap_or(0);
        if mine.saturating_add(n) > l.per_uid_bytes || c.total_bytes.saturating_add(n) > l.total_bytes {
            return false;
        }
        c.bytes.insert(self.uid, mine + n);
        c.total_bytes += n;
        self.reserved += n;
        true
    }

    /// Give back every byte reserved (the request was answered).
    pub fn release(&mut self) {
        if self.reserved == 0 {
            return;
        }
        let mut c = self.limits.counts();
        if let Some(b) = c.bytes.get_mut(&self.uid) {
            *b = b.saturating_sub(self.reserved);
            if *b == 0 {
                c.bytes.remove(&self.uid);
            }
        }
        c.total_bytes = c.total_bytes.saturating_sub(self.reserved);
        self.reserved = 0;
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.release();
        let mut c = self.limits.counts();
        if let Some(n) = c.conns.get_mut(&self.uid) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                c.conns.remove(&self.uid);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_and_bytes_are_capped_per_uid_and_released() {
        let l = Limits::new(2, 100, 150);
        let mut a = l.connect(1).unwrap();
        let _b = l.connect(1).unwrap();
        assert!(l.connect(1).is_none(), "a third connection of uid 1");
        let mut other = l.connect(2).unwrap();
        assert!(a.reserve(100));
        assert!(!a.reserve(1), "uid 1 is at its byte cap");
        assert!(other.reserve(50));
        assert!(!other.reserve(1), "the total is at its cap");
        a.release();
        assert!(other.reserve(1));
        drop(a);
        assert!(l.connect(1).is_some(), "a dropped connection frees its place");
    }
}
