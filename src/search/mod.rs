//! Directory search: one normalizer for query and text; a query understood as the desk
//! types it (phrases cut into words, the city's vocabulary, places, slips repaired);
//! ranked exact/prefix, then keyword, vocabulary, then fuzzy and repaired hits, weighted
//! by field. Several words are ANDed, or ranked by how many match when none has them all.

mod build;
mod fold;
mod lexicon;
mod matching;
pub mod normalize;
mod packed;
mod postings;
mod query;
mod rank;
mod score;
mod segment;
pub mod snapshot;
mod table;
mod top;
mod typo;

pub use rank::{Hit, Index};
pub use score::{Found, How, Why, reasons};
pub use snapshot::Snapshot;

/// Queries for tests that compare two ways of answering: kana, romaji, kanji, full-width
/// letters, two words, and one that finds nothing.
#[cfg(test)]
const SAMPLE_QUERIES: &[&str] = &[
    "ひきこもり",
    "hikikomori",
    "地域包括",
    "かいご",
    "ＤＶ",
    "子ども 相談",
    "zzzz",
];

use crate::domain::Directory;
use serde::Serialize;

/// Ranked results with why each matched, as the desk and `find` show them.
pub fn explained(index: &Index, dir: &Directory, query: &str, limit: usize) -> Vec<HitInfo> {
    let found = index.query(query, limit);
    found
        .hits
        .iter()
        .enumerate()
        .map(|(n, h)| HitInfo {
            matched: index.why(&found, h),
            partial: n >= found.partial_from,
            ..describe(dir, h)
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Program,
    Site,
    Section,
    Meeting,
}

impl EntryKind {
    /// Every kind, in the order of their discriminants (`kind as u8`).
    pub const ALL: [EntryKind; 4] = [
        EntryKind::Program,
        EntryKind::Site,
        EntryKind::Section,
        EntryKind::Meeting,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Program => "program",
            EntryKind::Site => "site",
            EntryKind::Section => "section",
            EntryKind::Meeting => "meeting",
        }
    }
}

/// What a result row and `find --json` show of a hit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HitInfo {
    pub id: String,
    pub kind: EntryKind,
    /// The service name (the plan's "service" line) for a program; the entry's name otherwise.
    pub name: String,
    /// The program (the plan's heading) a program or site belongs to; the meeting's program.
    pub program: Option<String>,
    pub sections: Vec<String>,
    pub score: i64,
    /// Why it matched, word by word (empty when not asked).
    pub matched: Vec<Why>,
    /// No entry matched every word of the query: this one matches some (一部の語で一致).
    pub partial: bool,
}

/// Resolve a hit into the names a person reads.
pub fn describe(dir: &Directory, hit: &Hit) -> HitInfo {
    let names = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| dir.section(id).map(|s| s.name.clone()))
            .collect()
    };
    // A hit's index comes from an index built on this directory; one that is not in it
    // (a directory changed under the index) shows as an empty row, never a panic.
    let (id, name, program, sections) = match hit.kind {
        EntryKind::Program => dir.programs.get(hit.idx).map(|p| {
            (
                p.id.clone(),
                p.service.clone(),
                Some(p.name.clone()),
                names(&p.sections),
            )
        }),
        EntryKind::Site => dir.sites.get(hit.idx).map(|s| {
            let program = s
                .programs
                .iter()
                .find_map(|id| dir.program(id))
                .map(|p| p.name.clone());
            // The site's own sections where the seed gives them, each once.
            let sections = dir.site_sections(s).iter().map(|x| x.name.clone()).collect();
            (s.id.clone(), s.name.clone(), program, sections)
        }),
        EntryKind::Section => dir
            .sections
            .get(hit.idx)
            .map(|s| (s.id.clone(), s.name.clone(), None, vec![s.name.clone()])),
        EntryKind::Meeting => dir.meetings.get(hit.idx).map(|m| {
            let p = dir.program(&m.program);
            (
                m.id.clone(),
                m.name.clone(),
                p.map(|p| p.name.clone()),
                p.map(|p| names(&p.sections)).unwrap_or_default(),
            )
        }),
    }
    .unwrap_or_default();
    HitInfo {
        id,
        kind: hit.kind,
        name,
        program,
        sections,
        score: hit.score,
        matched: Vec::new(),
        partial: false,
    }
}
