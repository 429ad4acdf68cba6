//! Bad inputs (issue 6 part 4): seed files, keymap overlays, intake files and export
//! files that are cut short, binary junk, 10 MB strings, in the wrong encoding
//! (Shift_JIS, UTF-16 with and without a BOM) or nested 10,000 deep. Every one must give
//! an error that names the file (and the line, where there is one), never a panic, and
//! within a bounded time.
//!
//! Each input goes through the entry point the app uses: `seed::load_dir` (the loader
//! behind `--seed` and `tsunagu seed check`), `keymap::read_overlay` + `Keymap::load`
//! (what `config::keymap` does with `--keymap FILE`), the real binary's `refer --intake
//! FILE` (the only place an intake file is read and named) plus `parse_intake`, and
//! `export::import` into an empty store. Small fixtures in another encoding are in
//! `tests/fixtures/bad/`; everything big or deep is generated here at run time.
//!
//! Each test checks all its cases before failing, then prints one line per case: time,
//! message length and the start of the message.
//!
//! Known and accepted here (reported, not fixed: the seed and keymap modules belong to
//! others): the seed's bad-id message and the keymap's unknown-key, unknown-action and
//! unknown-section messages repeat the offending text whole, so a 3.5 MB id or a 10 MB
//! key name gives a message of that size. Those cases are marked `echoes` and exempt
//! from the [`READABLE`] length bound; every other message must stay under it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use tsunagu::i18n::Lang;
use tsunagu::referral::intake_parse::parse_intake;
use tsunagu::seed::{EMBEDDED, ProblemKind, load_dir, load_embedded};
use tsunagu::store::export::{self, ArchiveError, LineProblem};
use tsunagu::store::{SledStore, Store};
use tsunagu::tui::action::Action;
use tsunagu::tui::keymap::{Context, DiagnosticKind, Keymap, read_overlay};

/// "10 MB strings".
const BIG: usize = 10 * 1024 * 1024;
/// "10,000 nested arrays/tables".
const DEEP: usize = 10_000;
/// Longest any one case may take: generous for a debug build on a busy CI machine
/// (the slowest case takes about 3 s on the development VM).
const TIME_LIMIT: Duration = Duration::from_secs(30);
/// Longer than this, a message is no longer something a person reads.
const READABLE: usize = 4096;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn embedded(name: &str) -> &'static str {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("no embedded seed file {name}"))
}

// ---- generators ----------------------------------------------------------------------

