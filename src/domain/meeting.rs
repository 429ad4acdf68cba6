//! Records of the two statutory meetings of 多機関協働事業: 重層的支援会議 (cases whose
//! consent is on record) and 支援会議 (法第106条の6: without consent, members bound by
//! confidentiality), and what each decided per case.

use super::case::Case;
use super::directory::{ConsentRule, Directory};
use super::intake::Consent;
use serde::{Deserialize, Serialize};

/// What a meeting decided for one case (plan 4(1) I-III, 4(2)).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 支援プランの承認 (適切性の協議)
    PlanApproved,
    /// 支援継続
    Continue,
    /// モニタリング
    Monitoring,
    /// 終結 (with the closing evaluation)
    Close,
    /// 社会資源の不足 (gathered as a regional issue)
    ResourceShortage,
    /// 情報共有・見守り (支援会議: 気になる事例の情報共有、見守り及び支援方針の理解)
    WatchAndShare,
}

impl Decision {
    pub const ALL: [Decision; 6] = [
        Decision::PlanApproved,
        Decision::Continue,
        Decision::Monitoring,
        Decision::Close,
        Decision::ResourceShortage,
        Decision::WatchAndShare,
    ];
    pub fn label_ja(self) -> &'static str {
        match self {
            Decision::PlanApproved => "プラン承認",
            Decision::Continue => "支援継続",
            Decision::Monitoring => "モニタリング",
            Decision::Close => "終結",
            Decision::ResourceShortage => "社会資源の不足",
            Decision::WatchAndShare => "情報共有・見守り",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Decision::PlanApproved => "plan approved",
            Decision::Continue => "continue",
            Decision::Monitoring => "monitoring",
            Decision::Close => "close",
            Decision::ResourceShortage => "missing resource",
            Decision::WatchAndShare => "share and watch",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::PlanApproved => "plan_approved",
            Decision::Continue => "continue",
            Decision::Monitoring => "monitoring",
            Decision::Close => "close",
            Decision::ResourceShortage => "resource_shortage",
            Decision::WatchAndShare => "watch_and_share",
        }
    }
}

/// One case discussed at a meeting.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CaseDecision {
    pub case: String,
    pub decision: Decision,
    /// The closing evaluation (終結), the missing resource (社会資源の不足), or a note.
    pub note: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MeetingRecord {
    /// M8-0001: 令和 year of the fiscal year, then a sequence.
    pub id: String,
    /// The seed's meeting id (jusouteki_kaigi, shien_kaigi).
    pub kind: String,
    /// ISO date held.
    pub date: String,
    pub fiscal_year: i32,
    /// Attending sections (section ids).
    pub sections: Vec<String>,
    /// Other attending agencies, by name (社会福祉協議会, 地域包括支援センター(藤沢), ...).
    pub agencies: Vec<String>,
    pub cases: Vec<CaseDecision>,
    /// 支援会議: confidential by law (法第106条の6); shown as such everywhere.
    pub confidential: bool,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// Why a case cannot be discussed at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingError {
    #[error("unknown meeting kind {0}")]
    UnknownKind(String),
    #[error("case {case}: consent is not on record; it can be discussed only at a 支援会議")]
    ConsentRequired { case: String },
    #[error("case {case} is not in the store")]
    UnknownCase { case: String },
    #[error("case {case} is listed twice")]
    Duplicate { case: String },
    #[error("case {case}: {decision:?} needs a note")]
    NoteRequired { case: String, decision: Decision },
}

impl MeetingError {
    /// The reason, for the desk, in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            MeetingError::UnknownKind(k) => format!("会議の種類が不明です: {k}"),
            MeetingError::ConsentRequired { case } => format!(
                "{case}: 本人同意が記録されていないため、重層的支援会議では扱えません。支援会議 (法第106条の6) で扱ってください"
            ),
            MeetingError::UnknownCase { case } => format!("{case}: 案件がありません"),
            MeetingError::Duplicate { case } => format!("{case}: 同じ案件が2回あります"),
            MeetingError::NoteRequired { case, decision } => {
                let what = match decision {
                    Decision::Close => "終結の評価",
                    _ => "不足している社会資源",
                };
                format!("{case}: {what}を記入してください")
            }
        }
    }
}

/// The plan's rules for who may be discussed where: a 重層的支援会議 needs the person's
/// consent on record; a case whose consent is refused or unknown goes to a 支援会議.
/// Closing and a missing resource need their text.
pub fn check_meeting(m: &MeetingRecord, cases: &[Case], dir: &Directory) -> Result<(), MeetingError> {
    let kind = dir
        .meeting(&m.kind)
        .ok_or_else(|| MeetingError::UnknownKind(m.kind.clone()))?;
    let mut seen = std::collections::HashSet::new();
    for d in &m.cases {
        if !seen.insert(&d.case) {
            return Err(MeetingError::Duplicate { case: d.case.clone() });
        }
        let case = cases
            .iter()
            .find(|c| c.number == d.case)
            .ok_or_else(|| MeetingError::UnknownCase { case: d.case.clone() })?;
        if kind.consent == ConsentRule::ConsentGiven && case.intake.consent != Consent::Given {
            return Err(MeetingError::ConsentRequired { case: d.case.clone() });
        }
        if matches!(d.decision, Decision::Close | Decision::ResourceShortage) && d.note.trim().is_empty() {
            return Err(MeetingError::NoteRequired {
                case: d.case.clone(),
                decision: d.decision,
            });
        }
    }
    Ok(())
}

/// The meeting number for a fiscal year and sequence: M8-0001.
pub fn meeting_number(fy: i32, seq: u32) -> String {
    format!("M{}-{seq:04}", super::case::reiwa(fy))
}
