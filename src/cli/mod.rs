//! Printers for the subcommands (text and --json). No I/O beyond writing to `out`.

pub mod find;
pub mod seed;
