//! Sync by file share in the real desktop app (issue 8): an officer previews and merges a
//! colleague's file (leaving one partnership out for now), exports her own database, both
//! change the same partnership, and after the next merge the conflict is shown up front and
//! resolved in one click; then the shared folder syncs. The colleague is a second database
//! driven through the core, as her own laptop would be.
//!
//! Artifacts: `desktop_sync_*.png`. Run with `cargo build -p peerplan-app && xvfb-run -a -s
//! "-screen 0 1366x768x24" cargo test -p peerplan-tests --test desktop_sync --
//! --test-threads=1`.

use std::path::Path;
use std::time::Duration;

use peerplan_core::model::PartnershipData;
use peerplan_core::store::records;
use peerplan_core::{demo, sync, Store};
use peerplan_tests::officer::scenario;
use serde_json::json;

const LEFT_OUT: &str = "Liberia";

async fn go(app: &peerplan_tests::desktop::DesktopApp, hash: &str) -> Result<(), String> {
    app.run_async(
        "location.hash = arguments[0]; done(true);",
        vec![json!(hash)],
    )
    .await
    .map(|_| ())
}

fn partnership_by_title(store: &Store, needle: &str) -> (String, PartnershipData) {
    let found = records::list::<PartnershipData>(store.conn(), "1", &[], "t.title")
        .unwrap()
        .into_iter()
        .find(|p| p.data.title.contains(needle))
        .unwrap_or_else(|| panic!("no partnership with {needle:?}"));
    (found.id, found.data)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merge_a_colleagues_file_resolve_the_conflict_and_sync_the_folder() {
    scenario("desktop_sync", async |app, officer| {
        app.wait_for_id("app", Duration::from_secs(20)).await?;
        let colleague_dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let share = colleague_dir.path().join("share");
        std::fs::create_dir(&share).map_err(|e| e.to_string())?;
        let mut amina =
            Store::open(&colleague_dir.path().join("amina.sqlite3")).map_err(|e| e.to_string())?;
        amina
            .set_installation_name("Amina's laptop")
            .map_err(|e| e.to_string())?;
        demo::load(&mut amina).map_err(|e| e.to_string())?;
        let amina_file = colleague_dir.path().join("amina.peerplan");
        sync::export(&mut amina, &amina_file).map_err(|e| e.to_string())?;
        let (left_out_id, _) = partnership_by_title(&amina, LEFT_OUT);

        // ---- preview, leave one partnership out, merge ----
        go(
            app,
            &format!("#/sync/merge?file={}", urlencode(&amina_file)),
        )
        .await?;
        officer.visible("[data-testid=merge-summary]").await?;
        let summary = officer.page_text().await;
        if !summary.contains("From Amina's laptop") {
            return Err(format!("the preview says who the file is from: {summary}"));
        }
        let groups = officer.texts("[data-testid=merge-group] h2").await?;
        if groups.len() < 5 {
            return Err(format!("records grouped by partnership: {groups:?}"));
        }
        officer.screenshot("preview").await?;
        officer
            .click(&format!(
                "[data-testid=merge-include][data-id=\"{left_out_id}\"]"
            ))
            .await?;
        officer.click("[data-testid=merge-apply]").await?;
        let outcome = officer.visible("[data-testid=merge-outcome]").await?;
        let text = outcome.text().await.map_err(|e| e.to_string())?;
        if !(text.contains("Merged:") && text.contains("left out for now")) {
            return Err(format!("the merge's outcome: {text}"));
        }
        let counts = app.call("app_info", json!({})).await?;
        if counts["counts"]["partnerships"] != 4 {
            return Err(format!("four partnerships merged, one left out: {counts}"));
        }

        // ---- export, and the colleague merges it ----
        let mine = colleague_dir.path().join("mine.peerplan");
        let exported = app
            .call("export_database", json!({ "path": mine.to_string_lossy() }))
            .await?;
        if exported["bytes"].as_u64().unwrap_or(0) == 0 {
            return Err(format!("nothing exported: {exported}"));
        }
        sync::merge_file(&mut amina, &mine, sync::MergeOptions::default())
            .map_err(|e| e.to_string())?;

        // ---- both change the officer in charge of the same partnership ----
        let (pid, mut data) = partnership_by_title(&amina, "Kenya");
        data.officer = "Amina Diallo".into();
        amina
            .save_partnership(Some(&pid), data)
            .map_err(|e| e.to_string())?;
        tokio::time::sleep(Duration::from_millis(20)).await;
        go(app, &format!("#/partnerships/{pid}")).await?;
        let form = "[data-testid=partnership-form]";
        officer
            .fill(&format!("{form} input[name=officer]"), "Jon Berg")
            .await?;
        officer.click(&format!("{form} [data-testid=save]")).await?;
        officer
            .until("the save", async || {
                let v = app.call("get_partnership", json!({ "id": pid })).await?;
                Ok((v["partnership"]["officer"] == "Jon Berg").then_some(()))
            })
            .await?;
        // The form has taken the save in (else leaving the page asks about unsaved edits).
        officer
            .until("the form to be saved", async || {
                let clean = app
                    .run_async(
                        "done(!document.querySelector('[data-testid=partnership-form]').classList.contains('is-dirty'));",
                        vec![],
                    )
                    .await?;
                Ok((clean == json!(true)).then_some(()))
            })
            .await?;
        sync::export(&mut amina, &amina_file).map_err(|e| e.to_string())?;

        // ---- the next merge: the conflict is shown up front ----
        go(
            app,
            &format!("#/sync/merge?file={}", urlencode(&amina_file)),
        )
        .await?;
        officer.visible("[data-testid=merge-summary]").await?;
        officer.click("[data-testid=merge-apply]").await?;
        officer.on_page("Conflicts").await?;
        let card = officer.visible("[data-testid=conflict]").await?;
        let text = card.text().await.map_err(|e| e.to_string())?;
        for needed in ["Jon Berg", "Amina Diallo", "Amina's laptop", "officer"] {
            if !text.contains(needed) {
                return Err(format!("the conflict card names {needed:?}: {text}"));
            }
        }
        officer
            .until("the sidebar's conflict badge", async || {
                let badge = officer.texts("[data-testid=conflicts-badge]").await?;
                Ok((badge.first().map(String::as_str) == Some("1")).then_some(()))
            })
            .await?;
        officer.screenshot("conflict").await?;
        officer.click("[data-testid=conflict-use-other]").await?;
        officer
            .visible("[data-testid=conflicts] [data-testid=empty-state]")
            .await?;
        let now = app.call("get_partnership", json!({ "id": pid })).await?;
        if now["partnership"]["officer"] != "Amina Diallo" {
            return Err(format!("switched to the colleague's value: {now}"));
        }
        officer
            .until("the badge to go", async || {
                let hidden = app
                    .run_async(
                        "done(document.querySelector('[data-testid=conflicts-badge]').hidden);",
                        vec![],
                    )
                    .await?;
                Ok((hidden == json!(true)).then_some(()))
            })
            .await?;

        // ---- the shared folder ----
        sync::folder::sync(&mut amina, &share, &mut |_, _| {}, None).map_err(|e| e.to_string())?;
        app.call(
            "set_sync_folder",
            json!({ "folder": share.to_string_lossy() }),
        )
        .await?;
        go(app, "#/sync").await?;
        officer.click("[data-testid=sync-now]").await?;
        officer
            .until("the sync's result", async || {
                let result = officer.texts("[data-testid=sync-result] li").await?;
                Ok(result
                    .iter()
                    .any(|l| l.contains("Amina's laptop"))
                    .then_some(result))
            })
            .await?;
        officer.screenshot("synced").await?;
        let written = std::fs::read_dir(&share)
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".peerplan"))
            .count();
        if written != 2 {
            return Err(format!(
                "Amina's file and ours in the folder, found {written}"
            ));
        }
        // The colleagues table follows: Amina's file from the share, merged just now.
        officer
            .until("the colleagues table", async || {
                let rows = officer.texts("[data-testid=sync-peers] tbody tr").await?;
                Ok(rows
                    .iter()
                    .any(|r| r.contains("Amina's laptop") && r.contains("amina-s-laptop-"))
                    .then_some(()))
            })
            .await?;
        // A backup was kept from before each merge.
        let backups = officer.texts("[data-testid=backups] tbody tr").await?;
        if backups.len() < 2 || !backups[0].contains("before merging") {
            return Err(format!("backups listed: {backups:?}"));
        }
        officer.screenshot("sync-page").await?;
        Ok(())
    })
    .await;
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

