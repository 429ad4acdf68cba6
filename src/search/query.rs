//! Query understanding: from what was typed to the terms the ranker scores.
//!
//! Each white-space separated word is kept whole when it is (part of) a word the
//! directory or the vocabulary knows, so plan words and words being typed behave as
//! before; otherwise it is cut into its meaningful words ([`super::segment`]). The
//! city's vocabulary then joins words into what they mean: a phrase whose stems are all
//! in the query (年金が少ない) becomes one term leading to its concern's programs. A
//! place word becomes an area. A whole word that is nowhere and has 4 letters or more
//! gets its likely repairs (one slip; two from 8 letters).

use super::lexicon::{Lexicon, VOCAB_SCORE};
use super::normalize::{terms, variants};
use super::segment::cut;
use super::typo;
use std::collections::BTreeMap;

/// A typed word that is the beginning of a vocabulary word (a word being typed).
const VOCAB_PREFIX_SCORE: i64 = 450;
/// Analysis reads at most this much of a query (a paste of a whole letter is cut).
const MAX_QUERY_CHARS: usize = 200;
/// Suggestions read at most this much of a note.
const MAX_NOTE_CHARS: usize = 2000;
/// Repairs kept per word.
const MAX_REPAIRS: usize = 4;

/// What a term is scored with.
#[derive(Clone, Debug, Default)]
pub(super) struct Term {
    /// The words as typed (normalized), for the reason shown.
    pub(super) label: String,
    /// Normalized forms found by substring (the word, its kana from romaji).
    pub(super) forms: Vec<String>,
    /// (entry, score, vocabulary rule), one per entry, by entry.
    pub(super) vocab: Vec<(u32, i64, u32)>,
    /// The place the term names (index into the lexicon's places).
    pub(super) place: Option<usize>,
    /// Repaired words (a slip of the key), matched below everything else.
    pub(super) repairs: Vec<String>,
    /// Vocabulary reached through a repair.
    pub(super) repair_vocab: Vec<(u32, i64, u32)>,
    /// How many typed words the term stands for.
    pub(super) weight: i64,
    /// A whole typed word: every entry listed must match it (AND), unless none does.
    pub(super) required: bool,
    /// Fuzzy matching is tried for a whole typed word.
    pub(super) fuzzy: bool,
}

impl Term {
    pub(super) fn vocab_for(&self, entry: u32) -> Option<(i64, u32)> {
        find(&self.vocab, entry)
    }
    pub(super) fn repair_vocab_for(&self, entry: u32) -> Option<(i64, u32)> {
        find(&self.repair_vocab, entry)
    }
}

fn find(list: &[(u32, i64, u32)], entry: u32) -> Option<(i64, u32)> {
    list.binary_search_by_key(&entry, |t| t.0)
        .ok()
        .and_then(|i| list.get(i))
        .map(|t| (t.1, t.2))
}

/// A word of the query before the vocabulary joins words.
struct Token {
    text: String,
    /// The typed word it was cut from.
    chunk: String,
    forms: Vec<String>,
    /// A whole typed word (not cut from a phrase).
    whole: bool,
    /// Letters typed in latin (romaji), for repairs.
    latin: Option<String>,
}

