//! What the query analyzer knows of a directory, built with the index and saved with it
//! in the lookup snapshot: the words of the directory and of the city's desk vocabulary
//! (to cut a phrase into words and to repair a slip), the vocabulary's entries with the
//! entries they lead to, the places (福祉圏域, 地区, schools) with their own sites, and the
//! entries that serve the whole city.

use super::fold::is_kanji;
use super::normalize::normalize;
use super::segment::stems_of;
use super::table::WordList;
use crate::domain::Directory;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use wana_kana::ConvertJapanese;

/// A vocabulary entry's pull on an entry it leads to, per word of the query it covers.
pub(super) const VOCAB_SCORE: i64 = 650;
/// Each further program of the same vocabulary entry ranks this much lower.
const VOCAB_STEP: i64 = 15;
/// The sites of a program the vocabulary leads to.
pub(super) const VOCAB_SITE_SCORE: i64 = 240;

/// One vocabulary entry, ready to match: the stems of each of its words (a phrase is
/// matched when all its stems are in the query) and the entries it leads to.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub(super) struct VocabRule {
    pub(super) stems: Vec<String>,
    /// The word as the city wrote it, for the reason shown.
    pub(super) word: String,
    /// What it leads through: the concern's label or the program's name.
    pub(super) via: String,
    /// (entry number in the index, score per query word covered), by entry.
    pub(super) targets: Vec<(u32, i64)>,
    /// The concerns (ids) the entry names: suggested at intake from the 相談内容.
    pub(super) concerns: Vec<String>,
}

/// A place word and the sites that are the place's own.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub(super) struct Place {
    pub(super) word: String,
    pub(super) sites: Vec<u32>,
}

/// The words are tables of their own in the lookup snapshot (read in place); the rest
/// goes through the store's codec.
#[derive(Serialize, Deserialize, Default)]
pub(super) struct Lexicon {
    /// Normalized words (names, readings, keywords, vocabulary words, place words),
    /// sorted and unique.
    #[serde(skip)]
    pub(super) words: WordList,
    /// Longest word, in characters.
    pub(super) max_chars: usize,
    pub(super) vocab: Vec<VocabRule>,
    /// Sorted by word.
    pub(super) places: Vec<Place>,
    /// Entry numbers (sorted) that serve the whole city and so pass an area word.
    pub(super) citywide: Vec<u32>,
    /// For typo repair, by word: the romaji of each word of three kana or more ("" for
    /// the others).
    #[serde(skip)]
    pub(super) romaji: WordList,
    /// Entry number of the first site; the programs (entry numbers) of each site in order.
    pub(super) first_site: u32,
    pub(super) site_programs: Vec<Vec<u32>>,
}

impl Lexicon {
    /// Words of three characters or more, with their romaji when they are all kana.
    pub(super) fn repair_words(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.words
            .iter()
            .zip(self.romaji.iter().chain(std::iter::repeat("")))
            .filter(|(w, _)| w.chars().nth(2).is_some())
            .map(|(w, r)| (w, Some(r).filter(|r| !r.is_empty())))
    }

    pub(super) fn is_word(&self, w: &str) -> bool {
        self.words.has(w)
    }

    /// Is `piece` part of some word (so a word being typed is left whole)?
    pub(super) fn in_some_word(&self, piece: &str) -> bool {
        self.words.in_some(piece)
    }

    pub(super) fn place(&self, w: &str) -> Option<usize> {
        self.places.binary_search_by(|p| p.word.as_str().cmp(w)).ok()
    }

    /// The programs (entry numbers) of a site's entry; none for other entries.
    pub(super) fn programs_of(&self, entry: usize) -> &[u32] {
        entry
            .checked_sub(self.first_site as usize)
            .and_then(|i| self.site_programs.get(i))
            .map_or(&[], Vec::as_slice)
    }

    pub(super) fn is_citywide(&self, entry: u32) -> bool {
        self.citywide.binary_search(&entry).is_ok()
    }

    /// Every entry number the lexicon names is below `entries` (a damaged snapshot must
    /// not point past the index).
    pub(super) fn fits(&self, entries: usize) -> bool {
        let ok = |e: &u32| (*e as usize) < entries;
        self.citywide.iter().all(ok)
            && self
                .site_programs
                .iter()
                .all(|s| s.iter().all(|p| *p < self.first_site))
            && self.places.iter().all(|p| p.sites.iter().all(ok))
            && self.vocab.iter().all(|v| v.targets.iter().all(|(e, _)| ok(e)))
    }

