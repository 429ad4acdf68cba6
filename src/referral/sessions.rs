//! The next dates of the language desks an intake needs, within the years the seed's
//! holiday calendar covers.

use super::advice::{CalendarGap, NextSession};
use super::conditions::is_foreign;
use crate::calendar::{self, CityCalendar};
use crate::domain::{Directory, Intake};
use chrono::NaiveDate;

/// How many upcoming sessions of a language desk are listed.
const NEXT_SESSIONS: usize = 4;

/// The note when dates were left out: beyond the calendar a date may be a holiday the
/// seed does not know yet.
pub fn gap(cal: &CityCalendar) -> CalendarGap {
    let until = cal.covered_until();
    let message = match until {
        Some(d) => format!(
            "休日カレンダー (calendar.toml) は {} まで: それ以降の祝日がまだシードにないため、相談日は表示しません",
            d.format("%Y-%m-%d")
        ),
        None => "休日カレンダー (calendar.toml) に祝日がないため、相談日は表示しません".to_string(),
    };
    CalendarGap {
        calendar_until: until.map(|d| d.format("%Y-%m-%d").to_string()),
        message,
    }
}

pub fn next_sessions(
    dir: &Directory,
    intake: &Intake,
    today: NaiveDate,
) -> (Vec<NextSession>, Option<CalendarGap>) {
    let Some(lang) = intake.language.as_deref().filter(|_| is_foreign(intake)) else {
        return (Vec::new(), None);
    };
    let cal = CityCalendar::from_directory(dir);
    let mut cut = false;
    let mut out: Vec<NextSession> = Vec::new();
    for s in dir.schedules.iter().filter(|s| s.language == lang) {
        let service = dir
            .program(&s.program)
            .map(|p| p.service.clone())
            .unwrap_or_default();
        let (dates, short) = calendar::next_dates_covered(s, today, NEXT_SESSIONS, &cal);
        cut |= short;
        out.extend(dates.into_iter().map(|d| NextSession {
            program: service.clone(),
            language: s.language.clone(),
            label: s.label.clone(),
            date: d.format("%Y-%m-%d").to_string(),
            reservation_required: s.reservation_required,
        }));
    }
    out.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.reservation_required.cmp(&b.reservation_required))
    });
    out.dedup_by(|a, b| a.date == b.date && a.language == b.language);
    // Only a cut that shortened the list matters (a later schedule's cut dates would
    // have been truncated anyway).
    let gap = (cut && out.len() < NEXT_SESSIONS).then(|| gap(&cal));
    out.truncate(NEXT_SESSIONS);
    (out, gap)
}
