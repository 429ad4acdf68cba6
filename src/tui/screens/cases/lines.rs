//! Text of the 案件 screen: row summaries, the timeline and the full detail of a case.
//! Pure functions of the data; every stored or seed text goes through `text::display`.

use super::super::super::tabs::cases::CaseData;
use super::super::super::tabs::cases::filter::status_label;
use super::super::super::tabs::cases::words::Word;
use crate::domain::{Case, Directory, Handoff, HandoffStatus, Person};
use crate::i18n::Label as _;
use crate::i18n::Lang;
use crate::text;
use chrono::DateTime;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// Cells of the time column of the timeline ("11/26 14:09  ").
const TIME_W: usize = 13;
/// Cells of the label column of the detail view.
const LABEL_W: usize = 12;

/// "11/26 14:09" of an RFC 3339 time (in its own offset); the text itself when it is
/// not one.
pub fn short_time(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => t.format("%m/%d %H:%M").to_string(),
        Err(_) => text::display(rfc3339),
    }
}

/// "2026/11/26 14:09".
fn long_time(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => t.format("%Y/%m/%d %H:%M").to_string(),
        Err(_) => text::display(rfc3339),
    }
}

/// "11/26" of an RFC 3339 time.
pub fn short_date(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => t.format("%m/%d").to_string(),
        Err(_) => text::display(rfc3339.get(5..10).unwrap_or(rfc3339)),
    }
}

fn relation(p: &Person, lang: Lang) -> &'static str {
    p.relation.label(lang)
}

fn concern_label(dir: &Directory, id: &str) -> String {
    text::display(dir.concern(id).map_or(id, |c| c.label.as_str()))
}

pub fn section_name(dir: &Directory, id: &str) -> String {
    text::display(dir.section(id).map_or(id, |s| s.name.as_str()))
}

/// "高齢者支援課 / 高齢者の総合相談支援 (豊岡地域包括支援センター)".
pub fn destination(dir: &Directory, h: &Handoff) -> String {
    let service = dir
        .program(&h.program)
        .map_or(h.program.as_str(), |p| p.service.as_str());
    let mut s = format!("{} / {}", section_name(dir, &h.section), text::display(service));
    if let Some(site) = &h.site {
        let name = dir.site(site).map_or(site.as_str(), |s| s.name.as_str());
        s.push_str(&format!(" ({})", text::display(name)));
    }
    s
}

/// The household without names: "本人53 親82 ひきこもり・高齢・介護".
pub fn household(dir: &Directory, case: &Case, lang: Lang) -> String {
    if case.restricted {
        return Word::Masked.text(lang).to_string();
    }
    let mut parts: Vec<String> = case
        .intake
        .people
        .iter()
        .map(|p| match p.age {
            Some(a) => format!("{}{a}", relation(p, lang)),
            None => relation(p, lang).to_string(),
        })
        .collect();
    let mut concerns: Vec<String> = Vec::new();
    for c in case.intake.people.iter().flat_map(|p| &p.concerns) {
        let label = concern_label(dir, c);
        if !concerns.contains(&label) {
            concerns.push(label);
        }
    }
    if !concerns.is_empty() {
        parts.push(concerns.join(Word::ConcernSep.text(lang)));
    }
    parts.join(" ")
}

/// "依頼中 2 / 受理 1", or "つなぎなし".
pub fn status_summary(handoffs: &[Handoff], lang: Lang) -> String {
    let parts: Vec<String> = HandoffStatus::ALL
        .iter()
        .filter_map(|s| {
            let n = handoffs.iter().filter(|h| h.status == *s).count();
            (n > 0).then(|| format!("{} {n}", status_label(*s, lang)))
        })
        .collect();
    if parts.is_empty() {
        Word::NoHandoffs.text(lang).to_string()
    } else {
        parts.join(" / ")
    }
}

/// "依頼中  総合相談支援室 -> 高齢者支援課".
pub fn route(dir: &Directory, h: &Handoff, lang: Lang) -> String {
    format!(
        "{}  {} -> {}",
        status_label(h.status, lang),
        text::display(&h.from_desk),
        section_name(dir, &h.section)
    )
}

