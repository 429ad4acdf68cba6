//! Problems found in a seed, each with file, line and field.

use crate::i18n::Lang;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file could not be read at all.
    Unreadable(String),
    MissingFile,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    NotUtf8,
    /// TOML syntax error (message from the parser).
    Syntax(String),
    UnknownTable(String),
    NotArrayOfTables,
    UnknownField(String),
    MissingField(String),
    /// Wrong type or value (message from the deserializer).
    BadValue(String),
    DuplicateId(String),
    UnknownReference {
        kind: &'static str,
        id: String,
    },
    BadId(String),
    Empty,
    ReadingNotKana(String),
    AgeRangeUpsideDown {
        min: u8,
        max: u8,
    },
    AgeImplausible(u8),
    BadRecurrence(String),
    BadLanguage(String),
    PeriodUpsideDown,
    OutsidePeriod(i32),
}

/// A value as quoted in a message: at most 80 characters (a 3 MB id is not repeated).
fn clip(s: &str) -> String {
    const MAX: usize = 80;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}...", s.chars().take(MAX).collect::<String>())
    }
}

impl ProblemKind {
    pub fn message(&self, lang: Lang) -> String {
        self.message_full(lang)
            .lines()
            .map(clip_line)
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn message_full(&self, lang: Lang) -> String {
        use ProblemKind::*;
        match (self, lang) {
            (Unreadable(e), Lang::Ja) => format!("読み込めません: {e}"),
            (Unreadable(e), Lang::En) => format!("cannot read: {e}"),
            (MissingFile, Lang::Ja) => "ファイルがありません".into(),
            (MissingFile, Lang::En) => "file is missing".into(),
            (TooLarge { bytes, limit }, Lang::Ja) => {
                format!("大きすぎます ({bytes} バイト、上限 {limit} バイト)")
            }
            (TooLarge { bytes, limit }, Lang::En) => {
                format!("too large ({bytes} bytes, limit {limit})")
            }
            (NotUtf8, Lang::Ja) => {
                "UTF-8 ではありません (Shift_JIS などで保存されていないか確認してください)".into()
            }
            (NotUtf8, Lang::En) => "not UTF-8 (saved as Shift_JIS?)".into(),
            (Syntax(m), Lang::Ja) => format!("TOML の書式の誤り: {m}"),
            (Syntax(m), Lang::En) => format!("TOML syntax error: {m}"),
            (UnknownTable(t), Lang::Ja) => format!("このファイルでは使えない表です: [{t}]"),
            (UnknownTable(t), Lang::En) => format!("unknown table for this file: [{t}]"),
            (NotArrayOfTables, Lang::Ja) => "[[...]] の形で書いてください".into(),
            (NotArrayOfTables, Lang::En) => "expected an array of tables [[...]]".into(),
            (UnknownField(f), Lang::Ja) => format!("不明な項目: {f}"),
            (UnknownField(f), Lang::En) => format!("unknown field: {f}"),
            (MissingField(f), Lang::Ja) => format!("必須の項目がありません: {f}"),
            (MissingField(f), Lang::En) => format!("missing required field: {f}"),
            (BadValue(m), Lang::Ja) => format!("値の誤り: {m}"),
            (BadValue(m), Lang::En) => format!("bad value: {m}"),
            (DuplicateId(id), Lang::Ja) => format!("id が重複しています: {id}"),
            (DuplicateId(id), Lang::En) => format!("duplicate id: {id}"),
            (UnknownReference { kind, id }, Lang::Ja) => format!("存在しない {kind} を参照: {id}"),
            (UnknownReference { kind, id }, Lang::En) => format!("reference to unknown {kind}: {id}"),
            (BadId(id), Lang::Ja) => {
                format!("id は半角英小文字・数字・_ で書いてください: {id}")
            }
            (BadId(id), Lang::En) => format!("id must be lowercase ascii, digits and _: {id}"),
            (Empty, Lang::Ja) => "空欄です".into(),
            (Empty, Lang::En) => "is empty".into(),
            (ReadingNotKana(r), Lang::Ja) => format!("よみ はひらがなで書いてください: {r}"),
            (ReadingNotKana(r), Lang::En) => format!("reading must be hiragana: {r}"),
            (AgeRangeUpsideDown { min, max }, Lang::Ja) => {
                format!("年齢の範囲が逆です: {min}歳〜{max}歳")
            }
            (AgeRangeUpsideDown { min, max }, Lang::En) => {
                format!("age range upside down: {min} to {max}")
            }
            (AgeImplausible(a), Lang::Ja) => format!("年齢が不自然です: {a}"),
            (AgeImplausible(a), Lang::En) => format!("implausible age: {a}"),
            (BadRecurrence(m), Lang::Ja) => format!("開催日の指定の誤り: {m}"),
            (BadRecurrence(m), Lang::En) => format!("bad recurrence: {m}"),
            (BadLanguage(l), Lang::Ja) => format!("言語は ISO 639-1 の2文字で: {l}"),
            (BadLanguage(l), Lang::En) => format!("language must be ISO 639-1 (two letters): {l}"),
            (PeriodUpsideDown, Lang::Ja) => "計画期間の始まりが終わりより後です".into(),
            (PeriodUpsideDown, Lang::En) => "plan period starts after it ends".into(),
            (OutsidePeriod(y), Lang::Ja) => format!("年度 {y} は計画期間の外です"),
            (OutsidePeriod(y), Lang::En) => format!("fiscal year {y} is outside the plan period"),
        }
    }
}

fn clip_line(l: &str) -> String {
    if l.chars().count() <= 240 {
        l.to_string()
    } else {
        clip(l)
    }
}

/// One problem in one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub field: Option<String>,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn render(&self, lang: Lang) -> String {
        let mut s = self.file.clone();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
        }
        s.push_str(": ");
        if let Some(f) = &self.field {
            s.push_str(&format!("{f}: "));
        }
        s.push_str(&self.kind.message(lang));
        s
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Ja))
    }
}

/// Every problem found in a seed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in the seed; first: {}", .problems.len(), .problems.first().map(|p| p.render(Lang::En)).unwrap_or_default())]
pub struct SeedErrors {
    pub problems: Vec<Problem>,
}

impl SeedErrors {
    pub fn render(&self, lang: Lang) -> String {
        self.problems
            .iter()
            .map(|p| p.render(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Byte offsets to 1-based line numbers, by binary search over the line starts found
/// once per file (a large file is not re-scanned for every entry).
pub struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    pub fn line(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&nl| nl < offset) + 1
    }
}

/// Byte offset to 1-based line number (for one-off use; see [`LineIndex`]).
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
