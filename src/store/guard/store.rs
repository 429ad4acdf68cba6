//! Every [`Store`] method through the guard: the grant, the reach of each case, masking
//! and the audit entries, as the module above describes.

use super::*;

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

    /// Behind the service the roster stays the service's own (M5): the client's is
    /// replaced by it before the replica is stored.
    fn replace_replica(&self, replica: &Replica) -> Result<(), StoreError> {
        self.grant(Op::ReplaceReplica)?;
        let pinned = self.service.as_ref().map(|p| {
            let mut r = replica.clone();
            r.directory.staff = p.roster.clone();
            r
        });
        let replica = pinned.as_ref().unwrap_or(replica);
        self.write(
            Op::ReplaceReplica,
            || Ok((true, vec![])),
            || self.inner.replace_replica(replica),
        )
    }

    fn flush_durable(&self) -> Result<(), StoreError> {
        self.inner.flush_durable()
    }

    /// The caller's `number`, `seq` and `fiscal_year` are ignored (the store chooses);
    /// the caller's `audit` too (the guard writes its own entry, naming the new number).
    fn create_case(&self, case: &Case, _audit: Option<&AuditEntry>) -> Result<Case, StoreError> {
        self.grant(Op::CreateCase)?;
        let _lock = WRITES.lock().unwrap_or_else(|p| p.into_inner());
        if !allowed(&self.who, Op::CreateCase, &Subject::CreateCase(case)) {
            return Err(self.deny(Op::CreateCase, None));
        }
        let entry = self.entry(Op::CreateCase.audit_action(), None);
        self.inner.create_case(case, Some(&entry))
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
            // The same answer as for a case that does not exist (L5): the refusal is
            // still in the trail.
            Reach::None => {
                let _ = self.deny(Op::Case, Some(&c.number));
                Ok(None)
            }
            Reach::Masked => {
                mask_case(&mut c);
                Ok(Some(c))
            }
            Reach::Full => {
                self.audit_reads(Op::Case, BTreeSet::from([c.number.clone()]))?;
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
            Reach::None => {
                let _ = self.deny(Op::HandoffsOfCase, Some(&c.number));
                Ok(Vec::new())
            }
            Reach::Masked => {
                hs.iter_mut().for_each(mask_handoff);
                Ok(hs)
            }
            Reach::Full => {
                if !hs.is_empty() {
                    self.audit_reads(Op::HandoffsOfCase, BTreeSet::from([c.number.clone()]))?;
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

    /// One audit entry per hand-off that expires (none when none does). Behind the
    /// service the date, time and days are the service's own (M6).
    fn expire_overdue(&self, today: NaiveDate, days: u32, at: &str) -> Result<usize, StoreError> {
        self.grant(Op::ExpireOverdue)?;
        let now = (self.clock)();
        let (today, days, at) = match &self.service {
            Some(p) => (
                crate::domain::date_of(&now).unwrap_or(today),
                p.expiry_days,
                now.as_str(),
            ),
            None => (today, days, at),
        };
        let _lock = WRITES.lock().unwrap_or_else(|p| p.into_inner());
        let overdue: Vec<String> = self
            .inner
            .overdue_handoffs(today, days)?
            .into_iter()
            .map(|h| h.case)
            .collect();
        if overdue.is_empty() {
            return Ok(0);
        }
        for case in &overdue {
            self.audit(Op::ExpireOverdue.audit_action(), Some(case))?;
        }
        self.inner.expire_overdue(today, days, at)
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
            // Others' restricted drafts masked (M5): a draft has no desk or section the
            // admin could be entitled through.
            Grant::Allow => {
                let mut all = self.inner.drafts()?;
                if all.iter().any(|(k, _)| !self.who.owns_draft(k)) {
                    self.audit(Op::Drafts.audit_action(), None)?;
                }
                for (k, d) in &mut all {
                    if d.restricted && !self.who.owns_draft(k) {
                        mask_draft(d);
                    }
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

    fn compact(&self) -> Result<(), StoreError> {
        self.grant(Op::Compact)?;
        self.write(Op::Compact, || Ok((true, vec![])), || self.inner.compact())
    }

    fn append_audit(&self, _entry: &AuditEntry) -> Result<u64, StoreError> {
        Err(self.deny(Op::AppendAudit, None))
    }

    fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        self.grant(Op::AuditEntries)?;
        self.audit(Op::AuditEntries.audit_action(), filter.case.as_deref())?;
        self.inner.audit_entries(filter)
    }

    fn healthy(&self) -> bool {
        self.inner.healthy()
    }

    fn case_page(&self, query: &crate::store::CasePageQuery) -> Result<crate::store::CasePage, StoreError> {
        self.view_case_page(query)
    }

    fn inbox_page(&self, query: &crate::store::InboxQuery) -> Result<crate::store::CasePage, StoreError> {
        self.view_inbox_page(query)
    }

    fn case_view(&self, number: &str) -> Result<Option<crate::store::CaseView>, StoreError> {
        self.view_case(number)
    }

    fn report_input(&self, from: NaiveDate, to: NaiveDate) -> Result<crate::store::ReportInput, StoreError> {
        self.view_report_input(from, to)
    }

    /// Users outside the roster learn nothing of the desk's activity (L5): always 0.
    fn revision(&self) -> Result<u64, StoreError> {
        if !self.who.is_known() {
            return Ok(0);
        }
        self.inner.revision()
    }
}
