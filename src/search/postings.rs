//! The fields of each distinct text: from the texts that hold a term straight to the
//! entries, for a keystroke whose term is in thousands of entries.
//!
//! The per-entry scan ([`Index::substring_score`]) reads the fields of every entry the
//! bit sets let through, about twenty per entry: a one- or two-letter term (`か`, `地`,
//! `hi`) lets nearly all of 10,000 entries through, so it reads about 190,000 fields to
//! find the 10,000 to 40,000 that hold it. Here the texts that hold a form are found
//! first, in one pass over [`Index::text`] (or, when an earlier keystroke left few
//! possible, by reading those), and then only their fields are walked: the work follows
//! the fields that match, not the entries that might.
//!
//! The score is the same number: the best weight over the fields that hold a form, plus
//! [`MORE_FIELD_BONUS`] per further such field, up to [`MAX_MORE_FIELDS`] (the scan's
//! early stop only skips fields once neither can change any more). Derived from the index
//! on first use (one pass over the fields), never saved.

use super::matching::{CONTAINS, EXACT, NONE, PREFIX, UNKNOWN, kind_in, weight};
use super::rank::{Field, Form, Index, MAX_MORE_FIELDS, MORE_FIELD_BONUS};
use memchr::memmem::Finder;

/// Where a distinct text lies in [`Index::text`] and its 64-bit set of characters.
#[derive(Clone, Copy, Default)]
struct Text {
    start: u32,
    end: u32,
    bits: u64,
}

/// Each distinct text's fields, grouped by text.
pub(super) struct Postings {
    /// By text number (the order the texts lie in [`Index::text`]).
    texts: Vec<Text>,
    /// By text number: where its fields begin in `fields`; one more at the end.
    first: Vec<u32>,
    /// Every field of every entry, grouped by text, each group in entry order: the entry
    /// number shifted left by [`RANK_BITS`], or'ed with the field's rank.
    fields: Vec<u32>,
}

/// Bits of a field's rank in [`Postings::fields`] (six ranks).
const RANK_BITS: u32 = 3;
const RANK_MASK: u32 = (1 << RANK_BITS) - 1;

/// Below this share of [`Index::text`] (1 / n) left to read, the texts are read one by
/// one; above it, the whole string is searched once per form.
const READ_ONE_BY_ONE: usize = 8;

