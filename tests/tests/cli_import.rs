//! `peerplan import people` (issue 18) through the real binary: lists as officers keep them
//! (Excel with French headers, a CSV from a Spanish Windows in Windows-1252, formulas and
//! errors, dates), the preview with each problem by row and column, `--dry-run`, `--map`,
//! leaving bad rows out, re-importing without duplicates — and every bad file refused with
//! the database unchanged.

use std::path::{Path, PathBuf};

use peerplan_tests::cli;
use rust_xlsxwriter::{Formula, Workbook};

fn peerplan(home: &Path, args: &[&str]) -> (i32, String, String) {
    let db = home.join("pp.db");
    let db = db.to_str().expect("temporary paths are UTF-8");
    cli::peerplan(home, &[&["--db", db], args].concat()).parts()
}

fn fresh() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let (code, _, err) = peerplan(home.path(), &["init", "--name", "Test"]);
    assert_eq!(code, 0, "{err}");
    home
}

fn people_json(home: &Path) -> Vec<serde_json::Value> {
    let db = home.join("pp.db");
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name, organisation, position, country_code, email FROM people
              WHERE deleted_at IS NULL ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(serde_json::json!({
            "name": r.get::<_, String>(0)?, "organisation": r.get::<_, String>(1)?,
            "position": r.get::<_, String>(2)?, "country": r.get::<_, Option<String>>(3)?,
            "email": r.get::<_, String>(4)?,
        }))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// A workbook like an officer's: a title row, French headers, a formula, a `#N/A`.
fn french_workbook(dir: &Path) -> PathBuf {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Délégation").unwrap();
    sheet
        .write_string(0, 0, "Délégation du Kenya — Ibadan 2025")
        .unwrap();
    for (col, header) in ["Prénom", "Nom", "Organisme", "Fonction", "Pays", "Courriel"]
        .iter()
        .enumerate()
    {
        sheet.write_string(2, col as u16, *header).unwrap();
    }
    let rows = [
        [
            "Wanjiru",
            "Kamau",
            "County of Nairobi",
            "Planner",
            "Kenya",
            "wanjiru@example.ke",
        ],
        [
            "Brian",
            "Otieno",
            "Treasury",
            "Economist",
            "KE",
            "brian@example.ke",
        ],
        ["Grace", "Achieng", "Treasury", "", "KEN", "grace@example"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(3 + r as u32, c as u16, *value).unwrap();
        }
    }
    // A formula: its value is imported.
    sheet
        .write_formula(6, 0, Formula::new("=\"Peter\"").set_result("Peter"))
        .unwrap();
    sheet.write_string(6, 1, "Mutua").unwrap();
    sheet
        .write_formula(6, 4, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    let path = dir.join("délégation.xlsx");
    book.save(&path).unwrap();
    path
}

#[test]
fn an_excel_list_with_french_headers_is_previewed_then_imported_and_re_imported_without_duplicates()
{
    let home = fresh();
    let file = french_workbook(home.path());
    let file_arg = file.to_str().unwrap();

    // The preview: two rows with problems, each at its row and column; exit 1; nothing written.
    let (code, out, err) = peerplan(home.path(), &["import", "people", file_arg, "--dry-run"]);
    assert_eq!(code, 1, "{out}{err}");
    for expected in [
        "(sheet \"Délégation\"): 4 rows",
        "Prénom → first name, Nom → last name, Organisme → organisation",
        "4  new person",
        "Wanjiru Kamau",
        "6  PROBLEM",
        "Courriel: 'grace@example' is not an email address",
        "7  PROBLEM",
        "Pays: the cell holds the spreadsheet error #N/A",
        "2 new, 0 updated, 0 already up to date, 2 rows with problems",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert!(people_json(home.path()).is_empty());

    // Importing while rows have problems: refused, nothing written.
    let (code, _, err) = peerplan(home.path(), &["import", "people", file_arg]);
    assert_eq!(code, 1);
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(people_json(home.path()).is_empty());

    // Left out: the two good rows go in; the backup to undo it is named.
    let (code, out, err) = peerplan(
        home.path(),
        &["import", "people", file_arg, "--leave-out-errors"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Imported"), "{out}");
    assert!(
        out.contains("2 new, 0 updated, 0 already up to date, 2 rows left out"),
        "{out}"
    );
    assert!(
        out.contains("to undo the import: peerplan restore"),
        "{out}"
    );
    let people = people_json(home.path());
    assert_eq!(people.len(), 2);
    assert_eq!(people[0]["name"], "Brian Otieno");
    assert_eq!(people[1]["country"], "KE");

    // The same file again: matched by email, nothing duplicated, nothing written.
    let (code, out, _) = peerplan(
        home.path(),
        &["import", "people", file_arg, "--leave-out-errors"],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("0 new, 0 updated, 2 already up to date"),
        "{out}"
    );
    assert_eq!(people_json(home.path()).len(), 2);
}

#[test]
fn a_spanish_csv_in_windows_1252_with_semicolons_and_an_unknown_header_mapped_by_hand() {
    let home = fresh();
    let text = "Nombre;Apellido;Organización;Cargo;País;Correo electrónico;Móvil WhatsApp\r\n\
                José;Pérez;Alcaldía de Medellín;Asesor;Colombia;jose@example.co;+57 300\r\n\
                Lucía;Gómez;Ministerio de Ambiente;;ES;lucia@example.es;\r\n";
    let (bytes, _, _) = encoding_rs_for_tests(text);
    let file = home.path().join("lista.csv");
    std::fs::write(&file, bytes).unwrap();
    let file_arg = file.to_str().unwrap();
    let (code, out, err) = peerplan(
        home.path(),
        &[
            "import",
            "people",
            file_arg,
            "--map",
            "Móvil WhatsApp=phone",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let people = people_json(home.path());
    assert_eq!(people.len(), 2, "{people:?}");
    assert_eq!(people[0]["name"], "José Pérez");
    assert_eq!(people[0]["organisation"], "Alcaldía de Medellín");
    assert_eq!(people[0]["country"], "CO");
    assert_eq!(people[1]["country"], "ES");
    // A mapping that names no column says which columns there are.
    let (code, _, err) = peerplan(
        home.path(),
        &[
            "import",
            "people",
            file_arg,
            "--map",
            "Telefono=phone",
            "--dry-run",
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("the file has no column \"Telefono\""), "{err}");
    assert!(err.contains("Móvil WhatsApp"), "{err}");
}

/// Windows-1252 bytes of `text`, as a Spanish or French Excel saves "CSV".
fn encoding_rs_for_tests(text: &str) -> (Vec<u8>, (), ()) {
    let mut out = Vec::new();
    for c in text.chars() {
        let code = c as u32;
        assert!(code < 256, "{c} is outside Latin-1");
        out.push(code as u8);
    }
    (out, (), ())
}

#[test]
fn bad_files_are_refused_by_name_and_the_database_is_unchanged() {
    let home = fresh();
    let (_, _, _) = peerplan(home.path(), &["demo"]);
    let before = people_json(home.path());
    let dir = home.path();
    let not_a_sheet = dir.join("scan.xlsx");
    std::fs::write(&not_a_sheet, b"%PDF-1.7 this is a scanned letter").unwrap();
    let empty = dir.join("empty.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet();
    book.save(&empty).unwrap();
    let no_header = dir.join("no-header.csv");
    std::fs::write(&no_header, "amina@example.org,KE\nkofi@example.org,GH\n").unwrap();
    let missing = dir.join("nowhere.xlsx");
    let protected = dir.join("budget-protected.xlsx");
    std::fs::copy(
        peerplan_tests::manifest_dir()
            .join("../src-tauri/crates/import/fixtures/password-protected.xlsx"),
        &protected,
    )
    .unwrap();
    for (file, says) in [
        (&protected, "is protected by a password"),
        (&not_a_sheet, "is not a spreadsheet PeerPlan can read"),
        (&empty, "has no rows to import"),
        (&no_header, "does not say which column holds the names"),
        (&missing, "Could not read"),
    ] {
        let (code, out, err) = peerplan(home.path(), &["import", "people", file.to_str().unwrap()]);
        assert_eq!(code, 1, "{}: {out}{err}", file.display());
        assert!(err.contains(says), "{}: {err}", file.display());
        assert_eq!(people_json(home.path()), before, "{}", file.display());
    }
}

#[test]
fn the_same_person_twice_in_one_file_is_a_problem_of_the_second_row() {
    let home = fresh();
    let file = home.path().join("twice.csv");
    std::fs::write(
        &file,
        "Name,Organisation,Email\nAmina Diallo,CSE,amina@example.sn\nAmina Diallo,CSE,AMINA@example.sn\n",
    )
    .unwrap();
    let (code, out, _) = peerplan(
        home.path(),
        &["import", "people", file.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 1);
    assert!(out.contains("Email: the same person as row 2"), "{out}");
}

/// `peerplan import participants`: a delegation list in French joins the Ibadan learning
/// event; a member named ambiguously ("Nigeria": seven members are there) is a problem of its
/// row; the list again adds nobody twice.
#[test]
fn a_delegation_list_joins_an_exchange_once() {
    let home = fresh();
    let (code, _, err) = peerplan(home.path(), &["demo"]);
    assert_eq!(code, 0, "{err}");
    let file = home.path().join("delegation.csv");
    std::fs::write(
        &file,
        "Prénom;Nom;Organisme;Courriel;Membre;Rôle;Présence\r\n\
         Kemi;Ajayi;Ekiti State Government;kemi@ekiti.example.ng;Ekiti State Government;Délégué;Confirmé\r\n\
         Tunde;Bakare;Osun State Government;tunde@osun.example.ng;Osun State Government;Personne ressource;\r\n\
         Ngozi;Eze;;ngozi@example.ng;Nigeria;;\r\n",
    )
    .unwrap();
    let file_arg = file.to_str().unwrap();
    let args = [
        "import",
        "participants",
        file_arg,
        "--exchange",
        "Regional learning event",
    ];
    let (code, out, _) = peerplan(home.path(), &[&args[..], &["--dry-run"]].concat());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("Membre: several members match \"Nigeria\""),
        "{out}"
    );
    assert!(
        out.contains("2 to add, 0 to update, 0 already as listed, 1 row with problems"),
        "{out}"
    );
    let (code, out, err) = peerplan(home.path(), &[&args[..], &["--leave-out-errors"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 added (2 new in the directory)"), "{out}");
    let (code, out, _) = peerplan(home.path(), &[&args[..], &["--leave-out-errors"]].concat());
    assert_eq!(code, 0);
    assert!(
        out.contains("0 added (0 new in the directory), 0 updated, 2 already as listed"),
        "{out}"
    );
    let db = rusqlite::Connection::open(home.path().join("pp.db")).unwrap();
    let n: i64 = db
        .query_row(
            "SELECT count(*) FROM participants x JOIN exchanges e ON e.id = x.exchange_id
              WHERE e.title = 'Regional learning event on budget preparation' AND x.deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 50, "48 + the 2 imported");
}

/// `peerplan import partnerships`: a portfolio kept in Excel, one row per member, dates in the
/// locale's order; a second partnership's members in one cell. Imported again with a status
/// moved on and a member more: updated, nothing duplicated.
#[test]
fn a_portfolio_list_becomes_partnerships_with_their_members() {
    let home = fresh();
    let file = home.path().join("portfolio.csv");
    let text = "Title,Kind,Topic,Status,Start,End,Officer,Country,Level,Institution\n\
        Ghana–Kenya NAP M&E,1:1 peer learning,Climate adaptation,Active,15/01/2026,31/12/2027,Amina,Ghana,,Environmental Protection Agency\n\
        ,,,,,,,Kenya,,Climate Change Directorate\n\
        Lima–La Paz water twinning,Twinning,Water,Interest expressed,2026-03-01,,Jon,\"Peru; Bolivia\",,\n\
        Bad one,Other,,Active,31/12/2027,01/01/2026,,Chile,,\n";
    std::fs::write(&file, text).unwrap();
    let file_arg = file.to_str().unwrap();
    let run = |args: &[&str]| {
        let db = home.path().join("pp.db");
        let mut command = std::process::Command::new(cli::peerplan_binary());
        command
            .args(["--db", db.to_str().unwrap()])
            .args(args)
            .env("LC_ALL", "en_GB.UTF-8")
            .env("HOME", home.path());
        let out = command.output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, _) = run(&["import", "partnerships", file_arg, "--dry-run"]);
    assert_eq!(code, 1, "{out}");
    for expected in [
        "adds member: Environmental Protection Agency — Ghana (GH)",
        "adds member: Climate Change Directorate — Kenya (KE)",
        "adds member: Peru (PE)",
        "adds member: Bolivia",
        "row 5, End:",
        "2 new, 0 to update, 0 already as listed, 4 member(s) to add, 1 with problems",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    let (code, out, err) = run(&["import", "partnerships", file_arg, "--leave-out-errors"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2 new partnership(s), 0 updated, 4 member(s) added"),
        "{out}"
    );
    std::fs::write(
        &file,
        text.replace("Interest expressed", "Active")
            .replace("\"Peru; Bolivia\"", "\"Peru; Bolivia; Chile\""),
    )
    .unwrap();
    let (code, out, err) = run(&["import", "partnerships", file_arg, "--leave-out-errors"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("0 new partnership(s), 1 updated, 1 member(s) added, 1 already as listed"),
        "{out}"
    );
    let db = rusqlite::Connection::open(home.path().join("pp.db")).unwrap();
    let (p, m): (i64, i64) = db
        .query_row(
            "SELECT (SELECT count(*) FROM partnerships WHERE deleted_at IS NULL),
                    (SELECT count(*) FROM members WHERE deleted_at IS NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((p, m), (2, 5));
}

/// The rest of the bad files, through the binary: merged header cells, a row of 1,000 cells,
/// a 50 MB sheet (its huge cells are problems at their row and column, never cut), and an
/// email that belonged to a person since removed (a new person, said).
#[test]
fn merged_headers_wide_rows_a_50_mb_sheet_and_a_removed_persons_email() {
    let home = fresh();
    let dir = home.path();

    // Merged header cells: "Participant" over two columns; the second is not imported.
    let merged = dir.join("merged.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .merge_range(0, 0, 0, 1, "Participant", &rust_xlsxwriter::Format::new())
        .unwrap();
    sheet.write_string(0, 2, "Email").unwrap();
    sheet.write_string(1, 0, "Amina Diallo").unwrap();
    sheet.write_string(1, 1, "ignored").unwrap();
    sheet.write_string(1, 2, "amina@example.sn").unwrap();
    book.save(&merged).unwrap();
    let (code, out, err) = peerplan(
        dir,
        &["import", "people", merged.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Participant → name,  → (not imported), Email → email"),
        "{out}"
    );

    // A row of 1,000 cells under three headers: read as three.
    let wide = dir.join("wide.csv");
    let mut text = "Name,Organisation,Email\nKofi Mensah,EPA Ghana,kofi@example.gh".to_string();
    text.push_str(&",x".repeat(997));
    text.push('\n');
    std::fs::write(&wide, text).unwrap();
    let (code, out, _) = peerplan(
        dir,
        &["import", "people", wide.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 new, 0 updated"), "{out}");

    // 50 MB: 100 rows whose notes are half a megabyte each — over the notes' limit, so each
    // row is a problem at its Notes column, nothing cut and nothing written.
    let big = dir.join("big.csv");
    let mut text = String::with_capacity(51 * 1024 * 1024);
    text.push_str("Name,Email,Notes\n");
    let notes = "n".repeat(512 * 1024);
    for i in 0..100 {
        text.push_str(&format!("Person {i},p{i}@example.org,{notes}\n"));
    }
    assert!(text.len() > 50 * 1024 * 1024);
    std::fs::write(&big, &text).unwrap();
    let (code, out, _) = peerplan(
        dir,
        &["import", "people", big.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("0 new, 0 updated, 0 already up to date, 100 rows with problems"),
        "{}",
        &out[..out.len().min(2000)]
    );
    assert!(out.contains("Notes: "), "the problem names the column");
    assert!(people_json(dir).is_empty());

    // An email that belonged to a person since removed: a new person, and the preview says so.
    let db = rusqlite::Connection::open(dir.join("pp.db")).unwrap();
    let list = dir.join("one.csv");
    std::fs::write(&list, "Name,Email\nOld Contact,old@example.org\n").unwrap();
    let (code, _, err) = peerplan(dir, &["import", "people", list.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    db.execute(
        "UPDATE people SET deleted_at = '2026-12-01T00:00:00.000Z' WHERE email = 'old@example.org'",
        [],
    )
    .unwrap();
    std::fs::write(&list, "Name,Email\nNew Contact,old@example.org\n").unwrap();
    let (code, out, _) = peerplan(
        dir,
        &["import", "people", list.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("note: a person removed from the directory had this email"),
        "{out}"
    );
}

/// The way back out: the directory and an exchange's participants written for a partner and
/// read back in: everything matched, nothing duplicated; the CSV has its byte order mark.
#[test]
fn lists_written_out_come_back_matched() {
    let home = fresh();
    let (code, _, err) = peerplan(home.path(), &["demo"]);
    assert_eq!(code, 0, "{err}");
    let people = home.path().join("people.csv");
    let (code, _, err) = peerplan(
        home.path(),
        &["list-out", "people", people.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&people)
        .unwrap()
        .starts_with('\u{feff}'));
    let (code, out, _) = peerplan(
        home.path(),
        &["import", "people", people.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("0 new, 0 updated, 72 already up to date, 0 rows with problems"),
        "{out}"
    );
    let list = home.path().join("participants.xlsx");
    let event = "Regional learning event";
    let (code, _, err) = peerplan(
        home.path(),
        &[
            "list-out",
            "participants",
            list.to_str().unwrap(),
            "--exchange",
            event,
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = peerplan(
        home.path(),
        &[
            "import",
            "participants",
            list.to_str().unwrap(),
            "--exchange",
            event,
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("0 to add, 0 to update, 48 already as listed"),
        "{out}"
    );
    let (code, _, err) = peerplan(home.path(), &["list-out", "people", "people.pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains("must end in .xlsx or .csv"), "{err}");
}
