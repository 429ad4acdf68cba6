//! Durability beyond sled's flush: on Linux sled 0.34 flushes with sync_file_range, which
//! does not flush the disk cache (sled issues 1452, 1351). A write is acknowledged only
//! after every file of the store and its directories are fsynced (DESIGN.md, risk 1).

use std::fs::File;
use std::io;
use std::path::Path;

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
