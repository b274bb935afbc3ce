//! The SQLite store: opening and identifying PeerPlan files, migrations, and the validated
//! write operations for every entity. One `Store` is one connection; the desktop shell keeps
//! exactly one (the single writer) behind a mutex.

mod agenda;
pub mod costs;
pub mod records;

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};
use rusqlite_migration::{Migrations, M};

use crate::hlc::{wall_clock_millis, Hlc, Stamp};
use crate::model::*;
use crate::validate::{self, Issue, Report};
use crate::{Error, Result};
use records::Entity;

/// `PRAGMA application_id` of every PeerPlan file: "PPLN".
pub const APPLICATION_ID: i32 = 0x5050_4c4e;

const MIGRATION_SQL: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_follow_up.sql"),
    include_str!("../../migrations/0003_agendas.sql"),
    include_str!("../../migrations/0004_costs.sql"),
    include_str!("../../migrations/0005_sync.sql"),
    include_str!("../../migrations/0006_installation_named.sql"),
];

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATION_SQL.len() as i64;

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect())
}

/// A successful save: the record as stored and the norm warnings it raised.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Saved<T> {
    pub record: Record<T>,
    pub warnings: Vec<Issue>,
}

/// A saved reflection answer and the follow-up actions created with it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SavedAnswer {
    pub record: ReflectionAnswer,
    pub actions: Vec<FollowUpAction>,
    pub warnings: Vec<Issue>,
}

pub struct Store {
    conn: Connection,
    hlc: Hlc,
    installation_id: String,
    path: Option<PathBuf>,
    /// Added to the wall clock for every stamp: zero, except in tests that play a laptop whose
    /// clock is wrong (`simulate_wrong_clock`).
    clock_offset_ms: i64,
    /// The budget roll-up's in-memory copy of the cost lines, with the `cost_index_changes`
    /// counter it was built at; rebuilt on the first roll-up after a change to what it copies.
    pub(crate) cost_index: std::sync::Mutex<Option<crate::costs::CachedIndex>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("installation_id", &self.installation_id)
            .finish()
    }
}

/// The clock of the database's installation, where its last write left it (the installation
/// row: its id and the clock's persisted position). Also a colleague's clock, in a merge.
pub(crate) fn installation_clock(conn: &Connection) -> rusqlite::Result<Hlc> {
    conn.query_row(
        "SELECT id, hlc_millis, hlc_counter FROM installation LIMIT 1",
        [],
        |r| {
            Ok(Hlc::new(
                r.get::<_, String>(0)?,
                u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                u32::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
            ))
        },
    )
}

/// Moves a clock past every stamp its database has merged from others. A database written by
/// an earlier PeerPlan (which followed a fast colleague's clock at most a day ahead) can hold
/// stamps above its own clock; its next edits must still order after them.
fn follow_known_stamps(conn: &Connection, hlc: &mut Hlc) -> Result<()> {
    let highest: Option<String> = conn
        .query_row("SELECT max(stamp) FROM sync_knowledge", [], |r| r.get(0))
        .optional()?
        .flatten();
    if let Some(stamp) = highest.and_then(|s| s.parse::<Stamp>().ok()) {
        hlc.observe(&stamp);
    }
    Ok(())
}

/// What a file on disk turned out to be, checked before anything is written to it.
fn inspect_existing_file(path: &Path) -> Result<()> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(format!("Cannot read {}", path.display()), e)),
    };
    let not_peerplan = |reason: &str| Error::NotPeerPlan {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if meta.is_dir() {
        return Err(not_peerplan("it is a folder, not a file"));
    }
    if meta.len() == 0 {
        // An empty file is what SQLite itself creates; treat it as a new database.
        return Ok(());
    }
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path)
        .map_err(|e| Error::io(format!("Cannot open {}", path.display()), e))?;
    if file.read_exact(&mut header).is_err() || &header != b"SQLite format 3\0" {
        return Err(not_peerplan("it is not an SQLite database file"));
    }
    // Read-only look at the identity pragmas: nothing is written to a file we do not own.
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|_| not_peerplan("its SQLite header is damaged"))?;
    let user_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let table_count: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|_| not_peerplan("its SQLite schema cannot be read"))?;
    if app_id == APPLICATION_ID {
        if user_version > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path: path.to_path_buf(),
                found: user_version,
                supported: SCHEMA_VERSION,
            });
        }
        return Ok(());
    }
    if app_id != 0 || table_count > 0 {
        return Err(not_peerplan(
            "it is an SQLite database of another application",
        ));
    }
    Ok(())
}

