//! A colleague's file, made safe to read: copied off the share to a private temporary file,
//! then checked before anything touches the local database — is it whole, is it SQLite, is it
//! PeerPlan, which schema, is it intact, does it carry any schema object PeerPlan did not
//! create — and opened read-only with untrusted schema code disabled. A file from an older
//! PeerPlan is migrated in the temporary copy, never in place.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use super::{Reason, SyncError};
use crate::store::{Store, APPLICATION_ID, SCHEMA_VERSION};
use crate::Result;

/// Who made a file and when, from the file itself.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileInfo {
    pub file_name: String,
    pub installation_id: String,
    pub installation_name: String,
    pub exported_at: Option<String>,
    pub schema_version: i64,
    pub bytes: u64,
}

/// A checked copy of a colleague's file. The temporary folder goes when this is dropped.
pub struct Incoming {
    _dir: tempfile::TempDir,
    path: PathBuf,
    pub info: FileInfo,
    /// SQLite's `integrity_check` of the copy, running on another thread while the merge
    /// compares rows (it reads every page and index: seconds on a large file).
    integrity: Option<std::thread::JoinHandle<Result<()>>>,
}

/// Bytes copied between two progress reports.
const COPY_CHUNK: u64 = 4 << 20;

impl Incoming {
    /// Copies `source` to a private temporary file next to the local database and checks it.
    /// `on_copied` is told the bytes copied so far (the progress bar); it runs between chunks.
    pub fn prepare(
        local: &Store,
        source: &Path,
        on_copied: &mut dyn FnMut(u64, u64),
    ) -> Result<Incoming> {
        let shown = source.display().to_string();
        let meta = match std::fs::metadata(source) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SyncError::Missing(shown).into())
            }
            Err(e) => return Err(SyncError::Unreadable(shown, e.to_string()).into()),
        };
        if meta.is_dir() {
            return Err(SyncError::Folder(shown).into());
        }
        if is_local_database(local, source) {
            return Err(SyncError::OwnDatabase(shown).into());
        }
        // A live database copied as it was (or a sync client that copied both files) has its
        // newest pages in NAME-wal, or a half-finished transaction's undo in NAME-journal:
        // read them with it, or the newest records would silently be missing.
        let companions: Vec<(PathBuf, std::fs::Metadata, &str)> = ["-wal", "-journal"]
            .into_iter()
            .filter_map(|suffix| {
                let mut name = source.as_os_str().to_owned();
                name.push(suffix);
                let path = PathBuf::from(name);
                let meta = std::fs::metadata(&path)
                    .ok()
                    .filter(|m| m.is_file() && m.len() > 0)?;
                Some((path, meta, suffix))
            })
            .collect();
        if meta.len() == 0 && companions.is_empty() {
            return Err(SyncError::Empty(shown).into());
        }
        let dir = temp_dir_near(local)?;
        let copy = dir.path().join("incoming.peerplan");
        copy_checked(source, &copy, &meta, on_copied)?;
        if !companions.is_empty() {
            for (path, meta, suffix) in &companions {
                let mut name = copy.as_os_str().to_owned();
                name.push(suffix);
                copy_checked(path, Path::new(&name), meta, &mut |_, _| {})?;
            }
            recover_companions(&copy, &shown)?;
        }
        let file_name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone());
        check_header(&copy, &shown)?;
        let version = check_identity_and_schema(&copy, &shown)?;
        let mut integrity = None;
        let path = if version < SCHEMA_VERSION {
            // An older file is checked before it is upgraded.
            check_integrity(&copy, &shown)?;
            let migrated = dir.path().join("migrated.peerplan");
            std::fs::copy(&copy, &migrated)
                .map_err(|e| SyncError::Unreadable(shown.clone(), e.to_string()))?;
            migrate_copy(&migrated, &shown)?;
            migrated
        } else {
            let (path, shown) = (copy.clone(), shown.clone());
            integrity = Some(std::thread::spawn(move || check_integrity(&path, &shown)));
            copy
        };
        let conn = open_untrusted(&path)?;
        let (installation_id, installation_name, exported_at) = conn
            .query_row("SELECT id, name, exported_at FROM installation", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(|_| {
                SyncError::Invalid(
                    shown.clone(),
                    Reason::new("invalid_file.no_installation", "it names no installation"),
                )
            })?;
        let installations: i64 =
            conn.query_row("SELECT count(*) FROM installation", [], |r| r.get(0))?;
        if installations != 1 {
            return Err(SyncError::Invalid(
                shown,
                Reason::new(
                    "invalid_file.installations",
                    format!("it names {installations} installations instead of one"),
                )
                .with("count", installations),
            )
            .into());
        }
        Ok(Incoming {
            _dir: dir,
            path,
            integrity,
            info: FileInfo {
                file_name,
                installation_id,
                installation_name,
                exported_at,
                schema_version: version,
                bytes: meta.len(),
            },
        })
    }

    /// Waits for SQLite's integrity check of the copy: a damaged file is refused here, before
    /// anything is written. Call before trusting what was read from the file.
    pub fn wait_for_integrity(&mut self) -> Result<()> {
        match self.integrity.take() {
            Some(handle) => handle.join().unwrap_or_else(|_| {
                Err(SyncError::Damaged(
                    self.info.file_name.clone(),
                    Reason::new(
                        "damaged.check_unfinished",
                        "the integrity check could not finish",
                    ),
                )
                .into())
            }),
            None => Ok(()),
        }
    }

    /// The checked (and if need be upgraded) private copy.
    pub fn checked_path(&self) -> &Path {
        &self.path
    }

    /// The checked copy, opened read-only with untrusted schema code off, as a store so the
    /// same validation and read models run over it.
    pub fn open(&self) -> Result<Store> {
        Store::over_verified_file(open_untrusted(&self.path)?)
    }
}

