//! The search index: every entry's fields normalized once, scored per query term.
//!
//! Scoring (what a query finds and in which order) is plain: a term's score in an entry is
//! the best of exact / prefix / contains over its fields, weighted by field, plus a small
//! bonus per further field it appears in; a term no field contains may still match names
//! and keywords fuzzily, below every substring match. Everything else here is about
//! doing that in a few milliseconds per keystroke over ten thousand entries:
//! - each distinct text is normalized once and kept once in one string (the names of
//!   sections and programs recur in thousands of entries); each entry's fields are
//!   ordered by weight, so a scan can stop once nothing further on can raise the score;
//! - each entry has a 512-bit set of the characters and adjacent pairs of characters in
//!   its fields, and each field a 64-bit set of its characters: an entry or a field that
//!   lacks one is passed over without reading its text;
//! - the fuzzy matcher runs only for entries that could still make the list.

use super::EntryKind;
use super::lexicon::Lexicon;
use super::matching::RecentMemos;
use super::table::{Table, Text};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// How much a match in a field counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
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
    pub(super) fn weights(self) -> (i64, i64, i64) {
        match self {
            Field::Name => (1000, 800, 500),
            Field::Keyword => (700, 560, 350),
            Field::Section => (420, 380, 300),
            Field::Related => (300, 260, 200),
            Field::Target => (260, 250, 240),
            Field::Text => (130, 125, 120),
        }
    }
    pub(super) fn fuzzy(self) -> bool {
        matches!(self, Field::Name | Field::Keyword)
    }
    /// The field of a [`Field::rank`].
    pub(super) fn of_rank(rank: u8) -> Option<Field> {
        [
            Field::Name,
            Field::Keyword,
            Field::Section,
            Field::Related,
            Field::Target,
            Field::Text,
        ]
        .get(usize::from(rank))
        .copied()
    }
    /// Fields are laid out by their best (exact) score, highest first.
    pub(super) fn rank(self) -> u8 {
        match self {
            Field::Name => 0,
            Field::Keyword => 1,
            Field::Section => 2,
            Field::Related => 3,
            Field::Target => 4,
            Field::Text => 5,
        }
    }
}

/// Each field a term appears in beyond the first adds this much, up to `MAX_MORE_FIELDS`.
pub(super) const MORE_FIELD_BONUS: i64 = 4;
pub(super) const MAX_MORE_FIELDS: usize = 5;

/// Highest fuzzy score kept below every substring match.
pub(super) const FUZZY_CAP: i64 = 100;

/// A ranked result: which entry (index into the directory's list of its kind) and score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub kind: EntryKind,
    pub idx: usize,
    pub score: i64,
}

/// One entry: what it is and where its fields are in [`Index::spans`]. A plain record
/// (see [`super::table`]): its kind and field numbers are checked when a snapshot is read.
#[repr(C)]
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
pub(super) struct Entry {
    /// Characters of the fields fuzzy matching looks at (names and keywords).
    pub(super) fuzzy_chars: CharSet,
    /// Index into the directory's list of its kind.
    pub(super) idx: u32,
    /// Range in `spans` and `span_chars`.
    pub(super) first: u32,
    pub(super) end: u32,
    /// `EntryKind as u32`.
    kind: u32,
}

impl Entry {
    pub(super) fn new(kind: EntryKind, idx: usize, first: u32, end: u32, fuzzy_chars: CharSet) -> Entry {
        Entry {
            fuzzy_chars,
            idx: idx as u32,
            first,
            end,
            kind: kind as u32,
        }
    }

    pub(super) fn kind(&self) -> EntryKind {
        EntryKind::ALL
            .get(self.kind as usize)
            .copied()
            .unwrap_or(EntryKind::Program)
    }

    pub(super) fn idx(&self) -> usize {
        self.idx as usize
    }

    /// Is the kind one of [`EntryKind::ALL`] (a snapshot's entry is checked on reading)?
    pub(super) fn kind_is_known(&self) -> bool {
        (self.kind as usize) < EntryKind::ALL.len()
    }
}

/// A field: its kind, its byte range in [`Index::text`] and which distinct text that is
/// (texts are numbered in the order they lie in [`Index::text`]). A plain record.
#[repr(C)]
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
pub(super) struct Span {
    pub(super) start: u32,
    pub(super) end: u32,
    pub(super) text: u32,
    /// [`Field::rank`].
    field: u32,
}

impl Span {
    pub(super) fn new(field: Field, start: u32, end: u32, text: u32) -> Span {
        Span {
            start,
            end,
            text,
            field: u32::from(field.rank()),
        }
    }

    pub(super) fn field(&self) -> Field {
        u8::try_from(self.field)
            .ok()
            .and_then(Field::of_rank)
            .unwrap_or(Field::Text)
    }

