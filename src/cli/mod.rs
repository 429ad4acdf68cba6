//! Printers for the subcommands (text and --json). No I/O beyond writing to `out`.

pub mod archive;
pub mod audit;
pub mod find;
pub mod refer;
pub mod report;
pub mod seed;
pub mod words;

/// A case number given on the command line (`slip`, `audit --case`) in any form a clerk
/// types: R8-000002, R8-2 or 2 (this fiscal year's sequence 2). None when it is not one.
pub fn case_number(typed: &str) -> Option<String> {
    let fy = crate::domain::fiscal_year(chrono::Local::now().date_naive());
    crate::domain::case_number_as_typed(typed, fy)
}

/// What to say of a case number that is not one: the forms that are.
pub fn bad_case_number(typed: &str, lang: crate::i18n::Lang) -> String {
    let shown: String = typed
        .chars()
        .take(40)
        .collect::<String>()
        .escape_debug()
        .to_string();
    words::Word::CaseNumberForm.with(lang, &[("typed", &shown)])
}
