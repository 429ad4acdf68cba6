//! The policy layer: a [`Store`] that answers for one caller ([`Identity`]) only what
//! their role allows, masks restricted cases they are not entitled to, and writes the
//! audit trail. The rules are the pure functions of [`crate::domain::staff`] (the
//! matrix is documented there); this file applies them to every method.
//!
//! Used the same way in both modes: embedded (`guard(sled, Identity::embedded_owner(..))`)
//! and behind the service (one `Guarded` per connection, around the one shared store,
//! for the identity the kernel gave).
//!
//! # Audit
//! Every read that returns a case's personal details unmasked appends one entry per case
//! (and per call: a list that returns a case twice, e.g. two hand-offs, records it once);
//! every write appends one entry (per case it touches); every refused request appends a
//! `denied:` entry. Entries hold time, user, action and case number only.
//! - Writes: the entry is appended *before* the write, without a flush, so the write's own
//!   durable flush makes both durable together. A write that then fails leaves its entry
//!   (the trail records what was asked for and allowed).
//! - Reads: the entries are appended before the data is returned; they reach the disk
//!   with sled's periodic flush (within 500 ms) or the next durable write. Flushing on
//!   every read would make each screen refresh wait for fsync once per case.
//! - If the entry cannot be appended, the request fails: nothing is read or written
//!   without its entry.
//!
//! `append_audit` through the guard is refused (callers cannot forge entries) and the
//! guard has no accessor for the store it wraps.
//!
//! Writes are checked and done under one process-wide lock, so a check cannot be
//! overtaken by another guarded write to the same record between the check and the
//! write (reads take no lock).

use super::{AuditEntry, AuditFilter, RecordCounts, Replica, Store, StoreError, usable_key_part};
use crate::domain::{
    Case, Draft, Grant, Handoff, HandoffStatus, Identity, MASKED, MeetingRecord, Op, Reach, Role, StoredCase,
    Subject, allowed, grant, mask_case, mask_handoff, reach,
};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The clock the audit trail's times come from (RFC 3339).
pub type Clock = Box<dyn Fn() -> String + Send + Sync>;

/// Guarded writes in this process, one at a time.
static WRITES: Mutex<()> = Mutex::new(());

/// A [`Store`] for one caller. Make it with [`guard`].
pub struct Guarded {
    inner: Arc<dyn Store + Send + Sync>,
    who: Identity,
    clock: Clock,
}

/// Wrap `inner` for `who`. Times in the audit trail come from the local clock.
pub fn guard(inner: Arc<dyn Store + Send + Sync>, who: Identity) -> Guarded {
    Guarded {
        inner,
        who,
        clock: Box::new(|| chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
    }
}

/// The `what` of a [`StoreError::Denied`] that came as text (over the service's
/// protocol), as the fixed label it was made from; None if it is not one.
pub fn denied_what(text: &str) -> Option<&'static str> {
    Op::ALL.iter().map(|op| op.label_ja()).find(|l| *l == text)
}

/// Per-call cache of stored cases, with their hand-offs when the role needs them.
type Cache = HashMap<String, Option<(Case, Vec<Handoff>)>>;

impl Guarded {
    /// Audit times from `clock` instead of the local clock (tests).
    pub fn with_clock(mut self, clock: impl Fn() -> String + Send + Sync + 'static) -> Guarded {
        self.clock = Box::new(clock);
        self
    }

    /// Who this store answers for.
    pub fn identity(&self) -> &Identity {
        &self.who
    }

    fn role(&self) -> Option<Role> {
        self.who.role()
    }

    /// Append one entry. A case "number" that could not be a key is not recorded (it
    /// came from the caller and could be anything).
    fn audit(&self, action: &str, case: Option<&str>) -> Result<(), StoreError> {
        let entry = AuditEntry {
            seq: 0,
            at: (self.clock)(),
            user: self.who.user.clone(),
            action: action.to_string(),
            case: case.filter(|c| usable_key_part(c)).map(str::to_string),
        };
        self.inner.append_audit(&entry).map(|_| ())
    }

    /// Refuse `op`, recording the refusal (best effort: the refusal stands either way).
    fn deny(&self, op: Op, case: Option<&str>) -> StoreError {
        let _ = self.audit(&format!("denied:{}", op.audit_action()), case);
        StoreError::Denied { what: op.label_ja() }
    }

    /// The role's grant for `op`, or the refusal.
    fn grant(&self, op: Op) -> Result<Grant, StoreError> {
        match grant(self.role(), op) {
            Grant::Deny => Err(self.deny(op, None)),
            g => Ok(g),
        }
    }

