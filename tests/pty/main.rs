//! End to end: the real binary in a pseudo-terminal, read with a vt100 parser.
//!
//! One test binary per theme (issue 12): each module was its own `tests/*.rs` binary.

#[path = "../common/mod.rs"]
mod common;

mod pty_desk_share;
mod pty_flow;
mod pty_returning;
mod pty_search;
mod pty_seed;
mod pty_session;