impl Postings {
    /// The fields of each text of `index`; None when the index does not hold together (a
    /// field's text out of range or not where the text lies, too many entries to pack),
    /// and the per-entry scan is used instead.
    pub(super) fn build(index: &Index) -> Option<Postings> {
        if index.entries.len() > (u32::MAX >> RANK_BITS) as usize {
            return None;
        }
        // Each text ends at a newline, in order.
        let mut texts = Vec::with_capacity(index.texts as usize);
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', index.text.as_bytes()) {
            let end = u32::try_from(end).ok()?;
            texts.push(Text { start, end, bits: 0 });
            start = end + 1;
        }
        if texts.len() != index.texts as usize {
            return None;
        }
        // Fields per text, then (by a running sum) where each text's group begins.
        let mut first = vec![0u32; texts.len() + 1];
        for e in &index.entries {
            let (a, b) = (e.first as usize, e.end as usize);
            let spans = index.spans.get(a..b)?;
            let chars = index.span_chars.get(a..b)?;
            for (span, &bits) in spans.iter().zip(chars) {
                let text = texts.get_mut(span.text as usize)?;
                if (text.start, text.end) != (span.start, span.end) {
                    return None;
                }
                text.bits = bits;
                *first.get_mut(span.text as usize + 1)? += 1;
            }
        }
        let mut sum = 0;
        for f in &mut first {
            sum += *f;
            *f = sum;
        }
        let mut next = first.clone();
        let mut fields = vec![0u32; sum as usize];
        for (n, e) in index.entries.iter().enumerate() {
            let packed = (n as u32) << RANK_BITS;
            for span in index.spans.get(e.first as usize..e.end as usize)? {
                let at = next.get_mut(span.text as usize)?;
                *fields.get_mut(*at as usize)? = packed | u32::from(span.field().rank());
                *at += 1;
            }
        }
        Some(Postings { texts, first, fields })
    }

    /// Every entry's score on `forms` (0: none) into `scores`, and the entries that hold a
    /// form into `hits` (a bit each). `kinds` (by text) says what is known: `NONE` for a
    /// text known not to hold a form (from an earlier keystroke), a kind for one already
    /// read; the others are read here, so that it is whole afterwards.
    pub(super) fn score(
        &self,
        index: &Index,
        forms: &[Form],
        kinds: &mut [u8],
        scores: &mut [i32],
        hits: &mut [u64],
    ) {
        self.read_kinds(index, forms, kinds);
        // Per entry: how many fields hold a form (counted to 7, the bonus stops at 5) and,
        // in `scores`, the best weight.
        let mut count = vec![0u8; scores.len()];
        // A field's weight by the kind of match and the field's rank.
        let mut weights = [[0i32; 1 << RANK_BITS]; EXACT as usize + 1];
        for (kind, by_rank) in weights.iter_mut().enumerate() {
            for (rank, w) in by_rank.iter_mut().enumerate() {
                if let Some(s) = Field::of_rank(rank as u8).and_then(|f| weight(f, kind as u8)) {
                    *w = i32::try_from(s).unwrap_or(i32::MAX);
                }
            }
        }
        let groups = self.first.windows(2);
        for (&kind, group) in kinds.iter().zip(groups) {
            let &[from, to] = group else { continue };
            if kind <= NONE || from == to {
                continue;
            }
            let Some(by_rank) = weights.get(usize::from(kind)) else {
                continue;
            };
            for &f in self.fields.get(from as usize..to as usize).unwrap_or(&[]) {
                let entry = (f >> RANK_BITS) as usize;
                let (Some(&w), Some(best), Some(c)) = (
                    by_rank.get((f & RANK_MASK) as usize),
                    scores.get_mut(entry),
                    count.get_mut(entry),
                ) else {
                    continue;
                };
                *best = (*best).max(w);
                *c = (*c + 1).min(7);
            }
        }
        let bonus = MORE_FIELD_BONUS as i32;
        for (entry, (s, &c)) in scores.iter_mut().zip(&count).enumerate() {
            if c == 0 {
                continue;
            }
            *s = s.saturating_add(i32::from(c - 1).min(MAX_MORE_FIELDS as i32) * bonus);
            if let Some(w) = hits.get_mut(entry / 64) {
                *w |= 1 << (entry % 64);
            }
        }
    }

    /// Reads what the forms give every text not yet known (`UNKNOWN`) that some field
    /// holds: the few left by an earlier keystroke one by one, else by searching the
    /// whole of [`Index::text`] for each form.
    fn read_kinds(&self, index: &Index, forms: &[Form], kinds: &mut [u8]) {
        let to_read = kinds
            .iter()
            .zip(&self.texts)
            .zip(self.first.windows(2))
            .filter(|((k, _), g)| **k == UNKNOWN && g.first() != g.last())
            .map(|((_, t), _)| (t.end - t.start) as usize)
            .sum::<usize>();
        if to_read == 0 {
        } else if to_read < index.text.len() / READ_ONE_BY_ONE {
            self.read_each(index, forms, kinds);
        } else {
            self.read_all(index, forms, kinds);
        }
    }

    /// [`Postings::read_kinds`] text by text.
    fn read_each(&self, index: &Index, forms: &[Form], kinds: &mut [u8]) {
        for ((kind, t), g) in kinds.iter_mut().zip(&self.texts).zip(self.first.windows(2)) {
            if *kind == UNKNOWN && g.first() != g.last() {
                *kind = index
                    .text
                    .get(t.start as usize..t.end as usize)
                    .map_or(NONE, |s| kind_in(s, t.bits, forms));
            }
        }
    }

    /// [`Postings::read_kinds`] by one search of the whole string per form.
    fn read_all(&self, index: &Index, forms: &[Form], kinds: &mut [u8]) {
        let mut found = vec![NONE; kinds.len()];
        for f in forms {
            self.find_all(index.text.as_bytes(), f.text.as_bytes(), &mut found);
        }
        for (kind, found) in kinds.iter_mut().zip(found) {
            if *kind == UNKNOWN {
                *kind = found;
            }
        }
    }

    /// Raises `found` (by text) to what `needle` gives each text of `all` (the index's
    /// texts, each ended by a newline) that holds it: the first place in a text it is
    /// found at says whether it is a prefix (or the whole text) or inside.
    fn find_all(&self, all: &[u8], needle: &[u8], found: &mut [u8]) {
        let finder = Finder::new(needle);
        let mut t = 0;
        let mut at = 0;
        while let Some(p) = all.get(at..).and_then(|rest| finder.find(rest)) {
            let (p, q) = (at + p, at + p + needle.len());
            // The text the place is in: a needle has no newline, so it ends inside one.
            while self.texts.get(t).is_some_and(|x| (x.end as usize) < q) {
                t += 1;
            }
            let Some(text) = self.texts.get(t) else { break };
            let kind = match (p == text.start as usize, q == text.end as usize) {
                (true, true) => EXACT,
                (true, false) => PREFIX,
                _ => CONTAINS,
            };
            if let Some(k) = found.get_mut(t) {
                *k = (*k).max(kind);
            }
            at = text.end as usize + 1;
        }
    }
}

