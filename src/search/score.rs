//! Answering a query: each entry scored on every term of the analyzed query
//! ([`super::query`]). A term's score in an entry is the best of its substring match
//! (exact / prefix / contains, weighted by field) and the vocabulary's pull; a place's own
//! site gets a bonus; a slip's repair scores below everything else.
//!
//! Several words: every whole typed word must match (AND), and an entry serving the whole
//! city passes an area word. When no entry, or fewer than three, match them all, entries
//! matching some words follow, ranked by how many words they match, then by score, and
//! the answer says they are partial (一部の語で一致).

use super::EntryKind;
use super::matching::Memo;
use super::query::{Term, analyze};
use super::rank::{FUZZY_CAP, Field, Form, Hit, Index, kind_bias, may_fuzzy_match};
use super::top::{order, select_nth};
use crate::i18n::{Lang, Msg};
use serde::Serialize;

/// When fewer entries than this have every word, the list is topped up with entries that
/// have some of them: a desk reads the first three.
const SHORT_LIST: usize = 3;
/// A place's own site, on top of its score for the place word.
const PLACE_BONUS: i64 = 400;
/// Highest score of a match through a repaired slip: below every other match.
const REPAIR_CAP: i64 = 90;
/// A place's own site matches the other words through its programs, at this share of
/// their score (percent): 金子中 不登校 finds the さわやか相談室 of 金子中.
const THROUGH_PROGRAM: i64 = 40;
/// A vocabulary word reached through a repaired slip.
pub(super) const REPAIR_VOCAB_SCORE: i64 = 80;

/// The answer to a query.
pub struct Found {
    pub hits: Vec<Hit>,
    /// Hits from this one on match only some of the words (一部の語で一致): the ones
    /// before it match every word.
    pub partial_from: usize,
    terms: Vec<Term>,
}

/// How a word of the query matched an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    Name,
    Keyword,
    Section,
    Related,
    Target,
    Text,
    /// Through the city's desk vocabulary (市の語彙).
    Vocabulary,
    /// The entry is the place's own site.
    Place,
    /// The entry serves the whole city (市内全域), so the area word passes.
    Citywide,
    /// Through the repair of a slip of the key.
    Repair,
    /// Letters in order, not together.
    Fuzzy,
    /// A site, through a program it serves.
    Program,
}

/// Why an entry is in the list, word by word.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Why {
    /// The word(s) of the query.
    pub word: String,
    #[serde(rename = "field")]
    pub how: How,
    /// The concern or program the vocabulary led through, the repaired word, or the
    /// vocabulary's own word.
    pub via: Option<String>,
}

impl Why {
    /// "年金 -> 経済的な困りごと (市の語彙)", "介護 (キーワード)".
    pub fn text(&self, lang: Lang) -> String {
        let how = match self.how {
            How::Name => Msg::HowName,
            How::Keyword => Msg::HowKeyword,
            How::Section => Msg::HowSection,
            How::Related => Msg::HowRelated,
            How::Target => Msg::HowTarget,
            How::Text => Msg::HowText,
            How::Vocabulary => Msg::HowVocabulary,
            How::Place => Msg::HowPlace,
            How::Citywide => Msg::HowCitywide,
            How::Repair => Msg::HowRepair,
            How::Fuzzy => Msg::HowFuzzy,
            How::Program => Msg::HowProgram,
        }
        .text(lang);
        match &self.via {
            Some(via) => format!("{} -> {via} ({how})", self.word),
            None => format!("{} ({how})", self.word),
        }
    }
}

/// Every reason on one line.
pub fn reasons(matched: &[Why], lang: Lang) -> String {
    matched
        .iter()
        .map(|w| w.text(lang))
        .collect::<Vec<_>>()
        .join("、")
}

/// A term's forms, prepared once per search, with what they give each text.
struct Prepared {
    forms: Memo,
    repairs: Memo,
    /// No vocabulary, place or repair: the substring score alone.
    plain: bool,
}

