//! 検索 tab state: the query, ranked hits, selection and detail scroll.

use super::super::action::Action;
use super::super::app::{Cx, Focus, Level};
use super::super::input::LineInput;
use super::super::keymap::Context;
use super::super::layout;
use super::super::select::Selection;
use crate::i18n::Msg;
use crate::search::{EntryKind, Found, Hit};

/// Most results kept for the list.
pub const MAX_HITS: usize = 300;

#[derive(Default)]
pub struct SearchTab {
    pub query: LineInput,
    pub hits: Vec<Hit>,
    /// The last answer, to say why each hit matched.
    pub found: Option<Found>,
    pub selected: Selection,
    pub focus: Focus,
    /// Detail pane takes the whole body (Enter); Esc returns.
    pub expanded: bool,
    pub detail_scroll: u16,
}

impl SearchTab {
    pub fn context(&self) -> Context {
        match self.focus {
            Focus::Input => Context::Input,
            Focus::List => Context::List,
        }
    }

    pub fn hints(&self) -> &'static [Action] {
        use Action::*;
        match self.focus {
            Focus::Input => &[Open, FocusNext, AddToIntake, Help, Quit, ClearInput],
            Focus::List => &[Open, FocusNext, AddToIntake, Help, Quit, Back],
        }
    }

    pub fn selected_hit(&self) -> Option<&Hit> {
        self.selected.pick(&self.hits)
    }

    /// Hits from this one on match only some of the words (一部の語で一致).
    /// More entries matched than the list holds ([`MAX_HITS`]; the answer asks for one
    /// more): the count says 300件+.
    pub fn more(&self) -> bool {
        self.found.as_ref().is_some_and(|f| f.hits.len() > MAX_HITS)
    }

    pub fn partial_from(&self) -> usize {
        self.found.as_ref().map_or(self.hits.len(), |f| f.partial_from)
    }

    /// Typed or pasted text goes to the query.
    pub fn on_text(&mut self, text: &str, cx: &mut Cx) {
        self.focus = Focus::Input;
        self.expanded = false;
        let before = self.query.as_str().len();
        if !self.query.insert(text) {
            cx.out.message(Msg::PasteCapped.text(cx.env.lang), Level::Warning);
        }
        if self.query.as_str().len() != before {
            self.refresh(cx);
        }
    }

    /// The results are of a directory no longer shown (a new seed): none until the
    /// next key, the query kept.
    pub fn forget_results(&mut self) {
        self.hits.clear();
        self.found = None;
        self.selected.reset();
    }

    fn refresh(&mut self, cx: &Cx) {
        // One more than the list holds tells whether more matched.
        let found = cx.env.index.query(self.query.as_str(), MAX_HITS + 1);
        self.hits = found.hits.iter().take(MAX_HITS).copied().collect();
        self.found = Some(found);
        self.selected.reset();
        self.detail_scroll = 0;
    }

    /// Rows of the result list at the terminal's size, for page up/down.
    fn page(cx: &Cx) -> usize {
        usize::from(layout::search(layout::body(cx.env.size)).list.height)
    }

    pub fn handle(&mut self, action: Action, cx: &mut Cx) {
        use Action::*;
        if let Some(moved) = self.selected.apply(action, self.hits.len(), Self::page(cx)) {
            if moved {
                self.detail_scroll = 0;
            }
            return;
        }
        match action {
            FocusNext | FocusPrev => {
                self.focus = match self.focus {
                    Focus::Input if !self.hits.is_empty() => Focus::List,
                    _ => Focus::Input,
                }
            }
            Back => {
                if self.expanded {
                    self.expanded = false;
                } else {
                    self.focus = Focus::Input;
                }
            }
            Open if !self.hits.is_empty() => {
                self.expanded = !self.expanded;
                self.detail_scroll = 0;
            }
            DetailUp => self.detail_scroll = self.detail_scroll.saturating_sub(3),
            DetailDown => self.detail_scroll = self.detail_scroll.saturating_add(3),
            CursorLeft => self.query.left(),
            CursorRight => self.query.right(),
            CursorHome => self.query.home(),
            CursorEnd => self.query.end(),
            DeleteBack | DeleteForward | ClearInput => {
                let changed = match action {
                    DeleteBack => self.query.delete_back(),
                    DeleteForward => self.query.delete_forward(),
                    _ => self.query.clear(),
                };
                if changed {
                    self.refresh(cx);
                }
            }
            AddToIntake => self.add_to_intake(cx),
            _ => {}
        }
    }

    /// Ctrl-R: the selected program (or a site's program) joins the intake's suggestions.
    fn add_to_intake(&mut self, cx: &mut Cx) {
        let dir = &cx.env.directory;
        let program = self.selected_hit().and_then(|h| match h.kind {
            EntryKind::Program => dir.programs.get(h.idx).map(|p| p.id.clone()),
            // A site: its program, at that site ("program@site", see Draft::programs).
            EntryKind::Site => dir
                .sites
                .get(h.idx)
                .and_then(|s| s.programs.first().map(|p| format!("{p}@{}", s.id))),
            EntryKind::Meeting => dir.meetings.get(h.idx).map(|m| m.program.clone()),
            EntryKind::Section => None,
        });
        match program {
            Some(p) => cx.out.add_to_intake.push(p),
            None => cx
                .out
                .message(Msg::NothingToAdd.text(cx.env.lang), Level::Warning),
        }
    }
}
