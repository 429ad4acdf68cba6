//! Saving the intake as a case, and handing it to the suggested sections (つなぐ).

use super::super::super::action::Action;
use super::super::super::app::{Cx, Level, Tab};
use super::super::super::input::LineInput;
use super::super::super::select::Selection;
use super::IntakeTab;
use crate::domain::{Case, Handoff, HandoffStatus, StatusChange, date_of, fiscal_year};
use crate::i18n::Msg;
use crate::referral::{Advice, Referral};

/// The hand-off overlay: the suggestions with check boxes, and a note for the sections.
pub struct HandoffDialog {
    pub items: Vec<(Referral, bool)>,
    pub cursor: Selection,
    pub note: LineInput,
    pub on_note: bool,
    /// A case already saved (after Ctrl-S, or chosen in 案件): handed off as it is, the
    /// form left alone. None: the form is saved as a new case first.
    pub case: Option<String>,
    /// Where Esc (or the hand-off) returns to: 案件 when it was opened there.
    pub back_to: Option<Tab>,
}

impl HandoffDialog {
    pub fn new(advice: &Advice) -> HandoffDialog {
        HandoffDialog {
            items: advice.referrals.iter().map(|r| (r.clone(), true)).collect(),
            cursor: Selection::default(),
            note: LineInput::default(),
            on_note: false,
            case: None,
            back_to: None,
        }
    }

    /// For a case already saved: its number, the tab to return to.
    pub fn for_case(advice: &Advice, number: &str, back_to: Option<Tab>) -> HandoffDialog {
        HandoffDialog {
            case: Some(number.to_string()),
            back_to,
            ..HandoffDialog::new(advice)
        }
    }
}

impl IntakeTab {
    /// Save the form as a new case; its number, or None (with a message) on failure.
    pub(super) fn save_case(&mut self, cx: &mut Cx) -> Option<String> {
        self.save_case_full(cx).map(|c| c.number)
    }

    fn save_case_full(&mut self, cx: &mut Cx) -> Option<Case> {
        let lang = cx.env.lang;
        let Some(store) = cx.store else {
            cx.out.message(Msg::NoStore.text(lang), Level::Warning);
            return None;
        };
        // The one intake validation (domain::validate), as refer, import and the service:
        // an age typed as 446 is refused by name, never saved as no age.
        if !self.valid_for_save(cx) {
            return None;
        }
        let received = if self.draft.started_at.is_empty() {
            cx.stamp()
        } else {
            self.draft.started_at.clone()
        };
        let fy = fiscal_year(date_of(&received).unwrap_or(cx.now.date()));
        // The store chooses the number (and the fiscal year, from the received date).
        let case = Case {
            number: String::new(),
            fiscal_year: fy,
            seq: 0,
            received_at: received.clone(),
            desk: cx.env.desk.clone(),
            staff: Some(cx.env.user.clone()),
            intake: self.draft.intake.clone(),
            personal: self.draft.personal.clone(),
            restricted: self.draft.restricted,
            notes: Vec::new(),
            closed_at: None,
            closing_note: None,
            consultations: Vec::new(),
        };
        let result = store.create_case(&case, None);
        match result {
            Ok(case) => Some(case),
            Err(e) => {
                cx.out.message(
                    format!("{}: {}", Msg::SaveFailed.text(lang), e.message_ja()),
                    Level::Warning,
                );
                None
            }
        }
    }

