//! Drafts: the intake being typed, one per desk or user key (never a person).

use super::SledStore;
use crate::domain::Draft;
use crate::store::StoreError;

impl SledStore {
    pub(super) fn put_draft_in(&self, key: &str, draft: &Draft) -> Result<(), StoreError> {
        let key = self.key_part("draft key", key)?;
        let bytes = self.encode("draft", draft)?;
        self.trees.drafts.insert(key, bytes).map_err(|e| self.err(e))?;
        Ok(())
    }

    pub(super) fn draft_in(&self, key: &str) -> Result<Option<Draft>, StoreError> {
        let key = self.key_part("draft key", key)?;
        match self.trees.drafts.get(key).map_err(|e| self.err(e))? {
            None => Ok(None),
            Some(bytes) => self.decode("draft", &bytes).map(Some),
        }
    }

    pub(super) fn delete_draft_in(&self, key: &str) -> Result<(), StoreError> {
        let key = self.key_part("draft key", key)?;
        self.trees.drafts.remove(key).map_err(|e| self.err(e))?;
        Ok(())
    }

    pub(super) fn drafts_in(&self) -> Result<Vec<(String, Draft)>, StoreError> {
        let mut out = Vec::new();
        for item in self.trees.drafts.iter() {
            let (key, bytes) = item.map_err(|e| self.err(e))?;
            let Ok(key) = String::from_utf8(key.to_vec()) else {
                return Err(self.corrupt_index("draft key"));
            };
            out.push((key, self.decode("draft", &bytes)?));
        }
        Ok(out)
    }
}
