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
mod rows;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::incoming::{FileInfo, Incoming};
use super::tables::{GroupKind, TABLES};
use super::{backup, Knowledge, SyncError};
use crate::hlc::Stamp;
use crate::store::Store;
use crate::Result;

pub(crate) use repair::{heal_twins, json_value};
pub use repair::{RuleTreatment, RULE_TREATMENTS};
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
    pub noun: &'static str,
    pub id: String,
    pub label: String,
    pub change: ChangeKind,
    /// The fields taken from the colleague's copy (or in conflict).
    pub fields: Vec<String>,
    /// For a changed record: each field taken, old → new (equal values are not listed).
    pub changes: Vec<FieldChange>,
    /// For a record set aside: what is wrong with it, field by field.
    pub problems: Vec<String>,
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
    let reason = format!("before merging {}", info.installation_name);
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
                    format!("merging it would leave references to missing records ({e})"),
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
                label: label.unwrap_or_default(),
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

/// A record of a colleague's file that breaks one of PeerPlan's rules.
pub(crate) struct SetAside {
    table: &'static str,
    id: String,
    /// The version of the record in the file: the same version met again is not listed again.
    version: String,
    /// The record's fields in the file, as a JSON object, for the officer to fix and take.
    values: String,
    record: ChangedRecord,
}

