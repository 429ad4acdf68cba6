//! Search latency per keystroke: a query typed one character at a time, `Index::search`
//! called for every prefix (as the 検索 tab does, with its limit of 300 hits), on the
//! city's seed and on the synthetic city of 10,000 entries. Also the time to build the
//! index (paid once at start, and by a `tsunagu find` with no snapshot of its seed).
//!
//! `cargo bench --bench search_keys` (TSUNAGU_BENCH_ROUNDS sets the repetitions).

mod common;

use common::{Budget, Report, env_usize, ms};
use std::time::Instant;
use tsunagu::domain::Directory;
use tsunagu::search::Index;

/// What the 検索 tab asks for (tui::tabs::search::MAX_HITS).
const LIMIT: usize = 300;

const QUERIES: &[&str] = &[
    "hikikomori",
    "地域包括支援センター",
    "かいご",
    "介護 藤沢",
    "ﾋｷｺﾓﾘ",
    // A phrase as a caller says it: cut into words, the city's vocabulary applied.
    "親の介護が大変で仕事を辞めそう",
];

fn prefixes(q: &str) -> Vec<String> {
    let chars: Vec<char> = q.chars().collect();
    (1..=chars.len()).map(|n| chars[..n].iter().collect()).collect()
}

/// One keystroke's search: the fast path, or with TSUNAGU_BENCH_PLAIN=1 the plain path
/// (every field of every entry read for itself, as before issue 10's memo) for a
/// before/after on the same binary and the same load.
fn search(index: &Index, prefix: &str) -> usize {
    if plain() {
        index.query_plain(prefix, LIMIT).hits.len()
    } else {
        index.search(prefix, LIMIT).len()
    }
}

fn plain() -> bool {
    std::env::var_os("TSUNAGU_BENCH_PLAIN").is_some_and(|v| v == "1")
}

fn bench(report: &mut Report, label: &str, dir: &Directory, rounds: usize, budget: Option<Budget>) {
    let builds = env_usize(
        "TSUNAGU_BENCH_BUILDS",
        if dir.sites.len() > 1000 { 5 } else { 50 },
    );
    let mut build = Vec::new();
    for _ in 0..builds {
        let t = Instant::now();
        let index = Index::build(dir);
        build.push(ms(t.elapsed()));
        std::hint::black_box(index);
    }
    let index = Index::build(dir);
    report.samples(
        &format!("Index::build, {label} ({} entries)", index.len()),
        "ms",
        &build,
        None,
    );
    // As the desk makes its index ready for keys (search/postings.rs).
    let t = Instant::now();
    index.prepare();
    report.samples(
        &format!("Index::prepare, {label}"),
        "ms",
        &[ms(t.elapsed())],
        None,
    );

    let mut all = Vec::new();
    let mut per_query: Vec<Vec<f64>> = vec![Vec::new(); QUERIES.len()];
    // Each prefix's best time over the rounds: what a key costs with the least
    // interference from other processes (the machine is often shared).
    let mut best: Vec<(String, f64)> = QUERIES
        .iter()
        .flat_map(|q| prefixes(q))
        .map(|p| (p, f64::INFINITY))
        .collect();
    // Warm-up: one pass.
    type_every_query(&index);
    for _ in 0..rounds {
        let mut slot = best.iter_mut();
        for (i, q) in QUERIES.iter().enumerate() {
            for p in prefixes(q) {
                let t = Instant::now();
                let hits = search(&index, &p);
                let d = ms(t.elapsed());
                std::hint::black_box(hits);
                per_query[i].push(d);
                all.push(d);
                if let Some((_, b)) = slot.next() {
                    *b = b.min(d);
                }
            }
        }
    }
    for (q, samples) in QUERIES.iter().zip(&per_query) {
        let hits = index.search(q, usize::MAX).len();
        report.samples(
            &format!("  keystroke search {q:?}, {label} ({hits} hits at the end)"),
            "ms",
            samples,
            None,
        );
    }
    report.samples(
        &format!("keystroke search, every prefix of every query, {label}"),
        "ms",
        &all,
        budget,
    );
    report.bests(
        &format!("  best of {rounds} rounds per prefix, {label} (load-free estimate)"),
        &format!("slowest prefixes, {label}, best of {rounds} (ms)"),
        best,
        5,
    );
}

/// One pass over every prefix of every query, untimed: the warm-up, and what callgrind
/// counts (`--collect-atstart=no --toggle-collect='*type_every_query*'`, BENCHMARKS.md).
#[inline(never)]
fn type_every_query(index: &Index) {
    for q in QUERIES {
        for p in prefixes(q) {
            std::hint::black_box(search(index, &p));
        }
    }
}

fn main() {
    let rounds = env_usize("TSUNAGU_BENCH_ROUNDS", 20);
    let mut report = Report::new("search_keys");
    report.note(&format!(
        "queries {QUERIES:?}, typed one character at a time; {rounds} rounds; Index::search(prefix, {LIMIT})"
    ));
    let city = tsunagu::seed::load_embedded().expect("embedded seed").directory;
    bench(&mut report, "city seed", &city, rounds * 5, None);
    let large = common::large_city();
    let dir = common::large_directory(&large);
    bench(
        &mut report,
        "10k entries",
        &dir,
        rounds,
        Some(Budget { limit: 3.0 }),
    );
}
