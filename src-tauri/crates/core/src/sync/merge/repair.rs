//! What a merge does after the field-by-field step so that no rule spanning two records is
//! broken by putting two valid copies together (`check` passes after every merge). Each is a
//! change made here, after seeing both copies, stamped now like an officer's edit — so it
//! wins at every colleague's next merge, and two laptops that make the same repair agree —
//! and each leaves a conflict naming what it replaced, so nothing is lost without a word.
//!
//! - **Twins**: records that may exist once per key (the same person added to an exchange,
//!   the same agenda day, the same dated rate) created on two laptops: the one with the
//!   smallest id is kept, what hung under the other moves to it, the other is set aside.
//! - **Orphans**: a live record whose required parent ended deleted is deleted with it; an
//!   optional reference to a deleted record (a host, a focal point, a session's lead) is
//!   cleared.
//! - **Lists**: ids kept in one field (a learning entry's members, a session's presenters)
//!   that name a deleted record are taken out of the list.
//! - **Settings pairs**: a smallest and a largest norm changed on two laptops so that the
//!   largest is below the smallest: the later change is kept and the other follows it.
//! - **Last resort**: a row that now holds groups of both copies and still breaks a rule goes
//!   back to this installation's values for what the merge brought in.
//!
//! `RULE_TREATMENTS` lists, for every rule code, which of these (or the tied groups of
//! `records::TIED_FIELDS`) keeps it; tests/sync_rules.rs fails when a rule has none.

use rusqlite::types::Value;
use rusqlite::OptionalExtension;

use super::rows::{to_json, touch};
use super::{Conflict, Names};
use crate::store::{records, Store, Writer};
use crate::sync::tables::{self, GroupKind};
use crate::Result;

/// How a merge keeps each validation rule (by its code) true of the merged database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleTreatment {
    /// The rule reads one field: any version of it passed the rule where it was written.
    OneField,
    /// The rule reads several fields of one row: they are tied (`records::TIED_FIELDS`).
    TiedFields,
    /// The rule reads another record that a merge may delete: orphans and lists above.
    Reference,
    /// The rule allows one record per key: twins above.
    OncePerKey,
    /// Two settings rows that must agree: settings pairs above.
    SettingsPair,
    /// Not about stored data (a save's own request: moving a day to another exchange, an
    /// empty template, a shift past midnight); a merge writes no such request.
    SaveOnly,
}

/// Every rule code of `validate`, the store's saves and `check`, with the treatments that
/// keep it true after a merge (a code used by several rules lists each of their treatments).
pub const RULE_TREATMENTS: &[(&str, &[RuleTreatment])] = {
    use RuleTreatment::*;
    &[
        ("required", &[OneField, TiedFields]),
        ("too_long", &[OneField]),
        ("end_before_start", &[TiedFields]),
        ("unknown_country", &[OneField]),
        ("unknown_time_zone", &[OneField]),
        ("malformed_email", &[OneField]),
        ("not_a_member", &[Reference]),
        ("host_not_member", &[Reference]),
        ("virtual_has_host", &[TiedFields]),
        ("unknown_person", &[Reference]),
        ("duplicate_participant", &[OncePerKey]),
        ("other_partnership", &[Reference]),
        ("open_action_closed", &[TiedFields]),
        ("same_member", &[TiedFields]),
        ("unknown_question", &[OneField]),
        ("duplicate_answer", &[OncePerKey]),
        ("out_of_range", &[OneField]),
        ("max_below_min", &[SettingsPair]),
        ("unknown_currency", &[OneField]),
        ("too_many_decimals", &[TiedFields]),
        ("negative_amount", &[OneField]),
        ("amount_too_large", &[OneField]),
        ("not_an_amount", &[OneField]),
        // Only typed text is ambiguous; stored amounts are minor units.
        ("ambiguous_amount", &[OneField]),
        ("not_a_rate", &[OneField]),
        ("rate_not_positive", &[OneField]),
        ("rate_too_precise", &[OneField]),
        ("same_currency", &[TiedFields]),
        ("quantity_not_positive", &[OneField]),
        ("quantity_too_large", &[OneField]),
        ("total_too_large", &[TiedFields]),
        ("actual_without_date", &[TiedFields]),
        ("not_a_participant", &[Reference]),
        ("invalid_time", &[OneField]),
        ("end_not_after_start", &[TiedFields]),
        ("duplicate_lead", &[TiedFields]),
        ("invalid_link", &[OneField]),
        ("duplicate_day", &[OncePerKey]),
        ("duplicate_rate", &[OncePerKey]),
        ("deleted_reference", &[Reference]),
        ("unknown_reference", &[Reference]),
        ("deleted_parent", &[Reference]),
        ("dangling_reference", &[Reference]),
        ("other_exchange", &[Reference]),
        ("unreadable_value", &[OneField]),
        ("cannot_move", &[SaveOnly]),
        ("cannot_move_day", &[SaveOnly]),
        ("cannot_move_session", &[SaveOnly]),
        ("shift_past_midnight", &[SaveOnly]),
        ("empty_agenda", &[SaveOnly]),
        ("agenda_not_empty", &[SaveOnly]),
        ("not_text", &[SaveOnly]),
        ("duplicate", &[SaveOnly]),
        ("not_deleted", &[SaveOnly]),
        ("not_a_folder", &[SaveOnly]),
        ("member_in_use", &[SaveOnly]),
        ("unknown_field", &[SaveOnly]),
        ("wrong_type", &[SaveOnly]),
        ("not_set_aside", &[SaveOnly]),
        ("set_aside", &[SaveOnly]),
        // (A conflict's answer re-checked with every rule: the rule's own treatment applies.)
        ("breaks_rule", &[SaveOnly]),
    ]
};

