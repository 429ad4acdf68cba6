//! The app's side of the store worker: starting it, the revision poll, and applying
//! what it answers; without a worker, the same poll on the UI thread.

use super::*;
use crate::tui::worker::{Done, NewDirectory, Polled};

/// Longest wait at exit for the worker's draft writes (a stuck service).
const FLUSH_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

impl App {
    /// Run store work (the 案件 pages, the revision poll) on a worker thread from now
    /// on; the answers come back through [`App::tick`]. Without a store, nothing to do.
    pub fn start_worker(&mut self) -> std::io::Result<()> {
        self.want_worker = true;
        if let Some(store) = &self.store
            && self.worker.is_none()
        {
            self.worker = Some(Worker::start(store.clone(), self.revision)?);
        }
        Ok(())
    }

    /// Is the worker busy with something the screen waits for (so the loop looks for
    /// its answer sooner)?
    pub fn waiting(&self) -> bool {
        self.opening.is_some()
            || self.polling
            || self.cases.pending.is_some()
            || self.drafts_in_flight > 0
            || self.changes_in_flight > 0
            || self.intake.writing.is_some()
            || self.meetings.pending()
            || self.report.pending()
    }

    /// The status line's word for the link to the store, if it is not ready.
    pub fn link_text(&self) -> Option<&'static str> {
        match self.link {
            Link::Ready => None,
            Link::Waiting => Some(Msg::LinkWaiting.text(self.env.lang)),
            Link::Down => Some(Msg::LinkDown.text(self.env.lang)),
        }
    }

    /// Called on every tick of the loop: debounced draft saves, the clock, the store
    /// worker's answers, and changes made by other desks. Returns true when something
    /// shown changed.
    pub fn tick(&mut self, now: NaiveDateTime) -> bool {
        self.now = now;
        self.run(|t, cx| t.intake.tick(cx));
        let mut changed = self.take_opened();
        changed |= self.take_answers();
        changed |= self.poll_changes();
        // A slip sent to the printer (案件): lp's answer on the message line.
        let mut printed = false;
        self.run(|t, cx| printed = t.cases.tick(cx));
        changed |= printed;
        if let Some(w) = &self.worker {
            let link = w.link();
            changed |= link != self.link;
            self.link = link;
        }
        changed
    }

    /// Apply what the store worker answered. True when it may change what is shown: a
    /// poll that found nothing new does not (redrawing for it would write to the
    /// terminal for nothing, 15 ms after a key typed while it was out).
    fn take_answers(&mut self) -> bool {
        let mut shown = false;
        while let Some(done) = self.worker.as_ref().and_then(Worker::try_recv) {
            shown |= !matches!(&done, Done::Polled(p) if !p.changed && p.replica.is_none());
            self.on_done(done);
        }
        shown
    }

    fn on_done(&mut self, done: Done) {
        match done {
            Done::Polled(p) => {
                self.polling = false;
                self.polled(*p);
            }
            Done::Page { id, result } => self.run(|t, cx| t.cases.on_page(id, result, cx)),
            Done::Lookup { id, result } => self.run(|t, cx| t.intake.on_lookup(id, result, cx)),
            Done::Written(w) => self.run(|t, cx| t.intake.on_written(*w, cx)),
            Done::Meetings { id, result } => self.run(|t, cx| t.meetings.on_list(id, result, cx)),
            Done::MeetingCases { id, cases } => self.run(|t, _| t.meetings.on_cases(id, cases)),
            Done::MeetingSaved { id, outcome } => self.run(|t, cx| t.meetings.on_saved(id, outcome, cx)),
            Done::Figures { id, result } => self.run(|t, cx| t.report.on_figures(id, result, cx)),
            Done::Changed(outcome) => {
                self.changes_in_flight = self.changes_in_flight.saturating_sub(1);
                self.run(|t, cx| t.cases.on_changed(outcome, cx));
            }
            Done::Draft {
                id: _,
                durable,
                saved_at,
                result,
            } => {
                self.drafts_in_flight = self.drafts_in_flight.saturating_sub(1);
                self.run(|t, cx| t.intake.on_draft(durable, saved_at, result, cx));
            }
        }
    }

    /// Hand a hand-off change to the worker, or do it here without one.
    pub(super) fn send_change(&mut self, change: HandoffChange) {
        if let Some(w) = &self.worker
            && w.send(Job::Change(change.clone()))
        {
            self.changes_in_flight += 1;
            return;
        }
        let outcome = match &self.store {
            Some(store) => change.apply(store.as_ref()),
            None => return,
        };
        self.run(|t, cx| t.cases.on_changed(outcome, cx));
    }

    /// Hand store work (受付's, 会議's, 集計's) to the worker, or do it here without one.
    pub(super) fn send_job(&mut self, job: Job) {
        if let Some(w) = &self.worker {
            if w.send(job.clone()) {
                return;
            }
            // The worker is gone: from now on here.
            self.worker = None;
        }
        let Some(store) = self.store.clone() else { return };
        if let Some(done) = crate::tui::worker::answer(store.as_ref(), job, None) {
            self.on_done(done);
        }
    }

    /// Hand a draft job to the worker (in order), or do it here without one.
    pub(super) fn send_draft(&mut self, op: DraftOp) {
        self.draft_id += 1;
        let id = self.draft_id;
        if let Some(w) = &self.worker
            && w.send(Job::Draft { id, op: op.clone() })
        {
            self.drafts_in_flight += 1;
            return;
        }
        let Some(store) = self.store.clone() else { return };
        let (durable, saved_at, result) = match &op {
            DraftOp::Put { key, draft, durable } => (
                *durable,
                Some(draft.saved_at.clone()),
                store.put_draft(key, draft, *durable),
            ),
            DraftOp::Delete { key } => (true, None, store.delete_draft(key)),
        };
        self.run(|t, cx| t.intake.on_draft(durable, saved_at, result, cx));
    }

    /// Before exit: wait (at most [`FLUSH_WAIT`]) until the worker has done every draft
    /// job sent, so the last thing typed is on disk, and 受付's write in flight (a case
    /// saved is then cleared from the draft, not offered back as unsaved).
    pub(super) fn wait_drafts(&mut self) {
        let deadline = std::time::Instant::now() + FLUSH_WAIT;
        while self.drafts_in_flight > 0 || self.intake.writing.is_some() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let Some(done) = self.worker.as_ref().and_then(|w| w.recv_timeout(left)) else {
                break;
            };
            self.on_done(done);
        }
    }

    /// Reload what is shown when the store changed (a hand-off from another desk, a seed
    /// sync): within a second, without a restart. With a worker, the poll is asked of it
    /// and its answer applied in [`App::tick`].
    fn poll_changes(&mut self) -> bool {
        if self.polling || self.last_poll.is_some_and(|t| t.elapsed() < POLL_EVERY) {
            return false;
        }
        self.last_poll = Some(std::time::Instant::now());
        if let Some(w) = &self.worker {
            let known_hash = self.replica_hash.clone();
            self.polling = w.send(Job::Poll { known_hash });
            if self.polling {
                return false;
            }
            self.worker = None;
        }
        let Some(store) = self.store.clone() else {
            return false;
        };
        let Ok(rev) = store.revision() else { return false };
        if self.revision == Some(rev) {
            return false;
        }
        self.revision = Some(rev);
        // Most changes are another desk's records: the directory is read again only when
        // the replica's hash differs from the one last seen.
        let hash = store.replica_hash().ok().flatten();
        let replica = if hash.is_some() && hash != self.replica_hash {
            store.replica().ok().flatten().map(NewDirectory::of)
        } else {
            None
        };
        self.polled(Polled {
            changed: true,
            hash,
            replica,
        });
        true
    }

    /// What a poll found: a new directory is taken, what is shown is read again.
    fn polled(&mut self, p: Polled) {
        if !p.changed {
            return;
        }
        if let Some(replica) = p.replica {
            // Another hash is another directory; without a hash known (a service that had
            // no replica at the start) the directories are compared.
            let differs = self.replica_hash.is_some() || replica.directory != self.env.directory;
            self.replica_hash = Some(replica.seed_hash);
            if differs {
                self.env.index = replica.index;
                self.env.directory = replica.directory;
                self.search.forget_results();
                self.set_message(Msg::SeedUpdated.text(self.env.lang), Level::Info);
            }
        }
        match self.tab {
            Tab::Cases => self.run(|t, cx| t.cases.refresh(cx)),
            Tab::Meetings => self.run(|t, cx| t.meetings.refresh(cx)),
            Tab::Report => self.run(|t, cx| t.report.refresh(cx)),
            _ => {}
        }
    }
}
