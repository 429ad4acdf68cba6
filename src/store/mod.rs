//! The store: the seed's replica and the desk's own records (cases, hand-offs, meetings,
//! drafts), and their JSON archive ([`archive`]) and anonymization ([`purge`]).
//! Only the `sled` module names sled and only `codec.rs` names bincode, so either can be
//! replaced; the [`Store`] trait names neither, so a network client can implement it.
//!
//! Privacy (DESIGN.md): keys hold only case numbers, meeting ids, section ids, dates,
//! status codes and draft keys; errors never carry record content.
//!
//! # Adding a store call
//! 1. Declare it once, at the end of the list in store/surface.rs (whose module docs
//!    give the grammar): its signature and docs, `read`, `write` or `status`, the
//!    protocol request that carries its arguments, the answer variant that carries its
//!    value, and `op Name "label"` when the role matrix checks it. From that come the
//!    [`Store`] method, [`crate::domain::Op`]`::Name` (name, audit action, refusal label),
//!    the protocol's request (name, and the retry rule: only `read` and `status` calls
//!    are sent again after a broken connection), [`crate::service::client::RemoteStore`]'s
//!    method and the service's dispatch. Raise
//!    [`crate::service::protocol::PROTOCOL_VERSION`].
//! 2. Implement it for [`SledStore`] (store/sled/api.rs).
//!
//! The compiler then asks for what is policy rather than plumbing: the guard's method
//! (store/guard/store.rs: who may call it, what is masked, what is audited) and, for an
//! operation, its row in [`crate::domain::grant`]; the permission matrix test
//! (tests/store/permissions.rs) fails until it has its row there too. An answer of a new
//! shape needs a variant at the end of the protocol's `Answer` (and, if its type is not
//! carried as it is, a conversion in service/protocol/wire.rs).

pub mod archive;
pub mod case_search;
pub mod codec;
pub mod fsync;
pub mod guard;
pub mod legacy;
pub mod purge;
pub mod replicate;
mod sled;
pub(crate) mod surface;
pub mod views;

/// The archive under the name its callers use: `store::export::{export, import, ...}`.
pub use self::archive as export;
pub use self::case_search::CaseSearch;
pub use self::sled::SledStore;
pub use self::views::{CasePage, CasePageQuery, CaseView, InboxQuery, PageRow, ReportInput};

use self::surface::types::*;
use crate::domain::Directory;
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

/// Makes the [`Store`] trait from the surface's declaration (store/surface.rs): `path` and
/// `healthy` are local to a backend and written here; every other method is a call of the
/// declaration, with its docs and default body.
macro_rules! store_trait {
    ($([
        $kind:ident $method:ident $self:ident ($($arg:ident: $arg_ty:ty),*) $args:tt ($ret:ty)
        $request:ident $shape:tt $answer:ident $op:tt ($(#[$doc:meta])*) ($($default:block)?)
    ])*) => {
        /// What every backend offers. Object-safe and free of backend types, so a network
        /// client can implement it. Every write the UI reports as saved returns only after
        /// the write is durable (sled flush plus fsync, DESIGN.md risk 1); drafts choose.
        ///
        /// The methods after `healthy` are declared in store/surface.rs (see the module
        /// docs on adding one).
        pub trait Store {
            /// Where the store is: its folder, or the service's socket.
            fn path(&self) -> &Path;

            /// Can the store go on? False once the backend failed in a way only reopening
            /// mends (sled after an I/O error): the service then exits so it is restarted.
            fn healthy(&self) -> bool {
                true
            }

            /// The hand-offs [`Store::expire_overdue`] would expire now (the guard audits
            /// them first). Local to a backend, not a call of the protocol: by default every
            /// hand-off read and filtered; the sled store seeks its section index for the
            /// requested ones only (a desk's start must not read them all).
            fn overdue_handoffs(&self, today: NaiveDate, days: u32) -> Result<Vec<Handoff>, StoreError> {
                Ok(self
                    .handoffs()?
                    .into_iter()
                    .filter(|h| h.is_overdue(today, days))
                    .collect())
            }

            $(
                store_method! {
                    $(#[$doc])*
                    fn $method(&$self $(, $arg: $arg_ty)*) -> Result<$ret, StoreError> $($default)?
                }
            )*
        }
    };
}

/// One method of the trait: a signature, or a signature with its default body.
macro_rules! store_method {
    ($(#[$doc:meta])* fn $method:ident $params:tt -> $ret:ty) => {
        $(#[$doc])*
        fn $method $params -> $ret;
    };
    ($(#[$doc:meta])* fn $method:ident $params:tt -> $ret:ty $default:block) => {
        $(#[$doc])*
        fn $method $params -> $ret $default
    };
}

surface::store_surface!(store_trait);
