//! Every kind of seed mistake gives a clear problem with file, line and field; none panics.

use std::path::Path;
use tsunagu::seed::{self, ProblemKind, SeedErrors};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seed");

/// A copy of the real seed in a temp folder, with one file replaced by `edit(text)`.
fn seed_with(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in seed::FILES {
        let text = std::fs::read_to_string(Path::new(SEED).join(name)).unwrap();
        let text = if *name == file { edit(&text) } else { text };
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn problems(dir: &tempfile::TempDir) -> SeedErrors {
    seed::load_dir(dir.path()).expect_err("the seed should be refused")
}

/// Line (1-based) of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle in seed")
        + 1
}

fn programs_text() -> String {
    std::fs::read_to_string(Path::new(SEED).join("programs.toml")).unwrap()
}

#[test]
fn the_real_seed_is_clean() {
    let l = seed::load_dir_full(Path::new(SEED)).unwrap();
    assert_eq!(l.directory.programs.len(), 24);
    // and the embedded copy is the same seed
    assert_eq!(seed::load_embedded().unwrap().hash, l.hash);
}

#[test]
fn unknown_field_names_file_line_and_field() {
    let dir = seed_with("programs.toml", |t| {
        t.replacen("id = \"hikikomori\"", "id = \"hikikomori\"\nphone = \"000\"", 1)
    });
    let e = problems(&dir);
    let p = &e.problems[0];
    assert!(p.file.ends_with("programs.toml"), "{p}");
    assert_eq!(p.kind, ProblemKind::UnknownField("phone".into()));
    assert_eq!(p.field.as_deref(), Some("phone"));
    assert_eq!(p.line, Some(line_of(&programs_text(), "id = \"hikikomori\"") + 1));
}

#[test]
fn missing_required_field() {
    let dir = seed_with("sections.toml", |t| {
        let start = t.find("[[section]]").unwrap();
        let name_at = start + t[start..].find("\nname = ").unwrap();
        let end = name_at + 1 + t[name_at + 1..].find('\n').unwrap();
        format!("{}{}", &t[..name_at], &t[end..])
    });
    let e = problems(&dir);
    assert!(
        e.problems
            .iter()
            .any(|p| p.kind == ProblemKind::MissingField("name".into())),
        "{}",
        e.render(tsunagu::i18n::Lang::En)
    );
}

#[test]
fn duplicate_id_and_unknown_reference_are_both_reported() {
    let dir = seed_with("programs.toml", |t| {
        t.replacen("id = \"outreach\"", "id = \"hikikomori\"", 1)
            .replacen(
                "sections = [\"fukushi_soumu\"",
                "sections = [\"no_such_section\"",
                1,
            )
    });
    let e = problems(&dir);
    assert!(
        e.problems
            .iter()
            .any(|p| p.kind == ProblemKind::DuplicateId("hikikomori".into())
                && p.field.as_deref() == Some("id")
                && p.line == Some(line_of(&programs_text(), "id = \"outreach\"")))
    );
    assert!(
        e.problems
            .iter()
            .any(|p| matches!(&p.kind, ProblemKind::UnknownReference { id, .. } if id == "no_such_section"))
    );
}

#[test]
fn reference_to_unknown_program_from_a_site() {
    let dir = seed_with("sites.toml", |t| {
        t.replacen("programs = [\"", "programs = [\"nope\", \"", 1)
    });
    let e = problems(&dir);
    let p = e
        .problems
        .iter()
        .find(|p| matches!(&p.kind, ProblemKind::UnknownReference { id, .. } if id == "nope"))
        .unwrap();
    assert!(p.file.ends_with("sites.toml"));
    assert_eq!(p.field.as_deref(), Some("programs"));
    assert!(p.line.is_some());
}

#[test]
fn bad_recurrence_and_language() {
    let dir = seed_with("schedules.toml", |t| {
        t.replacen("weeks = [2, 4]", "weeks = [2, 7]", 1).replacen(
            "language = \"es\"",
            "language = \"spanish\"",
            1,
        )
    });
    let e = problems(&dir);
    assert!(
        e.problems
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::BadRecurrence(_)) && p.field.as_deref() == Some("weeks"))
    );
    assert!(
        e.problems
            .iter()
            .any(|p| p.kind == ProblemKind::BadLanguage("spanish".into()))
    );
    // a weekday that does not exist is a value error on that line
    let dir = seed_with("schedules.toml", |t| {
        t.replacen("weekday = \"tue\"", "weekday = \"tuesday\"", 1)
    });
    let e = problems(&dir);
    assert!(
        e.problems
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::BadValue(_)) && p.line.is_some())
    );
}

