//! The report's locale formatting in one place (era years, months, days, units), used by
//! [`super::view::Report`] and its renderers so all show the same numbers the same way.
//! ASCII and width-safe only.

use super::HandoffFigures;
use super::words::Word;
use crate::i18n::Lang;

/// `part` of `whole` in whole percent, rounded half up; None when `whole` is 0.
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    if whole == 0 {
        return None;
    }
    let p = (u64::from(part) * 200 + u64::from(whole)) / (2 * u64::from(whole));
    Some(u32::try_from(p).unwrap_or(u32::MAX))
}

/// The fiscal year's name: 令和8年度 (令和元年度, 平成30年度, ...) or FY2026.
pub fn fy_label(fy: i32, lang: Lang) -> String {
    match lang {
        Lang::En => format!("FY{fy}"),
        Lang::Ja => {
            let (era, n) = if fy >= 2019 {
                ("令和", fy - 2018)
            } else if fy >= 1989 {
                ("平成", fy - 1988)
            } else {
                return format!("{fy}年度");
            };
            if n == 1 {
                format!("{era}元年度")
            } else {
                format!("{era}{n}年度")
            }
        }
    }
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

/// Days to one decimal: 1.5日 / 1.5 days.
pub fn days(d: f64, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{d:.1}日"),
        Lang::En => format!("{d:.1} days"),
    }
}

/// Month name for a month number: 4月 / Apr.
pub fn month(m: u32, lang: Lang) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match lang {
        Lang::Ja => format!("{m}月"),
        Lang::En => EN
            .get((m as usize).wrapping_sub(1))
            .map_or_else(|| m.to_string(), |s| (*s).to_string()),
    }
}

/// A month of a year, as the CSV names it: 2026年4月 / 2026-04.
pub fn year_month(year: i32, m: u32, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{year}年{m}月"),
        Lang::En => format!("{year}-{m:02}"),
    }
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

/// "5回" / "5": a number with the target's unit in Japanese.
pub fn with_unit(n: u32, unit: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{n}{unit}"),
        Lang::En => n.to_string(),
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
        assert_eq!(fy_label(2026, Lang::Ja), "令和8年度");
        assert_eq!(fy_label(2019, Lang::Ja), "令和元年度");
        assert_eq!(fy_label(2018, Lang::Ja), "平成30年度");
        assert_eq!(fy_label(1989, Lang::Ja), "平成元年度");
        assert_eq!(fy_label(1988, Lang::Ja), "1988年度");
        assert_eq!(fy_title(2026, Lang::Ja), "令和8年度 (2026/4-2027/3)");
        assert_eq!(percent(2, 5), Some(40));
        assert_eq!(percent(1, 8), Some(13));
        assert_eq!(percent(7, 5), Some(140));
        assert_eq!(percent(1, 0), None);
        assert_eq!(bar(Some(40), 10), "####......");
        assert_eq!(bar(Some(140), 10), "##########");
        assert_eq!(bar(None, 4), "....");
        assert_eq!(month(4, Lang::En), "Apr");
        assert_eq!(month(13, Lang::En), "13");
    }
}
