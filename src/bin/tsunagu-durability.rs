//! Test helper, not a tool for the desk: the child process of the crash-durability
//! harness (`tests/durability.rs`, BENCHMARKS.md "Crash durability").
//!
//! ```text
//! tsunagu-durability STORE_DIR START MODE [COUNT]
//! ```
//! Opens the sled store in STORE_DIR, then saves records START, START+1, ... (COUNT of
//! them, or until killed): record n is a case (several people, Japanese personal text,
//! every 40th one with a note large enough to become a sled blob) and one hand-off of
//! it, both built deterministically from n by [`records`]. The parent kills this
//! process with SIGKILL at random moments and checks the store.
//!
//! Standard output, one line each, flushed at once:
//! - `START` before the store is opened;
//! - `OPEN <microseconds the open took>` once it is open;
//! - `ACK <n> <seq>` after record n is saved, its case under sequence seq;
//! - `IDLE` in `unflushed` mode once COUNT records are saved: it then waits to be killed
//!   (returning would drop the store, and sled flushes on drop).
//!
//! MODE:
//! - `durable`: the desk's own path. `create_case` and `add_handoff`,
//!   each durable before it returns (sled flush plus fsync of every file and directory of
//!   the store, DESIGN.md risk 1); `ACK` only after both returned.
//! - `unflushed`: the control. `restore_case` and `restore_handoff` (the batch writes,
//!   which do not flush) under seq = n + 1, and `ACK` at once. sled 0.34 writes its log
//!   buffer out when the next transaction begins (or at its 500 ms flush, or on close),
//!   so the last record saved is still only in this process's memory: killed then, it
//!   is lost, and a harness that cannot see that is worthless.
//!
//! Exit status: 0 after COUNT records (`durable`), 1 on a store error (message on stderr; it never
//! holds record content), 2 on bad arguments, 3 when standard output is gone.

// CI keeps src free of unwrap and expect (issue 12); tests may use them.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use tsunagu::store::{SledStore, Store, StoreError};

/// Records built from their index alone, so the parent can expect them byte for byte.
/// `tests/durability.rs` includes this file to use the same builders.
pub mod records {
    use chrono::{Days, NaiveDate};
    use tsunagu::domain::{
        Case, CaseNote, Channel, Consent, Handoff, HandoffStatus, Intake, Person, Personal, Relation,
        case_number,
    };

    /// Every case of the harness is in 令和8年度.
    pub const FISCAL_YEAR: i32 = 2026;

    // Characters that must survive untouched: JIS X 0213 / IBM extensions (髙, 﨑, 德),
    // a surrogate-pair kanji (𠮷), half-width kana, a combining dakuten, full-width
    // digits and the ideographic space.
    const SURNAMES: [&str; 8] = ["髙橋", "﨑山", "佐藤", "鈴木", "渡邉", "齋藤", "𠮷田", "長谷川"];
    const GIVEN: [&str; 8] = ["𠮷男", "花子", "一郎", "美穂", "翔太", "千尋", "健二", "さくら"];
    const KANA: [&str; 4] = [
        "ﾀｶﾊｼ ﾖｼｵ",
        "さき\u{3084}\u{3099}ま はなこ",
        "サトウ イチロウ",
        "すずき みほ",
    ];
    const TOWNS: [&str; 6] = ["豊岡", "黒須", "宮寺", "二本木", "東藤沢", "野田"];
    const CONCERNS: [&str; 12] = [
        "elderly_care",
        "dementia",
        "hikikomori",
        "poverty",
        "debt",
        "housing",
        "employment",
        "young_carer",
        "school_refusal",
        "mental_health",
        "isolation",
        "foreign_resident",
    ];
    const DISTRICTS: [&str; 5] = ["toyooka_daiichi", "toyooka_daini", "kaneko", "fujisawa", "seibu"];
    const PROGRAMS: [(&str, &str); 4] = [
        ("chiiki_houkatsu", "koureisha_shien"),
        ("konkyu_soudan", "seikatsu_shien"),
        ("shogaisha_soudan", "shogaisha_shien"),
        ("hikikomori", "chiiki_hoken"),
    ];
    const NOTE: &str = "父（７８）が認知症の疑い。本人はひきこもり状態で、生活費に困っている。\
                        電気代の滞納があり、母が一人で介護している。";

