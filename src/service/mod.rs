//! `tsunagu serve`: one process owns the sled store (sled allows one process per store,
//! DESIGN.md risk 2) and desks reach it over a Unix socket.
//!
//! - [`protocol`]: length-prefixed frames (magic, protocol version, u32 BE length) whose
//!   bodies go through [`crate::store::codec`]; one [`protocol::Request`] per
//!   [`crate::store::Store`] method.
//! - [`server`]: [`server::serve`] listens, learns each caller from the kernel
//!   ([`peer`], SO_PEERCRED) and answers through the store a [`server::StoreFactory`]
//!   makes for that caller (the policy layer), never a raw one it picked itself.
//! - [`client`]: [`client::RemoteStore`], the same [`crate::store::Store`] over the socket.
//!
//! Privacy (DESIGN.md): frames are never logged; log lines name the peer uid and the
//! kind of error only.

pub mod client;
pub mod desk;
mod dispatch;
pub mod limits;
pub mod peer;
pub mod protocol;
pub mod server;

pub use client::RemoteStore;
pub use peer::PeerIdentity;
pub use server::{StoreFactory, serve};

use std::path::PathBuf;

/// Where `tsunagu serve` listens and desks look for it when nothing else is said:
/// systemd's `RuntimeDirectory=tsunagu` makes `/run/tsunagu` (0750, group tsunagu) and
/// removes it when the service stops. Not under the data folder: that one is per user
/// (`~/.local/share/tsunagu`) unless `--data` says otherwise, and every desk user must
/// find the same socket.
pub const DEFAULT_SOCKET: &str = "/run/tsunagu/tsunagu.sock";

/// The environment variable that names the service's socket (like `--server`).
pub const SERVER_ENV: &str = "TSUNAGU_SERVER";

/// The socket a desk should use, if any: `explicit` (`--server` / `TSUNAGU_SERVER`) when
/// given; else, unless the user chose a data folder (`--data` / `TSUNAGU_DATA`), the
/// [`DEFAULT_SOCKET`] when it exists. `None`: open the embedded store as before.
pub fn socket_to_use(explicit: Option<PathBuf>, data_chosen: bool) -> Option<PathBuf> {
    if let Some(p) = explicit.filter(|p| !p.as_os_str().is_empty()) {
        return Some(p);
    }
    if data_chosen {
        return None;
    }
    let default = PathBuf::from(DEFAULT_SOCKET);
    // symlink_metadata: a socket is not followed; anything present counts (connect
    // then says clearly what is wrong rather than silently using a private store).
    std::fs::symlink_metadata(&default).ok().map(|_| default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_socket_wins_and_a_chosen_data_folder_means_embedded() {
        let p = PathBuf::from("/tmp/x/tsunagu.sock");
        assert_eq!(socket_to_use(Some(p.clone()), true), Some(p.clone()));
        assert_eq!(socket_to_use(Some(p.clone()), false), Some(p));
        assert_eq!(socket_to_use(None, true), None);
        // an empty TSUNAGU_SERVER is "not set"
        assert_eq!(socket_to_use(Some(PathBuf::new()), true), None);
        let default_exists = std::fs::symlink_metadata(DEFAULT_SOCKET).is_ok();
        assert_eq!(
            socket_to_use(None, false),
            default_exists.then(|| PathBuf::from(DEFAULT_SOCKET))
        );
    }
}
