//! With the desk open (the real binary in a pty, holding the embedded store), the same
//! user's `tsunagu slip`, `report` and `export` answer from the same store through the
//! desk's private socket (service::desk); `import` and `purge` refuse, naming the desk;
//! a socket left by a killed desk is passed over and replaced (issue 11, finding 7).

#![cfg(target_os = "linux")]

use crate::common;

use common::session::{Session, start_ready_in};
use common::store::{add_handoff, case_on, open};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tsunagu::domain::{case_number, fiscal_year};
use tsunagu::store::Store;

/// Run `tsunagu --data <data> args...` as the desk's user, outside the terminal.
fn cli(data: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tsunagu"));
    cmd.arg("--data").arg(data).args(args);
    for var in [
        "TSUNAGU_SEED",
        "TSUNAGU_DATA",
        "TSUNAGU_SERVER",
        "TSUNAGU_LANG",
        "TSUNAGU_KEYMAP",
        "TSUNAGU_DESK",
    ] {
        cmd.env_remove(var);
    }
    cmd.output().expect("run tsunagu")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A new folder with a data folder (`data`) holding [`two_cases`]: (folder, data, numbers).
fn two_cases_in_a_new_folder() -> (tempfile::TempDir, PathBuf, [String; 2]) {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let numbers = two_cases(&data);
    (home, data, numbers)
}

/// Two cases of this fiscal year (received today), the second handed to 高齢者支援課.
fn two_cases(data: &Path) -> [String; 2] {
    let today = chrono::Local::now();
    let fy = fiscal_year(today.date_naive());
    let at = today.format("%Y-%m-%dT09:00:00+09:00").to_string();
    let store = open(&data.join("store"));
    for seq in [1, 2] {
        store.put_case(&case_on(fy, seq, &at)).unwrap();
    }
    let second = case_number(fy, 2);
    add_handoff(&store, &second, "koureisha_shien", &at);
    store.flush_durable().unwrap();
    [case_number(fy, 1), second]
}

fn socket(data: &Path) -> PathBuf {
    tsunagu::service::desk::socket_path(data)
}

/// The desk on `data` at 80x24, ready, with its socket bound.
fn open_desk(data: &Path) -> Session {
    let mut desk = start_ready_in(data, 80, 24);
    desk.wait_until("the desk's socket", |_| socket(data).exists());
    desk
}

#[test]
fn slip_report_and_export_work_while_the_desk_is_open() {
    let (home, data, [_, second]) = two_cases_in_a_new_folder();
    let mut desk = open_desk(&data);

    // slip, in every form of the number
    for typed in [second.as_str(), &second.replace("-00000", "-"), "2"] {
        let o = cli(&data, &["slip", typed]);
        let (out, err) = text(&o);
        assert!(o.status.success(), "slip {typed}: {err}");
        assert!(
            out.contains(&format!("案件番号    {second}")),
            "slip {typed}: {out}"
        );
        assert!(out.contains("つなぎ先 1: 高齢者支援課"), "{out}");
    }
    let o = cli(&data, &["slip", "R8-x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("R8-000002、R8-2 または 2"), "{}", text(&o).1);

    // report: the two cases of the year
    let o = cli(&data, &["report"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "report: {err}");
    assert!(out.contains("相談受付  合計 2件"), "{out}");

    // export: every record, to a private file
    let file = home.path().join("export.jsonl");
    let o = cli(&data, &["export", "--out", file.to_str().unwrap()]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "export: {err}");
    assert!(out.contains("案件 2 / つなぎ 1"), "{out}");
    let exported = std::fs::read_to_string(&file).unwrap();
    assert!(exported.contains(&second), "the export holds the case");

    // wholesale changes wait for the desk to close
    for args in [
        vec!["purge", "--closed-before", "2020-01-01", "--yes"],
        vec!["import", file.to_str().unwrap()],
    ] {
        let o = cli(&data, &args);
        let err = text(&o).1;
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("画面を閉じてから"), "{args:?}: {err}");
    }
    let o = cli(&data, &["--lang", "en", "purge", "--closed-before", "2020-01-01"]);
    assert!(
        text(&o).1.contains("close it, then run tsunagu purge again"),
        "{}",
        text(&o).1
    );

    // the desk is still at work, and its socket goes when it closes
    desk.assert_alive("after the commands");
    let (status, _) = desk.quit();
    assert!(status.success(), "{status:?}");
    assert!(
        !socket(&data).exists(),
        "the socket is removed when the desk exits"
    );
    let o = cli(&data, &["slip", "2"]);
    assert!(o.status.success(), "slip with the desk closed: {}", text(&o).1);
}

#[test]
fn a_killed_desk_leaves_a_socket_that_is_passed_over() {
    let (_home, data, [first, _]) = two_cases_in_a_new_folder();
    let mut desk = open_desk(&data);
    let pid = desk.child.process_id().expect("the desk's pid") as i32;
    // SAFETY: a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0);
    let _ = desk.child.wait();
    drop(desk);
    assert!(socket(&data).exists(), "SIGKILL leaves the socket");
    // nobody holds the store: the command opens it itself
    let o = cli(&data, &["slip", "1"]);
    assert!(text(&o).0.contains(&first), "{}", text(&o).1);
    // the next desk replaces the stale socket and serves on it
    let mut desk = open_desk(&data);
    let mut served = None;
    for _ in 0..100 {
        let o = cli(&data, &["slip", "1"]);
        if o.status.success() {
            served = Some(o);
            break;
        }
        // (the store is open before the socket is bound: a moment where it says "in use")
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let o = served.expect("slip through the new desk");
    assert!(text(&o).0.contains(&first));
    // a dropped SSH connection: the desk exits and takes its socket with it
    desk.hang_up();
    assert!(
        desk.wait_exit(common::session::TIMEOUT).is_some(),
        "the desk exits on hang-up"
    );
    assert!(!socket(&data).exists(), "the socket is removed on hang-up");
}

#[test]
fn a_store_held_without_a_desk_socket_keeps_the_clear_message() {
    let (_home, data, _) = two_cases_in_a_new_folder();
    // Held by this process (as by another tool); a dead socket in the desk's place.
    let _held = open(&data.join("store"));
    let path = socket(&data);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
    for (args, says) in [
        (vec!["slip", "1"], "別の tsunagu が使用中です"),
        (vec!["report"], "別の tsunagu が使用中です"),
        (
            vec!["--lang", "en", "report"],
            "in use by another tsunagu process",
        ),
    ] {
        let o = cli(&data, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(text(&o).1.contains(says), "{args:?}: {}", text(&o).1);
    }
}
