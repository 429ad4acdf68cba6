//! The city's directory: the seed (valid, invalid, the plan's facts, the desk vocabulary), search and `tsunagu find`, the referral rules, and hostile inputs of every reader.
//!
//! One test binary per theme (issue 12): each module was its own `tests/*.rs` binary.

mod bad_inputs;
mod find_cli;
mod referral;
mod search;
mod search_fast;
mod seed_invalid;
mod seed_plan;
mod seed_vocab;
