//! Generic row operations shared by every synced table: insert, field-by-field update with
//! per-field version stamps, tombstones, and typed reads. Entity-specific rules (validation,
//! cascades, status history) live in `store::mod`, not here.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};

use crate::hlc::Stamp;
use crate::model::*;
use crate::{Error, Result};

/// A table whose rows are `Record<Self>`. `FIELDS` are the data columns, in the order of
/// `to_values` and `from_row`.
pub trait Entity: Sized + Clone {
    const TABLE: &'static str;
    /// The entity's name in messages ("partnership").
    const NAME: &'static str;
    const FIELDS: &'static [&'static str];
    /// The reference to the record it belongs under (its partnership, its exchange), which
    /// never changes after it is created: a record is not moved, it is made anew elsewhere.
    /// This is what lets a merge rely on "a member of this partnership" meaning "a live member
    /// with this partnership id" whatever two laptops did concurrently.
    const BELONGS_TO: Option<&'static str> = None;
    fn to_values(&self) -> Vec<Value>;
    /// Reads the data fields starting at column `at`.
    fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self>;
}

/// Fields of one row that a rule ties together: an edit of any of them stamps all of them, and
/// a merge takes all of them from one side (as one unit, with one version), so two copies that
/// each passed the rule can never be merged into a row that breaks it — an exchange ending
/// before it starts because one laptop moved the start and another the end.
///
/// `rules` names the validation codes (`validate`, the store's saves and `check`) that read
/// more than one of the fields; `tests/sync_rules.rs` fails when a rule that reads several
/// fields of a row is missing here.
#[derive(Debug)]
pub struct TiedFields {
    pub table: &'static str,
    pub fields: &'static [&'static str],
    pub rules: &'static [&'static str],
}

pub const TIED_FIELDS: &[TiedFields] = &[
    TiedFields {
        table: "partnerships",
        fields: &["start_date", "end_date"],
        rules: &["end_before_start"],
    },
    TiedFields {
        table: "members",
        fields: &["level", "name"],
        rules: &["required"],
    },
    TiedFields {
        table: "exchanges",
        fields: &["start_date", "end_date"],
        rules: &["end_before_start"],
    },
    TiedFields {
        table: "exchanges",
        fields: &["format", "host_member_id"],
        rules: &["virtual_has_host"],
    },
    TiedFields {
        table: "follow_up_actions",
        fields: &["status", "closed_on"],
        rules: &["open_action_closed"],
    },
    TiedFields {
        table: "contacts",
        fields: &["from_member_id", "to_member_id"],
        rules: &["same_member"],
    },
    TiedFields {
        table: "agenda_sessions",
        fields: &["start_time", "end_time"],
        rules: &["end_not_after_start"],
    },
    TiedFields {
        table: "agenda_sessions",
        fields: &["lead_member_id", "co_lead_member_ids"],
        rules: &["duplicate_lead"],
    },
    // Money: an amount is minor units of its currency, so the three travel together.
    TiedFields {
        table: "cost_lines",
        fields: &["quantity", "unit_amount", "currency"],
        rules: &["too_many_decimals", "total_too_large"],
    },
    TiedFields {
        table: "cost_lines",
        fields: &["stage", "cost_date"],
        rules: &["actual_without_date"],
    },
    TiedFields {
        table: "exchange_rates",
        fields: &["from_currency", "to_currency", "rate"],
        rules: &["same_currency"],
    },
    TiedFields {
        table: "rate_table",
        fields: &[
            "currency",
            "nightly_accommodation",
            "daily_subsistence",
            "return_fare",
        ],
        rules: &["too_many_decimals", "required"],
    },
    TiedFields {
        table: "budget_rates",
        fields: &["currency", "to_currency", "rate"],
        rules: &["same_currency"],
    },
];

/// The fields stamped together with `field` (itself included).
pub fn tied_with(table: &str, field: &str) -> &'static [&'static str] {
    TIED_FIELDS
        .iter()
        .find(|t| t.table == table && t.fields.contains(&field))
        .map(|t| t.fields)
        .unwrap_or(&[])
}

