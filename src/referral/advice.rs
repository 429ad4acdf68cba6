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
    /// 重層的支援会議 (consent given) or 支援会議 (consent cannot be obtained: refused).
    /// None while consent is not yet confirmed (未確認): see `consent_check`.
    pub meeting: Option<String>,
    pub meeting_id: Option<String>,
    /// The meeting's members are bound by confidentiality (法第106条の6).
    pub meeting_confidential: bool,
    pub urgent: bool,
    pub next_sessions: Vec<NextSession>,
    /// The domains the household's concerns span (labels), for the reason text.
    pub domains: Vec<String>,
    /// A multi-agency case whose consent is not yet confirmed: ask first.
    pub consent_check: Option<ConsentCheck>,
    /// Desk dates left out because the seed's holiday calendar ends (or has not begun).
    pub calendar_gap: Option<CalendarGap>,
}

/// Consent is 未確認 on a multi-agency case: the meeting depends on the answer
/// (plan 3(3) 多機関協働事業 「原則、本人同意を得る」; 4(1) and 4(2)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsentCheck {
    /// Shown to staff (Japanese).
    pub message: String,
    /// The meeting when consent is given (重層的支援会議, 4(1)).
    pub if_given: Option<String>,
    /// The meeting when consent cannot be obtained (支援会議, 4(2), 法第106条の6).
    pub if_not_obtained: Option<String>,
}

/// Desk dates are projected only in the years the seed's holiday calendar covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CalendarGap {
    /// The last day the calendar covers (ISO), if it has any holiday.
    pub calendar_until: Option<String>,
    /// Shown to staff (Japanese).
    pub message: String,
}