    /// Bulk reads (export, purge) give an admin whole records: see domain::staff, note 5.
    fn custodial(&self, op: Op) -> bool {
        self.role() == Some(Role::Admin) && matches!(op, Op::Cases | Op::Handoffs | Op::Meetings | Op::Drafts)
    }

    /// Only sections need a case's hand-offs to know their reach.
    fn needs_handoffs(&self) -> bool {
        self.role() == Some(Role::Section)
    }

    /// A stored case and (for sections) its hand-offs, through the cache.
    fn load<'c>(
        &self,
        number: &str,
        cache: &'c mut Cache,
    ) -> Result<&'c Option<(Case, Vec<Handoff>)>, StoreError> {
        if !cache.contains_key(number) {
            let loaded = match self.inner.case(number)? {
                None => None,
                Some(c) => {
                    let hs = if self.needs_handoffs() {
                        self.inner.handoffs_of_case(number)?
                    } else {
                        Vec::new()
                    };
                    Some((c, hs))
                }
            };
            cache.insert(number.to_string(), loaded);
        }
        Ok(cache.get(number).unwrap_or(&None))
    }

    /// How much of case `number` the caller sees in `op`. A hand-off or meeting whose
    /// case is missing (cannot happen: the store checks) is whole for coordinators and
    /// admins and hidden from the rest.
    fn reach_of(&self, op: Op, number: &str, cache: &mut Cache) -> Result<Reach, StoreError> {
        let custodial = self.custodial(op);
        let r = match self.load(number, cache)? {
            Some((c, hs)) => reach(&self.who, c, hs),
            None => match self.role() {
                Some(Role::Coordinator | Role::Admin) => Reach::Full,
                _ => Reach::None,
            },
        };
        Ok(if custodial && r == Reach::Masked {
            Reach::Full
        } else {
            r
        })
    }

    /// Record the unmasked reads of one call, one entry per case.
    fn audit_reads(&self, op: Op, cases: BTreeSet<String>) -> Result<(), StoreError> {
        for c in &cases {
            self.audit(op.audit_action(), Some(c))?;
        }
        Ok(())
    }

    /// Filter, mask and audit cases a read returns.
    fn view_cases(&self, op: Op, cases: Vec<Case>) -> Result<Vec<Case>, StoreError> {
        let mut cache = Cache::new();
        let mut out = Vec::with_capacity(cases.len());
        let mut read = BTreeSet::new();
        for mut c in cases {
            let r = if self.needs_handoffs() {
                self.reach_of(op, &c.number, &mut cache)?
            } else {
                let r = reach(&self.who, &c, &[]);
                if self.custodial(op) && r == Reach::Masked {
                    Reach::Full
                } else {
                    r
                }
            };
            match r {
                Reach::None => continue,
                Reach::Masked => mask_case(&mut c),
                Reach::Full => {
                    read.insert(c.number.clone());
                }
            }
            out.push(c);
        }
        self.audit_reads(op, read)?;
        Ok(out)
    }

    /// Filter, mask and audit hand-offs a read returns.
    fn view_handoffs(&self, op: Op, handoffs: Vec<Handoff>) -> Result<Vec<Handoff>, StoreError> {
        let mut cache = Cache::new();
        let mut out = Vec::with_capacity(handoffs.len());
        let mut read = BTreeSet::new();
        for mut h in handoffs {
            match self.reach_of(op, &h.case, &mut cache)? {
                Reach::None => continue,
                Reach::Masked => mask_handoff(&mut h),
                Reach::Full => {
                    read.insert(h.case.clone());
                }
            }
            out.push(h);
        }
        self.audit_reads(op, read)?;
        Ok(out)
    }

    /// Mask and audit meetings a read returns (only coordinators and admins get here).
    fn view_meetings(&self, op: Op, meetings: Vec<MeetingRecord>) -> Result<Vec<MeetingRecord>, StoreError> {
        let mut cache = Cache::new();
        let mut read = BTreeSet::new();
        let mut out = Vec::with_capacity(meetings.len());
        for mut m in meetings {
            for d in &mut m.cases {
                match self.reach_of(op, &d.case, &mut cache)? {
                    Reach::Full => {
                        read.insert(d.case.clone());
                    }
                    _ => {
                        if !d.note.trim().is_empty() {
                            d.note = MASKED.to_string();
                        }
                    }
                }
            }
            out.push(m);
        }
        self.audit_reads(op, read)?;
        Ok(out)
    }

    fn not_found(&self, what: &'static str, key: String) -> StoreError {
        StoreError::NotFound {
            path: self.inner.path().to_path_buf(),
            what,
            key,
        }
    }

    /// A stored case with all its hand-offs, for a write's check.
    fn stored(&self, number: &str) -> Result<Option<(Case, Vec<Handoff>)>, StoreError> {
        match self.inner.case(number)? {
            None => Ok(None),
            Some(c) => {
                let hs = self.inner.handoffs_of_case(number)?;
                Ok(Some((c, hs)))
            }
        }
    }

    /// Check and do a write under the write lock: `check` decides, then the entries are
    /// appended, then `write` runs.
    fn write<T>(
        &self,
        op: Op,
        check: impl FnOnce() -> Result<(bool, Vec<Option<String>>), StoreError>,
        write: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let _lock = WRITES.lock().unwrap_or_else(|p| p.into_inner());
        let (ok, cases) = check()?;
        if !ok {
            let first = cases.first().cloned().flatten();
            return Err(self.deny(op, first.as_deref()));
        }
        if cases.is_empty() {
            self.audit(op.audit_action(), None)?;
        }
        for c in &cases {
            self.audit(op.audit_action(), c.as_deref())?;
        }
        write()
    }
}

