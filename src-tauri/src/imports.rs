//! Importing the officer's lists (issue 18): the file is read into a table once (a native
//! open dialog, or `path` in tests), or a pasted list is; the UI shows the preview of that
//! table, lets the officer correct cells or change the column mapping and asks again, then
//! imports it. Each step is a few lines over `peerplan-import`.

use serde::Deserialize;
use tauri::{Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use peerplan_import::{participants, people, read_file, ColumnMap, Table};

use crate::error::CommandError;
use crate::exports::run_dialog;
use crate::state::{with_reader, with_store, AppState};

type Reply<T> = Result<T, CommandError>;

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    People,
    Participants,
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
    path: Option<String>,
) -> Reply<Option<ImportFile>> {
    let path = match path {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            let builder = window
                .dialog()
                .file()
                .set_parent(&window)
                .set_title("Import a list")
                .add_filter(
                    "Spreadsheets and CSV",
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
    let table = tauri::async_runtime::spawn_blocking(move || read_file(&path))
        .await
        .map_err(|e| CommandError::internal(format!("Reading the file failed: {e}")))??;
    Ok(Some(ImportFile { name, table }))
}

/// A list pasted from Excel or Word (tab-separated rows) as a table.
#[tauri::command]
pub fn read_pasted_list(text: String) -> Reply<Table> {
    Ok(peerplan_import::table::read_csv(text.as_bytes())?)
}

/// The preview of importing `table` (with the officer's `map` choices, `COLUMN=FIELD`).
#[tauri::command]
pub async fn preview_import(
    state: State<'_, AppState>,
    kind: ImportKind,
    table: Table,
    map: Vec<String>,
    exchange_id: Option<String>,
) -> Reply<serde_json::Value> {
    with_reader(&state, move |s| {
        let mapping = ColumnMap::for_headers(&table.headers, &map)?;
        let value = match kind {
            ImportKind::People => serde_json::to_value(people::plan(s.conn(), &table, &mapping)?),
            ImportKind::Participants => serde_json::to_value(participants::plan(
                s.conn(),
                exchange_id.as_deref().unwrap_or(""),
                &table,
                &mapping,
            )?),
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
) -> Reply<serde_json::Value> {
    with_store(&state, move |s| {
        let mapping = ColumnMap::for_headers(&table.headers, &map)?;
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
        };
        value.map_err(|e| peerplan_core::Error::Conflict(e.to_string()))
    })
    .await
}
