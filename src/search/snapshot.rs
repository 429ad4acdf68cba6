//! The lookup snapshot: a built index and the rows `find` prints, saved in the data
//! folder under the hash of the seed they came from, so a quick lookup (`tsunagu find`
//! during a phone call) reads one file instead of opening the store, checking the
//! replica and normalizing ten thousand entries again.
//!
//! It is a cache, derived from a valid seed and never the source of anything: a snapshot
//! of another seed, another build, or one that is damaged is simply not used (the caller
//! takes the slow path and writes a new one). File layout:
//! ```text
//! MAGIC (8 bytes) | header length (u32 LE) | header | zero padding to 8 | body
//! ```
//! The file is mapped and the body read in place (search::table): its tables are views
//! of the mapping, not copies.
//! The header goes through the store's codec; it names the format, the build, the seed's
//! hash, and the body's length and checksum. The body (search::packed, then the rows) is
//! read only when all of them match, and its shape is checked before use, so a damaged
//! file can never make a search index read out of bounds. Nothing personal is in it: only the directory (the city's
//! programs, sites, sections and meetings).

use super::table::{Backing, Cursor, Map, Table, pad, put_table, put_u32};
use super::{EntryKind, Hit, HitInfo, Index, describe};
use crate::domain::Directory;
use crate::store::codec::{self, CodecError};
use crate::store::fsync;
use serde::{Deserialize, Serialize};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"TSNGLOOK";
/// Bump when the layout or the meaning of what is saved changes (the normalizer included).
const FORMAT: u32 = 4;
/// A header is a few hundred bytes; a snapshot of a very large city a few tens of MiB.
const MAX_HEADER: usize = 4096;
const MAX_FILE: u64 = 512 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("cannot encode the lookup snapshot: {0}")]
    Encode(#[from] CodecError),
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    build: String,
    seed_hash: String,
    body_len: u64,
    body_check: u64,
}

/// What a result row shows of an entry, worked out when the snapshot is built.
#[derive(Serialize, Deserialize)]
struct Row {
    id: String,
    name: String,
    program: Option<String>,
    sections: Vec<String>,
}

/// The rows of every entry, each encoded on its own: a lookup decodes only its hits.
struct Rows {
    /// Rows per kind, in [`EntryKind::ALL`] order.
    counts: [usize; 4],
    /// Where each row starts in `bytes` (and where the last ends).
    offsets: Table<u32>,
    bytes: Table<u8>,
}

impl Rows {
    fn get(&self, kind: EntryKind, idx: usize) -> Option<Row> {
        let k = kind as usize;
        if idx >= *self.counts.get(k)? {
            return None;
        }
        let n = self.counts.get(..k)?.iter().sum::<usize>() + idx;
        let (start, end) = (*self.offsets.get(n)? as usize, *self.offsets.get(n + 1)? as usize);
        codec::decode(self.bytes.get(start..end)?).ok()
    }

    fn pack(&self, out: &mut Vec<u8>) {
        for c in self.counts {
            put_u32(out, c);
        }
        put_u32(out, self.bytes.len());
        put_table(out, &self.offsets);
        out.extend_from_slice(&self.bytes);
    }

    fn unpack(c: &mut Cursor) -> Result<Rows, &'static str> {
        let mut counts = [0usize; 4];
        for n in &mut counts {
            *n = c.u32()? as usize;
        }
        let len = c.u32()? as usize;
        let n = counts.iter().sum::<usize>();
        let offsets: Table<u32> = c.table(n.checked_add(1).ok_or("too many rows")?)?;
        let ordered = offsets.is_sorted();
        if !ordered || offsets.last().is_some_and(|&end| end as usize != len) {
            return Err("row offsets out of order");
        }
        let bytes = c.table(len)?;
        Ok(Rows {
            counts,
            offsets,
            bytes,
        })
    }
}

/// A directory's index and result rows.
pub struct Snapshot {
    index: Index,
    rows: Rows,
}

/// The build that wrote a snapshot: the version, and the size and time of the program's
/// file, so a rebuilt or reinstalled tsunagu (a new normalizer, say) never answers from
/// a snapshot an older one made, even when nobody bumped [`FORMAT`]. One stat.
/// Entries of each kind in a directory, in [`EntryKind::ALL`] order.
fn entry_counts(dir: &Directory) -> [usize; 4] {
    [
        dir.programs.len(),
        dir.sites.len(),
        dir.sections.len(),
        dir.meetings.len(),
    ]
}

pub(crate) fn build_id() -> String {
    build_id_of(&std::env::current_exe().unwrap_or_default())
}

/// The build id of the program at `exe` (a test names the binary it runs).
pub fn build_id_of(exe: &Path) -> String {
    let exe = std::fs::metadata(exe).ok();
    let stamp = exe.map(|m| {
        let at = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        (m.len(), at.map_or(0, |d| d.as_nanos()))
    });
    format!(
        "{} codec {} exe {stamp:?}",
        env!("CARGO_PKG_VERSION"),
        codec::VERSION
    )
}

