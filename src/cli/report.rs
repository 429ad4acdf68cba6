//! `tsunagu report`: the year's figures ([`crate::report::Figures`]) as readable text,
//! as CSV for Excel, or as JSON.
//!
//! The CSV is one long table (区分,項目,値,目標,進捗(%)) made to open cleanly in Excel on
//! a Japanese Windows PC: UTF-8 with a byte-order mark (without it Excel reads Shift_JIS),
//! CRLF line endings, fields holding a comma, quote or line break quoted (quotes doubled),
//! and text that Excel would take for a formula (= + - @ at the start) prefixed with `'`.
//! The text output is at most 80 cells a line for the Japanese labels, ASCII chrome only.

use crate::i18n::Label as _;
use crate::i18n::Lang;
use crate::report::fmt::{self, bar, fy_label, fy_title, meeting_name, month};
use crate::report::words::{Word, count_label, indicator};
use crate::report::{Count, Figures, view};
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

/// A label column of `cells` cells then a right-aligned number.
fn row(indent: usize, label: &str, cells: usize, value: &str) -> String {
    format!("{:indent$}{}{}", "", fit(label, cells), pad_left(value, 6))
}

fn counts(out: &mut dyn Write, title: Word, list: &[Count], unit: Word, lang: Lang) -> io::Result<()> {
    writeln!(out, "  {}", title.text(lang))?;
    let shown = view::counted(list, lang);
    if shown.is_empty() {
        return writeln!(out, "    {}", Word::Nothing.text(lang));
    }
    for c in shown {
        writeln!(out, "{}", row(4, &c.label, 24, &unit.with(lang, c.count)))?;
    }
    Ok(())
}