/// splitmix64 bytes: every value 0..=255 (NUL, 0xFF, stray continuation bytes).
fn junk(len: usize, seed: u64) -> Vec<u8> {
    let mut s = seed;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Valid UTF-8 that is still junk: ASCII punctuation, control characters, newlines.
fn text_junk(len: usize, seed: u64) -> String {
    junk(len, seed)
        .into_iter()
        .map(|b| match b % 8 {
            0 => '\n',
            1 => char::from(b % 32), // control characters, NUL included
            _ => char::from(33 + b % 94),
        })
        .collect()
}

fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = bom.then_some(0xfeff_u16).into_iter().chain(text.encode_utf16());
    for u in units {
        out.extend_from_slice(&if little_endian {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

/// Cut `text` right after a `"` that opens a string, past the middle: an unterminated
/// string on the last line.
fn cut_in_string(text: &str) -> &str {
    let mut in_str = false;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            in_str = false;
        } else if c == '"' {
            in_str = !in_str;
            if in_str && i > text.len() / 2 {
                return &text[..=i];
            }
        }
    }
    panic!("no string to cut in");
}

/// Cut `text` inside a multi-byte character, past the middle.
fn cut_in_char(text: &str) -> Vec<u8> {
    let (i, _) = text
        .char_indices()
        .find(|(i, c)| *i > text.len() / 2 && c.len_utf8() > 1)
        .expect("a multi-byte character");
    text.as_bytes()[..i + 1].to_vec()
}

/// 1-based line of the first byte that is not UTF-8.
fn bad_utf8_line(bytes: &[u8]) -> usize {
    let valid = std::str::from_utf8(bytes).expect_err("not UTF-8").valid_up_to();
    bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1
}

fn lines(text: &str) -> usize {
    text.matches('\n').count() + 1
}

/// TOML nested `DEEP` deep, every way TOML can nest.
fn toml_nestings(key: &str) -> Vec<(&'static str, String)> {
    let d = DEEP;
    vec![
        ("arrays", format!("{key} = {}1{}\n", "[".repeat(d), "]".repeat(d))),
        (
            "inline tables",
            format!("{key} = {}1{}\n", "{ a = ".repeat(d), " }".repeat(d)),
        ),
        ("dotted keys", format!("{}{key} = 1\n", "a.".repeat(d))),
        ("table header", format!("[{}{key}]\nx = 1\n", "a.".repeat(d))),
        (
            "array-of-tables header",
            format!("[[{}{key}]]\nx = 1\n", "a.".repeat(d)),
        ),
        ("unclosed arrays", format!("{key} = {}\n", "[".repeat(d))),
    ]
}

fn json_nestings() -> Vec<(&'static str, String)> {
    let d = DEEP;
    vec![
        ("arrays", format!("{}{}", "[".repeat(d), "]".repeat(d))),
        ("objects", format!("{}1{}", "{\"a\":".repeat(d), "}".repeat(d))),
        ("unclosed arrays", "[".repeat(d)),
    ]
}

// ---- the checker -----------------------------------------------------------------------

/// Which line an error must name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Line {
    /// This one.
    At(usize),
    /// Some line (junk: where the parser gives up is its business).
    Any,
    /// None applies (missing, too large, unreadable as a whole).
    Absent,
    /// One would apply, but toml 1.2 gives its key-depth limit ("recursion limit", for
    /// 10,000 dotted keys or header segments) no position. Known; reported.
    Unplaced,
}

/// What a case should give.
#[derive(Clone, Copy)]
struct Want {
    line: Line,
    /// The message repeats the offending text whole (known; see the module docs).
    echoes: bool,
}

fn at_line(line: usize) -> Want {
    Want {
        line: Line::At(line),
        echoes: false,
    }
}

const ANY_LINE: Want = Want {
    line: Line::Any,
    echoes: false,
};

const NO_LINE: Want = Want {
    line: Line::Absent,
    echoes: false,
};

const UNPLACED: Want = Want {
    line: Line::Unplaced,
    echoes: false,
};

/// Does `found` (None or 0 = no line) satisfy `want`?
fn line_ok(want: Line, found: Option<usize>) -> bool {
    match (want, found.filter(|&l| l > 0)) {
        (Line::At(l), Some(f)) => l == f,
        (Line::Any, Some(_)) => true,
        (Line::Absent | Line::Unplaced, None) => true,
        _ => false,
    }
}

/// The nestings toml places (arrays, inline tables) and those it does not (dotted keys
/// and header segments hit its key-depth limit, which has no position).
fn nesting_want(name: &str, line: usize) -> Want {
    if name.contains("dotted") || name.contains("header") {
        UNPLACED
    } else {
        at_line(line)
    }
}

/// Runs cases, timing each and catching panics; fails once at the end, with every
/// problem.
struct Cases {
    title: &'static str,
    rows: Vec<String>,
    failures: Vec<String>,
}

impl Cases {
    fn new(title: &'static str) -> Cases {
        Cases {
            title,
            rows: Vec::new(),
            failures: Vec::new(),
        }
    }

    /// `run` returns the error message shown to the user, or what went wrong.
    fn case(&mut self, label: &str, want: Want, run: impl FnOnce() -> Result<String, String>) {
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(run));
        let took = t.elapsed();
        let mut fail = |why: String| self.failures.push(format!("{}: {label}: {why}", self.title));
        match result {
            Err(_) => fail("panicked".into()),
            Ok(Err(why)) => fail(why),
            Ok(Ok(message)) => {
                if message.trim().is_empty() {
                    fail("empty message".into());
                }
                if !want.echoes && message.len() > READABLE {
                    fail(format!("message of {} bytes", message.len()));
                }
                let first: String = message.lines().next().unwrap_or("").chars().take(110).collect();
                self.rows.push(format!(
                    "{:>8.1} ms {:>9} B  {label}: {first}",
                    took.as_secs_f64() * 1000.0,
                    message.len()
                ));
            }
        }
        if took > TIME_LIMIT {
            self.failures.push(format!(
                "{}: {label}: took {took:?} (limit {TIME_LIMIT:?})",
                self.title
            ));
        }
    }

    fn finish(self) {
        println!("{}:\n{}", self.title, self.rows.join("\n"));
        assert!(self.failures.is_empty(), "{}", self.failures.join("\n"));
    }
}

// ---- seed files ------------------------------------------------------------------------

