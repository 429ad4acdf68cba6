//! Scheduled desks: the next session dates of a recurring desk (every Tuesday, the 2nd
//! and 4th Friday, ...), skipping days the city is closed.

pub mod city;

pub use city::CityCalendar;

use crate::domain::Schedule;
use chrono::{Datelike, NaiveDate};

/// Days the desk cannot be held.
pub trait Closures {
    fn is_closed(&self, date: NaiveDate) -> bool;
}

/// The city's year-end closure (12/29 to 1/3) only.
pub struct YearEnd;

impl Closures for YearEnd {
    fn is_closed(&self, date: NaiveDate) -> bool {
        is_year_end(date)
    }
}

pub fn is_year_end(date: NaiveDate) -> bool {
    (date.month() == 12 && date.day() >= 29) || (date.month() == 1 && date.day() <= 3)
}

/// Which occurrence of its weekday in the month a date is (1 = first).
pub fn week_of_month(date: NaiveDate) -> u8 {
    ((date.day() - 1) / 7 + 1) as u8
}

/// Does the schedule fall on this date (ignoring closures)?
pub fn occurs_on(s: &Schedule, date: NaiveDate) -> bool {
    date.weekday() == s.weekday.to_chrono() && (s.weeks.is_empty() || s.weeks.contains(&week_of_month(date)))
}

/// The next `n` session dates on or after `from`, skipping closed days. Looks at most two
/// years ahead, so a schedule that never occurs gives fewer dates, not a hang.
pub fn next_dates(s: &Schedule, from: NaiveDate, n: usize, closed: &dyn Closures) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = from;
    for _ in 0..731 {
        if out.len() >= n {
            break;
        }
        if occurs_on(s, d) && !closed.is_closed(d) {
            out.push(d);
        }
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

/// Like [`next_dates`] with the city's calendar, keeping only dates in the years the
/// seed's holidays cover: outside them a date may be an unknown holiday. The flag is
/// true when dates were left out for that reason.
pub fn next_dates_covered(
    s: &Schedule,
    from: NaiveDate,
    n: usize,
    cal: &CityCalendar,
) -> (Vec<NaiveDate>, bool) {
    let all = next_dates(s, from, n, cal);
    let total = all.len();
    let kept: Vec<NaiveDate> = all.into_iter().filter(|d| cal.covers(*d)).collect();
    let cut = kept.len() < total;
    (kept, cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Weekday;

    fn sched(weekday: Weekday, weeks: &[u8]) -> Schedule {
        Schedule {
            id: "t".into(),
            program: "tabunka".into(),
            language: "en".into(),
            label: "英語".into(),
            weekday,
            weeks: weeks.to_vec(),
            reservation_required: false,
            source: "3(1)".into(),
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn second_and_fourth_friday() {
        let got = next_dates(&sched(Weekday::Fri, &[2, 4]), d(2026, 11, 26), 3, &YearEnd);
        // 11/27 is the 4th Friday of November; 1/8 the 2nd of January
        assert_eq!(got, vec![d(2026, 11, 27), d(2026, 12, 11), d(2026, 12, 25)]);
        let jan = next_dates(&sched(Weekday::Fri, &[2, 4]), d(2026, 12, 26), 1, &YearEnd);
        assert_eq!(jan, vec![d(2027, 1, 8)]);
    }

    #[test]
    fn weekly_skips_year_end() {
        // Tuesdays: 12/29 is closed, 1/5 is open
        let got = next_dates(&sched(Weekday::Tue, &[]), d(2026, 12, 23), 2, &YearEnd);
        assert_eq!(got, vec![d(2027, 1, 5), d(2027, 1, 12)]);
    }

    #[test]
    fn first_thursday() {
        let got = next_dates(&sched(Weekday::Thu, &[1]), d(2026, 11, 26), 2, &YearEnd);
        assert_eq!(got, vec![d(2026, 12, 3), d(2027, 1, 7)]);
    }
}
