//! The help overlay, generated from the keymap in effect.

use super::super::action::Action;
use super::super::app::App;
use crate::i18n::Msg;
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let lang = app.lang();
    let w = body.width as usize;
    // How to close it, from the keymap in effect.
    let ctx = app.context();
    let mut close = app.env.keymap.key_labels(ctx, Action::Help);
    close.extend(app.env.keymap.key_labels(ctx, Action::Back));
    let title = format!(
        " {} ({}: {})",
        Msg::HelpTitle.text(lang),
        Msg::HelpClose.text(lang),
        close.join(" / ")
    );
    let mut lines = vec![Line::from(Span::styled(
        text::fit(&title, w),
        Style::default().add_modifier(Modifier::REVERSED),
    ))];
    // Two columns when there is room.
    let mut items: Vec<Line> = Vec::new();
    for (section, entries) in app.env.keymap.help(lang) {
        items.push(Line::from(Span::styled(
            format!(" {}", section.label(lang)),
            Style::default().add_modifier(Modifier::BOLD),
        )));
        for (keys, desc) in entries {
            let keys = text::fit(&keys, 22);
            items.push(Line::from(format!("   {keys} {desc}")));
        }
    }
    let rows = body.height.saturating_sub(1) as usize;
    if w >= 78 && items.len() > rows {
        let half = w / 2;
        // Never leave a section heading alone at the bottom of the left column.
        let mut split = rows.min(items.len());
        if split > 0 && !line_text(&items[split - 1]).starts_with("  ") {
            split -= 1;
        }
        let (left, right) = items.split_at(split);
        for i in 0..rows {
            let l = left.get(i).map(line_text).unwrap_or_default();
            let r = right.get(i).map(line_text).unwrap_or_default();
            lines.push(Line::from(format!(
                "{}{}",
                text::fit(&l, half),
                text::truncate(&r, w - half)
            )));
        }
    } else {
        lines.extend(items);
    }
    frame.render_widget(Clear, body);
    frame.render_widget(Paragraph::new(lines), body);
}

fn line_text(l: &Line) -> String {
    l.spans.iter().map(|s| s.content.as_ref()).collect()
}
