//! The year's figures (集計): the plan's targets against what was done, and the desk's
//! consultations, hand-offs and meetings of one fiscal year (April to March).
//!
//! [`compute`] is a pure function of records already read; [`load`] reads exactly what
//! it needs from a [`Store`]. [`Figures`] holds counts, ids and labels only: no names,
//! notes, addresses, case numbers or staff names. The one text taken from a record is a
//! meeting's 社会資源の不足 note, which names the missing resource (the plan's 4(1) III),
//! not a person.
//!
//! # Definitions
//!
//! * **Fiscal year** — April 1 to March 31, named by the western year it starts in
//!   (2026 = 令和8年度 = 2026/4-2027/3). A case belongs to the year of the *local date*
//!   written in its `received_at` (2027-03-31T23:59+09:00 is FY2026; 2027-04-01T00:00+09:00
//!   is FY2027), never of its UTC date. A meeting belongs to the year of its `date`.
//! * **Cases** (案件) — the cases received (opened) in the year: one per person or
//!   household the desk opened a case for.
//! * **Consultations** (相談) — every consultation taken in the year: the first one of
//!   each case received in the year, plus each 相談記録 dated in the year (a later
//!   consultation added to a case already open, of this year or an earlier one). A
//!   相談記録 is a consultation, never a new case. By month (April first), channel and
//!   desk of each consultation; by concern and by domain each consultation counts once
//!   per concern / domain ticked (for a case, for anyone in the household; two concerns
//!   of one domain count once for the domain). Concerns the directory does not know are
//!   counted together under `?`. 複合 counts cases (households), not consultations.
//! * **Hand-offs** — the hand-offs of the year's cases, whenever they were requested.
//! * **Median days to acceptance** — for each of those hand-offs whose history has an
//!   `accepted` change, the time from `requested_at` to the first such change, in days
//!   (fractional, to 0.1); the median of these (mean of the middle two for an even
//!   count). `None` when no hand-off was accepted.
//! * **Overdue** — hand-offs still `requested` for `dir.desk.handoff_expiry_days` days
//!   or more on `today` ([`Handoff::is_overdue`](crate::domain::Handoff::is_overdue)), plus those already `expired`.
//! * **Target `meetings_held`** (重層的支援会議・支援会議の開催回数) — meetings held in
//!   the year whose kind belongs to the target's program: 重層的支援会議 and 支援会議
//!   both count.
//! * **Target `cases_handled`** (取り扱うケース件数) — distinct cases that either
//!   (a) were received in the year and have a hand-off to the target's program
//!   (`takikan`) that was not returned (requested, accepted, done or expired all count),
//!   or (b) were discussed at a meeting of that program held in the year (a case carried
//!   over from an earlier year counts through (b) only).
//! * **Progress** — actual / target, in whole percent (rounded half up; may pass 100);
//!   `None` for a target of 0 or an indicator this module cannot measure.
//! * **社会資源の不足** — every case decision `resource_shortage` at a meeting of the year:
//!   the meeting's date and kind and the note (the missing resource). Meetings of a kind
//!   the directory marks confidential (支援会議, 法第106条の6) are flagged.

mod compute;
pub mod fmt;
pub mod view;
pub mod words;

pub use compute::compute;

use crate::domain::{Channel, Directory, HandoffStatus};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Target id: meetings held (重層的支援会議・支援会議の開催回数).
pub const TARGET_MEETINGS: &str = "meetings_held";
/// Target id: cases handled by the program (取り扱うケース件数).
pub const TARGET_CASES: &str = "cases_handled";
/// The id under which records the directory does not know are counted together.
pub const UNKNOWN: &str = "?";

