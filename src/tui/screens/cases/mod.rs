//! 案件: the header (view, filters, count), the list, the selected case's timeline and
//! the bottom line (or the return prompt); or, full-body, the case's detail or its slip.

pub(crate) mod lines;
mod records;

use super::super::action::Action;
use super::super::app::App;
use super::super::keymap::Context;
use super::super::layout;
use super::super::tabs::cases::filter::{View, status_filter_label};
use super::super::tabs::cases::words::Word;
use super::super::tabs::cases::{CasesTab, Mode};
use super::{notice, place_cursor, separator};
use crate::domain::Directory;
use crate::i18n::Lang;
use crate::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, Paragraph, Row as TableRow, Table};

/// Cells of the case number column ("R8-000123").
const NUMBER_W: usize = 9;
/// Cells of the date column ("11/26").
const DATE_W: usize = 5;

fn key(app: &App, context: Context, action: Action) -> String {
    app.env
        .keymap
        .key_labels(context, action)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// `left ... right` in exactly `w` cells (the left side cut when both do not fit).
fn spread(left: &str, right: &str, w: usize) -> String {
    let rw = text::width(right);
    let left = text::fit(left, w.saturating_sub(rw));
    text::fit(&format!("{left}{right}"), w)
}

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    if body.height < 3 || body.width < 10 {
        return;
    }
    match app.cases.mode {
        Mode::List => draw_list_mode(app, frame, body),
        Mode::Detail | Mode::Slip => draw_full(app, frame, body),
    }
}

fn header(app: &App, w: usize) -> String {
    let lang = app.lang();
    let t = &app.cases;
    let dir = &app.env.directory;
    let view = match (t.view, t.section(dir)) {
        (View::Inbox, Some((_, name))) => format!("{}: {}", View::Inbox.label(lang), text::display(name)),
        (v, _) => v.label(lang).to_string(),
    };
    let desk = t
        .desk
        .as_deref()
        .map(text::display)
        .unwrap_or_else(|| Word::DeskAll.text(lang).to_string());
    let mut items: Vec<(&str, Action, String)> = vec![
        (Word::View.text(lang), Action::ToggleInbox, view),
        (
            Word::Status.text(lang),
            Action::FilterStatus,
            status_filter_label(t.status, lang).to_string(),
        ),
    ];
    match (&t.search, t.view) {
        // A search looks through all years: it stands where the period would.
        (Some(q), View::All) => items.push((Word::Search.text(lang), Action::SearchCases, text::display(q))),
        (None, View::All) => items.push((
            Word::Period.text(lang),
            Action::FilterPeriod,
            t.period.label(lang).to_string(),
        )),
        (_, View::Inbox) => {}
    }
    items.push((Word::Desk.text(lang), Action::FilterDesk, desk));
    let n = t.rows.len().to_string();
    let count = if t.truncated { Word::CountMore } else { Word::Count }.with(lang, &[("n", &n)]);
    let count = format!("  {count} ");
    // With the keys and labels when they fit; else the labels; else the values alone,
    // so no filter is ever cut or pushed off the edge.
    let build = |with_keys: bool, with_labels: bool| {
        let parts: Vec<String> = items
            .iter()
            .map(|(label, action, value)| {
                let k = key(app, Context::List, *action);
                if !with_labels {
                    format!("[{value}]")
                } else if with_keys && !k.is_empty() {
                    format!("{label}({k}): [{value}]")
                } else {
                    format!("{label}: [{value}]")
                }
            })
            .collect();
        format!(" {}", parts.join("  "))
    };
    let room = w.saturating_sub(text::width(&count));
    let left = [(true, true), (false, true), (false, false)]
        .into_iter()
        .map(|(k, l)| build(k, l))
        .find(|s| text::width(s) <= room)
        .unwrap_or_else(|| build(false, false));
    spread(&left, &count, w)
}

/// The largest useful scroll of what the tab shows in `body`: the selected case's
/// timeline under the list, or the detail or slip over the whole body. The updates keep
/// the scroll within it; the draw shows no more.
pub(crate) fn scroll_limit(t: &CasesTab, dir: &Directory, body: Rect, lang: Lang) -> u16 {
    let w = body.width as usize;
    match t.mode {
        Mode::List => t.selected_data().map_or(0, |d| {
            let rows = layout::case_list(body, t.rows.len()).timeline.height;
            layout::max_scroll(lines::timeline(dir, d, w, lang).len(), rows)
        }),
        Mode::Detail | Mode::Slip => {
            let (_, _, content) = full_content(t, dir, w, lang);
            layout::max_scroll(content.len(), layout::page(body).content.height)
        }
    }
}

