//! Keymap: key strings, merging overlays, diagnostics with line numbers, help and hints.

use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tsunagu::i18n::Lang;
use tsunagu::tui::action::{Action, HelpSection};
use tsunagu::tui::keymap::{
    Context, DEFAULT_TOML, Diagnostic, DiagnosticKind, KeyParseError, KeySpec, Keymap, VIM_TOML,
    builtin_overlay, parse_key, read_overlay,
};

fn key(s: &str) -> KeySpec {
    match parse_key(s) {
        Ok(k) => k,
        Err(e) => panic!("{s:?} should parse: {e}"),
    }
}

fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn load(text: &str) -> (Keymap, Vec<Diagnostic>) {
    Keymap::load(&[("user.toml", text)])
}

/// Loads one overlay expected to produce exactly one diagnostic.
fn one_diag(text: &str) -> (Keymap, Diagnostic) {
    let (map, diags) = load(text);
    assert_eq!(diags.len(), 1, "expected one diagnostic, got {diags:#?}");
    let d = diags.into_iter().next().unwrap_or_else(|| unreachable!());
    assert_eq!(d.file, "user.toml");
    assert!(!d.message(Lang::Ja).is_empty() && !d.message(Lang::En).is_empty());
    (map, d)
}

// ---- key strings -------------------------------------------------------------------

#[test]
fn parses_valid_key_strings() {
    let cases: &[(&str, KeyCode, KeyModifiers)] = &[
        ("ctrl-q", KeyCode::Char('q'), KeyModifiers::CONTROL),
        ("Ctrl-Q", KeyCode::Char('q'), KeyModifiers::CONTROL),
        ("ctrl-shift-q", KeyCode::Char('q'), KeyModifiers::CONTROL),
        ("f1", KeyCode::F(1), KeyModifiers::NONE),
        ("F12", KeyCode::F(12), KeyModifiers::NONE),
        ("?", KeyCode::Char('?'), KeyModifiers::NONE),
        ("j", KeyCode::Char('j'), KeyModifiers::NONE),
        ("G", KeyCode::Char('G'), KeyModifiers::NONE),
        ("shift-g", KeyCode::Char('G'), KeyModifiers::NONE),
        ("enter", KeyCode::Enter, KeyModifiers::NONE),
        ("esc", KeyCode::Esc, KeyModifiers::NONE),
        ("tab", KeyCode::Tab, KeyModifiers::NONE),
        ("backtab", KeyCode::BackTab, KeyModifiers::NONE),
        ("shift-tab", KeyCode::BackTab, KeyModifiers::NONE),
        ("up", KeyCode::Up, KeyModifiers::NONE),
        ("down", KeyCode::Down, KeyModifiers::NONE),
        ("left", KeyCode::Left, KeyModifiers::NONE),
        ("right", KeyCode::Right, KeyModifiers::NONE),
        ("pageup", KeyCode::PageUp, KeyModifiers::NONE),
        ("pagedown", KeyCode::PageDown, KeyModifiers::NONE),
        ("home", KeyCode::Home, KeyModifiers::NONE),
        ("end", KeyCode::End, KeyModifiers::NONE),
        ("backspace", KeyCode::Backspace, KeyModifiers::NONE),
        ("delete", KeyCode::Delete, KeyModifiers::NONE),
        ("space", KeyCode::Char(' '), KeyModifiers::NONE),
        ("alt-1", KeyCode::Char('1'), KeyModifiers::ALT),
        ("alt-G", KeyCode::Char('G'), KeyModifiers::ALT),
        ("shift-up", KeyCode::Up, KeyModifiers::SHIFT),
        (
            "ctrl-alt-x",
            KeyCode::Char('x'),
            KeyModifiers::CONTROL.union(KeyModifiers::ALT),
        ),
        ("-", KeyCode::Char('-'), KeyModifiers::NONE),
        ("ctrl--", KeyCode::Char('-'), KeyModifiers::CONTROL),
    ];
    for (s, code, mods) in cases {
        let k = key(s);
        assert_eq!((k.code(), k.modifiers()), (*code, *mods), "{s}");
        assert_eq!(s.parse::<KeySpec>(), Ok(k));
    }
    assert_ne!(key("g"), key("G"));
}

