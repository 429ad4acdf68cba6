//! 受付's writes, carried out by the store worker (issue 12: the UI thread only handles
//! keys, updates state and draws): the form saved as a case (Ctrl-S), saved and handed
//! off (Ctrl-T), or added to an earlier case as a 相談記録 (Ctrl-O).
//!
//! The tab builds an [`IntakeWrite`] and waits for its [`IntakeWritten`]; while it
//! waits the form is held as it is (typing is refused with 保存中, so nothing typed can be
//! cleared by the answer), and a slow service shows 通信中 on the status line. A write
//! that fails leaves the form as it was; a case saved whose hand-off then failed is
//! named, and the dialog stays open on it with what was sent unticked.

use super::IntakeTab;
use crate::domain::{Case, Consultation, Handoff};
use crate::i18n::Msg;
use crate::referral::Advice;
use crate::store::{Store, StoreError};
use crate::tui::action::Action;
use crate::tui::app::{Cx, Level, Tab};
use crate::tui::keymap::Context;
use crate::tui::worker::Job;

/// One write of 受付, for the store worker. `id` ties the answer to it.
#[derive(Clone, Debug, PartialEq)]
pub struct IntakeWrite {
    pub id: u64,
    pub kind: WriteKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum WriteKind {
    /// Ctrl-S: the form as a new case (the store numbers it).
    Save { case: Box<Case> },
    /// Ctrl-T: the form as a new case (`case`), or a case already saved (`number`),
    /// then its hand-offs in order, each with its section's name for the message (the
    /// hand-off's `case` is filled in once the number is known).
    HandOff {
        case: Option<Box<Case>>,
        number: Option<String>,
        handoffs: Vec<(Handoff, String)>,
    },
    /// Ctrl-O: a 相談記録 added to case `number` (read, the record added, written back:
    /// the guard checks that the stored records stay and the new one is the clerk's).
    AddRecord {
        number: String,
        record: Box<Consultation>,
    },
}

/// What came of an [`IntakeWrite`].
#[derive(Debug)]
pub struct IntakeWritten {
    pub id: u64,
    /// The case the write was about, once it exists (created or already saved).
    pub number: Option<String>,
    /// Whether this write created the case.
    pub created: bool,
    /// The sections handed off, in order.
    pub sent: Vec<String>,
    /// The first failure; what came before it stays written.
    pub error: Option<StoreError>,
}

impl IntakeWrite {
    /// Carry it out on `store` (on the worker, or at once without one).
    pub fn apply(self, store: &dyn Store) -> IntakeWritten {
        let mut out = IntakeWritten {
            id: self.id,
            number: None,
            created: false,
            sent: Vec::new(),
            error: None,
        };
        match self.kind {
            WriteKind::Save { case } => match store.create_case(&case, None) {
                Ok(c) => {
                    out.number = Some(c.number);
                    out.created = true;
                }
                Err(e) => out.error = Some(e),
            },
            WriteKind::HandOff {
                case,
                number,
                handoffs,
            } => {
                let number = match (case, number) {
                    (Some(case), _) => match store.create_case(&case, None) {
                        Ok(c) => {
                            out.created = true;
                            c.number
                        }
                        Err(e) => {
                            out.error = Some(e);
                            return out;
                        }
                    },
                    (None, Some(number)) => number,
                    (None, None) => return out,
                };
                out.number = Some(number.clone());
                for (mut h, section) in handoffs {
                    h.case = number.clone();
                    match store.add_handoff(h) {
                        Ok(_) => out.sent.push(section),
                        Err(e) => {
                            out.error = Some(e);
                            break;
                        }
                    }
                }
            }
            WriteKind::AddRecord { number, record } => {
                let written = store.case(&number).and_then(|found| match found {
                    Some(mut case) => {
                        case.consultations.push(*record);
                        store.put_case(&case)
                    }
                    None => Err(StoreError::NotFound {
                        path: store.path().to_path_buf(),
                        what: "case",
                        key: number.clone(),
                    }),
                });
                out.number = Some(number);
                out.error = written.err();
            }
        }
        out
    }
}

/// A write of 受付 in flight: what the answer needs to finish it.
#[derive(Clone, Debug)]
pub struct Writing {
    pub id: u64,
    what: What,
    /// The suggestions when it was sent (for つなぐ after Ctrl-S).
    advice: Advice,
    /// Consent was 未確認 on a multi-agency case: the saved message reminds to ask.
    ask: bool,
}

/// Which write is in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    Save,
    HandOff,
    AddRecord,
}

impl IntakeTab {
    /// Send a write to the store worker (through the app's effects) and hold the form
    /// until it answers.
    pub(super) fn write(&mut self, kind: WriteKind, cx: &mut Cx) {
        self.write_id += 1;
        let id = self.write_id;
        let what = match &kind {
            WriteKind::Save { .. } => What::Save,
            WriteKind::HandOff { .. } => What::HandOff,
            WriteKind::AddRecord { .. } => What::AddRecord,
        };
        self.writing = Some(Writing {
            id,
            what,
            advice: self.advice.clone(),
            ask: self.advice.consent_check.is_some(),
        });
        cx.out.jobs.push(Job::Intake(Box::new(IntakeWrite { id, kind })));
    }

