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

/// Builds the menu bar: File, Edit, View, Help.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item = |id: &str, text: &str, accelerator: Option<&str>| {
        let builder = MenuItemBuilder::with_id(id, text);
        match accelerator {
            Some(accelerator) => builder.accelerator(accelerator),
            None => builder,
        }
        .build(app)
    };

    let file = SubmenuBuilder::new(app, "&File")
        .item(&item(
            ids::NEW_PARTNERSHIP,
            "&New partnership",
            Some("CmdOrCtrl+N"),
        )?)
        .separator()
        .item(&item(ids::EXPORT_DATABASE, "&Export database…", None)?)
        .item(&item(ids::MERGE_FILE, "&Merge a colleague's file…", None)?)
        .item(&item(ids::SYNC_NOW, "S&ync now", None)?)
        .separator()
        .item(&item(ids::PRINT, "&Print…", Some("CmdOrCtrl+P"))?)
        .separator()
        .item(&item(ids::QUIT, "&Quit", Some("CmdOrCtrl+Q"))?)
        .build()?;

    let mut edit = SubmenuBuilder::new(app, "&Edit");
    if cfg!(target_os = "macos") {
        // On macOS the predefined items are what make the shortcuts work in a webview at all.
        edit = edit.undo().redo();
    } else {
        // GTK and Windows have no working predefined undo/redo (muda renders them disabled),
        // and WebKitGTK does not undo on Ctrl+Z by itself: these items run the editing
        // command in the focused field (see `handle_event`), from the menu or the keyboard.
        edit = edit
            .item(&item(ids::UNDO, "&Undo", Some("CmdOrCtrl+Z"))?)
            .item(&item(ids::REDO, "&Redo", Some("CmdOrCtrl+Shift+Z"))?);
    }
    let edit = edit
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .separator()
        .item(&item(ids::FIND, "&Find…", Some("CmdOrCtrl+F"))?)
        .build()?;

    let view = SubmenuBuilder::new(app, "&View")
        .item(&item(
            ids::GO_PARTNERSHIPS,
            "&Partnerships",
            Some("CmdOrCtrl+1"),
        )?)
        .item(&item(ids::GO_EXCHANGES, "&Exchanges", Some("CmdOrCtrl+2"))?)
        .item(&item(ids::GO_PEOPLE, "P&eople", Some("CmdOrCtrl+3"))?)
        .separator()
        .item(&item(ids::GO_SETTINGS, "&Settings", Some("CmdOrCtrl+,"))?)
        .build()?;

    let help = SubmenuBuilder::new(app, "&Help")
        .item(&item(ids::ABOUT, "&About PeerPlan", None)?)
        .build()?;

    let mut menu = MenuBuilder::new(app);
    if cfg!(target_os = "macos") {
        // macOS shows the first submenu under the app's name.
        let app_menu = SubmenuBuilder::new(app, "PeerPlan")
            .item(&item("about_app", "About PeerPlan", None)?)
            .separator()
            .services()
            .separator()
            .hide()
            .hide_others()
            .show_all()
            .separator()
            .item(&item("quit_app", "Quit PeerPlan", None)?)
            .build()?;
        menu = menu.item(&app_menu);
    }
    menu.items(&[&file, &edit, &view, &help]).build()
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