    /// Is the field one of [`Field`]'s (checked when a snapshot is read)?
    pub(super) fn field_is_known(&self) -> bool {
        u8::try_from(self.field).ok().and_then(Field::of_rank).is_some()
    }
}

pub struct Index {
    pub(super) entries: Table<Entry>,
    /// Per entry: hashed characters and adjacent pairs of its fields (512 bits).
    pub(super) grams: Table<[u64; 8]>,
    pub(super) spans: Table<Span>,
    /// Per span: its 64-bit set of hashed characters.
    pub(super) span_chars: Table<u64>,
    /// Every distinct normalized text, each followed by a newline (no query term has one).
    pub(super) text: Text,
    /// How many distinct texts `text` holds (the number of its newlines).
    pub(super) texts: u32,
    /// What the query analyzer knows of the directory.
    pub(super) lexicon: Lexicon,
    /// What the last searches' terms matched: where the next keystroke starts.
    pub(super) recent: RecentMemos,
}

/// Hash of a character (ASCII case folded, as the fuzzy matcher folds) and, for a pair,
/// of the one after it.
fn gram(a: char, b: Option<char>) -> u32 {
    let a = (a.to_ascii_lowercase() as u32).wrapping_mul(0x9E37_79B1);
    let b = b.map_or(0, |b| {
        (b.to_ascii_lowercase() as u32 ^ 0x5555).wrapping_mul(0x85EB_CA77)
    });
    (a ^ b.rotate_left(13)).wrapping_mul(0xC2B2_AE3D)
}

/// Bits 0..512 for the characters and adjacent pairs of `s`.
fn gram_bits(s: &str) -> impl Iterator<Item = u32> + '_ {
    let mut it = s.chars().peekable();
    std::iter::from_fn(move || {
        let c = it.next()?;
        let single = gram(c, None) >> 23;
        let pair = it.peek().map(|&n| gram(c, Some(n)) >> 23);
        Some([Some(single), pair])
    })
    .flatten()
    .flatten()
}

/// The 512-bit set of [`gram_bits`] of a text.
pub(super) fn gram_set(s: &str) -> [u64; 8] {
    let mut grams = [0u64; 8];
    for b in gram_bits(s) {
        // b < 512 (a u32 shifted right by 23), so the word is always one of the 8.
        if let Some(w) = grams.get_mut(b as usize >> 6) {
            *w |= 1 << (b & 63);
        }
    }
    grams
}

/// The 64-bit set of hashed characters of a text.
pub(super) fn char_bits(s: &str) -> u64 {
    s.chars().fold(0, |bits, c| bits | 1 << (gram(c, None) >> 26))
}

/// A 256-bit set of hashed characters (ASCII case folded): if a term has a character the
/// set lacks, the fuzzy matcher cannot match it.
#[repr(transparent)]
#[derive(Clone, Copy, Default, bytemuck::Pod, bytemuck::Zeroable)]
pub(super) struct CharSet(pub(super) [u64; 4]);

impl CharSet {
    pub(super) fn of(s: &str) -> CharSet {
        let mut set = CharSet::default();
        for c in s.chars() {
            let h = gram(c, None) >> 24;
            if let Some(w) = set.0.get_mut((h >> 6) as usize) {
                *w |= 1 << (h & 63);
            }
        }
        set
    }
    fn within(&self, other: &CharSet) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & !b == 0)
    }
}

/// One form of a query term, prepared once per search.
pub(super) struct Form {
    pub(super) text: String,
    pub(super) first_byte: u8,
    pub(super) first: char,
    /// The bits of `grams` an entry containing the form has.
    grams: [u64; 8],
    /// The bits of `span_chars` a field containing the form has.
    pub(super) char_bits: u64,
    chars: CharSet,
    /// Fuzzy matching needs two characters or more.
    fuzzy: bool,
}

impl Form {
    pub(super) fn new(text: String) -> Option<Form> {
        let first = text.chars().next()?;
        let grams = gram_set(&text);
        Some(Form {
            first_byte: *text.as_bytes().first()?,
            first,
            grams,
            char_bits: char_bits(&text),
            chars: CharSet::of(&text),
            fuzzy: text.chars().nth(1).is_some(),
            text,
        })
    }

    /// Has the entry (its set of characters and pairs, `Index::grams`) every character
    /// and pair of the form? If not, none of its fields contains the form.
    pub(super) fn may_be_in(&self, grams: &[u64; 8]) -> bool {
        self.grams
            .iter()
            .zip(grams)
            .fold(0, |missing, (f, e)| missing | (f & !e))
            == 0
    }
}

