//! The store: the seed's replica and the desk's own records (cases, hand-offs, meetings,
//! drafts), and their JSON archive ([`archive`]) and anonymization ([`purge`]).
//! Only the `sled` module names sled and only `codec.rs` names bincode, so either can be
//! replaced; the [`Store`] trait names neither, so a network client can implement it.
//!
//! Privacy (DESIGN.md): keys hold only case numbers, meeting ids, section ids, dates,
//! status codes and draft keys; errors never carry record content.

pub mod archive;
pub mod codec;
pub mod fsync;
pub mod guard;
pub mod purge;
pub mod replicate;
mod sled;
pub mod views;

/// The archive under the name its callers use: `store::export::{export, import, ...}`.
pub use self::archive as export;
pub use self::sled::SledStore;
pub use self::views::{CasePage, CasePageQuery, CaseView, InboxQuery, PageRow};

use crate::domain::{Case, Directory, Draft, Handoff, HandoffStatus, MeetingRecord};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Longest string (case number, section id, meeting id, draft key) a backend accepts as
/// part of a key, in bytes. Key parts must also be non-empty and free of NUL.
pub const MAX_KEY_PART: usize = 200;

/// Can `s` be part of a key ([`MAX_KEY_PART`])?
pub fn usable_key_part(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_KEY_PART && !s.contains('\0')
}

/// How many records of each kind a store (or an export file) holds.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct RecordCounts {
    pub cases: u64,
    pub handoffs: u64,
    pub meetings: u64,
    pub drafts: u64,
}

impl RecordCounts {
    pub fn total(&self) -> u64 {
        self.cases + self.handoffs + self.meetings + self.drafts
    }
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }
}

/// The directory as last replicated from a valid seed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Replica {
    pub directory: Directory,
    /// sha256 of the seed's files.
    pub seed_hash: String,
    /// Where the seed came from ("embedded" or a folder).
    pub origin: String,
    /// RFC 3339 time of replication.
    pub replicated_at: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the store {path} is in use by another tsunagu process. Close the other tsunagu (or run `tsunagu serve` so desks share it), or pass --data DIR to use another store"
    )]
    Locked { path: PathBuf },
    #[error("cannot use the store {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("store {path}: {message}")]
    Backend { path: PathBuf, message: String },
    /// `message` describes the damage, never the content.
    #[error("store {path}: the {what} record cannot be read ({message})")]
    Corrupt {
        path: PathBuf,
        what: &'static str,
        message: String,
    },
    /// `key` is a case number or case number#seq: never personal data.
    #[error("store {path}: no {what} {key}")]
    NotFound {
        path: PathBuf,
        what: &'static str,
        key: String,
    },
    /// A value that must become part of a key is empty, too long, holds a NUL byte or (for
    /// dates) is not a date. The value itself is not repeated.
    #[error("store {path}: the {what} cannot be used as a key (empty, too long, NUL, or not a date)")]
    InvalidKey { path: PathBuf, what: &'static str },
    /// The tsunagu service (`tsunagu serve`) cannot be reached: not running, refused, or
    /// the connection was lost. `path` is its socket.
    #[error("the tsunagu service {path} cannot be reached ({source}); is `tsunagu serve` running?")]
    Unavailable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The service refused or could not answer a request (protocol, size, internal
    /// error). `message` is written by tsunagu, never record content.
    #[error("the tsunagu service {path}: {message}")]
    Service { path: PathBuf, message: String },
    /// The caller's role does not allow this (store::guard). `what` names the kind of
    /// operation (a fixed Japanese label, [`crate::domain::Op::label_ja`]), never a
    /// record, a person or a case number.
    #[error("permission denied: {what}")]
    Denied { what: &'static str },
}

impl StoreError {
    /// The message for the desk, in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            StoreError::Locked { path } => format!(
                "データ {} は別の tsunagu が使用中です。もう一方を終了するか、--data で別の場所を指定してください (共有するには tsunagu serve)",
                path.display()
            ),
            StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => format!(
                "ディスクがいっぱいです。保存されていません。空きを作るよう管理者に連絡してください ({source})"
            ),
            StoreError::Io { path, source } => {
                format!("データ {} を使えません: {}", path.display(), source.kind())
            }
            StoreError::Backend { path, message } => format!("データ {} の誤り: {message}", path.display()),
            StoreError::Corrupt { path, what, .. } => {
                format!("データ {} の {what} が読めません", path.display())
            }
            StoreError::NotFound { path, what, key } => {
                format!("データ {} に {what} {key} がありません", path.display())
            }
            StoreError::InvalidKey { path, what } => {
                format!("データ {} に保存できません: {what} が不正です", path.display())
            }
            StoreError::Unavailable { path, source } => format!(
                "サービス {} に接続できません ({})。tsunagu serve が動いているか確かめてください",
                path.display(),
                source.kind()
            ),
            StoreError::Service { path, message } => {
                format!(
                    "サービス {} が要求を処理できませんでした ({message})",
                    path.display()
                )
            }
            StoreError::Denied { what } => format!("権限がありません: {what}"),
        }
    }
}

