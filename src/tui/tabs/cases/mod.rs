//! 案件 tab: every case (全件) or one section's inbox (受信箱), the selected case's
//! timeline, its full detail and its つなぐシート; in the inbox, accept, return (with a
//! reason) and done on the selected hand-off.
//!
//! Everything is read from the store in `refresh` (an update, never a draw); a hand-off
//! is re-read just before it changes, so what is written is the stored record plus one
//! transition. Store errors become messages: nothing here panics on data.

mod change;
pub mod filter;
mod load;
mod picker;
mod search;
mod slip_out;
pub mod words;

use super::super::action::Action;
use super::super::app::{Cx, Level};
use super::super::input::LineInput;
use super::super::keymap::Context;
use super::super::layout;
use super::super::select::Selection;
use crate::domain::{Handoff, HandoffStatus, TransitionError};
use crate::store::{Store, StoreError};
use filter::{Period, View, next_desk, next_status, status_label};
use std::collections::HashMap;
use words::Word;

/// Most rows read into the list (the header says "+" when there are more).
pub const LIMIT: usize = 1000;

/// A case as the tab shows it: the record, all its hand-offs (by seq) and its meetings
/// (oldest first), as one store call returns it.
pub use crate::store::CaseView as CaseData;
pub use change::{ChangeOutcome, HandoffChange};
pub use load::PageQuery;

/// One line of the list: a case (全件) or a hand-off of a case (受信箱).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub number: String,
    pub handoff: Option<Handoff>,
}

impl Row {
    fn key(&self) -> Key {
        (self.number.clone(), self.handoff.as_ref().map(|h| h.seq))
    }
}

/// Case number and, in the inbox, the hand-off's seq.
type Key = (String, Option<u32>);

/// What the body shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// The list with the selected case's timeline below.
    #[default]
    List,
    /// Everything about the selected case (Enter); Esc returns.
    Detail,
    /// The つなぐシート of the selected case (p); Esc returns.
    Slip,
}

/// The one-line prompt for the reason of a return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnPrompt {
    pub case: String,
    pub seq: u32,
    pub input: LineInput,
}

#[derive(Default)]
pub struct CasesTab {
    pub view: View,
    /// None = 全て.
    pub status: Option<HandoffStatus>,
    pub period: Period,
    /// None = 全窓口.
    pub desk: Option<String>,
    /// Index into the directory's sections: whose inbox.
    pub section: usize,
    pub rows: Vec<Row>,
    pub data: HashMap<String, CaseData>,
    /// Desks seen in what was loaded (before the desk filter), for `k`.
    pub desks: Vec<String>,
    /// More than [`LIMIT`] matched.
    pub truncated: bool,
    /// The store holds at least one case (to tell "none yet" from "none match").
    pub any_case: bool,
    /// `refresh` ran without a store.
    pub no_store: bool,
    /// The last read failed (shown in the body as well as on the message line).
    pub error: Option<String>,
    pub selected: Selection,
    pub mode: Mode,
    /// Scroll of the timeline (list mode), the detail or the slip, in lines: kept
    /// within the content at the terminal's size by every move.
    pub scroll: u16,
    /// The slip shown (case number, lines).
    pub slip: Option<(String, Vec<String>)>,
    /// Where the slip is saved (Ctrl-S on it); None: `~/tsunagu-slips`.
    pub slip_dir: Option<std::path::PathBuf>,
    /// How the slip is printed (Ctrl-P on it), and the print under way.
    pub printer: crate::slip::print::Printer,
    printing: Option<std::sync::mpsc::Receiver<crate::slip::print::Printed>>,
    pub prompt: Option<ReturnPrompt>,
    /// A cancelled prompt, so its typed reason comes back with the next `r` on it.
    kept: Option<ReturnPrompt>,
    /// The section picker (f, F in the inbox): what was typed to jump to a section by
    /// its name, in kana or romaji. Some while open.
    pub picking: Option<String>,
    /// The search in effect (`/`, search.rs): 全件 lists only the cases it finds, over
    /// all years.
    pub search: Option<String>,
    /// The search line, while it is open.
    pub searching: Option<LineInput>,
    /// What was typed on the search line and left with Esc: back with the next `/`.
    search_kept: Option<LineInput>,
    /// The page asked of the store worker and not answered yet (load.rs).
    pub pending: Option<Pending>,
    /// The id of the last page asked for.
    asked: u64,
    /// The hand-off change asked of the store worker, with the return prompt it came
    /// from (kept when the change fails).
    changing: Option<(HandoffChange, Option<ReturnPrompt>)>,
    /// Accept, done or return pressed while a page was loading: done on its rows when
    /// they come, never on the rows of the filter before.
    queued: Option<Action>,
}

