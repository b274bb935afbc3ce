//! PeerPlan's desktop shell: a Tauri window over the UI in `ui/`, the native menu, printing,
//! and the commands that give the UI the store in `peerplan-core` (docs/IPC.md).
//!
//! At start the shell finds its data folder — `--data-dir PATH` on the command line, else
//! `PEERPLAN_DATA_DIR`, else the platform's app-data folder — creates it, and opens (creating
//! and migrating if needed) `peerplan.sqlite3` in it. If that fails it says why in a native
//! dialog and exits with status 1; it never opens a window onto a store it does not have.
//!
//! A file named on the command line (`peerplan-app jon.peerplan`, what opening a `.peerplan`
//! file runs) opens the window on that file's merge preview; see `open_file`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use tauri::{App, AppHandle, Manager, Runtime, WebviewWindowBuilder};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

mod commands;
pub mod error;
mod exports;
mod imports;
pub mod language;
mod menu;
mod open_file;
mod print;
mod sidecar;
pub mod state;
mod sync;

use state::AppState;

/// The command-line option that chooses the data folder.
pub const DATA_DIR_ARG: &str = "--data-dir";
/// The environment variable that chooses the data folder when the option is absent.
pub const DATA_DIR_ENV: &str = "PEERPLAN_DATA_DIR";
/// The label of the app's one window (and of its entry in tauri.conf.json).
pub const MAIN_WINDOW: &str = "main";

/// Where this run keeps its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLocation {
    pub data_dir: PathBuf,
    /// True when `--data-dir` or `PEERPLAN_DATA_DIR` chose the folder rather than the platform
    /// default. Such a run is independent of the user's usual one: it does not take part in
    /// the single-instance check and keeps its window state in its own folder.
    pub chosen: bool,
}

impl DataLocation {
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join(peerplan_core::paths::DATABASE_FILE_NAME)
    }

    /// The data folder for this process's arguments and environment.
    pub fn from_env() -> Result<DataLocation, String> {
        let default = || {
            // The core's default also reads PEERPLAN_DATA_DIR; that was looked at first.
            peerplan_core::paths::default_data_dir()
        };
        DataLocation::resolve(std::env::args_os(), std::env::var_os(DATA_DIR_ENV), default)
    }

    /// `--data-dir PATH` or `--data-dir=PATH` in `args` (the first is the program and is
    /// skipped), else `env` when not empty, else `default()`. Relative paths are taken from
    /// the current folder. Other arguments are ignored: WebDriver and desktop launchers may add
    /// their own.
    pub fn resolve(
        args: impl IntoIterator<Item = OsString>,
        env: Option<OsString>,
        default: impl FnOnce() -> Option<PathBuf>,
    ) -> Result<DataLocation, String> {
        let mut chosen: Option<OsString> = None;
        let mut args = args.into_iter().skip(1);
        while let Some(arg) = args.next() {
            if arg == DATA_DIR_ARG {
                match args.next() {
                    Some(value) => chosen = Some(value),
                    None => return Err(format!("{DATA_DIR_ARG} needs a folder after it")),
                }
            } else if let Some(value) = arg
                .to_str()
                .and_then(|a| a.strip_prefix(DATA_DIR_ARG))
                .and_then(|rest| rest.strip_prefix('='))
            {
                chosen = Some(value.into());
            }
        }
        if let Some(value) = &chosen {
            if value.is_empty() {
                return Err(format!("{DATA_DIR_ARG} needs a folder, not an empty name"));
            }
        }
        let (dir, is_chosen) = match chosen.or(env.filter(|v| !v.is_empty())) {
            Some(dir) => (PathBuf::from(dir), true),
            None => match default() {
                Some(dir) => (dir, false),
                None => {
                    return Err(format!(
                        "PeerPlan could not find a folder for its data on this computer. Start \
                         it with {DATA_DIR_ARG} FOLDER or set {DATA_DIR_ENV}."
                    ))
                }
            },
        };
        let data_dir = std::path::absolute(&dir)
            .map_err(|e| format!("The data folder {} is not usable: {e}", dir.display()))?;
        Ok(DataLocation {
            data_dir,
            chosen: is_chosen,
        })
    }
}