/// A seed folder holding the embedded seed with `file` replaced by `bytes`.
fn seed_dir_with(file: &str, bytes: &[u8]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in EMBEDDED {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    std::fs::write(tmp.path().join(file), bytes).unwrap();
    tmp
}

/// Load a seed folder whose `file` is `bytes`: the problems about `file` must come with
/// its name and, if `want.line`, that line.
fn check_seed(
    file: &str,
    bytes: &[u8],
    want: Want,
    kind: fn(&ProblemKind) -> bool,
) -> Result<String, String> {
    let dir = seed_dir_with(file, bytes);
    let errors = match load_dir(dir.path()) {
        Ok(_) => return Err("loaded without error".into()),
        Err(e) => e,
    };
    let suffix = format!("/{file}");
    let Some(p) = errors.problems.iter().find(|p| p.file.ends_with(&suffix)) else {
        return Err(format!("no problem names {file}: {}", errors.render(Lang::En)));
    };
    if !kind(&p.kind) {
        return Err(format!("unexpected problem: {}", p.render(Lang::En)));
    }
    if !line_ok(want.line, p.line) {
        return Err(format!(
            "line {:?}, not as expected: {}",
            p.line,
            p.render(Lang::En)
        ));
    }
    let (en, ja) = (p.render(Lang::En), p.render(Lang::Ja));
    if !en.contains(file) || !ja.contains(file) {
        return Err(format!("the message does not name {file}: {en}"));
    }
    if let Some(line) = p.line
        && !en.contains(&format!("{file}:{line}:"))
    {
        return Err(format!("the message does not name line {line}: {en}"));
    }
    Ok(en)
}

fn syntax(k: &ProblemKind) -> bool {
    matches!(k, ProblemKind::Syntax(_))
}

fn not_utf8(k: &ProblemKind) -> bool {
    matches!(k, ProblemKind::NotUtf8)
}

#[test]
fn bad_seed_files_name_file_and_line() {
    let mut c = Cases::new("seed files");
    let programs = embedded("programs.toml");
    let cut = cut_in_string(programs);
    c.case("truncated inside a string", at_line(lines(cut)), || {
        check_seed("programs.toml", cut.as_bytes(), at_line(lines(cut)), syntax)
    });
    let sections = embedded("sections.toml");
    let cut = cut_in_char(sections);
    let line = bad_utf8_line(&cut);
    c.case("truncated inside a character", at_line(line), || {
        check_seed("sections.toml", &cut, at_line(line), not_utf8)
    });
    let half = sections
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= sections.len() / 2 && sections[..i].ends_with('\n'))
        .expect("a line start past the middle");
    let cut_header = format!("{}[[sect", &sections[..half]);
    c.case(
        "truncated inside a table header",
        at_line(lines(&cut_header)),
        || {
            check_seed(
                "sections.toml",
                cut_header.as_bytes(),
                at_line(lines(&cut_header)),
                syntax,
            )
        },
    );
    c.case("empty plan.toml", NO_LINE, || {
        check_seed("plan.toml", b"", NO_LINE, |k| {
            matches!(k, ProblemKind::MissingField(_))
        })
    });
    let bin = junk(64 * 1024, 1);
    let line = bad_utf8_line(&bin);
    c.case("64 KiB of binary junk", at_line(line), || {
        check_seed("sites.toml", &bin, at_line(line), not_utf8)
    });
    let text = text_junk(64 * 1024, 2);
    c.case("64 KiB of control-character junk", ANY_LINE, || {
        check_seed("sites.toml", text.as_bytes(), ANY_LINE, syntax)
    });
    let big = format!("[[section]]\nid = \"{}\"\n", "x".repeat(BIG));
    c.case("10 MB string (over the 4 MiB cap)", NO_LINE, || {
        check_seed("sections.toml", big.as_bytes(), NO_LINE, |k| {
            matches!(k, ProblemKind::TooLarge { .. })
        })
    });
    let big_id = format!(
        "[[section]]\nid = \"{}\"\nname = \"x\"\nreading = \"えっくす\"\nsource = \"3(1)\"\n",
        "あ".repeat(3_500_000 / 3)
    );
    let echoes = Want {
        line: Line::At(2),
        echoes: true,
    };
    c.case("3.5 MB id (under the cap)", echoes, || {
        check_seed("sections.toml", big_id.as_bytes(), echoes, |k| {
            matches!(k, ProblemKind::BadId(_))
        })
    });
    let sjis = fixture("seed_sections.sjis.toml");
    c.case("Shift_JIS", at_line(6), || {
        check_seed("sections.toml", &sjis, at_line(6), not_utf8)
    });
    for (le, name) in [(true, "UTF-16LE with BOM"), (false, "UTF-16BE with BOM")] {
        let bytes = utf16(sections, le, true);
        c.case(name, at_line(1), || {
            check_seed("sections.toml", &bytes, at_line(1), not_utf8)
        });
    }
    let no_bom = utf16("[[section]]\nid = \"koureisha_shien\"\n", true, false);
    c.case("UTF-16LE without BOM (NULs, valid UTF-8)", at_line(1), || {
        check_seed("sections.toml", &no_bom, at_line(1), syntax)
    });
    for (name, text) in toml_nestings("section") {
        let label = format!("{DEEP} nested {name}");
        let want = nesting_want(name, 1);
        c.case(&label, want, || {
            check_seed("sections.toml", text.as_bytes(), want, syntax)
        });
    }
    // The loader without the file-size cap (what SeedText::validate gets from the fuzzer).
    c.case(
        "10 MB of text junk straight to SeedText::validate",
        NO_LINE,
        || {
            let mut seed = tsunagu::seed::SeedText::embedded();
            for (name, text) in seed.files.iter_mut() {
                if name == "sections.toml" {
                    *text = text_junk(BIG, 3);
                }
            }
            match seed.validate() {
                Ok(_) => Err("validated".into()),
                Err(e) => Ok(e.render(Lang::En).lines().next().unwrap_or("").to_string()),
            }
        },
    );
    c.finish();
}

