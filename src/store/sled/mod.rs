//! The embedded store on sled 0.34.7: the only module that names sled.
//!
//! Trees (keys never hold personal data):
//! - `replica`: `directory` -> [`Replica`]; `seed_hash` -> its seed hash (UTF-8), same batch
//! - `cases`: case number -> [`crate::domain::Case`]
//! - `cases_by_date`: `YYYY-MM-DD\0<number>` -> empty
//! - `counters`: `case\0<fiscal year BE>` | `handoff\0<number>` | `meeting\0<fiscal year BE>`
//!   -> u32 (through the codec)
//! - `handoffs`: `<number>\0<seq BE>` -> [`crate::domain::Handoff`]
//! - `handoffs_by_section`: `<section>\0<status code>\0<number>\0<seq BE>` -> empty
//! - `meetings`: meeting id (M8-0001) -> [`crate::domain::MeetingRecord`]
//! - `meetings_by_date`: `YYYY-MM-DD\0<meeting id>` -> empty
//! - `meetings_by_case`: `<number>\0<meeting id>` -> empty
//! - `drafts`: empty. Drafts are files in `<store>/drafts/` (see `drafts.rs`): per-keystroke
//!   copies in sled's log could not be erased.
//! - `audit`: seq (u64 BE, 1, 2, ...) -> [`crate::store::AuditEntry`]; append only
//!   (see `audit.rs`)
//!
//! Besides sled's files the folder holds `tsunagu.lock` (held while open) and `drafts/`.
//! [`crate::store::Store::compact`] rewrites the live data into a fresh folder and swaps
//! it in, so nothing removed or overwritten stays on disk (`compact.rs`).
//!
//! Records and their index entries change in one sled transaction. Every acknowledged
//! write ends with [`Store::flush_durable`]: sled's flush (sync_file_range on Linux, which
//! leaves the disk cache alone) plus fsync of the store's files and directories.
//!
//! Why the whole tree and not only the log file: sled never fsyncs its blob files (nodes
//! over 128 KiB) nor the directory entries of blobs and snapshots, and which files a
//! flush touched is sled's secret. fsync of an unchanged file is nearly free, and the
//! tree is small (conf, db, snapshots, blobs): benches/durable_save measured 0.19 ms for
//! the whole tree against 0.09 ms for the log file and directory alone, with durable
//! saves at about 0.5 ms (p50) on the development VM. Not worth the risk.

mod api;
mod audit;
mod cases;
mod compact;
mod drafts;
mod handoffs;
mod meetings;
mod replica;
mod space;

use super::codec::{self, CodecError};
use super::fsync;
use super::{StoreError, usable_key_part};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::transaction::{ConflictableTransactionError, TransactionError};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock, RwLockReadGuard};

/// sled's page cache defaults to 1 GiB; the city's store is small.
const CACHE_BYTES: u64 = 32 * 1024 * 1024;

pub(super) struct Trees {
    db: sled::Db,
    replica: sled::Tree,
    cases: sled::Tree,
    cases_by_date: sled::Tree,
    counters: sled::Tree,
    handoffs: sled::Tree,
    handoffs_by_section: sled::Tree,
    meetings: sled::Tree,
    meetings_by_date: sled::Tree,
    meetings_by_case: sled::Tree,
    /// Drafts written before issue 13 lived here; they are moved to files on open
    /// (`drafts.rs`) and the tree stays empty.
    drafts: sled::Tree,
    audit: sled::Tree,
}

pub struct SledStore {
    path: PathBuf,
    /// The open database; None only when reopening after a compaction failed.
    trees: Mutex<Option<Arc<Trees>>>,
    /// Every [`Store`] call holds it shared; [`Store::compact`] holds it alone, so no
    /// call sees the database being replaced.
    gate: RwLock<()>,
    /// `<dir>/tsunagu.lock`, locked (flock) for as long as the store is open: taken
    /// before sled's own lock and kept across a compaction, so no other tsunagu opens
    /// the store while its folder is being replaced.
    lock: Mutex<Option<File>>,
    /// [`Store::revision`]: moved by every write.
    revision: AtomicU64,
    /// sled reported an I/O error: see [`SledStore::err`].
    broken: AtomicBool,
}

