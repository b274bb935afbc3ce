//! The sync benchmark (issue 8): export and merge of the large generated portfolio (10,000
//! partnerships, 100,000 exchanges, 1,000,000 participants; benches/portfolio.rs) against the
//! raw SQLite floor measured on the same machine in the same run:
//! - export (`sync::export`) within 1.5× of a plain `VACUUM INTO` of the same database;
//! - merging a colleague's file with 10% of the rows changed (`sync::merge_file`) within 3× of
//!   an `ATTACH` + `INSERT … SELECT … ON CONFLICT DO UPDATE` of those rows;
//! - memory bounded: each merge runs in a child process (this program again) that reports its
//!   peak resident set (`VmHWM`), to compare with the size of the file.
//!
//! The colleague is a copy of the local database given an installation of its own (new id and
//! name, and the knowledge that it has seen everything of the local one, as after an earlier
//! merge). In it, one row in ten of every table the portfolio fills (`rowid % 10 = 3`: 124,511
//! of 1,245,105 rows) has one field changed the way `records::update` writes it: the field,
//! `updated_at`, `version` set to a fresh stamp of the colleague's clock (`Writer::stamp`) and
//! the field's `field_stamps` entry; direct SQL in one `Store::write` transaction instead of
//! 124,511 typed saves. The colleague then exports its file with `sync::export`.
//!
//! Every merge and every floor starts from a fresh copy of the same local file (flushed to
//! disk before the clock starts), so each run merges the same changes.
//!
//! Run: `cargo bench -p peerplan-core --bench sync`
//! Needs about 4 GB free beside the generated file (`$PEERPLAN_BENCH_DIR`, default
//! target/bench): its working files go to `sync/` there and are removed at the end (kept with
//! `PEERPLAN_SYNC_BENCH_KEEP=1`, to profile one merge: run this program with
//! `PEERPLAN_SYNC_BENCH_CHILD=1` and the arguments `LOCAL-COPY COLLEAGUE-FILE`).
//! Prints medians and the ratio to each goal; never fails on timing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use peerplan_core::hlc::Stamp;
use peerplan_core::sync::{self, backup, MergeOptions, Progress};
use peerplan_core::synthetic::{self, Sizes};
use peerplan_core::Store;
use rusqlite::{Connection, OpenFlags};

mod common;
use common::{median, ms};

const RUNS: usize = 3;

/// Set in the environment of the child process that runs one merge.
const CHILD: &str = "PEERPLAN_SYNC_BENCH_CHILD";

/// What the colleague changes: (table, field, new value as SQL), in one row in ten.
const CHANGES: &[(&str, &str, &str)] = &[
    ("partnerships", "notes", "'Reviewed with the colleague'"),
    ("people", "notes", "'Met at the mid-term review'"),
    ("members", "name", "'Delegation office'"),
    ("goals", "text", "text || ' (revised)'"),
    ("exchanges", "venue", "'Town hall, second floor'"),
    ("participants", "attendance", "'confirmed'"),
];

