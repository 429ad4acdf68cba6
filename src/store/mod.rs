//! The store: the seed's replica and (later) the desk's own records. Only `sled.rs` names
//! sled and only `codec.rs` names bincode, so either can be replaced.

pub mod codec;
pub mod fsync;
pub mod replicate;
mod sled;

pub use self::sled::SledStore;

use crate::domain::Directory;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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
    #[error("store {path}: the {what} record cannot be read ({message})")]
    Corrupt {
        path: PathBuf,
        what: &'static str,
        message: String,
    },
}

impl StoreError {
    /// The message for the desk, in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            StoreError::Locked { path } => format!(
                "データ {} は別の tsunagu が使用中です。もう一方を終了するか、--data で別の場所を指定してください (共有するには tsunagu serve)",
                path.display()
            ),
            StoreError::Io { path, source } => {
                format!("データ {} を使えません: {}", path.display(), source.kind())
            }
            StoreError::Backend { path, message } => format!("データ {} の誤り: {message}", path.display()),
            StoreError::Corrupt { path, what, .. } => {
                format!("データ {} の {what} が読めません", path.display())
            }
        }
    }
}

/// What every backend offers.
pub trait Store {
    fn path(&self) -> &Path;
    /// The replicated directory, if any.
    fn replica(&self) -> Result<Option<Replica>, StoreError>;
    /// Replace the replica in one atomic step, durably.
    fn replace_replica(&self, replica: &Replica) -> Result<(), StoreError>;
    /// sled flush plus fsync of the store's files and directories.
    fn flush_durable(&self) -> Result<(), StoreError>;
}