#[test]
fn seed_check_cli_reports_bad_files() {
    let bin = env!("CARGO_BIN_EXE_tsunagu");
    let mut c = Cases::new("tsunagu seed check");
    let deep = toml_nestings("section").remove(0).1;
    let cases: Vec<(&str, Vec<u8>, Option<usize>)> = vec![
        ("binary junk", junk(4096, 4), Some(bad_utf8_line(&junk(4096, 4)))),
        ("10,000 nested arrays", deep.into_bytes(), Some(1)),
    ];
    for (label, bytes, line) in cases {
        let dir = seed_dir_with("sections.toml", &bytes);
        c.case(label, NO_LINE, || {
            let out = Command::new(bin)
                .args(["--lang", "en", "seed", "check"])
                .arg(dir.path())
                .env_remove("TSUNAGU_SEED")
                .env_remove("TSUNAGU_LANG")
                .output()
                .map_err(|e| e.to_string())?;
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if out.status.code() != Some(1) || text.contains("panicked") {
                return Err(format!("exit {:?}: {text}", out.status));
            }
            let want = match line {
                Some(l) => format!("sections.toml:{l}:"),
                None => "sections.toml".into(),
            };
            let Some(hit) = text.lines().find(|l| l.contains(&want)) else {
                return Err(format!("no line names {want}: {text}"));
            };
            Ok(hit.to_string())
        });
    }
    c.finish();
}

// ---- keymap overlays -----------------------------------------------------------------

/// What `config::keymap` does with `--keymap FILE`. The diagnostic about the file must
/// name it (and the line, if `want.line`), and the app must still have a way to quit.
fn check_keymap(bytes: &[u8], want: Want, kind: fn(&DiagnosticKind) -> bool) -> Result<String, String> {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("keymap.toml");
    std::fs::write(&path, bytes).unwrap();
    let label = path.display().to_string();
    let mut diags = Vec::new();
    let map = match read_overlay(&path) {
        Ok(text) => {
            let (map, more) = Keymap::load(&[(label.as_str(), text.as_str())]);
            diags.extend(more);
            map
        }
        Err(d) => {
            diags.push(d);
            Keymap::default_map()
        }
    };
    if map.keys_for(Context::Global, Action::Quit).is_empty() {
        return Err("quit lost its keys".into());
    }
    let Some(d) = diags.iter().find(|d| d.file == label) else {
        return Err(format!("no diagnostic names the file: {diags:?}"));
    };
    if !kind(&d.kind) {
        return Err(format!("unexpected diagnostic: {}", d.render(Lang::En)));
    }
    if !line_ok(want.line, Some(d.line)) {
        return Err(format!(
            "line {}, not as expected: {}",
            d.line,
            d.render(Lang::En)
        ));
    }
    let (en, ja) = (d.render(Lang::En), d.render(Lang::Ja));
    if !en.contains("keymap.toml") || !ja.contains("keymap.toml") || d.message(Lang::Ja).trim().is_empty() {
        return Err(format!("the message does not name the file: {en}"));
    }
    Ok(en)
}

fn keymap_syntax(k: &DiagnosticKind) -> bool {
    matches!(k, DiagnosticKind::Syntax { .. })
}

fn keymap_unreadable(k: &DiagnosticKind) -> bool {
    matches!(k, DiagnosticKind::Unreadable { .. })
}

