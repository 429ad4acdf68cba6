//! Import: a whole export file read and checked, then written into an empty store (the
//! format is in the parent module).

use super::{ArchiveError, FORMAT, Header, ImportSummary, Limits, LineProblem, RecordKind, VERSION, io_err};
use crate::domain::{Case, Draft, Handoff, MeetingRecord, date_of};
use crate::store::{RecordCounts, Store, usable_key_part};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

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
    let record = T::deserialize(&input).map_err(|_| bad.clone())?;
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
/// absent optional field) or an empty list (a list added after the file was written,
/// such as a case's 相談記録: absent, there are none).
fn lossless(input: &Value, output: &Value) -> bool {
    match (input, output) {
        (Value::Object(i), Value::Object(o)) => {
            i.iter().all(|(k, v)| o.get(k).is_some_and(|ov| lossless(v, ov)))
                && o.iter()
                    .all(|(k, v)| i.contains_key(k) || v.is_null() || v.as_array().is_some_and(Vec::is_empty))
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
                crate::domain::validate::validate_case(c, None).map_err(|e| LineProblem::Invalid {
                    field: e.field,
                    en: e.en,
                    ja: e.ja,
                })?;
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
}
