//! The pure computation of a year's [`Figures`] (definitions in the module docs).

use super::{
    ChannelCount, Consultations, Count, Figures, HandoffFigures, MeetingFigures, MeetingKindCount,
    MonthCount, ResourceShortage, SectionCount, StatusCount, TARGET_CASES, TARGET_MEETINGS, TargetFigure,
    UNKNOWN, fmt, fy_range,
};
use crate::domain::{
    Case, Channel, Decision, Directory, Handoff, HandoffStatus, MeetingRecord, date_of, fiscal_year,
};
use chrono::{DateTime, Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The figures of fiscal year `fy` from records already read. Records outside the year
/// are ignored (cases by received date, meetings by date, hand-offs by their case), and a
/// record given twice counts once, so callers may pass more than the year. No I/O.
pub fn compute(
    fy: i32,
    dir: &Directory,
    cases: &[Case],
    handoffs: &[Handoff],
    meetings: &[MeetingRecord],
    today: NaiveDate,
) -> Figures {
    let in_year = |d: Option<NaiveDate>| d.is_some_and(|d| fiscal_year(d) == fy);

    // The year's cases, once each, with their local received date.
    let mut year_cases: BTreeMap<&str, (&Case, NaiveDate)> = BTreeMap::new();
    for c in cases {
        if let Some(d) = date_of(&c.received_at).filter(|d| in_year(Some(*d))) {
            year_cases.entry(c.number.as_str()).or_insert((c, d));
        }
    }
    // Their hand-offs, once each.
    let mut year_handoffs: BTreeMap<(&str, u32), &Handoff> = BTreeMap::new();
    for h in handoffs {
        if year_cases.contains_key(h.case.as_str()) {
            year_handoffs.entry((h.case.as_str(), h.seq)).or_insert(h);
        }
    }
    // The year's meetings, once each, with their date.
    let mut year_meetings: BTreeMap<&str, (&MeetingRecord, NaiveDate)> = BTreeMap::new();
    for m in meetings {
        if let Some(d) = date_of(&m.date).filter(|d| in_year(Some(*d))) {
            year_meetings.entry(m.id.as_str()).or_insert((m, d));
        }
    }

    // The 相談記録 of the year, of any case given (once per case).
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let records: Vec<Taken> = cases
        .iter()
        .filter(|c| seen.insert(c.number.as_str()))
        .flat_map(|c| &c.consultations)
        .filter_map(|r| {
            let date = date_of(&r.at).filter(|d| in_year(Some(*d)))?;
            Some(Taken {
                date,
                channel: r.channel,
                desk: r.desk.as_str(),
                concerns: r.concerns.iter().map(String::as_str).collect(),
                case: false,
            })
        })
        .collect();
    let opened = year_cases.values().map(|(c, date)| Taken {
        date: *date,
        channel: c.intake.channel,
        desk: c.desk.as_str(),
        concerns: c
            .intake
            .people
            .iter()
            .flat_map(|p| p.concerns.iter().map(String::as_str))
            .collect(),
        case: true,
    });
    let consultations = consultations(fy, dir, opened.chain(records));
    let handoff_figures = handoff_figures(dir, year_handoffs.values().copied(), today);
    let meeting_figures = meeting_figures(dir, year_meetings.values().map(|(m, _)| *m));
    let resource_shortages = resource_shortages(dir, year_meetings.values().copied());

    let targets = dir
        .targets
        .iter()
        .filter(|t| t.fiscal_year == fy)
        .map(|t| {
            let actual = match t.id.as_str() {
                TARGET_MEETINGS => Some(meetings_of_program(
                    dir,
                    &t.program,
                    year_meetings.values().map(|(m, _)| *m),
                )),
                TARGET_CASES => Some(cases_handled(
                    dir,
                    &t.program,
                    year_handoffs.values().copied(),
                    year_meetings.values().map(|(m, _)| *m),
                )),
                _ => None,
            };
            TargetFigure {
                id: t.id.clone(),
                program: t.program.clone(),
                indicator: t.indicator.clone(),
                unit: t.unit.clone(),
                target: t.value,
                actual,
                progress_percent: actual.and_then(|a| fmt::percent(a, t.value)),
                source: t.source.clone(),
            }
        })
        .collect();

    let range = fy_range(fy);
    Figures {
        fiscal_year: fy,
        label: crate::i18n::fy_label(fy, crate::i18n::Lang::Ja),
        from: range.map(|r| r.0),
        to: range.map(|r| r.1),
        as_of: today,
        targets,
        consultations,
        handoffs: handoff_figures,
        meetings: meeting_figures,
        resource_shortages,
    }
}

/// Is a meeting kind one of the program's meetings?
fn of_program(dir: &Directory, kind: &str, program: &str) -> bool {
    dir.meeting(kind).is_some_and(|m| m.program == program)
}

fn meetings_of_program<'a>(
    dir: &Directory,
    program: &str,
    meetings: impl Iterator<Item = &'a MeetingRecord>,
) -> u32 {
    count(meetings.filter(|m| of_program(dir, &m.kind, program)))
}

