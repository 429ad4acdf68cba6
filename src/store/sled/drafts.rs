//! Drafts: the intake being typed, one per desk or user key (never a person).
//!
//! Drafts are written on every keystroke, so in sled each keystroke would leave another
//! copy of the typed name and notes in the log, erased only by rewriting the whole store
//! (issue 13). They live outside sled instead: one file per key in `<store>/drafts/`,
//! named by the sha256 of the key, holding the key and the draft through the codec.
//! Each save writes a temporary file (0600, created new, never through a symlink) and
//! renames it over the old one, so the folder holds exactly the current version; a
//! discarded or saved draft is unlinked. With `durable`, the file and the folder are
//! fsynced. Temporary files a crash left behind are removed when the store opens.
//!
//! Stores written before issue 13 kept drafts in the `drafts` tree: on open they move to
//! files, the tree is cleared, and the store is compacted so the old copies go too.

use super::SledStore;
use crate::domain::Draft;
use crate::store::{StoreError, fsync};
use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};

/// The drafts' folder inside the store's.
pub(super) const DIR: &str = "drafts";
const EXT: &str = "draft";

impl SledStore {
    fn drafts_dir(&self) -> PathBuf {
        self.path.join(DIR)
    }

    fn draft_file(&self, key: &str) -> Result<PathBuf, StoreError> {
        self.key_part("draft key", key)?;
        let digest = Sha256::digest(key.as_bytes());
        let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        Ok(self.drafts_dir().join(format!("{name}.{EXT}")))
    }

    fn draft_io(&self, e: io::Error) -> StoreError {
        StoreError::Io {
            path: self.drafts_dir(),
            source: e,
        }
    }

    pub(super) fn put_draft_in(&self, key: &str, draft: &Draft, durable: bool) -> Result<(), StoreError> {
        let file = self.draft_file(key)?;
        let bytes = self.encode("draft", &(key, draft))?;
        let dir = self.drafts_dir();
        if !dir.exists() {
            fsync::create_private_dir(&dir).map_err(|e| self.draft_io(e))?;
            if durable {
                fsync::sync_dir(&self.path).map_err(|e| self.draft_io(e))?;
            }
        }
        fsync::write_atomically(
            &file,
            durable,
            |_, e| self.draft_io(e),
            |w| w.write_all(&bytes).map_err(|e| self.draft_io(e)),
        )?;
        Ok(())
    }

    /// Test-only ([`SledStore::debug_put_raw`]): raw bytes as the draft file of `key`.
    pub(super) fn debug_put_raw_draft(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        let file = self.draft_file(key)?;
        fsync::create_private_dir(&self.drafts_dir()).map_err(|e| self.draft_io(e))?;
        fsync::write_atomically(
            &file,
            false,
            |_, e| self.draft_io(e),
            |w| w.write_all(value).map_err(|e| self.draft_io(e)),
        )?;
        Ok(())
    }

    fn read_draft_file(&self, file: &Path) -> Result<Option<(String, Draft)>, StoreError> {
        match std::fs::read(file) {
            Ok(bytes) => self.decode("draft", &bytes).map(Some),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.draft_io(e)),
        }
    }

    pub(super) fn draft_in(&self, key: &str) -> Result<Option<Draft>, StoreError> {
        let file = self.draft_file(key)?;
        match self.read_draft_file(&file)? {
            // A file named for another key cannot happen (sha256); treat it as absent.
            Some((k, d)) if k == key => Ok(Some(d)),
            _ => Ok(None),
        }
    }

    /// Unlink the draft's file and fsync the folder (absent is fine).
    pub(super) fn delete_draft_in(&self, key: &str) -> Result<(), StoreError> {
        let file = self.draft_file(key)?;
        match std::fs::remove_file(&file) {
            Ok(()) => fsync::sync_dir(&self.drafts_dir()).map_err(|e| self.draft_io(e)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.draft_io(e)),
        }
    }

    /// The draft files, by name (temporary files excluded).
    fn draft_files(&self) -> Result<Vec<PathBuf>, StoreError> {
        let mut files = Vec::new();
        let entries = match std::fs::read_dir(self.drafts_dir()) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(files),
            Err(e) => return Err(self.draft_io(e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| self.draft_io(e))?;
            let path = entry.path();
            if path.extension().is_some_and(|x| x == EXT) && entry.file_type().is_ok_and(|t| t.is_file()) {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }

    pub(super) fn drafts_in(&self) -> Result<Vec<(String, Draft)>, StoreError> {
        let mut out = Vec::new();
        for file in self.draft_files()? {
            if let Some(kd) = self.read_draft_file(&file)? {
                out.push(kd);
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    pub(super) fn draft_count_in(&self) -> Result<u64, StoreError> {
        Ok(self.draft_files()?.len() as u64)
    }

    /// On open: remove temporary draft files a crash left behind, and move drafts kept
    /// in sled by older versions to files, then compact so no copy stays in sled's log.
    pub(super) fn migrate_drafts(&self) -> Result<(), StoreError> {
        if let Ok(entries) = std::fs::read_dir(self.drafts_dir()) {
            for entry in entries.flatten() {
                if entry.path().extension().is_some_and(|x| x == "tmp") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        let trees = self.t()?;
        if trees.drafts.is_empty() {
            return Ok(());
        }
        for item in trees.drafts.iter() {
            let (key, bytes) = item.map_err(|e| self.err(e))?;
            let Ok(key) = String::from_utf8(key.to_vec()) else {
                return Err(self.corrupt_index("draft key"));
            };
            let draft: Draft = self.decode("draft", &bytes)?;
            self.put_draft_in(&key, &draft, true)?;
        }
        trees.drafts.clear().map_err(|e| self.err(e))?;
        drop(trees);
        self.compact_in()
    }
}
