//! Exports in the real desktop app (issue 7): the one-page partnership summary PDF and the
//! follow-up reminders as ICS, on the example portfolio.
//!
//! The buttons open a native save dialog, which WebDriver cannot drive, so the files are
//! written through the same commands with an explicit `path`; the pages are checked for the
//! buttons and their labels only. The PDF is read back with `pdftotext` (skipped when it is
//! not installed); the number of reminders is compared with the core's own count on the same
//! example data. Screenshot: `desktop_exports_partnership.png` in the artifacts folder. Run
//! with `cargo build -p peerplan-app && xvfb-run -a -s "-screen 0 1366x768x24" cargo test -p
//! peerplan-tests --test desktop_exports -- --test-threads=1`.

use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use peerplan_core::export::{self, PartnershipMatch};
use peerplan_tests::desktop::{artifacts_dir, desktop_or_skip, find_on_path, DesktopApp};
use peerplan_tests::text::folded;
use serde_json::json;

const PARTNERSHIP: &str = "Ghana–Kenya peer learning on NAP monitoring and evaluation";
const WAIT: Duration = Duration::from_secs(20);

/// The reminders the core makes from the example data: (this partnership's, the portfolio's).
fn expected_reminders() -> (usize, usize) {
    let mut store = peerplan_core::Store::open_in_memory().unwrap();
    peerplan_core::demo::load(&mut store).unwrap();
    let id = match export::find_partnership(&store, PARTNERSHIP).unwrap() {
        PartnershipMatch::One(p) => p.id,
        other => panic!("{other:?}"),
    };
    let one = peerplan_docs::reminders::load(&store, Some(&id))
        .unwrap()
        .len();
    let all = peerplan_docs::reminders::load(&store, None).unwrap().len();
    (one, all)
}

fn vevents(path: &std::path::Path) -> Result<(String, usize), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let count = text.lines().filter(|l| l.trim() == "BEGIN:VEVENT").count();
    Ok((text, count))
}

