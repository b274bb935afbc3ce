//! The CLI's one error type: a message for the officer or the script, printed after
//! "peerplan:" with exit status 1. Every error of the core and of the file system converts.

use std::fmt;

#[derive(Debug)]
pub struct CliError(pub String);

pub type CliResult<T> = Result<T, CliError>;

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<peerplan_core::Error> for CliError {
    fn from(e: peerplan_core::Error) -> Self {
        CliError(e.to_string())
    }
}

impl From<String> for CliError {
    fn from(message: String) -> Self {
        CliError(message)
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError(e.to_string())
    }
}
