//! 集計: the year line (fixed), then the targets with progress bars, consultations by
//! month as an ASCII bar chart beside the channel shares, hand-offs by status with the
//! median days to acceptance and the overdue count, meetings by kind and 社会資源の不足;
//! below, by desk, domain, concern and section (scrolled with detail_up/detail_down).
//! ASCII chrome only (`#`, `.`, `-`); record and seed text through [`text::display`].

use super::super::app::App;
use super::super::layout;
use super::super::tabs::ReportTab;
use super::{notice, separator};
use crate::i18n::Label as _;
use crate::i18n::Lang;
use crate::report::fmt::{self, bar, fy_title, meeting_name, month};
use crate::report::words::Word;
use crate::report::{Count, Figures, view};
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
        lines(f, lang, w)
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

/// Everything below the year line.
pub fn lines(f: &Figures, lang: Lang, w: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    targets(f, lang, w, &mut out);
    out.push(Line::from(separator(w)));
    consultations(f, lang, w, &mut out);
    out.push(Line::from(separator(w)));
    handoffs(f, lang, w, &mut out);
    out.push(Line::from(separator(w)));
    meetings(f, lang, w, &mut out);
    out.push(Line::from(separator(w)));
    breakdowns(f, lang, w, &mut out);
    out
}

fn targets(f: &Figures, lang: Lang, w: usize, out: &mut Vec<Line<'static>>) {
    // label | target | actual | 2 | bar | 5 (" 40%"); the bar goes when narrow.
    let bar_w = if w >= 64 { BAR_W } else { 0 };
    // The progress column: the bar and " 40%", or its heading when that is wider.
    let progress_w = (bar_w + 5).max(text::width(Word::Progress.text(lang)));
    let label_w = w.saturating_sub(2 + 2 * NUM_W + 2 + progress_w).max(8);
    out.push(title(
        format!(
            " {}{}{}  {}",
            text::fit(Word::Targets.text(lang), label_w + 1),
            pad_left(Word::Target.text(lang), NUM_W),
            pad_left(Word::Actual.text(lang), NUM_W),
            Word::Progress.text(lang)
        ),
        w,
    ));
    if f.targets.is_empty() {
        out.push(plain(format!("  {}", Word::NoTargets.text(lang)), w));
        return;
    }
    for t in view::targets(f, lang) {
        let (actual, progress) = match t.actual {
            Some(a) => (
                a,
                match t.percent {
                    Some(p) => format!("{}{:>4}%", bar(Some(p), bar_w), p),
                    None => String::new(),
                },
            ),
            None => ("-".into(), Word::NotMeasured.text(lang).to_string()),
        };
        out.push(plain(
            format!(
                "  {}{}{}  {progress}",
                text::fit(&t.label, label_w),
                pad_left(&t.target, NUM_W),
                pad_left(&actual, NUM_W)
            ),
            w,
        ));
    }
}

