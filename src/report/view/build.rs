//! Building the [`Report`] from the [`Figures`]: every section, row, label and value.

use super::{Item, Part, Raw, Report, Row, Section, Show, Value};
use crate::i18n::{Label as _, Lang, fy_label, month, with_unit, year_month};
use crate::report::fmt::{self, fy_title, meeting_name};
use crate::report::words::{Word, count_label, indicator};
use crate::report::{Count, Figures, StatusCount};

impl Report {
    /// The report of `f` in `lang`.
    pub fn new(f: &Figures, lang: Lang) -> Report {
        let w = |word: Word| word.text(lang);
        let count = |n: u32| Value::count(n, Word::CountUnit.with(lang, n));
        let times = |n: u32| Value::count(n, Word::TimesUnit.with(lang, n));
        let bare = |n: u32| Value::count(n, n.to_string());
        let len = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);

        let year = w(Word::CsvYear);
        let mut about = vec![
            Row::new(
                Item::About,
                year,
                w(Word::CsvFiscalYear).into(),
                Value::text(f.fiscal_year.to_string()),
            ),
            Row::new(
                Item::About,
                year,
                w(Word::CsvName).into(),
                Value::text(fy_label(f.fiscal_year, lang)),
            ),
        ];
        if let (Some(from), Some(to)) = (f.from, f.to) {
            for (word, d) in [(Word::CsvFrom, from), (Word::CsvTo, to)] {
                let d = Value::text(d.format("%Y-%m-%d").to_string());
                about.push(Row::new(Item::About, year, w(word).into(), d));
            }
        }
        let as_of = Value::text(f.as_of.format("%Y-%m-%d").to_string());
        about.push(Row::new(Item::About, year, w(Word::CsvAsOf).into(), as_of));

        // Targets.
        let mut targets = Section::new(
            Part::Targets,
            w(Word::Targets),
            f.targets
                .iter()
                .map(|t| {
                    let unit = t.unit.as_str();
                    let actual = match t.actual {
                        Some(a) => Value::count(a, with_unit(a, unit, lang)),
                        None => Value {
                            raw: Raw::Missing,
                            shown: "-".into(),
                        },
                    };
                    let mut row = Row::new(
                        Item::Target,
                        w(Word::Target),
                        indicator(&t.id, &t.indicator, lang),
                        actual,
                    );
                    row.target = Some(Value::count(t.target, with_unit(t.target, unit, lang)));
                    row.progress = t.progress_percent;
                    row.remark = t.actual.is_none().then(|| w(Word::NotMeasured).to_string());
                    row
                })
                .collect(),
        );
        targets.columns = [Word::Indicator, Word::Target, Word::Actual, Word::Progress]
            .iter()
            .map(|x| w(*x).to_string())
            .collect();
        targets.empty = w(Word::NoTargets).into();

        // Consultations.
        let c = &f.consultations;
        let title = w(Word::Consultations);
        let mut consultations = Section::new(
            Part::Consultations,
            title,
            vec![
                Row::new(Item::Total, title, w(Word::Total).into(), count(c.total)),
                Row::new(Item::NewCases, title, w(Word::NewCases).into(), count(c.cases)),
                Row::new(Item::Records, title, w(Word::Records).into(), count(c.records)),
                Row::new(Item::Complex, title, w(Word::Complex).into(), count(c.complex)),
            ],
        );
        consultations.note = (c.total == 0).then(|| w(Word::NoConsultations).to_string());

        let title = w(Word::ByMonth);
        let months = c
            .by_month
            .iter()
            .map(|m| {
                let item = Item::Month {
                    year: m.year,
                    month: m.month,
                };
                let mut row = Row::new(item, title, month(m.month, lang), bare(m.count));
                row.csv_item = year_month(m.year, m.month, lang);
                row
            })
            .collect();
        let by_month = Section::new(Part::ByMonth, title, months);

        let title = w(Word::ByChannel);
        let channels = c
            .by_channel
            .iter()
            .map(|ch| {
                let label = ch.channel.label(lang).to_string();
                let mut row = Row::new(Item::Channel(ch.channel), title, label, count(ch.count));
                row.share = Some(ch.percent);
                row
            })
            .collect();
        let by_channel = Section::new(Part::ByChannel, title, channels);

        let counts = |part: Part, word: Word, list: &[Count]| {
            let title = w(word);
            let rows = list
                .iter()
                .map(|x| {
                    let label = count_label(&x.id, &x.label, lang);
                    Row::new(Item::Entry, title, label, count(x.count)).show(Show::IfCounted)
                })
                .collect();
            let mut s = Section::new(part, title, rows);
            s.empty = w(Word::Nothing).into();
            s
        };

