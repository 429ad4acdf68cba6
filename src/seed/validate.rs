//! Checks across entries: ids, references, readings, ages, recurrences, the plan period.

use super::parse::Pos;
use super::problem::{Problem, ProblemKind};
use crate::domain::*;
use std::collections::HashSet;

/// Entries of every kind with their positions, before they become a Directory.
#[derive(Default)]
pub struct Raw {
    pub plan: Option<(PlanInfo, Pos)>,
    pub sections: Vec<(Section, Pos)>,
    pub programs: Vec<(Program, Pos)>,
    pub sites: Vec<(Site, Pos)>,
    pub meetings: Vec<(Meeting, Pos)>,
    pub schedules: Vec<(Schedule, Pos)>,
    pub targets: Vec<(Target, Pos)>,
    pub domains: Vec<(Domain, Pos)>,
    pub concerns: Vec<(Concern, Pos)>,
    pub districts: Vec<(District, Pos)>,
    pub rules: Vec<(Rule, Pos)>,
    pub holidays: Vec<(Holiday, Pos)>,
    pub closure: Option<(Closure, Pos)>,
    pub desk: Option<(DeskSettings, Pos)>,
    /// desk.toml `[complex]`: the city's 複合 setting.
    pub complex: Option<(ComplexSetting, Pos)>,
    pub staff: Vec<(StaffEntry, Pos)>,
    pub vocabulary: Vec<(VocabEntry, Pos)>,
    /// Ids of entries that could not be read (already reported): references to them are
    /// not reported again.
    pub failed_ids: Vec<String>,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Hiragana, the prolonged sound mark, middle dot, spaces and ASCII digits.
pub fn is_reading(s: &str) -> bool {
    !s.trim().is_empty()
        && s.chars().all(|c| {
            ('\u{3041}'..='\u{3096}').contains(&c)
                || matches!(c, 'ー' | '・' | ' ' | '　' | 'ゝ' | 'ゞ')
                || c.is_ascii_digit()
        })
}

pub(super) fn check_ids<T>(
    items: &[(T, Pos)],
    id: impl Fn(&T) -> &str,
    out: &mut Vec<Problem>,
) -> HashSet<String> {
    let mut seen = HashSet::new();
    for (item, pos) in items {
        let id = id(item);
        if !valid_id(id) {
            out.push(pos.problem("id", ProblemKind::BadId(id.to_string())));
        } else if !seen.insert(id.to_string()) {
            out.push(pos.problem("id", ProblemKind::DuplicateId(id.to_string())));
        }
    }
    seen
}

pub(super) fn check_refs(
    pos: &Pos,
    field: &str,
    ids: &[String],
    known: &HashSet<String>,
    kind: &'static str,
    out: &mut Vec<Problem>,
) {
    for id in ids {
        if !known.contains(id) {
            out.push(pos.problem(field, ProblemKind::UnknownReference { kind, id: id.clone() }));
        }
    }
}

pub(super) fn check_text(pos: &Pos, field: &str, value: &str, out: &mut Vec<Problem>) {
    if value.trim().is_empty() {
        out.push(pos.problem(field, ProblemKind::Empty));
    }
}

pub(super) fn check_reading(pos: &Pos, field: &str, value: &str, out: &mut Vec<Problem>) {
    if !is_reading(value) {
        out.push(pos.problem(field, ProblemKind::ReadingNotKana(value.to_string())));
    }
}

fn check_eligibility(pos: &Pos, e: &Eligibility, out: &mut Vec<Problem>) {
    for age in [e.min_age, e.max_age].into_iter().flatten() {
        if age > 120 {
            out.push(pos.problem("eligibility", ProblemKind::AgeImplausible(age)));
        }
    }
    if let (Some(min), Some(max)) = (e.min_age, e.max_age)
        && min > max
    {
        out.push(pos.problem("eligibility", ProblemKind::AgeRangeUpsideDown { min, max }));
    }
}

/// Every cross-entry check; returns the problems found.
pub fn validate(raw: &Raw) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut sections = check_ids(&raw.sections, |s| &s.id, &mut out);
    let mut programs = check_ids(&raw.programs, |p| &p.id, &mut out);
    sections.extend(raw.failed_ids.iter().cloned());
    programs.extend(raw.failed_ids.iter().cloned());
    let mut sites = check_ids(&raw.sites, |s| &s.id, &mut out);
    sites.extend(raw.failed_ids.iter().cloned());
    check_ids(&raw.meetings, |m| &m.id, &mut out);
    check_ids(&raw.schedules, |s| &s.id, &mut out);
    check_ids(&raw.targets, |t| &t.id, &mut out);

