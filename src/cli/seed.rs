//! `tsunagu seed check` and `tsunagu seed sync` reports.

use crate::i18n::Lang;
use crate::seed::{Loaded, SeedErrors};
use crate::store::replicate::{Outcome, Synced};
use std::io::{self, Write};

/// The result of `seed check`, with the warnings of a valid seed as of `today`.
pub fn print_check(
    out: &mut dyn Write,
    result: &Result<Loaded, SeedErrors>,
    today: chrono::NaiveDate,
    lang: Lang,
) -> io::Result<()> {
    if let Ok(l) = result {
        for w in crate::seed::warn::warnings(l, today) {
            writeln!(out, "{}", w.render(lang))?;
        }
    }
    match result {
        Ok(l) => {
            let d = &l.directory;
            let counts = [
                d.programs.len(),
                d.sites.len(),
                d.sections.len(),
                d.meetings.len(),
                d.schedules.len(),
                d.targets.len(),
            ];
            let (head, names) = match lang {
                Lang::Ja => ("問題なし:", ["事業", "機関", "所管課", "会議", "相談日", "目標"]),
                Lang::En => (
                    "ok:",
                    [
                        "programs",
                        "sites",
                        "sections",
                        "meetings",
                        "schedules",
                        "targets",
                    ],
                ),
            };
            let parts: Vec<String> = names
                .iter()
                .zip(counts)
                .map(|(name, n)| match lang {
                    Lang::Ja => format!("{name} {n}"),
                    Lang::En => format!("{n} {name}"),
                })
                .collect();
            let sep = if lang == Lang::Ja { " / " } else { ", " };
            writeln!(out, "{head} {} (sha256 {})", parts.join(sep), &l.hash[..12])?;
            print_info(out, d, lang)
        }
        Err(e) => {
            for p in &e.problems {
                writeln!(out, "{}", p.render(lang))?;
            }
            match lang {
                Lang::Ja => writeln!(out, "{} 件の問題があります", e.problems.len()),
                Lang::En => writeln!(out, "{} problem(s)", e.problems.len()),
            }
        }
    }
}

pub fn print_sync(out: &mut dyn Write, s: &Synced, lang: Lang) -> io::Result<()> {
    let short = &s.seed_hash[..s.seed_hash.len().min(12)];
    let line = match (&s.outcome, lang) {
        (Outcome::Unchanged, Lang::Ja) => format!("名簿は最新です (sha256 {short}, {})", s.replicated_at),
        (Outcome::Unchanged, Lang::En) => {
            format!("directory up to date (sha256 {short}, {})", s.replicated_at)
        }
        (Outcome::Replaced { .. }, Lang::Ja) => format!("名簿を更新しました (sha256 {short})"),
        (Outcome::Replaced { .. }, Lang::En) => format!("directory replaced (sha256 {short})"),
        (Outcome::KeptReplica, Lang::Ja) => {
            format!("シードに問題があるため、前回の名簿 (sha256 {short}) を使い続けます")
        }
        (Outcome::KeptReplica, Lang::En) => {
            format!("the seed has problems; keeping the last good directory (sha256 {short})")
        }
        (Outcome::EmbeddedFallback, Lang::Ja) => "シードに問題があるため、内蔵の名簿を使います".to_string(),
        (Outcome::EmbeddedFallback, Lang::En) => {
            "the seed has problems; using the built-in directory".to_string()
        }
    };
    writeln!(out, "{line}")?;
    if let Some(p) = &s.problems {
        for p in &p.problems {
            writeln!(out, "  {}", p.render(lang))?;
        }
    }
    Ok(())
}

/// Information, not problems: the city's vocabulary, and the sites and sections without
/// contact details (the plan gives none; the city may add phone, hours and address).
fn print_info(out: &mut dyn Write, d: &crate::domain::Directory, lang: Lang) -> io::Result<()> {
    let words: usize = d.vocabulary.iter().map(|v| v.words.len()).sum();
    match lang {
        Lang::Ja => writeln!(
            out,
            "情報: 市の語彙 {} 項目 {words} 語 (vocabulary.toml)",
            d.vocabulary.len()
        )?,
        Lang::En => writeln!(
            out,
            "info: city vocabulary, {} entries, {words} words (vocabulary.toml)",
            d.vocabulary.len()
        )?,
    }
    let missing = |phone: &Option<String>, hours: &Option<String>, address: &Option<String>| {
        phone.is_none() || hours.is_none() || address.is_none()
    };
    let sites: Vec<&str> = d
        .sites
        .iter()
        .filter(|s| missing(&s.phone, &s.hours, &s.address))
        .map(|s| s.id.as_str())
        .collect();
    let sections: Vec<&str> = d
        .sections
        .iter()
        .filter(|s| missing(&s.phone, &s.hours, &s.address))
        .map(|s| s.id.as_str())
        .collect();
    for (ids, ja, en) in [
        (
            &sites,
            "連絡先 (電話・受付時間・住所) のない機関",
            "sites without phone, hours or address",
        ),
        (
            &sections,
            "連絡先 (電話・受付時間・住所) のない所管課",
            "sections without phone, hours or address",
        ),
    ] {
        if ids.is_empty() {
            continue;
        }
        match lang {
            Lang::Ja => writeln!(out, "情報: {ja} {} 件: {}", ids.len(), ids.join(", "))?,
            Lang::En => writeln!(out, "info: {} {en}: {}", ids.len(), ids.join(", "))?,
        }
    }
    Ok(())
}
