//! Merging a colleague's checked file into the local database.
//!
//! 1. `find_candidates` walks both copies in id order and notes the rows that differ.
//! 2. Those rows of the file are checked with `check`'s rules; a record that breaks one is set
//!    aside (not merged, shown in Conflicts with the reason) and the rest goes on.
//! 3. A backup is written beside the checks, then one transaction merges group by group
//!    (`rows`: causality first, stamps only between concurrent edits), repairs what two
//!    valid copies can break together (`repair`), records conflicts, advances what this
//!    installation has seen of the others and commits — or rolls back for a preview.
//!
//! Sync never stops on one bad record, and nothing a merge writes breaks a rule: `check`
//! passes after every merge (tests/sync_simulation.rs).

mod repair;
mod report;
mod rows;
mod scope;
mod set_aside;

use report::{build_report, record_conflicts, sort_records, Conflict, Names};
use scope::find_candidates;
use set_aside::{set_aside_conflicts, validate_candidates, SetAside};

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::incoming::{FileInfo, Incoming};
use super::tables::{GroupKind, TABLES};
use super::{backup, Knowledge, Reason, SyncError};
use crate::hlc::Stamp;
use crate::store::Store;
use crate::Result;

pub(crate) use repair::{heal_twins, json_value};
pub use repair::{RuleTreatment, RULE_TREATMENTS};
pub use report::source_phrase;
pub(crate) use rows::to_json;

/// Where a merge is, for a progress bar.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    /// "copying", "checking", "validating", "backing_up", "merging" or "saving" (the app adds
    /// "finished" after the last).
    pub stage: &'static str,
    pub done: u64,
    pub total: u64,
}

pub struct MergeOptions<'a> {
    /// Work out the preview and roll it back: nothing is written, no backup is made.
    pub dry_run: bool,
    /// Records (by id) the officer chose to leave out, with everything new under them.
    pub leave_out: HashSet<String>,
    pub progress: Box<dyn FnMut(&Progress) + 'a>,
    pub cancel: Option<&'a AtomicBool>,
}

