//! The language of the app's screens, menus and messages: the officer's choice (Settings ›
//! Language, kept in the data folder's `language` file, so it belongs to this laptop and is
//! never merged into colleagues' files), else the operating system's language, else English.
//!
//! Held process-wide: the menu bar, every command's error message and the enum labels are
//! worded in it, and choosing another language rebuilds the menu at once.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use peerplan_i18n::Lang;
use serde::Serialize;
use tauri::AppHandle;

use crate::error::CommandError;

/// The file, in the data folder, that holds the officer's choice ("fr").
pub const LANGUAGE_FILE: &str = "language";

static CURRENT: AtomicU8 = AtomicU8::new(0);
static CHOICE_FILE: OnceLock<PathBuf> = OnceLock::new();

fn to_u8(lang: Lang) -> u8 {
    match lang {
        Lang::En => 0,
        Lang::Fr => 1,
        Lang::Es => 2,
    }
}

/// The language the app speaks now.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Fr,
        2 => Lang::Es,
        _ => Lang::En,
    }
}

fn set_current(lang: Lang) {
    CURRENT.store(to_u8(lang), Ordering::Relaxed);
    // Member and country labels in read models name countries in the same language.
    peerplan_core::countries::set_display_language(lang.code());
}

/// The operating system's language, when PeerPlan speaks it (what the `os` plugin reports:
/// the user's locale on Windows and macOS, `LC_ALL`/`LC_MESSAGES`/`LANG` on Linux).
pub fn system() -> Option<Lang> {
    sys_locale::get_locales().find_map(|locale| Lang::parse(&locale))
}

/// The officer's saved choice in `data_dir`, if any.
fn saved_choice(data_dir: &Path) -> Option<Lang> {
    let text = std::fs::read_to_string(data_dir.join(LANGUAGE_FILE)).ok()?;
    Lang::parse(&text)
}

/// Decides the language at start-up (before the menu is built).
pub fn init(data_dir: Option<&Path>) {
    if let Some(dir) = data_dir {
        let _ = CHOICE_FILE.set(dir.join(LANGUAGE_FILE));
    }
    let chosen = data_dir.and_then(saved_choice);
    set_current(chosen.or_else(system).unwrap_or_default());
}

/// A message without parameters in the app's language (dialog titles, menu words).
pub fn word(key: &str) -> String {
    peerplan_i18n::t(current(), key, &[])
}

/// A message with parameters in the app's language.
pub fn word_with(key: &str, args: &[(&str, String)]) -> String {
    peerplan_i18n::t(current(), key, args)
}

/// What `get_language` resolves to.
#[derive(Debug, Serialize)]
pub struct LanguageInfo {
    /// The language of the screens now ("fr").
    pub language: &'static str,
    /// The operating system's language when PeerPlan speaks it.
    pub system: Option<&'static str>,
    /// Whether the officer chose it in Settings (else it follows the system).
    pub chosen: bool,
    /// Every language, as `[code, its own name]`.
    pub available: Vec<(&'static str, &'static str)>,
}

#[tauri::command]
pub fn get_language() -> LanguageInfo {
    LanguageInfo {
        language: current().code(),
        system: system().map(Lang::code),
        chosen: CHOICE_FILE
            .get()
            .and_then(|file| file.parent())
            .and_then(saved_choice)
            .is_some(),
        available: Lang::ALL
            .iter()
            .map(|l| (l.code(), l.native_name()))
            .collect(),
    }
}

/// Chooses the language of the app: saved for the next start, and the menu bar rebuilt in it
/// now (the UI reloads its own words).
#[tauri::command]
pub fn set_language(app: AppHandle, language: String) -> Result<&'static str, CommandError> {
    let lang = Lang::parse(&language).ok_or_else(|| {
        CommandError::with_field(
            "invalid",
            "language",
            peerplan_i18n::t(
                current(),
                "settings.language.unknown",
                &[("value", language.clone())],
            ),
        )
    })?;
    if let Some(file) = CHOICE_FILE.get() {
        write_choice(file, lang).map_err(|e| {
            CommandError::new(
                "io",
                peerplan_i18n::t(
                    current(),
                    "settings.language.not_saved",
                    &[
                        ("path", file.display().to_string()),
                        ("reason", e.to_string()),
                    ],
                ),
            )
        })?;
    }
    set_current(lang);
    match crate::menu::build(&app) {
        Ok(menu) => {
            if let Err(error) = app.set_menu(menu) {
                eprintln!("peerplan: could not rebuild the menu in {lang}: {error}");
            }
        }
        Err(error) => eprintln!("peerplan: could not rebuild the menu in {lang}: {error}"),
    }
    Ok(lang.code())
}

/// Writes the choice under a temporary name and renames it into place.
fn write_choice(file: &Path, lang: Lang) -> std::io::Result<()> {
    let temp = file.with_extension("tmp");
    std::fs::write(&temp, lang.code())?;
    std::fs::rename(&temp, file)
}
