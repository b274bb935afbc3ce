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
    let backup = peerplan_core::sync::backup::create(store, &format!("before importing {what}"))?;
    store.write(|w| {
        let plan = plan(w.conn())?;
        refuse_errors(&plan, leave_out_errors)?;
        write(w, plan, backup.display().to_string())
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
