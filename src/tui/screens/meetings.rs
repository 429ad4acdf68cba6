//! 会議: the year's meetings (left: list, below: the selected one) and the form to record
//! one. 支援会議 is marked confidential (法第106条の6) wherever it is shown.

use super::super::app::App;
use super::super::tabs::meetings::{MField, MeetingForm, MeetingsTab, normalize_case};
use super::cases::lines::household;
use super::{place_cursor, separator};
use crate::domain::{Consent, Decision, Directory, MeetingRecord, reiwa};
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
    match lang {
        Lang::Ja => "[守秘]",
        Lang::En => "[confidential]",
    }
}

fn decision_label(d: Decision, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => d.label_ja(),
        Lang::En => d.label_en(),
    }
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
        .map(|x| format!("  目標 {}{}", x.value, x.unit))
        .unwrap_or_default();
    let head = match lang {
        Lang::Ja => format!(
            " 令和{}年度 ({}/4-{}/3)  開催 {}回{target}",
            reiwa(fy),
            fy,
            fy + 1,
            t.list.len()
        ),
        Lang::En => format!(" FY{fy} ({fy}/4-{}/3)  held {}{target}", fy + 1, t.list.len()),
    };
    let mut lines = vec![Line::from(text::fit(&head, w)), Line::from(separator(w))];
    if t.list.is_empty() {
        let empty = match lang {
            Lang::Ja => " この年度の会議の記録はありません: n で会議を記録します",
            Lang::En => " No meetings recorded this year: n records one",
        };
        lines.push(Line::from(empty));
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
            match lang {
                Lang::Ja => "案件 ",
                Lang::En => "cases ",
            },
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
            head.push_str(match lang {
                Lang::Ja => "  守秘義務 (法第106条の6)",
                Lang::En => "  confidential (Art. 106-6)",
            });
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
        let who = match lang {
            Lang::Ja => format!(
                "出席: {} / 関係機関: {}",
                sections.join("、"),
                m.agencies.join("、")
            ),
            Lang::En => format!(
                "sections: {} / agencies: {}",
                sections.join(", "),
                m.agencies.join(", ")
            ),
        };
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
    let title = match lang {
        Lang::Ja => " 会議を記録 (Ctrl-S で保存、Esc でやめる)",
        Lang::En => " Record a meeting (Ctrl-S saves, Esc cancels)",
    };
    lines.push(Line::from(Span::styled(
        text::fit(title, w),
        Style::default().add_modifier(Modifier::BOLD),
    )));
    lines.push(Line::from(separator(w)));
    let kind = dir.meetings.get(f.kind);
    let kind_note = match (kind.map(|k| k.confidential), lang) {
        (Some(true), Lang::Ja) => "  同意のない案件も可 (守秘義務: 法第106条の6)",
        (Some(false), Lang::Ja) => "  本人同意が記録された案件のみ",
        (Some(true), Lang::En) => "  cases without consent too (confidential)",
        (Some(false), Lang::En) => "  only cases with consent on record",
        (None, _) => "",
    };
    let labels = match lang {
        Lang::Ja => ["種類", "開催日", "出席課", "関係機関", "案件", "+ 案件を追加"],
        Lang::En => ["Kind", "Date", "Sections", "Agencies", "Cases", "+ add case"],
    };
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
        let dec = decision_label(Decision::ALL[r.decision % Decision::ALL.len()], lang);
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
                let consent = match (c.intake.consent, lang) {
                    (Consent::Given, Lang::Ja) => "同意あり".to_string(),
                    (Consent::Unknown, Lang::Ja) if needs_consent => {
                        "同意未確認: 確認するまでこの会議では扱えません".to_string()
                    }
                    (Consent::Unknown, Lang::Ja) => "同意未確認".to_string(),
                    (_, Lang::Ja) if needs_consent => {
                        "同意が得られない: この会議では扱えません (支援会議へ)".to_string()
                    }
                    (_, Lang::Ja) => "同意が得られない".to_string(),
                    (Consent::Given, Lang::En) => "consent".to_string(),
                    (Consent::Unknown, Lang::En) if needs_consent => {
                        "consent not asked yet: not at this meeting until confirmed".to_string()
                    }
                    (Consent::Unknown, Lang::En) => "consent not asked yet".to_string(),
                    (_, Lang::En) if needs_consent => "no consent: only at a 支援会議".to_string(),
                    (_, Lang::En) => "no consent".to_string(),
                };
                format!("       {}  {consent}", household(dir, c, lang))
            }
            None if r.number.as_str().trim().is_empty() => String::new(),
            None => match lang {
                Lang::Ja => "       (該当する案件がありません)".into(),
                Lang::En => "       (no such case)".into(),
            },
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
    (lines, cursor)
}
