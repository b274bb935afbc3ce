//! A database written by every released schema version is kept in tests/fixtures/ and must
//! open, upgrade and read back in the current build: a change to the schema or to how rows
//! are read that would strand an officer's existing database fails here first.

use std::path::Path;

use peerplan_core::{check, queries, Store};

fn upgrade_copy(name: &str) -> (tempfile::TempDir, Store) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
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
