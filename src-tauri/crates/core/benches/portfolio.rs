//! The foundation benchmark: a whole network's history (10,000 partnerships, 100,000
//! exchanges, 1,000,000 participant rows) and the three things an officer waits for:
//! opening the database, the first page of the partnership list, and one partnership.
//!
//! Run: `cargo bench -p peerplan-core --bench portfolio`
//! The generated file is kept at `$PEERPLAN_BENCH_DIR` (default target/bench) and reused.
//! Prints medians and the ratio to each goal; never fails on timing.

use std::time::Instant;

use chrono::NaiveDate;
use peerplan_core::model::PartnershipStatus;
use peerplan_core::queries::{self, PartnershipQuery, PartnershipSort};
use peerplan_core::synthetic::{self, Rng, Sizes};
use peerplan_core::Store;

mod common;
use common::{median, report};

fn main() {
    let path = common::generated("large-portfolio.sqlite3", |store| {
        let took = synthetic::generate(store, Sizes::LARGE, 7).expect("generate");
        format!("{:.1} s", took.as_secs_f64())
    });
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);

    let mut opens = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let store = Store::open(&path).expect("open");
        opens.push(started.elapsed());
        drop(store);
    }
    let store = Store::open(&path).expect("open");
    let counts = queries::counts(store.conn()).expect("counts");
    println!(
        "portfolio: {} partnerships, {} exchanges, {} participants, {} people; file {:.0} MiB",
        counts.partnerships,
        counts.exchanges,
        counts.participants,
        counts.people,
        size as f64 / 1048576.0
    );
    report("open the database", median(opens), 10.0);

    // The list as an officer filters it: a status and a country, soonest exchange first.
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let country_codes: Vec<String> = store
        .conn()
        .prepare("SELECT DISTINCT country_code FROM members LIMIT 60")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rng = Rng::new(99);
    let mut pages = Vec::new();
    let mut rows_seen = 0usize;
    for _ in 0..200 {
        let q = PartnershipQuery {
            status: Some(*rng.pick(PartnershipStatus::ALL)),
            country: Some(rng.pick(&country_codes).clone()),
            sort: PartnershipSort::NextExchange,
            limit: Some(50),
            ..Default::default()
        };
        let started = Instant::now();
        let page = queries::list_partnerships(store.conn(), &q, today).expect("list");
        pages.push(started.elapsed());
        rows_seen += page.rows.len();
    }
    report(
        "partnership list page (status + country, by next exchange)",
        median(pages),
        10.0,
    );
    println!("  (average rows per page: {:.1})", rows_seen as f64 / 200.0);

    let mut unfiltered = Vec::new();
    for sort in [
        PartnershipSort::Title,
        PartnershipSort::Status,
        PartnershipSort::Updated,
    ] {
        for _ in 0..10 {
            let started = Instant::now();
            queries::list_partnerships(
                store.conn(),
                &PartnershipQuery {
                    sort,
                    ..Default::default()
                },
                today,
            )
            .expect("list");
            unfiltered.push(started.elapsed());
        }
    }
    report(
        "partnership list first page, no filter (title/status/updated)",
        median(unfiltered),
        10.0,
    );
    let mut by_next = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        queries::list_partnerships(
            store.conn(),
            &PartnershipQuery {
                sort: PartnershipSort::NextExchange,
                ..Default::default()
            },
            today,
        )
        .expect("list");
        by_next.push(started.elapsed());
    }
    report(
        "partnership list first page, no filter, by next exchange",
        median(by_next),
        10.0,
    );
    let mut searches = Vec::new();
    for word in [
        "drought",
        "kenya",
        "Amina",
        "partnership 4711",
        "procurement",
    ] {
        let started = Instant::now();
        queries::list_partnerships(
            store.conn(),
            &PartnershipQuery {
                text: Some(word.into()),
                ..Default::default()
            },
            today,
        )
        .expect("search");
        searches.push(started.elapsed());
    }
    report(
        "partnership list search (title, country, person)",
        median(searches),
        100.0,
    );

    let ids: Vec<String> = store
        .conn()
        .prepare("SELECT id FROM partnerships ORDER BY random() LIMIT 200")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut loads = Vec::new();
    let mut exchanges = 0;
    for id in &ids {
        let started = Instant::now();
        let detail = queries::partnership_detail(&store, id).expect("detail");
        loads.push(started.elapsed());
        exchanges += detail.exchanges.len();
        assert!(!detail.members.is_empty());
    }
    report(
        "load one partnership with everything under it",
        median(loads),
        10.0,
    );
    println!(
        "  ({} exchanges per partnership on average)",
        exchanges / ids.len()
    );

    let exchange_ids: Vec<String> = store
        .conn()
        .prepare("SELECT id FROM exchanges ORDER BY random() LIMIT 200")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut exchange_loads = Vec::new();
    for id in &exchange_ids {
        let started = Instant::now();
        queries::exchange_detail(&store, id).expect("exchange");
        exchange_loads.push(started.elapsed());
    }
    report(
        "load one exchange with participants and delegations",
        median(exchange_loads),
        10.0,
    );
}
