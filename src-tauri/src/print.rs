//! Printing what the window shows.
//!
//! * `print_page` opens the platform's print dialog for the current page (Linux, Windows,
//!   macOS). The UI's print stylesheet decides what the page looks like on paper.
//! * `print_to_pdf` (Linux) prints the current page to a PDF file with no dialog, through
//!   WebKitGTK's own print pipeline, so the file is exactly what the printer would get. Tests
//!   use it to check the print view; on other platforms it answers `bad_request`.

use std::path::{Path, PathBuf};

use tauri::{Runtime, WebviewWindow};

use crate::error::CommandError;

/// How long printing to a PDF may take before the command gives up.
#[cfg(target_os = "linux")]
const PDF_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Opens the print dialog for the window's current page.
#[tauri::command]
pub async fn print_page<R: Runtime>(window: WebviewWindow<R>) -> Result<(), CommandError> {
    window.print().map_err(|error| {
        CommandError::internal(format!("Could not open the print dialog: {error}"))
    })
}

/// Prints the window's current page to the PDF file at `path` (absolute, ending in `.pdf`,
/// in a folder that exists) and resolves to the path written.
#[tauri::command]
pub async fn print_to_pdf<R: Runtime>(
    window: WebviewWindow<R>,
    path: String,
) -> Result<String, CommandError> {
    let path = checked_pdf_path(&path)?;
    print_window_to_pdf(&window, &path).await?;
    Ok(path.display().to_string())
}

/// The path as given, if it is one `print_to_pdf` may write.
fn checked_pdf_path(path: &str) -> Result<PathBuf, CommandError> {
    let path = PathBuf::from(path);
    if !path.is_absolute() {
        return Err(CommandError::bad_request(format!(
            "The PDF path must be absolute: {}",
            path.display()
        )));
    }
    let is_pdf = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        return Err(CommandError::bad_request(format!(
            "The PDF path must end in .pdf: {}",
            path.display()
        )));
    }
    match path.parent() {
        Some(parent) if parent.is_dir() => Ok(path),
        _ => Err(CommandError::bad_request(format!(
            "The folder for the PDF does not exist: {}",
            path.display()
        ))),
    }
}

/// Prints the window's page to a PDF file with WebKitGTK, with no dialog.
#[cfg(target_os = "linux")]
pub async fn print_window_to_pdf<R: Runtime>(
    window: &WebviewWindow<R>,
    path: &Path,
) -> Result<(), CommandError> {
    let uri = tauri::Url::from_file_path(path)
        .map_err(|()| CommandError::bad_request(format!("Not a file path: {}", path.display())))?
        .to_string();
    // A partly written file from an earlier run must not pass for this one.
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => {
            return Err(CommandError::new(
                "io",
                format!("Could not replace {}: {error}", path.display()),
            ))
        }
    }

    let (sender, receiver) = tokio::sync::oneshot::channel::<Result<(), String>>();
    window.with_webview(move |webview| linux::start_printing(&webview.inner(), &uri, sender))?;

    match tokio::time::timeout(PDF_TIMEOUT, receiver).await {
        Err(_) => Err(CommandError::internal(format!(
            "Printing to {} did not finish within {} seconds",
            path.display(),
            PDF_TIMEOUT.as_secs()
        ))),
        Ok(Err(_)) => Err(CommandError::internal(
            "The print operation ended without reporting a result",
        )),
        Ok(Ok(Err(message))) => Err(CommandError::new(
            "io",
            format!("Could not print to {}: {message}", path.display()),
        )),
        Ok(Ok(Ok(()))) => wait_for_file(path).await,
    }
}

/// GTK writes the file as the job completes; `finished` can come a moment before it is closed.
#[cfg(target_os = "linux")]
async fn wait_for_file(path: &Path) -> Result<(), CommandError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size > 0 {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(CommandError::new(
                "io",
                format!("Printing finished but wrote no file at {}", path.display()),
            ));
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[cfg(not(target_os = "linux"))]
pub async fn print_window_to_pdf<R: Runtime>(
    _window: &WebviewWindow<R>,
    _path: &Path,
) -> Result<(), CommandError> {
    Err(CommandError::bad_request(
        "Printing straight to a PDF file is only available on Linux; use File › Print… and \
         choose to save as PDF",
    ))
}

#[cfg(target_os = "linux")]
mod linux {
    use std::cell::RefCell;
    use std::rc::Rc;

    use webkit2gtk::{PrintOperation, PrintOperationExt, WebView};

    type Sender = tokio::sync::oneshot::Sender<Result<(), String>>;

    /// Starts printing `webview` to the PDF file at `uri` (`file://…`); runs on the GTK thread
    /// and reports through `sender` when WebKit says the job failed or finished.
    pub(super) fn start_printing(webview: &WebView, uri: &str, sender: Sender) {
        let settings = gtk::PrintSettings::new();
        settings.set_printer("Print to File");
        settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT, Some("pdf"));
        settings.set(gtk::PRINT_SETTINGS_OUTPUT_URI, Some(uri));

        let operation = PrintOperation::new(webview);
        operation.set_print_settings(&settings);

        let sender = Rc::new(RefCell::new(Some(sender)));
        let on_failed = Rc::clone(&sender);
        operation.connect_failed(move |_, error| {
            if let Some(sender) = on_failed.borrow_mut().take() {
                let _ = sender.send(Err(error.to_string()));
            }
        });
        // The operation keeps itself alive until it has finished, then lets go.
        let keep_alive = Rc::new(RefCell::new(Some(operation.clone())));
        operation.connect_finished(move |_| {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(Ok(()));
            }
            keep_alive.borrow_mut().take();
        });
        operation.print();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_paths_must_be_absolute_pdf_files_in_an_existing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("agenda.pdf");
        assert_eq!(checked_pdf_path(good.to_str().unwrap()).unwrap(), good);
        let upper = dir.path().join("AGENDA.PDF");
        assert!(checked_pdf_path(upper.to_str().unwrap()).is_ok());

        for bad in [
            "agenda.pdf".to_string(),
            dir.path().join("agenda.txt").display().to_string(),
            dir.path().join("missing/agenda.pdf").display().to_string(),
        ] {
            let error = checked_pdf_path(&bad).unwrap_err();
            assert_eq!(error.code, "bad_request", "{bad}");
        }
    }
}
