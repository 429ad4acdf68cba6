//! 案件's search (`/`): a case number in any form, a name or kana in any script, or
//! phone digits. The line is typed at the bottom of the list; Enter runs the search on
//! the store (one page query, on the store worker), over all years; the header shows the
//! search in effect and Esc on the list clears it. Esc on the line closes it and keeps
//! what was typed for the next `/`.

use super::*;
use crate::domain::fiscal_year;
use crate::store::CaseSearch;

impl CasesTab {
    /// The search the page query carries: the one in effect, in 全件.
    pub(super) fn case_search(&self, cx: &Cx) -> Option<CaseSearch> {
        let text = self.search.as_deref().filter(|t| !t.trim().is_empty())?;
        (self.view == View::All).then(|| CaseSearch::Text {
            text: text.to_string(),
            fiscal_year: fiscal_year(cx.now.date()),
        })
    }

    /// `/`: open the search line (with the search in effect, or what was typed last).
    pub(super) fn open_search(&mut self, cx: &mut Cx) {
        let lang = cx.env.lang;
        if self.view == View::Inbox {
            cx.out.message(Word::SearchInboxToAll.text(lang), Level::Info);
        } else {
            cx.out.message(Word::SearchHelp.text(lang), Level::Info);
        }
        self.mode = Mode::List;
        self.scroll = 0;
        let mut input = self.search_kept.take().unwrap_or_default();
        if input.as_str().is_empty()
            && let Some(s) = &self.search
        {
            input.insert(s);
        }
        self.searching = Some(input);
    }

    /// A key while the search line is open.
    pub(super) fn handle_search_line(&mut self, action: Action, cx: &mut Cx) {
        use Action::*;
        let lang = cx.env.lang;
        let Some(input) = self.searching.as_mut() else {
            return;
        };
        match action {
            Open => {
                let text = input.as_str().trim().to_string();
                self.searching = None;
                self.apply_search((!text.is_empty()).then_some(text), cx);
            }
            Back => {
                let typed = input.as_str().trim().to_string();
                let kept = self.searching.take();
                if !typed.is_empty() && Some(&typed) != self.search.as_ref() {
                    self.search_kept = kept;
                    let key = key_of(cx, SearchCases);
                    cx.out
                        .message(Word::SearchKept.with(lang, &[("key", &key)]), Level::Info);
                }
            }
            _ => {
                let _ = input.edit(action);
            }
        }
    }

    /// Put `text` in effect (None: no search) and read the page again, from the top.
    pub(super) fn apply_search(&mut self, text: Option<String>, cx: &mut Cx) {
        let lang = cx.env.lang;
        let was = self.search.is_some();
        self.search = text;
        self.search_kept = None;
        self.view = View::All;
        self.mode = Mode::List;
        self.scroll = 0;
        self.selected.reset();
        self.rows.clear();
        self.data.clear();
        match &self.search {
            Some(q) => {
                let key = key_of(cx, Action::Back);
                cx.out
                    .message(Word::SearchIs.with(lang, &[("q", q), ("key", &key)]), Level::Info);
            }
            None if was => cx.out.message(Word::SearchCleared.text(lang), Level::Info),
            None => {}
        }
        self.load(None, cx);
    }

    /// Typed text on the open search line: true when it took it.
    pub(super) fn type_search(&mut self, text: &str, cx: &mut Cx) -> bool {
        let Some(input) = self.searching.as_mut() else {
            return false;
        };
        if !input.insert(text) {
            cx.out
                .message(crate::i18n::Msg::PasteCapped.text(cx.env.lang), Level::Warning);
        }
        true
    }
}
