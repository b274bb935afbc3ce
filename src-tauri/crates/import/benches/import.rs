//! The import benchmark (issue 18): 10,000 people, 1% of the rows bad (an email without a
//! domain, an unknown country), from an XLSX and from a CSV, into a directory that already
//! holds them all once (so half the work is matching) and into an empty one. Goals: the
//! preview under 2 s, the import under 5 s. Prints medians and ratios; never fails on timing.
//!
//! Run: `cargo bench -p peerplan-import --bench import`

use std::time::{Duration, Instant};

use peerplan_core::Store;
use peerplan_import::people;
use peerplan_import::{read_file, ColumnMap};

const PEOPLE: usize = 10_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn report(what: &str, took: Duration, goal_ms: f64) {
    let ms = took.as_secs_f64() * 1000.0;
    println!(
        "{what:<58} median {ms:>8.1} ms   goal < {goal_ms:>6.0} ms   ratio {:>5.2}",
        ms / goal_ms
    );
}

fn row(i: usize) -> [String; 6] {
    let bad = i % 100 == 7;
    [
        format!("Person {i:05}"),
        format!("Organisation {}", i % 300),
        if i.is_multiple_of(3) {
            "Planner".into()
        } else {
            "Adviser".into()
        },
        if bad && i % 200 == 7 {
            "Narnia".into()
        } else {
            ["Kenya", "GH", "SEN", "Côte d'Ivoire"][i % 4].into()
        },
        if bad {
            format!("person{i}@")
        } else {
            format!("person{i}@example.org")
        },
        format!("+254 700 {i:06}"),
    ]
}

fn main() {
    let dir = tempfile::tempdir().expect("temp");
    let headers = [
        "Nom",
        "Organisme",
        "Fonction",
        "Pays",
        "Courriel",
        "Téléphone",
    ];
    let csv_path = dir.path().join("people.csv");
    let mut text = headers.join(";") + "\r\n";
    for i in 0..PEOPLE {
        text.push_str(&row(i).join(";"));
        text.push_str("\r\n");
    }
    std::fs::write(&csv_path, &text).expect("csv");
    let xlsx_path = dir.path().join("people.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..PEOPLE {
        for (c, v) in row(i).iter().enumerate() {
            sheet.write_string(i as u32 + 1, c as u16, v).unwrap();
        }
    }
    book.save(&xlsx_path).expect("xlsx");
    println!(
        "{PEOPLE} people, 1% bad; CSV {} KiB, XLSX {} KiB",
        std::fs::metadata(&csv_path).unwrap().len() / 1024,
        std::fs::metadata(&xlsx_path).unwrap().len() / 1024
    );

    for (name, path) in [("XLSX", &xlsx_path), ("CSV", &csv_path)] {
        // Preview into an empty directory: read, recognise the columns, plan every row.
        let store = Store::open(&dir.path().join(format!("preview-{name}.db"))).unwrap();
        let mut samples = Vec::new();
        let mut errors = 0;
        for _ in 0..5 {
            let started = Instant::now();
            let table = read_file(path).unwrap();
            let map = ColumnMap::for_headers(&table.headers, &[]).unwrap();
            let plan = people::plan(store.conn(), &table, &map).unwrap();
            samples.push(started.elapsed());
            errors = plan.errors;
        }
        report(
            &format!("preview of the {name} ({errors} rows with problems)"),
            median(samples),
            2000.0,
        );

        // The import (a backup, then one transaction), 3 fresh databases; then the same file
        // again into a full directory (every row matched: the preview's matching at its worst).
        let (mut writes, mut again) = (Vec::new(), Vec::new());
        for run in 0..3 {
            let mut store =
                Store::open(&dir.path().join(format!("import-{name}-{run}.db"))).unwrap();
            let table = read_file(path).unwrap();
            let map = ColumnMap::for_headers(&table.headers, &[]).unwrap();
            let started = Instant::now();
            let result = people::import(&mut store, &table, &map, true).unwrap();
            writes.push(started.elapsed());
            assert_eq!(result.created, PEOPLE - errors);
            let started = Instant::now();
            let plan = people::plan(store.conn(), &table, &map).unwrap();
            again.push(started.elapsed());
            assert_eq!(plan.unchanged, PEOPLE - errors);
        }
        report(
            &format!("import of the {name} (backup + one transaction)"),
            median(writes),
            5000.0,
        );
        report(
            &format!("preview again, every row matched ({name})"),
            median(again),
            2000.0,
        );
    }
}
