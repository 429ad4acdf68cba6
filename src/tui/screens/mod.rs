//! Drawing: pure functions of the app state. Chrome is plain ASCII (no box drawing).

pub(crate) mod cases;
pub mod detail;
mod help;
mod intake;
mod intake_panes;
mod intake_previous;
mod meetings;
pub(crate) mod report;
mod search;

pub use detail::detail_lines;
pub use help::max_scroll as help_max_scroll;

use super::app::{App, Level, Tab};
use super::layout::{self, Screen};
use crate::i18n;
use crate::text;
use ratatui::Frame;
use ratatui::layout::Position;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub use super::layout::{MIN_HEIGHT, MIN_WIDTH};

/// Draw the app: reads its state, writes only to the frame.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let note = i18n::Msg::TooSmall.text(app.lang());
        frame.render_widget(Paragraph::new(text::truncate(note, area.width as usize)), area);
        return;
    }
    let w = area.width as usize;
    let Screen {
        top,
        body,
        message: msg,
        hints,
    } = layout::screen(area);

    frame.render_widget(Paragraph::new(top_line(app, w)), top);
    match app.tab {
        Tab::Search => search::draw(app, frame, body),
        Tab::Intake => intake::draw(app, frame, body),
        Tab::Cases => cases::draw(app, frame, body),
        Tab::Meetings => meetings::draw(app, frame, body),
        Tab::Report => report::draw(app, frame, body),
    }
    if app.help {
        help::draw(app, frame, body);
    }
    frame.render_widget(Paragraph::new(message_line(app, w)), msg);
    frame.render_widget(Paragraph::new(hint_line(app, w)), hints);
}

fn top_line(app: &App, w: usize) -> Line<'static> {
    let lang = app.lang();
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for tab in Tab::ALL {
        let label = tab.label().text(lang);
        let (s, style) = if tab == app.tab {
            (
                format!("*{label}*"),
                Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            )
        } else {
            (format!("[{label}]"), Style::default())
        };
        used += text::width(&s) + 1;
        spans.push(Span::styled(s, style));
        spans.push(Span::raw(" "));
    }
    let now = app.now;
    let clock = format!("{} {}", i18n::day_label(now.date(), lang), now.format("%H:%M"));
    let link = app.link_text().map(|t| format!("{t}  ")).unwrap_or_default();
    let right = format!("{link}{}  {} ", text::display(&app.env.desk), clock);
    let room = w.saturating_sub(used);
    // The desk, the link, the day and the time while they fit; then less, never a time
    // cut in the middle: the clock alone, then the date without its weekday, then the time.
    let date = format!("{}/{}", now.format("%-m"), now.format("%-d"));
    let time = now.format("%H:%M").to_string();
    let right = [
        right,
        format!(" {link}{clock} "),
        format!(" {link}{date} {time} "),
        format!(" {link}{time} "),
        format!(" {time} "),
    ]
    .into_iter()
    .find(|r| text::width(r) <= room)
    .map(|r| format!("{:>pad$}{r}", "", pad = room - text::width(&r)))
    .unwrap_or_else(|| text::fit("", room));
    spans.push(Span::raw(right));
    Line::from(spans)
}

fn message_line(app: &App, w: usize) -> Line<'static> {
    match &app.message {
        Some(m) => {
            let style = match m.level {
                Level::Info => Style::default(),
                Level::Warning => Style::default().add_modifier(Modifier::BOLD),
            };
            Line::from(Span::styled(text::fit(&format!(" {}", m.text), w), style))
        }
        None => Line::from(""),
    }
}

/// Key hints for what has focus, generated from the keymap in effect.
fn hint_line(app: &App, w: usize) -> Line<'static> {
    let mut s = String::from(" ");
    let ctx = app.context();
    for &action in app.hints() {
        let Some(key) = app.env.keymap.keys_for(ctx, action).into_iter().next() else {
            continue;
        };
        let desc = app.hint_label(action).unwrap_or(action.description(app.lang()));
        let item = format!("{} {desc}  ", key.label());
        if text::width(&s) + text::width(&item) > w {
            break;
        }
        s.push_str(&item);
    }
    Line::from(Span::styled(
        text::fit(&s, w),
        Style::default().add_modifier(Modifier::REVERSED),
    ))
}

/// Text wrapped under a one-cell margin (empty states, errors in the body).
pub(crate) fn notice(s: &str, w: usize) -> Vec<Line<'static>> {
    text::wrap(s, w.saturating_sub(2))
        .into_iter()
        .map(|l| Line::from(format!(" {l}")))
        .collect()
}

pub(crate) fn separator(w: usize) -> String {
    format!(" {}", "-".repeat(w.saturating_sub(2)))
}

/// Put the terminal cursor where the user types, so an IME composes in place.
pub(crate) fn place_cursor(frame: &mut Frame, x: u16, y: u16) {
    frame.set_cursor_position(Position::new(x, y));
}

#[cfg(test)]
mod tests;
