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

use super::{AuditEntry, AuditFilter, RecordCounts, Replica, Store, StoreError};
use crate::domain::{
    Case, Draft, Grant, Handoff, HandoffStatus, Identity, MASKED, MeetingRecord, Op, Reach, Role, StaffEntry,
    StoredCase, Subject, allowed, grant, mask_case, mask_draft, mask_handoff, reach,
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
    service: Option<Arc<ServicePolicy>>,
}

/// What the service decides itself, whatever a client sends (DESIGN.md ruling 11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePolicy {
    /// The roster of the service's own seed folder: a replica a client installs (seed
    /// sync) carries this roster, never the client's.
    pub roster: Vec<StaffEntry>,
    /// After how many days an unanswered hand-off expires (the service's desk.toml).
    /// expire_overdue runs on the guard's clock with these days; the client's date,
    /// time and days are ignored.
    pub expiry_days: u32,
}

/// Wrap `inner` for `who`. Times in the audit trail come from the local clock.
pub fn guard(inner: Arc<dyn Store + Send + Sync>, who: Identity) -> Guarded {
    Guarded {
        inner,
        who,
        clock: Box::new(|| chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
        service: None,
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

    /// Behind the service: the service's own roster and expiry (see [`ServicePolicy`]).
    pub fn for_service(mut self, policy: Arc<ServicePolicy>) -> Guarded {
        self.service = Some(policy);
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
        self.inner.append_audit(&self.entry(action, case)).map(|_| ())
    }

    /// An entry by this caller, now.
    fn entry(&self, action: &str, case: Option<&str>) -> AuditEntry {
        AuditEntry {
            seq: 0,
            at: (self.clock)(),
            user: self.who.user.clone(),
            action: action.to_string(),
            case: case
                .filter(|c| crate::domain::parse_case_number(c).is_some())
                .map(str::to_string),
        }
    }

    /// Refuse `op`, recording the refusal (best effort: the refusal stands either way)
    /// at a bounded rate: see [`refusals`].
    fn deny(&self, op: Op, case: Option<&str>) -> StoreError {
        let entry = self.entry(&format!("denied:{}", op.audit_action()), case);
        refusals::record(self.inner.as_ref(), &entry);
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

    /// Record the unmasked reads of one call, one entry per case (or, inside a view,
    /// hand them to the view: views.rs).
    fn audit_reads(&self, op: Op, cases: BTreeSet<String>) -> Result<(), StoreError> {
        if views::collect(&cases) {
            return Ok(());
        }
        for c in &cases {
            self.audit(op.audit_action(), Some(c))?;
        }
        Ok(())
    }

    /// Filter, mask and audit cases a read returns.
    fn view_cases(&self, op: Op, cases: Vec<Case>) -> Result<Vec<Case>, StoreError> {
        self.view_cases_cached(op, cases, &mut Cache::new())
    }

    /// [`Guarded::view_cases`] with the cache of the stored cases looked at: a call that
    /// filters several kinds of record (report_input) looks at each case once.
    fn view_cases_cached(
        &self,
        op: Op,
        cases: Vec<Case>,
        cache: &mut Cache,
    ) -> Result<Vec<Case>, StoreError> {
        let mut out = Vec::with_capacity(cases.len());
        let mut read = BTreeSet::new();
        for mut c in cases {
            let r = if self.needs_handoffs() {
                self.reach_of(op, &c.number, cache)?
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
        self.view_handoffs_cached(op, handoffs, &mut Cache::new())
    }

    /// [`Guarded::view_handoffs`] with a shared cache ([`Guarded::view_cases_cached`]).
    fn view_handoffs_cached(
        &self,
        op: Op,
        handoffs: Vec<Handoff>,
        cache: &mut Cache,
    ) -> Result<Vec<Handoff>, StoreError> {
        let mut out = Vec::with_capacity(handoffs.len());
        let mut read = BTreeSet::new();
        for mut h in handoffs {
            match self.reach_of(op, &h.case, cache)? {
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
        self.view_meetings_cached(op, meetings, &mut Cache::new())
    }

    /// [`Guarded::view_meetings`] with a shared cache ([`Guarded::view_cases_cached`]).
    fn view_meetings_cached(
        &self,
        op: Op,
        meetings: Vec<MeetingRecord>,
        cache: &mut Cache,
    ) -> Result<Vec<MeetingRecord>, StoreError> {
        let mut read = BTreeSet::new();
        let mut out = Vec::with_capacity(meetings.len());
        for mut m in meetings {
            for d in &mut m.cases {
                match self.reach_of(op, &d.case, cache)? {
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

pub mod refusals;
mod store;
mod views;
