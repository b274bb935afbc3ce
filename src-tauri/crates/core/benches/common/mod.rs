//! What the store benchmarks share: medians, the report line, and the generated database
//! kept between runs. Each bench uses part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use peerplan_core::Store;

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn report(name: &str, took: Duration, goal_ms: f64) {
    println!(
        "{name:<58} median {:>8.3} ms   goal < {goal_ms:>5.1} ms   ratio {:>5.2}",
        ms(took),
        ms(took) / goal_ms
    );
}

/// The generated database `file` in `$PEERPLAN_BENCH_DIR` (default target/bench), made by
/// `fill` the first time (under a temporary name, renamed when complete) and reused after.
/// `fill` returns what to print about the generation.
pub fn generated(file: &str, fill: impl FnOnce(&mut Store) -> String) -> PathBuf {
    let dir = std::env::var_os("PEERPLAN_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../target/bench"));
    std::fs::create_dir_all(&dir).expect("bench folder");
    let path = dir.join(file);
    if !path.exists() {
        let tmp = dir.join(format!("{file}.partial"));
        // Leftovers of an earlier, interrupted run: a stale -wal beside a new file would be
        // read as part of it.
        for stale in [".partial", ".partial-wal", ".partial-shm", "-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("{file}{stale}")));
        }
        let mut store = Store::open(&tmp).expect("open");
        let said = fill(&mut store);
        drop(store);
        std::fs::rename(&tmp, &path).expect("rename");
        println!("generated {}: {said}", path.display());
    }
    path
}
