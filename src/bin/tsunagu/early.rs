//! The desk's start, before the store is open: which directory the app reads right after
//! its first frame, and keeping `seed.bin` (seed::cache) for the next start.
//!
//! The first frame needs nothing of the seed. Right after it the app reads the directory
//! from `seed.bin` when that holds the seed in effect, decided without reading the seed:
//! the seed files' stamps (size, times, inode) equal the ones it was written with; for
//! the built-in seed, its hash. The store's replication hashes the seed files all the
//! same, in the background: a seed that changed behind equal stamps replaces the
//! directory on screen once the store is open. A `seed.bin` that does not match is still
//! read (the last seed in effect, as the store's replica most likely is); a missing or
//! damaged one gives way to the built-in seed. Either way the store's directory replaces
//! it when they differ, and `seed.bin` is written again (off the first frame's path).

use crate::Args;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;
use tsunagu::domain::Directory;
use tsunagu::search::Index;
use tsunagu::seed::cache::{self, Cached, Stamps};
use tsunagu::store::replicate::SeedSource;

/// Where the directory comes from after the first frame.
enum Source {
    Cache(Box<Cached>),
    BuiltIn,
}

pub struct Early {
    source: Source,
    /// The hash of the seed that directory came from.
    pub hash: String,
    /// `seed.bin` holds the seed in effect now (as far as the stamps tell).
    pub trusted: bool,
    /// The seed files' stamps at the start, before the store's replication reads them.
    stamps: Stamps,
    cache: Option<PathBuf>,
    snapshot: Option<PathBuf>,
    /// The embedded store (not the service): `seed.bin` and the snapshot are kept.
    embedded: bool,
    /// Tells the opener the hash of the directory read, and whether seed.bin gave it.
    tell: Sender<(String, bool)>,
    told: Option<Receiver<(String, bool)>>,
}

/// Decide at the start, from `seed.bin`'s header and the seed files' stamps only.
pub fn start(args: &Args, source: &SeedSource) -> Early {
    let embedded = crate::session::service_socket(args).is_none();
    let data = tsunagu::config::data_dir(args.data.clone()).ok();
    let cache = data.as_ref().map(|d| d.join(cache::FILE));
    let snapshot = data.as_deref().map(tsunagu::config::lookup_snapshot);
    let built_in = || tsunagu::seed::SeedText::embedded().hash();
    let (stamps, cached) = match source {
        SeedSource::Dir(dir) if embedded => (Stamps::of_dir(dir), read(cache.as_ref())),
        SeedSource::Embedded if embedded => (Stamps::default(), read(cache.as_ref())),
        // Through the service: the built-in seed until the service's replica comes.
        _ => (Stamps::default(), None),
    };
    let (hash, trusted, source) = match cached {
        Some(c) if matches!(source, SeedSource::Dir(_)) => {
            let trusted = c.matches(&stamps);
            (c.seed_hash.clone(), trusted, Source::Cache(Box::new(c)))
        }
        Some(c) => {
            let hash = built_in();
            if c.seed_hash == hash {
                (hash, true, Source::Cache(Box::new(c)))
            } else {
                (hash, false, Source::BuiltIn)
            }
        }
        None => (built_in(), false, Source::BuiltIn),
    };
    let (tell, told) = std::sync::mpsc::channel();
    Early {
        source,
        hash,
        trusted,
        stamps,
        cache,
        snapshot,
        embedded,
        tell,
        told: Some(told),
    }
}

fn read(path: Option<&PathBuf>) -> Option<Cached> {
    cache::read(path?).ok().flatten()
}

impl Early {
    /// Read the directory and its index (after the first frame): the index from the
    /// lookup snapshot of that seed, else built (and, embedded, the snapshot written).
    pub fn load(self) -> (Arc<Directory>, Index) {
        let ((directory, hash), cached) = match self.source {
            Source::Cache(c) => match c.directory() {
                Ok(d) => ((d, self.hash), true),
                // Damaged: the built-in seed; the store's directory replaces it.
                Err(_) => (built_in_directory(), false),
            },
            Source::BuiltIn => (built_in_directory(), false),
        };
        let _ = self.tell.send((hash.clone(), cached));
        // The lookup snapshot is written only for the seed in effect: a stand-in's would
        // replace the seed's own (and the opener would build that again).
        let write = self.embedded && self.trusted && cached;
        let index = crate::session::snapshot_index(self.snapshot.as_deref(), &directory, Some(&hash), write);
        (Arc::new(directory), index)
    }

    /// What the opener needs to keep `seed.bin` (once).
    pub fn keeper(&mut self) -> Keeper {
        Keeper {
            hash: self.hash.clone(),
            trusted: self.trusted,
            stamps: self.stamps.clone(),
            cache: self.cache.clone().filter(|_| self.embedded),
            told: self.told.take(),
        }
    }
}

/// The built-in seed's directory and hash (validated: the test suite keeps it valid; an
/// empty directory if even it fails, rather than no desk).
fn built_in_directory() -> (Directory, String) {
    match tsunagu::seed::load_embedded() {
        Ok(l) => (l.directory, l.hash),
        Err(_) => (Directory::default(), String::new()),
    }
}

/// Keeps `seed.bin` once the store is open (on the opener's thread).
pub struct Keeper {
    /// The hash of the directory the app reads after its first frame, as decided.
    hash: String,
    trusted: bool,
    stamps: Stamps,
    cache: Option<PathBuf>,
    told: Option<Receiver<(String, bool)>>,
}

/// Longest wait for the app to have read its directory (it does so a few milliseconds
/// after the first frame; an app that quit before never does).
const TOLD_WAIT: Duration = Duration::from_secs(5);

impl Keeper {
    /// The hash of the directory the app read: as decided, unless `seed.bin` failed
    /// when it was read (then the built-in seed's). Waits for the read, once.
    pub fn shown(&mut self) -> &str {
        if let Some(told) = self.told.take()
            && let Ok((hash, cached)) = told.recv_timeout(TOLD_WAIT)
        {
            // seed.bin failed when read: it is written again.
            self.trusted &= cached;
            self.hash = hash;
        }
        &self.hash
    }

    /// The store's replication gave `directory` of seed `hash` (a valid seed, in effect):
    /// write `seed.bin` unless it already holds exactly that.
    pub fn keep(&mut self, hash: &str, directory: &Directory) {
        if self.trusted && self.shown() == hash {
            return;
        }
        if let Some(path) = &self.cache {
            // A cache: when it cannot be written, the next start reads the seed's replica
            // the slow way again.
            let _ = cache::write(path, &self.stamps, hash, directory);
        }
    }
}