/// A long merge shows its progress, the window keeps answering, and Cancel rolls it back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_merge_shows_progress_and_can_be_cancelled() {
    scenario("desktop_sync_cancel", async |app, officer| {
        app.wait_for_id("app", Duration::from_secs(20)).await?;
        // A colleague with a large portfolio, made with the real CLI.
        let colleague = tempfile::tempdir().map_err(|e| e.to_string())?;
        let db = colleague.path().join("big.db");
        let file = colleague.path().join("big.peerplan");
        let (db_arg, file_arg) = (db.to_string_lossy(), file.to_string_lossy());
        for args in [
            vec!["--db", &db_arg, "generate", "--partnerships", "600", "--exchanges", "5", "--participants", "8"],
            vec!["--db", &db_arg, "export", &file_arg],
        ] {
            let run = peerplan_tests::cli::peerplan(colleague.path(), &args);
            if run.code != 0 {
                return Err(format!("peerplan {args:?}: {}", run.stderr));
            }
        }
        go(app, &format!("#/sync/merge?file={}", urlencode(&file))).await?;
        // The bar shows what the merge is doing…
        officer
            .until("the merge's progress", async || {
                let stage = officer.texts("[data-testid=sync-stage]").await?;
                Ok(stage
                    .first()
                    .filter(|s| s.contains("big.peerplan"))
                    .cloned())
            })
            .await?;
        officer.screenshot("progress").await?;
        // …the sidebar says a merge is running, on whatever page is open…
        officer
            .visible_with("[data-testid=sync-activity]", &["big.peerplan"])
            .await?;
        // …the window still answers (the sidebar link takes focus)…
        let answered = app
            .run_async("document.querySelector('[data-testid=nav-people]').focus(); done(document.activeElement.dataset.testid);", vec![])
            .await?;
        if answered != json!("nav-people") {
            return Err(format!("the window did not answer: {answered}"));
        }
        // …and Cancel rolls it back.
        officer.click("[data-testid=sync-cancel]").await?;
        let refused = officer.visible("[data-testid=merge-refused]").await?;
        let code = refused.attr("data-code").await.map_err(|e| e.to_string())?;
        if code.as_deref() != Some("cancelled") {
            return Err(format!("cancelled, not {code:?}"));
        }
        let info = app.call("app_info", json!({})).await?;
        if info["counts"]["partnerships"] != 0 {
            return Err(format!("nothing merged after Cancel: {info}"));
        }
        officer
            .until("the sidebar's status to go", async || {
                let hidden = app
                    .run_async("done(document.querySelector('[data-testid=sync-activity]').hidden);", vec![])
                    .await?;
                Ok((hidden == json!(true)).then_some(()))
            })
            .await?;
        Ok(())
    })
    .await;
}
