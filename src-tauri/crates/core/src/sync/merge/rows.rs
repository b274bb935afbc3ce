//! Merging one table's rows, one row and one group of fields at a time.
//!
//! For every group (a single field, or fields a rule ties together, money among them) each
//! side has a *dot*: the stamp of its last change (the newest `field_stamps` entry of the
//! group's fields, else the row's `created_stamp`). Then:
//! - same dot and same values: nothing to do;
//! - one side has seen the other's dot and the other has not seen its: that side changed the
//!   group after seeing the other value, so it wins;
//! - otherwise the changes were concurrent: the higher stamp wins — the same answer on every
//!   installation — and if the values differ the other one is kept as a conflict for the
//!   officer; a tombstone beats a concurrent restore.
//!
//! Stamps are issued after everything their laptop has seen (`Hlc::observe` follows any
//! clock), so "higher stamp" never contradicts "seen": the winner is a total order over the
//! versions of a group, which is what makes merges idempotent, order-independent and
//! convergent along chains of laptops (tests/sync_properties.rs, tests/sync_simulation.rs).
//! Equal values with different dots are not a change: the winner's stamps are adopted
//! silently, so two laptops that typed the same thing converge without a word.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

use super::{cancelled, Conflict, Names, Progress, PROGRESS_EVERY};
use crate::store::records;
use crate::sync::tables::{self, Group, GroupKind, SyncedTable};
use crate::sync::{Knowledge, SyncError};
use crate::Result;

/// One side's view of a row: values by column, and the dot (last-change stamp) of each field.
#[derive(Debug, Clone)]
pub(super) struct Side {
    pub values: HashMap<String, Value>,
    pub created_stamp: String,
    pub created_at: String,
    pub version: String,
    pub field_stamps: HashMap<String, String>,
    pub updated_at: String,
}

impl Side {
    pub fn dot(&self, field: &str) -> &str {
        self.field_stamps
            .get(field)
            .map(String::as_str)
            .unwrap_or(&self.created_stamp)
    }

    /// A group's dot: the newest of its fields' (every write stamps a whole group at once).
    pub fn group_dot(&self, group: &Group) -> &str {
        group
            .fields
            .iter()
            .map(|f| self.dot(f))
            .max()
            .unwrap_or(&self.created_stamp)
    }

    pub fn value(&self, field: &str) -> &Value {
        self.values.get(field).unwrap_or(&Value::Null)
    }

    fn group_values(&self, group: &Group) -> Vec<&Value> {
        group.fields.iter().map(|f| self.value(f)).collect()
    }

    pub fn json(&self, fields: &[String]) -> String {
        let map: serde_json::Map<String, serde_json::Value> = fields
            .iter()
            .map(|f| (f.clone(), to_json(self.value(f))))
            .collect();
        serde_json::Value::Object(map).to_string()
    }

