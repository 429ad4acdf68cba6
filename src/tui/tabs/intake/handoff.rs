//! Saving the intake as a case, and handing it to the suggested sections (つなぐ).

use super::super::super::action::Action;
use super::super::super::app::{Cx, Level, Tab};
use super::super::super::input::LineInput;
use super::super::super::select::Selection;
use super::IntakeTab;
use crate::domain::validate;
use crate::domain::{Case, Handoff, HandoffStatus, StatusChange, date_of, fiscal_year};
use crate::i18n::Msg;
use crate::referral::{Advice, Referral};

/// The hand-off overlay: the suggestions with check boxes, and a note for the sections.
pub struct HandoffDialog {
    pub items: Vec<(Referral, bool)>,
    pub cursor: Selection,
    pub note: LineInput,
    pub on_note: bool,
}

impl HandoffDialog {
    pub fn new(advice: &Advice) -> HandoffDialog {
        HandoffDialog {
            items: advice.referrals.iter().map(|r| (r.clone(), true)).collect(),
            cursor: Selection::default(),
            note: LineInput::default(),
            on_note: false,
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
        let checked = self
            .ages
            .iter()
            .enumerate()
            .try_for_each(|(i, a)| validate::age_from_text(a.as_str(), &format!("people[{i}]")).map(|_| ()))
            .and_then(|()| validate::validate_intake(&self.draft.intake, Some(&cx.env.directory)));
        if let Err(e) = checked {
            cx.out.message(
                format!("{}: {}", Msg::SaveFailed.text(lang), e.message(lang)),
                Level::Warning,
            );
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
        let Some(case) = self.save_case_full(cx) else {
            return;
        };
        let Some(store) = cx.store else { return };
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
                case: case.number.clone(),
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
            format!(
                "{} {}: {}",
                case.number,
                Msg::HandedOff.text(lang),
                sent.join("、")
            ),
            Level::Info,
        );
        cx.out.show_case = Some(case.number.clone());
        cx.out.goto = Some(Tab::Cases);
        self.dialog = None;
        self.reset(cx);
    }

    pub(super) fn handle_dialog(&mut self, action: Action, cx: &mut Cx) {
        use Action::*;
        let Some(d) = self.dialog.as_mut() else { return };
        match action {
            Back => self.dialog = None,
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
