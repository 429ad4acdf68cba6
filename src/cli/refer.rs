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
        let meeting = match (&advice.meeting, ja) {
            (Some(m), _) => m.as_str(),
            (None, true) => "会議は未定 (同意を確認)",
            (None, false) => "no meeting yet (confirm consent)",
        };
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
                "多機関協働: 目安に該当 ({}) -> {meeting}{conf}",
                advice.domains.join("+")
            )?;
        } else {
            writeln!(
                out,
                "multi-agency: meets the city's guide ({}) -> {meeting}{conf}",
                advice.domains.join("+")
            )?;
        }
    }
    if let Some(c) = &advice.consent_check {
        let (given, not) = (
            c.if_given.as_deref().unwrap_or("-"),
            c.if_not_obtained.as_deref().unwrap_or("-"),
        );
        if ja {
            writeln!(out, "{}", c.message)?;
        } else {
            writeln!(
                out,
                "consent: not yet confirmed; ask the person first (with consent -> {given}, if it cannot be obtained -> {not})"
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
    if let Some(g) = &advice.calendar_gap {
        if ja {
            writeln!(out, "相談日: {}", g.message)?;
        } else {
            writeln!(
                out,
                "sessions: the holiday calendar (calendar.toml) ends {}; later holidays are not in the seed yet, so no later date is shown",
                g.calendar_until.as_deref().unwrap_or("-")
            )?;
        }
    }
    Ok(())
}
