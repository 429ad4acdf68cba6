//! Durable save latency of the sled store (DESIGN.md risk 1): each save returns after
//! sled's flush plus fsync of the store's files and directories.
//!
//! `cargo bench --bench durable_save` (N and the warm-up can be set with
//! TSUNAGU_BENCH_N and TSUNAGU_BENCH_WARMUP). The store is a fresh tempdir under /tmp,
//! holding the embedded directory as its replica, as a desk's store would. Figures depend
//! on the disk and file system; they are printed, never asserted.
//!
//! Then the same saves on a copy (under /tmp) of the synthetic large city's store
//! (100,000 cases; generated on first use into target/bench-city/; skipped with
//! TSUNAGU_BENCH_LARGE=0). The intake save and the hand-off are reported against the
//! budget (p99 <= 15 ms) in target/bench-results/durable_save.tsv for BENCHMARKS.md.

mod common;

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};
use tsunagu::domain::{
    Case, CaseNote, Channel, Consent, Handoff, HandoffStatus, Intake, Person, Personal, Relation, case_number,
};
use tsunagu::store::replicate::{SeedSource, sync};
use tsunagu::store::{SledStore, Store, fsync};

const FY: i32 = 2026;

use common::env_usize;

fn case(fy: i32, seq: u32) -> Case {
    let at = format!("2026-11-{:02}T10:{:02}:00+09:00", 1 + seq % 28, seq % 60);
    Case {
        number: case_number(fy, seq),
        fiscal_year: fy,
        seq,
        received_at: at.clone(),
        desk: "総合相談支援室".into(),
        staff: Some("受付一郎".into()),
        intake: Intake {
            channel: Channel::WalkIn,
            district: Some("toyooka".into()),
            school: None,
            language: None,
            consent: Consent::Given,
            seeks_help: true,
            people: vec![
                Person {
                    relation: Relation::Myself,
                    age: Some(52),
                    concerns: vec!["hikikomori".into(), "seikatsu_konkyu".into()],
                },
                Person {
                    relation: Relation::Parent,
                    age: Some(81),
                    concerns: vec!["ninchisho".into(), "kaigo".into()],
                },
                Person {
                    relation: Relation::Parent,
                    age: Some(78),
                    concerns: vec![],
                },
            ],
            note: Some(
                "80代の父が認知症の疑いで、母が一人で介護している。本人は50代で長く働いておらず、\
                 家計は両親の年金のみ。電気代の滞納があり、本人は相談に消極的。次回は母と来所予定。"
                    .into(),
            ),
        },
        personal: Personal {
            name: Some("髙橋 𠮷男".into()),
            kana: Some("たかはし よしお".into()),
            phone: Some("04-2964-1111".into()),
            address: Some("入間市豊岡1丁目16番1号".into()),
        },
        restricted: false,
        notes: vec![CaseNote {
            at,
            by: "受付一郎".into(),
            text: "母から電話。来週来所。".into(),
        }],
        closed_at: None,
        closing_note: None,
        consultations: Vec::new(),
    }
}

fn handoff(case: &str) -> Handoff {
    Handoff {
        case: case.into(),
        seq: 0,
        program: "chiiki_houkatsu".into(),
        section: "koureisha_shien".into(),
        site: Some("houkatsu_toyooka".into()),
        reasons: vec!["80代の親と50代の子の世帯".into(), "介護の相談".into()],
        note: "父の要介護認定の申請と、母の介護負担の相談。".into(),
        from_desk: "総合相談支援室".into(),
        requested_at: "2026-11-26T10:40:00+09:00".into(),
        status: HandoffStatus::Requested,
        history: vec![],
    }
}

struct Stats {
    name: &'static str,
    samples: Vec<Duration>,
}

impl Stats {
    /// Into the results file, against the durable-save budget.
    fn record(&self, report: &mut common::Report, label: &str) {
        let v: Vec<f64> = self.samples.iter().map(|d| common::ms(*d)).collect();
        report.samples(
            &format!("{}, {label}", self.name),
            "ms",
            &v,
            Some(common::Budget { limit: 15.0 }),
        );
    }

    fn print(mut self) {
        self.samples.sort();
        let n = self.samples.len();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let pct = |p: f64| ms(self.samples[((n as f64 * p).ceil() as usize).clamp(1, n) - 1]);
        let mean = ms(self.samples.iter().sum::<Duration>()) / n as f64;
        println!(
            "{:<34} n={n:<4} p50={:>7.3}  p90={:>7.3}  p99={:>7.3}  max={:>7.3}  mean={:>7.3} ms",
            self.name,
            pct(0.50),
            pct(0.90),
            pct(0.99),
            ms(self.samples[n - 1]),
            mean
        );
    }
}

fn measure(name: &'static str, warmup: usize, n: usize, mut f: impl FnMut(usize)) -> Stats {
    for i in 0..warmup {
        f(i);
    }
    let mut samples = Vec::with_capacity(n);
    for i in warmup..warmup + n {
        let t = Instant::now();
        f(i);
        samples.push(t.elapsed());
    }
    Stats { name, samples }
}

fn files_in(dir: &Path) -> (usize, u64) {
    let mut count = 0;
    let mut bytes = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let ty = e.file_type().unwrap();
        if ty.is_dir() {
            let (c, b) = files_in(&e.path());
            count += c;
            bytes += b;
        } else if ty.is_file() {
            count += 1;
            bytes += e.metadata().unwrap().len();
        }
    }
    (count, bytes)
}

