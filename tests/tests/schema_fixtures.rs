//! A database written by every released schema version is kept in tests/fixtures/ and must
//! open, upgrade and read back in the current build: a change to the schema or to how rows
//! are read that would strand an officer's existing database fails here first.

use std::path::Path;

use peerplan_core::{check, queries, Store};

fn upgrade_copy(name: &str) -> (tempfile::TempDir, Store) {
    let fixture = Path::new(&peerplan_tests::manifest_dir())
        .join("fixtures")
        .join(name);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(name);
    std::fs::copy(&fixture, &copy).unwrap();
    let store = Store::open(&copy).unwrap();
    (dir, store)
}

#[test]
fn schema_1_with_the_example_portfolio_upgrades_and_reads_back() {
    let (_dir, store) = upgrade_copy("schema-1.sqlite3");
    let version: i64 = store
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, peerplan_core::store::SCHEMA_VERSION);
    let counts = queries::counts(store.conn()).unwrap();
    assert_eq!(
        (
            counts.partnerships,
            counts.exchanges,
            counts.participants,
            counts.people
        ),
        (5, 5, 77, 72)
    );
    let report = check::run(&store).unwrap();
    assert_eq!(report.error_count(), 0, "{:#?}", report.findings);
}

/// Schema 5 (sync by file share), written by the PeerPlan of stop 12: the example portfolio
/// merged with a colleague's copy of it, so its sync bookkeeping (what it has seen of the
/// colleague, the colleague as a peer) is there to carry over.
#[test]
fn schema_5_with_a_merged_colleague_upgrades_and_asks_for_the_officers_name() {
    let (_dir, mut store) = upgrade_copy("schema-5.sqlite3");
    let version: i64 = store
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, peerplan_core::store::SCHEMA_VERSION);
    let counts = queries::counts(store.conn()).unwrap();
    assert_eq!(
        (counts.partnerships, counts.exchanges, counts.participants),
        (10, 10, 154)
    );
    // The merge of stop 12 let both copies' dated rates in (the same pair on the same date);
    // the upgrade keeps one of each and lists the other for the officer.
    let report = check::run(&store).unwrap();
    assert_eq!(report.error_count(), 0, "{:#?}", report.findings);
    let set_aside: Vec<_> = peerplan_core::sync::conflicts::open(&store)
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == "duplicate" && c.entity == "exchange_rates")
        .collect();
    assert!(!set_aside.is_empty());
    assert_eq!(peerplan_core::sync::folder::peers(&store).unwrap().len(), 1);
    // It was never named (the made-up "This computer"): the app will ask.
    assert!(!store.installation_named().unwrap());
    store.set_installation_name("Amina Diallo").unwrap();
    assert!(store.installation_named().unwrap());
    // And it goes on working: an edit after the upgrade is stamped after everything it held.
    let id: String = store
        .conn()
        .query_row("SELECT id FROM partnerships LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let before: String = store
        .conn()
        .query_row(
            "SELECT max(stamp) FROM (SELECT stamp FROM field_stamps UNION ALL SELECT version FROM partnerships)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut data = peerplan_core::store::records::get::<peerplan_core::model::PartnershipData>(
        store.conn(),
        &id,
    )
    .unwrap()
    .data;
    data.officer = "Amina Diallo".into();
    let saved = store.save_partnership(Some(&id), data).unwrap();
    assert!(
        saved.record.version > before,
        "{} > {before}",
        saved.record.version
    );
}
