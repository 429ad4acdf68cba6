//! The desk's start with `seed.bin` (seed::cache): the first frame trusts it when the
//! seed files' stamps match, and the store's replication checks the seed's full hash in
//! the background. A seed that changed behind equal stamps, and a damaged `seed.bin`,
//! are both caught: the directory on screen is the seed's, and `seed.bin` is written
//! again.

#![cfg(target_os = "linux")]

use crate::common;

use common::session::Session;
use std::path::Path;
use std::time::{Duration, Instant};
use tsunagu::seed::cache::{self, Stamps};

/// A seed folder holding the built-in seed; its hash.
fn seed_folder(dir: &Path) -> String {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in tsunagu::seed::EMBEDDED {
        std::fs::write(dir.join(name), text).unwrap();
    }
    tsunagu::seed::SeedText::read_dir(dir).0.hash()
}

/// The build id of the binary under test (seed.bin is of one build).
fn build() -> String {
    tsunagu::search::snapshot::build_id_of(Path::new(env!("CARGO_BIN_EXE_tsunagu")))
}

/// Wait (at most 20 s) until `seed.bin` holds the seed of `hash`.
fn wait_cached(path: &Path, hash: &str) -> cache::Cached {
    let start = Instant::now();
    loop {
        if let Ok(Some(c)) = cache::read_as(path, &build())
            && c.seed_hash == hash
        {
            return c;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "seed.bin never held the seed {hash}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn start(data: &Path, seed: &Path) -> Session {
    let seed = seed.display().to_string();
    let mut s = Session::start_in(Some(data), 80, 24, &["--seed", &seed], true);
    s.wait_until("the search tab and its key hints", |s| {
        s.row(0).contains("*検索*") && s.screen().contains("Ctrl-Q")
    });
    s
}

/// Type `query` and wait for the count of its hits on the query line.
fn search(s: &mut Session, query: &str) -> String {
    s.send(b"\x15"); // Ctrl-U
    s.send(query.as_bytes());
    s.wait_until("the query typed", |s| s.row(1).contains(query));
    // The query line answers at once; wait for the list to settle on it.
    std::thread::sleep(Duration::from_millis(200));
    s.screen()
}

const FORGED: &str = "zqxjvk";

#[test]
fn a_seed_changed_behind_equal_stamps_is_caught_in_the_background() {
    let tmp = tempfile::tempdir().unwrap();
    let (seed, data) = (tmp.path().join("seed"), tmp.path().join("data"));
    let real = seed_folder(&seed);
    let path = data.join(cache::FILE);

    // The first start writes seed.bin once the store is open, stamped with the files.
    let mut s = start(&data, &seed);
    let cached = wait_cached(&path, &real);
    assert!(cached.matches(&Stamps::of_dir(&seed)));
    s.quit();

    // seed.bin as if the seed had been written again within the file system's clock
    // tick after it was cached: the files' stamps as they are, another directory.
    let mut forged = tsunagu::seed::load_embedded().unwrap().directory;
    forged.sections[0].name = FORGED.into();
    cache::write_as(&path, &build(), &Stamps::of_dir(&seed), "forged", &forged).unwrap();
    assert!(
        cache::read_as(&path, &build())
            .unwrap()
            .unwrap()
            .matches(&Stamps::of_dir(&seed))
    );

    // The next start trusts the stamps for its first frame; the replication hashes the
    // files, finds the seed in effect, and the desk takes its directory.
    let mut s = start(&data, &seed);
    let cached = wait_cached(&path, &real);
    assert!(cached.matches(&Stamps::of_dir(&seed)), "written again, stamped");
    assert_eq!(
        cached.directory().unwrap(),
        tsunagu::seed::load_embedded().unwrap().directory
    );
    // The app takes the store (and the directory) at its next tick.
    std::thread::sleep(Duration::from_millis(300));
    let screen = search(&mut s, FORGED);
    assert!(
        screen.contains("該当なし"),
        "the forged section is gone from the screen:\n{screen}"
    );
    let screen = search(&mut s, "hikikomori");
    assert!(
        !screen.contains("該当なし"),
        "the seed's directory is searched:\n{screen}"
    );
    s.quit();
}

#[test]
fn a_damaged_seed_bin_is_written_again() {
    let tmp = tempfile::tempdir().unwrap();
    let (seed, data) = (tmp.path().join("seed"), tmp.path().join("data"));
    let real = seed_folder(&seed);
    let path = data.join(cache::FILE);
    let mut s = start(&data, &seed);
    wait_cached(&path, &real);
    s.quit();

    // Cut in half: the header reads, the body does not.
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    assert!(cache::read_as(&path, &build()).is_err());
    let mut s = start(&data, &seed);
    let cached = wait_cached(&path, &real);
    assert_eq!(
        cached.directory().unwrap(),
        tsunagu::seed::load_embedded().unwrap().directory
    );
    let screen = search(&mut s, "hikikomori");
    assert!(!screen.contains("該当なし"), "{screen}");
    s.quit();

    // Garbage of the right length class, and a body with one byte flipped.
    std::fs::write(&path, b"TSNGSEED\x04\x00\x00\x00junkjunkjunk").unwrap();
    let mut s = start(&data, &seed);
    wait_cached(&path, &real);
    s.quit();
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.len() - 100;
    bytes[at] ^= 0x20;
    std::fs::write(&path, &bytes).unwrap();
    let mut s = start(&data, &seed);
    // The header still matches: the body's checksum refuses it, the built-in seed
    // stands in, and the store's directory (the same seed) is taken.
    let screen = search(&mut s, "hikikomori");
    assert!(!screen.contains("該当なし"), "{screen}");
    s.quit();
    let cached = wait_cached(&path, &real);
    assert!(cached.directory().is_ok(), "written again once the body failed");
}