impl Store {
    /// Opens (creating and migrating if needed) the PeerPlan database at `path`.
    /// A file that is not a PeerPlan database is refused and left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        inspect_existing_file(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                Error::io(format!("Cannot create the folder {}", parent.display()), e)
            })?;
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::init(conn, Some(path.to_path_buf()))
    }

    /// A throwaway database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let found_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        migrations()
            .to_latest(&mut conn)
            .map_err(|e| Error::Migration(e.to_string()))?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        let hlc = match installation_clock(&conn).optional()? {
            Some(mut hlc) => {
                follow_known_stamps(&conn, &mut hlc)?;
                hlc
            }
            None => {
                let id = crate::new_id();
                conn.execute(
                    "INSERT INTO installation (id, name, created_at) VALUES (?1, ?2, ?3)",
                    rusqlite::params![id, default_installation_name(), now_text()],
                )?;
                Hlc::new(id, 0, 0)
            }
        };
        let installation_id = hlc.node().to_string();
        let mut store = Store {
            conn,
            hlc,
            installation_id,
            path,
            clock_offset_ms: 0,
            cost_index: std::sync::Mutex::new(None),
        };
        if (1..6).contains(&found_version) {
            // Merges before schema 6 could let in a second rate of a pair on one date or a
            // second agenda day on one date; those are set aside now, with a conflict each.
            crate::sync::merge::heal_twins(&mut store)?;
        }
        Ok(store)
    }

    /// A store over a connection that was opened read-only on a file already checked to be a
    /// PeerPlan database at this build's schema (a colleague's file being merged): nothing is
    /// migrated or written, so the same validation and read models run over it.
    pub(crate) fn over_verified_file(conn: Connection) -> Result<Store> {
        let hlc = installation_clock(&conn)?;
        let installation_id = hlc.node().to_string();
        Ok(Store {
            conn,
            hlc,
            installation_id,
            path: None,
            clock_offset_ms: 0,
            cost_index: std::sync::Mutex::new(None),
        })
    }

    /// Plays a laptop whose clock is `offset_ms` off (a year ahead, say): every stamp this
    /// store hands out from now on uses the wrong time. For the clock-drift tests.
    pub fn simulate_wrong_clock(&mut self, offset_ms: i64) {
        self.clock_offset_ms = offset_ms;
    }

    /// The wall clock as this store sees it, in milliseconds.
    pub(crate) fn wall_millis(&self) -> u64 {
        let wall = wall_clock_millis() as i64 + self.clock_offset_ms;
        u64::try_from(wall).unwrap_or(0)
    }

    /// The clock, for the merge, which stamps its own changes and follows a colleague's.
    pub(crate) fn clock(&mut self) -> &mut Hlc {
        &mut self.hlc
    }

    /// A new stamp for a change made outside `write` (the merge's own changes); the caller
    /// persists the clock in its transaction with `persist_clock`.
    pub(crate) fn tick(&mut self) -> Stamp {
        let wall = self.wall_millis();
        self.hlc.tick(wall)
    }

    /// Puts the clock back where the database has it (after a preview's transaction, whose
    /// stamps were rolled back, was undone).
    pub(crate) fn reload_clock(&mut self) -> Result<()> {
        let mut hlc = installation_clock(&self.conn)?;
        follow_known_stamps(&self.conn, &mut hlc)?;
        self.hlc = hlc;
        Ok(())
    }

    /// Writes the clock's position; the merge calls it inside its own transaction.
    pub(crate) fn persist_clock(&self) -> Result<()> {
        let (millis, counter) = self.hlc.last();
        self.conn.execute(
            "UPDATE installation SET hlc_millis = ?1, hlc_counter = ?2",
            rusqlite::params![millis as i64, counter as i64],
        )?;
        Ok(())
    }

    /// The one connection, mutably: restoring a backup copies pages into it.
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Drops the budget's in-memory index (after a restore replaced the data under it).
    pub(crate) fn forget_caches(&self) {
        if let Ok(mut index) = self.cost_index.lock() {
            *index = None;
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn installation_id(&self) -> &str {
        &self.installation_id
    }

    /// Read access for queries. Writes go through `write`.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one immediate transaction with a fresh stamp source; commits only if it
    /// returns Ok. The clock's position is persisted in the same transaction.
    pub fn write<R>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<R>) -> Result<R> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let wall_offset_ms = self.clock_offset_ms;
        let mut writer = Writer {
            tx,
            hlc: &mut self.hlc,
            wall_offset_ms,
            now: now_text(),
        };
        let result = f(&mut writer)?;
        let (millis, counter) = writer.hlc.last();
        writer.tx.execute(
            "UPDATE installation SET hlc_millis = ?1, hlc_counter = ?2",
            rusqlite::params![millis as i64, counter as i64],
        )?;
        writer.tx.commit()?;
        Ok(result)
    }

    pub fn installation_name(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT name FROM installation LIMIT 1", [], |r| r.get(0))?)
    }

    pub fn set_installation_name(&mut self, name: &str) -> Result<()> {
        let mut report = Report::default();
        if name.trim().is_empty() {
            report.error("installation_name", "required", "give this installation a name your colleagues will recognise (e.g. \"Amina's laptop\")");
        } else if name.chars().count() > 100 {
            report.error(
                "installation_name",
                "too_long",
                "the name is longer than 100 characters",
            );
        }
        report.into_result()?;
        self.conn.execute(
            "UPDATE installation SET name = ?1, named = 1",
            [name.trim()],
        )?;
        Ok(())
    }

    /// Whether the officer has chosen this installation's name (the app asks until then).
    pub fn installation_named(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT named FROM installation LIMIT 1", [], |r| r.get(0))?)
    }

    // ---- settings ------------------------------------------------------------------------

    pub fn norms(&self) -> Result<Norms> {
        let mut norms = Norms::default();
        for (key, value) in self.integer_settings("norms.")? {
            match key.as_str() {
                "norms.exchange_size_min" => norms.exchange_size_min = value,
                "norms.exchange_size_max" => norms.exchange_size_max = value,
                "norms.delegation_max" => norms.delegation_max = value,
                "norms.peer_learning_members_min" => norms.peer_learning_members_min = value,
                "norms.peer_learning_members_max" => norms.peer_learning_members_max = value,
                _ => {}
            }
        }
        Ok(norms)
    }

    /// The live settings whose key starts with `prefix`, as whole numbers. A value that is not
    /// one (written by hand, or by a later version) is skipped, so its default applies.
    fn integer_settings(&self, prefix: &str) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, value FROM settings WHERE deleted_at IS NULL AND substr(key, 1, length(?1)) = ?1",
        )?;
        let rows = stmt.query_map([prefix], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (key, value) = row?;
            if let Ok(value) = value.parse::<i64>() {
                out.push((key, value));
            }
        }
        Ok(out)
    }

    pub fn set_norms(&mut self, norms: &Norms) -> Result<()> {
        validate_norms(norms).into_result()?;
        let entries = [
            ("norms.exchange_size_min", norms.exchange_size_min),
            ("norms.exchange_size_max", norms.exchange_size_max),
            ("norms.delegation_max", norms.delegation_max),
            (
                "norms.peer_learning_members_min",
                norms.peer_learning_members_min,
            ),
            (
                "norms.peer_learning_members_max",
                norms.peer_learning_members_max,
            ),
        ];
        self.write(|w| {
            for (key, value) in entries {
                w.set_setting(key, &value.to_string())?;
            }
            Ok(())
        })
    }

    // ---- validated saves -----------------------------------------------------------------

    pub fn save_partnership(
        &mut self,
        id: Option<&str>,
        data: PartnershipData,
    ) -> Result<Saved<PartnershipData>> {
        let data = normalise_partnership(data);
        validate::partnership(&data).into_result()?;
        let record = self.write(|w| {
            let previous = match id {
                Some(id) => Some(records::get::<PartnershipData>(&w.tx, id)?.data.status),
                None => None,
            };
            let record = w.upsert(id, &data)?;
            if previous != Some(data.status) {
                w.insert_new(&StatusChangeData {
                    partnership_id: record.id.clone(),
                    status: data.status,
                    changed_on: chrono::Local::now().date_naive(),
                    note: String::new(),
                })?;
            }
            Ok(record)
        })?;
        let warnings = self.partnership_warnings(&record.id)?;
        Ok(Saved { record, warnings })
    }

    pub fn set_partnership_archived(&mut self, id: &str, archived: bool) -> Result<Partnership> {
        let mut data = records::get::<PartnershipData>(&self.conn, id)?.data;
        data.archived = archived;
        self.write(|w| w.upsert(Some(id), &data))
    }

    /// Deletes a partnership and everything under it (tombstones, in one transaction).
    pub fn delete_partnership(&mut self, id: &str) -> Result<()> {
        records::get::<PartnershipData>(&self.conn, id)?;
        self.write(|w| {
            let exchanges: Vec<String> = w.ids(
                "SELECT id FROM exchanges WHERE partnership_id = ?1 AND deleted_at IS NULL",
                id,
            )?;
            for exchange in &exchanges {
                w.delete_exchange_children(exchange)?;
            }
            for table in [
                "follow_up_actions",
                "contacts",
                "reflection_answers",
                "learning_entries",
                "exchanges",
                "goals",
                "members",
                "status_changes",
            ] {
                w.delete_children(table, "partnership_id", id)?;
            }
            w.delete("partnerships", id)
        })
    }

    pub fn save_member(
        &mut self,
        id: Option<&str>,
        mut data: MemberData,
    ) -> Result<Saved<MemberData>> {
        data.country_code = data.country_code.trim().to_uppercase();
        data.name = data.name.trim().to_string();
        data.role = data.role.trim().to_string();
        data.time_zone = data.time_zone.trim().to_string();
        data.focal_point_id = data.focal_point_id.filter(|s| !s.is_empty());
        let mut report = validate::member(&data);
        self.require_live::<PartnershipData>(&mut report, "partnership_id", &data.partnership_id)?;
        if let Some(person) = &data.focal_point_id {
            self.require_live::<PersonData>(&mut report, "focal_point_id", person)?;
        }
        report.into_result()?;
        let record = self.write(|w| w.upsert(id, &data))?;
        let warnings = self.partnership_warnings(&data.partnership_id)?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_member(&mut self, id: &str) -> Result<()> {
        let member = records::get::<MemberData>(&self.conn, id)?;
        let in_use: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM exchanges WHERE host_member_id = ?1 AND deleted_at IS NULL)
                  + (SELECT count(*) FROM participants WHERE member_id = ?1 AND deleted_at IS NULL)
                  + (SELECT count(*) FROM contacts WHERE (from_member_id = ?1 OR to_member_id = ?1)
                       AND deleted_at IS NULL)",
            [id],
            |r| r.get(0),
        )?;
        if in_use > 0 {
            let mut report = Report::default();
            report.error(
                "member",
                "member_in_use",
                format!(
                    "{} hosts an exchange, has participants or is in the contact log ({in_use} in all); reassign them before removing the member",
                    member.data.label()
                ),
            );
            return Err(Error::Invalid(report));
        }
        self.write(|w| {
            w.conn().execute(
                "UPDATE goals SET proposed_by_member_id = NULL WHERE proposed_by_member_id = ?1",
                [id],
            )?;
            w.unlink::<FollowUpActionData>("t.owner_member_id = ?1", id, |a| {
                a.owner_member_id = None
            })?;
            w.unlink::<LearningEntryData>("instr(t.member_ids, ?1) > 0", id, |e| {
                e.member_ids.retain(|m| m != id)
            })?;
            // A session the member led stays in the agenda, led by no member.
            w.unlink::<AgendaSessionData>("t.lead_member_id = ?1", id, |s| {
                s.lead_member_id = None
            })?;
            w.delete("members", id)
        })
    }

    pub fn save_goal(&mut self, id: Option<&str>, mut data: GoalData) -> Result<Saved<GoalData>> {
        data.text = data.text.trim().to_string();
        data.proposed_by_member_id = data.proposed_by_member_id.filter(|s| !s.is_empty());
        let members = self.member_ids(&data.partnership_id)?;
        let mut report = validate::goal(&data, &members);
        self.require_live::<PartnershipData>(&mut report, "partnership_id", &data.partnership_id)?;
        report.into_result()?;
        let record = self.write(|w| w.upsert(id, &data))?;
        Ok(Saved {
            record,
            warnings: Vec::new(),
        })
    }

    pub fn delete_goal(&mut self, id: &str) -> Result<()> {
        records::get::<GoalData>(&self.conn, id)?;
        self.write(|w| w.delete("goals", id))
    }

    pub fn save_person(&mut self, id: Option<&str>, data: PersonData) -> Result<Saved<PersonData>> {
        let data = normalise_person(data);
        validate::person(&data).into_result()?;
        let record = self.write(|w| w.upsert(id, &data))?;
        Ok(Saved {
            record,
            warnings: Vec::new(),
        })
    }

    pub fn delete_person(&mut self, id: &str) -> Result<()> {
        records::get::<PersonData>(&self.conn, id)?;
        self.write(|w| {
            let participations = w.ids(
                "SELECT id FROM participants WHERE person_id = ?1 AND deleted_at IS NULL",
                id,
            )?;
            for participant in &participations {
                w.unlink_traveller_lines(participant)?;
            }
            w.delete_children("participants", "person_id", id)?;
            w.unlink::<FollowUpActionData>("t.owner_person_id = ?1", id, |a| {
                a.owner_person_id = None
            })?;
            w.unlink::<AgendaSessionData>("instr(t.presenter_ids, ?1) > 0", id, |s| {
                s.presenter_ids.retain(|p| p != id)
            })?;
            w.conn().execute(
                "UPDATE members SET focal_point_id = NULL WHERE focal_point_id = ?1",
                [id],
            )?;
            w.delete("people", id)
        })
    }

    pub fn save_exchange(
        &mut self,
        id: Option<&str>,
        mut data: ExchangeData,
    ) -> Result<Saved<ExchangeData>> {
        data.title = data.title.trim().to_string();
        data.time_zone = data.time_zone.trim().to_string();
        data.country_code = data
            .country_code
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty());
        data.host_member_id = data.host_member_id.filter(|s| !s.is_empty());
        let members = self.member_ids(&data.partnership_id)?;
        let mut report = validate::exchange(
            &data,
            &validate::ExchangeContext {
                member_ids: &members,
            },
        );
        self.require_live::<PartnershipData>(&mut report, "partnership_id", &data.partnership_id)?;
        report.into_result()?;
        let record = self.write(|w| w.upsert(id, &data))?;
        let warnings = self.exchange_warnings(&record.id)?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_exchange(&mut self, id: &str) -> Result<()> {
        records::get::<ExchangeData>(&self.conn, id)?;
        self.write(|w| {
            w.delete_exchange_children(id)?;
            // Actions agreed at the exchange stay in the partnership's plan.
            w.unlink::<FollowUpActionData>("t.exchange_id = ?1", id, |a| a.exchange_id = None)?;
            w.delete("exchanges", id)
        })
    }

    /// Saves a participant; with `new_person`, creates that person first in the same
    /// transaction (the "create inline" path of the exchange page).
    pub fn save_participant(
        &mut self,
        id: Option<&str>,
        mut data: ParticipantData,
        new_person: Option<PersonData>,
    ) -> Result<Saved<ParticipantData>> {
        data.member_id = data.member_id.filter(|s| !s.is_empty());
        let exchange = records::get::<ExchangeData>(&self.conn, &data.exchange_id)?;
        if exchange.is_deleted() {
            return Err(Error::Deleted {
                entity: "exchange",
                id: exchange.id,
            });
        }
        let members = self.member_ids(&exchange.data.partnership_id)?;
        let new_person = new_person.map(normalise_person);
        let mut report = Report::default();
        let (person_exists, already) = match &new_person {
            Some(person) => {
                for mut issue in validate::person(person).issues {
                    issue.field = format!("new_person.{}", issue.field);
                    report.issues.push(issue);
                }
                (true, false)
            }
            None => {
                let exists = records::find::<PersonData>(&self.conn, &data.person_id)?
                    .is_some_and(|p| !p.is_deleted());
                let already: bool = self.conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM participants WHERE exchange_id = ?1 AND person_id = ?2
                       AND deleted_at IS NULL AND id IS NOT ?3)",
                    rusqlite::params![data.exchange_id, data.person_id, id],
                    |r| r.get(0),
                )?;
                (exists, already)
            }
        };
        report.merge(validate::participant(
            &data,
            &validate::ParticipantContext {
                member_ids: &members,
                person_exists,
                already_in_exchange: already,
            },
        ));
        report.into_result()?;
        let record = self.write(|w| {
            if let Some(person) = &new_person {
                data.person_id = w.insert_new(person)?.id;
            }
            w.upsert(id, &data)
        })?;
        let warnings = self.exchange_warnings(&data.exchange_id)?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_participant(&mut self, id: &str) -> Result<()> {
        records::get::<ParticipantData>(&self.conn, id)?;
        self.write(|w| {
            w.unlink_traveller_lines(id)?;
            w.delete("participants", id)
        })
    }

    // ---- follow-up: actions, contacts, reflection answers, learning log (issue 7) ----------

    /// The thresholds of the follow-up signals (settings, with defaults).
    pub fn signal_norms(&self) -> Result<SignalNorms> {
        let mut norms = SignalNorms::default();
        for (key, value) in self.integer_settings("signals.")? {
            match key.as_str() {
                "signals.quiet_after_days" => norms.quiet_after_days = value,
                "signals.one_sided_share_percent" => norms.one_sided_share_percent = value,
                "signals.one_sided_min_contacts" => norms.one_sided_min_contacts = value,
                _ => {}
            }
        }
        Ok(norms)
    }

    pub fn set_signal_norms(&mut self, norms: &SignalNorms) -> Result<()> {
        validate::signal_norms(norms).into_result()?;
        let entries = [
            ("signals.quiet_after_days", norms.quiet_after_days),
            (
                "signals.one_sided_share_percent",
                norms.one_sided_share_percent,
            ),
            (
                "signals.one_sided_min_contacts",
                norms.one_sided_min_contacts,
            ),
        ];
        self.write(|w| {
            for (key, value) in entries {
                w.set_setting(key, &value.to_string())?;
            }
            Ok(())
        })
    }

    /// Everything wrong with a follow-up action: the pure rules plus its references.
    pub(crate) fn follow_up_report(&self, data: &FollowUpActionData) -> Result<Report> {
        let members = self.member_ids(&data.partnership_id)?;
        // Single columns, not whole records: a neighbour with an unreadable value (reported
        // by `check` on its own) must not stop this action from being checked.
        let column = |table: &str, column: &str, id: &str| -> Result<Option<String>> {
            Ok(self
                .conn
                .query_row(
                    &format!("SELECT {column} FROM {table} WHERE id = ?1"),
                    [id],
                    |r| r.get::<_, Option<String>>(0),
                )
                .optional()?
                .flatten())
        };
        let start = column("partnerships", "start_date", &data.partnership_id)?
            .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let exchange_partnership = match &data.exchange_id {
            Some(e) => column("exchanges", "partnership_id", e)?,
            None => None,
        };
        let answer_partnership = match &data.reflection_answer_id {
            Some(a) => column("reflection_answers", "partnership_id", a)?,
            None => None,
        };
        let mut report = validate::follow_up_action(
            data,
            &validate::FollowUpContext {
                member_ids: &members,
                partnership_start: start,
                exchange_partnership: exchange_partnership.as_deref(),
                answer_partnership: answer_partnership.as_deref(),
            },
        );
        self.require_live::<PartnershipData>(&mut report, "partnership_id", &data.partnership_id)?;
        if let Some(exchange) = &data.exchange_id {
            self.require_live::<ExchangeData>(&mut report, "exchange_id", exchange)?;
        }
        if let Some(person) = &data.owner_person_id {
            self.require_live::<PersonData>(&mut report, "owner_person_id", person)?;
        }
        if let Some(answer) = &data.reflection_answer_id {
            self.require_live::<ReflectionAnswerData>(&mut report, "reflection_answer_id", answer)?;
        }
        Ok(report)
    }

    pub fn save_follow_up_action(
        &mut self,
        id: Option<&str>,
        data: FollowUpActionData,
    ) -> Result<Saved<FollowUpActionData>> {
        let data = normalise_action(data);
        let warnings = self.follow_up_report(&data)?.into_result()?;
        let record = self.write(|w| w.upsert(id, &data))?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_follow_up_action(&mut self, id: &str) -> Result<()> {
        records::get::<FollowUpActionData>(&self.conn, id)?;
        self.write(|w| w.delete("follow_up_actions", id))
    }

    pub fn save_contact(
        &mut self,
        id: Option<&str>,
        mut data: ContactData,
    ) -> Result<Saved<ContactData>> {
        data.from_member_id = data.from_member_id.trim().to_string();
        data.to_member_id = data.to_member_id.trim().to_string();
        data.participants = data.participants.trim().to_string();
        data.summary = data.summary.trim().to_string();
        let members = self.member_ids(&data.partnership_id)?;
        let mut report = validate::contact(&data, &members);
        self.require_live::<PartnershipData>(&mut report, "partnership_id", &data.partnership_id)?;
        let warnings = report.into_result()?;
        let record = self.write(|w| w.upsert(id, &data))?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_contact(&mut self, id: &str) -> Result<()> {
        records::get::<ContactData>(&self.conn, id)?;
        self.write(|w| w.delete("contacts", id))
    }

    /// Saves an answer to a reflection question and, in the same transaction, creates the
    /// follow-up actions it leads to (each linked to the answer and its partnership). A
    /// problem in any action refuses the whole save; its fields are named `actions.N.field`.
    pub fn save_reflection_answer(
        &mut self,
        id: Option<&str>,
        mut data: ReflectionAnswerData,
        new_actions: Vec<FollowUpActionData>,
    ) -> Result<SavedAnswer> {
        data.question_key = data.question_key.trim().to_string();
        data.note = data.note.trim().to_string();
        let already: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM reflection_answers WHERE partnership_id = ?1
               AND question_key = ?2 AND deleted_at IS NULL AND id IS NOT ?3)",
            rusqlite::params![data.partnership_id, data.question_key, id],
            |r| r.get(0),
        )?;
        let mut report = validate::reflection_answer(&data, already);
        self.require_live::<PartnershipData>(&mut report, "partnership_id", &data.partnership_id)?;
        let mut actions = Vec::with_capacity(new_actions.len());
        for (i, action) in new_actions.into_iter().enumerate() {
            let action = normalise_action(FollowUpActionData {
                partnership_id: data.partnership_id.clone(),
                reflection_answer_id: None, // the answer's id, set in the transaction
                ..action
            });
            for mut issue in self.follow_up_report(&action)?.issues {
                if issue.field == "partnership_id" {
                    continue; // reported once, for the answer
                }
                issue.field = format!("actions.{i}.{}", issue.field);
                report.issues.push(issue);
            }
            actions.push(action);
        }
        let warnings = report.into_result()?;
        let (record, actions) = self.write(|w| {
            let record = w.upsert(id, &data)?;
            let mut created = Vec::with_capacity(actions.len());
            for mut action in actions {
                action.reflection_answer_id = Some(record.id.clone());
                created.push(w.insert_new(&action)?);
            }
            Ok((record, created))
        })?;
        Ok(SavedAnswer {
            record,
            actions,
            warnings,
        })
    }

    /// Deletes an answer; the actions planned from it stay in the plan, unlinked.
    pub fn delete_reflection_answer(&mut self, id: &str) -> Result<()> {
        records::get::<ReflectionAnswerData>(&self.conn, id)?;
        self.write(|w| {
            w.unlink::<FollowUpActionData>("t.reflection_answer_id = ?1", id, |a| {
                a.reflection_answer_id = None
            })?;
            w.delete("reflection_answers", id)
        })
    }

    pub fn save_learning_entry(
        &mut self,
        id: Option<&str>,
        mut data: LearningEntryData,
    ) -> Result<Saved<LearningEntryData>> {
        data.what_changed = data.what_changed.trim().to_string();
        data.significance = data.significance.trim().to_string();
        data.evidence = data.evidence.trim().to_string();
        data.member_ids = data
            .member_ids
            .iter()
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        data.member_ids.sort();
        data.member_ids.dedup();
        let members = self.member_ids(&data.partnership_id)?;
        let mut report = validate::learning_entry(&data, &members);
        self.require_live::<PartnershipData>(&mut report, "partnership_id", &data.partnership_id)?;
        let warnings = report.into_result()?;
        let record = self.write(|w| w.upsert(id, &data))?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_learning_entry(&mut self, id: &str) -> Result<()> {
        records::get::<LearningEntryData>(&self.conn, id)?;
        self.write(|w| w.delete("learning_entries", id))
    }

    // ---- warnings computed from the stored state -------------------------------------------

    pub fn partnership_warnings(&self, id: &str) -> Result<Vec<Issue>> {
        let partnership = records::get::<PartnershipData>(&self.conn, id)?;
        let countries: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT country_code FROM members WHERE partnership_id = ?1 AND deleted_at IS NULL",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let refs: Vec<&str> = countries.iter().map(String::as_str).collect();
        Ok(validate::partnership_membership(&partnership.data, &refs, &self.norms()?).issues)
    }

    pub fn exchange_warnings(&self, id: &str) -> Result<Vec<Issue>> {
        let exchange = records::get::<ExchangeData>(&self.conn, id)?;
        let participants =
            records::list::<ParticipantData>(&self.conn, "t.exchange_id = ?1", &[&id], "t.id")?;
        let attendees: Vec<validate::Attendee> = participants
            .iter()
            .map(|p| validate::Attendee {
                member_id: p.data.member_id.as_deref(),
                role: p.data.role,
                attendance: p.data.attendance,
            })
            .collect();
        let label = |member: &str| self.member_label(member);
        Ok(
            validate::exchange_attendance(&exchange.data, &attendees, &label, &self.norms()?)
                .issues,
        )
    }

    pub fn member_label(&self, member_id: &str) -> String {
        records::find::<MemberData>(&self.conn, member_id)
            .ok()
            .flatten()
            .map(|m| m.data.label())
            .unwrap_or_else(|| "an unknown member".to_string())
    }

    pub(crate) fn member_ids(&self, partnership_id: &str) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM members WHERE partnership_id = ?1 AND deleted_at IS NULL",
            )?
            .query_map([partnership_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn require_live<T: Entity>(&self, report: &mut Report, field: &str, id: &str) -> Result<()> {
        if id.is_empty() {
            return Ok(()); // the pure rule already reported the missing id
        }
        // Only the tombstone is read, so a referenced row with an unreadable value (which
        // `check` reports on its own) does not stop the rules about this one.
        let tombstone: Option<Option<String>> = self
            .conn
            .query_row(
                &format!("SELECT deleted_at FROM {} WHERE id = ?1", T::TABLE),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        match tombstone {
            Some(None) => {}
            Some(Some(_)) => report.error(
                field,
                "deleted_reference",
                format!("that {} has been deleted", T::NAME),
            ),
            None => report.error(
                field,
                "unknown_reference",
                format!("no {} with id {id} exists", T::NAME),
            ),
        }
        Ok(())
    }
}

/// The writing half of a transaction: stamps, inserts, updates and tombstones.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    hlc: &'a mut Hlc,
    wall_offset_ms: i64,
    now: String,
}

impl Writer<'_> {
    pub fn conn(&self) -> &Connection {
        &self.tx
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

    fn ids(&self, sql: &str, param: &str) -> Result<Vec<String>> {
        Ok(self
            .tx
            .prepare_cached(sql)?
            .query_map([param], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Tombstones what belongs to one exchange: participants, its costs and the agenda.
    fn delete_exchange_children(&mut self, exchange_id: &str) -> Result<()> {
        self.delete_children("participants", "exchange_id", exchange_id)?;
        self.delete_exchange_costs(exchange_id)?;
        self.delete_children("agenda_sessions", "exchange_id", exchange_id)?;
        self.delete_children("agenda_days", "exchange_id", exchange_id)?;
        self.delete_children("agenda_settings", "id", exchange_id)
    }

    fn delete_children(&mut self, table: &str, column: &str, parent: &str) -> Result<()> {
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
    fn unlink<T: Entity>(
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

pub(crate) fn validate_norms(norms: &Norms) -> Report {
    let mut report = Report::default();
    let mut positive = |field: &str, value: i64| {
        if !(1..=10_000).contains(&value) {
            report.error(
                field,
                "out_of_range",
                format!("{value} is not allowed; use a whole number from 1 to 10000"),
            );
        }
    };
    positive("exchange_size_min", norms.exchange_size_min);
    positive("exchange_size_max", norms.exchange_size_max);
    positive("delegation_max", norms.delegation_max);
    positive("peer_learning_members_min", norms.peer_learning_members_min);
    positive("peer_learning_members_max", norms.peer_learning_members_max);
    if norms.exchange_size_max < norms.exchange_size_min {
        report.error(
            "exchange_size_max",
            "max_below_min",
            format!(
                "the largest exchange size ({}) is below the smallest ({})",
                norms.exchange_size_max, norms.exchange_size_min
            ),
        );
    }
    if norms.peer_learning_members_max < norms.peer_learning_members_min {
        report.error(
            "peer_learning_members_max",
            "max_below_min",
            format!(
                "the most members ({}) is below the fewest ({})",
                norms.peer_learning_members_max, norms.peer_learning_members_min
            ),
        );
    }
    report
}

fn normalise_partnership(mut data: PartnershipData) -> PartnershipData {
    data.title = data.title.trim().to_string();
    data.topic = data.topic.trim().to_string();
    data.officer = data.officer.trim().to_string();
    data.advisor = data.advisor.trim().to_string();
    data
}

/// Trims the texts, drops empty references, and dates a closing without a date today.
fn normalise_action(mut data: FollowUpActionData) -> FollowUpActionData {
    data.what = data.what.trim().to_string();
    data.outcome = data.outcome.trim().to_string();
    for reference in [
        &mut data.exchange_id,
        &mut data.reflection_answer_id,
        &mut data.owner_member_id,
        &mut data.owner_person_id,
    ] {
        *reference = reference.take().filter(|s| !s.trim().is_empty());
    }
    if !data.status.is_open() && data.closed_on.is_none() {
        data.closed_on = Some(chrono::Local::now().date_naive());
    }
    data
}

fn normalise_person(mut data: PersonData) -> PersonData {
    data.name = data.name.trim().to_string();
    data.email = data.email.trim().to_string();
    data.country_code = data
        .country_code
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty());
    data
}

pub(crate) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The name an installation has until the officer chooses one (the app asks on first start):
/// the computer's user and name where the system says them ("amina on AMINA-LAPTOP"), so that
/// even an unnamed copy is not one more "This computer" in a colleague's conflicts.
fn default_installation_name() -> String {
    let user = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .filter(|u| !u.trim().is_empty());
    let host = std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty());
    match (user, host) {
        (Some(user), Some(host)) => format!("{user} on {host}"),
        (Some(user), None) => format!("{user}'s PeerPlan"),
        (None, Some(host)) => format!("PeerPlan on {host}"),
        (None, None) => "This computer".to_string(),
    }
}