    fn is_deleted(&self) -> bool {
        !matches!(self.values.get("deleted_at"), Some(Value::Null) | None)
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
pub(super) struct RowSql {
    /// The columns `read_side` reads: the data columns, then its own bookkeeping ones.
    side_columns: Vec<String>,
    select_side: String,
    /// The whole row, for `insert_row`: id, data columns, times, stamps, tombstone.
    whole_columns: usize,
    select_whole: String,
    insert_whole: String,
}

/// The bookkeeping columns `read_side` reads after the data columns.
const SIDE_BOOKKEEPING: [&str; 5] = [
    "created_stamp",
    "created_at",
    "version",
    "updated_at",
    "deleted_at",
];

impl RowSql {
    pub fn new(table: &str, columns: &[String]) -> RowSql {
        let mut side_columns = columns.to_vec();
        side_columns.extend(SIDE_BOOKKEEPING.map(String::from));
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

fn take_text(values: &mut HashMap<String, Value>, column: &str) -> String {
    match values.remove(column) {
        Some(Value::Text(s)) => s,
        _ => String::new(),
    }
}

pub(super) fn read_side(
    conn: &Connection,
    table: &str,
    sql: &RowSql,
    id: &str,
) -> Result<Option<Side>> {
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
    let created_stamp = take_text(&mut values, "created_stamp");
    let created_at = take_text(&mut values, "created_at");
    let version = take_text(&mut values, "version");
    let updated_at = take_text(&mut values, "updated_at");
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
        created_at,
        version,
        field_stamps,
        updated_at,
    }))
}

/// A preview's change to one row: (table, id, change, fields, old → new as JSON).
pub(super) type PlannedChange = (
    &'static str,
    String,
    &'static str,
    Vec<String>,
    Option<String>,
);

pub(super) struct MergeContext<'a> {
    pub local: &'a Connection,
    pub remote: &'a Connection,
    pub local_knowledge: &'a Knowledge,
    pub remote_knowledge: &'a Knowledge,
    pub names: &'a Names,
    pub left_out: &'a mut HashSet<String>,
    /// Records of the file that break a rule (by table and id): not merged (`set_aside`).
    pub set_aside: &'a HashSet<(&'static str, String)>,
    /// New records not inserted because they, or a parent, were set aside: what is new under
    /// them cannot come in either.
    pub not_inserted: HashSet<String>,
    /// Records of the file not merged because the officer left them (or their parent) out.
    pub skipped: usize,
    /// New records not merged because a parent was set aside.
    pub under_set_aside: usize,
    pub conflicts: Vec<Conflict>,
    pub done: u64,
    /// A preview: rows are planned, nothing is written; what would change is in `planned`.
    pub dry_run: bool,
    /// The preview's changes, the first `RECORD_LIMIT` of them: (table, id, change, fields,
    /// old → new as JSON); and how many of each change in all.
    pub planned: Vec<PlannedChange>,
    pub planned_counts: std::collections::BTreeMap<&'static str, usize>,
}

impl MergeContext<'_> {
    /// A preview's change to one row.
    fn plan(
        &mut self,
        table: &'static str,
        id: &str,
        change: &'static str,
        fields: Vec<String>,
        detail: Option<String>,
    ) {
        *self.planned_counts.entry(change).or_default() += 1;
        if self.planned.len() < super::RECORD_LIMIT {
            self.planned
                .push((table, id.to_string(), change, fields, detail));
        }
    }
}