        // Hand-offs.
        let h = &f.handoffs;
        let title = w(Word::Handoffs);
        let by_status = format!("{title}{}", w(Word::ByStatus));
        let mut total = Row::new(Item::Total, title, w(Word::Total).into(), count(h.total));
        total.sub_title = Some(w(Word::ByStatus).into());
        total.sub = statuses(&h.by_status, &by_status, None, lang);
        let median = Value {
            raw: h.median_days_to_accept.map_or(Raw::Missing, Raw::Days),
            shown: fmt::median(h, lang),
        };
        let requested = Word::OverdueRequested.with(lang, h.expiry_days);
        let overdue = format!(
            "{} ({requested} {} / {} {})",
            Word::CountUnit.with(lang, h.overdue),
            h.overdue_requested,
            w(Word::Expired),
            h.expired
        );
        let handoffs = Section::new(
            Part::Handoffs,
            title,
            vec![
                total,
                Row::new(Item::Median, title, w(Word::MedianDays).into(), median),
                Row::new(
                    Item::Measured,
                    title,
                    w(Word::CsvMeasured).into(),
                    bare(h.accepted_measured),
                )
                .show(Show::CsvOnly),
                Row::new(
                    Item::Overdue,
                    title,
                    w(Word::Overdue).into(),
                    Value::count(h.overdue, overdue),
                ),
                Row::new(
                    Item::OverdueRequested,
                    title,
                    requested,
                    bare(h.overdue_requested),
                )
                .show(Show::CsvOnly),
                Row::new(Item::Expired, title, w(Word::Expired).into(), bare(h.expired)).show(Show::CsvOnly),
            ],
        );

        let by_section_csv = format!("{title}{}", w(Word::BySection));
        let sections = h
            .by_section
            .iter()
            .map(|s| {
                let mut row = Row::new(Item::Entry, &by_section_csv, s.label.clone(), count(s.total));
                row.sub = statuses(&s.by_status, &by_section_csv, Some(&s.label), lang)
                    .into_iter()
                    .map(|r| r.show(Show::IfCounted))
                    .collect();
                row
            })
            .collect();
        let mut by_section = Section::new(Part::BySection, w(Word::BySection), sections);
        by_section.empty = w(Word::Nothing).into();

        // Meetings.
        let m = &f.meetings;
        let title = w(Word::Meetings);
        let mut total = Row::new(Item::Total, title, w(Word::Total).into(), times(m.total));
        total.sub = m
            .by_kind
            .iter()
            .map(|k| {
                let name = meeting_name(&k.name, k.confidential, lang);
                Row::new(Item::Entry, title, name, times(k.count))
            })
            .collect();
        let discussed = Row::new(
            Item::CasesDiscussed,
            title,
            w(Word::CasesDiscussed).into(),
            count(m.cases_discussed),
        );
        let meetings = Section::new(Part::Meetings, title, vec![total, discussed]);

        // Missing resources.
        let title = w(Word::Shortages);
        let mut rows = vec![Row::new(
            Item::Total,
            title,
            w(Word::Total).into(),
            count(len(f.resource_shortages.len())),
        )];
        for r in &f.resource_shortages {
            let name = meeting_name(&r.name, r.confidential, lang);
            let mut row = Row::new(Item::Shortage(r.date), title, name, Value::text(r.note.clone()));
            row.csv_item = format!("{} {}", r.date.format("%Y-%m-%d"), row.label);
            rows.push(row);
        }
        let shortages = Section::new(Part::Shortages, title, rows);

        Report {
            lang,
            name: w(Word::Title).into(),
            fiscal_year: f.fiscal_year,
            title: fy_title(f.fiscal_year, lang),
            as_of: f.as_of,
            about,
            sections: vec![
                targets,
                consultations,
                by_month,
                by_channel,
                counts(Part::ByDesk, Word::ByDesk, &c.by_desk),
                counts(Part::ByDomain, Word::ByDomain, &c.by_domain),
                counts(Part::ByConcern, Word::ByConcern, &c.by_concern),
                handoffs,
                by_section,
                meetings,
                shortages,
            ],
        }
    }
}

/// Hand-offs by status, bare counts: under the hand-offs' total (CSV 区分 つなぎ状態別,
/// 項目 the status), or under a section (区分 つなぎ所管課別(依頼中), 項目 the section).
fn statuses(list: &[StatusCount], category: &str, of: Option<&str>, lang: Lang) -> Vec<Row> {
    list.iter()
        .map(|s| {
            let label = s.status.label(lang).to_string();
            let value = Value::count(s.count, s.count.to_string());
            match of {
                None => Row::new(Item::Status(s.status), category, label, value),
                Some(section) => {
                    let mut row = Row::new(
                        Item::Status(s.status),
                        &format!("{category}({label})"),
                        label,
                        value,
                    );
                    row.csv_item = section.to_string();
                    row
                }
            }
        })
        .collect()
}