#[test]
fn age_range_upside_down() {
    let dir = seed_with("programs.toml", |t| t.replacen("min_age = 15", "min_age = 60", 1));
    let e = problems(&dir);
    assert!(
        e.problems
            .iter()
            .any(|p| p.kind == ProblemKind::AgeRangeUpsideDown { min: 60, max: 49 }),
        "{}",
        e.render(tsunagu::i18n::Lang::En)
    );
}

#[test]
fn reading_must_be_kana() {
    let dir = seed_with("programs.toml", |t| {
        t.replacen(
            "reading = \"ひきこもりしえん\"",
            "reading = \"ひきこもり支援\"",
            1,
        )
    });
    let e = problems(&dir);
    assert!(
        e.problems
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::ReadingNotKana(_))),
        "{}",
        e.render(tsunagu::i18n::Lang::En)
    );
}

#[test]
fn syntax_error_missing_file_wrong_encoding_and_junk() {
    // TOML syntax error with its line
    let dir = seed_with("meetings.toml", |t| format!("{t}\n[[meeting]\n"));
    let e = problems(&dir);
    assert!(
        e.problems
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::Syntax(_)) && p.line.is_some())
    );

    // missing file
    let dir = seed_with("plan.toml", |t| t.to_string());
    std::fs::remove_file(dir.path().join("plan.toml")).unwrap();
    let e = problems(&dir);
    assert!(e.problems.iter().any(|p| p.kind == ProblemKind::MissingFile));

    // Shift_JIS bytes (not UTF-8)
    let dir = seed_with("sites.toml", |t| t.to_string());
    std::fs::write(
        dir.path().join("sites.toml"),
        b"# \x82\xd0\x82\xab\x82\xb1\x82\xe0\x82\xe8\n",
    )
    .unwrap();
    let e = problems(&dir);
    assert!(
        e.problems
            .iter()
            .any(|p| p.kind == ProblemKind::NotUtf8 && p.line == Some(1))
    );

    // binary junk, empty file, huge file
    for bytes in [
        vec![0u8, 159, 146, 150, 0, 1, 2],
        Vec::new(),
        vec![b'#'; 5 * 1024 * 1024],
    ] {
        let dir = seed_with("programs.toml", |t| t.to_string());
        std::fs::write(dir.path().join("programs.toml"), &bytes).unwrap();
        let e = problems(&dir);
        assert!(!e.problems.is_empty());
    }
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let dir = seed_with("sites.toml", |t| t.replace("source = \"3(1)\"", "source = 31"));
    let e = problems(&dir);
    assert!(e.problems.len() > 5, "{}", e.problems.len());
}

#[test]
fn wrong_shape_and_unknown_table() {
    let dir = seed_with("programs.toml", |t| {
        format!(
            "program = \"oops\"\n{}",
            t.replace("[[program]]", "[[programme]]")
        )
    });
    let e = problems(&dir);
    assert!(
        e.problems
            .iter()
            .any(|p| matches!(&p.kind, ProblemKind::UnknownTable(t) if t == "programme"))
    );
}

/// desk.toml `[complex]` is the city's 複合 guide: an unknown domain id is a problem
/// with file, line and field (issue 14).
#[test]
fn complex_setting_with_an_unknown_domain() {
    let dir = seed_with("desk.toml", |t| t.replace("\"rights\"]", "\"rights\", \"pets\"]"));
    let e = problems(&dir);
    assert_eq!(e.problems.len(), 1, "{}", e.render(tsunagu::i18n::Lang::Ja));
    let p = &e.problems[0];
    assert!(p.file.ends_with("desk.toml"), "{p}");
    assert_eq!(
        p.kind,
        ProblemKind::UnknownReference {
            kind: "domain",
            id: "pets".into()
        }
    );
    assert_eq!(p.field.as_deref(), Some("complex.domains"));
    let text = std::fs::read_to_string(Path::new(SEED).join("desk.toml")).unwrap();
    assert_eq!(p.line, Some(line_of(&text, "domains = [")));

    let zero = seed_with("desk.toml", |t| t.replace("min_domains = 2", "min_domains = 0"));
    let e = problems(&zero);
    assert_eq!(e.problems[0].field.as_deref(), Some("complex.min_domains"));
}