impl Index {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Fuzzy only on names and keywords, and only for terms of two or more characters.
    pub(super) fn fuzzy_score(&self, entry: usize, forms: &[Form]) -> Option<i64> {
        let e = self.entries.get(entry)?;
        let spans = self.spans.get(e.first as usize..e.end as usize)?;
        let mut fuzzy = 0;
        for f in forms.iter().filter(|f| may_fuzzy_match(f, e)) {
            for span in spans {
                if !span.field().fuzzy() {
                    continue;
                }
                let Some(text) = self.text.get(span.start as usize..span.end as usize) else {
                    continue;
                };
                // The matcher's own first test, without its setup.
                if !in_order(text, &f.text) {
                    continue;
                }
                if let Some(s) = fuzzy_match(text, &f.text) {
                    let weight = if span.field() == Field::Name { 1 } else { 2 };
                    fuzzy = fuzzy.max(s / weight);
                }
            }
        }
        (fuzzy > 0).then_some(fuzzy.min(FUZZY_CAP))
    }
}

/// The skim matcher's score, from a fresh matcher each time: SkimMatcherV2 (0.3.7) keeps
/// its score matrix between calls and does not clear every cell it reads, so a reused
/// matcher's score depends on the texts it matched before (the order of the entries, the
/// previous keystrokes); and `use_cache(false)` panics ("RefCell already borrowed").
fn fuzzy_match(text: &str, pattern: &str) -> Option<i64> {
    SkimMatcherV2::default().fuzzy_match(text, pattern)
}

pub(super) fn may_fuzzy_match(f: &Form, e: &Entry) -> bool {
    f.fuzzy && f.chars.within(&e.fuzzy_chars)
}

/// Do the pattern's characters appear in `text` in order (ASCII case folded)? The fuzzy
/// matcher answers None otherwise.
fn in_order(text: &str, pattern: &str) -> bool {
    let mut want = pattern.chars().peekable();
    for c in text.chars() {
        match want.peek() {
            Some(p) if c.eq_ignore_ascii_case(p) => {
                want.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    want.peek().is_none()
}

pub(super) fn kind_bias(kind: EntryKind) -> i64 {
    match kind {
        EntryKind::Program => 30,
        EntryKind::Section | EntryKind::Meeting => 10,
        EntryKind::Site => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bit sets only ever pass over entries and fields that cannot match: every piece
    /// of every field (any start, one to four characters, whatever its script) finds the
    /// entry it came from, with the score a plain scan of the fields gives.
    #[test]
    fn prefilters_never_hide_a_match() {
        let dir = crate::seed::load_embedded().expect("embedded seed").directory;
        let index = Index::build(&dir);
        for (entry, e) in index.entries.iter().enumerate() {
            for span in &index.spans[e.first as usize..e.end as usize] {
                let text = &index.text[span.start as usize..span.end as usize];
                let chars: Vec<char> = text.chars().collect();
                for start in (0..chars.len()).step_by(3) {
                    for len in 1..=4.min(chars.len() - start) {
                        let piece: String = chars[start..start + len].iter().collect();
                        if piece.trim() != piece || piece.is_empty() {
                            continue;
                        }
                        let forms: Vec<Form> = [piece.clone()].into_iter().filter_map(Form::new).collect();
                        let plain = plain_score(&index, entry, &piece);
                        let got = index.substring_score_plain(entry, &forms, &mut Vec::new());
                        assert_eq!(got, plain, "{piece:?} in {text:?}");
                        let mut memo = super::super::matching::Memo::new(forms, &index, false);
                        assert_eq!(
                            index.substring_score(entry, &mut memo),
                            plain,
                            "{piece:?} in {text:?}"
                        );
                        let hits = index.search(&piece, usize::MAX);
                        assert!(
                            hits.iter().any(|h| h.kind == e.kind() && h.idx == e.idx()),
                            "{piece:?} does not find the entry of {text:?}"
                        );
                    }
                }
            }
        }
    }

    /// The score of a term by reading every field, as the index did before its prefilters.
    fn plain_score(index: &Index, entry: usize, term: &str) -> Option<i64> {
        let e = &index.entries[entry];
        let mut best = 0;
        let mut fields_hit = 0;
        for span in &index.spans[e.first as usize..e.end as usize] {
            let text = &index.text[span.start as usize..span.end as usize];
            let (exact, prefix, contains) = span.field().weights();
            let s = if text == term {
                exact
            } else if text.starts_with(term) {
                prefix
            } else if text.contains(term) {
                contains
            } else {
                0
            };
            if s > 0 {
                fields_hit += 1;
                best = best.max(s);
            }
        }
        (best > 0).then(|| best + (fields_hit - 1).min(5) * 4)
    }
}