pub fn print_text(out: &mut dyn Write, f: &Figures, lang: Lang) -> io::Result<()> {
    let as_of = Word::AsOf.with(lang, f.as_of.format("%Y-%m-%d"));
    writeln!(
        out,
        "{}  {}  {as_of}",
        Word::Title.text(lang),
        fy_title(f.fiscal_year, lang)
    )?;
    writeln!(out)?;

    // Targets.
    writeln!(out, "{}", Word::Targets.text(lang))?;
    if f.targets.is_empty() {
        writeln!(out, "  {}", Word::NoTargets.text(lang))?;
    } else {
        writeln!(
            out,
            "  {}{}{}  {}",
            fit(Word::Indicator.text(lang), 36),
            pad_left(Word::Target.text(lang), 7),
            pad_left(Word::Actual.text(lang), 7),
            Word::Progress.text(lang)
        )?;
        for t in view::targets(f, lang) {
            let (actual, progress) = match t.actual {
                Some(a) => (
                    a,
                    match t.percent {
                        Some(p) => format!("{}  {p:>3}%", bar(Some(p), 10)),
                        None => String::new(),
                    },
                ),
                None => ("-".to_string(), Word::NotMeasured.text(lang).to_string()),
            };
            writeln!(
                out,
                "  {}{}{}  {progress}",
                fit(&t.label, 36),
                pad_left(&t.target, 7),
                pad_left(&actual, 7)
            )?;
        }
    }
    writeln!(out)?;

    // Consultations.
    let c = &f.consultations;
    writeln!(
        out,
        "{}  {} {}   {} {}",
        Word::Consultations.text(lang),
        Word::Total.text(lang),
        Word::CountUnit.with(lang, c.total),
        Word::Complex.text(lang),
        Word::CountUnit.with(lang, c.complex)
    )?;
    // Cases and consultations apart: a 相談記録 is a consultation, never a new case.
    writeln!(
        out,
        "  {} {}  {} {}",
        Word::NewCases.text(lang),
        Word::CountUnit.with(lang, c.cases),
        Word::Records.text(lang),
        Word::CountUnit.with(lang, c.records)
    )?;
    if c.total == 0 {
        writeln!(out, "  {}", Word::NoConsultations.text(lang))?;
    }
    let mut months = format!("  {}", fit(Word::ByMonth.text(lang), 8));
    let mut values = format!("  {}", fit("", 8));
    for m in &c.by_month {
        months.push_str(&pad_left(&month(m.month, lang), 5));
        values.push_str(&format!("{:>5}", m.count));
    }
    writeln!(out, "{months}")?;
    writeln!(out, "{values}")?;
    writeln!(out, "  {}", Word::ByChannel.text(lang))?;
    for ch in &c.by_channel {
        writeln!(
            out,
            "{}  {:>3}%",
            row(
                4,
                ch.channel.label(lang),
                24,
                &Word::CountUnit.with(lang, ch.count)
            ),
            ch.percent
        )?;
    }
    counts(out, Word::ByDesk, &c.by_desk, Word::CountUnit, lang)?;
    counts(out, Word::ByDomain, &c.by_domain, Word::CountUnit, lang)?;
    counts(out, Word::ByConcern, &c.by_concern, Word::CountUnit, lang)?;
    writeln!(out)?;

    // Hand-offs.
    let h = &f.handoffs;
    writeln!(
        out,
        "{}  {} {}",
        Word::Handoffs.text(lang),
        Word::Total.text(lang),
        Word::CountUnit.with(lang, h.total)
    )?;
    let statuses = fmt::statuses(&h.by_status, false, lang);
    writeln!(out, "  {}  {}", Word::ByStatus.text(lang), statuses.join("  "))?;
    writeln!(out, "  {}  {}", Word::MedianDays.text(lang), fmt::median(h, lang))?;
    writeln!(out, "  {}", fmt::overdue(h, lang))?;
    writeln!(out, "  {}", Word::BySection.text(lang))?;
    if h.by_section.is_empty() {
        writeln!(out, "    {}", Word::Nothing.text(lang))?;
    }
    for s in &h.by_section {
        let detail = fmt::statuses(&s.by_status, true, lang);
        writeln!(
            out,
            "{}  {}",
            row(4, &display(&s.label), 16, &Word::CountUnit.with(lang, s.total)),
            detail.join("  ")
        )?;
    }
    writeln!(out)?;

    // Meetings.
    let m = &f.meetings;
    writeln!(
        out,
        "{}  {} {}   {} {}",
        Word::Meetings.text(lang),
        Word::Total.text(lang),
        Word::TimesUnit.with(lang, m.total),
        Word::CasesDiscussed.text(lang),
        Word::CountUnit.with(lang, m.cases_discussed)
    )?;
    for k in &m.by_kind {
        let name = meeting_name(&k.name, k.confidential, lang);
        writeln!(out, "{}", row(4, &name, 24, &Word::TimesUnit.with(lang, k.count)))?;
    }
    writeln!(out)?;

    // Missing resources.
    writeln!(
        out,
        "{}  {}",
        Word::Shortages.text(lang),
        Word::CountUnit.with(lang, f.resource_shortages.len())
    )?;
    for r in &f.resource_shortages {
        writeln!(
            out,
            "    {}  {}  {}",
            r.date.format("%Y-%m-%d"),
            meeting_name(&r.name, r.confidential, lang),
            display(&r.note)
        )?;
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

struct Csv<'a> {
    out: &'a mut dyn Write,
}

impl Csv<'_> {
    fn row(&mut self, fields: &[&str]) -> io::Result<()> {
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        write!(self.out, "{}\r\n", line.join(","))
    }
    /// 区分, 項目, 値 (no target).
    fn value(&mut self, category: &str, item: &str, value: impl ToString) -> io::Result<()> {
        self.row(&[category, item, &value.to_string(), "", ""])
    }
}

fn csv_words(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Ja => ["区分", "項目", "値", "目標", "進捗(%)"],
        Lang::En => ["Category", "Item", "Value", "Target", "Progress(%)"],
    }
}

