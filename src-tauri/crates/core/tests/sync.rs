//! Sync by file share: what officers check after combining their work — nothing lost, nothing
//! duplicated, nothing deleted coming back, the same data whichever way round they merge.

mod common;

use common::Laptop;
use peerplan_core::model::*;
use peerplan_core::sync::conflicts::{self, Resolution};
use peerplan_core::sync::{self, ChangeKind, MergeOptions};
use peerplan_core::{demo, Error};

#[test]
fn a_colleagues_portfolio_arrives_whole_and_merging_it_twice_changes_nothing() {
    let mut amina = Laptop::new("Amina");
    demo::load(&mut amina.store).unwrap();
    let mut jon = Laptop::new("Jon");
    let first = jon.merge_from(&mut amina);
    assert!(first.applied);
    assert!(first.new > 100, "{} new", first.new);
    assert_eq!(first.conflicts, 0);
    assert!(
        first.backup.is_some(),
        "a backup is made before a merge writes"
    );
    assert_eq!(jon.dump(), amina.dump());

    let share = tempfile::tempdir().unwrap();
    let file = amina.export_to(share.path());
    let again = jon.merge(&file).unwrap();
    assert!(again.nothing_to_do(), "{again:?}");
    assert!(!again.applied);
    assert!(
        again.backup.is_none(),
        "no backup for a merge that writes nothing"
    );
    let again = jon.merge(&file).unwrap();
    assert!(again.nothing_to_do());
    assert_eq!(jon.dump(), amina.dump());
    // The peer's last-merged time moves, the data does not.
    assert_eq!(sync::folder::peers(&jon.store).unwrap()[0].name, "Amina");
}

#[test]
fn edits_to_different_fields_on_two_laptops_both_survive() {
    let mut amina = Laptop::new("Amina");
    let p = amina.partnership("Ghana–Kenya NAP exchange");
    let mut jon = Laptop::new("Jon");
    jon.merge_from(&mut amina);

    amina.edit_partnership(&p, |d| d.title = "Ghana–Kenya NAP peer exchange".into());
    jon.edit_partnership(&p, |d| {
        d.start_date = Some("2027-01-10".parse().unwrap());
        d.end_date = Some("2027-06-30".parse().unwrap());
    });
    let report = jon.merge_from(&mut amina);
    assert_eq!((report.changed, report.conflicts), (1, 0), "{report:?}");
    amina.merge_from(&mut jon);
    for laptop in [&amina, &jon] {
        let got = laptop.get_partnership(&p).data;
        assert_eq!(got.title, "Ghana–Kenya NAP peer exchange");
        assert_eq!(got.start_date, Some("2027-01-10".parse().unwrap()));
        assert_eq!(got.end_date, Some("2027-06-30".parse().unwrap()));
    }
    assert_eq!(amina.dump(), jon.dump());
}

#[test]
fn the_same_field_changed_on_both_is_a_conflict_the_officer_can_switch_in_one_click() {
    let mut amina = Laptop::new("Amina");
    let p = amina.partnership("Exchange");
    let mut jon = Laptop::new("Jon");
    jon.merge_from(&mut amina);
    amina.edit_partnership(&p, |d| d.officer = "Amina".into());
    std::thread::sleep(std::time::Duration::from_millis(5));
    jon.edit_partnership(&p, |d| d.officer = "Jon".into());

    // Jon's change is the newer: both laptops keep it, both list Amina's.
    let report = amina.merge_from(&mut jon);
    assert_eq!(report.conflicts, 1);
    let c = report.records.iter().find(|r| r.id == p).unwrap();
    assert_eq!(c.change, ChangeKind::Conflict);
    assert_eq!(c.partnership_title.as_deref(), Some("Exchange"));
    jon.merge_from(&mut amina);
    assert_eq!(amina.get_partnership(&p).data.officer, "Jon");
    assert_eq!(jon.get_partnership(&p).data.officer, "Jon");
    let listed = amina.open_conflicts();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].kind, "field");
    assert_eq!(listed[0].other_values["officer"], "Amina");
    assert_eq!(listed[0].kept_values["officer"], "Jon");
    assert_eq!(listed[0].label, "Exchange");
    // Jon's file already told Amina's merge everything: his value stands, the review is hers.
    assert!(jon.open_conflicts().is_empty());

    // Amina switches to her value; it wins at Jon's next merge, with no new conflict.
    conflicts::resolve(&mut amina.store, &listed[0].id, Resolution::UseOther).unwrap();
    assert_eq!(amina.get_partnership(&p).data.officer, "Amina");
    assert!(amina.open_conflicts().is_empty());
    let report = jon.merge_from(&mut amina);
    assert_eq!((report.changed, report.conflicts), (1, 0), "{report:?}");
    assert_eq!(jon.get_partnership(&p).data.officer, "Amina");
}

