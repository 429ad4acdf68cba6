//! Refusals in the audit trail at a bounded rate (issue 13, M3): a client that sends
//! thousands of refused requests a second must not fill the disk with entries. Per user
//! and clock minute, the first refusal of each kind is appended as before (with its
//! case); the others are only counted, and the counts are appended once the minute is
//! over (at the next refusal by anyone, or when the service stops: [`flush`]) as one
//! entry per user and kind: action `denied:<action> x<N>` (N more in that minute), at
//! the minute's last refusal.

use super::{AuditEntry, Store};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

/// (store path, user, action) -> the minute (`YYYY-MM-DDTHH:MM`), the time of its last
/// refusal, and how many refusals after the first.
type Windows = HashMap<(PathBuf, String, String), (String, String, u64)>;

static WINDOWS: Mutex<Option<Windows>> = Mutex::new(None);

/// The minute of an RFC 3339 time.
fn minute(at: &str) -> &str {
    at.get(..16).unwrap_or(at)
}

/// The action of a coalesced entry.
pub fn coalesced_action(action: &str, more: u64) -> String {
    format!("{action} x{more}")
}

/// The action and count of an entry written by [`flush`] (None for any other).
pub fn split_coalesced(action: &str) -> Option<(&str, u64)> {
    let (a, n) = action.rsplit_once(" x")?;
    Some((a, n.parse().ok()?))
}

/// Record one refusal: append it (true) or count it (false). Counts of minutes already
/// over are appended first.
pub(super) fn record(store: &dyn Store, entry: &AuditEntry) -> bool {
    let mut guard = WINDOWS.lock().unwrap_or_else(PoisonError::into_inner);
    let windows = guard.get_or_insert_with(HashMap::new);
    let now = minute(&entry.at).to_string();
    append_over(store, windows, |m| m != now);
    let key = (
        store.path().to_path_buf(),
        entry.user.clone(),
        entry.action.clone(),
    );
    match windows.get_mut(&key) {
        Some((m, last, more)) if *m == now => {
            *more += 1;
            *last = entry.at.clone();
            false
        }
        _ => {
            windows.insert(key, (now, entry.at.clone(), 0));
            let _ = store.append_audit(entry);
            true
        }
    }
}

/// Append the counts of this store's windows `over` says are finished, and forget them.
fn append_over(store: &dyn Store, windows: &mut Windows, over: impl Fn(&str) -> bool) {
    let path = store.path();
    let done: Vec<(PathBuf, String, String)> = windows
        .iter()
        .filter(|((p, ..), (m, ..))| p == path && over(m))
        .map(|(k, _)| k.clone())
        .collect();
    for key in done {
        if let Some((_, last, more)) = windows.remove(&key)
            && more > 0
        {
            let _ = store.append_audit(&AuditEntry {
                seq: 0,
                at: last,
                user: key.1.clone(),
                action: coalesced_action(&key.2, more),
                case: None,
            });
        }
    }
}

/// Append every pending count now (the service stops). `store` is the raw store the
/// guards wrap.
pub fn flush(store: &dyn Store) {
    let mut guard = WINDOWS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(windows) = guard.as_mut() {
        append_over(store, windows, |_| true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coalesced_actions_round_trip() {
        let a = coalesced_action("denied:read_case", 1999);
        assert_eq!(a, "denied:read_case x1999");
        assert_eq!(split_coalesced(&a), Some(("denied:read_case", 1999)));
        assert_eq!(split_coalesced("denied:read_case"), None);
    }
}
