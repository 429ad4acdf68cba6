//! The embedded store on sled 0.34.7: the only file that names sled.

use super::codec;
use super::fsync;
use super::{Replica, Store, StoreError};
use std::path::{Path, PathBuf};

/// sled's page cache defaults to 1 GiB; the city's store is small.
const CACHE_BYTES: u64 = 32 * 1024 * 1024;

const REPLICA_TREE: &str = "replica";
const KEY_REPLICA: &[u8] = b"directory";

pub struct SledStore {
    db: sled::Db,
    path: PathBuf,
}

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
        fsync::restrict_tree(dir).map_err(|e| StoreError::Io {
            path: path.clone(),
            source: e,
        })?;
        Ok(SledStore { db, path })
    }

    fn tree(&self, name: &str) -> Result<sled::Tree, StoreError> {
        self.db.open_tree(name).map_err(|e| self.err(e))
    }

    fn err(&self, e: sled::Error) -> StoreError {
        StoreError::Backend {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }
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
        let tree = self.tree(REPLICA_TREE)?;
        match tree.get(KEY_REPLICA).map_err(|e| self.err(e))? {
            None => Ok(None),
            Some(bytes) => codec::decode(&bytes).map(Some).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                what: "replica",
                message: e.to_string(),
            }),
        }
    }

    fn replace_replica(&self, replica: &Replica) -> Result<(), StoreError> {
        let bytes = codec::encode(replica).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            what: "replica",
            message: e.to_string(),
        })?;
        // One key holds directory, hash and time together: the swap is atomic.
        self.tree(REPLICA_TREE)?
            .insert(KEY_REPLICA, bytes)
            .map_err(|e| self.err(e))?;
        self.flush_durable()
    }

    fn flush_durable(&self) -> Result<(), StoreError> {
        self.db.flush().map_err(|e| self.err(e))?;
        fsync::sync_tree(&self.path).map_err(|e| StoreError::Io {
            path: self.path.clone(),
            source: e,
        })
    }
}