#[test]
fn rejects_invalid_key_strings() {
    let cases: &[(&str, KeyParseError)] = &[
        ("", KeyParseError::Empty),
        ("ctrl-", KeyParseError::MissingKey("ctrl-".into())),
        ("alt-shift-", KeyParseError::MissingKey("alt-shift-".into())),
        ("ctrl", KeyParseError::Unknown("ctrl".into())),
        ("bogus", KeyParseError::Unknown("bogus".into())),
        ("ctrl-qq", KeyParseError::Unknown("ctrl-qq".into())),
        ("f0", KeyParseError::Unknown("f0".into())),
        ("f01", KeyParseError::Unknown("f01".into())),
        ("f25", KeyParseError::Unknown("f25".into())),
        ("\t", KeyParseError::Unknown("\t".into())),
        ("あ", KeyParseError::NonAscii("あ".into())),
        ("ctrl-あ", KeyParseError::NonAscii("ctrl-あ".into())),
        ("shift-1", KeyParseError::ShiftSymbol("shift-1".into())),
        ("shift-?", KeyParseError::ShiftSymbol("shift-?".into())),
        ("shift-space", KeyParseError::ShiftSymbol("shift-space".into())),
    ];
    for (s, want) in cases {
        assert_eq!(parse_key(s).as_ref(), Err(want), "{s:?}");
        assert!(!want.message(Lang::Ja).is_empty());
    }
}

#[test]
fn labels_are_plain_ascii() {
    let cases = [
        ("ctrl-q", "Ctrl-Q"),
        ("f1", "F1"),
        ("enter", "Enter"),
        ("esc", "Esc"),
        ("tab", "Tab"),
        ("backtab", "Shift-Tab"),
        ("up", "Up"),
        ("down", "Down"),
        ("pageup", "PgUp"),
        ("pagedown", "PgDn"),
        ("space", "Space"),
        ("ctrl-space", "Ctrl-Space"),
        ("alt-1", "Alt-1"),
        ("alt-g", "Alt-G"),
        ("alt-G", "Alt-Shift-G"),
        ("shift-up", "Shift-Up"),
        ("G", "G"),
        ("?", "?"),
        ("delete", "Del"),
    ];
    for (s, label) in cases {
        assert_eq!(key(s).label(), label, "{s}");
        assert_eq!(key(s).to_string(), label);
    }
}

#[test]
fn events_match_after_normalising_shift() {
    let g = key("G");
    assert!(g.matches(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)));
    assert!(g.matches(&press(KeyCode::Char('G'), KeyModifiers::NONE)));
    assert!(g.matches(&press(KeyCode::Char('g'), KeyModifiers::SHIFT)));
    assert!(!g.matches(&press(KeyCode::Char('g'), KeyModifiers::NONE)));
    let q = key("ctrl-q");
    assert!(q.matches(&press(KeyCode::Char('q'), KeyModifiers::CONTROL)));
    assert!(q.matches(&press(
        KeyCode::Char('Q'),
        KeyModifiers::CONTROL | KeyModifiers::SHIFT
    )));
    assert!(!q.matches(&press(KeyCode::Char('q'), KeyModifiers::NONE)));
    let back = key("backtab");
    assert!(back.matches(&press(KeyCode::BackTab, KeyModifiers::SHIFT)));
    assert!(back.matches(&press(KeyCode::Tab, KeyModifiers::SHIFT)));
    let question = key("?");
    assert!(question.matches(&press(KeyCode::Char('?'), KeyModifiers::SHIFT)));
    assert!(key("shift-up").matches(&press(KeyCode::Up, KeyModifiers::SHIFT)));
    assert!(!key("up").matches(&press(KeyCode::Up, KeyModifiers::SHIFT)));

    let mut release = press(KeyCode::Char('q'), KeyModifiers::CONTROL);
    release.kind = KeyEventKind::Release;
    assert!(!q.matches(&release));
    assert_eq!(KeySpec::from_event(&release), None);
    let mut repeat = release;
    repeat.kind = KeyEventKind::Repeat;
    assert!(q.matches(&repeat));
}