/// The monthly chart: CHART_ROWS rows of bars, the month row and the count row.
fn chart(f: &Figures, lang: Lang, month_w: usize) -> Vec<String> {
    let months = &f.consultations.by_month;
    let top = months.iter().map(|m| m.count).max().unwrap_or(0).max(1);
    let halves = (CHART_ROWS * 2) as u64;
    // Half-rows of each bar: at least one for a month with any consultation.
    let level: Vec<u64> = months
        .iter()
        .map(|m| {
            let c = u64::from(m.count);
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
    let mut counts = String::from(" ");
    for m in months {
        let name = match lang {
            Lang::En if month_w > 3 => month(m.month, lang),
            _ => m.month.to_string(),
        };
        names.push_str(&pad_left(&name, month_w));
        counts.push_str(&pad_left(&m.count.to_string(), month_w));
    }
    if lang == Lang::Ja {
        names.push('月');
    }
    rows.push(names);
    rows.push(counts);
    rows
}

fn consultations(f: &Figures, lang: Lang, w: usize, out: &mut Vec<Line<'static>>) {
    let c = &f.consultations;
    let right_w = 22;
    let month_w = if w >= 1 + 12 * MONTH_W + 3 + right_w {
        MONTH_W
    } else {
        3
    };
    let left_w = 1 + 12 * month_w + 3;
    let total = format!(
        " {} {}",
        Word::Consultations.text(lang),
        Word::CountUnit.with(lang, c.total)
    );
    let complex = format!(
        "{} {}",
        Word::Complex.text(lang),
        Word::CountUnit.with(lang, c.complex)
    );
    let mut head = format!("{total} ({})  {complex}", Word::ByMonth.text(lang));
    if text::width(&head) > left_w - 2 {
        head = format!("{total}  {complex}");
    }
    if c.total == 0 {
        out.push(title(head, w));
        out.push(plain(format!("  {}", Word::NoConsultations.text(lang)), w));
        return;
    }
    let left = chart(f, lang, month_w);
    let right: Vec<String> = c
        .by_channel
        .iter()
        .map(|ch| {
            let label = ch.channel.label(lang);
            format!(
                "{}{}{}",
                text::fit(label, 10),
                pad_left(&Word::CountUnit.with(lang, ch.count), 7),
                pad_left(&format!("{}%", ch.percent), 5)
            )
        })
        .collect();
    if w >= left_w + right_w {
        out.push(title(
            format!("{}  {}", text::fit(&head, left_w - 2), Word::ByChannel.text(lang)),
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
        out.push(title(format!(" {}", Word::ByChannel.text(lang)), w));
        out.extend(right.into_iter().map(|r| plain(format!("  {r}"), w)));
    }
    // Cases and consultations are counted apart: a 相談記録 is a consultation added to
    // a case, never a new case.
    out.push(plain(
        format!(
            "  {} {}  {} {}",
            Word::NewCases.text(lang),
            Word::CountUnit.with(lang, c.cases),
            Word::Records.text(lang),
            Word::CountUnit.with(lang, c.records)
        ),
        w,
    ));
}

fn handoffs(f: &Figures, lang: Lang, w: usize, out: &mut Vec<Line<'static>>) {
    let h = &f.handoffs;
    let statuses = fmt::statuses(&h.by_status, false, lang);
    out.push(title(
        format!(
            " {} {}   {}",
            Word::Handoffs.text(lang),
            Word::CountUnit.with(lang, h.total),
            statuses.join("  ")
        ),
        w,
    ));
    out.push(plain(
        format!("  {}  {}", Word::MedianDays.text(lang), fmt::median(h, lang)),
        w,
    ));
    out.push(plain(format!("  {}", fmt::overdue(h, lang)), w));
}

fn meetings(f: &Figures, lang: Lang, w: usize, out: &mut Vec<Line<'static>>) {
    let m = &f.meetings;
    let kinds: Vec<String> = m
        .by_kind
        .iter()
        .map(|k| {
            format!(
                "{} {}",
                meeting_name(&k.name, k.confidential, lang),
                Word::TimesUnit.with(lang, k.count)
            )
        })
        .collect();
    out.push(title(
        format!(
            " {} {}   {}",
            Word::Meetings.text(lang),
            Word::TimesUnit.with(lang, m.total),
            kinds.join("  ")
        ),
        w,
    ));
    out.push(plain(
        format!(
            "  {} {}",
            Word::CasesDiscussed.text(lang),
            Word::CountUnit.with(lang, m.cases_discussed)
        ),
        w,
    ));
    out.push(title(
        format!(
            " {} {}",
            Word::Shortages.text(lang),
            Word::CountUnit.with(lang, f.resource_shortages.len())
        ),
        w,
    ));
    for r in &f.resource_shortages {
        out.push(plain(
            format!(
                "  {}  {}  {}",
                r.date.format("%Y/%m/%d"),
                meeting_name(&r.name, r.confidential, lang),
                text::display(&r.note)
            ),
            w,
        ));
    }
}

/// The non-zero entries of a count list, two to a line when they fit.
fn count_list(heading: Word, list: &[Count], lang: Lang, w: usize, out: &mut Vec<Line<'static>>) {
    out.push(title(format!(" {}", heading.text(lang)), w));
    let items: Vec<String> = view::counted(list, lang)
        .iter()
        .map(|c| {
            format!(
                "{}{}",
                text::fit(&c.label, 22),
                pad_left(&Word::CountUnit.with(lang, c.count), 8)
            )
        })
        .collect();
    if items.is_empty() {
        out.push(plain(format!("  {}", Word::Nothing.text(lang)), w));
        return;
    }
    let per_line = if w >= 2 + 2 * 30 + 4 { 2 } else { 1 };
    for chunk in items.chunks(per_line) {
        out.push(plain(format!("  {}", chunk.join("    ")), w));
    }
}

fn breakdowns(f: &Figures, lang: Lang, w: usize, out: &mut Vec<Line<'static>>) {
    let c = &f.consultations;
    count_list(Word::ByDesk, &c.by_desk, lang, w, out);
    count_list(Word::ByDomain, &c.by_domain, lang, w, out);
    count_list(Word::ByConcern, &c.by_concern, lang, w, out);
    out.push(title(
        format!(" {} {}", Word::Handoffs.text(lang), Word::BySection.text(lang)),
        w,
    ));
    if f.handoffs.by_section.is_empty() {
        out.push(plain(format!("  {}", Word::Nothing.text(lang)), w));
    }
    for s in &f.handoffs.by_section {
        let detail = fmt::statuses(&s.by_status, true, lang);
        out.push(plain(
            format!(
                "  {}{}  {}",
                text::fit(&text::display(&s.label), 16),
                pad_left(&Word::CountUnit.with(lang, s.total), 6),
                detail.join("  ")
            ),
            w,
        ));
    }
}
