//! Directory search: one normalizer for query and text, ranked exact/prefix, then keyword,
//! then fuzzy hits, weighted by field. Several words are ANDed.

mod build;
pub mod normalize;
mod packed;
mod rank;
pub mod snapshot;

pub use rank::{Hit, Index};
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
}

/// Resolve a hit into the names a person reads.
pub fn describe(dir: &Directory, hit: &Hit) -> HitInfo {
    let names = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| dir.section(id).map(|s| s.name.clone()))
            .collect()
    };
    let (id, name, program, sections) = match hit.kind {
        EntryKind::Program => {
            let p = &dir.programs[hit.idx];
            (
                p.id.clone(),
                p.service.clone(),
                Some(p.name.clone()),
                names(&p.sections),
            )
        }
        EntryKind::Site => {
            let s = &dir.sites[hit.idx];
            let program = s
                .programs
                .iter()
                .find_map(|id| dir.program(id))
                .map(|p| p.name.clone());
            // The site's own sections where the seed gives them, each once.
            let sections = dir.site_sections(s).iter().map(|x| x.name.clone()).collect();
            (s.id.clone(), s.name.clone(), program, sections)
        }
        EntryKind::Section => {
            let s = &dir.sections[hit.idx];
            (s.id.clone(), s.name.clone(), None, vec![s.name.clone()])
        }
        EntryKind::Meeting => {
            let m = &dir.meetings[hit.idx];
            let p = dir.program(&m.program);
            (
                m.id.clone(),
                m.name.clone(),
                p.map(|p| p.name.clone()),
                p.map(|p| names(&p.sections)).unwrap_or_default(),
            )
        }
    };
    HitInfo {
        id,
        kind: hit.kind,
        name,
        program,
        sections,
        score: hit.score,
    }
}
