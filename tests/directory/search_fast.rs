//! The keystroke search's fast path (a memo per distinct text, issue 10) gives exactly the
//! answers of the plain path (every field of every entry read for itself): same hits, same
//! scores, same order, same partial mark. Checked, not assumed, on the city's seed and on
//! a synthetic city (src/synth), for thousands of queries typed one key at a time (and
//! erased again), as the 検索 tab sends them: the desk queries, pieces of names, readings
//! and keywords, their romaji, romaji with a slip of the key, full-width letters, two
//! words, place + need, and nonsense.

use std::collections::HashMap;
use tsunagu::domain::Directory;
use tsunagu::search::{Hit, Index};
use tsunagu::synth::Rng;
use wana_kana::ConvertJapanese;

fn city() -> Directory {
    tsunagu::seed::load_embedded()
        .expect("embedded seed is valid")
        .directory
}

/// A synthetic city of `entries` entries (the real seed plus generated ones).
fn synthetic(entries: usize) -> Directory {
    let tmp = tempfile::tempdir().expect("tempdir");
    let seed = tmp.path().join("seed");
    tsunagu::synth::write_seed(&seed, entries, 20_261_202).expect("write synthetic seed");
    tsunagu::seed::load_dir(&seed).expect("synthetic seed is valid")
}

fn desk_queries() -> Vec<String> {
    crate::search::desk_queries()
        .query
        .into_iter()
        .map(|q| q.q)
        .collect()
}

/// The texts a desk would type from: names, readings, keywords of every kind of entry.
fn texts(dir: &Directory) -> Vec<String> {
    let mut out = Vec::new();
    for p in &dir.programs {
        out.extend([p.name.clone(), p.reading.clone(), p.service.clone()]);
        out.extend(p.keywords.iter().cloned());
    }
    for s in &dir.sites {
        out.extend([s.name.clone(), s.reading.clone()]);
        out.extend(s.location.iter().cloned());
    }
    for s in &dir.sections {
        out.extend([s.name.clone(), s.reading.clone()]);
    }
    for m in &dir.meetings {
        out.extend([m.name.clone(), m.reading.clone()]);
    }
    out.retain(|t| !t.trim().is_empty());
    out
}

fn piece(rng: &mut Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = rng.below(chars.len());
    let len = 1 + rng.below(8.min(chars.len() - start));
    chars[start..start + len].iter().collect()
}

