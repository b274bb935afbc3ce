//! The core's error type. Every variant has a stable machine code (`Error::code`) that the
//! desktop shell and the CLI pass on, and a message written for an officer, not a developer.

use std::path::PathBuf;

use crate::validate::Report;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input broke one or more validation rules; nothing was saved.
    #[error("{}", .0.summary())]
    Invalid(Report),

    #[error("No {entity} with id {id} exists in this database")]
    NotFound { entity: &'static str, id: String },

    #[error("The {entity} {id} has been deleted; restore it before editing")]
    Deleted { entity: &'static str, id: String },

    #[error("{} is not a PeerPlan database: {reason}", .path.display())]
    NotPeerPlan { path: PathBuf, reason: String },

    #[error(
        "{} was written by a newer PeerPlan (schema version {found}, this version reads up to {supported}); update PeerPlan to open this file",
        .path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("The database refused the change: {0}")]
    Conflict(String),

    #[error("Could not upgrade the database schema: {0}")]
    Migration(String),

    /// Exporting, merging or syncing a file refused it or could not finish; nothing changed.
    #[error(transparent)]
    Sync(#[from] crate::sync::SyncError),

    #[error("Database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A stable code for scripts and the UI. Never change an existing code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Deleted { .. } => "deleted",
            Error::NotPeerPlan { .. } => "not_peerplan",
            Error::NewerSchema { .. } => "newer_schema",
            Error::Conflict(_) => "conflict",
            Error::Migration(_) => "migration",
            Error::Sync(e) => e.code(),
            Error::Sqlite(_) => "database",
            Error::Io { .. } => "io",
        }
    }

    /// The validation report when the error is `Invalid`.
    pub fn report(&self) -> Option<&Report> {
        match self {
            Error::Invalid(report) => Some(report),
            _ => None,
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