/// The hand-off a/r/d act on, for the timeline's title: "#1 高齢者支援課 依頼中".
pub fn target(dir: &Directory, h: &Handoff, lang: Lang) -> String {
    Word::Target.with(
        lang,
        &[(
            "h",
            &format!(
                "#{} {} {}",
                h.seq,
                section_name(dir, &h.section),
                status_label(h.status, lang)
            ),
        )],
    )
}

fn free_text(s: &str, restricted: bool, lang: Lang) -> String {
    if restricted {
        format!("({})", Word::Restricted.text(lang))
    } else {
        text::display(s.trim())
    }
}

struct Event {
    at: i64,
    time: String,
    text: String,
}

/// Add an event, sorted by the time as written (its own offset), so the column reads
/// in order.
fn push(events: &mut Vec<Event>, at: &str, text: String) {
    let ts = DateTime::parse_from_rfc3339(at).map_or(i64::MAX, |t| t.naive_local().and_utc().timestamp());
    events.push(Event {
        at: ts,
        time: short_time(at),
        text,
    });
}

/// The case's timeline, oldest first: reception, each hand-off, each status change,
/// notes, closing. Free text of a restricted case is masked here (the detail shows it).
pub fn timeline(dir: &Directory, d: &CaseData, w: usize, lang: Lang) -> Vec<Line<'static>> {
    let c = &d.case;
    let hidden = c.restricted;
    let mut events: Vec<Event> = Vec::new();
    let (channel, consent) = (c.intake.channel.label(lang), c.intake.consent.label(lang));
    push(
        &mut events,
        &c.received_at,
        format!(
            "{} ({channel}, {})  {}",
            Word::Received.text(lang),
            text::display(&c.desk),
            Word::ConsentIs.with(lang, &[("c", consent)])
        ),
    );
    for h in &d.handoffs {
        let mut s = format!("{} -> {}", Word::Handoff.text(lang), destination(dir, h));
        if !h.note.trim().is_empty() {
            s.push_str(&format!("  「{}」", free_text(&h.note, hidden, lang)));
        }
        push(&mut events, &h.requested_at, s);
        for ch in h.history.iter().filter(|ch| ch.to != HandoffStatus::Requested) {
            let mut s = format!(
                "{}  {} ({})",
                status_label(ch.to, lang),
                section_name(dir, &h.section),
                text::display(&ch.by)
            );
            if let Some(r) = &ch.reason {
                s.push_str(&format!(
                    "  {}「{}」",
                    Word::Reason.text(lang),
                    free_text(r, hidden, lang)
                ));
            }
            push(&mut events, &ch.at, s);
        }
    }
    for n in &c.notes {
        push(
            &mut events,
            &n.at,
            format!(
                "{}: {} ({})",
                Word::Note.text(lang),
                free_text(&n.text, hidden, lang),
                text::display(&n.by)
            ),
        );
    }
    for r in &c.consultations {
        let note = r
            .note
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .map(|n| free_text(n, hidden, lang));
        push(&mut events, &r.at, super::records::event(dir, r, note, lang));
    }
    for m in &d.meetings {
        let kind = dir.meeting(&m.kind).map_or(m.kind.as_str(), |k| k.name.as_str());
        let mut s = format!("{kind} {}", m.id);
        if m.confidential {
            s.push_str(Word::ConfidentialTag.text(lang));
        }
        if let Some(d) = m.cases.iter().find(|x| x.case == c.number) {
            let label = d.decision.label(lang);
            s.push_str(&format!(": {label}"));
            if !d.note.trim().is_empty() {
                s.push_str(&format!("「{}」", free_text(&d.note, hidden, lang)));
            }
        }
        // A meeting has a date, not a time: it sorts at the end of its day and shows
        // no time.
        let day = m.date.get(..10).unwrap_or(&m.date);
        let at = format!("{day}T23:59:59+09:00");
        push(&mut events, &at, s);
        if let Some(e) = events.last_mut() {
            e.time = format!("{} --:--", day.get(5..).unwrap_or(day).replace('-', "/"));
        }
    }
    if let Some(at) = &c.closed_at {
        let note = c
            .closing_note
            .as_deref()
            .map(|n| free_text(n, hidden, lang))
            .unwrap_or_default();
        push(&mut events, at, format!("{}  {note}", Word::Closed.text(lang)));
    }
    events.sort_by_key(|e| e.at);

    let room = w.saturating_sub(1 + TIME_W).max(4);
    let mut lines = Vec::new();
    for e in events {
        for (i, l) in text::wrap(&e.text, room).into_iter().enumerate() {
            let head = if i == 0 {
                text::fit(&e.time, TIME_W)
            } else {
                " ".repeat(TIME_W)
            };
            lines.push(Line::from(format!(" {head}{l}")));
        }
    }
    lines
}

