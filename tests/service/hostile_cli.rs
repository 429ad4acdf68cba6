//! The command line against a hostile environment (issue 13, the lows): identity from
//! the uid, not $USER (L1); `report --out` never writes through a symlink (L3); an empty
//! variable means not set (L6); a FIFO as a seed or keymap file is refused at once
//! instead of hanging (L7). Bounded in time.
#![cfg(target_os = "linux")]

use crate::common;

use common::bounded;
use common::real_serve::my_user;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn tsunagu(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tsunagu"));
    c.env_remove("TSUNAGU_SERVER")
        .env_remove("TSUNAGU_DATA")
        .env_remove("TSUNAGU_SEED")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg"))
        .env("TSUNAGU_LANG", "ja")
        .stdin(Stdio::null());
    c
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// L1: $USER names a staff member of the roster (uketsuke1, reception); the trail and
/// the role come from the uid's login name instead.
#[test]
fn identity_comes_from_the_uid_not_from_user() {
    bounded(Duration::from_secs(60), || {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let run = || {
            tsunagu(tmp.path())
                .env("USER", "uketsuke1")
                .env("LOGNAME", "uketsuke1")
                .arg("--data")
                .arg(&data)
                .args(["audit", "--json"])
                .output()
                .unwrap()
        };
        let first = run();
        assert!(first.status.success(), "{}", text(&first));
        let second = run();
        assert!(second.status.success(), "{}", text(&second));
        let entries: Vec<serde_json::Value> = serde_json::from_slice(&second.stdout).unwrap();
        assert!(!entries.is_empty());
        for e in &entries {
            assert_eq!(e["user"], my_user().as_str(), "{e}");
        }
    });
}

/// L3: `report --out` at a symlink replaces the link with the report and leaves the
/// file it pointed to alone.
#[test]
fn report_out_never_writes_through_a_symlink() {
    bounded(Duration::from_secs(60), || {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim.txt");
        std::fs::write(&victim, "大事なファイル").unwrap();
        let link = tmp.path().join("report.csv");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let out = tsunagu(tmp.path())
            .arg("--data")
            .arg(tmp.path().join("data"))
            .args(["report", "--fy", "2026", "--format", "csv", "--out"])
            .arg(&link)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "大事なファイル");
        let meta = std::fs::symlink_metadata(&link).unwrap();
        assert!(meta.file_type().is_file(), "the link was replaced by the report");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    });
}

/// L6: `TSUNAGU_SERVER=`, `TSUNAGU_SEED=` and `TSUNAGU_DATA=` (empty) are as if unset:
/// `find` answers.
#[test]
fn empty_variables_mean_not_set() {
    bounded(Duration::from_secs(60), || {
        let tmp = tempfile::tempdir().unwrap();
        let out = tsunagu(tmp.path())
            .env("TSUNAGU_SERVER", "")
            .env("TSUNAGU_SEED", "")
            .env("TSUNAGU_DATA", "")
            .env("TSUNAGU_KEYMAP", "")
            .args(["find", "--json", "ひきこもり"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("ひきこもり相談"));
    });
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// L7: a FIFO as a seed file is a problem `seed check` reports (exit 1) at once, and a
/// FIFO as a keymap overlay is an unreadable-file diagnostic.
#[test]
fn a_fifo_as_a_seed_or_keymap_file_is_refused_at_once() {
    bounded(Duration::from_secs(30), || {
        let tmp = tempfile::tempdir().unwrap();
        let seed = common::real_serve::seed_with_me(tmp.path(), "");
        std::fs::remove_file(seed.join("sites.toml")).unwrap();
        mkfifo(&seed.join("sites.toml"));
        let started = Instant::now();
        let out = tsunagu(tmp.path())
            .args(["seed", "check"])
            .arg(&seed)
            .output()
            .unwrap();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains("sites.toml"), "{}", text(&out));

        let keymap = tmp.path().join("keymap.toml");
        mkfifo(&keymap);
        let started = Instant::now();
        let d = tsunagu::tui::keymap::read_overlay(&keymap).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(format!("{d:?}").contains("not a regular file"), "{d:?}");
    });
}

/// L4: on a single desk too, expiry is audited: one `system` entry per hand-off that
/// expires, naming its case, none when nothing does.
#[test]
fn embedded_expiry_is_audited_per_handoff() {
    use tsunagu::domain::{Handoff, HandoffStatus, StatusChange};
    use tsunagu::store::Store;
    bounded(Duration::from_secs(60), || {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let number = {
            tsunagu::store::fsync::create_private_dir(&data).unwrap();
            let store = crate::common::store::open(&tsunagu::config::store_dir(&data));
            let c = store
                .create_case(&common::real_serve::new_case("", 0), None)
                .unwrap();
            let at = "2026-04-01T10:00:00+09:00";
            store
                .add_handoff(Handoff {
                    case: c.number.clone(),
                    seq: 0,
                    program: "chiiki_houkatsu".into(),
                    section: "koureisha_shien".into(),
                    site: None,
                    reasons: vec![],
                    note: String::new(),
                    from_desk: "総合相談支援室".into(),
                    requested_at: at.into(),
                    status: HandoffStatus::Requested,
                    history: vec![StatusChange {
                        at: at.into(),
                        to: HandoffStatus::Requested,
                        by: my_user(),
                        reason: None,
                    }],
                })
                .unwrap();
            c.number
        };
        let audit = || {
            let out = tsunagu(tmp.path())
                .arg("--data")
                .arg(&data)
                .args(["audit", "--json"])
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", text(&out));
            let entries: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
            entries
                .into_iter()
                .filter(|e| e["action"] == "expire_overdue")
                .map(|e| (e["user"].as_str().unwrap().to_string(), e["case"].clone()))
                .collect::<Vec<_>>()
        };
        let expected = vec![("system".to_string(), serde_json::Value::from(number.as_str()))];
        assert_eq!(audit(), expected);
        assert_eq!(audit(), expected, "nothing more expired: no new entry");
    });
}