pub(super) fn merge_table(
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
        if ctx.set_aside.contains(&(t.name, id.clone())) {
            // Not read at all: it may hold what cannot be read (text that is not UTF-8).
            if !local_has(ctx.local, t.name, &id)? {
                ctx.not_inserted.insert(id);
            }
            continue;
        }
        let Some(theirs) = read_side(ctx.remote, t.name, &sql, &id)? else {
            continue;
        };
        match read_side(ctx.local, t.name, &sql, &id)? {
            None => {
                let parent_of = |set: &HashSet<String>| {
                    references.iter().any(|tables::Reference { column, .. }| {
                        matches!(theirs.values.get(column), Some(Value::Text(p)) if set.contains(p))
                    })
                };
                if parent_of(&ctx.not_inserted) {
                    ctx.under_set_aside += 1;
                    ctx.not_inserted.insert(id);
                    continue;
                }
                if ctx.left_out.contains(&id) || parent_of(ctx.left_out) {
                    ctx.left_out.insert(id);
                    ctx.skipped += 1;
                    continue;
                }
                if ctx.dry_run {
                    if !theirs.is_deleted() {
                        ctx.plan(t.name, &id, "new", Vec::new(), None);
                    }
                    continue;
                }
                insert_row(ctx, t, &sql, &id)?;
                if !theirs.is_deleted() {
                    touch(ctx.local, t.name, &id, "new", &[], None, false)?;
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

fn local_has(conn: &Connection, table: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"
        ))?
        .query_row([id], |r| r.get(0))?)
}

/// Notes a record the merge added or changed, for the report and the repairs after it.
/// `detail` is a JSON object `{field: [before, after]}`; `mixed` marks a row that now holds
/// groups of both versions (the one kind of row the final rule check must look at).
pub(super) fn touch(
    conn: &Connection,
    table: &str,
    id: &str,
    change: &str,
    fields: &[String],
    detail: Option<&str>,
    mixed: bool,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO temp.merge_touched (tbl, id, change, fields, detail, mixed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (tbl, id) DO UPDATE SET
           change = CASE WHEN change = 'conflict' THEN change
                         WHEN change = 'new' AND excluded.change <> 'conflict' THEN change
                         ELSE excluded.change END,
           fields = CASE WHEN fields = '' THEN excluded.fields
                         WHEN excluded.fields = '' THEN fields
                         ELSE fields || ',' || excluded.fields END,
           detail = coalesce(excluded.detail, detail),
           mixed = max(mixed, excluded.mixed)",
    )?
    .execute(rusqlite::params![
        table,
        id,
        change,
        fields.join(","),
        detail,
        mixed
    ])?;
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

/// Which side's version of a group a merge keeps, and whether the other is a conflict.
fn decide(
    group: &Group,
    ours: &Side,
    theirs: &Side,
    local: &Knowledge,
    remote: &Knowledge,
) -> Decision {
    let (our_dot, their_dot) = (ours.group_dot(group), theirs.group_dot(group));
    let values_equal = ours.group_values(group) == theirs.group_values(group);
    if our_dot == their_dot && values_equal {
        return Decision::Same;
    }
    let they_saw_ours = remote.covers(our_dot);
    let we_saw_theirs = local.covers(their_dot);
    if they_saw_ours && !we_saw_theirs {
        return Decision::Theirs { conflict: false };
    }
    if we_saw_theirs && !they_saw_ours {
        return Decision::Ours { conflict: false };
    }
    // Concurrent. A tombstone beats a concurrent restore; otherwise the higher stamp (and, for
    // two versions with one dot — only rows merged by older PeerPlans — the larger values).
    let theirs_wins =
        if group.kind == GroupKind::Tombstone && ours.is_deleted() != theirs.is_deleted() {
            theirs.is_deleted()
        } else {
            let key = |side: &Side, dot: &str| {
                (
                    dot.to_string(),
                    side.group_values(group)
                        .iter()
                        .map(|v| format!("{v:?}"))
                        .collect::<Vec<_>>(),
                )
            };
            key(theirs, their_dot) > key(ours, our_dot)
        };
    let both_deleted =
        group.kind == GroupKind::Tombstone && ours.is_deleted() && theirs.is_deleted();
    let conflict = !values_equal && !both_deleted;
    if theirs_wins {
        Decision::Theirs { conflict }
    } else {
        Decision::Ours { conflict }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Same,
    Ours { conflict: bool },
    Theirs { conflict: bool },
}

/// A value not kept, as the plan knows it: which group, and whether the colleague's version
/// won (the local one is then the value not kept) or lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PlannedConflict {
    /// Both changed the group concurrently; `theirs_kept` says which version stays.
    Group { group: usize, theirs_kept: bool },
    /// One side deleted the record, the other changed `fields` without having seen the delete.
    DeletedWhileEdited {
        fields: Vec<String>,
        theirs_deleted: bool,
    },
}

/// What the merge does to one row both copies hold: decided from the two versions and what
/// each copy has seen, with no database (`plan_row`); carried out by `apply_row`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RowPlan {
    /// The groups (indices into the table's groups) taken from the colleague's version.
    pub taken: Vec<usize>,
    pub conflicts: Vec<PlannedConflict>,
    /// Each field whose value changes here, before → after.
    pub changes: Vec<(String, serde_json::Value, serde_json::Value)>,
    /// Whether the tombstone changes here (deleted or restored).
    pub tombstone_changes: bool,
    /// The row then holds groups of both versions that differ (the one kind of row the final
    /// rule check must look at).
    pub mixed: bool,
    pub version: String,
    pub updated_at: String,
    /// The row was created on both laptops under one id (a derived id): the earlier creation
    /// is kept, and every field's dot is written out.
    pub two_creations: bool,
}

impl RowPlan {
    /// Whether anything in the row is written (values, stamps or bookkeeping).
    pub fn writes(&self, ours: &Side) -> bool {
        !self.taken.is_empty()
            || self.two_creations
            || self.version != ours.version
            || self.updated_at != ours.updated_at
    }

    /// How the report counts the row: "conflict", "deleted", "changed", or nothing.
    pub fn change(&self, theirs: &Side) -> Option<&'static str> {
        if !self.conflicts.is_empty() {
            Some("conflict")
        } else if self.tombstone_changes && theirs.is_deleted() {
            Some("deleted")
        } else if self.tombstone_changes || !self.changes.is_empty() {
            Some("changed")
        } else {
            None
        }
    }

    /// The fields the report names: those changed, the tombstone, and those in conflict.
    pub fn fields(&self, groups: &[Group]) -> Vec<String> {
        let mut fields: Vec<String> = self.changes.iter().map(|(f, _, _)| f.clone()).collect();
        if self.tombstone_changes {
            fields.push("deleted_at".to_string());
        }
        for c in &self.conflicts {
            match c {
                PlannedConflict::Group { group, .. } => {
                    fields.extend(groups[*group].fields.iter().cloned())
                }
                PlannedConflict::DeletedWhileEdited { fields: f, .. } => {
                    fields.extend(f.iter().cloned())
                }
            }
        }
        fields.dedup();
        fields
    }
}