/// Creates the data folder and opens the store in it.
pub fn open_data(location: &DataLocation) -> Result<AppState, String> {
    let data_dir = &location.data_dir;
    std::fs::create_dir_all(data_dir).map_err(|e| {
        format!(
            "PeerPlan could not create its data folder\n{}\n\n{e}",
            data_dir.display()
        )
    })?;
    let database_path = location.database_path();
    let store = peerplan_core::Store::open(&database_path).map_err(|e| {
        format!(
            "PeerPlan could not open its database\n{}\n\n{e}",
            database_path.display()
        )
    })?;
    let reader = peerplan_core::Store::open_read_only(&database_path).map_err(|e| {
        format!(
            "PeerPlan could not open its database\n{}\n\n{e}",
            database_path.display()
        )
    })?;
    Ok(AppState::new(
        store,
        reader,
        data_dir.clone(),
        database_path,
    ))
}

/// Starts the desktop app and returns when it has exited.
pub fn run() {
    // Without a graphical session GTK cannot start and Tauri would panic with a backtrace;
    // say it in words instead (e.g. when started over SSH or from a service).
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "peerplan: PeerPlan needs a graphical desktop, and neither DISPLAY nor WAYLAND_DISPLAY is set. \
             Start it from your desktop session, or use the `peerplan` command-line tool."
        );
        std::process::exit(1);
    }
    let location = DataLocation::from_env();
    let cwd = std::env::current_dir().unwrap_or_default();
    let open_at_start = open_file::file_to_open(std::env::args_os(), &cwd);
    // Before the menu is built: it is worded in the officer's language.
    language::init(location.as_ref().ok().map(|l| l.data_dir.as_path()));

    let mut builder = tauri::Builder::default();
    let chosen_dir = location.as_ref().ok().filter(|l| l.chosen);
    if chosen_dir.is_none() {
        // Must be the first plugin: a second launch hands over its arguments and exits here.
        // The running instance comes to the front, on the merge preview of a file it was
        // handed (opening a .peerplan file while PeerPlan runs).
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            show_main_window(app);
            let args = args.into_iter().map(OsString::from);
            if let Some(file) = open_file::file_to_open(args, Path::new(&cwd)) {
                open_file::open(app, file);
            }
        }));
    }
    let mut window_state = tauri_plugin_window_state::Builder::new();
    if let Some(location) = chosen_dir {
        // An absolute file name replaces the plugin's default folder (the user's config).
        window_state = window_state.with_filename(
            location
                .data_dir
                .join("window-state.json")
                .to_string_lossy()
                .into_owned(),
        );
    }

    let result = builder
        .plugin(window_state.build())
        .plugin(tauri_plugin_dialog::init())
        .menu(menu::build)
        .on_menu_event(menu::handle_event)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::startup_mark,
            commands::enums,
            language::get_language,
            language::set_language,
            commands::read_date,
            commands::read_time,
            commands::text_limits,
            commands::set_attendance,
            commands::venue_zone,
            commands::list_countries,
            commands::list_partnerships,
            commands::get_partnership,
            commands::save_partnership,
            commands::set_partnership_archived,
            commands::delete_partnership,
            commands::save_member,
            commands::delete_member,
            commands::save_goal,
            commands::delete_goal,
            commands::list_exchanges,
            commands::get_exchange,
            commands::save_exchange,
            commands::delete_exchange,
            commands::save_participant,
            commands::delete_participant,
            commands::list_people,
            commands::get_person,
            commands::save_person,
            commands::delete_person,
            commands::search,
            commands::get_settings,
            commands::set_installation_name,
            commands::save_settings,
            commands::load_example_data,
            commands::save_follow_up_action,
            commands::delete_follow_up_action,
            commands::save_contact,
            commands::delete_contact,
            commands::save_reflection_answer,
            commands::delete_reflection_answer,
            commands::save_learning_entry,
            commands::delete_learning_entry,
            commands::get_follow_up,
            commands::follow_up_dashboard,
            commands::reflection_questions,
            commands::get_signal_norms,
            commands::save_signal_norms,
            commands::get_agenda,
            commands::get_agenda_document,
            commands::save_agenda_day,
            commands::delete_agenda_day,
            commands::save_agenda_session,
            commands::delete_agenda_session,
            commands::duplicate_agenda_session,
            commands::move_agenda_session,
            commands::save_agenda_settings,
            commands::list_agenda_templates,
            commands::save_agenda_as_template,
            commands::delete_agenda_template,
            commands::apply_agenda_template,
            commands::list_currencies,
            commands::get_exchange_costs,
            commands::save_cost_line,
            commands::save_cost_lines,
            commands::delete_cost_line,
            commands::estimate_from_delegation,
            commands::set_budget_rate,
            commands::get_budget,
            commands::list_funders,
            commands::get_rates,
            commands::set_reporting_currency,
            commands::save_exchange_rate,
            commands::delete_exchange_rate,
            commands::save_rate_table_entry,
            commands::delete_rate_table_entry,
            exports::save_costs_export,
            imports::read_import_file,
            imports::read_pasted_list,
            imports::preview_import,
            imports::run_import,
            imports::save_list_export,
            exports::save_summary_pdf,
            exports::save_reminders_ics,
            exports::save_agenda_export,
            print::print_page,
            print::print_to_pdf,
            sync::export_database,
            sync::choose_merge_file,
            sync::choose_sync_folder,
            sync::merge_file,
            sync::cancel_sync,
            sync::sync_status,
            sync::set_sync_folder,
            sync::sync_now,
            sync::list_conflicts,
            sync::resolve_conflict,
            sync::answered_conflicts,
            sync::restore_backup,
        ])
        .setup(move |app| {
            setup(app, location, open_at_start);
            Ok(())
        })
        .build(tauri::generate_context!());
    match result {
        Ok(app) => app.run(|app, event| match event {
            tauri::RunEvent::Exit => checkpoint_on_exit(app),
            // macOS hands files opened in the Finder to the running app as an event, not as
            // arguments.
            #[cfg(target_os = "macos")]
            tauri::RunEvent::Opened { urls } => {
                for file in urls.iter().filter_map(|url| url.to_file_path().ok()) {
                    show_main_window(app);
                    open_file::open(app, file);
                }
            }
            _ => {}
        }),
        Err(error) => {
            eprintln!("peerplan: the desktop app failed: {error}");
            std::process::exit(1);
        }
    }
}