/// Runs `check`'s rules over the candidate rows, `CHECK_CHUNK` at a time (in key order), and
/// returns the records that break one.
fn validate_candidates(
    remote_store: &Store,
    info: &FileInfo,
    cancel: Option<&AtomicBool>,
) -> Result<Vec<SetAside>> {
    let remote = remote_store.conn();
    let mut after = (String::new(), String::new());
    let mut set_aside = Vec::new();
    loop {
        remote.execute("DELETE FROM temp.merge_check", [])?;
        let n = remote.execute(
            &format!(
                "INSERT INTO temp.merge_check (tbl, id) SELECT tbl, id FROM temp.merge_scope
                  WHERE (tbl, id) > (?1, ?2) ORDER BY tbl, id LIMIT {CHECK_CHUNK}"
            ),
            [&after.0, &after.1],
        )?;
        if n == 0 {
            return Ok(set_aside);
        }
        if cancelled(cancel) {
            return Err(SyncError::Cancelled.into());
        }
        after = remote.query_row(
            "SELECT tbl, id FROM temp.merge_check ORDER BY tbl DESC, id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        check_chunk(remote_store, info, &mut set_aside)?;
    }
}

fn check_chunk(remote_store: &Store, info: &FileInfo, out: &mut Vec<SetAside>) -> Result<()> {
    let check = crate::check::run_scoped(remote_store).map_err(|e| match e {
        // A value no PeerPlan writes (a 30 February) met while reading a related record.
        crate::Error::Sqlite(rusqlite::Error::FromSqlConversionFailure(_, _, cause)) => {
            SyncError::InvalidRows {
                file: info.file_name.clone(),
                count: 1,
                examples: vec![cause.to_string()],
            }
            .into()
        }
        other => other,
    })?;
    let mut by_record: BTreeMap<(&'static str, String), Vec<&crate::check::Finding>> =
        BTreeMap::new();
    for finding in check
        .findings
        .iter()
        .filter(|f| f.severity == crate::validate::Severity::Error)
        // Two laptops adding the same person (answering the same question) is a twin the
        // merge keeps once; a live record under a deleted one is an orphan it deletes.
        .filter(|f| {
            !matches!(
                f.code.as_str(),
                "duplicate_participant"
                    | "duplicate_answer"
                    | "duplicate_day"
                    | "duplicate_rate"
                    | "deleted_parent"
            )
        })
    {
        by_record
            .entry((finding.table, finding.id.clone()))
            .or_default()
            .push(finding);
    }
    let remote = remote_store.conn();
    for ((table, id), findings) in by_record {
        let Some(t) = super::tables::table(table) else {
            continue;
        };
        let (version, partnership_id, exchange_id): (String, Option<String>, Option<String>) =
            remote.query_row(
                &format!(
                    "SELECT t.version, {}, {} FROM {} t WHERE t.id = ?1",
                    t.partnership, t.exchange, t.name
                ),
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
        let partnership_title: Option<String> = match &partnership_id {
            Some(p) => remote
                .query_row("SELECT title FROM partnerships WHERE id = ?1", [p], |r| {
                    r.get(0)
                })
                .optional()
                .ok()
                .flatten(),
            None => None,
        };
        let mut fields: Vec<String> = findings.iter().map(|f| f.field.clone()).collect();
        fields.dedup();
        let columns = super::tables::data_columns(remote, t.name)?;
        let values: serde_json::Map<String, serde_json::Value> = remote.query_row(
            &format!(
                "SELECT {} FROM {} WHERE id = ?1",
                columns.join(", "),
                t.name
            ),
            [&id],
            |r| {
                let mut map = serde_json::Map::new();
                for (i, c) in columns.iter().enumerate() {
                    // (Text that is not UTF-8 is shown with its bad bytes replaced.)
                    let value = match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Text(bytes) => {
                            serde_json::Value::from(String::from_utf8_lossy(bytes).into_owned())
                        }
                        other => to_json(
                            &rusqlite::types::Value::try_from(other)
                                .unwrap_or(rusqlite::types::Value::Null),
                        ),
                    };
                    map.insert(c.clone(), value);
                }
                Ok(map)
            },
        )?;
        out.push(SetAside {
            table: t.name,
            id: id.clone(),
            version,
            values: serde_json::Value::Object(values).to_string(),
            record: ChangedRecord {
                entity: t.name,
                noun: t.noun,
                id,
                label: findings[0].label.clone(),
                change: ChangeKind::SetAside,
                fields,
                changes: Vec::new(),
                problems: findings
                    .iter()
                    .map(|f| format!("{}: {}", f.field, f.message))
                    .collect(),
                partnership_id,
                partnership_title,
                exchange_id,
            },
        });
    }
    let _ = info;
    Ok(())
}

/// A record set aside, as a conflict for the officer — once per version of the record: the same
/// version met again at the next merge of the same file is skipped without a word.
struct NewSetAside {
    conflict: Conflict,
}

fn set_aside_conflicts(
    conn: &Connection,
    info: &FileInfo,
    set_aside: &[SetAside],
) -> Result<Vec<NewSetAside>> {
    let mut out = Vec::new();
    for s in set_aside {
        let known: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_conflicts WHERE kind = 'set_aside' AND entity = ?1
               AND row_id = ?2 AND other_stamp = ?3)",
            [s.table, s.id.as_str(), s.version.as_str()],
            |r| r.get(0),
        )?;
        if known {
            continue;
        }
        let kept_values = match super::tables::table(s.table) {
            Some(t) => {
                let columns = super::tables::data_columns(conn, t.name)?;
                conn.query_row(
                    &format!(
                        "SELECT {} FROM {} WHERE id = ?1",
                        columns.join(", "),
                        t.name
                    ),
                    [&s.id],
                    |r| {
                        let mut map = serde_json::Map::new();
                        for (i, c) in columns.iter().enumerate() {
                            map.insert(c.clone(), to_json(&r.get(i)?));
                        }
                        Ok(serde_json::Value::Object(map))
                    },
                )
                .optional()?
                .unwrap_or_else(|| serde_json::json!({}))
            }
            None => serde_json::json!({}),
        };
        out.push(NewSetAside {
            conflict: Conflict {
                entity: s.table,
                row_id: s.id.clone(),
                kind: GroupKind::SetAside,
                fields: s.record.fields.clone(),
                kept_values: kept_values.to_string(),
                kept_source: format!("not merged: {}", s.record.problems.join("; ")),
                other_values: s.values.clone(),
                other_source: format!("{} ({})", info.installation_name, info.file_name),
                other_stamp: s.version.clone(),
            },
        });
    }
    Ok(out)
}