/// Stamps `fields` of a row and every field tied to one of them, with one stamp.
pub(crate) fn stamp_fields(
    conn: &Connection,
    table: &str,
    id: &str,
    fields: &[&str],
    stamp: &str,
) -> Result<()> {
    let mut all: Vec<&str> = Vec::with_capacity(fields.len());
    for field in fields {
        let tied = tied_with(table, field);
        for f in std::iter::once(*field).chain(tied.iter().copied()) {
            if !all.contains(&f) {
                all.push(f);
            }
        }
    }
    for field in all {
        stamp_field(conn, table, id, field, stamp)?;
    }
    Ok(())
}

pub const META_COLUMNS: &str = "created_at, updated_at, version, deleted_at";

/// `id, f1, f2, …, created_at, updated_at, version, deleted_at` qualified by `alias`.
pub fn select_columns<T: Entity>(alias: &str) -> String {
    let mut cols = vec![format!("{alias}.id")];
    cols.extend(T::FIELDS.iter().map(|f| format!("{alias}.{f}")));
    cols.extend(
        ["created_at", "updated_at", "version", "deleted_at"]
            .iter()
            .map(|f| format!("{alias}.{f}")),
    );
    cols.join(", ")
}

/// Reads a record selected with `select_columns`, starting at column `at`.
pub fn record_from_row<T: Entity>(row: &Row<'_>, at: usize) -> rusqlite::Result<Record<T>> {
    let n = T::FIELDS.len();
    Ok(Record {
        id: row.get(at)?,
        data: T::from_row(row, at + 1)?,
        created_at: row.get(at + 1 + n)?,
        updated_at: row.get(at + 2 + n)?,
        version: row.get(at + 3 + n)?,
        deleted_at: row.get(at + 4 + n)?,
    })
}

pub fn get<T: Entity>(conn: &Connection, id: &str) -> Result<Record<T>> {
    find(conn, id)?.ok_or_else(|| Error::NotFound {
        entity: T::NAME,
        id: id.to_string(),
    })
}

pub fn find<T: Entity>(conn: &Connection, id: &str) -> Result<Option<Record<T>>> {
    let sql = format!(
        "SELECT {} FROM {} t WHERE t.id = ?1",
        select_columns::<T>("t"),
        T::TABLE
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |row| record_from_row(row, 0))
        .optional()?)
}

/// Live (not deleted) rows matching `condition` (SQL over alias `t`), in `order`.
pub fn list<T: Entity>(
    conn: &Connection,
    condition: &str,
    params: &[&dyn rusqlite::ToSql],
    order: &str,
) -> Result<Vec<Record<T>>> {
    let sql = format!(
        "SELECT {} FROM {} t WHERE t.deleted_at IS NULL AND ({condition}) ORDER BY {order}",
        select_columns::<T>("t"),
        T::TABLE
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, |row| record_from_row(row, 0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn insert<T: Entity>(
    conn: &Connection,
    id: &str,
    data: &T,
    stamp: &Stamp,
    now: &str,
) -> Result<Record<T>> {
    let mut cols: Vec<&str> = vec!["id"];
    cols.extend(T::FIELDS);
    cols.extend(["created_at", "updated_at", "created_stamp", "version"]);
    let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        T::TABLE,
        cols.join(", "),
        placeholders.join(", ")
    );
    let stamp = stamp.to_string();
    let mut values = vec![Value::Text(id.to_string())];
    values.extend(data.to_values());
    values.extend([
        Value::Text(now.to_string()),
        Value::Text(now.to_string()),
        Value::Text(stamp.clone()),
        Value::Text(stamp.clone()),
    ]);
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values))?;
    Ok(Record {
        id: id.to_string(),
        created_at: now.to_string(),
        updated_at: now.to_string(),
        version: stamp,
        deleted_at: None,
        data: data.clone(),
    })
}