#[test]
fn bad_keymap_overlays_give_diagnostics() {
    use tsunagu::tui::keymap::DEFAULT_TOML;
    let mut c = Cases::new("keymap overlays");
    let cut = cut_in_string(DEFAULT_TOML);
    c.case("truncated inside a string", at_line(lines(cut)), || {
        check_keymap(cut.as_bytes(), at_line(lines(cut)), keymap_syntax)
    });
    // Not UTF-8: read_overlay reports the file without a line (read_to_string).
    let cut = cut_in_char(DEFAULT_TOML);
    c.case("truncated inside a character", NO_LINE, || {
        check_keymap(&cut, NO_LINE, keymap_unreadable)
    });
    let bin = junk(64 * 1024, 5);
    c.case("64 KiB of binary junk", NO_LINE, || {
        check_keymap(&bin, NO_LINE, keymap_unreadable)
    });
    let text = text_junk(64 * 1024, 6);
    c.case("64 KiB of control-character junk", ANY_LINE, || {
        check_keymap(text.as_bytes(), ANY_LINE, keymap_syntax)
    });
    let _echoes = Want {
        line: Line::At(2),
        echoes: true,
    };
    let big_key = format!("[global]\nquit = [\"{}\"]\n", "x".repeat(BIG));
    // A keymap over 64 KiB is refused whole, before parsing: one line, no echo.
    c.case("10 MB key name", NO_LINE, || {
        check_keymap(big_key.as_bytes(), NO_LINE, keymap_unreadable)
    });
    let big_action = format!("[global]\n{} = [\"ctrl-q\"]\n", "x".repeat(BIG));
    c.case("10 MB action name", NO_LINE, || {
        check_keymap(big_action.as_bytes(), NO_LINE, keymap_unreadable)
    });
    let big_string = format!("[global]\nquit = \"{}\"\n", "あ".repeat(BIG / 3));
    c.case("10 MB string value", NO_LINE, || {
        check_keymap(big_string.as_bytes(), NO_LINE, keymap_unreadable)
    });
    let sjis = fixture("keymap.sjis.toml");
    c.case("Shift_JIS", NO_LINE, || {
        check_keymap(&sjis, NO_LINE, keymap_unreadable)
    });
    for (le, name) in [(true, "UTF-16LE with BOM"), (false, "UTF-16BE with BOM")] {
        let bytes = utf16(DEFAULT_TOML, le, true);
        c.case(name, NO_LINE, || check_keymap(&bytes, NO_LINE, keymap_unreadable));
    }
    let no_bom = utf16("[global]\nquit = [\"ctrl-q\"]\n", true, false);
    c.case("UTF-16LE without BOM (NULs, valid UTF-8)", at_line(1), || {
        check_keymap(&no_bom, at_line(1), keymap_syntax)
    });
    for (name, text) in toml_nestings("quit") {
        // inside [global], so an action name is what nests
        let text = format!("[global]\n{text}");
        let label = format!("{DEEP} nested {name}");
        if text.len() > tsunagu::tui::keymap::MAX_OVERLAY_BYTES {
            c.case(&label, NO_LINE, || {
                check_keymap(text.as_bytes(), NO_LINE, keymap_unreadable)
            });
            continue;
        }
        let want = nesting_want(name, 2);
        c.case(&label, want, || {
            check_keymap(text.as_bytes(), want, keymap_syntax)
        });
    }
    c.finish();
}

// ---- intake files ----------------------------------------------------------------------

const INTAKE_JSON: &str = r#"{
  "channel": "phone",
  "district": "toyooka_daiichi",
  "consent": "given",
  "people": [
    {"relation": "self", "age": 45, "concerns": ["hikikomori", "poverty"]},
    {"relation": "parent", "age": 78, "concerns": ["dementia"]}
  ],
  "note": "父（７８）が認知症の疑い。本人はひきこもり状態で、生活費に困っている。"
}
"#;

const INTAKE_TOML: &str = r#"channel = "phone"
district = "toyooka_daiichi"
note = "父（７８）が認知症の疑い。本人はひきこもり状態で、生活費に困っている。"

[[people]]
relation = "self"
age = 45
concerns = ["hikikomori", "poverty"]
"#;