/// A quick check of the body against damage (not against an adversary: the file is the
/// owner's own, 0600): four interleaved multiply-rotate lanes over 8-byte words.
pub(crate) fn body_check(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut lanes = [1u64, 2, 3, 4];
    let (chunks, remainder) = bytes.as_chunks::<32>();
    for c in chunks {
        let (words, _) = c.as_chunks::<8>();
        for (lane, &w) in lanes.iter_mut().zip(words) {
            *lane = (*lane ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
        }
    }
    let mut h = bytes.len() as u64;
    for b in remainder {
        h = (h ^ u64::from(*b)).wrapping_mul(K);
    }
    lanes
        .iter()
        .fold(h, |h, l| (h ^ l).wrapping_mul(K).rotate_left(31))
}

impl Snapshot {
    pub fn build(dir: &Directory) -> Result<Snapshot, SnapshotError> {
        let index = Index::build(dir);
        let counts = entry_counts(dir);
        let mut offsets = vec![0u32];
        let mut bytes = Vec::new();
        for (kind, n) in EntryKind::ALL.into_iter().zip(counts) {
            for idx in 0..n {
                let info = describe(dir, &Hit { kind, idx, score: 0 });
                bytes.extend(codec::encode(&Row {
                    id: info.id,
                    name: info.name,
                    program: info.program,
                    sections: info.sections,
                })?);
                offsets.push(bytes.len() as u32);
            }
        }
        Ok(Snapshot {
            index,
            rows: Rows {
                counts,
                offsets: offsets.into(),
                bytes: bytes.into(),
            },
        })
    }

    /// The index alone, for a desk that has `dir` for the rest: only when the snapshot
    /// has exactly as many entries of each kind as `dir` (every index entry then names
    /// one of them, [`Snapshot::read`] checked that), so a result never points past the
    /// directory's lists.
    pub fn into_index_for(self, dir: &Directory) -> Option<Index> {
        (self.rows.counts == entry_counts(dir)).then_some(self.index)
    }

    /// Ranked results as `find` prints them.
    pub fn search(&self, query: &str, limit: usize) -> Vec<HitInfo> {
        let found = self.index.query(query, limit);
        found
            .hits
            .iter()
            .enumerate()
            .filter_map(|(n, h)| {
                let row = self.rows.get(h.kind, h.idx)?;
                Some(HitInfo {
                    id: row.id,
                    kind: h.kind,
                    name: row.name,
                    program: row.program,
                    sections: row.sections,
                    score: h.score,
                    matched: self.index.why(&found, h),
                    partial: n >= found.partial_from,
                })
            })
            .collect()
    }

    /// Save under the hash of the seed the directory came from (not durable: a snapshot
    /// lost in a crash is rebuilt; a partial one is never read, see [`Snapshot::read`]).
    pub fn write(&self, path: &Path, seed_hash: &str) -> Result<(), SnapshotError> {
        let mut body = Vec::new();
        self.index.pack(&mut body);
        self.rows.pack(&mut body);
        let header = codec::encode(&Header {
            format: FORMAT,
            build: build_id(),
            seed_hash: seed_hash.to_string(),
            body_len: body.len() as u64,
            body_check: body_check(&body),
        })?;
        let io_err = |p: &Path, e: io::Error| SnapshotError::Io {
            path: p.to_path_buf(),
            source: e,
        };
        let mut head = MAGIC.to_vec();
        put_u32(&mut head, header.len());
        head.extend_from_slice(&header);
        // The body starts 8-aligned, as its tables are read in place.
        pad(&mut head, 8);
        fsync::write_atomically(path, false, io_err, |w| {
            w.write_all(&head)
                .and_then(|_| w.write_all(&body))
                .map_err(|e| io_err(path, e))
        })?;
        Ok(())
    }

    /// The snapshot of this seed, if the file holds one made by this build. `Ok(None)`:
    /// no file, or one for another seed or build. An error: the file is unreadable or
    /// damaged (the caller rebuilds it).
    pub fn read(path: &Path, seed_hash: &str) -> Result<Option<Snapshot>, SnapshotError> {
        let io_err = |e: io::Error| SnapshotError::Io {
            path: path.to_path_buf(),
            source: e,
        };
        let damaged = |reason: &str| SnapshotError::Damaged {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        };
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_err(e)),
        };
        let len = file.metadata().map_err(io_err)?.len();
        if len > MAX_FILE {
            return Err(damaged("larger than any snapshot"));
        }
        if len < MAGIC.len() as u64 {
            return Err(damaged("not a lookup snapshot"));
        }
        // Mapped, or read whole where the file system cannot map it.
        let bytes = Arc::new(match Map::of(&file, len as usize) {
            Ok(map) => Backing::Mapped(map),
            Err(_) => {
                let mut raw = Vec::with_capacity(len as usize);
                (&file).read_to_end(&mut raw).map_err(io_err)?;
                Backing::copied(&raw)
            }
        });
        let all = bytes.bytes();
        let mut r = Cursor::new(&bytes, 0, all.len());
        if r.take(MAGIC.len()).map_err(damaged)? != MAGIC {
            return Err(damaged("not a lookup snapshot"));
        }
        let size = r.u32().map_err(damaged)? as usize;
        if size > MAX_HEADER {
            return Err(damaged("bad header length"));
        }
        // Another build's header may not even decode: that is a snapshot to replace.
        let Ok(header) = codec::decode::<Header>(r.take(size).map_err(damaged)?) else {
            return Ok(None);
        };
        if header.format != FORMAT || header.build != build_id() || header.seed_hash != seed_hash {
            return Ok(None);
        }
        let start = (MAGIC.len() + 4 + size).next_multiple_of(8);
        let body = all.get(start..).ok_or_else(|| damaged("truncated"))?;
        if header.body_len != body.len() as u64 || body_check(body) != header.body_check {
            return Err(damaged("checksum mismatch"));
        }
        Snapshot::decode_body(&bytes, start).map(Some).map_err(damaged)
    }

    /// The index and the rows from the body at `start` of `bytes`, with every count,
    /// range and row checked.
    fn decode_body(bytes: &Arc<Backing>, start: usize) -> Result<Snapshot, &'static str> {
        let mut c = Cursor::new(bytes, start, bytes.bytes().len());
        let index = Index::unpack(&mut c)?;
        let rows = Rows::unpack(&mut c)?;
        if !c.is_at_end() {
            return Err("trailing bytes");
        }
        let snapshot = Snapshot { index, rows };
        snapshot.check()?;
        Ok(snapshot)
    }

    /// Every entry of the index has its row.
    fn check(&self) -> Result<(), &'static str> {
        let rows_ok = self
            .index
            .keys()
            .all(|(kind, idx)| self.rows.counts.get(kind as usize).is_some_and(|&n| idx < n));
        if !rows_ok {
            return Err("an entry without its row");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city() -> Directory {
        crate::seed::load_embedded().expect("embedded seed").directory
    }

    #[test]
    fn answers_as_the_directory_does_and_round_trips() {
        let dir = city();
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("lookup.bin");
        Snapshot::build(&dir).unwrap().write(&path, "h1").unwrap();
        let read = Snapshot::read(&path, "h1").unwrap().expect("a snapshot for h1");
        for q in super::super::SAMPLE_QUERIES {
            assert_eq!(read.search(q, 10), crate::cli::find::find(&dir, q, 10), "{q}");
        }
        assert!(Snapshot::read(&path, "h2").unwrap().is_none(), "another seed");
        assert!(Snapshot::read(&tmp.path().join("none"), "h1").unwrap().is_none());
    }

    #[test]
    fn a_damaged_file_is_an_error_never_a_panic() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("lookup.bin");
        Snapshot::build(&city()).unwrap().write(&path, "h").unwrap();
        let good = std::fs::read(&path).unwrap();
        let cases: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"junk".to_vec(),
            good[..good.len() / 2].to_vec(),
            good[..12].to_vec(),
            {
                let mut b = good.clone();
                let last = b.len() - 1;
                b[last] ^= 0x55;
                b
            },
        ];
        for bytes in cases {
            std::fs::write(&path, &bytes).unwrap();
            assert!(Snapshot::read(&path, "h").is_err(), "{} bytes", bytes.len());
        }
    }

    /// Bodies damaged at random (the checksum bypassed): each one is refused or gives a
    /// snapshot that answers every query and names only rows it has, without a panic.
    #[test]
    fn randomly_damaged_bodies_never_panic() {
        let dir = city();
        let s = Snapshot::build(&dir).unwrap();
        let mut body = Vec::new();
        s.index.pack(&mut body);
        s.rows.pack(&mut body);
        let mut state = 0x7473_756e_6167_7521u64;
        let mut next = move || {
            // splitmix64
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let (mut refused, mut read) = (0, 0);
        for _ in 0..400 {
            let mut b = body.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() % b.len() as u64) as usize;
                b[at] = next() as u8;
            }
            match Snapshot::decode_body(&Arc::new(Backing::copied(&b)), 0) {
                Err(_) => refused += 1,
                Ok(s) => {
                    read += 1;
                    for q in super::super::SAMPLE_QUERIES {
                        let _ = s.search(q, 20);
                    }
                    let _ = s.into_index_for(&dir);
                }
            }
        }
        assert!(refused > 0 && read > 0, "{refused} refused, {read} read");
    }

    /// A body whose checksum is right but whose ranges point outside its data (a file
    /// written by a faulty build) is refused by the shape checks.
    #[test]
    fn a_well_summed_body_of_the_wrong_shape_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("lookup.bin");
        let mut s = Snapshot::build(&city()).unwrap();
        let end = s.index.text.char_indices().nth(200).map_or(0, |(i, _)| i);
        s.index.text = s.index.text[..end].to_string().into();
        s.write(&path, "h").unwrap();
        assert!(matches!(
            Snapshot::read(&path, "h"),
            Err(SnapshotError::Damaged { .. })
        ));
        let mut s = Snapshot::build(&city()).unwrap();
        s.rows = Rows {
            counts: [0; 4],
            offsets: vec![0].into(),
            bytes: Vec::new().into(),
        };
        s.write(&path, "h").unwrap();
        assert!(matches!(
            Snapshot::read(&path, "h"),
            Err(SnapshotError::Damaged { .. })
        ));
    }
}