/// Writes the fields of `data` that differ from the stored row, stamping each changed field.
/// Returns the record as stored and the names of the fields that changed (none: no write).
pub fn update<T: Entity>(
    conn: &Connection,
    id: &str,
    data: &T,
    stamp: &Stamp,
    now: &str,
) -> Result<(Record<T>, Vec<&'static str>)> {
    let current = get::<T>(conn, id)?;
    if current.is_deleted() {
        return Err(Error::Deleted {
            entity: T::NAME,
            id: id.to_string(),
        });
    }
    let old = current.data.to_values();
    let new = data.to_values();
    if let Some(parent) = T::BELONGS_TO {
        let at = T::FIELDS.iter().position(|f| *f == parent);
        if at.is_some_and(|i| old[i] != new[i]) {
            let mut report = crate::validate::Report::default();
            report
                .error(
                    parent,
                    "cannot_move",
                    format!(
                        "a {} stays where it was created; create a new one there instead",
                        T::NAME
                    ),
                )
                .with("entity", crate::validate::entity_id(T::NAME));
            return Err(Error::Invalid(report));
        }
    }
    let changed: Vec<(usize, &'static str)> = T::FIELDS
        .iter()
        .enumerate()
        .filter(|(i, _)| old[*i] != new[*i])
        .map(|(i, f)| (i, *f))
        .collect();
    if changed.is_empty() {
        return Ok((current, Vec::new()));
    }
    let assignments: Vec<String> = changed
        .iter()
        .enumerate()
        .map(|(n, (_, field))| format!("{field} = ?{}", n + 4))
        .collect();
    let sql = format!(
        "UPDATE {} SET updated_at = max(updated_at, ?2), version = ?3, {} WHERE id = ?1",
        T::TABLE,
        assignments.join(", ")
    );
    let stamp_text = stamp.to_string();
    let mut values = vec![
        Value::Text(id.to_string()),
        Value::Text(now.to_string()),
        Value::Text(stamp_text.clone()),
    ];
    values.extend(changed.iter().map(|(i, _)| new[*i].clone()));
    conn.execute(&sql, params_from_iter(values))?;
    let fields: Vec<&str> = changed.iter().map(|(_, f)| *f).collect();
    stamp_fields(conn, T::TABLE, id, &fields, &stamp_text)?;
    let record = Record {
        updated_at: now.to_string(),
        version: stamp_text,
        data: data.clone(),
        ..current
    };
    Ok((record, changed.into_iter().map(|(_, f)| f).collect()))
}

/// Sets or clears the tombstone. Deleting is itself a field change (`deleted_at`), stamped
/// like any other so that a merge can order it against concurrent edits.
pub fn set_deleted(
    conn: &Connection,
    table: &str,
    id: &str,
    deleted: bool,
    stamp: &Stamp,
    now: &str,
) -> Result<bool> {
    let stamp_text = stamp.to_string();
    let sql = if deleted {
        format!("UPDATE {table} SET deleted_at = ?2, updated_at = max(updated_at, ?2), version = ?3 WHERE id = ?1 AND deleted_at IS NULL")
    } else {
        format!("UPDATE {table} SET deleted_at = NULL, updated_at = max(updated_at, ?2), version = ?3 WHERE id = ?1 AND deleted_at IS NOT NULL")
    };
    let n = conn.execute(&sql, rusqlite::params![id, now, stamp_text])?;
    if n > 0 {
        stamp_field(conn, table, id, "deleted_at", &stamp_text)?;
    }
    Ok(n > 0)
}

pub(crate) fn stamp_field(
    conn: &Connection,
    table: &str,
    id: &str,
    field: &str,
    stamp: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO field_stamps (entity, row_id, field, stamp) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (entity, row_id, field) DO UPDATE SET stamp = excluded.stamp",
    )?
    .execute(rusqlite::params![table, id, field, stamp])?;
    Ok(())
}

/// The stamp of the last change of one field: its own entry, or the row's insert stamp.
pub fn field_stamp(
    conn: &Connection,
    table: &str,
    id: &str,
    field: &str,
) -> Result<Option<String>> {
    let own: Option<String> = conn
        .prepare_cached(
            "SELECT stamp FROM field_stamps WHERE entity = ?1 AND row_id = ?2 AND field = ?3",
        )?
        .query_row(rusqlite::params![table, id, field], |r| r.get(0))
        .optional()?;
    if own.is_some() {
        return Ok(own);
    }
    Ok(conn
        .query_row(
            &format!("SELECT created_stamp FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional()?)
}
