//! Small formatting of the report, used by [`super::view::Report`] and its renderers so
//! all show the same numbers the same way (the locale formatting itself, era years,
//! months, days and units, is in [`crate::i18n`]). ASCII and width-safe only.

use super::HandoffFigures;
use super::words::Word;
use crate::i18n::{Lang, days, fy_label, month};

/// `part` of `whole` in whole percent, rounded half up; None when `whole` is 0.
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    if whole == 0 {
        return None;
    }
    let p = (u64::from(part) * 200 + u64::from(whole)) / (2 * u64::from(whole));
    Some(u32::try_from(p).unwrap_or(u32::MAX))
}

/// The western span of a fiscal year: 2026/4-2027/3.
pub fn fy_span(fy: i32) -> String {
    format!("{fy}/4-{}/3", fy.saturating_add(1))
}

/// 令和8年度 (2026/4-2027/3) or FY2026 (2026/4-2027/3).
pub fn fy_title(fy: i32, lang: Lang) -> String {
    format!("{} ({})", fy_label(fy, lang), fy_span(fy))
}

/// A progress bar of `cells` cells: `#` done, `.` to go; full at 100 % or more.
pub fn bar(percent: Option<u32>, cells: usize) -> String {
    let p = percent.unwrap_or(0).min(100) as usize;
    let done = (p * cells + 50) / 100;
    format!("{}{}", "#".repeat(done), ".".repeat(cells - done))
}

/// A month under the chart's bar, `cells` wide: its number (the row ends with
/// [`Word::ChartMonths`]), or its name in English when four cells leave room.
pub fn chart_month(m: u32, lang: Lang, cells: usize) -> String {
    if lang == Lang::En && cells > 3 {
        month(m, lang)
    } else {
        m.to_string()
    }
}

/// A meeting's name, marked when confidential (as recorded: the terminal renderers map
/// it for display).
pub fn meeting_name(name: &str, confidential: bool, lang: Lang) -> String {
    if confidential {
        format!("{name} ({})", Word::Confidential.text(lang))
    } else {
        name.to_string()
    }
}

/// The median days to acceptance with how many were measured, or that there is no data.
pub fn median(h: &HandoffFigures, lang: Lang) -> String {
    match h.median_days_to_accept {
        Some(d) => format!(
            "{} ({})",
            days(d, lang),
            Word::Measured.with(lang, h.accepted_measured)
        ),
        None => Word::NoData.text(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_percent_and_bars() {
        assert_eq!(fy_title(2026, Lang::Ja), "令和8年度 (2026/4-2027/3)");
        assert_eq!(percent(2, 5), Some(40));
        assert_eq!(percent(1, 8), Some(13));
        assert_eq!(percent(7, 5), Some(140));
        assert_eq!(percent(1, 0), None);
        assert_eq!(bar(Some(40), 10), "####......");
        assert_eq!(bar(Some(140), 10), "##########");
        assert_eq!(bar(None, 4), "....");
        assert_eq!(chart_month(4, Lang::En, 4), "Apr");
        assert_eq!(chart_month(4, Lang::En, 3), "4");
    }
}