fn draw_list_mode(app: &App, frame: &mut Frame, body: Rect) {
    let lang = app.lang();
    let w = body.width as usize;
    let areas = layout::case_list(body, app.cases.rows.len());
    frame.render_widget(Paragraph::new(header(app, w)), areas.header);
    draw_rows(app, frame, areas.list);
    frame.render_widget(Paragraph::new(separator(w)), areas.rule);
    let dir = &app.env.directory;
    let t = &app.cases;
    if let Some(d) = t.selected_data() {
        let mut title = Word::TimelineOf.with(lang, &[("n", &d.case.number)]);
        if d.case.restricted {
            title.push_str(&format!("  ({})", Word::Restricted.text(lang)));
        }
        if let Some(h) = t.selected_row().and_then(|r| r.handoff.as_ref()) {
            title.push_str("    ");
            title.push_str(&lines::target(dir, h, lang));
        }
        frame.render_widget(
            Paragraph::new(Span::styled(
                text::fit(&format!(" {title}"), w),
                Style::default().add_modifier(Modifier::BOLD),
            )),
            areas.title,
        );
        let tl = lines::timeline(dir, d, w, lang);
        let scroll = t.scroll.min(layout::max_scroll(tl.len(), areas.timeline.height));
        frame.render_widget(Paragraph::new(tl).scroll((scroll, 0)), areas.timeline);
    }
    draw_bottom(app, frame, areas.bottom);
}

fn empty_state(app: &App, w: usize) -> Vec<Line<'static>> {
    let lang = app.lang();
    let t = &app.cases;
    let dir = &app.env.directory;
    if t.no_store {
        return notice(Word::NoStore.text(lang), w);
    }
    if let Some(e) = &t.error {
        return notice(e, w);
    }
    let list_key = |a| key(app, Context::List, a);
    match t.view {
        View::Inbox => match t.section(dir) {
            None => notice(Word::NoSections.text(lang), w),
            Some((_, name)) => notice(
                &Word::InboxEmpty.with(
                    lang,
                    &[
                        ("section", &text::display(name)),
                        ("f", &list_key(Action::FilterSection)),
                        ("s", &list_key(Action::FilterStatus)),
                    ],
                ),
                w,
            ),
        },
        View::All if t.search.is_some() && t.pending.is_none() => notice(
            &Word::SearchNoMatch.with(
                lang,
                &[
                    ("q", &text::display(t.search.as_deref().unwrap_or_default())),
                    ("key", &key(app, Context::List, Action::Back)),
                ],
            ),
            w,
        ),
        View::All if !t.any_case => notice(
            &Word::NoCases.with(lang, &[("key", &key(app, Context::Global, Action::GotoIntake))]),
            w,
        ),
        View::All => {
            let keys = [
                (Action::FilterPeriod, Word::Period),
                (Action::FilterStatus, Word::Status),
                (Action::FilterDesk, Word::Desk),
            ]
            .iter()
            .filter_map(|(a, word)| {
                let k = list_key(*a);
                (!k.is_empty()).then(|| format!("{k} {}", word.text(lang)))
            })
            .collect::<Vec<_>>()
            .join(" / ");
            notice(&Word::NoMatch.with(lang, &[("keys", &keys)]), w)
        }
    }
}

/// The list: the empty state, or a table of the rows with the selection's marker.
fn draw_rows(app: &App, frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let rows = area.height as usize;
    let t = &app.cases;
    if t.rows.is_empty() || t.no_store || t.error.is_some() {
        let lines: Vec<Line> = empty_state(app, w).into_iter().take(rows.max(1)).collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let lang = app.lang();
    let dir = &app.env.directory;
    let sel = t.selected;
    let start = sel.offset(rows);
    let visible = t.rows.iter().skip(start).take(rows);
    let rights: Vec<String> = visible
        .clone()
        .map(|r| match &r.handoff {
            Some(h) => lines::route(dir, h, lang),
            None => t
                .data
                .get(&r.number)
                .map(|d| lines::status_summary(&d.handoffs, lang))
                .unwrap_or_default(),
        })
        .collect();
    let fixed = 2 + NUMBER_W + 2 + DATE_W + 2 + 2;
    let right_w = rights
        .iter()
        .map(|s| text::width(s))
        .max()
        .unwrap_or(0)
        .min(w.saturating_sub(fixed) * 2 / 3);
    let summary_w = w.saturating_sub(fixed + right_w);
    // Only the rows in view are built; those above it are never drawn.
    let mut table_rows: Vec<TableRow> = vec![TableRow::default(); start];
    for (r, right) in visible.zip(rights) {
        let d = t.data.get(&r.number);
        let date = match (&r.handoff, d) {
            (Some(h), _) => lines::short_date(&h.requested_at),
            (None, Some(d)) => lines::short_date(&d.case.received_at),
            (None, None) => String::new(),
        };
        let summary = d
            .map(|d| lines::household(dir, &d.case, lang))
            .unwrap_or_else(|| "-".into());
        table_rows.push(TableRow::new([
            text::fit(&text::display(&r.number), NUMBER_W),
            text::fit(&date, DATE_W),
            text::fit(&summary, summary_w),
            text::fit(&right, right_w),
        ]));
    }
    let widths = [NUMBER_W, DATE_W, summary_w, right_w].map(|c| Constraint::Length(c as u16));
    let table = Table::new(table_rows, widths)
        .column_spacing(2)
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD));
    frame.render_stateful_widget(table, area, &mut sel.table_state(rows));
}

