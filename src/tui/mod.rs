//! The full-screen app: Event -> keymap -> Action -> update(state) -> draw(state).

pub mod action;
pub mod app;
pub mod input;
pub mod keymap;
pub mod run;
pub mod screens;
pub mod tabs;
pub mod term;
pub mod text;
pub mod watchdog;
pub mod worker;