/// Waits for a shown element matching `css` and returns its text.
async fn shown_text(app: &DesktopApp, css: &str) -> Result<String, String> {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(element) = app.client.find(Locator::Css(css)).await {
            if element.is_displayed().await.unwrap_or(false) {
                if let Ok(text) = element.text().await {
                    return Ok(text);
                }
            }
        }
        if Instant::now() > deadline {
            return Err(format!("waited {}s for {css} to be shown", WAIT.as_secs()));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn go(app: &DesktopApp, hash: &str) -> Result<(), String> {
    app.run_async(
        "location.hash = arguments[0]; done(true);",
        vec![json!(hash)],
    )
    .await
    .map(|_| ())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summary_pdf_and_reminders_are_saved_and_offered_on_the_pages() {
    let Some(desktop) = desktop_or_skip("desktop_exports") else {
        return;
    };
    let (expected_one, expected_all) = expected_reminders();
    let app = DesktopApp::launch(&desktop)
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    let checks = async {
        app.wait_for_id("app", WAIT).await?;
        app.invoke("load_example_data", json!({ "confirm": true }))
            .await
            .map_err(|e| format!("load_example_data rejected: {e}"))?;
        let page = app
            .invoke(
                "list_partnerships",
                json!({ "query": { "text": "NAP monitoring" } }),
            )
            .await
            .map_err(|e| format!("list_partnerships rejected: {e}"))?;
        let id = page["rows"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["title"] == PARTNERSHIP))
            .and_then(|r| r["id"].as_str())
            .ok_or_else(|| format!("no {PARTNERSHIP} in {page}"))?
            .to_string();
        let detail = app
            .invoke("get_partnership", json!({ "id": id }))
            .await
            .map_err(|e| format!("get_partnership rejected: {e}"))?;
        let members: Vec<String> = detail["members"]
            .as_array()
            .map(|m| {
                m.iter()
                    .filter_map(|m| m["label"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        assert!(members.len() >= 2, "the partnership has members: {detail}");

        let out = tempfile::Builder::new()
            .prefix("peerplan-exports-")
            .tempdir()
            .map_err(|e| e.to_string())?;

        // ---- the summary PDF, A4 and Letter ----
        let pdf = out.path().join("summary.pdf");
        let written = app
            .invoke(
                "save_summary_pdf",
                json!({ "partnership_id": id, "letter": false, "path": pdf }),
            )
            .await
            .map_err(|e| format!("save_summary_pdf rejected: {e}"))?;
        assert_eq!(written, json!(pdf.display().to_string()));
        let bytes = std::fs::read(&pdf).map_err(|e| format!("{}: {e}", pdf.display()))?;
        assert!(bytes.starts_with(b"%PDF-"), "{} is a PDF", pdf.display());
        let _ = std::fs::copy(&pdf, artifacts_dir().join("desktop_exports_summary.pdf"));
        let letter = out.path().join("summary-letter.pdf");
        app.invoke(
            "save_summary_pdf",
            json!({ "partnership_id": id, "letter": true, "path": letter }),
        )
        .await
        .map_err(|e| format!("save_summary_pdf (letter) rejected: {e}"))?;
        if find_on_path("pdftotext").is_some() {
            let output = Command::new("pdftotext")
                .arg(&pdf)
                .arg("-")
                .output()
                .map_err(|e| e.to_string())?;
            let text = folded(&String::from_utf8_lossy(&output.stdout));
            assert!(
                text.contains(PARTNERSHIP),
                "the PDF has the title; pdftotext gave:\n{text}"
            );
            for member in &members {
                assert!(
                    text.contains(&folded(member)),
                    "the PDF names the member {member}; pdftotext gave:\n{text}"
                );
            }
        } else {
            eprintln!("desktop_exports: no pdftotext, checked only that a PDF was written");
        }
        if find_on_path("pdfinfo").is_some() {
            let size = |path: &std::path::Path| {
                let output = Command::new("pdfinfo").arg(path).output().unwrap();
                String::from_utf8_lossy(&output.stdout)
                    .lines()
                    .find(|l| l.starts_with("Page size:"))
                    .unwrap_or_default()
                    .to_string()
            };
            let (a4, us) = (size(&pdf), size(&letter));
            assert!(a4.contains("595") && a4.contains("841"), "A4: {a4}");
            assert!(us.contains("612 x 792"), "Letter: {us}");
        }

        // ---- reminders: one partnership, then the portfolio ----
        let ics = out.path().join("reminders.ics");
        let written = app
            .invoke(
                "save_reminders_ics",
                json!({ "partnership_id": id, "path": ics }),
            )
            .await
            .map_err(|e| format!("save_reminders_ics rejected: {e}"))?;
        assert_eq!(written, json!(ics.display().to_string()));
        let (text, count) = vevents(&ics)?;
        assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
        assert!(expected_one > 0, "the example partnership has dated open actions");
        assert_eq!(count, expected_one, "one VEVENT per reminder:\n{text}");

        let all = out.path().join("all.ics");
        app.invoke(
            "save_reminders_ics",
            json!({ "partnership_id": null, "path": all }),
        )
        .await
        .map_err(|e| format!("save_reminders_ics (all) rejected: {e}"))?;
        let (text, count) = vevents(&all)?;
        assert_eq!(count, expected_all, "one VEVENT per reminder:\n{text}");
        assert!(expected_all > expected_one);

        // ---- refusals keep the IPC error shape ----
        let refused = app
            .invoke(
                "save_summary_pdf",
                json!({ "partnership_id": id, "letter": false, "path": "summary.pdf" }),
            )
            .await
            .expect_err("a relative path is refused");
        assert_eq!(refused["code"], "bad_request", "{refused}");
        assert!(refused["fields"].is_array() && refused["warnings"].is_array());
        let refused = app
            .invoke(
                "save_reminders_ics",
                json!({ "partnership_id": id, "path": out.path().join("x.pdf") }),
            )
            .await
            .expect_err("a .pdf path for reminders is refused");
        assert_eq!(refused["code"], "bad_request", "{refused}");
        let refused = app
            .invoke(
                "save_summary_pdf",
                json!({ "partnership_id": "no-such-id", "letter": false, "path": out.path().join("none.pdf") }),
            )
            .await
            .expect_err("an unknown partnership is refused");
        assert_eq!(refused["code"], "not_found", "{refused}");
        assert!(!out.path().join("none.pdf").exists());

        // ---- the buttons on the pages ----
        go(&app, &format!("#/partnerships/{id}")).await?;
        let label = shown_text(&app, "[data-testid=summary-pdf]").await?;
        assert_eq!(label, "Summary PDF…");
        let paper = app
            .run_async(
                "const s = document.querySelector('[data-testid=summary-paper]');\
                 done(s ? {value: s.value, options: [...s.options].map(o => [o.value, o.text]), \
                 label: s.getAttribute('aria-label')} : null);",
                vec![],
            )
            .await?;
        assert_eq!(paper["value"], "a4", "{paper}");
        assert_eq!(
            paper["options"],
            json!([["a4", "A4"], ["letter", "Letter"]]),
            "{paper}"
        );
        assert!(paper["label"].as_str().is_some_and(|l| l.contains("Paper")));
        let label = shown_text(&app, "[data-testid=followup-section] [data-testid=export-reminders]")
            .await?;
        assert_eq!(label, "Export reminders (.ics)…");
        std::fs::create_dir_all(artifacts_dir()).map_err(|e| e.to_string())?;
        app.run_async("window.scrollTo(0, 0); done(true);", vec![])
            .await?;
        app.screenshot(&artifacts_dir().join("desktop_exports_partnership.png"))
            .await?;

        go(&app, "#/follow-up").await?;
        let label = shown_text(&app, "[data-testid=export-all-reminders]").await?;
        assert_eq!(label, "Export all reminders (.ics)…");
        app.screenshot(&artifacts_dir().join("desktop_exports_followup.png"))
            .await?;

        eprintln!(
            "desktop_exports: PDF {} bytes, {expected_one} + {expected_all} reminders",
            bytes.len()
        );
        Ok::<(), String>(())
    }
    .await;

    let closed = app.close().await;
    checks.unwrap_or_else(|e| panic!("{e}"));
    closed.unwrap_or_else(|e| panic!("{e}"));
}