impl Store for Guarded {
    fn path(&self) -> &Path {
        self.inner.path()
    }

    fn replica(&self) -> Result<Option<Replica>, StoreError> {
        let mut r = self.inner.replica()?;
        // The roster is for staff: an unknown caller gets the directory without it.
        if !self.who.is_known()
            && let Some(r) = &mut r
        {
            r.directory.staff.clear();
        }
        Ok(r)
    }

    /// Open to every caller, as the replica is (the hash says nothing of the roster).
    fn replica_hash(&self) -> Result<Option<String>, StoreError> {
        self.inner.replica_hash()
    }

    fn replace_replica(&self, replica: &Replica) -> Result<(), StoreError> {
        self.grant(Op::ReplaceReplica)?;
        self.write(
            Op::ReplaceReplica,
            || Ok((true, vec![])),
            || self.inner.replace_replica(replica),
        )
    }

    fn flush_durable(&self) -> Result<(), StoreError> {
        self.inner.flush_durable()
    }

    fn allocate_case_seq(&self, fiscal_year: i32) -> Result<u32, StoreError> {
        self.grant(Op::AllocateCaseSeq)?;
        self.write(
            Op::AllocateCaseSeq,
            || Ok((true, vec![])),
            || self.inner.allocate_case_seq(fiscal_year),
        )
    }

    fn put_case(&self, case: &Case) -> Result<(), StoreError> {
        self.grant(Op::PutCase)?;
        self.write(
            Op::PutCase,
            || {
                let old = self.stored(&case.number)?;
                let subject = Subject::PutCase {
                    old: old.as_ref().map(|(c, hs)| StoredCase {
                        case: c,
                        handoffs: hs,
                    }),
                    new: case,
                };
                Ok((
                    allowed(&self.who, Op::PutCase, &subject),
                    vec![Some(case.number.clone())],
                ))
            },
            || self.inner.put_case(case),
        )
    }

    fn case(&self, number: &str) -> Result<Option<Case>, StoreError> {
        self.grant(Op::Case)?;
        let Some(mut c) = self.inner.case(number)? else {
            return Ok(None);
        };
        let hs = if self.needs_handoffs() {
            self.inner.handoffs_of_case(number)?
        } else {
            Vec::new()
        };
        match reach(&self.who, &c, &hs) {
            Reach::None => Err(self.deny(Op::Case, Some(&c.number))),
            Reach::Masked => {
                mask_case(&mut c);
                Ok(Some(c))
            }
            Reach::Full => {
                self.audit(Op::Case.audit_action(), Some(&c.number))?;
                Ok(Some(c))
            }
        }
    }

