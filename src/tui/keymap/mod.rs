//! Keys to actions, per context: Event -> [`Keymap::action`] -> [`Action`].
//!
//! The default keymap (`keymaps/default.toml`) is compiled in. Site and user files are
//! overlays merged over it in order; every problem in them is a [`Diagnostic`], never a
//! panic, and the app runs on whatever could be used.
//!
//! Merge rules: an action listed in a context replaces that action's keys there, and
//! `action = []` unbinds it (not `quit` in `[global]`, which always keeps a key). Unusable
//! keys are skipped; if none of the listed keys is usable the action keeps its previous
//! keys. A key bound to two actions in one context goes to the later binding (later
//! file, then later line), with a diagnostic. Printable keys without Ctrl/Alt (including
//! Space and shifted letters) are refused in `[global]` and `[input]`: they would steal
//! typing in the input line.
//! Help and key hints are generated from the keymap in effect ([`Keymap::help`],
//! [`Keymap::hints`]), so they always tell the truth.
//!
//! File format, one table per context:
//! ```toml
//! [global]
//! quit = ["ctrl-q", "ctrl-c"]
//! [list]
//! move_down = ["down", "j"]
//! [input]
//! clear_input = ["ctrl-u"]
//! ```

mod diag;
mod help;
mod key;
mod load;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use ratatui::crossterm::event::KeyEvent;

use crate::tui::action::Action;

pub use diag::{Diagnostic, DiagnosticKind};
pub use key::{KeyParseError, KeySpec, parse_key};

/// The compiled-in default keymap.
pub const DEFAULT_TOML: &str = include_str!("../../../keymaps/default.toml");
/// The vim-style overlay shipped with the app.
pub const VIM_TOML: &str = include_str!("../../../keymaps/vim.toml");

/// Largest keymap overlay read (a keymap is a few hundred bytes).
pub const MAX_OVERLAY_BYTES: usize = 64 * 1024;

/// Label of the compiled-in default in diagnostics.
pub const DEFAULT_LABEL: &str = "keymaps/default.toml";

/// A keymap overlay shipped inside the binary, by name (`"vim"`): (label, text).
pub fn builtin_overlay(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "vim" => Some(("keymaps/vim.toml", VIM_TOML)),
        _ => None,
    }
}

/// Reads an overlay file; a read error becomes a diagnostic (line 0) for the caller to
/// show. Whether a missing optional file is worth reporting is the caller's choice.
pub fn read_overlay(path: &Path) -> Result<String, Diagnostic> {
    use std::io::Read;
    let unreadable = |message: String| Diagnostic {
        file: path.display().to_string(),
        line: 0,
        kind: DiagnosticKind::Unreadable { message },
    };
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_OVERLAY_BYTES as u64 {
        return Err(unreadable(format!(
            "too large ({size} bytes, limit {MAX_OVERLAY_BYTES})"
        )));
    }
    let mut text = String::new();
    crate::files::open_regular(path)
        .and_then(|f| f.take(MAX_OVERLAY_BYTES as u64 + 1).read_to_string(&mut text))
        .map(|_| text)
        .map_err(|e| Diagnostic {
            file: path.display().to_string(),
            line: 0,
            kind: DiagnosticKind::Unreadable {
                message: e.to_string(),
            },
        })
}

/// Where the keyboard focus is. Global bindings apply everywhere; a context's own
/// bindings are checked first and shadow global ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    /// A list (search results, cases) has focus.
    List,
    /// A text input (the query line, form fields) has focus.
    Input,
}

impl Context {
    pub const ALL: [Context; 3] = [Context::Global, Context::List, Context::Input];

