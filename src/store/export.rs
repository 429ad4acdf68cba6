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

use super::{RecordCounts, Store, StoreError, fsync, usable_key_part};
use crate::domain::{Case, Draft, Handoff, MeetingRecord, date_of};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

// --- export --------------------------------------------------------------------------

/// A record line: `type` (and a draft's `key`) first, then the record's own fields.
/// (flatten is fine here: this is JSON, never bincode.)
#[derive(Serialize)]
struct Tagged<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    #[serde(flatten)]
    record: &'a T,
}

/// Every case, hand-off, meeting and draft of `store` into `path`, atomically and
/// durably, mode 0600. `now` becomes the header's `exported_at`.
pub fn export(store: &dyn Store, path: &Path, now: &str) -> Result<ExportSummary, ArchiveError> {
    export_with(store, path, now, Limits::DEFAULT)
}

/// [`export`] with other limits (tests).
pub fn export_with(
    store: &dyn Store,
    path: &Path,
    now: &str,
    limits: Limits,
) -> Result<ExportSummary, ArchiveError> {
    let cases = store.cases()?;
    let handoffs = store.handoffs()?;
    let meetings = store.meetings()?;
    let drafts = store.drafts()?;
    let counts = RecordCounts {
        cases: cases.len() as u64,
        handoffs: handoffs.len() as u64,
        meetings: meetings.len() as u64,
        drafts: drafts.len() as u64,
    };
    let header = Header {
        format: FORMAT.to_string(),
        version: VERSION,
        exported_at: now.to_string(),
        counts,
    };
    let mut lines = Lines {
        limits,
        bytes: 0,
        path,
        buf: Vec::new(),
    };
    let bytes = fsync::write_atomically(path, true, io_err, |w| {
        lines.put_header(w, &header)?;
        for c in &cases {
            let line = tagged(RecordKind::Case, None, c);
            lines.put(w, &line, RecordKind::Case, || c.number.clone())?;
        }
        for h in &handoffs {
            let line = tagged(RecordKind::Handoff, None, h);
            lines.put(w, &line, RecordKind::Handoff, || format!("{}#{}", h.case, h.seq))?;
        }
        for m in &meetings {
            let line = tagged(RecordKind::Meeting, None, m);
            lines.put(w, &line, RecordKind::Meeting, || m.id.clone())?;
        }
        for (key, d) in &drafts {
            let line = tagged(RecordKind::Draft, Some(key), d);
            lines.put(w, &line, RecordKind::Draft, || key.clone())?;
        }
        Ok(())
    })?;
    Ok(ExportSummary {
        path: path.to_path_buf(),
        exported_at: now.to_string(),
        counts,
        bytes,
    })
}

fn tagged<'a, T: Serialize>(kind: RecordKind, key: Option<&'a str>, record: &'a T) -> Tagged<'a, T> {
    Tagged {
        kind: kind.as_str(),
        key,
        record,
    }
}

/// Writes lines within the limits.
struct Lines<'p> {
    limits: Limits,
    bytes: u64,
    path: &'p Path,
    buf: Vec<u8>,
}

impl Lines<'_> {
    /// The header: within the limits unless `exported_at` is absurdly long.
    fn put_header(&mut self, w: &mut dyn Write, header: &Header) -> Result<(), ArchiveError> {
        self.buf.clear();
        if serde_json::to_writer(&mut self.buf, header).is_err() || self.buf.len() > self.limits.line_bytes {
            return Err(io_err(
                self.path,
                io::Error::new(io::ErrorKind::InvalidInput, "the export time is too long"),
            ));
        }
        self.finish_line(w)
    }

    fn put<T: Serialize>(
        &mut self,
        w: &mut dyn Write,
        value: &T,
        kind: RecordKind,
        id: impl FnOnce() -> String,
    ) -> Result<(), ArchiveError> {
        self.buf.clear();
        // Serializing plain data into memory fails only on a map with non-string keys,
        // which no record has; say which record, never what it holds.
        if serde_json::to_writer(&mut self.buf, value).is_err() {
            return Err(ArchiveError::Unencodable { kind, id: id() });
        }
        if self.buf.len() > self.limits.line_bytes {
            return Err(ArchiveError::RecordTooLarge {
                kind,
                id: id(),
                limit: self.limits.line_bytes,
            });
        }
        self.finish_line(w)
    }

    fn finish_line(&mut self, w: &mut dyn Write) -> Result<(), ArchiveError> {
        self.buf.push(b'\n');
        self.bytes += self.buf.len() as u64;
        if self.bytes > self.limits.file_bytes {
            return Err(ArchiveError::FileTooLarge {
                path: self.path.to_path_buf(),
                limit: self.limits.file_bytes,
            });
        }
        w.write_all(&self.buf).map_err(|e| io_err(self.path, e))
    }
}