/// What a transaction closure returns.
type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

impl SledStore {
    /// Open (or create) the store in `dir`, private to its owner.
    pub fn open(dir: &Path) -> Result<SledStore, StoreError> {
        let path = dir.to_path_buf();
        let io = |e| StoreError::Io {
            path: path.clone(),
            source: e,
        };
        // The lock first: leftovers of a compaction are only touched by the holder.
        compact::restore_moved_aside(dir, &path)?;
        fsync::create_private_dir(dir).map_err(io)?;
        let lock = compact::lock_dir(dir, &path)?;
        compact::recover(dir).map_err(io)?;
        let trees = open_trees(dir)?;
        fsync::restrict_tree(dir).map_err(io)?;
        let store = SledStore {
            path,
            trees: Mutex::new(Some(Arc::new(trees))),
            gate: RwLock::new(()),
            lock: Mutex::new(Some(lock)),
            revision: AtomicU64::new(first_revision()),
            broken: AtomicBool::new(false),
        };
        store.backfill_replica_hash();
        store.migrate_drafts()?;
        Ok(store)
    }

    /// The open database (cheap: an Arc).
    pub(super) fn t(&self) -> Result<Arc<Trees>, StoreError> {
        let slot = self.trees.lock().unwrap_or_else(PoisonError::into_inner);
        slot.clone().ok_or_else(|| StoreError::Backend {
            path: self.path.clone(),
            message: "the store is closed (reopening it after a compaction failed); restart tsunagu"
                .to_string(),
        })
    }

    /// Hold for the length of one [`Store`] call.
    fn shared(&self) -> RwLockReadGuard<'_, ()> {
        self.gate.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Test-only: write raw bytes into a tree, bypassing the codec and the indexes, so
    /// tests can prove a corrupt value gives [`StoreError::Corrupt`] and no panic. Trees:
    /// replica, cases, cases_by_date, counters, handoffs, handoffs_by_section, meetings,
    /// meetings_by_date, meetings_by_case; "drafts" writes the bytes as the draft file of
    /// that key (drafts are files: `drafts.rs`).
    #[doc(hidden)]
    /// The audit trail is refused: it is append only, for tests too.
    pub fn debug_put_raw(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        if tree == audit::TREE {
            return Err(self.invalid_key("tree (the audit trail is append only)"));
        }
        if tree == drafts::DIR {
            let key = std::str::from_utf8(key).map_err(|_| self.invalid_key("draft key"))?;
            return self.debug_put_raw_draft(key, value);
        }
        let t = self.t()?.db.open_tree(tree).map_err(|e| self.err(e))?;
        t.insert(key, value).map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Test-only: every key of every tree, so tests can prove no key holds personal data.
    #[doc(hidden)]
    pub fn debug_keys(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let mut out = Vec::new();
        for name in self.t()?.db.tree_names() {
            let t = self.t()?.db.open_tree(&name).map_err(|e| self.err(e))?;
            let tree = String::from_utf8_lossy(&name).into_owned();
            for item in t.iter() {
                let (k, _) = item.map_err(|e| self.err(e))?;
                out.push((tree.clone(), k.to_vec()));
            }
        }
        Ok(out)
    }

    /// A sled error. An I/O error (a full disk, a failing device) leaves sled unable to
    /// go on (it refuses every later call, reads too): the store is then unhealthy
    /// ([`crate::store::Store::healthy`]) and the service exits so it is restarted.
    pub(super) fn err(&self, e: sled::Error) -> StoreError {
        match e {
            sled::Error::Io(source) => {
                self.broken.store(true, Ordering::SeqCst);
                StoreError::Io {
                    path: self.path.clone(),
                    source,
                }
            }
            e => StoreError::Backend {
                path: self.path.clone(),
                message: e.to_string(),
            },
        }
    }

    /// A corrupt value: the message names the kind of damage only, never content
    /// (decoder messages can quote what they read).
    pub(super) fn corrupt(&self, what: &'static str, e: &CodecError) -> StoreError {
        let message = match e {
            CodecError::Empty => "empty value".to_string(),
            CodecError::Version { found } => {
                format!("encoding version {found}, this build reads {}", codec::VERSION)
            }
            CodecError::Encode(_) | CodecError::Decode(_) => "value does not decode".to_string(),
            CodecError::Trailing => "trailing bytes after value".to_string(),
        };
        StoreError::Corrupt {
            path: self.path.clone(),
            what,
            message,
        }
    }

    pub(super) fn encode<T: Serialize>(&self, what: &'static str, value: &T) -> Result<Vec<u8>, StoreError> {
        codec::encode(value).map_err(|_| StoreError::Backend {
            path: self.path.clone(),
            message: format!("cannot encode the {what} record"),
        })
    }

    pub(super) fn decode<T: DeserializeOwned>(
        &self,
        what: &'static str,
        bytes: &[u8],
    ) -> Result<T, StoreError> {
        codec::decode(bytes).map_err(|e| self.corrupt(what, &e))
    }

    /// A stored case, of any shape this build reads (store/legacy.rs).
    pub(super) fn decode_case(&self, bytes: &[u8]) -> Result<crate::domain::Case, StoreError> {
        super::legacy::decode_case(bytes).map_err(|e| self.corrupt("case", &e))
    }

    pub(super) fn invalid_key(&self, what: &'static str) -> StoreError {
        StoreError::InvalidKey {
            path: self.path.clone(),
            what,
        }
    }

    pub(super) fn not_found(&self, what: &'static str, key: String) -> StoreError {
        StoreError::NotFound {
            path: self.path.clone(),
            what,
            key,
        }
    }

    /// Check a string that becomes part of a key: not empty, short, no NUL (the
    /// separator); see [`crate::store::MAX_KEY_PART`].
    pub(super) fn key_part<'a>(&self, what: &'static str, s: &'a str) -> Result<&'a [u8], StoreError> {
        if !usable_key_part(s) {
            return Err(self.invalid_key(what));
        }
        Ok(s.as_bytes())
    }

    /// A write has become visible: move [`Store::revision`].
    fn bump(&self) {
        self.revision.fetch_add(1, Ordering::SeqCst);
    }

    pub(super) fn tx_err(&self, e: TransactionError<StoreError>) -> StoreError {
        match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => self.err(e),
        }
    }
}

