//! The right-hand panes of 受付: live suggestions, the concern check-list and the
//! hand-off dialog.

use super::super::tabs::intake::IntakeTab;
use super::super::tabs::intake::form::Field;
use super::intake::{Pane, focus_style};
use crate::domain::Directory;
use crate::i18n::{Lang, Msg};
use crate::referral::{Advice, Referral};
use crate::text;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// How the suggestions pane is shown: `selected` is the referral under the cursor when
/// the pane has focus (its block is shown whole and kept in view); `all` shows every
/// referral's reasons in full (Enter); `more` is the key that reaches the pane, for the
/// line that says the list goes on.
pub(super) struct SuggestView<'a> {
    pub(super) selected: Option<usize>,
    pub(super) all: bool,
    pub(super) more: &'a str,
}

/// A program's name wrapped to `w` cells with its section after it: on the name's last
/// line when it fits there whole, else on a line of its own (a section name is never
/// split across lines when it fits one).
fn name_and_section(name: &str, section: &str, w: usize) -> Vec<String> {
    let mut out = text::wrap(name, w);
    let tail = out.last().map(|l| text::width(l)).unwrap_or(0);
    if section.is_empty() {
    } else if out.is_empty() {
        out.push(text::fit(section, w));
    } else if tail + 2 + text::width(section) <= w {
        if let Some(last) = out.last_mut() {
            last.push_str("  ");
            last.push_str(section);
        }
    } else if text::width(section) <= w {
        out.push(section.to_string());
    } else {
        out.extend(text::wrap(section, w));
    }
    out
}

/// One referral's lines: its head, its reason (two lines unless `whole`) and what goes
/// with it (the meeting route, the site, a note).
fn referral_block(
    a: &Advice,
    n: usize,
    r: &Referral,
    w: usize,
    whole: bool,
    on: bool,
    lang: Lang,
) -> Vec<Line<'static>> {
    let mark = if r.urgent {
        "!"
    } else if r.program_id == "takikan" {
        "*"
    } else {
        " "
    };
    let mut style = if r.urgent {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    };
    if on {
        style = style.add_modifier(Modifier::REVERSED);
    }
    let head = format!("{mark}{} {}  {}", n + 1, text::display(&r.service), r.section);
    let mut body: Vec<Line<'static>> = if whole {
        // Uncut: the service and its section may take more than one line.
        name_and_section(&text::display(&r.service), &r.section, w.saturating_sub(3))
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let lead = if i == 0 {
                    format!("{mark}{} ", n + 1)
                } else {
                    "   ".into()
                };
                Line::from(Span::styled(format!("{lead}{l}"), style))
            })
            .collect()
    } else {
        vec![Line::from(Span::styled(text::fit(&head, w), style))]
    };
    // Wrapped lines of `s` under the head, indented; all of them when `whole`.
    let under = |s: &str, body: &mut Vec<Line<'static>>, keep: usize| {
        for l in text::wrap(s, w.saturating_sub(3)).into_iter().take(keep) {
            body.push(Line::from(format!("   {l}")));
        }
    };
    let keep = if whole { usize::MAX } else { 2 };
    under(&text::display(&r.reason), &mut body, keep);
    let one = if whole { usize::MAX } else { 1 };
    if r.program_id == "takikan"
        && let Some(m) = &a.meeting
    {
        let consent = match a.meeting_confidential {
            true => Msg::MeetingNoConsent.text(lang),
            false => Msg::MeetingConsent.text(lang),
        };
        under(&format!("-> {m} ({consent})"), &mut body, one);
    } else if r.program_id == "takikan"
        && let Some(c) = &a.consent_check
    {
        // 未確認: no meeting yet; both routes, so the clerk knows why to ask.
        under(Msg::ConsentUnconfirmed.text(lang), &mut body, one);
        under(
            &format!(
                "{}{} / {}{}",
                Msg::ConsentIfGiven.text(lang),
                c.if_given.as_deref().unwrap_or("-"),
                Msg::ConsentIfNot.text(lang),
                c.if_not_obtained.as_deref().unwrap_or("-")
            ),
            &mut body,
            one,
        );
    }
    if let Some(site) = &r.site {
        under(&format!("-> {}", text::display(site)), &mut body, one);
    } else if !r.site_candidates.is_empty() {
        under(
            &format!("?  {}", text::display(&r.site_candidates.join("/"))),
            &mut body,
            one,
        );
    }
    if let Some(note) = &r.note {
        under(&format!("({})", text::display(note)), &mut body, one);
    }
    body
}