impl Index {
    /// Derives what the keystroke search reads besides the index's own tables (the fields
    /// of each distinct text, about 1 ms for 10,000 entries): for an index that keys will
    /// come to (the desk's). Without it the search scans entry by entry, with the same
    /// answers.
    pub fn prepare(&self) {
        self.recent.prepare(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::normalize::variants;

    fn forms_of(words: &[String]) -> Vec<Form> {
        words.iter().cloned().filter_map(Form::new).collect()
    }

    /// Every text's kind, read both ways; they agree on every text some field holds.
    fn kinds_both_ways(index: &Index, p: &Postings, forms: &[Form]) -> Vec<u8> {
        let mut each = vec![UNKNOWN; p.texts.len()];
        let mut all = each.clone();
        p.read_each(index, forms, &mut each);
        p.read_all(index, forms, &mut all);
        for (t, g) in p.first.windows(2).enumerate() {
            if g[0] != g[1] {
                let text = &index.text[p.texts[t].start as usize..p.texts[t].end as usize];
                assert_eq!(each[t], all[t], "{text:?}");
                assert_eq!(each[t], kind_in(text, p.texts[t].bits, forms), "{text:?}");
            }
        }
        each
    }

    /// Scores from the texts' fields, for `forms` with `kinds` known beforehand, against the
    /// per-entry reference (every field of every entry read for itself).
    fn same_as_the_scan(index: &Index, p: &Postings, forms: &[Form], mut kinds: Vec<u8>, what: &str) {
        let n = index.entries.len();
        let mut scores = vec![0; n];
        let mut hits = vec![0u64; n.div_ceil(64)];
        p.score(index, forms, &mut kinds, &mut scores, &mut hits);
        let mut found = Vec::new();
        for entry in 0..n {
            let want = index.substring_score_plain(entry, forms, &mut found);
            let got = (scores[entry] > 0).then(|| i64::from(scores[entry]));
            assert_eq!(got, want, "{what}: entry {entry}");
            assert_eq!(
                hits[entry / 64] >> (entry % 64) & 1 == 1,
                want.is_some(),
                "{what}"
            );
        }
    }

    /// Short terms over every piece of the index's own text: each character, each pair of
    /// characters (sampled on the large city), each with its kana or romaji forms; afresh,
    /// and narrowed from the term one character shorter, as the next keystroke is.
    fn short_terms_score_as_the_scan(index: &Index, pair_step: usize) {
        let p = Postings::build(index).expect("postings of a well-formed index");
        let mut singles: Vec<String> = Vec::new();
        let mut pairs: Vec<String> = Vec::new();
        for text in index.text.split('\n') {
            let chars: Vec<char> = text.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                singles.push(c.to_string());
                if let Some(d) = chars.get(i + 1) {
                    pairs.push(format!("{c}{d}"));
                }
            }
        }
        singles.sort();
        singles.dedup();
        pairs.sort();
        pairs.dedup();
        let pairs: Vec<String> = pairs.into_iter().step_by(pair_step).collect();
        assert!(
            singles.len() > 100 && pairs.len() > 100,
            "{} {}",
            singles.len(),
            pairs.len()
        );
        for term in singles.iter().chain(&pairs).filter(|t| !t.trim().is_empty()) {
            let forms = forms_of(&variants(term));
            if forms.is_empty() {
                continue;
            }
            let kinds = kinds_both_ways(index, &p, &forms);
            same_as_the_scan(index, &p, &forms, vec![UNKNOWN; kinds.len()], term);
            // The same term again: every kind known.
            same_as_the_scan(index, &p, &forms, kinds, term);
            // Narrowed from its first character: the texts without it are known.
            let first: String = term.chars().take(1).collect();
            let shorter = forms_of(&[first]);
            if term.chars().count() > 1
                && forms
                    .iter()
                    .all(|f| shorter.iter().any(|s| f.text.contains(s.text.as_str())))
            {
                let narrowed = kinds_both_ways(index, &p, &shorter)
                    .into_iter()
                    .map(|k| if k == NONE { NONE } else { UNKNOWN })
                    .collect();
                same_as_the_scan(index, &p, &forms, narrowed, term);
            }
        }
    }

    #[test]
    fn short_terms_score_as_the_scan_on_the_city_seed() {
        let dir = crate::seed::load_embedded().expect("embedded seed").directory;
        short_terms_score_as_the_scan(&Index::build(&dir), 3);
    }

    #[test]
    fn short_terms_score_as_the_scan_on_a_synthetic_city() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let seed = tmp.path().join("seed");
        crate::synth::write_seed(&seed, 1200, 20_261_203).expect("synthetic seed");
        let dir = crate::seed::load_dir(&seed).expect("synthetic seed is valid");
        short_terms_score_as_the_scan(&Index::build(&dir), 40);
    }

    /// An index whose fields do not lie where its texts do is not read through postings.
    #[test]
    fn a_torn_index_has_no_postings() {
        let dir = crate::seed::load_embedded().expect("embedded seed").directory;
        let mut index = Index::build(&dir);
        index.spans.edit(|s| s[0].start += 1);
        assert!(Postings::build(&index).is_none());
        let mut index = Index::build(&dir);
        index.texts += 1;
        assert!(Postings::build(&index).is_none());
    }
}