    /// True (and says 保存中) while a write is in flight: the form is held as it is.
    pub(super) fn held(&self, cx: &mut Cx) -> bool {
        if self.writing.is_some() {
            cx.out.message(Msg::Writing.text(cx.env.lang), Level::Info);
        }
        self.writing.is_some()
    }

    /// Ctrl-S: the form saved as a new case.
    pub(super) fn save(&mut self, cx: &mut Cx) {
        if let Some(case) = self.build_case(cx) {
            self.write(WriteKind::Save { case: Box::new(case) }, cx);
        }
    }

    /// The store's answer to a write: the form is cleared only for what was written.
    pub fn on_written(&mut self, w: IntakeWritten, cx: &mut Cx) {
        let Some(writing) = self.writing.take_if(|p| p.id == w.id) else {
            return;
        };
        let lang = cx.env.lang;
        let error = w.error.as_ref().map(StoreError::message_ja);
        let Some(number) = w.number else {
            // Nothing was written: the form (and an open dialog) stay as they were.
            let e = error.unwrap_or_default();
            cx.out
                .message(format!("{}: {e}", Msg::SaveFailed.text(lang)), Level::Warning);
            return;
        };
        match writing.what {
            What::Save => self.saved(number, writing, cx),
            What::HandOff => self.handed_off(number, w.created, w.sent, error, writing, cx),
            What::AddRecord => match error {
                // Nothing was changed: the form stays for another try.
                Some(e) => cx.out.message(
                    Msg::AddToCaseFailed
                        .text(lang)
                        .replace("{n}", &number)
                        .replace("{e}", &e),
                    Level::Warning,
                ),
                None => {
                    cx.out
                        .message(Msg::AddedToCase.text(lang).replace("{n}", &number), Level::Info);
                    cx.out.show_case = Some(number);
                    self.reset(cx);
                }
            },
        }
    }

    /// Ctrl-S written: say so, offer つなぐ for it, clear the form.
    fn saved(&mut self, number: String, writing: Writing, cx: &mut Cx) {
        let lang = cx.env.lang;
        // Offer つなぐ for the case just saved (its key in the keymap).
        let offer = cx
            .env
            .keymap
            .key_labels(Context::List, Action::Handoff)
            .into_iter()
            .next()
            .map(|k| format!("  {k} {}", Msg::HandoffNext.text(lang)))
            .unwrap_or_default();
        // A multi-agency case with consent 未確認: remind the clerk to ask (the answer
        // decides the meeting, plan 4).
        let (text, level) = if writing.ask {
            (
                format!(
                    "{}: {number} / {}{offer}",
                    Msg::CaseSaved.text(lang),
                    Msg::ConsentToAskShort.text(lang)
                ),
                Level::Warning,
            )
        } else {
            (
                format!("{}: {number}{offer}", Msg::CaseSaved.text(lang)),
                Level::Info,
            )
        };
        cx.out.message(text, level);
        cx.out.show_case = Some(number.clone());
        let kept = self.kept_note.take();
        self.reset(cx);
        // A note typed for this form's hand-off now belongs to the saved case.
        self.kept_note = kept.map(|(case, note)| (case.or(Some(number.clone())), note));
        self.last_saved = Some((number, writing.advice));
    }

    /// つなぐ written, whole or in part.
    fn handed_off(
        &mut self,
        number: String,
        created: bool,
        sent: Vec<String>,
        error: Option<String>,
        writing: Writing,
        cx: &mut Cx,
    ) {
        let lang = cx.env.lang;
        let mut names = sent.clone();
        names.dedup();
        if created {
            // The form is a case now: the next つなぐ is for that case, never a second one.
            let back_to = self.dialog.as_ref().and_then(|d| d.back_to);
            let kept = self.dialog.take();
            self.reset(cx);
            self.last_saved = Some((number.clone(), writing.advice));
            if error.is_some()
                && let Some(mut d) = kept
            {
                d.case = Some(number.clone());
                d.back_to = back_to;
                self.dialog = Some(d);
            }
        }
        if let Some(e) = error {
            // What was sent is unticked, so Enter sends only the rest.
            if let Some(d) = self.dialog.as_mut() {
                for (r, on) in d.items.iter_mut() {
                    if sent.contains(&r.section) {
                        *on = false;
                    }
                }
            }
            let done = if names.is_empty() {
                String::new()
            } else {
                format!(" ({} {})", Msg::HandedOff.text(lang), names.join("、"))
            };
            cx.out.message(
                format!("{number}{done}: {}: {e}", Msg::SaveFailed.text(lang)),
                Level::Warning,
            );
            return;
        }
        cx.out.message(
            format!("{} {}: {}", number, Msg::HandedOff.text(lang), names.join("、")),
            Level::Info,
        );
        cx.out.show_case = Some(number.clone());
        cx.out.goto = Some(Tab::Cases);
        self.dialog = None;
        if !created && self.last_saved.as_ref().is_some_and(|(n, _)| *n == number) {
            self.last_saved = None;
        }
    }
}
