//! Shared helpers for the end-to-end tests in tests/tests/.
//!
//! * [`desktop`]: the real desktop app under WebDriver (`tauri-driver`), for the
//!   `desktop*.rs` tests.

pub mod desktop;
