//! Erasure that holds on disk (DESIGN.md ruling 9, issue 13): sled is log-structured, so
//! a value overwritten or removed stays in its segment files until sled reuses the
//! space. [`SledStore::compact_in`] rewrites the live data into a fresh store in a
//! sibling folder, fsyncs it, swaps the two folders in one step and deletes the old one:
//! afterwards no file of the store holds anything but live records.
//!
//! The swap is `renameat2(RENAME_EXCHANGE)` where the file system has it (ext4, xfs,
//! btrfs, tmpfs): the store's path always names a complete store, and a crash leaves at
//! most the sibling `.<name>.compact`, removed by the next open ([`recover`]). Where it
//! does not, two renames, and [`recover`] puts back whichever folder is complete.
//!
//! Locking: every open store holds `tsunagu.lock` in its folder (flock), taken before
//! sled's own lock. The fresh folder's lock file is locked before the swap, so from the
//! first moment the path names the new folder its lock is held, and no other tsunagu
//! can open the store while sled's own lock is briefly released for the reopen.

use super::{SledStore, StoreError, Trees, open_trees};
use crate::store::fsync;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

/// The lock file inside a store's folder.
pub(super) const LOCK_FILE: &str = "tsunagu.lock";

/// How long a reopen waits for sled's lock to be released by the threads of the
/// database just closed.
const REOPEN_WAIT: Duration = Duration::from_secs(5);

/// `.<name>.compact` and `.<name>.old` beside the store.
fn siblings(dir: &Path) -> (PathBuf, PathBuf) {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "store".to_string());
    (
        parent.join(format!(".{name}.compact")),
        parent.join(format!(".{name}.old")),
    )
}

