//! The costs benchmark (issue 6): the large generated portfolio (benches/portfolio.rs) with
//! 1,000,000 cost lines in eight currencies, monthly rates and budget rates, and the two
//! things an officer waits for: the portfolio budget roll-up under each kind of filter
//! (goal < 100 ms) and one exchange's cost view (goal < 5 ms).
//!
//! Run: `cargo bench -p peerplan-core --bench costs`
//! The generated file is kept at `$PEERPLAN_BENCH_DIR` (default target/bench) and reused.
//! Prints medians and the ratio to each goal; never fails on timing.

use std::time::Instant;

use chrono::NaiveDate;
use peerplan_core::costs::{self, BudgetFilter};
use peerplan_core::model::{CostCategory, CostStage};
use peerplan_core::synthetic::{self, Sizes};
use peerplan_core::Store;

mod common;
use common::{median, ms, report};

const LINES: usize = 1_000_000;

fn main() {
    let path = common::generated("large-portfolio-costs.sqlite3", |store| {
        let took = synthetic::generate(store, Sizes::LARGE, 7).expect("generate");
        let took_costs = synthetic::generate_costs(store, LINES, 11).expect("costs");
        store.conn().execute_batch("ANALYZE").expect("analyze");
        format!(
            "{:.1} s (+ {:.1} s for the cost lines)",
            took.as_secs_f64(),
            took_costs.as_secs_f64()
        )
    });
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let mut store = Store::open(&path).expect("open");
    let count: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM cost_lines WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    println!(
        "portfolio: {count} cost lines; file {:.0} MiB",
        size as f64 / 1048576.0
    );

    let one =
        |sql: &str| -> String { store.conn().query_row(sql, [], |r| r.get(0)).expect("pick") };
    let partnership =
        one("SELECT partnership_id FROM exchanges ORDER BY rowid LIMIT 1 OFFSET 4711");
    let country = one("SELECT country_code FROM members ORDER BY rowid LIMIT 1 OFFSET 999");
    let filters: Vec<(&str, BudgetFilter)> = vec![
        ("no filter", BudgetFilter::default()),
        (
            "one partnership",
            BudgetFilter {
                partnership_id: Some(partnership),
                ..Default::default()
            },
        ),
        (
            "one country",
            BudgetFilter {
                country: Some(country.clone()),
                ..Default::default()
            },
        ),
        (
            "one funder",
            BudgetFilter {
                funder: Some("Host member".into()),
                ..Default::default()
            },
        ),
        (
            "one year",
            BudgetFilter {
                from: NaiveDate::from_ymd_opt(2024, 1, 1),
                to: NaiveDate::from_ymd_opt(2024, 12, 31),
                ..Default::default()
            },
        ),
        (
            "nothing (before 1900: the fixed cost and the scan)",
            BudgetFilter {
                to: NaiveDate::from_ymd_opt(1900, 1, 1),
                ..Default::default()
            },
        ),
        (
            "actuals of one category",
            BudgetFilter {
                category: Some(CostCategory::Accommodation),
                stage: Some(CostStage::Actual),
                ..Default::default()
            },
        ),
    ];

    let started = Instant::now();
    let first = costs::budget(&store, &BudgetFilter::default()).expect("budget");
    let cold = started.elapsed();
    println!(
        "first roll-up after opening (builds the in-memory cost index): {:.0} ms; {} lines converted, {} missing a rate, {} exchanges",
        ms(cold),
        first.totals.lines,
        first.unconverted_lines,
        first.exchange_count
    );
    for (name, filter) in &filters {
        let mut samples = Vec::new();
        let mut lines = 0;
        for _ in 0..9 {
            let started = Instant::now();
            let budget = costs::budget(&store, filter).expect("budget");
            samples.push(started.elapsed());
            lines = budget.totals.lines + budget.unconverted_lines;
        }
        report(
            &format!("budget roll-up, {name} ({lines} lines)"),
            median(samples),
            100.0,
        );
    }

    // The view after an edit (issue 17): the app reads through a second, read-only store; a
    // save by the writer moves the index's counter, and the reader patches its index with the
    // changed exchange's lines instead of rebuilding it.
    let reader = Store::open_read_only(&path).expect("reader");
    let started = Instant::now();
    costs::budget(&reader, &BudgetFilter::default()).expect("budget");
    println!(
        "the reader's first roll-up (builds its own index): {:.0} ms",
        ms(started.elapsed())
    );
    let edited: Vec<String> = store
        .conn()
        .prepare("SELECT id FROM cost_lines WHERE deleted_at IS NULL ORDER BY random() LIMIT 9")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let (mut saves, mut views) = (Vec::new(), Vec::new());
    for (i, id) in edited.iter().enumerate() {
        let line = peerplan_core::store::records::get::<peerplan_core::model::CostLineData>(
            store.conn(),
            id,
        )
        .expect("line");
        let mut data = line.data;
        data.quantity += 1 + i as i64;
        let started = Instant::now();
        store.save_cost_line(Some(id), data).expect("save");
        saves.push(started.elapsed());
        let started = Instant::now();
        costs::budget(&reader, &BudgetFilter::default()).expect("budget");
        views.push(started.elapsed());
    }
    let patches = reader.cost_index().expect("index").patches;
    report(
        "budget view right after a cost line is saved (no filter)",
        median(views),
        100.0,
    );
    println!(
        "  (the save itself: median {:.1} ms; {patches} of {} views patched the index in place)",
        ms(median(saves)),
        edited.len()
    );

    let exchange_ids: Vec<String> = store
        .conn()
        .prepare("SELECT id FROM exchanges ORDER BY random() LIMIT 200")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut views = Vec::new();
    let mut lines = 0;
    for id in &exchange_ids {
        let started = Instant::now();
        let view = costs::exchange_costs(&store, id).expect("exchange costs");
        views.push(started.elapsed());
        lines += view.lines.len();
    }
    report(
        "one exchange's cost view (lines, categories, rates)",
        median(views),
        5.0,
    );
    println!(
        "  ({} lines per exchange on average)",
        lines / exchange_ids.len()
    );
}
