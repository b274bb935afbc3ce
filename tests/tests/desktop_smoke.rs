//! The desktop app starts, shows its window and its UI, and creates its database in the data
//! folder it was given. Needs a display and tauri-driver (see tests/src/desktop.rs); run with
//! `xvfb-run -a -s "-screen 0 1366x768x24" cargo test -p peerplan-tests --test desktop_smoke`
//! after `cargo build -p peerplan-app`.

use std::time::{Duration, Instant};

use peerplan_tests::desktop::{artifacts_dir, desktop_or_skip, png_size, DesktopApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_opens_its_window_and_creates_its_database() {
    let Some(desktop) = desktop_or_skip("desktop_smoke") else {
        return;
    };
    let started = Instant::now();
    let app = DesktopApp::launch(&desktop)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let session_ready = started.elapsed();

    let checks = async {
        assert_eq!(app.window_title().await?, "PeerPlan", "the window title");

        app.wait_for_id("app", Duration::from_secs(20)).await?;
        let in_body = app
            .run_async(
                "done(document.body !== null && document.body.contains(document.getElementById('app')))",
                vec![],
            )
            .await?;
        assert_eq!(in_body, serde_json::json!(true), "#app is inside <body>");

        let shot = artifacts_dir().join("desktop_smoke.png");
        let (width, height) = app.screenshot(&shot).await?;
        assert!(
            width >= 800 && height >= 500,
            "the window is at least 800x500, was {width}x{height}"
        );
        let png = std::fs::read(&shot).map_err(|e| e.to_string())?;
        assert_eq!(png_size(&png), Some((width, height)));

        let database = app.data_dir.join(peerplan_core::paths::DATABASE_FILE_NAME);
        assert!(
            database.is_file(),
            "the app created {} at start",
            database.display()
        );
        // The UI's commands answer, about this data folder.
        let info = app
            .invoke("app_info", serde_json::json!({}))
            .await
            .map_err(|e| format!("app_info rejected: {e}"))?;
        assert_eq!(
            info["database_path"],
            serde_json::json!(database.display().to_string()),
            "{info}"
        );
        assert_eq!(info["is_empty"], serde_json::json!(true), "{info}");

        // It is a real PeerPlan database that the core can open.
        drop(peerplan_core::Store::open(&database).map_err(|e| e.to_string())?);

        eprintln!(
            "desktop_smoke: session ready in {:.2}s, window {width}x{height}, screenshot {}",
            session_ready.as_secs_f64(),
            shot.display()
        );
        Ok::<(), String>(())
    }
    .await;

    let closed = app.close().await;
    checks.unwrap_or_else(|e| panic!("{e}"));
    closed.unwrap_or_else(|e| panic!("{e}"));
}
