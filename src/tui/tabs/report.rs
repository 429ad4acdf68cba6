//! 集計 tab: the figures of one fiscal year ([`crate::report`]) against the plan's
//! targets. Left/Right (choice_prev/choice_next) change the year; the body scrolls.
//!
//! Figures are asked of the store worker in `refresh` (an update, never a draw; the
//! worker runs [`report::load`]) and taken in `on_figures`. Store errors become
//! messages; nothing here panics on data.

use super::super::action::Action;
use super::super::app::{Cx, Level};
use super::super::keymap::Context;
use super::super::layout;
use super::super::worker::Job;
use crate::domain::fiscal_year;
use crate::i18n::Lang;
use crate::report::{Figures, words::Word};
use crate::store::StoreError;
use std::sync::Arc;

/// The years that can be chosen (the plan period is 2026-2028; records may be older).
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

#[derive(Default)]
pub struct ReportTab {
    /// The fiscal year shown (western year it starts in); None until the first refresh,
    /// which takes the year of today.
    pub fy: Option<i32>,
    pub figures: Option<Figures>,
    /// `refresh` ran without a store.
    pub no_store: bool,
    /// The last read failed (shown in the body as well as on the message line).
    pub error: Option<String>,
    /// Lines scrolled: kept within the figures at the terminal's size by every move,
    /// so scrolling stops at the end.
    pub scroll: u16,
    /// The last id asked of the store worker, and whether its answer is still due.
    asked: u64,
    loading: bool,
}

impl ReportTab {
    pub fn context(&self) -> Context {
        Context::List
    }

    pub fn hints(&self) -> &'static [Action] {
        use Action::*;
        &[ChoicePrev, ChoiceNext, DetailDown, DetailUp, Help, Quit]
    }

    /// Better words for the year keys' hints (前年度 / 次年度).
    pub fn hint_label(&self, action: Action, lang: Lang) -> Option<&'static str> {
        match action {
            Action::ChoicePrev => Some(Word::PrevYear.text(lang)),
            Action::ChoiceNext => Some(Word::NextYear.text(lang)),
            Action::DetailDown => Some(Word::ScrollDown.text(lang)),
            Action::DetailUp => Some(Word::ScrollUp.text(lang)),
            _ => None,
        }
    }

    /// The year shown, or today's fiscal year before the first refresh.
    pub fn year(&self, cx: &Cx) -> i32 {
        self.fy.unwrap_or_else(|| fiscal_year(cx.now.date()))
    }

    /// Is an answer of the store worker due?
    pub fn pending(&self) -> bool {
        self.loading
    }

    /// Ask for the year's figures (the figures shown stay until the answer).
    pub fn refresh(&mut self, cx: &mut Cx) {
        let fy = self.year(cx).clamp(FIRST_YEAR, LAST_YEAR);
        self.fy = Some(fy);
        if cx.store.is_none() {
            self.no_store = true;
            self.figures = None;
            self.error = None;
            return;
        }
        self.no_store = false;
        self.asked += 1;
        self.loading = true;
        cx.out.jobs.push(Job::Figures {
            id: self.asked,
            fy,
            today: cx.now.date(),
            directory: Arc::clone(&cx.env.directory),
        });
    }

    /// The worker's answer to the figures asked last (an older one is dropped).
    pub fn on_figures(&mut self, id: u64, result: Result<Box<Figures>, StoreError>, cx: &mut Cx) {
        if id != self.asked || !self.loading {
            return;
        }
        self.loading = false;
        match result {
            Ok(f) => {
                self.figures = Some(*f);
                self.error = None;
            }
            Err(e) => {
                let text = crate::i18n::Localized::message(&e, cx.env.lang);
                self.figures = None;
                self.error = Some(text.clone());
                cx.out.message(text, Level::Warning);
            }
        }
    }

    /// Rows of the figures and the largest useful scroll at the terminal's size.
    fn measure(&self, cx: &Cx) -> (u16, u16) {
        let body = layout::body(cx.env.size);
        crate::tui::screens::report::scroll_limit(self, body, cx.env.lang)
    }

    fn scroll_to(&mut self, to: i64, max: u16) {
        self.scroll = u16::try_from(to.clamp(0, i64::from(max))).unwrap_or(0);
    }

    pub fn handle(&mut self, action: Action, cx: &mut Cx) {
        use Action::*;
        let (rows, max) = self.measure(cx);
        let at = i64::from(self.scroll.min(max));
        let page = i64::from(rows.max(1));
        match action {
            ChoicePrev | ChoiceNext => {
                let fy = self.year(cx);
                let to = if action == ChoicePrev { fy - 1 } else { fy + 1 };
                let to = to.clamp(FIRST_YEAR, LAST_YEAR);
                if Some(to) != self.fy {
                    self.fy = Some(to);
                    self.scroll = 0;
                    // Not last year's figures under this year's line while it is read.
                    self.figures = None;
                    self.refresh(cx);
                }
            }
            MoveUp => self.scroll_to(at - 1, max),
            MoveDown => self.scroll_to(at + 1, max),
            DetailUp => self.scroll_to(at - 3, max),
            DetailDown => self.scroll_to(at + 3, max),
            PageUp => self.scroll_to(at - page, max),
            PageDown => self.scroll_to(at + page, max),
            First => self.scroll_to(0, max),
            Last => self.scroll_to(i64::MAX, max),
            _ => {}
        }
    }
}
