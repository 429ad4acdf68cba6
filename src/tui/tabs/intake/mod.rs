//! 受付 tab: the intake form with live referral suggestions. Everything typed is kept as
//! a draft in the store on every change (durable at least once a second), so a crash,
//! kill or SSH hang-up loses nothing; the next start offers it back.

mod draft;
pub mod form;
mod handoff;
mod keys;
pub mod previous;
mod save;

pub use form::Field;
pub use handoff::HandoffDialog;
pub use save::{IntakeWrite, IntakeWritten, WriteKind, Writing};

use super::super::action::Action;
use super::super::app::{Cx, Env, Level};
use super::super::input::LineInput;
use super::super::keymap::Context;
use crate::domain::Draft;
use crate::i18n::{Lang, Msg};
use crate::referral::{Advice, Referral, evaluate};
use chrono::NaiveDateTime;
use std::time::{Duration, Instant};

/// At most this long between a change and its durable save.
pub const DURABLE_EVERY: Duration = Duration::from_secs(1);

/// Something that discards typed work waits for a yes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    NewIntake,
    RemovePerson(usize),
    /// Add this consultation to the earlier case found (以前の相談, previous.rs).
    AddToCase,
}

pub struct IntakeTab {
    pub draft: Draft,
    pub school: LineInput,
    pub note: LineInput,
    pub name: LineInput,
    pub kana: LineInput,
    pub phone: LineInput,
    pub ages: Vec<LineInput>,
    pub focus: usize,
    pub checklist: usize,
    pub advice: Advice,
    /// Concerns the city's vocabulary finds in the 相談内容: marked on the check-list for
    /// the clerk to tick (never ticked by themselves).
    pub suggested: Vec<String>,
    pub dialog: Option<HandoffDialog>,
    pub confirm: Option<Pending>,
    /// The draft was offered back at start.
    pub restored: bool,
    /// Time of the last durable draft save, for the message line.
    pub saved_at: Option<String>,
    /// The case just saved with Ctrl-S and its suggestions: Ctrl-T on the blank form
    /// that follows hands it off.
    pub last_saved: Option<(String, Advice)>,
    /// A hand-off note typed and then left with Esc: (the saved case it was for, or
    /// None for the form; the note). It comes back when that hand-off opens again.
    pub kept_note: Option<(Option<String>, LineInput)>,
    /// What was typed on a picker (地区, 言語) to jump to a choice; cleared when focus
    /// moves.
    pub jump: String,
    /// The suggestions pane with focus: the referral under the cursor, and whether every
    /// referral's reasons are shown in full (Enter).
    pub sugg: usize,
    pub sugg_all: bool,
    /// A write in flight on the store worker (save, つなぐ, 相談記録): the form is held
    /// until it answers.
    pub writing: Option<Writing>,
    write_id: u64,
    /// 以前の相談: the look-up of the person typed, and what it found (previous.rs).
    pub lookup: previous::Lookup,
    /// The consultation has begun: something was typed or chosen since the form was
    /// opened (or the draft came back). Its first change stamps the received time, so a
    /// form left blank for a while is received when the caller is taken, not before.
    begun: bool,
    changed: bool,
    durable_pending: bool,
    last_durable: Option<Instant>,
}

use draft::blank_draft;

impl IntakeTab {
    pub fn new(env: &Env, now: NaiveDateTime) -> IntakeTab {
        let mut t = IntakeTab {
            draft: blank_draft(env, now),
            school: LineInput::default(),
            note: LineInput::default(),
            name: LineInput::default(),
            kana: LineInput::default(),
            phone: LineInput::default(),
            ages: vec![LineInput::default()],
            focus: 0,
            checklist: 0,
            advice: evaluate(&Default::default(), &env.directory, now.date()),
            suggested: Vec::new(),
            dialog: None,
            confirm: None,
            restored: false,
            saved_at: None,
            last_saved: None,
            kept_note: None,
            jump: String::new(),
            sugg: 0,
            sugg_all: false,
            writing: None,
            write_id: 0,
            lookup: previous::Lookup::default(),
            begun: false,
            changed: false,
            durable_pending: false,
            last_durable: None,
        };
        t.advice = t.compute_advice(env, now);
        t
    }

    pub fn fields(&self) -> Vec<Field> {
        Field::order(self.draft.intake.people.len())
    }

    pub fn focused(&self) -> Field {
        // The focus past the end (people removed) is the last field; the list always
        // holds the fixed fields, so the fallback is never reached.
        let f = self.fields();
        f.get(self.focus).or(f.last()).copied().unwrap_or(Field::Channel)
    }

