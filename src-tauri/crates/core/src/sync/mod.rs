//! Sync by file share (issue 8): export the database to a `.peerplan` file, merge a
//! colleague's file field by field, keep what a merge did not keep as conflicts, back up
//! before replacing anything, and sync a shared folder. See docs/ARCHITECTURE.md, "Sync".

pub mod backup;
pub mod conflicts;
pub mod folder;
pub mod incoming;
pub mod merge;
pub mod tables;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::hlc::Stamp;
use crate::store::Store;
use crate::Result;

pub use incoming::FileInfo;
pub use merge::{
    merge_file, ChangeKind, ChangedRecord, FieldChange, MergeOptions, MergeReport, Progress,
};

/// The file extension of exported databases.
pub const EXTENSION: &str = "peerplan";

/// Why a file was refused or a sync could not finish. Each names the file and says what to
/// do; the local database is unchanged whenever one is returned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    #[error("{0} does not exist")]
    Missing(String),
    #[error("{0} is a folder, not a PeerPlan file; choose the .peerplan file inside it")]
    Folder(String),
    #[error("{0} is this installation's own database; choose a file a colleague exported")]
    OwnDatabase(String),
    #[error("{0} is empty (0 bytes); if a colleague is still exporting it, try again later")]
    Empty(String),
    #[error("{0} could not be read: {1}")]
    Unreadable(String, String),
    #[error("{0} disappeared while it was being copied; nothing was merged, try again when the share is available")]
    Vanished(String),
    #[error("{0} changed while it was being copied (a colleague may be exporting it); nothing was merged, try again in a moment")]
    ChangedWhileReading(String),
    #[error("{0} is not a PeerPlan file: it is not an SQLite database")]
    NotSqlite(String),
    #[error("{0} is not a PeerPlan file: it is an SQLite database of another application")]
    OtherApplication(String),
    #[error("{file} is incomplete: {have} bytes{}; it may still be being copied to the share, and will be retried", .expected.map(|e| format!(" of the {e} its header announces")).unwrap_or_default())]
    Truncated {
        file: String,
        have: u64,
        expected: Option<u64>,
    },
    #[error("{0} is damaged: {1}")]
    Damaged(String, Reason),
    #[error("{file} carries a {kind} named '{name}' that PeerPlan did not create; files with code of their own are refused")]
    ForeignSchema {
        file: String,
        kind: String,
        name: String,
    },
    #[error("{0} cannot be merged: {1}")]
    Invalid(String, Reason),
    #[error("{}", invalid_rows_message(.file, *.count, .examples))]
    InvalidRows {
        file: String,
        count: usize,
        examples: Vec<String>,
    },
    #[error("The merge was cancelled; nothing was changed")]
    Cancelled,
    #[error("The sync folder {0} does not exist or is not mounted; nothing was merged or deleted")]
    FolderMissing(String),
    #[error("No sync folder is set; choose one in Settings → Sync, or pass a folder")]
    NoFolder,
    #[error("No backup named {0}; `peerplan restore` lists the backups")]
    NoBackup(String),
    #[error("{name} is a backup of another database ({owner}) kept in the same folder; nothing was restored. Restore it from that database, or choose one of this database's backups (`peerplan restore` lists them)")]
    OtherDatabasesBackup { name: String, owner: String },
    #[error("No open conflict with id {0}")]
    NoConflict(String),
}

/// "x.peerplan holds 1 record that breaks PeerPlan's rules: …" / "holds 3 records that break
/// PeerPlan's rules, e.g. …".
fn invalid_rows_message(file: &str, count: usize, examples: &[String]) -> String {
    let (records, lead) = if count == 1 {
        ("1 record that breaks".to_string(), ":")
    } else {
        (format!("{count} records that break"), ", e.g.")
    };
    format!(
        "{file} holds {records} PeerPlan's rules{lead} {}; nothing was merged",
        examples.join("; ")
    )
}