#[test]
fn amount_and_currency_travel_together_and_concurrent_money_edits_are_always_reviewed() {
    let mut amina = Laptop::new("Amina");
    let (_, e) = amina.exchange("Accra");
    let line = amina.cost_line(&e, "100.00", "USD");
    let mut jon = Laptop::new("Jon");
    jon.merge_from(&mut amina);
    // Amina re-enters the hotel in cedis; Jon corrects the dollar amount.
    amina.edit_cost_line(&line, "1500.00", "GHS");
    std::thread::sleep(std::time::Duration::from_millis(5));
    jon.edit_cost_line(&line, "120.00", "USD");
    let report = amina.merge_from(&mut jon);
    assert_eq!(report.conflicts, 1);
    jon.merge_from(&mut amina);
    for laptop in [&amina, &jon] {
        let data = peerplan_core::store::records::get::<CostLineData>(laptop.store.conn(), &line)
            .unwrap()
            .data;
        // Never 1500 USD or 120 GHS: the pair comes from one side.
        assert_eq!(
            (data.unit_amount.as_str(), data.currency.as_str()),
            ("120.00", "USD")
        );
    }
    let c = &amina.open_conflicts()[0];
    assert_eq!(c.kind, "money");
    assert_eq!(c.other_values["currency"], "GHS");
    assert_eq!(c.other_values["unit_amount"], 150000);
    assert_eq!(amina.dump(), jon.dump());
}

#[test]
fn notes_written_on_both_laptops_keep_both_texts() {
    let mut amina = Laptop::new("Amina");
    let p = amina.partnership("Exchange");
    let mut jon = Laptop::new("Jon");
    jon.merge_from(&mut amina);
    amina.edit_partnership(&p, |d| d.notes = "Call the ministry in March.".into());
    std::thread::sleep(std::time::Duration::from_millis(5));
    jon.edit_partnership(&p, |d| {
        d.notes = "Kenya asked for the M&E templates.".into()
    });
    amina.merge_from(&mut jon);
    let c = amina.open_conflicts().remove(0);
    assert_eq!(c.kind, "notes");
    conflicts::resolve(&mut amina.store, &c.id, Resolution::KeepBoth).unwrap();
    let notes = amina.get_partnership(&p).data.notes;
    assert!(
        notes.contains("Kenya asked for the M&E templates."),
        "{notes}"
    );
    assert!(notes.contains("Call the ministry in March."), "{notes}");
    jon.merge_from(&mut amina);
    assert_eq!(jon.get_partnership(&p).data.notes, notes);
}

