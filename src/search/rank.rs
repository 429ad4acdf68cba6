//! The search index: every entry's fields normalized once, scored per query term.

use super::EntryKind;
use super::normalize::{normalize, terms, variants};
use crate::domain::Directory;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// How much a match in a field counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    /// Name, service name and their readings.
    Name,
    Keyword,
    Section,
    /// Names of related entries (a program's sites, a site's programs).
    Related,
    Target,
    /// Duties, location, area, notes.
    Text,
}

impl Field {
    /// (exact, prefix, contains) scores.
    fn weights(self) -> (i64, i64, i64) {
        match self {
            Field::Name => (1000, 800, 500),
            Field::Keyword => (700, 560, 350),
            Field::Section => (420, 380, 300),
            Field::Related => (300, 260, 200),
            Field::Target => (260, 250, 240),
            Field::Text => (130, 125, 120),
        }
    }
    fn fuzzy(self) -> bool {
        matches!(self, Field::Name | Field::Keyword)
    }
}

struct Indexed {
    kind: EntryKind,
    idx: usize,
    fields: Vec<(Field, String)>,
}

/// A ranked result: which entry (index into the directory's list of its kind) and score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub kind: EntryKind,
    pub idx: usize,
    pub score: i64,
}

pub struct Index {
    entries: Vec<Indexed>,
    matcher: SkimMatcherV2,
}

/// Highest fuzzy score kept below every substring match.
const FUZZY_CAP: i64 = 100;

impl Index {
    pub fn build(dir: &Directory) -> Index {
        let mut entries = Vec::new();
        let section_names = |ids: &[String], f: &mut Vec<(Field, String)>| {
            for id in ids {
                if let Some(s) = dir.section(id) {
                    f.push((Field::Section, normalize(&s.name)));
                    f.push((Field::Section, normalize(&s.reading)));
                }
            }
        };
        for (idx, p) in dir.programs.iter().enumerate() {
            let mut f = vec![
                (Field::Name, normalize(&p.service)),
                (Field::Name, normalize(&p.service_reading)),
                (Field::Name, normalize(&p.name)),
                (Field::Name, normalize(&p.reading)),
            ];
            f.extend(p.keywords.iter().map(|k| (Field::Keyword, normalize(k))));
            section_names(&p.sections, &mut f);
            section_names(&p.related_sections, &mut f);
            for s in dir.sites_of_program(&p.id) {
                f.push((Field::Related, normalize(&s.name)));
                f.push((Field::Related, normalize(&s.reading)));
            }
            if let Some(t) = &p.target {
                f.push((Field::Target, normalize(t)));
            }
            for t in [&p.duties, &p.sites_summary, &p.mode, &p.area]
                .into_iter()
                .flatten()
            {
                f.push((Field::Text, normalize(t)));
            }
            entries.push(Indexed {
                kind: EntryKind::Program,
                idx,
                fields: f,
            });
        }
        for (idx, s) in dir.sites.iter().enumerate() {
            let mut f = vec![
                (Field::Name, normalize(&s.name)),
                (Field::Name, normalize(&s.reading)),
            ];
            f.extend(s.keywords.iter().map(|k| (Field::Keyword, normalize(k))));
            for p in s.programs.iter().filter_map(|id| dir.program(id)) {
                f.push((Field::Related, normalize(&p.service)));
                f.push((Field::Related, normalize(&p.name)));
                section_names(&p.sections, &mut f);
            }
            for t in [&s.location, &s.area, &s.school, &s.note].into_iter().flatten() {
                f.push((Field::Text, normalize(t)));
            }
            f.extend(s.roles.iter().map(|r| (Field::Text, normalize(r))));
            entries.push(Indexed {
                kind: EntryKind::Site,
                idx,
                fields: f,
            });
        }
        for (idx, s) in dir.sections.iter().enumerate() {
            let mut f = vec![
                (Field::Name, normalize(&s.name)),
                (Field::Name, normalize(&s.reading)),
            ];
            f.extend(s.keywords.iter().map(|k| (Field::Keyword, normalize(k))));
            if let Some(n) = &s.note {
                f.push((Field::Text, normalize(n)));
            }
            for p in dir.programs_of_section(&s.id) {
                f.push((Field::Related, normalize(&p.service)));
                f.push((Field::Related, normalize(&p.name)));
            }
            entries.push(Indexed {
                kind: EntryKind::Section,
                idx,
                fields: f,
            });
        }
        for (idx, m) in dir.meetings.iter().enumerate() {
            let mut f = vec![
                (Field::Name, normalize(&m.name)),
                (Field::Name, normalize(&m.reading)),
            ];
            f.extend(m.keywords.iter().map(|k| (Field::Keyword, normalize(k))));
            f.extend(m.legal_basis.iter().map(|k| (Field::Keyword, normalize(k))));
            f.push((Field::Text, normalize(&m.purpose)));
            f.push((Field::Text, normalize(&m.members)));
            f.extend(m.roles.iter().map(|r| (Field::Text, normalize(r))));
            entries.push(Indexed {
                kind: EntryKind::Meeting,
                idx,
                fields: f,
            });
        }
        Index {
            entries,
            matcher: SkimMatcherV2::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Ranked hits for a query; every word must match. An empty query gives nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let terms: Vec<Vec<String>> = terms(query).iter().map(|t| variants(t)).collect();
        if terms.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = self
            .entries
            .iter()
            .filter_map(|e| {
                let mut total = 0;
                for t in &terms {
                    total += self.term_score(e, t)?;
                }
                Some(Hit {
                    kind: e.kind,
                    idx: e.idx,
                    score: total + kind_bias(e.kind),
                })
            })
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then(a.kind.cmp(&b.kind))
                .then(a.idx.cmp(&b.idx))
        });
        hits.truncate(limit);
        hits
    }

    /// Best score of one term (in any of its forms) over the entry's fields, with a small
    /// bonus for each further field it appears in; None when it matches nowhere.
    fn term_score(&self, e: &Indexed, forms: &[String]) -> Option<i64> {
        let mut best = 0;
        let mut fields_hit = 0;
        for (field, text) in &e.fields {
            let (exact, prefix, contains) = field.weights();
            let s = forms
                .iter()
                .filter(|v| !v.is_empty())
                .map(|v| {
                    if text == v {
                        exact
                    } else if text.starts_with(v.as_str()) {
                        prefix
                    } else if text.contains(v.as_str()) {
                        contains
                    } else {
                        0
                    }
                })
                .max()
                .unwrap_or(0);
            if s > 0 {
                fields_hit += 1;
                best = best.max(s);
            }
        }
        if best > 0 {
            return Some(best + (fields_hit - 1).min(5) * 4);
        }
        // Fuzzy only on names and keywords, and only for terms of two or more characters.
        let mut fuzzy = 0;
        for (field, text) in e.fields.iter().filter(|(f, _)| f.fuzzy()) {
            for v in forms.iter().filter(|v| v.chars().count() >= 2) {
                if let Some(s) = self.matcher.fuzzy_match(text, v) {
                    let weight = if *field == Field::Name { 1 } else { 2 };
                    fuzzy = fuzzy.max(s / weight);
                }
            }
        }
        (fuzzy > 0).then_some(fuzzy.min(FUZZY_CAP))
    }
}

fn kind_bias(kind: EntryKind) -> i64 {
    match kind {
        EntryKind::Program => 30,
        EntryKind::Section | EntryKind::Meeting => 10,
        EntryKind::Site => 0,
    }
}