/// One slip of the key: a letter dropped, doubled or swapped with the next.
fn slip(rng: &mut Rng, word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 2 {
        return word.to_string();
    }
    let at = rng.below(chars.len() - 1);
    match rng.below(3) {
        0 => {
            chars.remove(at);
        }
        1 => chars.insert(at, chars[at]),
        _ => chars.swap(at, at + 1),
    }
    chars.into_iter().collect()
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// `n` random queries made from the directory's own texts.
fn random_queries(dir: &Directory, n: usize, seed: u64) -> Vec<String> {
    let texts = texts(dir);
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    while out.len() < n {
        let t = rng.pick(&texts);
        let a = piece(&mut rng, t);
        let t = rng.pick(&texts);
        let b = piece(&mut rng, t);
        let romaji = a.to_romaji();
        let q = match rng.below(9) {
            0 | 1 => a,
            2 => romaji,
            3 => slip(&mut rng, &romaji),
            4 => slip(&mut rng, &a),
            5 => full_width(&romaji),
            6 => format!("{a} {b}"),
            7 => format!("{a}　{}", b.to_romaji()),
            _ => (0..1 + rng.below(6))
                .map(|_| *rng.pick(&['ぬ', 'ゑ', '鬱', 'x', 'q', 'ー', '-', '5']))
                .collect(),
        };
        if !q.trim().is_empty() {
            out.push(q);
        }
    }
    out
}

fn key(h: &Hit) -> (String, usize, i64) {
    (format!("{:?}", h.kind), h.idx, h.score)
}

/// Types every query one key at a time, then erases it key by key, on one index, and
/// compares each answer with the plain path's. Returns how many answers were compared.
fn compare(index: &Index, queries: &[String]) -> usize {
    let limits = [300, 3, 10, usize::MAX];
    // The plain path's hits and partial mark, by (prefix, limit).
    type Answer = (Vec<(String, usize, i64)>, usize);
    let mut plain: HashMap<(String, usize), Answer> = HashMap::new();
    let mut compared = 0;
    for (n, q) in queries.iter().enumerate() {
        let limit = limits[n % limits.len()];
        let chars: Vec<char> = q.chars().collect();
        let typed = (1..=chars.len()).chain((1..chars.len()).rev());
        for len in typed {
            let prefix: String = chars[..len].iter().collect();
            let fast = index.query(&prefix, limit);
            let want = plain.entry((prefix.clone(), limit)).or_insert_with(|| {
                let p = index.query_plain(&prefix, limit);
                (p.hits.iter().map(key).collect(), p.partial_from)
            });
            let got: Vec<_> = fast.hits.iter().map(key).collect();
            assert_eq!(&got, &want.0, "hits for {prefix:?} (typing {q:?}, limit {limit})");
            assert_eq!(
                fast.partial_from, want.1,
                "partial mark for {prefix:?} (limit {limit})"
            );
            compared += 1;
        }
    }
    compared
}

/// [`compare`] on a fresh index (entry by entry, as `find`'s one lookup) and on one
/// prepared as the desk prepares its own (through the postings, search/postings.rs).
fn compare_both_ways(dir: &Directory, queries: &[String]) -> usize {
    let compared = compare(&Index::build(dir), queries);
    let prepared = Index::build(dir);
    prepared.prepare();
    assert_eq!(compare(&prepared, queries), compared);
    compared
}

#[test]
fn fast_search_answers_as_the_plain_search_on_the_city_seed() {
    let dir = city();
    let mut queries = desk_queries();
    queries.extend(
        [
            "ＤＶ",
            "hikikmori",
            "子ども 相談",
            "地域包括 藤沢",
            "ﾋｷｺﾓﾘ 8050",
            "親が認知症で徘徊する",
        ]
        .map(String::from),
    );
    queries.extend(random_queries(&dir, 600, 1));
    let compared = compare_both_ways(&dir, &queries);
    assert!(compared > 5000, "{compared} answers compared");
}

#[test]
fn fast_search_answers_as_the_plain_search_on_a_synthetic_city() {
    let dir = synthetic(1500);
    assert!(dir.programs.len() + dir.sites.len() >= 1400);
    let mut queries: Vec<String> = desk_queries().into_iter().step_by(3).collect();
    queries.extend(random_queries(&dir, 150, 2));
    let compared = compare_both_ways(&dir, &queries);
    assert!(compared > 1000, "{compared} answers compared");
}

/// A limited answer is the head of the unlimited one: the search keeps only the hits
/// that can still make the list (the limit-th's score is the floor fuzzy matches must
/// reach; the others are dropped once selected), so nothing it drops may change the
/// first `limit`. Checked for one- and two-letter prefixes (thousands of hits on the
/// synthetic city), slips (fuzzy and repaired hits) and the desk queries.
#[test]
fn a_limited_answer_is_the_head_of_the_unlimited_one() {
    let dir = synthetic(1500);
    let index = Index::build(&dir);
    index.prepare();
    let mut queries: Vec<String> = desk_queries().into_iter().step_by(2).collect();
    queries.extend(random_queries(&dir, 120, 3));
    let mut prefixes: Vec<String> = Vec::new();
    for q in &queries {
        let chars: Vec<char> = q.chars().collect();
        prefixes.extend((1..=chars.len().min(3)).map(|n| chars[..n].iter().collect::<String>()));
        prefixes.push(q.clone());
    }
    prefixes.sort();
    prefixes.dedup();
    let mut long = 0;
    for p in &prefixes {
        let all = index.query(p, usize::MAX);
        long += usize::from(all.partial_from > 300);
        for limit in [1, 3, 10, 300] {
            let some = index.query(p, limit);
            let head = limit.min(all.partial_from);
            assert_eq!(some.partial_from, head, "{p:?} limit {limit}");
            let got: Vec<_> = some.hits[..head].iter().map(key).collect();
            let want: Vec<_> = all.hits[..head].iter().map(key).collect();
            assert_eq!(got, want, "{p:?} limit {limit}");
        }
    }
    assert!(long > 20, "{long} prefixes with more than 300 hits");
}