// ---- the default keymap ------------------------------------------------------------

#[test]
fn default_has_no_diagnostics_and_no_duplicates() {
    let (map, diags) = Keymap::load(&[]);
    assert!(diags.is_empty(), "{diags:#?}");
    for ctx in Context::ALL {
        let mut seen: HashMap<KeySpec, Action> = HashMap::new();
        for (action, keys) in map.bindings(ctx) {
            for k in keys {
                if let Some(other) = seen.insert(*k, action) {
                    panic!("[{ctx}] {k} bound to {other:?} and {action:?}");
                }
                assert!(k.label().is_ascii());
                if ctx != Context::List {
                    assert!(!k.types_text(), "[{ctx}] {k} would swallow typing");
                }
            }
        }
    }
    // Every action is reachable somewhere.
    for &action in Action::ALL {
        assert!(
            Context::ALL.iter().any(|c| !map.keys_for(*c, action).is_empty()),
            "{action:?} has no key"
        );
    }
    // The compiled-in text is the file in the repository.
    assert!(DEFAULT_TOML.contains("[global]"));
}

#[test]
fn default_lookup_checks_context_then_global() {
    let map = Keymap::default_map();
    let ev = |s: &str| {
        let k = key(s);
        press(k.code(), k.modifiers())
    };
    for ctx in Context::ALL {
        assert_eq!(map.action(ctx, &ev("ctrl-q")), Some(Action::Quit));
        assert_eq!(map.action(ctx, &ev("ctrl-c")), Some(Action::Quit));
        assert_eq!(map.action(ctx, &ev("f1")), Some(Action::Help));
        assert_eq!(map.action(ctx, &ev("f3")), Some(Action::GotoSearch));
        assert_eq!(map.action(ctx, &ev("alt-3")), Some(Action::GotoCases));
        assert_eq!(map.action(ctx, &ev("esc")), Some(Action::Back));
        assert_eq!(map.action(ctx, &ev("tab")), Some(Action::FocusNext));
    }
    assert_eq!(map.action(Context::List, &ev("?")), Some(Action::Help));
    assert_eq!(map.action(Context::Input, &ev("?")), None);
    assert_eq!(map.action(Context::Global, &ev("?")), None);
    assert_eq!(map.action(Context::List, &ev("home")), Some(Action::First));
    assert_eq!(map.action(Context::Input, &ev("home")), Some(Action::CursorHome));
    assert_eq!(
        map.action(Context::Input, &ev("ctrl-a")),
        Some(Action::CursorHome)
    );
    assert_eq!(map.action(Context::Input, &ev("up")), Some(Action::MoveUp));
    assert_eq!(map.action(Context::List, &ev("enter")), Some(Action::Open));
    assert_eq!(map.action(Context::Input, &ev("j")), None);
    assert_eq!(
        map.action(Context::Input, &ev("ctrl-u")),
        Some(Action::ClearInput)
    );
    // A letter typed with Shift in the input is text, never an action.
    let shifted = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(map.action(Context::Input, &shifted), None);
}

#[test]
fn default_hints_and_help() {
    let map = Keymap::default_map();
    let hints = map.hints(
        Context::List,
        &[Action::Open, Action::MoveDown, Action::Help, Action::Quit],
        Lang::Ja,
    );
    assert_eq!(
        hints,
        vec![
            ("Enter".to_string(), "詳細"),
            ("Down".to_string(), "下へ"),
            ("?".to_string(), "ヘルプ"),
            ("Ctrl-Q".to_string(), "終了"),
        ]
    );
    assert_eq!(
        map.hints(Context::Input, &[Action::Help], Lang::En),
        vec![("F1".to_string(), "Help")]
    );
    assert_eq!(map.key_labels(Context::List, Action::Help), ["?", "F1"]);

    let help = map.help(Lang::En);
    let sections: Vec<HelpSection> = help.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        sections,
        [
            HelpSection::General,
            HelpSection::Navigation,
            HelpSection::Editing,
            HelpSection::Search,
            HelpSection::Intake,
            HelpSection::Cases,
            HelpSection::Meetings
        ]
    );
    let general = &help[0].1;
    assert_eq!(general[0], ("Ctrl-Q / Ctrl-C".to_string(), "Quit"));
    assert_eq!(general[1], ("F1 / ?".to_string(), "Help"));
    for (_, rows) in &help {
        for (keys, _) in rows {
            assert!(keys.is_ascii(), "{keys}");
        }
    }
}

