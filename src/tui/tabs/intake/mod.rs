//! 受付 tab: the intake form with live referral suggestions. Everything typed is kept as
//! a draft in the store on every change (durable at least once a second), so a crash,
//! kill or SSH hang-up loses nothing; the next start offers it back.

mod draft;
pub mod form;
mod handoff;
pub mod previous;

pub use form::Field;
pub use handoff::HandoffDialog;

use super::super::action::Action;
use super::super::app::{Cx, Env, Level};
use super::super::input::LineInput;
use super::super::keymap::Context;
use crate::domain::{Channel, Consent, Draft, Person, Relation};
use crate::i18n::{Lang, Msg};
use crate::referral::{Advice, Referral, evaluate};
use chrono::NaiveDateTime;
use form::{LANGUAGES, step};
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
        let f = self.fields();
        f[self.focus.min(f.len() - 1)]
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
        if !self.draft.programs.iter().any(|p| p == id) {
            self.draft.programs.push(id.to_string());
            self.changed(cx);
        }
        cx.out.message(Msg::AddedToIntake.text(cx.env.lang), Level::Info);
    }

    fn text_field(&mut self, f: Field) -> Option<&mut LineInput> {
        match f {
            Field::School => Some(&mut self.school),
            Field::Note => Some(&mut self.note),
            Field::Name => Some(&mut self.name),
            Field::Kana => Some(&mut self.kana),
            Field::Phone => Some(&mut self.phone),
            Field::Age(i) => self.ages.get_mut(i),
            _ => None,
        }
    }

    pub fn on_text(&mut self, text: &str, cx: &mut Cx) {
        if self.confirm.is_some() {
            return;
        }
        if let Some(d) = &mut self.dialog {
            if d.on_note && !d.note.insert(text) {
                cx.out.message(Msg::PasteCapped.text(cx.env.lang), Level::Warning);
            }
            return;
        }
        let f = self.focused();
        if self.takes_letters() {
            self.jump_to(text, cx);
            return;
        }
        let Some(input) = self.text_field(f) else { return };
        let text: String = if matches!(f, Field::Age(_)) {
            let room = 3usize.saturating_sub(input.as_str().chars().count());
            text.chars().filter(|c| c.is_ascii_digit()).take(room).collect()
        } else {
            text.to_string()
        };
        if text.is_empty() {
            return;
        }
        if !input.insert(&text) {
            cx.out.message(Msg::PasteCapped.text(cx.env.lang), Level::Warning);
        }
        self.changed(cx);
        if f == Field::School {
            self.offer_school(cx);
        }
    }

    /// A picker has focus that jumps by typing (地区, 言語): plain letters go to it
    /// rather than to the list keys.
    pub fn takes_letters(&self) -> bool {
        self.confirm.is_none()
            && self.dialog.is_none()
            && matches!(self.focused(), Field::District | Field::Language)
    }

    /// Typing on a picker: jump to the first choice the typed text starts (ふじ, fuji
    /// -> 藤沢); what does not match anything starts the search over from this key.
    fn jump_to(&mut self, text: &str, cx: &mut Cx) {
        let dir = &cx.env.directory;
        let f = self.focused();
        let find = |typed: &str| -> Option<usize> {
            match f {
                Field::District => form::jump(
                    typed,
                    dir.districts
                        .iter()
                        .map(|d| vec![d.name.as_str(), d.reading.as_str(), d.id.as_str()]),
                ),
                Field::Language => form::jump(
                    typed,
                    LANGUAGES.iter().map(|(code, name)| {
                        vec![name.text(Lang::Ja), name.text(Lang::En), code.unwrap_or("ja")]
                    }),
                ),
                _ => None,
            }
        };
        let longer = format!("{}{text}", self.jump);
        let (typed, found) = match find(&longer) {
            Some(i) => (longer, Some(i)),
            None => (text.to_string(), find(text)),
        };
        let Some(i) = found else {
            self.jump.clear();
            return;
        };
        self.jump = typed;
        let intake = &mut self.draft.intake;
        match f {
            Field::District => intake.district = dir.districts.get(i).map(|d| d.id.clone()),
            Field::Language => intake.language = LANGUAGES.get(i).and_then(|(c, _)| c.map(str::to_string)),
            _ => return,
        }
        self.changed(cx);
    }

    /// The known school the 学校 field's text starts (かねこ, kaneko -> 金子中), when
    /// the field does not already hold a school's name: Enter takes it.
    pub fn school_completion(&self, dir: &crate::domain::Directory) -> Option<String> {
        let typed = self.school.as_str().trim();
        if typed.is_empty() {
            return None;
        }
        let schools = form::schools(dir);
        if schools.iter().any(|(n, _, _)| n == typed) {
            return None;
        }
        schools
            .into_iter()
            .find(|(n, r, i)| form::typed_matches(typed, &[n, r, i]))
            .map(|(n, _, _)| n)
    }

    /// Say which school Enter would take, on the message line.
    fn offer_school(&self, cx: &mut Cx) {
        if let Some(name) = self.school_completion(&cx.env.directory) {
            let lang = cx.env.lang;
            cx.out.message(
                format!(
                    "{}: {name}  {}",
                    Msg::LabelSchool.text(lang),
                    Msg::EnterToTake.text(lang)
                ),
                Level::Info,
            );
        }
    }

    fn move_focus(&mut self, forward: bool) {
        let n = self.fields().len();
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
        self.entered();
    }

    /// Focus moved: a member's check-list opens at its top (the cursor of the previous
    /// member's list never carries over to the next).
    fn entered(&mut self) {
        self.jump.clear();
        match self.focused() {
            Field::Concerns(_) => self.checklist = 0,
            Field::Suggestions => {
                self.sugg = self.sugg.min(self.advice.referrals.len().saturating_sub(1));
            }
            _ => {}
        }
    }

    fn cycle(&mut self, forward: bool, cx: &mut Cx) {
        let dir = &cx.env.directory;
        let focused = self.focused();
        let i = &mut self.draft.intake;
        match focused {
            Field::Channel => i.channel = step(&Channel::ALL, i.channel, forward),
            Field::District => {
                let mut all: Vec<Option<&str>> = vec![None];
                all.extend(dir.districts.iter().map(|d| Some(d.id.as_str())));
                let next = step(&all, i.district.as_deref(), forward).map(str::to_string);
                i.district = next;
            }
            Field::Language => {
                let all: Vec<Option<&str>> = LANGUAGES.iter().map(|(c, _)| *c).collect();
                i.language = step(&all, i.language.as_deref(), forward).map(str::to_string);
            }
            Field::Consent => i.consent = step(&Consent::ALL, i.consent, forward),
            Field::SeeksHelp => i.seeks_help = !i.seeks_help,
            Field::Restricted => {
                let dv = i.people.iter().any(|p| p.concerns.iter().any(|c| c == "dv"));
                self.draft.restricted = dv || !self.draft.restricted;
            }
            Field::Relation(n) => {
                if let Some(p) = i.people.get_mut(n) {
                    p.relation = step(&Relation::ALL, p.relation, forward);
                }
            }
            Field::Concerns(_) => {
                // left/right jump between the check-list's two columns
                let n = dir.concerns.len();
                let half = n.div_ceil(2);
                self.checklist = if forward {
                    (self.checklist + half).min(n.saturating_sub(1))
                } else {
                    self.checklist.saturating_sub(half)
                };
                return;
            }
            _ => return,
        }
        self.changed(cx);
    }

    fn toggle_concern(&mut self, person: usize, cx: &mut Cx) {
        let Some(c) = cx.env.directory.concerns.get(self.checklist) else {
            return;
        };
        let Some(p) = self.draft.intake.people.get_mut(person) else {
            return;
        };
        match p.concerns.iter().position(|x| *x == c.id) {
            Some(i) => {
                p.concerns.remove(i);
            }
            None => p.concerns.push(c.id.clone()),
        }
        self.changed(cx);
    }

    fn add_person(&mut self, cx: &mut Cx) {
        if self.draft.intake.people.len() >= 12 {
            return;
        }
        self.draft.intake.people.push(Person {
            relation: Relation::Parent,
            ..Default::default()
        });
        self.ages.push(LineInput::default());
        let n = self.draft.intake.people.len() - 1;
        self.focus = self
            .fields()
            .iter()
            .position(|f| *f == Field::Relation(n))
            .unwrap_or(0);
        self.checklist = 0;
        self.changed(cx);
    }

    fn remove_person(&mut self, i: usize, cx: &mut Cx) {
        if self.draft.intake.people.len() > 1 && i < self.draft.intake.people.len() {
            self.draft.intake.people.remove(i);
            self.ages.remove(i);
            self.focus = self.focus.min(self.fields().len() - 1);
            self.checklist = 0;
            self.changed(cx);
        }
    }

    /// Up/Down (a page: 5) through the suggestions when their pane has focus.
    fn move_suggestion(&mut self, action: Action) {
        let last = self.advice.referrals.len().saturating_sub(1);
        self.sugg = match action {
            Action::MoveDown => self.sugg + 1,
            Action::MoveUp => self.sugg.saturating_sub(1),
            Action::PageDown => self.sugg + 5,
            Action::PageUp => self.sugg.saturating_sub(5),
            Action::First => 0,
            _ => last,
        }
        .min(last);
    }

    fn person_of(f: Field) -> Option<usize> {
        match f {
            Field::Relation(i) | Field::Age(i) | Field::Concerns(i) => Some(i),
            _ => None,
        }
    }

    pub fn handle(&mut self, action: Action, cx: &mut Cx) {
        use Action::*;
        if let Some(p) = self.confirm {
            match action {
                Open => {
                    self.confirm = None;
                    match p {
                        Pending::NewIntake => self.reset(cx),
                        Pending::RemovePerson(i) => self.remove_person(i, cx),
                        Pending::AddToCase => self.add_to_case(cx),
                    }
                }
                Back => self.confirm = None,
                AddToCase if p == Pending::AddToCase => self.ask_add_to_case(cx),
                _ => {}
            }
            return;
        }
        if self.dialog.is_some() {
            self.handle_dialog(action, cx);
            return;
        }
        let f = self.focused();
        match action {
            FocusNext => self.move_focus(true),
            FocusPrev => self.move_focus(false),
            // Down past the last suggestion (Up before the first) leaves the pane as from
            // any field, so Up/Down never trap the cursor in it.
            MoveDown if f == Field::Suggestions && self.sugg + 1 >= self.advice.referrals.len() => {
                self.move_focus(true)
            }
            MoveUp if f == Field::Suggestions && self.sugg == 0 => self.move_focus(false),
            MoveDown | MoveUp | PageDown | PageUp | First | Last if f == Field::Suggestions => {
                self.move_suggestion(action)
            }
            MoveDown => match f {
                Field::Concerns(_) => {
                    self.checklist =
                        (self.checklist + 1).min(cx.env.directory.concerns.len().saturating_sub(1))
                }
                _ => self.move_focus(true),
            },
            MoveUp => match f {
                Field::Concerns(_) => self.checklist = self.checklist.saturating_sub(1),
                _ => self.move_focus(false),
            },
            Toggle => match f {
                Field::Concerns(i) => self.toggle_concern(i, cx),
                Field::AddPerson => self.add_person(cx),
                Field::Suggestions => self.sugg_all = !self.sugg_all,
                _ => self.cycle(true, cx),
            },
            ChoiceNext => self.cycle(true, cx),
            ChoicePrev => self.cycle(false, cx),
            Open => match f {
                Field::School if self.school_completion(&cx.env.directory).is_some() => {
                    if let Some(name) = self.school_completion(&cx.env.directory) {
                        self.school.clear();
                        self.school.insert(&name);
                        self.changed(cx);
                    }
                    self.move_focus(true);
                }
                Field::AddPerson => self.add_person(cx),
                Field::Concerns(i) => self.toggle_concern(i, cx),
                Field::Suggestions => self.sugg_all = !self.sugg_all,
                _ => self.move_focus(true),
            },
            AddPerson => self.add_person(cx),
            RemovePerson => {
                if let Some(i) = Self::person_of(f) {
                    let p = &self.draft.intake.people[i];
                    if p.age.is_some() || !p.concerns.is_empty() {
                        self.confirm = Some(Pending::RemovePerson(i));
                    } else {
                        self.remove_person(i, cx);
                    }
                }
            }
            NewIntake => {
                if self.has_content() {
                    self.confirm = Some(Pending::NewIntake);
                } else {
                    self.reset(cx);
                }
            }
            Save => {
                // A multi-agency case with consent 未確認: remind the clerk to ask (the
                // answer decides the meeting, plan 4).
                let ask = self.advice.consent_check.is_some();
                let advice = self.advice.clone();
                if let Some(number) = self.save_case(cx) {
                    let lang = cx.env.lang;
                    // Offer つなぐ for the case just saved (its key in the keymap).
                    let offer = cx
                        .env
                        .keymap
                        .key_labels(Context::List, Handoff)
                        .into_iter()
                        .next()
                        .map(|k| format!("  {k} {}", Msg::HandoffNext.text(lang)))
                        .unwrap_or_default();
                    let (text, level) = if ask {
                        (
                            format!(
                                "{}: {number} / {}{offer}",
                                Msg::CaseSaved.text(lang),
                                Msg::ConsentToAskShort.text(lang)
                            ),
                            Level::Warning,
                        )
                    } else {
                        (
                            format!("{}: {number}{offer}", Msg::CaseSaved.text(lang)),
                            Level::Info,
                        )
                    };
                    cx.out.message(text, level);
                    cx.out.show_case = Some(number.clone());
                    let kept = self.kept_note.take();
                    self.reset(cx);
                    // A note typed for this form's hand-off now belongs to the saved case.
                    self.kept_note = kept.map(|(case, note)| (case.or(Some(number.clone())), note));
                    self.last_saved = Some((number, advice));
                }
            }
            Handoff => self.open_handoff(cx),
            AddToCase => self.ask_add_to_case(cx),
            _ => {
                if let Some(input) = self.text_field(f) {
                    let changed = match action {
                        CursorLeft => {
                            input.left();
                            false
                        }
                        CursorRight => {
                            input.right();
                            false
                        }
                        CursorHome => {
                            input.home();
                            false
                        }
                        CursorEnd => {
                            input.end();
                            false
                        }
                        DeleteBack => input.delete_back(),
                        DeleteForward => input.delete_forward(),
                        ClearInput => input.clear(),
                        _ => false,
                    };
                    if changed {
                        self.changed(cx);
                    }
                }
            }
        }
    }
}
