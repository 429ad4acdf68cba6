//! The desk's vocabulary kept in the seed: concerns ticked at intake, the 福祉圏域
//! districts, the referral rules and the calendar. Plain data, no I/O.

use serde::{Deserialize, Serialize};

/// A concern on the intake check-list (seed/concerns.toml).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Concern {
    pub id: String,
    pub label: String,
    pub reading: String,
    /// One of the domains (高齢, 障がい, こども, 生活困窮, 保健・こころ, 人権・DV, 多文化,
    /// 地域・孤立), by domain id.
    pub domain: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    pub source: String,
}

/// A domain concerns belong to. Which domains count towards 複合, and how many make a
/// household complex, is the city's setting (desk.toml `[complex]`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: String,
    pub label: String,
    /// "Not sure" (not_sure) and the like do not count towards complexity.
    #[serde(default = "yes")]
    pub counts: bool,
}

fn yes() -> bool {
    true
}

/// A 福祉圏域 and the sites the plan lets us tie to it (seed/districts.toml).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct District {
    pub id: String,
    pub name: String,
    pub reading: String,
    /// Site ids tied to this district with certainty.
    #[serde(default)]
    pub sites: Vec<String>,
    /// Site ids that may serve it, to confirm (e.g. by address: the plan has no map).
    #[serde(default)]
    pub candidate_sites: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub source: String,
}

/// A closed day of the city (seed/calendar.toml).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// ISO date, e.g. "2026-04-29".
    pub date: String,
    pub name: String,
}

/// The year-end closure, month-day to month-day across the new year ("12-29" to "01-03").
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    pub from: String,
    pub to: String,
    pub name: String,
}

/// The city's operational settings for the desk (seed/desk.toml): not from the plan.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DeskSettings {
    /// Days without an answer after which a requested hand-off counts as expired.
    pub handoff_expiry_days: u32,
    /// What the desk counts as 複合 (desk.toml `[complex]`; the city's judgement).
    #[serde(default)]
    pub complex: ComplexSetting,
}

impl Default for DeskSettings {
    fn default() -> Self {
        DeskSettings {
            handoff_expiry_days: 14,
            complex: ComplexSetting::default(),
        }
    }
}

/// The city's own guide to a 複合 (complex) household: the plan speaks of
/// 複雑化・複合化した課題 and defines no count, so which domains count and how many make
/// a household complex is the city's judgement (desk.toml `[complex]`). A guide (目安):
/// the clerk decides whether to hand the case to 多機関協働事業.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ComplexSetting {
    /// Domain ids (concerns.toml) that count. A domain with `counts = false` never does.
    pub domains: Vec<String>,
    /// How many counted domains in one household make it 複合.
    pub min_domains: u8,
}

impl Default for ComplexSetting {
    fn default() -> Self {
        ComplexSetting {
            domains: ["elderly", "disability", "children", "poverty", "health", "rights"]
                .map(String::from)
                .to_vec(),
            min_domains: 2,
        }
    }
}