/// Tauri ends the process without dropping the store, so SQLite never gets to fold its
/// write-ahead log back into the database file. Do it here: then `peerplan.sqlite3` alone is
/// complete, for an officer who copies it by hand. Waits for a command still writing.
fn checkpoint_on_exit<R: Runtime>(app: &AppHandle<R>) {
    if let Some(state) = app.try_state::<AppState>() {
        let store = state.store.lock().unwrap_or_else(|p| p.into_inner());
        if let Err(error) = store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        {
            eprintln!("peerplan: could not checkpoint the database at exit: {error}");
        }
    }
}

fn setup(app: &mut App, location: Result<DataLocation, String>, open_at_start: Option<PathBuf>) {
    let opened = location.and_then(|location| open_data(&location));
    match opened.and_then(|state| {
        app.manage(state);
        app.manage(sync::CancelFlag::default());
        create_main_window(app, open_at_start.as_deref())
    }) {
        Ok(()) => {}
        Err(message) => fail_to_start(app.handle(), &message),
    }
}

/// Builds the main window from its entry in tauri.conf.json (which has `"create": false`, so
/// that no window opens before the store does); on the merge preview of `open_at_start` when
/// PeerPlan was started to open a file.
fn create_main_window(app: &App, open_at_start: Option<&Path>) -> Result<(), String> {
    let mut config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN_WINDOW)
        .cloned()
        .ok_or_else(|| format!("tauri.conf.json has no window labelled {MAIN_WINDOW}"))?;
    if let Some(file) = open_at_start {
        config.url = tauri::WebviewUrl::App(open_file::start_url(file).into());
    }
    let window = WebviewWindowBuilder::from_config(app.handle(), &config)
        .and_then(|builder| builder.build())
        .map_err(|e| format!("PeerPlan could not open its window: {e}"))?;
    fit_to_screen(&window, config.width, config.height);
    Ok(())
}

/// Room left for the title bar (the work area excludes task bars and docks, not the window's
/// own frame).
const TITLE_BAR: f64 = 40.0;

