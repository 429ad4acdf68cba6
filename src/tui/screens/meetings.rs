//! 会議: the year's meetings (left: list, below: the selected one) and the form to record
//! one. 支援会議 is marked confidential (法第106条の6) wherever it is shown.

use super::super::app::App;
use super::super::tabs::meeting_words::Word;
use super::super::tabs::meetings::{MField, MeetingForm, MeetingsTab, normalize_case};
use super::cases::lines::household;
use super::{place_cursor, separator};
use crate::domain::{Consent, Decision, Directory, MeetingRecord, reiwa};
use crate::i18n::Label as _;
use crate::i18n::{Lang, short_date};
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn rev(on: bool) -> Style {
    if on {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    }
}

fn kind_name(dir: &Directory, m: &MeetingRecord) -> String {
    dir.meeting(&m.kind)
        .map(|k| k.name.clone())
        .unwrap_or_else(|| m.kind.clone())
}

fn confidential_mark(lang: Lang) -> &'static str {
    Word::ConfidentialMark.text(lang)
}

fn decision_label(d: Decision, lang: Lang) -> &'static str {
    d.label(lang)
}

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let lang = app.lang();
    let dir = &app.env.directory;
    let t = &app.meetings;
    let w = body.width as usize;
    let lines = match &t.form {
        None => list_lines(t, dir, w, lang),
        Some(f) => {
            let (lines, cursor) = form_lines(t, f, dir, w, lang);
            if let Some((x, y)) = cursor
                && (y as u16) < body.height
            {
                place_cursor(frame, body.x + (x as u16).min(body.width - 1), body.y + y as u16);
            }
            lines
        }
    };
    let scroll = if t.form.is_none() { t.scroll } else { 0 };
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
}

fn list_lines(t: &MeetingsTab, dir: &Directory, w: usize, lang: Lang) -> Vec<Line<'static>> {
    let fy = t.fy.unwrap_or(2026);
    let target = dir
        .targets
        .iter()
        .find(|x| x.fiscal_year == fy && x.id == "meetings_held")
        .map(|x| Word::Target.with(lang, &[("value", &x.value.to_string()), ("unit", &x.unit)]))
        .unwrap_or_default();
    let head = Word::Head.with(
        lang,
        &[
            ("reiwa", &reiwa(fy).to_string()),
            ("fy", &fy.to_string()),
            ("next", &(fy + 1).to_string()),
            ("n", &t.list.len().to_string()),
            ("target", &target),
        ],
    );
    let mut lines = vec![Line::from(text::fit(&head, w)), Line::from(separator(w))];
    if t.list.is_empty() {
        lines.push(Line::from(Word::Empty.text(lang)));
        return lines;
    }
    for (i, m) in t.list.iter().enumerate() {
        let conf = if m.confidential {
            confidential_mark(lang)
        } else {
            ""
        };
        let row = format!(
            "{} {}  {}  {}{conf}  {}{}",
            if i == t.selected.index() { ">" } else { " " },
            m.id,
            short_date(&m.date, lang),
            kind_name(dir, m),
            Word::Cases.text(lang),
            m.cases.len()
        );
        lines.push(Line::from(Span::styled(
            text::fit(&row, w),
            rev(i == t.selected.index()),
        )));
    }
    lines.push(Line::from(separator(w)));
    if let Some(m) = t.selected.pick(&t.list) {
        let mut head = format!(" {} {} {}", m.id, kind_name(dir, m), short_date(&m.date, lang));
        if m.confidential {
            head.push_str(Word::Confidential.text(lang));
        }
        lines.push(Line::from(Span::styled(
            text::fit(&head, w),
            Style::default().add_modifier(Modifier::BOLD),
        )));
        let sections: Vec<String> = m
            .sections
            .iter()
            .map(|s| {
                dir.section(s)
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|| s.clone())
            })
            .collect();
        let sep = Word::ListSep.text(lang);
        let who = Word::Who.with(
            lang,
            &[
                ("sections", &sections.join(sep)),
                ("agencies", &m.agencies.join(sep)),
            ],
        );
        for l in text::wrap(&text::display(&who), w.saturating_sub(2)) {
            lines.push(Line::from(format!(" {l}")));
        }
        for d in &m.cases {
            let row = format!(
                "{}  {}  {}",
                d.case,
                decision_label(d.decision, lang),
                text::display(&d.note)
            );
            for (i, l) in text::wrap(&row, w.saturating_sub(4)).into_iter().enumerate() {
                lines.push(Line::from(if i == 0 {
                    format!(" {l}")
                } else {
                    format!("   {l}")
                }));
            }
        }
    }
    lines
}

type Cursor = Option<(usize, usize)>;

