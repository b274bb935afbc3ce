//! Sync by file share (issue 8): export, preview and merge a colleague's file, the shared
//! folder, conflicts and backups. The work is the core's (`peerplan_core::sync`); these
//! commands choose files in native dialogs, report progress as `sync-progress` events and let
//! the UI cancel a long merge (`cancel_sync`) while the window stays responsive.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use peerplan_core::sync::backup::{self, BackupInfo};
use peerplan_core::sync::conflicts::{self, ConflictView, Resolution};
use peerplan_core::sync::folder::{self, Peer, SyncSummary};
use peerplan_core::sync::{self, Exported, MergeOptions, MergeReport, Progress};

use crate::error::CommandError;
use crate::exports::{ask_where, checked_export_path, run_dialog};
use crate::state::{with_reader, with_store, AppState};

type Reply<T> = Result<T, CommandError>;

/// The frontend event carrying a merge's or a sync's progress.
pub const PROGRESS_EVENT: &str = "sync-progress";

/// Set by `cancel_sync`; read by the merge running on the blocking pool. Kept outside the
/// store's mutex, which the running merge holds.
#[derive(Default, Clone)]
pub struct CancelFlag(pub Arc<AtomicBool>);

#[derive(Clone, Serialize)]
struct ProgressEvent {
    file: String,
    stage: &'static str,
    done: u64,
    total: u64,
}

/// The stage of the last event of every merge or sync, whatever its outcome: the shell hides
/// its "sync running" status on it.
const FINISHED: Progress = Progress {
    stage: "finished",
    done: 0,
    total: 0,
};

/// Sends one progress report to the window (a lost report only leaves the bar behind).
fn emit_progress<R: Runtime>(app: &AppHandle<R>, file: &str, p: &Progress) {
    let _ = app.emit(
        PROGRESS_EVENT,
        ProgressEvent {
            file: file.to_string(),
            stage: p.stage,
            done: p.done,
            total: p.total,
        },
    );
}

