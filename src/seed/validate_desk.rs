//! Checks of the desk's vocabulary: concerns and domains, districts, referral rules, the
//! calendar and the desk settings.

use super::Problem;
use super::problem::ProblemKind;
use super::validate::{Raw, check_ids, check_reading, check_refs, check_text};
use std::collections::HashSet;

fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

pub fn validate(
    raw: &Raw,
    programs: &HashSet<String>,
    sites: &HashSet<String>,
    period: Option<(i32, i32)>,
    out: &mut Vec<Problem>,
) {
    let mut domains = check_ids(&raw.domains, |d| &d.id, out);
    let mut concerns = check_ids(&raw.concerns, |c| &c.id, out);
    domains.extend(raw.failed_ids.iter().cloned());
    concerns.extend(raw.failed_ids.iter().cloned());
    check_ids(&raw.districts, |d| &d.id, out);
    check_ids(&raw.rules, |r| &r.id, out);

    for (d, pos) in &raw.domains {
        check_text(pos, "label", &d.label, out);
    }
    for (c, pos) in &raw.concerns {
        check_text(pos, "label", &c.label, out);
        check_reading(pos, "reading", &c.reading, out);
        check_refs(
            pos,
            "domain",
            std::slice::from_ref(&c.domain),
            &domains,
            "domain",
            out,
        );
    }
    for (d, pos) in &raw.districts {
        check_text(pos, "name", &d.name, out);
        check_reading(pos, "reading", &d.reading, out);
        check_refs(pos, "sites", &d.sites, sites, "site", out);
        check_refs(pos, "candidate_sites", &d.candidate_sites, sites, "site", out);
    }
    let mut fallbacks = 0;
    for (r, pos) in &raw.rules {
        let w = &r.when;
        check_text(pos, "reason", &r.reason, out);
        check_refs(pos, "when", &w.concerns_any, &concerns, "concern", out);
        check_refs(pos, "when", &w.concerns_all, &concerns, "concern", out);
        if let (Some(min), Some(max)) = (w.min_age, w.max_age)
            && min > max
        {
            out.push(pos.problem("when", ProblemKind::AgeRangeUpsideDown { min, max }));
        }
        if let (Some(min), Some(max)) = (w.child_min_age, w.child_max_age)
            && min > max
        {
            out.push(pos.problem("when", ProblemKind::AgeRangeUpsideDown { min, max }));
        }
        if (w.child_min_age.is_some() || w.child_max_age.is_some()) && w.concerns_any.is_empty() {
            out.push(pos.problem(
                "when",
                ProblemKind::BadValue("child_min_age / child_max_age need concerns_any".into()),
            ));
        }
        if r.priority == 0 {
            out.push(pos.problem("priority", ProblemKind::BadValue("priority starts at 1".into())));
        }
        if r.recommend.is_empty() {
            out.push(pos.problem("recommend", ProblemKind::Empty));
        }
        for rec in &r.recommend {
            check_refs(
                pos,
                "recommend",
                std::slice::from_ref(&rec.program),
                programs,
                "program",
                out,
            );
        }
        let any = !w.concerns_any.is_empty()
            || !w.concerns_all.is_empty()
            || w.min_age.is_some()
            || w.max_age.is_some()
            || w.min_domains.is_some()
            || w.complex.is_some()
            || w.child_min_age.is_some()
            || w.child_max_age.is_some()
            || w.consent.is_some()
            || w.seeks_help.is_some()
            || w.has_school.is_some()
            || w.foreign_language.is_some();
        if w.fallback {
            fallbacks += 1;
        } else if !any {
            out.push(pos.problem(
                "when",
                ProblemKind::BadValue("a rule needs at least one condition".into()),
            ));
        }
    }
    if fallbacks == 0
        && let Some((_, pos)) = raw.rules.first()
    {
        out.push(Problem {
            file: pos.file.clone(),
            line: None,
            field: Some("when.fallback".into()),
            kind: ProblemKind::MissingField("a rule with fallback = true (never an empty answer)".into()),
        });
    }
    let mut seen = HashSet::new();
    for (h, pos) in &raw.holidays {
        match chrono::NaiveDate::parse_from_str(&h.date, "%Y-%m-%d") {
            Err(_) => out.push(pos.problem("date", ProblemKind::BadValue(format!("not a date: {}", h.date)))),
            Ok(d) => {
                if !seen.insert(d) {
                    out.push(pos.problem("date", ProblemKind::DuplicateId(h.date.clone())));
                }
                use chrono::Datelike;
                let fy = if d.month() >= 4 { d.year() } else { d.year() - 1 };
                if let Some((start, end)) = period
                    && !(start..=end).contains(&fy)
                {
                    out.push(pos.problem("date", ProblemKind::OutsidePeriod(fy)));
                }
            }
        }
        check_text(pos, "name", &h.name, out);
    }
    if let Some((c, pos)) = &raw.closure {
        for (field, v) in [("from", &c.from), ("to", &c.to)] {
            if month_day(v).is_none() {
                out.push(pos.problem(field, ProblemKind::BadValue(format!("expected MM-DD: {v}"))));
            }
        }
    }
    // The city's 複合 setting: `[complex]` in desk.toml (or, written inside [desk],
    // `complex = {...}`).
    let complex = match (&raw.complex, &raw.desk) {
        (Some((c, pos)), _) => Some((c, pos, "complex.")),
        (None, Some((d, pos))) => Some((&d.complex, pos, "desk.complex.")),
        (None, None) => None,
    };
    if let Some((c, pos, prefix)) = complex {
        let at = |field: &str, kind: ProblemKind| {
            let mut p = pos.problem(field, kind);
            p.field = Some(format!("{prefix}{field}"));
            p
        };
        for d in &c.domains {
            if !domains.contains(d) {
                out.push(at(
                    "domains",
                    ProblemKind::UnknownReference {
                        kind: "domain",
                        id: d.clone(),
                    },
                ));
            }
        }
        if c.domains.is_empty() {
            out.push(at("domains", ProblemKind::Empty));
        }
        if c.min_domains == 0 {
            out.push(at(
                "min_domains",
                ProblemKind::BadValue("must be at least 1".into()),
            ));
        }
    }
    if let Some((d, pos)) = &raw.desk
        && d.handoff_expiry_days == 0
    {
        out.push(pos.problem(
            "handoff_expiry_days",
            ProblemKind::BadValue("must be at least 1".into()),
        ));
    }
}
