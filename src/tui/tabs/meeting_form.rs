//! 会議's form: its fields in focus order, its case rows, and what counts as typed.

use super::super::input::LineInput;

/// A focusable place in the meeting form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MField {
    Kind,
    Date,
    Sections,
    Agencies,
    Case(usize),
    Decision(usize),
    Note(usize),
    AddCase,
}

impl MField {
    pub fn is_text(self) -> bool {
        matches!(
            self,
            MField::Date | MField::Agencies | MField::Case(_) | MField::Note(_)
        )
    }
}

/// One case row of the form.
#[derive(Default)]
pub struct CaseRow {
    pub number: LineInput,
    pub decision: usize,
    pub note: LineInput,
}

pub struct MeetingForm {
    /// Index into the directory's meetings.
    pub kind: usize,
    pub date: LineInput,
    pub sections: Vec<String>,
    /// Check-list cursor over the directory's sections.
    pub section_cursor: usize,
    pub agencies: LineInput,
    pub rows: Vec<CaseRow>,
    pub focus: usize,
    /// The date the form opened with (a date left as it was is nothing typed).
    pub opened_on: String,
    /// Esc on a form with typed text asks before discarding it (Enter: yes, Esc: no).
    pub confirm_discard: bool,
}

impl MeetingForm {
    pub fn fields(&self) -> Vec<MField> {
        let mut f = vec![MField::Kind, MField::Date, MField::Sections, MField::Agencies];
        for i in 0..self.rows.len() {
            f.extend([MField::Case(i), MField::Decision(i), MField::Note(i)]);
        }
        f.push(MField::AddCase);
        f
    }
    pub fn focused(&self) -> MField {
        let f = self.fields();
        let last = f.len().saturating_sub(1);
        f.get(self.focus.min(last)).copied().unwrap_or(MField::Kind)
    }

    /// The text input of a field that takes typed text.
    pub(super) fn input(&mut self, f: MField) -> Option<&mut LineInput> {
        match f {
            MField::Date => Some(&mut self.date),
            MField::Agencies => Some(&mut self.agencies),
            MField::Case(i) => self.rows.get_mut(i).map(|r| &mut r.number),
            MField::Note(i) => self.rows.get_mut(i).map(|r| &mut r.note),
            _ => None,
        }
    }

    /// Anything typed or chosen beyond the blank form (Esc asks before discarding it).
    pub fn has_content(&self) -> bool {
        self.kind != 0
            || self.date.as_str() != self.opened_on
            || !self.sections.is_empty()
            || !self.agencies.as_str().trim().is_empty()
            || self.rows.len() > 1
            || self.rows.iter().any(|r| {
                !r.number.as_str().trim().is_empty() || !r.note.as_str().trim().is_empty() || r.decision != 0
            })
    }
}