/// A page asked of the store worker: what to select when it comes, and (after a save)
/// the case to show, read again over all time when this fiscal year does not list it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub id: u64,
    key: Option<Key>,
    show: Option<String>,
}

/// The first key of an action in the list context, for messages ("i で受信箱へ").
pub fn key_of(cx: &Cx, action: Action) -> String {
    cx.env
        .keymap
        .key_labels(Context::List, action)
        .into_iter()
        .next()
        .unwrap_or_else(|| action.name().to_string())
}

impl CasesTab {
    /// The section picker is open: plain letters are typed into it.
    pub fn takes_letters(&self) -> bool {
        self.prompt.is_none() && self.searching.is_none() && self.picking.is_some()
    }

    pub fn context(&self) -> Context {
        if self.prompt.is_some() || self.picking.is_some() || self.searching.is_some() {
            Context::Input
        } else {
            Context::List
        }
    }

    pub fn hints(&self) -> &'static [Action] {
        use Action::*;
        if self.prompt.is_some() {
            // Enter/Esc are spelled out on the prompt line itself ("Enter 確定  Esc 取消"):
            // Open's own description (詳細) would mislead here.
            return &[ClearInput, CursorHome, CursorEnd, Help];
        }
        if self.searching.is_some() {
            // Enter/Esc are spelled out on the search line itself.
            return &[ClearInput, CursorHome, CursorEnd, Help];
        }
        if self.picking.is_some() {
            return &[CursorLeft, CursorRight, Open, DeleteBack, Help];
        }
        match (self.mode, self.view) {
            (Mode::Slip, _) => &[
                Save, PrintSlip, DetailDown, DetailUp, PageDown, PageUp, Back, Help,
            ],
            (Mode::Detail, View::Inbox) => &[
                Back,
                Accept,
                ReturnHandoff,
                Complete,
                Slip,
                DetailDown,
                Help,
                HandoffCase,
            ],
            (Mode::Detail, View::All) => &[Back, HandoffCase, Slip, DetailDown, DetailUp, PageDown, Help],
            (Mode::List, View::Inbox) => &[
                Accept,
                ReturnHandoff,
                Complete,
                Slip,
                Open,
                ToggleInbox,
                Help,
                HandoffCase,
                SearchCases,
                FilterSection,
                FilterStatus,
                FilterDesk,
            ],
            (Mode::List, View::All) if self.search.is_some() => &[
                Open,
                HandoffCase,
                Slip,
                SearchCases,
                Back,
                Help,
                ToggleInbox,
                FilterStatus,
                FilterDesk,
            ],
            (Mode::List, View::All) => &[
                Open,
                SearchCases,
                HandoffCase,
                Slip,
                ToggleInbox,
                Help,
                FilterStatus,
                FilterPeriod,
                FilterDesk,
            ],
        }
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.selected.pick(&self.rows)
    }

    pub fn selected_data(&self) -> Option<&CaseData> {
        self.selected_row().and_then(|r| self.data.get(&r.number))
    }

    /// The section whose inbox is shown: (id, name).
    pub fn section<'a>(&self, dir: &'a crate::domain::Directory) -> Option<(&'a str, &'a str)> {
        dir.sections
            .get(self.section)
            .map(|s| (s.id.as_str(), s.name.as_str()))
    }

    /// Start on the inbox of a section (a section user's own).
    pub fn open_inbox_of(&mut self, section: &str, dir: &crate::domain::Directory) {
        if let Some(i) = dir.sections.iter().position(|s| s.id == section) {
            self.view = View::Inbox;
            self.section = i;
        }
    }

    /// Reload from the store (the tab was entered, or something changed), keeping the
    /// selection by case number (and hand-off) when it is still listed.
    pub fn refresh(&mut self, cx: &mut Cx) {
        let key = self.selected_row().map(Row::key);
        self.load(key, cx);
    }

    /// After the intake saved or handed off a case: show it in 全件 (this fiscal year, or
    /// all time when it is older) and select it.
    pub fn show_case(&mut self, number: &str, cx: &mut Cx) {
        self.view = View::All;
        self.period = Period::FiscalYear;
        self.status = None;
        self.desk = None;
        self.search = None;
        self.searching = None;
        self.mode = Mode::List;
        self.scroll = 0;
        if let Some(p) = self.prompt.take() {
            self.kept = Some(p);
        }
        let key = Some((number.to_string(), None));
        if self.ask(key.clone(), Some(number.to_string()), cx) {
            return;
        }
        self.load(key.clone(), cx);
        if !self.no_store && !self.rows.iter().any(|r| r.number == number) {
            self.period = Period::All;
            self.load(key, cx);
        }
    }

    /// Scroll what is shown by `lines`, within its content at the terminal's size.
    fn scroll_by(&mut self, lines: isize, cx: &Cx) {
        let body = layout::body(cx.env.size);
        let max = crate::tui::screens::cases::scroll_limit(self, &cx.env.directory, body, cx.env.lang);
        let at = self.scroll.min(max) as isize;
        self.scroll = (at.saturating_add(lines)).clamp(0, max as isize) as u16;
    }

    /// Better words for the picker's keys in the hint line.
    pub fn hint_label(&self, action: Action, lang: crate::i18n::Lang) -> Option<&'static str> {
        use crate::i18n::Lang::*;
        if self.searching.is_none() && self.search.is_some() && self.mode == Mode::List {
            return match (action, lang) {
                (Action::Back, Ja) => Some("検索を解除"),
                (Action::Back, En) => Some("clear search"),
                _ => None,
            };
        }
        self.picking.as_ref()?;
        match (action, lang) {
            (Action::CursorLeft, Ja) => Some("前の課"),
            (Action::CursorLeft, En) => Some("previous"),
            (Action::CursorRight, Ja) => Some("次の課"),
            (Action::CursorRight, En) => Some("next"),
            (Action::Open, Ja) => Some("決定"),
            (Action::Open, En) => Some("OK"),
            _ => None,
        }
    }

    pub fn handle(&mut self, action: Action, cx: &mut Cx) {
        use Action::*;
        if self.prompt.is_some() {
            self.handle_prompt(action, cx);
            return;
        }
        if self.searching.is_some() && !matches!(action, Action::Help) {
            self.handle_search_line(action, cx);
            return;
        }
        if self.picking.is_some() && self.handle_picker(action, cx) {
            return;
        }
        let lang = cx.env.lang;
        let full = self.mode != Mode::List;
        let body = layout::body(cx.env.size);
        if !full {
            let page = usize::from(layout::case_list(body, self.rows.len()).list.height);
            if let Some(moved) = self.selected.apply(action, self.rows.len(), page) {
                if moved {
                    self.scroll = 0;
                }
                return;
            }
        }
        let view_page = layout::page(body).content.height.max(1) as isize;
        match action {
            Back if full => {
                self.mode = Mode::List;
                self.scroll = 0;
            }
            // Esc on the list clears the search in effect (nothing typed is lost: the
            // search line is closed).
            Back if self.search.is_some() => self.apply_search(None, cx),
            // Tab (vim: /) moves to the one input of the list: the search line.
            SearchCases => self.open_search(cx),
            FocusNext if !full => self.open_search(cx),
            Open => match self.mode {
                Mode::List if self.selected_data().is_some() => {
                    self.mode = Mode::Detail;
                    self.scroll = 0;
                }
                Mode::List => cx.out.message(Word::NothingSelected.text(lang), Level::Warning),
                Mode::Detail | Mode::Slip => {
                    self.mode = Mode::List;
                    self.scroll = 0;
                }
            },
            MoveUp => self.scroll_by(-1, cx),
            MoveDown => self.scroll_by(1, cx),
            PageUp => self.scroll_by(-view_page, cx),
            PageDown => self.scroll_by(view_page, cx),
            First => self.scroll = 0,
            Last => self.scroll_by(isize::MAX, cx),
            DetailUp => self.scroll_by(-3, cx),
            DetailDown => self.scroll_by(3, cx),
            Slip => {
                if self.mode == Mode::Slip {
                    self.mode = Mode::List;
                    self.scroll = 0;
                } else {
                    self.open_slip(cx);
                }
            }
            HandoffCase | Handoff => match self.selected_data() {
                Some(d) => cx.out.handoff_case = Some(Box::new(d.case.clone())),
                None => cx.out.message(Word::NothingSelected.text(lang), Level::Warning),
            },
            Save if self.mode == Mode::Slip => self.save_slip(cx),
            PrintSlip if self.mode == Mode::Slip => self.print_slip(cx),
            Accept | Complete | ReturnHandoff if self.mode == Mode::Slip => {}
            Accept => self.change_selected(HandoffStatus::Accepted, cx),
            Complete => self.change_selected(HandoffStatus::Done, cx),
            ReturnHandoff => self.open_prompt(cx),
            ToggleInbox => {
                self.mode = Mode::List;
                self.view = match self.view {
                    View::All => View::Inbox,
                    View::Inbox => View::All,
                };
                // The other view's rows are never shown under this one's title.
                self.rows.clear();
                self.selected.reset();
                self.refresh(cx);
            }
            // From 全件, `f` opens the inbox of the current section; in the inbox it
            // moves on to the next one (`F` back). Either opens the picker: typing a
            // section's name (ふくし, fukushi) jumps to it.
            FilterSection | FilterSectionPrev => {
                self.picking = Some(String::new());
                self.step_section(action == FilterSection, cx);
            }
            FilterStatus => {
                self.mode = Mode::List;
                self.status = next_status(self.status);
                self.refresh(cx);
            }
            FilterPeriod => {
                self.mode = Mode::List;
                if self.view == View::Inbox {
                    cx.out.message(Word::PeriodAllOnly.text(lang), Level::Info);
                } else {
                    self.period = self.period.next();
                    self.refresh(cx);
                }
            }
            FilterDesk => {
                self.mode = Mode::List;
                self.desk = next_desk(self.desk.as_deref(), &self.desks);
                self.refresh(cx);
            }
            _ => {}
        }
    }

    /// Typed text goes to the reason prompt when it is open, or to the section picker;
    /// otherwise nowhere.
    pub fn on_text(&mut self, text: &str, cx: &mut Cx) {
        if self.prompt.is_none() && self.type_search(text, cx) {
            return;
        }
        if self.prompt.is_none()
            && let Some(p) = &mut self.picking
        {
            p.push_str(text);
            self.pick_typed(cx);
            return;
        }
        if let Some(p) = &mut self.prompt
            && !p.input.insert(text)
        {
            cx.out
                .message(crate::i18n::Msg::PasteCapped.text(cx.env.lang), Level::Warning);
        }
    }

    fn open_slip(&mut self, cx: &mut Cx) {
        let lang = cx.env.lang;
        let Some(d) = self.selected_data() else {
            cx.out.message(Word::NothingSelected.text(lang), Level::Warning);
            return;
        };
        match crate::slip::render(&cx.env.directory, &d.case, &d.handoffs, None, lang) {
            Ok(text) => {
                let lines = text.lines().map(str::to_string).collect();
                self.slip = Some((d.case.number.clone(), lines));
                self.mode = Mode::Slip;
                self.scroll = 0;
            }
            Err(e) => cx.out.message(
                Word::SlipFailed.with(lang, &[("e", &e.to_string())]),
                Level::Warning,
            ),
        }
    }
}