// ---- merging overlays --------------------------------------------------------------

#[test]
fn overlay_replaces_keys_and_hints_follow() {
    let (map, diags) = load("[global]\nquit = [\"ctrl-x\"]\n");
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(
        map.action_for_key(Context::List, key("ctrl-x")),
        Some(Action::Quit)
    );
    assert_eq!(map.action_for_key(Context::List, key("ctrl-q")), None);
    assert_eq!(map.keys_for(Context::Global, Action::Quit), [key("ctrl-x")]);
    assert_eq!(
        map.hints(Context::List, &[Action::Quit, Action::Help], Lang::En),
        vec![("Ctrl-X".to_string(), "Quit"), ("?".to_string(), "Help")]
    );
    let help = map.help(Lang::Ja);
    assert_eq!(help[0].0, HelpSection::General);
    assert_eq!(help[0].1[0], ("Ctrl-X".to_string(), "終了"));
    // Other actions keep their defaults.
    assert_eq!(map.action_for_key(Context::Global, key("f1")), Some(Action::Help));
}

#[test]
fn overlay_empty_list_unbinds() {
    let (map, diags) = load("[list]\npage_up = []\n[global]\nhelp = []\n");
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(map.action_for_key(Context::List, key("pageup")), None);
    assert!(map.keys_for(Context::List, Action::PageUp).is_empty());
    // Still bound in [input].
    assert_eq!(
        map.action_for_key(Context::Input, key("pageup")),
        Some(Action::PageUp)
    );
    // help: F1 gone everywhere, "?" still in [list].
    assert_eq!(map.action_for_key(Context::Input, key("f1")), None);
    assert_eq!(
        map.hints(Context::Input, &[Action::Help, Action::Quit], Lang::En),
        vec![("Ctrl-Q".to_string(), "Quit")]
    );
    assert_eq!(map.key_labels(Context::List, Action::Help), ["?"]);
    let rows: Vec<(String, &str)> = map.help(Lang::En).into_iter().flat_map(|(_, r)| r).collect();
    assert!(rows.contains(&("?".to_string(), "Help")));
    assert!(rows.contains(&("PgUp".to_string(), "Page up")));
}

#[test]
fn context_key_shadows_global_in_hints() {
    // [list] takes F1 for `open`: in the list F1 opens, so help's hint there is "?".
    let (map, diags) = load("[list]\nopen = [\"f1\", \"enter\"]\n");
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(map.action_for_key(Context::List, key("f1")), Some(Action::Open));
    assert_eq!(map.action_for_key(Context::Input, key("f1")), Some(Action::Help));
    assert_eq!(map.key_labels(Context::List, Action::Help), ["?"]);
}

#[test]
fn vim_overlay_loads_cleanly() {
    let (label, text) = builtin_overlay("vim").unwrap_or_else(|| unreachable!());
    assert_eq!(text, VIM_TOML);
    let (map, diags) = Keymap::load(&[(label, text)]);
    assert!(diags.is_empty(), "{diags:#?}");
    let l = Context::List;
    assert_eq!(map.action_for_key(l, key("j")), Some(Action::MoveDown));
    assert_eq!(map.action_for_key(l, key("down")), Some(Action::MoveDown));
    assert_eq!(map.action_for_key(l, key("k")), Some(Action::MoveUp));
    assert_eq!(map.action_for_key(l, key("g")), Some(Action::First));
    assert_eq!(map.action_for_key(l, key("G")), Some(Action::Last));
    assert_eq!(map.action_for_key(l, key("ctrl-f")), Some(Action::PageDown));
    assert_eq!(map.action_for_key(l, key("ctrl-b")), Some(Action::PageUp));
    assert_eq!(map.action_for_key(l, key("esc")), Some(Action::Back));
    // Typing in the search line is untouched.
    assert_eq!(map.action_for_key(Context::Input, key("j")), None);
    assert_eq!(
        map.action_for_key(Context::Input, key("ctrl-f")),
        Some(Action::CursorRight)
    );
    assert_eq!(
        map.hints(l, &[Action::MoveDown], Lang::En),
        vec![("j".to_string(), "Down")]
    );
    assert!(builtin_overlay("emacs").is_none());
}

