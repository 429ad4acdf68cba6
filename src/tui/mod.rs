//! The full-screen app: Event -> keymap -> Action -> update(state) -> draw(state).

pub mod action;
pub mod keymap;
