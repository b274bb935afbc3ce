//! `peerplan`: the command-line interface to a PeerPlan database, for scripts, scheduled
//! tasks and officers' IT staff. It shares the core with the desktop app and, by default,
//! the same database file.
//!
//! `args` holds the command line, `commands` what each command does, `print` how results
//! are shown, `sync_cmd` the sync commands and `error` the one error type.

mod args;
mod commands;
mod error;
mod import_cmd;
mod print;
mod sync_cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a closed pipe (`peerplan merge … | head`) would
    // panic; a command-line tool should just stop, as `cat` does.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("peerplan: {message}");
            ExitCode::FAILURE
        }
    }
}