/// The terms of a query.
pub(super) fn analyze(query: &str, lex: &Lexicon) -> Vec<Term> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let tokens = tokens(&query, lex);
    if tokens.is_empty() {
        return Vec::new();
    }
    // Which vocabulary rules match, and with which tokens.
    let mut group: Vec<usize> = (0..tokens.len()).collect();
    let matched = matched_rules(&tokens, lex);
    for (_, used) in &matched {
        for w in used.windows(2) {
            if let &[a, b] = w {
                union(&mut group, a, b);
            }
        }
    }
    // One term per group of tokens joined by a phrase, in the order typed.
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for t in 0..tokens.len() {
        by_root.entry(root(&mut group, t)).or_default().push(t);
    }
    let mut out = Vec::new();
    for members in by_root.into_values() {
        let weight = members.len() as i64;
        let mut targets: BTreeMap<u32, (i64, u32)> = BTreeMap::new();
        for (r, used) in &matched {
            if !used.iter().all(|u| members.contains(u)) {
                continue;
            }
            if let Some(rule) = lex.vocab.get(*r as usize) {
                // Each word the phrase covers adds its pull; a one-character stem (引 of
                // 引っ越す, 休 of 休む) half of it: it says less on its own.
                let halves: i64 = rule
                    .stems
                    .iter()
                    .map(|s| if s.chars().count() >= 2 { 2 } else { 1 })
                    .sum();
                for &(entry, score) in &rule.targets {
                    merge(&mut targets, entry, score * halves / 2, *r);
                }
            }
        }
        // Every group has its root among its members, so none is empty.
        let Some(first) = members.first().and_then(|&m| tokens.get(m)) else {
            continue;
        };
        // One kanji cut from a phrase (知 of 知り合い) that no vocabulary phrase took says
        // too little on its own: it is left out, unless nothing else is left.
        let weak =
            members.len() == 1 && !first.whole && targets.is_empty() && first.text.chars().count() == 1;
        let mut term = Term {
            label: {
                let mut chunks: Vec<&str> = Vec::new();
                for t in members.iter().filter_map(|&m| tokens.get(m)) {
                    let c = t.chunk.as_str();
                    if !chunks.contains(&c) {
                        chunks.push(c);
                    }
                }
                if members.len() == 1 {
                    first.text.clone()
                } else {
                    chunks.join(" ")
                }
            },
            forms: Vec::new(),
            weight,
            required: members.len() > 1 || first.whole,
            fuzzy: members.len() == 1 && first.whole,
            ..Term::default()
        };
        for t in members.iter().filter_map(|&m| tokens.get(m)) {
            for f in &t.forms {
                if !term.forms.contains(f) {
                    term.forms.push(f.clone());
                }
            }
        }
        if members.len() == 1 && first.whole {
            if targets.is_empty() {
                vocab_prefix(first, lex, &mut targets);
            }
            term.place = first.forms.iter().find_map(|f| lex.place(f));
            if targets.is_empty() && term.place.is_none() && !first.forms.iter().any(|f| lex.in_some_word(f))
            {
                repairs(first, lex, &mut term);
            }
        }
        term.vocab = flatten(targets);
        out.push((weak, term));
    }
    if out.iter().any(|(weak, _)| !weak) {
        out.retain(|(weak, _)| !weak);
    }
    out.into_iter().map(|(_, t)| t).collect()
}

/// The vocabulary rules whose stems are all among the tokens, with the tokens they use.
fn matched_rules(tokens: &[Token], lex: &Lexicon) -> Vec<(u32, Vec<usize>)> {
    let mut matched = Vec::new();
    for (r, rule) in lex.vocab.iter().enumerate() {
        let mut used = Vec::new();
        for stem in &rule.stems {
            match tokens.iter().position(|t| t.forms.iter().any(|f| f == stem)) {
                Some(t) => used.push(t),
                None => break,
            }
        }
        if used.len() == rule.stems.len() {
            used.sort_unstable();
            used.dedup();
            matched.push((r as u32, used));
        }
    }
    matched
}

/// The concerns (ids) the vocabulary finds in a free text, in the order of the
/// vocabulary: suggestions for the intake's check-list, never ticked by themselves.
pub(super) fn concerns_in(text: &str, lex: &Lexicon) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let text: String = text.chars().take(MAX_NOTE_CHARS).collect();
    // A note is read sentence by sentence, each cut into its words.
    for sentence in text.split(['。', '、', '\n', '！', '？', '!', '?']) {
        let tokens = tokens(sentence, lex);
        for (r, _) in matched_rules(&tokens, lex) {
            for c in lex
                .vocab
                .get(r as usize)
                .map(|v| v.concerns.as_slice())
                .unwrap_or(&[])
            {
                if !out.contains(c) {
                    out.push(c.clone());
                }
            }
        }
    }
    out
}

fn merge(targets: &mut BTreeMap<u32, (i64, u32)>, entry: u32, score: i64, rule: u32) {
    let t = targets.entry(entry).or_insert((score, rule));
    if score > t.0 {
        *t = (score, rule);
    }
}

fn flatten(targets: BTreeMap<u32, (i64, u32)>) -> Vec<(u32, i64, u32)> {
    targets.into_iter().map(|(e, (s, r))| (e, s, r)).collect()
}

/// A word being typed that begins a one-word vocabulary entry (はいか -> はいかい).
fn vocab_prefix(token: &Token, lex: &Lexicon, targets: &mut BTreeMap<u32, (i64, u32)>) {
    for (r, rule) in lex.vocab.iter().enumerate() {
        let [stem] = rule.stems.as_slice() else { continue };
        if token
            .forms
            .iter()
            .any(|f| f.chars().count() >= 2 && stem.len() > f.len() && stem.starts_with(f.as_str()))
        {
            for &(entry, score) in &rule.targets {
                let s = score * VOCAB_PREFIX_SCORE / VOCAB_SCORE;
                merge(targets, entry, s, r as u32);
            }
        }
    }
}

