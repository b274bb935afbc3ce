//! Files that must never damage the local database: each is refused with a message that says
//! what is wrong, and the local database file is byte-for-byte what it was.

mod common;

use std::path::{Path, PathBuf};

use common::Laptop;
use peerplan_core::sync::{self, MergeOptions};
use peerplan_core::{demo, Error};

/// Jon's laptop with some data, and a share holding Amina's good export.
fn setting() -> (Laptop, tempfile::TempDir, PathBuf) {
    let mut amina = Laptop::new("Amina");
    demo::load(&mut amina.store).unwrap();
    let share = tempfile::tempdir().unwrap();
    let good = amina.export_to(share.path());
    let mut jon = Laptop::new("Jon");
    jon.partnership("Jon's own partnership");
    (jon, share, good)
}

/// Merges `file` into Jon's database and checks it was refused with `code`, leaving the
/// database untouched. Returns the message.
fn refused(jon: &mut Laptop, file: &Path, code: &str) -> String {
    let before = jon.bytes();
    let err = jon.merge(file).unwrap_err();
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(
        jon.bytes(),
        before,
        "the local database changed after: {err}"
    );
    let preview = jon.preview(file);
    assert!(preview.is_err(), "the preview refuses it too");
    err.to_string()
}

fn tweak(file: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    conn.execute_batch(sql).unwrap();
}

fn copy_of(good: &Path, share: &Path, name: &str) -> PathBuf {
    let path = share.join(name);
    std::fs::copy(good, &path).unwrap();
    path
}

#[test]
fn a_file_that_is_not_sqlite() {
    let (mut jon, share, _) = setting();
    let path = share.path().join("notes.peerplan");
    std::fs::write(&path, "Agenda for the Accra visit\n".repeat(100)).unwrap();
    let message = refused(&mut jon, &path, "not_sqlite");
    assert!(message.contains("not an SQLite database"), "{message}");
}

#[test]
fn a_file_truncated_at_several_points() {
    let (mut jon, share, good) = setting();
    let bytes = std::fs::read(&good).unwrap();
    for (cut, code) in [
        (10, "not_sqlite"),
        (60, "truncated"),
        (4096, "truncated"),
        (bytes.len() / 2, "truncated"),
        (bytes.len() - 1, "truncated"),
    ] {
        let path = share.path().join(format!("cut-{cut}.peerplan"));
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let message = refused(&mut jon, &path, code);
        if code == "truncated" {
            assert!(
                message.contains("incomplete") && message.contains("retried"),
                "{message}"
            );
        }
    }
}

#[test]
fn an_sqlite_file_of_another_application() {
    let (mut jon, share, _) = setting();
    let path = share.path().join("contacts.peerplan");
    tweak(
        &path,
        "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Amina');",
    );
    let message = refused(&mut jon, &path, "other_application");
    assert!(message.contains("another application"), "{message}");
}

#[test]
fn a_peerplan_file_from_a_newer_schema() {
    let (mut jon, share, good) = setting();
    let path = copy_of(&good, share.path(), "newer.peerplan");
    tweak(&path, "PRAGMA user_version = 99;");
    let message = refused(&mut jon, &path, "newer_schema");
    assert!(message.contains("update PeerPlan"), "{message}");
}

#[test]
fn a_file_with_broken_integrity() {
    let (mut jon, share, good) = setting();
    let path = copy_of(&good, share.path(), "broken.peerplan");
    // Scribble over the start of a few pages (their b-tree headers and cell pointers), as a
    // bad disk or a bad copy would.
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    for p in [3usize, 5, 8] {
        let at = p * page;
        bytes[at..at + 64].fill(0x5A);
    }
    std::fs::write(&path, bytes).unwrap();
    let message = refused(&mut jon, &path, "damaged");
    assert!(message.contains("damaged"), "{message}");
}

