//! `tsunagu refer`: the referral advice for an intake, as a readable summary or JSON.

use super::words::Word;
use crate::i18n::Lang;
use crate::referral::Advice;
use std::io::{self, Write};

pub fn print_json(out: &mut dyn Write, advice: &Advice) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, advice).map_err(io::Error::other)?;
    writeln!(out)
}

pub fn print_text(out: &mut dyn Write, advice: &Advice, lang: Lang) -> io::Result<()> {
    if advice.urgent {
        writeln!(out, "{}", Word::ReferUrgent.text(lang))?;
    }
    for (i, r) in advice.referrals.iter().enumerate() {
        let mark = if r.urgent { "!" } else { " " };
        let mut head = format!("{mark}{}. {} ({})", i + 1, r.service, r.section);
        if let Some(site) = &r.site {
            head.push_str(&format!(" -> {site}"));
        }
        writeln!(out, "{head}")?;
        writeln!(out, "    {} {}", Word::ReferWhy.text(lang), r.reason)?;
        if !r.site_candidates.is_empty() {
            let candidates = r.site_candidates.join("、");
            writeln!(out, "    {} {candidates}", Word::ReferCandidates.text(lang))?;
        }
        if let Some(n) = &r.note {
            writeln!(out, "    {} {n}", Word::ReferNote.text(lang))?;
        }
        writeln!(out, "    {} {}", Word::ReferRule.text(lang), r.rule)?;
    }
    if advice.multi_agency {
        let meeting = match &advice.meeting {
            Some(m) => m.as_str(),
            None => Word::ReferNoMeeting.text(lang),
        };
        let conf = if advice.meeting_confidential {
            Word::ReferConfidential.text(lang)
        } else {
            ""
        };
        let domains = advice.domains.join("+");
        let line = Word::ReferMultiAgency.with(
            lang,
            &[("domains", &domains), ("meeting", meeting), ("conf", conf)],
        );
        writeln!(out, "{line}")?;
    }
    if let Some(c) = &advice.consent_check {
        let given = c.if_given.as_deref().unwrap_or("-");
        let not = c.if_not_obtained.as_deref().unwrap_or("-");
        // In Japanese the rule's own message (the plan's words); in English the same
        // routes in a sentence.
        let line =
            Word::ReferConsentAsk.with(lang, &[("message", &c.message), ("given", given), ("not", not)]);
        writeln!(out, "{line}")?;
    }
    if !advice.next_sessions.is_empty() {
        let dates: Vec<String> = advice
            .next_sessions
            .iter()
            .map(|s| {
                let mut d = format!("{} {}", s.label, crate::i18n::short_date(&s.date, lang));
                if s.reservation_required {
                    d.push_str(Word::ReferReservation.text(lang));
                }
                d
            })
            .collect();
        writeln!(out, "{} {}", Word::ReferNextSessions.text(lang), dates.join(", "))?;
    }
    if let Some(g) = &advice.calendar_gap {
        let until = g.calendar_until.as_deref().unwrap_or("-");
        let line = Word::ReferCalendarGap.with(lang, &[("message", &g.message), ("until", until)]);
        writeln!(out, "{line}")?;
    }
    Ok(())
}