fn is_local_database(local: &Store, source: &Path) -> bool {
    let Some(own) = local.path() else {
        return false;
    };
    match (std::fs::canonicalize(own), std::fs::canonicalize(source)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A private folder on the same disk as the local database (or the system's temporary folder
/// for an in-memory store), removed when the merge is over.
pub(crate) fn temp_dir_near(local: &Store) -> Result<tempfile::TempDir> {
    let parent = local
        .path()
        .and_then(|p| p.parent())
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    // A merge that was killed leaves its private copy behind.
    super::remove_leftovers(&parent, ".peerplan-merge-", "");
    tempfile::Builder::new()
        .prefix(".peerplan-merge-")
        .tempdir_in(&parent)
        .map_err(|e| {
            crate::Error::io(
                format!("Cannot create a temporary folder in {}", parent.display()),
                e,
            )
        })
}

/// Copies in chunks, then checks the source is still there with the same size and time: a
/// file that vanished or was rewritten while we read it is refused, to be retried later.
fn copy_checked(
    source: &Path,
    dest: &Path,
    before: &std::fs::Metadata,
    on_copied: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let shown = source.display().to_string();
    let unreadable = |e: std::io::Error| SyncError::Unreadable(shown.clone(), e.to_string());
    let mut input = std::fs::File::open(source).map_err(unreadable)?;
    // (Through a buffer of a chunk's size: where the kernel cannot copy (Windows, macOS),
    // `io::copy` reads into it, a chunk per read, which matters on a network share.)
    let mut output = std::io::BufWriter::with_capacity(
        COPY_CHUNK as usize,
        std::fs::File::create(dest)
            .map_err(|e| crate::Error::io(format!("Cannot write {}", dest.display()), e))?,
    );
    let total = before.len();
    let mut copied = 0u64;
    loop {
        // `io::copy` between two files copies in the kernel (copy_file_range) where it can,
        // without passing every byte through this process.
        let n =
            std::io::copy(&mut (&mut input).take(COPY_CHUNK), &mut output).map_err(|e| match e
                .kind()
            {
                // (One call reads and writes: a full disk is ours, anything else the share's.)
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                    crate::Error::io(format!("Cannot write {}", dest.display()), e)
                }
                _ => SyncError::Unreadable(shown.clone(), e.to_string()).into(),
            })?;
        if n == 0 {
            break;
        }
        copied += n;
        on_copied(copied, total);
    }
    output
        .flush()
        .map_err(|e| crate::Error::io(format!("Cannot write {}", dest.display()), e))?;
    // Not synced to disk: the copy is read by this merge alone and removed after it (a crash
    // leaves it to `remove_leftovers`), so forcing hundreds of megabytes out to disk would
    // cost seconds and protect nothing.
    let after = match std::fs::metadata(source) {
        Ok(m) => m,
        Err(_) => return Err(SyncError::Vanished(shown).into()),
    };
    let modified = |m: &std::fs::Metadata| m.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    if after.len() != before.len() || modified(&after) != modified(before) || copied != total {
        return Err(SyncError::ChangedWhileReading(shown).into());
    }
    Ok(())
}

/// The 100-byte SQLite header: the magic string, a sane page size, and a file at least as long
/// as the page count it announces (a file still being copied to the share is shorter).
fn check_header(copy: &Path, shown: &str) -> Result<()> {
    let mut file = std::fs::File::open(copy)
        .map_err(|e| SyncError::Unreadable(shown.to_string(), e.to_string()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut header = [0u8; 100];
    let read = read_up_to(&mut file, &mut header);
    if read < 16 || &header[..16] != b"SQLite format 3\0" {
        return Err(SyncError::NotSqlite(shown.to_string()).into());
    }
    if read < 100 {
        return Err(SyncError::Truncated {
            file: shown.to_string(),
            have: len,
            expected: None,
        }
        .into());
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n if n >= 512 && n.is_power_of_two() => u64::from(n),
        _ => {
            return Err(SyncError::Damaged(
                shown.to_string(),
                Reason::new("damaged.page_size", "its page size is invalid"),
            )
            .into())
        }
    };
    let change_counter = &header[24..28];
    let valid_for = &header[92..96];
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    let expected = if change_counter == valid_for && pages > 0 {
        pages * page_size
    } else {
        // An old writer did not keep the page count: the length must still be whole pages.
        len.div_ceil(page_size) * page_size
    };
    if len < expected || len % page_size != 0 {
        return Err(SyncError::Truncated {
            file: shown.to_string(),
            have: len,
            expected: Some(expected.max(len.div_ceil(page_size) * page_size)),
        }
        .into());
    }
    // A file written in WAL mode is read as a plain rollback file: our private copy has no
    // -wal beside it, and the read-only open must not need to create one.
    if header[18] == 2 || header[19] == 2 {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(copy)
            .map_err(|e| SyncError::Unreadable(shown.to_string(), e.to_string()))?;
        use std::io::{Seek, SeekFrom};
        f.seek(SeekFrom::Start(18))
            .and_then(|_| f.write_all(&[1, 1]))
            .and_then(|_| f.sync_all())
            .map_err(|e| SyncError::Unreadable(shown.to_string(), e.to_string()))?;
    }
    Ok(())
}

/// Lets SQLite fold a copied `-wal` into the private copy (or roll back a hot `-journal`), then
/// leaves the copy as one plain rollback-journal file. Only SQLite's own recovery runs here:
/// no statement of the file's schema is executed, and the copy is checked like any other after.
fn recover_companions(copy: &Path, shown: &str) -> Result<()> {
    let damaged = |e: rusqlite::Error| {
        SyncError::Damaged(
            shown.to_string(),
            Reason::new(
                "damaged.companions",
                format!("its -wal or -journal file beside it could not be read with it ({e})"),
            )
            .with("reason", &e),
        )
    };
    let conn = Connection::open_with_flags(
        copy,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(damaged)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
        .map_err(damaged)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)
        .map_err(damaged)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)
        .map_err(damaged)?;
    // Reading the header makes SQLite recover; the checkpoint copies every committed page of
    // the -wal into the file, and DELETE mode leaves no -wal to need.
    conn.query_row("PRAGMA schema_version", [], |_| Ok(()))
        .map_err(|_| SyncError::NotSqlite(shown.to_string()))?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(damaged)?;
    conn.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
        .map_err(damaged)?;
    Ok(())
}

fn read_up_to(file: &mut std::fs::File, buffer: &mut [u8]) -> usize {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    filled
}

/// Opens a copy read-only with every way for a file to run its own code turned off:
/// defensive mode, untrusted schema, no triggers, no views.
pub(crate) fn open_untrusted(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.pragma_update(None, "cell_size_check", true)?;
    Ok(conn)
}

/// Application id, schema version and the schema objects. Returns the file's schema version.
fn check_identity_and_schema(copy: &Path, shown: &str) -> Result<i64> {
    let damaged = |e: rusqlite::Error| SyncError::Damaged(shown.to_string(), e.to_string().into());
    let conn = open_untrusted(copy).map_err(|_| SyncError::NotSqlite(shown.to_string()))?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(damaged)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(damaged)?;
    if app_id != APPLICATION_ID {
        return Err(SyncError::OtherApplication(shown.to_string()).into());
    }
    if version > SCHEMA_VERSION {
        return Err(crate::Error::NewerSchema {
            path: PathBuf::from(shown),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < 1 {
        return Err(SyncError::Invalid(
            shown.to_string(),
            Reason::new("invalid_file.no_schema", "it has no PeerPlan schema"),
        )
        .into());
    }
    let found = schema_objects(&conn).map_err(damaged)?;
    let expected = expected_schema(version)?;
    if let Some((kind, name, _)) = found.difference(&expected).next() {
        return Err(SyncError::ForeignSchema {
            file: shown.to_string(),
            kind: kind.clone(),
            name: name.clone(),
        }
        .into());
    }
    if let Some((kind, name, _)) = expected.difference(&found).next() {
        return Err(SyncError::Invalid(
            shown.to_string(),
            Reason::new(
                "invalid_file.schema_altered",
                format!("its {kind} '{name}' is missing or altered"),
            )
            .with("kind", kind)
            .with("name", name),
        )
        .into());
    }
    Ok(version)
}

/// SQLite's `integrity_check` (every page, every index against its table).
fn check_integrity(copy: &Path, shown: &str) -> Result<()> {
    let damaged = |e: rusqlite::Error| SyncError::Damaged(shown.to_string(), e.to_string().into());
    let conn = open_untrusted(copy).map_err(|_| SyncError::NotSqlite(shown.to_string()))?;
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check(5)").map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(damaged)?;
    for line in rows {
        let line = line.map_err(damaged)?;
        if line != "ok" {
            problems.push(line);
        }
    }
    if !problems.is_empty() {
        return Err(SyncError::Damaged(
            shown.to_string(),
            Reason::new(
                "damaged.integrity",
                format!("SQLite's integrity check found: {}", problems.join("; ")),
            )
            .with("problems", problems.join("; ")),
        )
        .into());
    }
    Ok(())
}

type SchemaObject = (String, String, String);

fn schema_objects(conn: &Connection) -> rusqlite::Result<BTreeSet<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// The schema objects PeerPlan's own migrations create up to `version`.
fn expected_schema(version: i64) -> Result<BTreeSet<SchemaObject>> {
    let mut conn = Connection::open_in_memory()?;
    crate::store::migrations()
        .to_version(&mut conn, usize::try_from(version).unwrap_or(0))
        .map_err(|e| crate::Error::Migration(e.to_string()))?;
    Ok(schema_objects(&conn)?)
}

/// Brings a private copy from an older PeerPlan to this schema with the same migrations the
/// local database went through. The copy was checked to hold only PeerPlan's own schema.
fn migrate_copy(path: &Path, shown: &str) -> Result<()> {
    let mut conn = Connection::open(path)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    crate::store::migrations()
        .to_latest(&mut conn)
        .map_err(|e| {
            SyncError::Invalid(
                shown.to_string(),
                Reason::new(
                    "invalid_file.upgrade",
                    format!("it could not be upgraded: {e}"),
                )
                .with("reason", &e),
            )
        })?;
    Ok(())
}
