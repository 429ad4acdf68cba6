//! `tsunagu report`: the year's figures ([`crate::report::Figures`]) as readable text,
//! as CSV for Excel, or as JSON.
//!
//! The CSV is one long table (区分,項目,値,目標,進捗(%)) made to open cleanly in Excel on
//! a Japanese Windows PC: UTF-8 with a byte-order mark (without it Excel reads Shift_JIS),
//! CRLF line endings, fields holding a comma, quote or line break quoted (quotes doubled),
//! and text that Excel would take for a formula (= + - @ at the start) prefixed with `'`.
//! The text output is at most 80 cells a line for the Japanese labels, ASCII chrome only.

use crate::i18n::Lang;
use crate::report::Figures;
use crate::report::fmt::bar;
use crate::report::view::{Item, Part, Report, Row, Section};
use crate::report::words::Word;
use crate::text::{display, fit, pad_left};
use std::io::{self, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Csv,
    Json,
}

impl Format {
    /// `text`, `csv` or `json` (any case); None otherwise.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Some(Format::Text),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Print the figures in a format. JSON is the same in both languages.
pub fn print(out: &mut dyn Write, f: &Figures, format: Format, lang: Lang) -> io::Result<()> {
    match format {
        Format::Text => print_text(out, f, lang),
        Format::Csv => print_csv(out, f, lang),
        Format::Json => print_json(out, f),
    }
}

pub fn print_json(out: &mut dyn Write, f: &Figures) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, f).map_err(io::Error::other)?;
    writeln!(out)
}

// ---- text ---------------------------------------------------------------------------

/// A label column of `cells` cells then a right-aligned value.
fn row(indent: usize, label: &str, cells: usize, value: &str) -> String {
    format!(
        "{:indent$}{}{}",
        "",
        fit(&display(label), cells),
        pad_left(&display(value), 6)
    )
}

/// "合計 5件": a row's label and value, mapped for display; nothing without the row.
fn pair(r: Option<&Row>) -> String {
    r.map(|r| display(&r.pair())).unwrap_or_default()
}

/// A blank line, then "相談受付  合計 5件   複合課題 (市の目安) 1件": the section's title,
/// its total and one more of its figures.
fn headline(out: &mut dyn Write, s: &Section, second: Item) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}  {}   {}",
        s.title,
        pair(s.row(Item::Total)),
        pair(s.row(second))
    )
}

pub fn print_text(out: &mut dyn Write, f: &Figures, lang: Lang) -> io::Result<()> {
    write_text(out, &Report::new(f, lang))
}