fn main() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    let generated = common::generated("large-portfolio.sqlite3", |store| {
        let took = synthetic::generate(store, Sizes::LARGE, 7).expect("generate");
        format!("{:.1} s", took.as_secs_f64())
    });
    let dir = generated.parent().expect("bench folder").join("sync");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("sync folder");

    // The local database: a consistent copy of the generated one, at this build's schema.
    let started = Instant::now();
    let base = dir.join("local.sqlite3");
    {
        // Read-write, though only read: closing it then removes the -wal and -shm a read-only
        // connection would leave beside the kept file.
        let conn = Connection::open(&generated).expect("open generated");
        conn.execute("VACUUM INTO ?1", [path_text(&base)])
            .expect("copy generated");
    }
    let (local_id, local_clock) = {
        let store = Store::open(&base).expect("open local");
        let (millis, counter): (i64, i64) = store
            .conn()
            .query_row(
                "SELECT hlc_millis, hlc_counter FROM installation",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("clock");
        let clock = Stamp {
            millis: millis as u64,
            counter: counter as u32,
            node: store.installation_id().to_string(),
        };
        (store.installation_id().to_string(), clock.to_string())
    };
    let (colleague_file, changed) = make_colleague(&base, &dir, &local_id, &local_clock);
    let changed_rows: usize = changed.iter().map(|(_, ids)| ids.len()).sum();
    let total_rows = count_rows(&base);
    let size = file_size(&base);
    println!(
        "local: {total_rows} rows in the synced tables, file {:.0} MiB; colleague's file {:.0} MiB with {changed_rows} rows changed ({:.1}%); prepared in {:.1} s",
        mib(size),
        mib(file_size(&colleague_file)),
        100.0 * changed_rows as f64 / total_rows as f64,
        started.elapsed().as_secs_f64()
    );

    // Export against VACUUM INTO, alternating which goes first; each output is deleted before
    // the next run. The floor's output is flushed after its clock stops (timed apart), so no
    // run starts with the previous one's pages still being written back.
    let mut store = Store::open(&base).expect("open local");
    let export_out = dir.join("export-out.peerplan");
    let vacuum_out = dir.join("vacuum-out.sqlite3");
    let (mut exports, mut vacuums, mut fsyncs) = (Vec::new(), Vec::new(), Vec::new());
    let mut exported_bytes = 0;
    for run in 0..RUNS {
        for step in 0..2 {
            if (run + step) % 2 == 0 {
                let started = Instant::now();
                let exported = sync::export(&mut store, &export_out).expect("export");
                exports.push(started.elapsed());
                exported_bytes = exported.bytes;
                remove(&export_out);
            } else {
                let started = Instant::now();
                store
                    .conn()
                    .execute("VACUUM INTO ?1", [path_text(&vacuum_out)])
                    .expect("vacuum into");
                vacuums.push(started.elapsed());
                let started = Instant::now();
                flush(&vacuum_out);
                fsyncs.push(started.elapsed());
                remove(&vacuum_out);
            }
        }
    }
    let (export, vacuum) = (median(exports.clone()), median(vacuums.clone()));
    println!(
        "\nexport ({} MiB written), {RUNS} runs each:",
        exported_bytes / 1048576
    );
    runs_line(
        "sync::export (VACUUM INTO, journal mode, fsync, rename)",
        &exports,
    );
    runs_line("floor: VACUUM INTO", &vacuums);
    // VACUUM INTO flushes its output itself (synchronous = NORMAL): this stays near 0.
    runs_line(
        "  (a further fsync of the floor's output, not in it)",
        &fsyncs,
    );
    goal_line("export / VACUUM INTO", export, vacuum, 1.5);

    // The backup a merge makes, on its own.
    let mut backups = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        backup::create(&store, "bench").expect("backup");
        backups.push(started.elapsed());
        let _ = std::fs::remove_dir_all(backup::folder(&store));
    }
    runs_line("sync::backup::create (VACUUM INTO + fsync)", &backups);
    drop(store);

    // Merge against the floors, one of each per round.
    let run_dir = dir.join("run");
    let mut merges: Vec<HashMap<String, f64>> = Vec::new();
    let mut lists_during_merge: Vec<Duration> = Vec::new();
    let mut floor_ids = Vec::new();
    let mut floor_stamps = Vec::new();
    let mut floor_versions = Vec::new();
    for _ in 0..RUNS {
        let local = fresh_copy(&base, &run_dir);
        let mut merging = Command::new(std::env::current_exe().expect("this program"))
            .env(CHILD, "1")
            .arg(&local)
            .arg(&colleague_file)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run the merge");
        // Meanwhile, the app's pages: the partnership list, through a read-only connection of
        // its own (as the app's reader), timed again and again until the merge ends.
        lists_during_merge.extend(list_while(&local, &mut merging));
        let out = merging.wait_with_output().expect("the merge ends");
        assert!(
            out.status.success(),
            "the merge failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix("merge "))
            .expect("the merge's figures");
        let figures: HashMap<String, f64> = line
            .split_whitespace()
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.parse().expect("a number")))
            .collect();
        assert_eq!(
            figures["changed"] as usize, changed_rows,
            "the merge took every changed row"
        );
        assert_eq!(figures["conflicts"], 0.0, "no conflicts");
        merges.push(figures);
        let _ = std::fs::remove_dir_all(&run_dir);

        for (kind, samples) in [
            (Floor::Ids, &mut floor_ids),
            (Floor::IdsAndStamps, &mut floor_stamps),
            (Floor::Versions, &mut floor_versions),
        ] {
            let local = fresh_copy(&base, &run_dir);
            let (took, rows) = floor_upsert(&local, &colleague_file, kind, &changed);
            assert_eq!(rows, changed_rows, "the floor upserted every changed row");
            samples.push(took);
            let _ = std::fs::remove_dir_all(&run_dir);
        }
    }
    let figure = |key: &str| -> Vec<Duration> {
        merges
            .iter()
            .map(|m| Duration::from_secs_f64(m[key] / 1000.0))
            .collect()
    };
    println!("\nmerge of the colleague's file ({changed_rows} rows changed), {RUNS} runs each:");
    runs_line("sync::merge_file, total", &figure("total"));
    for (key, what) in [
        ("copy", "  copy the file to a private temporary file"),
        ("check_file", "  header and schema checks"),
        (
            "find",
            "  find the differing rows (id-ordered walk of both)",
        ),
        (
            "validate",
            "  validate them; integrity_check and the backup run beside",
        ),
        ("backup", "  wait for the backup (VACUUM INTO, own thread)"),
        ("apply", "  apply field by field"),
        ("finish", "  orphans, report, knowledge, commit"),
    ] {
        runs_line(what, &figure(key));
    }
    runs_line("floor: upsert of the changed rows (ids known)", &floor_ids);
    runs_line("  same, with their field_stamps rows", &floor_stamps);
    runs_line(
        "floor: upsert of rows whose version differs (finds them)",
        &floor_versions,
    );
    let total = median(figure("total"));
    let floor = median(floor_ids);
    goal_line("merge / upsert of the changed rows", total, floor, 3.0);
    goal_line(
        "merge / upsert with field_stamps",
        total,
        median(floor_stamps),
        3.0,
    );
    goal_line(
        "merge / upsert finding the rows by version",
        total,
        median(floor_versions),
        3.0,
    );
    lists_during_merge.sort();
    let slowest = lists_during_merge.last().copied().unwrap_or_default();
    runs_summary(
        "the partnership list (first page), read while the merge runs",
        &lists_during_merge,
    );
    println!(
        "{:<62} {:>8.1} ms   goal < 100 ms: {}",
        "  slowest of them",
        ms(slowest),
        if median(lists_during_merge.clone()) < Duration::from_millis(100) {
            "met (median)"
        } else {
            "missed (median)"
        }
    );
    let peak = merges.iter().map(|m| m["hwm_end_kib"]).fold(0.0, f64::max);
    let opened = merges.iter().map(|m| m["hwm_open_kib"]).fold(0.0, f64::max);
    println!(
        "\nmemory of the merging process: peak resident {:.0} MiB (after opening the store: {:.0} MiB) for a {:.0} MiB file: {:.1}% of it",
        peak / 1024.0,
        opened / 1024.0,
        mib(file_size(&colleague_file)),
        100.0 * peak * 1024.0 / file_size(&colleague_file) as f64
    );

    if std::env::var_os("PEERPLAN_SYNC_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The colleague's exported file and the ids it changed, by table.
fn make_colleague(
    base: &Path,
    dir: &Path,
    local_id: &str,
    local_clock: &str,
) -> (PathBuf, Vec<(&'static str, Vec<String>)>) {
    let work = dir.join("colleague.sqlite3");
    std::fs::copy(base, &work).expect("copy for the colleague");
    {
        let conn = Connection::open(&work).expect("open colleague");
        conn.execute(
            "UPDATE installation SET id = ?1, name = 'Colleague', exported_at = NULL",
            [peerplan_core::new_id()],
        )
        .expect("own installation");
        // It has seen everything of the local installation (it started from its file).
        conn.execute(
            "INSERT INTO sync_knowledge (node, stamp) VALUES (?1, ?2)",
            [local_id, local_clock],
        )
        .expect("knowledge");
    }
    let mut store = Store::open(&work).expect("open colleague");
    let changed = store
        .write(|w| {
            let mut changed = Vec::new();
            for (table, field, value) in CHANGES {
                let ids: Vec<String> = w
                    .conn()
                    .prepare(&format!(
                        "SELECT id FROM {table} WHERE rowid % 10 = 3 ORDER BY rowid"
                    ))?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let now = chrono::Utc::now()
                    .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                    .to_string();
                for id in &ids {
                    let stamp = w.stamp().to_string();
                    // As records::update: the field, updated_at, version; then its stamp.
                    w.conn()
                        .prepare_cached(&format!(
                            "UPDATE {table} SET updated_at = ?2, version = ?3, {field} = {value} WHERE id = ?1"
                        ))?
                        .execute([id, &now, &stamp])?;
                    w.conn()
                        .prepare_cached(
                            "INSERT INTO field_stamps (entity, row_id, field, stamp) VALUES (?1, ?2, ?3, ?4)
                             ON CONFLICT (entity, row_id, field) DO UPDATE SET stamp = excluded.stamp",
                        )?
                        .execute([table, id.as_str(), field, &stamp])?;
                }
                changed.push((*table, ids));
            }
            Ok(changed)
        })
        .expect("colleague's changes");
    let file = dir.join("colleague.peerplan");
    sync::export(&mut store, &file).expect("colleague's export");
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("colleague.sqlite3{suffix}")));
    }
    (file, changed)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Floor {
    /// The changed rows by a list of their ids (made before the clock starts).
    Ids,
    /// The same, and their `field_stamps` rows.
    IdsAndStamps,
    /// Every row of every synced table whose version differs (or that is missing here).
    Versions,
}

