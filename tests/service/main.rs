//! The service (`tsunagu serve`): the store contract through the socket, faults, and hostile clients, loads, rules and a full disk.
//!
//! One test binary per theme (issue 12): each module was its own `tests/*.rs` binary.

#[path = "../common/mod.rs"]
mod common;

mod contract;
mod hostile;
mod hostile_cli;
mod hostile_disk;
mod hostile_load;
mod hostile_rules;
mod service;
mod service_faults;
