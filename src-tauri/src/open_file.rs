//! Opening a `.peerplan` file: `peerplan-app FILE` (what a double-click, "Open with" or the
//! desktop entry's `%f` runs) starts PeerPlan on the merge preview of FILE. When PeerPlan
//! already runs, the second launch hands its arguments to the running one through the
//! single-instance plugin and exits; the running window comes to the front and goes to the
//! preview.
//!
//! The UI's address for the preview is `#/sync/merge?file=<the absolute path, URL-encoded>`.
//! At start it is the window's first address; for a running window it goes out as the native
//! menu's `go:` event (`menu` with payload `go:sync/merge?file=…`), which the UI already
//! follows with its router (asking first when a form has unsaved edits). A file handed over
//! while the UI is still starting waits until it reports its first page (`startup_mark`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use tauri::{AppHandle, Emitter, Runtime};

use crate::DATA_DIR_ARG;

/// The file named on a command line (`args[0]` is the program and is skipped), made absolute
/// against `cwd`: the first argument that is neither an option (`-…`) nor the folder after
/// `--data-dir`. A `file://` URI (what a launcher's `%u` gives) is turned into its path.
pub fn file_to_open(args: impl IntoIterator<Item = OsString>, cwd: &Path) -> Option<PathBuf> {
    let mut args = args.into_iter().skip(1);
    while let Some(arg) = args.next() {
        if arg == DATA_DIR_ARG {
            args.next();
            continue;
        }
        if arg.is_empty() || arg.to_string_lossy().starts_with('-') {
            continue;
        }
        let path = match arg.to_str().and_then(file_uri_path) {
            Some(path) => path,
            None => PathBuf::from(arg),
        };
        let path = cwd.join(path);
        return Some(std::path::absolute(&path).unwrap_or(path));
    }
    None
}

/// The UI's address (after `#/`) of the merge preview of `file`.
pub fn merge_route(file: &Path) -> String {
    format!(
        "sync/merge?file={}",
        encode_uri_component(&file.to_string_lossy())
    )
}

/// The window's first address when PeerPlan starts on `file` (relative to the app's root).
pub fn start_url(file: &Path) -> String {
    format!("index.html#/{}", merge_route(file))
}

/// Set once the UI has shown its first page: from then on it follows the `menu` event.
static UI_READY: AtomicBool = AtomicBool::new(false);
/// A file handed over before that (a second launch or, on macOS, the Finder while the app
/// was still starting), opened when the UI is ready.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Shows the merge preview of `file` in the running window: at once when the UI is up, else
/// as soon as it is (see [`ui_ready`]); the last file handed over wins.
pub fn open<R: Runtime>(app: &AppHandle<R>, file: PathBuf) {
    let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
    if UI_READY.load(Ordering::SeqCst) {
        drop(pending);
        show_preview(app, &file);
    } else {
        *pending = Some(file);
    }
}

/// The UI has shown its first page (`startup_mark("first-page")`): opens a file handed over
/// while it was starting.
pub fn ui_ready<R: Runtime>(app: &AppHandle<R>) {
    let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
    UI_READY.store(true, Ordering::SeqCst);
    if let Some(file) = pending.take() {
        drop(pending);
        show_preview(app, &file);
    }
}

/// Brings the running window to the merge preview of `file`.
fn show_preview<R: Runtime>(app: &AppHandle<R>, file: &Path) {
    let payload = format!("go:{}", merge_route(file));
    if let Err(error) = app.emit(crate::menu::MENU_EVENT, payload) {
        eprintln!(
            "peerplan: could not open {} in the running window: {error}",
            file.display()
        );
    }
}

/// As JavaScript's `encodeURIComponent`: every byte of the UTF-8 text percent-encoded except
/// `A–Z a–z 0–9 - _ . ! ~ * ' ( )`, so `decodeURIComponent` (and `URLSearchParams`) give the
/// text back.
pub fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The path of a local `file://` URI (`file:///home/a/b%20c.peerplan`,
/// `file://localhost/…`, `file:///C:/…` on Windows); `None` for anything else.
fn file_uri_path(text: &str) -> Option<PathBuf> {
    let rest = text.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = percent_decode(rest)?;
    let text = String::from_utf8(bytes).ok()?;
    if cfg!(windows) {
        // "/C:/Users/…" → "C:/Users/…"
        let trimmed = text.strip_prefix('/').unwrap_or(&text);
        if trimmed.as_bytes().get(1) == Some(&b':') {
            return Some(PathBuf::from(trimmed));
        }
    }
    Some(PathBuf::from(text))
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("peerplan-app")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn the_first_plain_argument_is_the_file_made_absolute() {
        let cwd = Path::new("/home/officer/Downloads");
        assert_eq!(
            file_to_open(args(&["jon.peerplan"]), cwd),
            Some(PathBuf::from("/home/officer/Downloads/jon.peerplan"))
        );
        assert_eq!(
            file_to_open(args(&["/tmp/a.peerplan", "/tmp/b.peerplan"]), cwd),
            Some(PathBuf::from("/tmp/a.peerplan"))
        );
        assert_eq!(
            file_to_open(args(&["sub/../x.peerplan"]), cwd),
            Some(PathBuf::from("/home/officer/Downloads/sub/../x.peerplan"))
        );
    }

    #[test]
    fn options_and_the_data_folder_are_not_files() {
        let cwd = Path::new("/w");
        assert_eq!(file_to_open(args(&[]), cwd), None);
        assert_eq!(
            file_to_open(args(&["--data-dir", "/d", "--automation"]), cwd),
            None
        );
        assert_eq!(
            file_to_open(args(&["--data-dir=/d", "-x", "f.peerplan"]), cwd),
            Some(PathBuf::from("/w/f.peerplan"))
        );
        assert_eq!(
            file_to_open(args(&["--data-dir", "/d", "f.peerplan"]), cwd),
            Some(PathBuf::from("/w/f.peerplan"))
        );
    }

    #[test]
    fn a_file_uri_is_its_path() {
        let cwd = Path::new("/w");
        assert_eq!(
            file_to_open(
                args(&["file:///home/a/Jon%20Berg%20%C3%A9t%C3%A9.peerplan"]),
                cwd
            ),
            Some(PathBuf::from("/home/a/Jon Berg été.peerplan"))
        );
        assert_eq!(
            file_to_open(args(&["file://localhost/tmp/x.peerplan"]), cwd),
            Some(PathBuf::from("/tmp/x.peerplan"))
        );
    }

    #[test]
    fn the_route_encodes_the_path_as_encode_uri_component_does() {
        assert_eq!(
            merge_route(Path::new("/tmp/Jon Berg/été & co?#.peerplan")),
            "sync/merge?file=%2Ftmp%2FJon%20Berg%2F%C3%A9t%C3%A9%20%26%20co%3F%23.peerplan"
        );
        assert_eq!(
            encode_uri_component("a-b_c.d!e~f*g'h(i)"),
            "a-b_c.d!e~f*g'h(i)"
        );
        assert_eq!(
            start_url(Path::new("/x.peerplan")),
            "index.html#/sync/merge?file=%2Fx.peerplan"
        );
    }
}