impl Default for MergeOptions<'_> {
    fn default() -> Self {
        MergeOptions {
            dry_run: false,
            leave_out: HashSet::new(),
            progress: Box::new(|_: &Progress| {}),
            cancel: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A record this database did not have.
    New,
    /// Fields changed in the colleague's copy, taken here.
    Changed,
    /// Deleted in the colleague's copy.
    Deleted,
    /// Both changed the same thing (or one deleted what the other changed): see Conflicts.
    Conflict,
    /// The colleague's version breaks one of PeerPlan's rules: not merged; in Conflicts with
    /// the reason, to take once fixed.
    SetAside,
}

/// One field a merge changes: its value before and after, as JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// One record the merge adds or changes, for the preview and the report.
#[derive(Debug, Clone, Serialize)]
pub struct ChangedRecord {
    pub entity: &'static str,
    /// What the record is ("follow-up action"), serialised in the app's language.
    #[serde(serialize_with = "crate::validate::serialize_noun")]
    pub noun: &'static str,
    pub id: String,
    /// What the officer calls the record, serialised in the app's language.
    pub label: crate::label::RecordLabel,
    pub change: ChangeKind,
    /// The fields taken from the colleague's copy (or in conflict).
    pub fields: Vec<String>,
    /// For a changed record: each field taken, old → new (equal values are not listed).
    pub changes: Vec<FieldChange>,
    /// For a record set aside: what is wrong with it, field by field ("field: message").
    pub problems: Vec<crate::validate::Problem>,
    pub partnership_id: Option<String>,
    pub partnership_title: Option<String>,
    pub exchange_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MergeReport {
    pub file: FileInfo,
    /// False for a dry run (the preview) or when there was nothing to change.
    pub applied: bool,
    /// The backup made before applying, restorable with `peerplan restore`.
    pub backup: Option<String>,
    pub new: usize,
    pub changed: usize,
    pub deleted: usize,
    pub conflicts: usize,
    pub left_out: usize,
    /// Records of the file that break a rule, not merged (and shown in Conflicts the first
    /// time they are met), and new records under them that could not come in either.
    pub set_aside: usize,
    pub under_set_aside: usize,
    /// Of `set_aside`, those met for the first time (listed in Conflicts by this merge).
    pub new_set_aside: usize,
    /// The records, partnership by partnership; at most `RECORD_LIMIT` of them.
    pub records: Vec<ChangedRecord>,
    /// How many records are not listed because of the limit.
    pub unlisted: usize,
}

impl MergeReport {
    /// Nothing was (or would be) written: no record changed and no new conflict to review.
    pub fn nothing_to_do(&self) -> bool {
        self.new + self.changed + self.deleted + self.conflicts + self.new_set_aside == 0
    }
}

/// The preview lists at most this many records (the counts are always complete).
pub const RECORD_LIMIT: usize = 5_000;

const PROGRESS_EVERY: u64 = 2_000;

/// Merges the PeerPlan file at `source` into `store` (or, with `dry_run`, only reports what
/// it would do). Bad files are refused before anything is written.
pub fn merge_file(
    store: &mut Store,
    source: &std::path::Path,
    mut options: MergeOptions<'_>,
) -> Result<MergeReport> {
    let progress = &mut *options.progress;
    let incoming = Incoming::prepare(store, source, &mut |done, total| {
        progress(&Progress {
            stage: "copying",
            done,
            total,
        })
    })?;
    progress(&Progress {
        stage: "checking",
        done: 0,
        total: 0,
    });
    let mut incoming = incoming;
    let remote = incoming.open()?;
    let info = incoming.info.clone();
    let outcome = merge_incoming(store, &info, &mut incoming, &remote, options);
    // A damaged file can fail a read before its integrity check says why: say why.
    match (outcome, incoming.wait_for_integrity()) {
        (Err(_), Err(damaged)) => Err(damaged),
        (outcome, _) => outcome,
    }
}

/// Rows validated at a time, so the memory a merge needs does not grow with the file.
const CHECK_CHUNK: i64 = 10_000;

fn cancelled(cancel: Option<&AtomicBool>) -> bool {
    cancel.is_some_and(|c| c.load(Ordering::Relaxed))
}

fn merge_incoming(
    store: &mut Store,
    info: &FileInfo,
    incoming: &mut Incoming,
    remote_store: &Store,
    options: MergeOptions<'_>,
) -> Result<MergeReport> {
    let remote = remote_store.conn();
    let MergeOptions {
        dry_run,
        mut leave_out,
        mut progress,
        cancel,
    } = options;
    let progress: &mut dyn FnMut(&Progress) = &mut *progress;
    // Our own earlier export (a sync client's "conflicted copy" of our file) is merged like any
    // other: everything we changed since has seen it, so it changes nothing.
    let local_knowledge = Knowledge::of_database(store.conn())?;
    let remote_knowledge = Knowledge::of_database(remote)?;

    // 1. Which rows differ at all (a streaming comparison, recorded in the file's temp schema).
    remote.execute_batch(
        "DROP TABLE IF EXISTS temp.merge_scope;
         CREATE TEMP TABLE merge_scope (tbl TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID;
         DROP TABLE IF EXISTS temp.merge_check;
         CREATE TEMP TABLE merge_check (tbl TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID;
         BEGIN;",
    )?;
    // (One read transaction over the file for the whole merge, not one per query.)
    let mut total = 0u64;
    for t in TABLES {
        total += find_candidates(store.conn(), remote, t.name, &info.file_name)?;
        if cancelled(cancel) {
            return Err(SyncError::Cancelled.into());
        }
    }
    // 2. A backup before anything is replaced, written by a thread while step 3 runs. (What
    // another program commits from here on is caught by `data_version` below: it is read
    // before the backup's snapshot can begin.)
    let data_version = local_data_version(store)?;
    let reason = format!("{}{}", backup::BEFORE_MERGING, info.installation_name);
    let pending_backup = if dry_run || total == 0 {
        None
    } else {
        Some(backup::start(store, &reason)?)
    };

    // 3. The rows that would come in are checked with PeerPlan's own rules (a chunk at a
    // time); those that break one are set aside. The file must also have passed SQLite's
    // integrity check before anything is written.
    progress(&Progress {
        stage: "validating",
        done: 0,
        total,
    });
    let checked = validate_candidates(remote_store, info, cancel).and_then(|set_aside| {
        incoming.wait_for_integrity()?;
        Ok(set_aside)
    });
    let (set_aside, mut backup) = match (checked, pending_backup) {
        (Err(e), pending) => {
            if let Some(pending) = pending {
                pending.discard();
            }
            return Err(e);
        }
        (Ok(set_aside), Some(pending)) => {
            progress(&Progress {
                stage: "backing_up",
                done: 0,
                total,
            });
            (set_aside, Some(pending.finish(store)?))
        }
        (Ok(set_aside), None) => (set_aside, None),
    };
    let set_aside_ids: HashSet<(&'static str, String)> =
        set_aside.iter().map(|s| (s.table, s.id.clone())).collect();

    let own = Own {
        id: store.installation_id().to_string(),
        name: store.installation_name()?,
    };
    let plan = Planning {
        info,
        remote,
        local_knowledge: &local_knowledge,
        remote_knowledge: &remote_knowledge,
        set_aside: &set_aside,
        set_aside_ids: &set_aside_ids,
        own: &own,
        total,
        cancel,
    };
    if dry_run {
        // 4. The preview: every row planned over one read snapshot, nothing written and no
        // write lock taken (the app and a scheduled sync go on writing meanwhile).
        return preview(store, &plan, leave_out, progress);
    }

    // 4. One transaction: everything or nothing.
    let mut check_backup = backup.is_some();
    let outcome = loop {
        let attempt = store.write(|w| {
            if check_backup && data_version_of(w.conn())? != data_version {
                return Ok(None);
            }
            apply(w, &plan, &mut leave_out, progress).map(Some)
        });
        match attempt {
            Ok(None) => {
                // Another program (the app beside a scheduled `peerplan sync`) wrote to the
                // database after the backup was taken: take it again, so that it holds every
                // change, then merge.
                let fresh = backup::create(store, &reason)?;
                if let Some(stale) = backup.replace(fresh) {
                    backup::remove(&stale);
                }
                check_backup = false;
            }
            Ok(Some(report)) => break Ok(report),
            Err(crate::Error::Sqlite(e))
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) =>
            {
                break Err(SyncError::Invalid(
                    info.file_name.clone(),
                    Reason::new(
                        "invalid_file.references",
                        format!("merging it would leave references to missing records ({e})"),
                    )
                    .with("reason", &e),
                )
                .into())
            }
            Err(e) => break Err(e),
        }
    };
    let mut report = outcome?;
    report.backup = backup.as_ref().map(|b| b.display().to_string());
    report.applied = !report.nothing_to_do();
    if report.nothing_to_do() {
        if let Some(b) = &backup {
            // Nothing changed: the backup would only crowd out useful ones.
            backup::remove(b);
            report.backup = None;
        }
    }
    Ok(report)
}

/// This installation, as the merge names it.
struct Own {
    id: String,
    name: String,
}

/// What planning a merge reads: the colleague's checked file and what each side has seen.
struct Planning<'a> {
    info: &'a FileInfo,
    remote: &'a Connection,
    local_knowledge: &'a Knowledge,
    remote_knowledge: &'a Knowledge,
    set_aside: &'a [SetAside],
    set_aside_ids: &'a HashSet<(&'static str, String)>,
    own: &'a Own,
    total: u64,
    cancel: Option<&'a AtomicBool>,
}

fn context<'a>(
    local: &'a Connection,
    plan: &'a Planning<'a>,
    names: &'a Names,
    leave_out: &'a mut HashSet<String>,
    dry_run: bool,
) -> rows::MergeContext<'a> {
    rows::MergeContext {
        local,
        remote: plan.remote,
        local_knowledge: plan.local_knowledge,
        remote_knowledge: plan.remote_knowledge,
        names,
        left_out: leave_out,
        set_aside: plan.set_aside_ids,
        not_inserted: HashSet::new(),
        skipped: 0,
        under_set_aside: 0,
        conflicts: Vec::new(),
        done: 0,
        dry_run,
        planned: Vec::new(),
        planned_counts: BTreeMap::new(),
    }
}

