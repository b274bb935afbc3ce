//! Running the real `peerplan` binary in a temporary home, for the `cli*.rs` tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// target/<profile>/peerplan, next to the running test's own deps/ folder.
pub fn peerplan_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let bin = profile_dir.join(format!("peerplan{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build -p peerplan-cli` first (cargo build --workspace builds it)",
        bin.display()
    );
    bin
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// (exit code, stdout, stderr), for tests that destructure.
    pub fn parts(self) -> (i32, String, String) {
        (self.code, self.stdout, self.stderr)
    }
}

/// Runs peerplan with its data folder, HOME and XDG data folder inside `home`, so nothing
/// touches a real user's files.
pub fn peerplan(home: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(peerplan_binary())
        .args(args)
        // The CLI speaks the environment's language: these tests read its English.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("PEERPLAN_DATA_DIR", home.join("data"))
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg"))
        // The CLI speaks the language of LANGUAGE/LC_ALL/LC_MESSAGES/LANG: tests read its
        // English unless they choose otherwise (see `peerplan_in_locale`).
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .output()
        .expect("run peerplan");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into(),
        stderr: String::from_utf8_lossy(&stderr).into(),
    }
}

/// Runs peerplan on the database `home/pp.db`; returns (exit code, stdout, stderr).
pub fn peerplan_db(home: &Path, args: &[&str]) -> (i32, String, String) {
    let db = home.join("pp.db");
    let db = db.to_str().expect("temporary paths are UTF-8");
    peerplan(home, &[&["--db", db], args].concat()).parts()
}

/// A temporary home whose `pp.db` holds the example portfolio.
pub fn demo_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("a temporary folder");
    let (code, _, err) = peerplan_db(home.path(), &["demo"]);
    assert_eq!(code, 0, "peerplan demo failed: {err}");
    home
}
