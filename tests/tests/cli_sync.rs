//! `peerplan export | merge | sync | conflicts | restore` through the real binary, as an
//! officer's script or a scheduled task would run them.

use std::path::Path;

use peerplan_core::model::PartnershipData;
use peerplan_core::store::records;
use peerplan_core::Store;
use peerplan_tests::cli::{peerplan, peerplan_db};

fn db(home: &Path, name: &str) -> String {
    home.join(name).to_string_lossy().into_owned()
}

fn run(home: &Path, database: &str, args: &[&str]) -> (i32, String, String) {
    peerplan(home, &[&["--db", database], args].concat()).parts()
}

fn partnerships(database: &str) -> Vec<(String, PartnershipData)> {
    let store = Store::open(Path::new(database)).unwrap();
    records::list::<PartnershipData>(store.conn(), "1", &[], "t.title")
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.data))
        .collect()
}

#[test]
fn a_colleagues_file_is_previewed_merged_once_and_backed_up() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (amina, jon) = (db(h, "amina.db"), db(h, "jon.db"));
    let file = db(h, "amina.peerplan");
    assert_eq!(run(h, &amina, &["demo"]).0, 0);
    let (code, out, err) = run(h, &amina, &["export", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Exported") && out.contains("amina.peerplan"),
        "{out}"
    );

    assert_eq!(run(h, &jon, &["init"]).0, 0);
    let (code, out, err) = run(h, &jon, &["merge", &file, "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Preview") && out.contains("nothing was changed"),
        "{out}"
    );
    assert!(
        out.contains("Ghana") || out.contains("Kenya"),
        "grouped by partnership: {out}"
    );
    assert!(partnerships(&jon).is_empty(), "a dry run writes nothing");

    let (code, out, err) = run(h, &jon, &["merge", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Merged") && out.contains("Backup of the data before the merge"),
        "{out}"
    );
    assert_eq!(partnerships(&jon).len(), 5);
    let (_, out, _) = run(h, &jon, &["merge", &file]);
    assert!(out.contains("Nothing new"), "{out}");
    assert_eq!(
        partnerships(&jon).len(),
        5,
        "merging twice duplicates nothing"
    );

    let (code, out, _) = run(h, &jon, &["restore"]);
    assert_eq!(code, 0);
    assert!(out.contains("before merging"), "{out}");
    let name = out
        .lines()
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.ends_with(".peerplan-backup"))
        })
        .unwrap()
        .to_string();
    let (code, out, err) = run(h, &jon, &["restore", &name]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Restored"), "{out}");
    assert!(partnerships(&jon).is_empty(), "back to before the merge");
}

