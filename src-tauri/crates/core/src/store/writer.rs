//! The writing half of a transaction (`Store::write`): stamps, inserts, field-by-field
//! updates, tombstones and unlinks, and the facts a save's rules read in the same
//! transaction. Every domain write — the app's, the CLI's, the example portfolio's, a merge's
//! own repairs — goes through here.

use rusqlite::{Connection, OptionalExtension, Transaction};

use super::facts::Facts;
use super::records::{self, Entity};
use crate::hlc::{wall_clock_millis, Hlc, Stamp};
use crate::model::*;
use crate::Result;

/// The writing half of a transaction: stamps, inserts, updates and tombstones.
pub struct Writer<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) hlc: &'a mut Hlc,
    pub(super) wall_offset_ms: i64,
    pub(super) now: String,
}

impl Writer<'_> {
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The facts rules read, through this write transaction: what another program writes
    /// to the same file waits until this transaction ends, so they cannot change between a
    /// save's check and its write.
    pub(crate) fn facts(&self) -> Facts<'_> {
        Facts(&self.tx)
    }

    /// Deletes an existing record (not found: `Error::NotFound`).
    pub fn delete_existing<T: Entity>(&mut self, id: &str) -> Result<()> {
        records::get::<T>(&self.tx, id)?;
        self.delete(T::TABLE, id)
    }

    /// Follows a colleague's clock (a merge): every stamp from here on orders after `stamp`.
    pub(crate) fn observe(&mut self, stamp: &Stamp) {
        self.hlc.observe(stamp);
    }

    pub fn stamp(&mut self) -> Stamp {
        let wall = u64::try_from(wall_clock_millis() as i64 + self.wall_offset_ms).unwrap_or(0);
        self.hlc.tick(wall)
    }

    pub fn insert_new<T: Entity>(&mut self, data: &T) -> Result<Record<T>> {
        let id = crate::new_id();
        self.insert_with_id(&id, data)
    }

    pub fn insert_with_id<T: Entity>(&mut self, id: &str, data: &T) -> Result<Record<T>> {
        let stamp = self.stamp();
        records::insert(&self.tx, id, data, &stamp, &self.now)
    }

    /// Inserts when `id` is None, otherwise updates the changed fields.
    pub fn upsert<T: Entity>(&mut self, id: Option<&str>, data: &T) -> Result<Record<T>> {
        match id {
            None => self.insert_new(data),
            Some(id) => {
                let stamp = self.stamp();
                Ok(records::update(&self.tx, id, data, &stamp, &self.now)?.0)
            }
        }
    }

    pub fn delete(&mut self, table: &str, id: &str) -> Result<()> {
        let stamp = self.stamp();
        records::set_deleted(&self.tx, table, id, true, &stamp, &self.now)?;
        Ok(())
    }

    pub(super) fn ids(&self, sql: &str, param: &str) -> Result<Vec<String>> {
        Ok(self
            .tx
            .prepare_cached(sql)?
            .query_map([param], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Tombstones what belongs to one exchange: participants, its costs and the agenda.
    pub(super) fn delete_exchange_children(&mut self, exchange_id: &str) -> Result<()> {
        self.delete_children("participants", "exchange_id", exchange_id)?;
        self.delete_exchange_costs(exchange_id)?;
        self.delete_children("agenda_sessions", "exchange_id", exchange_id)?;
        self.delete_children("agenda_days", "exchange_id", exchange_id)?;
        self.delete_children("agenda_settings", "id", exchange_id)
    }

    pub(super) fn delete_children(
        &mut self,
        table: &str,
        column: &str,
        parent: &str,
    ) -> Result<()> {
        let ids = self.ids(
            &format!("SELECT id FROM {table} WHERE {column} = ?1 AND deleted_at IS NULL"),
            parent,
        )?;
        for id in ids {
            self.delete(table, &id)?;
        }
        Ok(())
    }

    /// Rewrites, with per-field stamps, every live row matching `condition` (over alias `t`,
    /// `?1` = `param`) after `change`: how a reference to a deleted record is cleared.
    pub(crate) fn unlink<T: Entity>(
        &mut self,
        condition: &str,
        param: &str,
        change: impl Fn(&mut T),
    ) -> Result<()> {
        for record in records::list::<T>(&self.tx, condition, &[&param], "t.id")? {
            let mut data = record.data;
            change(&mut data);
            self.upsert(Some(&record.id), &data)?;
        }
        Ok(())
    }

    pub(crate) fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        // Settings rows use a name-derived id so the same setting matches across copies.
        let id = uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_OID,
            format!("peerplan.setting.{key}").as_bytes(),
        )
        .to_string();
        let stamp = self.stamp().to_string();
        let current: Option<String> = self
            .tx
            .query_row("SELECT value FROM settings WHERE id = ?1", [&id], |r| {
                r.get(0)
            })
            .optional()?;
        match current {
            Some(old) if old == value => {}
            Some(_) => {
                self.tx.execute(
                    "UPDATE settings SET value = ?2, updated_at = max(updated_at, ?3), version = ?4, deleted_at = NULL WHERE id = ?1",
                    rusqlite::params![id, value, self.now, stamp],
                )?;
                self.tx.execute(
                    "INSERT INTO field_stamps (entity, row_id, field, stamp) VALUES ('settings', ?1, 'value', ?2)
                     ON CONFLICT (entity, row_id, field) DO UPDATE SET stamp = excluded.stamp",
                    rusqlite::params![id, stamp],
                )?;
            }
            None => {
                self.tx.execute(
                    "INSERT INTO settings (id, key, value, created_at, updated_at, created_stamp, version)
                     VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?5)",
                    rusqlite::params![id, key, value, self.now, stamp],
                )?;
            }
        }
        Ok(())
    }
}