    /// Item n of a cycle through `items` (every list here is a non-empty constant; an
    /// empty one would give the default).
    fn pick<T: Copy + Default>(items: &[T], n: u64) -> T {
        n.checked_rem(items.len() as u64)
            .and_then(|i| items.get(i as usize))
            .copied()
            .unwrap_or_default()
    }

    /// RFC 3339 time of record n, within the fiscal year.
    pub fn received_at(n: u64) -> String {
        let date = NaiveDate::from_ymd_opt(FISCAL_YEAR, 4, 1)
            .and_then(|d| d.checked_add_days(Days::new(n % 365)))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "2026-04-01".to_string());
        format!("{date}T{:02}:{:02}:00+09:00", 8 + n % 10, n % 60)
    }

    /// Case of record n, saved under sequence `seq`.
    pub fn case(n: u64, seq: u32) -> Case {
        let at = received_at(n);
        let people_count = 2 + (n % 4) as usize;
        let relations = [
            Relation::Myself,
            Relation::Parent,
            Relation::Sibling,
            Relation::Child,
            Relation::Grandparent,
        ];
        let people = (0..people_count)
            .map(|i| {
                let k = n + i as u64;
                Person {
                    relation: pick(&relations, i as u64),
                    age: (!k.is_multiple_of(7)).then_some((10 + (k * 17) % 85) as u8),
                    concerns: (0..(k % 3) as usize)
                        .map(|j| pick(&CONCERNS, k + j as u64).into())
                        .collect(),
                }
            })
            .collect();
        let mut note = format!("記録{n}。{}", NOTE.repeat(1 + (n % 5) as usize));
        if n % 40 == 39 {
            // about 200 KB: the node holding it goes to a sled blob file
            note.push_str(&"相談内容の詳細な聞き取り記録。".repeat(4_500));
        }
        Case {
            number: case_number(FISCAL_YEAR, seq),
            fiscal_year: FISCAL_YEAR,
            seq,
            received_at: at.clone(),
            desk: "総合相談支援室".into(),
            staff: (!n.is_multiple_of(3)).then(|| "受付一郎".into()),
            intake: Intake {
                channel: pick(&Channel::ALL, n),
                district: (!n.is_multiple_of(4)).then(|| pick(&DISTRICTS, n).into()),
                school: n.is_multiple_of(5).then(|| "豊岡中".into()),
                language: n.is_multiple_of(11).then(|| "pt".into()),
                consent: pick(&[Consent::Given, Consent::Refused, Consent::Unknown], n),
                seeks_help: !n.is_multiple_of(6),
                people,
                note: Some(note),
            },
            personal: Personal {
                name: Some(format!("{}　{}", pick(&SURNAMES, n), pick(&GIVEN, n / 8))),
                kana: Some(pick(&KANA, n).into()),
                phone: n
                    .is_multiple_of(2)
                    .then(|| format!("04-29{:02}-{:04}", n % 100, n % 10_000)),
                address: Some(format!(
                    "入間市{}{}丁目{}－{} 﨑山ハイツ２０３号",
                    pick(&TOWNS, n),
                    1 + n % 5,
                    1 + n % 30,
                    1 + n % 9
                )),
            },
            restricted: n.is_multiple_of(9),
            notes: (0..(n % 3) as usize)
                .map(|i| CaseNote {
                    at: at.clone(),
                    by: "受付一郎".into(),
                    text: format!("経過{i}：次回は来所予定。"),
                })
                .collect(),
            closed_at: None,
            closing_note: None,
            consultations: Vec::new(),
        }
    }

    /// The hand-off of record n as given to `add_handoff` (seq 0: the store assigns it).
    pub fn handoff(n: u64, case_number: &str) -> Handoff {
        let (program, section) = pick(&PROGRAMS, n);
        Handoff {
            case: case_number.into(),
            seq: 0,
            program: program.into(),
            section: section.into(),
            site: (n % 2 == 1).then(|| "houkatsu_toyooka".into()),
            reasons: vec![
                format!("記録{n}の世帯"),
                "80代の親と50代の子の世帯".into(),
                "介護の相談".into(),
            ],
            note: format!("記録{n}：父の要介護認定の申請を手伝ってほしい。"),
            from_desk: "総合相談支援室".into(),
            requested_at: received_at(n),
            status: HandoffStatus::Requested,
            history: vec![],
        }
    }

    /// The hand-off of record n as the store holds it: the first of its case.
    pub fn stored_handoff(n: u64, case_number: &str) -> Handoff {
        Handoff {
            seq: 1,
            ..handoff(n, case_number)
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Durable,
    Unflushed,
}

struct Args {
    dir: PathBuf,
    start: u64,
    mode: Mode,
    count: Option<u64>,
}

const USAGE: &str = "usage: tsunagu-durability STORE_DIR START durable|unflushed [COUNT]\n\
                     (test helper of tests/durability.rs; not for the desk)";

fn parse_args() -> Result<Args, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, start, mode, rest @ ..] = args.as_slice() else {
        return Err(USAGE.to_string());
    };
    let start = start
        .parse()
        .map_err(|_| format!("START must be a number\n{USAGE}"))?;
    let mode = match mode.as_str() {
        "durable" => Mode::Durable,
        "unflushed" => Mode::Unflushed,
        _ => return Err(format!("MODE must be durable or unflushed\n{USAGE}")),
    };
    let count = match rest {
        [] => None,
        [c] => Some(
            c.parse()
                .map_err(|_| format!("COUNT must be a number\n{USAGE}"))?,
        ),
        _ => return Err(USAGE.to_string()),
    };
    Ok(Args {
        dir: PathBuf::from(dir),
        start,
        mode,
        count,
    })
}

