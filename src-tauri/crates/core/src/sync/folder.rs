//! Shared-folder sync: merge every colleague's `.peerplan` file in a folder (a network drive,
//! a synced cloud folder, a USB stick), then write this installation's own file there.
//!
//! A folder that is missing or not mounted is an error, never "everyone deleted everything":
//! nothing in a folder's listing can delete a record — only a record's own tombstone can.
//! Files being written (incomplete, changing, empty) are skipped and retried next time.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use serde::Serialize;

use super::merge::{merge_file, MergeOptions, MergeReport, Progress};
use super::{export, Exported, SyncError, EXTENSION};
use crate::store::Store;
use crate::validate::Params;
use crate::{Error, Result};

#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub file: String,
    /// "merged", "unchanged" (nothing new), "skipped" (being written: retried next time),
    /// "own" (a sync client's copy of this installation's own file) or "refused" (a bad file:
    /// fix or remove it).
    pub status: &'static str,
    /// The message in English; serialised worded (`sync_outcome.<status>`, and the error's
    /// own `error.<key>` for a file skipped or refused).
    pub message: String,
    pub params: Params,
    /// Why a file was skipped or refused: the error's key, parameters and English message.
    pub error: Option<(&'static str, Params, String)>,
    pub installation_name: Option<String>,
    pub report: Option<MergeReport>,
}