/// Writes the whole database to a `.peerplan` file chosen in a save dialog (or `path`);
/// null when the officer cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_database<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    path: Option<String>,
) -> Reply<Option<Exported>> {
    let target = match path {
        Some(p) => checked_export_path(&p, sync::EXTENSION)?,
        None => {
            let name = with_store(&state, |s| folder::own_file_name(s)).await?;
            match ask_where(&window, name, "PeerPlan database", sync::EXTENSION).await? {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    let exported = with_store(&state, move |s| sync::export(s, &target)).await?;
    Ok(Some(exported))
}

/// Opens the native file picker for a colleague's `.peerplan` file; null when cancelled.
#[tauri::command]
pub async fn choose_merge_file<R: Runtime>(window: WebviewWindow<R>) -> Reply<Option<String>> {
    let builder = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title(crate::language::word("dialog.merge_title"))
        .add_filter(
            crate::language::word("dialog.filter.peerplan"),
            &[sync::EXTENSION],
        );
    let chosen = run_dialog("file", move || builder.blocking_pick_file()).await?;
    Ok(chosen.map(|p| p.display().to_string()))
}

/// Opens the native folder picker for the sync folder; null when cancelled.
#[tauri::command]
pub async fn choose_sync_folder<R: Runtime>(window: WebviewWindow<R>) -> Reply<Option<String>> {
    let builder = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title(crate::language::word("dialog.sync_folder_title"));
    let chosen = run_dialog("folder", move || builder.blocking_pick_folder()).await?;
    Ok(chosen.map(|p| p.display().to_string()))
}

/// Merges `path` (or, with `dry_run`, only reports what it would do), leaving out the records
/// whose ids are in `leave_out`. Progress goes out as `sync-progress` events.
#[tauri::command(rename_all = "snake_case")]
pub async fn merge_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    cancel: State<'_, CancelFlag>,
    path: String,
    dry_run: bool,
    leave_out: Vec<String>,
) -> Reply<MergeReport> {
    let source = PathBuf::from(&path);
    let flag = Arc::clone(&cancel.0);
    flag.store(false, Ordering::Relaxed);
    let label = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (events, label_sent) = (app.clone(), label.clone());
    let progress = move |p: &Progress| emit_progress(&events, &label_sent, p);
    let outcome = with_store(&state, move |s| {
        sync::merge_file(
            s,
            &source,
            MergeOptions {
                dry_run,
                leave_out: leave_out.into_iter().collect(),
                progress: Box::new(progress),
                cancel: Some(&flag),
            },
        )
    })
    .await;
    emit_progress(&app, &label, &FINISHED);
    outcome
}

/// Stops the merge or sync that is running; it rolls back and rejects with `cancelled`.
#[tauri::command]
pub fn cancel_sync(cancel: State<'_, CancelFlag>) {
    cancel.0.store(true, Ordering::Relaxed);
}

/// What the Sync section of Settings shows.
#[derive(Serialize)]
pub struct SyncStatus {
    folder: Option<String>,
    folder_available: bool,
    own_file_name: String,
    peers: Vec<Peer>,
    backups: Vec<BackupInfo>,
    open_conflicts: i64,
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Reply<SyncStatus> {
    with_reader(&state, |s| {
        let folder = folder::sync_folder_setting(s)?;
        Ok(SyncStatus {
            folder_available: folder
                .as_deref()
                .is_some_and(|f| std::path::Path::new(f).is_dir()),
            folder,
            own_file_name: folder::own_file_name(s)?,
            peers: folder::peers(s)?,
            backups: backup::list(s)?,
            open_conflicts: conflicts::open_count(s)?,
        })
    })
    .await
}

/// Sets (or with null clears) the sync folder. A path that is not a folder is refused,
/// naming the field `sync_folder`.
#[tauri::command]
pub async fn set_sync_folder(state: State<'_, AppState>, folder: Option<String>) -> Reply<()> {
    with_store(&state, move |s| {
        folder::set_sync_folder(s, folder.as_deref())
    })
    .await
}

/// Sync now: merge every colleague's file in the sync folder, then write ours.
#[tauri::command]
pub async fn sync_now<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    cancel: State<'_, CancelFlag>,
) -> Reply<SyncSummary> {
    let flag = Arc::clone(&cancel.0);
    flag.store(false, Ordering::Relaxed);
    let events = app.clone();
    let outcome = with_store(&state, move |s| {
        let dir = folder::sync_folder_setting(s)?.ok_or(sync::SyncError::NoFolder)?;
        let mut progress = |file: &str, p: &Progress| emit_progress(&events, file, p);
        folder::sync(s, std::path::Path::new(&dir), &mut progress, Some(&flag))
    })
    .await;
    emit_progress(&app, "", &FINISHED);
    outcome
}

#[tauri::command]
pub async fn list_conflicts(state: State<'_, AppState>) -> Reply<Vec<ConflictView>> {
    with_reader(&state, |s| conflicts::open(s)).await
}

/// The conflicts answered most recently (the Conflicts view's "Answered" list).
#[tauri::command]
pub async fn answered_conflicts(state: State<'_, AppState>) -> Reply<Vec<ConflictView>> {
    with_reader(&state, |s| conflicts::recently_resolved(s, 20)).await
}

/// Answers a conflict: `keep`, `use_other`, `keep_both` (texts), `restore` (deleted) or
/// `take` (a record set aside, with the officer's `corrections`, field → value).
#[tauri::command]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    id: String,
    answer: String,
    corrections: Option<serde_json::Map<String, serde_json::Value>>,
) -> Reply<()> {
    let answer = Resolution::parse(&answer).ok_or_else(|| {
        CommandError::bad_request(format!(
            "'{answer}' is not an answer to a conflict; use keep, use_other, keep_both, restore or take"
        ))
    })?;
    let corrections = corrections.unwrap_or_default();
    with_store(&state, move |s| {
        conflicts::resolve_with(s, &id, answer, &corrections)
    })
    .await
}

#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, name: String) -> Reply<BackupInfo> {
    let restored = with_store(&state, move |s| backup::restore(s, &name)).await?;
    // The pages' connection kept an index of the data the restore replaced.
    with_reader(&state, |s| {
        s.forget_caches();
        Ok(())
    })
    .await?;
    Ok(restored)
}
