//! PeerPlan's import of the officer's own lists (issue 18): the first sheet of an `.xlsx`,
//! `.xls` or `.ods` workbook, or a CSV file as Excel writes it in any locale, read into a
//! table (`table`), its columns recognised in English, French and Spanish or chosen by the
//! officer (`columns`), and previewed row by row before anything is written (`people`). Every
//! write goes through the core's saves, in one transaction, after a backup.

pub mod columns;
pub mod participants;
pub mod partnerships;
pub mod people;
pub mod table;

pub use columns::{ColumnMap, PersonField};
pub use table::{read_file, Cell, Table};

use peerplan_core::store::Writer;
use peerplan_core::sync::backup;
use peerplan_core::{Result, Store};
use rusqlite::Connection;

/// What the import protocol needs of a preview, whatever it imports.
pub(crate) trait Preview {
    /// Rows (or partnerships) with problems.
    fn errors(&self) -> usize;
    /// Rows (or partnerships) the import would write.
    fn to_write(&self) -> usize;
    /// The first problem: its row, column and message.
    fn first_problem(&self) -> Option<(usize, &str, &str)>;
}

/// The protocol every import follows: preview; refuse while something has a problem unless
/// it is left out; nothing to write → no backup; else a backup, then one transaction that
/// plans again inside it (so nothing another program wrote since the preview is duplicated)
/// and writes through the Writer's own validated saves.
pub(crate) fn import_with<P: Preview, R>(
    store: &mut Store,
    what: &str,
    leave_out_errors: bool,
    plan: impl Fn(&Connection) -> Result<P>,
    nothing_to_write: impl FnOnce(&P) -> R,
    write: impl FnOnce(&mut Writer<'_>, P, String) -> Result<R>,
) -> Result<R> {
    let preview = plan(store.conn())?;
    refuse_errors(&preview, leave_out_errors)?;
    if preview.to_write() == 0 {
        return Ok(nothing_to_write(&preview));
    }
    debug_assert!(
        backup::IMPORTED.contains(&what),
        "a reason the edges word: {what}"
    );
    let backup_path = backup::create(store, &format!("{}{what}", backup::BEFORE_IMPORTING))?;
    store.write(|w| {
        let plan = plan(w.conn())?;
        refuse_errors(&plan, leave_out_errors)?;
        write(w, plan, backup_path.display().to_string())
    })
}

fn refuse_errors(plan: &impl Preview, leave_out_errors: bool) -> Result<()> {
    if plan.errors() == 0 || leave_out_errors {
        return Ok(());
    }
    let detail = plan
        .first_problem()
        .map(|(row, column, message)| format!(" (row {row}, {column}: {message})"))
        .unwrap_or_default();
    Err(table::file_error(
        "rows_with_errors",
        format!(
            "{} row(s) have problems{detail}; nothing was imported — correct them, or leave them out",
            plan.errors()
        ),
    ))
}

/// Cases a review found (each failed before its fix).
#[cfg(test)]
mod review_cases {
    use crate::columns::{ColumnMap, PersonField};
    use crate::participants::attendance_of;
    use crate::partnerships::kind_of;
    use crate::table::{read_csv, read_workbook, Cell};
    use peerplan_core::model::{Attendance, PartnershipKind, PersonData};
    use peerplan_core::typed::DateOrder;
    use peerplan_core::Store;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("pp.db")).unwrap();
        (dir, store)
    }

    #[test]
    fn a_namesake_with_another_email_is_another_person() {
        let (_dir, mut store) = store();
        store
            .save_person(
                None,
                PersonData {
                    name: "John Smith".into(),
                    email: "john@b.org".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        let table = read_csv(b"Name,Email\nJohn Smith,js@a.org\n").unwrap();
        let map = ColumnMap::for_headers(&table.headers, &[]).unwrap();
        let plan = crate::people::plan(store.conn(), &table, &map).unwrap();
        assert_eq!(plan.rows[0].action, crate::people::RowAction::New);
        // Without an email, the name still finds him.
        let table = read_csv(b"Name,Email\nJohn Smith,\n").unwrap();
        let plan = crate::people::plan(store.conn(), &table, &map).unwrap();
        assert!(matches!(
            plan.rows[0].action,
            crate::people::RowAction::Unchanged { .. }
        ));
    }

    #[test]
    fn the_officers_column_choice_wins_over_a_recognised_header() {
        let headers: Vec<String> = ["Name", "Email", "Work email"].map(String::from).to_vec();
        let map = ColumnMap::for_headers(&headers, &["Work email=email".into()]).unwrap();
        assert_eq!(map.column_of(PersonField::Email), Some(2));
        assert_eq!(map.columns[1], None);
    }

    #[test]
    fn separators_ties_title_rows_and_columns_left_empty() {
        let table = read_csv("Kenya delegation, Ibadan\nNom, prénom\tEmail\nA\tb@c.d\n".as_bytes())
            .unwrap();
        assert_eq!(table.headers, ["Nom, prénom", "Email"]);
        // A sheet whose first column is empty: column "C" is still the sheet's C.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 1, "Name").unwrap();
        sheet.write_string(0, 2, "Email").unwrap();
        sheet.write_string(1, 1, "Amina").unwrap();
        sheet.write_string(1, 2, "amina@example.sn").unwrap();
        sheet
            .write_string(2, 5, "total, right of the headers")
            .unwrap();
        let table = read_workbook(book.save_to_buffer().unwrap(), "b.xlsx").unwrap();
        assert_eq!(table.headers, ["", "Name", "Email"]);
        let map = ColumnMap::for_headers(&table.headers, &["C=email".into()]).unwrap();
        assert_eq!(map.column_of(PersonField::Email), Some(2));
        assert_eq!(
            table.rows.len(),
            1,
            "a row with cells only right of the headers is empty"
        );
    }

    #[test]
    fn words_inside_other_words_are_not_kinds_or_attendance() {
        assert_eq!(kind_of("Shared learning"), None);
        assert_eq!(
            kind_of("Red de aprendizaje"),
            Some(PartnershipKind::LearningAlliance)
        );
        assert_eq!(attendance_of("Sin confirmar"), None);
        assert_eq!(attendance_of("Sí"), Some(Attendance::Confirmed));
        assert_eq!(attendance_of("Attendu"), None);
    }

    #[test]
    fn partnerships_keep_their_own_titles_rows_and_spreadsheet_errors() {
        let (_dir, mut store) = store();
        let table = read_csv(b"Title,Country\nPhase 1.2,Kenya\n").unwrap();
        let map = ColumnMap::for_partnerships(&table.headers, &[]).unwrap();
        crate::partnerships::import(&mut store, &table, &map, DateOrder::DayFirst, false).unwrap();
        // "Phase 12" is another partnership; a blank title continues the row above's ("A"),
        // not the last one created ("B").
        let table =
            read_csv(b"Title,Country\nPhase 12,Ghana\nA,Kenya\nB,Chile\nA,Peru\n,Mali\n").unwrap();
        let plan =
            crate::partnerships::plan(store.conn(), &table, &map, DateOrder::DayFirst).unwrap();
        assert!(matches!(
            plan.partnerships[0].action,
            crate::partnerships::PartnershipAction::New
        ));
        let a = plan
            .partnerships
            .iter()
            .find(|p| p.data.title == "A")
            .unwrap();
        assert_eq!(a.rows, [3, 5, 6]);
        // A #REF! title is a problem at its row and column.
        let mut t = table.clone();
        t.rows[0][0] = Cell::Error("#REF!".into());
        let plan = crate::partnerships::plan(store.conn(), &t, &map, DateOrder::DayFirst).unwrap();
        let problem = &plan
            .partnerships
            .iter()
            .find(|p| !p.problems.is_empty())
            .unwrap()
            .problems[0];
        assert_eq!(
            (problem.row, problem.column.as_str(), problem.code.as_str()),
            (2, "Title", "cell_error")
        );
    }
}
