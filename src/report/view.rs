//! The figures as a reader sees them: each row's label resolved (the desk's words or the
//! plan's, through the display mapper) and its values in words. The 集計 tab and the
//! text of `tsunagu report` both read these rows and only lay them out, each for its
//! width; the CSV keeps the raw figures (one row per item, zeros included).

use super::words::{count_label, indicator, with_unit};
use super::{Count, Figures};
use crate::i18n::Lang;
use crate::text::display;

/// A target of the plan against this year's figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetRow {
    pub label: String,
    /// The target with its unit ("5回").
    pub target: String,
    /// The actual figure with its unit; None when it is not measured.
    pub actual: Option<String>,
    /// Progress in whole percent, when the target is measured and not zero.
    pub percent: Option<u32>,
}

pub fn targets(f: &Figures, lang: Lang) -> Vec<TargetRow> {
    f.targets
        .iter()
        .map(|t| {
            let unit = display(&t.unit);
            TargetRow {
                label: display(&indicator(&t.id, &t.indicator, lang)),
                target: with_unit(t.target, &unit, lang),
                actual: t.actual.map(|a| with_unit(a, &unit, lang)),
                percent: t.progress_percent,
            }
        })
        .collect()
}

/// One line of a breakdown (by desk, domain, concern).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountRow {
    pub label: String,
    pub count: u32,
}

/// The entries of a breakdown that have a count, in their order.
pub fn counted(list: &[Count], lang: Lang) -> Vec<CountRow> {
    list.iter()
        .filter(|c| c.count > 0)
        .map(|c| CountRow {
            label: display(&count_label(&c.id, &c.label, lang)),
            count: c.count,
        })
        .collect()
}