    pub(super) fn build(dir: &Directory) -> Lexicon {
        let programs = dir.programs.len() as u32;
        let sites = programs + dir.sites.len() as u32;
        let sections = sites + dir.sections.len() as u32;
        // Programs by id (the first of an id, as Directory::program finds it), each site's
        // programs and each program's sites, worked out once: every step below uses them.
        let mut by_id: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        for (i, p) in dir.programs.iter().enumerate() {
            by_id.entry(p.id.as_str()).or_insert(i as u32);
        }
        let program_entry = |id: &str| by_id.get(id).copied();
        let site_entry = |i: usize| programs + i as u32;
        let site_programs: Vec<Vec<u32>> = dir
            .sites
            .iter()
            .map(|s| s.programs.iter().filter_map(|p| program_entry(p)).collect())
            .collect();
        let mut sites_of: Vec<Vec<u32>> = vec![Vec::new(); dir.programs.len()];
        for (i, progs) in site_programs.iter().enumerate() {
            for &p in progs {
                if let Some(list) = sites_of.get_mut(p as usize)
                    && list.last() != Some(&site_entry(i))
                {
                    list.push(site_entry(i));
                }
            }
        }

        // Words: what the directory names and the vocabulary's words.
        let mut words: BTreeSet<String> = BTreeSet::new();
        let mut add = |w: &str| {
            let n = normalize(w.trim());
            if n.chars().count() >= 2 || n.chars().any(is_kanji) {
                words.insert(n);
            }
        };
        for p in &dir.programs {
            for w in [&p.name, &p.reading, &p.service, &p.service_reading] {
                add(w);
            }
            p.keywords.iter().for_each(|k| add(k));
        }
        for s in &dir.sites {
            add(&s.name);
            add(&s.reading);
            s.keywords.iter().for_each(|k| add(k));
            for w in [&s.area, &s.school].into_iter().flatten() {
                add(w);
            }
        }
        for s in &dir.sections {
            add(&s.name);
            add(&s.reading);
            s.keywords.iter().for_each(|k| add(k));
        }
        for m in &dir.meetings {
            add(&m.name);
            add(&m.reading);
            m.keywords.iter().for_each(|k| add(k));
        }
        for c in &dir.concerns {
            add(&c.label);
            add(&c.reading);
        }
        for d in &dir.districts {
            add(&d.name);
            add(&d.reading);
        }
        let places = places(dir, programs, &mut add);
        // A vocabulary word is a word of the lexicon; a phrase (with particles or
        // endings) is matched by its stems instead.
        for v in &dir.vocabulary {
            v.words.iter().filter(|w| !is_phrase(w)).for_each(|w| add(w));
        }
        for c in &dir.concerns {
            c.keywords.iter().filter(|w| !is_phrase(w)).for_each(|w| add(w));
        }
        let words: Vec<String> = words.into_iter().collect();
        let max_chars = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
        let mut lexicon = Lexicon {
            words: words.iter().collect(),
            max_chars,
            places,
            ..Lexicon::default()
        };
        lexicon.romaji = words
            .iter()
            .map(|w| {
                let kana = w.chars().count() >= 3 && w.chars().all(|c| matches!(c, 'ぁ'..='ゖ' | 'ー'));
                if kana { w.to_romaji() } else { String::new() }
            })
            .collect();

        // Concern -> programs, from the referral rules that take the concern alone, in
        // the rules' order of priority.
        let mut rules: Vec<&crate::domain::Rule> = dir
            .rules
            .iter()
            .filter(|r| r.when.concerns_all.is_empty() && !r.when.fallback)
            .collect();
        rules.sort_by_key(|r| r.priority);
        let programs_of_concern = |concern: &str| -> Vec<&str> {
            let mut out: Vec<&str> = Vec::new();
            for r in &rules {
                if r.when.concerns_any.iter().any(|c| c == concern) {
                    for rec in &r.recommend {
                        if !out.contains(&rec.program.as_str()) {
                            out.push(&rec.program);
                        }
                    }
                }
            }
            out
        };
        // The check-list's own words (its labels, and keywords a seed may still list in
        // concerns.toml) are vocabulary too: one list.
        let from_concerns: Vec<crate::domain::VocabEntry> = dir
            .concerns
            .iter()
            .map(|c| crate::domain::VocabEntry {
                words: std::iter::once(c.label.clone())
                    .chain(c.keywords.iter().cloned())
                    .collect(),
                concerns: vec![c.id.clone()],
                programs: Vec::new(),
                wording: crate::domain::Wording::City,
                note: None,
            })
            .collect();
        for v in dir.vocabulary.iter().chain(&from_concerns) {
            let mut targets: BTreeMap<u32, i64> = BTreeMap::new();
            let mut via: Vec<String> = Vec::new();
            let mut rank = 0;
            let lead = |entry: u32, score: i64, targets: &mut BTreeMap<u32, i64>| {
                let s = targets.entry(entry).or_insert(0);
                *s = (*s).max(score);
            };
            let reach = |program: &str, rank: &mut i64, targets: &mut BTreeMap<u32, i64>| {
                let Some(e) = program_entry(program) else { return };
                lead(e, VOCAB_SCORE - *rank * VOCAB_STEP, targets);
                *rank += 1;
                for &site in sites_of.get(e as usize).into_iter().flatten() {
                    lead(site, VOCAB_SITE_SCORE, targets);
                }
            };
            for p in &v.programs {
                reach(p, &mut rank, &mut targets);
                if let Some(p) = dir.program(p) {
                    via.push(p.service.clone());
                }
            }
            for c in &v.concerns {
                for p in programs_of_concern(c) {
                    reach(p, &mut rank, &mut targets);
                }
                if let Some(c) = dir.concern(c) {
                    via.push(c.label.clone());
                }
            }
            let targets: Vec<(u32, i64)> = targets.into_iter().collect();
            for w in &v.words {
                let stems = if is_phrase(w) {
                    stems_of(w, &lexicon)
                } else {
                    vec![normalize(w.trim())]
                };
                if stems.is_empty() {
                    continue;
                }
                lexicon.vocab.push(VocabRule {
                    stems,
                    word: w.trim().to_string(),
                    via: via.join("、"),
                    targets: targets.clone(),
                    concerns: v.concerns.clone(),
                });
            }
        }

        // Whole-city entries: programs whose 圏域 is the whole city, their sites that are
        // tied to no area or school, every section and meeting.
        let mut citywide: Vec<u32> = Vec::new();
        for (i, p) in dir.programs.iter().enumerate() {
            if p.area.as_deref().is_some_and(|a| a.contains("全域")) {
                citywide.push(i as u32);
            }
        }
        let citywide_program: Vec<bool> = (0..programs).map(|i| citywide.contains(&i)).collect();
        for ((i, s), progs) in dir.sites.iter().enumerate().zip(&site_programs) {
            let any_citywide = progs
                .iter()
                .any(|&e| citywide_program.get(e as usize).copied().unwrap_or(false));
            if any_citywide && s.area.is_none() && s.school.is_none() {
                citywide.push(site_entry(i));
            }
        }
        citywide.extend(sites..sections + dir.meetings.len() as u32);
        lexicon.first_site = programs;
        lexicon.site_programs = site_programs;
        citywide.sort_unstable();
        citywide.dedup();
        lexicon.citywide = citywide;
        lexicon
    }
}

