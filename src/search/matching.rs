//! A term's substring score in an entry: the best of exact / prefix / contains over the
//! entry's fields, weighted by field, plus a bonus per further field that contains it.
//!
//! Two ways to the same number. [`Index::substring_score_plain`] reads the fields of each
//! entry in turn (behind the bit-set prefilters), as the search did up to issue 10; it is
//! kept as the reference the fast path is checked against ([`Index::query_plain`]).
//! [`Index::substring_score`] remembers what the term's forms give each *distinct* text
//! ([`Memo`]): the names of programs, sections and sites recur in thousands of entries,
//! and a keystroke over 10,000 entries reads about 200,000 fields but only about a fifth
//! as many distinct texts. Each text is compared once per term; every later field with
//! that text costs a table look-up.

use super::postings::Postings;
use super::rank::{Field, Form, Index, MAX_MORE_FIELDS, MORE_FIELD_BONUS};
use std::sync::{Mutex, OnceLock};

/// What a text gives a term, best first: the order of the field weights.
pub(super) const EXACT: u8 = 4;
pub(super) const PREFIX: u8 = 3;
pub(super) const CONTAINS: u8 = 2;
pub(super) const NONE: u8 = 1;
/// Not yet read in this search.
pub(super) const UNKNOWN: u8 = 0;

/// One term's (or its repairs') forms and what they give each distinct text, worked out
/// the first time a field with that text is read in a search.
pub(super) struct Memo {
    pub(super) forms: Vec<Form>,
    /// By text number ([`super::rank::Span::text`]): `UNKNOWN`, `NONE`, `CONTAINS`,
    /// `PREFIX` or `EXACT`.
    kinds: Vec<u8>,
    /// Only these entries (a bit each) can contain a form: what an earlier keystroke found
    /// for forms that every form of this term contains.
    allowed: Option<Vec<u64>>,
    /// The entries found to contain a form, a bit each.
    hits: Vec<u64>,
    /// Every entry's score (0: none), once [`Index::score_all`] has run.
    scores: Vec<i32>,
    /// Score as the search did before the memo (the reference path).
    plain: bool,
    /// The reference path's list of matching fields, kept between entries.
    found: Vec<usize>,
}

/// What a term's forms gave every text and entry in a recent search: the next keystroke
/// starts from it. Typing extends a word, so its new forms contain the old ones, and a
/// text or an entry without the old forms cannot have the new ones.
struct Recent {
    forms: Vec<String>,
    kinds: Vec<u8>,
    hits: Vec<u64>,
}

/// The recent searches' memos, newest first (an index's own; a search that finds it in use
/// by another thread starts afresh), and the fields of each distinct text, derived from
/// the index the first time a search needs them.
#[derive(Default)]
pub(super) struct RecentMemos {
    memos: Mutex<Vec<Recent>>,
    postings: OnceLock<Option<Postings>>,
}

/// How many terms' memos are kept (each about one byte per distinct text).
const RECENT: usize = 8;

impl RecentMemos {
    /// Keeps the memos of every term of a search in which every entry was scored.
    pub(super) fn keep(&self, memos: impl Iterator<Item = Memo>) {
        let Ok(mut recent) = self.memos.try_lock() else {
            return;
        };
        let mut fresh: Vec<Recent> = memos
            .filter(|m| !m.plain && !m.forms.is_empty())
            .map(|m| Recent {
                forms: m.forms.into_iter().map(|f| f.text).collect(),
                kinds: m.kinds,
                hits: m.hits,
            })
            .collect();
        recent.retain(|r| !fresh.iter().any(|f| f.forms == r.forms));
        fresh.append(&mut recent);
        fresh.truncate(RECENT);
        *recent = fresh;
    }

    /// Where a term with these forms starts: the texts known not to contain them and the
    /// entries that may, from the recent memo that narrows most.
    fn start(&self, forms: &[Form]) -> Option<(Vec<u8>, Vec<u64>)> {
        let recent = self.memos.try_lock().ok()?;
        if let Some(same) = recent
            .iter()
            .find(|r| r.forms.len() == forms.len() && r.forms.iter().zip(forms).all(|(a, b)| *a == b.text))
        {
            return Some((same.kinds.clone(), same.hits.clone()));
        }
        let narrower = recent
            .iter()
            .filter(|r| {
                forms
                    .iter()
                    .all(|g| r.forms.iter().any(|f| g.text.contains(f.as_str())))
            })
            .min_by_key(|r| r.hits.iter().map(|w| w.count_ones()).sum::<u32>())?;
        let kinds = narrower
            .kinds
            .iter()
            .map(|&k| if k == NONE { NONE } else { UNKNOWN })
            .collect();
        Some((kinds, narrower.hits.clone()))
    }

