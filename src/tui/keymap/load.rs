//! Reading keymap files and merging them, in order, over the compiled-in default.
//!
//! Merge rules:
//! - an action listed in a context replaces that action's keys in that context;
//!   `action = []` unbinds it (except `quit` in `[global]`, which must keep a key);
//! - keys that cannot be used (unknown, or typing text outside `[list]`) are skipped;
//!   if none of the listed keys is usable the action keeps its previous keys, so a typo
//!   never leaves an action unreachable;
//! - after all files, a key bound to two actions in one context goes to the later
//!   binding (file order, then line order), with a diagnostic; the exception is the last
//!   `[global]` key of `quit`, which quit keeps.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diag::{Diagnostic, DiagnosticKind};
use super::key::{KeySpec, parse_key};
use super::{ByContext, Context, Keymap, Layer};
use crate::seed::problem::line_of;
use crate::tui::action::Action;

/// One key as bound by a file: where it came from and when (for "later wins").
#[derive(Clone, Copy, Debug)]
struct Bound {
    key: KeySpec,
    seq: usize,
    file: usize,
    line: usize,
}

/// The merge in progress.
#[derive(Default)]
pub(super) struct Builder {
    layers: ByContext<BTreeMap<Action, Vec<Bound>>>,
    seq: usize,
    labels: Vec<String>,
    /// (file index, diagnostic), sorted by file then line at the end.
    diags: Vec<(usize, Diagnostic)>,
}

/// The entries of a table in source order (the toml map itself is sorted by name).
fn in_source_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(&'a Spanned<std::borrow::Cow<'i, str>>, &'a Spanned<DeValue<'i>>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// The strings of an array of strings with their spans; `None` for anything else.
fn string_items<'a>(value: &'a DeValue<'_>) -> Option<Vec<(&'a str, Range<usize>)>> {
    let DeValue::Array(items) = value else {
        return None;
    };
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(s) => Some((s.as_ref(), item.span())),
            _ => None,
        })
        .collect()
}

impl Builder {
    fn report(&mut self, file: usize, line: usize, kind: DiagnosticKind) {
        let label = self.labels.get(file).cloned().unwrap_or_default();
        self.diags.push((
            file,
            Diagnostic {
                file: label,
                line,
                kind,
            },
        ));
    }

    /// Merges one file over what is there. A syntax error skips the whole file.
    pub(super) fn apply(&mut self, label: &str, text: &str) {
        let file = self.labels.len();
        self.labels.push(label.to_string());
        let root = match DeTable::parse(text) {
            Ok(root) => root,
            Err(err) => {
                let line = err.span().map_or(0, |s| line_of(text, s.start));
                let message = err.message().trim().to_string();
                self.report(file, line, DiagnosticKind::Syntax { message });
                return;
            }
        };
        for (key, value) in in_source_order(root.get_ref()) {
            let name: &str = key.get_ref();
            let line = line_of(text, key.span().start);
            match (Context::from_name(name), value.get_ref()) {
                (Some(ctx), DeValue::Table(table)) => self.apply_context(file, text, ctx, table),
                (Some(context), _) => {
                    self.report(file, line, DiagnosticKind::ContextNotTable { context });
                }
                (None, _) if Action::from_name(name).is_some() && !value.get_ref().is_table() => {
                    let name = name.to_string();
                    self.report(file, line, DiagnosticKind::OutsideSection { name });
                }
                (None, _) => {
                    let name = name.to_string();
                    self.report(file, line, DiagnosticKind::UnknownContext { name });
                }
            }
        }
    }

