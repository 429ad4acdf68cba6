//! The right-hand panes of 受付: live suggestions, the concern check-list and the
//! hand-off dialog.

use super::super::tabs::intake::IntakeTab;
use super::super::tabs::intake::form::Field;
use super::intake::{Pane, focus_style};
use crate::domain::Directory;
use crate::i18n::{Lang, Msg};
use crate::referral::Advice;
use crate::text;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub(super) fn suggestions_pane(a: &Advice, w: usize, h: usize, lang: Lang) -> Pane {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let count = format!("{}{}", a.referrals.len(), Msg::CountSuffix.text(lang));
    let head = Msg::LabelSuggestions.text(lang);
    let pad = w.saturating_sub(text::width(head) + text::width(&count));
    lines.push(Line::from(format!("{head}{}{count}", " ".repeat(pad))));
    let mut body: Vec<Line<'static>> = Vec::new();
    for (n, r) in a.referrals.iter().enumerate() {
        let mark = if r.urgent {
            "!"
        } else if r.program_id == "takikan" {
            "*"
        } else {
            " "
        };
        let style = if r.urgent {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        body.push(Line::from(Span::styled(
            text::fit(
                &format!("{mark}{} {}  {}", n + 1, text::display(&r.service), r.section),
                w,
            ),
            style,
        )));
        for l in text::wrap(&text::display(&r.reason), w.saturating_sub(3))
            .into_iter()
            .take(2)
        {
            body.push(Line::from(format!("   {l}")));
        }
        if r.program_id == "takikan"
            && let Some(m) = &a.meeting
        {
            let consent = match (a.meeting_confidential, lang) {
                (true, Lang::Ja) => " (同意が得られない: 守秘義務)",
                (false, Lang::Ja) => " (同意あり)",
                (true, Lang::En) => " (no consent: confidential)",
                (false, Lang::En) => " (consent)",
            };
            body.push(Line::from(text::fit(&format!("   -> {m}{consent}"), w)));
        } else if r.program_id == "takikan"
            && let Some(c) = &a.consent_check
        {
            // 未確認: no meeting yet; both routes, so the clerk knows why to ask.
            body.push(Line::from(text::fit(
                &format!("   {}", Msg::ConsentUnconfirmed.text(lang)),
                w,
            )));
            body.push(Line::from(text::fit(
                &format!(
                    "   {}{} / {}{}",
                    Msg::ConsentIfGiven.text(lang),
                    c.if_given.as_deref().unwrap_or("-"),
                    Msg::ConsentIfNot.text(lang),
                    c.if_not_obtained.as_deref().unwrap_or("-")
                ),
                w,
            )));
        }
        if let Some(site) = &r.site {
            body.push(Line::from(text::fit(
                &format!("   -> {}", text::display(site)),
                w,
            )));
        } else if !r.site_candidates.is_empty() {
            body.push(Line::from(text::fit(
                &format!("   ?  {}", text::display(&r.site_candidates.join("/"))),
                w,
            )));
        }
        if let Some(note) = &r.note {
            body.push(Line::from(text::fit(&format!("   ({})", text::display(note)), w)));
        }
    }
    if !a.next_sessions.is_empty() {
        let dates: Vec<String> = a
            .next_sessions
            .iter()
            .map(|s| {
                format!(
                    "{}{}",
                    crate::i18n::short_date(&s.date, lang),
                    if s.reservation_required { "要予約" } else { "" }
                )
            })
            .collect();
        let label = a
            .next_sessions
            .first()
            .map(|s| s.label.clone())
            .unwrap_or_default();
        body.push(Line::from(text::fit(
            &format!(
                "{}: {} {}",
                Msg::FieldNextDates.text(lang),
                label,
                dates.join(" ")
            ),
            w,
        )));
    }
    if a.calendar_gap.is_some() {
        // Beyond the holiday calendar no desk date is projected (it may be a holiday).
        body.push(Line::from(text::fit(
            &format!(
                "{}: {}",
                Msg::FieldNextDates.text(lang),
                Msg::CalendarNotYet.text(lang)
            ),
            w,
        )));
    }
    let room = h.saturating_sub(1);
    if body.len() > room {
        body.truncate(room.saturating_sub(1));
        body.push(Line::from(text::fit("  ... (Ctrl-T)", w)));
    }
    lines.extend(body);
    Pane { lines, cursor: None }
}

pub(super) fn checklist_pane(t: &IntakeTab, dir: &Directory, w: usize, h: usize, lang: Lang) -> Pane {
    let person = match t.focused() {
        Field::Concerns(i) => i,
        _ => 0,
    };
    let ticked = t
        .draft
        .intake
        .people
        .get(person)
        .map(|p| p.concerns.clone())
        .unwrap_or_default();
    let suggested = t.suggested.iter().any(|c| !ticked.contains(c));
    // Titled with the member whose concerns these are (世帯員2 親 82歳), so a tick never
    // lands on the wrong person unseen.
    let mut title = format!("{}{}", Msg::LabelMember.text(lang), person + 1);
    if let Some(p) = t.draft.intake.people.get(person) {
        title.push(' ');
        title.push_str(super::super::tabs::intake::form::relation_label(p.relation, lang));
        if let Some(age) = p.age {
            title.push_str(&format!(" {age}{}", Msg::LabelAge.text(lang)));
        }
    }
    let hint = Msg::ConcernsTick.text(lang);
    if text::width(&title) + 1 + text::width(hint) <= w {
        title = format!("{title} {hint}");
    }
    let mut lines: Vec<Line<'static>> = vec![Line::from(Span::styled(
        text::fit(&title, w),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    let n = dir.concerns.len();
    let half = n.div_ceil(2);
    let col = w / 2;
    for row in 0..half.min(h.saturating_sub(1)) {
        let mut spans = Vec::new();
        for c in [row, row + half] {
            let Some(concern) = dir.concerns.get(c) else {
                continue;
            };
            let mark = if ticked.contains(&concern.id) {
                "[x]"
            } else if t.suggested.contains(&concern.id) {
                "[+]"
            } else {
                "[ ]"
            };
            let cell = text::fit(&format!("{mark} {}", concern.label), col);
            spans.push(Span::styled(cell, focus_style(c == t.checklist)));
        }
        lines.push(Line::from(spans));
    }
    // What [+] means, under the list when there is room.
    if suggested && lines.len() < h {
        lines.push(Line::from(text::fit(Msg::SuggestedLegend.text(lang), w)));
    }
    Pane { lines, cursor: None }
}

pub(super) fn dialog_pane(t: &IntakeTab, w: usize, lang: Lang) -> Pane {
    let Some(d) = &t.dialog else {
        return Pane {
            lines: vec![],
            cursor: None,
        };
    };
    let mut lines: Vec<Line<'static>> = text::wrap(Msg::LabelHandoffTitle.text(lang), w)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, Style::default().add_modifier(Modifier::BOLD))))
        .collect();
    if let Some(number) = &d.case {
        // A case already saved: name it (the form beside it is not what is handed off).
        lines.insert(
            0,
            Line::from(Span::styled(
                text::fit(&format!("{}: {number}", Msg::HandoffCaseLabel.text(lang)), w),
                Style::default().add_modifier(Modifier::BOLD),
            )),
        );
    }
    for (n, (r, on)) in d.items.iter().enumerate() {
        let mark = if *on { "[x]" } else { "[ ]" };
        let row = text::fit(&format!("{mark} {}  {}", text::display(&r.service), r.section), w);
        lines.push(Line::from(Span::styled(
            row,
            focus_style(!d.on_note && n == d.cursor.index()),
        )));
    }
    lines.push(Line::from(""));
    let label = format!("{} [", Msg::LabelHandoffNote.text(lang));
    let cells = w.saturating_sub(text::width(&label) + 1).max(4);
    let cursor = d.on_note.then(|| {
        (
            text::width(&label) + d.note.cursor_cells().min(cells),
            lines.len(),
        )
    });
    lines.push(Line::from(vec![
        Span::raw(label),
        Span::styled(text::fit(d.note.as_str(), cells), focus_style(d.on_note)),
        Span::raw("]"),
    ]));
    Pane { lines, cursor }
}
