//! Seed -> store. The seed is validated and hashed; a different hash replaces the replica
//! in one atomic step. An invalid seed never replaces a good replica.

use super::{Replica, Store, StoreError};
use crate::domain::Directory;
use crate::seed::{self, SeedErrors};
use std::path::PathBuf;

/// Where the seed is read from.
#[derive(Clone, Debug)]
pub enum SeedSource {
    Dir(PathBuf),
    Embedded,
}

impl SeedSource {
    /// The seed's files as they are now, with any problem reading them.
    pub fn text(&self) -> (seed::SeedText, Vec<seed::Problem>) {
        match self {
            SeedSource::Dir(dir) => seed::SeedText::read_dir(dir),
            SeedSource::Embedded => (seed::SeedText::embedded(), Vec::new()),
        }
    }

    pub fn read(&self) -> Result<seed::Loaded, SeedErrors> {
        match self {
            SeedSource::Dir(dir) => seed::load_dir_full(dir),
            SeedSource::Embedded => seed::load_embedded(),
        }
    }
    pub fn label(&self) -> String {
        match self {
            SeedSource::Dir(d) => d.display().to_string(),
            SeedSource::Embedded => "embedded".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The replica already had this seed.
    Unchanged,
    /// The replica was replaced (or created) from the seed.
    Replaced { previous: Option<String> },
    /// The seed is invalid; the last good replica stays in use.
    KeptReplica,
    /// The seed is invalid and there is no replica: the compiled-in seed is used.
    EmbeddedFallback,
}

/// The directory the app runs on, and how it got there.
#[derive(Clone, Debug)]
pub struct Synced {
    pub directory: Directory,
    pub seed_hash: String,
    pub replicated_at: String,
    pub outcome: Outcome,
    /// Why the seed was not used, when it was invalid.
    pub problems: Option<SeedErrors>,
}

/// Validate the seed and bring the replica up to date.
pub fn sync(store: &dyn Store, source: &SeedSource, now: &str) -> Result<Synced, StoreError> {
    // The replica is derived from the seed: one this build cannot read (written by an
    // older version with another shape) is simply rebuilt.
    let current = match store.replica() {
        Ok(r) => r,
        Err(StoreError::Corrupt { .. }) => None,
        Err(e) => return Err(e),
    };
    // Read the files once: the replica came from a valid seed with this hash, so an
    // unchanged seed is not validated again.
    let (text, read_problems) = source.text();
    // The replica as it is, moved, not copied (a large city's directory is tens of MiB).
    let unchanged = |r: Replica| Synced {
        directory: r.directory,
        seed_hash: r.seed_hash,
        replicated_at: r.replicated_at,
        outcome: Outcome::Unchanged,
        problems: None,
    };
    let current = match current {
        Some(r) if read_problems.is_empty() && text.hash() == r.seed_hash => return Ok(unchanged(r)),
        other => other,
    };
    let validated = seed::validate_read(&text, read_problems);
    match validated {
        Ok(loaded) => {
            let current = match current {
                Some(r) if r.seed_hash == loaded.hash => return Ok(unchanged(r)),
                other => other,
            };
            let previous = current.map(|r| r.seed_hash);
            let replica = Replica {
                directory: loaded.directory,
                seed_hash: loaded.hash,
                origin: loaded.origin,
                replicated_at: now.to_string(),
            };
            store.replace_replica(&replica)?;
            Ok(Synced {
                directory: replica.directory,
                seed_hash: replica.seed_hash,
                replicated_at: replica.replicated_at,
                outcome: Outcome::Replaced { previous },
                problems: None,
            })
        }
        Err(problems) => match current {
            Some(r) => Ok(Synced {
                directory: r.directory,
                seed_hash: r.seed_hash,
                replicated_at: r.replicated_at,
                outcome: Outcome::KeptReplica,
                problems: Some(problems),
            }),
            None => {
                // The compiled-in seed is validated by the test suite; if even it fails,
                // report the original problems.
                let embedded = seed::load_embedded().map_err(|_| StoreError::Backend {
                    path: store.path().to_path_buf(),
                    message: problems.render(crate::i18n::Lang::En),
                })?;
                let replica = Replica {
                    directory: embedded.directory,
                    seed_hash: embedded.hash,
                    origin: embedded.origin,
                    replicated_at: now.to_string(),
                };
                store.replace_replica(&replica)?;
                Ok(Synced {
                    directory: replica.directory,
                    seed_hash: replica.seed_hash,
                    replicated_at: replica.replicated_at,
                    outcome: Outcome::EmbeddedFallback,
                    problems: Some(problems),
                })
            }
        },
    }
}

/// Read-only view: the directory without touching the store (for `seed check`).
pub fn check(source: &SeedSource) -> Result<seed::Loaded, SeedErrors> {
    source.read()
}
