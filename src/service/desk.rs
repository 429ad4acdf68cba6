//! The open desk shares its store with its own user: sled lets one process open a
//! store, so while `tsunagu` (the desk) holds it, `tsunagu slip`, `report` and `export`
//! by the same OS user reach it through the desk, over a private Unix socket that speaks
//! the service's protocol ([`super::server`], [`super::RemoteStore`]).
//!
//! - The socket is `<data>/desk/desk.sock` (or, when that path is too long for a Unix
//!   socket, a folder named by the store's hash under `$XDG_RUNTIME_DIR` or the temporary
//!   folder). Its folder is 0700 and owned by the user, the socket 0600.
//! - Only the desk's own uid is served, as the kernel names the caller (SO_PEERCRED);
//!   anyone else is refused before a store is made for them. A client checks the same
//!   from its side: the folder is private and the one answering is itself.
//! - The store served is the desk's own (the policy layer for the desk's user): the
//!   caller is the same uid, so the same grants, and every read is audited the same.
//! - The listener has its own thread (and one per connection): the desk's screen never
//!   waits for it. It writes no log lines (the terminal is the desk's).
//! - [`DeskShare`] removes the socket when dropped; a desk killed without a chance to do
//!   so leaves a socket nobody listens on: the next desk replaces it, and a client that
//!   cannot connect goes on as if there were none.

use super::RemoteStore;
use super::server::{self, StoreFactory};
use crate::store::{Store, StoreError};
use sha2::{Digest, Sha256};
use std::io::{self, ErrorKind};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

/// The socket's file name in its folder.
pub const SOCKET_NAME: &str = "desk.sock";
/// The socket's folder inside the data folder.
const DIR_NAME: &str = "desk";
/// The longest path a Unix socket address holds (Linux: 108 bytes with the NUL).
const MAX_SOCKET_PATH: usize = 107;

/// This process's effective uid (what SO_PEERCRED reports of it).
pub fn own_uid() -> u32 {
    // SAFETY: geteuid cannot fail and touches no memory.
    unsafe { libc::geteuid() }
}

/// Where the desk on the store in data folder `data` listens.
pub fn socket_path(data: &Path) -> PathBuf {
    let near = data.join(DIR_NAME).join(SOCKET_NAME);
    if near.as_os_str().len() <= MAX_SOCKET_PATH {
        return near;
    }
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let store = std::fs::canonicalize(data).unwrap_or_else(|_| data.to_path_buf());
    let digest = Sha256::digest(store.as_os_str().as_encoded_bytes());
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    base.join(format!("tsunagu-desk-{}", own_uid()))
        .join(format!("{hash}.sock"))
}

