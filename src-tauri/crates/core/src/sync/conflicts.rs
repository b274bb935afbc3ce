//! The Conflicts view: what merges did not keep, and the one-click answers. Every answer is an
//! ordinary local edit with a fresh stamp, made after seeing both values, so it wins at every
//! colleague's next merge.

use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::merge::json_value;
pub use super::merge::source_phrase;
use super::tables::{self, TABLES};
use super::SyncError;
use crate::hlc::Stamp;
use crate::store::{records, Store};
use crate::Result;

#[derive(Debug, Clone, Serialize)]
pub struct ConflictView {
    pub id: String,
    pub entity: String,
    /// What the record is ("follow-up action"), serialised in the app's language.
    #[serde(serialize_with = "crate::validate::serialize_noun")]
    pub noun: &'static str,
    pub row_id: String,
    /// What the officer calls the record, serialised in the app's language.
    pub label: crate::label::RecordLabel,
    /// "field", "money", "notes", "deleted" or "duplicate".
    pub kind: String,
    pub fields: Vec<String>,
    pub kept_values: serde_json::Value,
    /// Who or what the kept values came from, as stored (an installation's name, or the
    /// merge's English words); serialised in the app's language ([`source_phrase`]).
    #[serde(serialize_with = "serialize_source")]
    pub kept_source: String,
    pub other_values: serde_json::Value,
    #[serde(serialize_with = "serialize_source")]
    pub other_source: String,
    /// Whether the record is deleted now (then "restore" is offered).
    pub record_deleted: bool,
    pub partnership_id: Option<String>,
    pub partnership_title: Option<String>,
    pub exchange_id: Option<String>,
    pub created_at: String,
    /// When and how the officer answered it (none while it is open).
    pub resolved_at: Option<String>,
    pub resolution: Option<String>,
}

fn serialize_source<S: serde::Serializer>(
    stored: &str,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::validate::serialised_stored(
        stored,
        source_phrase(stored),
    ))
}

/// How the officer answers a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Keep what the merge kept; the conflict is closed.
    Keep,
    /// Switch to the value the merge did not keep.
    UseOther,
    /// Free text: put the other text after the kept one.
    KeepBoth,
    /// A deleted record: bring it back (and what was deleted with it).
    Restore,
    /// A record set aside by a merge (it broke a rule in the colleague's file): take it, with
    /// the officer's corrections.
    Take,
}

impl Resolution {
    pub fn parse(s: &str) -> Option<Resolution> {
        match s {
            "keep" => Some(Resolution::Keep),
            "use_other" | "other" => Some(Resolution::UseOther),
            "keep_both" | "both" => Some(Resolution::KeepBoth),
            "restore" => Some(Resolution::Restore),
            "take" => Some(Resolution::Take),
            _ => None,
        }
    }
    fn as_str(self) -> &'static str {
        match self {
            Resolution::Keep => "keep",
            Resolution::UseOther => "use_other",
            Resolution::KeepBoth => "keep_both",
            Resolution::Restore => "restore",
            Resolution::Take => "take",
        }
    }
}

/// A record's label as its table's SQL gives it, partnership, exchange and whether it is
/// deleted.
type StoredPlace = (Option<String>, Option<String>, Option<String>, bool);

/// A record's label, partnership, exchange and whether it is deleted.
type RecordPlace = (
    crate::label::RecordLabel,
    Option<String>,
    Option<String>,
    bool,
);

/// Where a record that is not in this database would be, from its values in a colleague's
/// file (JSON): its title or name, and its partnership and exchange where it names them.
fn place_of_absent(
    conn: &rusqlite::Connection,
    t: &tables::SyncedTable,
    values_json: &str,
) -> Result<RecordPlace> {
    let values: serde_json::Value = serde_json::from_str(values_json).unwrap_or_default();
    let text = |field: &str| values.get(field).and_then(|v| v.as_str()).map(String::from);
    let label = [
        "title",
        "name",
        "description",
        "what",
        "what_changed",
        "text",
        "key",
    ]
    .iter()
    .find_map(|f| text(f).filter(|s| !s.trim().is_empty()))
    .or_else(|| text("country_code"));
    let label = match text("key") {
        // A setting is named by its key, which only the edges can word.
        Some(key) if t.name == "settings" => {
            crate::label::RecordLabel::phrase(crate::label::Phrase::Setting, &[&key])
        }
        _ => crate::label::RecordLabel::text(label.unwrap_or_default()),
    };
    let exchange_id = if t.name == "exchanges" {
        None
    } else {
        text("exchange_id")
    };
    let partnership_id = match text("partnership_id") {
        Some(p) => Some(p),
        None => match &exchange_id {
            Some(e) => conn
                .query_row(
                    "SELECT partnership_id FROM exchanges WHERE id = ?1",
                    [e],
                    |r| r.get(0),
                )
                .optional()?,
            None => None,
        },
    };
    Ok((label, partnership_id, exchange_id, false))
}

