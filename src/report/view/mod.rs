//! The figures as a reader sees them: one [`Report`] built once from [`Figures`] in one
//! language, which decides the sections, their rows, every label (the desk's words, the
//! plan's, or the catalogue's) and every value in words. Three renderers only lay it
//! out: the 集計 tab (for its width), the text of `tsunagu report` and its CSV (one row
//! per figure, zeros included, each row's 区分 and 項目 given here). JSON stays
//! [`Figures`].
//!
//! Labels and notes are kept as recorded; the terminal renderers map them for display
//! ([`crate::text::display`]), the CSV writes them as they are.

mod build;

use crate::domain::{Channel, HandoffStatus};
use crate::i18n::Lang;
use chrono::NaiveDate;

/// The year's figures in the reader's words.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub lang: Lang,
    /// 集計 / Figures.
    pub name: String,
    pub fiscal_year: i32,
    /// 令和8年度 (2026/4-2027/3).
    pub title: String,
    pub as_of: NaiveDate,
    /// The year itself (its number, name, first and last day, the day of the figures):
    /// rows of the CSV; the readable renderings say it in their title line.
    pub about: Vec<Row>,
    /// In this order: the CSV's, and the text's.
    pub sections: Vec<Section>,
}

/// Which part of the figures a section holds (the renderers place each one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Targets,
    Consultations,
    ByMonth,
    ByChannel,
    ByDesk,
    ByDomain,
    ByConcern,
    Handoffs,
    BySection,
    Meetings,
    Shortages,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub part: Part,
    pub title: String,
    /// Column headings, for a section laid out as a table (the targets).
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// Said when no row is shown (なし, no target this year).
    pub empty: String,
    /// Said under the section's total instead of its breakdowns (no consultation).
    pub note: Option<String>,
}

/// What a row is, so a renderer can place it (a total in a heading, a month in a chart).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Item {
    /// A fact of the year (CSV only).
    About,
    Total,
    NewCases,
    Records,
    Complex,
    Target,
    Month {
        year: i32,
        month: u32,
    },
    Channel(Channel),
    /// A desk, domain, concern, section or meeting kind.
    Entry,
    Status(HandoffStatus),
    Median,
    Measured,
    Overdue,
    OverdueRequested,
    Expired,
    CasesDiscussed,
    /// A missing resource recorded at a meeting on that day.
    Shortage(NaiveDate),
}

/// Where the readable renderings show a row (the CSV lists them all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    Always,
    /// Left out when it counts zero (the breakdowns by desk, domain, concern, status).
    IfCounted,
    /// Its figure is already in another row's words (the median's count, the parts
    /// of the overdue hand-offs).
    CsvOnly,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub item: Item,
    pub label: String,
    pub value: Value,
    /// The plan's target (targets only).
    pub target: Option<Value>,
    /// Progress against the target, whole percent (the CSV's 進捗(%)).
    pub progress: Option<u32>,
    /// Share of the whole, whole percent (channels).
    pub share: Option<u32>,
    /// Said when the figure is not measured (targets).
    pub remark: Option<String>,
    /// The row's figure by status or by kind, and their heading when they have one.
    pub sub_title: Option<String>,
    pub sub: Vec<Row>,
    pub show: Show,
    /// The CSV's 区分 and 項目 for this row.
    pub category: String,
    pub csv_item: String,
}

/// A figure: as the CSV holds it and in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub raw: Raw,
    /// 5件, 1.5日 (3件から), データなし, -.
    pub shown: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    Count(u32),
    Days(f64),
    Text(String),
    Missing,
}

impl Raw {
    /// The CSV's value: the bare number (days to 0.1), the text, or nothing.
    pub fn csv(&self) -> String {
        match self {
            Raw::Count(n) => n.to_string(),
            Raw::Days(d) => format!("{d:.1}"),
            Raw::Text(s) => s.clone(),
            Raw::Missing => String::new(),
        }
    }
}

impl Value {
    fn count(n: u32, shown: String) -> Value {
        Value {
            raw: Raw::Count(n),
            shown,
        }
    }
    fn text(s: String) -> Value {
        Value {
            raw: Raw::Text(s.clone()),
            shown: s,
        }
    }
}

impl Row {
    /// A row whose CSV 区分 and 項目 are its section's title and its own label.
    fn new(item: Item, category: &str, label: String, value: Value) -> Row {
        Row {
            item,
            csv_item: label.clone(),
            label,
            value,
            target: None,
            progress: None,
            share: None,
            remark: None,
            sub_title: None,
            sub: Vec::new(),
            show: Show::Always,
            category: category.to_string(),
        }
    }

    fn show(mut self, show: Show) -> Row {
        self.show = show;
        self
    }

    /// Shown by the readable renderings.
    pub fn readable(&self) -> bool {
        match self.show {
            Show::Always => true,
            Show::IfCounted => self.value.raw != Raw::Count(0),
            Show::CsvOnly => false,
        }
    }

    /// Its sub-rows the readable renderings show.
    pub fn readable_sub(&self) -> impl Iterator<Item = &Row> {
        self.sub.iter().filter(|r| r.readable())
    }

    /// "依頼中 2": the label and the value in words.
    pub fn pair(&self) -> String {
        format!("{} {}", self.label, self.value.shown)
    }
}

impl Section {
    fn new(part: Part, title: &str, rows: Vec<Row>) -> Section {
        Section {
            part,
            title: title.to_string(),
            columns: Vec::new(),
            rows,
            empty: String::new(),
            note: None,
        }
    }

    /// The first row of an item.
    pub fn row(&self, item: Item) -> Option<&Row> {
        self.rows.iter().find(|r| r.item == item)
    }

    /// The rows the readable renderings show.
    pub fn readable(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.readable())
    }
}

impl Report {
    /// A section by its part.
    pub fn section(&self, part: Part) -> Option<&Section> {
        self.sections.iter().find(|s| s.part == part)
    }

    /// Every row in the CSV's order: the year's, then each section's, each row before
    /// its sub-rows.
    pub fn rows(&self) -> Vec<&Row> {
        let mut out: Vec<&Row> = self.about.iter().collect();
        for s in &self.sections {
            for r in &s.rows {
                out.push(r);
                out.extend(r.sub.iter());
            }
        }
        out
    }
}
