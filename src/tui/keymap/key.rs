//! Key strings (`"ctrl-q"`, `"f1"`, `"G"`) and the normalised [`KeySpec`] they parse to.
//!
//! Normalisation makes a key written in a file and the event a terminal reports compare
//! equal, whatever the terminal does with Shift:
//! - a character carries its own shift: `"G"` and `"shift-g"` are `Char('G')` without
//!   SHIFT, and an event `Char('G')` matches with or without SHIFT;
//! - with Ctrl, letters are lowercase (`"ctrl-Q"` is `"ctrl-q"`): classic terminals send
//!   the same byte for Ctrl-Q and Ctrl-Shift-Q, so the two cannot be told apart;
//! - `"shift-tab"` is `"backtab"`, and BackTab events match with or without SHIFT.
//!
//! Labels are plain ASCII ("Ctrl-Q", "PgDn", "Space"): no arrows, no box characters.

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::i18n::Lang;

/// Why a key string could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyParseError {
    #[error("empty key name")]
    Empty,
    #[error("`{0}` has a modifier but no key")]
    MissingKey(String),
    #[error("unknown key `{0}`")]
    Unknown(String),
    #[error("`{0}`: only ASCII characters can be bound")]
    NonAscii(String),
    #[error("`{0}`: write the shifted character itself, e.g. \"?\" or \"G\"")]
    ShiftSymbol(String),
}

impl KeyParseError {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (KeyParseError::Empty, Lang::Ja) => "キー名が空です".to_string(),
            (KeyParseError::MissingKey(s), Lang::Ja) => {
                format!("`{s}` は修飾キーだけでキーがありません")
            }
            (KeyParseError::Unknown(s), Lang::Ja) => format!("不明なキー `{s}`"),
            (KeyParseError::NonAscii(s), Lang::Ja) => {
                format!("`{s}`: 割り当てられるのは半角英数字・記号だけです")
            }
            (KeyParseError::ShiftSymbol(s), Lang::Ja) => {
                format!("`{s}`: shift- ではなく文字そのものを書いてください (例 \"?\" \"G\")")
            }
        }
    }
}

/// One key with its modifiers, normalised so it can be compared with a terminal event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeySpec {
    code: KeyCode,
    mods: KeyModifiers,
}

impl KeySpec {
    /// A key from its parts, normalised (see the module notes).
    pub fn new(code: KeyCode, mods: KeyModifiers) -> KeySpec {
        let mut code = code;
        let mut mods = mods;
        match code {
            KeyCode::Char(c) => {
                if mods.contains(KeyModifiers::SHIFT) && c.is_ascii_lowercase() {
                    code = KeyCode::Char(c.to_ascii_uppercase());
                }
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL)
                    && let KeyCode::Char(c) = code
                {
                    code = KeyCode::Char(c.to_ascii_lowercase());
                }
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                code = KeyCode::BackTab;
                mods.remove(KeyModifiers::SHIFT);
            }
            KeyCode::BackTab => mods.remove(KeyModifiers::SHIFT),
            _ => {}
        }
        KeySpec { code, mods }
    }

    /// The key a terminal event stands for; `None` for key releases.
    pub fn from_event(event: &KeyEvent) -> Option<KeySpec> {
        match event.kind {
            KeyEventKind::Press | KeyEventKind::Repeat => Some(KeySpec::new(event.code, event.modifiers)),
            KeyEventKind::Release => None,
        }
    }

    /// Whether a (pressed or repeated) event is this key.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        KeySpec::from_event(event) == Some(*self)
    }

    pub fn code(&self) -> KeyCode {
        self.code
    }

    pub fn modifiers(&self) -> KeyModifiers {
        self.mods
    }

    /// A printable character (or Space) without Ctrl or Alt: pressing it types text.
    pub fn types_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// The label shown in help and hints, e.g. "Ctrl-Q", "PgDn", "Space", "G".
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        let modified = !out.is_empty();
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str("Space"),
            // "Ctrl-Q" is the usual way to write Ctrl with a letter; an uppercase letter
            // with Alt is Alt-Shift-G, so that Alt-g and Alt-G stay distinct.
            KeyCode::Char(c) if modified && c.is_ascii_uppercase() => {
                out.push_str("Shift-");
                out.push(c);
            }
            KeyCode::Char(c) if modified => out.push(c.to_ascii_uppercase()),
            KeyCode::Char(c) => out.push(c),
            KeyCode::F(n) => out.push_str(&format!("F{n}")),
            other => out.push_str(named_label(other)),
        }
        out
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl FromStr for KeySpec {
    type Err = KeyParseError;

    fn from_str(s: &str) -> Result<KeySpec, KeyParseError> {
        parse_key(s)
    }
}

