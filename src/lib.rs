//! tsunagu (つなぐ): the front-line welfare consultation desk of Iruma city.
//!
//! Data flows one way: seed TOML -> [`seed`] (validated [`domain::Directory`]) ->
//! [`store`] (sled replica) -> [`search`] / screens and CLI.

// CI keeps src free of unwrap and expect (issue 12); tests may use them.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod calendar;
pub mod cli;
pub mod config;
pub mod domain;
pub mod files;
pub mod i18n;
pub mod referral;
pub mod report;
pub mod search;
pub mod seed;
pub mod service;
pub mod slip;
pub mod store;
pub mod synth;
pub mod text;
pub mod tui;
