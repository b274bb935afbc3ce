//! Which rows differ between the two copies: both walked in id order (no join, no copy of
//! either table in memory), then their per-field stamps.

use rusqlite::Connection;

use super::*;

/// Finds the rows of `table` whose versions differ between the two copies by walking both in
/// id order (no join, no copy of either table in memory), then the rows whose per-field
/// stamps differ. Returns how many were recorded in `temp.merge_scope` of `remote`.
pub(super) fn find_candidates(
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
            super::Reason::new(
                "invalid_file.stamp",
                format!("the {what} of {table} row {id} is not a version stamp ('{value}')"),
            )
            .with("column", what)
            .with("table", table)
            .with("id", id)
            .with("value", value),
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

pub(super) fn check_stamp(s: &str) -> std::result::Result<Stamp, crate::hlc::BadStamp> {
    s.parse()
}