/// The open conflicts, newest first.
pub fn open(store: &Store) -> Result<Vec<ConflictView>> {
    views(
        store,
        "WHERE resolved_at IS NULL ORDER BY created_at DESC, id",
    )
}

/// The conflicts answered most recently (at most `limit`), newest first: what the officer
/// decided, to look back on.
pub fn recently_resolved(store: &Store, limit: usize) -> Result<Vec<ConflictView>> {
    views(
        store,
        &format!(
            "WHERE resolved_at IS NOT NULL AND resolution <> 'superseded'
             ORDER BY resolved_at DESC, id LIMIT {limit}"
        ),
    )
}

fn views(store: &Store, filter: &str) -> Result<Vec<ConflictView>> {
    let conn = store.conn();
    let mut stmt = conn.prepare(&format!(
        "SELECT id, entity, row_id, kind, fields, kept_values, kept_source, other_values,
                other_source, created_at, resolved_at, resolution
           FROM sync_conflicts {filter}"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, String>(9)?,
            r.get::<_, Option<String>>(10)?,
            r.get::<_, Option<String>>(11)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            id,
            entity,
            row_id,
            kind,
            fields,
            kept,
            kept_source,
            other,
            other_source,
            created_at,
            resolved_at,
            resolution,
        ) = row?;
        let Some(t) = tables::table(&entity) else {
            continue;
        };
        let sql = format!(
            "SELECT {}, {}, {}, t.deleted_at IS NOT NULL FROM {} t WHERE t.id = ?1",
            t.label, t.partnership, t.exchange, t.name
        );
        let found: Option<StoredPlace> = conn
            .query_row(&sql, [&row_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let (label, partnership_id, exchange_id, record_deleted) = match found {
            Some((label, partnership, exchange, deleted)) => (
                crate::label::RecordLabel::from_sql(label),
                partnership,
                exchange,
                deleted,
            ),
            // A record set aside before it ever came in: named from the colleague's values.
            None if kind == "set_aside" => place_of_absent(conn, t, &other)?,
            None => continue,
        };
        let partnership_title = match &partnership_id {
            Some(p) => conn
                .query_row("SELECT title FROM partnerships WHERE id = ?1", [p], |r| {
                    r.get(0)
                })
                .optional()?,
            None => None,
        };
        out.push(ConflictView {
            id,
            entity,
            noun: t.noun,
            row_id,
            label,
            kind,
            fields: fields
                .split(',')
                .filter(|f| !f.is_empty())
                .map(String::from)
                .collect(),
            kept_values: serde_json::from_str(&kept).unwrap_or(serde_json::Value::Null),
            kept_source,
            other_values: serde_json::from_str(&other).unwrap_or(serde_json::Value::Null),
            other_source,
            record_deleted,
            partnership_id,
            partnership_title,
            exchange_id,
            created_at,
            resolved_at,
            resolution,
        });
    }
    Ok(out)
}

pub fn open_count(store: &Store) -> Result<i64> {
    Ok(store.conn().query_row(
        "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// Answers one conflict. The record's change is stamped now, in one transaction with closing
/// the conflict, and the record is checked with every rule before that transaction commits: an
/// answer that would break one (the other value's member was deleted since) changes nothing and
/// says why.
pub fn resolve(store: &mut Store, conflict_id: &str, answer: Resolution) -> Result<()> {
    resolve_with(store, conflict_id, answer, &serde_json::Map::new())
}

/// `resolve`, with the officer's corrections for `Resolution::Take` (field → value): a record
/// set aside is taken with its values from the colleague's file, corrected.
pub fn resolve_with(
    store: &mut Store,
    conflict_id: &str,
    answer: Resolution,
    corrections: &serde_json::Map<String, serde_json::Value>,
) -> Result<()> {
    let conflict = open(store)?
        .into_iter()
        .find(|c| c.id == conflict_id)
        .ok_or_else(|| SyncError::NoConflict(conflict_id.to_string()))?;
    let set_aside = conflict.kind == "set_aside";
    let mut report = crate::validate::Report::default();
    match answer {
        Resolution::Take if !set_aside => {
            report.error(
                "resolution",
                "not_set_aside",
                "only a record set aside by a merge can be taken; choose which value to keep",
            );
        }
        Resolution::UseOther | Resolution::KeepBoth | Resolution::Restore if set_aside => {
            report.error(
                "resolution",
                "set_aside",
                "this record breaks a rule as the colleague's file has it: correct it and take it, or leave it out",
            );
        }
        Resolution::KeepBoth if conflict.kind != "notes" => {
            report.error(
                "resolution",
                "not_text",
                "only two texts can be kept both; choose which value to keep",
            );
        }
        Resolution::UseOther | Resolution::KeepBoth | Resolution::Restore
            if conflict.kind == "duplicate" =>
        {
            report.error(
                "resolution",
                "duplicate",
                "the record is there once already; keep it, and edit the kept copy if needed",
            );
        }
        Resolution::Restore if !conflict.record_deleted => {
            report
                .error(
                    "resolution",
                    "not_deleted",
                    format!("the {} is not deleted", conflict.noun),
                )
                .with("entity", crate::validate::entity_id(conflict.noun));
        }
        _ => {}
    }
    let table = conflict.entity.clone();
    let columns = tables::data_columns(store.conn(), &table)?;
    let mut changes: Vec<(String, Value)> = Vec::new();
    if answer == Resolution::UseOther && conflict.kind != "deleted" {
        if let serde_json::Value::Object(map) = &conflict.other_values {
            changes = map
                .iter()
                .map(|(k, v)| (k.clone(), json_value(v)))
                .collect();
        }
    }
    if answer == Resolution::KeepBoth {
        let field = conflict.fields.first().cloned().unwrap_or_default();
        let current: String = store.conn().query_row(
            &format!("SELECT {field} FROM {} WHERE id = ?1", conflict.entity),
            [&conflict.row_id],
            |r| r.get(0),
        )?;
        let other = conflict
            .other_values
            .get(&field)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let combined = if current.contains(other) {
            current
        } else {
            format!("{current}\n\n[{}:]\n{other}", conflict.other_source)
        };
        crate::validate::long_text(&mut report, &field, &combined);
        changes.push((field, Value::Text(combined)));
    }
    if answer == Resolution::Take {
        let mut values = match &conflict.other_values {
            serde_json::Value::Object(map) => map.clone(),
            _ => serde_json::Map::new(),
        };
        for (field, value) in corrections {
            if !columns.contains(field) {
                report
                    .error(
                        field,
                        "unknown_field",
                        format!("a {} has no field '{field}'", conflict.noun),
                    )
                    .with("entity", crate::validate::entity_id(conflict.noun))
                    .with("column", field);
                continue;
            }
            values.insert(field.clone(), value.clone());
        }
        let types = column_types(store.conn(), &table)?;
        for column in &columns {
            let value = values.get(column).cloned().unwrap_or_default();
            match typed(&value, types.get(column).map(String::as_str)) {
                Ok(v) => changes.push((column.clone(), v)),
                Err((message, key, value)) => {
                    report
                        .error(column, "wrong_type", message)
                        .worded(key)
                        .with("value", value);
                }
            }
        }
    }
    report.into_result()?;
    let row_exists: bool = store.conn().query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
        [&conflict.row_id],
        |r| r.get(0),
    )?;
    let row_id = conflict.row_id.clone();
    in_checked_transaction(store, &table, &row_id, |w| {
        let stamp = w.stamp();
        let stamp_text = stamp.to_string();
        let now = crate::store::now_text();
        let conn = w.conn();
        if answer == Resolution::Take && !row_exists {
            // A record that never came in arrives under its own id, so the colleague's copy
            // and this one are the same record from now on.
            let mut names = vec!["id".to_string()];
            let mut values = vec![Value::Text(row_id.clone())];
            for (field, value) in &changes {
                names.push(field.clone());
                values.push(value.clone());
            }
            for (column, value) in [
                ("created_at", &now),
                ("updated_at", &now),
                ("created_stamp", &stamp_text),
                ("version", &stamp_text),
            ] {
                names.push(column.to_string());
                values.push(Value::Text(value.clone()));
            }
            let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
            conn.execute(
                &format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    names.join(", "),
                    placeholders.join(", ")
                ),
                rusqlite::params_from_iter(values),
            )?;
        } else if !changes.is_empty() {
            let mut sets = Vec::new();
            let mut values: Vec<Value> = vec![
                Value::Text(row_id.clone()),
                Value::Text(now.clone()),
                Value::Text(stamp_text.clone()),
            ];
            for (field, value) in &changes {
                values.push(value.clone());
                sets.push(format!("{field} = ?{}", values.len()));
            }
            conn.execute(
                &format!(
                    "UPDATE {table} SET updated_at = max(updated_at, ?2), version = ?3, {} WHERE id = ?1",
                    sets.join(", ")
                ),
                rusqlite::params_from_iter(values),
            )?;
            let fields: Vec<&str> = changes.iter().map(|(f, _)| f.as_str()).collect();
            records::stamp_fields(conn, &table, &row_id, &fields, &stamp_text)?;
        }
        if answer == Resolution::Restore {
            restore_record(conn, &table, &row_id, &stamp, &now)?;
        }
        conn.execute(
            "UPDATE sync_conflicts SET resolved_at = ?2, resolution = ?3 WHERE id = ?1",
            rusqlite::params![conflict.id, now, answer.as_str()],
        )?;
        // Other open conflicts about the same fields of the same record are answered too.
        conn.execute(
            "UPDATE sync_conflicts SET resolved_at = ?2, resolution = 'superseded'
              WHERE resolved_at IS NULL AND entity = ?3 AND row_id = ?4 AND fields = ?5 AND id <> ?1",
            rusqlite::params![conflict.id, now, table, row_id, conflict.fields.join(",")],
        )?;
        Ok(())
    })
}

/// Runs `change` in one write transaction and commits it only if the record `table`/`id`
/// (when live) then passes every rule `check` applies — read in the same transaction;
/// otherwise nothing is written and the rule's report names the fields.
fn in_checked_transaction(
    store: &mut Store,
    table: &str,
    id: &str,
    change: impl FnOnce(&mut crate::store::Writer<'_>) -> Result<()>,
) -> Result<()> {
    store.write(|w| {
        change(w)?;
        w.conn().execute_batch(
            "DROP TABLE IF EXISTS temp.merge_check;
             CREATE TEMP TABLE merge_check (tbl TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID;",
        )?;
        w.conn().execute(
            "INSERT INTO temp.merge_check (tbl, id) VALUES (?1, ?2)",
            [table, id],
        )?;
        let check = crate::check::run_scoped_on(w.conn())?;
        let mut report = crate::validate::Report::default();
        for f in check
            .findings
            .into_iter()
            .filter(|f| f.severity == crate::validate::Severity::Error)
        {
            // Worded as the rule it breaks.
            let issue = report.error(&f.field, "breaks_rule", f.message);
            issue.key = crate::validate::issue_key(&f.key);
            issue.params = f.params;
        }
        report.into_result()?;
        Ok(())
    })
}

/// Each column's declared type ("TEXT", "INTEGER", …).
fn column_types(
    conn: &rusqlite::Connection,
    table: &str,
) -> Result<std::collections::HashMap<String, String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name, type FROM pragma_table_info('{table}')"
    ))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A value typed by the officer (or read from JSON) as the column stores it; refused with the
/// English message and the value as typed.
fn typed(
    value: &serde_json::Value,
    column_type: Option<&str>,
) -> std::result::Result<Value, (String, &'static str, String)> {
    let integer = column_type.is_some_and(|t| t.eq_ignore_ascii_case("INTEGER"));
    match value {
        serde_json::Value::Null => Ok(Value::Null),
        serde_json::Value::String(s) if integer => {
            s.trim().parse::<i64>().map(Value::Integer).map_err(|_| {
                (
                    format!("'{s}' is not a whole number"),
                    "wrong_type",
                    s.clone(),
                )
            })
        }
        serde_json::Value::Bool(b) => Ok(Value::Integer(*b as i64)),
        serde_json::Value::Number(n) if integer => {
            n.as_i64().map(Value::Integer).ok_or_else(|| {
                (
                    format!("{n} is not a whole number"),
                    "wrong_type.number",
                    n.to_string(),
                )
            })
        }
        serde_json::Value::Number(n) => Ok(Value::Text(n.to_string())),
        other => Ok(json_value(other)),
    }
}

/// Undeletes a record, the deleted records it needs (its partnership, its exchange…) and the
/// records that were deleted together with it (the same moment, below it).
fn restore_record(
    conn: &rusqlite::Connection,
    table: &str,
    id: &str,
    stamp: &Stamp,
    now: &str,
) -> Result<()> {
    let deleted_at: Option<String> = conn
        .query_row(
            &format!("SELECT deleted_at FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let Some(deleted_at) = deleted_at else {
        return Ok(());
    };
    records::set_deleted(conn, table, id, false, stamp, now)?;
    // Up: required parents.
    for tables::Reference {
        column,
        parent,
        required,
    } in tables::references(conn, table)?
    {
        let parent_id: Option<String> = conn
            .query_row(
                &format!("SELECT {column} FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        if let (true, Some(parent_id)) = (required || table == "agenda_settings", parent_id) {
            restore_record(conn, &parent, &parent_id, stamp, now)?;
        }
    }
    // Down: what was deleted in the same moment under it.
    for t in TABLES {
        for tables::Reference { column, parent, .. } in tables::references(conn, t.name)? {
            if parent != table {
                continue;
            }
            let children: Vec<String> = conn
                .prepare(&format!(
                    "SELECT id FROM {} WHERE {column} = ?1 AND deleted_at = ?2",
                    t.name
                ))?
                .query_map([id, deleted_at.as_str()], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for child in children {
                restore_record(conn, t.name, &child, stamp, now)?;
            }
        }
    }
    Ok(())
}
