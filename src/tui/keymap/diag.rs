//! Problems found in a keymap file. Each is reported and skipped: the app always starts,
//! on the defaults for whatever could not be read.

use std::fmt;

use super::Context;
use super::key::KeyParseError;
use crate::i18n::Lang;
use crate::tui::action::Action;

/// One problem in one keymap file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The label the caller gave the file (usually its path).
    pub file: String,
    /// 1-based line of the offending text; 0 when no line applies.
    pub line: usize,
    pub kind: DiagnosticKind,
}

/// What went wrong, with the names needed to say it in either language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DiagnosticKind {
    /// The file is not valid TOML; nothing in it was used.
    #[error("TOML syntax error, file ignored: {message}")]
    Syntax { message: String },
    /// The file could not be read (reported by [`super::read_overlay`]).
    #[error("cannot read the file, ignored: {message}")]
    Unreadable { message: String },
    /// A top-level table that is not `[global]`, `[list]` or `[input]`.
    #[error("unknown section [{name}] (use [global], [list] or [input]); ignored")]
    UnknownContext { name: String },
    /// `global = 1` and the like: a context name whose value is not a table.
    #[error("`{context}` must be a section [{context}]; ignored")]
    ContextNotTable { context: Context },
    /// An action written before any section header.
    #[error("`{name}` is outside a section: put it under [global], [list] or [input]; ignored")]
    OutsideSection { name: String },
    #[error("[{context}] unknown action `{name}`; ignored")]
    UnknownAction { context: Context, name: String },
    /// The value is not an array of strings; the action keeps its previous keys.
    #[error("[{context}] `{action}` must be a list of key names such as [\"ctrl-q\"]; ignored", action = .action.name())]
    NotStringArray { context: Context, action: Action },
    #[error("[{context}] `{action}`: {error}; key ignored", action = .action.name())]
    InvalidKey {
        context: Context,
        action: Action,
        error: KeyParseError,
    },
    /// A printable key without Ctrl/Alt outside `[list]` would steal typing.
    #[error("[{context}] `{action}`: {key} would type text in the input line; bind it under [list] or with ctrl-/alt-; key ignored", action = .action.name())]
    SwallowsText {
        context: Context,
        action: Action,
        key: String,
    },
    /// The same key for two actions in one context: the later binding wins.
    #[error("[{context}] {key} is bound to both `{dropped}` and `{kept}`; `{kept}` keeps it", dropped = .dropped.name(), kept = .kept.name())]
    Duplicate {
        context: Context,
        key: String,
        kept: Action,
        dropped: Action,
    },
    /// `quit = []` in `[global]`: refused, quit keeps its keys.
    #[error("[global] `quit` must keep at least one key; its previous keys are kept")]
    QuitUnbound,
    /// A later binding took quit's last key in `[global]`: quit keeps it.
    #[error("[global] {key} stays on `quit`, which would have no key left; `{dropped}` does not get it", dropped = .dropped.name())]
    QuitKept { key: String, dropped: Action },
}

impl DiagnosticKind {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            DiagnosticKind::Syntax { message } => {
                format!("TOML の書き方に誤りがあるため、このファイルは使いません: {message}")
            }
            DiagnosticKind::Unreadable { message } => {
                format!("ファイルを読めないため使いません: {message}")
            }
            DiagnosticKind::UnknownContext { name } => {
                format!("不明な区分 [{name}] は無視しました ([global] [list] [input] のいずれかです)")
            }
            DiagnosticKind::ContextNotTable { context } => {
                format!("`{context}` は [{context}] の区分として書いてください。無視しました")
            }
            DiagnosticKind::OutsideSection { name } => format!(
                "`{name}` が区分の外にあります。[global] [list] [input] の下に書いてください。無視しました"
            ),
            DiagnosticKind::UnknownAction { context, name } => {
                format!("[{context}] 不明な操作名 `{name}` は無視しました")
            }
            DiagnosticKind::NotStringArray { context, action } => format!(
                "[{context}] `{}` はキー名の配列 (例 [\"ctrl-q\"]) で書いてください。無視しました",
                action.name()
            ),
            DiagnosticKind::InvalidKey {
                context,
                action,
                error,
            } => format!(
                "[{context}] `{}`: {}。このキーは無視しました",
                action.name(),
                error.message(lang)
            ),
            DiagnosticKind::SwallowsText { context, action, key } => format!(
                "[{context}] `{}`: {key} は文字入力と重なります。[list] に書くか ctrl-/alt- を付けてください。無視しました",
                action.name()
            ),
            DiagnosticKind::Duplicate {
                context,
                key,
                kept,
                dropped,
            } => format!(
                "[{context}] {key} が `{}` と `{}` の両方に割り当てられています。後の `{}` を使います",
                dropped.name(),
                kept.name(),
                kept.name()
            ),
            DiagnosticKind::QuitUnbound => {
                "[global] `quit` にはキーが必要です。元のキーのままにしました".to_string()
            }
            DiagnosticKind::QuitKept { key, dropped } => format!(
                "[global] {key} は `quit` に残しました (quit のキーがなくなるため)。`{}` には割り当てません",
                dropped.name()
            ),
        }
    }
}

impl Diagnostic {
    /// The message in the user's language, without the file and line.
    pub fn message(&self, lang: Lang) -> String {
        self.kind.message(lang)
    }

    /// "file:line: message" in the user's language.
    pub fn render(&self, lang: Lang) -> String {
        if self.line == 0 {
            format!("{}: {}", self.file, self.kind.message(lang))
        } else {
            format!("{}:{}: {}", self.file, self.line, self.kind.message(lang))
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for Diagnostic {}
