//! `tsunagu find` as a process, with its lookup snapshot (search::snapshot): the answer is
//! the same with or without the snapshot, a changed seed is never answered from an old
//! snapshot, a damaged snapshot is rebuilt, an invalid seed is still reported, and a desk
//! holding the store does not stop a lookup.

use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;
use tsunagu::store::SledStore;

fn find(seed: Option<&Path>, data: &Path, query: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tsunagu"));
    cmd.args(["--lang", "ja", "--data"]).arg(data);
    if let Some(seed) = seed {
        cmd.arg("--seed").arg(seed);
    }
    // Never the service of the machine the tests run on.
    cmd.env_remove("TSUNAGU_SERVER").env_remove("TSUNAGU_SEED");
    let out = cmd.args(["find", "--json", query]).output().expect("run tsunagu");
    assert!(
        out.status.success(),
        "find failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn names(out: &Output) -> Vec<String> {
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).expect("find --json");
    hits.as_array()
        .expect("a list")
        .iter()
        .map(|h| h["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The built-in seed written out as a folder the test can change.
fn seed_folder(tmp: &TempDir) -> std::path::PathBuf {
    let dir = tmp.path().join("seed");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in tsunagu::seed::SeedText::embedded().files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// The seed folder's ひきこもり相談 renamed ひきこもり相談窓口 (a change a lookup must see).
fn rename_hikikomori(seed: &Path) {
    let programs = seed.join("programs.toml");
    let text = std::fs::read_to_string(&programs).unwrap();
    let changed = text.replacen(
        "service = \"ひきこもり相談\"",
        "service = \"ひきこもり相談窓口\"",
        1,
    );
    assert_ne!(text, changed);
    std::fs::write(&programs, changed).unwrap();
}

fn snapshot(data: &Path) -> std::path::PathBuf {
    tsunagu::config::lookup_snapshot(data)
}

#[test]
fn the_snapshot_answers_as_the_first_run_did() {
    let tmp = TempDir::new().unwrap();
    let data = tmp.path().join("data");
    let first = find(None, &data, "hikikomori");
    assert_eq!(names(&first)[0], "ひきこもり相談");
    let path = snapshot(&data);
    assert!(path.exists(), "the first run leaves a snapshot");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let written = std::fs::metadata(&path).unwrap().modified().unwrap();
    for q in ["hikikomori", "地域包括", "かいご 相談", "ＤＶ"] {
        let cold = find(None, &tmp.path().join(format!("cold-{}", q.len())), q);
        assert_eq!(find(None, &data, q).stdout, cold.stdout, "{q}");
    }
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        written,
        "answered from the snapshot, not rewritten"
    );
}

#[test]
fn a_changed_seed_is_never_answered_from_the_old_snapshot() {
    let tmp = TempDir::new().unwrap();
    let seed = seed_folder(&tmp);
    let data = tmp.path().join("data");
    assert_eq!(
        names(&find(Some(&seed), &data, "ひきこもり"))[0],
        "ひきこもり相談"
    );
    rename_hikikomori(&seed);
    let hits = names(&find(Some(&seed), &data, "ひきこもり"));
    assert!(hits.contains(&"ひきこもり相談窓口".to_string()), "{hits:?}");
    assert!(!hits.contains(&"ひきこもり相談".to_string()), "{hits:?}");
}

#[test]
fn a_damaged_snapshot_is_rebuilt() {
    let tmp = TempDir::new().unwrap();
    let data = tmp.path().join("data");
    let good = find(None, &data, "地域包括支援センター");
    let path = snapshot(&data);
    let bytes = std::fs::read(&path).unwrap();
    for junk in [
        Vec::new(),
        b"TSNGLOOK\xff\xff\xff\xff".to_vec(),
        bytes[..bytes.len() / 3].to_vec(),
    ] {
        std::fs::write(&path, &junk).unwrap();
        let out = find(None, &data, "地域包括支援センター");
        assert_eq!(out.stdout, good.stdout);
        assert!(out.stderr.is_empty(), "a cache problem is not the clerk's");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "rewritten whole");
    }
}

#[test]
fn an_invalid_seed_is_reported_on_every_lookup() {
    let tmp = TempDir::new().unwrap();
    let seed = seed_folder(&tmp);
    let data = tmp.path().join("data");
    let good = find(Some(&seed), &data, "ひきこもり");
    std::fs::write(seed.join("sites.toml"), "[[site]]\nid = \n").unwrap();
    for _ in 0..2 {
        let out = find(Some(&seed), &data, "ひきこもり");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("sites.toml"), "{err}");
        assert_eq!(out.stdout, good.stdout, "answered from the last good replica");
    }
}

#[test]
fn a_desk_holding_the_store_does_not_stop_a_lookup() {
    let tmp = TempDir::new().unwrap();
    let data = tmp.path().join("data");
    let expected = find(None, &tmp.path().join("other"), "ひきこもり");
    tsunagu::store::fsync::create_private_dir(&data).unwrap();
    let _desk = SledStore::open(&tsunagu::config::store_dir(&data)).expect("the desk's store");
    let first = find(None, &data, "ひきこもり");
    assert_eq!(first.stdout, expected.stdout);
    assert!(snapshot(&data).exists(), "written while the store is held");
    assert_eq!(find(None, &data, "ひきこもり").stdout, expected.stdout);
}

/// Through `tsunagu serve`: the first lookup fetches the replica and leaves a snapshot in
/// the desk's own data folder, keyed by the replica's hash; the next ones ask only for
/// that hash; a seed sync by the service is seen at once.
#[cfg(unix)]
#[test]
fn through_the_service_the_replica_hash_names_the_snapshot() {
    use std::time::{Duration, Instant};
    let tmp = TempDir::new().unwrap();
    let seed = seed_folder(&tmp);
    let socket = tmp.path().join("run").join("tsunagu.sock");
    let serve = |data: &str| {
        Command::new(env!("CARGO_BIN_EXE_tsunagu"))
            .arg("--data")
            .arg(tmp.path().join(data))
            .arg("--seed")
            .arg(&seed)
            .arg("serve")
            .arg("--socket")
            .arg(&socket)
            .env_remove("TSUNAGU_SERVER")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("tsunagu serve")
    };
    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let wait_for_socket = || {
        let start = Instant::now();
        while std::os::unix::net::UnixStream::connect(&socket).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the service did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let desk = tmp.path().join("desk");
    let lookup = |q: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
            .arg("--server")
            .arg(&socket)
            .arg("--data")
            .arg(&desk)
            .args(["find", "--json", q])
            .output()
            .expect("run tsunagu");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out
    };
    let service = Killed(serve("srv"));
    wait_for_socket();
    let first = lookup("ひきこもり");
    assert_eq!(names(&first)[0], "ひきこもり相談");
    assert!(snapshot(&desk).exists(), "the desk keeps a snapshot");
    assert_eq!(lookup("ひきこもり").stdout, first.stdout);
    assert_eq!(
        first.stdout,
        find(None, &tmp.path().join("embedded"), "ひきこもり").stdout
    );
    // A new seed, replicated by the service when it starts again.
    drop(service);
    rename_hikikomori(&seed);
    let _service = Killed(serve("srv"));
    wait_for_socket();
    let hits = names(&lookup("ひきこもり"));
    assert!(hits.contains(&"ひきこもり相談窓口".to_string()), "{hits:?}");
}

/// A rebuilt or reinstalled tsunagu (here: the same program file with a new time) does
/// not answer from the snapshot an earlier one wrote; it writes its own.
#[test]
fn another_build_writes_its_own_snapshot() {
    let tmp = TempDir::new().unwrap();
    let exe = tmp.path().join("tsunagu");
    std::fs::copy(env!("CARGO_BIN_EXE_tsunagu"), &exe).unwrap();
    let data = tmp.path().join("data");
    let run = || {
        let out = Command::new(&exe)
            .arg("--data")
            .arg(&data)
            .env_remove("TSUNAGU_SERVER")
            .env_remove("TSUNAGU_SEED")
            .args(["find", "--json", "ひきこもり"])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let first = run();
    let written = std::fs::read(snapshot(&data)).unwrap();
    assert_eq!(run(), first);
    assert_eq!(
        std::fs::read(snapshot(&data)).unwrap(),
        written,
        "the same build reads it"
    );
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&exe)
        .unwrap()
        .set_modified(later)
        .unwrap();
    assert_eq!(run(), first);
    assert_ne!(
        std::fs::read(snapshot(&data)).unwrap(),
        written,
        "the new build wrote its own"
    );
}

/// A lookup in a seed folder keeps `seed.bin` as a desk does (seed::cache), and the next
/// lookup takes the seed's hash from it when the files' stamps are the same, without
/// reading or hashing the seed. Shown here by a `seed.bin` forged with a changed seed's
/// stamps and the old seed's hash: the answer is the old seed's (the trust a desk's first
/// frame gives equal stamps); with the real stamps of the change it is the new seed's
/// (`a_changed_seed_is_never_answered_from_the_old_snapshot`).
#[test]
fn a_lookup_keeps_seed_bin_and_the_next_trusts_equal_stamps() {
    use tsunagu::seed::cache;
    let tmp = TempDir::new().unwrap();
    let seed = seed_folder(&tmp);
    let data = tmp.path().join("data");
    let first = find(Some(&seed), &data, "ひきこもり");
    let build = tsunagu::search::snapshot::build_id_of(Path::new(env!("CARGO_BIN_EXE_tsunagu")));
    let path = data.join(cache::FILE);
    let kept = cache::read_as(&path, &build)
        .unwrap()
        .expect("the lookup kept seed.bin");
    assert!(kept.matches(&cache::Stamps::of_dir(&seed)));
    let old_hash = kept.seed_hash.clone();
    drop(kept);
    assert_eq!(find(Some(&seed), &data, "ひきこもり").stdout, first.stdout);
    // The seed changes; seed.bin is forged to say the new files are the old seed.
    rename_hikikomori(&seed);
    let directory = tsunagu::seed::load_embedded().unwrap().directory;
    cache::write_as(
        &path,
        &build,
        &cache::Stamps::of_dir(&seed),
        &old_hash,
        &directory,
    )
    .unwrap();
    let hits = names(&find(Some(&seed), &data, "ひきこもり"));
    assert!(hits.contains(&"ひきこもり相談".to_string()), "{hits:?}");
    // Without the forgery (no seed.bin), the change is read.
    std::fs::remove_file(&path).unwrap();
    let hits = names(&find(Some(&seed), &data, "ひきこもり"));
    assert!(hits.contains(&"ひきこもり相談窓口".to_string()), "{hits:?}");
}
