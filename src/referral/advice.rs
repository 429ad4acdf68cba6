//! What the engine answers.

use serde::Serialize;

/// One recommended program (and section, and site where one can be chosen).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Referral {
    /// The program's name (the plan's heading).
    pub program: String,
    pub program_id: String,
    /// The service name (the plan's service line).
    pub service: String,
    /// Owning section names, joined with 、.
    pub section: String,
    pub section_ids: Vec<String>,
    /// The chosen site, if one could be chosen.
    pub site: Option<String>,
    pub site_id: Option<String>,
    /// Sites to confirm (e.g. by address) when none is certain.
    pub site_candidates: Vec<String>,
    /// Why: the rule's reason, with who in the household it is about.
    pub reason: String,
    pub rule: String,
    pub priority: u8,
    pub urgent: bool,
    /// Anything staff should check (an age outside an approximate range, ...).
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextSession {
    /// The service name of the scheduled desk's program.
    pub program: String,
    pub language: String,
    /// The language as the plan names it.
    pub label: String,
    /// ISO date.
    pub date: String,
    pub reservation_required: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Advice {
    pub referrals: Vec<Referral>,
    /// The case belongs to 多機関協働事業.
    pub multi_agency: bool,
    /// 重層的支援会議 (consent given) or 支援会議 (consent refused or not yet asked).
    pub meeting: Option<String>,
    pub meeting_id: Option<String>,
    /// The meeting's members are bound by confidentiality (法第106条の6).
    pub meeting_confidential: bool,
    pub urgent: bool,
    pub next_sessions: Vec<NextSession>,
    /// The domains the household's concerns span (labels), for the reason text.
    pub domains: Vec<String>,
}
