//! Reading configuration files safely (issue 13, L7): a seed or keymap file must be a
//! regular file. It is opened without blocking (a FIFO would otherwise hang the open
//! until a writer appears) and checked on the open descriptor, so nothing can swap it
//! between the check and the read.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Open `path` for reading if it is a regular file (symlinks to one are fine);
/// otherwise an `InvalidInput` error saying it is not a regular file.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (通常のファイルではありません)",
        ));
    }
    Ok(file)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_or_a_folder_is_refused_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = open_regular(&fifo).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(
            open_regular(tmp.path()).unwrap_err().kind(),
            io::ErrorKind::InvalidInput
        );
        let file = tmp.path().join("ok.toml");
        std::fs::write(&file, "a = 1").unwrap();
        assert!(open_regular(&file).is_ok());
    }
}
