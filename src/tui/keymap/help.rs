//! Help screen rows and status-line hints, generated from the keymap in effect.

use std::collections::BTreeMap;

use super::{Context, KeySpec, Keymap};
use crate::i18n::Lang;
use crate::tui::action::{Action, HelpSection};

/// Separator between the keys of one action in help rows.
pub const KEY_SEPARATOR: &str = " / ";

impl Keymap {
    /// Every bound action grouped by [`Action::section`] (sections in their order,
    /// actions in [`Action::ALL`] order): (keys joined with " / ", description).
    /// An action's keys are those of `[global]`, then `[list]`, then `[input]`, without
    /// repeats. Unbound actions and empty sections are left out.
    pub fn help(&self, lang: Lang) -> Vec<(HelpSection, Vec<(String, &'static str)>)> {
        let mut sections: BTreeMap<HelpSection, Vec<(String, &'static str)>> = BTreeMap::new();
        for &action in Action::ALL {
            let mut keys: Vec<KeySpec> = Vec::new();
            for context in Context::ALL {
                for k in self.layer(context).keys.get(&action).into_iter().flatten() {
                    if !keys.contains(k) {
                        keys.push(*k);
                    }
                }
            }
            if keys.is_empty() {
                continue;
            }
            let labels: Vec<String> = keys.iter().map(KeySpec::label).collect();
            sections
                .entry(action.section())
                .or_default()
                .push((labels.join(KEY_SEPARATOR), action.description(lang)));
        }
        sections.into_iter().collect()
    }

    /// Status-line hints for `actions` in `context`: (first key, description) of each
    /// action that has a key there, in the order given; unbound actions are skipped.
    pub fn hints(&self, context: Context, actions: &[Action], lang: Lang) -> Vec<(String, &'static str)> {
        actions
            .iter()
            .filter_map(|&action| {
                let first = self.keys_for(context, action).into_iter().next()?;
                Some((first.label(), action.description(lang)))
            })
            .collect()
    }
}
