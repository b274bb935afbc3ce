//! The real `peerplan` binary, run in temporary folders, checked the way an officer's IT
//! colleague would read its output.

use peerplan_tests::cli::peerplan;

#[test]
fn demo_then_stats_prints_the_example_portfolios_counts() {
    let home = tempfile::tempdir().unwrap();
    let demo = peerplan(home.path(), &["demo"]);
    assert_eq!(demo.code, 0, "{}", demo.stderr);
    assert!(
        demo.stdout
            .contains("5 partnerships, 5 exchanges, 72 people"),
        "{}",
        demo.stdout
    );
    assert!(
        home.path().join("data/peerplan.sqlite3").exists(),
        "the default database lives in the data folder"
    );

    let stats = peerplan(home.path(), &["stats"]);
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    for line in [
        "5  partnerships",
        "15  members",
        "5  exchanges",
        "77  participants",
        "72  people",
        "1    Active exchanges",
        "11  follow-up actions",
        "13  contacts",
        "8  reflection answers",
        "7  learning log entries",
    ] {
        assert!(
            stats.stdout.contains(line),
            "missing {line:?} in\n{}",
            stats.stdout
        );
    }
    let json = peerplan(home.path(), &["stats", "--json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["counts"]["participants"], 77);
    assert_eq!(value["partnerships_by_status"]["concluded"], 1);
}

#[test]
fn check_passes_the_example_portfolio_and_lists_its_warnings() {
    let home = tempfile::tempdir().unwrap();
    assert_eq!(peerplan(home.path(), &["demo"]).code, 0);
    let check = peerplan(home.path(), &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // One warning: the Nepal partnership's single country. The 48-person learning alliance
    // event is within its kind's norms (issue 16).
    assert!(
        check.stdout.contains("0 errors, 1 warning"),
        "{}",
        check.stdout
    );
    assert!(
        !check.stdout.contains("this one has 48"),
        "{}",
        check.stdout
    );
}

#[test]
fn check_reports_planted_errors_by_record_and_field() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("planted.sqlite3");
    let db_arg = db.to_str().unwrap();
    assert_eq!(peerplan(home.path(), &["--db", db_arg, "demo"]).code, 0);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "UPDATE people SET email = 'wanjiru-at-climate' WHERE name = 'Wanjiru Kamau';
             UPDATE members SET country_code = 'XX' WHERE name = 'City of Boston';
             UPDATE exchanges SET end_date = '2025-10-01' WHERE city = 'Barcelona';
             UPDATE partnerships SET status = 'dormant' WHERE title LIKE 'Nepal%';",
        )
        .unwrap();
    }
    let check = peerplan(home.path(), &["--db", db_arg, "check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    let out = &check.stdout;
    assert!(out.contains("error   person \"Wanjiru Kamau\""), "{out}");
    assert!(
        out.contains("email: 'wanjiru-at-climate' is not an email address"),
        "{out}"
    );
    assert!(
        out.contains("error   member \"City of Boston — XX\"")
            && out.contains("country_code: 'XX' is not an ISO 3166-1"),
        "{out}"
    );
    assert!(
        out.contains("end_date: the end date 2025-10-01 is before the start date 2025-10-07"),
        "{out}"
    );
    assert!(
        out.contains("status: 'dormant' is not an allowed value"),
        "{out}"
    );
    assert!(out.contains("4 errors"), "{out}");

    let json = peerplan(home.path(), &["--db", db_arg, "check", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let fields: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields.len(), 4);
    for field in ["email", "country_code", "end_date", "status"] {
        assert!(fields.contains(&field), "{fields:?}");
    }
}

#[test]
fn a_file_that_is_not_a_peerplan_database_is_refused_and_left_alone() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("budget.xlsx");
    std::fs::write(&path, b"PK\x03\x04 not a database").unwrap();
    let before = std::fs::read(&path).unwrap();
    for command in ["check", "stats", "demo", "init"] {
        let run = peerplan(home.path(), &["--db", path.to_str().unwrap(), command]);
        assert_eq!(run.code, 1, "{command}");
        assert!(
            run.stderr
                .contains("is not a PeerPlan database: it is not an SQLite database file"),
            "{command}: {}",
            run.stderr
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn demo_will_not_mix_into_a_portfolio_without_yes() {
    let home = tempfile::tempdir().unwrap();
    assert_eq!(peerplan(home.path(), &["demo"]).code, 0);
    let again = peerplan(home.path(), &["demo"]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("already holds 5 partnership(s)") && again.stderr.contains("--yes"),
        "{}",
        again.stderr
    );
    assert!(peerplan(home.path(), &["stats"])
        .stdout
        .contains("5  partnerships"));
    assert_eq!(peerplan(home.path(), &["demo", "--yes"]).code, 0);
    assert!(peerplan(home.path(), &["stats"])
        .stdout
        .contains("10  partnerships"));
}

#[test]
fn init_creates_and_reports_the_database() {
    let home = tempfile::tempdir().unwrap();
    let run = peerplan(home.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Database ready:")
            && run.stdout.contains(&format!(
                "Schema version {}",
                peerplan_core::store::SCHEMA_VERSION
            )),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("0 partnerships"));
}

#[test]
fn every_command_has_help() {
    let home = tempfile::tempdir().unwrap();
    for (args, expect) in [
        (vec!["--help"], "Usage: peerplan"),
        (vec!["init", "--help"], "Create the database"),
        (vec!["demo", "--help"], "example portfolio"),
        (vec!["check", "--help"], "integrity"),
        (vec!["stats", "--help"], "Count what the database holds"),
        (vec!["generate", "--help"], "large generated portfolio"),
        (vec!["followup", "--help"], "follow-up dashboard"),
    ] {
        let run = peerplan(home.path(), &args);
        assert_eq!(run.code, 0, "{args:?}");
        assert!(run.stdout.contains(expect), "{args:?}: {}", run.stdout);
        assert!(run.stdout.contains("--db"), "{args:?} documents --db");
    }
    let bad = peerplan(home.path(), &["frobnicate"]);
    assert_eq!(bad.code, 2);
}
