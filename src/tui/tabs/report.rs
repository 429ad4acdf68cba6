//! 集計 tab: the figures of one fiscal year ([`crate::report`]) against the plan's
//! targets. Left/Right (choice_prev/choice_next) change the year; the body scrolls.
//!
//! Figures are read in `refresh` (an update, never a draw) with [`report::load`]. Store
//! errors become messages; nothing here panics on data.

use super::super::action::Action;
use super::super::app::{Cx, Level};
use super::super::keymap::Context;
use super::super::layout;
use crate::domain::fiscal_year;
use crate::i18n::Lang;
use crate::report::{self, Figures, words::Word};

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

    /// Read the year's figures from the store.
    pub fn refresh(&mut self, cx: &mut Cx) {
        let fy = self.year(cx).clamp(FIRST_YEAR, LAST_YEAR);
        self.fy = Some(fy);
        let Some(store) = cx.store else {
            self.no_store = true;
            self.figures = None;
            self.error = None;
            return;
        };
        self.no_store = false;
        match report::load(store, fy, &cx.env.directory, cx.now.date()) {
            Ok(f) => {
                self.figures = Some(f);
                self.error = None;
            }
            Err(e) => {
                let text = match cx.env.lang {
                    Lang::Ja => e.message_ja(),
                    Lang::En => e.to_string(),
                };
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
