//! Shared by the benches: the release binary, the synthetic large city (cached under
//! target/), percentiles, and the results files `benches/run.sh` turns into
//! BENCHMARKS.md. Each bench uses part of it.
#![allow(dead_code)]

pub mod pty;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use tsunagu::store::replicate::{SeedSource, sync};
use tsunagu::store::{SledStore, Store};
use tsunagu::synth;

/// The seed of the synthetic city's PRNG (fixed: the same city on every machine).
pub const CITY_SEED: u64 = 20_260_326;

pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The cargo target folder: CARGO_TARGET_DIR, else two levels above the bench executable
/// (target/release/deps/NAME-HASH).
pub fn target_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(d);
    }
    let exe = std::env::current_exe().expect("current_exe");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// target/release/tsunagu, built first with `cargo build --release --bin tsunagu` (a no-op
/// when it is up to date; skipped with TSUNAGU_BENCH_NO_BUILD=1). A failed build with an
/// existing binary is a warning: that binary is used.
pub fn release_binary() -> PathBuf {
    let bin = target_dir().join("release").join("tsunagu");
    if std::env::var_os("TSUNAGU_BENCH_NO_BUILD").is_none() {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "build",
                "--release",
                "--quiet",
                "--bin",
                "tsunagu",
                "--manifest-path",
            ])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .status();
        match status {
            Ok(s) if s.success() => {}
            other => {
                assert!(
                    bin.exists(),
                    "cargo build --release failed ({other:?}) and {bin:?} is missing"
                );
                eprintln!("warning: cargo build --release failed ({other:?}); using the existing {bin:?}");
            }
        }
    }
    assert!(bin.exists(), "{bin:?} missing: run cargo build --release");
    bin
}

/// The large synthetic city: a seed folder, a data folder whose store holds the
/// replicated directory and the cases, and the entries as lines (for fzf).
pub struct City {
    pub seed: PathBuf,
    pub data: PathBuf,
    pub lines: PathBuf,
    pub entries: usize,
    pub cases: usize,
}

/// The large city, generated once into target/bench-city/ (TSUNAGU_BENCH_ENTRIES and
/// TSUNAGU_BENCH_CASES change its size; each size, and each version of the real seed,
/// has its own folder). The cases are dated relative to the day of generation.
pub fn large_city() -> City {
    let entries = env_usize("TSUNAGU_BENCH_ENTRIES", synth::LARGE_ENTRIES);
    let cases = env_usize("TSUNAGU_BENCH_CASES", synth::LARGE_CASES);
    // A new real seed (or generator) makes a new city.
    let real = tsunagu::seed::SeedText::embedded().hash();
    let root = target_dir()
        .join("bench-city")
        .join(format!("v1-{entries}-{cases}-{CITY_SEED}-{}", &real[..12]));
    let city = City {
        seed: root.join("seed"),
        data: root.join("data"),
        lines: root.join("entries.txt"),
        entries,
        cases,
    };
    let done = root.join("done");
    if done.exists() {
        return city;
    }
    let _ = std::fs::remove_dir_all(&root);
    eprintln!("generating the synthetic city ({entries} entries, {cases} cases) in {root:?} ...");
    let t = std::time::Instant::now();
    let counts = synth::write_seed(&city.seed, entries, CITY_SEED).expect("write seed");
    tsunagu::store::fsync::create_private_dir(&city.data).expect("data dir");
    let store = SledStore::open(&city.data.join("store")).expect("open store");
    let now = chrono::Local::now();
    // Validates the seed (as `tsunagu seed check` does) and replicates it.
    let synced = sync(
        &store,
        &SeedSource::Dir(city.seed.clone()),
        &now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    )
    .expect("replicate");
    assert!(
        synced.problems.is_none(),
        "synthetic seed invalid: {:?}",
        synced.problems
    );
    let dir = synced.directory;
    let mut lines = synth::entry_lines(&dir).join("\n");
    lines.push('\n');
    std::fs::write(&city.lines, lines).expect("write lines");
    let filled = synth::fill_store(&store, &dir, cases, now.date_naive(), CITY_SEED).expect("fill store");
    store.flush_durable().expect("flush");
    drop(store);
    std::fs::write(&done, format!("{counts:?}\n{filled:?}\n")).expect("marker");
    eprintln!(
        "  {} entries ({:.1} MiB of TOML), {} cases, {} hand-offs in {:.1} s",
        counts.entries(),
        counts.bytes as f64 / 1048576.0,
        filled.cases,
        filled.handoffs,
        t.elapsed().as_secs_f64()
    );
    city
}

/// The large city's directory as its store holds it (the replica of its seed): the same
/// Directory `seed::load_dir` gives, without validating the seed again.
pub fn large_directory(city: &City) -> tsunagu::domain::Directory {
    let store = SledStore::open(&city.data.join("store")).expect("open store");
    store
        .replica()
        .expect("read replica")
        .expect("the large city's store has a replica")
        .directory
}

