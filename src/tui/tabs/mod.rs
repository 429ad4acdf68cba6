//! Per-tab state and update. Drawing lives in screens/.

pub mod cases;
pub mod intake;
pub mod search;

pub use cases::CasesTab;
pub use intake::IntakeTab;
pub use search::SearchTab;