    /// The fields of each distinct text of `index` (the index these memos belong to),
    /// derived once; None when they cannot be (see [`Postings::build`]).
    pub(super) fn prepare(&self, index: &Index) -> Option<&Postings> {
        self.postings.get_or_init(|| Postings::build(index)).as_ref()
    }

    /// The postings, once [`Index::prepare`] made them: the desk does, for every key
    /// to come; a one-off lookup (`tsunagu find`) scans instead, as deriving them costs
    /// about as much as the one search they would speed up.
    pub(super) fn postings(&self) -> Option<&Postings> {
        self.postings.get().and_then(Option::as_ref)
    }
}

impl Memo {
    pub(super) fn new(forms: Vec<Form>, index: &Index, plain: bool) -> Memo {
        let fast = !plain && !forms.is_empty();
        let (kinds, allowed) = match fast.then(|| index.recent.start(&forms)).flatten() {
            Some((kinds, allowed)) if kinds.len() == index.texts as usize => (kinds, Some(allowed)),
            _ if fast => (vec![UNKNOWN; index.texts as usize], None),
            _ => (Vec::new(), None),
        };
        Memo {
            forms,
            kinds,
            allowed,
            hits: if fast {
                vec![0; index.entries.len().div_ceil(64)]
            } else {
                Vec::new()
            },
            scores: Vec::new(),
            plain,
            found: Vec::new(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

fn has(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

impl Index {
    /// The term's score from the fields that contain one of its forms, as
    /// [`Index::substring_score_plain`] gives it, with each distinct text read once.
    pub(super) fn substring_score(&self, entry: usize, memo: &mut Memo) -> Option<i64> {
        if memo.plain {
            return self.substring_score_plain(entry, &memo.forms, &mut memo.found);
        }
        if !memo.scores.is_empty() {
            return memo.scores.get(entry).filter(|&&s| s > 0).map(|&s| i64::from(s));
        }
        if memo.allowed.as_ref().is_some_and(|a| !has(a, entry)) {
            return None;
        }
        let e = self.entries.get(entry)?;
        let grams = self.grams.get(entry)?;
        if !memo.forms.iter().any(|f| f.may_be_in(grams)) {
            return None;
        }
        let spans = self.spans.get(e.first as usize..e.end as usize)?;
        let mut best = 0;
        let mut fields_hit = 0;
        for (n, span) in spans.iter().enumerate() {
            let kind = match memo.kinds.get_mut(span.text as usize) {
                Some(k) if *k != UNKNOWN => *k,
                Some(k) => {
                    *k = self.text_kind(e.first as usize + n, &memo.forms);
                    *k
                }
                None => self.text_kind(e.first as usize + n, &memo.forms),
            };
            let Some(score) = weight(span.field(), kind) else {
                continue;
            };
            best = best.max(score);
            fields_hit += 1;
            // Enough fields for the whole bonus, and none further on can score more.
            if fields_hit > MAX_MORE_FIELDS && spans.get(n + 1).is_none_or(|s| s.field().weights().0 <= best)
            {
                break;
            }
        }
        if fields_hit == 0 {
            return None;
        }
        if let Some(w) = memo.hits.get_mut(entry / 64) {
            *w |= 1 << (entry % 64);
        }
        Some(best + (fields_hit - 1).min(MAX_MORE_FIELDS) as i64 * MORE_FIELD_BONUS)
    }

    /// Scores every entry on the memo's forms in one pass (only the entries an earlier
    /// keystroke left possible, when there are such), so that the search reads each
    /// entry's score from a table.
    pub(super) fn score_all(&self, memo: &mut Memo) {
        if memo.plain || memo.forms.is_empty() {
            return;
        }
        let n = self.entries.len();
        let mut scores = vec![0i32; n];
        // From the texts that hold a form to their fields (postings.rs): what an earlier
        // keystroke left possible is in the memo's kinds.
        if let Some(postings) = self.recent.postings() {
            postings.score(self, &memo.forms, &mut memo.kinds, &mut scores, &mut memo.hits);
            memo.scores = scores;
            return;
        }
        let mut score = |i: usize, memo: &mut Memo| {
            if let (Some(slot), Some(s)) = (scores.get_mut(i), self.substring_score(i, memo)) {
                *slot = i32::try_from(s).unwrap_or(i32::MAX);
            }
        };
        match memo.allowed.take() {
            Some(allowed) => {
                for (w, &word) in allowed.iter().enumerate() {
                    let mut bits = word;
                    while bits != 0 {
                        score(w * 64 + bits.trailing_zeros() as usize, memo);
                        bits &= bits - 1;
                    }
                }
                memo.allowed = Some(allowed);
            }
            None => (0..n).for_each(|i| score(i, memo)),
        }
        memo.scores = scores;
    }

    /// The best any form gives the text of span `i`.
    fn text_kind(&self, i: usize, forms: &[Form]) -> u8 {
        let (Some(span), Some(&bits)) = (self.spans.get(i), self.span_chars.get(i)) else {
            return NONE;
        };
        self.text
            .get(span.start as usize..span.end as usize)
            .map_or(NONE, |text| kind_in(text, bits, forms))
    }

    /// The term's score from the fields that contain it: exact, prefix or contains, the
    /// best of them plus the bonus for more fields. Each field is read for itself.
    pub(super) fn substring_score_plain(
        &self,
        entry: usize,
        forms: &[Form],
        found: &mut Vec<usize>,
    ) -> Option<i64> {
        let e = self.entries.get(entry)?;
        let grams = self.grams.get(entry)?;
        let (first, end) = (e.first as usize, e.end as usize);
        let spans = self.spans.get(first..end)?;
        let chars = self.span_chars.get(first..end)?;
        found.clear();
        let mut best = 0;
        for f in forms.iter().filter(|f| f.may_be_in(grams)) {
            let mut fields_hit = 0;
            for (n, (span, &bits)) in spans.iter().zip(chars).enumerate() {
                if f.char_bits & !bits != 0 {
                    continue;
                }
                let Some(text) = self.text.get(span.start as usize..span.end as usize) else {
                    continue;
                };
                let Some(score) = weight(span.field(), kind_of(text, f)) else {
                    continue;
                };
                best = best.max(score);
                found.push(first + n);
                fields_hit += 1;
                // Enough fields for the whole bonus, and none further on can score more.
                if fields_hit > MAX_MORE_FIELDS
                    && spans.get(n + 1).is_none_or(|s| s.field().weights().0 <= best)
                {
                    break;
                }
            }
        }
        if found.is_empty() {
            return None;
        }
        if forms.len() > 1 {
            found.sort_unstable();
            found.dedup();
        }
        Some(best + (found.len() - 1).min(MAX_MORE_FIELDS) as i64 * MORE_FIELD_BONUS)
    }
}

/// The best any form gives a text whose 64-bit set of characters is `bits`.
pub(super) fn kind_in(text: &str, bits: u64, forms: &[Form]) -> u8 {
    let mut best = NONE;
    for f in forms {
        if f.char_bits & !bits != 0 {
            continue;
        }
        best = best.max(kind_of(text, f));
        if best == EXACT {
            break;
        }
    }
    best
}

/// How `text` holds the form: `EXACT`, `PREFIX`, `CONTAINS` or `NONE`.
fn kind_of(text: &str, f: &Form) -> u8 {
    if text.as_bytes().first() == Some(&f.first_byte) && text.starts_with(f.text.as_str()) {
        if text.len() == f.text.len() { EXACT } else { PREFIX }
    } else if contains_form(text, f) {
        CONTAINS
    } else {
        NONE
    }
}

/// A field's score for a kind of match (None for no match).
pub(super) fn weight(field: Field, kind: u8) -> Option<i64> {
    let (exact, prefix, contains) = field.weights();
    match kind {
        EXACT => Some(exact),
        PREFIX => Some(prefix),
        CONTAINS => Some(contains),
        _ => None,
    }
}

/// Does `text` contain the form? Its first character is looked for (memchr), then the
/// rest compared.
fn contains_form(text: &str, form: &Form) -> bool {
    let mut at = 0;
    while let Some(p) = text[at..].find(form.first) {
        let pos = at + p;
        if text[pos..].starts_with(form.text.as_str()) {
            return true;
        }
        at = pos + form.first.len_utf8();
    }
    false
}
