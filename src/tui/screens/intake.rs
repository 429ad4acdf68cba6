//! 受付: the intake form (left), live suggestions with reasons (right).

use super::super::app::App;
use super::super::input::LineInput;
use super::super::layout;
use super::super::tabs::intake::IntakeTab;
use super::super::tabs::intake::form::{self, Field};
use super::intake_panes::{SuggestView, checklist_pane, dialog_pane, suggestions_pane};
use super::intake_previous;
use super::{place_cursor, separator};
use crate::domain::{Consent, Directory};
use crate::i18n::{Lang, Msg};
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Lines with an optional cursor position (column in cells, line index).
pub(super) struct Pane {
    pub(super) lines: Vec<Line<'static>>,
    pub(super) cursor: Option<(usize, usize)>,
}

pub(super) fn focus_style(on: bool) -> Style {
    if on {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    }
}

/// `label [value]` with the value padded to `cells`; returns the spans and where the
/// value starts (cells from the start of the spans).
fn field(label: &str, value: &str, cells: usize, focused: bool) -> (Vec<Span<'static>>, usize) {
    let head = format!("{label} [");
    let start = text::width(&head);
    (
        vec![
            Span::raw(head),
            Span::styled(text::fit(&text::display(value), cells), focus_style(focused)),
            Span::raw("]"),
        ],
        start,
    )
}

/// One field of the header: its spans, where its value starts, and the cursor's cells
/// into the value when it takes typed text and has focus.
struct Item {
    spans: Vec<Span<'static>>,
    width: usize,
    cursor: Option<usize>,
}