impl SyncError {
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Missing(_) => "file_missing",
            SyncError::Folder(_) => "is_folder",
            SyncError::OwnDatabase(_) => "own_database",
            SyncError::Empty(_) => "empty_file",
            SyncError::Unreadable(..) => "unreadable",
            SyncError::Vanished(_) => "vanished",
            SyncError::ChangedWhileReading(_) => "changed_while_reading",
            SyncError::NotSqlite(_) => "not_sqlite",
            SyncError::OtherApplication(_) => "other_application",
            SyncError::Truncated { .. } => "truncated",
            SyncError::Damaged(..) => "damaged",
            SyncError::ForeignSchema { .. } => "foreign_schema",
            SyncError::Invalid(..) => "invalid_file",
            SyncError::InvalidRows { .. } => "invalid_rows",
            SyncError::Cancelled => "cancelled",
            SyncError::FolderMissing(_) => "folder_missing",
            SyncError::NoFolder => "no_sync_folder",
            SyncError::NoBackup(_) => "no_backup",
            SyncError::OtherDatabasesBackup { .. } => "other_database_backup",
            SyncError::NoConflict(_) => "no_conflict",
        }
    }

    /// The catalog key that words the message in any language (`error.<key>`): the code,
    /// or a finer key where the code is said several ways.
    pub fn message_key(&self) -> &'static str {
        match self {
            SyncError::Truncated {
                expected: Some(_), ..
            } => "truncated.expected",
            SyncError::Damaged(_, reason) | SyncError::Invalid(_, reason) => {
                reason.key.unwrap_or(self.code())
            }
            SyncError::ForeignSchema { kind, .. } => match kind.as_str() {
                "table" => "foreign_schema.table",
                "index" => "foreign_schema.index",
                "view" => "foreign_schema.view",
                "trigger" => "foreign_schema.trigger",
                _ => "foreign_schema",
            },
            SyncError::InvalidRows { count: 1, .. } => "invalid_rows.one",
            other => other.code(),
        }
    }

    /// What the message was built from, by name (see `validate` for how each is worded).
    pub fn params(&self) -> crate::validate::Params {
        let file = |f: &String| vec![("file", f.clone())];
        match self {
            SyncError::Missing(f)
            | SyncError::Folder(f)
            | SyncError::OwnDatabase(f)
            | SyncError::Empty(f)
            | SyncError::Vanished(f)
            | SyncError::ChangedWhileReading(f)
            | SyncError::NotSqlite(f)
            | SyncError::OtherApplication(f) => file(f),
            SyncError::Unreadable(f, reason) => {
                vec![("file", f.clone()), ("reason", reason.clone())]
            }
            SyncError::Truncated {
                file,
                have,
                expected,
            } => {
                let mut params = vec![("file", file.clone()), ("bytes", have.to_string())];
                if let Some(expected) = expected {
                    params.push(("expected", expected.to_string()));
                }
                params
            }
            SyncError::Damaged(f, reason) | SyncError::Invalid(f, reason) => {
                let mut params = file(f);
                params.extend(reason.params.iter().cloned());
                if reason.key.is_none() {
                    params.push(("reason", reason.text.clone()));
                }
                params
            }
            SyncError::ForeignSchema { file, kind, name } => vec![
                ("file", file.clone()),
                ("kind", kind.clone()),
                ("name", name.clone()),
            ],
            SyncError::InvalidRows {
                file,
                count,
                examples,
            } => vec![
                ("file", file.clone()),
                ("count", count.to_string()),
                ("examples", examples.join("; ")),
            ],
            SyncError::Cancelled | SyncError::NoFolder => Vec::new(),
            SyncError::FolderMissing(folder) => vec![("folder", folder.clone())],
            SyncError::NoBackup(name) => vec![("name", name.clone())],
            SyncError::OtherDatabasesBackup { name, owner } => {
                vec![("name", name.clone()), ("owner", owner.clone())]
            }
            SyncError::NoConflict(id) => vec![("id", id.clone())],
        }
    }

    /// Worth retrying at the next sync (the file was being written or the share was away).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SyncError::Vanished(_)
                | SyncError::ChangedWhileReading(_)
                | SyncError::Truncated { .. }
                | SyncError::Empty(_)
                | SyncError::Unreadable(..)
        )
    }
}

/// Why a file is damaged or cannot be merged: the English words, and the catalog key and
/// parameters that word them in any language (`error.<key>`, with the file's name). A reason
/// with no key (a message of SQLite's) is shown as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub key: Option<&'static str>,
    pub text: String,
    pub params: crate::validate::Params,
}

impl Reason {
    pub fn new(key: &'static str, text: impl Into<String>) -> Reason {
        Reason {
            key: Some(key),
            text: text.into(),
            params: Vec::new(),
        }
    }