fn csv_text(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

pub fn print_csv(out: &mut dyn Write, f: &Figures, lang: Lang) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut csv = Csv { out };
    csv.row(&csv_words(lang))?;
    let t = |ja, en| csv_text(lang, ja, en);

    let year = t("年度", "Year");
    csv.value(year, t("年度", "Fiscal year"), f.fiscal_year)?;
    csv.value(year, t("名称", "Name"), fy_label(f.fiscal_year, lang))?;
    if let (Some(from), Some(to)) = (f.from, f.to) {
        csv.value(year, t("開始日", "From"), from.format("%Y-%m-%d"))?;
        csv.value(year, t("終了日", "To"), to.format("%Y-%m-%d"))?;
    }
    csv.value(year, t("集計日", "As of"), f.as_of.format("%Y-%m-%d"))?;

    for tf in &f.targets {
        csv.row(&[
            Word::Target.text(lang),
            &indicator(&tf.id, &tf.indicator, lang),
            &tf.actual.map(|a| a.to_string()).unwrap_or_default(),
            &tf.target.to_string(),
            &tf.progress_percent.map(|p| p.to_string()).unwrap_or_default(),
        ])?;
    }

    let c = &f.consultations;
    let cons = Word::Consultations.text(lang);
    csv.value(cons, Word::Total.text(lang), c.total)?;
    csv.value(cons, Word::NewCases.text(lang), c.cases)?;
    csv.value(cons, Word::Records.text(lang), c.records)?;
    csv.value(cons, Word::Complex.text(lang), c.complex)?;
    for m in &c.by_month {
        let item = match lang {
            Lang::Ja => format!("{}年{}月", m.year, m.month),
            Lang::En => format!("{}-{:02}", m.year, m.month),
        };
        csv.value(Word::ByMonth.text(lang), &item, m.count)?;
    }
    for ch in &c.by_channel {
        csv.value(Word::ByChannel.text(lang), ch.channel.label(lang), ch.count)?;
    }
    for (word, list) in [
        (Word::ByDesk, &c.by_desk),
        (Word::ByDomain, &c.by_domain),
        (Word::ByConcern, &c.by_concern),
    ] {
        for x in list {
            csv.value(word.text(lang), &count_label(&x.id, &x.label, lang), x.count)?;
        }
    }

    let h = &f.handoffs;
    let ho = Word::Handoffs.text(lang);
    csv.value(ho, Word::Total.text(lang), h.total)?;
    for s in &h.by_status {
        csv.value(
            &format!("{}{}", ho, Word::ByStatus.text(lang)),
            s.status.label(lang),
            s.count,
        )?;
    }
    csv.value(
        ho,
        Word::MedianDays.text(lang),
        h.median_days_to_accept
            .map(|d| format!("{d:.1}"))
            .unwrap_or_default(),
    )?;
    csv.value(
        ho,
        t("受理までの日数の件数", "Accepted hand-offs measured"),
        h.accepted_measured,
    )?;
    csv.value(ho, Word::Overdue.text(lang), h.overdue)?;
    csv.value(
        ho,
        &Word::OverdueRequested.with(lang, h.expiry_days),
        h.overdue_requested,
    )?;
    csv.value(ho, Word::Expired.text(lang), h.expired)?;
    let by_section = format!("{}{}", ho, Word::BySection.text(lang));
    for s in &h.by_section {
        csv.value(&by_section, &s.label, s.total)?;
        for x in &s.by_status {
            csv.value(
                &format!("{by_section}({})", x.status.label(lang)),
                &s.label,
                x.count,
            )?;
        }
    }

    let m = &f.meetings;
    let mt = Word::Meetings.text(lang);
    csv.value(mt, Word::Total.text(lang), m.total)?;
    for k in &m.by_kind {
        csv.value(mt, &meeting_name(&k.name, k.confidential, lang), k.count)?;
    }
    csv.value(mt, Word::CasesDiscussed.text(lang), m.cases_discussed)?;

    let rs = Word::Shortages.text(lang);
    csv.value(rs, Word::Total.text(lang), f.resource_shortages.len())?;
    for r in &f.resource_shortages {
        let item = format!(
            "{} {}",
            r.date.format("%Y-%m-%d"),
            meeting_name(&r.name, r.confidential, lang)
        );
        csv.value(rs, &item, &r.note)?;
    }
    Ok(())
}
