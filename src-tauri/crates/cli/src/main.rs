//! `peerplan`: the command-line interface to a PeerPlan database, for scripts, scheduled
//! tasks and officers' IT staff. It shares the core with the desktop app and, by default,
//! the same database file.
//!
//! `args` holds the command line, `commands` what each command does, `print` how results
//! are shown (and the language they are shown in), `sync_cmd` the sync commands and `error`
//! the one error type.

mod args;
mod commands;
mod error;
mod import_cmd;
mod print;
mod sync_cmd;

use std::process::ExitCode;

use clap::Parser;

/// What `peerplan --version` prints after the program's name: the version, the git commit it
/// was built from and the database schema it reads and writes, e.g.
/// `0.1.0 (commit 6103b7f2c1, database schema 9)` — what an officer copies into a support
/// e-mail. The app's Help › About shows the same three (`app_info`).
pub(crate) fn version_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{} (commit {}, database schema {})",
            env!("CARGO_PKG_VERSION"),
            env!("PEERPLAN_GIT_COMMIT"),
            peerplan_core::store::SCHEMA_VERSION
        )
    })
}

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a closed pipe (`peerplan merge … | head`) would
    // panic; a command-line tool should just stop, as `cat` does.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // The language first (`--lang`, else the environment's), so that even a usage error
    // found while parsing is worded in it.
    print::set_lang(
        args::language_in(std::env::args_os()).unwrap_or_else(peerplan_i18n::Lang::from_env),
    );
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("peerplan: {message}");
            ExitCode::FAILURE
        }
    }
}
