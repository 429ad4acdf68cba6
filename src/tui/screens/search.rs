//! 検索: query line, result list and detail pane.

use super::super::app::{App, Focus};
use super::{detail_lines, place_cursor, separator};
use crate::i18n::Msg;
use crate::search::describe;
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(app: &mut App, frame: &mut Frame, body: Rect) {
    let lang = app.lang();
    let w = body.width as usize;
    // Query line with the count on the right.
    let prompt = Msg::SearchPrompt.text(lang);
    let partial = if app.search.partial_from() < app.search.hits.len() {
        format!(" {}", Msg::SearchPartial.text(lang))
    } else {
        String::new()
    };
    let count = format!(
        "{}{}{partial} ",
        app.search.hits.len(),
        Msg::CountSuffix.text(lang)
    );
    let room = w.saturating_sub(1 + text::width(prompt) + text::width(&count) + 1);
    let query = app.search.query.as_str();
    // Keep the cursor visible when the query is longer than the line.
    let cursor_cells = app.search.query.cursor_cells();
    let skip_cells = cursor_cells.saturating_sub(room);
    let shown = text::drop_cells(query, skip_cells);
    let line = format!(" {prompt}{}", text::fit(&shown, room));
    let pad = w.saturating_sub(text::width(&line) + text::width(&count));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(line),
            Span::raw(" ".repeat(pad)),
            Span::raw(count),
        ])),
        Rect::new(body.x, body.y, body.width, 1),
    );
    frame.render_widget(
        Paragraph::new(separator(w)),
        Rect::new(body.x, body.y + 1, body.width, 1),
    );
    let bottom = body.y + body.height - 1;
    frame.render_widget(
        Paragraph::new(separator(w)),
        Rect::new(body.x, bottom, body.width, 1),
    );
    let inner = Rect::new(body.x, body.y + 2, body.width, body.height.saturating_sub(3));
    app.search.page = inner.height as usize;

    if app.search.expanded {
        draw_detail(
            app,
            frame,
            Rect::new(inner.x + 1, inner.y, inner.width.saturating_sub(1), inner.height),
        );
    } else {
        let list_w = (inner.width * 45 / 100).max(20);
        let list = Rect::new(inner.x, inner.y, list_w, inner.height);
        draw_list(app, frame, list);
        let bar = Rect::new(inner.x + list_w, inner.y, 2, inner.height);
        let bars: Vec<Line> = (0..inner.height).map(|_| Line::from(" |")).collect();
        frame.render_widget(Paragraph::new(bars), bar);
        let detail = Rect::new(
            inner.x + list_w + 3,
            inner.y,
            inner.width.saturating_sub(list_w + 3),
            inner.height,
        );
        draw_detail(app, frame, detail);
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
    let mut lines = Vec::new();
    if app.search.query.as_str().trim().is_empty() {
        for l in text::wrap(Msg::SearchEmpty.text(lang), w.saturating_sub(2))
            .into_iter()
            .take(rows)
        {
            lines.push(Line::from(format!(" {l}")));
        }
    } else if app.search.hits.is_empty() {
        for l in text::wrap(Msg::SearchNoMatch.text(lang), w.saturating_sub(2))
            .into_iter()
            .take(rows)
        {
            lines.push(Line::from(format!(" {l}")));
        }
    } else {
        let sel = app.search.selected;
        let start = if sel >= rows { sel + 1 - rows } else { 0 };
        let name_w = (w.saturating_sub(2)) * 3 / 5;
        let sec_w = w.saturating_sub(2 + name_w + 1);
        for (i, hit) in app.search.hits.iter().enumerate().skip(start).take(rows) {
            let info = describe(&app.env.directory, hit);
            let marker = if i == sel { ">" } else { " " };
            let row = format!(
                "{marker} {} {}",
                text::fit(&text::display(&info.name), name_w),
                text::fit(&text::display(&info.sections.join(" ")), sec_w)
            );
            let style = if i == sel {
                let s = Style::default().add_modifier(Modifier::REVERSED);
                if app.search.focus == Focus::List {
                    s.add_modifier(Modifier::BOLD)
                } else {
                    s
                }
            } else {
                Style::default()
            };
            lines.push(Line::from(Span::styled(text::fit(&row, w), style)));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
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