fn cases_handled<'a>(
    dir: &Directory,
    program: &str,
    handoffs: impl Iterator<Item = &'a Handoff>,
    meetings: impl Iterator<Item = &'a MeetingRecord>,
) -> u32 {
    let mut cases: BTreeSet<&str> = handoffs
        .filter(|h| h.program == program && h.status != HandoffStatus::Returned)
        .map(|h| h.case.as_str())
        .collect();
    for m in meetings.filter(|m| of_program(dir, &m.kind, program)) {
        cases.extend(m.cases.iter().map(|d| d.case.as_str()));
    }
    count(cases.iter())
}

fn count<I: Iterator>(it: I) -> u32 {
    u32::try_from(it.count()).unwrap_or(u32::MAX)
}

/// One consultation taken: a case opened, or a 相談記録 added to one.
struct Taken<'a> {
    date: NaiveDate,
    channel: Channel,
    desk: &'a str,
    /// The concerns ticked (for a case: anyone in the household).
    concerns: BTreeSet<&'a str>,
    /// A case opened (true) or a 相談記録 (false).
    case: bool,
}

fn consultations<'a>(fy: i32, dir: &Directory, taken: impl Iterator<Item = Taken<'a>>) -> Consultations {
    let mut months = [0u32; 12];
    let mut channels: HashMap<Channel, u32> = HashMap::new();
    let mut desks: BTreeMap<&str, u32> = BTreeMap::new();
    let mut concerns: HashMap<&str, u32> = HashMap::new();
    let mut domains: HashMap<&str, u32> = HashMap::new();
    let (mut total, mut opened, mut records) = (0u32, 0u32, 0u32);
    let mut complex = 0u32;
    for t in taken {
        total += 1;
        if t.case {
            opened += 1;
        } else {
            records += 1;
        }
        if let Some(m) = months.get_mut((t.date.month0() as usize + 9) % 12) {
            *m += 1;
        }
        *channels.entry(t.channel).or_default() += 1;
        *desks.entry(t.desk).or_default() += 1;
        let ticked = t.concerns;
        let mut case_concerns: BTreeSet<&str> = BTreeSet::new();
        let mut case_domains: BTreeSet<&str> = BTreeSet::new();
        for id in ticked {
            match dir.concern(id) {
                Some(c) => {
                    case_concerns.insert(c.id.as_str());
                    case_domains.insert(c.domain.as_str());
                }
                None => {
                    case_concerns.insert(UNKNOWN);
                    case_domains.insert(UNKNOWN);
                }
            }
        }
        // 複合 by the city's guide (desk.toml [complex]), as the referral rules read it.
        let counting = case_domains.iter().filter(|d| dir.counts_as_complex(d)).count();
        if t.case && counting >= usize::from(dir.desk.complex.min_domains.max(1)) {
            complex += 1;
        }
        for c in case_concerns {
            *concerns.entry(c).or_default() += 1;
        }
        for d in case_domains {
            *domains.entry(d).or_default() += 1;
        }
    }

    let by_month = (0..12u32)
        .map(|i| {
            let month = (i + 3) % 12 + 1;
            MonthCount {
                year: if month >= 4 { fy } else { fy.saturating_add(1) },
                month,
                count: months.get(i as usize).copied().unwrap_or(0),
            }
        })
        .collect();
    let by_channel = Channel::ALL
        .iter()
        .map(|&channel| {
            let count = channels.get(&channel).copied().unwrap_or(0);
            ChannelCount {
                channel,
                count,
                percent: fmt::percent(count, total).unwrap_or(0),
            }
        })
        .collect();
    let mut by_desk: Vec<Count> = desks
        .into_iter()
        .map(|(desk, count)| Count {
            id: desk.to_string(),
            label: desk.to_string(),
            count,
        })
        .collect();
    by_desk.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));

    let mut by_concern: Vec<Count> = dir
        .concerns
        .iter()
        .map(|c| Count {
            id: c.id.clone(),
            label: c.label.clone(),
            count: concerns.get(c.id.as_str()).copied().unwrap_or(0),
        })
        .collect();
    let mut by_domain: Vec<Count> = dir
        .domains
        .iter()
        .map(|d| Count {
            id: d.id.clone(),
            label: d.label.clone(),
            count: domains.get(d.id.as_str()).copied().unwrap_or(0),
        })
        .collect();
    // Concerns whose domain the directory lacks (a seed out of step) keep their id.
    let mut stray: Vec<(&str, u32)> = domains
        .iter()
        .filter(|(id, _)| **id != UNKNOWN && dir.domain(id).is_none())
        .map(|(id, n)| (*id, *n))
        .collect();
    stray.sort();
    by_domain.extend(stray.into_iter().map(|(id, count)| Count {
        id: id.to_string(),
        label: id.to_string(),
        count,
    }));
    for (list, map) in [(&mut by_concern, &concerns), (&mut by_domain, &domains)] {
        if let Some(&n) = map.get(UNKNOWN) {
            list.push(Count {
                id: UNKNOWN.into(),
                label: UNKNOWN.into(),
                count: n,
            });
        }
    }

    Consultations {
        total,
        cases: opened,
        records,
        by_month,
        by_channel,
        by_desk,
        by_concern,
        by_domain,
        complex,
    }
}

