//! The desktop benchmark: PeerPlan side by side with a minimal Tauri v2 window (the floor of
//! this stack), in the same run on the same machine.
//!
//! Measures, for each app, the time from spawning the process to its first page being painted
//! (PeerPlan: the partnership list showing the example portfolio) and, once idle, the
//! proportional memory (PSS) of the app and every WebKit process under it. Also the size of
//! PeerPlan's release binary. Prints medians and the ratios to the goals; never fails on them.
//!
//! Run (release builds first, under a display):
//!   cargo build --release -p peerplan-app -p peerplan-floor
//!   xvfb-run -a -s "-screen 0 1366x768x24" cargo run --release -p peerplan-tests --bin desktop-bench -- [RUNS]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const READY_LINE: &str = "peerplan-startup first-page";

fn release_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    exe.parent().expect("target/release").to_path_buf()
}

struct Sample {
    first_page: Duration,
    pss_kib: u64,
    processes: usize,
}

/// Every process whose parent chain leads to `root`, and `root` itself.
fn process_tree(root: u32) -> Vec<u32> {
    let mut parents: HashMap<u32, u32> = HashMap::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // "pid (comm) state ppid …": comm may hold spaces, so split after the last ')'.
            let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
                continue;
            };
            if let Some(ppid) = rest.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
                parents.insert(pid, ppid);
            }
        }
    }
    let mut tree = vec![root];
    let mut grew = true;
    while grew {
        grew = false;
        for (pid, ppid) in &parents {
            if tree.contains(ppid) && !tree.contains(pid) {
                tree.push(*pid);
                grew = true;
            }
        }
    }
    tree
}

fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn stop(child: &mut Child) {
    // SIGTERM lets the app and WebKit shut down cleanly (no orphaned helpers).
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// One launch; `None` when the app did not report its first page within a minute.
fn measure(binary: &Path, args: &[&str], home: &Path, settle: Duration) -> Option<Sample> {
    let mut command = Command::new(binary);
    command
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("PEERPLAN_STARTUP_TRACE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", binary.display()));
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains(READY_LINE) {
                let _ = tx.send(Instant::now());
            }
        }
    });
    let ready = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(at) => at,
        Err(_) => {
            stop(&mut child);
            eprintln!(
                "{} did not report its first page within 60 s; run left out",
                binary.display()
            );
            return None;
        }
    };
    std::thread::sleep(settle);
    let tree = process_tree(child.id());
    let pss = tree.iter().map(|pid| pss_kib(*pid)).sum();
    stop(&mut child);
    Some(Sample {
        first_page: ready - started,
        pss_kib: pss,
        processes: tree.len(),
    })
}

fn median<T: Ord + Copy>(mut values: Vec<T>) -> T {
    values.sort();
    values[values.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    if std::env::var_os("DISPLAY").is_none() {
        eprintln!("desktop-bench needs a display: run it under xvfb-run");
        std::process::exit(2);
    }
    let dir = release_dir();
    let app = dir.join("peerplan-app");
    let floor = dir.join("peerplan-floor");
    for binary in [&app, &floor] {
        if !binary.exists() {
            eprintln!(
                "{} is missing: cargo build --release -p peerplan-app -p peerplan-floor",
                binary.display()
            );
            std::process::exit(2);
        }
    }
    let settle = Duration::from_secs(3);
    // Each app gets one home for the whole run, as on an officer's laptop: the first launch
    // there is a cold start (WebKit's caches and storage are created), reported on its own;
    // the medians are over the warm launches that follow, the way the app is usually opened.
    let floor_home = tempfile::tempdir().expect("temp home");
    let app_home = tempfile::tempdir().expect("temp home");
    let data = app_home.path().join("peerplan");
    {
        let mut store =
            peerplan_core::Store::open(&data.join(peerplan_core::paths::DATABASE_FILE_NAME))
                .expect("open");
        peerplan_core::demo::load(&mut store).expect("example data");
    }
    let data_arg = data.to_string_lossy().into_owned();
    let app_args = ["--data-dir", data_arg.as_str()];
    let mut floor_samples = Vec::new();
    let mut app_samples = Vec::new();
    for run in 0..=runs {
        let floor_sample = measure(&floor, &[], floor_home.path(), settle);
        let app_sample = measure(&app, &app_args, app_home.path(), settle);
        let (Some(f), Some(a)) = (floor_sample, app_sample) else {
            continue;
        };
        let label = if run == 0 {
            "cold".to_string()
        } else {
            format!("run {run}")
        };
        println!(
            "{label}: floor first paint {:>4} ms, {:>4} MiB PSS ({} processes) | PeerPlan list shown {:>4} ms, {:>4} MiB PSS ({} processes)",
            f.first_page.as_millis(),
            f.pss_kib / 1024,
            f.processes,
            a.first_page.as_millis(),
            a.pss_kib / 1024,
            a.processes
        );
        if run > 0 {
            floor_samples.push(f);
            app_samples.push(a);
        }
    }
    if app_samples.is_empty() {
        eprintln!("no complete run");
        std::process::exit(1);
    }
    let floor_paint = median(floor_samples.iter().map(|s| s.first_page).collect());
    let app_paint = median(app_samples.iter().map(|s| s.first_page).collect());
    let floor_pss = median(floor_samples.iter().map(|s| s.pss_kib).collect());
    let app_pss = median(app_samples.iter().map(|s| s.pss_kib).collect());
    let extra = app_paint.as_millis() as i64 - floor_paint.as_millis() as i64;
    println!();
    println!("medians over {} warm launches", app_samples.len());
    println!(
        "floor: first paint {} ms after spawn",
        floor_paint.as_millis()
    );
    println!(
        "PeerPlan: partnership list with the example data shown {} ms after spawn",
        app_paint.as_millis()
    );
    println!(
        "  later than the floor's first paint by {extra} ms (goal: within 300 ms, ratio {:.2})",
        extra as f64 / 300.0
    );
    println!(
        "PSS: floor {:.0} MiB, PeerPlan {:.0} MiB, ratio {:.2} (goal: within 1.25)",
        floor_pss as f64 / 1024.0,
        app_pss as f64 / 1024.0,
        app_pss as f64 / floor_pss as f64
    );
    let size = std::fs::metadata(&app).map(|m| m.len()).unwrap_or(0);
    println!(
        "release binary: {:.1} MB (goal: under 15 MB, ratio {:.2})",
        size as f64 / 1e6,
        size as f64 / 15e6
    );
}