/// The figures of one fiscal year. Counts, ids and labels only: no personal data.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Figures {
    /// Western year the fiscal year starts in (令和8年度 = 2026).
    pub fiscal_year: i32,
    /// 令和8年度.
    pub label: String,
    /// First and last day of the year (2026-04-01, 2027-03-31).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The day the figures were computed for (overdue hand-offs depend on it).
    pub as_of: NaiveDate,
    /// The plan's targets for this year, in the seed's order (none for a year without).
    pub targets: Vec<TargetFigure>,
    pub consultations: Consultations,
    pub handoffs: HandoffFigures,
    pub meetings: MeetingFigures,
    /// 社会資源の不足, by meeting date.
    pub resource_shortages: Vec<ResourceShortage>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct TargetFigure {
    pub id: String,
    pub program: String,
    /// 指標, in the plan's words.
    pub indicator: String,
    /// 回, 件.
    pub unit: String,
    pub target: u32,
    /// None: an indicator this module does not know how to measure.
    pub actual: Option<u32>,
    pub progress_percent: Option<u32>,
    /// Where in the plan ("5").
    pub source: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Consultations {
    /// Consultations: `cases` plus `records`.
    pub total: u32,
    /// Cases received (opened) in the year.
    pub cases: u32,
    /// 相談記録 dated in the year (later consultations added to a case).
    pub records: u32,
    /// Twelve months, April first.
    pub by_month: Vec<MonthCount>,
    /// Every channel, in [`Channel::ALL`] order.
    pub by_channel: Vec<ChannelCount>,
    /// Desks seen, most first (then by name).
    pub by_desk: Vec<Count>,
    /// Every concern of the directory in its order, then `?` when any was unknown.
    pub by_concern: Vec<Count>,
    /// Every domain of the directory in its order (households), then `?` when any.
    pub by_domain: Vec<Count>,
    /// Households 複合 by the city's guide (desk.toml [complex]: which domains count,
    /// how many).
    pub complex: u32,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthCount {
    pub year: i32,
    pub month: u32,
    pub count: u32,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChannelCount {
    pub channel: Channel,
    pub count: u32,
    /// Share of all consultations, whole percent.
    pub percent: u32,
}

/// A count under an id of the directory (or a desk name) and its label as the
/// directory gives it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Count {
    pub id: String,
    pub label: String,
    pub count: u32,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusCount {
    pub status: HandoffStatus,
    pub count: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SectionCount {
    /// Section id.
    pub id: String,
    /// Section name (the id when the directory no longer has it).
    pub label: String,
    pub total: u32,
    /// Every status, in [`HandoffStatus::ALL`] order.
    pub by_status: Vec<StatusCount>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct HandoffFigures {
    pub total: u32,
    /// Every status, in [`HandoffStatus::ALL`] order.
    pub by_status: Vec<StatusCount>,
    /// Receiving sections in the directory's order, then unknown ids.
    pub by_section: Vec<SectionCount>,
    /// Median days from request to acceptance, to 0.1 day; None without data.
    pub median_days_to_accept: Option<f64>,
    /// How many accepted hand-offs the median is taken over.
    pub accepted_measured: u32,
    /// The desk's setting the overdue count uses.
    pub expiry_days: u32,
    /// Still requested after `expiry_days` days.
    pub overdue_requested: u32,
    /// Marked expired.
    pub expired: u32,
    /// `overdue_requested + expired`.
    pub overdue: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct MeetingFigures {
    pub total: u32,
    /// Every meeting kind of the directory in its order, then unknown kinds.
    pub by_kind: Vec<MeetingKindCount>,
    /// Distinct cases discussed (a count only).
    pub cases_discussed: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MeetingKindCount {
    /// The seed's meeting id (jusouteki_kaigi, shien_kaigi).
    pub kind: String,
    pub name: String,
    /// 支援会議: confidential by law (法第106条の6).
    pub confidential: bool,
    pub count: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ResourceShortage {
    pub date: NaiveDate,
    pub kind: String,
    /// The meeting's name.
    pub name: String,
    pub confidential: bool,
    /// The missing resource, as recorded.
    pub note: String,
}

/// First and last day of a fiscal year; None for a year the calendar cannot hold.
pub fn fy_range(fy: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(fy, 4, 1)?,
        NaiveDate::from_ymd_opt(fy.checked_add(1)?, 3, 31)?,
    ))
}

/// Read the year's records and compute its figures, in one store call
/// ([`Store::report_input`]: one round trip through the service): the cases received in
/// the year with their hand-offs, the earlier cases with a 相談記録 of the year, and the
/// meetings held in it.
pub fn load(store: &dyn Store, fy: i32, dir: &Directory, today: NaiveDate) -> Result<Figures, StoreError> {
    let Some((from, to)) = fy_range(fy) else {
        return Ok(compute(fy, dir, &[], &[], &[], today));
    };
    let input = store.report_input(from, to)?;
    Ok(compute(
        fy,
        dir,
        &input.cases,
        &input.handoffs,
        &input.meetings,
        today,
    ))
}

impl Figures {
    /// A target's figure by id.
    pub fn target(&self, id: &str) -> Option<&TargetFigure> {
        self.targets.iter().find(|t| t.id == id)
    }

    /// Hand-offs of a status.
    pub fn handoffs_with(&self, status: HandoffStatus) -> u32 {
        self.handoffs
            .by_status
            .iter()
            .find(|s| s.status == status)
            .map_or(0, |s| s.count)
    }

    /// Consultations through a channel.
    pub fn channel(&self, channel: Channel) -> Option<&ChannelCount> {
        self.consultations
            .by_channel
            .iter()
            .find(|c| c.channel == channel)
    }
}
