//! Shared helpers for the end-to-end tests in tests/tests/.
//!
//! * [`cli`]: the real `peerplan` binary in a temporary home, for the `cli*.rs` tests.
//! * [`text`]: documents read back (`pdftotext`, …) and checked for pieces in order.
//! * [`agenda`]: agenda builder steps in the desktop app.
//! * [`desktop`]: the real desktop app under WebDriver (`tauri-driver`), for the
//!   `desktop*.rs` tests.
//! * [`launch`]: any PeerPlan binary launched as a desktop would (no `--data-dir`, a file to
//!   open, a session bus for the single-instance hand-over), for `desktop_open_file.rs` and
//!   the installed package's test (`package_linux.rs`).

pub mod agenda;
pub mod cli;
pub mod desktop;
pub mod launch;
pub mod officer;
pub mod text;

/// This crate's folder, read at run time (cargo sets it for tests): a build reused after the
/// checkout moved would otherwise look for files under the old compile-time path.
pub fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
        .into()
}
