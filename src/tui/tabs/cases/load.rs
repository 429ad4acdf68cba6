//! Reading the list from the store: all cases by date, or one section's inbox, each
//! page in one store call (one round trip through the service).

use super::*;
use crate::store::{CasePage, CasePageQuery, InboxQuery};

/// The page a refresh asks the store for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageQuery {
    All(CasePageQuery),
    Inbox(InboxQuery),
}

impl PageQuery {
    /// Ask `store` for the page: one call.
    pub fn run(&self, store: &dyn Store) -> Result<CasePage, StoreError> {
        match self {
            PageQuery::All(q) => store.case_page(q),
            PageQuery::Inbox(q) => store.inbox_page(q),
        }
    }
}

impl CasesTab {
    pub(super) fn load(&mut self, key: Option<Key>, cx: &mut Cx) {
        if self.ask(key.clone(), None, cx) {
            return;
        }
        self.rows.clear();
        self.data.clear();
        self.desks.clear();
        self.truncated = false;
        self.error = None;
        let Some(store) = cx.store else {
            self.no_store = true;
            self.any_case = false;
            self.selected.reset();
            return;
        };
        self.no_store = false;
        let result = match self.query(cx) {
            Some(q) => q.run(store).map(|page| self.show_page(page)),
            None => Ok(()),
        };
        if let Err(e) = result {
            let m = Word::ReadFailed.with(cx.env.lang, &[("e", &e.message_ja())]);
            self.error = Some(m.clone());
            cx.out.message(m, Level::Warning);
        }
        self.desks.sort();
        self.reselect(key);
    }

    /// The query of the page shown: 全件 with its period and filters, or the inbox of
    /// the chosen section (None when the directory has no such section).
    pub(super) fn query(&self, cx: &Cx) -> Option<PageQuery> {
        let limit = u32::try_from(LIMIT).unwrap_or(u32::MAX);
        match self.view {
            View::All => {
                let search = self.case_search(cx);
                // A search looks through every year: a returning resident's case may be
                // from any of them.
                let (from, to) = match search {
                    Some(_) => (None, None),
                    None => self.period.range(cx.now.date()),
                };
                Some(PageQuery::All(CasePageQuery {
                    from,
                    to,
                    desk: self.desk.clone(),
                    status: self.status,
                    limit,
                    search,
                }))
            }
            View::Inbox => self.section(&cx.env.directory).map(|(section, _)| {
                PageQuery::Inbox(InboxQuery {
                    section: section.to_string(),
                    status: self.status,
                    desk: self.desk.clone(),
                    limit,
                })
            }),
        }
    }

    /// With a store worker (the app sets `cx.out.deferred`), ask it for the page
    /// instead of reading it here: the rows shown stay until [`CasesTab::on_page`]
    /// brings the answer. False when the page is to be read here.
    pub(super) fn ask(&mut self, key: Option<Key>, show: Option<String>, cx: &mut Cx) -> bool {
        if !cx.out.deferred || cx.store.is_none() {
            return false;
        }
        let Some(query) = self.query(cx) else {
            return false;
        };
        self.asked += 1;
        self.pending = Some(Pending {
            id: self.asked,
            key,
            show,
        });
        cx.out.page = Some((self.asked, query));
        true
    }

    /// The worker's answer to page `id`: shown when it is the page last asked for
    /// (an older answer is dropped).
    pub fn on_page(&mut self, id: u64, result: Result<CasePage, StoreError>, cx: &mut Cx) {
        let Some(p) = self.pending.take_if(|p| p.id == id) else {
            return;
        };
        self.rows.clear();
        self.data.clear();
        self.desks.clear();
        self.truncated = false;
        self.error = None;
        self.no_store = false;
        match result {
            Ok(page) => self.show_page(page),
            Err(e) => {
                let m = Word::ReadFailed.with(cx.env.lang, &[("e", &e.message_ja())]);
                self.error = Some(m.clone());
                cx.out.message(m, Level::Warning);
            }
        }
        self.reselect(p.key.clone());
        if let Some(action) = self.queued.take() {
            self.handle(action, cx);
        }
        if let Some(number) = p.show
            && self.error.is_none()
            && self.period != Period::All
            && !self.rows.iter().any(|r| r.number == number)
        {
            self.period = Period::All;
            self.ask(p.key, None, cx);
        }
    }

    /// Show a page read from the store.
    pub(super) fn show_page(&mut self, page: CasePage) {
        self.any_case = page.any_case;
        self.truncated = page.truncated;
        self.desks = page.desks;
        self.rows = page
            .rows
            .into_iter()
            .map(|r| Row {
                number: r.number,
                handoff: r.handoff,
            })
            .collect();
        self.data = page
            .cases
            .into_iter()
            .map(|v| (v.case.number.clone(), v))
            .collect();
    }

    /// Select the row of `key`, else the first row of its case, else the same position.
    pub(super) fn reselect(&mut self, key: Option<Key>) {
        let found = key.and_then(|k| {
            self.rows
                .iter()
                .position(|r| r.key() == k)
                .or_else(|| self.rows.iter().position(|r| r.number == k.0))
        });
        let moved = self
            .selected
            .set(found.unwrap_or(self.selected.index()), self.rows.len());
        if found.is_none() || moved {
            self.scroll = 0;
        }
    }
}
