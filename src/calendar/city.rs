//! The city's calendar from the seed: national holidays and the year-end closure.

use super::Closures;
use crate::domain::Directory;
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;

pub struct CityCalendar {
    holidays: HashSet<NaiveDate>,
    /// (month, day) from and to; the range wraps over the new year when from > to.
    closure: Option<((u32, u32), (u32, u32))>,
}

fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    Some((m.parse().ok()?, d.parse().ok()?))
}

impl CityCalendar {
    pub fn from_directory(dir: &Directory) -> CityCalendar {
        CityCalendar {
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
