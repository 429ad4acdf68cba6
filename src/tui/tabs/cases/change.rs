//! Changing a hand-off's status from the inbox: accept, done, return with a reason.

use super::*;

impl CasesTab {
    pub(super) fn handle_prompt(&mut self, action: Action, cx: &mut Cx) {
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
            _ => {
                let _ = p.input.edit(action);
            }
        }
    }

    /// The hand-off actions work on the inbox's selected row.
    pub(super) fn selected_handoff(&self, cx: &mut Cx) -> Option<Handoff> {
        let lang = cx.env.lang;
        if self.view != View::Inbox {
            let key = key_of(cx, Action::ToggleInbox);
            cx.out
                .message(Word::InboxOnly.with(lang, &[("key", &key)]), Level::Warning);
            return None;
        }
        // A page asked of the worker and not come yet: the rows shown may be another
        // filter's, never act on them; the key is done when the page comes.
        if self.pending.is_some() {
            cx.out.message(Word::StillLoading.text(lang), Level::Info);
            return None;
        }
        let h = self.selected_row().and_then(|r| r.handoff.clone());
        if h.is_none() {
            cx.out.message(Word::NothingSelected.text(lang), Level::Warning);
        }
        h
    }

    pub(super) fn open_prompt(&mut self, cx: &mut Cx) {
        if self.pending.is_some() {
            self.queued = Some(Action::ReturnHandoff);
        }
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

    pub(super) fn change_selected(&mut self, to: HandoffStatus, cx: &mut Cx) {
        if self.pending.is_some() {
            self.queued = Some(match to {
                HandoffStatus::Done => Action::Complete,
                _ => Action::Accept,
            });
        }
        if let Some(h) = self.selected_handoff(cx) {
            self.change(&h.case, h.seq, to, None, cx);
        }
    }

    pub(super) fn not_allowed(&self, h: &Handoff, to: HandoffStatus, cx: &mut Cx) {
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
    /// With the store worker (`cx.out.deferred`) the change is asked of it and true
    /// means asked: [`CasesTab::on_changed`] says what came of it.
    pub(super) fn change(
        &mut self,
        case: &str,
        seq: u32,
        to: HandoffStatus,
        reason: Option<String>,
        cx: &mut Cx,
    ) -> bool {
        let Some(store) = cx.store else {
            cx.out.message(Word::NoStore.text(cx.env.lang), Level::Warning);
            return false;
        };
        let change = HandoffChange {
            case: case.to_string(),
            seq,
            to,
            reason,
            at: cx.stamp(),
            user: cx.env.user.clone(),
        };
        if cx.out.deferred {
            self.changing = Some((change.clone(), self.prompt.clone()));
            cx.out.change = Some(change);
            return true;
        }
        let outcome = change.apply(store);
        self.report(&change, outcome, cx)
    }

    /// The worker's answer to the change asked last.
    pub fn on_changed(&mut self, outcome: ChangeOutcome, cx: &mut Cx) {
        let Some((change, prompt)) = self.changing.take() else {
            return;
        };
        if !self.report(&change, outcome, cx) && prompt.is_some() {
            // A failed return keeps its reason for the next `r`.
            self.kept = prompt;
        }
    }

    /// Say what came of a change and reload. True when written.
    fn report(&mut self, change: &HandoffChange, outcome: ChangeOutcome, cx: &mut Cx) -> bool {
        let lang = cx.env.lang;
        let case = change.case.as_str();
        match outcome {
            ChangeOutcome::Written => {}
            ChangeOutcome::Failed(e) => {
                cx.out.message(
                    Word::SaveFailed.with(lang, &[("e", &e.message_ja())]),
                    Level::Warning,
                );
                return false;
            }
            ChangeOutcome::Gone => {
                self.refresh(cx);
                cx.out
                    .message(Word::HandoffGone.with(lang, &[("n", case)]), Level::Warning);
                return false;
            }
            ChangeOutcome::NotAllowed(before) => {
                self.not_allowed(&before, change.to, cx);
                return false;
            }
            ChangeOutcome::ReasonRequired => {
                cx.out.message(Word::ReasonRequired.text(lang), Level::Warning);
                return false;
            }
        }
        let word = match change.to {
            HandoffStatus::Accepted => Word::DoneAccept,
            HandoffStatus::Done => Word::DoneComplete,
            _ => Word::DoneReturn,
        };
        self.refresh(cx);
        cx.out.message(word.with(lang, &[("n", case)]), Level::Info);
        true
    }
}

/// A change of a hand-off's status, as the desk asks it.
#[derive(Clone, Debug, PartialEq)]
pub struct HandoffChange {
    pub case: String,
    pub seq: u32,
    pub to: HandoffStatus,
    pub reason: Option<String>,
    /// When and by whom (RFC 3339, the desk's user).
    pub at: String,
    pub user: String,
}

/// What came of a [`HandoffChange`].
#[derive(Debug)]
pub enum ChangeOutcome {
    Written,
    /// The hand-off is no longer there (or no longer the caller's to see).
    Gone,
    /// Its stored status cannot become the one asked (the stored hand-off).
    NotAllowed(Box<Handoff>),
    ReasonRequired,
    Failed(StoreError),
}

impl HandoffChange {
    /// Re-read the hand-off, apply one transition, write it back, durably.
    pub fn apply(&self, store: &dyn Store) -> ChangeOutcome {
        let fresh = match store.handoffs_of_case(&self.case) {
            Ok(all) => all.into_iter().find(|h| h.seq == self.seq),
            Err(e) => return ChangeOutcome::Failed(e),
        };
        let Some(mut h) = fresh else {
            return ChangeOutcome::Gone;
        };
        let before = h.clone();
        match h.transition(self.to, &self.at, &self.user, self.reason.clone()) {
            Ok(()) => {}
            Err(TransitionError::NotAllowed { .. }) => return ChangeOutcome::NotAllowed(Box::new(before)),
            Err(TransitionError::ReasonRequired) => return ChangeOutcome::ReasonRequired,
        }
        match store.update_handoff(&h) {
            Ok(()) => ChangeOutcome::Written,
            Err(e) => ChangeOutcome::Failed(e),
        }
    }
}