/// A phrase: words apart (ひきこもり 高齢), or kana after a kanji once okurigana are folded
/// (年金が少ない, 怒鳴られる), as against a word (不登校, 物忘れ, お金, ひきこもり).
fn is_phrase(w: &str) -> bool {
    if w.trim().contains(char::is_whitespace) {
        return true;
    }
    let n = normalize(w.trim());
    let chars: Vec<char> = n.chars().collect();
    chars
        .windows(2)
        .any(|p| matches!(*p, [a, '\u{3041}'..='\u{3096}'] if is_kanji(a)))
}

/// Places: each 福祉圏域 (districts.toml) with its sites, each area and school the plan
/// ties a site to, with the short forms desks type (扇町地区 as 扇町, 金子中 as 金子中学校).
fn places(dir: &Directory, programs: u32, add: &mut impl FnMut(&str)) -> Vec<Place> {
    let mut by_word: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let site_entry = |id: &str| {
        dir.sites
            .iter()
            .position(|s| s.id == id)
            .map(|i| programs + i as u32)
    };
    let mut put = |word: &str, site: Option<u32>| {
        let w = normalize(word.trim());
        if w.chars().count() < 2 {
            return;
        }
        let set = by_word.entry(w).or_default();
        set.extend(site);
    };
    for d in &dir.districts {
        for id in &d.sites {
            put(&d.name, site_entry(id));
            put(&d.reading, site_entry(id));
        }
        put(&d.name, None);
        put(&d.reading, None);
    }
    for (i, s) in dir.sites.iter().enumerate() {
        let e = Some(programs + i as u32);
        if let Some(a) = &s.area {
            put(a, e);
            if let Some(short) = a.strip_suffix("地区").filter(|s| !s.is_empty()) {
                put(short, e);
                // 宮寺・二本木地区: each name of the pair
                for part in short.split('・') {
                    put(part, e);
                }
            }
        }
        if let Some(school) = &s.school {
            put(school, e);
            if let Some(short) = school.strip_suffix('中') {
                put(&format!("{short}中学校"), e);
                put(&format!("{short}中学"), e);
            }
        }
    }
    by_word
        .into_iter()
        .map(|(word, sites)| {
            add(&word);
            Place {
                word,
                sites: sites.into_iter().collect(),
            }
        })
        .collect()
}
