//! Per-tab state and update. Drawing lives in screens/.

pub mod cases;
pub mod intake;
pub mod meeting_form;
pub mod meeting_save;
pub mod meeting_words;
pub mod meetings;
pub mod report;
pub mod search;

pub use cases::CasesTab;
pub use intake::IntakeTab;
pub use meetings::MeetingsTab;
pub use report::ReportTab;
pub use search::SearchTab;