/// Raw SQLite: on a fresh copy of the local database, opened as the store opens it, `ATTACH`
/// the colleague's file and upsert the rows in one transaction, every column taken. Returns the
/// time from the `ATTACH` to the end of the `COMMIT`, and the data rows upserted.
fn floor_upsert(
    local: &Path,
    colleague: &Path,
    kind: Floor,
    changed: &[(&'static str, Vec<String>)],
) -> (Duration, usize) {
    let conn = Connection::open(local).expect("open the copy");
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let tables: Vec<&str> = match kind {
        Floor::Versions => sync::tables::TABLES.iter().map(|t| t.name).collect(),
        _ => {
            conn.execute_batch(
                "CREATE TEMP TABLE floor_ids (tbl TEXT NOT NULL, id TEXT NOT NULL,
                   PRIMARY KEY (tbl, id)) WITHOUT ROWID;
                 BEGIN;",
            )
            .unwrap();
            let mut insert = conn
                .prepare("INSERT INTO temp.floor_ids (tbl, id) VALUES (?1, ?2)")
                .unwrap();
            for (table, ids) in changed {
                for id in ids {
                    insert.execute([table, id.as_str()]).unwrap();
                }
            }
            drop(insert);
            conn.execute_batch("COMMIT").unwrap();
            changed.iter().map(|(t, _)| *t).collect()
        }
    };
    let mut upserts = Vec::new();
    for table in &tables {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let filter = match kind {
            Floor::Versions => format!(
                "NOT EXISTS (SELECT 1 FROM main.{table} m WHERE m.id = x.id AND m.version = x.version)"
            ),
            _ => format!("x.id IN (SELECT id FROM temp.floor_ids WHERE tbl = '{table}')"),
        };
        let sets: Vec<String> = columns
            .iter()
            .filter(|c| *c != "id")
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        upserts.push(format!(
            "INSERT INTO main.{table} ({}) SELECT {} FROM c.{table} AS x WHERE {filter}
             ON CONFLICT (id) DO UPDATE SET {}",
            columns.join(", "),
            columns
                .iter()
                .map(|c| format!("x.{c}"))
                .collect::<Vec<_>>()
                .join(", "),
            sets.join(", ")
        ));
    }
    let started = Instant::now();
    conn.execute("ATTACH ?1 AS c", [path_text(colleague)])
        .expect("attach");
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut rows = 0;
    for sql in &upserts {
        rows += conn.execute(sql, []).expect("upsert");
    }
    if kind == Floor::IdsAndStamps {
        conn.execute(
            "INSERT INTO main.field_stamps (entity, row_id, field, stamp)
             SELECT s.entity, s.row_id, s.field, s.stamp
               FROM temp.floor_ids f JOIN c.field_stamps s ON s.entity = f.tbl AND s.row_id = f.id
              WHERE true
             ON CONFLICT (entity, row_id, field) DO UPDATE SET stamp = excluded.stamp",
            [],
        )
        .expect("field stamps");
    }
    conn.execute_batch("COMMIT").unwrap();
    (started.elapsed(), rows)
}

/// The child: one merge of `args[2]` into `args[1]`, timed by phase (from the progress the
/// merge reports), with the process's peak resident set before and after.
/// Times the first page of the partnership list, over and over, on a read-only connection to
/// `database` until `merging` ends; returns each duration.
fn list_while(database: &Path, merging: &mut std::process::Child) -> Vec<Duration> {
    let mut samples = Vec::new();
    let mut reader = None;
    let query = peerplan_core::queries::PartnershipQuery::default();
    let today = chrono::Local::now().date_naive();
    while merging.try_wait().expect("the merge runs").is_none() {
        if reader.is_none() {
            // (The merging process opens the file first; until it has, wait.)
            reader = peerplan_core::Store::open_read_only(database).ok();
            std::thread::sleep(Duration::from_millis(50));
            continue;
        }
        let store = reader.as_ref().expect("opened");
        let started = Instant::now();
        let page = peerplan_core::queries::list_partnerships(store.conn(), &query, today)
            .expect("the list");
        samples.push(started.elapsed());
        assert!(page.total > 0, "the list has the portfolio");
        std::thread::sleep(Duration::from_millis(20));
    }
    samples
}

fn child() {
    let args: Vec<String> = std::env::args().collect();
    let (local, file) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let hwm_start = vm_hwm_kib();
    let mut store = Store::open(&local).expect("open local");
    let hwm_open = vm_hwm_kib();
    let mut marks: Vec<(&'static str, u64, Instant)> = Vec::new();
    let started = Instant::now();
    let report = {
        let marks = &mut marks;
        sync::merge_file(
            &mut store,
            &file,
            MergeOptions {
                progress: Box::new(move |p: &Progress| {
                    marks.push((p.stage, p.done, Instant::now()))
                }),
                ..Default::default()
            },
        )
        .expect("merge")
    };
    let ended = Instant::now();
    let hwm_end = vm_hwm_kib();
    let at = |stage: &str| marks.iter().find(|m| m.0 == stage).map(|m| m.2);
    let copied = marks
        .iter()
        .rev()
        .find(|m| m.0 == "copying")
        .map(|m| m.2)
        .unwrap_or(started);
    let checking = at("checking").expect("checking");
    let backing_up = at("backing_up").expect("backing up");
    let validating = at("validating").expect("validating");
    let saving = at("saving").expect("saving");
    // The first "merging" report comes after the first 2,000 rows: the time from the backup to
    // it is the backup plus those rows, which are counted at the rate of the rest.
    let (backup, apply) = match marks.iter().find(|m| m.0 == "merging") {
        Some(&(_, done, first)) => {
            let total = report.changed + report.new + report.deleted + report.conflicts;
            let rest = saving - first;
            let per_row = rest.as_secs_f64() / (total as u64 - done).max(1) as f64;
            let first_rows = Duration::from_secs_f64(per_row * done as f64);
            let backup = (first - backing_up).saturating_sub(first_rows);
            (backup, saving - backing_up - backup)
        }
        None => (saving - backing_up, Duration::ZERO),
    };
    let figures = [
        ("total", ms(ended - started)),
        ("copy", ms(copied - started)),
        ("check_file", ms(checking - copied)),
        ("find", ms(validating - checking)),
        ("validate", ms(backing_up - validating)),
        ("backup", ms(backup)),
        ("apply", ms(apply)),
        ("finish", ms(ended - saving)),
        ("changed", report.changed as f64),
        ("new", report.new as f64),
        ("deleted", report.deleted as f64),
        ("conflicts", report.conflicts as f64),
        ("hwm_start_kib", hwm_start),
        ("hwm_open_kib", hwm_open),
        ("hwm_end_kib", hwm_end),
    ];
    let line: Vec<String> = figures.iter().map(|(k, v)| format!("{k}={v}")).collect();
    println!("merge {}", line.join(" "));
}

/// Peak resident set of this process so far, in KiB.
fn vm_hwm_kib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0)
}