#[test]
fn later_overlay_wins_over_earlier() {
    let (map, diags) = Keymap::load(&[
        ("site.toml", "[global]\nquit = [\"ctrl-x\"]\nhelp = [\"f12\"]\n"),
        ("user.toml", "[global]\nquit = [\"ctrl-w\"]\n"),
    ]);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(map.key_labels(Context::Global, Action::Quit), ["Ctrl-W"]);
    assert_eq!(map.key_labels(Context::Global, Action::Help), ["F12"]);
}

// ---- diagnostics -------------------------------------------------------------------

#[test]
fn syntax_error_skips_the_whole_file() {
    let text = "[global]\nquit = [\"ctrl-x\"]\nhelp = [\"f2\"\n\n[list]\n";
    let (map, d) = one_diag(text);
    assert!(matches!(d.kind, DiagnosticKind::Syntax { .. }), "{d:?}");
    assert!((3..=5).contains(&d.line), "line {}", d.line);
    assert_eq!(
        map.action_for_key(Context::Global, key("ctrl-q")),
        Some(Action::Quit)
    );
    assert_eq!(map.action_for_key(Context::Global, key("ctrl-x")), None);

    let (_, d) = one_diag("# a comment\n[global]\nquit = = 1\n");
    assert!(matches!(d.kind, DiagnosticKind::Syntax { .. }));
    assert_eq!(d.line, 3);
    // Keys defined twice are a TOML error too.
    let (_, d) = one_diag("[global]\nquit = [\"ctrl-x\"]\nquit = [\"ctrl-w\"]\n");
    assert!(matches!(d.kind, DiagnosticKind::Syntax { .. }));
    assert_eq!(d.line, 3);
}

#[test]
fn unknown_context_is_reported_with_its_line() {
    let (map, d) = one_diag("# site keymap\n\n[lists]\nmove_down = [\"j\"]\n");
    assert_eq!(d.kind, DiagnosticKind::UnknownContext { name: "lists".into() });
    assert_eq!(d.line, 3);
    assert_eq!(map.action_for_key(Context::List, key("j")), None);
    assert_eq!(d.render(Lang::En), format!("user.toml:3: {}", d.kind));
}

#[test]
fn context_that_is_not_a_table() {
    let (_, d) = one_diag("\nlist = 1\n");
    assert_eq!(
        d.kind,
        DiagnosticKind::ContextNotTable {
            context: Context::List
        }
    );
    assert_eq!(d.line, 2);
}

#[test]
fn action_outside_a_section() {
    let (map, d) = one_diag("quit = [\"ctrl-x\"]\n[global]\nhelp = [\"f12\"]\n");
    assert_eq!(d.kind, DiagnosticKind::OutsideSection { name: "quit".into() });
    assert_eq!(d.line, 1);
    // The rest of the file still applies.
    assert_eq!(map.key_labels(Context::Global, Action::Help), ["F12"]);
}

#[test]
fn unknown_action_is_reported_with_its_line() {
    let (map, d) = one_diag("[list]\nmove_down = [\"j\"]\njump = [\"J\"]\n");
    assert_eq!(
        d.kind,
        DiagnosticKind::UnknownAction {
            context: Context::List,
            name: "jump".into()
        }
    );
    assert_eq!(d.line, 3);
    assert_eq!(
        map.action_for_key(Context::List, key("j")),
        Some(Action::MoveDown)
    );
}

