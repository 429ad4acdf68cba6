//! The city's calendar from the seed: national holidays and the year-end closure.

use super::Closures;
use crate::domain::Directory;
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;

pub struct CityCalendar {
    holidays: HashSet<NaiveDate>,
    /// The fiscal years the seed's holidays cover: first and last day.
    covers: Option<(NaiveDate, NaiveDate)>,
    /// (month, day) from and to; the range wraps over the new year when from > to.
    closure: Option<((u32, u32), (u32, u32))>,
}

fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    Some((m.parse().ok()?, d.parse().ok()?))
}

/// The fiscal year (April to March) a date falls in, named by the year it starts in.
fn fiscal_year(d: NaiveDate) -> i32 {
    if d.month() >= 4 { d.year() } else { d.year() - 1 }
}

/// The first and last day of the fiscal years the seed's holidays cover (from the
/// fiscal year of the first holiday to that of the last). None: no holidays at all.
pub fn coverage(dir: &Directory) -> Option<(NaiveDate, NaiveDate)> {
    let dates = dir
        .holidays
        .iter()
        .filter_map(|h| NaiveDate::parse_from_str(&h.date, "%Y-%m-%d").ok());
    let (lo, hi) = dates.fold(None, |acc: Option<(NaiveDate, NaiveDate)>, d| match acc {
        None => Some((d, d)),
        Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
    })?;
    let from = NaiveDate::from_ymd_opt(fiscal_year(lo), 4, 1)?;
    let to = NaiveDate::from_ymd_opt(fiscal_year(hi).checked_add(1)?, 3, 31)?;
    Some((from, to))
}

impl CityCalendar {
    /// Is the date in the years the seed's holidays cover? Outside them the city's
    /// closed days are not known, and no desk date is projected there.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.covers.is_some_and(|(from, to)| from <= date && date <= to)
    }

    /// The last day the seed's holidays cover.
    pub fn covered_until(&self) -> Option<NaiveDate> {
        self.covers.map(|(_, to)| to)
    }

    pub fn from_directory(dir: &Directory) -> CityCalendar {
        CityCalendar {
            covers: coverage(dir),
            holidays: dir
                .holidays
                .iter()
                .filter_map(|h| NaiveDate::parse_from_str(&h.date, "%Y-%m-%d").ok())
                .collect(),
            closure: dir
                .closure
                .as_ref()
                .and_then(|c| Some((month_day(&c.from)?, month_day(&c.to)?))),
        }
    }

    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains(&date)
    }

    pub fn in_closure(&self, date: NaiveDate) -> bool {
        let Some((from, to)) = self.closure else {
            return super::is_year_end(date);
        };
        let md = (date.month(), date.day());
        if from <= to {
            from <= md && md <= to
        } else {
            md >= from || md <= to
        }
    }
}

impl Closures for CityCalendar {
    fn is_closed(&self, date: NaiveDate) -> bool {
        self.is_holiday(date) || self.in_closure(date)
    }
}
