//! `tsunagu audit [--case N] [--user U] [--since DATE]`: the audit trail, for admins.
//! Entries hold a time, a staff login, an action word and a case number: nothing
//! personal, but a case number is still printed only for those allowed to ask.

use super::words::Word;
use crate::domain::Op;
use crate::i18n::Lang;
use crate::store::{AuditEntry, AuditFilter};
use crate::text::{fit, pad_left};
use chrono::NaiveDate;
use std::io::{self, Write};

/// The filter from the command line; an error message (in `lang`) for a bad date.
pub fn filter(
    case: Option<&str>,
    user: Option<&str>,
    since: Option<&str>,
    limit: Option<usize>,
    lang: Lang,
) -> Result<AuditFilter, String> {
    let since = match since.map(str::trim) {
        None => None,
        Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                return Err(Word::DateForm.with(lang, &[("flag", "--since"), ("d", d)]));
            }
        },
    };
    let text = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    // R8-000002, R8-2 or 2, as `slip` takes it.
    let case = match text(case) {
        None => None,
        Some(typed) => Some(super::case_number(&typed).ok_or_else(|| super::bad_case_number(&typed, lang))?),
    };
    Ok(AuditFilter {
        case,
        user: text(user),
        since,
        limit,
    })
}

/// What an action word means, in `lang` (the word itself for one this build does not
/// know).
pub fn action_label(action: &str, lang: Lang) -> String {
    if let Some((action, more)) = crate::store::guard::refusals::split_coalesced(action) {
        let label = action_label(action, lang);
        return Word::AuditCoalesced.with(lang, &[("label", &label), ("more", &more.to_string())]);
    }
    let (denied, word) = match action.strip_prefix("denied:") {
        Some(rest) => (true, rest),
        None => (false, action),
    };
    let op = Op::ALL.iter().find(|op| op.audit_action() == word);
    let label = match (op, lang) {
        (Some(op), Lang::Ja) => op.label_ja().to_string(),
        (Some(op), Lang::En) => op.as_str().replace('_', " "),
        (None, _) => word.to_string(),
    };
    if denied {
        Word::AuditRefused.with(lang, &[("label", &label)])
    } else {
        label
    }
}

/// Control characters (a terminal escape in a stored value) shown as `?`.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { '?' } else { c }).collect()
}

/// One entry a line: seq, time, user, case, action and what it means.
pub fn print_text(out: &mut dyn Write, entries: &[AuditEntry], lang: Lang) -> io::Result<()> {
    // Headers are padded in cells (the Japanese ones are two cells a character), to the
    // columns of the entries below.
    writeln!(
        out,
        "{}  {}  {}  {}  {}",
        pad_left(Word::AuditSeq.text(lang), 6),
        fit(Word::AuditTime.text(lang), 25),
        fit(Word::AuditUser.text(lang), 12),
        fit(Word::AuditCase.text(lang), 10),
        Word::AuditAction.text(lang)
    )?;
    for e in entries {
        writeln!(
            out,
            "{:>6}  {:<25}  {:<12}  {:<10}  {} ({})",
            e.seq,
            clean(&e.at),
            clean(&e.user),
            clean(e.case.as_deref().unwrap_or("-")),
            clean(&e.action),
            action_label(&clean(&e.action), lang)
        )?;
    }
    let n = entries.len().to_string();
    writeln!(out, "{}", Word::AuditCount.with(lang, &[("n", &n)]))
}

/// A JSON array of the entries (fields as stored).
pub fn print_json(out: &mut dyn Write, entries: &[AuditEntry]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, entries).map_err(io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64, action: &str, case: Option<&str>) -> AuditEntry {
        AuditEntry {
            seq,
            at: "2026-11-26T10:15:00+09:00".into(),
            user: "uketsuke1".into(),
            action: action.into(),
            case: case.map(Into::into),
        }
    }

    #[test]
    fn filter_reads_dates_and_trims() {
        let f = filter(Some(" R8-000001 "), Some(""), Some("2026-11-01"), None, Lang::Ja).unwrap_or_default();
        assert_eq!(f.case.as_deref(), Some("R8-000001"));
        assert_eq!(f.user, None);
        assert_eq!(f.since, NaiveDate::from_ymd_opt(2026, 11, 1));
        assert!(filter(None, None, Some("11/01"), None, Lang::En).is_err());
        let f = filter(Some("R8-1"), None, None, None, Lang::Ja).unwrap_or_default();
        assert_eq!(f.case.as_deref(), Some("R8-000001"));
        let e = filter(Some("R8-x"), None, None, None, Lang::Ja)
            .err()
            .unwrap_or_default();
        assert!(e.contains("R8-2") && e.contains("R8-x"), "{e}");
    }

    #[test]
    fn text_names_each_action() {
        let mut out = Vec::new();
        let entries = [
            entry(1, "put_case", Some("R8-000001")),
            entry(2, "denied:read_case", Some("R8-000002")),
            entry(3, "read_audit\u{1b}[2J", None),
        ];
        print_text(&mut out, &entries, Lang::Ja).unwrap_or(());
        let text = String::from_utf8(out).unwrap_or_default();
        assert!(text.contains("put_case (案件の保存)"), "{text}");
        assert!(text.contains("denied:read_case (拒否: 案件の閲覧)"), "{text}");
        assert!(!text.contains('\u{1b}'), "escapes are cleaned");
        assert!(text.ends_with("3 件\n"), "{text}");
        let mut json = Vec::new();
        print_json(&mut json, &entries).unwrap_or(());
        let back: Vec<AuditEntry> = serde_json::from_slice(&json).unwrap_or_default();
        assert_eq!(back, entries);
    }
}