/// The merge of one row, as a pure function of the two versions and the two knowledges.
pub(super) fn plan_row(
    groups: &[Group],
    ours: &Side,
    theirs: &Side,
    local: &Knowledge,
    remote: &Knowledge,
) -> RowPlan {
    let mut taken = Vec::new();
    let mut conflicts = Vec::new();
    let mut changes = Vec::new();
    let mut kept_differing = false;
    for (index, group) in groups.iter().enumerate() {
        let (theirs_taken, conflict) = match decide(group, ours, theirs, local, remote) {
            Decision::Same => continue,
            Decision::Ours { conflict } => (false, conflict),
            Decision::Theirs { conflict } => (true, conflict),
        };
        if conflict {
            conflicts.push(PlannedConflict::Group {
                group: index,
                theirs_kept: theirs_taken,
            });
        }
        let values_differ = ours.group_values(group) != theirs.group_values(group);
        if theirs_taken {
            taken.push(index);
            for field in group.fields.iter().filter(|f| *f != "deleted_at") {
                if ours.value(field) != theirs.value(field) {
                    changes.push((
                        field.clone(),
                        to_json(ours.value(field)),
                        to_json(theirs.value(field)),
                    ));
                }
            }
        } else if values_differ {
            kept_differing = true;
        }
    }
    // A delete on one side and edits the deleter had not seen on the other: the record stays
    // deleted and the edits are kept as a conflict offering to restore it.
    let tombstone_taken = taken
        .iter()
        .any(|&i| groups[i].kind == GroupKind::Tombstone);
    let ends_deleted = if tombstone_taken {
        theirs.is_deleted()
    } else {
        ours.is_deleted()
    };
    if ends_deleted && ours.is_deleted() != theirs.is_deleted() {
        let (live, deleter_knowledge) = if theirs.is_deleted() {
            (ours, remote)
        } else {
            (theirs, local)
        };
        let unseen: Vec<String> = groups
            .iter()
            .filter(|g| g.kind != GroupKind::Tombstone)
            .filter(|g| {
                let d = live.group_dot(g);
                d != live.created_stamp && !deleter_knowledge.covers(d)
            })
            .flat_map(|g| g.fields.iter().cloned())
            .collect();
        if !unseen.is_empty() {
            conflicts.push(PlannedConflict::DeletedWhileEdited {
                fields: unseen,
                theirs_deleted: theirs.is_deleted(),
            });
        }
    }
    // The row's bookkeeping, the same on both installations once they hold the same groups:
    // the version is the newest dot it holds, `updated_at` the later of the two, and a row
    // created on both laptops under one id (a setting, an exchange's agenda settings) keeps
    // the earlier creation.
    let chosen = |index: usize| -> &Side {
        if taken.contains(&index) {
            theirs
        } else {
            ours
        }
    };
    let version = groups
        .iter()
        .enumerate()
        .flat_map(|(i, g)| g.fields.iter().map(move |f| chosen(i).dot(f)))
        .chain([ours
            .created_stamp
            .as_str()
            .min(theirs.created_stamp.as_str())])
        .max()
        .unwrap_or_default()
        .to_string();
    RowPlan {
        mixed: kept_differing && !taken.is_empty(),
        tombstone_changes: tombstone_taken && ours.is_deleted() != theirs.is_deleted(),
        updated_at: ours.updated_at.clone().max(theirs.updated_at.clone()),
        two_creations: ours.created_stamp != theirs.created_stamp,
        version,
        taken,
        conflicts,
        changes,
    }
}