    fn hand_off(&mut self, cx: &mut Cx) {
        let lang = cx.env.lang;
        let Some(dialog) = self.dialog.as_ref() else {
            return;
        };
        let chosen: Vec<Referral> = dialog
            .items
            .iter()
            .filter(|(_, on)| *on)
            .map(|(r, _)| r.clone())
            .collect();
        if chosen.is_empty() {
            cx.out.message(Msg::NothingChecked.text(lang), Level::Warning);
            return;
        }
        let note = dialog.note.as_str().trim().to_string();
        let saved = dialog.case.clone();
        let number = match saved.clone() {
            Some(number) => number,
            None => match self.save_case_full(cx) {
                Some(case) => case.number,
                None => return,
            },
        };
        let Some(store) = cx.store else {
            cx.out.message(Msg::NoStore.text(lang), Level::Warning);
            return;
        };
        let at = cx.stamp();
        let mut sent = Vec::new();
        for r in chosen {
            let Some(section) = r.section_ids.first().cloned() else {
                continue;
            };
            let mut reasons = vec![r.reason.clone()];
            if let Some(n) = &r.note {
                reasons.push(n.clone());
            }
            let h = Handoff {
                case: number.clone(),
                seq: 0,
                program: r.program_id.clone(),
                section,
                site: r.site_id.clone(),
                reasons,
                note: note.clone(),
                from_desk: cx.env.desk.clone(),
                requested_at: at.clone(),
                status: HandoffStatus::Requested,
                history: vec![StatusChange {
                    at: at.clone(),
                    to: HandoffStatus::Requested,
                    by: cx.env.user.clone(),
                    reason: None,
                }],
            };
            match store.add_handoff(h) {
                Ok(_) => sent.push(r.section.clone()),
                Err(e) => {
                    cx.out.message(
                        format!("{}: {}", Msg::SaveFailed.text(lang), e.message_ja()),
                        Level::Warning,
                    );
                    return;
                }
            }
        }
        sent.dedup();
        cx.out.message(
            format!("{} {}: {}", number, Msg::HandedOff.text(lang), sent.join("、")),
            Level::Info,
        );
        cx.out.show_case = Some(number.clone());
        cx.out.goto = Some(Tab::Cases);
        self.dialog = None;
        if saved.is_some() {
            // The form was not part of this hand-off: it stays as it was.
            if self.last_saved.as_ref().is_some_and(|(n, _)| *n == number) {
                self.last_saved = None;
            }
        } else {
            self.reset(cx);
        }
    }

    /// Ctrl-T on the form: a form with content is saved and handed off; a blank form
    /// hands off the case just saved (Ctrl-S first), or says what to fill in.
    pub(super) fn open_handoff(&mut self, cx: &mut Cx) {
        if self.has_content() {
            self.open_dialog(HandoffDialog::new(&self.advice));
        } else if let Some((number, advice)) = &self.last_saved {
            let d = HandoffDialog::for_case(advice, number, None);
            self.open_dialog(d);
        } else {
            cx.out
                .message(Msg::NothingToHandOff.text(cx.env.lang), Level::Warning);
        }
    }

    /// Hand off a saved case chosen in 案件 (its list or its detail); Esc returns there.
    pub fn open_handoff_for(&mut self, case: &Case, cx: &mut Cx) {
        let advice = crate::referral::evaluate(&case.intake, &cx.env.directory, cx.now.date());
        self.open_dialog(HandoffDialog::for_case(&advice, &case.number, Some(Tab::Cases)));
        cx.out.goto = Some(Tab::Intake);
    }

    /// Open the dialog, with the note typed for the same hand-off and left with Esc.
    fn open_dialog(&mut self, mut d: HandoffDialog) {
        if let Some((case, note)) = self.kept_note.take() {
            if case == d.case {
                d.note = note;
            } else {
                self.kept_note = Some((case, note));
            }
        }
        // A dialog left open (another tab was chosen over it) keeps its typed note.
        if let Some(old) = self.dialog.take()
            && !old.note.as_str().trim().is_empty()
        {
            if old.case == d.case {
                d.note = old.note;
            } else {
                self.kept_note = Some((old.case, old.note));
            }
        }
        self.dialog = Some(d);
    }

    pub(super) fn handle_dialog(&mut self, action: Action, cx: &mut Cx) {
        use Action::*;
        let Some(d) = self.dialog.as_mut() else { return };
        match action {
            Back => {
                if let Some(tab) = d.back_to {
                    cx.out.goto = Some(tab);
                }
                // Esc never throws away a typed note: it is kept for the next つなぐ of
                // the same case (or form).
                if !d.note.as_str().trim().is_empty() {
                    self.kept_note = Some((d.case.clone(), d.note.clone()));
                    cx.out.message(Msg::NoteKept.text(cx.env.lang), Level::Info);
                }
                self.dialog = None;
            }
            Open => self.hand_off(cx),
            FocusNext | FocusPrev => d.on_note = !d.on_note,
            MoveUp | MoveDown if !d.on_note => {
                let _ = d.cursor.apply(action, d.items.len(), 1);
            }
            Toggle if !d.on_note => {
                if let Some(item) = d.items.get_mut(d.cursor.index()) {
                    item.1 = !item.1;
                }
            }
            CursorLeft if d.on_note => d.note.left(),
            CursorRight if d.on_note => d.note.right(),
            CursorHome if d.on_note => d.note.home(),
            CursorEnd if d.on_note => d.note.end(),
            DeleteBack if d.on_note => {
                d.note.delete_back();
            }
            DeleteForward if d.on_note => {
                d.note.delete_forward();
            }
            ClearInput if d.on_note => {
                d.note.clear();
            }
            _ => {}
        }
    }
}
