//! Automatic backups: a consistent copy of the local database (`VACUUM INTO`) taken before a
//! merge or a restore replaces anything, kept in `backups/` beside the database, the newest
//! `KEEP` kept. A restore checks the backup like a colleague's file, backs up the current data
//! first, and copies the backup's pages into the open database in one step.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::incoming::Incoming;
use super::SyncError;
use crate::store::Store;
use crate::Result;

/// How many backups are kept; older ones are removed when a new one is made.
pub const KEEP: usize = 10;

const SUFFIX: &str = ".peerplan-backup";

/// The reasons PeerPlan writes beside its backups (`create`, `start`): before a merge (with the
/// colleague's installation name), before a restore, before an import (of `IMPORTED`).
pub const BEFORE_MERGING: &str = "before merging ";
pub const BEFORE_RESTORING: &str = "before restoring a backup";
pub const BEFORE_IMPORTING: &str = "before importing ";
/// What an import backs up before (`BEFORE_IMPORTING` + one of these).
pub const IMPORTED: [&str; 3] = ["people", "participants", "partnerships"];

/// A backup's stored reason as a catalog phrase (`sync.backup_reason.<key>`) and its
/// parameters, so each edge words it; `None` for a reason this build did not write.
pub fn reason_phrase(stored: &str) -> Option<crate::validate::StoredPhrase> {
    // i18n-dynamic: sync.backup_reason.
    let key = |k: &str| format!("sync.backup_reason.{k}");
    if stored == BEFORE_RESTORING {
        return Some((key("restoring"), Vec::new()));
    }
    if let Some(what) = stored.strip_prefix(BEFORE_IMPORTING) {
        return IMPORTED
            .contains(&what)
            .then(|| (key(&format!("importing_{what}")), Vec::new()));
    }
    let name = stored.strip_prefix(BEFORE_MERGING)?;
    Some((key("merging"), vec![("name", name.to_string())]))
}

fn serialize_reason<S: serde::Serializer>(
    stored: &str,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::validate::serialised_stored(
        stored,
        reason_phrase(stored),
    ))
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupInfo {
    /// The file name, which `restore` takes.
    pub name: String,
    pub path: String,
    /// When it was made (RFC 3339, UTC; from its name).
    pub made_at: String,
    /// Why ("before merging Amina's laptop"), as stored beside it; serialised in the app's
    /// language where it is PeerPlan's own words ([`reason_phrase`]).
    #[serde(serialize_with = "serialize_reason")]
    pub reason: String,
    pub bytes: u64,
    /// The installation whose database it is a copy of (two databases can share one folder,
    /// and so one `backups/`).
    #[serde(skip)]
    installation_id: Option<String>,
    #[serde(skip)]
    installation_name: Option<String>,
}

pub fn folder(store: &Store) -> PathBuf {
    match store.path().and_then(|p| p.parent()) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("backups"),
        Some(_) => PathBuf::from("backups"),
        None => std::env::temp_dir().join(format!("peerplan-backups-{}", store.installation_id())),
    }
}

/// Makes a backup now and removes the oldest beyond `KEEP`. Returns its path.
pub fn create(store: &Store, reason: &str) -> Result<PathBuf> {
    start(store, reason)?.finish(store)
}

/// A backup being written, perhaps on another thread.
pub struct PendingBackup {
    reason: String,
    dest: PathBuf,
    writing: std::thread::JoinHandle<Result<()>>,
    /// Stops the copy at once when it is no longer wanted (a cancelled or refused merge).
    interrupt: Option<rusqlite::InterruptHandle>,
}

/// Starts a backup. For a database in a file it is written by a thread over a read-only
/// connection of its own, so a merge can go on checking the incoming file meanwhile; the
/// copy is of the data as committed when the thread starts reading. `finish` waits for it.
/// The caller must not write to the database until then, or the backup may hold the change.
pub fn start(store: &Store, reason: &str) -> Result<PendingBackup> {
    let dir = folder(store);
    std::fs::create_dir_all(&dir).map_err(|e| {
        crate::Error::io(
            format!("Cannot create the backup folder {}", dir.display()),
            e,
        )
    })?;
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S-%3f");
    let name = format!("peerplan-{stamp}-{}{SUFFIX}", super::slug(reason, 60));
    let dest = dir.join(&name);
    let temp = dir.join(format!(".{name}.partial"));
    let _ = std::fs::remove_file(&temp);
    let (writing, interrupt) = match store.path() {
        Some(database) => {
            let conn = rusqlite::Connection::open_with_flags(
                database,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )?;
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            let interrupt = conn.get_interrupt_handle();
            let dest = dest.clone();
            let writing = std::thread::spawn(move || write(&conn, &temp, &dest));
            (writing, Some(interrupt))
        }
        None => {
            // An in-memory database has no second connection: copy it now.
            let done = write(store.conn(), &temp, &dest);
            (std::thread::spawn(move || done), None)
        }
    };
    Ok(PendingBackup {
        reason: reason.to_string(),
        dest,
        writing,
        interrupt,
    })
}

impl PendingBackup {
    /// Waits for the copy, notes its reason and removes the oldest backups beyond `KEEP`.
    pub fn finish(self, store: &Store) -> Result<PathBuf> {
        self.writing.join().unwrap_or_else(|_| {
            Err(crate::Error::io(
                format!("Cannot write {}", self.dest.display()),
                std::io::Error::other("the backup thread stopped"),
            ))
        })?;
        // The reason in words, beside the backup (the file name keeps only a slug of it).
        let _ = std::fs::write(about_path(&self.dest), &self.reason);
        for old in list(store)?.into_iter().skip(KEEP) {
            remove(Path::new(&old.path));
        }
        // A backup that was killed half-way (the merge's process ended) left its temporary file.
        if let Some(dir) = self.dest.parent() {
            super::remove_leftovers(dir, ".peerplan-", ".partial");
        }
        Ok(self.dest)
    }

