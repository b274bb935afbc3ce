//! Saving documents (issue 7 and after): the partnership summary PDF, the follow-up reminders,
//! agendas and the costs workbook, written by the `peerplan` CLI beside the app (`sidecar`).
//! The officer chooses where in a native save dialog opened from Rust (no dialog permission is
//! given to the UI); tests pass `path` instead, since WebDriver cannot drive a native dialog.
//! Files are written atomically (by the CLI: a temporary name, then a rename).

use std::path::{Path, PathBuf};

use tauri::{Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use peerplan_core::model::{ExchangeData, PartnershipData};
use peerplan_core::store::records;
use peerplan_i18n::Lang;

use crate::error::CommandError;
use crate::sidecar;
use crate::state::{with_store, AppState};

type Reply<T> = Result<T, CommandError>;

/// The language a document is written in: the one chosen for it (`lang`: "en", "fr", "es"),
/// else the app's own.
pub(crate) fn document_language(lang: Option<&str>) -> Lang {
    lang.and_then(Lang::parse)
        .unwrap_or_else(crate::language::current)
}

/// Writes the one-page summary of a partnership as a PDF (A4, or US Letter when `letter`)
/// and resolves to the path written, or null when the officer cancelled the save dialog.
/// With `path` no dialog is shown and the file is written there. `lang` ("en", "fr", "es")
/// is the document's language; without it, the app's. Written by the CLI (`sidecar`).
#[tauri::command(rename_all = "snake_case")]
pub async fn save_summary_pdf<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    partnership_id: String,
    letter: bool,
    path: Option<String>,
    lang: Option<String>,
) -> Reply<Option<String>> {
    let given = path.map(|p| checked_export_path(&p, "pdf")).transpose()?;
    let lang = document_language(lang.as_deref());
    let id = partnership_id.clone();
    let title = with_store(&state, move |s| Ok(live_partnership(s, &id)?.title)).await?;
    let target = match given {
        Some(path) => path,
        None => {
            let name = file_name(&title, "summary", "pdf");
            match ask_where(&window, name, "PDF document", "pdf").await? {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    let mut args = sidecar::args([
        "summary".into(),
        partnership_id.into(),
        "--pdf".into(),
        target.clone().into_os_string(),
    ]);
    if letter {
        args.push("--letter".into());
    }
    sidecar::run(&state.database_path, Some(lang), args).await?;
    Ok(Some(target.display().to_string()))
}

/// A partnership that exists and is not deleted.
fn live_partnership(s: &peerplan_core::Store, id: &str) -> peerplan_core::Result<PartnershipData> {
    let p = records::get::<PartnershipData>(s.conn(), id)?;
    if p.is_deleted() {
        return Err(peerplan_core::Error::Deleted {
            entity: "partnership",
            id: p.id,
        });
    }
    Ok(p.data)
}

/// Writes the reminders of open actions with a due date as an ICS file — of one partnership,
/// or of the whole active portfolio when `partnership_id` is null — and resolves to the path
/// written, or null when the officer cancelled. With `path` no dialog is shown. `lang` is the
/// reminders' language; without it, the app's.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_reminders_ics<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    partnership_id: Option<String>,
    path: Option<String>,
    lang: Option<String>,
) -> Reply<Option<String>> {
    let given = path.map(|p| checked_export_path(&p, "ics")).transpose()?;
    let lang = document_language(lang.as_deref());
    let id = partnership_id.clone();
    let title = with_store(&state, move |s| match &id {
        Some(id) => Ok(Some(live_partnership(s, id)?.title)),
        None => Ok(None),
    })
    .await?;
    let target = match given {
        Some(path) => path,
        None => {
            let name = match &title {
                Some(title) => file_name(title, "reminders", "ics"),
                None => "PeerPlan follow-up reminders.ics".to_string(),
            };
            match ask_where(&window, name, "Calendar (iCalendar)", "ics").await? {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    let mut args = sidecar::args([
        "followup".into(),
        "--ics".into(),
        target.clone().into_os_string(),
    ]);
    if let Some(id) = partnership_id {
        args.extend(sidecar::args(["--partnership".to_string(), id]));
    }
    sidecar::run(&state.database_path, Some(lang), args).await?;
    Ok(Some(target.display().to_string()))
}

/// Writes an exchange's agenda as a PDF, Word document, calendar file (one event per session,
/// or per day with `ics_per_day`) or standalone HTML page, in the agenda's language and paper
/// size, and resolves to the path written, or null when the officer cancelled. With `path`
/// no dialog is shown.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_agenda_export<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    exchange_id: String,
    format: String,
    ics_per_day: bool,
    path: Option<String>,
) -> Reply<Option<String>> {
    let (extension, filter) = match format.as_str() {
        "pdf" => ("pdf", "PDF document"),
        "docx" => ("docx", "Word document"),
        "ics" => ("ics", "Calendar (iCalendar)"),
        "html" => ("html", "Web page"),
        other => {
            return Err(CommandError::bad_request(format!(
                "Unknown agenda format \"{other}\"; use pdf, docx, ics or html"
            )))
        }
    };
    let given = path
        .map(|p| checked_export_path(&p, extension))
        .transpose()?;
    let id = exchange_id.clone();
    // Only the title, for the file's name: the CLI builds the whole document.
    let title = with_store(&state, move |s| {
        let exchange = records::get::<ExchangeData>(s.conn(), &id)?;
        if exchange.is_deleted() {
            return Err(peerplan_core::Error::Deleted {
                entity: "exchange",
                id: exchange.id,
            });
        }
        Ok(exchange.data.title)
    })
    .await?;
    let target = match given {
        Some(path) => path,
        None => {
            let name = file_name(&title, "agenda", extension);
            match ask_where(&window, name, filter, extension).await? {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    let mut args = sidecar::args([
        "agenda".into(),
        exchange_id.into(),
        format!("--{extension}").into(),
        target.clone().into_os_string(),
    ]);
    if extension == "ics" && ics_per_day {
        args.push("--per-day".into());
    }
    // No document language: an agenda is written in its own (its settings), as the CLI does.
    sidecar::run(&state.database_path, None, args).await?;
    Ok(Some(target.display().to_string()))
}

/// Writes the cost lines under `filter` as CSV, or an XLSX workbook (a sheet of lines, a
/// sheet of totals), and resolves to the path written, or null when cancelled. With `path`
/// no dialog is shown. `lang` is the document's language; without it, the app's.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_costs_export<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    filter: peerplan_core::costs::BudgetFilter,
    format: String,
    path: Option<String>,
    lang: Option<String>,
) -> Reply<Option<String>> {
    let lang = document_language(lang.as_deref());
    let (extension, what) = match format.as_str() {
        "csv" => ("csv", "CSV (spreadsheet)"),
        "xlsx" => ("xlsx", "Excel workbook"),
        other => {
            return Err(CommandError::bad_request(format!(
                "Unknown costs format \"{other}\"; use csv or xlsx"
            )))
        }
    };
    let given = path
        .map(|p| checked_export_path(&p, extension))
        .transpose()?;
    let target = match given {
        Some(path) => path,
        None => match ask_where(
            &window,
            format!("PeerPlan costs.{extension}"),
            what,
            extension,
        )
        .await?
        {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let mut args = sidecar::args(["costs".to_string(), format!("--{extension}")]);
    args.push(target.clone().into_os_string());
    args.extend(costs_filter_args(&filter));
    sidecar::run(&state.database_path, Some(lang), args).await?;
    Ok(Some(target.display().to_string()))
}

/// The CLI's options for a budget filter (ISO dates, ids: the CLI reads both as given).
fn costs_filter_args(filter: &peerplan_core::costs::BudgetFilter) -> Vec<std::ffi::OsString> {
    let mut args: Vec<String> = Vec::new();
    let mut option = |name: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            args.push(format!("--{name}"));
            args.push(value);
        }
    };
    option("from", filter.from.map(|d| d.to_string()));
    option("to", filter.to.map(|d| d.to_string()));
    // One exchange's costs already belong to one partnership (the CLI takes one or the other).
    if filter.exchange_id.is_some() {
        option("exchange", filter.exchange_id.clone());
    } else {
        option("partnership", filter.partnership_id.clone());
    }
    option("country", filter.country.clone());
    option("funder", filter.funder.clone());
    option("category", filter.category.map(|c| c.as_str().to_string()));
    option("stage", filter.stage.map(|s| s.as_str().to_string()));
    sidecar::args(args)
}

/// Opens the native save dialog over `window` and waits for the officer's choice (None when
/// cancelled). A chosen name without the extension gets it. The dialog's title and the kind
/// of file are worded in the app's language (`dialog.filter.<extension>`; `english_filter`
/// for a kind the catalog does not name).
pub(crate) async fn ask_where<R: Runtime>(
    window: &WebviewWindow<R>,
    default_name: String,
    english_filter: &'static str,
    extension: &'static str,
) -> Reply<Option<PathBuf>> {
    let lang = crate::language::current();
    // i18n-dynamic: dialog.filter.
    let filter_key = format!("dialog.filter.{extension}");
    let filter = if peerplan_i18n::has(lang, &filter_key) {
        peerplan_i18n::t(lang, &filter_key, &[])
    } else {
        english_filter.to_string()
    };
    let builder = window
        .dialog()
        .file()
        .set_parent(window)
        .set_title(peerplan_i18n::t(lang, "dialog.save_as", &[]))
        .add_filter(filter, &[extension])
        .set_file_name(default_name);
    let chosen = run_dialog("save", move || builder.blocking_save_file()).await?;
    Ok(chosen.map(|path| with_extension(path, extension)))
}

/// Runs a native file dialog off the async runtime (it blocks until the officer answers) and
/// returns the chosen path, or None when the officer cancelled. `what` names the dialog in
/// an error ("save", "file", "folder").
pub(crate) async fn run_dialog(
    what: &'static str,
    dialog: impl FnOnce() -> Option<tauri_plugin_dialog::FilePath> + Send + 'static,
) -> Reply<Option<PathBuf>> {
    let chosen = tauri::async_runtime::spawn_blocking(dialog)
        .await
        .map_err(|e| CommandError::internal(format!("The {what} dialog failed: {e}")))?;
    chosen
        .map(|c| {
            c.into_path().map_err(|e| {
                CommandError::internal(format!("The chosen {what} is not usable: {e}"))
            })
        })
        .transpose()
}

/// `path`, with `.extension` added when it does not already end with it.
fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
    if has_extension(&path, extension) {
        path
    } else {
        let mut name = path.into_os_string();
        name.push(".");
        name.push(extension);
        PathBuf::from(name)
    }
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case(extension))
}

/// The default file name offered: "<title> – <what>.<extension>", without the characters
/// file systems refuse, and not too long.
pub fn file_name(title: &str, what: &str, extension: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let mut stem: String = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if stem.chars().count() > 80 {
        stem = stem
            .chars()
            .take(80)
            .collect::<String>()
            .trim_end()
            .to_string();
    }
    let stem = stem.trim_matches('.').trim().to_string();
    if stem.is_empty() {
        format!("Partnership – {what}.{extension}")
    } else {
        format!("{stem} – {what}.{extension}")
    }
}

/// A `path` argument given instead of the dialog: it must be absolute, end in `.extension`
/// and be in a folder that exists.
pub fn checked_export_path(path: &str, extension: &str) -> Reply<PathBuf> {
    let kind = extension.to_uppercase();
    let path = PathBuf::from(path);
    if path.as_os_str().is_empty() || !path.is_absolute() {
        return Err(CommandError::bad_request(format!(
            "The {kind} path must be absolute: \"{}\"",
            path.display()
        )));
    }
    if !has_extension(&path, extension) {
        return Err(CommandError::bad_request(format!(
            "The {kind} path must end in .{extension}: {}",
            path.display()
        )));
    }
    match path.parent() {
        Some(parent) if parent.is_dir() => {}
        _ => {
            return Err(CommandError::bad_request(format!(
                "The folder for the {kind} file does not exist: {}",
                path.display()
            )))
        }
    }
    if path.is_dir() {
        return Err(CommandError::bad_request(format!(
            "The {kind} path is a folder, not a file: {}",
            path.display()
        )));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absolute_path_with_the_extension_in_an_existing_folder_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("summary.pdf");
        assert_eq!(
            checked_export_path(pdf.to_str().unwrap(), "pdf").unwrap(),
            pdf
        );
        let ics = dir.path().join("Reminders.ICS");
        assert_eq!(
            checked_export_path(ics.to_str().unwrap(), "ics").unwrap(),
            ics
        );
    }

    #[test]
    fn other_paths_are_bad_requests_that_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let refused = |path: &str, ext: &str| {
            let error = checked_export_path(path, ext).unwrap_err();
            assert_eq!(error.code, "bad_request", "{path}");
            assert!(error.fields.is_empty());
            error.message
        };
        assert!(refused("summary.pdf", "pdf").contains("absolute"));
        assert!(refused("", "ics").contains("absolute"));
        let wrong = dir.path().join("summary.txt");
        assert!(refused(wrong.to_str().unwrap(), "pdf").contains("must end in .pdf"));
        let pdf_for_ics = dir.path().join("reminders.pdf");
        assert!(refused(pdf_for_ics.to_str().unwrap(), "ics").contains("must end in .ics"));
        let missing = dir.path().join("no-such-folder").join("summary.pdf");
        assert!(refused(missing.to_str().unwrap(), "pdf").contains("does not exist"));
        let folder = dir.path().join("looks.ics");
        std::fs::create_dir(&folder).unwrap();
        assert!(refused(folder.to_str().unwrap(), "ics").contains("is a folder"));
    }

    #[test]
    fn default_file_names_keep_the_title_without_unsafe_characters() {
        assert_eq!(
            file_name("Ghana–Kenya peer learning", "summary", "pdf"),
            "Ghana–Kenya peer learning – summary.pdf"
        );
        assert_eq!(
            file_name("NAP 2025/26: review?", "reminders", "ics"),
            "NAP 2025-26- review- – reminders.ics"
        );
        assert_eq!(
            file_name("  ..  ", "summary", "pdf"),
            "Partnership – summary.pdf"
        );
        let long = file_name(&"x".repeat(300), "summary", "pdf");
        assert!(long.chars().count() < 100, "{long}");
    }

    #[test]
    fn a_chosen_name_gets_the_extension_once() {
        assert_eq!(
            with_extension(PathBuf::from("/tmp/plan"), "ics"),
            PathBuf::from("/tmp/plan.ics")
        );
        assert_eq!(
            with_extension(PathBuf::from("/tmp/plan.ICS"), "ics"),
            PathBuf::from("/tmp/plan.ICS")
        );
        assert_eq!(
            with_extension(PathBuf::from("/tmp/v1.2"), "pdf"),
            PathBuf::from("/tmp/v1.2.pdf")
        );
    }
}
