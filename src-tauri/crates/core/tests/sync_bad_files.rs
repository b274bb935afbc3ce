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

/// A sound file (identified, intact, no foreign code) holding one record that breaks a rule:
/// everything else merges, the record is set aside and listed with the reason, the database
/// passes `check`, and merging the same file again lists nothing new.
#[test]
fn a_record_that_breaks_a_rule_is_set_aside_and_the_rest_merges() {
    let (_, share, good) = setting();
    for (name, sql, field, expect, label) in [
        (
            "currency",
            "UPDATE cost_lines SET currency = 'XYZ' WHERE rowid = (SELECT min(rowid) FROM cost_lines);",
            "currency",
            "XYZ",
            "Return fares Nairobi–Accra, 5 delegates",
        ),
        (
            "dangling",
            "UPDATE participants SET person_id = '0190aaaa-0000-7000-8000-000000000000' WHERE rowid = (SELECT min(rowid) FROM participants);",
            "person_id",
            "person",
            "at Study visit: Ghana's NAP indicator framework",
        ),
        (
            "date",
            "UPDATE exchanges SET start_date = '2026-02-30' WHERE rowid = (SELECT min(rowid) FROM exchanges);",
            "start_date",
            "2026-02-30",
            "Study visit: Ghana's NAP indicator framework",
        ),
        (
            "utf8",
            "UPDATE partnerships SET title = CAST(X'4163637261C3' AS TEXT) WHERE rowid = (SELECT min(rowid) FROM partnerships);",
            "title",
            "UTF-8",
            "Accra",
        ),
    ] {
        let mut jon = Laptop::new("Jon");
        jon.partnership("Jon's own partnership");
        let path = copy_of(&good, share.path(), &format!("{name}.peerplan"));
        tweak(&path, sql);
        let report = jon.merge(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(report.set_aside, 1, "{name}: {report:#?}");
        assert!(report.new > 100, "{name}: the rest of the portfolio came in");
        let listed = report
            .records
            .iter()
            .find(|r| r.change == sync::ChangeKind::SetAside)
            .unwrap();
        assert!(listed.fields.iter().any(|f| f == field), "{name}: {listed:?}");
        let problems: Vec<String> = listed.problems.iter().map(ToString::to_string).collect();
        assert!(problems.join(" ").contains(expect), "{name}: {listed:?}");
        assert!(listed.label.english().contains(label), "{name}: {listed:?}");
        let conflicts = jon.open_conflicts();
        let card = conflicts
            .iter()
            .find(|c| c.kind == "set_aside")
            .unwrap_or_else(|| panic!("{name}: no set-aside conflict in {conflicts:#?}"));
        assert!(card.kept_source.contains(expect), "{name}: {card:?}");
        assert_eq!(
            peerplan_core::check::run(&jon.store).unwrap().error_count(),
            0,
            "{name}: the merged database passes check"
        );
        let before = jon.dump();
        let again = jon.merge(&path).unwrap();
        assert!(again.nothing_to_do(), "{name}: {again:#?}");
        assert_eq!(again.set_aside, 1);
        assert_eq!(jon.dump(), before);
        assert_eq!(jon.open_conflicts().len(), conflicts.len(), "{name}: listed once");
    }
}

/// What cannot be placed at all (a version that is not a stamp) still refuses the whole file.
#[test]
fn a_record_without_a_version_stamp_refuses_the_file() {
    let (mut jon, share, good) = setting();
    let path = copy_of(&good, share.path(), "stamp.peerplan");
    tweak(
        &path,
        "UPDATE partnerships SET version = 'yesterday' WHERE rowid = (SELECT min(rowid) FROM partnerships);",
    );
    let message = refused(&mut jon, &path, "invalid_file");
    assert!(message.contains("not a version stamp"), "{message}");
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

/// A colleague's live database copied as it is, with committed records still in its `-wal`
/// (a sync client that copied both files): the records in the `-wal` arrive too.
#[test]
fn a_live_database_with_its_wal_beside_it_arrives_whole() {
    for all_in_wal in [false, true] {
        let share = tempfile::tempdir().unwrap();
        let live_dir = tempfile::tempdir().unwrap();
        let live_path = live_dir.path().join("peerplan.sqlite3");
        let mut colleague = peerplan_core::Store::open(&live_path).unwrap();
        colleague.set_installation_name("Kofi").unwrap();
        colleague
            .conn()
            .pragma_update(None, "wal_autocheckpoint", 0)
            .unwrap();
        if !all_in_wal {
            colleague
                .conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
                .unwrap();
        }
        for title in ["Accra–Nairobi NAP exchange", "Lima–La Paz twinning"] {
            colleague
                .save_partnership(
                    None,
                    peerplan_core::model::PartnershipData {
                        title: title.into(),
                        ..Default::default()
                    },
                )
                .unwrap();
        }
        let wal = live_dir.path().join("peerplan.sqlite3-wal");
        assert!(
            std::fs::metadata(&wal).unwrap().len() > 0,
            "the records are in the -wal"
        );
        // What a sync client puts on the share: both files, the database still open.
        let copied = share.path().join("kofi.peerplan");
        std::fs::copy(&live_path, &copied).unwrap();
        std::fs::copy(&wal, share.path().join("kofi.peerplan-wal")).unwrap();
        let mut jon = Laptop::new("Jon");
        let report = jon.merge(&copied).unwrap();
        // Two partnerships, each with its first status change.
        assert_eq!(report.new, 4, "all_in_wal={all_in_wal}: {report:#?}");
        let titles: Vec<String> = jon
            .store
            .conn()
            .prepare("SELECT title FROM partnerships ORDER BY title")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|t| t.unwrap())
            .collect();
        assert_eq!(
            titles,
            ["Accra–Nairobi NAP exchange", "Lima–La Paz twinning"]
        );
        assert_eq!(report.file.installation_name, "Kofi");
        drop(colleague);
    }
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
    // Schema 8 replaced the index triggers of schema 4: put back their exact text.
    let schema_4_triggers: String = include_str!("../migrations/0004_costs.sql")
        .split_inclusive("END;")
        .filter_map(|part| part.find("CREATE TRIGGER").map(|at| &part[at..]))
        .collect::<Vec<_>>()
        .join("\n");
    let migration_4 = include_str!("../migrations/0004_costs.sql");
    let at = migration_4
        .find("CREATE INDEX cost_lines_exchange")
        .unwrap();
    let schema_4_index = &migration_4[at..at + migration_4[at..].find(';').unwrap() + 1];
    tweak(
        &path,
        &format!("DROP INDEX cost_lines_exchange; ALTER TABLE cost_lines DROP COLUMN paid_by_member_id;
         {schema_4_index}
         DROP TRIGGER cost_lines_insert_moves_index; DROP TRIGGER cost_lines_update_moves_index;
         DROP TRIGGER cost_lines_move_moves_index; DROP TRIGGER cost_lines_delete_moves_index;
         DROP TRIGGER exchanges_insert_moves_index; DROP TRIGGER exchanges_update_moves_index;
         DROP TRIGGER exchanges_delete_moves_index; DROP TRIGGER members_update_moves_index;
         DROP TABLE cost_index_log;
         {schema_4_triggers}
         DROP TABLE sync_knowledge; DROP TABLE sync_peers; DROP TABLE sync_conflicts; DROP INDEX participants_live_pair;
         ALTER TABLE installation DROP COLUMN named;
         ALTER TABLE agenda_sessions DROP COLUMN co_lead_member_ids;
         ALTER TABLE installation DROP COLUMN exported_at; ALTER TABLE installation DROP COLUMN sync_folder;
         PRAGMA user_version = 4;"),
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
