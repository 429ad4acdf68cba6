//! Where things live: the data folder (store), the seed, keymap overlays.

use crate::store::replicate::SeedSource;
use crate::tui::keymap::{self, Diagnostic, Keymap};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("no home directory to put the data in; pass --data DIR or set TSUNAGU_DATA")]
    NoDataDir,
}

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("jp", "Iruma", "tsunagu")
}

/// The data folder: `--data` / `TSUNAGU_DATA`, else the platform data dir.
pub fn data_dir(arg: Option<PathBuf>) -> Result<PathBuf, ConfigError> {
    match arg {
        Some(p) => Ok(p),
        None => project()
            .map(|p| p.data_dir().to_path_buf())
            .ok_or(ConfigError::NoDataDir),
    }
}

/// The sled store inside the data folder.
pub fn store_dir(data: &Path) -> PathBuf {
    data.join("store")
}

/// The lookup snapshot `tsunagu find` reads (search::snapshot), beside the store.
pub fn lookup_snapshot(data: &Path) -> PathBuf {
    data.join("lookup.bin")
}

/// The seed: `--seed` / `TSUNAGU_SEED`, else the one compiled into the binary.
pub fn seed_source(arg: Option<PathBuf>) -> SeedSource {
    match arg {
        Some(p) => SeedSource::Dir(p),
        None => SeedSource::Embedded,
    }
}

/// The site-wide keymap overlay.
pub const SITE_KEYMAP: &str = "/etc/tsunagu/keymap.toml";

/// The keymap in effect: defaults, then the site overlay, the user's (config dir), and
/// `--keymap` (a file, or the name of a built-in overlay such as `vim`). Missing optional
/// files are skipped silently; every other problem is a diagnostic.
pub fn keymap(arg: Option<&str>) -> (Keymap, Vec<Diagnostic>) {
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut diags = Vec::new();
    let mut optional = vec![PathBuf::from(SITE_KEYMAP)];
    if let Some(p) = project() {
        optional.push(p.config_dir().join("keymap.toml"));
    }
    for path in optional {
        if path.exists() {
            match keymap::read_overlay(&path) {
                Ok(t) => texts.push((path.display().to_string(), t)),
                Err(d) => diags.push(d),
            }
        }
    }
    if let Some(arg) = arg {
        if let Some((label, text)) = keymap::builtin_overlay(arg) {
            texts.push((label.to_string(), text.to_string()));
        } else {
            match keymap::read_overlay(Path::new(arg)) {
                Ok(t) => texts.push((arg.to_string(), t)),
                Err(d) => diags.push(d),
            }
        }
    }
    let refs: Vec<(&str, &str)> = texts.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (map, more) = Keymap::load(&refs);
    diags.extend(more);
    (map, diags)
}