/// Runs every repair, in an order where each sees the previous ones' results.
pub(super) fn all(w: &mut Writer<'_>, names: &Names) -> Result<Vec<Conflict>> {
    let mut conflicts = drop_twins(w)?;
    conflicts.extend(tombstone_orphans(w, names)?);
    conflicts.extend(prune_lists(w)?);
    conflicts.extend(settings_pairs(w)?);
    conflicts.extend(last_resort(w)?);
    Ok(conflicts)
}

/// A database written by an earlier PeerPlan can hold twins an older merge let in (the same
/// dated rate, the same agenda day, from two laptops): the same repair as after a merge, over
/// the whole database, with a conflict for each, in one transaction. Run once, when the file
/// is upgraded. Returns how many were set aside.
pub(crate) fn heal_twins(store: &mut Store) -> Result<usize> {
    store.write(|w| {
        w.conn().execute_batch(
            "DROP TABLE IF EXISTS temp.merge_touched;
             CREATE TEMP TABLE merge_touched (tbl TEXT NOT NULL, id TEXT NOT NULL, change TEXT NOT NULL,
                 fields TEXT NOT NULL, detail TEXT, mixed INTEGER NOT NULL DEFAULT 0,
                 PRIMARY KEY (tbl, id)) WITHOUT ROWID;",
        )?;
        for rule in ONCE_PER_KEY {
            w.conn().execute(
                &format!(
                    "INSERT INTO temp.merge_touched (tbl, id, change, fields)
                     SELECT '{0}', id, 'new', '' FROM {0} WHERE deleted_at IS NULL",
                    rule.table
                ),
                [],
            )?;
        }
        let conflicts = drop_twins(w)?;
        super::record_conflicts(w.conn(), &conflicts)?;
        w.conn().execute_batch("DROP TABLE temp.merge_touched")?;
        Ok(conflicts.len())
    })
}

/// Sets fields of a row as a change made now: one fresh stamp for the fields (and the fields
/// tied to them), the row's version moved to it. Returns the stamp.
fn write_fields(
    w: &mut Writer<'_>,
    table: &str,
    id: &str,
    sets: &[(String, Value)],
) -> Result<String> {
    let stamp = w.stamp().to_string();
    let now = crate::store::now_text();
    let conn = w.conn();
    let mut values: Vec<Value> = vec![
        Value::Text(id.to_string()),
        Value::Text(now),
        Value::Text(stamp.clone()),
    ];
    let mut assignments = Vec::new();
    for (field, value) in sets {
        values.push(value.clone());
        assignments.push(format!("{field} = ?{}", values.len()));
    }
    conn.prepare_cached(&format!(
        "UPDATE {table} SET updated_at = max(updated_at, ?2), version = ?3, {} WHERE id = ?1",
        assignments.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(values))?;
    let fields: Vec<&str> = sets.iter().map(|(f, _)| f.as_str()).collect();
    records::stamp_fields(conn, table, id, &fields, &stamp)?;
    Ok(stamp)
}

fn tombstone(w: &mut Writer<'_>, table: &str, id: &str) -> Result<String> {
    let stamp = w.stamp();
    records::set_deleted(w.conn(), table, id, true, &stamp, &crate::store::now_text())?;
    Ok(stamp.to_string())
}

fn value_of(w: &Writer<'_>, table: &str, id: &str, field: &str) -> Result<Value> {
    Ok(w.conn().query_row(
        &format!("SELECT {field} FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )?)
}

fn noun(table: &str) -> &'static str {
    tables::table(table).map(|t| t.noun).unwrap_or("record")
}

fn static_name(table: &str) -> &'static str {
    tables::table(table).map(|t| t.name).unwrap_or("settings")
}

// ---- twins ---------------------------------------------------------------------------------

/// Records that may exist once per key. `key` holds SQL expressions over the alias `{a}`;
/// `columns` are the columns whose change can make two records share a key.
struct OncePerKey {
    table: &'static str,
    key: &'static [&'static str],
    columns: &'static [&'static str],
}