fn io_err(path: &Path, source: io::Error) -> ArchiveError {
    ArchiveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

// --- import --------------------------------------------------------------------------

enum Record {
    Case(Case),
    Handoff(Handoff),
    Meeting(MeetingRecord),
    Draft(String, Draft),
}

/// Read `path` into an empty store: everything is checked before anything is written,
/// then written and flushed durably.
pub fn import(store: &dyn Store, path: &Path) -> Result<ImportSummary, ArchiveError> {
    import_with(store, path, Limits::DEFAULT)
}

/// [`import`] with other limits (tests).
pub fn import_with(store: &dyn Store, path: &Path, limits: Limits) -> Result<ImportSummary, ArchiveError> {
    let held = store.record_counts()?;
    if !held.is_empty() {
        return Err(ArchiveError::NotEmpty { counts: held });
    }
    let (header, records) = read_file(path, limits)?;
    let mut last = None;
    let result = (|| {
        for (line, record) in &records {
            last = Some(*line);
            match record {
                Record::Case(c) => store.restore_case(c)?,
                Record::Handoff(h) => store.restore_handoff(h)?,
                Record::Meeting(m) => store.restore_meeting(m)?,
                Record::Draft(key, d) => store.put_draft(key, d, false)?,
            }
        }
        last = None;
        store.flush_durable()
    })();
    result.map_err(|source| ArchiveError::Partial { line: last, source })?;
    Ok(ImportSummary {
        path: path.to_path_buf(),
        exported_at: header.exported_at,
        counts: header.counts,
    })
}

/// Read and check a whole export file. Records come back with their line numbers, in
/// the order they can be written (cases first, so every hand-off finds its case).
fn read_file(path: &Path, limits: Limits) -> Result<(Header, Vec<(u64, Record)>), ArchiveError> {
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    let len = file.metadata().map_err(|e| io_err(path, e))?.len();
    let too_large = || ArchiveError::FileTooLarge {
        path: path.to_path_buf(),
        limit: limits.file_bytes,
    };
    if len > limits.file_bytes {
        return Err(too_large());
    }
    let line_err = |line: u64, problem: LineProblem| ArchiveError::Line {
        path: path.to_path_buf(),
        line,
        problem,
    };
    let mut reader = BufReader::new(file.take(limits.file_bytes.saturating_add(1)));
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let mut line_no: u64 = 0;
    let mut header: Option<Header> = None;
    let mut check = Checker::default();
    loop {
        buf.clear();
        let cap = (limits.line_bytes as u64).saturating_add(1);
        let n = (&mut reader)
            .take(cap)
            .read_until(b'\n', &mut buf)
            .map_err(|e| io_err(path, e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        total += n as u64;
        if total > limits.file_bytes {
            return Err(too_large());
        }
        let content = match buf.strip_suffix(b"\n") {
            Some(c) => c,
            None if buf.len() > limits.line_bytes => {
                return Err(line_err(
                    line_no,
                    LineProblem::TooLong {
                        limit: limits.line_bytes,
                    },
                ));
            }
            None => &buf[..],
        };
        let Ok(text) = std::str::from_utf8(content) else {
            return Err(line_err(line_no, LineProblem::NotUtf8));
        };
        if text.trim().is_empty() {
            continue;
        }
        match &header {
            None => header = Some(parse_header(text).map_err(|p| line_err(line_no, p))?),
            Some(_) => {
                let record = parse_record(text).map_err(|p| line_err(line_no, p))?;
                check.add(line_no, record).map_err(|p| line_err(line_no, p))?;
            }
        }
    }
    let Some(header) = header else {
        return Err(ArchiveError::EmptyFile {
            path: path.to_path_buf(),
        });
    };
    let found = check.counts();
    for kind in RecordKind::ALL {
        let (announced, found) = (kind.count(&header.counts), kind.count(&found));
        if announced != found {
            return Err(ArchiveError::CountMismatch {
                path: path.to_path_buf(),
                kind,
                announced,
                found,
                last_line: line_no,
            });
        }
    }
    let records = check.finish().map_err(|(line, p)| line_err(line, p))?;
    Ok((header, records))
}

fn parse_header(text: &str) -> Result<Header, LineProblem> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return Err(LineProblem::NotAnExport);
    };
    if map.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(LineProblem::NotAnExport);
    }
    match map.get("version").and_then(Value::as_u64) {
        None => return Err(LineProblem::BadHeader),
        Some(v) if v != u64::from(VERSION) => return Err(LineProblem::Version { found: v }),
        Some(_) => {}
    }
    decode::<Header>(map).map_err(|p| match p {
        LineProblem::UnknownFields { .. } | LineProblem::BadRecord { .. } => LineProblem::BadHeader,
        other => other,
    })
}

