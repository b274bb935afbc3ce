//! Merging a colleague's checked file into the local database, field by field.
//!
//! Rows are matched by id only. For every field (or money group, taken whole) each side has a
//! *dot*: the stamp of its last change (its `field_stamps` entry, else the row's
//! `created_stamp`). Each file also says what it has seen of every installation (its
//! knowledge: the highest stamp merged from each). Then, per field:
//! - same dot: nothing to do;
//! - one side has seen the other's dot and the other has not seen its: that side changed the
//!   field after seeing the other value, so it wins, whatever the clocks say;
//! - neither has seen the other's (a concurrent change): the higher stamp wins — the same
//!   answer on every installation — and if the values differ the other one is kept as a
//!   conflict for the officer; a tombstone beats a concurrent restore.
//!
//! Because the winner is a function of the two versions alone, merging is idempotent and the
//! order of merges does not matter (tests/sync_properties).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde::Serialize;

use super::incoming::{FileInfo, Incoming};
use super::tables::{self, Group, GroupKind, SyncedTable, TABLES};
use super::{backup, Knowledge, SyncError};
use crate::hlc::Stamp;
use crate::store::{records, Store};
use crate::Result;

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
    /// The records, partnership by partnership; at most `RECORD_LIMIT` of them.
    pub records: Vec<ChangedRecord>,
    /// How many records are not listed because of the limit.
    pub unlisted: usize,
}