/// The conflicts a plan lists, worded for the officer (who wrote each version).
fn planned_conflicts(
    t: &'static SyncedTable,
    groups: &[Group],
    id: &str,
    ours: &Side,
    theirs: &Side,
    plan: &RowPlan,
    names: &Names,
) -> Vec<Conflict> {
    plan.conflicts
        .iter()
        .map(|c| match c {
            PlannedConflict::Group { group, theirs_kept } => {
                let group = &groups[*group];
                let (kept, other) = if *theirs_kept {
                    (theirs, ours)
                } else {
                    (ours, theirs)
                };
                Conflict {
                    entity: t.name,
                    row_id: id.to_string(),
                    kind: group.kind,
                    fields: group.fields.clone(),
                    kept_values: kept.json(&group.fields),
                    kept_source: names.of(kept.group_dot(group)),
                    other_values: other.json(&group.fields),
                    other_source: names.of(other.group_dot(group)),
                    other_stamp: other.group_dot(group).to_string(),
                }
            }
            PlannedConflict::DeletedWhileEdited {
                fields,
                theirs_deleted,
            } => {
                let (live, deleted_side) = if *theirs_deleted {
                    (ours, theirs)
                } else {
                    (theirs, ours)
                };
                let mut kept_fields = vec!["deleted_at".to_string()];
                kept_fields.extend(fields.iter().cloned());
                let newest = fields
                    .iter()
                    .map(|f| live.dot(f))
                    .max()
                    .unwrap_or(&live.created_stamp);
                Conflict {
                    entity: t.name,
                    row_id: id.to_string(),
                    kind: GroupKind::Tombstone,
                    fields: fields.clone(),
                    kept_values: deleted_side.json(&kept_fields),
                    kept_source: names.of(deleted_side.dot("deleted_at")),
                    other_values: live.json(fields),
                    other_source: names.of(newest),
                    other_stamp: newest.to_string(),
                }
            }
        })
        .collect()
}

fn merge_row(
    ctx: &mut MergeContext<'_>,
    t: &'static SyncedTable,
    groups: &[Group],
    id: &str,
    ours: &Side,
    theirs: &Side,
) -> Result<()> {
    let plan = plan_row(
        groups,
        ours,
        theirs,
        ctx.local_knowledge,
        ctx.remote_knowledge,
    );
    ctx.conflicts.extend(planned_conflicts(
        t, groups, id, ours, theirs, &plan, ctx.names,
    ));
    if ctx.dry_run {
        if let Some(change) = plan.change(theirs) {
            ctx.plan(t.name, id, change, plan.fields(groups), detail_json(&plan));
        }
        return Ok(());
    }
    apply_row(ctx.local, t, groups, id, ours, theirs, &plan)
}

fn detail_json(plan: &RowPlan) -> Option<String> {
    if plan.changes.is_empty() {
        return None;
    }
    let map: serde_json::Map<String, serde_json::Value> = plan
        .changes
        .iter()
        .map(|(f, before, after)| (f.clone(), serde_json::json!([before, after])))
        .collect();
    Some(serde_json::Value::Object(map).to_string())
}

