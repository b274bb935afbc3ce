//! The rows a colleague's file would bring, checked with `check`'s rules a chunk at a time;
//! a record that breaks one is set aside (not merged) and listed once per version.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

use rusqlite::{Connection, OptionalExtension};

use super::*;

/// A record of a colleague's file that breaks one of PeerPlan's rules.
pub(crate) struct SetAside {
    pub(super) table: &'static str,
    pub(super) id: String,
    /// The version of the record in the file: the same version met again is not listed again.
    pub(super) version: String,
    /// The record's fields in the file, as a JSON object, for the officer to fix and take.
    pub(super) values: String,
    pub(super) record: ChangedRecord,
}

/// Runs `check`'s rules over the candidate rows, `CHECK_CHUNK` at a time (in key order), and
/// returns the records that break one.
pub(super) fn validate_candidates(
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

pub(super) fn check_chunk(
    remote_store: &Store,
    info: &FileInfo,
    out: &mut Vec<SetAside>,
) -> Result<()> {
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
        let Some(t) = crate::sync::tables::table(table) else {
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
        let columns = crate::sync::tables::data_columns(remote, t.name)?;
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
                    .map(|f| crate::validate::Problem {
                        field: f.field.clone(),
                        code: crate::validate::issue_key(&f.code),
                        key: crate::validate::issue_key(&f.key),
                        params: f.params.clone(),
                        message: f.message.clone(),
                    })
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
pub(super) struct NewSetAside {
    pub(super) conflict: Conflict,
}

pub(super) fn set_aside_conflicts(
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
        let kept_values = match crate::sync::tables::table(s.table) {
            Some(t) => {
                let columns = crate::sync::tables::data_columns(conn, t.name)?;
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
                kept_source: format!(
                    "not merged: {}",
                    s.record
                        .problems
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                other_values: s.values.clone(),
                other_source: format!("{} ({})", info.installation_name, info.file_name),
                other_stamp: s.version.clone(),
            },
        });
    }
    Ok(out)
}