/// Where [`Store::revision`] starts: the clock in microseconds, so a reopened store (or a
/// restarted service) most likely starts above what its readers saw before. Readers
/// compare with `!=` anyway.
fn first_revision() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX / 2))
        .unwrap_or(0)
}

/// Abort a transaction with a store error.
pub(super) fn abort<T>(e: StoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(e))
}

/// Open sled in `dir` and every tree.
pub(super) fn open_trees(dir: &Path) -> Result<Trees, StoreError> {
    let path = dir.to_path_buf();
    let db = sled::Config::new()
        .path(dir)
        .cache_capacity(CACHE_BYTES)
        .mode(sled::Mode::LowSpace)
        .open()
        .map_err(|e| map_open_error(e, &path))?;
    let open = |name: &str| {
        db.open_tree(name).map_err(|e| StoreError::Backend {
            path: path.clone(),
            message: e.to_string(),
        })
    };
    Ok(Trees {
        replica: open(replica::TREE)?,
        cases: open("cases")?,
        cases_by_date: open("cases_by_date")?,
        counters: open("counters")?,
        handoffs: open("handoffs")?,
        handoffs_by_section: open("handoffs_by_section")?,
        meetings: open("meetings")?,
        meetings_by_date: open("meetings_by_date")?,
        meetings_by_case: open("meetings_by_case")?,
        drafts: open("drafts")?,
        audit: open(audit::TREE)?,
        db,
    })
}

fn map_open_error(e: sled::Error, path: &Path) -> StoreError {
    let message = e.to_string();
    if message.contains("could not acquire lock") {
        StoreError::Locked {
            path: path.to_path_buf(),
        }
    } else {
        StoreError::Backend {
            path: path.to_path_buf(),
            message,
        }
    }
}