    /// Stops the copy and removes it: what it was for did not happen.
    pub fn discard(self) {
        if let Some(interrupt) = &self.interrupt {
            interrupt.interrupt();
        }
        let _ = self.writing.join();
        remove(&self.dest);
    }
}

/// Removes a backup and its note.
pub fn remove(backup: &Path) {
    let _ = std::fs::remove_file(about_path(backup));
    let _ = std::fs::remove_file(backup);
}

/// `VACUUM INTO` a hidden temporary name, flushed, then renamed: a backup is whole or absent.
fn write(conn: &rusqlite::Connection, temp: &Path, dest: &Path) -> Result<()> {
    let made = (|| -> Result<()> {
        conn.execute("VACUUM INTO ?1", [temp.to_string_lossy().as_ref()])?;
        let f = std::fs::File::open(temp)
            .map_err(|e| crate::Error::io(format!("Cannot read {}", temp.display()), e))?;
        f.sync_all()
            .map_err(|e| crate::Error::io(format!("Cannot flush {}", temp.display()), e))?;
        std::fs::rename(temp, dest)
            .map_err(|e| crate::Error::io(format!("Cannot write {}", dest.display()), e))?;
        Ok(())
    })();
    if made.is_err() {
        let _ = std::fs::remove_file(temp);
    }
    made
}

fn about_path(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_os_string();
    name.push(".txt");
    PathBuf::from(name)
}

/// The installation a backup was taken of, read from the backup itself.
fn owner(path: &Path) -> Option<(String, String)> {
    let conn = super::incoming::open_untrusted(path).ok()?;
    conn.query_row("SELECT id, name FROM installation", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .ok()
}

/// This database's backups, newest first (not those of another database kept in the same
/// folder).
pub fn list(store: &Store) -> Result<Vec<BackupInfo>> {
    Ok(list_all(store)?
        .into_iter()
        .filter(|b| b.installation_id.as_deref() == Some(store.installation_id()))
        .collect())
}

fn list_all(store: &Store) -> Result<Vec<BackupInfo>> {
    let dir = folder(store);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(crate::Error::io(
                format!("Cannot read {}", dir.display()),
                e,
            ))
        }
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name
            .strip_prefix("peerplan-")
            .and_then(|n| n.strip_suffix(SUFFIX))
        else {
            continue;
        };
        // peerplan-YYYYMMDD-HHMMSS-mmm-reason
        let (when, reason) = stem.split_at(stem.len().min(19));
        let made_at = chrono::NaiveDateTime::parse_from_str(when, "%Y%m%d-%H%M%S-%3f")
            .map(|t| {
                t.and_utc()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            })
            .unwrap_or_else(|_| when.to_string());
        let reason = std::fs::read_to_string(about_path(&entry.path()))
            .unwrap_or_else(|_| reason.trim_start_matches('-').replace('-', " "));
        let (installation_id, installation_name) = match owner(&entry.path()) {
            Some((id, name)) => (Some(id), Some(name)),
            None => (None, None),
        };
        out.push(BackupInfo {
            installation_id,
            installation_name,
            path: entry.path().display().to_string(),
            bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
            made_at,
            reason,
            name,
        });
    }
    out.sort_by(|a, b| b.name.cmp(&a.name));
    Ok(out)
}

/// Replaces the local data with the backup `name` (a file name from `list`). The backup is
/// checked first; the current data is backed up before it is replaced.
pub fn restore(store: &mut Store, name: &str) -> Result<BackupInfo> {
    let backup = list_all(store)?
        .into_iter()
        .find(|b| b.name == name)
        .ok_or_else(|| SyncError::NoBackup(name.to_string()))?;
    if backup.installation_id.as_deref() != Some(store.installation_id()) {
        return Err(SyncError::OtherDatabasesBackup {
            name: name.to_string(),
            owner: backup
                .installation_name
                .clone()
                .unwrap_or_else(|| "an unknown installation".into()),
        }
        .into());
    }
    let mut checked = Incoming::prepare(store, Path::new(&backup.path), &mut |_, _| {})?;
    checked.wait_for_integrity()?;
    create(store, BEFORE_RESTORING)?;
    let counter_before: i64 =
        store
            .conn()
            .query_row("SELECT n FROM cost_index_changes WHERE id = 1", [], |r| {
                r.get(0)
            })?;
    let source = checked.checked_path().to_path_buf();
    store.conn_mut().restore(
        rusqlite::MAIN_DB,
        &source,
        None::<fn(rusqlite::backup::Progress)>,
    )?;
    // Our clock stays where it is (ahead of every stamp we handed out), so nothing we write
    // after the restore can reuse a stamp colleagues already hold.
    store.persist_clock()?;
    // Another process (the app, while the CLI restores) keeps a budget index built at some
    // value of the counter, which the restored file may hold lower and reach again with other
    // lines. Past both, with the restore logged as a change of everything, every reader
    // rebuilds.
    store.write(|w| {
        w.conn().execute(
            "UPDATE cost_index_changes SET n = max(n, ?1) + 1",
            [counter_before],
        )?;
        w.conn().execute(
            "INSERT INTO cost_index_log (n, exchange_id) SELECT n, NULL FROM cost_index_changes",
            [],
        )?;
        Ok(())
    })?;
    store.forget_caches();
    Ok(backup)
}
