//! 会議 tab: the year's 重層的支援会議 and 支援会議, and a form to record one with the
//! cases discussed and what was decided. The plan's rule is enforced on save: a case
//! without consent on record can be discussed only at a 支援会議 (法第106条の6).
//!
//! Store work is asked of the store worker ([`super::meeting_save`]) and answered in
//! `on_list`, `on_cases` and `on_saved`. While a save is out, what is typed is held and
//! handled, in order, once it is answered; a failed save leaves the form as typed.

use super::super::action::Action;
use super::super::app::{Cx, Level};
use super::super::input::LineInput;
use super::super::keymap::Context;
use super::super::select::Selection;
use super::super::worker::Job;
pub use super::meeting_form::{CaseRow, MField, MeetingForm};
use super::meeting_save::{MeetingSave, SaveOutcome};
use super::meeting_words::Word;
use crate::domain::{Case, CaseDecision, ConsentRule, Decision, MeetingRecord, fiscal_year};
use crate::i18n::Lang;
use crate::store::StoreError;
use chrono::NaiveDate;
use std::sync::Arc;

#[derive(Default)]
pub struct MeetingsTab {
    pub fy: Option<i32>,
    pub list: Vec<MeetingRecord>,
    pub selected: Selection,
    pub form: Option<MeetingForm>,
    /// Cases looked up for the form's rows (by number), for consent and summary.
    pub cases: Vec<Case>,
    pub scroll: u16,
    /// The last id given to a job.
    asked: u64,
    /// The list asked and not answered yet, and the meeting to select then.
    loading: Option<(u64, Option<String>)>,
    /// The form's look-up of its cases asked last.
    looking: Option<u64>,
    /// A save asked and not answered yet: the form waits for it.
    saving: Option<u64>,
    /// What was typed while a save was out, to handle once it is answered.
    held: Vec<Held>,
}

/// Input held while a save is out.
enum Held {
    Action(Action),
    Text(String),
}

/// The decision at `i` of [`Decision::ALL`], wrapping (a form row's choice).
pub fn decision_at(i: usize) -> Decision {
    let all = Decision::ALL;
    all.get(i % all.len()).copied().unwrap_or(Decision::PlanApproved)
}

/// A case number as typed: "R8-000012", "r8-12" or just "12" (this fiscal year).
pub fn normalize_case(typed: &str, fy: i32) -> Option<String> {
    crate::domain::case_number_as_typed(typed, fy)
}

impl MeetingsTab {
    pub fn context(&self) -> Context {
        match &self.form {
            Some(f) if f.confirm_discard => Context::List,
            Some(f) if f.focused().is_text() => Context::Input,
            _ => Context::List,
        }
    }

