//! The app's state and its update function: keys become actions, actions change state.
//! Each tab keeps its own state (tabs/); drawing (screens/) only reads it. Tabs reach the
//! store and each other through [`Cx`] and [`Effects`], never through globals.

use super::action::Action;
use super::keymap::Context;
use super::tabs::cases::HandoffChange;
use super::tabs::{CasesTab, IntakeTab, MeetingsTab, ReportTab, SearchTab};
use super::worker::{DraftOp, Job, Link, Worker};

mod attach;
mod env;
mod poll;

pub use env::{Cx, Effects, Env, Focus, Level, Message, Tab};

use crate::domain::Identity;
use crate::i18n::{Lang, Msg};
use crate::search::Index;
use crate::store::Store;
pub use attach::{Deferred, Opened};
use chrono::NaiveDateTime;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Size;
use std::sync::Arc;

pub type SharedStore = Arc<dyn Store + Send + Sync>;

pub struct App {
    pub env: Env,
    pub store: Option<SharedStore>,
    pub tab: Tab,
    pub search: SearchTab,
    pub intake: IntakeTab,
    pub cases: CasesTab,
    pub meetings: MeetingsTab,
    pub report: ReportTab,
    pub help: bool,
    /// The help's first row shown.
    pub help_scroll: u16,
    pub message: Option<Message>,
    pub quit: bool,
    pub now: NaiveDateTime,
    /// The store's revision when the shown data was read; a change reloads it.
    revision: Option<u64>,
    /// The replica's seed hash when the directory was last compared with it.
    replica_hash: Option<String>,
    last_poll: Option<std::time::Instant>,
    /// The store worker, when store work runs off the UI thread (the terminal loop).
    worker: Option<Worker>,
    /// A poll sent to the worker and not answered yet.
    polling: bool,
    /// Draft jobs sent to the worker and not answered yet; the last id given.
    drafts_in_flight: u64,
    draft_id: u64,
    /// Hand-off changes sent to the worker and not answered yet.
    changes_in_flight: u64,
    /// The link shown on the top line.
    pub link: Link,
    /// The loop wants store work on a worker (started once there is a store).
    want_worker: bool,
    /// The store being opened in the background, since when (attach.rs).
    opening: Option<(std::sync::mpsc::Receiver<Option<Box<Opened>>>, std::time::Instant)>,
    /// Input held until the store is open (attach.rs).
    held: Vec<attach::Held>,
    /// The directory and index, to read after the first frame (attach.rs).
    deferred: Option<Deferred>,
}

/// How often the store is asked whether anything changed (another desk's hand-off, an
/// admin's seed sync): well inside the 1 s promised.
const POLL_EVERY: std::time::Duration = std::time::Duration::from_millis(400);

impl App {
    pub fn new(env: Env, now: NaiveDateTime) -> App {
        let intake = IntakeTab::new(&env, now);
        App {
            env,
            store: None,
            tab: Tab::Search,
            search: SearchTab::default(),
            intake,
            cases: CasesTab::default(),
            meetings: MeetingsTab::default(),
            report: ReportTab::default(),
            help: false,
            help_scroll: 0,
            message: None,
            quit: false,
            now,
            revision: None,
            replica_hash: None,
            last_poll: None,
            worker: None,
            polling: false,
            drafts_in_flight: 0,
            draft_id: 0,
            changes_in_flight: 0,
            link: Link::Ready,
            want_worker: false,
            opening: None,
            held: Vec::new(),
            deferred: None,
        }
    }

    /// Attach a store: the intake's draft is offered back, the cases load.
    pub fn with_store(mut self, store: SharedStore) -> App {
        self.attach_store(store);
        self
    }

    fn attach_store(&mut self, store: SharedStore) {
        self.revision = store.revision().ok();
        self.store = Some(store);
        if self.env.may_open(Tab::Intake) {
            self.run(|app, cx| app.intake.restore_draft(cx));
        }
        if self.intake.restored {
            self.tab = Tab::Intake;
        }
        if let Some(section) = self.env.identity.inbox_section() {
            self.cases.open_inbox_of(section, &self.env.directory);
        }
    }

    /// The terminal was measured at start, or resized.
    pub fn resize(&mut self, size: Size) {
        self.env.size = size;
    }

    pub fn lang(&self) -> Lang {
        self.env.lang
    }

    pub fn set_message(&mut self, text: impl Into<String>, level: Level) {
        self.message = Some(Message {
            text: text.into(),
            level,
        });
    }

    /// A letter that opened or stepped 案件's section picker (f, F) is kept in what was
    /// typed: it may be the start of a section's name (f, u ... -> 福祉総務課).
    fn picker_key(&mut self, action: Action, key: &KeyEvent) {
        if self.tab == Tab::Cases
            && matches!(action, Action::FilterSection | Action::FilterSectionPrev)
            && let KeyCode::Char(c) = key.code
            && let Some(p) = &mut self.cases.picking
        {
            p.push(c);
        }
    }

