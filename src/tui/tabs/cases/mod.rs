//! 案件 tab: every case (全件) or one section's inbox (受信箱), the selected case's
//! timeline, its full detail and its つなぐシート; in the inbox, accept, return (with a
//! reason) and done on the selected hand-off.
//!
//! Everything is read from the store in `refresh` (an update, never a draw); a hand-off
//! is re-read just before it changes, so what is written is the stored record plus one
//! transition. Store errors become messages: nothing here panics on data.

pub mod filter;
pub mod words;

use super::super::action::Action;
use super::super::app::{Cx, Level};
use super::super::input::LineInput;
use super::super::keymap::Context;
use crate::domain::{Case, Handoff, HandoffStatus, TransitionError};
use crate::store::{Store, StoreError};
use filter::{Period, View, next_desk, next_status, status_label};
use std::collections::HashMap;
use words::Word;

/// Most rows read into the list (the header says "+" when there are more).
pub const LIMIT: usize = 1000;

/// A case as the tab shows it: the record and all its hand-offs (by seq).
#[derive(Clone, Debug, PartialEq)]
pub struct CaseData {
    pub case: Case,
    pub handoffs: Vec<Handoff>,
    /// The meetings the case was discussed in (oldest first).
    pub meetings: Vec<crate::domain::MeetingRecord>,
}

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
    pub selected: usize,
    pub mode: Mode,
    /// Scroll of the timeline (list mode), the detail or the slip, in lines. The draw
    /// clamps it to the content.
    pub scroll: u16,
    /// List rows last drawn, for page up/down in the list.
    pub page: usize,
    /// Lines of the detail or slip view last drawn, for page up/down there.
    pub view_page: usize,
    /// The slip shown (case number, lines).
    pub slip: Option<(String, Vec<String>)>,
    pub prompt: Option<ReturnPrompt>,
    /// A cancelled prompt, so its typed reason comes back with the next `r` on it.
    kept: Option<ReturnPrompt>,
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
    pub fn context(&self) -> Context {
        if self.prompt.is_some() {
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
        match (self.mode, self.view) {
            (Mode::Slip, _) => &[DetailDown, DetailUp, PageDown, PageUp, Back, Help],
            (Mode::Detail, View::Inbox) => &[Back, Accept, ReturnHandoff, Complete, Slip, DetailDown, Help],
            (Mode::Detail, View::All) => &[Back, Slip, DetailDown, DetailUp, PageDown, Help],
            (Mode::List, View::Inbox) => &[
                Accept,
                ReturnHandoff,
                Complete,
                Slip,
                Open,
                ToggleInbox,
                Help,
                FilterSection,
                FilterStatus,
                FilterDesk,
            ],
            (Mode::List, View::All) => &[
                Open,
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
        self.rows.get(self.selected)
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
        self.mode = Mode::List;
        self.scroll = 0;
        if let Some(p) = self.prompt.take() {
            self.kept = Some(p);
        }
        let key = Some((number.to_string(), None));
        self.load(key.clone(), cx);
        if !self.no_store && !self.rows.iter().any(|r| r.number == number) {
            self.period = Period::All;
            self.load(key, cx);
        }
    }

    fn load(&mut self, key: Option<Key>, cx: &mut Cx) {
        self.rows.clear();
        self.data.clear();
        self.desks.clear();
        self.truncated = false;
        self.error = None;
        let Some(store) = cx.store else {
            self.no_store = true;
            self.any_case = false;
            self.selected = 0;
            return;
        };
        self.no_store = false;
        let result = match self.view {
            View::All => self.load_all(store, cx),
            View::Inbox => self.load_inbox(store, cx),
        };
        if let Err(e) = result {
            let m = Word::ReadFailed.with(cx.env.lang, &[("e", &e.message_ja())]);
            self.error = Some(m.clone());
            cx.out.message(m, Level::Warning);
        }
        self.desks.sort();
        self.reselect(key);
    }

    fn load_all(&mut self, store: &dyn Store, cx: &Cx) -> Result<(), StoreError> {
        let (from, to) = self.period.range(cx.now.date());
        let cases = store.cases_received(from, to, LIMIT + 1)?;
        self.any_case = !cases.is_empty() || !store.cases_received(None, None, 1)?.is_empty();
        self.truncated = cases.len() > LIMIT;
        for case in cases.into_iter().take(LIMIT) {
            if !self.desks.contains(&case.desk) {
                self.desks.push(case.desk.clone());
            }
            if self.desk.as_ref().is_some_and(|d| *d != case.desk) {
                continue;
            }
            let handoffs = store.handoffs_of_case(&case.number)?;
            if let Some(s) = self.status
                && !handoffs.iter().any(|h| h.status == s)
            {
                continue;
            }
            self.rows.push(Row {
                number: case.number.clone(),
                handoff: None,
            });
            let meetings = store.meetings_of_case(&case.number)?;
            self.data.insert(
                case.number.clone(),
                CaseData {
                    case,
                    handoffs,
                    meetings,
                },
            );
        }
        Ok(())
    }

    fn load_inbox(&mut self, store: &dyn Store, cx: &Cx) -> Result<(), StoreError> {
        let Some((section, _)) = self.section(&cx.env.directory) else {
            return Ok(());
        };
        self.any_case = true;
        let handoffs = store.handoffs_to_section(section, self.status)?;
        for h in handoffs {
            if !self.desks.contains(&h.from_desk) {
                self.desks.push(h.from_desk.clone());
            }
            if self.desk.as_ref().is_some_and(|d| *d != h.from_desk) {
                continue;
            }
            if self.rows.len() >= LIMIT {
                self.truncated = true;
                break;
            }
            if !self.data.contains_key(&h.case)
                && let Some(case) = store.case(&h.case)?
            {
                let all = store.handoffs_of_case(&h.case)?;
                let meetings = store.meetings_of_case(&h.case)?;
                self.data.insert(
                    h.case.clone(),
                    CaseData {
                        case,
                        handoffs: all,
                        meetings,
                    },
                );
            }
            self.rows.push(Row {
                number: h.case.clone(),
                handoff: Some(h),
            });
        }
        Ok(())
    }

    /// Select the row of `key`, else the first row of its case, else the same position.
    fn reselect(&mut self, key: Option<Key>) {
        let found = key.and_then(|k| {
            self.rows
                .iter()
                .position(|r| r.key() == k)
                .or_else(|| self.rows.iter().position(|r| r.number == k.0))
        });
        let before = self.selected;
        self.selected = match found {
            Some(i) => i,
            None => self.selected.min(self.rows.len().saturating_sub(1)),
        };
        if found.is_none() || before != self.selected {
            self.scroll = 0;
        }
    }

    fn select(&mut self, to: isize) {
        let n = self.rows.len();
        if n == 0 {
            return;
        }
        let to = to.clamp(0, n as isize - 1) as usize;
        if to != self.selected {
            self.selected = to;
            self.scroll = 0;
        }
    }

    fn scroll_by(&mut self, lines: isize) {
        let s = (self.scroll as isize + lines).clamp(0, u16::MAX as isize);
        self.scroll = s as u16;
    }

    pub fn handle(&mut self, action: Action, cx: &mut Cx) {
        use Action::*;
        if self.prompt.is_some() {
            self.handle_prompt(action, cx);
            return;
        }
        let lang = cx.env.lang;
        let sel = self.selected as isize;
        let page = self.page.max(1) as isize;
        let view_page = self.view_page.max(1) as isize;
        let full = self.mode != Mode::List;
        match action {
            Back if full => {
                self.mode = Mode::List;
                self.scroll = 0;
            }
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
            MoveUp if full => self.scroll_by(-1),
            MoveDown if full => self.scroll_by(1),
            PageUp if full => self.scroll_by(-view_page),
            PageDown if full => self.scroll_by(view_page),
            First if full => self.scroll = 0,
            Last if full => self.scroll = u16::MAX,
            MoveUp => self.select(sel - 1),
            MoveDown => self.select(sel + 1),
            PageUp => self.select(sel - page),
            PageDown => self.select(sel + page),
            First => self.select(0),
            Last => self.select(isize::MAX / 2),
            DetailUp => self.scroll_by(-3),
            DetailDown => self.scroll_by(3),
            Slip => {
                if self.mode == Mode::Slip {
                    self.mode = Mode::List;
                    self.scroll = 0;
                } else {
                    self.open_slip(cx);
                }
            }
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
                self.refresh(cx);
            }
            FilterSection => {
                self.mode = Mode::List;
                let n = cx.env.directory.sections.len();
                if n == 0 {
                    cx.out.message(Word::NoSections.text(lang), Level::Warning);
                    return;
                }
                // From 全件, `f` opens the inbox of the current section; in the inbox it
                // moves on to the next one.
                if self.view == View::Inbox {
                    self.section = (self.section + 1) % n;
                } else {
                    self.view = View::Inbox;
                }
                self.section = self.section.min(n - 1);
                self.desk = None;
                self.selected = 0;
                self.scroll = 0;
                self.load(None, cx);
                if let Some((_, name)) = self.section(&cx.env.directory) {
                    cx.out
                        .message(Word::SectionIs.with(lang, &[("section", name)]), Level::Info);
                }
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

    /// Typed text goes to the reason prompt when it is open; otherwise nowhere.
    pub fn on_text(&mut self, text: &str, cx: &mut Cx) {
        if let Some(p) = &mut self.prompt
            && !p.input.insert(text)
        {
            cx.out
                .message(crate::i18n::Msg::PasteCapped.text(cx.env.lang), Level::Warning);
        }
    }

    fn handle_prompt(&mut self, action: Action, cx: &mut Cx) {
        use Action::*;
        let Some(p) = &mut self.prompt else { return };
        match action {
            Back => {
                let keep = !p.input.as_str().trim().is_empty();
                let p = self.prompt.take();
                if keep {
                    self.kept = p;
                    let key = key_of(cx, ReturnHandoff);
                    cx.out.message(
                        Word::PromptCancelled.with(cx.env.lang, &[("key", &key)]),
                        Level::Info,
                    );
                }
            }
            Open => {
                let reason = p.input.as_str().trim().to_string();
                if reason.is_empty() {
                    cx.out
                        .message(Word::ReasonRequired.text(cx.env.lang), Level::Warning);
                    return;
                }
                let (case, seq) = (p.case.clone(), p.seq);
                let done = self.change(&case, seq, HandoffStatus::Returned, Some(reason), cx);
                // Whatever happened, the prompt closes; a failed return keeps its reason
                // for the next `r`.
                let p = self.prompt.take();
                if !done {
                    self.kept = p;
                }
            }
            CursorLeft => p.input.left(),
            CursorRight => p.input.right(),
            CursorHome => p.input.home(),
            CursorEnd => p.input.end(),
            DeleteBack => {
                p.input.delete_back();
            }
            DeleteForward => {
                p.input.delete_forward();
            }
            ClearInput => {
                p.input.clear();
            }
            _ => {}
        }
    }

    /// The hand-off actions work on the inbox's selected row.
    fn selected_handoff(&self, cx: &mut Cx) -> Option<Handoff> {
        let lang = cx.env.lang;
        if self.view != View::Inbox {
            let key = key_of(cx, Action::ToggleInbox);
            cx.out
                .message(Word::InboxOnly.with(lang, &[("key", &key)]), Level::Warning);
            return None;
        }
        let h = self.selected_row().and_then(|r| r.handoff.clone());
        if h.is_none() {
            cx.out.message(Word::NothingSelected.text(lang), Level::Warning);
        }
        h
    }

    fn open_prompt(&mut self, cx: &mut Cx) {
        let Some(h) = self.selected_handoff(cx) else {
            return;
        };
        if !h.status.can_become(HandoffStatus::Returned) {
            self.not_allowed(&h, HandoffStatus::Returned, cx);
            return;
        }
        let input = match self.kept.take() {
            Some(k) if k.case == h.case && k.seq == h.seq => k.input,
            other => {
                self.kept = other;
                LineInput::default()
            }
        };
        self.prompt = Some(ReturnPrompt {
            case: h.case,
            seq: h.seq,
            input,
        });
    }

    fn change_selected(&mut self, to: HandoffStatus, cx: &mut Cx) {
        if let Some(h) = self.selected_handoff(cx) {
            self.change(&h.case, h.seq, to, None, cx);
        }
    }

    fn not_allowed(&self, h: &Handoff, to: HandoffStatus, cx: &mut Cx) {
        let lang = cx.env.lang;
        let section = cx
            .env
            .directory
            .section(&h.section)
            .map_or(h.section.as_str(), |s| s.name.as_str());
        let m = Word::NotAllowed.with(
            lang,
            &[
                ("n", &h.case),
                ("section", section),
                ("from", status_label(h.status, lang)),
                ("to", status_label(to, lang)),
            ],
        );
        cx.out.message(m, Level::Warning);
    }

    /// Re-read the hand-off, apply one transition, write it back, durably; then reload.
    /// On any failure a message says why and nothing is written. True when written.
    fn change(
        &mut self,
        case: &str,
        seq: u32,
        to: HandoffStatus,
        reason: Option<String>,
        cx: &mut Cx,
    ) -> bool {
        let lang = cx.env.lang;
        let Some(store) = cx.store else {
            cx.out.message(Word::NoStore.text(lang), Level::Warning);
            return false;
        };
        let fresh = match store.handoffs_of_case(case) {
            Ok(all) => all.into_iter().find(|h| h.seq == seq),
            Err(e) => {
                cx.out.message(
                    Word::SaveFailed.with(lang, &[("e", &e.message_ja())]),
                    Level::Warning,
                );
                return false;
            }
        };
        let Some(mut h) = fresh else {
            self.refresh(cx);
            cx.out
                .message(Word::HandoffGone.with(lang, &[("n", case)]), Level::Warning);
            return false;
        };
        let before = h.clone();
        match h.transition(to, &cx.stamp(), &cx.env.user, reason) {
            Ok(()) => {}
            Err(TransitionError::NotAllowed { .. }) => {
                self.not_allowed(&before, to, cx);
                return false;
            }
            Err(TransitionError::ReasonRequired) => {
                cx.out.message(Word::ReasonRequired.text(lang), Level::Warning);
                return false;
            }
        }
        if let Err(e) = store.update_handoff(&h) {
            cx.out.message(
                Word::SaveFailed.with(lang, &[("e", &e.message_ja())]),
                Level::Warning,
            );
            return false;
        }
        let word = match to {
            HandoffStatus::Accepted => Word::DoneAccept,
            HandoffStatus::Done => Word::DoneComplete,
            _ => Word::DoneReturn,
        };
        self.refresh(cx);
        cx.out.message(word.with(lang, &[("n", case)]), Level::Info);
        true
    }

    fn open_slip(&mut self, cx: &mut Cx) {
        let lang = cx.env.lang;
        let Some(d) = self.selected_data() else {
            cx.out.message(Word::NothingSelected.text(lang), Level::Warning);
            return;
        };
        match crate::cli::slip::render(&cx.env.directory, &d.case, &d.handoffs, None, lang) {
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