    /// The table name in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Input => "input",
        }
    }

    pub fn from_name(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// One value per context: the keymap's tables, the bindings read so far.
#[derive(Clone, Debug, Default)]
struct ByContext<T> {
    global: T,
    list: T,
    input: T,
}

impl<T> ByContext<T> {
    fn get(&self, context: Context) -> &T {
        match context {
            Context::Global => &self.global,
            Context::List => &self.list,
            Context::Input => &self.input,
        }
    }

    fn get_mut(&mut self, context: Context) -> &mut T {
        match context {
            Context::Global => &mut self.global,
            Context::List => &mut self.list,
            Context::Input => &mut self.input,
        }
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The bindings of one context table.
#[derive(Clone, Debug, Default)]
struct Layer {
    /// Keys of each action, in file order (the first is the one hints show).
    keys: BTreeMap<Action, Vec<KeySpec>>,
    /// Reverse index; after merging, each key has at most one action.
    index: HashMap<KeySpec, Action>,
}

/// The keymap in effect.
#[derive(Clone, Debug)]
pub struct Keymap {
    layers: ByContext<Layer>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::default_map()
    }
}

impl Keymap {
    /// The compiled-in default. Never fails: a test proves it loads without diagnostics.
    pub fn default_map() -> Keymap {
        Keymap::load(&[]).0
    }

    /// The default with `overlays` (label, text) merged over it in order. Problems are
    /// returned as diagnostics, sorted by file and line; what could not be used is skipped.
    pub fn load(overlays: &[(&str, &str)]) -> (Keymap, Vec<Diagnostic>) {
        let mut builder = load::Builder::default();
        builder.apply(DEFAULT_LABEL, DEFAULT_TOML);
        let mut too_large = Vec::new();
        for (label, text) in overlays {
            // A keymap is a few hundred bytes; a huge file is a mistake, skipped whole.
            if text.len() > MAX_OVERLAY_BYTES {
                too_large.push(Diagnostic {
                    file: label.to_string(),
                    line: 0,
                    kind: DiagnosticKind::Unreadable {
                        message: format!("too large ({} bytes, limit {MAX_OVERLAY_BYTES})", text.len()),
                    },
                });
                continue;
            }
            builder.apply(label, text);
        }
        let (map, mut diags) = builder.finish();
        diags.extend(too_large);
        (map, diags)
    }

    fn layer(&self, context: Context) -> &Layer {
        self.layers.get(context)
    }

    /// The action of a key event in `context` (its own table, then `[global]`).
    /// Key releases give `None`.
    pub fn action(&self, context: Context, event: &KeyEvent) -> Option<Action> {
        KeySpec::from_event(event).and_then(|k| self.action_for_key(context, k))
    }

    /// The action of a key in `context` (its own table, then `[global]`).
    pub fn action_for_key(&self, context: Context, key: KeySpec) -> Option<Action> {
        self.layer(context)
            .index
            .get(&key)
            .or_else(|| self.layer(Context::Global).index.get(&key))
            .copied()
    }

    /// The keys that trigger `action` in `context`: the context's own keys first, then
    /// global keys that the context does not shadow. Empty when unbound.
    pub fn keys_for(&self, context: Context, action: Action) -> Vec<KeySpec> {
        let own = self.layer(context);
        let mut out: Vec<KeySpec> = own.keys.get(&action).cloned().unwrap_or_default();
        if context != Context::Global {
            let global = self.layer(Context::Global);
            for k in global.keys.get(&action).into_iter().flatten() {
                if !own.index.contains_key(k) && !out.contains(k) {
                    out.push(*k);
                }
            }
        }
        out
    }

    /// Labels of [`Keymap::keys_for`], e.g. `["Ctrl-Q", "Ctrl-C"]`.
    pub fn key_labels(&self, context: Context, action: Action) -> Vec<String> {
        self.keys_for(context, action)
            .iter()
            .map(KeySpec::label)
            .collect()
    }

    /// One context table as merged (without the global fallback), in action order.
    pub fn bindings(&self, context: Context) -> impl Iterator<Item = (Action, &[KeySpec])> {
        self.layer(context)
            .keys
            .iter()
            .filter(|(_, keys)| !keys.is_empty())
            .map(|(a, keys)| (*a, keys.as_slice()))
    }
}