/// Finds the rows of `table` whose versions differ between the two copies by walking both in
/// id order (no join, no copy of either table in memory), then the rows whose per-field
/// stamps differ. Returns how many were recorded in `temp.merge_scope` of `remote`.
fn find_candidates(
    local: &Connection,
    remote: &Connection,
    table: &str,
    file: &str,
) -> Result<u64> {
    // (`updated_at` too: two copies holding the same versions must also agree on when the
    // record last changed, which each merge sets to the later of the two.)
    let sql = format!("SELECT id, created_stamp, version, updated_at FROM {table} ORDER BY id");
    let mut local_stmt = local.prepare(&sql)?;
    let mut remote_stmt = remote.prepare(&sql)?;
    let mut local_rows = local_stmt.query([])?;
    let mut remote_rows = remote_stmt.query([])?;
    let mut insert = remote.prepare(&format!(
        "INSERT OR IGNORE INTO temp.merge_scope (tbl, id) VALUES ('{table}', ?1)"
    ))?;
    let mut count = 0u64;
    let bad_stamp = |id: &str, what: &str, value: &str| -> crate::Error {
        SyncError::Invalid(
            file.to_string(),
            format!("the {what} of {table} row {id} is not a version stamp ('{value}')"),
        )
        .into()
    };
    type Row4 = (String, String, String, String);
    let read4 = |rows: &mut rusqlite::Rows<'_>| -> rusqlite::Result<Option<Row4>> {
        match rows.next()? {
            Some(r) => Ok(Some((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))),
            None => Ok(None),
        }
    };
    let mut l = read4(&mut local_rows)?;
    let mut r = read4(&mut remote_rows)?;
    while let Some((rid, rcreated, rversion, rupdated)) = &r {
        match &l {
            Some((lid, ..)) if lid < rid => {
                l = read4(&mut local_rows)?;
                continue;
            }
            Some((lid, lcreated, lversion, lupdated)) if lid == rid => {
                if lcreated != rcreated || lversion != rversion || lupdated < rupdated {
                    check_stamp(rcreated)
                        .map_err(|_| bad_stamp(rid, "creation stamp", rcreated))?;
                    check_stamp(rversion).map_err(|_| bad_stamp(rid, "version", rversion))?;
                    count += insert.execute([rid])? as u64;
                }
                l = read4(&mut local_rows)?;
            }
            _ => {
                check_stamp(rcreated).map_err(|_| bad_stamp(rid, "creation stamp", rcreated))?;
                check_stamp(rversion).map_err(|_| bad_stamp(rid, "version", rversion))?;
                count += insert.execute([rid])? as u64;
            }
        }
        r = read4(&mut remote_rows)?;
    }
    type Row3 = (String, String, String);
    let read = |rows: &mut rusqlite::Rows<'_>| -> rusqlite::Result<Option<Row3>> {
        match rows.next()? {
            Some(r) => Ok(Some((r.get(0)?, r.get(1)?, r.get(2)?))),
            None => Ok(None),
        }
    };
    // Same row version but different field stamps: rare (two copies took different older
    // values from third copies), and only rows that have field stamps at all can be affected.
    let sql =
        "SELECT row_id, field, stamp FROM field_stamps WHERE entity = ?1 ORDER BY row_id, field";
    let mut local_stmt = local.prepare(sql)?;
    let mut remote_stmt = remote.prepare(sql)?;
    let mut local_rows = local_stmt.query([table])?;
    let mut remote_rows = remote_stmt.query([table])?;
    let mut l = read(&mut local_rows)?;
    let mut r = read(&mut remote_rows)?;
    let mut exists_remote = remote.prepare(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?;
    // Walk both lists in (row, field) order: a pair only here or with another stamp marks
    // its row.
    loop {
        let order = match (&l, &r) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((lr, lf, _)), Some((rr, rf, _))) => (lr, lf).cmp(&(rr, rf)),
        };
        match (order, &l, &r) {
            (std::cmp::Ordering::Equal, Some((_, _, ls)), Some((rid, _, rs))) => {
                if ls != rs {
                    check_stamp(rs).map_err(|_| bad_stamp(rid, "field stamp", rs))?;
                    count += insert.execute([rid])? as u64;
                }
                l = read(&mut local_rows)?;
                r = read(&mut remote_rows)?;
            }
            (std::cmp::Ordering::Less, Some((lid, _, _)), _) => {
                // Only here: a local edit the other copy does not have (if it has the row).
                if exists_remote.exists([lid])? {
                    count += insert.execute([lid])? as u64;
                }
                l = read(&mut local_rows)?;
            }
            (_, _, Some((rid, _, rs))) => {
                check_stamp(rs).map_err(|_| bad_stamp(rid, "field stamp", rs))?;
                count += insert.execute([rid])? as u64;
                r = read(&mut remote_rows)?;
            }
            (_, _, None) => break,
        }
    }
    Ok(count)
}

