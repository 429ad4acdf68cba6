//! The intake parser: `parse_intake` (JSON or TOML) against the embedded directory, and
//! the referral rules on whatever it accepts. Never a panic; an error always has a
//! message in both languages.

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tsunagu::domain::Directory;
use tsunagu::i18n::Lang;
use tsunagu::referral::intake_parse::parse_intake;

fn directory() -> &'static Directory {
    static DIR: OnceLock<Directory> = OnceLock::new();
    DIR.get_or_init(|| match tsunagu::seed::load_embedded() {
        Ok(loaded) => loaded.directory,
        Err(e) => panic!("the embedded seed does not load: {e}"),
    })
}

fuzz_target!(|data: &[u8]| {
    // `tsunagu refer` refuses bytes that are not UTF-8 before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let dir = directory();
    match parse_intake(text, dir) {
        Ok(intake) => {
            if let Some(d) = &intake.district {
                assert!(
                    dir.districts.iter().any(|known| &known.id == d),
                    "unknown district kept"
                );
            }
            let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default();
            let _ = tsunagu::referral::evaluate(&intake, dir, today);
        }
        Err(e) => {
            assert!(!e.message(Lang::En).trim().is_empty());
            assert!(!e.message(Lang::Ja).trim().is_empty());
        }
    }
});
