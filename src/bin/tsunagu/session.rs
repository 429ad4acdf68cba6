//! The store a command works on, and who is asking.
//!
//! Embedded: the OS user owns the store files; the seed is replicated, overdue hand-offs
//! expire, and every request then goes through the policy layer (roles, masking, audit)
//! as that user (an owner not in the roster acts as admin: they can read the files
//! anyway). Through the service: the service knows the user from the kernel and guards
//! every request itself; the desk only reads the replicated directory.

use crate::{Args, Shared, now_rfc3339, os_user};
use anyhow::Result;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use tsunagu::domain::{Directory, Identity, Role};
use tsunagu::i18n::{Lang, Msg};
use tsunagu::search::{HitInfo, Index, Snapshot};
use tsunagu::service::RemoteStore;
use tsunagu::store::replicate::{self, SeedSource, Synced};
use tsunagu::store::{SledStore, Store, StoreError, guard};

pub struct Session {
    pub store: Shared,
    pub who: Identity,
    pub directory: Directory,
    /// The seed hash `directory` came from, when known (it names the lookup snapshot).
    pub directory_hash: Option<String>,
    /// Embedded mode: how the seed was replicated (for the messages).
    pub synced: Option<Synced>,
}

/// The service's socket when this tsunagu should use it: `--server` / `TSUNAGU_SERVER`;
/// else, unless `--data` / `TSUNAGU_DATA` chose a store, the default socket if it exists.
pub fn service_socket(args: &Args) -> Option<std::path::PathBuf> {
    tsunagu::service::socket_to_use(args.server.clone(), args.data.is_some())
}

/// The sled store in the data folder (embedded mode, and the service's own store).
pub fn open_embedded(args: &Args) -> Result<SledStore> {
    let data = tsunagu::config::data_dir(args.data.clone())?;
    tsunagu::store::fsync::create_private_dir(&data).map_err(|e| StoreError::Io {
        path: data.clone(),
        source: e,
    })?;
    Ok(SledStore::open(&tsunagu::config::store_dir(&data))?)
}

/// The directory as the service replicated it, or the built-in one before its first sync.
fn replica_directory(store: &dyn Store) -> Result<Directory> {
    match store.replica()? {
        Some(r) => Ok(r.directory),
        None => Ok(tsunagu::seed::load_embedded()
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .directory),
    }
}

/// Open the session: the service when its socket is in use (a socket that exists but does
/// not answer is an error, never a silent switch to a private store that would split the
/// desk's records in two), else the embedded store.
impl Session {
    pub fn open(args: &Args, source: &SeedSource) -> Result<Session> {
        let today = chrono::Local::now().date_naive();
        if let Some(socket) = service_socket(args) {
            let remote = RemoteStore::connect(&socket)?;
            let (directory, directory_hash) = match remote.replica()? {
                Some(r) => (r.directory, Some(r.seed_hash)),
                None => (replica_directory(&remote)?, None),
            };
            // Who the kernel says we are, as the roster knows them.
            // (The service expires overdue hand-offs itself, on its own clock.)
            let who = Identity::resolve(remote.user(), &directory.staff);
            return Ok(Session {
                store: Arc::new(remote),
                who,
                directory,
                directory_hash,
                synced: None,
            });
        }
        let raw: Shared = Arc::new(open_embedded(args)?);
        let mut synced = replicate::sync(raw.as_ref(), source, &now_rfc3339())?;
        // Hand-offs nobody answered within the seed's days count as expired.
        // Through the guard as `system`: one audit entry per hand-off that expires.
        let system = guard::guard(raw.clone(), Identity::system());
        if let Err(e) =
            system.expire_overdue(today, synced.directory.desk.handoff_expiry_days, &now_rfc3339())
        {
            say!("tsunagu: {}", e.message_ja());
        }
        let who = Identity::embedded_owner(&os_user(), &args.desk, &synced.directory.staff);
        Ok(Session {
            store: Arc::new(guard::guard(raw, who.clone())),
            who,
            // Moved (the messages need only the outcome and problems).
            directory: std::mem::take(&mut synced.directory),
            directory_hash: Some(synced.seed_hash.clone()),
            synced: Some(synced),
        })
    }

    /// For a command that only reads records (`slip`, `report`, `export`, `audit`): as
    /// [`Session::open`]; and when the embedded store is held by this user's open desk,
    /// through the desk's socket (service::desk), transparently. When no desk of this
    /// user answers, the store's own "in use" message stays.
    pub fn open_to_read(args: &Args, source: &SeedSource) -> Result<Session> {
        match Session::open(args, source) {
            Err(e) if held_by_another(args, &e) => match through_desk(args)? {
                Some(session) => Ok(session),
                None => Err(e),
            },
            other => other,
        }
    }