impl MergeReport {
    pub fn nothing_to_do(&self) -> bool {
        self.new + self.changed + self.deleted + self.conflicts == 0
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

    // 3. The rows that would come in must pass PeerPlan's own rules (a chunk at a time), and
    // the file must have passed SQLite's integrity check, before anything is written.
    progress(&Progress {
        stage: "validating",
        done: 0,
        total,
    });
    let checked = validate_candidates(remote_store, info, cancel)
        .and_then(|()| incoming.wait_for_integrity());
    let mut backup = match (checked, pending_backup) {
        (Err(e), pending) => {
            if let Some(pending) = pending {
                pending.discard();
            }
            return Err(e);
        }
        (Ok(()), Some(pending)) => {
            progress(&Progress {
                stage: "backing_up",
                done: 0,
                total,
            });
            Some(pending.finish(store)?)
        }
        (Ok(()), None) => None,
    };

    // 4. One transaction: everything or nothing.
    store.conn().execute_batch("BEGIN IMMEDIATE")?;
    if backup.is_some() && local_data_version(store)? != data_version {
        // Another program (the app beside a scheduled `peerplan sync`) wrote to the database
        // after the backup was taken: take it again, so that it holds every change.
        store.conn().execute_batch("ROLLBACK")?;
        let fresh = backup::create(store, &reason)?;
        if let Some(stale) = backup.replace(fresh) {
            backup::remove(&stale);
        }
        store.conn().execute_batch("BEGIN IMMEDIATE")?;
    }
    let outcome = (|| -> Result<MergeReport> {
        store.conn().execute_batch(
            "PRAGMA defer_foreign_keys = ON;
             DROP TABLE IF EXISTS temp.merge_touched;
             CREATE TEMP TABLE merge_touched (tbl TEXT NOT NULL, id TEXT NOT NULL, change TEXT NOT NULL,
                 fields TEXT NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID;",
        )?;
        let names = Names::new(store, info)?;
        let mut ctx = MergeContext {
            local: store.conn(),
            remote,
            local_knowledge: &local_knowledge,
            remote_knowledge: &remote_knowledge,
            names: &names,
            left_out: &mut leave_out,
            skipped: 0,
            conflicts: Vec::new(),
            done: 0,
        };
        for t in TABLES {
            merge_table(&mut ctx, t, total, progress, cancel)?;
        }
        let mut conflicts = std::mem::take(&mut ctx.conflicts);
        let left_out = ctx.skipped;
        progress(&Progress {
            stage: "saving",
            done: total,
            total,
        });
        conflicts.extend(tombstone_orphans(store, &names)?);
        conflicts.extend(drop_twins(store)?);
        record_conflicts(store.conn(), &conflicts)?;
        if left_out == 0 {
            local_knowledge
                .merged_with(&remote_knowledge)
                .save(store.conn(), store.installation_id())?;
        }
        if let Some(highest) = remote_knowledge.highest() {
            let wall = store.wall_millis();
            store.clock().observe(&highest, wall);
        }
        store.persist_clock()?;
        let mut report = build_report(store.conn(), info, left_out)?;
        report.backup = backup.as_ref().map(|b| b.display().to_string());
        if !dry_run {
            store.conn().execute(
                "INSERT INTO sync_peers (installation_id, name, file_name, exported_at, merged_at, changes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (installation_id) DO UPDATE SET name = excluded.name,
                   file_name = excluded.file_name, exported_at = excluded.exported_at,
                   merged_at = excluded.merged_at, changes = excluded.changes",
                rusqlite::params![
                    info.installation_id,
                    info.installation_name,
                    info.file_name,
                    info.exported_at,
                    crate::store::now_text(),
                    (report.new + report.changed + report.deleted + report.conflicts) as i64
                ],
            )?;
        }
        Ok(report)
    })();
    match outcome {
        Ok(mut report) if !dry_run => match store.conn().execute_batch("COMMIT") {
            Ok(()) => {
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
            Err(e) => {
                let _ = store.conn().execute_batch("ROLLBACK");
                Err(SyncError::Invalid(
                    info.file_name.clone(),
                    format!("merging it would leave references to missing records ({e})"),
                )
                .into())
            }
        },
        Ok(report) => {
            store.conn().execute_batch("ROLLBACK")?;
            Ok(report)
        }
        Err(e) => {
            let _ = store.conn().execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// SQLite's count of commits by other connections to the local database.
fn local_data_version(store: &Store) -> Result<i64> {
    Ok(store
        .conn()
        .query_row("PRAGMA main.data_version", [], |r| r.get(0))?)
}

/// Runs `check`'s rules over the candidate rows, `CHECK_CHUNK` at a time (in key order).
fn validate_candidates(
    remote_store: &Store,
    info: &FileInfo,
    cancel: Option<&AtomicBool>,
) -> Result<()> {
    let remote = remote_store.conn();
    let mut after = (String::new(), String::new());
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
            return Ok(());
        }
        if cancelled(cancel) {
            return Err(SyncError::Cancelled.into());
        }
        after = remote.query_row(
            "SELECT tbl, id FROM temp.merge_check ORDER BY tbl DESC, id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        check_chunk(remote_store, info)?;
    }
}

fn check_chunk(remote_store: &Store, info: &FileInfo) -> Result<()> {
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
    let bad: Vec<_> = check
        .findings
        .iter()
        .filter(|f| f.severity == crate::validate::Severity::Error)
        .filter(|f| {
            !matches!(
                f.code.as_str(),
                "duplicate_participant" | "duplicate_answer" | "deleted_parent"
            )
        })
        .collect();
    if !bad.is_empty() || !check.integrity.is_empty() {
        let examples = bad
            .iter()
            .take(3)
            .map(|f| format!("{} '{}', {}: {}", f.entity, f.label, f.field, f.message))
            .collect::<Vec<_>>();
        return Err(SyncError::InvalidRows {
            file: info.file_name.clone(),
            count: bad.len(),
            examples,
        }
        .into());
    }
    Ok(())
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
    let sql = format!("SELECT id, created_stamp, version FROM {table} ORDER BY id");
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
    type Row3 = (String, String, String);
    let read = |rows: &mut rusqlite::Rows<'_>| -> rusqlite::Result<Option<Row3>> {
        match rows.next()? {
            Some(r) => Ok(Some((r.get(0)?, r.get(1)?, r.get(2)?))),
            None => Ok(None),
        }
    };
    let mut l = read(&mut local_rows)?;
    let mut r = read(&mut remote_rows)?;
    while let Some((rid, rcreated, rversion)) = &r {
        match &l {
            Some((lid, _, _)) if lid < rid => {
                l = read(&mut local_rows)?;
                continue;
            }
            Some((lid, lcreated, lversion)) if lid == rid => {
                if lcreated != rcreated || lversion != rversion {
                    check_stamp(rcreated)
                        .map_err(|_| bad_stamp(rid, "creation stamp", rcreated))?;
                    check_stamp(rversion).map_err(|_| bad_stamp(rid, "version", rversion))?;
                    count += insert.execute([rid])? as u64;
                }
                l = read(&mut local_rows)?;
            }
            _ => {
                check_stamp(rcreated).map_err(|_| bad_stamp(rid, "creation stamp", rcreated))?;
                check_stamp(rversion).map_err(|_| bad_stamp(rid, "version", rversion))?;
                count += insert.execute([rid])? as u64;
            }
        }
        r = read(&mut remote_rows)?;
    }
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

/// One side's view of a row: values by column, and the dot (last-change stamp) of each field.
struct Side {
    values: HashMap<String, Value>,
    created_stamp: String,
    field_stamps: HashMap<String, String>,
    updated_at: String,
}

impl Side {
    fn dot(&self, field: &str) -> &str {
        self.field_stamps
            .get(field)
            .map(String::as_str)
            .unwrap_or(&self.created_stamp)
    }

    /// A group's dot: the newest of its fields'.
    fn group_dot(&self, group: &Group) -> &str {
        group
            .fields
            .iter()
            .map(|f| self.dot(f))
            .max()
            .unwrap_or(&self.created_stamp)
    }

    fn group_values(&self, group: &Group) -> Vec<&Value> {
        group
            .fields
            .iter()
            .map(|f| self.values.get(f).unwrap_or(&Value::Null))
            .collect()
    }

    fn json(&self, fields: &[String]) -> String {
        let map: serde_json::Map<String, serde_json::Value> = fields
            .iter()
            .map(|f| {
                (
                    f.clone(),
                    to_json(self.values.get(f).unwrap_or(&Value::Null)),
                )
            })
            .collect();
        serde_json::Value::Object(map).to_string()
    }
}

pub(crate) fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => serde_json::Value::from(*i),
        Value::Real(f) => serde_json::Value::from(*f),
        Value::Text(s) => serde_json::Value::from(s.clone()),
        Value::Blob(_) => serde_json::Value::Null,
    }
}

/// The SQL a table's merge runs for every row, written once per table (not once per row).
struct RowSql {
    /// The columns `read_side` reads: the data columns, then its own bookkeeping ones.
    side_columns: Vec<String>,
    select_side: String,
    /// The whole row, for `insert_row`: id, data columns, times, stamps, tombstone.
    whole_columns: usize,
    select_whole: String,
    insert_whole: String,
}

impl RowSql {
    fn new(table: &str, columns: &[String]) -> RowSql {
        let mut side_columns = columns.to_vec();
        side_columns.extend(["created_stamp", "updated_at", "deleted_at"].map(String::from));
        let mut whole = vec!["id".to_string()];
        whole.extend(columns.iter().cloned());
        whole.extend(
            [
                "created_at",
                "updated_at",
                "created_stamp",
                "version",
                "deleted_at",
            ]
            .map(String::from),
        );
        let list = whole.join(", ");
        let placeholders: Vec<String> = (1..=whole.len()).map(|i| format!("?{i}")).collect();
        RowSql {
            select_side: format!(
                "SELECT {} FROM {table} WHERE id = ?1",
                side_columns.join(", ")
            ),
            side_columns,
            whole_columns: whole.len(),
            select_whole: format!("SELECT {list} FROM {table} WHERE id = ?1"),
            insert_whole: format!(
                "INSERT INTO {table} ({list}) VALUES ({})",
                placeholders.join(", ")
            ),
        }
    }
}

fn read_side(conn: &Connection, table: &str, sql: &RowSql, id: &str) -> Result<Option<Side>> {
    let row = conn
        .prepare_cached(&sql.select_side)?
        .query_row([id], |r| {
            let mut values = HashMap::with_capacity(sql.side_columns.len());
            for (i, c) in sql.side_columns.iter().enumerate() {
                values.insert(c.clone(), r.get::<_, Value>(i)?);
            }
            Ok(values)
        })
        .optional()?;
    let Some(mut values) = row else {
        return Ok(None);
    };
    let created_stamp = match values.remove("created_stamp") {
        Some(Value::Text(s)) => s,
        _ => String::new(),
    };
    let updated_at = match values.remove("updated_at") {
        Some(Value::Text(s)) => s,
        _ => String::new(),
    };
    let mut field_stamps = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT field, stamp FROM field_stamps WHERE entity = ?1 AND row_id = ?2",
    )?;
    let rows = stmt.query_map([table, id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (field, stamp) = row?;
        field_stamps.insert(field, stamp);
    }
    Ok(Some(Side {
        values,
        created_stamp,
        field_stamps,
        updated_at,
    }))
}

/// A value not kept, to be written to `sync_conflicts`.
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
    fn new(store: &Store, info: &FileInfo) -> Result<Names> {
        let mut map = HashMap::new();
        let mut stmt = store
            .conn()
            .prepare("SELECT installation_id, name FROM sync_peers")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, name) = row?;
            map.insert(id, name);
        }
        map.insert(info.installation_id.clone(), info.installation_name.clone());
        Ok(Names {
            own_id: store.installation_id().to_string(),
            own: store.installation_name()?,
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

struct MergeContext<'a> {
    local: &'a Connection,
    remote: &'a Connection,
    local_knowledge: &'a Knowledge,
    remote_knowledge: &'a Knowledge,
    names: &'a Names,
    left_out: &'a mut HashSet<String>,
    /// Records of the file not merged because the officer left them (or their parent) out.
    skipped: usize,
    conflicts: Vec<Conflict>,
    done: u64,
}

fn merge_table(
    ctx: &mut MergeContext<'_>,
    t: &'static SyncedTable,
    total: u64,
    progress: &mut dyn FnMut(&Progress),
    cancel: Option<&AtomicBool>,
) -> Result<()> {
    let columns = tables::data_columns(ctx.local, t.name)?;
    let groups = tables::groups(t, &columns);
    let references = tables::references(ctx.local, t.name)?;
    let sql = RowSql::new(t.name, &columns);
    let mut ids_stmt = ctx
        .remote
        .prepare("SELECT id FROM temp.merge_scope WHERE tbl = ?1 ORDER BY id")?;
    let mut ids = ids_stmt.query([t.name])?;
    while let Some(row) = ids.next()? {
        let id: String = row.get(0)?;
        ctx.done += 1;
        if ctx.done.is_multiple_of(PROGRESS_EVERY) {
            progress(&Progress {
                stage: "merging",
                done: ctx.done,
                total,
            });
            if cancelled(cancel) {
                return Err(SyncError::Cancelled.into());
            }
        }
        let Some(theirs) = read_side(ctx.remote, t.name, &sql, &id)? else {
            continue;
        };
        match read_side(ctx.local, t.name, &sql, &id)? {
            None => {
                let parent_left_out = references.iter().any(|tables::Reference { column, .. }| {
                    matches!(theirs.values.get(column), Some(Value::Text(p)) if ctx.left_out.contains(p))
                });
                if ctx.left_out.contains(&id) || parent_left_out {
                    ctx.left_out.insert(id);
                    ctx.skipped += 1;
                    continue;
                }
                insert_row(ctx, t, &sql, &id)?;
                let deleted = !matches!(theirs.values.get("deleted_at"), Some(Value::Null) | None);
                if !deleted {
                    touch(ctx.local, t.name, &id, "new", &[])?;
                }
            }
            Some(ours) => {
                if ctx.left_out.contains(&id) {
                    ctx.skipped += 1;
                    continue;
                }
                merge_row(ctx, t, &groups, &id, &ours, &theirs)?;
            }
        }
    }
    Ok(())
}

fn touch(conn: &Connection, table: &str, id: &str, change: &str, fields: &[String]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO temp.merge_touched (tbl, id, change, fields) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tbl, id) DO UPDATE SET change = CASE WHEN change = 'conflict' THEN change ELSE excluded.change END,
           fields = excluded.fields",
    )?
    .execute(rusqlite::params![table, id, change, fields.join(",")])?;
    Ok(())
}

/// A record this database never had: copied as it is, with its stamps (it may be a
/// tombstone: keeping it stops an older copy from bringing the record back).
fn insert_row(ctx: &MergeContext<'_>, t: &SyncedTable, sql: &RowSql, id: &str) -> Result<()> {
    let row: Vec<Value> = ctx
        .remote
        .prepare_cached(&sql.select_whole)?
        .query_row([id], |r| {
            (0..sql.whole_columns)
                .map(|i| r.get::<_, Value>(i))
                .collect()
        })?;
    ctx.local
        .prepare_cached(&sql.insert_whole)?
        .execute(params_from_iter(row))?;
    let mut stmt = ctx.remote.prepare_cached(
        "SELECT field, stamp FROM field_stamps WHERE entity = ?1 AND row_id = ?2",
    )?;
    let stamps: Vec<(String, String)> = stmt
        .query_map([t.name, id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (field, stamp) in stamps {
        set_field_stamp(ctx.local, t.name, id, &field, Some(&stamp))?;
    }
    Ok(())
}

fn set_field_stamp(
    conn: &Connection,
    table: &str,
    id: &str,
    field: &str,
    stamp: Option<&str>,
) -> Result<()> {
    match stamp {
        Some(stamp) => records::stamp_field(conn, table, id, field, stamp),
        // No entry: the field's version is the row's creation stamp again.
        None => {
            conn.prepare_cached(
                "DELETE FROM field_stamps WHERE entity = ?1 AND row_id = ?2 AND field = ?3",
            )?
            .execute(rusqlite::params![table, id, field])?;
            Ok(())
        }
    }
}

fn is_deleted(side: &Side) -> bool {
    !matches!(side.values.get("deleted_at"), Some(Value::Null) | None)
}

fn merge_row(
    ctx: &mut MergeContext<'_>,
    t: &'static SyncedTable,
    groups: &[Group],
    id: &str,
    ours: &Side,
    theirs: &Side,
) -> Result<()> {
    let mut taken: Vec<&Group> = Vec::new();
    let mut conflict_fields: Vec<String> = Vec::new();
    for group in groups {
        let (our_dot, their_dot) = (ours.group_dot(group), theirs.group_dot(group));
        if our_dot == their_dot && ours.group_values(group) == theirs.group_values(group) {
            continue;
        }
        let they_saw_ours = ctx.remote_knowledge.covers(our_dot);
        let we_saw_theirs = ctx.local_knowledge.covers(their_dot);
        let take_theirs = if they_saw_ours && !we_saw_theirs {
            true
        } else if we_saw_theirs && !they_saw_ours {
            false
        } else {
            // Concurrent. A tombstone beats a concurrent restore; otherwise the higher stamp.
            let theirs_wins =
                if group.kind == GroupKind::Tombstone && is_deleted(ours) != is_deleted(theirs) {
                    is_deleted(theirs)
                } else {
                    (
                        their_dot,
                        theirs
                            .group_values(group)
                            .iter()
                            .map(|v| format!("{v:?}"))
                            .collect::<Vec<_>>(),
                    ) > (
                        our_dot,
                        ours.group_values(group)
                            .iter()
                            .map(|v| format!("{v:?}"))
                            .collect::<Vec<_>>(),
                    )
                };
            let values_differ = ours.group_values(group) != theirs.group_values(group);
            let both_deleted =
                group.kind == GroupKind::Tombstone && is_deleted(ours) && is_deleted(theirs);
            if values_differ && !both_deleted {
                let (kept, other, other_dot) = if theirs_wins {
                    (theirs, ours, our_dot)
                } else {
                    (ours, theirs, their_dot)
                };
                let kept_dot = if theirs_wins { their_dot } else { our_dot };
                ctx.conflicts.push(Conflict {
                    entity: t.name,
                    row_id: id.to_string(),
                    kind: group.kind,
                    fields: group.fields.clone(),
                    kept_values: kept.json(&group.fields),
                    kept_source: ctx.names.of(kept_dot),
                    other_values: other.json(&group.fields),
                    other_source: ctx.names.of(other_dot),
                    other_stamp: other_dot.to_string(),
                });
                conflict_fields.extend(group.fields.iter().cloned());
            }
            theirs_wins
        };
        if take_theirs {
            taken.push(group);
        }
    }
    // A delete on one side and edits the deleter had not seen on the other: the record stays
    // deleted and the edits are kept as a conflict offering to restore it.
    let data_groups = || groups.iter().filter(|g| g.kind != GroupKind::Tombstone);
    let tombstone_taken = taken.iter().any(|g| g.kind == GroupKind::Tombstone);
    let ends_deleted = if tombstone_taken {
        is_deleted(theirs)
    } else {
        is_deleted(ours)
    };
    if ends_deleted && is_deleted(ours) != is_deleted(theirs) {
        let (live, deleter_knowledge) = if is_deleted(theirs) {
            (ours, ctx.remote_knowledge)
        } else {
            (theirs, ctx.local_knowledge)
        };
        let unseen: Vec<String> = data_groups()
            .filter(|g| {
                let d = live.group_dot(g);
                d != live.created_stamp && !deleter_knowledge.covers(d)
            })
            .flat_map(|g| g.fields.iter().cloned())
            .collect();
        if !unseen.is_empty() {
            let deleted_side = if is_deleted(theirs) { theirs } else { ours };
            let mut kept_fields = vec!["deleted_at".to_string()];
            kept_fields.extend(unseen.iter().cloned());
            ctx.conflicts.push(Conflict {
                entity: t.name,
                row_id: id.to_string(),
                kind: GroupKind::Tombstone,
                fields: unseen.clone(),
                kept_values: deleted_side.json(&kept_fields),
                kept_source: ctx.names.of(deleted_side.dot("deleted_at")),
                other_values: live.json(&unseen),
                other_source: ctx.names.of(unseen
                    .iter()
                    .map(|f| live.dot(f))
                    .max()
                    .unwrap_or(&live.created_stamp)),
                other_stamp: unseen
                    .iter()
                    .map(|f| live.dot(f))
                    .max()
                    .unwrap_or(&live.created_stamp)
                    .to_string(),
            });
            conflict_fields.extend(unseen);
        }
    }
    if taken.is_empty() {
        if !conflict_fields.is_empty() {
            touch(ctx.local, t.name, id, "conflict", &conflict_fields)?;
        }
        return Ok(());
    }
    let mut sets = Vec::new();
    let mut values: Vec<Value> = vec![Value::Text(id.to_string())];
    let mut taken_fields = Vec::new();
    for group in &taken {
        for field in &group.fields {
            values.push(theirs.values.get(field).cloned().unwrap_or(Value::Null));
            sets.push(format!("{field} = ?{}", values.len()));
            taken_fields.push(field.clone());
        }
    }
    // The row's version is the newest dot it now holds; updated_at follows the newer side.
    let mut dots: Vec<&str> = vec![ours.created_stamp.as_str()];
    for group in groups {
        let side = if taken.iter().any(|g| std::ptr::eq(*g, group)) {
            theirs
        } else {
            ours
        };
        dots.extend(group.fields.iter().map(|f| side.dot(f)));
    }
    let version = dots.into_iter().max().unwrap_or_default().to_string();
    values.push(Value::Text(version));
    sets.push(format!("version = ?{}", values.len()));
    values.push(Value::Text(
        ours.updated_at.clone().max(theirs.updated_at.clone()),
    ));
    sets.push(format!("updated_at = ?{}", values.len()));
    ctx.local
        .prepare_cached(&format!(
            "UPDATE {} SET {} WHERE id = ?1",
            t.name,
            sets.join(", ")
        ))?
        .execute(params_from_iter(values))?;
    for group in &taken {
        for field in &group.fields {
            set_field_stamp(
                ctx.local,
                t.name,
                id,
                field,
                theirs.field_stamps.get(field).map(String::as_str),
            )?;
        }
    }
    let change = if !conflict_fields.is_empty() {
        "conflict"
    } else if tombstone_taken && is_deleted(theirs) {
        "deleted"
    } else {
        "changed"
    };
    let mut fields = taken_fields;
    fields.extend(conflict_fields);
    fields.dedup();
    touch(ctx.local, t.name, id, change, &fields)?;
    Ok(())
}

/// After the merge, a live record whose parent ended deleted (an exchange deleted on one
/// laptop while a participant was added to it on another) is tombstoned — or, for an optional
/// reference (a focal point, a session's lead), unlinked — with a fresh local stamp, and the
/// officer is offered to restore it. Repeated until nothing changes, for grandchildren.
fn tombstone_orphans(store: &mut Store, names: &Names) -> Result<Vec<Conflict>> {
    let mut conflicts = Vec::new();
    let now = crate::store::now_text();
    for _round in 0..6 {
        let mut changed = false;
        for t in TABLES {
            let references = tables::references(store.conn(), t.name)?;
            for tables::Reference {
                column,
                parent,
                required: not_null,
            } in references
            {
                if tables::table(&parent).is_none() {
                    continue;
                }
                // Children touched by the merge whose parent is deleted, and live children of
                // parents the merge deleted.
                let sql = format!(
                    "SELECT c.id, c.{column} FROM temp.merge_touched m
                       JOIN {child} c ON m.tbl = '{child}' AND c.id = m.id
                       JOIN {parent} p ON p.id = c.{column}
                      WHERE c.deleted_at IS NULL AND p.deleted_at IS NOT NULL
                        AND (m.change = 'new' OR (',' || m.fields || ',') LIKE '%,{column},%'
                             OR (',' || m.fields || ',') LIKE '%,deleted_at,%')
                     UNION
                     SELECT c.id, c.{column} FROM temp.merge_touched m
                       JOIN {parent} p ON m.tbl = '{parent}' AND p.id = m.id AND p.deleted_at IS NOT NULL
                       JOIN {child} c ON c.{column} = p.id
                      WHERE c.deleted_at IS NULL AND m.change IN ('deleted', 'conflict')",
                    child = t.name,
                );
                let orphans: Vec<(String, String)> = store
                    .conn()
                    .prepare(&sql)?
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (id, parent_id) in orphans {
                    changed = true;
                    let stamp = store.tick();
                    let conn = store.conn();
                    let parent_dot: String = conn.query_row(
                        "SELECT stamp FROM field_stamps WHERE entity = ?1 AND row_id = ?2 AND field = 'deleted_at'",
                        [parent.as_str(), parent_id.as_str()],
                        |r| r.get(0),
                    ).optional()?.unwrap_or_default();
                    let field = if not_null {
                        "deleted_at".to_string()
                    } else {
                        column.clone()
                    };
                    let before: Value = conn.query_row(
                        &format!("SELECT {field} FROM {} WHERE id = ?1", t.name),
                        [&id],
                        |r| r.get(0),
                    )?;
                    if not_null {
                        records::set_deleted(conn, t.name, &id, true, &stamp, &now)?;
                    } else {
                        conn.execute(
                            &format!("UPDATE {} SET {column} = NULL, updated_at = ?2, version = ?3 WHERE id = ?1", t.name),
                            rusqlite::params![id, now, stamp.to_string()],
                        )?;
                        records::stamp_field(conn, t.name, &id, &field, &stamp.to_string())?;
                    }
                    let stamp = stamp.to_string();
                    touch(conn, t.name, &id, "conflict", std::slice::from_ref(&field))?;
                    let parent_noun = tables::table(&parent).map(|p| p.noun).unwrap_or("record");
                    conflicts.push(Conflict {
                        entity: t.name,
                        row_id: id.clone(),
                        kind: GroupKind::Tombstone,
                        fields: vec![column.clone()],
                        kept_values: serde_json::json!({ field.clone(): if not_null { serde_json::Value::from(now.clone()) } else { serde_json::Value::Null } }).to_string(),
                        kept_source: format!("its {parent_noun} was deleted ({})", names.of(&parent_dot)),
                        other_values: serde_json::json!({ field: to_json(&before) }).to_string(),
                        other_source: "the record before the merge".to_string(),
                        other_stamp: stamp,
                    });
                }
            }
        }
        if !changed {
            break;
        }
    }
    Ok(conflicts)
}

/// Records that may exist only once per key, created on two laptops before they merged (the
/// same person added to the same exchange, the same reflection question answered twice):
/// the copy with the smallest id is kept — the same one on every installation — and the other
/// is tombstoned with a conflict that names it, so nothing typed into it is lost.
const ONE_PER_KEY: &[(&str, &[&str])] = &[
    ("participants", &["exchange_id", "person_id"]),
    ("reflection_answers", &["partnership_id", "question_key"]),
];

fn drop_twins(store: &mut Store) -> Result<Vec<Conflict>> {
    let mut conflicts = Vec::new();
    let now = crate::store::now_text();
    for (table, key) in ONE_PER_KEY {
        let same = key
            .iter()
            .map(|k| format!("o.{k} = t.{k}"))
            .collect::<Vec<_>>()
            .join(" AND ");
        // Only a row the merge inserted, brought back or re-keyed can have gained a twin.
        let could_pair = std::iter::once("m.change = 'new'".to_string())
            .chain(
                key.iter()
                    .chain(&["deleted_at"])
                    .map(|c| format!("(',' || m.fields || ',') LIKE '%,{c},%'")),
            )
            .collect::<Vec<_>>()
            .join(" OR ");
        let could_pair = format!("({could_pair})");
        let sql = format!(
            "SELECT t.id, (SELECT min(o.id) FROM {table} o WHERE o.deleted_at IS NULL AND {same})
               FROM temp.merge_touched m JOIN {table} t ON m.tbl = '{table}' AND t.id = m.id
              WHERE t.deleted_at IS NULL AND {could_pair}
                AND EXISTS (SELECT 1 FROM {table} o WHERE o.deleted_at IS NULL AND o.id < t.id AND {same})
             UNION
             SELECT t.id, (SELECT min(o.id) FROM {table} o WHERE o.deleted_at IS NULL AND {same})
               FROM temp.merge_touched m JOIN {table} k ON m.tbl = '{table}' AND k.id = m.id
               JOIN {table} t ON t.deleted_at IS NULL AND t.id > k.id
                AND {pair}
              WHERE k.deleted_at IS NULL AND {could_pair}",
            pair = key
                .iter()
                .map(|c| format!("t.{c} = k.{c}"))
                .collect::<Vec<_>>()
                .join(" AND ")
        );
        let twins: Vec<(String, String)> = store
            .conn()
            .prepare(&sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, kept) in twins {
            let stamp = store.tick();
            let conn = store.conn();
            let columns = tables::data_columns(conn, table)?;
            let values: serde_json::Map<String, serde_json::Value> = {
                let sql = format!("SELECT {} FROM {table} WHERE id = ?1", columns.join(", "));
                conn.query_row(&sql, [&id], |r| {
                    let mut map = serde_json::Map::new();
                    for (i, c) in columns.iter().enumerate() {
                        map.insert(c.clone(), to_json(&r.get::<_, Value>(i)?));
                    }
                    Ok(map)
                })?
            };
            records::set_deleted(conn, table, &id, true, &stamp, &now)?;
            let stamp = stamp.to_string();
            touch(conn, table, &id, "conflict", &["deleted_at".to_string()])?;
            conflicts.push(Conflict {
                entity: tables::table(table)
                    .map(|t| t.name)
                    .unwrap_or("participants"),
                row_id: id,
                kind: GroupKind::Duplicate,
                fields: columns.clone(),
                kept_values: serde_json::json!({ "kept": kept }).to_string(),
                kept_source: "added on two laptops; the copy with the other id is kept".into(),
                other_values: serde_json::Value::Object(values).to_string(),
                other_source: "the copy set aside".into(),
                other_stamp: stamp,
            });
        }
    }
    Ok(conflicts)
}

fn record_conflicts(conn: &Connection, conflicts: &[Conflict]) -> Result<()> {
    let now = crate::store::now_text();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sync_conflicts (id, entity, row_id, kind, fields, kept_values, kept_source,
            other_values, other_source, other_stamp, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for c in conflicts {
        stmt.execute(rusqlite::params![
            crate::new_id(),
            c.entity,
            c.row_id,
            c.kind.as_str(),
            c.fields.join(","),
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
            "SELECT m.id, m.change, m.fields, {label}, {partnership}, {exchange}
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
                fields: fields
                    .split(',')
                    .filter(|f| !f.is_empty() && *f != "deleted_at")
                    .map(String::from)
                    .collect(),
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
    report.records.sort_by(|a, b| {
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
    Ok(report)
}