fn status_counts(counts: &HashMap<HandoffStatus, u32>) -> Vec<StatusCount> {
    HandoffStatus::ALL
        .iter()
        .map(|&status| StatusCount {
            status,
            count: counts.get(&status).copied().unwrap_or(0),
        })
        .collect()
}

/// Days (fractional) from request to the first acceptance, when both times parse.
fn days_to_accept(h: &Handoff) -> Option<f64> {
    let accepted = h.history.iter().find(|c| c.to == HandoffStatus::Accepted)?;
    let from = DateTime::parse_from_rfc3339(&h.requested_at).ok()?;
    let to = DateTime::parse_from_rfc3339(&accepted.at).ok()?;
    let secs = (to - from).num_seconds().max(0);
    Some(secs as f64 / 86_400.0)
}

/// The median, rounded to 0.1; None for no values.
fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let upper = *v.get(n / 2)?;
    let m = if n % 2 == 1 {
        upper
    } else {
        (v.get(n / 2 - 1).copied().unwrap_or(upper) + upper) / 2.0
    };
    Some((m * 10.0).round() / 10.0)
}

fn handoff_figures<'a>(
    dir: &Directory,
    handoffs: impl Iterator<Item = &'a Handoff>,
    today: NaiveDate,
) -> HandoffFigures {
    let days = dir.desk.handoff_expiry_days;
    let mut total = 0u32;
    let mut statuses: HashMap<HandoffStatus, u32> = HashMap::new();
    let mut sections: BTreeMap<&str, HashMap<HandoffStatus, u32>> = BTreeMap::new();
    let mut waits = Vec::new();
    let mut overdue_requested = 0u32;
    for h in handoffs {
        total += 1;
        *statuses.entry(h.status).or_default() += 1;
        *sections
            .entry(h.section.as_str())
            .or_default()
            .entry(h.status)
            .or_default() += 1;
        if let Some(d) = days_to_accept(h) {
            waits.push(d);
        }
        if h.is_overdue(today, days) {
            overdue_requested += 1;
        }
    }
    let section_count = |id: &str, label: &str, counts: &HashMap<HandoffStatus, u32>| SectionCount {
        id: id.to_string(),
        label: label.to_string(),
        total: counts.values().sum(),
        by_status: status_counts(counts),
    };
    let mut by_section: Vec<SectionCount> = dir
        .sections
        .iter()
        .filter_map(|s| {
            sections
                .get(s.id.as_str())
                .map(|c| section_count(&s.id, &s.name, c))
        })
        .collect();
    by_section.extend(
        sections
            .iter()
            .filter(|(id, _)| dir.section(id).is_none())
            .map(|(id, c)| section_count(id, id, c)),
    );
    let expired = statuses.get(&HandoffStatus::Expired).copied().unwrap_or(0);
    HandoffFigures {
        total,
        by_status: status_counts(&statuses),
        by_section,
        accepted_measured: count(waits.iter()),
        median_days_to_accept: median(waits),
        expiry_days: days,
        overdue_requested,
        expired,
        overdue: overdue_requested.saturating_add(expired),
    }
}

