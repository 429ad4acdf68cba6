//! `seed.bin`: the seed's validated directory as the desk last had it in effect, beside
//! the store, so the first frame never parses a large seed. A cache and never the source
//! of anything: deleting it is always safe, and one that is damaged, or of another build,
//! is not used (the desk draws its first frame from the built-in seed and writes a new
//! one once the store is open).
//!
//! Whether the seed is still the one cached is decided from cheap file metadata first:
//! each seed file's size, modification and change times and inode, as they were before
//! the files were read for the hash ([`Stamps::of_dir`]). Equal stamps let the first frame
//! trust the cached directory without reading or hashing the seed; the full hash is
//! checked in the background all the same (the store's replication hashes the files), and
//! a seed that changed behind equal stamps (a write within the file system's clock tick)
//! replaces the directory on screen within a second. The built-in seed needs no stamps:
//! its hash is cheap and exact.
//!
//! File layout, as the lookup snapshot's (search::snapshot):
//! ```text
//! MAGIC (8 bytes) | header length (u32 LE) | header | body (the directory)
//! ```
//! The header is read alone; the body only when the directory is needed, after its length
//! and checksum match.

use crate::domain::Directory;
use crate::store::{codec, fsync};
use serde::{Deserialize, Serialize};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The file's name in the data folder.
pub const FILE: &str = "seed.bin";

const MAGIC: &[u8; 8] = b"TSNGSEED";
/// Bump when the layout or the meaning of what is saved changes.
const FORMAT: u32 = 1;
/// A header is a few hundred bytes (a stamp per seed file).
const MAX_HEADER: usize = 16 * 1024;
const MAX_FILE: u64 = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("cannot encode the seed cache: {0}")]
    Encode(#[from] codec::CodecError),
}

/// What a seed file looked like: enough to notice an edit, a copy over it or a rename in
/// its place without reading it. `None` for a file that was absent.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct FileStamp {
    pub name: String,
    pub seen: Option<Seen>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen {
    pub len: u64,
    /// Modification time, seconds and nanoseconds since the epoch.
    pub modified: (i64, i64),
    /// Status change time (unix; 0 elsewhere): a write moves it even when the mtime is
    /// set back.
    pub changed: (i64, i64),
    pub inode: u64,
}

/// The stamps of a seed: one per seed file, in [`super::FILES`] order; empty for the
/// built-in seed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Stamps(pub Vec<FileStamp>);

impl Stamps {
    /// Stat every seed file of `dir` (thirteen `stat` calls, no reads). Take them before
    /// the files are read for their hash: a file changed after that has other stamps.
    pub fn of_dir(dir: &Path) -> Stamps {
        Stamps(
            super::FILES
                .iter()
                .map(|name| FileStamp {
                    name: name.to_string(),
                    seen: std::fs::metadata(dir.join(name)).ok().map(|m| seen(&m)),
                })
                .collect(),
        )
    }
}

#[cfg(unix)]
fn seen(m: &std::fs::Metadata) -> Seen {
    use std::os::unix::fs::MetadataExt;
    Seen {
        len: m.len(),
        modified: (m.mtime(), m.mtime_nsec()),
        changed: (m.ctime(), m.ctime_nsec()),
        inode: m.ino(),
    }
}