fn parse_record(text: &str) -> Result<Record, LineProblem> {
    let value: Value = serde_json::from_str(text).map_err(|e| LineProblem::NotJson { column: e.column() })?;
    let Value::Object(mut map) = value else {
        return Err(LineProblem::NotAnObject);
    };
    let kind = match map.remove("type") {
        Some(Value::String(s)) => RecordKind::parse(&s).ok_or(LineProblem::UnknownType)?,
        _ => return Err(LineProblem::UnknownType),
    };
    let tag = |p: LineProblem| match p {
        LineProblem::BadRecord { .. } => LineProblem::BadRecord { kind },
        LineProblem::UnknownFields { .. } => LineProblem::UnknownFields { kind },
        other => other,
    };
    let record = match kind {
        RecordKind::Case => Record::Case(decode(map).map_err(tag)?),
        RecordKind::Handoff => Record::Handoff(decode(map).map_err(tag)?),
        RecordKind::Meeting => Record::Meeting(decode(map).map_err(tag)?),
        RecordKind::Draft => {
            let Some(Value::String(key)) = map.remove("key") else {
                return Err(LineProblem::BadRecord { kind });
            };
            Record::Draft(key, decode(map).map_err(tag)?)
        }
    };
    Ok(record)
}

/// Decode a record and prove it reads back without loss: encoding it again must give
/// every field of the input with the same value (an unknown field would be dropped).
/// Errors carry no content (serde's messages quote values, so they are discarded).
fn decode<T: DeserializeOwned + Serialize>(map: Map<String, Value>) -> Result<T, LineProblem> {
    let bad = LineProblem::BadRecord {
        kind: RecordKind::Case,
    };
    let input = Value::Object(map);
    let record = T::deserialize(&input).map_err(|_| bad)?;
    let back = serde_json::to_value(&record).map_err(|_| bad)?;
    if lossless(&input, &back) {
        Ok(record)
    } else {
        Err(LineProblem::UnknownFields {
            kind: RecordKind::Case,
        })
    }
}

/// Does `output` hold everything `input` does? Keys only in `output` must be null (an
/// absent optional field).
fn lossless(input: &Value, output: &Value) -> bool {
    match (input, output) {
        (Value::Object(i), Value::Object(o)) => {
            i.iter().all(|(k, v)| o.get(k).is_some_and(|ov| lossless(v, ov)))
                && o.iter().all(|(k, v)| i.contains_key(k) || v.is_null())
        }
        (Value::Array(i), Value::Array(o)) => {
            i.len() == o.len() && i.iter().zip(o).all(|(a, b)| lossless(a, b))
        }
        (i, o) => i == o,
    }
}

