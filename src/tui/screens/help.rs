//! The help overlay, generated from the keymap in effect. It opens on the current tab's
//! keys and scrolls (Up / Down, PgUp / PgDn, Home / End), so every key is reachable at
//! any size the layout is drawn for.

use super::super::action::{Action, HelpSection};
use super::super::app::{App, Tab};
use super::super::keymap::Keymap;
use super::super::layout;
use crate::i18n::{Lang, Msg};
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// Widest key column: longer key lists are cut here (the description stays whole).
const KEYS_MAX: usize = 22;

/// The help section of a tab's own keys (集計 has none of its own: its keys are moves).
pub fn section_of(tab: Tab) -> HelpSection {
    match tab {
        Tab::Search => HelpSection::Search,
        Tab::Intake => HelpSection::Intake,
        Tab::Cases => HelpSection::Cases,
        Tab::Meetings => HelpSection::Meetings,
        Tab::Report => HelpSection::Navigation,
    }
}

/// The help's rows for a body `width` cells wide: the current tab's section first, then
/// the others in their order; in two columns when every row fits in half the width.
/// Each row is (text, is a section heading).
pub fn rows(keymap: &Keymap, lang: Lang, tab: Tab, width: usize) -> Vec<(String, bool)> {
    let mut sections = keymap.help(lang);
    let first = section_of(tab);
    if let Some(i) = sections.iter().position(|(s, _)| *s == first) {
        let s = sections.remove(i);
        sections.insert(0, s);
    }
    let keys_w = sections
        .iter()
        .flat_map(|(_, e)| e.iter().map(|(k, _)| text::width(k)))
        .max()
        .unwrap_or(0)
        .min(KEYS_MAX);
    let mut items: Vec<(String, bool)> = Vec::new();
    for (section, entries) in sections {
        items.push((format!(" {}", section.label(lang)), true));
        for (keys, desc) in entries {
            items.push((format!("   {} {desc}", text::fit(&keys, keys_w)), false));
        }
    }
    let widest = items.iter().map(|(s, _)| text::width(s)).max().unwrap_or(0);
    let half = width / 2;
    if widest + 1 > half || items.len() < 2 {
        return items;
    }
    // Two columns of (nearly) equal height; a heading never ends the left column.
    let mut split = items.len().div_ceil(2);
    if split
        .checked_sub(1)
        .and_then(|last| items.get(last))
        .is_some_and(|(_, heading)| *heading)
    {
        split -= 1;
    }
    let (left, right) = items.split_at(split);
    (0..left.len().max(right.len()))
        .map(|i| {
            let l = left.get(i).map(|(s, _)| s.as_str()).unwrap_or_default();
            let r = right.get(i).map(|(s, _)| s.as_str()).unwrap_or_default();
            (format!("{}{r}", text::fit(l, half)), false)
        })
        .collect()
}

/// The largest scroll of the help in a terminal of the app's last known size.
pub fn max_scroll(app: &App) -> u16 {
    let body = layout::body(app.env.size);
    let (_, content) = layout::help(body);
    let n = rows(&app.env.keymap, app.lang(), app.tab, body.width as usize).len();
    layout::max_scroll(n, content.height)
}

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let lang = app.lang();
    let w = body.width as usize;
    let (title_area, content) = layout::help(body);
    let rows = rows(&app.env.keymap, lang, app.tab, w);
    let scroll = app
        .help_scroll
        .min(layout::max_scroll(rows.len(), content.height));
    // How to close and scroll it, from the keymap in effect.
    let ctx = app.context();
    let mut close = app.env.keymap.key_labels(ctx, Action::Help);
    close.extend(app.env.keymap.key_labels(ctx, Action::Back));
    let shown_to = (scroll as usize + content.height as usize).min(rows.len());
    let title = format!(
        " {} ({}: {})  {}-{}/{}",
        Msg::HelpTitle.text(lang),
        Msg::HelpClose.text(lang),
        close.join(" / "),
        (scroll as usize + 1).min(rows.len()),
        shown_to,
        rows.len()
    );
    frame.render_widget(Clear, body);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            text::fit(&title, w),
            Style::default().add_modifier(Modifier::REVERSED),
        ))),
        title_area,
    );
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(scroll as usize)
        .take(content.height as usize)
        .map(|(s, heading)| {
            let s = text::truncate(&s, w);
            if heading {
                Line::from(Span::styled(s, Style::default().add_modifier(Modifier::BOLD)))
            } else {
                Line::from(s)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), content);
}