#[test]
fn a_delete_and_a_concurrent_edit_stay_deleted_with_the_edit_kept_and_restorable() {
    let mut amina = Laptop::new("Amina");
    let (p, e) = amina.exchange("Nairobi");
    let mut jon = Laptop::new("Jon");
    jon.merge_from(&mut amina);
    amina.store.delete_partnership(&p).unwrap();
    jon.edit_partnership(&p, |d| d.topic = "Adaptation finance".into());
    let report = jon.merge_from(&mut amina);
    assert!(report.conflicts >= 1, "{report:?}");
    amina.merge_from(&mut jon);
    for laptop in [&amina, &jon] {
        let record = laptop.get_partnership(&p);
        assert!(record.is_deleted(), "the record stays deleted");
        assert_eq!(record.data.topic, "Adaptation finance", "the edit is kept");
    }
    assert_eq!(amina.dump(), jon.dump());
    let c = jon
        .open_conflicts()
        .into_iter()
        .find(|c| c.row_id == p)
        .unwrap();
    assert_eq!(c.kind, "deleted");
    assert!(c.record_deleted);
    conflicts::resolve(&mut jon.store, &c.id, Resolution::Restore).unwrap();
    assert!(!jon.get_partnership(&p).is_deleted());
    // What was deleted with it comes back with it.
    let exchange =
        peerplan_core::store::records::get::<ExchangeData>(jon.store.conn(), &e).unwrap();
    assert!(!exchange.is_deleted());
    amina.merge_from(&mut jon);
    assert!(
        !amina.get_partnership(&p).is_deleted(),
        "a restore is a change like any other"
    );
}

#[test]
fn a_participant_added_to_an_exchange_deleted_elsewhere_is_deleted_with_it_and_offered_back() {
    let mut amina = Laptop::new("Amina");
    let (_, e) = amina.exchange("Lima");
    let mut jon = Laptop::new("Jon");
    jon.merge_from(&mut amina);
    amina.store.delete_exchange(&e).unwrap();
    let line = jon.cost_line(&e, "80.00", "USD");
    let report = amina.merge_from(&mut jon);
    assert!(report.conflicts >= 1, "{report:#?}");
    let line_row =
        peerplan_core::store::records::get::<CostLineData>(amina.store.conn(), &line).unwrap();
    assert!(
        line_row.is_deleted(),
        "no live cost line under a deleted exchange"
    );
    let report = jon.merge_from(&mut amina);
    assert!(report.deleted >= 1, "{report:?}");
    assert_eq!(amina.dump(), jon.dump());
    assert_eq!(
        peerplan_core::check::run(&amina.store)
            .unwrap()
            .error_count(),
        0
    );
}

#[test]
fn a_laptop_with_its_clock_a_year_ahead_does_not_win_every_later_merge() {
    let year = 365 * 24 * 60 * 60 * 1000_i64;
    let mut amina = Laptop::new("Amina");
    let p = amina.partnership("Exchange");
    let mut fast = Laptop::new("Fast clock");
    fast.merge_from(&mut amina);
    fast.store.simulate_wrong_clock(year);
    fast.edit_partnership(&p, |d| d.officer = "from the fast laptop".into());
    amina.merge_from(&mut fast);
    assert_eq!(
        amina.get_partnership(&p).data.officer,
        "from the fast laptop"
    );
    // Amina changes it afterwards, with a correct clock: her edit orders after the fast stamp
    // she has seen (her clock followed it), and it wins because she had seen it.
    let fast_version = fast.get_partnership(&p).version;
    amina.edit_partnership(&p, |d| d.officer = "Amina, later".into());
    let version = amina.get_partnership(&p).version;
    assert!(
        version > fast_version,
        "an edit made after seeing a stamp orders after it: {version} / {fast_version}"
    );
    let report = fast.merge_from(&mut amina);
    assert_eq!(
        report.conflicts, 0,
        "a later change after seeing the other is no conflict"
    );
    assert_eq!(fast.get_partnership(&p).data.officer, "Amina, later");
    amina.merge_from(&mut fast);
    assert_eq!(amina.get_partnership(&p).data.officer, "Amina, later");
    assert_eq!(amina.dump(), fast.dump());
}