/// Lines of the full detail view.
struct Page {
    lines: Vec<Line<'static>>,
    w: usize,
}

impl Page {
    fn heading(&mut self, s: &str) {
        for l in text::wrap(&text::display(s), self.w.saturating_sub(1)) {
            self.lines.push(Line::from(Span::styled(
                format!(" {l}"),
                Style::default().add_modifier(Modifier::BOLD),
            )));
        }
    }

    /// Text wrapped after `indent` spaces.
    fn text(&mut self, indent: usize, s: &str) {
        for l in text::wrap(&text::display(s), self.w.saturating_sub(1 + indent).max(4)) {
            self.lines.push(Line::from(format!(" {}{l}", " ".repeat(indent))));
        }
    }

    /// `label  value` at `indent`, the value wrapped under itself.
    fn field(&mut self, indent: usize, label: &str, value: &str) {
        let room = self.w.saturating_sub(1 + indent + LABEL_W).max(4);
        for (i, l) in text::wrap(&text::display(value), room).into_iter().enumerate() {
            let head = if i == 0 {
                text::fit(label, LABEL_W)
            } else {
                " ".repeat(LABEL_W)
            };
            self.lines
                .push(Line::from(format!(" {}{head}{l}", " ".repeat(indent))));
        }
    }

    fn bullet(&mut self, indent: usize, s: &str) {
        let room = self.w.saturating_sub(3 + indent).max(4);
        for (i, l) in text::wrap(&text::display(s), room).into_iter().enumerate() {
            let head = if i == 0 { "- " } else { "  " };
            self.lines
                .push(Line::from(format!(" {}{head}{l}", " ".repeat(indent))));
        }
    }
}

fn person_line(dir: &Directory, p: &Person, lang: Lang) -> String {
    let age = match p.age {
        Some(a) => Word::Age.with(lang, &[("n", &a.to_string())]),
        None => Word::AgeUnknown.text(lang).to_string(),
    };
    let concerns: Vec<String> = p.concerns.iter().map(|c| concern_label(dir, c)).collect();
    if concerns.is_empty() {
        format!("{} {age}", relation(p, lang))
    } else {
        format!(
            "{} {age}: {}",
            relation(p, lang),
            concerns.join(Word::ListSep.text(lang))
        )
    }
}

