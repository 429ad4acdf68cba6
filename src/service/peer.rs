//! Who is at the other end of a Unix socket, from the kernel (SO_PEERCRED on Linux,
//! getpeereid elsewhere), never from anything the client sends; and user and group
//! names from the system's databases (getpwuid_r, getgrnam_r).

use std::ffi::{CStr, CString, c_char};
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;

/// The caller of the service, as the kernel knows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PeerIdentity {
    pub uid: u32,
    /// The login name of `uid`, or `uid:<n>` when the system does not know the uid.
    pub user_name: String,
}

/// The identity of the process at the other end of `stream`.
pub fn peer_identity(stream: &UnixStream) -> io::Result<PeerIdentity> {
    let uid = peer_uid(stream)?;
    Ok(PeerIdentity {
        uid,
        user_name: user_name(uid),
    })
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn peer_uid(stream: &UnixStream) -> io::Result<u32> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let size = std::mem::size_of::<libc::ucred>();
    let mut len = libc::socklen_t::try_from(size).map_err(|_| io::Error::other("ucred size"))?;
    // SAFETY: `cred` is a valid, writable ucred and `len` holds its size; the kernel
    // writes at most `len` bytes and updates `len`.
    let rc = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&raw mut cred).cast::<libc::c_void>(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    if usize::try_from(len).ok() != Some(size) {
        return Err(io::Error::other("SO_PEERCRED returned a short answer"));
    }
    Ok(cred.uid)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn peer_uid(stream: &UnixStream) -> io::Result<u32> {
    let mut uid: libc::uid_t = 0;
    let mut gid: libc::gid_t = 0;
    // SAFETY: both pointers are valid for writes of their types.
    let rc = unsafe { libc::getpeereid(stream.as_raw_fd(), &mut uid, &mut gid) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(uid)
}

/// Largest buffer tried for a passwd or group entry.
const MAX_ENTRY_BUF: usize = 1 << 20;

/// A buffer size to start with for getpwuid_r / getgrnam_r.
fn first_buf_len(which: libc::c_int) -> usize {
    // SAFETY: sysconf only reads a configuration value.
    let n = unsafe { libc::sysconf(which) };
    usize::try_from(n)
        .ok()
        .filter(|n| (256..=MAX_ENTRY_BUF).contains(n))
        .unwrap_or(4096)
}

/// The login name of `uid`, or `uid:<n>` when the system does not know it.
pub fn user_name(uid: u32) -> String {
    let mut buf: Vec<c_char> = vec![0; first_buf_len(libc::_SC_GETPW_R_SIZE_MAX)];
    loop {
        // SAFETY: an all-zero passwd is a valid value (null pointers, zero ids).
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call; `buf` outlives the use of `pwd`.
        let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found) };
        if rc == libc::ERANGE && buf.len() < MAX_ENTRY_BUF {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
            return format!("uid:{uid}");
        }
        // SAFETY: getpwuid_r succeeded, so pw_name points at a NUL-terminated string
        // inside `buf`, which is alive here.
        let name = unsafe { CStr::from_ptr(pwd.pw_name) }
            .to_string_lossy()
            .into_owned();
        return if name.is_empty() {
            format!("uid:{uid}")
        } else {
            name
        };
    }
}

/// The id of group `name` (a name, or a number).
pub fn group_id(name: &str) -> io::Result<u32> {
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
        return name
            .parse()
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "group id out of range"));
    }
    let c_name = CString::new(name)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "group name holds a NUL byte"))?;
    let mut buf: Vec<c_char> = vec![0; first_buf_len(libc::_SC_GETGR_R_SIZE_MAX)];
    loop {
        // SAFETY: an all-zero group is a valid value.
        let mut grp: libc::group = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::group = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call.
        let rc =
            unsafe { libc::getgrnam_r(c_name.as_ptr(), &mut grp, buf.as_mut_ptr(), buf.len(), &mut found) };
        if rc == libc::ERANGE && buf.len() < MAX_ENTRY_BUF {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if rc != 0 {
            return Err(io::Error::from_raw_os_error(rc));
        }
        if found.is_null() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no group named {name:?}"),
            ));
        }
        return Ok(grp.gr_gid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_socket_pair_shows_our_own_uid() {
        let (a, _b) = UnixStream::pair().unwrap();
        let me = peer_identity(&a).unwrap();
        // SAFETY: getuid cannot fail.
        let uid = unsafe { libc::getuid() };
        assert_eq!(me.uid, uid);
        assert_eq!(me.user_name, user_name(uid));
        assert!(!me.user_name.is_empty());
    }

    #[test]
    fn unknown_ids_have_a_fallback_name() {
        assert_eq!(user_name(4_000_000_123), "uid:4000000123");
        assert_eq!(group_id("0").unwrap(), 0);
        assert!(group_id("no-such-group-tsunagu-x").is_err());
        assert!(group_id("a\0b").is_err());
    }
}