fn kind_info(dir: &Directory, m: &MeetingRecord) -> (String, bool) {
    match dir.meeting(&m.kind) {
        Some(k) => (k.name.clone(), k.confidential || m.confidential),
        None => (m.kind.clone(), m.confidential),
    }
}

fn meeting_figures<'a>(dir: &Directory, meetings: impl Iterator<Item = &'a MeetingRecord>) -> MeetingFigures {
    let mut by_kind: Vec<MeetingKindCount> = dir
        .meetings
        .iter()
        .map(|k| MeetingKindCount {
            kind: k.id.clone(),
            name: k.name.clone(),
            confidential: k.confidential,
            count: 0,
        })
        .collect();
    let mut total = 0u32;
    let mut cases: BTreeSet<&str> = BTreeSet::new();
    for m in meetings {
        total += 1;
        cases.extend(m.cases.iter().map(|d| d.case.as_str()));
        match by_kind.iter_mut().find(|k| k.kind == m.kind) {
            Some(k) => {
                k.count += 1;
                k.confidential |= m.confidential;
            }
            None => {
                let (name, confidential) = kind_info(dir, m);
                by_kind.push(MeetingKindCount {
                    kind: m.kind.clone(),
                    name,
                    confidential,
                    count: 1,
                });
            }
        }
    }
    MeetingFigures {
        total,
        by_kind,
        cases_discussed: count(cases.iter()),
    }
}

fn resource_shortages<'a>(
    dir: &Directory,
    meetings: impl Iterator<Item = (&'a MeetingRecord, NaiveDate)>,
) -> Vec<ResourceShortage> {
    let mut out = Vec::new();
    for (m, date) in meetings {
        let (name, confidential) = kind_info(dir, m);
        for d in m
            .cases
            .iter()
            .filter(|d| d.decision == Decision::ResourceShortage)
        {
            out.push(ResourceShortage {
                date,
                kind: m.kind.clone(),
                name: name.clone(),
                confidential,
                note: d.note.trim().to_string(),
            });
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.kind.cmp(&b.kind)));
    out
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_even_and_none() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![1.0, 2.0, 4.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![0.04]), Some(0.0));
    }
}
