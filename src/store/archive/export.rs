//! Export: every record of a store into one file, atomically and durably, within the
//! [`Limits`] that import accepts (the format is in the parent module).

use super::{ArchiveError, ExportSummary, FORMAT, Header, Limits, RecordKind, VERSION, io_err};
use crate::store::{RecordCounts, Store, fsync};
use serde::Serialize;
use std::io::{self, Write};
use std::path::Path;

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
