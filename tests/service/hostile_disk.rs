//! Hostile conditions for `tsunagu serve` (issue 13, M4): a full disk. On a small tmpfs
//! (mounted by the test; skipped with the reason where the machine does not allow it).
#![cfg(target_os = "linux")]

use crate::common;

use common::bounded;
use common::real_serve::{RealServe, call, created, new_case};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tsunagu::service::protocol::{Answer, IoKind, Request, Response, WireError};

/// A tmpfs of `size` mounted for the test, unmounted on drop.
struct Tmpfs {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Tmpfs {
    fn mount(size: &str) -> Result<Tmpfs, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().join("fs");
        std::fs::create_dir(&path).map_err(|e| e.to_string())?;
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(&path)
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        Ok(Tmpfs { _dir: dir, path })
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.path)
            .output();
    }
}

/// Fill the file system of `dir` with one file, then free `leave` bytes of it; returns
/// the file.
fn fill_leaving(dir: &Path, leave: u64) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let block = vec![0x5au8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let len = f.metadata().unwrap().len();
    f.set_len(len.saturating_sub(leave)).unwrap();
    f.sync_all().unwrap();
    filler
}

fn io_error(r: &Response) -> Option<(IoKind, String)> {
    match r {
        Response::Err(WireError::Io { kind, message }) => Some((*kind, message.clone())),
        _ => None,
    }
}

/// M4: on a full disk (2 MiB left of a 16 MiB tmpfs) a save fails with a clear message
/// naming the data folder, reads go on, and saving works again as soon as there is room,
/// without a restart.
#[test]
fn a_full_disk_refuses_saves_clearly_keeps_reads_and_recovers_by_itself() {
    bounded(Duration::from_secs(120), || {
        let fs = match Tmpfs::mount("16m") {
            Ok(fs) => fs,
            Err(why) => {
                eprintln!("skipped: this machine does not let the test mount a tmpfs ({why})");
                return;
            }
        };
        let data = fs.path.join("data");
        let mut served = RealServe::start_in("coordinator", Some(data.clone()));
        let s = served.raw();
        for _ in 0..3 {
            created(call(&s, &Request::CreateCase(Box::new(new_case("", 0)))));
        }
        let filler = fill_leaving(&fs.path, 2 * 1024 * 1024);
        for _ in 0..5 {
            let r = call(&s, &Request::CreateCase(Box::new(new_case("", 0))));
            let (kind, message) = io_error(&r).unwrap_or_else(|| panic!("a save on a full disk: {r:?}"));
            assert_eq!(kind, IoKind::StorageFull);
            assert!(
                message.contains(&data.display().to_string()),
                "names the folder: {message}"
            );
            assert!(!message.contains("Os {"), "no debug text: {message}");
            let shown = WireError::Io { kind, message }
                .into_store(&served.socket)
                .message_ja();
            assert!(shown.contains("ディスクがいっぱい"), "{shown}");
            // Reads go on, those that audit included.
            match call(
                &s,
                &Request::Case {
                    number: "R8-000001".into(),
                },
            ) {
                Response::Ok(Answer::Case(Some(c))) => assert_eq!(c.number, "R8-000001"),
                other => panic!("a read on a full disk: {other:?}"),
            }
            assert!(matches!(
                call(&s, &Request::Replica),
                Response::Ok(Answer::Replica(Some(_)))
            ));
        }
        assert!(served.exited().is_none(), "the service is still up");
        std::fs::remove_file(filler).unwrap();
        let next = created(call(&s, &Request::CreateCase(Box::new(new_case("", 0)))));
        assert_eq!(next.number, "R8-000004", "saves work again, no number lost");
    });
}
