//! 集計: the year line (fixed), then the targets with progress bars, consultations by
//! month as an ASCII bar chart beside the channel shares, hand-offs by status with the
//! median days to acceptance and the overdue count, meetings by kind and 社会資源の不足;
//! below, by desk, domain, concern and section (scrolled with detail_up/detail_down).
//! ASCII chrome only (`#`, `.`, `-`); record and seed text through [`text::display`].

use super::super::app::App;
use super::super::layout;
use super::super::tabs::ReportTab;
use super::{notice, separator};
use crate::i18n::Lang;
use crate::report::fmt::{bar, chart_month, fy_title};
use crate::report::view::{Item, Part, Raw, Report, Row, Section};
use crate::report::words::Word;
use crate::text::{self, pad_left};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Rows of the monthly bar chart.
const CHART_ROWS: usize = 3;
/// Cells per month in the chart (3 when the window is narrow).
const MONTH_W: usize = 4;
/// Cells of the progress bars.
const BAR_W: usize = 10;
/// Cells of the target and actual columns.
const NUM_W: usize = 7;

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    if body.height < 2 || body.width < 10 {
        return;
    }
    let lang = app.lang();
    let t = &app.report;
    let w = body.width as usize;
    let fy = t.fy.unwrap_or_else(|| crate::domain::fiscal_year(app.now.date()));

    let content = content(t, lang, w);
    let (year_area, content_area) = layout::report(body);
    let visible = content_area.height;
    let max = layout::max_scroll(content.len(), visible);
    let scroll = t.scroll.min(max);

    // The year line: fixed above the scrolled content.
    let as_of = t
        .figures
        .as_ref()
        .map(|f| Word::AsOf.with(lang, f.as_of.format("%Y/%m/%d")))
        .unwrap_or_default();
    let position = if max > 0 {
        let last = (usize::from(scroll) + usize::from(visible)).min(content.len());
        format!(
            "[{}-{}/{}]",
            usize::from(scroll) + 1,
            last,
            Word::Lines.with(lang, content.len())
        )
    } else {
        String::new()
    };
    // The date and the position when both fit beside the year, else what fits.
    let left_w = 1 + text::width(&fy_title(fy, lang)) + 2;
    let join = |parts: &[&str]| {
        let parts: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("{} ", parts.join("  "))
        }
    };
    let right = [join(&[&as_of, &position]), join(&[&position]), String::new()]
        .into_iter()
        .find(|r| left_w + text::width(r) <= w)
        .unwrap_or_default();
    let left = format!(" {}", fy_title(fy, lang));
    let year = spread(&left, &right, w);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            year,
            Style::default().add_modifier(Modifier::BOLD),
        ))),
        year_area,
    );
    frame.render_widget(Paragraph::new(content).scroll((scroll, 0)), content_area);
}

/// What scrolls under the year line, `w` cells wide.
fn content(t: &ReportTab, lang: Lang, w: usize) -> Vec<Line<'static>> {
    if t.no_store {
        notice(Word::NoStore.text(lang), w)
    } else if let Some(e) = &t.error {
        notice(e, w)
    } else if let Some(f) = &t.figures {
        lines(&Report::new(f, lang), w)
    } else {
        Vec::new()
    }
}

/// Rows of the figures in `body` and the largest useful scroll: the updates keep the
/// scroll within it; the draw shows no more.
pub(crate) fn scroll_limit(t: &ReportTab, body: Rect, lang: Lang) -> (u16, u16) {
    let rows = layout::report(body).1.height;
    (
        rows,
        layout::max_scroll(content(t, lang, body.width as usize).len(), rows),
    )
}

/// `left ... right` in exactly `w` cells (the left side cut when both do not fit).
fn spread(left: &str, right: &str, w: usize) -> String {
    let rw = text::width(right);
    if rw >= w {
        return text::fit(left, w);
    }
    let left = text::fit(left, w - rw);
    text::fit(&format!("{left}{right}"), w)
}

fn title(s: String, w: usize) -> Line<'static> {
    Line::from(Span::styled(
        text::fit(&s, w),
        Style::default().add_modifier(Modifier::BOLD),
    ))
}