/// Merges in the writer's transaction: row by row as planned, then the repairs, the
/// conflicts, the knowledge and the peer; returns the report (the caller commits).
fn apply(
    w: &mut crate::store::Writer<'_>,
    plan: &Planning<'_>,
    leave_out: &mut HashSet<String>,
    progress: &mut dyn FnMut(&Progress),
) -> Result<MergeReport> {
    w.conn().execute_batch(
        "PRAGMA defer_foreign_keys = ON;
         DROP TABLE IF EXISTS temp.merge_touched;
         CREATE TEMP TABLE merge_touched (tbl TEXT NOT NULL, id TEXT NOT NULL, change TEXT NOT NULL,
             fields TEXT NOT NULL, detail TEXT, mixed INTEGER NOT NULL DEFAULT 0,
             PRIMARY KEY (tbl, id)) WITHOUT ROWID;",
    )?;
    // Every stamp this merge hands out (its repairs, below) must order after everything it
    // has now seen, the colleague's clock included, however wrong that clock is.
    if let Some(highest) = plan.remote_knowledge.highest() {
        w.observe(&highest);
    }
    let names = Names::new(w.conn(), plan.own, plan.info)?;
    let (mut conflicts, left_out, under_set_aside) = {
        let mut ctx = context(w.conn(), plan, &names, leave_out, false);
        for t in TABLES {
            rows::merge_table(&mut ctx, t, plan.total, progress, plan.cancel)?;
        }
        (
            std::mem::take(&mut ctx.conflicts),
            ctx.skipped,
            ctx.under_set_aside,
        )
    };
    progress(&Progress {
        stage: "saving",
        done: plan.total,
        total: plan.total,
    });
    conflicts.extend(repair::all(w, &names)?);
    let new_set_aside = set_aside_conflicts(w.conn(), plan.info, plan.set_aside)?;
    conflicts.extend(new_set_aside.iter().map(|s| s.conflict.clone()));
    record_conflicts(w.conn(), &conflicts)?;
    if left_out == 0 {
        plan.local_knowledge
            .merged_with(plan.remote_knowledge)
            .save(w.conn(), &plan.own.id)?;
    }
    let mut report = build_report(w.conn(), plan.info, left_out)?;
    report.set_aside = plan.set_aside.len();
    report.under_set_aside = under_set_aside;
    report.new_set_aside = new_set_aside.len();
    report
        .records
        .extend(plan.set_aside.iter().map(|s| s.record.clone()));
    sort_records(&mut report.records);
    if plan.info.installation_id != plan.own.id {
        w.conn().execute(
            "INSERT INTO sync_peers (installation_id, name, file_name, exported_at, merged_at, changes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (installation_id) DO UPDATE SET name = excluded.name,
               file_name = excluded.file_name, exported_at = excluded.exported_at,
               merged_at = excluded.merged_at, changes = excluded.changes",
            rusqlite::params![
                plan.info.installation_id,
                plan.info.installation_name,
                plan.info.file_name,
                plan.info.exported_at,
                crate::store::now_text(),
                (report.new + report.changed + report.deleted + report.conflicts) as i64
            ],
        )?;
    }
    Ok(report)
}