/// Named keys: (name in files, code, label). Names are matched case-insensitively.
const NAMED: &[(&str, KeyCode, &str)] = &[
    ("enter", KeyCode::Enter, "Enter"),
    ("return", KeyCode::Enter, "Enter"),
    ("esc", KeyCode::Esc, "Esc"),
    ("escape", KeyCode::Esc, "Esc"),
    ("tab", KeyCode::Tab, "Tab"),
    ("backtab", KeyCode::BackTab, "Shift-Tab"),
    ("up", KeyCode::Up, "Up"),
    ("down", KeyCode::Down, "Down"),
    ("left", KeyCode::Left, "Left"),
    ("right", KeyCode::Right, "Right"),
    ("pageup", KeyCode::PageUp, "PgUp"),
    ("pgup", KeyCode::PageUp, "PgUp"),
    ("pagedown", KeyCode::PageDown, "PgDn"),
    ("pgdn", KeyCode::PageDown, "PgDn"),
    ("home", KeyCode::Home, "Home"),
    ("end", KeyCode::End, "End"),
    ("backspace", KeyCode::Backspace, "Backspace"),
    ("delete", KeyCode::Delete, "Del"),
    ("del", KeyCode::Delete, "Del"),
    ("insert", KeyCode::Insert, "Ins"),
    ("ins", KeyCode::Insert, "Ins"),
    ("space", KeyCode::Char(' '), "Space"),
];

fn named_label(code: KeyCode) -> &'static str {
    NAMED
        .iter()
        .find(|(_, c, _)| *c == code)
        .map_or("?", |(_, _, label)| label)
}

/// Strips a case-insensitive prefix such as `ctrl-`.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Parses a key string such as `"ctrl-q"`, `"f1"`, `"alt-1"`, `"shift-up"`, `"?"` or `"G"`.
///
/// Modifiers (`ctrl-`, `alt-`, `shift-`) and key names are case-insensitive; a single
/// character stands for itself (`"g"` and `"G"` differ). `"-"` alone is the minus key
/// and `"ctrl--"` is Ctrl with minus.
pub fn parse_key(s: &str) -> Result<KeySpec, KeyParseError> {
    if s.is_empty() {
        return Err(KeyParseError::Empty);
    }
    let mut mods = KeyModifiers::NONE;
    let mut rest = s;
    loop {
        // A lone "-" after the modifiers is the minus key, not another separator.
        let stripped = [
            ("ctrl-", KeyModifiers::CONTROL),
            ("alt-", KeyModifiers::ALT),
            ("shift-", KeyModifiers::SHIFT),
        ]
        .iter()
        .find_map(|(p, m)| strip_prefix_ci(rest, p).map(|r| (r, *m)));
        match stripped {
            Some((r, m)) => {
                mods |= m;
                rest = r;
            }
            None => break,
        }
    }
    if rest.is_empty() {
        return Err(KeyParseError::MissingKey(s.to_string()));
    }
    let code = key_code(s, rest)?;
    if mods.contains(KeyModifiers::SHIFT)
        && let KeyCode::Char(c) = code
        && !c.is_ascii_alphabetic()
    {
        return Err(KeyParseError::ShiftSymbol(s.to_string()));
    }
    Ok(KeySpec::new(code, mods))
}

/// The key code of the part after the modifiers; `whole` is for error messages.
fn key_code(whole: &str, name: &str) -> Result<KeyCode, KeyParseError> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return if !c.is_ascii() {
            Err(KeyParseError::NonAscii(whole.to_string()))
        } else if c.is_ascii_graphic() {
            Ok(KeyCode::Char(c))
        } else {
            Err(KeyParseError::Unknown(whole.to_string()))
        };
    }
    if let Some((_, code, _)) = NAMED.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name)) {
        return Ok(*code);
    }
    if let Some(num) = strip_prefix_ci(name, "f")
        && !num.starts_with('0')
        && let Ok(n) = num.parse::<u8>()
        && (1..=24).contains(&n)
    {
        return Ok(KeyCode::F(n));
    }
    if name.is_ascii() {
        Err(KeyParseError::Unknown(whole.to_string()))
    } else {
        Err(KeyParseError::NonAscii(whole.to_string()))
    }
}
