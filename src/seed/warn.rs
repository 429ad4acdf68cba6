//! Warnings about a valid seed: things that will need the city's attention soon but do
//! not stop the seed from being used (`seed check` prints them and still exits 0).

use super::Loaded;
use crate::calendar::city::coverage;
use crate::i18n::Lang;
use chrono::{Months, NaiveDate};
use std::path::Path;

/// `seed check` warns when the holiday calendar ends within this many months.
pub const CALENDAR_WARN_MONTHS: u32 = 6;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarningKind {
    /// The holidays end on this day, within [`CALENDAR_WARN_MONTHS`] of today.
    CalendarEndsSoon(NaiveDate),
    /// The holidays ended on this day, before today.
    CalendarEnded(NaiveDate),
    /// No holiday at all: no desk date can be projected.
    NoHolidays,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub kind: WarningKind,
}

impl Warning {
    pub fn render(&self, lang: Lang) -> String {
        let msg = match (&self.kind, lang) {
            (WarningKind::CalendarEndsSoon(d), Lang::Ja) => format!(
                "注意: 祝日の登録は {} までです ({CALENDAR_WARN_MONTHS}か月以内)。次の年度の祝日を追加してください (それ以降の相談日は表示されません)",
                d.format("%Y-%m-%d")
            ),
            (WarningKind::CalendarEndsSoon(d), Lang::En) => format!(
                "warning: the holidays end on {} (within {CALENDAR_WARN_MONTHS} months); add the next fiscal year's holidays (no desk date is shown after it)",
                d.format("%Y-%m-%d")
            ),
            (WarningKind::CalendarEnded(d), Lang::Ja) => format!(
                "注意: 祝日の登録は {} で終わっています。祝日を追加してください (相談日は表示されません)",
                d.format("%Y-%m-%d")
            ),
            (WarningKind::CalendarEnded(d), Lang::En) => format!(
                "warning: the holidays ended on {}; add holidays (no desk date is shown)",
                d.format("%Y-%m-%d")
            ),
            (WarningKind::NoHolidays, Lang::Ja) => {
                "注意: 祝日が1件もありません (相談日は表示されません)".to_string()
            }
            (WarningKind::NoHolidays, Lang::En) => {
                "warning: no holidays at all (no desk date is shown)".to_string()
            }
        };
        format!("{}: {msg}", self.file)
    }
}

/// The warnings of a valid seed as of `today`.
pub fn warnings(loaded: &Loaded, today: NaiveDate) -> Vec<Warning> {
    let file = if loaded.origin == "embedded" {
        "seed/calendar.toml".to_string()
    } else {
        Path::new(&loaded.origin)
            .join("calendar.toml")
            .display()
            .to_string()
    };
    let kind = match coverage(&loaded.directory) {
        None => Some(WarningKind::NoHolidays),
        Some((_, until)) if until < today => Some(WarningKind::CalendarEnded(until)),
        Some((_, until)) => today
            .checked_add_months(Months::new(CALENDAR_WARN_MONTHS))
            .filter(|soon| until < *soon)
            .map(|_| WarningKind::CalendarEndsSoon(until)),
    };
    kind.map(|kind| Warning { file, kind }).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_calendar_edge_is_warned_six_months_ahead() {
        let seed = super::super::load_embedded().unwrap();
        // the holidays cover the plan period: to 2029-03-31
        assert!(warnings(&seed, d(2026, 12, 2)).is_empty());
        assert!(warnings(&seed, d(2028, 9, 30)).is_empty());
        let soon = warnings(&seed, d(2028, 10, 1));
        assert_eq!(soon.len(), 1);
        assert_eq!(soon[0].kind, WarningKind::CalendarEndsSoon(d(2029, 3, 31)));
        assert!(soon[0].render(Lang::Ja).starts_with("seed/calendar.toml: 注意: "));
        assert_eq!(
            warnings(&seed, d(2029, 4, 1))[0].kind,
            WarningKind::CalendarEnded(d(2029, 3, 31))
        );
        let mut empty = seed.clone();
        empty.directory.holidays.clear();
        assert_eq!(warnings(&empty, d(2026, 12, 2))[0].kind, WarningKind::NoHolidays);
    }
}
