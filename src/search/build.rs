//! Building the search index from a directory: each distinct text normalized once, the
//! fields of every entry laid out by weight, with their character and pair bit sets.

use super::EntryKind;
use super::normalize::normalize;
use super::rank::{CharSet, Entry, Field, Index, Span, char_bits, gram_set};
use crate::domain::{Directory, Program, Section, Site};
use std::collections::HashMap;

/// A text as the index keeps it, worked out once per distinct text.
struct Prepared {
    norm: String,
    /// Where the text is in [`Index::text`], and its number, once a field has put it there.
    at: Option<(u32, u32, u32)>,
    char_bits: u64,
    grams: [u64; 8],
    chars: CharSet,
}

impl Prepared {
    fn new(raw: &str) -> Prepared {
        let norm = normalize(raw);
        let grams = gram_set(&norm);
        Prepared {
            at: None,
            char_bits: char_bits(&norm),
            chars: CharSet::of(&norm),
            grams,
            norm,
        }
    }
}

/// FxHash (rustc's): the maps below hash many short keys, where SipHash costs more than
/// the rest of the work, and their keys come from the seed, not from an adversary.
#[derive(Default)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (w, &b) in word.iter_mut().zip(chunk) {
                *w = b;
            }
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// The index's tables as they are built.
#[derive(Default)]
struct Tables {
    entries: Vec<Entry>,
    grams: Vec<[u64; 8]>,
    spans: Vec<Span>,
    span_chars: Vec<u64>,
    text: String,
    texts: u32,
}

/// Builds the index, preparing each distinct text once (the names of programs, sections
/// and sites recur in many entries).
struct Builder<'a> {
    index: Tables,
    prepared: FxMap<&'a str, Prepared>,
    fields: Vec<(Field, &'a str)>,
}

impl<'a> Builder<'a> {
    fn push(&mut self, field: Field, raw: &'a str) {
        self.fields.push((field, raw));
    }

    fn finish(&mut self, kind: EntryKind, idx: usize) {
        let ix = &mut self.index;
        let first = ix.spans.len() as u32;
        let mut grams = [0u64; 8];
        let mut fuzzy_chars = CharSet::default();
        self.fields.sort_by_key(|(field, _)| field.rank());
        for (field, raw) in self.fields.drain(..) {
            let p = self.prepared.entry(raw).or_insert_with(|| Prepared::new(raw));
            // Each distinct text is kept once, however many fields hold it.
            let (start, end, text) = *p.at.get_or_insert_with(|| {
                let start = ix.text.len() as u32;
                ix.text.push_str(&p.norm);
                let end = ix.text.len() as u32;
                ix.text.push('\n');
                ix.texts += 1;
                (start, end, ix.texts - 1)
            });
            ix.spans.push(Span::new(field, start, end, text));
            ix.span_chars.push(p.char_bits);
            for (g, b) in grams.iter_mut().zip(&p.grams) {
                *g |= b;
            }
            if field.fuzzy() {
                for (c, b) in fuzzy_chars.0.iter_mut().zip(&p.chars.0) {
                    *c |= b;
                }
            }
        }
        ix.grams.push(grams);
        let end = ix.spans.len() as u32;
        ix.entries.push(Entry::new(kind, idx, first, end, fuzzy_chars));
    }
}

