//! Where each part of the screen goes, from the terminal's size alone: the draws place
//! their widgets in these areas, and the updates take page sizes and scroll limits from
//! the same functions with the last known size, so a draw never reports what it measured.

use ratatui::layout::{Constraint, Layout, Position, Rect, Size};

/// Smallest area the layout is drawn for; below it, a one-line notice.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// The four bands of every screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Screen {
    /// Tabs, desk, date and time.
    pub top: Rect,
    /// What the tab shows.
    pub body: Rect,
    /// Saved, warnings, errors.
    pub message: Rect,
    /// The key hints of the keymap in effect.
    pub hints: Rect,
}

pub fn screen(area: Rect) -> Screen {
    let [top, body, message, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Screen {
        top,
        body,
        message,
        hints,
    }
}

/// The body of a terminal of `size`.
pub fn body(size: Size) -> Rect {
    screen(Rect::from((Position::ORIGIN, size))).body
}

/// 検索: the query line, the results between two rules, the list beside the detail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Search {
    pub query: Rect,
    pub rule_top: Rect,
    /// Between the rules: the list, the bar and the detail (or the detail alone).
    pub inner: Rect,
    pub rule_bottom: Rect,
    pub list: Rect,
    pub bar: Rect,
    pub detail: Rect,
    /// The detail over the whole width (Enter), under a one-cell margin.
    pub expanded: Rect,
}

pub fn search(body: Rect) -> Search {
    let [query, rule_top, inner, rule_bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(body);
    let list_w = (inner.width * 45 / 100).max(20);
    let [list, bar, _, detail] = Layout::horizontal([
        Constraint::Length(list_w),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let [_, expanded] = Layout::horizontal([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    Search {
        query,
        rule_top,
        inner,
        rule_bottom,
        list,
        bar,
        detail,
        expanded,
    }
}

/// 受付: the header's rows of fields (as many as its fields need at this width), a rule, the form beside the suggestions (or the dialog, or
/// the check-list), and the status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Intake {
    pub fields: Rect,
    pub rule: Rect,
    pub left: Rect,
    pub bar: Rect,
    pub right: Rect,
    pub status: Rect,
}

pub fn intake(body: Rect, header_rows: u16) -> Intake {
    let [fields, rule, inner, status] = Layout::vertical([
        Constraint::Length(header_rows),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(body);
    let left_w = (body.width / 2).max(30).min(body.width.saturating_sub(20));
    let [left, bar, _, right] = Layout::horizontal([
        Constraint::Length(left_w),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    Intake {
        fields,
        rule,
        left,
        bar,
        right,
        status,
    }
}

/// 案件 as a list: the header, the list, a rule, the timeline's title, the timeline and
/// the bottom line. The list takes the rows it needs (at least 3, at most half the room).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseList {
    pub header: Rect,
    pub list: Rect,
    pub rule: Rect,
    pub title: Rect,
    pub timeline: Rect,
    pub bottom: Rect,
}

pub fn case_list(body: Rect, rows: usize) -> CaseList {
    let avail = body.height.saturating_sub(4);
    let n = u16::try_from(rows).unwrap_or(u16::MAX);
    let list_h = n.max(3).min((avail / 2).max(1)).min(avail);
    let [header, list, rule, title, timeline, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(list_h),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(body);
    CaseList {
        header,
        list,
        rule,
        title,
        timeline,
        bottom,
    }
}

/// 案件's detail or slip over the whole body (also 集計's year over its figures): a
/// title, a rule, the content, a rule with the position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub title: Rect,
    pub rule: Rect,
    pub content: Rect,
    pub bottom: Rect,
}

pub fn page(body: Rect) -> Page {
    let [title, rule, content, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(body);
    Page {
        title,
        rule,
        content,
        bottom,
    }
}

/// 集計: the year line, fixed above the scrolled figures.
pub fn report(body: Rect) -> (Rect, Rect) {
    let [year, content] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
    (year, content)
}

/// The help over the body: its title line above the scrolled keys.
pub fn help(body: Rect) -> (Rect, Rect) {
    let [title, content] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
    (title, content)
}

/// The largest useful scroll of `lines` lines in `rows` rows.
pub fn max_scroll(lines: usize, rows: u16) -> u16 {
    u16::try_from(lines).unwrap_or(u16::MAX).saturating_sub(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_80x24_the_bands_and_panes_are_where_they_were() {
        let s = screen(Rect::new(0, 0, 80, 24));
        assert_eq!(s.top, Rect::new(0, 0, 80, 1));
        assert_eq!(s.body, Rect::new(0, 1, 80, 21));
        assert_eq!(s.message, Rect::new(0, 22, 80, 1));
        assert_eq!(s.hints, Rect::new(0, 23, 80, 1));
        let q = search(s.body);
        assert_eq!(q.inner, Rect::new(0, 3, 80, 18));
        assert_eq!(q.rule_bottom, Rect::new(0, 21, 80, 1));
        assert_eq!(q.list, Rect::new(0, 3, 36, 18));
        assert_eq!(q.bar, Rect::new(36, 3, 2, 18));
        assert_eq!(q.detail, Rect::new(39, 3, 41, 18));
        assert_eq!(q.expanded, Rect::new(1, 3, 79, 18));
        let c = case_list(s.body, 2);
        assert_eq!((c.list.y, c.list.height), (2, 3));
        assert_eq!((c.timeline.y, c.timeline.height), (7, 14));
        assert_eq!(c.bottom.y, 21);
        let c = case_list(s.body, 40);
        assert_eq!(c.list.height, 8);
        let p = page(s.body);
        assert_eq!((p.content.y, p.content.height, p.bottom.y), (3, 18, 21));
        assert_eq!(body(Size::new(80, 24)), s.body);
        let i = intake(s.body, 2);
        assert_eq!(i.fields, Rect::new(0, 1, 80, 2));
        assert_eq!(i.left, Rect::new(0, 4, 40, 17));
        assert_eq!(i.bar, Rect::new(40, 4, 1, 17));
        assert_eq!(i.right, Rect::new(42, 4, 38, 17));
        assert_eq!(i.status, Rect::new(0, 21, 80, 1));
    }

    #[test]
    fn the_smallest_screen_still_adds_up() {
        let s = screen(Rect::new(0, 0, MIN_WIDTH, MIN_HEIGHT));
        assert_eq!(s.body.height, MIN_HEIGHT - 3);
        let c = case_list(s.body, 0);
        assert_eq!(c.bottom.y, s.body.bottom() - 1);
        assert_eq!(c.list.height + c.timeline.height, s.body.height - 4);
        assert_eq!(max_scroll(10, 4), 6);
        assert_eq!(max_scroll(3, 4), 0);
    }
}