impl Prepared {
    fn new(t: &Term, index: &Index, reference: bool) -> Prepared {
        let forms = |words: &[String]| -> Vec<Form> { words.iter().cloned().filter_map(Form::new).collect() };
        Prepared {
            forms: Memo::new(forms(&t.forms), index, reference),
            repairs: Memo::new(forms(&t.repairs), index, reference),
            plain: t.vocab.is_empty() && t.place.is_none() && t.repairs.is_empty(),
        }
    }
}

impl Index {
    /// Concerns (ids) the city's vocabulary finds in a free text (the intake's 相談内容):
    /// suggestions, never ticked by themselves.
    pub fn suggest_concerns(&self, text: &str) -> Vec<String> {
        super::query::concerns_in(text, &self.lexicon)
    }

    /// Ranked hits for a query. An empty query gives nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.query(query, limit).hits
    }

    /// Ranked hits for a query, with what is needed to say why each matched.
    pub fn query(&self, query: &str, limit: usize) -> Found {
        self.answer(query, limit, false)
    }

    /// [`Index::query`] the way it was answered before the per-text memo: every field of
    /// every entry read for itself. The same answer, slower; tests compare the two.
    #[doc(hidden)]
    pub fn query_plain(&self, query: &str, limit: usize) -> Found {
        self.answer(query, limit, true)
    }

    fn answer(&self, query: &str, limit: usize, reference: bool) -> Found {
        let terms = analyze(query, &self.lexicon);
        let mut found = Found {
            hits: Vec::new(),
            partial_from: 0,
            terms,
        };
        if found.terms.is_empty() || limit == 0 {
            return found;
        }
        let terms = &found.terms;
        let mut prepared: Vec<Prepared> = terms.iter().map(|t| Prepared::new(t, self, reference)).collect();
        for p in &mut prepared {
            self.score_all(&mut p.forms);
        }
        let mut hits: Vec<Hit> = Vec::new();
        // Entries where some word matches only fuzzily (if at all), with the highest
        // score they could reach: the fuzzy matcher is slow, and most never make the list.
        let mut fuzzy: Vec<(usize, i64)> = Vec::new();
        // Entries that match some words but not every whole word: (entry, words, score).
        let mut some: Vec<(usize, i64, i64)> = Vec::new();
        // Each program's score for each word (programs come first in the index), for the
        // sites that serve them.
        let programs = self.lexicon.first_site as usize;
        let mut program_scores: Vec<Option<i64>> = vec![None; programs * terms.len()];
        // Without a place word no site matches through its programs.
        let places = terms.iter().any(|t| t.place.is_some());
        for (i, e) in self.entries.iter().enumerate() {
            let mut total = kind_bias(e.kind());
            let (mut words, mut fuzzy_terms) = (0, 0);
            let mut missing = false;
            for (n, (t, p)) in terms.iter().zip(&mut prepared).enumerate() {
                let own = if p.plain {
                    self.substring_score(i, &mut p.forms)
                } else {
                    self.term_score_full(i, t, p)
                };
                if places
                    && i < programs
                    && let Some(slot) = program_scores.get_mut(n * programs + i)
                {
                    *slot = own;
                }
                let through = || {
                    places
                        .then(|| {
                            self.through_programs(i, terms, program_scores.get(n * programs..).unwrap_or(&[]))
                        })
                        .flatten()
                };
                match own.or_else(through) {
                    Some(s) => {
                        total += s;
                        words += t.weight;
                    }
                    None if t.place.is_some() && self.lexicon.is_citywide(i as u32) => {}
                    None if t.fuzzy && p.forms.forms.iter().any(|f| may_fuzzy_match(f, e)) => {
                        fuzzy_terms += 1
                    }
                    None => missing |= t.required,
                }
            }
            if words == 0 && fuzzy_terms == 0 {
                continue;
            }
            if missing {
                if words > 0 {
                    some.push((i, words, total));
                }
            } else if fuzzy_terms == 0 {
                hits.push(hit(e.kind(), e.idx(), total));
            } else {
                fuzzy.push((i, total + fuzzy_terms * FUZZY_CAP));
                if words > 0 {
                    some.push((i, words, total));
                }
            }
        }
        // The score of the limit-th hit, when there are that many (limit is not 0 here).
        let floor = match limit.checked_sub(1) {
            Some(nth) => select_nth(&mut hits, nth).unwrap_or(i64::MIN),
            _ => i64::MIN,
        };
        // Once selected, the hits past the limit-th cannot make the list.
        hits.truncate(limit);
        for (i, best) in fuzzy {
            if best < floor {
                continue;
            }
            let mut total = 0;
            let mut all = true;
            for (n, (t, p)) in terms.iter().zip(&mut prepared).enumerate() {
                let through =
                    || self.through_programs(i, terms, program_scores.get(n * programs..).unwrap_or(&[]));
                let s = self
                    .term_score_full(i, t, p)
                    .or_else(through)
                    .or_else(|| t.fuzzy.then(|| self.fuzzy_score(i, &p.forms.forms)).flatten());
                match s {
                    Some(s) => total += s,
                    None if t.place.is_some() && self.lexicon.is_citywide(i as u32) => {}
                    None if t.required => all = false,
                    None => {}
                }
            }
            if all && let Some(e) = self.entries.get(i) {
                hits.push(hit(e.kind(), e.idx(), total + kind_bias(e.kind())));
            }
        }
        if hits.len() > limit {
            select_nth(&mut hits, limit - 1);
            hits.truncate(limit);
        }
        hits.sort_unstable_by(order);
        // No entry, or fewer than a short list, has every word: entries matching some
        // words follow, ranked by how many words they match, then by score (一部の語で一致).
        found.partial_from = hits.len();
        let room = if hits.is_empty() {
            limit
        } else {
            limit.min(SHORT_LIST).saturating_sub(hits.len())
        };
        if room > 0 && !some.is_empty() {
            let key = |a: &(usize, i64, i64)| (std::cmp::Reverse(a.1), std::cmp::Reverse(a.2), a.0);
            let listed: Vec<(EntryKind, usize)> = hits.iter().map(|h| (h.kind, h.idx)).collect();
            some.retain(|(i, _, _)| {
                self.entries
                    .get(*i)
                    .is_some_and(|e| !listed.contains(&(e.kind(), e.idx())))
            });
            if some.len() > room {
                some.select_nth_unstable_by_key(room - 1, key);
                some.truncate(room);
            }
            some.sort_unstable_by_key(key);
            hits.extend(
                some.into_iter()
                    .filter_map(|(i, _, score)| self.entries.get(i).map(|e| hit(e.kind(), e.idx(), score))),
            );
        }
        found.hits = hits;
        // Every entry was scored on every term: the next keystroke starts from here.
        self.recent.keep(prepared.into_iter().map(|p| p.forms));
        found
    }

    /// A term's score in an entry, without fuzzy matching: the best of substring and
    /// vocabulary, the place's bonus, or else the repairs of a slip.
    fn term_score_full(&self, entry: usize, t: &Term, p: &mut Prepared) -> Option<i64> {
        let sub = self.substring_score(entry, &mut p.forms);
        let voc = t.vocab_for(entry as u32).map(|v| v.0);
        let mut best = sub.max(voc);
        if self.own_site(t, entry) {
            best = Some(best.unwrap_or(0) + PLACE_BONUS);
        }
        if best.is_none() && !p.repairs.is_empty() {
            best = self
                .substring_score(entry, &mut p.repairs)
                .map(|s| (s / 12).min(REPAIR_CAP))
                .max(t.repair_vocab_for(entry as u32).map(|v| v.0));
        }
        best
    }

    /// A place's own site matching a word through its programs: their best score for the
    /// word (`scores`, by program) at [`THROUGH_PROGRAM`] percent.
    fn through_programs(&self, entry: usize, terms: &[Term], scores: &[Option<i64>]) -> Option<i64> {
        if !terms.iter().any(|t| self.own_site(t, entry)) {
            return None;
        }
        self.lexicon
            .programs_of(entry)
            .iter()
            .filter_map(|&prog| scores.get(prog as usize).copied().flatten())
            .max()
            .map(|s| s * THROUGH_PROGRAM / 100)
    }

    fn own_site(&self, t: &Term, entry: usize) -> bool {
        t.place
            .and_then(|p| self.lexicon.places.get(p))
            .is_some_and(|p| p.sites.binary_search(&(entry as u32)).is_ok())
    }

    /// The entry number of a hit.
    fn entry_of(&self, hit: &Hit) -> Option<usize> {
        let start = self.entries.partition_point(|e| e.kind() < hit.kind);
        let i = start + hit.idx;
        self.entries
            .get(i)
            .filter(|e| e.kind() == hit.kind && e.idx() == hit.idx)
            .map(|_| i)
    }

    /// Why a hit of `found` matched, word by word.
    pub fn why(&self, found: &Found, hit: &Hit) -> Vec<Why> {
        let Some(entry) = self.entry_of(hit) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for t in &found.terms {
            let forms: Vec<Form> = t.forms.iter().cloned().filter_map(Form::new).collect();
            let field = self.best_field(entry, &forms);
            let vocab = t.vocab_for(entry as u32);
            let why = |how, via: Option<String>| Why {
                word: t.label.clone(),
                how,
                via,
            };
            if self.own_site(t, entry) {
                out.push(why(How::Place, None));
                continue;
            }
            match (field, vocab) {
                (Some((s, f)), v) if v.is_none_or(|v| s >= v.0) => out.push(why(how_of(f), None)),
                (Some((_, f)), None) => out.push(why(how_of(f), None)),
                (_, Some((_, rule))) => {
                    let r = self.lexicon.vocab.get(rule as usize);
                    out.push(why(How::Vocabulary, r.map(|r| r.via.clone())));
                }
                (None, None) if t.place.is_some() && self.lexicon.is_citywide(entry as u32) => {
                    out.push(why(How::Citywide, None));
                }
                (None, None) if self.through_program(entry, t) => out.push(why(How::Program, None)),
                (None, None) => {
                    let repairs: Vec<Form> = t.repairs.iter().cloned().filter_map(Form::new).collect();
                    if let Some(r) = t
                        .repairs
                        .iter()
                        .zip(&repairs)
                        .find(|(_, f)| self.best_field(entry, std::slice::from_ref(*f)).is_some())
                    {
                        out.push(why(How::Repair, Some(r.0.clone())));
                    } else if let Some((_, rule)) = t.repair_vocab_for(entry as u32) {
                        let r = self.lexicon.vocab.get(rule as usize);
                        out.push(why(How::Repair, r.map(|r| format!("{} -> {}", r.word, r.via))));
                    } else if t.fuzzy && self.fuzzy_score(entry, &forms).is_some() {
                        out.push(why(How::Fuzzy, None));
                    }
                }
            }
        }
        out
    }

    /// Does a word match the site through one of its programs?
    fn through_program(&self, entry: usize, t: &Term) -> bool {
        let mut p = Prepared {
            forms: Memo::new(
                t.forms.iter().cloned().filter_map(Form::new).collect(),
                self,
                true,
            ),
            repairs: Memo::new(Vec::new(), self, true),
            plain: false,
        };
        self.lexicon
            .programs_of(entry)
            .iter()
            .any(|&prog| self.term_score_full(prog as usize, t, &mut p).is_some())
    }

    /// The best substring match of the forms in an entry, and its field.
    fn best_field(&self, entry: usize, forms: &[Form]) -> Option<(i64, Field)> {
        let e = self.entries.get(entry)?;
        let mut best: Option<(i64, Field)> = None;
        for span in self.spans.get(e.first as usize..e.end as usize)? {
            let text = self.text.get(span.start as usize..span.end as usize)?;
            let (exact, prefix, contains) = span.field().weights();
            for f in forms {
                let s = if text == f.text {
                    exact
                } else if text.starts_with(f.text.as_str()) {
                    prefix
                } else if text.contains(f.text.as_str()) {
                    contains
                } else {
                    continue;
                };
                if best.is_none_or(|b| s > b.0) {
                    best = Some((s, span.field()));
                }
            }
        }
        best
    }
}

fn how_of(f: Field) -> How {
    match f {
        Field::Name => How::Name,
        Field::Keyword => How::Keyword,
        Field::Section => How::Section,
        Field::Related => How::Related,
        Field::Target => How::Target,
        Field::Text => How::Text,
    }
}

fn hit(kind: EntryKind, idx: usize, score: i64) -> Hit {
    Hit { kind, idx, score }
}
