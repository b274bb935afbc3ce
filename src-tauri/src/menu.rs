//! The native menu bar. Items that the UI acts on are sent to it as a `menu` event whose payload
//! is the item's id (see [`ids`]); the UI listens with
//! `window.__TAURI__.event.listen("menu", e => …e.payload…)`. Quit, undo and redo are handled
//! here in Rust.

use tauri::menu::{Menu, MenuBuilder, MenuEvent, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The name of the frontend event that carries a menu item's id.
pub const MENU_EVENT: &str = "menu";

/// The ids of the menu items, which are also the payloads of the `menu` event.
pub mod ids {
    pub const NEW_PARTNERSHIP: &str = "new_partnership";
    pub const PRINT: &str = "print";
    pub const EXPORT_DATABASE: &str = "export_database";
    pub const MERGE_FILE: &str = "merge_file";
    pub const SYNC_NOW: &str = "sync_now";
    pub const QUIT: &str = "quit";
    pub const UNDO: &str = "undo";
    pub const REDO: &str = "redo";
    pub const FIND: &str = "find";
    pub const GO_PARTNERSHIPS: &str = "go:partnerships";
    pub const GO_EXCHANGES: &str = "go:exchanges";
    pub const GO_PEOPLE: &str = "go:people";
    pub const GO_SETTINGS: &str = "go:settings";
    pub const ABOUT: &str = "about";
}

/// Builds the menu bar (File, Edit, View, Help) in the app's language; rebuilt when the
/// officer chooses another language in Settings.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let lang = crate::language::current();
    let words = |key: &str| peerplan_i18n::t(lang, key, &[]);
    let item = |id: &str, key: &str, accelerator: Option<&str>| {
        let builder = MenuItemBuilder::with_id(id, words(key));
        match accelerator {
            Some(accelerator) => builder.accelerator(accelerator),
            None => builder,
        }
        .build(app)
    };

    let file = SubmenuBuilder::new(app, words("menu.file"))
        .item(&item(
            ids::NEW_PARTNERSHIP,
            "menu.new_partnership",
            Some("CmdOrCtrl+N"),
        )?)
        .separator()
        .item(&item(ids::EXPORT_DATABASE, "menu.export_database", None)?)
        .item(&item(ids::MERGE_FILE, "menu.merge_file", None)?)
        .item(&item(ids::SYNC_NOW, "menu.sync_now", None)?)
        .separator()
        .item(&item(ids::PRINT, "menu.print", Some("CmdOrCtrl+P"))?)
        .separator()
        .item(&item(ids::QUIT, "menu.quit", Some("CmdOrCtrl+Q"))?)
        .build()?;

    let mut edit = SubmenuBuilder::new(app, words("menu.edit"));
    if cfg!(target_os = "macos") {
        // On macOS the predefined items are what make the shortcuts work in a webview at all.
        edit = edit
            .undo_with_text(strip_mnemonic(&words("menu.undo")))
            .redo_with_text(strip_mnemonic(&words("menu.redo")));
    } else {
        // GTK and Windows have no working predefined undo/redo (muda renders them disabled),
        // and WebKitGTK does not undo on Ctrl+Z by itself: these items run the editing
        // command in the focused field (see `handle_event`), from the menu or the keyboard.
        edit = edit
            .item(&item(ids::UNDO, "menu.undo", Some("CmdOrCtrl+Z"))?)
            .item(&item(ids::REDO, "menu.redo", Some("CmdOrCtrl+Shift+Z"))?);
    }
    let edit = edit
        .separator()
        .cut_with_text(words("menu.cut"))
        .copy_with_text(words("menu.copy"))
        .paste_with_text(words("menu.paste"))
        .select_all_with_text(words("menu.select_all"))
        .separator()
        .item(&item(ids::FIND, "menu.find", Some("CmdOrCtrl+F"))?)
        .build()?;

    let view = SubmenuBuilder::new(app, words("menu.view"))
        .item(&item(
            ids::GO_PARTNERSHIPS,
            "menu.partnerships",
            Some("CmdOrCtrl+1"),
        )?)
        .item(&item(
            ids::GO_EXCHANGES,
            "menu.exchanges",
            Some("CmdOrCtrl+2"),
        )?)
        .item(&item(ids::GO_PEOPLE, "menu.people", Some("CmdOrCtrl+3"))?)
        .separator()
        .item(&item(
            ids::GO_SETTINGS,
            "menu.settings",
            Some("CmdOrCtrl+,"),
        )?)
        .build()?;

    let help = SubmenuBuilder::new(app, words("menu.help"))
        .item(&item(ids::ABOUT, "menu.about", None)?)
        .build()?;

    let mut menu = MenuBuilder::new(app);
    if cfg!(target_os = "macos") {
        // macOS shows the first submenu under the app's name.
        let app_menu = SubmenuBuilder::new(app, "PeerPlan")
            .item(&item("about_app", "menu.about_app", None)?)
            .separator()
            .services_with_text(words("menu.services"))
            .separator()
            .hide_with_text(words("menu.hide"))
            .hide_others_with_text(words("menu.hide_others"))
            .show_all_with_text(words("menu.show_all"))
            .separator()
            .item(&item("quit_app", "menu.quit_app", None)?)
            .build()?;
        menu = menu.item(&app_menu);
    }
    menu.items(&[&file, &edit, &view, &help]).build()
}

/// A label without its access-key marker ("&Undo" → "Undo"), for macOS's own items.
fn strip_mnemonic(text: &str) -> String {
    text.replacen('&', "", 1)
}

/// What a menu item does when chosen.
pub fn handle_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    match id {
        ids::QUIT | "quit_app" => quit(app),
        ids::UNDO | ids::REDO => {
            if let Some(window) = focused_window(app) {
                let script = format!("document.execCommand({id:?})");
                if let Err(error) = window.eval(script) {
                    eprintln!("peerplan: menu {id}: {error}");
                }
            }
        }
        "about_app" => emit(app, ids::ABOUT),
        _ => emit(app, id),
    }
}

fn emit<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if let Err(error) = app.emit(MENU_EVENT, id) {
        eprintln!("peerplan: could not send the menu event {id}: {error}");
    }
}

/// Closes every window, as their close buttons would; the app exits when the last one is gone
/// (and the window-state plugin saves their sizes and positions on the way).
fn quit<R: Runtime>(app: &AppHandle<R>) {
    for window in app.webview_windows().into_values() {
        if let Err(error) = window.close() {
            eprintln!(
                "peerplan: could not close window {}: {error}",
                window.label()
            );
        }
    }
}

fn focused_window<R: Runtime>(app: &AppHandle<R>) -> Option<tauri::WebviewWindow<R>> {
    let windows = app.webview_windows();
    windows
        .values()
        .find(|w| w.is_focused().unwrap_or(false))
        .or_else(|| windows.get("main"))
        .cloned()
}
