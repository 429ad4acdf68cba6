//! `tsunagu export`, `tsunagu import` and `tsunagu purge`: summaries and the purge
//! confirmation. Counts, paths and dates only: nothing personal is ever printed.

use super::words::Word;
use crate::i18n::Lang;
use crate::store::RecordCounts;
use crate::store::export::{ArchiveError, ExportSummary, ImportSummary};
use crate::store::purge::PurgeSummary;
use std::io::{self, BufRead, Write};

fn counts_line(c: &RecordCounts, lang: Lang) -> String {
    Word::ArchiveCounts.with(
        lang,
        &[
            ("cases", &c.cases.to_string()),
            ("handoffs", &c.handoffs.to_string()),
            ("meetings", &c.meetings.to_string()),
            ("drafts", &c.drafts.to_string()),
        ],
    )
}

pub fn print_export_summary(out: &mut dyn Write, s: &ExportSummary, lang: Lang) -> io::Result<()> {
    let counts = counts_line(&s.counts, lang);
    let path = s.path.display().to_string();
    let head = Word::Exported.with(lang, &[("path", &path), ("bytes", &s.bytes.to_string())]);
    writeln!(out, "{head}")?;
    writeln!(out, "  {counts}")?;
    writeln!(out, "{}", Word::ExportPersonal.text(lang))
}

pub fn print_import_summary(out: &mut dyn Write, s: &ImportSummary, lang: Lang) -> io::Result<()> {
    let counts = counts_line(&s.counts, lang);
    let path = s.path.display().to_string();
    let head = Word::Imported.with(lang, &[("path", &path), ("at", &s.exported_at.to_string())]);
    writeln!(out, "{head}")?;
    writeln!(out, "  {counts}")
}

pub fn print_purge_summary(out: &mut dyn Write, s: &PurgeSummary, lang: Lang) -> io::Result<()> {
    let date = s.closed_before.format("%Y-%m-%d").to_string();
    let (head, cases) = if s.dry_run {
        (Word::PurgeDryRun, Word::PurgeCasesDry)
    } else {
        (Word::PurgeDone, Word::PurgeCasesDone)
    };
    let what = Word::PurgeWhat.with(lang, &[("head", head.text(lang)), ("date", &date)]);
    writeln!(out, "{what}")?;
    let matched = s.cases_matched.to_string();
    let n = s.cases_anonymized.to_string();
    writeln!(out, "{}", cases.with(lang, &[("matched", &matched), ("n", &n)]))?;
    let others = Word::PurgeOthers.with(
        lang,
        &[
            ("handoffs", &s.handoffs_anonymized.to_string()),
            ("meetings", &s.meetings_anonymized.to_string()),
            ("notes", &s.decision_notes_erased.to_string()),
        ],
    );
    writeln!(out, "{others}")?;
    if s.undated > 0 {
        let n = s.undated.to_string();
        writeln!(out, "{}", Word::PurgeUndated.with(lang, &[("n", &n)]))?;
    }
    Ok(())
}

/// An archive error for the desk, in `lang`.
pub fn print_archive_error(out: &mut dyn Write, e: &ArchiveError, lang: Lang) -> io::Result<()> {
    writeln!(out, "{}", crate::i18n::Localized::message(e, lang))
}

/// Ask before anonymizing `n` cases. Only "yes" or "y" (any case, surrounding blanks
/// ignored) agrees; anything else, end of input or an error declines.
pub fn confirm_purge(input: &mut dyn BufRead, out: &mut dyn Write, n: usize, lang: Lang) -> bool {
    let prompt = Word::PurgeConfirm.with(lang, &[("n", &n.to_string())]);
    if out
        .write_all(prompt.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    match input.read_line(&mut answer) {
        Ok(0) | Err(_) => false,
        Ok(_) => matches!(answer.trim().to_ascii_lowercase().as_str(), "yes" | "y"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::path::PathBuf;

    fn purge(dry_run: bool) -> PurgeSummary {
        PurgeSummary {
            closed_before: NaiveDate::from_ymd_opt(2021, 4, 1).unwrap_or_default(),
            dry_run,
            cases_matched: 3,
            cases_anonymized: 2,
            handoffs_anonymized: 4,
            meetings_anonymized: 1,
            decision_notes_erased: 2,
            undated: 1,
        }
    }

    #[test]
    fn confirm_accepts_only_yes() {
        for (answer, ok) in [
            ("yes\n", true),
            ("y\n", true),
            (" YES \r\n", true),
            ("Y", true),
            ("no\n", false),
            ("yes please\n", false),
            ("はい\n", false),
            ("\n", false),
            ("", false),
        ] {
            let mut out = Vec::new();
            let got = confirm_purge(&mut answer.as_bytes(), &mut out, 12, Lang::Ja);
            assert_eq!(got, ok, "{answer:?}");
            assert_eq!(
                String::from_utf8_lossy(&out),
                "12 件の案件の個人情報を匿名化します。よろしいですか? (yes/no) "
            );
        }
        let mut out = Vec::new();
        assert!(confirm_purge(&mut &b"y\n"[..], &mut out, 1, Lang::En));
        assert!(String::from_utf8_lossy(&out).starts_with("Anonymize the personal data of 1 cases?"));
    }

    #[test]
    fn summaries_print_counts_only() {
        let mut out = Vec::new();
        print_purge_summary(&mut out, &purge(true), Lang::Ja).unwrap();
        print_purge_summary(&mut out, &purge(false), Lang::En).unwrap();
        let counts = RecordCounts {
            cases: 5,
            handoffs: 7,
            meetings: 2,
            drafts: 1,
        };
        print_export_summary(
            &mut out,
            &ExportSummary {
                path: PathBuf::from("/tmp/x.jsonl"),
                exported_at: "2026-11-26T14:10:00+09:00".into(),
                counts,
                bytes: 1234,
            },
            Lang::Ja,
        )
        .unwrap();
        print_import_summary(
            &mut out,
            &ImportSummary {
                path: PathBuf::from("/tmp/x.jsonl"),
                exported_at: "2026-11-26T14:10:00+09:00".into(),
                counts,
            },
            Lang::En,
        )
        .unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("確認のみ"), "{text}");
        assert!(text.contains("2021-04-01"), "{text}");
        assert!(text.contains("終結日が読めない案件 1 件"), "{text}");
        assert!(text.contains("案件 5 / つなぎ 7 / 会議 2 / 下書き 1"), "{text}");
        assert!(
            text.contains("5 cases, 7 hand-offs, 2 meetings, 1 drafts"),
            "{text}"
        );
    }
}