#[test]
fn value_that_is_not_an_array_of_strings() {
    for value in [
        "\"ctrl-x\"",
        "[1]",
        "[\"ctrl-x\", 2]",
        "{ keys = [\"ctrl-x\"] }",
        "true",
    ] {
        let text = format!("[global]\n\nquit = {value}\n");
        let (map, d) = one_diag(&text);
        assert_eq!(
            d.kind,
            DiagnosticKind::NotStringArray {
                context: Context::Global,
                action: Action::Quit
            },
            "{value}"
        );
        assert_eq!(d.line, 3, "{value}");
        // quit keeps its default keys.
        assert_eq!(
            map.key_labels(Context::Global, Action::Quit),
            ["Ctrl-Q", "Ctrl-C"]
        );
    }
}

#[test]
fn invalid_key_is_skipped_and_the_rest_applies() {
    let text = "[global]\nquit = [\n  \"ctrl-x\",\n  \"ctrl-bogus\",\n]\n";
    let (map, d) = one_diag(text);
    assert_eq!(
        d.kind,
        DiagnosticKind::InvalidKey {
            context: Context::Global,
            action: Action::Quit,
            error: KeyParseError::Unknown("ctrl-bogus".into())
        }
    );
    assert_eq!(d.line, 4);
    assert_eq!(map.key_labels(Context::Global, Action::Quit), ["Ctrl-X"]);

    // When no listed key is usable, the action keeps what it had.
    let (map, d) = one_diag("[global]\nhelp = [\"hepl\"]\n");
    assert!(matches!(d.kind, DiagnosticKind::InvalidKey { .. }));
    assert_eq!(d.line, 2);
    assert_eq!(map.key_labels(Context::Global, Action::Help), ["F1"]);
}

