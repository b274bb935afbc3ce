//! What a merge tells the officer: the conflicts recorded (once), who wrote each version, and
//! the report of records added, changed, deleted or in conflict, partnership by partnership.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension};

use super::*;

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

/// How a conflict names this installation's side ("Amina (this installation)") and a side
/// whose installation is not known; [`source_phrase`] words both at the edges.
pub(super) const OWN_SOURCE_SUFFIX: &str = " (this installation)";
pub(super) const UNKNOWN_SOURCE: &str = "another installation";
/// The repairs' own sources (merge/repair.rs), worded at the edges the same way.
pub(super) const VALUE_BEFORE_SOURCE: &str = "the value before the merge";
pub(super) const RECORD_BEFORE_SOURCE: &str = "the record before the merge";
pub(super) const LIST_BEFORE_SOURCE: &str = "the list before the merge";
pub(super) const COPY_SET_ASIDE_SOURCE: &str = "the copy set aside";
pub(super) const OWN_VERSION_SOURCE: &str = "this installation's version";
/// A norm moved to keep a pair in order (merge/repair.rs): the words around the other norm's key.
pub(super) const PAIR_FOLLOWS_SOURCE: (&str, &str) = (
    "set equal to the later change of ",
    " (the smallest may not exceed the largest)",
);
pub(super) const DUPLICATE_KEPT_SOURCE: &str =
    "added on two laptops; the copy with the other id is kept";

/// The merge's own words for where a conflict's values came from (the constants above), as a
/// catalog phrase (`sync.source.<key>`) and its parameters, so that each edge words them in
/// the officer's language; `None` for an installation's name, which is shown as it is, and for
/// the longer sentences this build keeps in English. Read back from stored conflicts, so
/// conflicts recorded before a wording existed are worded too.
pub fn source_phrase(stored: &str) -> Option<crate::validate::StoredPhrase> {
    // i18n-dynamic: sync.source.
    let key = |k: &str| format!("sync.source.{k}");
    if let Some(name) = stored.strip_suffix(OWN_SOURCE_SUFFIX) {
        return Some((key("own"), vec![("name", name.to_string())]));
    }
    let (before, after) = PAIR_FOLLOWS_SOURCE;
    if let Some(setting) = stored
        .strip_prefix(before)
        .and_then(|rest| rest.strip_suffix(after))
    {
        return Some((key("pair_follows"), vec![("setting", setting.to_string())]));
    }
    let fixed = [
        (UNKNOWN_SOURCE, "another"),
        (VALUE_BEFORE_SOURCE, "value_before"),
        (RECORD_BEFORE_SOURCE, "record_before"),
        (LIST_BEFORE_SOURCE, "list_before"),
        (COPY_SET_ASIDE_SOURCE, "copy_set_aside"),
        (OWN_VERSION_SOURCE, "own_version"),
        (DUPLICATE_KEPT_SOURCE, "duplicate_kept"),
    ]
    .into_iter()
    .find_map(|(english, phrase)| (english == stored).then_some(phrase))?;
    Some((key(fixed), Vec::new()))
}

/// Installation ids to names, for "kept Amina's value".
pub(crate) struct Names {
    pub(super) own_id: String,
    pub(super) own: String,
    pub(super) map: HashMap<String, String>,
}

impl Names {
    pub(super) fn new(conn: &Connection, own: &Own, info: &FileInfo) -> Result<Names> {
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
            return format!("{}{OWN_SOURCE_SUFFIX}", self.own);
        }
        self.map
            .get(node)
            .cloned()
            .unwrap_or_else(|| UNKNOWN_SOURCE.to_string())
    }
}

pub(super) fn record_conflicts(conn: &Connection, conflicts: &[Conflict]) -> Result<()> {
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
pub(super) fn build_report(
    conn: &Connection,
    info: &FileInfo,
    left_out: usize,
) -> Result<MergeReport> {
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
                label: crate::label::RecordLabel::from_sql(r.get(3)?),
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
pub(super) fn sort_records(records: &mut [ChangedRecord]) {
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