pub(super) fn suggestions_pane(a: &Advice, w: usize, h: usize, view: &SuggestView, lang: Lang) -> Pane {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let count = format!("{}{}", a.referrals.len(), Msg::CountSuffix.text(lang));
    let head = match view.selected {
        Some(_) if view.all => Msg::LabelSuggestionsAll.text(lang),
        Some(_) => Msg::LabelSuggestionsFocused.text(lang),
        None => Msg::LabelSuggestions.text(lang),
    };
    let head_style = if view.selected.is_some() {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    };
    // The count goes right when it fits beside the title with a space; else the title
    // alone (never the two run together).
    let title = if text::width(head) + 1 + text::width(&count) <= w {
        let pad = w - text::width(head) - text::width(&count);
        format!("{head}{}{count}", " ".repeat(pad))
    } else {
        head.to_string()
    };
    lines.push(Line::from(Span::styled(text::fit(&title, w), head_style)));
    let mut body: Vec<Line<'static>> = Vec::new();
    // Where the selected referral's block lies in `body`.
    let mut block = None;
    for (n, r) in a.referrals.iter().enumerate() {
        let on = view.selected == Some(n);
        let start = body.len();
        body.extend(referral_block(a, n, r, w, view.all || on, on, lang));
        if on {
            block = Some((start, body.len()));
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
    match block {
        // Focused: scroll (at draw time, from the selection alone) so that the selected
        // block is in view, its head first when it is taller than the pane.
        Some((start, end)) if body.len() > room && room >= 3 => {
            let up = |lang| Line::from(text::fit(&format!("  ^ {}", Msg::MoreAbove.text(lang)), w));
            let down = |lang| Line::from(text::fit(&format!("  v {}", Msg::MoreBelow.text(lang)), w));
            // Room for the block between the two marks.
            let top = start.min(end.saturating_sub(room - 2));
            let len = body.len();
            let shown: Vec<Line<'static>> = if top == 0 {
                let mut v: Vec<Line<'static>> = body.into_iter().take(room - 1).collect();
                v.push(down(lang));
                v
            } else if top + room > len {
                // The end is in view: no mark below, the lines fill the pane.
                let mut v = vec![up(lang)];
                v.extend(body.into_iter().skip(len - (room - 1)));
                v
            } else {
                let mut v = vec![up(lang)];
                v.extend(body.into_iter().skip(top).take(room - 2));
                v.push(down(lang));
                v
            };
            body = shown;
        }
        _ if body.len() > room => {
            body.truncate(room.saturating_sub(1));
            body.push(Line::from(text::fit(
                &format!("  ... {} ({})", Msg::MoreInPane.text(lang), view.more),
                w,
            )));
        }
        _ => {}
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

/// The hand-off dialog in `h` lines: the list scrolls to keep the chosen line in view,
/// the note stays on the last line.
pub(super) fn dialog_pane(t: &IntakeTab, w: usize, h: usize, lang: Lang) -> Pane {
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
    let title = lines.len();
    let mut focus = (0, title);
    for (n, (r, on)) in d.items.iter().enumerate() {
        let mark = if *on { "[x]" } else { "[ ]" };
        // Whole: a long program name and its section wrap under the mark, never cut.
        let style = focus_style(!d.on_note && n == d.cursor.index());
        let start = lines.len();
        let rows = name_and_section(&text::display(&r.service), &r.section, w.saturating_sub(4).max(8));
        for (i, l) in rows.into_iter().enumerate() {
            let head = if i == 0 { mark } else { "   " };
            lines.push(Line::from(vec![
                Span::raw(format!("{head} ")),
                Span::styled(l, style),
            ]));
        }
        if !d.on_note && n == d.cursor.index() {
            focus = (start, lines.len());
        }
    }
    // More lines than room: the list scrolls (the chosen item in view) under the title,
    // and the note keeps the last line.
    let room = h.saturating_sub(2);
    // The line above the note says when items lie beyond the pane.
    let mut gap = String::new();
    if lines.len() > room && room > title {
        let list = room - title;
        let (fs, fe) = focus;
        let items = lines.split_off(title);
        let top = fs
            .saturating_sub(title)
            .min(fe.saturating_sub(title).saturating_sub(list));
        let top = top.min(items.len().saturating_sub(list));
        gap = if top + list < items.len() {
            format!("  v {}", Msg::MoreBelow.text(lang))
        } else if top > 0 {
            format!("  ^ {}", Msg::MoreAbove.text(lang))
        } else {
            gap
        };
        lines.extend(items.into_iter().skip(top).take(list));
    }
    lines.push(Line::from(text::fit(&gap, w)));
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
