//! Plain data types shared by every layer. No I/O.

pub mod directory;

pub use directory::*;
