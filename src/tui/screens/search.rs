//! 検索: query line, result list and detail pane.

use super::super::app::{App, Focus};
use super::super::layout;
use super::{detail_lines, notice, place_cursor, separator};
use crate::i18n::Msg;
use crate::search::{EntryKind, describe};
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, List, ListItem, Paragraph};

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let lang = app.lang();
    let w = body.width as usize;
    // Query line with the count on the right.
    let prompt = Msg::SearchPrompt.text(lang);
    let partial = if app.search.partial_from() < app.search.hits.len() {
        format!(" {}", Msg::SearchPartial.text(lang))
    } else {
        String::new()
    };
    let suffix = if app.search.more() {
        Msg::CountMoreSuffix
    } else {
        Msg::CountSuffix
    };
    let count = format!("{}{}{partial} ", app.search.hits.len(), suffix.text(lang));
    let room = w.saturating_sub(1 + text::width(prompt) + text::width(&count) + 1);
    let query = app.search.query.as_str();
    // Keep the cursor visible when the query is longer than the line.
    let cursor_cells = app.search.query.cursor_cells();
    let skip_cells = cursor_cells.saturating_sub(room);
    let shown = text::drop_cells(query, skip_cells);
    let line = format!(" {prompt}{}", text::fit(&shown, room));
    let areas = layout::search(body);
    let pad = w.saturating_sub(text::width(&line) + text::width(&count));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(line),
            Span::raw(" ".repeat(pad)),
            Span::raw(count),
        ])),
        areas.query,
    );
    frame.render_widget(Paragraph::new(separator(w)), areas.rule_top);
    frame.render_widget(Paragraph::new(separator(w)), areas.rule_bottom);

    if app.search.expanded {
        draw_detail(app, frame, areas.expanded);
    } else {
        draw_list(app, frame, areas.list);
        let bars: Vec<Line> = (0..areas.bar.height).map(|_| Line::from(" |")).collect();
        frame.render_widget(Paragraph::new(bars), areas.bar);
        draw_detail(app, frame, areas.detail);
    }
    if app.search.focus == Focus::Input && !app.help {
        let x = body.x as usize + 1 + text::width(prompt) + cursor_cells - skip_cells;
        place_cursor(frame, x.min(body.right() as usize - 1) as u16, body.y);
    }
}

fn draw_list(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let w = area.width as usize;
    let rows = area.height as usize;
    let empty = if app.search.query.as_str().trim().is_empty() {
        Some(Msg::SearchEmpty)
    } else if app.search.hits.is_empty() {
        Some(Msg::SearchNoMatch)
    } else {
        None
    };
    if let Some(msg) = empty {
        let lines: Vec<Line> = notice(msg.text(lang), w).into_iter().take(rows).collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let sel = app.search.selected;
    let start = sel.offset(rows);
    // Only the rows in view are described; those above it are never drawn.
    let shown: Vec<(&'static str, String, String)> = app
        .search
        .hits
        .iter()
        .skip(start)
        .take(rows)
        .map(|hit| {
            let info = describe(&app.env.directory, hit);
            (
                kind_mark(info.kind).text(lang),
                text::display(&info.name),
                text::display(&info.sections.join(" ")),
            )
        })
        .collect();
    let (name_w, sec_w) = columns(&shown, w.saturating_sub(2));
    let items: Vec<ListItem> = (0..start)
        .map(|_| ListItem::new(""))
        .chain(shown.iter().map(|(mark, name, sections)| {
            let mut row = format!(
                "{} {}",
                text::fit(mark, MARK_W),
                text::fit(&text::shorten(name, name_w), name_w)
            );
            if sec_w > 0 {
                row.push(' ');
                row.push_str(&text::fit(sections, sec_w));
            }
            ListItem::new(text::fit(&row, w.saturating_sub(2)))
        }))
        .collect();
    let mut highlight = Style::default().add_modifier(Modifier::REVERSED);
    if app.search.focus == Focus::List {
        highlight = highlight.add_modifier(Modifier::BOLD);
    }
    let list = List::new(items)
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_style(highlight);
    frame.render_stateful_widget(list, area, &mut sel.list_state(rows));
}

/// Cells of the kind mark (事 / 機 / 課 / 会, Pr / Si / Se / Mt).
const MARK_W: usize = 2;
/// The narrowest section column worth showing.
const SECTION_MIN: usize = 8;

fn kind_mark(kind: EntryKind) -> Msg {
    match kind {
        EntryKind::Program => Msg::MarkProgram,
        EntryKind::Site => Msg::MarkSite,
        EntryKind::Section => Msg::MarkSection,
        EntryKind::Meeting => Msg::MarkMeeting,
    }
}

/// The name's and the sections' columns in a row of `room` cells (after the mark): the
/// name takes what the longest name in view needs; the sections take what is left, or
/// nothing when that is too narrow to read (the detail names them).
fn columns(rows: &[(&str, String, String)], room: usize) -> (usize, usize) {
    let room = room.saturating_sub(MARK_W + 1);
    let longest = rows.iter().map(|(_, n, _)| text::width(n)).max().unwrap_or(0);
    let sections = rows.iter().map(|(_, _, s)| text::width(s)).max().unwrap_or(0);
    if longest + 1 + SECTION_MIN.min(sections.max(1)) <= room && sections > 0 {
        let sec_w = (room - longest - 1).min(sections);
        (room - sec_w - 1, sec_w)
    } else {
        (room, 0)
    }
}

fn draw_detail(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let w = area.width as usize;
    let lines: Vec<Line> = match app.search.selected_hit() {
        Some(hit) => {
            let mut lines: Vec<Line> = Vec::new();
            if let Some(found) = &app.search.found {
                let why = crate::search::reasons(&app.env.index.why(found, hit), lang);
                if !why.is_empty() {
                    let text = format!("{}{why}", Msg::WhyLabel.text(lang));
                    for l in text::wrap(&text::display(&text), w) {
                        lines.push(Line::from(Span::styled(
                            l,
                            Style::default().add_modifier(Modifier::DIM),
                        )));
                    }
                }
            }
            lines.extend(detail_lines(&app.env.directory, hit, w, app.now.date(), lang));
            lines
        }
        None => text::wrap(Msg::DetailEmpty.text(lang), w)
            .into_iter()
            .map(Line::from)
            .collect(),
    };
    let max_scroll = lines.len().saturating_sub(area.height as usize) as u16;
    let scroll = app.search.detail_scroll.min(max_scroll);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}