fn check_stamp(s: &str) -> std::result::Result<Stamp, crate::hlc::BadStamp> {
    s.parse()
}

/// A value not kept, to be written to `sync_conflicts`.
#[derive(Debug, Clone)]
pub(crate) struct Conflict {
    pub entity: &'static str,
    pub row_id: String,
    pub kind: GroupKind,
    pub fields: Vec<String>,
    pub kept_values: String,
    pub kept_source: String,
    pub other_values: String,
    pub other_source: String,
    pub other_stamp: String,
}

/// Installation ids to names, for "kept Amina's value".
pub(crate) struct Names {
    own_id: String,
    own: String,
    map: HashMap<String, String>,
}

impl Names {
    fn new(conn: &Connection, own: &Own, info: &FileInfo) -> Result<Names> {
        let mut map = HashMap::new();
        let mut stmt = conn.prepare("SELECT installation_id, name FROM sync_peers")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, name) = row?;
            map.insert(id, name);
        }
        map.insert(info.installation_id.clone(), info.installation_name.clone());
        Ok(Names {
            own_id: own.id.clone(),
            own: own.name.clone(),
            map,
        })
    }

    /// Who wrote the change stamped `dot`.
    pub(crate) fn of(&self, dot: &str) -> String {
        let node = crate::hlc::node_of(dot);
        if node == self.own_id {
            return format!("{} (this installation)", self.own);
        }
        self.map
            .get(node)
            .cloned()
            .unwrap_or_else(|| "another installation".to_string())
    }
}

fn record_conflicts(conn: &Connection, conflicts: &[Conflict]) -> Result<()> {
    let now = crate::store::now_text();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sync_conflicts (id, entity, row_id, kind, fields, kept_values, kept_source,
            other_values, other_source, other_stamp, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    // The same conflict recorded before (the same value of the same fields, met again through
    // a third copy) is not listed twice: merging a file again records nothing.
    let mut known = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM sync_conflicts WHERE entity = ?1 AND row_id = ?2
           AND kind = ?3 AND fields = ?4 AND other_stamp = ?5 AND other_values = ?6)",
    )?;
    for c in conflicts {
        let fields = c.fields.join(",");
        if known.query_row(
            rusqlite::params![
                c.entity,
                c.row_id,
                c.kind.as_str(),
                fields,
                c.other_stamp,
                c.other_values
            ],
            |r| r.get::<_, bool>(0),
        )? {
            continue;
        }
        stmt.execute(rusqlite::params![
            crate::new_id(),
            c.entity,
            c.row_id,
            c.kind.as_str(),
            fields,
            c.kept_values,
            c.kept_source,
            c.other_values,
            c.other_source,
            c.other_stamp,
            now
        ])?;
    }
    Ok(())
}

