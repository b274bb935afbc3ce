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
fn decide(ctx: &MergeContext<'_>, group: &Group, ours: &Side, theirs: &Side) -> Decision {
    let (our_dot, their_dot) = (ours.group_dot(group), theirs.group_dot(group));
    let values_equal = ours.group_values(group) == theirs.group_values(group);
    if our_dot == their_dot && values_equal {
        return Decision::Same;
    }
    let they_saw_ours = ctx.remote_knowledge.covers(our_dot);
    let we_saw_theirs = ctx.local_knowledge.covers(their_dot);
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

enum Decision {
    Same,
    Ours { conflict: bool },
    Theirs { conflict: bool },
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
    let mut detail = serde_json::Map::new();
    let mut kept_differing = false;
    for group in groups {
        let decision = decide(ctx, group, ours, theirs);
        let (theirs_taken, conflict) = match decision {
            Decision::Same => continue,
            Decision::Ours { conflict } => (false, conflict),
            Decision::Theirs { conflict } => (true, conflict),
        };
        let values_differ = ours.group_values(group) != theirs.group_values(group);
        if conflict {
            let (kept, other) = if theirs_taken {
                (theirs, ours)
            } else {
                (ours, theirs)
            };
            ctx.conflicts.push(Conflict {
                entity: t.name,
                row_id: id.to_string(),
                kind: group.kind,
                fields: group.fields.clone(),
                kept_values: kept.json(&group.fields),
                kept_source: ctx.names.of(kept.group_dot(group)),
                other_values: other.json(&group.fields),
                other_source: ctx.names.of(other.group_dot(group)),
                other_stamp: other.group_dot(group).to_string(),
            });
            conflict_fields.extend(group.fields.iter().cloned());
        }
        if theirs_taken {
            taken.push(group);
            if values_differ {
                for field in &group.fields {
                    if ours.value(field) != theirs.value(field) && field != "deleted_at" {
                        detail.insert(
                            field.clone(),
                            serde_json::json!([
                                to_json(ours.value(field)),
                                to_json(theirs.value(field))
                            ]),
                        );
                    }
                }
            }
        } else if values_differ {
            kept_differing = true;
        }
    }
    // A delete on one side and edits the deleter had not seen on the other: the record stays
    // deleted and the edits are kept as a conflict offering to restore it.
    let data_groups = || groups.iter().filter(|g| g.kind != GroupKind::Tombstone);
    let tombstone_taken = taken.iter().any(|g| g.kind == GroupKind::Tombstone);
    let ends_deleted = if tombstone_taken {
        theirs.is_deleted()
    } else {
        ours.is_deleted()
    };
    if ends_deleted && ours.is_deleted() != theirs.is_deleted() {
        let (live, deleter_knowledge, deleted_side) = if theirs.is_deleted() {
            (ours, ctx.remote_knowledge, theirs)
        } else {
            (theirs, ctx.local_knowledge, ours)
        };
        let unseen: Vec<String> = data_groups()
            .filter(|g| {
                let d = live.group_dot(g);
                d != live.created_stamp && !deleter_knowledge.covers(d)
            })
            .flat_map(|g| g.fields.iter().cloned())
            .collect();
        if !unseen.is_empty() {
            let mut kept_fields = vec!["deleted_at".to_string()];
            kept_fields.extend(unseen.iter().cloned());
            let newest = unseen
                .iter()
                .map(|f| live.dot(f))
                .max()
                .unwrap_or(&live.created_stamp);
            ctx.conflicts.push(Conflict {
                entity: t.name,
                row_id: id.to_string(),
                kind: GroupKind::Tombstone,
                fields: unseen.clone(),
                kept_values: deleted_side.json(&kept_fields),
                kept_source: ctx.names.of(deleted_side.dot("deleted_at")),
                other_values: live.json(&unseen),
                other_source: ctx.names.of(newest),
                other_stamp: newest.to_string(),
            });
            conflict_fields.extend(unseen);
        }
    }

    // The row's bookkeeping, the same on both installations once they hold the same groups:
    // the version is the newest dot it holds, `updated_at` the later of the two, and a row
    // created on both laptops under one id (a setting, an exchange's agenda settings) keeps
    // the earlier creation.
    let chosen = |group: &Group| -> &Side {
        if taken.iter().any(|g| std::ptr::eq(*g, group)) {
            theirs
        } else {
            ours
        }
    };
    let two_creations = ours.created_stamp != theirs.created_stamp;
    let version = groups
        .iter()
        .flat_map(|g| g.fields.iter().map(move |f| chosen(g).dot(f)))
        .chain([ours
            .created_stamp
            .as_str()
            .min(theirs.created_stamp.as_str())])
        .max()
        .unwrap_or_default()
        .to_string();
    let updated_at = ours.updated_at.clone().max(theirs.updated_at.clone());
    if taken.is_empty()
        && !two_creations
        && version == ours.version
        && updated_at == ours.updated_at
    {
        if !conflict_fields.is_empty() {
            touch(
                ctx.local,
                t.name,
                id,
                "conflict",
                &conflict_fields,
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
    for group in &taken {
        for field in &group.fields {
            set(field, theirs.value(field).clone());
        }
    }
    set("version", Value::Text(version));
    set("updated_at", Value::Text(updated_at));
    if two_creations {
        let (created_stamp, created_at) = if theirs.created_stamp < ours.created_stamp {
            (&theirs.created_stamp, &theirs.created_at)
        } else {
            (&ours.created_stamp, &ours.created_at)
        };
        set("created_stamp", Value::Text(created_stamp.clone()));
        set("created_at", Value::Text(created_at.clone()));
    }
    ctx.local
        .prepare_cached(&format!(
            "UPDATE {} SET {} WHERE id = ?1",
            t.name,
            sets.join(", ")
        ))?
        .execute(params_from_iter(values))?;
    for group in groups {
        let side = chosen(group);
        for field in &group.fields {
            if two_creations {
                // Every field's dot written out, so the shared creation stamp chosen above
                // changes no field's version.
                set_field_stamp(ctx.local, t.name, id, field, Some(side.dot(field)))?;
            } else if std::ptr::eq(side, theirs) {
                set_field_stamp(
                    ctx.local,
                    t.name,
                    id,
                    field,
                    theirs.field_stamps.get(field).map(String::as_str),
                )?;
            }
        }
    }
    let tombstone_changed = tombstone_taken && ours.is_deleted() != theirs.is_deleted();
    if detail.is_empty() && conflict_fields.is_empty() && !tombstone_changed {
        // Only stamps or bookkeeping moved (two laptops typed the same thing): not a change.
        return Ok(());
    }
    let change = if !conflict_fields.is_empty() {
        "conflict"
    } else if tombstone_changed && theirs.is_deleted() {
        "deleted"
    } else {
        "changed"
    };
    let mut fields: Vec<String> = detail.keys().cloned().collect();
    if tombstone_changed {
        fields.push("deleted_at".to_string());
    }
    fields.extend(conflict_fields);
    fields.dedup();
    let detail = serde_json::Value::Object(detail).to_string();
    touch(
        ctx.local,
        t.name,
        id,
        change,
        &fields,
        Some(&detail),
        kept_differing,
    )?;
    Ok(())
}