/// Words within the allowed slips of a word that is nowhere.
fn repairs(token: &Token, lex: &Lexicon, term: &mut Term) {
    let (typed, romaji): (Vec<char>, bool) = match &token.latin {
        Some(latin) => (latin.chars().collect(), true),
        None => match token.forms.first() {
            Some(f) => (f.chars().collect(), false),
            None => return,
        },
    };
    let Some(max) = typo::allowed(typed.len()) else {
        return;
    };
    // Long vowels are often typed short in romaji (nyuyoji for nyuuyouji): compared
    // without them.
    let typed: Vec<char> = if romaji { short_vowels(&typed) } else { typed };
    let mut found: Vec<(usize, &str)> = Vec::new();
    let mut word: Vec<char> = Vec::new();
    for (kana, latin) in lex.repair_words() {
        word.clear();
        if romaji {
            let Some(latin) = latin else { continue };
            word.extend(short_vowels(&latin.chars().collect::<Vec<_>>()));
        } else {
            word.extend(kana.chars());
        }
        // Most slips keep the first or second letter in place.
        let near = match (typed.first(), typed.get(1), word.first(), word.get(1)) {
            (Some(a), b, Some(c), d) => a == c || b == Some(c) || d == Some(a),
            _ => false,
        };
        if !near {
            continue;
        }
        if let Some(d) = typo::prefix_distance(&typed, &word, max) {
            found.push((d, kana));
        }
    }
    found.sort();
    let best = found.first().map(|f| f.0);
    for (d, kana) in found {
        if Some(d) != best || term.repairs.len() >= MAX_REPAIRS {
            break;
        }
        // A repair is the beginning of the word the typed letters reach.
        let repair = kana.to_string();
        if !term.repairs.contains(&repair) {
            term.repairs.push(repair);
        }
    }
    let mut targets: BTreeMap<u32, (i64, u32)> = BTreeMap::new();
    for (r, rule) in lex.vocab.iter().enumerate() {
        if let [stem] = rule.stems.as_slice()
            && term.repairs.iter().any(|w| w == stem)
        {
            for &(entry, _) in &rule.targets {
                merge(&mut targets, entry, super::score::REPAIR_VOCAB_SCORE, r as u32);
            }
        }
    }
    term.repair_vocab = flatten(targets);
}

/// Romaji with each doubled vowel and ou / ei written once (kouyou -> koyo).
fn short_vowels(s: &[char]) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(s.len());
    for &c in s {
        let long = match out.last() {
            Some(&p) => (p == c && "aiueo".contains(c)) || (p == 'o' && c == 'u') || (p == 'e' && c == 'i'),
            None => false,
        };
        if !long {
            out.push(c);
        }
    }
    out
}

fn tokens(query: &str, lex: &Lexicon) -> Vec<Token> {
    let mut out = Vec::new();
    for chunk in terms(query) {
        let forms: Vec<String> = variants(&chunk).into_iter().filter(|f| !f.is_empty()).collect();
        let Some(first) = forms.first() else { continue };
        let latin = chunk
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '\'')
            .then(|| first.clone());
        let keep_whole = latin.is_some()
            || first.chars().count() <= 2
            || forms.iter().any(|f| lex.in_some_word(f) || lex.is_word(f));
        if keep_whole {
            out.push(Token {
                text: first.clone(),
                chunk: chunk.clone(),
                forms,
                whole: true,
                latin: latin.filter(|l| l.chars().any(|c| c.is_ascii_alphabetic())),
            });
            continue;
        }
        let pieces = cut(&chunk, lex);
        // Nothing but particles and endings (により): the word as typed.
        if pieces.is_empty() {
            out.push(Token {
                text: first.clone(),
                chunk: chunk.clone(),
                forms,
                whole: true,
                latin: None,
            });
            continue;
        }
        let whole = pieces.len() == 1;
        for p in pieces {
            out.push(Token {
                text: p.text.clone(),
                chunk: chunk.clone(),
                forms: vec![p.text],
                whole,
                latin: None,
            });
        }
    }
    out
}

/// The root of `t`'s group, halving the path on the way (every parent is an index of
/// `group`, so the walk stays inside it; one outside would be its own root).
fn root(group: &mut [usize], mut t: usize) -> usize {
    while let Some(&parent) = group.get(t)
        && parent != t
    {
        let grand = group.get(parent).copied().unwrap_or(parent);
        if let Some(slot) = group.get_mut(t) {
            *slot = grand;
        }
        t = grand;
    }
    t
}

fn union(group: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (root(group, a), root(group, b));
    if ra != rb
        && let Some(slot) = group.get_mut(ra.max(rb))
    {
        *slot = ra.min(rb);
    }
}
