//! What the 案件 list shows: the view (全件 / 受信箱) and its filters.

use super::words::Word;
use crate::domain::{HandoffStatus, fiscal_year};
use crate::i18n::Label as _;
use crate::i18n::Lang;
use chrono::{Datelike, Duration, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum View {
    /// Every case, newest first.
    #[default]
    All,
    /// The hand-offs sent to one section.
    Inbox,
}

impl View {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            View::All => Word::ViewAll.text(lang),
            View::Inbox => Word::ViewInbox.text(lang),
        }
    }
}

/// Received-date window of the 全件 view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Period {
    Today,
    Week,
    Month,
    /// April to March (令和 fiscal year).
    #[default]
    FiscalYear,
    All,
}

impl Period {
    pub const ALL: [Period; 5] = [
        Period::Today,
        Period::Week,
        Period::Month,
        Period::FiscalYear,
        Period::All,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Period::Today => Word::PeriodToday.text(lang),
            Period::Week => Word::PeriodWeek.text(lang),
            Period::Month => Word::PeriodMonth.text(lang),
            Period::FiscalYear => Word::PeriodFiscalYear.text(lang),
            Period::All => Word::PeriodAll.text(lang),
        }
    }

    pub fn next(self) -> Period {
        // The one after self in ALL, the first after the last.
        Period::ALL
            .iter()
            .chain(Period::ALL.first())
            .skip_while(|p| **p != self)
            .nth(1)
            .copied()
            .unwrap_or(self)
    }

    /// The inclusive date range (either end open) for `today`.
    pub fn range(self, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match self {
            Period::Today => (Some(today), Some(today)),
            Period::Week => (Some(today - Duration::days(6)), Some(today)),
            Period::Month => (today.with_day(1), Some(today)),
            Period::FiscalYear => {
                let fy = fiscal_year(today);
                (
                    NaiveDate::from_ymd_opt(fy, 4, 1),
                    NaiveDate::from_ymd_opt(fy + 1, 3, 31),
                )
            }
            Period::All => (None, None),
        }
    }
}

/// 全て, 依頼中, 受理, 完了, 差戻し, 期限切れ, then 全て again.
pub fn next_status(s: Option<HandoffStatus>) -> Option<HandoffStatus> {
    match s {
        None => HandoffStatus::ALL.first().copied(),
        Some(s) => {
            let i = HandoffStatus::ALL.iter().position(|x| *x == s).unwrap_or(0);
            HandoffStatus::ALL.get(i + 1).copied()
        }
    }
}

pub fn status_label(s: HandoffStatus, lang: Lang) -> &'static str {
    s.label(lang)
}

pub fn status_filter_label(s: Option<HandoffStatus>, lang: Lang) -> &'static str {
    match s {
        None => Word::StatusAll.text(lang),
        Some(s) => status_label(s, lang),
    }
}

/// The next of `options` after `current` (None = all), wrapping to None.
pub fn next_desk(current: Option<&str>, options: &[String]) -> Option<String> {
    match current {
        None => options.first().cloned(),
        Some(c) => match options.iter().position(|o| o == c) {
            Some(i) => options.get(i + 1).cloned(),
            None => options.first().cloned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_wrap_and_ranges_follow_the_fiscal_year() {
        let mut s = None;
        let mut seen = vec![];
        for _ in 0..6 {
            s = next_status(s);
            seen.push(s);
        }
        assert_eq!(seen.last(), Some(&None));
        assert_eq!(seen.iter().flatten().count(), 5);
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            Period::FiscalYear.range(d(2027, 2, 1)),
            (Some(d(2026, 4, 1)), Some(d(2027, 3, 31)))
        );
        assert_eq!(
            Period::Week.range(d(2026, 11, 26)),
            (Some(d(2026, 11, 20)), Some(d(2026, 11, 26)))
        );
        assert_eq!(Period::All.next(), Period::Today);
        // Each in turn, in the order of ALL, and back to the first.
        let mut p = Period::ALL[0];
        for expected in Period::ALL.iter().cycle().skip(1).take(Period::ALL.len()) {
            p = p.next();
            assert_eq!(p, *expected);
        }
        let desks = vec!["a".to_string(), "b".to_string()];
        assert_eq!(next_desk(None, &desks).as_deref(), Some("a"));
        assert_eq!(next_desk(Some("b"), &desks), None);
        assert_eq!(next_desk(Some("gone"), &desks).as_deref(), Some("a"));
    }
}
