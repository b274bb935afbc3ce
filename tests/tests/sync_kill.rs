//! Kill tests: `peerplan merge` and `peerplan export` sent SIGKILL at random moments. The
//! local database must open, pass its checks and hold exactly the data from before or from
//! after the merge; an export target must be the old file or a whole new one.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use peerplan_core::{check, sync, Store};
use peerplan_tests::cli::{peerplan, peerplan_binary};

fn spawn(home: &Path, args: &[&str]) -> Child {
    Command::new(peerplan_binary())
        .args(args)
        .env("PEERPLAN_DATA_DIR", home.join("data"))
        .env("HOME", home)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start peerplan")
}

fn kill(mut child: Child) {
    // SAFETY: sending a signal to our own child process.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGKILL);
    }
    let _ = child.wait();
}

/// A small deterministic generator of kill moments (no dependency for randomness).
struct Moments(u64);

impl Moments {
    fn next_below(&mut self, limit: Duration) -> Duration {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let fraction = (self.0 >> 33) as f64 / (1u64 << 31) as f64;
        limit.mul_f64(fraction)
    }
}

fn dump(path: &Path) -> String {
    let store = Store::open(path).expect("the database opens after the kill");
    let report = check::run(&store).unwrap();
    assert!(report.integrity.is_empty(), "{:?}", report.integrity);
    assert!(report.foreign_keys.is_empty(), "{:?}", report.foreign_keys);
    sync::canonical_dump(store.conn()).unwrap()
}

fn copy_db(from: &Path, to: &Path) {
    // The source is closed (no -wal); a plain copy is the whole database.
    let _ = std::fs::remove_file(to);
    let _ = std::fs::remove_file(to.with_extension("db-wal"));
    let _ = std::fs::remove_file(to.with_extension("db-shm"));
    std::fs::copy(from, to).unwrap();
}

fn db(home: &Path, name: &str) -> PathBuf {
    home.join(name)
}

/// A portfolio large enough that a merge or an export takes a few seconds in a debug build:
/// 200 partnerships, 1,000 exchanges, 8,000 participants.
fn generate(home: &Path, database: &Path) {
    let database = database.to_string_lossy();
    run_ok(
        home,
        &[
            "--db",
            &database,
            "generate",
            "--partnerships",
            "200",
            "--exchanges",
            "5",
            "--participants",
            "8",
        ],
    );
}

fn run_ok(home: &Path, args: &[&str]) {
    let run = peerplan(home, args);
    assert_eq!(run.code, 0, "peerplan {args:?}: {}", run.stderr);
}

#[test]
fn a_merge_killed_at_any_moment_leaves_the_data_from_before_or_after() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let colleague = db(h, "colleague.db");
    let file = db(h, "colleague.peerplan");
    let pristine = db(h, "pristine.db");
    let local = db(h, "local.db");
    let s = |p: &Path| p.to_string_lossy().into_owned();
    generate(h, &colleague);
    run_ok(h, &["--db", &s(&colleague), "export", &s(&file)]);
    run_ok(h, &["--db", &s(&pristine), "demo"]);
    let before = dump(&pristine);

    // One merge to the end: the "after" state, and how long a merge takes here.
    copy_db(&pristine, &local);
    let started = Instant::now();
    run_ok(h, &["--db", &s(&local), "merge", &s(&file)]);
    let full = started.elapsed();
    let after = dump(&local);
    assert_ne!(before, after);

    let mut moments = Moments(0x5eed);
    let (mut saw_before, mut saw_after) = (0, 0);
    for round in 0..8 {
        copy_db(&pristine, &local);
        let child = spawn(h, &["--db", &s(&local), "merge", &s(&file)]);
        std::thread::sleep(moments.next_below(full.mul_f64(1.2)));
        kill(child);
        let now = dump(&local);
        if now == before {
            saw_before += 1;
        } else if now == after {
            saw_after += 1;
        } else {
            panic!("round {round}: the database holds a half-merged state");
        }
    }
    eprintln!(
        "merge killed 8 times (a merge takes {full:?}): {saw_before} before, {saw_after} after"
    );
}

#[test]
fn an_export_killed_at_any_moment_leaves_the_old_file_or_a_whole_new_one() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let local = db(h, "local.db");
    let target = db(h, "share.peerplan");
    let s = |p: &Path| p.to_string_lossy().into_owned();
    generate(h, &local);
    run_ok(h, &["--db", &s(&local), "export", &s(&target)]);
    let old = std::fs::read(&target).unwrap();
    let started = Instant::now();
    run_ok(h, &["--db", &s(&local), "export", &s(&target)]);
    let full = started.elapsed();

    let mut moments = Moments(0xfeed);
    for round in 0..8 {
        std::fs::write(&target, &old).unwrap();
        let child = spawn(h, &["--db", &s(&local), "export", &s(&target)]);
        std::thread::sleep(moments.next_below(full.mul_f64(1.2)));
        kill(child);
        let now = std::fs::read(&target).unwrap();
        if now != old {
            // A new file: whole, and a colleague can merge it.
            let reader = tempfile::tempdir().unwrap();
            let reader_db = reader.path().join("reader.db");
            let run = peerplan(
                h,
                &["--db", &s(&reader_db), "merge", &s(&target), "--dry-run"],
            );
            assert_eq!(run.code, 0, "round {round}: {}", run.stderr);
        }
        // The local database is untouched by an export (apart from its export time).
        dump(&local);
    }
    // Half-written exports are hidden names a sync never merges.
    for entry in std::fs::read_dir(h).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".partial") {
            assert!(name.starts_with('.'), "{name}");
        }
    }
}
