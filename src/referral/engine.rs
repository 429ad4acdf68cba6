//! Evaluate the seed's referral rules against one intake.

use super::advice::{Advice, ConsentCheck, Referral};
use super::conditions::{household_domains, in_range, matches};
use super::site::pick_site;
use crate::domain::{Consent, ConsentRule, Directory, Intake, Meeting, Person, Program, Recommend, Rule};
use chrono::NaiveDate;

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
    let household_wide = rule.when.min_domains.is_some() || rule.when.complex.is_some();
    if household_wide && !domains.is_empty() {
        reason.push_str(&format!(" [{}]", domains.join("+")));
    }
    let about: Vec<String> = who
        .iter()
        .filter_map(|&i| intake.people.get(i))
        .map(|p| person_label(dir, p, &rule.when.concerns_any))
        .collect();
    if !about.is_empty() && !household_wide {
        reason.push_str(&format!(": {}", about.join("、")));
    }
    let guide = (rule.when.complex == Some(true)).then(|| complex_guide_note(dir));
    let notes: Vec<String> = [guide, eligibility_note(program, intake, who), site.note]
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

/// The city's 複合 guide, as a note on the 多機関協働事業 suggestion: it is the city's
/// setting (desk.toml), not the plan's, and the clerk decides.
fn complex_guide_note(dir: &Directory) -> String {
    let c = &dir.desk.complex;
    let labels: Vec<&str> = c
        .domains
        .iter()
        .filter_map(|d| dir.domain(d).map(|d| d.label.as_str()))
        .collect();
    format!(
        "市の目安: つなぐかは職員が判断 ({} のうち{}分野以上。計画に件数の基準なし)",
        labels.join("、"),
        c.min_domains
    )
}

/// The meeting for a multi-agency case by the person's consent (plan 4): with consent
/// 重層的支援会議 (4(1) 「本人同意を得たケース」), without 支援会議 (4(2) 「本人から同意が
/// 得られない」). Not yet confirmed: no meeting, ask first (3(3) 「原則、本人同意を得る」).
fn meeting_for(dir: &Directory, consent: Consent) -> Option<&Meeting> {
    let want = match consent {
        Consent::Given => ConsentRule::ConsentGiven,
        Consent::Refused => ConsentRule::WithoutConsent,
        Consent::Unknown => return None,
    };
    dir.meetings.iter().find(|m| m.consent == want)
}

fn consent_check(dir: &Directory) -> ConsentCheck {
    let name = |rule: ConsentRule| {
        dir.meetings
            .iter()
            .find(|m| m.consent == rule)
            .map(|m| m.name.clone())
    };
    let if_given = name(ConsentRule::ConsentGiven);
    let if_not_obtained = name(ConsentRule::WithoutConsent);
    let message = format!(
        "本人同意が未確認: まず関係機関との情報共有への同意を確認 (多機関協働事業は原則、本人同意を得る)。同意あり -> {} / 同意が得られない -> {}",
        if_given.as_deref().unwrap_or("-"),
        if_not_obtained.as_deref().unwrap_or("-")
    );
    ConsentCheck {
        message,
        if_given,
        if_not_obtained,
    }
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
        .filter_map(|r| matches(r, intake, dir, domains.len()).map(|who| (r, who)))
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
            match referrals.iter_mut().find(|r| r.program_id == new.program_id) {
                Some(r) => *r = merge(r.clone(), new),
                None => referrals.push(new),
            }
        }
    }
    // urgent first, then priority; the seed's order breaks ties (stable sort).
    referrals.sort_by_key(|r| (!r.urgent, r.priority));
    let multi_agency = fired.iter().any(|(r, _)| r.multi_agency);
    let meeting = multi_agency.then(|| meeting_for(dir, intake.consent)).flatten();
    let (next_sessions, calendar_gap) = super::sessions::next_sessions(dir, intake, today);
    Advice {
        urgent: referrals.iter().any(|r| r.urgent),
        referrals,
        multi_agency,
        meeting: meeting.map(|m| m.name.clone()),
        meeting_id: meeting.map(|m| m.id.clone()),
        meeting_confidential: meeting.is_some_and(|m| m.confidential),
        next_sessions,
        domains: domain_labels.iter().map(|s| s.to_string()).collect(),
        consent_check: (multi_agency && intake.consent == Consent::Unknown).then(|| consent_check(dir)),
        calendar_gap,
    }
}
