//! The store: cases, hand-offs, meetings, expiry, erasure, the JSON-lines archive, roles and masking (the guard), seed replication.
//!
//! One test binary per theme (issue 12): each module was its own `tests/*.rs` binary.

#[path = "../common/mod.rs"]
mod common;

mod archive;
mod case_search;
mod permissions;
mod replicate;
mod report_input;
mod store_cases;
mod store_erase;
mod store_expire;
mod store_meetings;