fn parent_of(dir: &Path) -> &Path {
    dir.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Before locking `dir`: when it is missing and `.<name>.old` exists, a compaction by
/// two renames was cut between them (the old folder is the complete store): put it back.
/// Locked when that folder's lock is held: a compaction is between the renames now.
pub(super) fn restore_moved_aside(dir: &Path, store: &Path) -> Result<(), StoreError> {
    let (_, old) = siblings(dir);
    if dir.exists() || !old.exists() {
        return Ok(());
    }
    drop(lock_dir(&old, store)?);
    std::fs::rename(&old, dir).map_err(|e| StoreError::Io {
        path: store.to_path_buf(),
        source: e,
    })
}

/// With `dir` locked: remove what a compaction cut short by a crash left beside it (a
/// fresh folder never swapped in, or the old one after the swap). Whoever holds the lock
/// is the only one compacting, so nothing here is in use.
pub(super) fn recover(dir: &Path) -> io::Result<()> {
    let (fresh, old) = siblings(dir);
    for leftover in [fresh, old] {
        if leftover.exists() {
            std::fs::remove_dir_all(&leftover)?;
        }
    }
    Ok(())
}

/// Lock `<dir>/tsunagu.lock` (created 0600, never through a symlink): Locked if another
/// process holds it.
pub(super) fn lock_dir(dir: &Path, store: &Path) -> Result<File, StoreError> {
    let io = |e| StoreError::Io {
        path: store.to_path_buf(),
        source: e,
    };
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(dir.join(LOCK_FILE))
        .map_err(io)?;
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a file descriptor we own.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc != 0 {
        let e = io::Error::last_os_error();
        return Err(if e.kind() == io::ErrorKind::WouldBlock {
            StoreError::Locked {
                path: store.to_path_buf(),
            }
        } else {
            io(e)
        });
    }
    Ok(file)
}

/// Swap two folders atomically; Ok(false) when the file system cannot.
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths, relative to the current directory.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

/// Put the folder `fresh` at `dir` and the old one at `fresh` (exchange) or `aside`
/// (two renames). On error nothing moved.
fn swap(dir: &Path, fresh: &Path, aside: &Path) -> io::Result<()> {
    if exchange(dir, fresh)? {
        return Ok(());
    }
    std::fs::rename(dir, aside)?;
    if let Err(e) = std::fs::rename(fresh, dir) {
        std::fs::rename(aside, dir)?;
        return Err(e);
    }
    Ok(())
}

/// Copy every tree of `from` into `to`.
fn copy_trees(from: &sled::Db, to: &sled::Db) -> sled::Result<()> {
    for name in from.tree_names() {
        let src = from.open_tree(&name)?;
        let dst = to.open_tree(&name)?;
        for item in src.iter() {
            let (k, v) = item?;
            dst.insert(k, v)?;
        }
    }
    to.flush()?;
    Ok(())
}

impl SledStore {
    /// Rewrite the store into a fresh folder and swap it in (see the module notes).
    /// Every other call waits meanwhile.
    pub(super) fn compact_in(&self) -> Result<(), StoreError> {
        let _alone = self.gate.write().unwrap_or_else(PoisonError::into_inner);
        let io = |e| StoreError::Io {
            path: self.path.clone(),
            source: e,
        };
        let old = self.t()?;
        old.db.flush().map_err(|e| self.err(e))?;
        let (fresh, aside) = siblings(&self.path);
        if fresh.exists() {
            std::fs::remove_dir_all(&fresh).map_err(io)?;
        }
        fsync::create_private_dir(&fresh).map_err(io)?;
        let built = (|| {
            let lock = lock_dir(&fresh, &self.path)?;
            let db = open_trees(&fresh)?;
            copy_trees(&old.db, &db.db).map_err(|e| self.err(e))?;
            drop(db);
            Ok::<File, StoreError>(lock)
        })();
        let new_lock = match built {
            Ok(l) => l,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&fresh);
                return Err(e);
            }
        };
        // The drafts (files, never in sled) move with the store.
        let drafts = self.path.join(super::drafts::DIR);
        let fresh_drafts = fresh.join(super::drafts::DIR);
        if drafts.exists() {
            std::fs::rename(&drafts, &fresh_drafts).map_err(io)?;
        }
        let synced = fsync::restrict_tree(&fresh).and_then(|()| fsync::sync_tree(&fresh));
        if let Err(e) = synced {
            if fresh_drafts.exists() {
                let _ = std::fs::rename(&fresh_drafts, &drafts);
            }
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(io(e));
        }
        // Close the old database: no call is running (the gate), so these are the last
        // handles and sled's own lock is released.
        *self.trees.lock().unwrap_or_else(PoisonError::into_inner) = None;
        drop(old);
        let parent = parent_of(&self.path);
        if let Err(e) = swap(&self.path, &fresh, &aside) {
            // Nothing was swapped: the old store is where it was; keep using it.
            if fresh_drafts.exists() {
                let _ = std::fs::rename(&fresh_drafts, &drafts);
            }
            let _ = std::fs::remove_dir_all(&fresh);
            let t = self.reopen()?;
            *self.trees.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(t));
            return Err(io(e));
        }
        let trees = self.reopen()?;
        *self.trees.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(trees));
        // The path's lock file is now the fresh folder's, which `new_lock` holds.
        *self.lock.lock().unwrap_or_else(PoisonError::into_inner) = Some(new_lock);
        // The old folder (at `fresh` after an exchange, at `aside` after two renames).
        for gone in [&fresh, &aside] {
            if gone.exists() {
                std::fs::remove_dir_all(gone).map_err(io)?;
            }
        }
        File::open(parent).and_then(|d| d.sync_all()).map_err(io)?;
        self.bump();
        Ok(())
    }

    /// Open sled at the store's path again, waiting for the closed database's threads
    /// to let go of its lock.
    fn reopen(&self) -> Result<Trees, StoreError> {
        let start = Instant::now();
        loop {
            match open_trees(&self.path) {
                Err(StoreError::Locked { .. }) if start.elapsed() < REOPEN_WAIT => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => return other,
            }
        }
    }
}
