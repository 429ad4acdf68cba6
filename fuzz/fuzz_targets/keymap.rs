//! The keymap parser: `Keymap::load` with one overlay over the compiled-in default.
//! Never a panic; every diagnostic is about the overlay and renders in both languages;
//! `quit` always keeps a key in [global]; help and hints are generated without panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tsunagu::i18n::Lang;
use tsunagu::tui::action::Action;
use tsunagu::tui::keymap::{Context, Keymap};

const LABEL: &str = "fuzz.toml";

fuzz_target!(|data: &[u8]| {
    // read_overlay refuses bytes that are not UTF-8 before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (map, diags) = Keymap::load(&[(LABEL, text)]);
    for d in &diags {
        assert_eq!(d.file, LABEL, "a diagnostic about the built-in default");
        assert!(!d.render(Lang::En).trim().is_empty());
        assert!(!d.render(Lang::Ja).trim().is_empty());
    }
    assert!(
        !map.keys_for(Context::Global, Action::Quit).is_empty(),
        "quit lost its last key"
    );
    for lang in [Lang::Ja, Lang::En] {
        let _ = map.help(lang);
        for context in Context::ALL {
            let _ = map.hints(context, &[Action::Quit], lang);
        }
    }
});
