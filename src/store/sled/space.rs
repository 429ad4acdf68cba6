//! A full disk (issue 13, M4). sled stops for good at its first failed write (every
//! later call fails, reads too, until it is reopened), so writes are refused *before*
//! they reach sled when the store's file system is nearly full: a record write needs
//! [`RECORD_FLOOR`] free, an audit entry (which reads of personal details append)
//! [`AUDIT_FLOOR`]. Reads keep working, a write fails with a message naming the folder,
//! and writes work again as soon as there is room: nothing to restart.

use super::SledStore;
use crate::store::StoreError;
use std::io;

/// Free space a record write needs: sled may open a new segment of its log.
pub(super) const RECORD_FLOOR: u64 = 4 * 1024 * 1024;
/// Free space an audit entry needs (a few dozen bytes, in an open segment).
pub(super) const AUDIT_FLOOR: u64 = 1024 * 1024;

/// Bytes available to this process on the file system holding `path`.
#[cfg(unix)]
fn available(path: &std::path::Path) -> io::Result<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: statvfs writes into the zeroed struct; the path is NUL-terminated.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::statvfs(c.as_ptr(), &mut st) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    #[allow(clippy::unnecessary_cast)]
    Ok((st.f_bavail as u64).saturating_mul(st.f_frsize as u64))
}

#[cfg(not(unix))]
fn available(_path: &std::path::Path) -> io::Result<u64> {
    Ok(u64::MAX)
}

impl SledStore {
    /// The size of the store's files (for a compaction's copy).
    pub(super) fn size_on_disk(&self) -> u64 {
        fn walk(dir: &std::path::Path) -> u64 {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return 0;
            };
            entries
                .flatten()
                .map(|e| match e.file_type() {
                    Ok(t) if t.is_dir() => walk(&e.path()),
                    Ok(t) if t.is_file() => e.metadata().map(|m| m.len()).unwrap_or(0),
                    _ => 0,
                })
                .sum()
        }
        walk(&self.path)
    }

    /// Refuse a write that needs `floor` bytes free when fewer are: a StorageFull I/O
    /// error naming the folder (never record content).
    pub(super) fn ensure_space(&self, floor: u64) -> Result<(), StoreError> {
        let Ok(free) = available(&self.path) else {
            return Ok(()); // cannot tell: let the write try
        };
        if free >= floor {
            return Ok(());
        }
        Err(StoreError::Io {
            path: self.path.clone(),
            source: io::Error::new(
                io::ErrorKind::StorageFull,
                format!(
                    "{} のディスクの空きが {} KiB しかありません (書き込みには {} KiB 必要)",
                    self.path.display(),
                    free / 1024,
                    floor / 1024
                ),
            ),
        })
    }
}
