//! Importing the officer's lists (issue 18): the file is read into a table once (a native
//! open dialog, or `path` in tests), or a pasted list is; the UI shows the preview of that
//! table, lets the officer correct cells or change the column mapping and asks again, then
//! imports it. Each step is a few lines over `peerplan-import`.

use serde::Deserialize;
use tauri::{Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use peerplan_core::typed::DateOrder;
use peerplan_import::{participants, partnerships, people, ColumnMap, Table};

use crate::error::CommandError;
use crate::exports::run_dialog;
use crate::state::{with_reader, with_store, AppState};

type Reply<T> = Result<T, CommandError>;

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    People,
    Participants,
    Partnerships,
}

/// The columns of `table` for `kind`: partnerships files have their own words.
fn mapping_for(
    kind: ImportKind,
    table: &Table,
    map: &[String],
) -> peerplan_core::Result<ColumnMap> {
    match kind {
        ImportKind::Partnerships => ColumnMap::for_partnerships(&table.headers, map),
        _ => ColumnMap::for_headers(&table.headers, map),
    }
}

/// A file read for import: its name and its table.
#[derive(Debug, serde::Serialize)]
pub struct ImportFile {
    pub name: String,
    pub table: Table,
}

/// Reads a spreadsheet chosen in the native open dialog (or at `path`); null when cancelled.
#[tauri::command]
pub async fn read_import_file<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    path: Option<String>,
) -> Reply<Option<ImportFile>> {
    let path = match path {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            let builder = window
                .dialog()
                .file()
                .set_parent(&window)
                .set_title(crate::language::word("dialog.import_title"))
                .add_filter(
                    crate::language::word("dialog.filter.lists"),
                    &["xlsx", "xls", "ods", "csv", "txt"],
                );
            match run_dialog("file", move || builder.blocking_pick_file()).await? {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Spreadsheets are read by the CLI (calamine and the encodings live there, see `sidecar`),
    // which hands back the table as JSON.
    let database = state.database_path.clone();
    let printed = crate::sidecar::run(
        &database,
        None,
        crate::sidecar::args([
            std::ffi::OsString::from("read-table"),
            path.into_os_string(),
        ]),
    )
    .await?;
    let table: Table = serde_json::from_slice(&printed).map_err(|e| {
        CommandError::internal(format!(
            "the spreadsheet reader answered something unreadable: {e}"
        ))
    })?;
    Ok(Some(ImportFile { name, table }))
}

/// A list pasted from Excel or Word (tab-separated rows) as a table.
#[tauri::command]
pub fn read_pasted_list(text: String) -> Reply<Table> {
    Ok(peerplan_import::table::read_csv(text.as_bytes())?)
}

/// A table sent back by the UI is checked for shape before anything reads it: every row as
/// long as the headers, a row number for every row.
fn checked(table: Table) -> Reply<Table> {
    let square = table.rows.iter().all(|r| r.len() == table.headers.len());
    if !square || table.row_numbers.len() != table.rows.len() {
        return Err(CommandError::bad_request(
            "The list to import is malformed: each row must have one cell per column and a row number"
                .to_string(),
        ));
    }
    Ok(table)
}

/// The preview of importing `table` (with the officer's `map` choices, `COLUMN=FIELD`).
#[tauri::command]
pub async fn preview_import(
    state: State<'_, AppState>,
    kind: ImportKind,
    table: Table,
    map: Vec<String>,
    exchange_id: Option<String>,
    date_order: Option<DateOrder>,
) -> Reply<serde_json::Value> {
    let order = date_order.unwrap_or(DateOrder::DayFirst);
    let table = checked(table)?;
    with_reader(&state, move |s| {
        let mapping = mapping_for(kind, &table, &map)?;
        let value = match kind {
            ImportKind::People => serde_json::to_value(people::plan(s.conn(), &table, &mapping)?),
            ImportKind::Participants => serde_json::to_value(participants::plan(
                s.conn(),
                exchange_id.as_deref().unwrap_or(""),
                &table,
                &mapping,
            )?),
            ImportKind::Partnerships => {
                serde_json::to_value(partnerships::plan(s.conn(), &table, &mapping, order)?)
            }
        };
        value.map_err(|e| peerplan_core::Error::Conflict(e.to_string()))
    })
    .await
}

/// Imports `table`: a backup first, one transaction; rows with problems refuse it unless
/// `leave_out_errors`.
#[tauri::command]
pub async fn run_import(
    state: State<'_, AppState>,
    kind: ImportKind,
    table: Table,
    map: Vec<String>,
    exchange_id: Option<String>,
    leave_out_errors: bool,
    date_order: Option<DateOrder>,
) -> Reply<serde_json::Value> {
    let order = date_order.unwrap_or(DateOrder::DayFirst);
    let table = checked(table)?;
    with_store(&state, move |s| {
        let mapping = mapping_for(kind, &table, &map)?;
        let value = match kind {
            ImportKind::People => {
                serde_json::to_value(people::import(s, &table, &mapping, leave_out_errors)?)
            }
            ImportKind::Participants => serde_json::to_value(participants::import(
                s,
                exchange_id.as_deref().unwrap_or(""),
                &table,
                &mapping,
                leave_out_errors,
            )?),
            ImportKind::Partnerships => serde_json::to_value(partnerships::import(
                s,
                &table,
                &mapping,
                order,
                leave_out_errors,
            )?),
        };
        value.map_err(|e| peerplan_core::Error::Conflict(e.to_string()))
    })
    .await
}

/// Writes the directory (`exchange_id` absent) or an exchange's participants as CSV or XLSX,
/// with the headers the importer reads, so the list can come back edited and be matched.
/// Resolves to the path written, or null when cancelled; with `path` no dialog is shown.
/// `lang` is the list's language (its headers, countries, roles); without it, the app's.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_list_export<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    exchange_id: Option<String>,
    format: String,
    path: Option<String>,
    lang: Option<String>,
) -> Reply<Option<String>> {
    let lang = crate::exports::document_language(lang.as_deref());
    let (extension, what) = match format.as_str() {
        "csv" => ("csv", "CSV (spreadsheet)"),
        "xlsx" => ("xlsx", "Excel workbook"),
        other => {
            return Err(CommandError::bad_request(format!(
                "Unknown list format \"{other}\"; use csv or xlsx"
            )))
        }
    };
    let given = path
        .map(|p| crate::exports::checked_export_path(&p, extension))
        .transpose()?;
    let id = exchange_id.clone();
    let default_name = with_reader(&state, move |s| match &id {
        Some(id) => {
            let exchange = peerplan_core::store::records::get::<peerplan_core::model::ExchangeData>(
                s.conn(),
                id,
            )?;
            Ok(format!(
                "Participants — {}.{extension}",
                exchange.data.title
            ))
        }
        None => Ok(format!("PeerPlan people.{extension}")),
    })
    .await?;
    let target = match given {
        Some(p) => p,
        None => match crate::exports::ask_where(&window, default_name, what, extension).await? {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    // Written by the CLI (`sidecar`): `peerplan list-out people|participants FILE`.
    let mut args = crate::sidecar::args(["list-out"]);
    match exchange_id {
        Some(id) => args.extend(crate::sidecar::args([
            std::ffi::OsString::from("participants"),
            target.clone().into_os_string(),
            "--exchange".into(),
            id.into(),
        ])),
        None => args.extend(crate::sidecar::args([
            std::ffi::OsString::from("people"),
            target.clone().into_os_string(),
        ])),
    }
    crate::sidecar::run(&state.database_path, Some(lang), args).await?;
    Ok(Some(target.display().to_string()))
}