    /// For a command that changes the store wholesale (`import`, `purge`, `seed sync`):
    /// as [`Session::open`]; when this user's desk holds the store, a clear refusal
    /// naming the command: such work is not carried out under an open desk.
    pub fn open_to_change(args: &Args, source: &SeedSource, what: &str) -> Result<Session> {
        match Session::open(args, source) {
            Err(e) if held_by_another(args, &e) => {
                let data = tsunagu::config::data_dir(args.data.clone())?;
                if tsunagu::service::desk::connect(&data)?.is_some() {
                    let path = data.display().to_string();
                    return Err(anyhow::anyhow!(
                        tsunagu::cli::words::Word::DeskOpenClose
                            .with(args.lang, &[("what", what), ("path", &path)])
                    ));
                }
                Err(e)
            }
            other => other,
        }
    }

    /// Refuse a command this user's role may not run, saying which.
    pub fn require(&self, roles: &[Role], what: &'static str) -> Result<()> {
        match self.who.role() {
            Some(r) if roles.contains(&r) => Ok(()),
            _ => Err(StoreError::Denied { what }.into()),
        }
    }
}

/// The embedded store (no service in use) is held by another process.
fn held_by_another(args: &Args, e: &anyhow::Error) -> bool {
    service_socket(args).is_none()
        && matches!(e.downcast_ref::<StoreError>(), Some(StoreError::Locked { .. }))
}

/// The session through this user's open desk on the store of `--data`, when one answers:
/// the desk serves as the store's owner (the same grants as opening the store here), with
/// the directory it replicated at its start.
fn through_desk(args: &Args) -> Result<Option<Session>> {
    let data = tsunagu::config::data_dir(args.data.clone())?;
    let Some(remote) = tsunagu::service::desk::connect(&data)? else {
        return Ok(None);
    };
    let (directory, directory_hash) = match remote.replica()? {
        Some(r) => (r.directory, Some(r.seed_hash)),
        None => (replica_directory(&remote)?, None),
    };
    let who = Identity::embedded_owner(remote.user(), &args.desk, &directory.staff);
    Ok(Some(Session {
        store: Arc::new(remote),
        who,
        directory,
        directory_hash,
        synced: None,
    }))
}

/// The directory for a quick lookup (find, refer): the replica, or, when another tsunagu
/// holds the embedded store, the seed read directly (a phone lookup must not fail because
/// a desk is open). With it, the hash of the seed it came from when that is the seed in
/// effect now (not a kept replica or the built-in fallback of an invalid seed).
pub fn directory_for_lookup(args: &Args, source: &SeedSource) -> Result<(Directory, Option<String>)> {
    if let Some(socket) = service_socket(args) {
        return Ok((replica_directory(&RemoteStore::connect(&socket)?)?, None));
    }
    match open_embedded(args) {
        Ok(store) => {
            let synced = replicate::sync(&store, source, &now_rfc3339())?;
            warn_seed(&synced, args.lang);
            let current = synced.problems.is_none().then_some(synced.seed_hash);
            Ok((synced.directory, current))
        }
        Err(e) if matches!(e.downcast_ref::<StoreError>(), Some(StoreError::Locked { .. })) => {
            match source.read() {
                Ok(l) => Ok((l.directory, Some(l.hash))),
                Err(problems) => {
                    say!("{}", problems.render(args.lang));
                    let directory = tsunagu::seed::load_embedded()
                        .map_err(|e| anyhow::anyhow!("{e}"))?
                        .directory;
                    Ok((directory, None))
                }
            }
        }
        Err(e) => Err(e),
    }
}

