//! The long-term archive: every case, hand-off, meeting and draft as JSON lines
//! (DESIGN.md risk 3: bincode is for the store only; JSON is what outlives it).
//!
//! Format, version 1 (UTF-8, one JSON object a line, each ending in `\n`):
//! ```text
//! {"format":"tsunagu-export","version":1,"exported_at":"<as given>","counts":{"cases":N,"handoffs":N,"meetings":N,"drafts":N}}
//! {"type":"case", ...the fields of domain::Case}
//! {"type":"handoff", ...the fields of domain::Handoff}
//! {"type":"meeting", ...the fields of domain::MeetingRecord}
//! {"type":"draft","key":"<draft key>", ...the fields of domain::Draft}
//! ```
//! Records come in that order, each kind in store key order (cases by number, hand-offs
//! by case and seq, meetings by id, drafts by key), fields in declaration order, so the
//! same records always give the same bytes: export, import into an empty store, export
//! again gives an identical file but for `exported_at`. Store counters are not exported;
//! importing raises them to the highest number imported.
//!
//! Export writes a temporary file (mode 0600) beside the target, fsyncs it, renames it
//! over the target and fsyncs the directory: the target is the old file or the whole new
//! one, never a part. Import refuses a store that holds any record, reads and checks the
//! whole file before writing anything (header, version, counts, every record reads back
//! without loss, keys usable, no duplicates, every hand-off's case present), then writes
//! and flushes durably.
//!
//! Privacy: the file holds personal data, hence 0600. Errors name a file, a line number
//! and what is wrong, never what the line holds (decoder messages quote values, so they
//! are never shown).

mod export;
mod import;

pub use self::export::{export, export_with};
pub use self::import::{import, import_with};

use super::{RecordCounts, StoreError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// The `format` of the header line.
pub const FORMAT: &str = "tsunagu-export";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;

/// Size limits on an export file; the same ones bound what export writes, so every file
/// export writes can be imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest line, in bytes, without its `\n`.
    pub line_bytes: usize,
    /// Largest file, in bytes.
    pub file_bytes: u64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        line_bytes: 16 * 1024 * 1024,
        file_bytes: 2 * 1024 * 1024 * 1024,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// The first line of an export.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub counts: RecordCounts,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportSummary {
    pub path: PathBuf,
    pub exported_at: String,
    pub counts: RecordCounts,
    /// Size of the file written.
    pub bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSummary {
    pub path: PathBuf,
    /// The header's `exported_at`.
    pub exported_at: String,
    pub counts: RecordCounts,
}

/// The kinds of record in an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Case,
    Handoff,
    Meeting,
    Draft,
}

impl RecordKind {
    /// The `type` of its lines.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Case => "case",
            RecordKind::Handoff => "handoff",
            RecordKind::Meeting => "meeting",
            RecordKind::Draft => "draft",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            RecordKind::Case => "case",
            RecordKind::Handoff => "hand-off",
            RecordKind::Meeting => "meeting",
            RecordKind::Draft => "draft",
        }
    }
    pub fn label_ja(self) -> &'static str {
        match self {
            RecordKind::Case => "案件",
            RecordKind::Handoff => "つなぎ",
            RecordKind::Meeting => "会議",
            RecordKind::Draft => "下書き",
        }
    }
    fn parse(s: &str) -> Option<RecordKind> {
        match s {
            "case" => Some(RecordKind::Case),
            "handoff" => Some(RecordKind::Handoff),
            "meeting" => Some(RecordKind::Meeting),
            "draft" => Some(RecordKind::Draft),
            _ => None,
        }
    }
    fn count(self, c: &RecordCounts) -> u64 {
        match self {
            RecordKind::Case => c.cases,
            RecordKind::Handoff => c.handoffs,
            RecordKind::Meeting => c.meetings,
            RecordKind::Draft => c.drafts,
        }
    }
    const ALL: [RecordKind; 4] = [
        RecordKind::Case,
        RecordKind::Handoff,
        RecordKind::Meeting,
        RecordKind::Draft,
    ];
}