/// A site's role names the program row it belongs to (基本型 in 利用者支援事業).
#[test]
fn site_role_without_its_program() {
    let dir = seed_with("sites.toml", |t| {
        t.replacen(
            "program_roles = [{ program = \"riyousha_shien\", role = \"基本型\" }]",
            "program_roles = [{ program = \"kosodate_kyoten\", role = \"基本形\" }]",
            1,
        )
    });
    let e = problems(&dir);
    let fields: Vec<&str> = e.problems.iter().filter_map(|p| p.field.as_deref()).collect();
    // 基本形 is not a role of the site; 基本型 has no program row any more. (The program
    // itself is one the site serves.)
    assert_eq!(
        fields,
        ["program_roles", "program_roles"],
        "{}",
        e.render(tsunagu::i18n::Lang::Ja)
    );
}

/// The city's vocabulary: an entry pointing at an unknown concern or program is a problem
/// with file, line and field; an entry not marked as the city's wording is refused.
#[test]
fn a_broken_vocabulary_entry_names_file_line_and_field() {
    let vocab = std::fs::read_to_string(Path::new(SEED).join("vocabulary.toml")).unwrap();
    let dir = seed_with("vocabulary.toml", |t| {
        format!(
            "{t}\n[[word]]\nwords = [\"徘徊老人\"]\nconcerns = [\"wandering\"]\nprograms = [\"no_such_program\"]\nwording = \"city\"\n"
        )
    });
    let e = problems(&dir);
    let added = vocab.lines().count() + 2;
    let concern = e
        .problems
        .iter()
        .find(|p| p.field.as_deref() == Some("concerns"))
        .expect("the unknown concern is reported");
    assert!(concern.file.ends_with("vocabulary.toml"), "{concern}");
    assert!(
        matches!(&concern.kind, ProblemKind::UnknownReference { kind: "concern", id } if id == "wandering")
    );
    assert_eq!(concern.line, Some(added + 2), "{concern}");
    let program = e
        .problems
        .iter()
        .find(|p| p.field.as_deref() == Some("programs"))
        .expect("the unknown program is reported");
    assert!(
        matches!(&program.kind, ProblemKind::UnknownReference { kind: "program", id } if id == "no_such_program")
    );

    let dir = seed_with("vocabulary.toml", |t| {
        format!("{t}\n[[word]]\nwords = [\"介護\"]\nconcerns = [\"elderly_care\"]\nwording = \"plan\"\n")
    });
    let e = problems(&dir);
    assert!(
        e.problems.iter().any(|p| p.field.as_deref() == Some("wording")),
        "{:?}",
        e.problems
    );
}

/// A seed folder without vocabulary.toml is whole (a city that has not written one yet).
#[test]
fn the_vocabulary_file_may_be_absent() {
    let dir = seed_with("vocabulary.toml", |t| t.to_string());
    std::fs::remove_file(dir.path().join("vocabulary.toml")).unwrap();
    let l = seed::load_dir_full(dir.path()).expect("valid without the vocabulary");
    assert!(l.directory.vocabulary.is_empty());
}

/// Contact details the city adds to a site show in its detail; absent ones read
/// (計画に記載なし). The shipped seed has none (the plan gives none).
#[test]
fn contact_details_show_when_the_city_fills_them() {
    let shipped = seed::load_dir(Path::new(SEED)).unwrap();
    assert!(
        shipped
            .sites
            .iter()
            .all(|s| s.phone.is_none() && s.address.is_none() && s.hours.is_none())
    );
    let dir = seed_with("sites.toml", |t| {
        t.replacen(
            "id = \"houkatsu_fujisawa\"",
            "id = \"houkatsu_fujisawa\"\nphone = \"04-0000-0000\"\nhours = \"平日 8:30-17:15\"",
            1,
        )
    });
    let d = seed::load_dir(dir.path()).expect("a phone is a valid field");
    let idx = d.sites.iter().position(|s| s.id == "houkatsu_fujisawa").unwrap();
    let hit = tsunagu::search::Hit {
        kind: tsunagu::search::EntryKind::Site,
        idx,
        score: 0,
    };
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let lines = tsunagu::tui::screens::detail::detail_lines(&d, &hit, 76, date, tsunagu::i18n::Lang::Ja);
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let text = text.join("\n");
    assert!(text.contains("04-0000-0000"), "{text}");
    assert!(text.contains("平日 8:30-17:15"), "{text}");
    assert!(
        text.contains("住所") && text.contains("(計画に記載なし)"),
        "{text}"
    );
}
