//! Where each program, site and section of a directory is, by id: the finders
//! ([`Directory::program`], and the others) answer from it instead of scanning the lists (a 検索
//! redraw looked ids up a few hundred times, each a scan of up to 8,000 sites).
//!
//! Derived on first use and never saved or compared. An answer is checked against the
//! list it points into, and an id it does not know, or a position whose record has
//! another id, is looked for by the scan as before: a directory changed after the
//! positions were worked out (only tests and the synthetic city build one piecemeal)
//! still gets the scan's answer.

use super::Directory;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Positions by id, the first of each id (as a scan finds it).
#[derive(Default)]
pub struct IdIndex(OnceLock<Positions>);

struct Positions {
    programs: HashMap<String, usize>,
    sites: HashMap<String, usize>,
    sections: HashMap<String, usize>,
}

fn first_of<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut at = HashMap::new();
    for (i, id) in ids.enumerate() {
        at.entry(id.to_string()).or_insert(i);
    }
    at
}

/// Which list an id is looked up in.
#[derive(Clone, Copy)]
pub(super) enum List {
    Programs,
    Sites,
    Sections,
}

impl IdIndex {
    /// The position of `id` in `list`, if known (the caller checks the record's id).
    pub(super) fn position(&self, dir: &Directory, list: List, id: &str) -> Option<usize> {
        let p = self.0.get_or_init(|| Positions {
            programs: first_of(dir.programs.iter().map(|p| p.id.as_str())),
            sites: first_of(dir.sites.iter().map(|s| s.id.as_str())),
            sections: first_of(dir.sections.iter().map(|s| s.id.as_str())),
        });
        let map = match list {
            List::Programs => &p.programs,
            List::Sites => &p.sites,
            List::Sections => &p.sections,
        };
        map.get(id).copied()
    }
}

/// A copy works its positions out again (from its own lists).
impl Clone for IdIndex {
    fn clone(&self) -> IdIndex {
        IdIndex::default()
    }
}

/// Derived data: two directories with the same lists are equal whatever each has
/// worked out.
impl PartialEq for IdIndex {
    fn eq(&self, _: &IdIndex) -> bool {
        true
    }
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdIndex")
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Program, Site};

    #[test]
    fn finders_answer_as_the_scan_even_after_a_change() {
        let mut dir = crate::seed::load_embedded().unwrap().directory;
        for p in &dir.programs {
            assert_eq!(dir.program(&p.id).map(|x| &x.id), Some(&p.id));
        }
        for s in &dir.sites {
            assert_eq!(dir.site(&s.id).map(|x| &x.id), Some(&s.id));
        }
        for s in &dir.sections {
            assert_eq!(dir.section(&s.id).map(|x| &x.id), Some(&s.id));
        }
        assert!(dir.program("no-such-program").is_none());
        // Changed after the positions were worked out: still the scan's answers.
        let first: Program = dir.programs[0].clone();
        dir.programs.remove(0);
        dir.programs.push(first.clone());
        assert_eq!(dir.program(&first.id).map(|p| &p.name), Some(&first.name));
        let moved = dir.programs[0].id.clone();
        assert_eq!(dir.program(&moved).map(|p| &p.id), Some(&moved));
        let mut extra: Site = dir.sites[0].clone();
        extra.id = "new-site".into();
        dir.sites.push(extra);
        assert!(dir.site("new-site").is_some());
        // A copy and the original are equal.
        assert_eq!(dir.clone(), dir);
    }
}