/// The preview: every row planned over one read snapshot of the local database, nothing
/// written. (The repairs a merge makes after the rows — twins, orphans — are in the merge's
/// own report, not here.)
fn preview(
    store: &Store,
    plan: &Planning<'_>,
    mut leave_out: HashSet<String>,
    progress: &mut dyn FnMut(&Progress),
) -> Result<MergeReport> {
    let local = store.conn();
    local.execute_batch("BEGIN")?;
    let result = (|| -> Result<MergeReport> {
        let names = Names::new(local, plan.own, plan.info)?;
        let mut ctx = context(local, plan, &names, &mut leave_out, true);
        for t in TABLES {
            rows::merge_table(&mut ctx, t, plan.total, progress, plan.cancel)?;
        }
        let counts = std::mem::take(&mut ctx.planned_counts);
        let planned = std::mem::take(&mut ctx.planned);
        let (left_out, under_set_aside) = (ctx.skipped, ctx.under_set_aside);
        drop(ctx);
        let count = |change: &str| counts.get(change).copied().unwrap_or(0);
        let mut report = MergeReport {
            file: plan.info.clone(),
            applied: false,
            backup: None,
            new: count("new"),
            changed: count("changed"),
            deleted: count("deleted"),
            conflicts: count("conflict"),
            left_out,
            set_aside: plan.set_aside.len(),
            under_set_aside,
            new_set_aside: set_aside_conflicts(local, plan.info, plan.set_aside)?.len(),
            records: Vec::new(),
            unlisted: 0,
        };
        for (table, id, change, mut fields, detail) in planned {
            let Some(t) = super::tables::table(table) else {
                continue;
            };
            // A new record is named from the colleague's file; the others from here.
            let conn = if change == "new" { plan.remote } else { local };
            let (label, partnership_id, exchange_id): (
                Option<String>,
                Option<String>,
                Option<String>,
            ) = conn.query_row(
                &format!(
                    "SELECT {}, {}, {} FROM {} t WHERE t.id = ?1",
                    t.label, t.partnership, t.exchange, t.name
                ),
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let partnership_title: Option<String> = match &partnership_id {
                Some(p) => local
                    .query_row("SELECT title FROM partnerships WHERE id = ?1", [p], |r| {
                        r.get(0)
                    })
                    .optional()?
                    .or(plan
                        .remote
                        .query_row("SELECT title FROM partnerships WHERE id = ?1", [p], |r| {
                            r.get(0)
                        })
                        .optional()?),
                None => None,
            };
            fields.retain(|f| f != "deleted_at");
            fields.sort();
            fields.dedup();
            report.records.push(ChangedRecord {
                entity: t.name,
                noun: t.noun,
                id,
                label: crate::label::RecordLabel::from_sql(label),
                change: match change {
                    "new" => ChangeKind::New,
                    "deleted" => ChangeKind::Deleted,
                    "conflict" => ChangeKind::Conflict,
                    _ => ChangeKind::Changed,
                },
                fields,
                changes: changes_of(detail.as_deref()),
                problems: Vec::new(),
                partnership_id,
                partnership_title,
                exchange_id,
            });
        }
        let listed_total: usize = counts.values().sum();
        report.unlisted = listed_total.saturating_sub(report.records.len());
        report
            .records
            .extend(plan.set_aside.iter().map(|s| s.record.clone()));
        sort_records(&mut report.records);
        Ok(report)
    })();
    local.execute_batch("COMMIT")?;
    result
}

/// `{field: [before, after]}` as field changes.
fn changes_of(detail: Option<&str>) -> Vec<FieldChange> {
    match detail.and_then(|d| serde_json::from_str(d).ok()) {
        Some(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(field, change)| FieldChange {
                field,
                before: change.get(0).cloned().unwrap_or_default(),
                after: change.get(1).cloned().unwrap_or_default(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// SQLite's count of commits by other connections to the local database.
fn data_version_of(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA main.data_version", [], |r| r.get(0))?)
}

/// SQLite's count of commits by other connections to the local database.
fn local_data_version(store: &Store) -> Result<i64> {
    Ok(store
        .conn()
        .query_row("PRAGMA main.data_version", [], |r| r.get(0))?)
}
