//! Referral rules as data (seed/rules.toml). The engine in `referral/` evaluates them.

use super::intake::Consent;
use serde::{Deserialize, Serialize};

/// When a rule fires. Every condition given must hold; an empty condition never fires
/// (except for the fallback rule, which fires when nothing else did).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Someone in the household has one of these concerns (concern ids).
    #[serde(default)]
    pub concerns_any: Vec<String>,
    /// The household has every one of these concerns (in anyone).
    #[serde(default)]
    pub concerns_all: Vec<String>,
    /// With `concerns_any`: the person with the concern is at least / at most this old.
    /// Alone: someone in the household is.
    #[serde(default)]
    pub min_age: Option<u8>,
    #[serde(default)]
    pub max_age: Option<u8>,
    /// The household's concerns span at least this many counted domains (the domains
    /// of the city's 複合 setting, desk.toml `[complex]`).
    #[serde(default)]
    pub min_domains: Option<u8>,
    /// The household is 複合 by the city's setting (desk.toml `[complex]`): a guide
    /// (目安), the clerk decides.
    #[serde(default)]
    pub complex: Option<bool>,
    /// With `concerns_any`: the child the concern is about is at least / at most this
    /// old. The person with the concern when under 18, else the household's members
    /// under 18; an unknown age never excludes.
    #[serde(default)]
    pub child_min_age: Option<u8>,
    #[serde(default)]
    pub child_max_age: Option<u8>,
    #[serde(default)]
    pub consent: Option<Consent>,
    #[serde(default)]
    pub seeks_help: Option<bool>,
    /// A school is given (さわやか相談室 by school).
    #[serde(default)]
    pub has_school: Option<bool>,
    /// The person consults in a language other than Japanese.
    #[serde(default)]
    pub foreign_language: Option<bool>,
    /// Fires only when no other rule did.
    #[serde(default)]
    pub fallback: bool,
}

/// How to choose the site of a recommended program.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum SitePick {
    /// No site: the program's section.
    #[default]
    None,
    /// The site of the program tied to the intake's district.
    District,
    /// The さわやか相談室 of the intake's school.
    School,
    /// The program's only site, if it has exactly one.
    Only,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Recommend {
    pub program: String,
    #[serde(default)]
    pub site: SitePick,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    /// 1 is shown first.
    pub priority: u8,
    #[serde(default)]
    pub urgent: bool,
    /// The case goes to 多機関協働事業 and one of its meetings.
    #[serde(default)]
    pub multi_agency: bool,
    pub when: Condition,
    pub recommend: Vec<Recommend>,
    /// Shown to staff: why this program.
    pub reason: String,
    pub source: String,
}