/// Shrinks the window to the screen's work area when the configured size does not fit (a
/// 1366×768 laptop less its task bar), so its bottom and its buttons are never off screen.
fn fit_to_screen<R: Runtime>(window: &tauri::WebviewWindow<R>, width: f64, height: f64) {
    let Ok(Some(monitor)) = window.current_monitor() else {
        return;
    };
    let scale = monitor.scale_factor();
    let area = monitor.work_area().size.to_logical::<f64>(scale);
    let fitted =
        tauri::LogicalSize::new(width.min(area.width), height.min(area.height - TITLE_BAR));
    if fitted.width < width || fitted.height < height {
        let _ = window.set_size(fitted);
        let _ = window.center();
    }
}

/// Says why PeerPlan cannot start, in a native dialog, then exits with status 1.
fn fail_to_start<R: Runtime>(app: &AppHandle<R>, message: &str) {
    eprintln!("peerplan: {message}");
    let handle = app.clone();
    app.dialog()
        .message(message)
        .title(language::word("dialog.cannot_start"))
        .kind(MessageDialogKind::Error)
        .buttons(MessageDialogButtons::Ok)
        .show(move |_| handle.exit(1));
}

/// Brings the main window to the front (a second launch of the app asks for this).
fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("peerplan-app")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    fn default_dir() -> Option<PathBuf> {
        Some(PathBuf::from("/home/officer/.local/share/peerplan"))
    }

    #[test]
    fn the_argument_wins_over_the_environment_and_the_default() {
        let location = DataLocation::resolve(
            args(&["--data-dir", "/tmp/a"]),
            Some("/tmp/b".into()),
            default_dir,
        )
        .unwrap();
        assert_eq!(location.data_dir, PathBuf::from("/tmp/a"));
        assert!(location.chosen);

        let location =
            DataLocation::resolve(args(&["--data-dir=/tmp/c"]), None, default_dir).unwrap();
        assert_eq!(location.data_dir, PathBuf::from("/tmp/c"));
        assert_eq!(
            location.database_path(),
            PathBuf::from("/tmp/c/peerplan.sqlite3")
        );
    }

    #[test]
    fn the_environment_wins_over_the_default_unless_empty() {
        let location =
            DataLocation::resolve(args(&[]), Some("/tmp/b".into()), default_dir).unwrap();
        assert_eq!(location.data_dir, PathBuf::from("/tmp/b"));
        assert!(location.chosen);

        let location = DataLocation::resolve(args(&[]), Some("".into()), default_dir).unwrap();
        assert_eq!(location.data_dir, default_dir().unwrap());
        assert!(!location.chosen);
    }

    #[test]
    fn other_arguments_are_ignored_and_relative_paths_are_made_absolute() {
        let location = DataLocation::resolve(
            args(&["--automation", "--data-dir", "rel/dir", "extra"]),
            None,
            default_dir,
        )
        .unwrap();
        assert!(location.data_dir.is_absolute());
        assert!(location.data_dir.ends_with("rel/dir"));
    }

    #[test]
    fn a_missing_or_empty_folder_is_an_error_that_says_what_to_do() {
        let error = DataLocation::resolve(args(&["--data-dir"]), None, default_dir).unwrap_err();
        assert!(error.contains("--data-dir"), "{error}");
        let error = DataLocation::resolve(args(&["--data-dir="]), None, default_dir).unwrap_err();
        assert!(error.contains("empty"), "{error}");
        let error = DataLocation::resolve(args(&[]), None, || None).unwrap_err();
        assert!(error.contains("PEERPLAN_DATA_DIR"), "{error}");
    }

    #[test]
    fn open_data_creates_the_folder_and_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let location = DataLocation {
            data_dir: dir.path().join("nested/data"),
            chosen: true,
        };
        let state = open_data(&location).unwrap();
        assert!(state.database_path.is_file());
        assert_eq!(state.database_path, location.database_path());
    }

    #[test]
    fn open_data_refuses_a_file_that_is_not_a_peerplan_database() {
        let dir = tempfile::tempdir().unwrap();
        let location = DataLocation {
            data_dir: dir.path().to_path_buf(),
            chosen: true,
        };
        std::fs::write(
            location.database_path(),
            b"not a database, just some text\n",
        )
        .unwrap();
        let error = open_data(&location).err().unwrap();
        assert!(error.contains("could not open its database"), "{error}");
    }
}
