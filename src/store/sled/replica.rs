//! The seed's replica: the directory with its hash and time under one key, and the hash
//! again under its own key, written in the same batch (read without the directory).

use super::SledStore;
use crate::store::{Replica, Store, StoreError};

pub(super) const TREE: &str = "replica";
const KEY_REPLICA: &[u8] = b"directory";
const KEY_REPLICA_HASH: &[u8] = b"seed_hash";

impl SledStore {
    pub(super) fn replica_in(&self) -> Result<Option<Replica>, StoreError> {
        match self.t()?.replica.get(KEY_REPLICA).map_err(|e| self.err(e))? {
            None => Ok(None),
            Some(bytes) => self.decode("replica", &bytes).map(Some),
        }
    }

    pub(super) fn replica_hash_in(&self) -> Result<Option<String>, StoreError> {
        match self.t()?.replica.get(KEY_REPLICA_HASH).map_err(|e| self.err(e))? {
            Some(bytes) => String::from_utf8(bytes.to_vec())
                .map(Some)
                .map_err(|_| StoreError::Corrupt {
                    path: self.path.clone(),
                    what: "replica",
                    message: "seed hash not UTF-8".into(),
                }),
            // No hash key: no replica, or one that could not be read at open.
            None => Ok(self.replica_in()?.map(|r| r.seed_hash)),
        }
    }

    pub(super) fn replace_replica_in(&self, replica: &Replica) -> Result<(), StoreError> {
        let bytes = self.encode("replica", replica)?;
        // One key holds directory, hash and time together, and the hash is repeated
        // under its own key in the same batch: the swap is atomic.
        let mut batch = sled::Batch::default();
        batch.insert(KEY_REPLICA, bytes);
        batch.insert(KEY_REPLICA_HASH, replica.seed_hash.as_bytes());
        self.t()?.replica.apply_batch(batch).map_err(|e| self.err(e))?;
        self.bump();
        self.flush_durable()
    }

    /// A store written before the replica's hash had its own key gets it now, once (it
    /// is derived: if this write is lost, the next open makes it again).
    pub(super) fn backfill_replica_hash(&self) {
        let Ok(trees) = self.t() else { return };
        let tree = &trees.replica;
        if tree.contains_key(KEY_REPLICA_HASH).unwrap_or(true) {
            return;
        }
        if let Ok(Some(r)) = self.replica_in() {
            let _ = tree.insert(KEY_REPLICA_HASH, r.seed_hash.as_bytes());
        }
    }
}