impl Item {
    fn new((spans, start): (Vec<Span<'static>>, usize), input: Option<&LineInput>, focused: bool) -> Item {
        let width = spans.iter().map(|s| text::width(&s.content)).sum();
        let cursor = input.filter(|_| focused).map(|i| start + i.cursor_cells());
        Item { spans, width, cursor }
    }
}

/// Gap between two header fields.
const GAP: usize = 2;

/// The header's fields laid out in rows of `w` cells, each field whole (never cut, never
/// pushed off the edge: it goes to the next row); the received stamp goes right, on the
/// last row when it fits. Returns the lines and the cursor (cells, row).
fn flow(items: Vec<Item>, stamp: &str, w: usize) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    let mut rows: Vec<(Vec<Span<'static>>, usize)> = Vec::new();
    let mut spans: Vec<Span<'static>> = vec![Span::raw(" ")];
    let mut used = 1;
    let mut cursor = None;
    for item in items {
        if used > 1 && used + GAP + item.width > w {
            rows.push((std::mem::replace(&mut spans, vec![Span::raw(" ")]), used));
            used = 1;
        }
        if used > 1 {
            spans.push(Span::raw(" ".repeat(GAP)));
            used += GAP;
        }
        if let Some(c) = item.cursor {
            cursor = Some((used + c, rows.len()));
        }
        used += item.width;
        spans.extend(item.spans);
    }
    let stamp_w = text::width(stamp);
    if used + GAP + stamp_w > w {
        rows.push((std::mem::replace(&mut spans, vec![Span::raw(" ")]), used));
        used = 1;
    }
    spans.push(Span::raw(" ".repeat(w.saturating_sub(used + stamp_w).max(1))));
    spans.push(Span::raw(stamp.to_string()));
    rows.push((spans, used));
    (rows.into_iter().map(|(s, _)| Line::from(s)).collect(), cursor)
}

fn district_name(dir: &Directory, id: Option<&str>, lang: Lang) -> String {
    id.and_then(|id| dir.district(id))
        .map(|d| d.name.clone())
        .unwrap_or_else(|| Msg::LabelNone.text(lang).to_string())
}

/// The header's rows at `w` cells and the cursor in them (cells, row).
fn header(app: &App, w: usize) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    let lang = app.lang();
    let t = &app.intake;
    let dir = &app.env.directory;
    let i = &t.draft.intake;
    let f = t.focused();
    let items = vec![
        Item::new(
            field(
                Msg::LabelChannel.text(lang),
                form::channel_label(i.channel, lang),
                10,
                f == Field::Channel,
            ),
            None,
            false,
        ),
        Item::new(
            field(
                Msg::LabelDistrict.text(lang),
                &district_name(dir, i.district.as_deref(), lang),
                12,
                f == Field::District,
            ),
            None,
            false,
        ),
        Item::new(
            field(
                Msg::LabelLanguage.text(lang),
                &form::language_label(i.language.as_deref(), lang),
                12,
                f == Field::Language,
            ),
            None,
            false,
        ),
        Item::new(
            field(
                Msg::LabelConsent.text(lang),
                form::consent_label(i.consent, lang),
                // The longest choice uncut (得られない / not asked).
                [Consent::Given, Consent::Refused, Consent::Unknown]
                    .iter()
                    .map(|c| text::width(form::consent_label(*c, lang)))
                    .max()
                    .unwrap_or(0),
                f == Field::Consent,
            ),
            None,
            false,
        ),
        Item::new(
            field(
                Msg::LabelSeeksHelp.text(lang),
                form::yes_no(i.seeks_help, lang),
                4,
                f == Field::SeeksHelp,
            ),
            None,
            false,
        ),
        Item::new(
            field(
                Msg::LabelSchool.text(lang),
                t.school.as_str(),
                12,
                f == Field::School,
            ),
            Some(&t.school),
            f == Field::School,
        ),
        Item::new(
            field(
                Msg::LabelRestricted.text(lang),
                form::yes_no(t.draft.restricted, lang),
                4,
                f == Field::Restricted,
            ),
            None,
            false,
        ),
    ];
    let received = t
        .draft
        .started_at
        .get(5..16)
        .map(|s| s.replace('-', "/").replace('T', " "))
        .unwrap_or_default();
    let stamp = format!("{} {received} ", Msg::LabelReceived.text(lang));
    flow(items, &stamp, w)
}

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let lang = app.lang();
    let t = &app.intake;
    let dir = &app.env.directory;
    let w = body.width as usize;
    let f = t.focused();

    let (head, head_cursor) = header(app, w);
    let areas = layout::intake(body, u16::try_from(head.len()).unwrap_or(u16::MAX));
    frame.render_widget(Paragraph::new(head), areas.fields);
    frame.render_widget(Paragraph::new(separator(w)), areas.rule);
    // The last line: a question waiting for yes/no, or when the draft was saved.
    let status = if t.confirm.is_some() {
        use super::super::tabs::intake::Pending;
        let q = match t.confirm {
            Some(Pending::NewIntake) => Msg::ConfirmNew.text(lang).to_string(),
            Some(Pending::AddToCase) => intake_previous::confirm_text(t, lang),
            _ => Msg::ConfirmRemove.text(lang).to_string(),
        };
        Line::from(Span::styled(
            text::fit(&format!(" {q}?  {}", Msg::ConfirmKeys.text(lang)), w),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        ))
    } else {
        let saved = t
            .saved_at
            .as_deref()
            .map(|s| format!("{} {s} ", Msg::DraftSaved.text(lang)))
            .unwrap_or_default();
        let sep = separator(w.saturating_sub(text::width(&saved)));
        Line::from(format!("{sep}{saved}"))
    };
    frame.render_widget(Paragraph::new(status), areas.status);

    let (left, right) = (areas.left, areas.right);
    let bars: Vec<Line> = (0..areas.bar.height).map(|_| Line::from("|")).collect();
    frame.render_widget(Paragraph::new(bars), areas.bar);

    let add_key = app
        .env
        .keymap
        .key_labels(
            crate::tui::keymap::Context::Input,
            crate::tui::action::Action::AddToCase,
        )
        .into_iter()
        .next()
        .unwrap_or_default();
    let mut lp = left_pane(t, dir, left.width as usize, lang);
    lp.lines.extend(intake_previous::lines(
        t,
        dir,
        left.width as usize,
        lang,
        &add_key,
    ));
    let rp = if t.dialog.is_some() {
        dialog_pane(t, right.width as usize, right.height as usize, lang)
    } else if matches!(f, Field::Concerns(_)) {
        checklist_pane(t, dir, right.width as usize, right.height as usize, lang)
    } else {
        // The key that reaches the pane from the top of the form (it is the last field).
        let more = app
            .env
            .keymap
            .key_labels(
                crate::tui::keymap::Context::List,
                crate::tui::action::Action::FocusPrev,
            )
            .into_iter()
            .next()
            .unwrap_or_default();
        let view = SuggestView {
            selected: (f == Field::Suggestions)
                .then(|| t.sugg.min(t.advice.referrals.len().saturating_sub(1))),
            all: t.sugg_all,
            more: &more,
        };
        suggestions_pane(
            &t.advice,
            right.width as usize,
            right.height as usize,
            &view,
            lang,
        )
    };
    // Keep the focused line of the left pane in view.
    let scroll = lp
        .cursor
        .map(|(_, y)| y.saturating_sub(left.height as usize - 1))
        .unwrap_or(0);
    frame.render_widget(Paragraph::new(lp.lines).scroll((scroll as u16, 0)), left);
    frame.render_widget(Paragraph::new(rp.lines), right);

    if t.confirm.is_some() {
        return;
    }
    let cursor = if let Some((x, y)) = rp.cursor {
        Some((right.x as usize + x, right.y as usize + y))
    } else if let Some((x, y)) = lp.cursor.filter(|_| f.is_text()) {
        Some((left.x as usize + x, left.y as usize + y - scroll))
    } else {
        head_cursor.map(|(x, y)| (body.x as usize + x, body.y as usize + y))
    };
    if let Some((x, y)) = cursor {
        place_cursor(frame, x.min(body.right() as usize - 1) as u16, y as u16);
    }
}

