//! The state every command shares: the open store and where it lives.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use peerplan_core::Store;

use crate::error::CommandError;

/// Managed by Tauri (`app.manage`); commands take it as `tauri::State<'_, AppState>`.
pub struct AppState {
    /// The one connection to the database. Commands reach it only through [`with_store`],
    /// which runs the work on a blocking thread, never on the UI thread.
    pub store: Arc<Mutex<Store>>,
    /// A read-only connection to the same file for the pages' reads ([`with_reader`]): they
    /// answer while a merge or a sync holds the writer, from the last committed data.
    pub reader: Arc<Mutex<Store>>,
    /// The folder that holds the database (and its backups and exports).
    pub data_dir: PathBuf,
    /// The database file itself, `data_dir/peerplan.sqlite3`.
    pub database_path: PathBuf,
}

impl AppState {
    pub fn new(store: Store, reader: Store, data_dir: PathBuf, database_path: PathBuf) -> Self {
        crate::error::word_core_messages_in_the_app_language();
        AppState {
            store: Arc::new(Mutex::new(store)),
            reader: Arc::new(Mutex::new(reader)),
            data_dir,
            database_path,
        }
    }
}

/// Runs `f` with the store on Tokio's blocking pool and maps its error for the UI.
///
/// Calls are serialised by the store's mutex. If an earlier call panicked while holding it,
/// the store is used anyway: every write runs in an SQLite transaction, which rolled back when
/// the panic unwound, so the connection is in a consistent state.
pub async fn with_store<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Store) -> peerplan_core::Result<T> + Send + 'static,
) -> Result<T, CommandError> {
    run_on(Arc::clone(&state.store), f).await
}

/// Runs a read `f` on the read-only connection, on Tokio's blocking pool: it does not wait
/// for a merge, a sync or a save holding the writer, and sees what they last committed.
pub async fn with_reader<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Store) -> peerplan_core::Result<T> + Send + 'static,
) -> Result<T, CommandError> {
    run_on(Arc::clone(&state.reader), f).await
}

async fn run_on<T: Send + 'static>(
    store: Arc<Mutex<Store>>,
    f: impl FnOnce(&mut Store) -> peerplan_core::Result<T> + Send + 'static,
) -> Result<T, CommandError> {
    let joined = tauri::async_runtime::spawn_blocking(move || {
        let mut guard = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard)
    })
    .await;
    match joined {
        Ok(result) => result.map_err(CommandError::from),
        Err(error) => Err(CommandError::internal(format!(
            "PeerPlan could not finish the operation: {error}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().unwrap();
        let database_path = dir.path().join(peerplan_core::paths::DATABASE_FILE_NAME);
        let store = Store::open(&database_path).unwrap();
        let reader = Store::open_read_only(&database_path).unwrap();
        let state = AppState::new(store, reader, dir.path().to_path_buf(), database_path);
        (dir, state)
    }

    #[test]
    fn with_store_returns_the_closures_value_and_maps_its_error() {
        let (_dir, state) = state();
        tauri::async_runtime::block_on(async {
            let value = with_store(&state, |_store| Ok(41 + 1)).await.unwrap();
            assert_eq!(value, 42);

            let error = with_store(&state, |_store| -> peerplan_core::Result<()> {
                Err(peerplan_core::Error::Conflict("someone else".into()))
            })
            .await
            .unwrap_err();
            assert_eq!(error.code, "conflict");
        });
    }

    #[test]
    fn with_store_survives_a_panicking_closure() {
        let (_dir, state) = state();
        tauri::async_runtime::block_on(async {
            let error = with_store(&state, |_store| -> peerplan_core::Result<()> {
                panic!("a bug in a command")
            })
            .await
            .unwrap_err();
            assert_eq!(error.code, "internal");
            // The mutex is poisoned now; the next command still runs.
            assert_eq!(with_store(&state, |_store| Ok("ok")).await.unwrap(), "ok");
        });
    }

    /// A page's read answers while the writer is held (a long merge), from what the writer
    /// last committed; and it sees a save at once.
    #[test]
    fn a_read_does_not_wait_for_the_writer_and_sees_its_commits() {
        let (_dir, state) = state();
        tauri::async_runtime::block_on(async {
            with_store(&state, |s| {
                s.save_person(
                    None,
                    peerplan_core::model::PersonData {
                        name: "Amina Diallo".into(),
                        ..Default::default()
                    },
                )
                .map(|_| ())
            })
            .await
            .unwrap();
            // Another thread holds the writer for the whole read (were the read to wait for
            // it, this would never finish).
            let writer = Arc::clone(&state.store);
            let (held, holding) = std::sync::mpsc::channel();
            let (release, released) = std::sync::mpsc::channel::<()>();
            let holder = std::thread::spawn(move || {
                let _guard = writer.lock().unwrap();
                held.send(()).unwrap();
                released.recv().unwrap();
            });
            holding.recv().unwrap();
            let people = with_reader(&state, |s| {
                Ok(peerplan_core::queries::counts(s.conn())?.people)
            })
            .await
            .unwrap();
            release.send(()).unwrap();
            holder.join().unwrap();
            assert_eq!(people, 1);
        });
    }
}
