//! Evaluate the seed's referral rules against one intake.

use super::advice::{Advice, NextSession, Referral};
use crate::calendar::{self, CityCalendar};
use crate::domain::{Consent, ConsentRule, Directory, Intake, Person, Program, Recommend, Rule, SitePick};
use chrono::NaiveDate;

/// How many upcoming sessions of a language desk are listed.
const NEXT_SESSIONS: usize = 4;

/// The counted domains the household's concerns span, in seed order.
pub fn household_domains<'a>(intake: &Intake, dir: &'a Directory) -> Vec<&'a crate::domain::Domain> {
    dir.domains
        .iter()
        .filter(|d| d.counts)
        .filter(|d| {
            intake
                .people
                .iter()
                .flat_map(|p| &p.concerns)
                .filter_map(|c| dir.concern(c))
                .any(|c| c.domain == d.id)
        })
        .collect()
}

fn in_range(age: Option<u8>, min: Option<u8>, max: Option<u8>) -> bool {
    match age {
        // Unknown age never excludes anyone: staff confirm.
        None => true,
        Some(a) => min.is_none_or(|m| a >= m) && max.is_none_or(|m| a <= m),
    }
}

fn is_foreign(intake: &Intake) -> bool {
    intake
        .language
        .as_deref()
        .is_some_and(|l| !l.is_empty() && l != "ja")
}

/// Does the rule fire? Returns the household members it is about (may be empty for
/// household-wide conditions).
fn matches(rule: &Rule, intake: &Intake, domains: usize) -> Option<Vec<usize>> {
    let w = &rule.when;
    let mut who = Vec::new();
    if !w.concerns_any.is_empty() {
        who = intake
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.concerns.iter().any(|c| w.concerns_any.contains(c)))
            .filter(|(_, p)| in_range(p.age, w.min_age, w.max_age))
            .map(|(i, _)| i)
            .collect();
        if who.is_empty() {
            return None;
        }
    } else if w.min_age.is_some() || w.max_age.is_some() {
        who = intake
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.age.is_some() && in_range(p.age, w.min_age, w.max_age))
            .map(|(i, _)| i)
            .collect();
        if who.is_empty() {
            return None;
        }
    }
    for c in &w.concerns_all {
        let holders: Vec<usize> = intake
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.concerns.contains(c))
            .map(|(i, _)| i)
            .collect();
        if holders.is_empty() {
            return None;
        }
        for h in holders {
            if !who.contains(&h) {
                who.push(h);
            }
        }
    }
    let ok = w.min_domains.is_none_or(|n| domains >= usize::from(n))
        && w.consent.is_none_or(|c| c == intake.consent)
        && w.seeks_help.is_none_or(|s| s == intake.seeks_help)
        && w.has_school
            .is_none_or(|s| s == intake.school.as_deref().is_some_and(|x| !x.trim().is_empty()))
        && w.foreign_language.is_none_or(|f| f == is_foreign(intake));
    ok.then(|| {
        who.sort_unstable();
        who
    })
}

fn person_label(dir: &Directory, p: &Person, only: &[String]) -> String {
    let mut s = p.relation.label_ja().to_string();
    if let Some(a) = p.age {
        s.push_str(&format!(" {a}歳"));
    }
    let concerns: Vec<&str> = p
        .concerns
        .iter()
        .filter(|c| only.is_empty() || only.contains(c))
        .filter_map(|c| dir.concern(c).map(|c| c.label.as_str()))
        .collect();
    if !concerns.is_empty() {
        s.push_str(&format!(" ({})", concerns.join("・")));
    }
    s
}

fn age_range_text(min: Option<u8>, max: Option<u8>, approximate: bool) -> String {
    let a = if approximate { "概ね" } else { "" };
    match (min, max) {
        (Some(lo), Some(hi)) => format!("{a}{lo}〜{hi}歳"),
        (Some(lo), None) => format!("{a}{lo}歳以上"),
        (None, Some(hi)) => format!("{a}{hi}歳以下"),
        (None, None) => String::new(),
    }
}