/// `tsunagu refer --intake FILE` with `bytes` in FILE: exit 2, a message on stderr that
/// names the file (and `line`), no panic. When the bytes are text, `parse_intake` must
/// refuse them too, with a message in both languages.
fn check_intake(data: &Path, bytes: &[u8], line: Option<&str>) -> Result<String, String> {
    // The good examples are good: the bad ones fail for their badness.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("intake.txt");
    std::fs::write(&path, bytes).unwrap();
    if let Ok(text) = std::str::from_utf8(bytes) {
        let dir = directory();
        match parse_intake(text, &dir) {
            Ok(_) => return Err("parse_intake accepted it".into()),
            Err(e) if e.message(Lang::Ja).trim().is_empty() || e.message(Lang::En).trim().is_empty() => {
                return Err("parse_intake gave an empty message".into());
            }
            Err(_) => {}
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["--lang", "en", "--data"])
        .arg(data)
        .args(["refer", "--on", "2026-11-26", "--intake"])
        .arg(&path)
        .env_remove("TSUNAGU_SEED")
        .env_remove("TSUNAGU_LANG")
        .env_remove("TSUNAGU_DATA")
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.code() != Some(2) || stderr.contains("panicked") {
        return Err(format!("exit {:?}: {stderr}", out.status));
    }
    if !stderr.contains("intake.txt") {
        return Err(format!("the message does not name the file: {stderr}"));
    }
    if let Some(line) = line
        && !stderr.contains(line)
    {
        return Err(format!("the message does not say {line:?}: {stderr}"));
    }
    Ok(stderr)
}

fn directory() -> tsunagu::domain::Directory {
    load_embedded().expect("the embedded seed").directory
}

#[test]
fn bad_intake_files_are_refused_with_their_name() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path().join("store");
    // the examples themselves are accepted
    let dir = directory();
    parse_intake(INTAKE_JSON, &dir).expect("the JSON example is good");
    parse_intake(INTAKE_TOML, &dir).expect("the TOML example is good");

    let mut c = Cases::new("intake files (tsunagu refer --intake)");
    let cut = cut_in_string(INTAKE_JSON);
    let want = format!("line {}", lines(cut));
    c.case("JSON truncated inside a string", NO_LINE, || {
        check_intake(&data, cut.as_bytes(), Some(&want))
    });
    let cut = cut_in_string(INTAKE_TOML);
    let want = format!("line {}", lines(cut));
    c.case("TOML truncated inside a string", NO_LINE, || {
        check_intake(&data, cut.as_bytes(), Some(&want))
    });
    let cut = cut_in_char(INTAKE_JSON);
    c.case("truncated inside a character", NO_LINE, || {
        check_intake(&data, &cut, Some("not UTF-8"))
    });
    let bin = junk(64 * 1024, 7);
    c.case("64 KiB of binary junk", NO_LINE, || {
        check_intake(&data, &bin, Some("not UTF-8"))
    });
    let text = text_junk(64 * 1024, 8);
    c.case("64 KiB of control-character junk", NO_LINE, || {
        check_intake(&data, text.as_bytes(), None)
    });
    let big = format!("{{\"channel\": \"phone\", \"note\": \"{}\"}}", "x".repeat(BIG));
    c.case("10 MB note", NO_LINE, || {
        check_intake(&data, big.as_bytes(), Some("too large"))
    });
    // Known: `refer` reads MAX_BYTES + 1 bytes and then checks UTF-8, so a big Japanese
    // file is cut inside a character and reported as "not UTF-8" instead of too large.
    let big = format!(
        "{{\"channel\": \"phone\", \"note\": \"{}\"}}",
        "あ".repeat(BIG / 3)
    );
    c.case("10 MB Japanese note", NO_LINE, || {
        check_intake(&data, big.as_bytes(), None)
    });
    for (name, file) in [
        ("Shift_JIS JSON", "intake.sjis.json"),
        ("Shift_JIS TOML", "intake.sjis.toml"),
    ] {
        let bytes = fixture(file);
        c.case(name, NO_LINE, || check_intake(&data, &bytes, Some("not UTF-8")));
    }
    for (le, name) in [(true, "UTF-16LE with BOM"), (false, "UTF-16BE with BOM")] {
        let bytes = utf16(INTAKE_JSON, le, true);
        c.case(name, NO_LINE, || check_intake(&data, &bytes, Some("not UTF-8")));
    }
    let no_bom = utf16(INTAKE_JSON, true, false);
    c.case("UTF-16LE without BOM (NULs, valid UTF-8)", NO_LINE, || {
        check_intake(&data, &no_bom, None)
    });
    for (name, text) in json_nestings() {
        let text = format!("{{\"people\": {text}}}");
        let label = format!("JSON, {DEEP} nested {name}");
        c.case(&label, NO_LINE, || {
            check_intake(&data, text.as_bytes(), Some("line 1"))
        });
    }
    for (name, text) in toml_nestings("note") {
        let label = format!("TOML, {DEEP} nested {name}");
        // Known: toml's key-depth limit has no position, and the message then says
        // "(line 0)".
        let want = match nesting_want(name, 1).line {
            Line::At(_) => Some("line 1"),
            _ => Some("neither JSON nor valid TOML"),
        };
        c.case(&label, NO_LINE, || check_intake(&data, text.as_bytes(), want));
    }
    c.finish();
}

// ---- export files ----------------------------------------------------------------------

/// A real export: two cases (Japanese personal text) and a hand-off, from a store.
fn good_export() -> Vec<u8> {
    use tsunagu::domain::{
        Case, CaseNote, Channel, Consent, Handoff, HandoffStatus, Intake, Personal, case_number,
    };
    let tmp = tempfile::tempdir().unwrap();
    let store = SledStore::open(&tmp.path().join("store")).unwrap();
    for seq in 1..=2 {
        let number = case_number(2026, seq);
        let case = Case {
            number: number.clone(),
            fiscal_year: 2026,
            seq,
            received_at: "2026-11-26T10:15:00+09:00".into(),
            desk: "総合相談支援室".into(),
            staff: Some("受付一郎".into()),
            intake: Intake {
                channel: Channel::Phone,
                consent: Consent::Given,
                seeks_help: true,
                note: Some("父（７８）が認知症の疑い。".into()),
                ..Intake::default()
            },
            personal: Personal {
                name: Some("髙橋　𠮷男".into()),
                kana: Some("ﾀｶﾊｼ ﾖｼｵ".into()),
                phone: None,
                address: Some("入間市豊岡１丁目".into()),
            },
            restricted: false,
            notes: vec![CaseNote {
                at: "2026-11-26T10:15:00+09:00".into(),
                by: "受付一郎".into(),
                text: "次回は来所予定。".into(),
            }],
            closed_at: None,
            closing_note: None,
            consultations: Vec::new(),
        };
        store.put_case(&case).unwrap();
        if seq == 2 {
            store
                .add_handoff(Handoff {
                    case: number,
                    seq: 0,
                    program: "chiiki_houkatsu".into(),
                    section: "koureisha_shien".into(),
                    site: None,
                    reasons: vec!["介護の相談".into()],
                    note: "父の要介護認定の申請。".into(),
                    from_desk: "総合相談支援室".into(),
                    requested_at: "2026-11-26T10:40:00+09:00".into(),
                    status: HandoffStatus::Requested,
                    history: vec![],
                })
                .unwrap();
        }
    }
    let path = tmp.path().join("export.jsonl");
    export::export(&store, &path, "2026-11-26T12:00:00+09:00").unwrap();
    std::fs::read(&path).unwrap()
}