#[cfg(not(unix))]
fn seen(m: &std::fs::Metadata) -> Seen {
    let at = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    Seen {
        len: m.len(),
        modified: at.map_or((0, 0), |d| (d.as_secs() as i64, i64::from(d.subsec_nanos()))),
        changed: (0, 0),
        inode: 0,
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    build: String,
    seed_hash: String,
    stamps: Stamps,
    body_len: u64,
    body_check: u64,
}

/// A cache file whose header was read: which seed it holds, and its body, not decoded.
#[derive(Debug)]
pub struct Cached {
    path: PathBuf,
    /// The hash of the seed the directory came from.
    pub seed_hash: String,
    /// The seed files' stamps when it was written (empty: the built-in seed).
    pub stamps: Stamps,
    file: std::fs::File,
    body_len: u64,
    body_check: u64,
}

/// Read the header of the cache at `path`. `Ok(None)`: no file, or one of another build
/// or format (to replace). An error: unreadable or damaged (to replace as well).
pub fn read(path: &Path) -> Result<Option<Cached>, CacheError> {
    read_as(path, &crate::search::snapshot::build_id())
}

/// [`read`] for the build `build` (search::snapshot::build_id_of: a test reads what the
/// binary it runs wrote).
pub fn read_as(path: &Path, build: &str) -> Result<Option<Cached>, CacheError> {
    let io_err = |e: io::Error| CacheError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let damaged = |reason: &str| CacheError::Damaged {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let mut file = match crate::files::open_regular(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(e)),
    };
    let len = file.metadata().map_err(io_err)?.len();
    if len > MAX_FILE {
        return Err(damaged("larger than any seed cache"));
    }
    let mut lead = [0u8; 12];
    file.read_exact(&mut lead).map_err(|_| damaged("too short"))?;
    let (magic, size) = lead.split_at(8);
    if magic != MAGIC {
        return Err(damaged("not a seed cache"));
    }
    let size = u32::from_le_bytes(size.try_into().map_err(|_| damaged("too short"))?) as usize;
    if size > MAX_HEADER || size as u64 > len.saturating_sub(12) {
        return Err(damaged("bad header length"));
    }
    let mut header = vec![0u8; size];
    file.read_exact(&mut header).map_err(|_| damaged("too short"))?;
    // Another build's header may not even decode: that is a cache to replace.
    let Ok(header) = codec::decode::<Header>(&header) else {
        return Ok(None);
    };
    if header.format != FORMAT || header.build != build {
        return Ok(None);
    }
    if header.body_len != len - 12 - size as u64 {
        return Err(damaged("body length mismatch"));
    }
    Ok(Some(Cached {
        path: path.to_path_buf(),
        seed_hash: header.seed_hash,
        stamps: header.stamps,
        file,
        body_len: header.body_len,
        body_check: header.body_check,
    }))
}

impl Cached {
    /// Does it hold the seed whose files have these stamps now? (A seed folder; the
    /// built-in seed is matched by its hash.)
    pub fn matches(&self, stamps: &Stamps) -> bool {
        !stamps.0.is_empty() && self.stamps == *stamps
    }

    /// Read and decode the directory (checked against damage first).
    pub fn directory(mut self) -> Result<Directory, CacheError> {
        let damaged = |reason: &str| CacheError::Damaged {
            path: self.path.clone(),
            reason: reason.to_string(),
        };
        let mut body = Vec::with_capacity(usize::try_from(self.body_len).unwrap_or(0));
        self.file.read_to_end(&mut body).map_err(|e| CacheError::Io {
            path: self.path.clone(),
            source: e,
        })?;
        if body.len() as u64 != self.body_len || crate::search::snapshot::body_check(&body) != self.body_check
        {
            return Err(damaged("checksum mismatch"));
        }
        codec::decode(&body).map_err(|e| damaged(&e.to_string()))
    }
}

/// Save the directory of seed `seed_hash` whose files had `stamps` before they were read
/// (not durable: a cache lost in a crash is rebuilt; a partial one is never used).
pub fn write(path: &Path, stamps: &Stamps, seed_hash: &str, directory: &Directory) -> Result<(), CacheError> {
    write_as(
        path,
        &crate::search::snapshot::build_id(),
        stamps,
        seed_hash,
        directory,
    )
}

/// [`write`] for the build `build` (see [`read_as`]).
pub fn write_as(
    path: &Path,
    build: &str,
    stamps: &Stamps,
    seed_hash: &str,
    directory: &Directory,
) -> Result<(), CacheError> {
    let body = codec::encode(directory)?;
    let header = codec::encode(&Header {
        format: FORMAT,
        build: build.to_string(),
        seed_hash: seed_hash.to_string(),
        stamps: stamps.clone(),
        body_len: body.len() as u64,
        body_check: crate::search::snapshot::body_check(&body),
    })?;
    let io_err = |p: &Path, e: io::Error| CacheError::Io {
        path: p.to_path_buf(),
        source: e,
    };
    if let Some(dir) = path.parent() {
        fsync::create_private_dir(dir).map_err(|e| io_err(dir, e))?;
    }
    let header_len = u32::try_from(header.len()).map_err(|_| CacheError::Damaged {
        path: path.to_path_buf(),
        reason: "header too large".into(),
    })?;
    fsync::write_atomically(path, false, io_err, |w| {
        w.write_all(MAGIC)
            .and_then(|_| w.write_all(&header_len.to_le_bytes()))
            .and_then(|_| w.write_all(&header))
            .and_then(|_| w.write_all(&body))
            .map_err(|e| io_err(path, e))
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city() -> Directory {
        crate::seed::load_embedded().unwrap().directory
    }

    #[test]
    fn round_trip_and_stamps() {
        let tmp = tempfile::tempdir().unwrap();
        let seed = tmp.path().join("seed");
        std::fs::create_dir(&seed).unwrap();
        for (name, text) in crate::seed::EMBEDDED {
            std::fs::write(seed.join(name), text).unwrap();
        }
        let stamps = Stamps::of_dir(&seed);
        assert_eq!(stamps.0.len(), crate::seed::FILES.len());
        assert!(stamps.0.iter().all(|s| s.seen.is_some()));
        let path = tmp.path().join("data").join(FILE);
        let dir = city();
        write(&path, &stamps, "abc", &dir).unwrap();
        let cached = read(&path).unwrap().unwrap();
        assert_eq!(cached.seed_hash, "abc");
        assert!(cached.matches(&Stamps::of_dir(&seed)));
        assert!(!cached.matches(&Stamps::default()));
        assert_eq!(cached.directory().unwrap(), dir);

        // Another size is another seed; so is a file that went away.
        std::fs::write(seed.join("desk.toml"), "x").unwrap();
        assert!(!read(&path).unwrap().unwrap().matches(&Stamps::of_dir(&seed)));
        std::fs::remove_file(seed.join("vocabulary.toml")).unwrap();
        let gone = Stamps::of_dir(&seed);
        assert!(
            gone.0
                .iter()
                .any(|s| s.name == "vocabulary.toml" && s.seen.is_none())
        );
    }

    #[test]
    fn damage_is_noticed_never_used() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(FILE);
        write(&path, &Stamps::default(), "abc", &city()).unwrap();
        let good = std::fs::read(&path).unwrap();

        // A flipped byte in the body: the header reads, the directory does not.
        let mut bad = good.clone();
        let last = bad.len() - 10;
        bad[last] ^= 0x55;
        std::fs::write(&path, &bad).unwrap();
        let cached = read(&path).unwrap().unwrap();
        assert!(matches!(cached.directory(), Err(CacheError::Damaged { .. })));

        // Cut short, garbage, empty: errors, never a panic or a directory.
        std::fs::write(&path, &good[..good.len() / 2]).unwrap();
        assert!(read(&path).is_err());
        std::fs::write(&path, b"TSNGSEED\xff\xff\xff\xffgarbage").unwrap();
        assert!(read(&path).is_err());
        std::fs::write(&path, b"").unwrap();
        assert!(read(&path).is_err());
        std::fs::remove_file(&path).unwrap();
        assert!(read(&path).unwrap().is_none());
    }
}
