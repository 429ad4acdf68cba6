//! The app's state and its update function: keys become actions, actions change state.
//! Drawing (screens/) only reads this state.

use super::action::Action;
use super::input::LineInput;
use super::keymap::{Context, Keymap};
use crate::domain::Directory;
use crate::i18n::{Lang, Msg};
use crate::search::{Hit, Index};
use chrono::NaiveDateTime;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind, KeyModifiers};

/// Most results kept for the list.
pub const MAX_HITS: usize = 300;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Intake,
    Search,
    Cases,
    Meetings,
    Report,
}

impl Tab {
    pub const ALL: [Tab; 5] = [Tab::Intake, Tab::Search, Tab::Cases, Tab::Meetings, Tab::Report];
    pub fn label(self) -> Msg {
        match self {
            Tab::Intake => Msg::TabIntake,
            Tab::Search => Msg::TabSearch,
            Tab::Cases => Msg::TabCases,
            Tab::Meetings => Msg::TabMeetings,
            Tab::Report => Msg::TabReport,
        }
    }
    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Input,
    List,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub level: Level,
}

/// What the app runs on: read-only while it runs.
pub struct Env {
    pub directory: Directory,
    pub index: Index,
    pub keymap: Keymap,
    pub lang: Lang,
    /// The desk this terminal serves, shown on the top line.
    pub desk: String,
}

impl Env {
    pub fn new(directory: Directory, keymap: Keymap, lang: Lang, desk: String) -> Env {
        let index = Index::build(&directory);
        Env {
            directory,
            index,
            keymap,
            lang,
            desk,
        }
    }
}

pub struct SearchState {
    pub query: LineInput,
    pub hits: Vec<Hit>,
    pub selected: usize,
    pub focus: Focus,
    /// Detail pane takes the whole body (Enter); Esc returns.
    pub expanded: bool,
    pub detail_scroll: u16,
}

pub struct App {
    pub env: Env,
    pub tab: Tab,
    pub search: SearchState,
    pub help: bool,
    pub message: Option<Message>,
    pub quit: bool,
    pub now: NaiveDateTime,
    /// Rows of the result list last drawn, for page up/down.
    pub page: usize,
}

impl App {
    pub fn new(env: Env, now: NaiveDateTime) -> App {
        App {
            env,
            tab: Tab::Search,
            search: SearchState {
                query: LineInput::default(),
                hits: Vec::new(),
                selected: 0,
                focus: Focus::Input,
                expanded: false,
                detail_scroll: 0,
            },
            help: false,
            message: None,
            quit: false,
            now,
            page: 10,
        }
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

    /// The keymap context of what has focus.
    pub fn context(&self) -> Context {
        match (self.tab, self.search.focus) {
            (Tab::Search, Focus::Input) if !self.help => Context::Input,
            _ => Context::List,
        }
    }

    pub fn selected_hit(&self) -> Option<&Hit> {
        self.search.hits.get(self.search.selected)
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if let Some(action) = self.env.keymap.action(self.context(), &key) {
            self.handle(action);
            return;
        }
        // Unbound printable keys type into the query (from the list too).
        if let ratatui::crossterm::event::KeyCode::Char(c) = key.code
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            && self.tab == Tab::Search
            && !self.help
        {
            self.search.focus = Focus::Input;
            self.search.expanded = false;
            self.type_text(&c.to_string());
        }
    }

    /// Bracketed paste: only into the query, sanitized and capped.
    pub fn on_paste(&mut self, text: &str) {
        if self.tab == Tab::Search && !self.help {
            self.search.focus = Focus::Input;
            self.type_text(text);
        }
    }

    fn type_text(&mut self, text: &str) {
        let before = self.search.query.as_str().len();
        if !self.search.query.insert(text) {
            self.set_message(Msg::PasteCapped.text(self.lang()), Level::Warning);
        }
        if self.search.query.as_str().len() != before {
            self.refresh_hits();
        }
    }

    fn refresh_hits(&mut self) {
        self.search.hits = self.env.index.search(self.search.query.as_str(), MAX_HITS);
        self.search.selected = 0;
        self.search.detail_scroll = 0;
    }

    fn select(&mut self, to: isize) {
        let n = self.search.hits.len();
        if n == 0 {
            return;
        }
        let to = to.clamp(0, n as isize - 1) as usize;
        if to != self.search.selected {
            self.search.selected = to;
            self.search.detail_scroll = 0;
        }
    }

    fn goto(&mut self, tab: Tab) {
        self.tab = tab;
        self.help = false;
    }

    pub fn handle(&mut self, action: Action) {
        use Action::*;
        if self.help {
            match action {
                Help | Back => self.help = false,
                Quit => self.quit = true,
                _ => {}
            }
            return;
        }
        let sel = self.search.selected as isize;
        let page = self.page.max(1) as isize;
        match action {
            Quit => self.quit = true,
            Help => self.help = true,
            NextTab => self.goto(Tab::ALL[(self.tab.index() + 1) % Tab::ALL.len()]),
            PrevTab => self.goto(Tab::ALL[(self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]),
            GotoIntake => self.goto(Tab::Intake),
            GotoSearch => self.goto(Tab::Search),
            GotoCases => self.goto(Tab::Cases),
            GotoMeetings => self.goto(Tab::Meetings),
            GotoReport => self.goto(Tab::Report),
            _ if self.tab != Tab::Search => {}
            FocusNext => {
                self.search.focus = match self.search.focus {
                    Focus::Input if !self.search.hits.is_empty() => Focus::List,
                    _ => Focus::Input,
                }
            }
            Back => {
                if self.search.expanded {
                    self.search.expanded = false;
                } else {
                    self.search.focus = Focus::Input;
                }
            }
            MoveUp => self.select(sel - 1),
            MoveDown => self.select(sel + 1),
            PageUp => self.select(sel - page),
            PageDown => self.select(sel + page),
            First => self.select(0),
            Last => self.select(isize::MAX / 2),
            Open => {
                if !self.search.hits.is_empty() {
                    self.search.expanded = !self.search.expanded;
                    self.search.detail_scroll = 0;
                }
            }
            DetailUp => self.search.detail_scroll = self.search.detail_scroll.saturating_sub(3),
            DetailDown => self.search.detail_scroll = self.search.detail_scroll.saturating_add(3),
            CursorLeft => self.search.query.left(),
            CursorRight => self.search.query.right(),
            CursorHome => self.search.query.home(),
            CursorEnd => self.search.query.end(),
            DeleteBack => {
                if self.search.query.delete_back() {
                    self.refresh_hits();
                }
            }
            DeleteForward => {
                if self.search.query.delete_forward() {
                    self.refresh_hits();
                }
            }
            ClearInput => {
                if self.search.query.clear() {
                    self.refresh_hits();
                }
            }
        }
    }
}