enum Failure {
    Store(StoreError),
    /// The parent closed our standard output.
    Stdout,
    /// The store broke a promise (hand-off seq, sequence overflow).
    Contract(String),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::Store(e)
    }
}

fn say(out: &mut impl Write, line: &str) -> Result<(), Failure> {
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(|_| Failure::Stdout)
}

/// Save record n; returns the case's seq.
fn save(store: &SledStore, mode: Mode, n: u64) -> Result<u32, Failure> {
    match mode {
        Mode::Durable => {
            // One durable write: the store numbers the case and saves it.
            let case = store.create_case(&records::case(n, 0), None)?;
            let seq = case.seq;
            let stored = store.add_handoff(records::handoff(n, &case.number))?;
            if stored.seq != 1 {
                return Err(Failure::Contract(format!(
                    "record {n}: hand-off stored as #{}, expected #1",
                    stored.seq
                )));
            }
            Ok(seq)
        }
        Mode::Unflushed => {
            // Case numbers start at 1 (R8-000001); record numbers at 0.
            let seq = u32::try_from(n + 1)
                .map_err(|_| Failure::Contract(format!("record {n}: too large for a seq")))?;
            let case = records::case(n, seq);
            store.restore_case(&case)?;
            store.restore_handoff(&records::stored_handoff(n, &case.number))?;
            Ok(seq)
        }
    }
}

fn run(args: &Args) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    say(&mut out, "START")?;
    let t = Instant::now();
    let store = SledStore::open(&args.dir)?;
    say(&mut out, &format!("OPEN {}", t.elapsed().as_micros()))?;
    let end = args.count.map(|c| args.start.saturating_add(c));
    let mut n = args.start;
    while end.is_none_or(|end| n < end) {
        let seq = save(&store, args.mode, n)?;
        say(&mut out, &format!("ACK {n} {seq}"))?;
        n += 1;
    }
    if args.mode == Mode::Unflushed {
        // Closing the store would flush it: hold the last writes in sled's buffer until
        // the parent's SIGKILL.
        say(&mut out, "IDLE")?;
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Store(e)) => {
            eprintln!("tsunagu-durability: {e}");
            ExitCode::from(1)
        }
        Err(Failure::Contract(msg)) => {
            eprintln!("tsunagu-durability: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Stdout) => ExitCode::from(3),
    }
}
