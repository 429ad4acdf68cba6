//! The desk's start: the first frame is drawn at once, before the seed's directory is
//! read (it shows nothing of it); the directory and the lookup snapshot's index are read
//! right after it ([`App::load_deferred`]), before any key is handled. The store is
//! opened in the background: who is at the desk, the replicated directory (when it is
//! not the one read) and the store are taken when the opener sends them.

use super::*;
use crate::domain::Directory;
use std::sync::mpsc::{Receiver, TryRecvError};

/// What opening the store gives the app.
pub struct Opened {
    pub store: SharedStore,
    pub identity: Identity,
    pub user: String,
    /// The desk, when the roster names one.
    pub desk: Option<String>,
    /// The directory in effect and its index, when it is not the one the app started
    /// with (an invalid seed: the last good replica; a service's replica; a seed that
    /// changed since `seed.bin` was written).
    pub directory: Option<(Arc<Directory>, Index)>,
    /// The hash of the seed in effect, when known (a later poll compares with it).
    pub seed_hash: Option<String>,
    /// What to say once open (the seed's problems, a seed update).
    pub message: Option<Message>,
}

/// What the first frame does not wait for: the directory and its index.
pub type Deferred = Box<dyn FnOnce() -> (Arc<Directory>, Index) + Send>;

/// Input that came while the store was being opened and waits for it.
pub(super) enum Held {
    Key(KeyEvent),
    Paste(String),
}

impl App {
    /// Read the directory and its index after the first frame (see the module's text).
    pub fn load_later(&mut self, load: Deferred) {
        self.deferred = Some(load);
    }

    /// Read what the first frame did not wait for, if it is still to read: the loop
    /// calls it right after drawing the first frame, and any input calls it first.
    /// True when it was read.
    pub fn load_deferred(&mut self) -> bool {
        let Some(load) = self.deferred.take() else {
            return false;
        };
        let (directory, index) = load();
        // What the first key's search would derive (search/postings.rs), before any key.
        index.prepare();
        self.env.directory = directory;
        self.env.index = index;
        // Nothing was typed yet: 受付 starts again on the directory read.
        self.intake = IntakeTab::new(&self.env, self.now);
        true
    }

    /// While the store is being opened only 検索 works: a key for another tab (and
    /// everything after it, in order) is held and handled once the store is open.
    /// True when `input` was held.
    pub(super) fn hold(&mut self, input: Held) -> bool {
        if self.opening.is_none() {
            return false;
        }
        let elsewhere = match &input {
            Held::Key(k) => self.env.keymap.action(self.context(), k).is_some_and(|a| {
                use Action::*;
                matches!(
                    a,
                    NextTab | PrevTab | GotoIntake | GotoCases | GotoMeetings | GotoReport
                )
            }),
            Held::Paste(_) => false,
        };
        let quit = match &input {
            Held::Key(k) => self.env.keymap.action(self.context(), k) == Some(Action::Quit),
            Held::Paste(_) => false,
        };
        if quit || (self.held.is_empty() && self.tab == Tab::Search && !elsewhere) {
            return false;
        }
        self.held.push(input);
        true
    }

    /// The store is being opened elsewhere: `opening` answers once, with what was
    /// opened, or with None when it failed (the opener keeps the error; the app quits).
    pub fn open_later(&mut self, opening: Receiver<Option<Box<Opened>>>) {
        self.opening = Some((opening, std::time::Instant::now()));
    }

    /// Is the store still being opened?
    pub fn opening(&self) -> bool {
        self.opening.is_some()
    }

    /// Take what the opener sent, if it has. True when something changed.
    pub(super) fn take_opened(&mut self) -> bool {
        let Some((rx, since)) = &self.opening else {
            return false;
        };
        let opened = match rx.try_recv() {
            Err(TryRecvError::Empty) => {
                let waiting = since.elapsed() >= crate::tui::worker::WAITING_AFTER;
                let changed = waiting && self.link != Link::Waiting;
                if waiting {
                    self.link = Link::Waiting;
                }
                return changed;
            }
            Ok(opened) => opened,
            Err(TryRecvError::Disconnected) => None,
        };
        self.opening = None;
        self.link = Link::Ready;
        match opened {
            Some(o) => self.attach(*o),
            None => self.quit = true,
        }
        true
    }

    fn attach(&mut self, o: Opened) {
        self.env.identity = o.identity;
        self.env.user = o.user;
        if let Some(desk) = o.desk {
            self.env.desk = desk;
        }
        if o.seed_hash.is_some() {
            self.replica_hash = o.seed_hash;
        }
        if let Some((directory, index)) = o.directory {
            index.prepare();
            self.env.directory = directory;
            self.env.index = index;
            self.search.forget_results();
        }
        self.attach_store(o.store);
        if let Some(m) = o.message {
            self.message = Some(m);
        }
        if self.want_worker {
            // Without it the updates read the store themselves, as before.
            let _ = self.start_worker();
        }
        for input in std::mem::take(&mut self.held) {
            match input {
                Held::Key(k) => self.on_key(k),
                Held::Paste(p) => self.on_paste(&p),
            }
        }
    }
}