#[test]
fn a_merge_can_leave_chosen_records_out_and_offers_them_again_next_time() {
    let mut amina = Laptop::new("Amina");
    let keep = amina.partnership("Wanted");
    let (skip, _) = amina.exchange("Not yet");
    let mut jon = Laptop::new("Jon");
    let share = tempfile::tempdir().unwrap();
    let file = amina.export_to(share.path());
    let before = jon.bytes();
    let preview = jon.preview(&file).unwrap();
    assert!(!preview.applied);
    assert!(preview.records.iter().any(|r| r.id == skip));
    assert_eq!(jon.bytes(), before, "a preview writes nothing");
    let report = sync::merge_file(
        &mut jon.store,
        &file,
        MergeOptions {
            leave_out: [skip.clone()].into_iter().collect(),
            ..MergeOptions::default()
        },
    )
    .unwrap();
    assert!(
        report.left_out >= 4,
        "the partnership, its members and its exchange: {report:?}"
    );
    assert!(
        peerplan_core::store::records::find::<PartnershipData>(jon.store.conn(), &skip)
            .unwrap()
            .is_none()
    );
    assert!(
        peerplan_core::store::records::find::<PartnershipData>(jon.store.conn(), &keep)
            .unwrap()
            .is_some()
    );
    let again = jon.preview(&file).unwrap();
    assert!(again
        .records
        .iter()
        .any(|r| r.id == skip && r.change == ChangeKind::New));
}

#[test]
fn a_backup_is_restorable_and_restoring_backs_up_first() {
    let mut amina = Laptop::new("Amina");
    let p = amina.partnership("Before");
    let mut jon = Laptop::new("Jon");
    jon.partnership("Jon's own");
    let report = jon.merge_from(&mut amina);
    let backup = std::path::PathBuf::from(report.backup.unwrap());
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        peerplan_core::store::records::find::<PartnershipData>(jon.store.conn(), &p)
            .unwrap()
            .is_some()
    );
    let listed = sync::backup::list(&jon.store).unwrap();
    assert_eq!(listed[0].name, name);
    assert!(
        listed[0].reason == "before merging Amina",
        "{:?}",
        listed[0]
    );
    sync::backup::restore(&mut jon.store, &name).unwrap();
    assert!(
        peerplan_core::store::records::find::<PartnershipData>(jon.store.conn(), &p)
            .unwrap()
            .is_none()
    );
    assert_eq!(sync::backup::list(&jon.store).unwrap().len(), 2);
    // Writing after a restore still works and stamps move forward.
    jon.partnership("After the restore");
    let err = sync::backup::restore(&mut jon.store, "nope").unwrap_err();
    assert_eq!(err.code(), "no_backup");
}

