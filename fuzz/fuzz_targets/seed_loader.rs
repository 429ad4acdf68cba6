//! The seed loader: `SeedText` -> `validate` (TOML parsing, per-entry deserialization,
//! cross-file checks). Never a panic; every problem renders in both languages.
//!
//! Input: the first byte chooses one of the seed's files (low five bits, modulo the
//! number of files) and what the other files hold: with both top bits set, the embedded
//! seed (cross-file checks run against real data, but each run costs a whole seed load,
//! about 2.7 s under ASan: the loader's line lookup is quadratic); otherwise nothing
//! (fast: the file alone). The rest of the input, as UTF-8 (lossy: the folder reader
//! refuses other bytes before parsing), is the chosen file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tsunagu::i18n::Lang;
use tsunagu::seed::SeedText;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut seed = SeedText::embedded();
    seed.origin = "fuzz".into();
    let chosen = usize::from(selector & 0x1f) % seed.files.len();
    let with_embedded = selector & 0xc0 == 0xc0;
    let text = String::from_utf8_lossy(rest).into_owned();
    for (i, (_, file)) in seed.files.iter_mut().enumerate() {
        if i == chosen {
            *file = text.clone();
        } else if !with_embedded {
            file.clear();
        }
    }
    match seed.validate() {
        Ok(loaded) => assert_eq!(loaded.hash, seed.hash()),
        Err(errors) => {
            assert!(!errors.problems.is_empty(), "an error without a problem");
            for p in &errors.problems {
                assert!(!p.file.is_empty());
                assert!(!p.render(Lang::En).trim().is_empty());
                assert!(!p.render(Lang::Ja).trim().is_empty());
            }
        }
    }
});