/// Everything about a case: reception, household, what was said, personal fields
/// (hidden when restricted), each hand-off with its reasons, note and history, notes.
pub fn detail(dir: &Directory, d: &CaseData, w: usize, lang: Lang) -> Vec<Line<'static>> {
    let c = &d.case;
    let i = &c.intake;
    let mut p = Page { lines: Vec::new(), w };
    if c.restricted {
        p.heading(Word::RestrictedBanner.text(lang));
    }
    let yes_no = |b: bool| {
        if b {
            Word::Yes.text(lang)
        } else {
            Word::No.text(lang)
        }
    };
    let (channel, consent) = (i.channel.label(lang), i.consent.label(lang));
    p.field(0, Word::LabelReceived.text(lang), &long_time(&c.received_at));
    p.field(0, Word::LabelDesk.text(lang), &c.desk);
    if let Some(s) = &c.staff {
        p.field(0, Word::LabelStaff.text(lang), s);
    }
    p.field(0, Word::LabelChannel.text(lang), channel);
    p.field(0, Word::LabelConsent.text(lang), consent);
    p.field(0, Word::LabelSeeksHelp.text(lang), yes_no(i.seeks_help));
    if let Some(id) = &i.district {
        let name = dir.district(id).map_or(id.as_str(), |d| d.name.as_str());
        p.field(0, Word::LabelDistrict.text(lang), name);
    }
    if let Some(s) = &i.school {
        p.field(0, Word::LabelSchool.text(lang), s);
    }
    p.field(
        0,
        Word::LabelLanguage.text(lang),
        i.language.as_deref().unwrap_or(Word::Japanese.text(lang)),
    );

    p.heading(Word::LabelHousehold.text(lang));
    for person in &i.people {
        p.bullet(2, &person_line(dir, person, lang));
    }
    if let Some(note) = i.note.as_deref().filter(|n| !n.trim().is_empty()) {
        p.heading(Word::LabelNote.text(lang));
        p.text(2, note.trim());
    }

    p.heading(Word::LabelPersonal.text(lang));
    if c.restricted {
        p.text(
            2,
            &format!(
                "{}: {}",
                Word::Restricted.text(lang),
                Word::PersonalHidden.text(lang)
            ),
        );
    } else {
        let none = Word::NotRecorded.text(lang);
        for (label, value) in [
            (Word::LabelName, &c.personal.name),
            (Word::LabelKana, &c.personal.kana),
            (Word::LabelPhone, &c.personal.phone),
            (Word::LabelAddress, &c.personal.address),
        ] {
            let v = value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .unwrap_or(none);
            p.field(2, label.text(lang), v);
        }
    }

    p.heading(Word::LabelHandoffs.text(lang));
    if d.handoffs.is_empty() {
        p.text(2, Word::NoHandoffs.text(lang));
    }
    for h in &d.handoffs {
        p.text(2, &format!("#{} {}", h.seq, destination(dir, h)));
        p.field(4, Word::LabelStatus.text(lang), status_label(h.status, lang));
        p.field(4, Word::LabelRequested.text(lang), &long_time(&h.requested_at));
        p.field(4, Word::LabelFrom.text(lang), &h.from_desk);
        if !h.reasons.is_empty() {
            p.text(4, Word::LabelReasons.text(lang));
            for r in &h.reasons {
                p.bullet(6, r);
            }
        }
        if !h.note.trim().is_empty() {
            p.field(4, Word::LabelHandoffNote.text(lang), h.note.trim());
        }
        let changes: Vec<_> = h
            .history
            .iter()
            .filter(|ch| ch.to != HandoffStatus::Requested)
            .collect();
        if !changes.is_empty() {
            p.text(4, Word::LabelHistory.text(lang));
            for ch in changes {
                let mut s = format!(
                    "{}  {} ({})",
                    short_time(&ch.at),
                    status_label(ch.to, lang),
                    ch.by
                );
                if let Some(r) = &ch.reason {
                    s.push_str(&format!("  {}: {r}", Word::Reason.text(lang)));
                }
                p.bullet(6, &s);
            }
        }
    }

    if !c.consultations.is_empty() {
        p.heading(Word::LabelConsultations.text(lang));
        for r in &c.consultations {
            let (head, fields) = super::records::detail(dir, r, long_time(&r.at), lang);
            p.bullet(2, &head);
            for (label, value) in fields {
                p.field(4, label, &value);
            }
        }
    }
    if !c.notes.is_empty() {
        p.heading(Word::LabelNotes.text(lang));
        for n in &c.notes {
            p.bullet(2, &format!("{}  {} ({})", short_time(&n.at), n.text, n.by));
        }
    }
    if let Some(at) = &c.closed_at {
        p.heading(Word::LabelClosed.text(lang));
        p.text(
            2,
            &format!("{}  {}", short_time(at), c.closing_note.as_deref().unwrap_or("")),
        );
    }
    p.lines
}