/// One line of the audit trail: who did what to which case, when. Never personal data:
/// the user is a staff login, the action a fixed word ([`crate::domain::Op::audit_action`],
/// `denied:` before it for a refused request), the case a case number.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// 1, 2, ... in the order appended, assigned by the store ([`Store::append_audit`]
    /// ignores the given one).
    pub seq: u64,
    /// RFC 3339 time.
    pub at: String,
    pub user: String,
    pub action: String,
    pub case: Option<String>,
}

/// Which audit entries to read; every field given must match.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct AuditFilter {
    pub case: Option<String>,
    pub user: Option<String>,
    /// Entries on or after this date (by the date part of `at`).
    pub since: Option<NaiveDate>,
    /// Only the last (newest) this many of those that match.
    pub limit: Option<usize>,
}

impl AuditFilter {
    /// Does `e` match (ignoring `limit`)?
    pub fn matches(&self, e: &AuditEntry) -> bool {
        self.case.as_ref().is_none_or(|c| e.case.as_ref() == Some(c))
            && self.user.as_ref().is_none_or(|u| &e.user == u)
            && self
                .since
                .is_none_or(|d| crate::domain::date_of(&e.at).is_some_and(|at| at >= d))
    }
}

/// What every backend offers. Object-safe and free of backend types, so a network
/// client can implement it. Every write the UI reports as saved returns only after the
/// write is durable (sled flush plus fsync, DESIGN.md risk 1); drafts choose.
pub trait Store {
    fn path(&self) -> &Path;
    /// The replicated directory, if any.
    fn replica(&self) -> Result<Option<Replica>, StoreError>;
    /// The seed hash of the replica, without reading its directory: a cheap way to see
    /// whether the replica changed (the desk polls it, `find` keys its snapshot on it).
    fn replica_hash(&self) -> Result<Option<String>, StoreError> {
        Ok(self.replica()?.map(|r| r.seed_hash))
    }
    /// Replace the replica in one atomic step, durably.
    fn replace_replica(&self, replica: &Replica) -> Result<(), StoreError>;
    /// sled flush plus fsync of the store's files and directories.
    fn flush_durable(&self) -> Result<(), StoreError>;

    // --- cases ---------------------------------------------------------------------

