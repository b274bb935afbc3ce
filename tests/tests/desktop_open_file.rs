//! Opening a `.peerplan` file (issue 20): `peerplan-app FILE` — what a double-click, "Open
//! with" or the desktop entry's `%f` runs — starts PeerPlan on the merge preview of FILE; when
//! PeerPlan already runs, a second launch hands FILE to it (single-instance plugin, over a
//! private D-Bus session bus here) and exits, and the running window shows the preview.
//!
//! Artifacts: `desktop_open_file_*.png`. Run with `cargo build -p peerplan-app && xvfb-run -a
//! -s "-screen 0 1366x768x24" cargo test -p peerplan-tests --test desktop_open_file --
//! --test-threads=1`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use peerplan_core::{demo, sync, Store};
use peerplan_tests::desktop::{artifacts_dir, desktop_or_skip, DesktopApp, REQUIRE_ENV};
use peerplan_tests::launch::{note, profile_env, AppSession, SessionBus};
use peerplan_tests::officer::Officer;

/// A colleague's exported database, as `peerplan export` or File › Export would write it, in
/// a folder whose name needs encoding in the UI's address.
fn colleague_file(dir: &Path) -> Result<PathBuf, String> {
    let folder = dir.join("From the field office (Jon & co)");
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    let mut jon = Store::open(&dir.join("jon.sqlite3")).map_err(|e| e.to_string())?;
    jon.set_installation_name("Jon's laptop")
        .map_err(|e| e.to_string())?;
    demo::load(&mut jon).map_err(|e| e.to_string())?;
    let file = folder.join("jon berg été.peerplan");
    sync::export(&mut jon, &file).map_err(|e| e.to_string())?;
    Ok(file)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_started_with_a_file_opens_on_its_merge_preview() {
    let Some(desktop) = desktop_or_skip("desktop_open_file") else {
        return;
    };
    let temp = tempfile::Builder::new()
        .prefix("peerplan-open-file-")
        .tempdir()
        .unwrap_or_else(|e| panic!("{e}"));
    let file = colleague_file(temp.path()).unwrap_or_else(|e| panic!("{e}"));
    let data_dir = temp.path().join("data");
    let arg = file.display().to_string();
    let app = DesktopApp::launch_with(&desktop, temp, data_dir, &[&arg])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let officer = Officer::new(&app, "desktop_open_file");
    let checks = async {
        let summary = officer.visible("[data-testid=merge-summary]").await?;
        let summary = summary.text().await.map_err(|e| e.to_string())?;
        if !summary.contains("From Jon's laptop") {
            return Err(format!("the preview says who the file is from: {summary}"));
        }
        let shown = officer.texts("[data-testid=merge-file-path]").await?;
        if shown != [arg.clone()] {
            return Err(format!("the preview names the file {arg:?}: {shown:?}"));
        }
        let groups = officer.texts("[data-testid=merge-group] h2").await?;
        if groups.len() < 5 {
            return Err(format!("the example's partnerships, grouped: {groups:?}"));
        }
        officer.screenshot("started_with_file").await?;
        // Nothing was merged: the preview only reads.
        let info = app.call("app_info", serde_json::json!({})).await?;
        if info["counts"]["partnerships"] != 0 {
            return Err(format!("the preview merged nothing: {info}"));
        }
        Ok::<(), String>(())
    }
    .await;
    if checks.is_err() {
        let _ = officer.screenshot("failure").await;
    }
    app.close().await.unwrap_or_else(|e| panic!("{e}"));
    checks.unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_launch_hands_the_file_to_the_running_app() {
    let test = "desktop_open_file_second_launch";
    let Some(desktop) = desktop_or_skip(test) else {
        return;
    };
    let temp = tempfile::Builder::new()
        .prefix("peerplan-second-launch-")
        .tempdir()
        .unwrap_or_else(|e| panic!("{e}"));
    let bus = match SessionBus::start(temp.path()) {
        Ok(bus) => bus,
        Err(why) if std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1") => {
            panic!("{test}: {REQUIRE_ENV}=1 but no session bus: {why}")
        }
        Err(why) => {
            note(&format!("skipped: {why} [{test}]"));
            return;
        }
    };
    let file = colleague_file(temp.path()).unwrap_or_else(|e| panic!("{e}"));
    let profile = temp.path().join("profile");
    // The app, tauri-driver and WebKitWebDriver inherit these: the private bus, and no data
    // folder chosen (a chosen one keeps the app out of the single-instance check).
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    std::env::remove_var("PEERPLAN_DATA_DIR");

    let session = AppSession::start(&desktop.driver, &profile, &desktop.app, &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let checks = async {
        // The first launch shows the partnership list, on the default data folder.
        session.text_of("#app h1").await?;
        let hash = session.hash().await?;
        if hash != "#/partnerships" {
            return Err(format!("the first page is the partnership list: {hash}"));
        }
        let database = profile.join("data-home/peerplan/peerplan.sqlite3");
        if !database.is_file() {
            return Err(format!(
                "the default data folder holds {}",
                database.display()
            ));
        }

        // The second launch, from the file's folder with a relative name (as a file manager
        // may run it), must hand the file over and exit.
        let folder = file.parent().unwrap();
        let mut second = Command::new(&desktop.app)
            .arg(file.file_name().unwrap())
            .current_dir(folder)
            .envs(profile_env(&profile))
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("second launch: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = second.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            if Instant::now() > deadline {
                let _ = second.kill();
                let _ = second.wait();
                return Err("the second launch did not hand over and exit within 30 s".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        if !status.success() {
            return Err(format!("the second launch exited with {status}"));
        }

        let summary = session.text_of("[data-testid=merge-summary]").await?;
        if !summary.contains("From Jon's laptop") {
            return Err(format!("the preview says who the file is from: {summary}"));
        }
        let shown = session.text_of("[data-testid=merge-file-path]").await?;
        if shown != file.display().to_string() {
            return Err(format!(
                "the preview names the file {}: {shown:?}",
                file.display()
            ));
        }
        session
            .screenshot(&artifacts_dir().join(format!("{test}.png")))
            .await?;
        Ok::<(), String>(())
    }
    .await;
    if checks.is_err() {
        let _ = session
            .screenshot(&artifacts_dir().join(format!("{test}_failure.png")))
            .await;
    }
    session.close().await.unwrap_or_else(|e| panic!("{e}"));
    drop(bus);
    checks.unwrap_or_else(|e| panic!("{e}"));
}