#[test]
fn rows_that_break_the_rules() {
    let (mut jon, share, good) = setting();
    for (name, sql, expect) in [
        (
            "currency",
            "UPDATE cost_lines SET currency = 'XYZ' WHERE rowid = (SELECT min(rowid) FROM cost_lines);",
            "currency",
        ),
        (
            "dangling",
            "UPDATE participants SET person_id = '0190aaaa-0000-7000-8000-000000000000' WHERE rowid = (SELECT min(rowid) FROM participants);",
            "person_id",
        ),
        (
            "date",
            "UPDATE exchanges SET start_date = '2026-02-30' WHERE rowid = (SELECT min(rowid) FROM exchanges);",
            "2026-02-30",
        ),
        (
            "stamp",
            "UPDATE partnerships SET version = 'yesterday' WHERE rowid = (SELECT min(rowid) FROM partnerships);",
            "not a version stamp",
        ),
    ] {
        let path = copy_of(&good, share.path(), &format!("{name}.peerplan"));
        tweak(&path, sql);
        let code = if name == "stamp" { "invalid_file" } else { "invalid_rows" };
        let message = refused(&mut jon, &path, code);
        assert!(message.contains(expect), "{name}: {message}");
        // The record is named the way the officer knows it, not by its id.
        let named = match name {
            "currency" => "cost line 'Return fares Nairobi–Accra, 5 delegates'",
            "dangling" => "at Study visit: Ghana's NAP indicator framework'",
            _ => "",
        };
        assert!(message.contains(named), "{name}: {message}");
    }
}

#[test]
fn a_file_carrying_triggers_or_views_meant_to_run_when_read() {
    let (mut jon, share, good) = setting();
    for (name, sql, object) in [
        (
            "trigger",
            "CREATE TRIGGER wipe AFTER UPDATE ON partnerships BEGIN DELETE FROM people; END;",
            "trigger named 'wipe'",
        ),
        (
            "view",
            "CREATE VIEW totals AS SELECT count(*) FROM partnerships;",
            "view named 'totals'",
        ),
        (
            "altered",
            "DROP INDEX partnerships_title; CREATE INDEX partnerships_title ON partnerships (title);",
            "partnerships_title",
        ),
    ] {
        let path = copy_of(&good, share.path(), &format!("{name}.peerplan"));
        tweak(&path, sql);
        let message = refused(&mut jon, &path, "foreign_schema");
        assert!(message.contains(object), "{message}");
    }
}

#[test]
fn an_empty_file_a_folder_a_missing_file_and_the_local_database_itself() {
    let (mut jon, share, _) = setting();
    let empty = share.path().join("empty.peerplan");
    std::fs::write(&empty, b"").unwrap();
    assert!(refused(&mut jon, &empty, "empty_file").contains("0 bytes"));
    let folder = share.path().join("folder.peerplan");
    std::fs::create_dir(&folder).unwrap();
    assert!(refused(&mut jon, &folder, "is_folder").contains("folder"));
    assert!(refused(
        &mut jon,
        &share.path().join("nobody.peerplan"),
        "file_missing"
    )
    .contains("does not exist"));
    let own = jon.db_path();
    assert!(refused(&mut jon, &own, "own_database").contains("own database"));
}

#[test]
fn a_file_that_disappears_while_it_is_read() {
    let (mut jon, share, good) = setting();
    let path = copy_of(&good, share.path(), "vanishing.peerplan");
    let before = jon.bytes();
    let doomed = path.clone();
    let err = sync::merge_file(
        &mut jon.store,
        &path,
        MergeOptions {
            // The share goes away after the first chunk has been read.
            progress: Box::new(move |p| {
                if p.stage == "copying" {
                    let _ = std::fs::remove_file(&doomed);
                }
            }),
            ..MergeOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "vanished", "{err}");
    assert!(matches!(err, Error::Sync(ref e) if e.is_transient()));
    assert_eq!(jon.bytes(), before);
}

#[test]
fn a_file_from_an_older_peerplan_is_upgraded_in_a_private_copy() {
    // A schema-4 file (before sync existed): the same data merges; the file itself is left as
    // it was.
    let (mut jon, share, good) = setting();
    let path = copy_of(&good, share.path(), "older.peerplan");
    tweak(
        &path,
        "DROP TABLE sync_knowledge; DROP TABLE sync_peers; DROP TABLE sync_conflicts; DROP INDEX participants_live_pair;
         ALTER TABLE installation DROP COLUMN exported_at; ALTER TABLE installation DROP COLUMN sync_folder;
         PRAGMA user_version = 4;",
    );
    let before = std::fs::read(&path).unwrap();
    let report = jon.merge(&path).unwrap();
    assert!(report.new > 100);
    assert_eq!(report.file.schema_version, 4);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the colleague's file is not touched"
    );
}