/// `tsunagu find`, answered from a lookup snapshot (search::snapshot) of the seed in
/// effect when there is one, without opening the store or building the index: embedded,
/// the seed's own hash names it; through the service, the replica's hash (one small
/// request). Without one (first run, a new seed, a new build) the directory is looked up
/// as above and the snapshot written for next time, in the caller's data folder.
pub fn find(args: &Args, source: &SeedSource, query: &str, limit: usize) -> Result<Vec<HitInfo>> {
    let path = snapshot_path(args);
    if let Some(socket) = service_socket(args) {
        let remote = RemoteStore::connect(&socket)?;
        if let Some(hash) = remote.replica_hash()?
            && let Some(path) = &path
            && let Ok(Some(snapshot)) = Snapshot::read(path, &hash)
        {
            return Ok(snapshot.search(query, limit));
        }
        let snapshot = match remote.replica()? {
            Some(r) => snapshot_of(args, &r.directory, Some(&r.seed_hash))?,
            None => snapshot_of(args, &replica_directory(&remote)?, None)?,
        };
        return Ok(snapshot.search(query, limit));
    }
    // The seed folder as a desk last had it in effect (`seed.bin`, seed::cache): equal
    // stamps name its hash without reading or hashing the seed, as at a desk's start.
    if let SeedSource::Dir(dir) = source
        && let Some(path) = &path
        && let Some(hash) = stamped_hash(args, dir)
        && let Ok(Some(snapshot)) = Snapshot::read(path, &hash)
    {
        return Ok(snapshot.search(query, limit));
    }
    // Taken before the seed is read: a file changed after this has other stamps.
    let stamps = match source {
        SeedSource::Dir(dir) => Some(tsunagu::seed::cache::Stamps::of_dir(dir)),
        SeedSource::Embedded => None,
    };
    let (text, problems) = source.text();
    let seed_hash = text.hash();
    // A seed with problems takes the slow path, which reports them.
    if problems.is_empty()
        && let Some(path) = &path
        && let Ok(Some(snapshot)) = Snapshot::read(path, &seed_hash)
    {
        return Ok(snapshot.search(query, limit));
    }
    let (directory, hash) = directory_for_lookup(args, source)?;
    // The seed in effect, validated: kept as a desk keeps it, so the next lookup (and the
    // next desk's first frame) need not read or hash the seed.
    if let (Some(stamps), Some(hash)) = (&stamps, &hash)
        && *hash == seed_hash
        && let Ok(data) = tsunagu::config::data_dir(args.data.clone())
    {
        let _ = tsunagu::seed::cache::write(&data.join(tsunagu::seed::cache::FILE), stamps, hash, &directory);
    }
    Ok(snapshot_of(args, &directory, hash.as_deref())?.search(query, limit))
}

/// The hash of the seed in folder `dir` when `seed.bin` in the data folder holds it, as
/// far as the files' stamps tell (seed::cache): no seed file is read.
fn stamped_hash(args: &Args, dir: &Path) -> Option<String> {
    let data = tsunagu::config::data_dir(args.data.clone()).ok()?;
    let stamps = tsunagu::seed::cache::Stamps::of_dir(dir);
    let cached = tsunagu::seed::cache::read(&data.join(tsunagu::seed::cache::FILE)).ok()??;
    cached.matches(&stamps).then(|| cached.seed_hash.clone())
}

/// The index of `directory` from the lookup snapshot at `path` of seed `hash` when there
/// is one, else built, and (with `write`) the snapshot written for the next start and
/// the next `find`.
pub fn snapshot_index(path: Option<&Path>, directory: &Directory, hash: Option<&str>, write: bool) -> Index {
    if let Some(hash) = hash
        && let Some(path) = path
        && let Ok(Some(snapshot)) = Snapshot::read(path, hash)
        && let Some(index) = snapshot.into_index_for(directory)
    {
        return index;
    }
    if write && let Ok(snapshot) = snapshot_at(path, directory, hash) {
        return snapshot
            .into_index_for(directory)
            .unwrap_or_else(|| Index::build(directory));
    }
    Index::build(directory)
}

/// Where the lookup snapshot lives: the data folder, which a desk on the service may not
/// have (no home directory): then there is no snapshot, and nothing else changes.
pub fn snapshot_path(args: &Args) -> Option<std::path::PathBuf> {
    let data = tsunagu::config::data_dir(args.data.clone()).ok()?;
    Some(tsunagu::config::lookup_snapshot(&data))
}

/// Build the snapshot of a directory and, when the seed hash it came from is known, save
/// it. A cache: when it cannot be written, the next lookup comes this way again.
fn snapshot_of(args: &Args, directory: &Directory, hash: Option<&str>) -> Result<Snapshot> {
    snapshot_at(snapshot_path(args).as_deref(), directory, hash)
}

fn snapshot_at(path: Option<&Path>, directory: &Directory, hash: Option<&str>) -> Result<Snapshot> {
    let snapshot = Snapshot::build(directory)?;
    if let Some(hash) = hash
        && let Some(path) = path
    {
        if let Some(data) = path.parent() {
            let _ = tsunagu::store::fsync::create_private_dir(data);
        }
        let _ = snapshot.write(path, hash);
    }
    Ok(snapshot)
}

pub fn warn_seed(synced: &Synced, lang: Lang) {
    if let Some(p) = &synced.problems {
        say!("{}", Msg::SeedWarning.text(lang));
        for p in &p.problems {
            say!("  {}", p.render(lang));
        }
    }
}