/// A note when someone the rule is about is outside the program's stated ages.
fn eligibility_note(program: &Program, intake: &Intake, who: &[usize]) -> Option<String> {
    let e = program.eligibility.as_ref()?;
    if e.min_age.is_none() && e.max_age.is_none() {
        return None;
    }
    let range = age_range_text(e.min_age, e.max_age, e.approximate);
    let outside: Vec<String> = who
        .iter()
        .filter_map(|&i| intake.people.get(i))
        .filter(|p| p.age.is_some() && !in_range(p.age, e.min_age, e.max_age))
        .map(|p| format!("{} {}歳", p.relation.label_ja(), p.age.unwrap_or_default()))
        .collect();
    if outside.is_empty() {
        return None;
    }
    Some(if e.approximate {
        format!(
            "対象は{range} ({}): 範囲は目安のため紹介し、本人の状況を確認",
            outside.join("、")
        )
    } else {
        format!(
            "対象は{range} ({}): 対象外の可能性あり、所管課に確認",
            outside.join("、")
        )
    })
}

fn normalize_school(s: &str) -> String {
    let s = s.trim().replace("中学校", "中");
    s.trim_end_matches("学校").to_string()
}

struct SiteChoice {
    id: Option<String>,
    candidates: Vec<String>,
    note: Option<String>,
}

fn pick_site(dir: &Directory, rec: &Recommend, intake: &Intake) -> SiteChoice {
    let of_program = |id: &String| dir.site(id).is_some_and(|s| s.programs.contains(&rec.program));
    match rec.site {
        SitePick::None => SiteChoice {
            id: None,
            candidates: vec![],
            note: None,
        },
        SitePick::Only => {
            let sites: Vec<_> = dir.sites_of_program(&rec.program).collect();
            SiteChoice {
                id: (sites.len() == 1).then(|| sites[0].id.clone()),
                candidates: vec![],
                note: None,
            }
        }
        SitePick::District => match intake.district.as_deref().and_then(|d| dir.find_district(d)) {
            None => SiteChoice {
                id: None,
                candidates: vec![],
                note: Some("地区 (福祉圏域) を入力すると担当の機関を表示します".into()),
            },
            Some(d) => {
                let sure: Vec<&String> = d.sites.iter().filter(|s| of_program(s)).collect();
                if let Some(id) = sure.first() {
                    SiteChoice {
                        id: Some((*id).clone()),
                        candidates: vec![],
                        note: None,
                    }
                } else {
                    let cands: Vec<String> = d
                        .candidate_sites
                        .iter()
                        .filter(|s| of_program(s))
                        .cloned()
                        .collect();
                    let note = (!cands.is_empty())
                        .then(|| format!("{}の担当は計画に地図がないため住所で確認", d.name));
                    SiteChoice {
                        id: None,
                        candidates: cands,
                        note,
                    }
                }
            }
        },
        SitePick::School => match intake.school.as_deref().filter(|s| !s.trim().is_empty()) {
            None => SiteChoice {
                id: None,
                candidates: vec![],
                note: Some("学校名を入力すると さわやか相談室 を表示します".into()),
            },
            Some(school) => {
                let want = normalize_school(school);
                let site = dir
                    .sites_of_program(&rec.program)
                    .find(|s| s.school.as_deref().map(normalize_school).as_deref() == Some(want.as_str()));
                match site {
                    Some(s) => SiteChoice {
                        id: Some(s.id.clone()),
                        candidates: vec![],
                        note: None,
                    },
                    None => SiteChoice {
                        id: None,
                        candidates: vec![],
                        note: Some(format!(
                            "{school}: 計画の さわやか相談室 (市内中学校10校) にない学校"
                        )),
                    },
                }
            }
        },
    }
}

fn referral(
    dir: &Directory,
    rule: &Rule,
    rec: &Recommend,
    intake: &Intake,
    who: &[usize],
    domains: &[&str],
) -> Option<Referral> {
    let program = dir.program(&rec.program)?;
    let site = pick_site(dir, rec, intake);
    let mut reason = rule.reason.clone();
    if rule.when.min_domains.is_some() && !domains.is_empty() {
        reason.push_str(&format!(" [{}]", domains.join("+")));
    }
    let about: Vec<String> = who
        .iter()
        .filter_map(|&i| intake.people.get(i))
        .map(|p| person_label(dir, p, &rule.when.concerns_any))
        .collect();
    if !about.is_empty() && rule.when.min_domains.is_none() {
        reason.push_str(&format!(": {}", about.join("、")));
    }
    let notes: Vec<String> = [eligibility_note(program, intake, who), site.note]
        .into_iter()
        .flatten()
        .collect();
    Some(Referral {
        program: program.name.clone(),
        program_id: program.id.clone(),
        service: program.service.clone(),
        section: dir.section_names(program).join("、"),
        section_ids: program.sections.clone(),
        site: site
            .id
            .as_deref()
            .and_then(|id| dir.site(id))
            .map(|s| s.name.clone()),
        site_id: site.id,
        site_candidates: site
            .candidates
            .iter()
            .filter_map(|id| dir.site(id).map(|s| s.name.clone()))
            .collect(),
        reason,
        rule: rule.id.clone(),
        priority: rule.priority,
        urgent: rule.urgent,
        note: (!notes.is_empty()).then(|| notes.join(" / ")),
    })
}

