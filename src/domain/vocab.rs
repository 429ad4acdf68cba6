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

/// A domain concerns belong to; two or more in one household make a complex case.
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
}

impl Default for DeskSettings {
    fn default() -> Self {
        DeskSettings {
            handoff_expiry_days: 14,
        }
    }
}