fn form_lines(
    t: &MeetingsTab,
    f: &MeetingForm,
    dir: &Directory,
    w: usize,
    lang: Lang,
) -> (Vec<Line<'static>>, Cursor) {
    let focus = f.focused();
    let mut cursor: Cursor = None;
    let mut lines: Vec<Line<'static>> = Vec::new();
    if f.confirm_discard {
        for l in text::wrap(Word::ConfirmDiscard.text(lang), w) {
            lines.push(Line::from(Span::styled(
                l,
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            )));
        }
    } else {
        let title = Word::FormTitle.text(lang);
        lines.push(Line::from(Span::styled(
            text::fit(title, w),
            Style::default().add_modifier(Modifier::BOLD),
        )));
    }
    lines.push(Line::from(separator(w)));
    let kind = dir.meetings.get(f.kind);
    let kind_note = match kind.map(|k| k.confidential) {
        Some(true) => Word::KindConfidential.text(lang),
        Some(false) => Word::KindConsent.text(lang),
        None => "",
    };
    let labels = [
        Word::LabelKind,
        Word::LabelDate,
        Word::LabelSections,
        Word::LabelAgencies,
        Word::LabelCases,
        Word::AddCase,
    ]
    .map(|w| w.text(lang));
    lines.push(Line::from(vec![
        Span::raw(format!(" {} [", labels[0])),
        Span::styled(
            text::fit(&kind.map(|k| k.name.clone()).unwrap_or_default(), 14),
            rev(focus == MField::Kind),
        ),
        Span::raw("]"),
        Span::raw(kind_note),
    ]));
    let mut text_row = |label: &str,
                        input: &super::super::input::LineInput,
                        field: MField,
                        cells: usize,
                        lines: &mut Vec<Line<'static>>| {
        let head = format!(" {label} [");
        if focus == field {
            cursor = Some((text::width(&head) + input.cursor_cells().min(cells), lines.len()));
        }
        lines.push(Line::from(vec![
            Span::raw(head),
            Span::styled(text::fit(input.as_str(), cells), rev(focus == field)),
            Span::raw("]"),
        ]));
    };
    text_row(labels[1], &f.date, MField::Date, 10, &mut lines);
    let chosen: Vec<String> = f
        .sections
        .iter()
        .filter_map(|s| dir.section(s).map(|x| x.name.clone()))
        .collect();
    let chosen = if chosen.is_empty() {
        "-".to_string()
    } else {
        chosen.join("、")
    };
    lines.push(Line::from(vec![
        Span::raw(format!(" {} [", labels[2])),
        Span::styled(
            text::fit(&chosen, w.saturating_sub(14)),
            rev(focus == MField::Sections),
        ),
        Span::raw("]"),
    ]));
    text_row(
        labels[3],
        &f.agencies,
        MField::Agencies,
        w.saturating_sub(16).min(50),
        &mut lines,
    );
    lines.push(Line::from(format!(" {}", labels[4])));
    let fy = t.fy.unwrap_or(2026);
    let needs_consent = kind.is_some_and(|k| !k.confidential);
    for (i, r) in f.rows.iter().enumerate() {
        let head = format!("  {:>2} [", i + 1);
        if focus == MField::Case(i) {
            cursor = Some((text::width(&head) + r.number.cursor_cells().min(10), lines.len()));
        }
        let dec = decision_label(crate::tui::tabs::meetings::decision_at(r.decision), lang);
        let note_head = text::width(&head) + 10 + 3 + 14 + 3;
        if focus == MField::Note(i) {
            cursor = Some((
                note_head + r.note.cursor_cells().min(w.saturating_sub(note_head + 1)),
                lines.len(),
            ));
        }
        lines.push(Line::from(vec![
            Span::raw(head),
            Span::styled(text::fit(r.number.as_str(), 10), rev(focus == MField::Case(i))),
            Span::raw("] ["),
            Span::styled(text::fit(dec, 14), rev(focus == MField::Decision(i))),
            Span::raw("] ["),
            Span::styled(
                text::fit(r.note.as_str(), w.saturating_sub(note_head + 1)),
                rev(focus == MField::Note(i)),
            ),
            Span::raw("]"),
        ]));
        // Who the case is, and whether this meeting may discuss it.
        let info = normalize_case(r.number.as_str(), fy).and_then(|n| t.cases.iter().find(|c| c.number == n));
        let line = match info {
            Some(c) => {
                // 未確認 is its own state: not asked yet, not refused (plan 4).
                let consent = match c.intake.consent {
                    Consent::Given => Word::ConsentGiven,
                    Consent::Unknown if needs_consent => Word::ConsentUnknownHere,
                    Consent::Unknown => Word::ConsentUnknown,
                    _ if needs_consent => Word::ConsentRefusedHere,
                    _ => Word::ConsentRefused,
                }
                .text(lang);
                let one = format!("       {}  {consent}", household(dir, c, lang));
                if text::width(&one) <= w {
                    one
                } else {
                    // The reason is never cut: it goes under the household, wrapped.
                    lines.push(Line::from(text::fit(
                        &format!("       {}", household(dir, c, lang)),
                        w,
                    )));
                    let mut rest = text::wrap(consent, w.saturating_sub(7).max(8));
                    let last = rest.pop().unwrap_or_default();
                    for l in rest {
                        lines.push(Line::from(format!("       {l}")));
                    }
                    format!("       {last}")
                }
            }
            None if r.number.as_str().trim().is_empty() => String::new(),
            None => Word::NoSuchCase.text(lang).to_string(),
        };
        lines.push(Line::from(text::fit(&line, w)));
    }
    lines.push(Line::from(vec![
        Span::raw("  "),
        Span::styled(labels[5].to_string(), rev(focus == MField::AddCase)),
    ]));
    if focus == MField::Sections {
        lines.push(Line::from(separator(w)));
        let col = w / 3;
        let n = dir.sections.len();
        let rows = n.div_ceil(3);
        for row in 0..rows {
            let mut spans = Vec::new();
            for c in [row, row + rows, row + 2 * rows] {
                let Some(s) = dir.sections.get(c) else { continue };
                let mark = if f.sections.contains(&s.id) { "[x]" } else { "[ ]" };
                spans.push(Span::styled(
                    text::fit(&format!(" {mark} {}", s.name), col),
                    rev(c == f.section_cursor),
                ));
            }
            lines.push(Line::from(spans));
        }
    }
    (lines, if f.confirm_discard { None } else { cursor })
}
