//! What the tabs share with the app: the tabs themselves ([`Tab`]), the environment a
//! desk runs in ([`Env`]), the message line ([`Message`], [`Level`]), and what an update
//! reads ([`Cx`]) and asks of the app ([`Effects`]).

use super::super::keymap::Keymap;
use super::super::tabs::cases::{HandoffChange, PageQuery};
use super::super::worker::{DraftOp, Job};
use crate::domain::{Channel, Directory, Identity, Role};
use crate::i18n::{Lang, Msg};
use crate::search::Index;
use crate::store::Store;
use chrono::NaiveDateTime;
use ratatui::layout::Size;
use std::sync::Arc;

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
    /// The next tab (or the previous), wrapping around.
    pub(super) fn step(self, forward: bool) -> Tab {
        let n = Tab::ALL.len();
        let i = if forward {
            self.index() + 1
        } else {
            self.index() + n - 1
        };
        Tab::ALL.get(i % n).copied().unwrap_or(self)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
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
    /// Shared with the store worker (the figures of 集計, a meeting's check) without a copy.
    pub directory: Arc<Directory>,
    pub index: Index,
    pub keymap: Keymap,
    pub lang: Lang,
    /// The desk this terminal serves, shown on the top line.
    pub desk: String,
    /// The OS user at the terminal (who logs intakes and changes hand-offs).
    pub user: String,
    /// The channel a new intake starts with (a district center: online).
    pub channel: Channel,
    /// Who is at the terminal, as the roster knows them: decides which tabs open.
    pub identity: Identity,
    /// The terminal's last known size (80x24 until it is measured): the updates take
    /// page sizes and scroll limits from it, so the draws only read state.
    pub size: Size,
}

impl Env {
    pub fn new(directory: Directory, keymap: Keymap, lang: Lang, desk: String) -> Env {
        let index = Index::build(&directory);
        Env::with_index(directory, index, keymap, lang, desk)
    }

    /// With an index already built for `directory` (read from the lookup snapshot).
    pub fn with_index(directory: Directory, index: Index, keymap: Keymap, lang: Lang, desk: String) -> Env {
        Env {
            directory: Arc::new(directory),
            index,
            keymap,
            lang,
            user: "desk".into(),
            identity: Identity::embedded_owner("desk", &desk, &[]),
            desk,
            channel: Channel::WalkIn,
            size: Size::new(80, 24),
        }
    }

    /// May this user open the tab? Search is for everyone (an unknown user gets the
    /// directory and referral rules only); intake for reception, coordinators and admins;
    /// cases for any known staff; meetings and figures for coordinators and admins.
    pub fn may_open(&self, tab: Tab) -> bool {
        let role = self.identity.role();
        match tab {
            Tab::Search => true,
            Tab::Intake => matches!(role, Some(Role::Reception | Role::Coordinator | Role::Admin)),
            Tab::Cases => role.is_some(),
            Tab::Meetings | Tab::Report => matches!(role, Some(Role::Coordinator | Role::Admin)),
        }
    }

    /// The key this desk's draft is kept under: user and desk, never a resident's data.
    pub fn draft_key(&self) -> String {
        format!("{}@{}", self.user, self.desk)
    }
}

/// What a tab's update asks of the rest of the app.
#[derive(Default)]
pub struct Effects {
    pub message: Option<Message>,
    pub goto: Option<Tab>,
    /// Program ids to add to the intake's suggestions (from search, Ctrl-R).
    pub add_to_intake: Vec<String>,
    /// Show this case in 案件 (after a save or hand-off).
    pub show_case: Option<String>,
    /// Hand off this saved case (chosen in 案件): the hand-off dialog opens on it.
    pub handoff_case: Option<Box<crate::domain::Case>>,
    /// Set by the app before an update when a store worker runs: pages of 案件 are
    /// asked of it ([`Effects::page`]) instead of read in the update.
    pub deferred: bool,
    /// A page of 案件 for the store worker: (id, query).
    pub page: Option<(u64, PageQuery)>,
    /// Draft writes for the store worker, in order.
    pub drafts: Vec<DraftOp>,
    /// A hand-off change for the store worker.
    pub change: Option<HandoffChange>,
    /// Store work, in order (受付's look-ups and writes, 会議's and 集計's reads and
    /// records): for the store worker, or carried out by the app when there is none
    /// ([`crate::tui::worker::answer`]).
    pub jobs: Vec<Job>,
}

impl Effects {
    pub fn message(&mut self, text: impl Into<String>, level: Level) {
        self.message = Some(Message {
            text: text.into(),
            level,
        });
    }
}

/// Context for a tab's update: the environment, the store, the time, the effects out.
pub struct Cx<'a> {
    pub env: &'a Env,
    pub store: Option<&'a dyn Store>,
    pub now: NaiveDateTime,
    pub out: &'a mut Effects,
}

impl Cx<'_> {
    /// RFC 3339 local time of `now`.
    pub fn stamp(&self) -> String {
        use chrono::TimeZone;
        match chrono::Local.from_local_datetime(&self.now).earliest() {
            Some(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            None => self.now.format("%Y-%m-%dT%H:%M:%S").to_string(),
        }
    }
}