const ONCE_PER_KEY: &[OncePerKey] = &[
    OncePerKey {
        table: "participants",
        key: &["{a}.exchange_id", "{a}.person_id"],
        columns: &["exchange_id", "person_id"],
    },
    OncePerKey {
        table: "reflection_answers",
        key: &["{a}.partnership_id", "{a}.question_key"],
        columns: &["partnership_id", "question_key"],
    },
    OncePerKey {
        table: "agenda_days",
        key: &["{a}.exchange_id", "{a}.day_date"],
        columns: &["exchange_id", "day_date"],
    },
    // A rate of a pair on a date, whichever way round it was typed.
    OncePerKey {
        table: "exchange_rates",
        key: &[
            "{a}.rate_date",
            "min({a}.from_currency, {a}.to_currency)",
            "max({a}.from_currency, {a}.to_currency)",
        ],
        columns: &["rate_date", "from_currency", "to_currency"],
    },
];

/// The same person added to the same exchange (the same question answered, the same agenda
/// day, the same dated rate) on two laptops before they merged: the copy with the smallest id
/// is kept — the same one on every installation — records under the other move to it (a
/// traveller's cost lines, a day's sessions), and the other is deleted with a conflict that
/// names it, so nothing typed into it is lost.
fn drop_twins(w: &mut Writer<'_>) -> Result<Vec<Conflict>> {
    let mut conflicts = Vec::new();
    for rule in ONCE_PER_KEY {
        let table = rule.table;
        let key = |alias: &str| -> Vec<String> {
            rule.key.iter().map(|k| k.replace("{a}", alias)).collect()
        };
        let same = |a: &str, b: &str| -> String {
            key(a)
                .iter()
                .zip(key(b))
                .map(|(x, y)| format!("{x} = {y}"))
                .collect::<Vec<_>>()
                .join(" AND ")
        };
        // Only a row the merge inserted, brought back or re-keyed can have gained a twin.
        let could_pair = std::iter::once("m.change = 'new'".to_string())
            .chain(
                rule.columns
                    .iter()
                    .chain(&["deleted_at"])
                    .map(|c| format!("(',' || m.fields || ',') LIKE '%,{c},%'")),
            )
            .collect::<Vec<_>>()
            .join(" OR ");
        let sql = format!(
            "SELECT t.id, (SELECT min(o.id) FROM {table} o WHERE o.deleted_at IS NULL AND {same_ot})
               FROM temp.merge_touched m JOIN {table} t ON m.tbl = '{table}' AND t.id = m.id
              WHERE t.deleted_at IS NULL AND ({could_pair})
                AND EXISTS (SELECT 1 FROM {table} o WHERE o.deleted_at IS NULL AND o.id < t.id AND {same_ot})
             UNION
             SELECT t.id, (SELECT min(o.id) FROM {table} o WHERE o.deleted_at IS NULL AND {same_ot})
               FROM temp.merge_touched m JOIN {table} k ON m.tbl = '{table}' AND k.id = m.id
               JOIN {table} t ON t.deleted_at IS NULL AND t.id > k.id AND {same_tk}
              WHERE k.deleted_at IS NULL AND ({could_pair})",
            same_ot = same("o", "t"),
            same_tk = same("t", "k"),
        );
        let twins: Vec<(String, String)> = w
            .conn()
            .prepare(&sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, kept) in twins {
            if id == kept {
                continue;
            }
            let columns = tables::data_columns(w.conn(), table)?;
            let values: serde_json::Map<String, serde_json::Value> = {
                let sql = format!("SELECT {} FROM {table} WHERE id = ?1", columns.join(", "));
                w.conn().query_row(&sql, [&id], |r| {
                    let mut map = serde_json::Map::new();
                    for (i, c) in columns.iter().enumerate() {
                        map.insert(c.clone(), to_json(&r.get::<_, Value>(i)?));
                    }
                    Ok(map)
                })?
            };
            move_children(w, table, &id, &kept)?;
            let stamp = tombstone(w, table, &id)?;
            touch(
                w.conn(),
                table,
                &id,
                "conflict",
                &["deleted_at".to_string()],
                None,
                false,
            )?;
            conflicts.push(Conflict {
                entity: static_name(table),
                row_id: id,
                kind: GroupKind::Duplicate,
                fields: columns,
                kept_values: serde_json::json!({ "kept": kept }).to_string(),
                kept_source: super::report::DUPLICATE_KEPT_SOURCE.into(),
                other_values: serde_json::Value::Object(values).to_string(),
                other_source: super::report::COPY_SET_ASIDE_SOURCE.into(),
                other_stamp: stamp,
            });
        }
    }
    Ok(conflicts)
}

