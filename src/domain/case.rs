//! Cases and hand-offs: what the desk keeps of a consultation and where it was sent.
//! Personal fields live only here: never in keys, logs or error text.

use super::intake::{Channel, Intake};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Name and contact of the person: all optional (anonymous consultations are normal).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Personal {
    pub name: Option<String>,
    pub kana: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

impl Personal {
    pub fn is_empty(&self) -> bool {
        [&self.name, &self.kana, &self.phone, &self.address]
            .iter()
            .all(|f| f.as_deref().is_none_or(|s| s.trim().is_empty()))
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CaseNote {
    pub at: String,
    pub by: String,
    pub text: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Case {
    /// R8-000123: 令和 year of the fiscal year, then a sequence within it.
    pub number: String,
    /// Western year the fiscal year starts in (令和8年度 = 2026).
    pub fiscal_year: i32,
    pub seq: u32,
    /// RFC 3339 local time the consultation was received.
    pub received_at: String,
    /// The desk that logged it (総合相談支援室, 東金子地区センター, ...).
    pub desk: String,
    /// Who logged it (user name), when known.
    pub staff: Option<String>,
    pub intake: Intake,
    pub personal: Personal,
    /// 秘匿: personal fields hidden from all but the desk, the receiving section and
    /// coordinators. DV cases are restricted.
    pub restricted: bool,
    pub notes: Vec<CaseNote>,
    pub closed_at: Option<String>,
    pub closing_note: Option<String>,
    /// 相談記録: later consultations about this case (a returning resident, a call a
    /// week later), oldest first. Added at intake instead of opening a new case; each
    /// counts as a consultation, not as a case. Absent in exports written before they
    /// existed (read as none); stored values of the older shape are read by the store
    /// (store/legacy.rs).
    #[serde(default)]
    pub consultations: Vec<Consultation>,
}

/// 相談記録: one later consultation about a case already open, as the intake recorded
/// it: when, how, where and by whom, the concerns ticked and the 相談内容.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Consultation {
    /// RFC 3339 local time the consultation was received.
    pub at: String,
    pub channel: Channel,
    /// The desk that took it.
    pub desk: String,
    /// Who took it (user name): whoever adds it.
    pub by: String,
    /// The concern ids ticked at intake (any member), each once.
    pub concerns: Vec<String>,
    /// 相談内容. Personal: never logged.
    pub note: Option<String>,
}

/// An intake being typed, saved continuously so nothing typed is lost.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Draft {
    pub desk: String,
    /// RFC 3339 time of the last change.
    pub saved_at: String,
    /// When the consultation started (stamped when the form was opened).
    pub started_at: String,
    pub intake: Intake,
    pub personal: Personal,
    pub restricted: bool,
    /// Programs staff added by hand (from search), beside the rules' suggestions: a
    /// program id, or `program@site` when it was added from one of its sites.
    pub programs: Vec<String>,
}

/// The fiscal year (April to March) a date falls in, as the western year it starts in.
pub fn fiscal_year(date: NaiveDate) -> i32 {
    if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// 令和 year of a western fiscal year (2026 -> 8).
pub fn reiwa(fy: i32) -> i32 {
    fy - 2018
}

/// The case number for a fiscal year and sequence: R8-000123.
pub fn case_number(fy: i32, seq: u32) -> String {
    format!("R{}-{seq:06}", reiwa(fy))
}

/// The highest sequence a case number holds (six digits).
pub const MAX_CASE_SEQ: u32 = 999_999;
/// The first fiscal year with case numbers (令和元年度).
pub const FIRST_CASE_FY: i32 = 2019;
/// The last fiscal year with case numbers (a three-digit 令和 year).
pub const LAST_CASE_FY: i32 = 2018 + 999;

/// The fiscal year and sequence of a well-formed case number: `R`, the 令和 year (1 to
/// 999, no leading zero), `-`, six digits (000001 to 999999). Anything else (`../`,
/// control characters, other lengths) is None.
pub fn parse_case_number(number: &str) -> Option<(i32, u32)> {
    let rest = number.strip_prefix('R')?;
    let (era, seq) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(era) || era.len() > 3 || era.starts_with('0') || seq.len() != 6 || !digits(seq) {
        return None;
    }
    let era: i32 = era.parse().ok()?;
    let seq: u32 = seq.parse().ok()?;
    if seq == 0 {
        return None;
    }
    Some((era + 2018, seq))
}

/// A case number as a clerk types it, in its stored form: `R8-000002`, `R8-2`, `r8-2`
/// or just `2` (sequence 2 of fiscal year `fy`); full-width digits and letters from an
/// IME count as their ASCII forms. None for anything that is not a case number (the
/// result always passes [`parse_case_number`]).
pub fn case_number_as_typed(typed: &str, fy: i32) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    // A run of 1 to `max` ASCII digits as a number.
    let digits = |s: &str, max: usize| -> Option<u64> {
        if s.is_empty() || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    // Spaces dropped; the long-vowel mark or a minus sign an IME gives for '-' read as it.
    let t: String = typed
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == 'ー' || c == '−' { '-' } else { c })
        .collect::<String>()
        .to_uppercase();
    let (year, seq) = match t.strip_prefix('R') {
        Some(rest) => {
            let (era, seq) = rest.split_once('-')?;
            let era: i32 = digits(era, 3)?.try_into().ok()?;
            (era.checked_add(2018)?, seq)
        }
        None => (fy, t.as_str()),
    };
    let seq = u32::try_from(digits(seq, 6)?).ok()?;
    if seq == 0 || seq > MAX_CASE_SEQ {
        return None;
    }
    let number = case_number(year, seq);
    parse_case_number(&number).map(|_| number)
}

/// Is `number` the case number of `fy` and `seq` (and well formed)?
pub fn case_number_matches(number: &str, fy: i32, seq: u32) -> bool {
    parse_case_number(number) == Some((fy, seq))
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum HandoffStatus {
    Requested,
    Accepted,
    Done,
    Returned,
    Expired,
}

impl HandoffStatus {
    pub const ALL: [HandoffStatus; 5] = [
        HandoffStatus::Requested,
        HandoffStatus::Accepted,
        HandoffStatus::Done,
        HandoffStatus::Returned,
        HandoffStatus::Expired,
    ];
    pub fn label_ja(self) -> &'static str {
        match self {
            HandoffStatus::Requested => "依頼中",
            HandoffStatus::Accepted => "受理",
            HandoffStatus::Done => "完了",
            HandoffStatus::Returned => "差戻し",
            HandoffStatus::Expired => "期限切れ",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            HandoffStatus::Requested => "requested",
            HandoffStatus::Accepted => "accepted",
            HandoffStatus::Done => "done",
            HandoffStatus::Returned => "returned",
            HandoffStatus::Expired => "expired",
        }
    }
    /// A stable one-byte code for index keys.
    pub fn code(self) -> u8 {
        match self {
            HandoffStatus::Requested => 1,
            HandoffStatus::Accepted => 2,
            HandoffStatus::Done => 3,
            HandoffStatus::Returned => 4,
            HandoffStatus::Expired => 5,
        }
    }
    /// Is a change from `self` to `to` allowed? requested -> accepted | returned | expired;
    /// accepted -> done | returned; expired -> accepted | returned (a late answer).
    pub fn can_become(self, to: HandoffStatus) -> bool {
        use HandoffStatus::*;
        matches!(
            (self, to),
            (Requested, Accepted | Returned | Expired)
                | (Accepted, Done | Returned)
                | (Expired, Accepted | Returned)
        )
    }
    pub fn is_open(self) -> bool {
        matches!(
            self,
            HandoffStatus::Requested | HandoffStatus::Accepted | HandoffStatus::Expired
        )
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct StatusChange {
    pub at: String,
    pub to: HandoffStatus,
    pub by: String,
    /// Required when returned.
    pub reason: Option<String>,
}

/// A case handed to a program and section (つなぐ).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Handoff {
    pub case: String,
    /// 1, 2, ... within the case.
    pub seq: u32,
    pub program: String,
    /// Receiving section id.
    pub section: String,
    pub site: Option<String>,
    /// Why (from the referral advice) and what the person needs.
    pub reasons: Vec<String>,
    pub note: String,
    pub from_desk: String,
    pub requested_at: String,
    pub status: HandoffStatus,
    pub history: Vec<StatusChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a hand-off cannot go from {from:?} to {to:?}")]
    NotAllowed { from: HandoffStatus, to: HandoffStatus },
    #[error("returning a hand-off needs a reason")]
    ReasonRequired,
}

impl Handoff {
    /// Change status, keeping the change in the history.
    pub fn transition(
        &mut self,
        to: HandoffStatus,
        at: &str,
        by: &str,
        reason: Option<String>,
    ) -> Result<(), TransitionError> {
        if !self.status.can_become(to) {
            return Err(TransitionError::NotAllowed {
                from: self.status,
                to,
            });
        }
        let reason = reason.filter(|r| !r.trim().is_empty());
        if to == HandoffStatus::Returned && reason.is_none() {
            return Err(TransitionError::ReasonRequired);
        }
        self.status = to;
        self.history.push(StatusChange {
            at: at.to_string(),
            to,
            by: by.to_string(),
            reason,
        });
        Ok(())
    }

    /// Requested for longer than `days` (by the date part of the RFC 3339 times)?
    pub fn is_overdue(&self, today: NaiveDate, days: u32) -> bool {
        self.status == HandoffStatus::Requested
            && date_of(&self.requested_at).is_some_and(|d| (today - d).num_days() >= i64::from(days))
    }
}

/// The date part of an RFC 3339 time.
pub fn date_of(rfc3339: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(rfc3339.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_in_every_form_a_clerk_types() {
        let fy = 2026;
        for typed in [
            "R8-000002",
            "R8-2",
            "r8-2",
            "2",
            " 000002 ",
            "Ｒ８－２",
            "２",
            "R8-02",
        ] {
            assert_eq!(
                case_number_as_typed(typed, fy).as_deref(),
                Some("R8-000002"),
                "{typed}"
            );
        }
        assert_eq!(case_number_as_typed("R7-15", fy).as_deref(), Some("R7-000015"));
        assert_eq!(case_number_as_typed("999999", 2025).as_deref(), Some("R7-999999"));
        for bad in [
            "",
            "0",
            "R8-0",
            "1234567",
            "R8-1234567",
            "R-2",
            "8-2",
            "abc",
            "R8-",
            "-2",
            "R8-2-3",
            "../x",
            "+2",
            "R8-+2",
        ] {
            assert_eq!(case_number_as_typed(bad, fy), None, "{bad:?}");
        }
    }

    fn handoff() -> Handoff {
        Handoff {
            case: "R8-000001".into(),
            seq: 1,
            program: "chiiki_houkatsu".into(),
            section: "koureisha_shien".into(),
            site: None,
            reasons: vec![],
            note: String::new(),
            from_desk: "総合相談支援室".into(),
            requested_at: "2026-11-26T14:10:00+09:00".into(),
            status: HandoffStatus::Requested,
            history: vec![],
        }
    }

    #[test]
    fn lifecycle_allows_only_the_plan_of_states() {
        let mut h = handoff();
        assert!(h.transition(HandoffStatus::Done, "t", "x", None).is_err());
        h.transition(HandoffStatus::Accepted, "t1", "sec", None).unwrap();
        assert!(h.transition(HandoffStatus::Accepted, "t", "x", None).is_err());
        h.transition(HandoffStatus::Done, "t2", "sec", None).unwrap();
        for to in HandoffStatus::ALL {
            assert!(h.transition(to, "t", "x", None).is_err(), "done is final: {to:?}");
        }
        assert_eq!(h.history.len(), 2);
    }

    #[test]
    fn return_needs_a_reason_and_expiry_counts_days() {
        let mut h = handoff();
        assert_eq!(
            h.transition(HandoffStatus::Returned, "t", "x", Some(" ".into())),
            Err(TransitionError::ReasonRequired)
        );
        let d = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        assert!(h.is_overdue(d, 14));
        assert!(!h.is_overdue(d, 15));
        h.transition(HandoffStatus::Expired, "t", "system", None).unwrap();
        h.transition(HandoffStatus::Accepted, "t", "sec", None).unwrap();
    }

    #[test]
    fn numbers_by_fiscal_year() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(fiscal_year(d(2027, 3, 31)), 2026);
        assert_eq!(fiscal_year(d(2027, 4, 1)), 2027);
        assert_eq!(case_number(2026, 123), "R8-000123");
    }

    #[test]
    fn only_well_formed_case_numbers_parse() {
        assert_eq!(parse_case_number("R8-000123"), Some((2026, 123)));
        assert_eq!(parse_case_number("R1-999999"), Some((2019, 999_999)));
        assert_eq!(parse_case_number("R123-000001"), Some((2141, 1)));
        for bad in [
            "",
            "R8-000000",
            "R8-00123",
            "R8-0001234",
            "R08-000001",
            "R0-000001",
            "R8-00012a",
            "R8-../../x",
            "../R8-000001",
            "R8-000001\u{1b}[2J",
            "r8-000001",
            "R8_000001",
            "R-1-000001",
            "R1234-000001",
            "R8-+00001",
            " R8-000001",
        ] {
            assert_eq!(parse_case_number(bad), None, "{bad:?}");
        }
        assert!(case_number_matches("R8-000123", 2026, 123));
        assert!(!case_number_matches("R8-000123", 2026, 124));
        assert!(!case_number_matches("R8-000123", 2027, 123));
    }
}