/// Size of a folder tree in bytes.
pub fn tree_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => total += tree_bytes(&e.path()),
                Ok(t) if t.is_file() => total += e.metadata().map(|m| m.len()).unwrap_or(0),
                _ => {}
            }
        }
    }
    total
}

/// Percentile by nearest rank (p in 0..=1) of sorted samples.
pub fn pct(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    assert!(n > 0, "no samples");
    sorted[((n as f64 * p).ceil() as usize).clamp(1, n) - 1]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A budget: the figure (p99) must be at most `limit`.
#[derive(Clone, Copy)]
pub struct Budget {
    pub limit: f64,
}

/// A bench's figures, printed as they come and written to
/// target/bench-results/NAME.tsv for `benches/run.sh`.
pub struct Report {
    file: std::fs::File,
}

impl Report {
    pub fn new(bench: &str) -> Report {
        let dir = target_dir().join("bench-results");
        std::fs::create_dir_all(&dir).expect("results dir");
        let file = std::fs::File::create(dir.join(format!("{bench}.tsv"))).expect("results file");
        Report { file }
    }

    /// One figure from samples: p50, p99, n, max; PASS/FAIL against the budget by p99.
    pub fn samples(&mut self, name: &str, unit: &str, samples: &[f64], budget: Option<Budget>) {
        let mut s = samples.to_vec();
        s.sort_by(|a, b| a.total_cmp(b));
        let (p50, p99, max) = (pct(&s, 0.5), pct(&s, 0.99), s[s.len() - 1]);
        self.row(name, unit, p50, p99, max, s.len(), budget);
    }

    /// One figure already summarised.
    #[allow(clippy::too_many_arguments)]
    pub fn row(
        &mut self,
        name: &str,
        unit: &str,
        p50: f64,
        p99: f64,
        max: f64,
        n: usize,
        budget: Option<Budget>,
    ) {
        let verdict = match budget {
            Some(b) if p99 <= b.limit => format!("PASS (<= {} {unit})", fmt(b.limit)),
            Some(b) => format!("FAIL (<= {} {unit})", fmt(b.limit)),
            None => "-".to_string(),
        };
        println!(
            "{name:<58} p50 {:>9}  p99 {:>9}  max {:>9} {unit:<6} n={n:<5} {verdict}",
            fmt(p50),
            fmt(p99),
            fmt(max)
        );
        writeln!(
            self.file,
            "{name}\t{}\t{}\t{}\t{unit}\t{n}\t{verdict}",
            fmt(p50),
            fmt(p99),
            fmt(max)
        )
        .expect("write results");
    }

    /// A ratio (p50 / p50 and p99 / p99), judged by the p50 ratio.
    pub fn ratio(&mut self, name: &str, r50: f64, r99: f64, n: usize, budget: Option<Budget>) {
        let verdict = match budget {
            Some(b) if r50 <= b.limit => format!("PASS (<= {})", fmt(b.limit)),
            Some(b) => format!("FAIL (<= {})", fmt(b.limit)),
            None => "-".to_string(),
        };
        println!(
            "{name:<58} p50 {:>9}  p99 {:>9}  {:>13} {:<6} n={n:<5} {verdict}",
            fmt(r50),
            fmt(r99),
            "",
            "x"
        );
        writeln!(
            self.file,
            "{name}\t{}\t{}\t-\tx\t{n}\t{verdict}",
            fmt(r50),
            fmt(r99)
        )
        .expect("write results");
    }

    /// Each key's best time over the rounds as a figure (a load-free estimate of what a
    /// key costs), and a note naming the `slowest` slowest keys.
    pub fn bests(&mut self, name: &str, note: &str, mut best: Vec<(String, f64)>, slowest: usize) {
        let times: Vec<f64> = best.iter().map(|b| b.1).collect();
        self.samples(name, "ms", &times, None);
        best.sort_by(|a, b| b.1.total_cmp(&a.1));
        let slow: Vec<String> = best
            .iter()
            .take(slowest)
            .map(|(p, d)| format!("{p:?} {d:.3}"))
            .collect();
        self.note(&format!("{note}: {}", slow.join(", ")));
    }

    /// A line of context (not a figure) for the report.
    pub fn note(&mut self, text: &str) {
        println!("  {text}");
        writeln!(self.file, "#\t{text}").expect("write results");
    }
}

/// Three significant digits, no exponent.
pub fn fmt(v: f64) -> String {
    let a = v.abs();
    if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// The load average (1 minute) from /proc/loadavg.
pub fn load1() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(f64::NAN)
}

/// A `kB` field of /proc/PID/status (VmHWM, VmRSS), in MiB.
pub fn status_mib(pid: u32, field: &str) -> Option<f64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