#[test]
fn printable_keys_outside_list_are_refused() {
    let cases = [
        ("global", "help", "?", "?"),
        ("input", "clear_input", "space", "Space"),
        ("input", "cursor_end", "shift-e", "E"),
        ("global", "goto_search", "/", "/"),
    ];
    for (ctx, action, k, label) in cases {
        let text = format!("[{ctx}]\n{action} = [\"f12\", \"{k}\"]\n");
        let (map, d) = one_diag(&text);
        let context = Context::from_name(ctx).unwrap_or_else(|| unreachable!());
        let action = Action::from_name(action).unwrap_or_else(|| unreachable!());
        assert_eq!(
            d.kind,
            DiagnosticKind::SwallowsText {
                context,
                action,
                key: label.into()
            }
        );
        assert_eq!(d.line, 2);
        assert_eq!(map.key_labels(context, action)[0], "F12");
        assert_eq!(map.action_for_key(Context::Input, key(k)), None);
    }
    // The same keys are fine in [list], and with Ctrl or Alt anywhere.
    let (_, diags) = load("[list]\nhelp = [\"?\", \"x\"]\n[input]\nclear_input = [\"alt-u\"]\n");
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn duplicate_in_one_file_later_line_wins() {
    let text = "[list]\nopen = [\"o\"]\nfirst = [\"o\", \"home\"]\n";
    let (map, d) = one_diag(text);
    assert_eq!(
        d.kind,
        DiagnosticKind::Duplicate {
            context: Context::List,
            key: "o".into(),
            kept: Action::First,
            dropped: Action::Open
        }
    );
    assert_eq!(d.line, 3);
    assert_eq!(map.action_for_key(Context::List, key("o")), Some(Action::First));
    assert!(map.keys_for(Context::List, Action::Open).is_empty());
}

#[test]
fn duplicate_with_the_default_overlay_wins() {
    // `home` was `first` in the default [list]; the overlay gives it to `open`.
    let (map, d) = one_diag("[list]\n\nopen = [\"enter\", \"home\"]\n");
    assert_eq!(
        d.kind,
        DiagnosticKind::Duplicate {
            context: Context::List,
            key: "Home".into(),
            kept: Action::Open,
            dropped: Action::First
        }
    );
    assert_eq!(d.line, 3);
    assert_eq!(map.action_for_key(Context::List, key("home")), Some(Action::Open));
    assert!(map.keys_for(Context::List, Action::First).is_empty());
    assert_eq!(map.hints(Context::List, &[Action::First], Lang::En), vec![]);
    // Not a duplicate: the same key in another context.
    let (_, diags) = load("[list]\nfirst = [\"ctrl-a\"]\n");
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn quit_always_keeps_a_global_key() {
    let (map, d) = one_diag("[global]\nhelp = [\"f12\"]\nquit = []\n");
    assert_eq!(d.kind, DiagnosticKind::QuitUnbound);
    assert_eq!(d.line, 3);
    assert_eq!(
        map.key_labels(Context::Global, Action::Quit),
        ["Ctrl-Q", "Ctrl-C"]
    );

    // Taking both quit keys for help: help gets Ctrl-C, quit keeps Ctrl-Q.
    let (map, diags) = load("[global]\nhelp = [\n  \"ctrl-q\",\n  \"ctrl-c\",\n]\n");
    let kinds: Vec<(usize, &DiagnosticKind)> = diags.iter().map(|d| (d.line, &d.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            (
                3,
                &DiagnosticKind::QuitKept {
                    key: "Ctrl-Q".into(),
                    dropped: Action::Help
                }
            ),
            (
                4,
                &DiagnosticKind::Duplicate {
                    context: Context::Global,
                    key: "Ctrl-C".into(),
                    kept: Action::Help,
                    dropped: Action::Quit
                }
            ),
        ]
    );
    assert_eq!(map.key_labels(Context::Global, Action::Quit), ["Ctrl-Q"]);
    assert_eq!(map.key_labels(Context::Global, Action::Help), ["Ctrl-C"]);
}

#[test]
fn diagnostics_are_sorted_and_name_their_file() {
    let (_, diags) = Keymap::load(&[
        ("site.toml", "[global]\nnope = [\"f12\"]\n[bad]\n"),
        ("user.toml", "[list]\nmove_up = [\"zz\"]\n"),
    ]);
    let got: Vec<(&str, usize)> = diags.iter().map(|d| (d.file.as_str(), d.line)).collect();
    assert_eq!(got, [("site.toml", 2), ("site.toml", 3), ("user.toml", 2)]);
    for d in &diags {
        assert!(
            d.render(Lang::Ja)
                .starts_with(&format!("{}:{}: ", d.file, d.line))
        );
        assert_ne!(d.message(Lang::Ja), d.message(Lang::En));
    }
}

#[test]
fn unreadable_file_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let missing = dir.path().join("none.toml");
    let Err(d) = read_overlay(&missing) else {
        panic!("reading a missing file should fail");
    };
    assert!(matches!(d.kind, DiagnosticKind::Unreadable { .. }));
    assert_eq!(d.line, 0);
    assert!(d.render(Lang::En).starts_with(&missing.display().to_string()));

    let present = dir.path().join("user.toml");
    std::fs::write(&present, "[global]\nquit = [\"ctrl-x\"]\n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        read_overlay(&present).ok().as_deref(),
        Some("[global]\nquit = [\"ctrl-x\"]\n")
    );
}

#[test]
fn garbage_never_panics_and_defaults_survive() {
    let inputs = [
        "",
        "\u{feff}",
        "[[list]]\nmove_up = [\"k\"]\n",
        "[list.move_up]\nkeys = [\"k\"]\n",
        "[list]\nmove_up = [[\"k\"]]\n",
        "global.quit = [\"ctrl-x\", \"ctrl-x\", \"CTRL-X\"]\n",
        "[global]\n\"\" = []\n",
        "[input]\ncursor_left = [\"\", \"ctrl-\", \"-\", \"ｊ\"]\n",
        "\0\0\0",
        "[global\nquit = [",
    ];
    for text in inputs {
        let (map, _diags) = load(text);
        assert!(
            !map.keys_for(Context::Global, Action::Quit).is_empty(),
            "{text:?}"
        );
    }
    // A key listed twice for one action is one binding.
    let (map, diags) = load("global.quit = [\"ctrl-x\", \"ctrl-x\", \"CTRL-X\"]\n");
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(map.key_labels(Context::Global, Action::Quit), ["Ctrl-X"]);
}