/// Import `bytes` into an empty store: a clear error naming the file (and `line`), and
/// the store still empty afterwards (a failed import writes nothing).
fn check_import(
    store: &SledStore,
    bytes: &[u8],
    want: Want,
    kind: fn(&ArchiveError) -> bool,
) -> Result<String, String> {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bad-export.jsonl");
    std::fs::write(&path, bytes).unwrap();
    let err = match export::import(store, &path) {
        Ok(_) => return Err("imported".into()),
        Err(e) => e,
    };
    let counts = store.record_counts().map_err(|e| e.to_string())?;
    if !counts.is_empty() {
        return Err(format!("a failed import left records: {counts:?}"));
    }
    if !kind(&err) {
        return Err(format!("unexpected error: {err}"));
    }
    let (en, ja) = (err.to_string(), err.message_ja());
    if !en.contains("bad-export.jsonl") || !ja.contains("bad-export.jsonl") {
        return Err(format!("the message does not name the file: {en}"));
    }
    if let Line::At(line) = want.line {
        let in_error = match &err {
            ArchiveError::Line { line, .. } => Some(*line),
            ArchiveError::CountMismatch { last_line, .. } => Some(*last_line),
            _ => None,
        };
        if in_error != Some(line as u64)
            || !en.contains(&format!("line {line}"))
            || !ja.contains(&format!("{line} 行目"))
        {
            return Err(format!("expected line {line}: {en} / {ja}"));
        }
    }
    Ok(en)
}

fn line_problem(err: &ArchiveError, f: fn(&LineProblem) -> bool) -> bool {
    matches!(err, ArchiveError::Line { problem, .. } if f(problem))
}

