//! 案件's section picker: the inbox of one section, chosen by stepping (f / F, Left /
//! Right) or by typing its name in kana or romaji (ふくし, fukushi).

use super::super::super::action::Action;
use super::super::super::app::{Cx, Level};
use super::filter::View;
use super::words::Word;
use super::{CasesTab, Mode};

impl CasesTab {
    /// Show the inbox of section `i` (the picker stays as it is).
    pub(super) fn set_section(&mut self, i: usize, cx: &mut Cx) {
        let lang = cx.env.lang;
        self.mode = Mode::List;
        self.view = View::Inbox;
        self.section = i.min(cx.env.directory.sections.len().saturating_sub(1));
        self.desk = None;
        self.selected.reset();
        self.scroll = 0;
        self.load(None, cx);
        if let Some((_, name)) = self.section(&cx.env.directory) {
            let word = if self.picking.is_some() {
                Word::SectionPick
            } else {
                Word::SectionIs
            };
            cx.out.message(word.with(lang, &[("section", name)]), Level::Info);
        }
    }

    /// Move the inbox to the next (or previous) section, or open it from 全件.
    pub(super) fn step_section(&mut self, forward: bool, cx: &mut Cx) {
        let n = cx.env.directory.sections.len();
        if n == 0 {
            cx.out.message(Word::NoSections.text(cx.env.lang), Level::Warning);
            return;
        }
        let i = if self.view != View::Inbox {
            self.section
        } else if forward {
            (self.section + 1) % n
        } else {
            (self.section + n - 1) % n
        };
        self.set_section(i, cx);
    }

    /// Typed on the section picker: jump to the first section whose name (or id) the
    /// typed text starts, through the directory's normalizer (ふくし, フクシ, fukushi).
    pub(super) fn pick_typed(&mut self, cx: &mut Cx) {
        let Some(typed) = self.picking.clone() else { return };
        let dir = &cx.env.directory;
        let find = |t: &str| {
            super::super::intake::form::jump(
                t,
                dir.sections
                    .iter()
                    .map(|s| vec![s.name.as_str(), s.reading.as_str(), s.id.as_str()]),
            )
        };
        let found = match find(&typed) {
            Some(i) => Some(i),
            None => {
                // Start over from the last thing typed.
                let last: String = typed.chars().last().map(String::from).unwrap_or_default();
                let i = find(&last);
                self.picking = Some(if i.is_some() { last } else { String::new() });
                i
            }
        };
        if let Some(i) = found
            && (i != self.section || self.view != View::Inbox)
        {
            self.set_section(i, cx);
        }
    }

    pub(super) fn handle_picker(&mut self, action: Action, cx: &mut Cx) -> bool {
        use Action::*;
        match action {
            CursorLeft | ChoicePrev | FilterSectionPrev => self.step_section(false, cx),
            CursorRight | ChoiceNext | FilterSection => self.step_section(true, cx),
            DeleteBack => {
                if let Some(p) = &mut self.picking {
                    p.pop();
                }
                self.pick_typed(cx);
            }
            ClearInput => self.picking = Some(String::new()),
            Open | Back => {
                self.picking = None;
                if let Some((_, name)) = self.section(&cx.env.directory) {
                    cx.out.message(
                        Word::SectionIs.with(cx.env.lang, &[("section", name)]),
                        Level::Info,
                    );
                }
            }
            // Anything else closes the picker and does what it does.
            _ => {
                self.picking = None;
                return false;
            }
        }
        true
    }
}
