//! The full-screen app: Event -> keymap -> Action -> update(state) -> draw(state).

pub mod action;
pub mod app;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod run;
pub mod screens;
pub mod select;
pub mod tabs;
pub mod term;
/// The shared text module (widths, fit, wrap, display mapping), kept here under its old path.
pub use crate::text;
pub mod watchdog;
pub mod worker;