fn main() {
    let n = env_usize("TSUNAGU_BENCH_N", 200);
    let warmup = env_usize("TSUNAGU_BENCH_WARMUP", 20);
    let mut report = common::Report::new("durable_save");
    report.note(&format!(
        "N = {n} after {warmup} warm-up, store under /tmp; load average at start {:.2}",
        common::load1()
    ));
    let tmp = tempfile::Builder::new()
        .prefix("tsunagu-bench-")
        .tempdir_in("/tmp")
        .expect("tempdir under /tmp");
    let dir = tmp.path().join("store");
    let store = SledStore::open(&dir).expect("open store");
    match sync(&store, &SeedSource::Embedded, "2026-11-26T09:00:00+09:00") {
        Ok(_) => {}
        Err(e) => println!("(no replica: {e})"),
    }
    println!("durable save latency, store in {}", dir.display());
    println!("N = {n} after {warmup} warm-up; every save = sled flush + fsync of the store tree");
    bench_store(&store, &dir, n, warmup, FY, &mut report, "new store");
    drop(store);

    if std::env::var("TSUNAGU_BENCH_LARGE").as_deref() != Ok("0") {
        let city = common::large_city();
        let copy = tmp.path().join("large");
        let status = std::process::Command::new("cp")
            .arg("-a")
            .arg(city.data.join("store"))
            .arg(&copy)
            .status()
            .expect("cp");
        assert!(status.success(), "cp -a of the large store failed");
        let store = SledStore::open(&copy).expect("open the large store");
        let counts = store.record_counts().expect("counts");
        println!();
        println!(
            "on a copy of the large city's store ({} cases, {} hand-offs, {:.0} MiB)",
            counts.cases,
            counts.handoffs,
            common::tree_bytes(&copy) as f64 / 1048576.0
        );
        // A fiscal year the synthetic cases do not use, so numbers start at 1.
        bench_store(
            &store,
            &copy,
            n,
            warmup,
            2035,
            &mut report,
            "store with 100k cases",
        );
    }
    report.note(&format!("load average at end {:.2}", common::load1()));
}

#[allow(clippy::too_many_arguments)]
fn bench_store(
    store: &SledStore,
    dir: &Path,
    n: usize,
    warmup: usize,
    fy: i32,
    report: &mut common::Report,
    label: &str,
) {
    let total = warmup + n;
    // The old intake save, for comparison: two durable writes (a number, then the case),
    // emulated by a new case and a re-save of it.
    measure(
        "two durable writes (the intake save before issue 13)",
        warmup,
        n,
        |i| {
            let c = case(fy, i as u32 + 1);
            store.put_case(&c).unwrap();
            store.put_case(&c).unwrap();
        },
    )
    .print();
    // What the desk waits for when it saves an intake: the store numbers the case and
    // saves it in one transaction and one durable flush.
    let stats = measure("intake save (create_case)", warmup, n, |_| {
        store.create_case(&case(fy, 0), None).unwrap();
    });
    stats.record(report, label);
    stats.print();
    measure("put_case (update)", warmup, n, |i| {
        let mut c = case(fy, i as u32 + 1);
        c.notes.push(CaseNote {
            at: "2026-11-27T09:00:00+09:00".into(),
            by: "受付一郎".into(),
            text: "追記。".into(),
        });
        store.put_case(&c).unwrap();
    })
    .print();
    let mut added = Vec::with_capacity(total);
    let stats = measure("add_handoff", warmup, n, |i| {
        added.push(
            store
                .add_handoff(handoff(&case_number(fy, i as u32 + 1)))
                .unwrap(),
        );
    });
    stats.record(report, label);
    stats.print();
    let stats = measure("update_handoff (to accepted)", warmup, n, |i| {
        let mut h = added[i].clone();
        h.transition(
            HandoffStatus::Accepted,
            "2026-11-27T10:00:00+09:00",
            "高齢者支援課",
            None,
        )
        .unwrap();
        store.update_handoff(&h).unwrap();
    });
    stats.record(report, label);
    stats.print();

    println!();
    println!("where the time goes:");
    measure("flush_durable, nothing changed", warmup, n, |_| {
        store.flush_durable().unwrap();
    })
    .print();
    measure("fsync::sync_tree alone", warmup, n, |_| {
        fsync::sync_tree(dir).unwrap();
    })
    .print();
    let log = File::open(dir.join("db")).expect("sled's log file");
    let root = File::open(dir).unwrap();
    measure("fsync of log file + dir only", warmup, n, |_| {
        log.sync_all().unwrap();
        root.sync_all().unwrap();
    })
    .print();
    measure("put_draft durable=false", warmup, n, |i| {
        let d = tsunagu::domain::Draft {
            desk: "総合相談支援室".into(),
            saved_at: format!("2026-11-26T10:00:{:02}+09:00", i % 60),
            ..Default::default()
        };
        store.put_draft("desk:sougou", &d, false).unwrap();
    })
    .print();
    measure("put_draft durable=true", warmup, n, |i| {
        let d = tsunagu::domain::Draft {
            desk: "総合相談支援室".into(),
            saved_at: format!("2026-11-26T10:01:{:02}+09:00", i % 60),
            ..Default::default()
        };
        store.put_draft("desk:sougou", &d, true).unwrap();
    })
    .print();

    let (files, bytes) = files_in(dir);
    println!();
    println!(
        "store: {files} files, {:.1} MiB",
        bytes as f64 / (1024.0 * 1024.0)
    );
}