/// Points the live records under `from` (a twin being set aside) at `to`.
fn move_children(w: &mut Writer<'_>, parent: &str, from: &str, to: &str) -> Result<()> {
    for t in tables::TABLES {
        for reference in tables::references(w.conn(), t.name)? {
            if reference.parent != parent {
                continue;
            }
            let children: Vec<String> = w
                .conn()
                .prepare(&format!(
                    "SELECT id FROM {} WHERE {} = ?1 AND deleted_at IS NULL",
                    t.name, reference.column
                ))?
                .query_map([from], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for child in children {
                write_fields(
                    w,
                    t.name,
                    &child,
                    &[(reference.column.clone(), Value::Text(to.to_string()))],
                )?;
                touch(
                    w.conn(),
                    t.name,
                    &child,
                    "changed",
                    std::slice::from_ref(&reference.column),
                    None,
                    false,
                )?;
            }
        }
    }
    Ok(())
}

// ---- orphans -------------------------------------------------------------------------------

/// After the merge, a live record whose parent ended deleted (an exchange deleted on one
/// laptop while a participant was added to it on another) is tombstoned — or, for an optional
/// reference (a focal point, a session's lead, an exchange's host), unlinked — and the officer
/// is offered to restore it. Repeated until nothing changes, for grandchildren.
fn tombstone_orphans(w: &mut Writer<'_>, names: &Names) -> Result<Vec<Conflict>> {
    let mut conflicts = Vec::new();
    for _round in 0..6 {
        let mut changed = false;
        for t in tables::TABLES {
            let references = tables::references(w.conn(), t.name)?;
            for tables::Reference {
                column,
                parent,
                required,
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
                let orphans: Vec<(String, String)> = w
                    .conn()
                    .prepare(&sql)?
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (id, parent_id) in orphans {
                    changed = true;
                    let parent_dot: String = w
                        .conn()
                        .query_row(
                            "SELECT stamp FROM field_stamps WHERE entity = ?1 AND row_id = ?2 AND field = 'deleted_at'",
                            [parent.as_str(), parent_id.as_str()],
                            |r| r.get(0),
                        )
                        .optional()?
                        .unwrap_or_default();
                    let field = if required {
                        "deleted_at".to_string()
                    } else {
                        column.clone()
                    };
                    let before = value_of(w, t.name, &id, &field)?;
                    let stamp = if required {
                        tombstone(w, t.name, &id)?
                    } else {
                        write_fields(w, t.name, &id, &[(column.clone(), Value::Null)])?
                    };
                    let after = value_of(w, t.name, &id, &field)?;
                    touch(
                        w.conn(),
                        t.name,
                        &id,
                        "conflict",
                        std::slice::from_ref(&field),
                        None,
                        false,
                    )?;
                    conflicts.push(Conflict {
                        entity: t.name,
                        row_id: id.clone(),
                        kind: GroupKind::Tombstone,
                        fields: vec![column.clone()],
                        kept_values: serde_json::json!({ field.clone(): to_json(&after) })
                            .to_string(),
                        kept_source: format!(
                            "its {} was deleted ({})",
                            noun(&parent),
                            names.of(&parent_dot)
                        ),
                        other_values: serde_json::json!({ field: to_json(&before) }).to_string(),
                        other_source: super::report::RECORD_BEFORE_SOURCE.to_string(),
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

// ---- lists of ids --------------------------------------------------------------------------

/// Fields that hold a comma-separated list of ids of another table.
const LIST_REFERENCES: &[(&str, &str, &str)] = &[
    ("learning_entries", "member_ids", "members"),
    ("agenda_sessions", "presenter_ids", "people"),
    ("agenda_sessions", "co_lead_member_ids", "members"),
    // One id or '': a list of at most one.
    ("cost_lines", "paid_by_member_id", "members"),
];

fn prune_lists(w: &mut Writer<'_>) -> Result<Vec<Conflict>> {
    let mut conflicts = Vec::new();
    for (table, column, parent) in LIST_REFERENCES {
        let sql = format!(
            "SELECT t.id, t.{column} FROM temp.merge_touched m
               JOIN {table} t ON m.tbl = '{table}' AND t.id = m.id
              WHERE t.deleted_at IS NULL AND t.{column} <> ''
             UNION
             SELECT t.id, t.{column} FROM temp.merge_touched m
               JOIN {parent} p ON m.tbl = '{parent}' AND p.id = m.id AND p.deleted_at IS NOT NULL
               JOIN {table} t ON t.deleted_at IS NULL AND instr(t.{column}, p.id) > 0"
        );
        let rows: Vec<(String, String)> = w
            .conn()
            .prepare(&sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, list) in rows {
            let mut kept = Vec::new();
            let mut gone = Vec::new();
            for item in list.split(',').filter(|s| !s.is_empty()) {
                let live: bool = w
                    .conn()
                    .prepare_cached(&format!(
                        "SELECT EXISTS (SELECT 1 FROM {parent} WHERE id = ?1 AND deleted_at IS NULL)"
                    ))?
                    .query_row([item], |r| r.get(0))?;
                if live {
                    kept.push(item);
                } else {
                    gone.push(item);
                }
            }
            if gone.is_empty() {
                continue;
            }
            let new_list = kept.join(",");
            let stamp = write_fields(
                w,
                table,
                &id,
                &[(column.to_string(), Value::Text(new_list.clone()))],
            )?;
            touch(
                w.conn(),
                table,
                &id,
                "conflict",
                &[column.to_string()],
                None,
                false,
            )?;
            conflicts.push(Conflict {
                entity: static_name(table),
                row_id: id,
                kind: GroupKind::Field,
                fields: vec![column.to_string()],
                kept_values: serde_json::json!({ *column: new_list }).to_string(),
                kept_source: format!(
                    "{} {} in the list {} deleted",
                    gone.len(),
                    if gone.len() == 1 {
                        noun(parent).to_string()
                    } else {
                        format!("{}s", noun(parent))
                    },
                    if gone.len() == 1 { "was" } else { "were" }
                ),
                other_values: serde_json::json!({ *column: list }).to_string(),
                other_source: super::report::LIST_BEFORE_SOURCE.into(),
                other_stamp: stamp,
            });
        }
    }
    Ok(conflicts)
}

// ---- settings that must agree ----------------------------------------------------------------

/// Pairs of settings where the first must not exceed the second.
const SETTINGS_PAIRS: &[(&str, &str)] = &[
    ("norms.exchange_size_min", "norms.exchange_size_max"),
    (
        "norms.peer_learning_members_min",
        "norms.peer_learning_members_max",
    ),
    ("norms.alliance_size_min", "norms.alliance_size_max"),
    ("norms.city_size_min", "norms.city_size_max"),
    ("norms.other_size_min", "norms.other_size_max"),
];

fn settings_pairs(w: &mut Writer<'_>) -> Result<Vec<Conflict>> {
    let mut conflicts = Vec::new();
    let touched: i64 = w.conn().query_row(
        "SELECT count(*) FROM temp.merge_touched WHERE tbl = 'settings'",
        [],
        |r| r.get(0),
    )?;
    if touched == 0 {
        return Ok(conflicts);
    }
    for (low_key, high_key) in SETTINGS_PAIRS {
        let read = |key: &str| -> Result<Option<(String, i64, String)>> {
            Ok(w
                .conn()
                .query_row(
                    "SELECT s.id, s.value, coalesce(f.stamp, s.created_stamp) FROM settings s
                       LEFT JOIN field_stamps f ON f.entity = 'settings' AND f.row_id = s.id AND f.field = 'value'
                      WHERE s.key = ?1 AND s.deleted_at IS NULL",
                    [key],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
                )
                .optional()?
                .and_then(|(id, value, dot)| value.parse().ok().map(|v| (id, v, dot))))
        };
        let (Some(low), Some(high)) = (read(low_key)?, read(high_key)?) else {
            continue;
        };
        if high.1 >= low.1 {
            continue;
        }
        // The later change stays; the other setting follows it.
        let (kept, follower, key) = if high.2 > low.2 {
            (&high, &low, low_key)
        } else {
            (&low, &high, high_key)
        };
        let stamp = write_fields(
            w,
            "settings",
            &follower.0,
            &[("value".to_string(), Value::Text(kept.1.to_string()))],
        )?;
        touch(
            w.conn(),
            "settings",
            &follower.0,
            "conflict",
            &["value".to_string()],
            None,
            false,
        )?;
        conflicts.push(Conflict {
            entity: "settings",
            row_id: follower.0.clone(),
            kind: GroupKind::Field,
            fields: vec!["value".to_string()],
            kept_values: serde_json::json!({ "value": kept.1.to_string() }).to_string(),
            kept_source: format!(
                "{}{}{}",
                super::report::PAIR_FOLLOWS_SOURCE.0,
                if *key == *low_key { high_key } else { low_key },
                super::report::PAIR_FOLLOWS_SOURCE.1
            ),
            other_values: serde_json::json!({ "value": follower.1.to_string() }).to_string(),
            other_source: super::report::VALUE_BEFORE_SOURCE.into(),
            other_stamp: stamp,
        });
    }
    Ok(conflicts)
}

// ---- last resort ---------------------------------------------------------------------------

/// A row that holds groups of both copies is checked with every rule; if it breaks one (no
/// treatment above foresaw it), the fields the merge brought in go back to this installation's
/// values — as a new change, so colleagues take it too — and the colleague's are a conflict.
fn last_resort(w: &mut Writer<'_>) -> Result<Vec<Conflict>> {
    let mut conflicts = Vec::new();
    w.conn().execute_batch(
        "DROP TABLE IF EXISTS temp.merge_check;
         CREATE TEMP TABLE merge_check (tbl TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID;
         INSERT INTO temp.merge_check (tbl, id) SELECT tbl, id FROM temp.merge_touched WHERE mixed;",
    )?;
    let findings = crate::check::run_scoped_on(w.conn())?.findings;
    let mut done = std::collections::HashSet::new();
    for finding in findings
        .iter()
        .filter(|f| f.severity == crate::validate::Severity::Error)
    {
        if !done.insert((finding.table, finding.id.clone())) {
            continue;
        }
        let detail: Option<String> = w
            .conn()
            .query_row(
                "SELECT detail FROM temp.merge_touched WHERE tbl = ?1 AND id = ?2",
                [finding.table, finding.id.as_str()],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let Some(serde_json::Value::Object(detail)) =
            detail.and_then(|d| serde_json::from_str(&d).ok())
        else {
            continue;
        };
        let mut sets = Vec::new();
        let mut before = serde_json::Map::new();
        let mut after = serde_json::Map::new();
        for (field, change) in &detail {
            let (Some(old), Some(new)) = (change.get(0), change.get(1)) else {
                continue;
            };
            sets.push((field.clone(), json_value(old)));
            before.insert(field.clone(), old.clone());
            after.insert(field.clone(), new.clone());
        }
        if sets.is_empty() {
            continue;
        }
        let stamp = write_fields(w, finding.table, &finding.id, &sets)?;
        let fields: Vec<String> = before.keys().cloned().collect();
        touch(
            w.conn(),
            finding.table,
            &finding.id,
            "conflict",
            &fields,
            None,
            false,
        )?;
        conflicts.push(Conflict {
            entity: static_name(finding.table),
            row_id: finding.id.clone(),
            kind: GroupKind::Field,
            fields,
            kept_values: serde_json::Value::Object(before).to_string(),
            kept_source: super::report::OWN_VERSION_SOURCE.into(),
            other_values: serde_json::Value::Object(after).to_string(),
            other_source: format!(
                "the merged version, which broke a rule ({}: {})",
                finding.field, finding.message
            ),
            other_stamp: stamp,
        });
    }
    Ok(conflicts)
}

pub(crate) fn json_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(*b as i64),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}