    fn apply_context(&mut self, file: usize, text: &str, context: Context, table: &DeTable<'_>) {
        for (key, value) in in_source_order(table) {
            let name: &str = key.get_ref();
            let key_line = line_of(text, key.span().start);
            let Some(action) = Action::from_name(name) else {
                let name = name.to_string();
                self.report(file, key_line, DiagnosticKind::UnknownAction { context, name });
                continue;
            };
            let Some(items) = string_items(value.get_ref()) else {
                let line = line_of(text, value.span().start);
                self.report(file, line, DiagnosticKind::NotStringArray { context, action });
                continue;
            };
            if items.is_empty() {
                if context == Context::Global && action == Action::Quit {
                    self.report(file, key_line, DiagnosticKind::QuitUnbound);
                } else {
                    self.layers.get_mut(context).insert(action, Vec::new());
                }
                continue;
            }
            let mut bound: Vec<Bound> = Vec::new();
            for (s, span) in items {
                let line = line_of(text, span.start);
                match parse_key(s) {
                    Err(error) => {
                        let kind = DiagnosticKind::InvalidKey {
                            context,
                            action,
                            error,
                        };
                        self.report(file, line, kind);
                    }
                    Ok(spec) if context != Context::List && spec.types_text() => {
                        let kind = DiagnosticKind::SwallowsText {
                            context,
                            action,
                            key: spec.label(),
                        };
                        self.report(file, line, kind);
                    }
                    Ok(spec) if bound.iter().any(|b| b.key == spec) => {}
                    Ok(spec) => {
                        self.seq += 1;
                        bound.push(Bound {
                            key: spec,
                            seq: self.seq,
                            file,
                            line,
                        });
                    }
                }
            }
            if !bound.is_empty() {
                self.layers.get_mut(context).insert(action, bound);
            }
        }
    }

    /// Resolves duplicates and builds the keymap.
    pub(super) fn finish(mut self) -> (Keymap, Vec<Diagnostic>) {
        let mut layers: ByContext<Layer> = ByContext::default();
        for context in Context::ALL {
            *layers.get_mut(context) = self.resolve(context);
        }
        let mut diags = std::mem::take(&mut self.diags);
        diags.sort_by_key(|(file, d)| (*file, d.line));
        let diags = diags.into_iter().map(|(_, d)| d).collect();
        (Keymap { layers }, diags)
    }

    fn resolve(&mut self, context: Context) -> Layer {
        let bindings = std::mem::take(self.layers.get_mut(context));
        let mut all: Vec<(Action, Bound)> = bindings
            .iter()
            .flat_map(|(action, bound)| bound.iter().map(|b| (*action, *b)))
            .collect();
        all.sort_by_key(|(_, b)| b.seq);
        // key -> (action, binding) that holds it; later bindings take keys over.
        let mut owner: HashMap<KeySpec, (Action, Bound)> = HashMap::new();
        let mut dups: Vec<(KeySpec, usize, Diagnostic)> = Vec::new();
        for (action, b) in all {
            if let Some((prev, _)) = owner.insert(b.key, (action, b)) {
                let kind = DiagnosticKind::Duplicate {
                    context,
                    key: b.key.label(),
                    kept: action,
                    dropped: prev,
                };
                let file = self.labels.get(b.file).cloned().unwrap_or_default();
                let d = Diagnostic {
                    file,
                    line: b.line,
                    kind,
                };
                dups.push((b.key, b.file, d));
            }
        }
        if context == Context::Global {
            self.keep_quit(&bindings, &mut owner, &mut dups);
        }
        self.diags.extend(dups.into_iter().map(|(_, file, d)| (file, d)));
        let mut layer = Layer::default();
        for (action, bound) in &bindings {
            let keys: Vec<KeySpec> = bound
                .iter()
                .filter(|b| owner.get(&b.key).is_some_and(|(_, o)| o.seq == b.seq))
                .map(|b| b.key)
                .collect();
            for k in &keys {
                layer.index.insert(*k, *action);
            }
            layer.keys.insert(*action, keys);
        }
        layer
    }

    /// If later bindings took every `[global]` key of quit, quit keeps its first one.
    fn keep_quit(
        &mut self,
        bindings: &BTreeMap<Action, Vec<Bound>>,
        owner: &mut HashMap<KeySpec, (Action, Bound)>,
        dups: &mut Vec<(KeySpec, usize, Diagnostic)>,
    ) {
        let Some(quit) = bindings.get(&Action::Quit) else {
            return;
        };
        let still_has_key = quit
            .iter()
            .any(|b| owner.get(&b.key).is_some_and(|(a, _)| *a == Action::Quit));
        let Some(first) = quit.first() else {
            return;
        };
        if still_has_key {
            return;
        }
        let Some((thief, at)) = owner.insert(first.key, (Action::Quit, *first)) else {
            return;
        };
        dups.retain(|(k, _, _)| *k != first.key);
        let kind = DiagnosticKind::QuitKept {
            key: first.key.label(),
            dropped: thief,
        };
        let file = self.labels.get(at.file).cloned().unwrap_or_default();
        let d = Diagnostic {
            file,
            line: at.line,
            kind,
        };
        dups.push((first.key, at.file, d));
    }
}
