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

    /// The catalog key that words the message in any language (`error.<key>`): the code, or
    /// a finer key where the code is said several ways. (`Invalid` is worded from its report:
    /// the first error's own message, `error.invalid.*`.)
    pub fn message_key(&self) -> &'static str {
        match self {
            Error::NotPeerPlan { reason, .. } => NOT_PEERPLAN_REASONS
                .iter()
                .find(|(text, _)| text == reason)
                .map_or("not_peerplan", |(_, key)| key),
            Error::Sync(e) => e.message_key(),
            Error::Io { context, .. } => IO_CONTEXTS
                .iter()
                .find(|(start, _)| context.starts_with(start))
                .map_or("io", |(_, key)| key),
            other => other.code(),
        }
    }

    /// What the message was built from, by name (see `validate` for how each is worded).
    pub fn params(&self) -> crate::validate::Params {
        match self {
            Error::Invalid(report) => {
                let errors: Vec<&crate::validate::Issue> = report.errors().collect();
                match errors.first() {
                    Some(first) => vec![
                        ("field", first.field.clone()),
                        ("count", (errors.len() - 1).to_string()),
                    ],
                    None => Vec::new(),
                }
            }
            Error::NotFound { entity, id } | Error::Deleted { entity, id } => vec![
                ("entity", crate::validate::entity_id(entity)),
                ("id", id.clone()),
            ],
            Error::NotPeerPlan { path, reason } => {
                let mut params = vec![("path", path.display().to_string())];
                if self.message_key() == "not_peerplan" {
                    params.push(("reason", reason.clone()));
                }
                params
            }
            Error::NewerSchema {
                path,
                found,
                supported,
            } => vec![
                ("path", path.display().to_string()),
                ("found", found.to_string()),
                ("supported", supported.to_string()),
            ],
            Error::Conflict(detail) | Error::Migration(detail) => {
                vec![("reason", detail.clone())]
            }
            Error::Sync(e) => e.params(),
            Error::Sqlite(e) => vec![("reason", e.to_string())],
            Error::Io { context, source } => {
                let path = IO_CONTEXTS
                    .iter()
                    .find_map(|(start, _)| context.strip_prefix(start))
                    .unwrap_or(context);
                vec![
                    ("path", path.to_string()),
                    ("context", context.clone()),
                    ("reason", source.to_string()),
                ]
            }
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

/// Every key an error's message can have (`Error::message_key`): the catalogs have an
/// `error.<key>` entry for each (peerplan-i18n's tests). `tests::every_error_key_is_listed`
/// keeps it complete.
pub const ERROR_KEYS: &[&str] = &[
    "invalid",
    "not_found",
    "deleted",
    "not_peerplan",
    "not_peerplan.folder",
    "not_peerplan.not_sqlite",
    "not_peerplan.header",
    "not_peerplan.schema",
    "not_peerplan.other_application",
    "newer_schema",
    "conflict",
    "migration",
    "database",
    "io",
    "io.temporary_folder",
    "io.backup_folder",
    "io.create_folder",
    "io.read",
    "io.write",
    "io.flush",
    "io.open",
    "file_missing",
    "is_folder",
    "own_database",
    "empty_file",
    "unreadable",
    "vanished",
    "changed_while_reading",
    "not_sqlite",
    "other_application",
    "truncated",
    "truncated.expected",
    "damaged",
    "damaged.check_unfinished",
    "damaged.page_size",
    "damaged.companions",
    "damaged.integrity",
    "foreign_schema",
    "foreign_schema.table",
    "foreign_schema.index",
    "foreign_schema.view",
    "foreign_schema.trigger",
    "invalid_file",
    "invalid_file.no_installation",
    "invalid_file.installations",
    "invalid_file.no_schema",
    "invalid_file.schema_altered",
    "invalid_file.upgrade",
    "invalid_file.stamp",
    "invalid_file.references",
    "invalid_rows",
    "invalid_rows.one",
    "cancelled",
    "folder_missing",
    "no_sync_folder",
    "no_backup",
    "other_database_backup",
    "no_conflict",
];

/// Why a file is not a PeerPlan database (`Error::NotPeerPlan`'s reasons, as the store words
/// them), and the key of each sentence.
pub(crate) const NOT_PEERPLAN_REASONS: &[(&str, &str)] = &[
    ("it is a folder, not a file", "not_peerplan.folder"),
    (
        "it is not an SQLite database file",
        "not_peerplan.not_sqlite",
    ),
    ("its SQLite header is damaged", "not_peerplan.header"),
    ("its SQLite schema cannot be read", "not_peerplan.schema"),
    (
        "it is an SQLite database of another application",
        "not_peerplan.other_application",
    ),
];

/// What the core was doing when a file operation failed (`Error::io`'s contexts: "Cannot
/// write /path"), and the key of each sentence; the rest of the context is the path.
const IO_CONTEXTS: &[(&str, &str)] = &[
    (
        "Cannot create a temporary folder in ",
        "io.temporary_folder",
    ),
    ("Cannot create the backup folder ", "io.backup_folder"),
    ("Cannot create the folder ", "io.create_folder"),
    ("Cannot read ", "io.read"),
    ("Cannot write ", "io.write"),
    ("Cannot open ", "io.open"),
    ("Cannot flush ", "io.flush"),
];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sync::{Reason, SyncError};

    /// One error of every kind and every finer key.
    pub(crate) fn samples() -> Vec<Error> {
        let file = || "ana.peerplan".to_string();
        let io = || std::io::Error::other("disk full");
        let mut out = vec![
            Error::Invalid(crate::validate::Report::default()),
            Error::NotFound {
                entity: "follow-up action",
                id: "0199".into(),
            },
            Error::Deleted {
                entity: "exchange",
                id: "0199".into(),
            },
            Error::NotPeerPlan {
                path: "x.db".into(),
                reason: "something else".into(),
            },
            Error::NewerSchema {
                path: "x.db".into(),
                found: 40,
                supported: 30,
            },
            Error::Conflict("busy".into()),
            Error::Migration("no".into()),
            Error::Sqlite(rusqlite::Error::InvalidQuery),
            Error::io("Something else", io()),
        ];
        for (reason, _) in NOT_PEERPLAN_REASONS {
            out.push(Error::NotPeerPlan {
                path: "x.db".into(),
                reason: reason.to_string(),
            });
        }
        for (context, _) in IO_CONTEXTS {
            out.push(Error::io(format!("{context}/tmp/x"), io()));
        }
        let sync = vec![
            SyncError::Missing(file()),
            SyncError::Folder(file()),
            SyncError::OwnDatabase(file()),
            SyncError::Empty(file()),
            SyncError::Unreadable(file(), "denied".into()),
            SyncError::Vanished(file()),
            SyncError::ChangedWhileReading(file()),
            SyncError::NotSqlite(file()),
            SyncError::OtherApplication(file()),
            SyncError::Truncated {
                file: file(),
                have: 10,
                expected: None,
            },
            SyncError::Truncated {
                file: file(),
                have: 10,
                expected: Some(4096),
            },
            SyncError::Damaged(file(), "disk I/O error".to_string().into()),
            SyncError::Invalid(file(), "odd".to_string().into()),
            SyncError::ForeignSchema {
                file: file(),
                kind: "module".into(),
                name: "x".into(),
            },
            SyncError::InvalidRows {
                file: file(),
                count: 1,
                examples: vec!["a".into()],
            },
            SyncError::InvalidRows {
                file: file(),
                count: 3,
                examples: vec!["a".into(), "b".into()],
            },
            SyncError::Cancelled,
            SyncError::FolderMissing("/mnt/share".into()),
            SyncError::NoFolder,
            SyncError::NoBackup("b".into()),
            SyncError::OtherDatabasesBackup {
                name: "b".into(),
                owner: "o".into(),
            },
            SyncError::NoConflict("c".into()),
        ];
        out.extend(sync.into_iter().map(Error::Sync));
        for kind in ["table", "index", "view", "trigger"] {
            out.push(Error::Sync(SyncError::ForeignSchema {
                file: file(),
                kind: kind.into(),
                name: "x".into(),
            }));
        }
        out
    }

    #[test]
    fn every_error_key_is_listed() {
        let mut keys: Vec<&str> = samples().iter().map(Error::message_key).collect();
        // The reasons a file is damaged or cannot be merged, as the sync code writes them.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sync");
        let mut texts = Vec::new();
        for entry in walk(&dir) {
            texts.push(std::fs::read_to_string(entry).unwrap());
        }
        let mut found = Vec::new();
        for text in &texts {
            let mut rest = text.as_str();
            while let Some(at) = rest.find("Reason::new(") {
                rest = &rest[at + "Reason::new(".len()..];
                let quoted = rest.trim_start();
                if let Some(body) = quoted.strip_prefix('"') {
                    found.push(body[..body.find('"').unwrap()].to_string());
                }
            }
        }
        assert!(found.len() >= 10, "{found:?}");
        keys.extend(found.iter().map(String::as_str));
        let missing: Vec<&&str> = keys.iter().filter(|k| !ERROR_KEYS.contains(k)).collect();
        assert!(missing.is_empty(), "not in ERROR_KEYS: {missing:?}");
        for key in ERROR_KEYS {
            assert!(
                keys.contains(key),
                "{key} is listed but no error has it (remove it, or add a sample)"
            );
        }
        let reason = Reason::new("damaged.page_size", "its page size is invalid");
        assert_eq!(reason.to_string(), "its page size is invalid");
    }

    #[test]
    fn params_carry_what_the_message_names() {
        for error in samples() {
            let message = error.to_string();
            for (name, value) in error.params() {
                if ["entity", "context", "count", "field"].contains(&name) || value.is_empty() {
                    continue;
                }
                assert!(
                    message.contains(&value),
                    "{}: {name}={value} is not in {message:?}",
                    error.message_key()
                );
            }
        }
        let error = Error::io(
            "Cannot write /tmp/x.peerplan",
            std::io::Error::other("full"),
        );
        assert_eq!(error.message_key(), "io.write");
        assert!(error
            .params()
            .contains(&("path", "/tmp/x.peerplan".to_string())));
    }

    pub(crate) fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
        out.sort();
        out
    }
}