    /// Adds a parameter of the message.
    pub fn with(mut self, name: &'static str, value: impl std::fmt::Display) -> Reason {
        self.params.push((name, value.to_string()));
        self
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// A reason in SQLite's own words, shown as it is.
impl From<String> for Reason {
    fn from(text: String) -> Reason {
        Reason {
            key: None,
            text,
            params: Vec::new(),
        }
    }
}

/// What a copy has seen of each installation's changes: per installation, the highest stamp
/// merged. Every stamp an installation hands out is higher than its earlier ones, so "has seen
/// stamp S" is `knowledge[S.node] >= S`.
#[derive(Debug, Clone, Default)]
pub struct Knowledge(BTreeMap<String, String>);

impl Knowledge {
    /// `sync_knowledge` plus the database's own clock (it has seen all of its own changes).
    pub fn of_database(conn: &Connection) -> Result<Knowledge> {
        let mut map = BTreeMap::new();
        let mut stmt = conn.prepare("SELECT node, stamp FROM sync_knowledge")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (node, stamp) = row?;
            map.insert(node, stamp);
        }
        let clock = crate::store::installation_clock(conn)?;
        let (millis, counter) = clock.last();
        let own = Stamp {
            millis,
            counter,
            node: clock.node().to_string(),
        };
        map.insert(own.node.clone(), own.to_string());
        Ok(Knowledge(map))
    }

    /// Knowledge from (installation, highest stamp seen) pairs (tests build it by hand).
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Knowledge {
        Knowledge(pairs.into_iter().collect())
    }

    pub fn covers(&self, dot: &str) -> bool {
        self.0
            .get(crate::hlc::node_of(dot))
            .is_some_and(|seen| seen.as_str() >= dot)
    }

    pub fn merged_with(&self, other: &Knowledge) -> Knowledge {
        let mut out = self.0.clone();
        for (node, stamp) in &other.0 {
            let entry = out.entry(node.clone()).or_default();
            if stamp > entry {
                *entry = stamp.clone();
            }
        }
        Knowledge(out)
    }

    /// Writes every entry but our own (that one is the clock).
    pub fn save(&self, conn: &Connection, own_id: &str) -> Result<()> {
        let mut stmt = conn.prepare_cached(
            "INSERT INTO sync_knowledge (node, stamp) VALUES (?1, ?2)
             ON CONFLICT (node) DO UPDATE SET stamp = max(stamp, excluded.stamp)",
        )?;
        for (node, stamp) in &self.0 {
            if node != own_id {
                stmt.execute([node, stamp])?;
            }
        }
        Ok(())
    }

    /// The newest stamp seen of anyone (which the local clock then follows, within bounds).
    pub fn highest(&self) -> Option<Stamp> {
        self.0
            .values()
            .filter_map(|s| s.parse::<Stamp>().ok())
            .max()
    }
}

/// What `export` wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Exported {
    pub path: String,
    pub bytes: u64,
    pub installation_name: String,
    pub exported_at: String,
}

/// Writes a consistent snapshot of the whole database to `dest`: `VACUUM INTO` a temporary
/// name beside it, flushed to disk, then renamed over `dest`, so a colleague's PeerPlan (or a
/// sync client) never sees half a file.
pub fn export(store: &mut Store, dest: &Path) -> Result<Exported> {
    let now = crate::store::now_text();
    store
        .conn()
        .execute("UPDATE installation SET exported_at = ?1", [&now])?;
    let dir = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        return Err(SyncError::FolderMissing(dir.display().to_string()).into());
    }
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let temp = dir.join(format!(".{name}.{}.partial", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    let result = (|| -> Result<u64> {
        store
            .conn()
            .execute("VACUUM INTO ?1", [temp.to_string_lossy().as_ref()])?;
        {
            // The snapshot keeps the journal mode of the source; a plain rollback-journal file
            // opens anywhere without a -wal beside it.
            let conn = Connection::open(&temp)?;
            conn.pragma_update(None, "journal_mode", "DELETE")?;
        }
        let file = std::fs::File::open(&temp)
            .map_err(|e| crate::Error::io(format!("Cannot read {}", temp.display()), e))?;
        file.sync_all()
            .map_err(|e| crate::Error::io(format!("Cannot flush {}", temp.display()), e))?;
        let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
        std::fs::rename(&temp, dest)
            .map_err(|e| crate::Error::io(format!("Cannot write {}", dest.display()), e))?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        // An earlier export of this file that was killed half-way left its temporary file.
        remove_leftovers(&dir, &format!(".{name}."), ".partial");
        Ok(bytes)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    Ok(Exported {
        path: dest.display().to_string(),
        bytes: result?,
        installation_name: store.installation_name()?,
        exported_at: now,
    })
}

/// Text made safe for a file name: lower-case letters and digits, anything else one '-', at
/// most `max_chars` ("Amina's laptop" → "amina-s-laptop").
pub(crate) fn slug(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(max_chars).collect()
}

/// Work that was killed (power cut, SIGKILL) leaves its temporary files behind: a merge's
/// private copy, a half-written export or backup. The next one removes the entries of `dir`
/// whose names start with `prefix` and end with `suffix` once they are more than an hour old
/// (no export, backup or merge of a laptop's data takes that long, so none is still being
/// written).
pub(crate) fn remove_leftovers(dir: &Path, prefix: &str, suffix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(prefix) || !name.ends_with(suffix) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if old {
            let path = entry.path();
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

/// The synced tables as sorted text: two databases hold the same data exactly when their dumps
/// are equal (tests compare installations with it). Deleted rows appear as deleted, with
/// their fields; bookkeeping times and stamps are left out.
pub fn canonical_dump(conn: &Connection) -> Result<String> {
    let mut out = String::new();
    for t in tables::TABLES {
        let columns = tables::data_columns(conn, t.name)?;
        let sql = format!(
            "SELECT id, deleted_at IS NOT NULL, {} FROM {} ORDER BY id",
            columns.join(", "),
            t.name
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let deleted: bool = row.get(1)?;
            out.push_str(&format!(
                "{} {id}{}",
                t.name,
                if deleted { " DELETED" } else { "" }
            ));
            for (i, c) in columns.iter().enumerate() {
                let v: rusqlite::types::Value = row.get(i + 2)?;
                out.push_str(&format!(" {c}={}", merge::to_json(&v)));
            }
            out.push('\n');
        }
    }
    Ok(out)
}