fn concern_labels(dir: &Directory, ids: &[String]) -> String {
    ids.iter()
        .map(|c| {
            dir.concern(c)
                .map(|c| c.label.clone())
                .unwrap_or_else(|| c.clone())
        })
        .collect::<Vec<_>>()
        .join("・")
}

fn left_pane(t: &IntakeTab, dir: &Directory, w: usize, lang: Lang) -> Pane {
    let f = t.focused();
    let mut lines: Vec<Line<'static>> = vec![Line::from(format!(" {}", Msg::LabelHousehold.text(lang)))];
    let mut cursor = None;
    for (n, p) in t.draft.intake.people.iter().enumerate() {
        let rel = text::fit(form::relation_label(p.relation, lang), 10);
        let age = t.ages.get(n).map(|a| a.as_str()).unwrap_or("");
        let head = format!("  {:>2} [", n + 1);
        let mut used = text::width(&head);
        let mut spans = vec![Span::raw(head)];
        spans.push(Span::styled(rel, focus_style(f == Field::Relation(n))));
        spans.push(Span::raw("] ["));
        used += 10 + 3;
        if f == Field::Age(n)
            && let Some(a) = t.ages.get(n)
        {
            cursor = Some((
                used + 3usize.saturating_sub(text::width(a.as_str())) + a.cursor_cells(),
                lines.len(),
            ));
        }
        spans.push(Span::styled(format!("{age:>3}"), focus_style(f == Field::Age(n))));
        spans.push(Span::raw(format!("]{} ", Msg::LabelAge.text(lang))));
        used += 3 + 1 + text::width(Msg::LabelAge.text(lang)) + 1;
        let concerns = if p.concerns.is_empty() {
            "-".to_string()
        } else {
            concern_labels(dir, &p.concerns)
        };
        spans.push(Span::styled(
            text::fit(&concerns, w.saturating_sub(used)),
            focus_style(f == Field::Concerns(n)),
        ));
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(vec![
        Span::raw("  "),
        Span::styled(
            Msg::LabelAddPerson.text(lang).to_string(),
            focus_style(f == Field::AddPerson),
        ),
    ]));
    lines.push(Line::from(format!(" {}", Msg::LabelNote.text(lang))));
    // The note wraps; the cursor follows the wrapped text.
    let note_w = w.saturating_sub(3).max(4);
    let wrapped = text::wrap(t.note.as_str(), note_w);
    if f == Field::Note {
        let before: String = t.note.as_str().chars().take(t.note.cursor()).collect();
        let pre = text::wrap(&before, note_w);
        let x = pre.last().map(|l| text::width(l)).unwrap_or(0);
        cursor = Some((2 + x, lines.len() + pre.len().saturating_sub(1)));
    }
    for l in wrapped.iter().take(6) {
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(text::fit(l, note_w), focus_style(f == Field::Note)),
        ]));
    }
    let mut put =
        |label: Msg, input: &LineInput, field_: Field, cells: usize, lines: &mut Vec<Line<'static>>| {
            let (spans, start) = field(label.text(lang), input.as_str(), cells, f == field_);
            if f == field_ {
                cursor = Some((1 + start + input.cursor_cells().min(cells), lines.len()));
            }
            let mut all = vec![Span::raw(" ")];
            all.extend(spans);
            lines.push(Line::from(all));
        };
    let cells = w.saturating_sub(16).clamp(8, 24);
    put(Msg::LabelName, &t.name, Field::Name, cells, &mut lines);
    put(Msg::LabelKana, &t.kana, Field::Kana, cells, &mut lines);
    put(Msg::LabelPhone, &t.phone, Field::Phone, cells, &mut lines);
    Pane { lines, cursor }
}
