//! `tsunagu refer`: the referral advice for an intake, as a readable summary or JSON.

use crate::i18n::Lang;
use crate::referral::Advice;
use std::io::{self, Write};

pub fn print_json(out: &mut dyn Write, advice: &Advice) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, advice).map_err(io::Error::other)?;
    writeln!(out)
}

pub fn print_text(out: &mut dyn Write, advice: &Advice, lang: Lang) -> io::Result<()> {
    let ja = lang == Lang::Ja;
    if advice.urgent {
        writeln!(
            out,
            "{}",
            if ja {
                "!! 緊急の対応が必要です"
            } else {
                "!! Urgent"
            }
        )?;
    }
    for (i, r) in advice.referrals.iter().enumerate() {
        let mark = if r.urgent { "!" } else { " " };
        let mut head = format!("{mark}{}. {} ({})", i + 1, r.service, r.section);
        if let Some(site) = &r.site {
            head.push_str(&format!(" -> {site}"));
        }
        writeln!(out, "{head}")?;
        writeln!(out, "    {} {}", if ja { "理由:" } else { "why:" }, r.reason)?;
        if !r.site_candidates.is_empty() {
            writeln!(
                out,
                "    {} {}",
                if ja { "候補:" } else { "candidates:" },
                r.site_candidates.join("、")
            )?;
        }
        if let Some(n) = &r.note {
            writeln!(out, "    {} {n}", if ja { "注意:" } else { "note:" })?;
        }
        writeln!(out, "    {} {}", if ja { "ルール:" } else { "rule:" }, r.rule)?;
    }
    if advice.multi_agency {
        let meeting = advice.meeting.as_deref().unwrap_or("-");
        let conf = if advice.meeting_confidential {
            if ja {
                " (構成員に守秘義務: 法第106条の6)"
            } else {
                " (members bound by confidentiality, Art. 106-6)"
            }
        } else {
            ""
        };
        if ja {
            writeln!(
                out,
                "多機関協働: あり ({}) -> {meeting}{conf}",
                advice.domains.join("+")
            )?;
        } else {
            writeln!(
                out,
                "multi-agency: yes ({}) -> {meeting}{conf}",
                advice.domains.join("+")
            )?;
        }
    }
    if !advice.next_sessions.is_empty() {
        let dates: Vec<String> = advice
            .next_sessions
            .iter()
            .map(|s| {
                let mut d = format!("{} {}", s.label, crate::i18n::short_date(&s.date, lang));
                if s.reservation_required {
                    d.push_str(if ja { " 要予約" } else { " reservation" });
                }
                d
            })
            .collect();
        writeln!(
            out,
            "{} {}",
            if ja { "次の相談日:" } else { "next sessions:" },
            dates.join(", ")
        )?;
    }
    Ok(())
}