fn plain(s: String, w: usize) -> Line<'static> {
    Line::from(text::fit(&s, w))
}

/// Everything below the year line: the report laid out `w` cells wide.
pub fn lines(r: &Report, w: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let sep = |out: &mut Vec<Line<'static>>| out.push(Line::from(separator(w)));
    if let Some(s) = r.section(Part::Targets) {
        targets(s, w, &mut out);
    }
    sep(&mut out);
    consultations(r, w, &mut out);
    sep(&mut out);
    if let Some(s) = r.section(Part::Handoffs) {
        handoffs(s, w, &mut out);
    }
    sep(&mut out);
    meetings(r, w, &mut out);
    sep(&mut out);
    breakdowns(r, w, &mut out);
    out
}

/// A value as shown, mapped for display.
fn shown(r: Option<&Row>) -> String {
    r.map(|r| text::display(&r.value.shown)).unwrap_or_default()
}

/// "依頼中 2  受理 2": the readable sub-rows of a row, label and value.
fn subs(r: Option<&Row>) -> String {
    let items: Vec<String> = r
        .iter()
        .flat_map(|r| r.readable_sub())
        .map(|x| text::display(&x.pair()))
        .collect();
    items.join("  ")
}

fn targets(s: &Section, w: usize, out: &mut Vec<Line<'static>>) {
    // label | target | actual | 2 | bar | 5 (" 40%"); the bar goes when narrow.
    let bar_w = if w >= 64 { BAR_W } else { 0 };
    let col = |i: usize| s.columns.get(i).map_or("", String::as_str);
    // The progress column: the bar and " 40%", or its heading when that is wider.
    let progress_w = (bar_w + 5).max(text::width(col(3)));
    let label_w = w.saturating_sub(2 + 2 * NUM_W + 2 + progress_w).max(8);
    out.push(title(
        format!(
            " {}{}{}  {}",
            text::fit(&s.title, label_w + 1),
            pad_left(col(1), NUM_W),
            pad_left(col(2), NUM_W),
            col(3)
        ),
        w,
    ));
    if s.rows.is_empty() {
        out.push(plain(format!("  {}", s.empty), w));
        return;
    }
    for t in s.readable() {
        let progress = match (&t.remark, t.progress) {
            (Some(remark), _) => remark.clone(),
            (None, Some(p)) => format!("{}{:>4}%", bar(Some(p), bar_w), p),
            (None, None) => String::new(),
        };
        let target = t
            .target
            .as_ref()
            .map_or_else(String::new, |v| text::display(&v.shown));
        out.push(plain(
            format!(
                "  {}{}{}  {progress}",
                text::fit(&text::display(&t.label), label_w),
                pad_left(&target, NUM_W),
                pad_left(&shown(Some(t)), NUM_W)
            ),
            w,
        ));
    }
}

/// The monthly chart: CHART_ROWS rows of bars, the month row and the count row.
fn chart(months: &Section, lang: Lang, month_w: usize) -> Vec<String> {
    let counts: Vec<u32> = months
        .rows
        .iter()
        .map(|m| match m.value.raw {
            Raw::Count(n) => n,
            _ => 0,
        })
        .collect();
    let top = counts.iter().copied().max().unwrap_or(0).max(1);
    let halves = (CHART_ROWS * 2) as u64;
    // Half-rows of each bar: at least one for a month with any consultation.
    let level: Vec<u64> = counts
        .iter()
        .map(|&c| {
            let c = u64::from(c);
            if c == 0 {
                0
            } else {
                (c * halves).div_ceil(u64::from(top)).max(1)
            }
        })
        .collect();
    let mut rows = Vec::new();
    for r in (0..CHART_ROWS as u64).rev() {
        let mut s = String::from(" ");
        for l in &level {
            let cell = if *l >= 2 * (r + 1) {
                "##"
            } else if *l == 2 * r + 1 {
                ".."
            } else {
                "  "
            };
            s.push_str(&pad_left(cell, month_w));
        }
        rows.push(s);
    }
    let mut names = String::from(" ");
    let mut values = String::from(" ");
    for m in &months.rows {
        let name = match m.item {
            Item::Month { month, .. } => chart_month(month, lang, month_w),
            _ => m.label.clone(),
        };
        names.push_str(&pad_left(&name, month_w));
        values.push_str(&pad_left(&chart_count(&m.value.shown, month_w), month_w));
    }
    names.push_str(Word::ChartMonths.text(lang));
    rows.push(names);
    rows.push(values);
    rows
}