/// What is wrong with one line of an export file. Never holds the line's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineProblem {
    /// The first line is not a tsunagu export header.
    NotAnExport,
    /// The header's version is not [`VERSION`].
    Version {
        found: u64,
    },
    /// The header lacks a field or has one of the wrong type.
    BadHeader,
    NotUtf8,
    TooLong {
        limit: usize,
    },
    /// Not JSON (or cut short); `column` is 1-based, 0 when unknown.
    NotJson {
        column: usize,
    },
    NotAnObject,
    /// `type` is missing or not one of case, handoff, meeting, draft.
    UnknownType,
    /// A field is missing or has the wrong type.
    BadRecord {
        kind: RecordKind,
    },
    /// The record has fields this build does not know: importing it would lose them.
    UnknownFields {
        kind: RecordKind,
    },
    /// A number, id, key, section or date cannot be used as a store key.
    BadKey {
        kind: RecordKind,
    },
    /// The same record (same number, id or key) appears on an earlier line.
    Duplicate {
        kind: RecordKind,
        first_line: u64,
    },
    /// A hand-off whose case is not in the file.
    HandoffWithoutCase,
    /// A case whose intake fails the one intake validation (domain::validate): the
    /// field and what is wrong, never the value.
    Invalid {
        field: String,
        en: String,
        ja: String,
    },
}

impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineProblem::NotAnExport => write!(f, "not a tsunagu export (no \"format\":\"{FORMAT}\" header)"),
            LineProblem::Version { found } => {
                write!(f, "export version {found}; this build reads version {VERSION}")
            }
            LineProblem::BadHeader => write!(f, "the header lacks a field or has one of the wrong type"),
            LineProblem::NotUtf8 => write!(f, "not UTF-8 text"),
            LineProblem::TooLong { limit } => write!(f, "longer than {limit} bytes"),
            LineProblem::NotJson { column: 0 } => write!(f, "not valid JSON (cut short?)"),
            LineProblem::NotJson { column } => write!(f, "not valid JSON (column {column}; cut short?)"),
            LineProblem::NotAnObject => write!(f, "not a JSON object"),
            LineProblem::UnknownType => write!(f, "no known \"type\" (case, handoff, meeting, draft)"),
            LineProblem::BadRecord { kind } => {
                write!(
                    f,
                    "the {} lacks a field or has one of the wrong type",
                    kind.label_en()
                )
            }
            LineProblem::UnknownFields { kind } => write!(
                f,
                "the {} has fields this build does not know (written by a newer tsunagu?)",
                kind.label_en()
            ),
            LineProblem::BadKey { kind } => write!(
                f,
                "the {}'s number, id, key, section or date is empty, too long, holds NUL or is not a date",
                kind.label_en()
            ),
            LineProblem::Duplicate { kind, first_line } => {
                write!(f, "the same {} as on line {first_line}", kind.label_en())
            }
            LineProblem::HandoffWithoutCase => write!(f, "a hand-off whose case is not in the file"),
            LineProblem::Invalid { field, en, .. } => write!(f, "the case's {field}: {en}"),
        }
    }
}

