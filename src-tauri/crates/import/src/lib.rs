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