/// Carries out a row's plan in the merge's transaction.
fn apply_row(
    local: &Connection,
    t: &'static SyncedTable,
    groups: &[Group],
    id: &str,
    ours: &Side,
    theirs: &Side,
    plan: &RowPlan,
) -> Result<()> {
    let change = plan.change(theirs);
    if !plan.writes(ours) {
        if change.is_some() {
            touch(
                local,
                t.name,
                id,
                "conflict",
                &plan.fields(groups),
                None,
                false,
            )?;
        }
        return Ok(());
    }
    let mut sets = Vec::new();
    let mut values: Vec<Value> = vec![Value::Text(id.to_string())];
    let mut set = |column: &str, value: Value| {
        values.push(value);
        sets.push(format!("{column} = ?{}", values.len()));
    };
    for &index in &plan.taken {
        for field in &groups[index].fields {
            set(field, theirs.value(field).clone());
        }
    }
    set("version", Value::Text(plan.version.clone()));
    set("updated_at", Value::Text(plan.updated_at.clone()));
    if plan.two_creations {
        let (created_stamp, created_at) = if theirs.created_stamp < ours.created_stamp {
            (&theirs.created_stamp, &theirs.created_at)
        } else {
            (&ours.created_stamp, &ours.created_at)
        };
        set("created_stamp", Value::Text(created_stamp.clone()));
        set("created_at", Value::Text(created_at.clone()));
    }
    local
        .prepare_cached(&format!(
            "UPDATE {} SET {} WHERE id = ?1",
            t.name,
            sets.join(", ")
        ))?
        .execute(params_from_iter(values))?;
    for (index, group) in groups.iter().enumerate() {
        let side = if plan.taken.contains(&index) {
            theirs
        } else {
            ours
        };
        for field in &group.fields {
            if plan.two_creations {
                // Every field's dot written out, so the shared creation stamp chosen above
                // changes no field's version.
                set_field_stamp(local, t.name, id, field, Some(side.dot(field)))?;
            } else if std::ptr::eq(side, theirs) {
                set_field_stamp(
                    local,
                    t.name,
                    id,
                    field,
                    theirs.field_stamps.get(field).map(String::as_str),
                )?;
            }
        }
    }
    let Some(change) = change else {
        // Only stamps or bookkeeping moved (two laptops typed the same thing): not a change.
        return Ok(());
    };
    touch(
        local,
        t.name,
        id,
        change,
        &plan.fields(groups),
        detail_json(plan).as_deref(),
        plan.mixed,
    )
}

#[cfg(test)]
mod tests {
    //! The merge of one row as plain data: two versions, what each copy has seen, and the
    //! plan. One `check` per case.
    use super::*;
    use crate::sync::tables::{table, TABLES};

    const A: &str = "AAAAAAAA";
    const B: &str = "BBBBBBBB";

    fn stamp(millis: u64, node: &str) -> String {
        format!("{millis:013}.00000.{node}")
    }

    /// A partnership row: its title and officer (each with a dot), created at 100 by A.
    fn side(title: (&str, u64, &str), officer: (&str, u64, &str)) -> Side {
        let mut values = HashMap::new();
        values.insert("title".to_string(), Value::Text(title.0.into()));
        values.insert("officer".to_string(), Value::Text(officer.0.into()));
        values.insert("deleted_at".to_string(), Value::Null);
        let created = stamp(100, A);
        let mut field_stamps = HashMap::new();
        for (field, (_, millis, node)) in [("title", title), ("officer", officer)] {
            if millis != 100 {
                field_stamps.insert(field.to_string(), stamp(millis, node));
            }
        }
        let version = field_stamps
            .values()
            .cloned()
            .chain([created.clone()])
            .max()
            .unwrap();
        Side {
            values,
            created_stamp: created,
            created_at: "2026-01-01T00:00:00.000Z".into(),
            version,
            field_stamps,
            updated_at: "2026-01-01T00:00:00.000Z".into(),
        }
    }

    fn knowledge(seen: &[(&str, u64)]) -> Knowledge {
        Knowledge::from_pairs(
            seen.iter()
                .map(|(node, millis)| (node.to_string(), stamp(*millis, node))),
        )
    }

    fn groups() -> Vec<Group> {
        let t = table("partnerships").unwrap();
        tables::groups(t, &["title".to_string(), "officer".to_string()])
    }