/// Checks records as they are read: usable keys, no duplicates; at the end, every
/// hand-off's case present.
#[derive(Default)]
struct Checker {
    cases: Vec<(u64, Record)>,
    handoffs: Vec<(u64, Record)>,
    meetings: Vec<(u64, Record)>,
    drafts: Vec<(u64, Record)>,
    case_lines: HashMap<String, u64>,
    handoff_lines: HashMap<(String, u32), u64>,
    meeting_lines: HashMap<String, u64>,
    draft_lines: HashMap<String, u64>,
}

/// Remember `key` at `line`, or name the line it was first seen on.
fn first_seen<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, u64>,
    key: K,
    line: u64,
    kind: RecordKind,
) -> Result<(), LineProblem> {
    match seen.get(&key) {
        Some(&first_line) => Err(LineProblem::Duplicate { kind, first_line }),
        None => {
            seen.insert(key, line);
            Ok(())
        }
    }
}

impl Checker {
    fn add(&mut self, line: u64, record: Record) -> Result<(), LineProblem> {
        match &record {
            Record::Case(c) => {
                let kind = RecordKind::Case;
                if !usable_key_part(&c.number) || date_of(&c.received_at).is_none() {
                    return Err(LineProblem::BadKey { kind });
                }
                first_seen(&mut self.case_lines, c.number.clone(), line, kind)?;
                self.cases.push((line, record));
            }
            Record::Handoff(h) => {
                let kind = RecordKind::Handoff;
                if !usable_key_part(&h.case) || !usable_key_part(&h.section) || h.seq == 0 {
                    return Err(LineProblem::BadKey { kind });
                }
                first_seen(&mut self.handoff_lines, (h.case.clone(), h.seq), line, kind)?;
                self.handoffs.push((line, record));
            }
            Record::Meeting(m) => {
                let kind = RecordKind::Meeting;
                if !usable_key_part(&m.id)
                    || date_of(&m.date).is_none()
                    || !m.cases.iter().all(|d| usable_key_part(&d.case))
                {
                    return Err(LineProblem::BadKey { kind });
                }
                first_seen(&mut self.meeting_lines, m.id.clone(), line, kind)?;
                self.meetings.push((line, record));
            }
            Record::Draft(key, _) => {
                let kind = RecordKind::Draft;
                if !usable_key_part(key) {
                    return Err(LineProblem::BadKey { kind });
                }
                first_seen(&mut self.draft_lines, key.clone(), line, kind)?;
                self.drafts.push((line, record));
            }
        }
        Ok(())
    }

    fn counts(&self) -> RecordCounts {
        RecordCounts {
            cases: self.cases.len() as u64,
            handoffs: self.handoffs.len() as u64,
            meetings: self.meetings.len() as u64,
            drafts: self.drafts.len() as u64,
        }
    }

    fn finish(self) -> Result<Vec<(u64, Record)>, (u64, LineProblem)> {
        let cases: HashSet<&String> = self.case_lines.keys().collect();
        for (line, record) in &self.handoffs {
            if let Record::Handoff(h) = record
                && !cases.contains(&h.case)
            {
                return Err((*line, LineProblem::HandoffWithoutCase));
            }
        }
        let mut out = self.cases;
        out.extend(self.handoffs);
        out.extend(self.meetings);
        out.extend(self.drafts);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lossless_sees_unknown_and_changed_fields() {
        let out = json!({"a": 1, "b": null, "c": [{"d": "x"}]});
        assert!(lossless(&json!({"a": 1, "c": [{"d": "x"}]}), &out));
        assert!(lossless(&json!({"a": 1, "b": null, "c": [{"d": "x"}]}), &out));
        assert!(!lossless(&json!({"a": 1, "z": 0, "c": [{"d": "x"}]}), &out));
        assert!(!lossless(&json!({"a": 1, "c": [{"d": "x", "e": 1}]}), &out));
        assert!(!lossless(&json!({"a": 2, "c": [{"d": "x"}]}), &out));
        assert!(!lossless(
            &json!({"c": [{"d": "x"}]}),
            &json!({"a": 1, "c": [{"d": "x"}]})
        ));
    }

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
