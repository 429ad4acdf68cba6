//! The screens and keys: 80x24 snapshots of every tab, intake, cases, meetings, the figures (集計 and `tsunagu report`), site roles, UI strings' widths, the keymap.
//!
//! One test binary per theme (issue 12): each module was its own `tests/*.rs` binary.

#[path = "../common/mod.rs"]
mod common;

mod keymap;
mod layout_check;
mod report;
mod site_roles;
mod store_worker;
mod ui_cases;
mod ui_intake;
mod ui_meetings;
mod ui_reasons;
mod ui_returning;
mod ui_snapshots;
mod ui_strings;
