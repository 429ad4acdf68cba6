//! Printers for the subcommands (text and --json). No I/O beyond writing to `out`.

pub mod archive;
pub mod audit;
pub mod find;
pub mod refer;
pub mod report;
pub mod seed;
pub mod words;