impl FileOutcome {
    /// The message in `word`'s language: `word(key, params, english)` words one message.
    pub fn worded(&self, word: impl Fn(&str, &[(&'static str, String)], &str) -> String) -> String {
        let error = self
            .error
            .as_ref()
            .map(|(key, params, english)| word(&format!("error.{key}"), params, english));
        match (self.status, error) {
            ("refused", Some(error)) => error,
            ("skipped", Some(error)) => {
                word("sync_outcome.skipped", &[("error", error)], &self.message)
            }
            (status, _) => word(
                &format!("sync_outcome.{status}"),
                &self.params,
                &self.message,
            ),
        }
    }
}

impl Serialize for FileOutcome {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("FileOutcome", 5)?;
        out.serialize_field("file", &self.file)?;
        out.serialize_field("status", self.status)?;
        out.serialize_field("message", &self.worded(crate::validate::serialised_text))?;
        out.serialize_field("installation_name", &self.installation_name)?;
        out.serialize_field("report", &self.report)?;
        out.end()
    }
}

#[derive(Debug, Clone)]
pub struct SyncSummary {
    pub folder: String,
    pub files: Vec<FileOutcome>,
    /// This installation's own file, written after the merges.
    pub exported: Exported,
    /// A note for the officer when there was nothing to merge (in English; serialised worded,
    /// `sync_outcome.no_files`).
    pub note: Option<String>,
    pub peers: Vec<Peer>,
}

impl Serialize for SyncSummary {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let note = self.note.as_ref().map(|english| {
            crate::validate::serialised_text(
                "sync_outcome.no_files",
                &[("folder", self.folder.clone())],
                english,
            )
        });
        let mut out = serializer.serialize_struct("SyncSummary", 5)?;
        out.serialize_field("folder", &self.folder)?;
        out.serialize_field("files", &self.files)?;
        out.serialize_field("exported", &self.exported)?;
        out.serialize_field("note", &note)?;
        out.serialize_field("peers", &self.peers)?;
        out.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Peer {
    pub installation_id: String,
    pub name: String,
    pub file_name: String,
    pub exported_at: Option<String>,
    pub merged_at: String,
    pub changes: i64,
}

/// Colleagues whose files were merged here, the most recent first.
pub fn peers(store: &Store) -> Result<Vec<Peer>> {
    let mut stmt = store.conn().prepare(
        "SELECT installation_id, name, file_name, exported_at, merged_at, changes
           FROM sync_peers ORDER BY merged_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Peer {
            installation_id: r.get(0)?,
            name: r.get(1)?,
            file_name: r.get(2)?,
            exported_at: r.get(3)?,
            merged_at: r.get(4)?,
            changes: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn sync_folder_setting(store: &Store) -> Result<Option<String>> {
    Ok(store
        .conn()
        .query_row("SELECT sync_folder FROM installation", [], |r| r.get(0))?)
}

pub fn set_sync_folder(store: &Store, folder: Option<&str>) -> Result<()> {
    let folder = folder.map(str::trim).filter(|f| !f.is_empty());
    if let Some(f) = folder {
        if !Path::new(f).is_dir() {
            let mut report = crate::validate::Report::default();
            report
                .error(
                    "sync_folder",
                    "not_a_folder",
                    format!("{f} is not a folder on this computer (is the drive connected?)"),
                )
                .with("folder", f);
            report.into_result()?;
        }
    }
    store
        .conn()
        .execute("UPDATE installation SET sync_folder = ?1", [folder])?;
    Ok(())
}

/// This installation's file name in a shared folder: its name for people, its id so two
/// laptops with the same name never write the same file.
pub fn own_file_name(store: &Store) -> Result<String> {
    let slug = super::slug(&store.installation_name()?, 40);
    Ok(format!("{slug}-{}.{EXTENSION}", own_short_id(store)))
}

/// The short id every file this installation writes carries in its name (`own_file_name`).
fn own_short_id(store: &Store) -> String {
    let id: String = store
        .installation_id()
        .chars()
        .filter(|c| *c != '-')
        .collect();
    id[id.len().saturating_sub(8)..].to_string()
}

/// Whether `file_name` is this installation's own file or a copy a sync client made of it
/// ("amina-3f2a9c1d (Amina's conflicted copy).peerplan"): it carries our short id.
pub fn is_own_file(store: &Store, file_name: &str) -> bool {
    let short = own_short_id(store);
    !short.is_empty() && file_name.to_lowercase().contains(&format!("-{short}"))
}

/// The `.peerplan` files of other installations in `folder` — and copies that sync clients
/// made of them ("… (conflicted copy).peerplan", "…-conflict-….peerplan") — sorted by name.
pub fn colleague_files(folder: &Path, own_name: &str) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(folder)
        .map_err(|_| SyncError::FolderMissing(folder.display().to_string()))?;
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_peerplan = Path::new(&name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(EXTENSION));
        if !is_peerplan || name.starts_with('.') || name == own_name {
            continue;
        }
        if entry.file_type().map(|t| t.is_dir()).unwrap_or(true) {
            continue;
        }
        out.push(entry.path());
    }
    out.sort();
    Ok(out)
}

/// Merges every colleague's file in `folder`, then writes ours. `progress` gets each file's
/// progress; `cancel` stops between files and inside a merge (that merge is rolled back).
pub fn sync(
    store: &mut Store,
    folder: &Path,
    progress: &mut dyn FnMut(&str, &Progress),
    cancel: Option<&AtomicBool>,
) -> Result<SyncSummary> {
    if !folder.is_dir() {
        return Err(SyncError::FolderMissing(folder.display().to_string()).into());
    }
    let own_name = own_file_name(store)?;
    let files = colleague_files(folder, &own_name)?;
    let mut outcomes = Vec::new();
    for file in &files {
        if cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed)) {
            return Err(SyncError::Cancelled.into());
        }
        let shown = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_own_file(store, &shown) {
            // A copy a sync client made of our own file: everything in it is already here.
            outcomes.push(FileOutcome {
                file: shown.clone(),
                status: "own",
                message: "a copy of your own file (made by the sync client); nothing to merge"
                    .into(),
                params: Vec::new(),
                error: None,
                installation_name: Some(store.installation_name()?),
                report: None,
            });
            continue;
        }
        let options = MergeOptions {
            progress: Box::new(|p: &Progress| progress(&shown, p)),
            cancel,
            ..MergeOptions::default()
        };
        let outcome = match merge_file(store, file, options) {
            Ok(report) => FileOutcome {
                file: shown.clone(),
                status: if report.nothing_to_do() {
                    "unchanged"
                } else {
                    "merged"
                },
                message: if report.nothing_to_do() {
                    format!("nothing new from {}", report.file.installation_name)
                } else {
                    format!(
                        "{} new, {} changed, {} deleted, {} conflicts from {}",
                        report.new,
                        report.changed,
                        report.deleted,
                        report.conflicts,
                        report.file.installation_name
                    )
                },
                params: vec![
                    ("new", report.new.to_string()),
                    ("changed", report.changed.to_string()),
                    ("deleted", report.deleted.to_string()),
                    ("conflicts", report.conflicts.to_string()),
                    ("installation", report.file.installation_name.clone()),
                ],
                error: None,
                installation_name: Some(report.file.installation_name.clone()),
                report: Some(report),
            },
            Err(Error::Sync(SyncError::Cancelled)) => return Err(SyncError::Cancelled.into()),
            Err(Error::Sync(e)) if e.is_transient() => FileOutcome {
                file: shown.clone(),
                status: "skipped",
                message: format!("{e} (skipped; it will be retried at the next sync)"),
                params: Vec::new(),
                error: Some((e.message_key(), e.params(), e.to_string())),
                installation_name: None,
                report: None,
            },
            Err(e) => FileOutcome {
                file: shown.clone(),
                status: "refused",
                message: e.to_string(),
                params: Vec::new(),
                error: e
                    .report()
                    .is_none()
                    .then(|| (e.message_key(), e.params(), e.to_string())),
                installation_name: None,
                report: None,
            },
        };
        outcomes.push(outcome);
    }
    let note = if files.is_empty() {
        Some(format!(
            "No colleague's file in {} yet: nothing was merged (and nothing was deleted). Your own file was written there for them.",
            folder.display()
        ))
    } else {
        None
    };
    let exported = export(store, &folder.join(&own_name))?;
    Ok(SyncSummary {
        folder: folder.display().to_string(),
        files: outcomes,
        exported,
        note,
        peers: peers(store)?,
    })
}
