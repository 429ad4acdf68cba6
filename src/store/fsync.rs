//! Durability beyond sled's flush: on Linux sled 0.34 flushes with sync_file_range, which
//! does not flush the disk cache (sled issues 1452, 1351). A write is acknowledged only
//! after every file of the store and its directories are fsynced (DESIGN.md, risk 1).

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// fsync every regular file under `dir` (recursively) and every directory, innermost first.
pub fn sync_tree(dir: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let ty = entry.file_type()?;
        if ty.is_dir() {
            sync_tree(&entry.path())?;
        } else if ty.is_file() {
            let f = File::open(entry.path())?;
            private_file(&f)?;
            f.sync_all()?;
        }
    }
    File::open(dir)?.sync_all()
}

/// sled creates some files (snapshots, blobs) after the store is opened; keep every one
/// of them 0600 whatever the process umask.
#[cfg(unix)]
fn private_file(f: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if f.metadata()?.permissions().mode() & 0o077 != 0 {
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn private_file(_f: &File) -> io::Result<()> {
    Ok(())
}

/// Restrict a store tree to its owner: directories 0700, files 0600.
#[cfg(unix)]
pub fn restrict_tree(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let ty = entry.file_type()?;
        if ty.is_dir() {
            restrict_tree(&entry.path())?;
        } else if ty.is_file() {
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn restrict_tree(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Create a directory (and parents) readable by its owner only.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// Write `path` through a temporary file (0600) in its directory, then rename it over
/// `path`: a reader sees the old file or the whole new one, never a part. `durable`
/// fsyncs the file before the rename and the directory after it (an archive); without it
/// a crash may leave the old file or an empty one (a cache that is checked when read).
/// Returns the size written. On failure the target is untouched and the temporary file
/// removed. `io_err` turns an I/O error on a path into the caller's error.
pub fn write_atomically<E>(
    path: &Path,
    durable: bool,
    io_err: impl Fn(&Path, io::Error) -> E,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<u64, E> {
    let Some(name) = path.file_name() else {
        return Err(io_err(
            path,
            io::Error::new(io::ErrorKind::InvalidInput, "not a file name"),
        ));
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tmp, file) = create_temp(&dir, &name.to_string_lossy()).map_err(|(p, e)| io_err(&p, e))?;
    let result = (|| {
        let mut w = BufWriter::new(file);
        write(&mut w)?;
        let file = w.into_inner().map_err(|e| io_err(&tmp, e.into_error()))?;
        if durable {
            file.sync_all().map_err(|e| io_err(&tmp, e))?;
        }
        let len = file.metadata().map_err(|e| io_err(&tmp, e))?.len();
        drop(file);
        std::fs::rename(&tmp, path).map_err(|e| io_err(path, e))?;
        Ok(len)
    })();
    match result {
        Ok(len) => {
            if durable {
                sync_dir(&dir).map_err(|e| io_err(&dir, e))?;
            }
            Ok(len)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// A new file `.<name>.<pid>.<n>.tmp` in `dir`, readable by its owner only.
fn create_temp(dir: &Path, name: &str) -> Result<(PathBuf, File), (PathBuf, io::Error)> {
    let pid = std::process::id();
    let mut last = None;
    for n in 0..100u32 {
        let tmp = dir.join(format!(".{name}.{pid}.{n}.tmp"));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
        }
        match options.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err((tmp, e)),
        }
    }
    let e = last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists));
    Err((dir.to_path_buf(), e))
}

#[cfg(unix)]
/// fsync a directory (its entries: a rename or unlink in it).
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
