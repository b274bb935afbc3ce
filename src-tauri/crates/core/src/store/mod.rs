//! The SQLite store: opening and identifying PeerPlan files, migrations, and the validated
//! write operations for every entity. One `Store` is one connection; the desktop shell keeps
//! exactly one (the single writer) behind a mutex.

mod agenda;
pub mod costs;
mod entities;
mod facts;
mod follow_up;
mod partnerships;
pub mod records;
mod settings;
mod writer;

pub(crate) use facts::Facts;
pub(crate) use settings::validate_norms;
pub use writer::Writer;

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use rusqlite_migration::{Migrations, M};

use crate::hlc::{Hlc, Stamp};
use crate::model::*;
use crate::validate::{self, Issue};
use crate::{Error, Result};

/// `PRAGMA application_id` of every PeerPlan file: "PPLN".
pub const APPLICATION_ID: i32 = 0x5050_4c4e;

const MIGRATION_SQL: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_follow_up.sql"),
    include_str!("../../migrations/0003_agendas.sql"),
    include_str!("../../migrations/0004_costs.sql"),
    include_str!("../../migrations/0005_sync.sql"),
    include_str!("../../migrations/0006_installation_named.sql"),
    include_str!("../../migrations/0007_co_leads.sql"),
    include_str!("../../migrations/0008_cost_index_log.sql"),
    include_str!("../../migrations/0009_cost_payer.sql"),
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
    pub(crate) derived: std::sync::Mutex<Option<Box<dyn std::any::Any + Send + Sync>>>,
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
            derived: std::sync::Mutex::new(None),
        };
        if (1..6).contains(&found_version) {
            // Merges before schema 6 could let in a second rate of a pair on one date or a
            // second agenda day on one date; those are set aside now, with a conflict each.
            crate::sync::merge::heal_twins(&mut store)?;
        }
        Ok(store)
    }

    /// A second, read-only connection to a database this process has already opened with
    /// `open` (so it exists, is PeerPlan's and is migrated): the app's pages read through it,
    /// so a list answers while a long merge holds the writer (SQLite's WAL lets readers see
    /// the last committed state while a write transaction runs).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let mut store = Self::over_verified_file(conn)?;
        store.path = Some(path.to_path_buf());
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
            derived: std::sync::Mutex::new(None),
        })
    }

    /// Plays a laptop whose clock is `offset_ms` off (a year ahead, say): every stamp this
    /// store hands out from now on uses the wrong time. For the clock-drift tests.
    pub fn simulate_wrong_clock(&mut self, offset_ms: i64) {
        self.clock_offset_ms = offset_ms;
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
    pub fn forget_caches(&self) {
        if let Ok(mut index) = self.derived.lock() {
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
        // The budget index's log (schema 8) keeps the last 100,000 steps: enough for any
        // reader to patch its index after ordinary saves; older readers rebuild.
        writer.tx.execute(
            "DELETE FROM cost_index_log WHERE n <= (SELECT n - 100000 FROM cost_index_changes)",
            [],
        )?;
        let (millis, counter) = writer.hlc.last();
        writer.tx.execute(
            "UPDATE installation SET hlc_millis = ?1, hlc_counter = ?2",
            rusqlite::params![millis as i64, counter as i64],
        )?;
        writer.tx.commit()?;
        Ok(result)
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
        let kind = records::get::<PartnershipData>(&self.conn, &exchange.data.partnership_id)?
            .data
            .kind;
        let norms = self.norms()?.for_kind(kind);
        let mut report = validate::exchange_attendance(&exchange.data, &attendees, &label, &norms);
        // Held while its dates are still ahead: a slip of the status, or of the dates.
        let today = chrono::Local::now().date_naive();
        if exchange.data.status == ExchangeStatus::Held {
            if let Some(start) = exchange.data.start_date.filter(|s| *s > today) {
                report
                    .warning(
                        "status",
                        "held_before_start",
                        format!(
                            "the exchange is marked held, but it starts on {}, still ahead: check the status or the dates",
                            crate::dates::long_date(start)
                        ),
                    )
                    .with("start_date", start);
            }
        }
        Ok(report.issues)
    }

    pub fn member_label(&self, member_id: &str) -> String {
        records::find::<MemberData>(&self.conn, member_id)
            .ok()
            .flatten()
            .map(|m| m.data.label())
            .unwrap_or_else(|| "an unknown member".to_string())
    }
}

pub(crate) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The name an installation has until the officer chooses one (the app asks on first start):
/// the computer's user and name where the system says them ("amina@AMINA-LAPTOP"), so that
/// even an unnamed copy is not one more "This computer" in a colleague's conflicts. Written
/// without words, because colleagues who read it may each read PeerPlan in another language.
fn default_installation_name() -> String {
    let user = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty());
    let host = std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty());
    installation_name_of(user, host)
}

fn installation_name_of(user: Option<String>, host: Option<String>) -> String {
    match (user, host) {
        (Some(user), Some(host)) => format!("{user}@{host}"),
        (Some(name), None) | (None, Some(name)) => name,
        (None, None) => "PeerPlan".to_string(),
    }
}

#[cfg(test)]
mod default_name_tests {
    use super::installation_name_of;

    /// Colleagues read the default name in their own languages: it holds no English word.
    #[test]
    fn an_unnamed_installation_is_called_by_its_user_and_computer_without_words() {
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            installation_name_of(some("amina"), some("AMINA-LAPTOP")),
            "amina@AMINA-LAPTOP"
        );
        assert_eq!(installation_name_of(some("amina"), None), "amina");
        assert_eq!(installation_name_of(None, some("ACCRA-01")), "ACCRA-01");
        assert_eq!(installation_name_of(None, None), "PeerPlan");
    }
}