#[test]
fn bad_export_files_are_refused_before_writing() {
    let good = good_export();
    let good_text = std::str::from_utf8(&good).expect("exports are UTF-8");
    assert_eq!(lines(good_text.trim_end()), 4, "header, two cases, one hand-off");
    let tmp = tempfile::tempdir().unwrap();
    let store = SledStore::open(&tmp.path().join("empty")).unwrap();
    let mut c = Cases::new("export files (import)");

    // Cut inside the second line (the first case).
    let second = good_text.find('\n').unwrap() + 1;
    let cut = &good_text[..second + 40];
    c.case("truncated inside a record", at_line(2), || {
        check_import(&store, cut.as_bytes(), at_line(2), |e| {
            line_problem(e, |p| matches!(p, LineProblem::NotJson { .. }))
        })
    });
    let last_line_start = good_text.trim_end().rfind('\n').unwrap() + 1;
    let cut = &good_text[..last_line_start];
    c.case("truncated at a line end (a record missing)", at_line(3), || {
        check_import(&store, cut.as_bytes(), at_line(3), |e| {
            matches!(e, ArchiveError::CountMismatch { .. })
        })
    });
    let cut = cut_in_char(good_text);
    let line = bad_utf8_line(&cut);
    c.case("truncated inside a character", at_line(line), || {
        check_import(&store, &cut, at_line(line), |e| {
            line_problem(e, |p| matches!(p, LineProblem::NotUtf8))
        })
    });
    c.case("empty file", NO_LINE, || {
        check_import(&store, b"", NO_LINE, |e| {
            matches!(e, ArchiveError::EmptyFile { .. })
        })
    });
    let bin = junk(64 * 1024, 9);
    let line = bad_utf8_line(&bin);
    c.case("64 KiB of binary junk", at_line(line), || {
        check_import(&store, &bin, at_line(line), |e| {
            line_problem(e, |p| matches!(p, LineProblem::NotUtf8))
        })
    });
    let text = text_junk(64 * 1024, 10);
    c.case("64 KiB of control-character junk", at_line(1), || {
        check_import(&store, text.as_bytes(), at_line(1), |e| {
            line_problem(e, |p| matches!(p, LineProblem::NotAnExport))
        })
    });
    let big = "x".repeat(BIG);
    c.case("10 MB line of text", at_line(1), || {
        check_import(&store, big.as_bytes(), at_line(1), |e| {
            line_problem(e, |p| matches!(p, LineProblem::NotAnExport))
        })
    });
    // A record line over the 16 MiB line limit.
    let header_end = good_text.find('\n').unwrap() + 1;
    let huge = format!(
        "{}{{\"type\":\"case\",\"note\":\"{}\"}}\n",
        &good_text[..header_end],
        "あ".repeat(17 * 1024 * 1024 / 3 + 1)
    );
    c.case("17 MB record line (over the line limit)", at_line(2), || {
        check_import(&store, huge.as_bytes(), at_line(2), |e| {
            line_problem(e, |p| matches!(p, LineProblem::TooLong { .. }))
        })
    });
    let sjis = fixture("export.sjis.jsonl");
    c.case("Shift_JIS", at_line(2), || {
        check_import(&store, &sjis, at_line(2), |e| {
            line_problem(e, |p| matches!(p, LineProblem::NotUtf8))
        })
    });
    for (le, name) in [(true, "UTF-16LE with BOM"), (false, "UTF-16BE with BOM")] {
        let bytes = utf16(good_text, le, true);
        c.case(name, at_line(1), || {
            check_import(&store, &bytes, at_line(1), |e| {
                line_problem(e, |p| matches!(p, LineProblem::NotUtf8))
            })
        });
    }
    let no_bom = utf16(good_text, true, false);
    c.case("UTF-16LE without BOM (NULs, valid UTF-8)", at_line(1), || {
        check_import(&store, &no_bom, at_line(1), |e| {
            line_problem(e, |p| matches!(p, LineProblem::NotAnExport))
        })
    });
    for (name, nested) in json_nestings() {
        let record = format!(
            "{}{{\"type\":\"case\",\"notes\":{nested}}}\n",
            &good_text[..header_end]
        );
        let label = format!("record with {DEEP} nested {name}");
        c.case(&label, at_line(2), || {
            check_import(&store, record.as_bytes(), at_line(2), |e| {
                line_problem(e, |p| matches!(p, LineProblem::NotJson { .. }))
            })
        });
        let header = format!("{nested}\n");
        let label = format!("header of {DEEP} nested {name}");
        c.case(&label, at_line(1), || {
            check_import(&store, header.as_bytes(), at_line(1), |e| {
                line_problem(e, |p| matches!(p, LineProblem::NotAnExport))
            })
        });
    }
    c.finish();
    // and the good one still imports
    export::import(&store, &tmp.path().join("missing.jsonl")).expect_err("no such file");
    let path = tmp.path().join("good.jsonl");
    std::fs::write(&path, &good).unwrap();
    let summary = export::import(&store, &path).expect("the good export imports");
    assert_eq!(summary.counts.total(), 3);
}

// ---- many small entries ------------------------------------------------------------
//
// The seed loader finds lines through an index built once per file (a binary search per
// entry), so a file of many small entries loads in time linear in its size; keymap
// overlays are a few hundred bytes and one over 64 KiB is refused whole.

/// Longest a 1 MiB file of small entries may take to load.
const MANY_LIMIT: Duration = Duration::from_secs(10);

#[test]
fn seed_file_of_many_small_entries_loads_in_bounded_time() {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 1024 * 1024 {
        text.push_str(&format!(
            "[[section]]\nid = \"s{i}\"\nname = \"課{i}\"\nreading = \"か\"\nsource = \"3(1)\"\n\n"
        ));
        i += 1;
    }
    let dir = seed_dir_with("sections.toml", text.as_bytes());
    let t = Instant::now();
    let result = load_dir(dir.path());
    let took = t.elapsed();
    assert!(result.is_err(), "the programs refer to sections this file lacks");
    assert!(
        took < MANY_LIMIT,
        "{i} entries ({} KiB) took {took:?}",
        text.len() / 1024
    );
}

#[test]
fn keymap_of_many_lines_loads_in_bounded_time() {
    // Just under the cap: every unknown action reported, quickly.
    let mut text = String::from("[list]\n");
    let mut i = 0;
    while text.len() < tsunagu::tui::keymap::MAX_OVERLAY_BYTES - 64 {
        text.push_str(&format!("unknown_action_{i} = []\n"));
        i += 1;
    }
    let t = Instant::now();
    let (_, diags) = Keymap::load(&[("keymap.toml", text.as_str())]);
    let took = t.elapsed();
    assert_eq!(diags.len(), i, "one diagnostic per unknown action");
    assert!(
        took < MANY_LIMIT,
        "{i} lines ({} KiB) took {took:?}",
        text.len() / 1024
    );
    // Over the cap: refused whole, with one diagnostic naming the file.
    while text.len() < 1024 * 1024 {
        text.push_str("unknown_action = []\n");
    }
    let t = Instant::now();
    let (_, diags) = Keymap::load(&[("big.toml", text.as_str())]);
    assert!(t.elapsed() < MANY_LIMIT);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].file, "big.toml");
}
