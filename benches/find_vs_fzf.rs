//! `tsunagu find QUERY` as a whole process (start, read and hash the seed, read the lookup
//! snapshot of that seed, search, print) against `fzf --filter QUERY` over the same
//! entries as lines (name, reading, keywords: `synth::entry_lines`), run alternately in
//! one series, with the city's seed and with the synthetic large city; and the peak
//! memory of `tsunagu find` (ru_maxrss from wait4, the VmHWM of the process at its end).
//! Also the first lookup after a seed change, with no snapshot: open the store, check
//! the replica, build the index, write the snapshot.
//!
//! `cargo bench --bench find_vs_fzf`. Needs fzf on PATH (`apt-get install -y fzf`;
//! benches/run.sh installs it); without it only tsunagu is timed. Outputs go to
//! /dev/null; `find` prints its default 10 rows, fzf every match. TSUNAGU_BENCH_RUNS sets
//! the runs per query (default 30); a `find` slower than 5 s stops a series at 3 runs.

mod common;

use common::{Budget, Report, env_usize, fmt, pct};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const QUERIES: &[&str] = &["ひきこもり", "地域包括支援センター", "かいご"];

/// Wall time and peak RSS (MiB) of one process run to its end. The child is reaped by
/// wait4 (for its rusage), not by std's `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run(cmd: &mut Command, stdin: Option<&Path>) -> (Duration, f64) {
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    cmd.stdin(match stdin {
        Some(p) => Stdio::from(std::fs::File::open(p).expect("open input")),
        None => Stdio::null(),
    });
    let start = Instant::now();
    let child = cmd.spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it in for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for the child we spawned (std's Child is not waited on afterwards).
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let took = start.elapsed();
    assert_eq!(r, pid, "wait4: {}", std::io::Error::last_os_error());
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed: {status}"
    );
    (took, usage.ru_maxrss as f64 / 1024.0)
}

fn has_fzf() -> bool {
    Command::new("fzf")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

struct Series {
    /// Lookups with no snapshot (the first after a seed change or a new build).
    cold: Vec<f64>,
    find: Vec<f64>,
    fzf: Vec<f64>,
    rss: Vec<f64>,
}

/// `replicated`: the store already holds the seed's replica (else one untimed run first).
fn series(bin: &Path, args: &[String], lines: &Path, fzf: bool, replicated: bool) -> Series {
    let runs = env_usize("TSUNAGU_BENCH_RUNS", 30);
    let mut s = Series {
        cold: Vec::new(),
        find: Vec::new(),
        fzf: Vec::new(),
        rss: Vec::new(),
    };
    if !replicated {
        run(Command::new(bin).arg("find").arg(QUERIES[0]).args(args), None);
    }
    let snapshot = data_dir(args).map(|d| tsunagu::config::lookup_snapshot(&d));
    for q in QUERIES {
        if let Some(p) = &snapshot {
            let _ = std::fs::remove_file(p);
        }
        let (t, _) = run(Command::new(bin).arg("find").arg(q).args(args), None);
        s.cold.push(t.as_secs_f64() * 1000.0);
    }
    let started = Instant::now();
    'queries: for q in QUERIES {
        for k in 0..runs {
            let (t, rss) = run(Command::new(bin).arg("find").arg(q).args(args), None);
            s.find.push(t.as_secs_f64() * 1000.0);
            s.rss.push(rss);
            if fzf {
                let (t, _) = run(Command::new("fzf").arg("--filter").arg(q), Some(lines));
                s.fzf.push(t.as_secs_f64() * 1000.0);
            }
            let slow = t > Duration::from_secs(5);
            if (slow && k >= 2) || (started.elapsed() > Duration::from_secs(200) && s.find.len() >= 3) {
                break 'queries;
            }
        }
    }
    s
}

/// The `--data` folder of the arguments.
fn data_dir(args: &[String]) -> Option<std::path::PathBuf> {
    let at = args.iter().position(|a| a == "--data")?;
    args.get(at + 1).map(std::path::PathBuf::from)
}

