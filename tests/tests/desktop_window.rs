//! The smaller things of issue 16, point 10, in the real desktop app:
//!
//! * A fresh data folder opens on its own first page, not on the previous database's last
//!   page ("This record does not exist"): the remembered page belongs to a database. An
//!   address of a record that is not there falls back to its list, quietly.
//! * The window fits a 1366×768 laptop screen.
//! * Toasts never cover the page's buttons.
//! * An action created from the stage-C reflection checklist asks for its owner.
//!
//! Run with `cargo build -p peerplan-app && xvfb-run -a -s "-screen 0 1366x768x24" cargo test
//! -p peerplan-tests --test desktop_window -- --test-threads=1`.

use peerplan_tests::desktop::{desktop_or_skip, DesktopApp};
use peerplan_tests::officer::{Officer, WAIT};
use serde_json::{json, Value};

const TITLE: &str = "Mangroves and blue carbon in the NAP";

async fn first_laptop_run(app: &DesktopApp) -> Result<String, String> {
    let ui = Officer::new(app, "desktop_window");
    app.wait_for_id("app", WAIT).await?;
    let saved = app
        .call(
            "save_partnership",
            json!({ "id": null, "data": { "title": TITLE, "kind": "peer_learning", "status": "active" } }),
        )
        .await?;
    let id = saved["record"]["id"].as_str().ok_or("an id")?.to_string();
    app.run_async(
        "location.hash = arguments[0]; done(true);",
        vec![json!(format!("#/partnerships/{id}"))],
    )
    .await?;
    ui.on_page(TITLE).await?;
    Ok(id)
}

async fn second_database(app: &DesktopApp, other_id: &str) -> Result<(), String> {
    let ui = Officer::new(app, "desktop_window");
    app.wait_for_id("app", WAIT).await?;
    // Its own first page: the (empty) partnership list, not the other database's record.
    ui.on_page("Partnerships").await?;
    let text = ui.page_text().await;
    assert!(
        !text.contains("does not exist") && !text.contains("Not available"),
        "{text}"
    );
    let hash = app.run_async("done(location.hash);", vec![]).await?;
    assert_eq!(hash, json!("#/partnerships"));

    // An address of a record this database does not have: its list, quietly.
    app.run_async(
        "location.hash = arguments[0]; done(true);",
        vec![json!(format!("#/partnerships/{other_id}"))],
    )
    .await?;
    ui.until("the list in place of the missing record", async || {
        let hash = app.run_async("done(location.hash);", vec![]).await?;
        Ok((hash == json!("#/partnerships")).then_some(()))
    })
    .await?;
    ui.on_page("Partnerships").await?;
    assert!(!ui.page_text().await.contains("Not available"));

    // The window fits the 768-pixel screen.
    let size = app
        .run_async(
            "done([window.outerWidth, window.outerHeight, screen.availHeight]);",
            vec![],
        )
        .await?;
    let (height, screen) = (size[1].as_i64().unwrap_or(0), size[2].as_i64().unwrap_or(0));
    assert!(
        height > 0 && height <= 728 && height <= screen,
        "window {size}"
    );

    // ---- stage C: an action created from the checklist asks who does it ----
    app.call("load_example_data", json!({ "confirm": true }))
        .await?;
    let page = app
        .call(
            "list_partnerships",
            json!({ "query": { "text": "NAP monitoring" } }),
        )
        .await?;
    let pid = page["rows"][0]["id"]
        .as_str()
        .ok_or("the NAP partnership")?
        .to_string();
    app.run_async(
        "location.hash = arguments[0]; done(true);",
        vec![json!(format!("#/partnerships/{pid}"))],
    )
    .await?;
    let form = "[data-testid=answer-form]";
    ui.click(&format!("{form} [data-testid=create-action-from-answer]"))
        .await?;
    ui.fill(
        &format!("{form} input[name='actions.0.what']"),
        "Agree the pilot's reporting calendar",
    )
    .await?;
    ui.click(&format!("{form} [data-testid=save-answer]"))
        .await?;
    ui.visible_with(
        &format!("{form} .field-error[data-field='actions.0.owner_member_id']"),
        &["choose the member who does it"],
    )
    .await?;
    ui.choose(
        &format!("{form} [data-testid=answer-action-owner]"),
        "Kenya",
    )
    .await?;
    ui.click(&format!("{form} [data-testid=save-answer]"))
        .await?;
    let plan = ui
        .visible_with(
            "[data-testid=plan]",
            &["Agree the pilot's reporting calendar"],
        )
        .await?
        .1;
    assert!(plan.contains("Kenya"), "{plan}");

    // ---- toasts never cover a button of the page ----
    let overlap: Value = app
        .run_async(
            "const region = document.getElementById('toasts');\
             const boxes = region ? [...region.children].map((t) => t.getBoundingClientRect()) : [];\
             const buttons = [...document.querySelectorAll('#app button, #app a.btn')]\
               .map((b) => b.getBoundingClientRect()).filter((r) => r.width > 0);\
             const hit = boxes.some((t) => buttons.some((b) => t.left < b.right && b.left < t.right && t.top < b.bottom && b.top < t.bottom));\
             done({ toasts: boxes.length, hit });",
            vec![],
        )
        .await?;
    assert!(
        overlap["toasts"].as_i64().unwrap_or(0) > 0,
        "a toast is shown: {overlap}"
    );
    assert_eq!(overlap["hit"], json!(false), "{overlap}");
    ui.screenshot("toasts").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_database_opens_on_its_own_page_and_the_window_fits_the_screen() {
    let Some(desktop) = desktop_or_skip("desktop_window") else {
        return;
    };
    // One laptop (one webview profile), two data folders.
    let profile = tempfile::Builder::new()
        .prefix("peerplan-profile-")
        .tempdir()
        .expect("a temporary folder");
    let launch = |data: &str| {
        let temp = tempfile::Builder::new()
            .prefix("peerplan-window-")
            .tempdir()
            .expect("a temporary folder");
        let data_dir = temp.path().join(data);
        (temp, data_dir)
    };
    let (temp, data_dir) = launch("first");
    let app = DesktopApp::launch_in(&desktop, temp, profile.path(), data_dir, &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let first = first_laptop_run(&app).await;
    app.close().await.unwrap_or_else(|e| panic!("{e}"));
    let other_id = first.unwrap_or_else(|e| panic!("first database: {e}"));

    let (temp, data_dir) = launch("second");
    let app = DesktopApp::launch_in(&desktop, temp, profile.path(), data_dir, &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let second = second_database(&app, &other_id).await;
    if second.is_err() {
        let _ = Officer::new(&app, "desktop_window")
            .screenshot("failure")
            .await;
    }
    app.close().await.unwrap_or_else(|e| panic!("{e}"));
    second.unwrap_or_else(|e| panic!("second database: {e}"));
}