impl LineProblem {
    pub fn message_ja(&self) -> String {
        match self {
            LineProblem::NotAnExport => {
                "tsunagu のエクスポートではありません (見出し行がありません)".to_string()
            }
            LineProblem::Version { found } => {
                format!("形式の版 {found} は読めません (この版が読めるのは {VERSION})")
            }
            LineProblem::BadHeader => "見出し行の項目が欠けているか、型が違います".to_string(),
            LineProblem::NotUtf8 => "UTF-8 の文字列ではありません".to_string(),
            LineProblem::TooLong { limit } => format!("{limit} バイトを超えています"),
            LineProblem::NotJson { column: 0 } => "JSON として読めません (途中で切れている?)".to_string(),
            LineProblem::NotJson { column } => {
                format!("JSON として読めません ({column} 桁目、途中で切れている?)")
            }
            LineProblem::NotAnObject => "JSON のオブジェクトではありません".to_string(),
            LineProblem::UnknownType => "type (case, handoff, meeting, draft) がありません".to_string(),
            LineProblem::BadRecord { kind } => {
                format!("{} の項目が欠けているか、型が違います", kind.label_ja())
            }
            LineProblem::UnknownFields { kind } => format!(
                "{} にこの版が知らない項目があります (新しい tsunagu で書かれた?)",
                kind.label_ja()
            ),
            LineProblem::BadKey { kind } => format!(
                "{} の番号・キー・所管課・日付が不正です (空、長すぎる、NUL、日付でない)",
                kind.label_ja()
            ),
            LineProblem::Duplicate { kind, first_line } => {
                format!("{first_line} 行目と同じ{}です", kind.label_ja())
            }
            LineProblem::HandoffWithoutCase => "案件がファイルにないつなぎです".to_string(),
            LineProblem::Invalid { field, ja, .. } => format!("案件の {field}: {ja}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "the store already holds records ({} cases, {} hand-offs, {} meetings, {} drafts); import only into an empty store (pass --data DIR with a new folder)",
        counts.cases, counts.handoffs, counts.meetings, counts.drafts
    )]
    NotEmpty { counts: RecordCounts },
    #[error("{path} is empty: not a tsunagu export")]
    EmptyFile { path: PathBuf },
    #[error("{path} is larger than {limit} bytes")]
    FileTooLarge { path: PathBuf, limit: u64 },
    #[error("{path}, line {line}: {problem}")]
    Line {
        path: PathBuf,
        line: u64,
        problem: LineProblem,
    },
    /// The file ends early (or has extra records): the header's counts differ.
    #[error(
        "{path} is incomplete or altered: the header announces {announced} {}s, the file holds {found} (ends at line {last_line})",
        kind.label_en()
    )]
    CountMismatch {
        path: PathBuf,
        kind: RecordKind,
        announced: u64,
        found: u64,
        last_line: u64,
    },
    /// Export: one record would make a line longer than import accepts. `id` is a case
    /// number, case#seq, meeting id or draft key.
    #[error("the {} {id} is larger than an export line may be ({limit} bytes)", kind.label_en())]
    RecordTooLarge {
        kind: RecordKind,
        id: String,
        limit: usize,
    },
    /// Export: a record cannot be written as JSON (a bug, not the data's fault).
    #[error("the {} {id} cannot be written as JSON", kind.label_en())]
    Unencodable { kind: RecordKind, id: String },
    /// Import failed while writing: some records are in the store, the rest are not.
    #[error(
        "import stopped{}: {source}. The store is incomplete: remove its folder and import again",
        line.map(|l| format!(" at line {l}")).unwrap_or_default()
    )]
    Partial {
        line: Option<u64>,
        #[source]
        source: StoreError,
    },
}

impl ArchiveError {
    /// The message for the desk, in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            ArchiveError::Store(e) => e.message_ja(),
            ArchiveError::Io { path, source } => {
                format!("{} を使えません: {}", path.display(), source.kind())
            }
            ArchiveError::NotEmpty { counts } => format!(
                "データに記録があります (案件 {} / つなぎ {} / 会議 {} / 下書き {})。取り込みは空のデータにだけできます (--data で新しいフォルダを指定してください)",
                counts.cases, counts.handoffs, counts.meetings, counts.drafts
            ),
            ArchiveError::EmptyFile { path } => {
                format!(
                    "{} は空です: tsunagu のエクスポートではありません",
                    path.display()
                )
            }
            ArchiveError::FileTooLarge { path, limit } => {
                format!("{} は {limit} バイトを超えています", path.display())
            }
            ArchiveError::Line { path, line, problem } => {
                format!("{} の {line} 行目: {}", path.display(), problem.message_ja())
            }
            ArchiveError::CountMismatch {
                path,
                kind,
                announced,
                found,
                last_line,
            } => format!(
                "{} は欠けているか変更されています: 見出しでは{} {announced} 件、ファイルには {found} 件 ({last_line} 行目まで)",
                path.display(),
                kind.label_ja()
            ),
            ArchiveError::RecordTooLarge { kind, id, limit } => {
                format!(
                    "{} {id} が大きすぎて書き出せません ({limit} バイト超)",
                    kind.label_ja()
                )
            }
            ArchiveError::Unencodable { kind, id } => {
                format!("{} {id} を JSON に書き出せません", kind.label_ja())
            }
            ArchiveError::Partial { line, source } => format!(
                "取り込みが途中で止まりました{}: {}。データは不完全です。フォルダを消して取り込み直してください",
                line.map(|l| format!(" ({l} 行目)")).unwrap_or_default(),
                source.message_ja()
            ),
        }
    }
}

fn io_err(path: &Path, source: io::Error) -> ArchiveError {
    ArchiveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_never_need_content() {
        // Every message is built from the problem alone: spot-check a few renderings.
        let p = LineProblem::Duplicate {
            kind: RecordKind::Handoff,
            first_line: 3,
        };
        assert_eq!(p.to_string(), "the same hand-off as on line 3");
        assert!(p.message_ja().contains("3 行目"));
        assert_eq!(
            LineProblem::NotJson { column: 7 }.to_string(),
            "not valid JSON (column 7; cut short?)"
        );
    }
}
