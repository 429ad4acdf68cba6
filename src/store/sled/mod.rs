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
//! - `drafts`: draft key (a desk or user) -> [`crate::domain::Draft`]
//! - `audit`: seq (u64 BE, 1, 2, ...) -> [`crate::store::AuditEntry`]; append only
//!   (see `audit.rs`)
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

mod audit;
mod cases;
mod drafts;
mod handoffs;
mod meetings;
mod replica;

use super::codec::{self, CodecError};
use super::fsync;
use super::{AuditEntry, AuditFilter, RecordCounts, Replica, Store, StoreError, usable_key_part};
use crate::domain::{Case, Draft, Handoff, HandoffStatus, MeetingRecord};
use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::transaction::{ConflictableTransactionError, TransactionError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// sled's page cache defaults to 1 GiB; the city's store is small.
const CACHE_BYTES: u64 = 32 * 1024 * 1024;

pub(super) struct Trees {
    replica: sled::Tree,
    cases: sled::Tree,
    cases_by_date: sled::Tree,
    counters: sled::Tree,
    handoffs: sled::Tree,
    handoffs_by_section: sled::Tree,
    meetings: sled::Tree,
    meetings_by_date: sled::Tree,
    meetings_by_case: sled::Tree,
    drafts: sled::Tree,
    audit: sled::Tree,
}

pub struct SledStore {
    db: sled::Db,
    path: PathBuf,
    trees: Trees,
    /// [`Store::revision`]: moved by every write.
    revision: AtomicU64,
}

/// What a transaction closure returns.
type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

impl SledStore {
    /// Open (or create) the store in `dir`, private to its owner.
    pub fn open(dir: &Path) -> Result<SledStore, StoreError> {
        let path = dir.to_path_buf();
        fsync::create_private_dir(dir).map_err(|e| StoreError::Io {
            path: path.clone(),
            source: e,
        })?;
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
        let trees = Trees {
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
        };
        fsync::restrict_tree(dir).map_err(|e| StoreError::Io {
            path: path.clone(),
            source: e,
        })?;
        let store = SledStore {
            db,
            path,
            trees,
            revision: AtomicU64::new(first_revision()),
        };
        store.backfill_replica_hash();
        Ok(store)
    }

    /// Test-only: write raw bytes into a tree, bypassing the codec and the indexes, so
    /// tests can prove a corrupt value gives [`StoreError::Corrupt`] and no panic. Trees:
    /// replica, cases, cases_by_date, counters, handoffs, handoffs_by_section, meetings,
    /// meetings_by_date, meetings_by_case, drafts.
    #[doc(hidden)]
    /// The audit trail is refused: it is append only, for tests too.
    pub fn debug_put_raw(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        if tree == audit::TREE {
            return Err(self.invalid_key("tree (the audit trail is append only)"));
        }
        let t = self.db.open_tree(tree).map_err(|e| self.err(e))?;
        t.insert(key, value).map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Test-only: every key of every tree, so tests can prove no key holds personal data.
    #[doc(hidden)]
    pub fn debug_keys(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let mut out = Vec::new();
        for name in self.db.tree_names() {
            let t = self.db.open_tree(&name).map_err(|e| self.err(e))?;
            let tree = String::from_utf8_lossy(&name).into_owned();
            for item in t.iter() {
                let (k, _) = item.map_err(|e| self.err(e))?;
                out.push((tree.clone(), k.to_vec()));
            }
        }
        Ok(out)
    }

    pub(super) fn err(&self, e: sled::Error) -> StoreError {
        StoreError::Backend {
            path: self.path.clone(),
            message: e.to_string(),
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

impl Store for SledStore {
    fn path(&self) -> &Path {
        &self.path
    }

    fn replica(&self) -> Result<Option<Replica>, StoreError> {
        self.replica_in()
    }

    fn replica_hash(&self) -> Result<Option<String>, StoreError> {
        self.replica_hash_in()
    }

    fn replace_replica(&self, replica: &Replica) -> Result<(), StoreError> {
        self.replace_replica_in(replica)
    }

    fn flush_durable(&self) -> Result<(), StoreError> {
        self.db.flush().map_err(|e| self.err(e))?;
        fsync::sync_tree(&self.path).map_err(|e| StoreError::Io {
            path: self.path.clone(),
            source: e,
        })
    }

    fn create_case(&self, case: &Case, audit: Option<&AuditEntry>) -> Result<Case, StoreError> {
        let stored = self.create_case_in(case)?;
        self.bump();
        if let Some(entry) = audit {
            let entry = AuditEntry {
                case: Some(stored.number.clone()),
                ..entry.clone()
            };
            self.append_audit_in(&entry)?;
        }
        self.flush_durable()?;
        Ok(stored)
    }

    fn put_case(&self, case: &Case) -> Result<(), StoreError> {
        self.put_case_in(case)?;
        self.bump();
        self.flush_durable()
    }

    fn case(&self, number: &str) -> Result<Option<Case>, StoreError> {
        self.case_in(number)
    }

    fn cases_received(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<Case>, StoreError> {
        self.cases_received_in(from, to, limit)
    }

    fn add_handoff(&self, handoff: Handoff) -> Result<Handoff, StoreError> {
        let stored = self.add_handoff_in(handoff)?;
        self.bump();
        self.flush_durable()?;
        Ok(stored)
    }

    fn update_handoff(&self, handoff: &Handoff) -> Result<(), StoreError> {
        self.update_handoff_in(handoff)?;
        self.bump();
        self.flush_durable()
    }

    fn handoffs_of_case(&self, case: &str) -> Result<Vec<Handoff>, StoreError> {
        self.handoffs_of_case_in(case)
    }

    fn handoffs_to_section(
        &self,
        section: &str,
        status: Option<HandoffStatus>,
    ) -> Result<Vec<Handoff>, StoreError> {
        self.handoffs_to_section_in(section, status)
    }

    fn expire_overdue(&self, today: NaiveDate, days: u32, at: &str) -> Result<usize, StoreError> {
        let n = self.expire_overdue_in(today, days, at)?;
        if n > 0 {
            self.bump();
            self.flush_durable()?;
        }
        Ok(n)
    }

    fn put_draft(&self, key: &str, draft: &Draft, durable: bool) -> Result<(), StoreError> {
        self.put_draft_in(key, draft)?;
        self.bump();
        if durable {
            self.flush_durable()?;
        }
        Ok(())
    }

    fn draft(&self, key: &str) -> Result<Option<Draft>, StoreError> {
        self.draft_in(key)
    }

    fn delete_draft(&self, key: &str) -> Result<(), StoreError> {
        self.delete_draft_in(key)?;
        self.bump();
        self.flush_durable()
    }

    fn drafts(&self) -> Result<Vec<(String, Draft)>, StoreError> {
        self.drafts_in()
    }

    fn allocate_meeting_seq(&self, fiscal_year: i32) -> Result<u32, StoreError> {
        let seq = self.allocate_meeting_seq_in(fiscal_year)?;
        self.bump();
        self.flush_durable()?;
        Ok(seq)
    }

    fn put_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError> {
        self.put_meeting_in(meeting)?;
        self.bump();
        self.flush_durable()
    }

    fn meeting(&self, id: &str) -> Result<Option<MeetingRecord>, StoreError> {
        self.meeting_in(id)
    }

    fn meetings_held(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<MeetingRecord>, StoreError> {
        self.meetings_held_in(from, to)
    }

    fn meetings_of_case(&self, case: &str) -> Result<Vec<MeetingRecord>, StoreError> {
        self.meetings_of_case_in(case)
    }

    fn record_counts(&self) -> Result<RecordCounts, StoreError> {
        let t = &self.trees;
        // sled's len() walks the tree; these trees hold the desk's records only.
        let count = |tree: &sled::Tree| -> Result<u64, StoreError> {
            let mut n = 0u64;
            for item in tree.iter().keys() {
                item.map_err(|e| self.err(e))?;
                n += 1;
            }
            Ok(n)
        };
        Ok(RecordCounts {
            cases: count(&t.cases)?,
            handoffs: count(&t.handoffs)?,
            meetings: count(&t.meetings)?,
            drafts: count(&t.drafts)?,
        })
    }

    fn cases(&self) -> Result<Vec<Case>, StoreError> {
        self.all_in(&self.trees.cases, "case")
    }

    fn handoffs(&self) -> Result<Vec<Handoff>, StoreError> {
        self.all_in(&self.trees.handoffs, "hand-off")
    }

    fn meetings(&self) -> Result<Vec<MeetingRecord>, StoreError> {
        self.all_in(&self.trees.meetings, "meeting")
    }

    fn restore_case(&self, case: &Case) -> Result<(), StoreError> {
        self.put_case_in(case)?;
        self.bump();
        Ok(())
    }

    fn restore_handoff(&self, handoff: &Handoff) -> Result<(), StoreError> {
        self.restore_handoff_in(handoff)?;
        self.bump();
        Ok(())
    }

    fn restore_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError> {
        self.put_meeting_in(meeting)?;
        self.bump();
        Ok(())
    }

    fn revision(&self) -> Result<u64, StoreError> {
        Ok(self.revision.load(Ordering::SeqCst))
    }

    // Audit entries do not move the revision: reads append them, and screens that reload
    // on a new revision would otherwise reload forever.
    fn append_audit(&self, entry: &AuditEntry) -> Result<u64, StoreError> {
        self.append_audit_in(entry)
    }

    fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_entries_in(filter)
    }
}

impl SledStore {
    /// Every value of a record tree, decoded, in key order.
    fn all_in<T: DeserializeOwned>(
        &self,
        tree: &sled::Tree,
        what: &'static str,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        for item in tree.iter() {
            let (_, bytes) = item.map_err(|e| self.err(e))?;
            out.push(self.decode(what, &bytes)?);
        }
        Ok(out)
    }
}