    for (s, pos) in &raw.sections {
        check_text(pos, "name", &s.name, &mut out);
        check_reading(pos, "reading", &s.reading, &mut out);
    }
    for (p, pos) in &raw.programs {
        check_text(pos, "name", &p.name, &mut out);
        check_text(pos, "service", &p.service, &mut out);
        check_reading(pos, "reading", &p.reading, &mut out);
        check_reading(pos, "service_reading", &p.service_reading, &mut out);
        if p.sections.is_empty() {
            out.push(pos.problem("sections", ProblemKind::Empty));
        }
        check_refs(pos, "sections", &p.sections, &sections, "section", &mut out);
        check_refs(
            pos,
            "related_sections",
            &p.related_sections,
            &sections,
            "section",
            &mut out,
        );
        if let Some(e) = &p.eligibility {
            check_eligibility(pos, e, &mut out);
        }
    }
    for (s, pos) in &raw.sites {
        check_text(pos, "name", &s.name, &mut out);
        check_reading(pos, "reading", &s.reading, &mut out);
        if s.programs.is_empty() {
            out.push(pos.problem("programs", ProblemKind::Empty));
        }
        check_refs(pos, "programs", &s.programs, &programs, "program", &mut out);
        check_refs(pos, "sections", &s.sections, &sections, "section", &mut out);
        for r in &s.program_roles {
            if !s.programs.contains(&r.program) {
                out.push(pos.problem(
                    "program_roles",
                    ProblemKind::UnknownReference {
                        kind: "program of this site",
                        id: r.program.clone(),
                    },
                ));
            }
            if !s.roles.contains(&r.role) {
                out.push(pos.problem(
                    "program_roles",
                    ProblemKind::UnknownReference {
                        kind: "role of this site (roles)",
                        id: r.role.clone(),
                    },
                ));
            }
        }
        for role in &s.roles {
            if !s.program_roles.iter().any(|r| &r.role == role) {
                out.push(pos.problem(
                    "program_roles",
                    ProblemKind::MissingField(format!("the program of role {role}")),
                ));
            }
        }
    }
    for (m, pos) in &raw.meetings {
        check_text(pos, "name", &m.name, &mut out);
        check_reading(pos, "reading", &m.reading, &mut out);
        check_refs(
            pos,
            "program",
            std::slice::from_ref(&m.program),
            &programs,
            "program",
            &mut out,
        );
    }
    for (s, pos) in &raw.schedules {
        check_refs(
            pos,
            "program",
            std::slice::from_ref(&s.program),
            &programs,
            "program",
            &mut out,
        );
        if s.language.len() != 2 || !s.language.bytes().all(|b| b.is_ascii_lowercase()) {
            out.push(pos.problem("language", ProblemKind::BadLanguage(s.language.clone())));
        }
        let mut weeks = s.weeks.clone();
        weeks.sort_unstable();
        weeks.dedup();
        if weeks.len() != s.weeks.len() {
            out.push(pos.problem("weeks", ProblemKind::BadRecurrence("duplicate week".into())));
        }
        if let Some(w) = s.weeks.iter().find(|w| !(1..=5).contains(*w)) {
            out.push(pos.problem("weeks", ProblemKind::BadRecurrence(format!("week {w} (1-5)"))));
        }
    }
    let period = raw.plan.as_ref().map(|(p, _)| (p.period_start, p.period_end));
    if let Some((plan, pos)) = &raw.plan
        && plan.period_start > plan.period_end
    {
        out.push(pos.problem("period_start", ProblemKind::PeriodUpsideDown));
    }
    for (t, pos) in &raw.targets {
        check_refs(
            pos,
            "program",
            std::slice::from_ref(&t.program),
            &programs,
            "program",
            &mut out,
        );
        if let Some((start, end)) = period
            && !(start..=end).contains(&t.fiscal_year)
        {
            out.push(pos.problem("fiscal_year", ProblemKind::OutsidePeriod(t.fiscal_year)));
        }
    }
    super::validate_desk::validate(raw, &programs, &sites, period, &mut out);
    super::validate_staff::validate(raw, &sections, &mut out);
    super::validate_vocab::validate(raw, &programs, &mut out);
    out
}
