//! Reading the list from the store: all cases by date, or one section's inbox.

use super::*;

impl CasesTab {
    pub(super) fn load(&mut self, key: Option<Key>, cx: &mut Cx) {
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

    pub(super) fn load_all(&mut self, store: &dyn Store, cx: &Cx) -> Result<(), StoreError> {
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

    pub(super) fn load_inbox(&mut self, store: &dyn Store, cx: &Cx) -> Result<(), StoreError> {
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
