//! `tsunagu seed check` and `tsunagu seed sync` reports.

use super::words::Word;
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
            let names = [
                Word::SeedPrograms,
                Word::SeedSites,
                Word::SeedSections,
                Word::SeedMeetings,
                Word::SeedSchedules,
                Word::SeedTargets,
            ];
            let parts: Vec<String> = names
                .iter()
                .zip(counts)
                .map(|(name, n)| name.with(lang, &[("n", &n.to_string())]))
                .collect();
            let hash = l.hash.get(..12).unwrap_or(&l.hash);
            writeln!(
                out,
                "{} {} (sha256 {hash})",
                Word::SeedOk.text(lang),
                parts.join(Word::SeedSep.text(lang))
            )?;
            print_info(out, d, lang)
        }
        Err(e) => {
            for p in &e.problems {
                writeln!(out, "{}", p.render(lang))?;
            }
            let n = e.problems.len().to_string();
            writeln!(out, "{}", Word::SeedProblems.with(lang, &[("n", &n)]))
        }
    }
}

pub fn print_sync(out: &mut dyn Write, s: &Synced, lang: Lang) -> io::Result<()> {
    let short = &s.seed_hash[..s.seed_hash.len().min(12)];
    let word = match &s.outcome {
        Outcome::Unchanged => Word::SyncUnchanged,
        Outcome::Replaced { .. } => Word::SyncReplaced,
        Outcome::KeptReplica => Word::SyncKept,
        Outcome::EmbeddedFallback => Word::SyncEmbedded,
    };
    let line = word.with(lang, &[("hash", short), ("at", &s.replicated_at)]);
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
    let entries = d.vocabulary.len().to_string();
    let info = Word::InfoVocabulary.with(lang, &[("entries", &entries), ("words", &words.to_string())]);
    writeln!(out, "{info}")?;
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
    for (ids, word) in [(&sites, Word::InfoSites), (&sections, Word::InfoSections)] {
        if ids.is_empty() {
            continue;
        }
        let line = word.with(lang, &[("n", &ids.len().to_string()), ("ids", &ids.join(", "))]);
        writeln!(out, "{line}")?;
    }
    Ok(())
}
