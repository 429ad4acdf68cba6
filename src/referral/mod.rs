//! The referral rules engine: pure and deterministic. `evaluate(intake, directory, date)`
//! -> advice, every recommendation naming the rule that fired and why.

mod advice;
mod conditions;
mod engine;
pub mod intake_parse;
mod sessions;
mod site;

pub use advice::{Advice, CalendarGap, ConsentCheck, NextSession, Referral};
pub use engine::evaluate;