    /// Store a new case under the next number of its fiscal year (the fiscal year of its
    /// received date): the store, never the caller, chooses the number. The given
    /// `number`, `seq` and `fiscal_year` are ignored. Allocation and insert are one
    /// atomic step with one durable flush, so a number is never handed out twice, even
    /// after a crash, and a number is never left allocated without its case. A number
    /// already taken (e.g. by an imported case) is skipped. Returns the stored case.
    ///
    /// `audit`, when given, is appended to the trail naming the new number before the
    /// flush, so both are durable together (the policy layer passes its entry; a network
    /// client passes None: the service's own guard writes it).
    fn create_case(&self, case: &Case, audit: Option<&AuditEntry>) -> Result<Case, StoreError>;
    /// Replace a case (by number) with its received-date index entry, in one atomic
    /// step, durably. The number must be well formed and match `fiscal_year` and `seq`
    /// ([`crate::domain::parse_case_number`]). A case that does not exist yet is
    /// inserted and the year's counter raised to its seq (the raw store trusts its
    /// caller; the policy layer refuses new numbers here: see [`Store::create_case`]).
    fn put_case(&self, case: &Case) -> Result<(), StoreError>;
    fn case(&self, number: &str) -> Result<Option<Case>, StoreError>;
    /// Cases received between `from` and `to` (inclusive, either open), newest date
    /// first (within a date, highest number first); at most `limit`. Reads the date index.
    fn cases_received(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<Case>, StoreError>;

    // --- hand-offs -----------------------------------------------------------------

    /// Store a new hand-off of an existing case: `seq` is assigned (next within the case,
    /// atomically; the given one is ignored), durably. Returns the stored hand-off.
    fn add_handoff(&self, handoff: Handoff) -> Result<Handoff, StoreError>;
    /// Replace an existing hand-off (by case and seq) and move its inbox entry when the
    /// status or section changed, atomically, durably. Lifecycle rules are the domain's:
    /// call [`Handoff::transition`] first.
    fn update_handoff(&self, handoff: &Handoff) -> Result<(), StoreError>;
    /// A case's hand-offs by seq.
    fn handoffs_of_case(&self, case: &str) -> Result<Vec<Handoff>, StoreError>;
    /// A section's inbox, all statuses or one, newest `requested_at` first.
    fn handoffs_to_section(
        &self,
        section: &str,
        status: Option<HandoffStatus>,
    ) -> Result<Vec<Handoff>, StoreError>;
    /// Every hand-off still requested after `days` days becomes expired (by "system", at
    /// `at`), durably. Returns how many.
    fn expire_overdue(&self, today: NaiveDate, days: u32, at: &str) -> Result<usize, StoreError>;
    /// The hand-offs [`Store::expire_overdue`] would expire now (the guard audits them
    /// first). By default every hand-off read and filtered; the sled store seeks its
    /// section index for the requested ones only (a desk's start must not read them all).
    fn overdue_handoffs(&self, today: NaiveDate, days: u32) -> Result<Vec<Handoff>, StoreError> {
        Ok(self
            .handoffs()?
            .into_iter()
            .filter(|h| h.is_overdue(today, days))
            .collect())
    }

    // --- drafts --------------------------------------------------------------------

    /// Save the intake being typed under `key` (a desk or user, never a person). With
    /// `durable`, returns after the write is on disk; without, it reaches disk within
    /// sled's flush interval (500 ms) or when the store is dropped, and is lost if the
    /// process is killed or the machine fails before that.
    fn put_draft(&self, key: &str, draft: &Draft, durable: bool) -> Result<(), StoreError>;
    fn draft(&self, key: &str) -> Result<Option<Draft>, StoreError>;
    /// Remove a draft, durably (absent is fine).
    fn delete_draft(&self, key: &str) -> Result<(), StoreError>;
    /// Every draft with its key, by key.
    fn drafts(&self) -> Result<Vec<(String, Draft)>, StoreError>;

    // --- meetings ------------------------------------------------------------------

    /// The next meeting sequence of a fiscal year (western year it starts in): 1, 2, ...
    /// for [`crate::domain::meeting_number`]. Atomic and durable, like cases.
    fn allocate_meeting_seq(&self, fiscal_year: i32) -> Result<u32, StoreError>;
    /// Insert or replace a meeting (by id) with its date index entry and one case index
    /// entry per case discussed, in one atomic step, durably. `date` must start with
    /// `YYYY-MM-DD`. When the id is the canonical [`crate::domain::meeting_number`] of its
    /// fiscal year, the year's counter is raised to its seq (as `put_case` does).
    fn put_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError>;
    fn meeting(&self, id: &str) -> Result<Option<MeetingRecord>, StoreError>;
    /// Meetings held between `from` and `to` (inclusive, either open), oldest date first
    /// (within a date, by id). Reads the date index.
    fn meetings_held(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<MeetingRecord>, StoreError>;
    /// The meetings a case was discussed at, oldest date first (within a date, by id).
    /// Reads the case index.
    fn meetings_of_case(&self, case: &str) -> Result<Vec<MeetingRecord>, StoreError>;

    // --- whole store: export, import, purge -----------------------------------------

    /// How many cases, hand-offs, meetings and drafts the store holds.
    fn record_counts(&self) -> Result<RecordCounts, StoreError>;
    /// Every case, by number (key order).
    fn cases(&self) -> Result<Vec<Case>, StoreError>;
    /// Rewrite the store so that nothing overwritten or removed stays in its files
    /// (sled keeps old values in its log: DESIGN.md ruling 9): after it, the personal
    /// text a purge cleared is gone from the disk. Every other call waits meanwhile.
    /// Durable when it returns.
    fn compact(&self) -> Result<(), StoreError>;
    /// Every hand-off, by case number then seq (key order).
    fn handoffs(&self) -> Result<Vec<Handoff>, StoreError>;
    /// Every meeting, by id (key order).
    fn meetings(&self) -> Result<Vec<MeetingRecord>, StoreError>;
    /// `put_case` without the durable flush, for batches (import, purge): atomic per
    /// record; end the batch with [`Store::flush_durable`].
    fn restore_case(&self, case: &Case) -> Result<(), StoreError>;
    /// Insert or replace a hand-off of an existing case under its own `seq` (>= 1), with
    /// its inbox entry, and raise the case's hand-off counter to `seq` so it is never
    /// assigned again. Atomic, not flushed: end the batch with [`Store::flush_durable`].
    fn restore_handoff(&self, handoff: &Handoff) -> Result<(), StoreError>;
    /// `put_meeting` without the durable flush, for batches (import, purge).
    fn restore_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError>;

    // --- audit trail ---------------------------------------------------------------

    /// Append one entry to the audit trail and return its seq: the next after the last,
    /// never reusing or replacing an entry (append only: no method changes or removes
    /// one). Not flushed by itself: the write it accompanies (appended first) or the next
    /// [`Store::flush_durable`] makes it durable, in the same flush.
    ///
    /// Whoever holds the raw store can call this; the policy layer
    /// ([`guard::Guarded`]) refuses it, and it must never be reachable over the service's
    /// protocol except through guarded operations.
    ///
    /// The default refuses (fail closed): a backend that keeps no trail of its own (a
    /// network client) never appends; the guard around a store that refuses refuses
    /// everything it would have to record.
    fn append_audit(&self, entry: &AuditEntry) -> Result<u64, StoreError> {
        let _ = entry;
        Err(StoreError::Denied {
            what: crate::domain::Op::AppendAudit.label_ja(),
        })
    }
    /// The entries that match `filter`, by seq. The default refuses; a network client
    /// asks the service (which answers through its guard: admins only).
    fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let _ = filter;
        Err(StoreError::Denied {
            what: crate::domain::Op::AuditEntries.label_ja(),
        })
    }

    /// Can the store go on? False once the backend failed in a way only reopening
    /// mends (sled after an I/O error): the service then exits so it is restarted.
    fn healthy(&self) -> bool {
        true
    }

    // --- reads shaped like the screens (views.rs) -----------------------------------

    /// A page of the case list (全件), in one call. The default composes it from the
    /// calls above ([`views::case_page`]); the policy layer runs that through its own
    /// calls and records one audit entry per case read; the network client sends it as
    /// one request.
    fn case_page(&self, query: &CasePageQuery) -> Result<CasePage, StoreError> {
        views::case_page(self, query)
    }
    /// A page of a section's inbox (受信箱), in one call ([`views::inbox_page`]).
    fn inbox_page(&self, query: &InboxQuery) -> Result<CasePage, StoreError> {
        views::inbox_page(self, query)
    }
    /// One case with its hand-offs and meetings, in one call ([`views::case_view`]).
    fn case_view(&self, number: &str) -> Result<Option<CaseView>, StoreError> {
        views::case_view(self, number)
    }

    // --- change notification ---------------------------------------------------------

    /// A number that changes (grows) with every write, so screens can poll it (about
    /// every 500 ms) and reload only when it moved. Compare with `!=`: its starting value
    /// is arbitrary and restarts when the store (or the service) is reopened.
    fn revision(&self) -> Result<u64, StoreError>;
}
