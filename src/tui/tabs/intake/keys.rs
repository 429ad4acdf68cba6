//! 受付's keys and typing: what each action and each typed text does to the form (focus,
//! choices, the check-list, household members, the suggestions pane), and the question
//! that waits for a yes.

use super::form::{self, LANGUAGES, step};
use super::{Field, IntakeTab, Pending};
use crate::domain::{Channel, Consent, Person, Relation};
use crate::i18n::{Lang, Msg};
use crate::tui::action::Action;
use crate::tui::app::{Cx, Level};
use crate::tui::input::LineInput;

impl IntakeTab {
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
        if self.confirm.is_some() || self.held(cx) {
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
        if self.held(cx) {
            return;
        }
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
                if let Some(i) = Self::person_of(f)
                    && let Some(p) = self.draft.intake.people.get(i)
                {
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
            Save => self.save(cx),
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
