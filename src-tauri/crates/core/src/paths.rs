//! Where PeerPlan keeps its database on each platform. The CLI and the desktop app use the
//! same default, so `peerplan check` looks at the file the app writes.

use std::path::PathBuf;

pub const DATABASE_FILE_NAME: &str = "peerplan.sqlite3";

/// The per-user app-data folder for app id org.peerplan.PeerPlan, e.g.
/// `~/.local/share/peerplan` on Linux, `%APPDATA%\PeerPlan\PeerPlan\data` on Windows,
/// `~/Library/Application Support/org.peerplan.PeerPlan` on macOS.
/// `PEERPLAN_DATA_DIR` overrides it (tests and portable installs use this).
pub fn default_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PEERPLAN_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "peerplan", "PeerPlan")
        .map(|d| d.data_dir().to_path_buf())
}

pub fn default_database_path() -> Option<PathBuf> {
    default_data_dir().map(|d| d.join(DATABASE_FILE_NAME))
}