/// Two databases in one folder share its `backups/`: each lists only its own backups, and
/// restoring the other's is refused with a message, changing nothing.
#[test]
fn a_backup_of_another_database_in_the_same_folder_is_not_offered_or_restored() {
    let folder = tempfile::tempdir().unwrap();
    let mut first = peerplan_core::Store::open(&folder.path().join("first.sqlite3")).unwrap();
    let mut second = peerplan_core::Store::open(&folder.path().join("second.sqlite3")).unwrap();
    first.set_installation_name("Amina's laptop").unwrap();
    second.set_installation_name("Training copy").unwrap();
    for title in ["Accra–Nairobi", "Lima–La Paz"] {
        first
            .save_partnership(
                None,
                PartnershipData {
                    title: title.into(),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    let mine = sync::backup::create(&first, "before a test").unwrap();
    let theirs = sync::backup::create(&second, "before training").unwrap();
    let listed: Vec<String> = sync::backup::list(&first)
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    let mine_name = mine.file_name().unwrap().to_string_lossy().into_owned();
    let theirs_name = theirs.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(listed, std::slice::from_ref(&mine_name));
    let err = sync::backup::restore(&mut first, &theirs_name).unwrap_err();
    assert_eq!(err.code(), "other_database_backup");
    assert!(err.to_string().contains("Training copy"), "{err}");
    let count: i64 = first
        .conn()
        .query_row("SELECT count(*) FROM partnerships", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2, "nothing was restored");
    sync::backup::restore(&mut first, &mine_name).unwrap();
}

#[test]
fn a_shared_folder_syncs_every_colleague_including_conflicted_copies() {
    let share = tempfile::tempdir().unwrap();
    let mut amina = Laptop::new("Amina");
    let a = amina.partnership("From Amina");
    let mut jon = Laptop::new("Jon");
    let j = jon.partnership("From Jon");
    let mut lea = Laptop::new("Léa");
    let l = lea.partnership("From Léa");

    let first = sync::folder::sync(&mut amina.store, share.path(), &mut |_, _| {}, None).unwrap();
    assert!(first.note.unwrap().contains("No colleague's file"));
    sync::folder::sync(&mut jon.store, share.path(), &mut |_, _| {}, None).unwrap();
    // A cloud client's conflicted copy of Léa's file, made by a second export.
    let lea_file = share
        .path()
        .join(sync::folder::own_file_name(&lea.store).unwrap());
    sync::export(&mut lea.store, &lea_file).unwrap();
    let copy = share.path().join(format!(
        "{} (Léa's conflicted copy 2026-11-23).peerplan",
        lea_file.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::rename(&lea_file, &copy).unwrap();
    // A file still being copied onto the share.
    std::fs::write(
        share.path().join("half.peerplan"),
        b"SQLite format 3\0 and then nothing",
    )
    .unwrap();

    let summary = sync::folder::sync(&mut amina.store, share.path(), &mut |_, _| {}, None).unwrap();
    let statuses: Vec<_> = summary
        .files
        .iter()
        .map(|f| (f.file.as_str(), f.status))
        .collect();
    assert!(
        statuses
            .iter()
            .any(|(f, s)| f.contains("conflicted copy") && *s == "merged"),
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .any(|(f, s)| *f == "half.peerplan" && *s == "skipped"),
        "{statuses:?}"
    );
    for id in [&a, &j, &l] {
        assert!(
            peerplan_core::store::records::find::<PartnershipData>(amina.store.conn(), id)
                .unwrap()
                .is_some()
        );
    }
    let peers = sync::folder::peers(&amina.store).unwrap();
    let names: Vec<_> = peers.iter().map(|p| p.name.as_str()).collect();
    assert!(
        names.contains(&"Jon") && names.contains(&"Léa"),
        "{names:?}"
    );

    // Jon picks up everything from Amina's file.
    sync::folder::sync(&mut jon.store, share.path(), &mut |_, _| {}, None).unwrap();
    assert_eq!(jon.dump(), amina.dump());

    // An unmounted folder is reported, and changes nothing.
    let before = amina.bytes();
    let err = sync::folder::sync(
        &mut amina.store,
        &share.path().join("gone"),
        &mut |_, _| {},
        None,
    )
    .unwrap_err();
    assert_eq!(err.code(), "folder_missing");
    assert_eq!(amina.bytes(), before);
}

/// A sync client's conflicted copy of the officer's own file is recognised by the id in its
/// name: it is not merged as a colleague's, and she is never listed as her own colleague.
#[test]
fn a_conflicted_copy_of_ones_own_file_is_not_a_colleague() {
    let share = tempfile::tempdir().unwrap();
    let mut amina = Laptop::new("Amina");
    amina.partnership("From Amina");
    let mut jon = Laptop::new("Jon");
    jon.partnership("From Jon");
    sync::folder::sync(&mut jon.store, share.path(), &mut |_, _| {}, None).unwrap();
    sync::folder::sync(&mut amina.store, share.path(), &mut |_, _| {}, None).unwrap();
    let own = share
        .path()
        .join(sync::folder::own_file_name(&amina.store).unwrap());
    let copy = share.path().join(format!(
        "{} (Amina's conflicted copy 2026-12-01).peerplan",
        own.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::copy(&own, &copy).unwrap();
    amina.partnership("Later");
    let summary = sync::folder::sync(&mut amina.store, share.path(), &mut |_, _| {}, None).unwrap();
    let outcome = summary
        .files
        .iter()
        .find(|f| f.file.contains("conflicted copy"))
        .unwrap();
    assert_eq!(outcome.status, "own", "{outcome:?}");
    assert!(outcome.message.contains("your own file"), "{outcome:?}");
    let names: Vec<String> = sync::folder::peers(&amina.store)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Jon"]);
    // Merged by hand, one's own earlier file changes nothing and names no colleague either.
    let report = amina.merge(&copy).unwrap();
    assert!(report.nothing_to_do(), "{report:#?}");
    assert_eq!(sync::folder::peers(&amina.store).unwrap().len(), 1);
}

/// Jon merges Amina's example portfolio and presses Cancel as soon as the merge reports
/// `at_stage` (before it starts, with None). Checks the merge says so and Jon's database is
/// byte-for-byte what it was; returns Jon.
fn merge_cancelled(at_stage: Option<&'static str>) -> Laptop {
    let mut amina = Laptop::new("Amina");
    demo::load(&mut amina.store).unwrap();
    let share = tempfile::tempdir().unwrap();
    let file = amina.export_to(share.path());
    let mut jon = Laptop::new("Jon");
    jon.partnership("Jon's");
    let before = jon.bytes();
    let cancel = std::sync::atomic::AtomicBool::new(at_stage.is_none());
    let err = sync::merge_file(
        &mut jon.store,
        &file,
        MergeOptions {
            cancel: Some(&cancel),
            progress: Box::new(|p| {
                if Some(p.stage) == at_stage {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }),
            ..MergeOptions::default()
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Sync(sync::SyncError::Cancelled)),
        "{err}"
    );
    assert_eq!(jon.bytes(), before);
    jon
}

#[test]
fn a_cancelled_merge_changes_nothing() {
    merge_cancelled(None);
}

#[test]
fn the_same_person_added_to_an_exchange_on_two_laptops_is_there_once() {
    let mut amina = Laptop::new("Amina");
    let (_, e) = amina.exchange("Kisumu");
    let person = amina
        .store
        .save_person(
            None,
            PersonData {
                name: "Wanjiru Kamau".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    let mut jon = Laptop::new("Jon");
    jon.merge_from(&mut amina);
    for laptop in [&mut amina, &mut jon] {
        laptop
            .store
            .save_participant(
                None,
                ParticipantData {
                    exchange_id: e.clone(),
                    person_id: person.clone(),
                    ..Default::default()
                },
                None,
            )
            .unwrap();
    }
    amina.merge_from(&mut jon);
    jon.merge_from(&mut amina);
    assert_eq!(amina.dump(), jon.dump());
    let live: i64 = amina
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM participants WHERE deleted_at IS NULL AND exchange_id = ?1",
            [&e],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(live, 1);
    assert_eq!(
        peerplan_core::check::run(&amina.store)
            .unwrap()
            .error_count(),
        0
    );
    let set_aside = amina
        .open_conflicts()
        .into_iter()
        .find(|c| c.entity == "participants")
        .unwrap();
    assert_eq!(set_aside.kind, "duplicate");
    let err = conflicts::resolve(&mut amina.store, &set_aside.id, Resolution::Restore).unwrap_err();
    assert_eq!(err.code(), "invalid");
    conflicts::resolve(&mut amina.store, &set_aside.id, Resolution::Keep).unwrap();
}

/// The backup is written beside the checks; a merge that stops there leaves none behind.
#[test]
fn a_merge_cancelled_while_its_backup_is_written_leaves_no_backup() {
    let jon = merge_cancelled(Some("validating"));
    assert!(sync::backup::list(&jon.store).unwrap().is_empty());
    let leftovers: Vec<_> = std::fs::read_dir(jon.dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The app and a scheduled `peerplan sync` can both have the database open: an edit saved by
/// the other program while a merge checks the file must be in the merge's backup.
#[test]
fn an_edit_saved_by_another_program_during_a_merge_is_in_its_backup() {
    let mut amina = Laptop::new("Amina");
    amina.partnership("From Amina");
    let share = tempfile::tempdir().unwrap();
    let file = amina.export_to(share.path());
    let mut jon = Laptop::new("Jon");
    jon.partnership("Jon's");
    let path = jon.db_path();
    let report = sync::merge_file(
        &mut jon.store,
        &file,
        MergeOptions {
            progress: Box::new(|p| {
                if p.stage == "validating" {
                    let mut app = peerplan_core::Store::open(&path).unwrap();
                    app.save_partnership(
                        None,
                        PartnershipData {
                            title: "Saved in the app meanwhile".into(),
                            topic: "NAP M&E".into(),
                            ..Default::default()
                        },
                    )
                    .unwrap();
                }
            }),
            ..MergeOptions::default()
        },
    )
    .unwrap();
    let backups = sync::backup::list(&jon.store).unwrap();
    assert_eq!(backups.len(), 1, "one backup per merge: {backups:?}");
    assert_eq!(Some(&backups[0].path), report.backup.as_ref());
    let backup = rusqlite::Connection::open(&backups[0].path).unwrap();
    let titles: Vec<String> = backup
        .prepare("SELECT title FROM partnerships ORDER BY title")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|t| t.unwrap())
        .collect();
    assert_eq!(titles, ["Jon's", "Saved in the app meanwhile"]);
    let titles_now: i64 = jon
        .store
        .conn()
        .query_row("SELECT count(*) FROM partnerships", [], |r| r.get(0))
        .unwrap();
    assert_eq!(titles_now, 3, "Jon's, Amina's and the one saved meanwhile");
}

/// An export killed half-way (laptop shut, process killed) leaves a hidden temporary file on
/// the share; the next export of the same file removes it once it is clearly abandoned, and
/// leaves colleagues' files and recent ones (perhaps still being written) alone.
#[test]
fn an_export_removes_what_a_killed_export_of_the_same_file_left_on_the_share() {
    let mut amina = Laptop::new("Amina");
    amina.partnership("Anything");
    let share = tempfile::tempdir().unwrap();
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    let leftover = |name: &str, modified: std::time::SystemTime| {
        let path = share.path().join(name);
        let file = std::fs::File::create(&path).unwrap();
        file.set_modified(modified).unwrap();
        path
    };
    let abandoned = leftover(".Amina.peerplan.99999.partial", two_hours_ago);
    let recent = leftover(
        ".Amina.peerplan.88888.partial",
        std::time::SystemTime::now(),
    );
    let colleagues = leftover(".Jon.peerplan.77777.partial", two_hours_ago);
    amina.export_to(share.path());
    assert!(
        !abandoned.exists(),
        "the abandoned partial export is removed"
    );
    assert!(recent.exists(), "a recent one may still be written");
    assert!(colleagues.exists(), "a colleague's file is theirs to clean");
    assert!(share.path().join("Amina.peerplan").exists());
}

/// Issue 17: a line paid from a member's own budget on one laptop while the member is
/// removed on another: after the merge the line is the network's (no payer that is gone), a
/// conflict says so, `check` passes, and both laptops agree.
#[test]
fn a_payer_removed_on_another_laptop_leaves_the_line_to_the_network_with_a_conflict() {
    let mut amina = Laptop::new("Amina");
    let (p, e) = amina.exchange("Lima");
    let togo = amina
        .store
        .save_member(
            None,
            MemberData {
                partnership_id: p,
                country_code: "TG".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    let line = amina.cost_line(&e, "80.00", "USD");
    let mut jon = Laptop::new("Jon");
    jon.merge_from(&mut amina);
    amina.store.delete_member(&togo).unwrap();
    let mut data = peerplan_core::store::records::get::<CostLineData>(jon.store.conn(), &line)
        .unwrap()
        .data;
    data.paid_by_member_id = Some(togo.clone());
    jon.store.save_cost_line(Some(&line), data).unwrap();
    let report = amina.merge_from(&mut jon);
    assert!(report.conflicts >= 1, "{report:#?}");
    let row =
        peerplan_core::store::records::get::<CostLineData>(amina.store.conn(), &line).unwrap();
    assert!(!row.is_deleted(), "the money was still spent");
    assert_eq!(row.data.paid_by_member_id, None);
    jon.merge_from(&mut amina);
    assert_eq!(amina.dump(), jon.dump());
    for laptop in [&amina, &jon] {
        assert_eq!(
            peerplan_core::check::run(&laptop.store)
                .unwrap()
                .error_count(),
            0
        );
    }
}
