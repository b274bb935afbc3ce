//! The `peerplan` command-line tool as the app's document writer and spreadsheet reader.
//!
//! Why: the PDF, Word and Excel writers and the spreadsheet readers (krilla and its fonts,
//! rust_xlsxwriter, zip, calamine, encoding_rs — the `peerplan-docs` crate and the import
//! crate's file readers) would take the app's binary well over its 15 MB budget
//! (docs/BENCHMARKS.md, "Desktop"), and they are needed only when an officer exports or imports
//! a file. The CLI already writes every document from the same database and ships beside the
//! app in every package (`/usr/bin/peerplan` beside `/usr/bin/peerplan-app`, `peerplan.exe` in
//! the Windows install folder), so the app runs it on its own database file — SQLite's WAL
//! lets it read everything the app has committed — and waits for it, off the UI thread.
//!
//! The CLI writes its files atomically (a temporary name, then a rename), and says what went
//! wrong on its standard error in the language it is given; that text becomes the command's
//! error.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use peerplan_i18n::Lang;

use crate::error::CommandError;

type Reply<T> = Result<T, CommandError>;

/// Overrides where the CLI is found (development setups, tests of a moved build).
pub const CLI_ENV: &str = "PEERPLAN_CLI";

/// The error code of a document the CLI could not write or a file it could not read.
const DOCUMENT: &str = "document";

/// The `peerplan` executable beside this app's executable (or `PEERPLAN_CLI`).
pub fn cli_path() -> Reply<PathBuf> {
    if let Some(path) = std::env::var_os(CLI_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe()
        .map_err(|e| CommandError::internal(format!("cannot locate the app's program: {e}")))?;
    let beside = exe.with_file_name(format!("peerplan{}", std::env::consts::EXE_SUFFIX));
    if beside.is_file() {
        Ok(beside)
    } else {
        Err(CommandError::new(
            DOCUMENT,
            crate::language::word_with(
                "sidecar.missing",
                &[("path", beside.display().to_string())],
            ),
        ))
    }
}

/// Runs `peerplan --db DATABASE [--lang LANG] ARGS…` and returns what it printed on its
/// standard output. Without `document_language` the CLI keeps each document's own language (an
/// agenda's); its messages are in the app's language either way.
pub async fn run(
    database: &Path,
    document_language: Option<Lang>,
    args: Vec<OsString>,
) -> Reply<Vec<u8>> {
    let cli = cli_path()?;
    let mut command = Command::new(&cli);
    command.arg("--db").arg(database);
    if let Some(lang) = document_language {
        command.arg("--lang").arg(lang.code());
    }
    command
        .args(args)
        // The CLI's messages in the app's language.
        .env("LC_ALL", crate::language::current().code())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(windows)]
    {
        // No console window flashing up over the app.
        use std::os::windows::process::CommandExt;
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        command.creation_flags(CREATE_NO_WINDOW);
    }
    let output = tauri::async_runtime::spawn_blocking(move || command.output())
        .await
        .map_err(|e| CommandError::internal(format!("the document writer stopped: {e}")))?
        .map_err(|e| {
            CommandError::new(
                DOCUMENT,
                crate::language::word_with(
                    "sidecar.cannot_run",
                    &[
                        ("path", cli.display().to_string()),
                        ("reason", e.to_string()),
                    ],
                ),
            )
        })?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(CommandError::new(DOCUMENT, failure_text(&output.stderr)))
    }
}

/// The CLI's error message without its "peerplan: " prefix (its last lines: a report may
/// print progress first).
fn failure_text(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.strip_prefix("peerplan: ").unwrap_or(l).trim())
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// An argument list from anything path- or text-like.
pub fn args<I, S>(items: I) -> Vec<OsString>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    items.into_iter().map(Into::into).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clis_message_is_kept_without_its_prefix() {
        assert_eq!(
            failure_text(b"peerplan: No exchange matches \"x\"\n"),
            "No exchange matches \"x\""
        );
        assert_eq!(failure_text(b"\n\n"), "");
    }
}
