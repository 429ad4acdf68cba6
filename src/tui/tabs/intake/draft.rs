//! The intake's draft: written to the store on every change, durable at least once a
//! second (and at once before exit), offered back at the next start.

use super::super::super::app::{Cx, Env, Level};
use super::super::super::input::LineInput;
use super::{DURABLE_EVERY, IntakeTab};
use crate::domain::{Draft, Person};
use crate::i18n::Msg;
use crate::store::StoreError;
use crate::tui::worker::DraftOp;
use chrono::NaiveDateTime;
use std::time::Instant;

pub(super) fn stamp(now: NaiveDateTime) -> String {
    use chrono::TimeZone;
    match chrono::Local.from_local_datetime(&now).earliest() {
        Some(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        None => now.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

pub(super) fn blank_draft(env: &Env, now: NaiveDateTime) -> Draft {
    Draft {
        desk: env.desk.clone(),
        saved_at: String::new(),
        started_at: stamp(now),
        intake: crate::domain::Intake {
            channel: env.channel,
            seeks_help: true,
            people: vec![Person::default()],
            ..Default::default()
        },
        ..Default::default()
    }
}

fn input(text: Option<&str>) -> LineInput {
    let mut i = LineInput::default();
    if let Some(t) = text {
        i.insert(t);
    }
    i
}

impl IntakeTab {
    pub(super) fn load(&mut self, draft: Draft, env: &Env, now: NaiveDateTime) {
        self.school = input(draft.intake.school.as_deref());
        self.note = input(draft.intake.note.as_deref());
        self.name = input(draft.personal.name.as_deref());
        self.kana = input(draft.personal.kana.as_deref());
        self.phone = input(draft.personal.phone.as_deref());
        self.ages = draft
            .intake
            .people
            .iter()
            .map(|p| input(p.age.map(|a| a.to_string()).as_deref()))
            .collect();
        self.draft = draft;
        if self.draft.intake.people.is_empty() {
            self.draft.intake.people.push(Person::default());
            self.ages.push(LineInput::default());
        }
        self.focus = 0;
        self.advice = self.compute_advice(env, now);
        self.suggested = self.note_concerns(env);
    }

    /// At start: offer back a draft left by a crash, kill or hang-up.
    pub fn restore_draft(&mut self, cx: &mut Cx) {
        let Some(store) = cx.store else { return };
        match store.draft(&cx.env.draft_key()) {
            Ok(Some(d)) if d != Draft::default() => {
                let when = d.saved_at.get(11..19).unwrap_or("").to_string();
                self.load(d, cx.env, cx.now);
                self.person_changed(cx);
                self.begun = true;
                self.restored = true;
                self.last_durable = Some(Instant::now());
                cx.out.message(
                    format!("{} ({when})", Msg::DraftRestored.text(cx.env.lang)),
                    Level::Info,
                );
            }
            Ok(_) => {}
            Err(e) => cx.out.message(e.message_ja(), Level::Warning),
        }
    }

    /// Concerns the vocabulary finds in the 相談内容.
    fn note_concerns(&self, env: &Env) -> Vec<String> {
        self.draft
            .intake
            .note
            .as_deref()
            .map(|n| env.index.suggest_concerns(n))
            .unwrap_or_default()
    }

    /// After any change: the intake from the inputs, new advice, the draft saved.
    pub(super) fn changed(&mut self, cx: &mut Cx) {
        if !self.begun {
            self.begun = true;
            self.draft.started_at = cx.stamp();
        }
        let d = &mut self.draft;
        let text = |i: &LineInput| Some(i.as_str().trim().to_string()).filter(|s| !s.is_empty());
        d.intake.school = text(&self.school);
        d.intake.note = text(&self.note);
        d.personal.name = text(&self.name);
        d.personal.kana = text(&self.kana);
        d.personal.phone = text(&self.phone);
        for (p, a) in d.intake.people.iter_mut().zip(&self.ages) {
            p.age = a.as_str().parse::<u8>().ok().filter(|a| *a <= 120);
        }
        // DV cases are always restricted (秘匿).
        if d.intake
            .people
            .iter()
            .any(|p| p.concerns.iter().any(|c| c == "dv"))
        {
            d.restricted = true;
        }
        self.advice = self.compute_advice(cx.env, cx.now);
        self.suggested = self.note_concerns(cx.env);
        self.person_changed(cx);
        self.changed = true;
        self.save_draft(cx, false);
    }

    /// Save the draft: at once without fsync, durably when the last durable save is a
    /// second old (and from `tick` otherwise).
    fn save_draft(&mut self, cx: &mut Cx, force_durable: bool) {
        let Some(store) = cx.store else { return };
        if !self.changed && !self.durable_pending {
            return;
        }
        self.draft.saved_at = cx.stamp();
        let due = force_durable || self.last_durable.is_none_or(|t| t.elapsed() >= DURABLE_EVERY);
        if cx.out.deferred {
            // The store worker writes it, in order; "saved" is shown when it says the
            // write is durable (on_draft).
            cx.out.drafts.push(DraftOp::Put {
                key: cx.env.draft_key(),
                draft: Box::new(self.draft.clone()),
                durable: due,
            });
            self.changed = false;
            if due {
                self.durable_pending = false;
                self.last_durable = Some(Instant::now());
            } else {
                self.durable_pending = true;
            }
            return;
        }
        match store.put_draft(&cx.env.draft_key(), &self.draft, due) {
            Ok(()) => {
                self.changed = false;
                if due {
                    self.durable_pending = false;
                    self.last_durable = Some(Instant::now());
                    self.saved_at = self.draft.saved_at.get(11..19).map(str::to_string);
                } else {
                    self.durable_pending = true;
                }
            }
            Err(e) => cx.out.message(e.message_ja(), Level::Warning),
        }
    }

    /// Called every loop tick: a pending durable save is done within a second.
    pub fn tick(&mut self, cx: &mut Cx) {
        self.lookup_tick(cx);
        if self.durable_pending && self.last_durable.is_none_or(|t| t.elapsed() >= DURABLE_EVERY) {
            self.save_draft(cx, true);
        }
    }

    /// Before exit: whatever is pending becomes durable now.
    pub fn save_draft_now(&mut self, cx: &mut Cx) {
        if self.changed || self.durable_pending {
            self.save_draft(cx, true);
        }
    }

    /// The store worker's answer to a draft job: a durable write shows as saved; a
    /// failed one is said and written again within a second.
    pub fn on_draft(
        &mut self,
        durable: bool,
        saved_at: Option<String>,
        result: Result<(), StoreError>,
        cx: &mut Cx,
    ) {
        match result {
            Ok(()) => {
                if durable && let Some(at) = saved_at {
                    self.saved_at = at.get(11..19).map(str::to_string);
                }
            }
            Err(e) => {
                self.changed = true;
                self.durable_pending = true;
                cx.out.message(e.message_ja(), Level::Warning);
            }
        }
    }

    pub(super) fn reset(&mut self, cx: &mut Cx) {
        if cx.out.deferred && cx.store.is_some() {
            // After the puts before it, in order.
            cx.out.drafts.push(DraftOp::Delete {
                key: cx.env.draft_key(),
            });
        } else if let Some(store) = cx.store
            && let Err(e) = store.delete_draft(&cx.env.draft_key())
        {
            cx.out.message(e.message_ja(), Level::Warning);
        }
        let fresh = blank_draft(cx.env, cx.now);
        self.load(fresh, cx.env, cx.now);
        self.changed = false;
        self.durable_pending = false;
        self.saved_at = None;
        self.restored = false;
        self.last_saved = None;
        self.kept_note = None;
        self.lookup = Default::default();
        self.begun = false;
    }
}