/// The report, read from the (not yet committed) database so new records have their names.
fn build_report(conn: &Connection, info: &FileInfo, left_out: usize) -> Result<MergeReport> {
    let mut report = MergeReport {
        file: info.clone(),
        applied: false,
        backup: None,
        new: 0,
        changed: 0,
        deleted: 0,
        conflicts: 0,
        left_out,
        set_aside: 0,
        under_set_aside: 0,
        new_set_aside: 0,
        records: Vec::new(),
        unlisted: 0,
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut stmt =
        conn.prepare("SELECT change, count(*) FROM temp.merge_touched GROUP BY change")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (change, n) = row?;
        counts.insert(change, n as usize);
    }
    report.new = counts.get("new").copied().unwrap_or(0);
    report.changed = counts.get("changed").copied().unwrap_or(0);
    report.deleted = counts.get("deleted").copied().unwrap_or(0);
    report.conflicts = counts.get("conflict").copied().unwrap_or(0);
    let mut listed = 0usize;
    for t in TABLES {
        if listed >= RECORD_LIMIT {
            break;
        }
        let sql = format!(
            "SELECT m.id, m.change, m.fields, {label}, {partnership}, {exchange}, m.detail
               FROM temp.merge_touched m JOIN {table} t ON t.id = m.id
              WHERE m.tbl = '{table}' ORDER BY m.id LIMIT {limit}",
            label = t.label,
            partnership = t.partnership,
            exchange = t.exchange,
            table = t.name,
            limit = RECORD_LIMIT - listed,
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| {
            let change: String = r.get(1)?;
            let fields: String = r.get(2)?;
            let detail: Option<String> = r.get(6)?;
            let changes = match detail.and_then(|d| serde_json::from_str(&d).ok()) {
                Some(serde_json::Value::Object(map)) => map
                    .into_iter()
                    .map(|(field, change)| FieldChange {
                        field,
                        before: change.get(0).cloned().unwrap_or_default(),
                        after: change.get(1).cloned().unwrap_or_default(),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let mut fields: Vec<String> = fields
                .split(',')
                .filter(|f| !f.is_empty() && *f != "deleted_at")
                .map(String::from)
                .collect();
            fields.sort();
            fields.dedup();
            Ok(ChangedRecord {
                entity: t.name,
                noun: t.noun,
                id: r.get(0)?,
                change: match change.as_str() {
                    "new" => ChangeKind::New,
                    "deleted" => ChangeKind::Deleted,
                    "conflict" => ChangeKind::Conflict,
                    _ => ChangeKind::Changed,
                },
                fields,
                changes,
                problems: Vec::new(),
                label: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                partnership_id: r.get(4)?,
                partnership_title: None,
                exchange_id: r.get(5)?,
            })
        })?;
        for row in rows {
            report.records.push(row?);
            listed += 1;
        }
    }
    let total: usize = counts.values().sum();
    report.unlisted = total.saturating_sub(report.records.len());
    let mut titles: HashMap<String, Option<String>> = HashMap::new();
    let mut title_stmt = conn.prepare_cached("SELECT title FROM partnerships WHERE id = ?1")?;
    for record in &mut report.records {
        if let Some(pid) = &record.partnership_id {
            let title = match titles.get(pid) {
                Some(t) => t.clone(),
                None => {
                    let t: Option<String> = title_stmt.query_row([pid], |r| r.get(0)).optional()?;
                    titles.insert(pid.clone(), t.clone());
                    t
                }
            };
            record.partnership_title = title;
        }
    }
    sort_records(&mut report.records);
    Ok(report)
}

/// Partnership by partnership (records under none last), the partnership itself first.
fn sort_records(records: &mut [ChangedRecord]) {
    records.sort_by(|a, b| {
        (
            a.partnership_title.is_none(),
            &a.partnership_title,
            a.entity != "partnerships",
            a.entity,
            &a.label,
        )
            .cmp(&(
                b.partnership_title.is_none(),
                &b.partnership_title,
                b.entity != "partnerships",
                b.entity,
                &b.label,
            ))
    });
}
