//! 以前の相談: when the name, kana or phone typed at intake match a case the clerk may
//! read, the form says so (the case, its date, where it was handed), and the clerk can
//! add this consultation to that case as a 相談記録 (Ctrl-O, with a confirmation)
//! instead of opening a new case.
//!
//! The look-up is one 案件 page query ([`CaseSearch::Person`]) asked of the store
//! worker a moment after the last change to those fields (debounced: never per
//! keystroke, never on the UI thread when a worker runs); the store's guard decides
//! which cases the clerk reaches and records each case read.

use super::super::super::app::{Cx, Level};
use super::super::super::worker::Job;
use super::save::WriteKind;
use super::{IntakeTab, Pending};
use crate::domain::{Consultation, validate};
use crate::i18n::Msg;
use crate::store::{CasePage, CasePageQuery, CaseSearch, CaseView, StoreError};
use chrono::{Duration, NaiveDateTime};

/// How long the person fields must stay unchanged before they are looked up.
pub const LOOKUP_AFTER: Duration = Duration::milliseconds(600);
/// Most earlier cases shown (newest first).
pub const LOOKUP_LIMIT: u32 = 5;

/// The person fields a look-up was for: name, kana, phone.
pub type PersonKey = (Option<String>, Option<String>, Option<String>);

/// What the last look-up found.
#[derive(Clone, Debug, PartialEq)]
pub struct Previous {
    pub key: PersonKey,
    /// Newest first.
    pub cases: Vec<CaseView>,
    /// More matched than were read.
    pub more: bool,
}

/// The look-up state of the form.
#[derive(Clone, Debug, Default)]
pub struct Lookup {
    /// What was found for the fields as they are now (None: nothing, or not yet).
    pub found: Option<Previous>,
    /// Look up when the clock reaches this (the fields changed).
    due: Option<NaiveDateTime>,
    /// The key last asked for, and the id of its answer while it is awaited.
    asked: Option<PersonKey>,
    pending: Option<u64>,
    last_id: u64,
    /// Which of the found cases Ctrl-O adds to (it steps through them).
    pub choice: usize,
}

impl IntakeTab {
    /// The person fields as typed (trimmed; empty as None).
    fn person_key(&self) -> PersonKey {
        let p = &self.draft.personal;
        (p.name.clone(), p.kana.clone(), p.phone.clone())
    }

    /// After a change: a new look-up is due when the person fields changed; what was
    /// found for other fields is dropped at once.
    pub(super) fn person_changed(&mut self, cx: &Cx) {
        let key = self.person_key();
        if self.lookup.found.as_ref().is_some_and(|f| f.key != key) {
            self.lookup.found = None;
            self.lookup.choice = 0;
        }
        if self.lookup.asked.as_ref() == Some(&key) {
            return;
        }
        let empty = key.0.is_none() && key.1.is_none() && key.2.is_none();
        self.lookup.due = (!empty).then(|| cx.now + LOOKUP_AFTER);
        if empty {
            self.lookup.asked = None;
            self.lookup.pending = None;
        }
    }

    /// From `tick`: ask for the look-up once it is due.
    pub(super) fn lookup_tick(&mut self, cx: &mut Cx) {
        let Some(due) = self.lookup.due else { return };
        if cx.now < due || cx.store.is_none() || cx.env.identity.role().is_none() {
            return;
        }
        self.lookup.due = None;
        let key = self.person_key();
        let (name, kana, phone) = key.clone();
        let query = CasePageQuery {
            limit: LOOKUP_LIMIT,
            search: Some(CaseSearch::Person { name, kana, phone }),
            ..CasePageQuery::default()
        };
        self.lookup.last_id += 1;
        self.lookup.pending = Some(self.lookup.last_id);
        self.lookup.asked = Some(key);
        cx.out.jobs.push(Job::Lookup {
            id: self.lookup.last_id,
            query,
        });
    }

    /// The answer to look-up `id`: kept when it is for the fields as they are now.
    pub fn on_lookup(&mut self, id: u64, result: Result<CasePage, StoreError>, _cx: &mut Cx) {
        if self.lookup.pending != Some(id) {
            return;
        }
        self.lookup.pending = None;
        let key = self.person_key();
        if self.lookup.asked.as_ref() != Some(&key) {
            return;
        }
        // A failed look-up shows nothing: the intake goes on as a new case.
        self.lookup.found = result.ok().and_then(|page| {
            let mut cases = page.cases;
            cases.sort_by(|a, b| b.case.received_at.cmp(&a.case.received_at));
            (!cases.is_empty()).then_some(Previous {
                key,
                cases,
                more: page.truncated,
            })
        });
        self.lookup.choice = 0;
    }

    /// The earlier case Ctrl-O would add to.
    pub fn previous_choice(&self) -> Option<&CaseView> {
        let f = self.lookup.found.as_ref()?;
        f.cases
            .get(self.lookup.choice.min(f.cases.len().saturating_sub(1)))
    }

    /// Ctrl-O: ask to add this consultation to the earlier case (again: the next one).
    pub(super) fn ask_add_to_case(&mut self, cx: &mut Cx) {
        let Some(f) = &self.lookup.found else {
            cx.out.message(Msg::NoPrevious.text(cx.env.lang), Level::Warning);
            return;
        };
        if let Some(Pending::AddToCase) = self.confirm {
            self.lookup.choice = (self.lookup.choice + 1) % f.cases.len().max(1);
        }
        self.confirm = Some(Pending::AddToCase);
    }

    /// The clerk said yes: the form becomes a 相談記録 of the chosen case, durably,
    /// and the form is cleared for the next intake.
    pub(super) fn add_to_case(&mut self, cx: &mut Cx) {
        let lang = cx.env.lang;
        let Some(number) = self.previous_choice().map(|v| v.case.number.clone()) else {
            return;
        };
        if !self.valid_for_save(cx) {
            return;
        }
        if cx.store.is_none() {
            cx.out.message(
                Msg::AddToCaseFailed
                    .text(lang)
                    .replace("{n}", &number)
                    .replace("{e}", Msg::NoStore.text(lang)),
                Level::Warning,
            );
            return;
        }
        let intake = &self.draft.intake;
        let mut concerns: Vec<String> = Vec::new();
        for c in intake.people.iter().flat_map(|p| &p.concerns) {
            if !concerns.contains(c) {
                concerns.push(c.clone());
            }
        }
        let record = Consultation {
            at: if self.draft.started_at.is_empty() {
                cx.stamp()
            } else {
                self.draft.started_at.clone()
            },
            channel: intake.channel,
            desk: cx.env.desk.clone(),
            by: cx.env.user.clone(),
            concerns,
            note: intake.note.clone(),
        };
        // Written by the store worker; the form is cleared when it is (on_written).
        self.write(
            WriteKind::AddRecord {
                number,
                record: Box::new(record),
            },
            cx,
        );
    }

    /// The one intake validation, as for a save: false (with a message) when it fails.
    pub(super) fn valid_for_save(&self, cx: &mut Cx) -> bool {
        let lang = cx.env.lang;
        let checked = self
            .ages
            .iter()
            .enumerate()
            .try_for_each(|(i, a)| validate::age_from_text(a.as_str(), &format!("people[{i}]")).map(|_| ()))
            .and_then(|()| validate::validate_intake(&self.draft.intake, Some(&cx.env.directory)));
        match checked {
            Ok(()) => true,
            Err(e) => {
                cx.out.message(
                    format!("{}: {}", Msg::SaveFailed.text(lang), e.message(lang)),
                    Level::Warning,
                );
                false
            }
        }
    }
}
