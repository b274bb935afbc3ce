//! Shared helpers for the end-to-end tests in tests/tests/.
//!
//! * [`cli`]: the real `peerplan` binary in a temporary home, for the `cli*.rs` tests.
//! * [`desktop`]: the real desktop app under WebDriver (`tauri-driver`), for the
//!   `desktop*.rs` tests.

pub mod cli;
pub mod desktop;
pub mod officer;
