//! Every [`Store`] method of the sled store: each holds the gate shared (see
//! `compact.rs`) and calls the tree code of its module.

use super::{SledStore, space};
use crate::domain::{Case, Draft, Handoff, HandoffStatus, MeetingRecord};
use crate::store::fsync;
use crate::store::{AuditEntry, AuditFilter, RecordCounts, Replica, ReportInput, Store, StoreError};
use chrono::NaiveDate;
use std::path::Path;
use std::sync::atomic::Ordering;

impl Store for SledStore {
    fn path(&self) -> &Path {
        &self.path
    }

    fn replica(&self) -> Result<Option<Replica>, StoreError> {
        let _g = self.shared();
        self.replica_in()
    }

    fn replica_hash(&self) -> Result<Option<String>, StoreError> {
        let _g = self.shared();
        self.replica_hash_in()
    }

    fn replace_replica(&self, replica: &Replica) -> Result<(), StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        self.replace_replica_in(replica)
    }

    fn flush_durable(&self) -> Result<(), StoreError> {
        let _g = self.shared();
        self.durable()
    }

    fn compact(&self) -> Result<(), StoreError> {
        // Room for a second copy of the store, and then some.
        self.ensure_space(self.size_on_disk().saturating_add(space::RECORD_FLOOR))?;
        self.compact_in()
    }

    fn healthy(&self) -> bool {
        !self.broken.load(Ordering::SeqCst)
    }

    fn create_case(&self, case: &Case, audit: Option<&AuditEntry>) -> Result<Case, StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        let stored = self.create_case_in(case)?;
        self.bump();
        if let Some(entry) = audit {
            let entry = AuditEntry {
                case: Some(stored.number.clone()),
                ..entry.clone()
            };
            self.append_audit_in(&entry)?;
        }
        self.durable()?;
        Ok(stored)
    }

    fn put_case(&self, case: &Case) -> Result<(), StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        self.put_case_in(case)?;
        self.bump();
        self.durable()
    }

    fn case(&self, number: &str) -> Result<Option<Case>, StoreError> {
        let _g = self.shared();
        self.case_in(number)
    }

    fn cases_received(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<Case>, StoreError> {
        let _g = self.shared();
        self.cases_received_in(from, to, limit)
    }

    fn add_handoff(&self, handoff: Handoff) -> Result<Handoff, StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        let stored = self.add_handoff_in(handoff)?;
        self.bump();
        self.durable()?;
        Ok(stored)
    }

    fn update_handoff(&self, handoff: &Handoff) -> Result<(), StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        self.update_handoff_in(handoff)?;
        self.bump();
        self.durable()
    }

    fn handoffs_of_case(&self, case: &str) -> Result<Vec<Handoff>, StoreError> {
        let _g = self.shared();
        self.handoffs_of_case_in(case)
    }

    fn handoffs_to_section(
        &self,
        section: &str,
        status: Option<HandoffStatus>,
    ) -> Result<Vec<Handoff>, StoreError> {
        let _g = self.shared();
        self.handoffs_to_section_in(section, status)
    }

    fn expire_overdue(&self, today: NaiveDate, days: u32, at: &str) -> Result<usize, StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        let n = self.expire_overdue_in(today, days, at)?;
        if n > 0 {
            self.bump();
            self.durable()?;
        }
        Ok(n)
    }

    fn overdue_handoffs(&self, today: NaiveDate, days: u32) -> Result<Vec<Handoff>, StoreError> {
        let _g = self.shared();
        self.overdue_in(today, days)
    }

    fn put_draft(&self, key: &str, draft: &Draft, durable: bool) -> Result<(), StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        self.put_draft_in(key, draft, durable)?;
        self.bump();
        Ok(())
    }

    fn draft(&self, key: &str) -> Result<Option<Draft>, StoreError> {
        let _g = self.shared();
        self.draft_in(key)
    }

    fn delete_draft(&self, key: &str) -> Result<(), StoreError> {
        let _g = self.shared();
        self.delete_draft_in(key)?;
        self.bump();
        Ok(())
    }

    fn drafts(&self) -> Result<Vec<(String, Draft)>, StoreError> {
        let _g = self.shared();
        self.drafts_in()
    }

    fn allocate_meeting_seq(&self, fiscal_year: i32) -> Result<u32, StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        let seq = self.allocate_meeting_seq_in(fiscal_year)?;
        self.bump();
        self.durable()?;
        Ok(seq)
    }

    fn put_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        self.put_meeting_in(meeting)?;
        self.bump();
        self.durable()
    }

    fn meeting(&self, id: &str) -> Result<Option<MeetingRecord>, StoreError> {
        let _g = self.shared();
        self.meeting_in(id)
    }

    fn meetings_held(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<MeetingRecord>, StoreError> {
        let _g = self.shared();
        self.meetings_held_in(from, to)
    }

    fn meetings_of_case(&self, case: &str) -> Result<Vec<MeetingRecord>, StoreError> {
        let _g = self.shared();
        self.meetings_of_case_in(case)
    }

    fn report_input(&self, from: NaiveDate, to: NaiveDate) -> Result<ReportInput, StoreError> {
        let _g = self.shared();
        self.report_input_in(from, to)
    }

    fn record_counts(&self) -> Result<RecordCounts, StoreError> {
        let _g = self.shared();
        let t = self.t()?;
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
            drafts: self.draft_count_in()?,
        })
    }

    fn cases(&self) -> Result<Vec<Case>, StoreError> {
        let _g = self.shared();
        self.all_in(&self.t()?.cases, |b| self.decode_case(b))
    }

    fn handoffs(&self) -> Result<Vec<Handoff>, StoreError> {
        let _g = self.shared();
        self.all_in(&self.t()?.handoffs, |b| self.decode("hand-off", b))
    }

    fn meetings(&self) -> Result<Vec<MeetingRecord>, StoreError> {
        let _g = self.shared();
        self.all_in(&self.t()?.meetings, |b| self.decode("meeting", b))
    }

    fn restore_case(&self, case: &Case) -> Result<(), StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        self.put_case_in(case)?;
        self.bump();
        Ok(())
    }

    fn restore_handoff(&self, handoff: &Handoff) -> Result<(), StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        self.restore_handoff_in(handoff)?;
        self.bump();
        Ok(())
    }

    fn restore_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError> {
        let _g = self.shared();
        self.ensure_space(space::RECORD_FLOOR)?;
        self.put_meeting_in(meeting)?;
        self.bump();
        Ok(())
    }

    fn revision(&self) -> Result<u64, StoreError> {
        let _g = self.shared();
        Ok(self.revision.load(Ordering::SeqCst))
    }

    // Audit entries do not move the revision: reads append them, and screens that reload
    // on a new revision would otherwise reload forever.
    fn append_audit(&self, entry: &AuditEntry) -> Result<u64, StoreError> {
        let _g = self.shared();
        self.ensure_space(space::AUDIT_FLOOR)?;
        self.append_audit_in(entry)
    }

    fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let _g = self.shared();
        self.audit_entries_in(filter)
    }
}

impl SledStore {
    /// sled's flush plus fsync of the store's files and folders (DESIGN.md risk 1).
    fn durable(&self) -> Result<(), StoreError> {
        self.t()?.db.flush().map_err(|e| self.err(e))?;
        fsync::sync_tree(&self.path).map_err(|e| StoreError::Io {
            path: self.path.clone(),
            source: e,
        })
    }

    /// Every value of a record tree, decoded by `decode`, in key order.
    fn all_in<T>(
        &self,
        tree: &sled::Tree,
        decode: impl Fn(&[u8]) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        for item in tree.iter() {
            let (_, bytes) = item.map_err(|e| self.err(e))?;
            out.push(decode(&bytes)?);
        }
        Ok(out)
    }
}