/// A month's count as its column shows it: whole, with a space before it; a count of a
/// thousand or more too wide for that in thousands, rounded ("4k" for 4,109), and any
/// other that does not fit (three digits in the narrow layout's columns of 3) as "++".
/// The table below the chart has every figure whole; the months' counts must never run
/// together into one number.
fn chart_count(shown: &str, month_w: usize) -> String {
    if text::width(shown) < month_w {
        return shown.to_string();
    }
    let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
    let thousands = digits
        .parse::<u64>()
        .ok()
        .filter(|&n| n >= 1000)
        .map(|n| (n + 500) / 1000);
    match thousands {
        Some(k) if format!("{k}k").len() < month_w => format!("{k}k"),
        _ => "+".repeat(month_w.saturating_sub(1).min(2)),
    }
}

fn consultations(r: &Report, w: usize, out: &mut Vec<Line<'static>>) {
    let Some(c) = r.section(Part::Consultations) else {
        return;
    };
    let by_month = r.section(Part::ByMonth);
    let right_w = 22;
    let month_w = if w >= 1 + 12 * MONTH_W + 3 + right_w {
        MONTH_W
    } else {
        3
    };
    let left_w = 1 + 12 * month_w + 3;
    let total = format!(" {} {}", c.title, shown(c.row(Item::Total)));
    let complex = c
        .row(Item::Complex)
        .map(|x| text::display(&x.pair()))
        .unwrap_or_default();
    let mut head = match by_month {
        Some(m) => format!("{total} ({})  {complex}", m.title),
        None => format!("{total}  {complex}"),
    };
    if text::width(&head) > left_w - 2 {
        head = format!("{total}  {complex}");
    }
    if let Some(note) = &c.note {
        out.push(title(head, w));
        out.push(plain(format!("  {note}"), w));
        return;
    }
    let left = by_month.map(|m| chart(m, r.lang, month_w)).unwrap_or_default();
    let channels = r.section(Part::ByChannel);
    let right: Vec<String> = channels
        .iter()
        .flat_map(|s| s.readable())
        .map(|ch| {
            // Label and count share 17 columns with at least one space between them: a
            // count wider than 6 (10139件) takes its columns from the label's end.
            let label_w = 17usize
                .saturating_sub(text::width(&ch.value.shown) + 1)
                .clamp(4, 10);
            format!(
                "{}{}{}",
                text::fit(&text::display(&ch.label), label_w),
                pad_left(&ch.value.shown, 17 - label_w),
                pad_left(&ch.share.map(|p| format!("{p}%")).unwrap_or_default(), 5)
            )
        })
        .collect();
    let channels_title = channels.map(|s| s.title.as_str()).unwrap_or_default();
    if w >= left_w + right_w {
        out.push(title(
            format!("{}  {channels_title}", text::fit(&head, left_w - 2)),
            w,
        ));
        for i in 0..left.len().max(right.len()) {
            let l = left.get(i).map_or("", String::as_str);
            let r = right.get(i).map_or("", String::as_str);
            out.push(plain(format!("{}{r}", text::fit(l, left_w)), w));
        }
    } else {
        out.push(title(head, w));
        out.extend(left.into_iter().map(|l| plain(l, w)));
        out.push(title(format!(" {channels_title}"), w));
        out.extend(right.into_iter().map(|r| plain(format!("  {r}"), w)));
    }
    // Cases and consultations are counted apart: a 相談記録 is a consultation added to
    // a case, never a new case.
    let pair = |item| c.row(item).map(|x| text::display(&x.pair())).unwrap_or_default();
    out.push(plain(
        format!("  {}  {}", pair(Item::NewCases), pair(Item::Records)),
        w,
    ));
}