/// The report as text: each section in the model's order, at most 80 cells a line.
pub fn write_text(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    let as_of = Word::AsOf.with(r.lang, r.as_of.format("%Y-%m-%d"));
    writeln!(out, "{}  {}  {as_of}", r.name, r.title)?;
    for s in &r.sections {
        match s.part {
            Part::Targets => {
                writeln!(out)?;
                targets(out, s)?;
            }
            Part::Consultations => {
                headline(out, s, Item::Complex)?;
                // Cases and consultations apart: a 相談記録 is a consultation, never a
                // new case.
                writeln!(
                    out,
                    "  {}  {}",
                    pair(s.row(Item::NewCases)),
                    pair(s.row(Item::Records))
                )?;
                if let Some(note) = &s.note {
                    writeln!(out, "  {note}")?;
                }
            }
            Part::ByMonth => {
                let mut months = format!("  {}", fit(&s.title, 8));
                let mut values = format!("  {}", fit("", 8));
                for m in &s.rows {
                    months.push_str(&pad_left(&m.label, 5));
                    values.push_str(&pad_left(&m.value.shown, 5));
                }
                writeln!(out, "{months}")?;
                writeln!(out, "{values}")?;
            }
            Part::ByChannel => {
                writeln!(out, "  {}", s.title)?;
                for ch in s.readable() {
                    let share = ch.share.map(|p| format!("  {p:>3}%")).unwrap_or_default();
                    writeln!(out, "{}{share}", row(4, &ch.label, 24, &ch.value.shown))?;
                }
            }
            Part::ByDesk | Part::ByDomain | Part::ByConcern => {
                writeln!(out, "  {}", s.title)?;
                list(out, s, 24, "")?;
            }
            Part::Handoffs => {
                writeln!(out)?;
                let total = s.row(Item::Total);
                writeln!(out, "{}  {}", s.title, pair(total))?;
                for r in s.readable() {
                    if r.item == Item::Total {
                        let subs: Vec<String> = r.readable_sub().map(|x| display(&x.pair())).collect();
                        let head = r.sub_title.as_deref().unwrap_or_default();
                        writeln!(out, "  {head}  {}", subs.join("  "))?;
                    } else {
                        writeln!(out, "  {}  {}", r.label, r.value.shown)?;
                    }
                }
            }
            Part::BySection => {
                writeln!(out, "  {}", s.title)?;
                list(out, s, 16, "  ")?;
            }
            Part::Meetings => {
                headline(out, s, Item::CasesDiscussed)?;
                for k in s.row(Item::Total).iter().flat_map(|t| t.readable_sub()) {
                    writeln!(out, "{}", row(4, &k.label, 24, &k.value.shown))?;
                }
            }
            Part::Shortages => {
                writeln!(out)?;
                let total = s.row(Item::Total).map(|t| t.value.shown.as_str());
                writeln!(out, "{}  {}", s.title, total.unwrap_or_default())?;
                for r in s.readable() {
                    if let Item::Shortage(date) = r.item {
                        writeln!(
                            out,
                            "    {}  {}  {}",
                            date.format("%Y-%m-%d"),
                            display(&r.label),
                            display(&r.value.shown)
                        )?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn targets(out: &mut dyn Write, s: &Section) -> io::Result<()> {
    writeln!(out, "{}", s.title)?;
    if s.rows.is_empty() {
        return writeln!(out, "  {}", s.empty);
    }
    let col = |i: usize| s.columns.get(i).map_or("", String::as_str);
    writeln!(
        out,
        "  {}{}{}  {}",
        fit(col(0), 36),
        pad_left(col(1), 7),
        pad_left(col(2), 7),
        col(3)
    )?;
    for t in s.readable() {
        let progress = match (&t.remark, t.progress) {
            (Some(remark), _) => remark.clone(),
            (None, Some(p)) => format!("{}  {p:>3}%", bar(Some(p), 10)),
            (None, None) => String::new(),
        };
        let target = t.target.as_ref().map_or("", |v| v.shown.as_str());
        writeln!(
            out,
            "  {}{}{}  {progress}",
            fit(&display(&t.label), 36),
            pad_left(&display(target), 7),
            pad_left(&display(&t.value.shown), 7)
        )?;
    }
    Ok(())
}

/// A section's entries with a count, one a line (their counted sub-rows after them).
fn list(out: &mut dyn Write, s: &Section, cells: usize, gap: &str) -> io::Result<()> {
    let mut any = false;
    for r in s.readable() {
        any = true;
        let subs: Vec<String> = r.readable_sub().map(|x| display(&x.pair())).collect();
        let line = row(4, &r.label, cells, &r.value.shown);
        writeln!(out, "{line}{gap}{}", subs.join("  "))?;
    }
    if !any {
        writeln!(out, "    {}", s.empty)?;
    }
    Ok(())
}

// ---- CSV ----------------------------------------------------------------------------

/// One CSV field: quoted when it holds a comma, quote or line break; text Excel would
/// read as a formula gets a leading `'`.
pub fn csv_field(s: &str) -> String {
    // Control characters other than line breaks and tabs have no place in a cell.
    let s: String = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .collect();
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn print_csv(out: &mut dyn Write, f: &Figures, lang: Lang) -> io::Result<()> {
    write_csv(out, &Report::new(f, lang))
}

/// The report as one long table: every row of the model (zeros included), its 区分 and
/// 項目 as the model gives them, the raw value, the target and the progress.
pub fn write_csv(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let head = [
        Word::CsvCategory,
        Word::CsvItem,
        Word::CsvValue,
        Word::Target,
        Word::CsvProgress,
    ]
    .map(|w| w.text(r.lang).to_string());
    csv_row(out, &head)?;
    for row in r.rows() {
        csv_row(
            out,
            &[
                row.category.clone(),
                row.csv_item.clone(),
                row.value.raw.csv(),
                row.target.as_ref().map(|t| t.raw.csv()).unwrap_or_default(),
                row.progress.map(|p| p.to_string()).unwrap_or_default(),
            ],
        )?;
    }
    Ok(())
}

fn csv_row(out: &mut dyn Write, fields: &[String]) -> io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    write!(out, "{}\r\n", line.join(","))
}