    pub fn context(&self) -> Context {
        if self.confirm.is_some() {
            return Context::List;
        }
        if let Some(d) = &self.dialog {
            return if d.on_note { Context::Input } else { Context::List };
        }
        if self.focused().is_text() {
            Context::Input
        } else {
            Context::List
        }
    }

    pub fn hints(&self) -> &'static [Action] {
        use Action::*;
        if self.confirm == Some(Pending::AddToCase) {
            return &[Open, Back, AddToCase];
        }
        if self.confirm.is_some() {
            return &[Open, Back];
        }
        if self.dialog.is_some() {
            return &[Toggle, Open, FocusNext, Back];
        }
        match self.focused() {
            Field::Concerns(_) => &[Toggle, FocusNext, Handoff, Save, Quit, Help],
            Field::Suggestions => &[Open, MoveDown, FocusNext, Handoff, Save, Help],
            Field::AddPerson => &[AddPerson, FocusNext, Handoff, Save, Quit, Help],
            f if f.is_text() && self.lookup.found.is_some() => {
                &[AddToCase, FocusNext, Handoff, Save, Quit, Help]
            }
            f if f.is_text() => &[FocusNext, Handoff, Save, Quit, AddPerson, Help],
            _ => &[ChoiceNext, FocusNext, Handoff, Save, Quit, Help],
        }
    }

    pub fn hint_label(&self, action: Action, lang: Lang) -> Option<&'static str> {
        let yes_no = self.confirm.is_some();
        let word = match action {
            Action::AddToCase if yes_no => Msg::HintNextMatch,
            Action::Open if yes_no => Msg::HintYes,
            Action::Back if yes_no => Msg::HintNo,
            Action::Open if self.dialog.is_some() => Msg::HintHandOff,
            Action::Back if self.dialog.is_some() => Msg::HintCancel,
            Action::Open if self.focused() == Field::Suggestions => {
                if self.sugg_all {
                    Msg::HintSelectedReason
                } else {
                    Msg::HintAllReasons
                }
            }
            Action::Open => Msg::HintOk,
            _ => return None,
        };
        Some(word.text(lang))
    }

    /// Does the form hold anything typed or chosen beyond a blank form?
    pub fn has_content(&self) -> bool {
        let i = &self.draft.intake;
        !self.draft.personal.is_empty()
            || i.note.is_some()
            || i.school.is_some()
            || i.district.is_some()
            || i.language.is_some()
            || i.people.len() > 1
            || i.people.iter().any(|p| p.age.is_some() || !p.concerns.is_empty())
            || !self.draft.programs.is_empty()
    }

    fn compute_advice(&self, env: &Env, now: NaiveDateTime) -> Advice {
        let mut advice = evaluate(&self.draft.intake, &env.directory, now.date());
        for entry in &self.draft.programs {
            // "program@site": added from a site in 検索, so at that site.
            let (id, site) = match entry.split_once('@') {
                Some((p, s)) => (p, env.directory.site(s)),
                None => (entry.as_str(), None),
            };
            if let Some(r) = advice.referrals.iter_mut().find(|r| r.program_id == id) {
                // The clerk chose the site: it wins over the rule's.
                if let Some(site) = site {
                    r.site = Some(site.name.clone());
                    r.site_id = Some(site.id.clone());
                }
                continue;
            }
            if let Some(p) = env.directory.program(id) {
                advice.referrals.push(Referral {
                    program: p.name.clone(),
                    program_id: p.id.clone(),
                    service: p.service.clone(),
                    section: env.directory.section_names(p).join("、"),
                    section_ids: p.sections.clone(),
                    site: site.map(|s| s.name.clone()),
                    site_id: site.map(|s| s.id.clone()),
                    site_candidates: vec![],
                    reason: crate::i18n::Msg::AddedFromSearch.text(env.lang).into(),
                    rule: "manual".into(),
                    priority: 9,
                    urgent: false,
                    note: None,
                });
            }
        }
        advice
    }

    /// A program chosen in search (Ctrl-R) joins the suggestions.
    pub fn add_program(&mut self, id: &str, cx: &mut Cx) {
        if self.held(cx) {
            return;
        }
        if !self.draft.programs.iter().any(|p| p == id) {
            self.draft.programs.push(id.to_string());
            self.changed(cx);
        }
        cx.out.message(Msg::AddedToIntake.text(cx.env.lang), Level::Info);
    }
}