impl Index {
    pub fn build(dir: &Directory) -> Index {
        // Lookups by id, each keeping the first entry of an id as Directory's finders do,
        // and the derived lists in directory order.
        let mut section_by_id: FxMap<&str, &Section> = FxMap::default();
        for s in &dir.sections {
            section_by_id.entry(s.id.as_str()).or_insert(s);
        }
        let mut program_by_id: FxMap<&str, &Program> = FxMap::default();
        for p in &dir.programs {
            program_by_id.entry(p.id.as_str()).or_insert(p);
        }
        let mut sites_of_program: FxMap<&str, Vec<&Site>> = FxMap::default();
        for s in &dir.sites {
            let mut seen: Vec<&str> = Vec::new();
            for p in &s.programs {
                if !seen.contains(&p.as_str()) {
                    seen.push(p);
                    sites_of_program.entry(p.as_str()).or_default().push(s);
                }
            }
        }
        let mut programs_of_section: FxMap<&str, Vec<&Program>> = FxMap::default();
        for p in &dir.programs {
            let mut seen: Vec<&str> = Vec::new();
            for s in &p.sections {
                if !seen.contains(&s.as_str()) {
                    seen.push(s);
                    programs_of_section.entry(s.as_str()).or_default().push(p);
                }
            }
        }
        fn section_names<'a>(ids: &[String], by_id: &FxMap<&str, &'a Section>, b: &mut Builder<'a>) {
            for id in ids {
                if let Some(s) = by_id.get(id.as_str()) {
                    b.push(Field::Section, &s.name);
                    b.push(Field::Section, &s.reading);
                }
            }
        }
        let n = dir.programs.len() + dir.sites.len() + dir.sections.len() + dir.meetings.len();
        let mut b = Builder {
            index: Tables {
                entries: Vec::with_capacity(n),
                grams: Vec::with_capacity(n),
                ..Tables::default()
            },
            prepared: FxMap::default(),
            fields: Vec::new(),
        };
        for (idx, p) in dir.programs.iter().enumerate() {
            b.push(Field::Name, &p.service);
            b.push(Field::Name, &p.service_reading);
            b.push(Field::Name, &p.name);
            b.push(Field::Name, &p.reading);
            for k in &p.keywords {
                b.push(Field::Keyword, k);
            }
            section_names(&p.sections, &section_by_id, &mut b);
            section_names(&p.related_sections, &section_by_id, &mut b);
            for s in sites_of_program.get(p.id.as_str()).into_iter().flatten() {
                b.push(Field::Related, &s.name);
                b.push(Field::Related, &s.reading);
            }
            if let Some(t) = &p.target {
                b.push(Field::Target, t);
            }
            for t in [&p.duties, &p.sites_summary, &p.mode, &p.area]
                .into_iter()
                .flatten()
            {
                b.push(Field::Text, t);
            }
            b.finish(EntryKind::Program, idx);
        }
        for (idx, s) in dir.sites.iter().enumerate() {
            b.push(Field::Name, &s.name);
            b.push(Field::Name, &s.reading);
            for k in &s.keywords {
                b.push(Field::Keyword, k);
            }
            for p in s.programs.iter().filter_map(|id| program_by_id.get(id.as_str())) {
                b.push(Field::Related, &p.service);
                b.push(Field::Related, &p.name);
                section_names(&p.sections, &section_by_id, &mut b);
            }
            for t in [&s.location, &s.area, &s.school, &s.note].into_iter().flatten() {
                b.push(Field::Text, t);
            }
            for r in &s.roles {
                b.push(Field::Text, r);
            }
            b.finish(EntryKind::Site, idx);
        }
        for (idx, s) in dir.sections.iter().enumerate() {
            b.push(Field::Name, &s.name);
            b.push(Field::Name, &s.reading);
            for k in &s.keywords {
                b.push(Field::Keyword, k);
            }
            if let Some(n) = &s.note {
                b.push(Field::Text, n);
            }
            for p in programs_of_section.get(s.id.as_str()).into_iter().flatten() {
                b.push(Field::Related, &p.service);
                b.push(Field::Related, &p.name);
            }
            b.finish(EntryKind::Section, idx);
        }
        for (idx, m) in dir.meetings.iter().enumerate() {
            b.push(Field::Name, &m.name);
            b.push(Field::Name, &m.reading);
            for k in m.keywords.iter().chain(&m.legal_basis) {
                b.push(Field::Keyword, k);
            }
            b.push(Field::Text, &m.purpose);
            b.push(Field::Text, &m.members);
            for r in &m.roles {
                b.push(Field::Text, r);
            }
            b.finish(EntryKind::Meeting, idx);
        }
        let mut t = b.index;
        t.text.shrink_to_fit();
        t.spans.shrink_to_fit();
        t.span_chars.shrink_to_fit();
        Index {
            entries: t.entries.into(),
            grams: t.grams.into(),
            spans: t.spans.into(),
            span_chars: t.span_chars.into(),
            text: t.text.into(),
            texts: t.texts,
            lexicon: super::lexicon::Lexicon::build(dir),
            recent: Default::default(),
        }
    }
}