/// The last line of the body: the return prompt, or a rule (with, in 全件, where the
/// hand-off actions are).
fn draw_bottom(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let w = area.width as usize;
    let t = &app.cases;
    let line = match (&t.prompt, &t.searching) {
        (Some(p), _) => Some((
            Word::ReturnPrompt.with(lang, &[("n", &p.case)]),
            Word::PromptKeys,
            &p.input,
        )),
        (None, Some(input)) => Some((Word::SearchPrompt.text(lang).to_string(), Word::SearchKeys, input)),
        (None, None) => None,
    };
    if let Some((label, keys, input)) = line {
        let label = format!(" {label}> ");
        let keys = keys.with(
            lang,
            &[
                ("ok", &key(app, Context::Input, Action::Open)),
                ("esc", &key(app, Context::Input, Action::Back)),
            ],
        );
        let keys = format!("  {keys} ");
        let room = w.saturating_sub(text::width(&label) + text::width(&keys)).max(1);
        let cursor = input.cursor_cells();
        let skip = cursor.saturating_sub(room.saturating_sub(1));
        let shown = text::drop_cells(input.as_str(), skip);
        let line = format!("{label}{}{keys}", text::fit(&shown, room));
        frame.render_widget(
            Paragraph::new(Span::styled(
                text::fit(&line, w),
                Style::default().add_modifier(Modifier::REVERSED),
            )),
            area,
        );
        if !app.help {
            let x = area.x as usize + text::width(&label) + cursor - skip;
            place_cursor(frame, x.min(area.right() as usize - 1) as u16, area.y);
        }
        return;
    }
    let note = match t.view {
        View::All if !t.rows.is_empty() => format!(
            " {} ",
            Word::ActionsInInbox.with(lang, &[("key", &key(app, Context::List, Action::ToggleInbox))])
        ),
        _ => String::new(),
    };
    let sep = separator(w.saturating_sub(text::width(&note)));
    frame.render_widget(Paragraph::new(text::fit(&format!("{sep}{note}"), w)), area);
}

/// The detail or the slip over the whole body: title, rule, content, rule with position.
fn draw_full(app: &App, frame: &mut Frame, body: Rect) {
    let lang = app.lang();
    let w = body.width as usize;
    let areas = layout::page(body);
    let (title, right, content) = full_content(&app.cases, &app.env.directory, w, lang);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    frame.render_widget(
        Paragraph::new(Span::styled(spread(&format!(" {title}"), &right, w), bold)),
        areas.title,
    );
    frame.render_widget(Paragraph::new(separator(w)), areas.rule);
    let inner_h = areas.content.height as usize;
    let total = content.len();
    let scroll = app
        .cases
        .scroll
        .min(layout::max_scroll(total, areas.content.height));
    let top = scroll as usize;
    frame.render_widget(Paragraph::new(content).scroll((scroll, 0)), areas.content);
    let pos = if total == 0 {
        String::new()
    } else {
        let (a, b, t) = (
            (top + 1).to_string(),
            (top + inner_h).min(total).to_string(),
            total.to_string(),
        );
        format!(" {} ", Word::Lines.with(lang, &[("a", &a), ("b", &b), ("t", &t)]))
    };
    let sep = separator(w.saturating_sub(text::width(&pos)));
    frame.render_widget(Paragraph::new(text::fit(&format!("{sep}{pos}"), w)), areas.bottom);
}

fn full_content(t: &CasesTab, dir: &Directory, w: usize, lang: Lang) -> (String, String, Vec<Line<'static>>) {
    match t.mode {
        Mode::Slip => match &t.slip {
            Some((number, lines)) => (
                Word::SlipTitle.with(lang, &[("n", number)]),
                format!("{} ", Word::SlipPrint.with(lang, &[("n", number)])),
                lines.iter().map(|l| Line::from(text::display(l))).collect(),
            ),
            None => (
                String::new(),
                String::new(),
                notice(Word::NothingSelected.text(lang), w),
            ),
        },
        _ => match t.selected_data() {
            Some(d) => (
                Word::DetailOf.with(lang, &[("n", &d.case.number)]),
                String::new(),
                lines::detail(dir, d, w, lang),
            ),
            None => (
                String::new(),
                String::new(),
                notice(Word::NothingSelected.text(lang), w),
            ),
        },
    }
}