#[test]
fn conflicts_are_listed_and_answered_from_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (amina, jon) = (db(h, "amina.db"), db(h, "jon.db"));
    let (amina_file, jon_file) = (db(h, "amina.peerplan"), db(h, "jon.peerplan"));
    assert_eq!(run(h, &amina, &["demo"]).0, 0);
    run(h, &amina, &["export", &amina_file]);
    run(h, &jon, &["merge", &amina_file]);
    let (id, mut data) = partnerships(&amina).remove(0);
    for (database, officer) in [(&amina, "Amina Diallo"), (&jon, "Jon Berg")] {
        let mut store = Store::open(Path::new(database)).unwrap();
        data.officer = officer.into();
        store.save_partnership(Some(&id), data.clone()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    run(h, &jon, &["export", &jon_file]);
    let (code, out, err) = run(h, &amina, &["merge", &jon_file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 conflicts") && out.contains("peerplan conflicts"),
        "{out}"
    );
    let (_, out, _) = run(h, &amina, &["conflicts"]);
    assert!(
        out.contains("Jon Berg") && out.contains("Amina Diallo"),
        "{out}"
    );
    let (_, json, _) = run(h, &amina, &["conflicts", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    let conflict = list[0]["id"].as_str().unwrap().to_string();
    assert_eq!(list[0]["other_values"]["officer"], "Amina Diallo");

    let (code, _, err) = run(h, &amina, &["conflicts", "resolve", &conflict, "keep-both"]);
    assert_eq!(code, 1);
    assert!(err.contains("only two texts"), "{err}");
    let (code, _, err) = run(h, &amina, &["conflicts", "resolve", &conflict, "use-other"]);
    assert_eq!(code, 0, "{err}");
    let officer = |database: &str| {
        partnerships(database)
            .into_iter()
            .find(|(i, _)| *i == id)
            .unwrap()
            .1
            .officer
    };
    assert_eq!(officer(&amina), "Amina Diallo");
    assert!(run(h, &amina, &["conflicts"]).1.contains("No conflicts"));
    run(h, &amina, &["export", &amina_file]);
    run(h, &jon, &["merge", &amina_file]);
    assert_eq!(
        officer(&jon),
        "Amina Diallo",
        "the answer reaches the colleague"
    );
}

#[test]
fn a_scheduled_sync_of_a_shared_folder() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let share = h.join("share");
    std::fs::create_dir(&share).unwrap();
    let share_arg = share.to_string_lossy().into_owned();
    let (amina, jon) = (db(h, "amina.db"), db(h, "jon.db"));
    run(h, &amina, &["demo"]);
    run(h, &jon, &["init"]);

    let (code, out, err) = run(h, &amina, &["sync", &share_arg, "--remember"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("No colleague's file"), "{out}");
    let (code, out, err) = run(h, &jon, &["sync", &share_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("merged"), "{out}");
    assert_eq!(partnerships(&jon).len(), 5);
    // The remembered folder, for a scheduled task with no arguments.
    let (code, out, err) = run(h, &amina, &["sync"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Colleagues last merged"), "{out}");

    // A folder that is not there (an unmounted drive) is an error, and deletes nothing.
    let (code, _, err) = run(h, &amina, &["sync", &db(h, "unmounted")]);
    assert_eq!(code, 1);
    assert!(err.contains("does not exist or is not mounted"), "{err}");
    assert_eq!(partnerships(&amina).len(), 5);

    // A bad file in the folder is refused (exit 1 for the scheduler), the rest still syncs.
    std::fs::write(
        share.join("scan.peerplan"),
        "%PDF-1.7 not a database".repeat(50),
    )
    .unwrap();
    let (code, out, _) = run(h, &jon, &["sync", &share_arg]);
    assert_eq!(code, 1);
    assert!(
        out.contains("refused") && out.contains("scan.peerplan"),
        "{out}"
    );
    assert!(out.contains("unchanged"), "{out}");
}

#[test]
fn a_bad_file_gets_a_specific_message_and_exit_status_1() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (code, _, _) = peerplan_db(h, &["demo"]);
    assert_eq!(code, 0);
    let notes = h.join("notes.peerplan");
    std::fs::write(&notes, "Agenda\n".repeat(100)).unwrap();
    let (code, out, err) = peerplan_db(h, &["merge", notes.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("is not a PeerPlan file: it is not an SQLite database"),
        "{err}"
    );
    let own = h.join("pp.db");
    let (code, _, err) = peerplan_db(h, &["merge", own.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("own database"), "{err}");
}

/// Who is who from the command line: `init --name` and `rename` name the installation, and a
/// colleague's merge names the officer, never "This computer".
#[test]
fn the_cli_names_the_officer_and_a_colleagues_conflicts_name_her() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (amina, jon) = (db(h, "amina.db"), db(h, "jon.db"));
    let (code, out, err) = run(h, &amina, &["init", "--name", "Amina Diallo"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("named \"Amina Diallo\""), "{out}");
    let (code, _, err) = run(h, &amina, &["rename", "   "]);
    assert_eq!(code, 1);
    assert!(
        err.contains("installation_name") && err.contains("name"),
        "an empty name is refused, naming the field: {err}"
    );
    let (code, out, err) = run(h, &amina, &["rename", "Amina Diallo (Accra office)"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("was \"Amina Diallo\"") && out.contains("now \"Amina Diallo (Accra office)\""),
        "{out}"
    );
    assert_eq!(run(h, &amina, &["demo"]).0, 0);
    let file = db(h, "amina.peerplan");
    assert_eq!(run(h, &amina, &["export", &file]).0, 0);
    assert_eq!(run(h, &jon, &["init", "--name", "Jon Berg"]).0, 0);
    let (code, out, err) = run(h, &jon, &["merge", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("from Amina Diallo (Accra office)"), "{out}");
}

/// A colleague's file holding an exchange that ends before it starts: the merge goes through,
/// the exchange is set aside and listed; `take --set` with a correction that still breaks the
/// rule is refused naming the field; the right correction takes it; `check` passes.
#[test]
fn a_record_set_aside_is_corrected_and_taken_from_the_cli() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (amina, jon) = (db(h, "amina.db"), db(h, "jon.db"));
    let file = db(h, "amina.peerplan");
    assert_eq!(run(h, &amina, &["demo"]).0, 0);
    assert_eq!(run(h, &amina, &["export", &file]).0, 0);
    let (exchange, title, start): (String, String, String) = {
        let conn = rusqlite::Connection::open(&file).unwrap();
        let row = conn
            .query_row(
                "SELECT id, title, start_date FROM exchanges WHERE start_date IS NOT NULL AND end_date IS NOT NULL ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        conn.execute(
            "UPDATE exchanges SET end_date = date(start_date, '-2 days') WHERE id = ?1",
            [&row.0],
        )
        .unwrap();
        row
    };
    assert_eq!(run(h, &jon, &["init", "--name", "Jon Berg"]).0, 0);
    let (code, out, err) = run(h, &jon, &["merge", &file]);
    assert_eq!(
        code, 0,
        "a record that breaks a rule does not stop the merge: {err}"
    );
    assert!(out.contains("1 record(s) set aside"), "{out}");
    assert!(out.contains("set aside") && out.contains(&title), "{out}");
    assert!(out.contains("end_date"), "{out}");
    assert_eq!(partnerships(&jon).len(), 5, "the rest came in");
    let (_, out, _) = run(h, &jon, &["conflicts"]);
    assert!(
        out.contains("not merged") && out.contains("take --set"),
        "{out}"
    );
    let id = out
        .lines()
        .find(|l| l.contains(&title))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    let (code, _, err) = run(
        h,
        &jon,
        &[
            "conflicts",
            "resolve",
            &id,
            "take",
            "--set",
            "end_date=2000-01-01",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("end_date"),
        "the refusal names the field: {err}"
    );
    let end = chrono_like_add(&start, 2);
    let (code, out, err) = run(
        h,
        &jon,
        &[
            "conflicts",
            "resolve",
            &id,
            "take",
            "--set",
            &format!("end_date={end}"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("answered"), "{out}");
    let store = Store::open(Path::new(&jon)).unwrap();
    let taken =
        records::get::<peerplan_core::model::ExchangeData>(store.conn(), &exchange).unwrap();
    assert_eq!(taken.data.end_date.map(|d| d.to_string()), Some(end));
    let (code, out, _) = run(h, &jon, &["check"]);
    assert_eq!(code, 0, "{out}");
    // The same file again: what was new under the exchange (its participants, agenda,
    // costs) comes in now that the exchange is here; the exchange itself is not listed again.
    let (code, out, _) = run(h, &jon, &["merge", &file]);
    assert_eq!(code, 0);
    assert!(
        out.contains("54 new") && out.contains("stay set aside, as at an earlier merge"),
        "{out}"
    );
    let (code, out, _) = run(h, &jon, &["merge", &file]);
    assert_eq!(code, 0);
    assert!(out.contains("Nothing new"), "{out}");
    let (code, out, _) = run(h, &jon, &["check"]);
    assert_eq!(code, 0, "{out}");
}

/// "2027-03-01" plus `days` days, as text.
fn chrono_like_add(iso: &str, days: i64) -> String {
    let date = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap();
    (date + chrono::Duration::days(days)).to_string()
}

/// A colleague's changed settings are named in the preview as the Settings page names them,
/// in the officer's language: never by their keys ("norms.city_size_max").
#[test]
fn a_colleagues_settings_are_named_as_the_settings_page_names_them() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (amina, jon) = (db(h, "amina.db"), db(h, "jon.db"));
    assert_eq!(run(h, &amina, &["init"]).0, 0);
    assert_eq!(run(h, &amina, &["rate", "reporting", "EUR"]).0, 0);
    {
        let mut store = Store::open(Path::new(&amina)).unwrap();
        let mut norms = store.norms().unwrap();
        norms.city_size_max = 25;
        store.set_norms(&norms).unwrap();
    }
    let file = db(h, "amina.peerplan");
    assert_eq!(run(h, &amina, &["export", &file]).0, 0);
    assert_eq!(run(h, &jon, &["init"]).0, 0);
    let previews = [
        (
            "en",
            "Reporting currency",
            "City-to-city pairing: most people in an exchange",
        ),
        ("fr", "Devise de référence", "Jumelage de villes"),
    ];
    for (lang, currency, city_most) in previews {
        let (code, out, err) = run(h, &jon, &["--lang", lang, "merge", &file, "--dry-run"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains(currency) && out.contains(city_most),
            "{lang}: {out}"
        );
        assert!(
            !out.contains("norms.") && !out.contains("costs.") && !out.contains("_size_"),
            "{lang}: {out}"
        );
    }
}

/// When a colleague's file was exported, and when a backup was made, read as dates in words in
/// the officer's language and time zone, never as the stored UTC timestamp.
#[test]
fn export_and_backup_times_read_in_words() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (amina, jon) = (db(h, "amina.db"), db(h, "jon.db"));
    assert_eq!(run(h, &amina, &["demo"]).0, 0);
    let file = db(h, "amina.peerplan");
    let (code, exported, _) = run(h, &amina, &["export", &file]);
    assert_eq!(code, 0);
    assert_eq!(run(h, &jon, &["init"]).0, 0);
    let (_, preview, _) = run(h, &jon, &["--lang", "fr", "merge", &file, "--dry-run"]);
    assert_eq!(run(h, &jon, &["merge", &file]).0, 0);
    let (_, backups, _) = run(h, &jon, &["restore"]);
    // Why each backup was made, in the officer's language too.
    let (_, sauvegardes, _) = run(h, &jon, &["--lang", "fr", "restore"]);
    assert!(
        sauvegardes.contains("avant la fusion avec") && !sauvegardes.contains("before merging"),
        "{sauvegardes}"
    );
    let year = chrono::Local::now().format("%Y").to_string();
    for out in [&exported, &preview, &backups] {
        assert!(!has_stored_timestamp(out), "{out}");
        assert!(out.contains(&format!(" {year}, ")), "{out}");
    }
}

/// "2026-12-05T22:40" somewhere in `text`.
fn has_stored_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(11).any(|w| {
        w[..4].iter().all(u8::is_ascii_digit) && w[4] == b'-' && w[7] == b'-' && w[10] == b'T'
    })
}

/// A conflict says whose values were kept in the officer's language: "Jon (cette
/// installation)", never the merge's English words.
#[test]
fn a_conflict_names_its_sides_in_the_officers_language() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (amina, jon) = (db(h, "amina.db"), db(h, "jon.db"));
    assert_eq!(run(h, &amina, &["init", "--name", "Amina"]).0, 0);
    assert_eq!(run(h, &jon, &["init", "--name", "Jon"]).0, 0);
    assert_eq!(run(h, &amina, &["rate", "reporting", "EUR"]).0, 0);
    let file = db(h, "amina.peerplan");
    assert_eq!(run(h, &amina, &["export", &file]).0, 0);
    assert_eq!(run(h, &jon, &["rate", "reporting", "GBP"]).0, 0);
    assert_eq!(run(h, &jon, &["merge", &file]).0, 0);
    let sides = [
        ("en", "Jon (this installation)"),
        ("fr", "Jon (cette installation)"),
        ("es", "Jon (esta instalación)"),
    ];
    for (lang, own) in sides {
        let (code, out, err) = run(h, &jon, &["--lang", lang, "conflicts"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains(own) && out.contains("(Amina)"),
            "{lang}: {out}"
        );
        if lang != "en" {
            assert!(!out.contains("this installation"), "{lang}: {out}");
        }
    }
}