fn next_sessions(dir: &Directory, intake: &Intake, today: NaiveDate) -> Vec<NextSession> {
    let Some(lang) = intake.language.as_deref().filter(|_| is_foreign(intake)) else {
        return Vec::new();
    };
    let cal = CityCalendar::from_directory(dir);
    let mut out: Vec<NextSession> = dir
        .schedules
        .iter()
        .filter(|s| s.language == lang)
        .flat_map(|s| {
            let service = dir
                .program(&s.program)
                .map(|p| p.service.clone())
                .unwrap_or_default();
            calendar::next_dates(s, today, NEXT_SESSIONS, &cal)
                .into_iter()
                .map(move |d| NextSession {
                    program: service.clone(),
                    language: s.language.clone(),
                    label: s.label.clone(),
                    date: d.format("%Y-%m-%d").to_string(),
                    reservation_required: s.reservation_required,
                })
        })
        .collect();
    out.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.reservation_required.cmp(&b.reservation_required))
    });
    out.dedup_by(|a, b| a.date == b.date && a.language == b.language);
    out.truncate(NEXT_SESSIONS);
    out
}

/// One row per program: keep the most pressing rule's row, add the other's reason, and
/// take a site or note the kept row lacks.
fn merge(old: Referral, new: Referral) -> Referral {
    let better = (!new.urgent, new.priority) < (!old.urgent, old.priority);
    let (mut keep, other) = if better { (new, old) } else { (old, new) };
    if !keep.reason.contains(&other.reason) {
        keep.reason = format!("{} / {}", keep.reason, other.reason);
    }
    if keep.site_id.is_none() && other.site_id.is_some() {
        keep.site = other.site;
        keep.site_id = other.site_id;
        keep.site_candidates = other.site_candidates;
    }
    keep.note = match (keep.note, other.note) {
        (Some(a), Some(b)) if a != b => Some(format!("{a} / {b}")),
        (a, b) => a.or(b),
    };
    keep
}

/// Evaluate every rule of the directory against the intake, as of `today`.
/// Never an empty answer: when no rule fires, the fallback rules do.
pub fn evaluate(intake: &Intake, dir: &Directory, today: NaiveDate) -> Advice {
    let domains = household_domains(intake, dir);
    let domain_labels: Vec<&str> = domains.iter().map(|d| d.label.as_str()).collect();
    let mut fired: Vec<(&Rule, Vec<usize>)> = dir
        .rules
        .iter()
        .filter(|r| !r.when.fallback)
        .filter_map(|r| matches(r, intake, domains.len()).map(|who| (r, who)))
        .collect();
    if fired.is_empty() {
        fired = dir
            .rules
            .iter()
            .filter(|r| r.when.fallback)
            .map(|r| (r, Vec::new()))
            .collect();
    }
    let mut referrals: Vec<Referral> = Vec::new();
    for (rule, who) in &fired {
        for rec in &rule.recommend {
            let Some(new) = referral(dir, rule, rec, intake, who, &domain_labels) else {
                continue;
            };
            match referrals.iter().position(|r| r.program_id == new.program_id) {
                Some(i) => referrals[i] = merge(referrals[i].clone(), new),
                None => referrals.push(new),
            }
        }
    }
    // urgent first, then priority; the seed's order breaks ties (stable sort).
    referrals.sort_by_key(|r| (!r.urgent, r.priority));
    let multi_agency = fired.iter().any(|(r, _)| r.multi_agency);
    let meeting = multi_agency
        .then(|| {
            let want = match intake.consent {
                Consent::Given => ConsentRule::ConsentGiven,
                Consent::Refused | Consent::Unknown => ConsentRule::WithoutConsent,
            };
            dir.meetings.iter().find(|m| m.consent == want)
        })
        .flatten();
    Advice {
        urgent: referrals.iter().any(|r| r.urgent),
        referrals,
        multi_agency,
        meeting: meeting.map(|m| m.name.clone()),
        meeting_id: meeting.map(|m| m.id.clone()),
        meeting_confidential: meeting.is_some_and(|m| m.confidential),
        next_sessions: next_sessions(dir, intake, today),
        domains: domain_labels.iter().map(|s| s.to_string()).collect(),
    }
}