    pub fn hints(&self) -> &'static [Action] {
        use Action::*;
        match &self.form {
            None => &[NewMeeting, MoveDown, ChoiceNext, DetailDown, Help, Quit],
            Some(f) if f.confirm_discard => &[Open, Back],
            Some(f) => match f.focused() {
                MField::Sections => &[Toggle, MoveDown, FocusNext, Save, Back, Quit],
                MField::AddCase => &[Open, FocusNext, Save, Back, Quit],
                x if x.is_text() => &[FocusNext, Save, RemovePerson, Back, Quit],
                _ => &[ChoiceNext, FocusNext, Save, RemovePerson, Back, Quit],
            },
        }
    }

    pub fn hint_label(&self, action: Action, lang: Lang) -> Option<&'static str> {
        match (action, lang, &self.form) {
            (Action::Open, Lang::Ja, Some(f)) if f.confirm_discard => Some("はい (破棄)"),
            (Action::Open, Lang::En, Some(f)) if f.confirm_discard => Some("yes (discard)"),
            (Action::Back, Lang::Ja, Some(f)) if f.confirm_discard => Some("いいえ (入力に戻る)"),
            (Action::Back, Lang::En, Some(f)) if f.confirm_discard => Some("no (back to the form)"),
            (Action::RemovePerson, Lang::Ja, Some(_)) => Some("案件を外す"),
            (Action::RemovePerson, Lang::En, Some(_)) => Some("remove case"),
            (Action::Back, Lang::Ja, Some(_)) => Some("やめる"),
            (Action::Back, Lang::En, Some(_)) => Some("cancel"),
            (Action::Open, Lang::Ja, Some(_)) => Some("案件を追加"),
            (Action::Open, Lang::En, Some(_)) => Some("add case"),
            (Action::ChoiceNext, Lang::Ja, None) => Some("年度"),
            (Action::ChoiceNext, Lang::En, None) => Some("year"),
            _ => None,
        }
    }

    pub fn year(&self, cx: &Cx) -> i32 {
        self.fy.unwrap_or_else(|| fiscal_year(cx.now.date()))
    }

    /// Is something asked of the store and not answered yet?
    pub fn pending(&self) -> bool {
        self.loading.is_some() || self.looking.is_some() || self.saving.is_some()
    }

    fn next_id(&mut self) -> u64 {
        self.asked += 1;
        self.asked
    }

    /// Ask for the year's list (the list shown stays until the answer).
    pub fn refresh(&mut self, cx: &mut Cx) {
        self.ask_list(None, cx);
    }

    fn ask_list(&mut self, select: Option<String>, cx: &mut Cx) {
        let fy = self.year(cx);
        self.fy = Some(fy);
        if cx.store.is_none() {
            return;
        }
        let id = self.next_id();
        self.loading = Some((id, select));
        cx.out.jobs.push(Job::Meetings { id, fy });
    }

    /// The worker's answer to the list asked last (an older one is dropped).
    pub fn on_list(&mut self, id: u64, result: Result<Vec<MeetingRecord>, StoreError>, cx: &mut Cx) {
        let Some((_, select)) = self.loading.take_if(|(asked, _)| *asked == id) else {
            return;
        };
        match result {
            Ok(list) => {
                self.list = list;
                let at = match select {
                    Some(m) => self.list.iter().position(|x| x.id == m).unwrap_or(0),
                    None => self.selected.index(),
                };
                self.selected.set(at, self.list.len());
            }
            Err(e) => cx.out.message(e.message_ja(), Level::Warning),
        }
    }

    fn new_form(&mut self, cx: &mut Cx) {
        let mut date = LineInput::default();
        let today = cx.now.date().format("%Y-%m-%d").to_string();
        date.insert(&today);
        self.form = Some(MeetingForm {
            kind: 0,
            date,
            sections: Vec::new(),
            section_cursor: 0,
            agencies: LineInput::default(),
            rows: vec![CaseRow::default()],
            focus: 0,
            opened_on: today,
            confirm_discard: false,
        });
        self.cases.clear();
    }

    /// Look up the cases typed in the form's rows (for consent and the summary).
    fn lookup(&mut self, cx: &mut Cx) {
        if cx.store.is_none() {
            return;
        }
        let fy = self.year(cx);
        let Some(form) = &self.form else { return };
        let numbers = form
            .rows
            .iter()
            .filter_map(|r| normalize_case(r.number.as_str(), fy))
            .collect();
        let id = self.next_id();
        self.looking = Some(id);
        cx.out.jobs.push(Job::MeetingCases { id, numbers });
    }

    /// The worker's answer to the look-up asked last.
    pub fn on_cases(&mut self, id: u64, cases: Vec<Case>) {
        if self.looking.take_if(|asked| *asked == id).is_some() {
            self.cases = cases;
        }
    }

    pub fn on_text(&mut self, text: &str, cx: &mut Cx) {
        if self.saving.is_some() {
            self.held.push(Held::Text(text.to_string()));
            return;
        }
        let Some(form) = self.form.as_mut() else { return };
        if form.confirm_discard {
            return;
        }
        let f = form.focused();
        let Some(input) = form.input(f) else { return };
        input.insert(text);
        self.lookup(cx);
    }

    fn save(&mut self, cx: &mut Cx) {
        let lang = cx.env.lang;
        let dir = &cx.env.directory;
        let Some(form) = &self.form else { return };
        if cx.store.is_none() {
            return;
        }
        let Ok(date) = NaiveDate::parse_from_str(form.date.as_str().trim(), "%Y-%m-%d") else {
            cx.out.message(Word::DateFormat.text(lang), Level::Warning);
            return;
        };
        let fy = fiscal_year(date);
        let Some(kind) = dir.meetings.get(form.kind) else {
            return;
        };
        let mut decisions = Vec::new();
        for r in &form.rows {
            if r.number.as_str().trim().is_empty() {
                continue;
            }
            let Some(number) = normalize_case(r.number.as_str(), self.year(cx)) else {
                cx.out.message(
                    format!("{}: 案件番号の形が違います (例 R8-000001)", r.number.as_str()),
                    Level::Warning,
                );
                return;
            };
            decisions.push(CaseDecision {
                case: number,
                decision: decision_at(r.decision),
                note: r.note.as_str().trim().to_string(),
            });
        }
        let record = MeetingRecord {
            id: String::new(),
            kind: kind.id.clone(),
            date: date.format("%Y-%m-%d").to_string(),
            fiscal_year: fy,
            sections: form.sections.clone(),
            agencies: form
                .agencies
                .as_str()
                .split([',', '、', '，'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            cases: decisions,
            confidential: kind.confidential,
            recorded_at: cx.stamp(),
            recorded_by: cx.env.user.clone(),
        };
        let id = self.next_id();
        self.saving = Some(id);
        cx.out.jobs.push(Job::SaveMeeting {
            id,
            save: Box::new(MeetingSave {
                record,
                directory: Arc::clone(&cx.env.directory),
            }),
        });
    }

    /// The worker's answer to the save: the form closes once the meeting is recorded;
    /// a refusal or a failure leaves it as typed. Then what was typed meanwhile.
    pub fn on_saved(&mut self, id: u64, outcome: SaveOutcome, cx: &mut Cx) {
        if self.saving.take_if(|asked| *asked == id).is_none() {
            return;
        }
        let lang = cx.env.lang;
        match outcome {
            SaveOutcome::Saved { record, closing } => {
                let name = cx
                    .env
                    .directory
                    .meeting(&record.kind)
                    .map_or(record.kind.as_str(), |m| m.name.as_str());
                let recorded = format!("{}: {} {}", Word::Recorded.text(lang), record.id, name);
                match closing {
                    // Recorded; a case it closes could not be written.
                    Some(e) => cx
                        .out
                        .message(format!("{recorded} / {}", e.message_ja()), Level::Warning),
                    None => cx.out.message(recorded, Level::Info),
                }
                self.form = None;
                self.cases.clear();
                self.fy = Some(record.fiscal_year);
                self.ask_list(Some(record.id), cx);
            }
            SaveOutcome::Refused(e) => cx.out.message(e.message_ja(), Level::Warning),
            SaveOutcome::Failed(e) => cx.out.message(e.message_ja(), Level::Warning),
        }
        for input in std::mem::take(&mut self.held) {
            match input {
                Held::Action(a) => self.handle(a, cx),
                Held::Text(t) => self.on_text(&t, cx),
            }
        }
    }

    /// Is this kind of meeting one that needs consent on record?
    pub fn needs_consent(&self, cx_dir: &crate::domain::Directory) -> bool {
        self.form
            .as_ref()
            .and_then(|f| cx_dir.meetings.get(f.kind))
            .is_some_and(|m| m.consent == ConsentRule::ConsentGiven)
    }

    pub fn handle(&mut self, action: Action, cx: &mut Cx) {
        use Action::*;
        if self.saving.is_some() {
            self.held.push(Held::Action(action));
            return;
        }
        let Some(form) = self.form.as_mut() else {
            match action {
                NewMeeting => self.new_form(cx),
                // The list scrolls with the body: no paging of its own.
                MoveUp | MoveDown | First | Last => {
                    let _ = self.selected.apply(action, self.list.len(), 1);
                }
                DetailUp => self.scroll = self.scroll.saturating_sub(3),
                DetailDown => self.scroll = self.scroll.saturating_add(3),
                ChoicePrev | ChoiceNext => {
                    let fy = self.year(cx) + if action == ChoiceNext { 1 } else { -1 };
                    self.fy = Some(fy);
                    self.selected.reset();
                    // Not last year's meetings under this year's heading while it is read.
                    self.list.clear();
                    self.refresh(cx);
                }
                _ => {}
            }
            return;
        };
        if form.confirm_discard {
            match action {
                Open => {
                    self.form = None;
                    self.cases.clear();
                }
                Back => form.confirm_discard = false,
                _ => {}
            }
            return;
        }
        let n_fields = form.fields().len();
        let f = form.focused();
        let n_sections = cx.env.directory.sections.len();
        match action {
            // Esc never discards what was typed without a yes (over SSH a lone Esc can
            // arrive split from an arrow key).
            Back if form.has_content() => form.confirm_discard = true,
            Back => self.form = None,
            Save => self.save(cx),
            FocusNext => form.focus = (form.focus + 1) % n_fields,
            FocusPrev => form.focus = (form.focus + n_fields - 1) % n_fields,
            MoveDown if f == MField::Sections => {
                form.section_cursor = (form.section_cursor + 1).min(n_sections.saturating_sub(1))
            }
            MoveUp if f == MField::Sections => form.section_cursor = form.section_cursor.saturating_sub(1),
            MoveDown => form.focus = (form.focus + 1) % n_fields,
            MoveUp => form.focus = (form.focus + n_fields - 1) % n_fields,
            Toggle if f == MField::Sections => {
                if let Some(s) = cx.env.directory.sections.get(form.section_cursor) {
                    match form.sections.iter().position(|x| *x == s.id) {
                        Some(i) => {
                            form.sections.remove(i);
                        }
                        None => form.sections.push(s.id.clone()),
                    }
                }
            }
            Open | Toggle if f == MField::AddCase => {
                form.rows.push(CaseRow::default());
                form.focus = form
                    .fields()
                    .iter()
                    .position(|x| *x == MField::Case(form.rows.len() - 1))
                    .unwrap_or(0);
            }
            Toggle | ChoiceNext | ChoicePrev => {
                let fwd = action != ChoicePrev;
                let step = |i: usize, n: usize| if fwd { (i + 1) % n } else { (i + n - 1) % n };
                match f {
                    MField::Kind => form.kind = step(form.kind, cx.env.directory.meetings.len().max(1)),
                    MField::Decision(i) => {
                        if let Some(r) = form.rows.get_mut(i) {
                            r.decision = step(r.decision, Decision::ALL.len());
                        }
                    }
                    _ => {}
                }
            }
            Open => form.focus = (form.focus + 1) % n_fields,
            RemovePerson => {
                if let MField::Case(i) | MField::Decision(i) | MField::Note(i) = f
                    && form.rows.len() > 1
                {
                    form.rows.remove(i);
                    form.focus = form.focus.min(form.fields().len() - 1);
                    self.lookup(cx);
                }
            }
            _ => {
                let Some(input) = form.input(f) else { return };
                match action {
                    CursorLeft => input.left(),
                    CursorRight => input.right(),
                    CursorHome => input.home(),
                    CursorEnd => input.end(),
                    DeleteBack => {
                        input.delete_back();
                    }
                    DeleteForward => {
                        input.delete_forward();
                    }
                    ClearInput => {
                        input.clear();
                    }
                    _ => return,
                }
                self.lookup(cx);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_case;

    #[test]
    fn case_numbers_as_typed() {
        assert_eq!(normalize_case("12", 2026).as_deref(), Some("R8-000012"));
        assert_eq!(normalize_case(" r8-000123 ", 2026).as_deref(), Some("R8-000123"));
        assert_eq!(normalize_case("R9-5", 2026).as_deref(), Some("R9-000005"));
        assert_eq!(normalize_case("abc", 2026), None);
        assert_eq!(normalize_case("", 2026), None);
    }
}