fn report_series(report: &mut Report, label: &str, s: &Series, fzf: bool, entries: usize) {
    report.samples(
        &format!("tsunagu find, first lookup of a seed (no snapshot), {label}"),
        "ms",
        &s.cold,
        None,
    );
    report.samples(
        &format!("tsunagu find, whole process, {label} ({entries} entries)"),
        "ms",
        &s.find,
        None,
    );
    report.samples(
        &format!("peak RSS (ru_maxrss) of tsunagu find, {label}"),
        "MiB",
        &s.rss,
        None,
    );
    if !fzf {
        report.note("fzf not installed (apt-get install -y fzf): no comparison");
        return;
    }
    report.samples(
        &format!("fzf --filter, same queries, {label}"),
        "ms",
        &s.fzf,
        None,
    );
    let sorted = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(|a, b| a.total_cmp(b));
        v
    };
    let (a, b) = (sorted(&s.find), sorted(&s.fzf));
    let (r50, r99) = (pct(&a, 0.5) / pct(&b, 0.5), pct(&a, 0.99) / pct(&b, 0.99));
    // Issue 10: find at most 0.6x fzf (p50) at 10,000 entries (was 1.0x, issue 6).
    let budget = (entries >= 10_000).then_some(Budget { limit: 0.6 });
    report.ratio(
        &format!("tsunagu find / fzf (p50 / p50, p99 / p99), {label}"),
        r50,
        r99,
        a.len(),
        budget,
    );
    println!(
        "  (find p50 {} ms, fzf p50 {} ms)",
        fmt(pct(&a, 0.5)),
        fmt(pct(&b, 0.5))
    );
}

fn main() {
    let bin = common::release_binary();
    let fzf = has_fzf();
    let mut report = Report::new("find_vs_fzf");
    report.note(&format!(
        "queries {QUERIES:?}; find and fzf alternate; load average at start {:.2}",
        common::load1()
    ));
    let tmp = tempfile::Builder::new()
        .prefix("tsunagu-bench-find-")
        .tempdir_in("/tmp")
        .expect("tempdir");
    // The city's seed: the embedded one, and its entries as lines.
    let city = tsunagu::seed::load_embedded().expect("embedded seed").directory;
    let lines = tmp.path().join("city.txt");
    std::fs::write(&lines, tsunagu::synth::entry_lines(&city).join("\n") + "\n").expect("lines");
    let args = vec![
        "--data".to_string(),
        tmp.path().join("data").display().to_string(),
    ];
    let n = tsunagu::synth::entry_lines(&city).len();
    let s = series(&bin, &args, &lines, fzf, false);
    report_series(&mut report, "city seed", &s, fzf, n);

    let large = common::large_city();
    let args = vec![
        "--seed".to_string(),
        large.seed.display().to_string(),
        "--data".to_string(),
        large.data.display().to_string(),
    ];
    let s = series(&bin, &args, &large.lines, fzf, true);
    report_series(&mut report, "large city", &s, fzf, large.entries);

    // The same store behind `tsunagu serve`, as the city runs it: the desk's lookup asks
    // the service for the replica's hash and reads the snapshot in its own data folder.
    let socket = tmp.path().join("run").join("tsunagu.sock");
    let mut service = Command::new(&bin)
        .args(&args)
        .arg("serve")
        .arg("--socket")
        .arg(&socket)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tsunagu serve");
    let started = Instant::now();
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "tsunagu serve did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let desk = vec![
        "--server".to_string(),
        socket.display().to_string(),
        "--data".to_string(),
        tmp.path().join("desk").display().to_string(),
    ];
    let s = series(&bin, &desk, &large.lines, fzf, true);
    let _ = service.kill();
    let _ = service.wait();
    report_series(
        &mut report,
        "large city through the service",
        &s,
        fzf,
        large.entries,
    );
    report.note(&format!("load average at end {:.2}", common::load1()));
}