/// `dir` is a folder of this uid that nobody else may enter; with `create`, it is made
/// (0700) when missing and its mode narrowed when it is ours but open to others.
fn private_dir(dir: &Path, create: bool) -> io::Result<()> {
    if create {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let meta = std::fs::symlink_metadata(dir)?;
    let not_private =
        |what: &str| io::Error::new(ErrorKind::PermissionDenied, format!("{} {what}", dir.display()));
    if !meta.is_dir() {
        return Err(not_private("is not a folder"));
    }
    if meta.uid() != own_uid() {
        return Err(not_private("belongs to another user"));
    }
    if meta.mode() & 0o077 != 0 {
        if !create {
            return Err(not_private("is open to other users"));
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// The open desk's listener: serves `store` to the desk's own user until dropped.
pub struct DeskShare {
    path: PathBuf,
    /// (device, inode) of the socket bound, so only that one is ever removed.
    id: (u64, u64),
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl DeskShare {
    /// Listen beside the store in `data` and serve `store` (the desk's own) to this uid.
    /// A stale socket of a desk that was killed is replaced; a live one (which cannot
    /// be: the store is locked by this desk) is an error. Silences the service's log
    /// lines for this process.
    pub fn start(data: &Path, store: Arc<dyn Store + Send + Sync>) -> io::Result<DeskShare> {
        DeskShare::start_at(&socket_path(data), store, own_uid())
    }

    /// [`DeskShare::start`] at `socket`, serving `uid` only (tests choose both).
    pub fn start_at(socket: &Path, store: Arc<dyn Store + Send + Sync>, uid: u32) -> io::Result<DeskShare> {
        let dir = socket
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        private_dir(dir, true)?;
        server::silence_logs();
        let listener = server::bind(socket, None)?.with_only_uid(uid);
        std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600))?;
        let meta = std::fs::symlink_metadata(socket)?;
        let factory: StoreFactory = Arc::new(move |_| Arc::clone(&store));
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("tsunagu-desk-share".into())
            .spawn(move || listener.run(factory, flag))?;
        Ok(DeskShare {
            path: socket.to_path_buf(),
            id: (meta.dev(), meta.ino()),
            stop,
            thread: Some(thread),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Remove the socket now, if it is still the one bound (the desk's terminal went
    /// away and the process exits without dropping this).
    pub fn remove_socket(&self) {
        if let Ok(meta) = std::fs::symlink_metadata(&self.path)
            && (meta.dev(), meta.ino()) == self.id
        {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl Drop for DeskShare {
    /// Stop listening, let a request under way finish, remove the socket.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.remove_socket();
    }
}

/// The desk holding the store in `data`, when one of this user answers on its socket:
/// a [`RemoteStore`] through it. None when there is no socket, nobody listens on it (a
/// desk that was killed: the next desk replaces it), or it is not this user's (a folder
/// open to others, a listener of another uid): the caller then says the store is in use.
pub fn connect(data: &Path) -> Result<Option<RemoteStore>, StoreError> {
    connect_at(&socket_path(data))
}

/// [`connect`] to the socket at `socket`.
pub fn connect_at(socket: &Path) -> Result<Option<RemoteStore>, StoreError> {
    match std::fs::symlink_metadata(socket) {
        Ok(m) if m.file_type().is_socket() && m.uid() == own_uid() => {}
        _ => return Ok(None),
    }
    let dir = socket.parent().unwrap_or(Path::new("."));
    if private_dir(dir, false).is_err() {
        return Ok(None);
    }
    // Who listens, from the kernel: only this uid's own desk is spoken to.
    match UnixStream::connect(socket) {
        Ok(probe) => match super::peer::peer_identity(&probe) {
            Ok(p) if p.uid == own_uid() => {}
            _ => return Ok(None),
        },
        Err(_) => return Ok(None),
    }
    RemoteStore::connect(socket).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_socket_sits_beside_the_store_unless_the_path_is_too_long() {
        let near = socket_path(Path::new("/home/clerk/.local/share/tsunagu"));
        assert_eq!(near, Path::new("/home/clerk/.local/share/tsunagu/desk/desk.sock"));
        let long = PathBuf::from(format!("/srv/{}", "d".repeat(120)));
        let far = socket_path(&long);
        assert!(far.as_os_str().len() <= MAX_SOCKET_PATH, "{}", far.display());
        assert!(
            far.to_string_lossy()
                .contains(&format!("tsunagu-desk-{}", own_uid()))
        );
        // the same store, the same socket
        assert_eq!(far, socket_path(&long));
        assert_ne!(
            far,
            socket_path(&PathBuf::from(format!("/srv/{}", "e".repeat(120))))
        );
    }

    fn store(dir: &Path) -> Arc<dyn Store + Send + Sync> {
        Arc::new(crate::store::SledStore::open(&dir.join("store")).unwrap())
    }

    #[test]
    fn only_the_desks_own_uid_is_served() {
        let tmp = tempfile::tempdir().unwrap();
        let socket = tmp.path().join("desk").join(SOCKET_NAME);
        // A listener for another uid: this process is refused, before any store call.
        let share = DeskShare::start_at(&socket, store(tmp.path()), own_uid().wrapping_add(1)).unwrap();
        let e = RemoteStore::connect(&socket)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains(server::OTHER_USER), "{e}");
        drop(share);
        assert!(!socket.exists(), "the socket is removed with the share");
        // Its own uid: served, through the same store.
        let share = DeskShare::start_at(&socket, store(tmp.path()), own_uid()).unwrap();
        let mode = std::fs::symlink_metadata(&socket).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let remote = connect_at(share.path()).unwrap().unwrap();
        assert_eq!(remote.uid(), own_uid());
        assert_eq!(remote.case("R8-000001").unwrap(), None);
    }

    #[test]
    fn a_stale_socket_is_passed_over_and_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("desk");
        private_dir(&dir, true).unwrap();
        let socket = dir.join(SOCKET_NAME);
        // A desk killed with SIGKILL leaves its socket, nobody listening.
        drop(std::os::unix::net::UnixListener::bind(&socket).unwrap());
        assert!(socket.exists());
        assert!(connect_at(&socket).unwrap().is_none());
        let share = DeskShare::start_at(&socket, store(tmp.path()), own_uid()).unwrap();
        assert!(connect_at(&socket).unwrap().is_some());
        drop(share);
        assert!(connect_at(&socket).unwrap().is_none());
        // Anything else in its place is left alone.
        std::fs::write(&socket, b"x").unwrap();
        assert!(DeskShare::start_at(&socket, store(tmp.path()), own_uid()).is_err());
        assert!(connect_at(&socket).unwrap().is_none());
    }

    #[test]
    fn a_folder_open_to_others_is_not_spoken_to_and_the_desk_narrows_its_own() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("desk");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(private_dir(&dir, false).is_err());
        private_dir(&dir, true).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o700);
        let file = tmp.path().join("f");
        std::fs::write(&file, b"").unwrap();
        assert!(private_dir(&file, false).is_err());
    }
}
