//! Sync an officer can trust, in the real desktop app (issue 14): on first start PeerPlan asks
//! for the name colleagues will see; a colleague's file whose exchange ends before it starts
//! does not stop the merge — the rest comes in, the exchange is set aside, and the officer
//! corrects its end date in the Conflicts view and takes it; the preview says what changes,
//! old → new; and what was answered stays listed.
//!
//! Artifacts: `desktop_sync_trust_*.png`. Run with `cargo build -p peerplan-app && xvfb-run -a
//! -s "-screen 0 1366x768x24" cargo test -p peerplan-tests --test desktop_sync_trust --
//! --test-threads=1`.

use std::path::Path;
use std::time::Duration;

use peerplan_core::model::{ExchangeData, PartnershipData};
use peerplan_core::store::records;
use peerplan_core::{demo, sync, Store};
use peerplan_tests::officer::scenario;
use serde_json::json;

async fn go(app: &peerplan_tests::desktop::DesktopApp, hash: &str) -> Result<(), String> {
    app.run_async(
        "location.hash = arguments[0]; done(true);",
        vec![json!(hash)],
    )
    .await
    .map(|_| ())
}

fn urlencode(path: &Path) -> String {
    let mut out = String::new();
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_that_breaks_a_rule_is_set_aside_corrected_and_taken() {
    scenario("desktop_sync_trust", async |app, officer| {
        app.wait_for_id("app", Duration::from_secs(20)).await?;

        // ---- first start: the name colleagues will see ----
        officer.visible("[data-testid=officer-name-notice]").await?;
        officer.screenshot("name").await?;
        officer.fill("[data-testid=officer-name]", "   ").await?;
        officer.click("[data-testid=officer-name-save]").await?;
        let error = officer.visible("[data-testid=officer-name-error]").await?;
        let message = error.text().await.map_err(|e| e.to_string())?;
        if !message.contains("name") {
            return Err(format!("an empty name is refused beside the field: {message}"));
        }
        officer.fill("[data-testid=officer-name]", "Jon Berg").await?;
        officer.click("[data-testid=officer-name-save]").await?;
        officer.gone("[data-testid=officer-name-notice]").await?;
        let info = app.call("app_info", json!({})).await?;
        if info["installation_name"] != "Jon Berg" || info["installation_named"] != true {
            return Err(format!("the name is saved: {info}"));
        }

        // ---- a colleague's file with an exchange that ends before it starts ----
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut kofi = Store::open(&dir.path().join("kofi.sqlite3")).map_err(|e| e.to_string())?;
        kofi.set_installation_name("Kofi Mensah")
            .map_err(|e| e.to_string())?;
        demo::load(&mut kofi).map_err(|e| e.to_string())?;
        let file = dir.path().join("kofi.peerplan");
        sync::export(&mut kofi, &file).map_err(|e| e.to_string())?;
        // The first merge brings the portfolio in.
        go(app, &format!("#/sync/merge?file={}", urlencode(&file))).await?;
        officer.visible("[data-testid=merge-summary]").await?;
        officer.click("[data-testid=merge-apply]").await?;
        officer.visible("[data-testid=merge-outcome]").await?;

        // Kofi renames a partnership (a change the preview shows old → new) and his file ends
        // up holding an exchange whose end is before its start (an older PeerPlan's merge).
        let partnership = records::list::<PartnershipData>(kofi.conn(), "1", &[], "t.title")
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|p| p.data.title.contains("Liberia"))
            .ok_or("the example's Liberia–Ireland twinning")?;
        let old_title = partnership.data.title.clone();
        let mut data = partnership.data.clone();
        data.title = "Liberia–Ireland twinning on women, peace and security".into();
        kofi.save_partnership(Some(&partnership.id), data)
            .map_err(|e| e.to_string())?;
        let exchange = records::list::<ExchangeData>(kofi.conn(), "1", &[], "t.title")
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|e| e.data.start_date.is_some() && e.data.end_date.is_some())
            .ok_or("an exchange with dates")?;
        sync::export(&mut kofi, &file).map_err(|e| e.to_string())?;
        {
            let conn = rusqlite::Connection::open(&file).map_err(|e| e.to_string())?;
            conn.execute(
                "UPDATE exchanges SET end_date = date(start_date, '-3 days'), version = ?2 WHERE id = ?1",
                [exchange.id.as_str(), "2099123100000.00000.zzzz"],
            )
            .map_err(|e| e.to_string())?;
        }

        go(app, "#/sync").await?;
        officer.on_page("Sync").await?;
        go(app, &format!("#/sync/merge?file={}", urlencode(&file))).await?;
        officer.visible("[data-testid=merge-summary]").await?;
        let summary = officer.page_text().await;
        if !summary.contains("set aside") {
            return Err(format!("the preview says a record is set aside: {summary}"));
        }
        let changes = officer.texts("[data-testid=merge-changes]").await?;
        if !changes
            .iter()
            .any(|c| c.contains(&old_title) && c.contains("women, peace and security"))
        {
            return Err(format!("the rename is shown old → new: {changes:?}"));
        }
        let problems = officer.texts("[data-testid=merge-problems]").await?;
        if !problems.iter().any(|p| p.contains("end date")) {
            return Err(format!("the set-aside exchange says what is wrong: {problems:?}"));
        }
        officer.screenshot("preview").await?;
        officer.click("[data-testid=merge-apply]").await?;
        officer.on_page("Conflicts").await?;
        let card = officer
            .visible("[data-testid=conflict][data-kind=set_aside]")
            .await?;
        let text = card.text().await.map_err(|e| e.to_string())?;
        if !(text.contains(&exchange.data.title) && text.contains("Kofi Mensah")) {
            return Err(format!("the card names the record and whose file: {text}"));
        }
        let renamed = app
            .call("get_partnership", json!({ "id": partnership.id }))
            .await?;
        if renamed["partnership"]["title"] != "Liberia–Ireland twinning on women, peace and security" {
            return Err(format!("the rest of the file merged: {renamed}"));
        }
        officer.screenshot("set_aside").await?;

        // A correction that still breaks the rule is refused beside the field, and the typed
        // text stays.
        let field = "[data-testid=set-aside-field][data-field=end_date]";
        let start = exchange
            .data
            .start_date
            .ok_or("a start date")?
            .to_string();
        let day = |n: i64| {
            exchange
                .data
                .start_date
                .and_then(|d| d.checked_add_signed(chrono::Duration::days(n)))
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        let too_early = day(-1);
        officer.fill(field, &too_early).await?;
        officer.click("[data-testid=conflict-take]").await?;
        let refused = officer
            .visible("[data-testid=conflict][data-kind=set_aside] .field-error:not([hidden])")
            .await?;
        let refused = refused.text().await.map_err(|e| e.to_string())?;
        if !refused.to_lowercase().contains("end") {
            return Err(format!("the refusal says what is wrong: {refused}"));
        }
        if officer.value(field).await? != too_early {
            return Err("the typed correction stays after a refusal".into());
        }
        let end = day(2);
        officer.fill(field, &end).await?;
        officer.click("[data-testid=conflict-take]").await?;
        officer
            .visible("[data-testid=answered-conflicts] [data-kind=set_aside]")
            .await?;
        officer
            .visible("[data-testid=conflicts] [data-testid=empty-state]")
            .await?;
        let taken = app
            .call("get_exchange", json!({ "id": exchange.id }))
            .await?;
        let got = (
            taken["exchange"]["start_date"].as_str().unwrap_or(""),
            taken["exchange"]["end_date"].as_str().unwrap_or(""),
        );
        if got != (start.as_str(), end.as_str()) {
            return Err(format!("the exchange is taken with the correction: {taken}"));
        }
        let answered = officer.texts("[data-testid=answered-conflict]").await?;
        if !answered.iter().any(|a| a.contains("Taken, corrected")) {
            return Err(format!("the answer is listed: {answered:?}"));
        }
        officer.screenshot("answered").await?;

        // Merging the same file again lists nothing new: the set-aside version is known.
        let again = app
            .call(
                "merge_file",
                json!({ "path": file.to_string_lossy(), "dry_run": true, "leave_out": [] }),
            )
            .await?;
        if again["new_set_aside"] != 0 || again["changed"] != 0 || again["new"] != 0 {
            return Err(format!("a second merge of the same file changes nothing: {again}"));
        }
        let info = app.call("app_info", json!({})).await?;
        let database = info["database_path"].as_str().ok_or("the database path")?;
        let store = Store::open(Path::new(database)).map_err(|e| e.to_string())?;
        let report = peerplan_core::check::run(&store).map_err(|e| e.to_string())?;
        if report.error_count() != 0 {
            return Err(format!("the database passes check: {:#?}", report.findings));
        }
        Ok(())
    })
    .await;
}