/// `base` copied to `dir/local.sqlite3` (a fresh folder) and flushed to disk.
fn fresh_copy(base: &Path, dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("run folder");
    let local = dir.join("local.sqlite3");
    std::fs::copy(base, &local).expect("fresh copy");
    flush(&local);
    local
}

fn count_rows(path: &Path) -> usize {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open");
    sync::tables::TABLES
        .iter()
        .map(|t| {
            conn.query_row(&format!("SELECT count(*) FROM {}", t.name), [], |r| {
                r.get::<_, i64>(0)
            })
            .expect("count") as usize
        })
        .sum()
}

fn flush(path: &Path) {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .expect("fsync");
}

fn remove(path: &Path) {
    std::fs::remove_file(path).expect("remove output");
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / 1048576.0
}

fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn runs_line(name: &str, samples: &[Duration]) {
    let each: Vec<String> = samples.iter().map(|d| format!("{:.0}", ms(*d))).collect();
    println!(
        "{name:<62} median {:>8.0} ms   (runs: {} ms)",
        ms(median(samples.to_vec())),
        each.join(", ")
    );
}

/// Many samples: their count, median and 90th percentile.
fn runs_summary(name: &str, samples: &[Duration]) {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let p90 = sorted
        .get(sorted.len() * 9 / 10)
        .copied()
        .unwrap_or_default();
    println!(
        "{name:<62} median {:>8.1} ms   (90th percentile {:.1} ms, {} reads)",
        ms(median(sorted.clone())),
        ms(p90),
        sorted.len()
    );
}

fn goal_line(name: &str, took: Duration, floor: Duration, goal: f64) {
    let ratio = took.as_secs_f64() / floor.as_secs_f64();
    println!(
        "{name:<62} ratio {ratio:>5.2}   goal ≤ {goal:.1}: {}",
        if ratio <= goal { "met" } else { "missed" }
    );
}