    /// What the plan does to the title: (taken from theirs, conflict listed, row mixed).
    fn check(
        ours: Side,
        theirs: Side,
        local: Knowledge,
        remote: Knowledge,
        expected: (bool, bool, bool),
    ) {
        let groups = groups();
        let title = groups.iter().position(|g| g.fields == ["title"]).unwrap();
        let plan = plan_row(&groups, &ours, &theirs, &local, &remote);
        let taken = plan.taken.contains(&title);
        let conflict = plan
            .conflicts
            .iter()
            .any(|c| matches!(c, PlannedConflict::Group { group, .. } if *group == title));
        assert_eq!((taken, conflict, plan.mixed), expected, "{plan:#?}");
        // The other way round gives the same winner (the merge is symmetric).
        let back = plan_row(&groups, &theirs, &ours, &remote, &local);
        let back_taken = back.taken.contains(&title);
        assert_eq!(
            taken == back_taken,
            ours.value("title") == theirs.value("title"),
            "A into B and B into A keep the same title: {back:#?}"
        );
    }

    #[test]
    fn the_same_version_is_left_alone() {
        let v = side(("Ghana–Kenya", 200, A), ("Amina", 100, A));
        check(
            v.clone(),
            v,
            knowledge(&[(A, 200)]),
            knowledge(&[(A, 200)]),
            (false, false, false),
        );
    }

    #[test]
    fn an_edit_made_after_seeing_the_other_wins_whatever_the_clock() {
        // B saw A's title (stamped a year ahead) and changed it with a lower stamp.
        let ours = side(("Fast title", 9_000_000, A), ("Amina", 100, A));
        let theirs = side(("Later title", 500, B), ("Amina", 100, A));
        check(
            ours,
            theirs,
            knowledge(&[(A, 9_000_000)]),
            knowledge(&[(A, 9_000_000), (B, 500)]),
            (true, false, false),
        );
    }

    #[test]
    fn our_edit_after_seeing_theirs_stays() {
        let ours = side(("Ours, later", 600, A), ("Amina", 100, A));
        let theirs = side(("Theirs", 500, B), ("Amina", 100, A));
        check(
            ours,
            theirs,
            knowledge(&[(A, 600), (B, 500)]),
            knowledge(&[(A, 100), (B, 500)]),
            (false, false, false),
        );
    }

    #[test]
    fn concurrent_edits_keep_the_higher_stamp_and_list_the_other() {
        let ours = side(("Ours", 600, A), ("Amina", 100, A));
        let theirs = side(("Theirs", 700, B), ("Amina", 100, A));
        check(
            ours,
            theirs,
            knowledge(&[(A, 600)]),
            knowledge(&[(A, 100), (B, 700)]),
            (true, true, false),
        );
    }

    #[test]
    fn two_laptops_typing_the_same_title_is_no_conflict() {
        let ours = side(("Same", 600, A), ("Amina", 100, A));
        let theirs = side(("Same", 700, B), ("Amina", 100, A));
        let groups = groups();
        let plan = plan_row(
            &groups,
            &ours,
            &theirs,
            &knowledge(&[(A, 600)]),
            &knowledge(&[(A, 100), (B, 700)]),
        );
        assert!(plan.conflicts.is_empty(), "{plan:#?}");
        assert!(plan.changes.is_empty(), "equal values are not a change");
        assert_eq!(plan.change(&theirs), None);
        assert!(plan.writes(&ours), "the winner's stamp is taken silently");
    }

    #[test]
    fn a_row_holding_both_versions_is_marked_mixed() {
        // They changed the title, we changed the officer, concurrently.
        let ours = side(("Old", 100, A), ("Ours", 600, A));
        let theirs = side(("Theirs", 700, B), ("Amina", 100, A));
        check(
            ours,
            theirs,
            knowledge(&[(A, 600)]),
            knowledge(&[(A, 100), (B, 700)]),
            (true, false, true),
        );
    }

    #[test]
    fn every_synced_table_has_its_groups() {
        let store = crate::Store::open_in_memory().unwrap();
        for t in TABLES {
            let columns = tables::data_columns(store.conn(), t.name).unwrap();
            let groups = tables::groups(t, &columns);
            let covered: usize = groups.iter().map(|g| g.fields.len()).sum();
            assert_eq!(
                covered,
                columns.len() + 1,
                "{}: every field in one group",
                t.name
            );
        }
    }
}