    /// Does what has focus take plain letters (a picker that jumps by typing)?
    fn takes_letters(&self) -> bool {
        match self.tab {
            Tab::Intake => self.intake.takes_letters(),
            Tab::Cases => self.cases.takes_letters(),
            _ => false,
        }
    }

    /// The keymap context of what has focus.
    pub fn context(&self) -> Context {
        if self.help {
            return Context::List;
        }
        match self.tab {
            Tab::Search => self.search.context(),
            Tab::Intake => self.intake.context(),
            Tab::Cases => self.cases.context(),
            Tab::Meetings => self.meetings.context(),
            Tab::Report => self.report.context(),
        }
    }

    /// The actions worth a hint for what has focus.
    pub fn hints(&self) -> &'static [Action] {
        use Action::*;
        if self.help {
            return &[MoveDown, PageDown, Help, Back, Quit];
        }
        match self.tab {
            Tab::Search => self.search.hints(),
            Tab::Intake => self.intake.hints(),
            Tab::Cases => self.cases.hints(),
            Tab::Meetings => self.meetings.hints(),
            Tab::Report => self.report.hints(),
        }
    }

    /// A better word for an action's hint where the tab gives its key another meaning
    /// (Enter confirms a dialog rather than opening details).
    pub fn hint_label(&self, action: Action) -> Option<&'static str> {
        match self.tab {
            Tab::Intake => self.intake.hint_label(action, self.env.lang),
            Tab::Cases => self.cases.hint_label(action, self.env.lang),
            Tab::Meetings => self.meetings.hint_label(action, self.env.lang),
            Tab::Report => self.report.hint_label(action, self.env.lang),
            _ => None,
        }
    }

    /// Run a tab update with a context, then apply its effects.
    fn run(&mut self, f: impl FnOnce(&mut TabsMut, &mut Cx)) {
        let mut out = Effects {
            deferred: self.worker.is_some(),
            ..Effects::default()
        };
        {
            let mut cx = Cx {
                env: &self.env,
                store: self.store.as_deref().map(|s| s as &dyn Store),
                now: self.now,
                out: &mut out,
            };
            let mut tabs = TabsMut {
                search: &mut self.search,
                intake: &mut self.intake,
                cases: &mut self.cases,
                meetings: &mut self.meetings,
                report: &mut self.report,
            };
            f(&mut tabs, &mut cx);
        }
        self.apply(out);
    }

    fn apply(&mut self, out: Effects) {
        if let Some(m) = out.message {
            self.message = Some(m);
        }
        for op in out.drafts {
            self.send_draft(op);
        }
        if let Some(change) = out.change {
            self.send_change(change);
        }
        for job in out.jobs {
            self.send_job(job);
        }
        if let Some((id, query)) = out.page {
            let sent = self.worker.as_ref().is_some_and(|w| {
                w.send(Job::Page {
                    id,
                    query: query.clone(),
                })
            });
            if !sent {
                // The worker is gone: read it here.
                let result = match &self.store {
                    Some(store) => query.run(store.as_ref()),
                    None => Ok(Default::default()),
                };
                self.worker = None;
                self.run(|t, cx| t.cases.on_page(id, result, cx));
            }
        }
        if !out.add_to_intake.is_empty() {
            let programs = out.add_to_intake;
            self.run(|t, cx| {
                for p in &programs {
                    t.intake.add_program(p, cx);
                }
            });
        }
        if let Some(case) = out.handoff_case {
            if self.env.may_open(Tab::Intake) {
                self.run(|t, cx| t.intake.open_handoff_for(&case, cx));
            } else {
                self.goto(Tab::Intake); // says why not
            }
        }
        if let Some(number) = out.show_case {
            self.run(|t, cx| t.cases.show_case(&number, cx));
        }
        if let Some(tab) = out.goto {
            self.goto(tab);
        }
    }

    fn goto(&mut self, tab: Tab) {
        if !self.env.may_open(tab) {
            let label = tab.label().text(self.env.lang);
            let text = crate::i18n::fill(Msg::NotPermitted.text(self.env.lang), &[("label", label)]);
            self.set_message(text, Level::Warning);
            return;
        }
        self.tab = tab;
        self.help = false;
        match tab {
            Tab::Cases => self.run(|t, cx| t.cases.refresh(cx)),
            Tab::Meetings => self.run(|t, cx| t.meetings.refresh(cx)),
            Tab::Report => self.run(|t, cx| t.report.refresh(cx)),
            _ => {}
        }
    }

    /// The clerk moves to another tab: the message line was about the tab left, so it
    /// clears (a message the new tab gives on entering is kept).
    fn switch(&mut self, tab: Tab) {
        if tab != self.tab {
            self.message = None;
        }
        self.goto(tab);
    }

    /// An update of 受付: when it starts the next intake on a blank form (the first thing
    /// typed or chosen), the message about the last one (保存しました: R8-000001) clears,
    /// unless the update said something itself.
    fn run_intake(&mut self, f: impl FnOnce(&mut TabsMut, &mut Cx)) {
        let blank = !self.intake.has_content();
        let before = self.message.clone();
        self.run(f);
        if blank && self.tab == Tab::Intake && self.intake.has_content() && self.message == before {
            self.message = None;
        }
    }

    /// Make everything typed durable (before exit, or on hang-up from the watchdog).
    pub fn flush(&mut self) {
        self.run(|t, cx| t.intake.save_draft_now(cx));
        self.wait_drafts();
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        self.load_deferred();
        if key.kind == KeyEventKind::Release || self.hold(attach::Held::Key(key)) {
            return;
        }
        // A picker that jumps by typing (受付's 地区 and 言語, 案件's section) takes plain
        // letters and kana before the list keys do (f, s, k ... would swallow romaji).
        if let KeyCode::Char(c) = key.code
            && c.is_alphanumeric()
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            && !self.help
            && self.takes_letters()
        {
            // The section picker still cycles with its own keys (f f f, F F) while
            // nothing else was typed; each such key may also start a name (f, then u:
            // fu... jumps to 福祉総務課), so it is kept in what was typed.
            if self.tab == Tab::Cases
                && self
                    .cases
                    .picking
                    .as_deref()
                    .is_some_and(|p| p.chars().all(|b| b == c))
                && let Some(a @ (Action::FilterSection | Action::FilterSectionPrev)) =
                    self.env.keymap.action(Context::List, &key)
            {
                self.handle(a);
                self.picker_key(a, &key);
                return;
            }
            self.on_text(&c.to_string());
            return;
        }
        if let Some(action) = self.env.keymap.action(self.context(), &key) {
            self.handle(action);
            self.picker_key(action, &key);
            return;
        }
        // Unbound printable keys type into whatever takes text.
        if let KeyCode::Char(c) = key.code
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            && !self.help
        {
            self.on_text(&c.to_string());
        }
    }

    /// Bracketed paste, or typed text: sanitized and capped by the input that takes it.
    pub fn on_paste(&mut self, text: &str) {
        self.load_deferred();
        if self.hold(attach::Held::Paste(text.to_string())) {
            return;
        }
        if !self.help {
            self.on_text(text);
        }
    }

    fn on_text(&mut self, text: &str) {
        match self.tab {
            Tab::Search => self.run(|t, cx| t.search.on_text(text, cx)),
            Tab::Intake => self.run_intake(|t, cx| t.intake.on_text(text, cx)),
            Tab::Cases => self.run(|t, cx| t.cases.on_text(text, cx)),
            Tab::Meetings => self.run(|t, cx| t.meetings.on_text(text, cx)),
            _ => {}
        }
    }

    pub fn handle(&mut self, action: Action) {
        use Action::*;
        if self.help {
            match action {
                Help | Back => self.help = false,
                Quit => self.quit = true,
                MoveUp | MoveDown | PageUp | PageDown | First | Last => {
                    let max = crate::tui::screens::help_max_scroll(self);
                    let page = crate::tui::layout::help(crate::tui::layout::body(self.env.size))
                        .1
                        .height
                        .max(1);
                    let s = self.help_scroll.min(max);
                    self.help_scroll = match action {
                        MoveUp => s.saturating_sub(1),
                        MoveDown => s.saturating_add(1),
                        PageUp => s.saturating_sub(page),
                        PageDown => s.saturating_add(page),
                        First => 0,
                        _ => max,
                    }
                    .min(max);
                }
                _ => {}
            }
            return;
        }
        match action {
            Quit => {
                self.flush();
                self.quit = true;
            }
            Help => {
                self.help = true;
                self.help_scroll = 0;
            }
            NextTab => self.switch(self.tab.step(true)),
            PrevTab => self.switch(self.tab.step(false)),
            GotoIntake => self.switch(Tab::Intake),
            GotoSearch => self.switch(Tab::Search),
            GotoCases => self.switch(Tab::Cases),
            GotoMeetings => self.switch(Tab::Meetings),
            GotoReport => self.switch(Tab::Report),
            _ => match self.tab {
                Tab::Search => self.run(|t, cx| t.search.handle(action, cx)),
                Tab::Intake => self.run_intake(|t, cx| t.intake.handle(action, cx)),
                Tab::Cases => self.run(|t, cx| t.cases.handle(action, cx)),
                Tab::Meetings => self.run(|t, cx| t.meetings.handle(action, cx)),
                Tab::Report => self.run(|t, cx| t.report.handle(action, cx)),
            },
        }
    }
}

/// The tabs, borrowed apart from the environment so an update can read one and change
/// the other.
pub struct TabsMut<'a> {
    pub search: &'a mut SearchTab,
    pub intake: &'a mut IntakeTab,
    pub cases: &'a mut CasesTab,
    pub meetings: &'a mut MeetingsTab,
    pub report: &'a mut ReportTab,
}