fn handoffs(s: &Section, w: usize, out: &mut Vec<Line<'static>>) {
    let total = s.row(Item::Total);
    out.push(title(
        format!(" {} {}   {}", s.title, shown(total), subs(total)),
        w,
    ));
    for r in s.readable().filter(|r| r.item != Item::Total) {
        out.push(plain(
            format!("  {}  {}", r.label, text::display(&r.value.shown)),
            w,
        ));
    }
}

fn meetings(r: &Report, w: usize, out: &mut Vec<Line<'static>>) {
    if let Some(m) = r.section(Part::Meetings) {
        let total = m.row(Item::Total);
        out.push(title(
            format!(" {} {}   {}", m.title, shown(total), subs(total)),
            w,
        ));
        if let Some(d) = m.row(Item::CasesDiscussed) {
            out.push(plain(format!("  {}", text::display(&d.pair())), w));
        }
    }
    if let Some(s) = r.section(Part::Shortages) {
        out.push(title(format!(" {} {}", s.title, shown(s.row(Item::Total))), w));
        for x in s.readable() {
            if let Item::Shortage(date) = x.item {
                out.push(plain(
                    format!(
                        "  {}  {}  {}",
                        date.format("%Y/%m/%d"),
                        text::display(&x.label),
                        text::display(&x.value.shown)
                    ),
                    w,
                ));
            }
        }
    }
}

/// The entries of a breakdown that are shown, two to a line when they fit.
fn count_list(heading: &str, s: &Section, w: usize, out: &mut Vec<Line<'static>>) {
    out.push(title(format!(" {heading}"), w));
    let items: Vec<String> = s
        .readable()
        .map(|c| {
            format!(
                "{}{}",
                text::fit(&text::display(&c.label), 22),
                pad_left(&c.value.shown, 8)
            )
        })
        .collect();
    if items.is_empty() {
        out.push(plain(format!("  {}", s.empty), w));
        return;
    }
    let per_line = if w >= 2 + 2 * 30 + 4 { 2 } else { 1 };
    for chunk in items.chunks(per_line) {
        out.push(plain(format!("  {}", chunk.join("    ")), w));
    }
}

fn breakdowns(r: &Report, w: usize, out: &mut Vec<Line<'static>>) {
    for part in [Part::ByDesk, Part::ByDomain, Part::ByConcern] {
        if let Some(s) = r.section(part) {
            count_list(&s.title, s, w, out);
        }
    }
    let Some(s) = r.section(Part::BySection) else {
        return;
    };
    // Below the other breakdowns, the sections' heading says they are the hand-offs'.
    let of = r.section(Part::Handoffs).map(|h| h.title.as_str());
    let heading = of.map_or_else(|| s.title.clone(), |h| format!("{h} {}", s.title));
    out.push(title(format!(" {heading}"), w));
    let mut any = false;
    for x in s.readable() {
        any = true;
        out.push(plain(
            format!(
                "  {}{}  {}",
                text::fit(&text::display(&x.label), 16),
                pad_left(&x.value.shown, 6),
                subs(Some(x))
            ),
            w,
        ));
    }
    if !any {
        out.push(plain(format!("  {}", s.empty), w));
    }
}

#[cfg(test)]
mod chart_tests {
    use super::chart_count;

    #[test]
    fn month_counts_never_run_together() {
        assert_eq!(chart_count("0", 4), "0");
        assert_eq!(chart_count("999", 4), "999");
        assert_eq!(chart_count("4109", 4), "4k");
        assert_eq!(chart_count("4,109", 4), "4k");
        assert_eq!(chart_count("12500", 4), "13k");
        assert_eq!(chart_count("136", 3), "++");
        assert_eq!(chart_count("4109", 3), "4k");
        assert_eq!(chart_count("12500", 3), "++");
        assert_eq!(chart_count("99", 3), "99");
        assert_eq!(chart_count("123456", 4), "++");
    }
}
