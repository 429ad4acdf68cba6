//! The city's desk vocabulary (seed/vocabulary.toml): everyday words and phrases residents
//! use, each tied to concerns of the intake check-list and/or programs. It is the city's own
//! wording, never the plan's: the search says so when a result came through it. Plain
//! data, no I/O.

use serde::{Deserialize, Serialize};

/// Whose wording an entry is. Only the city's: the plan's own words live in programs.toml,
/// sites.toml and the other files transcribed from the plan.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Wording {
    City,
}

/// One entry: words or phrases (any of them, as a resident says them) and what they point to.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VocabEntry {
    /// Words or phrases, kanji or kana; a phrase matches when its meaningful words all
    /// appear in the query (particles and endings aside): 年金が少ない, 学校を休む.
    pub words: Vec<String>,
    /// Concern ids (concerns.toml): the programs the referral rules give for them.
    #[serde(default)]
    pub concerns: Vec<String>,
    /// Program ids (programs.toml), when the word points at a program itself.
    #[serde(default)]
    pub programs: Vec<String>,
    /// Always `city`: the entry is the city's wording.
    pub wording: Wording,
    #[serde(default)]
    pub note: Option<String>,
}