    fn cases_received(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<Case>, StoreError> {
        match self.grant(Op::CasesReceived)? {
            // Filtered: read everything in range, keep the first `limit` the caller sees.
            Grant::List => {
                let mut seen = self.view_cases(
                    Op::CasesReceived,
                    self.inner.cases_received(from, to, usize::MAX)?,
                )?;
                seen.truncate(limit);
                Ok(seen)
            }
            _ => self.view_cases(Op::CasesReceived, self.inner.cases_received(from, to, limit)?),
        }
    }

    fn add_handoff(&self, handoff: Handoff) -> Result<Handoff, StoreError> {
        self.grant(Op::AddHandoff)?;
        self.write(
            Op::AddHandoff,
            || {
                let Some((c, hs)) = self.stored(&handoff.case)? else {
                    return Err(self.not_found("case", handoff.case.clone()));
                };
                let subject = Subject::AddHandoff {
                    case: StoredCase {
                        case: &c,
                        handoffs: &hs,
                    },
                    new: &handoff,
                };
                Ok((
                    allowed(&self.who, Op::AddHandoff, &subject),
                    vec![Some(c.number.clone())],
                ))
            },
            || self.inner.add_handoff(handoff.clone()),
        )
    }

    fn update_handoff(&self, handoff: &Handoff) -> Result<(), StoreError> {
        self.grant(Op::UpdateHandoff)?;
        self.write(
            Op::UpdateHandoff,
            || {
                let key = format!("{}#{}", handoff.case, handoff.seq);
                let Some((c, hs)) = self.stored(&handoff.case)? else {
                    return Err(self.not_found("hand-off", key));
                };
                let Some(old) = hs.iter().find(|h| h.seq == handoff.seq) else {
                    return Err(self.not_found("hand-off", key));
                };
                let subject = Subject::UpdateHandoff {
                    case: StoredCase {
                        case: &c,
                        handoffs: &hs,
                    },
                    old,
                    new: handoff,
                };
                Ok((
                    allowed(&self.who, Op::UpdateHandoff, &subject),
                    vec![Some(c.number.clone())],
                ))
            },
            || self.inner.update_handoff(handoff),
        )
    }

    fn handoffs_of_case(&self, case: &str) -> Result<Vec<Handoff>, StoreError> {
        self.grant(Op::HandoffsOfCase)?;
        let Some(c) = self.inner.case(case)? else {
            return Ok(Vec::new());
        };
        let mut hs = self.inner.handoffs_of_case(case)?;
        match reach(&self.who, &c, &hs) {
            Reach::None => Err(self.deny(Op::HandoffsOfCase, Some(&c.number))),
            Reach::Masked => {
                hs.iter_mut().for_each(mask_handoff);
                Ok(hs)
            }
            Reach::Full => {
                if !hs.is_empty() {
                    self.audit(Op::HandoffsOfCase.audit_action(), Some(&c.number))?;
                }
                Ok(hs)
            }
        }
    }

    fn handoffs_to_section(
        &self,
        section: &str,
        status: Option<HandoffStatus>,
    ) -> Result<Vec<Handoff>, StoreError> {
        self.grant(Op::HandoffsToSection)?;
        self.view_handoffs(
            Op::HandoffsToSection,
            self.inner.handoffs_to_section(section, status)?,
        )
    }

    fn expire_overdue(&self, today: NaiveDate, days: u32, at: &str) -> Result<usize, StoreError> {
        self.grant(Op::ExpireOverdue)?;
        self.write(
            Op::ExpireOverdue,
            || Ok((true, vec![])),
            || self.inner.expire_overdue(today, days, at),
        )
    }

    fn put_draft(&self, key: &str, draft: &Draft, durable: bool) -> Result<(), StoreError> {
        let own = self.who.owns_draft(key);
        match self.grant(Op::PutDraft)? {
            // An admin restoring someone else's draft (import): audited.
            Grant::Allow if !own => self.write(
                Op::PutDraft,
                || Ok((true, vec![])),
                || self.inner.put_draft(key, draft, durable),
            ),
            _ if own => self.inner.put_draft(key, draft, durable),
            _ => Err(self.deny(Op::PutDraft, None)),
        }
    }

    fn draft(&self, key: &str) -> Result<Option<Draft>, StoreError> {
        self.grant(Op::Draft)?;
        if !allowed(&self.who, Op::Draft, &Subject::Draft(key)) {
            return Err(self.deny(Op::Draft, None));
        }
        self.inner.draft(key)
    }

    fn delete_draft(&self, key: &str) -> Result<(), StoreError> {
        self.grant(Op::DeleteDraft)?;
        if !allowed(&self.who, Op::DeleteDraft, &Subject::Draft(key)) {
            return Err(self.deny(Op::DeleteDraft, None));
        }
        self.inner.delete_draft(key)
    }

    fn drafts(&self) -> Result<Vec<(String, Draft)>, StoreError> {
        match self.grant(Op::Drafts)? {
            Grant::Allow => {
                let all = self.inner.drafts()?;
                if all.iter().any(|(k, _)| !self.who.owns_draft(k)) {
                    self.audit(Op::Drafts.audit_action(), None)?;
                }
                Ok(all)
            }
            _ => Ok(self
                .inner
                .drafts()?
                .into_iter()
                .filter(|(k, _)| self.who.owns_draft(k))
                .collect()),
        }
    }

    fn allocate_meeting_seq(&self, fiscal_year: i32) -> Result<u32, StoreError> {
        self.grant(Op::AllocateMeetingSeq)?;
        self.write(
            Op::AllocateMeetingSeq,
            || Ok((true, vec![])),
            || self.inner.allocate_meeting_seq(fiscal_year),
        )
    }

    fn put_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError> {
        let g = self.grant(Op::PutMeeting)?;
        self.write(
            Op::PutMeeting,
            || {
                let cases: Vec<Option<String>> = meeting.cases.iter().map(|d| Some(d.case.clone())).collect();
                if g == Grant::Allow {
                    return Ok((true, cases));
                }
                let mut cache = Cache::new();
                let mut reaches = Vec::new();
                for d in &meeting.cases {
                    reaches.push(self.reach_of(Op::PutMeeting, &d.case, &mut cache)?);
                }
                let subject = Subject::Meeting { reaches: &reaches };
                Ok((allowed(&self.who, Op::PutMeeting, &subject), cases))
            },
            || self.inner.put_meeting(meeting),
        )
    }

    fn meeting(&self, id: &str) -> Result<Option<MeetingRecord>, StoreError> {
        self.grant(Op::Meeting)?;
        match self.inner.meeting(id)? {
            None => Ok(None),
            Some(m) => Ok(self.view_meetings(Op::Meeting, vec![m])?.pop()),
        }
    }

    fn meetings_held(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<MeetingRecord>, StoreError> {
        match self.grant(Op::MeetingsHeld)? {
            Grant::Empty => Ok(Vec::new()),
            _ => self.view_meetings(Op::MeetingsHeld, self.inner.meetings_held(from, to)?),
        }
    }

    fn meetings_of_case(&self, case: &str) -> Result<Vec<MeetingRecord>, StoreError> {
        match self.grant(Op::MeetingsOfCase)? {
            Grant::Empty => Ok(Vec::new()),
            _ => self.view_meetings(Op::MeetingsOfCase, self.inner.meetings_of_case(case)?),
        }
    }

    fn record_counts(&self) -> Result<RecordCounts, StoreError> {
        self.grant(Op::RecordCounts)?;
        self.inner.record_counts()
    }

    fn cases(&self) -> Result<Vec<Case>, StoreError> {
        self.grant(Op::Cases)?;
        self.view_cases(Op::Cases, self.inner.cases()?)
    }

    fn handoffs(&self) -> Result<Vec<Handoff>, StoreError> {
        self.grant(Op::Handoffs)?;
        self.view_handoffs(Op::Handoffs, self.inner.handoffs()?)
    }

    fn meetings(&self) -> Result<Vec<MeetingRecord>, StoreError> {
        match self.grant(Op::Meetings)? {
            Grant::Empty => Ok(Vec::new()),
            _ => self.view_meetings(Op::Meetings, self.inner.meetings()?),
        }
    }

    fn restore_case(&self, case: &Case) -> Result<(), StoreError> {
        self.grant(Op::RestoreCase)?;
        self.write(
            Op::RestoreCase,
            || Ok((true, vec![Some(case.number.clone())])),
            || self.inner.restore_case(case),
        )
    }

    fn restore_handoff(&self, handoff: &Handoff) -> Result<(), StoreError> {
        self.grant(Op::RestoreHandoff)?;
        self.write(
            Op::RestoreHandoff,
            || Ok((true, vec![Some(handoff.case.clone())])),
            || self.inner.restore_handoff(handoff),
        )
    }

    fn restore_meeting(&self, meeting: &MeetingRecord) -> Result<(), StoreError> {
        self.grant(Op::RestoreMeeting)?;
        self.write(
            Op::RestoreMeeting,
            || Ok((true, meeting.cases.iter().map(|d| Some(d.case.clone())).collect())),
            || self.inner.restore_meeting(meeting),
        )
    }

    fn append_audit(&self, _entry: &AuditEntry) -> Result<u64, StoreError> {
        Err(self.deny(Op::AppendAudit, None))
    }

    fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        self.grant(Op::AuditEntries)?;
        self.audit(Op::AuditEntries.audit_action(), filter.case.as_deref())?;
        self.inner.audit_entries(filter)
    }

    fn revision(&self) -> Result<u64, StoreError> {
        self.inner.revision()
    }
}
