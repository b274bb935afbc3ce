//! A hybrid agenda tells every member its own time (issue 16): the officer builds a day of
//! the example Barcelona – Northern Virginia – Boston workshop in the real app, then prints it
//! from the app and exports it as PDF, Word and HTML in English, French and Spanish. Each form
//! must give Barcelona's times and the US east coast's (Northern Virginia's and Boston's) on
//! every session's row. 7 October 2025: Barcelona is on CEST (UTC+2), the US east coast on EDT
//! (UTC−4), six hours behind.
//!
//! The export buttons open a native save dialog, which WebDriver cannot drive, so the files
//! are written through the same command with an explicit `path`. Artifacts:
//! `desktop_agenda_zones_{en,fr,es}_print.pdf` and `…_export.pdf`. Run with `cargo build -p
//! peerplan-app && xvfb-run -a -s "-screen 0 1366x768x24" cargo test -p peerplan-tests --test
//! desktop_agenda_zones -- --test-threads=1`.

use std::process::Command;

use peerplan_tests::agenda::{add_day, add_session};
use peerplan_tests::desktop::{artifacts_dir, find_on_path};
use peerplan_tests::officer::scenario;
use peerplan_tests::text::{assert_in_order, assert_words_in_order, folded, pdf_text};
use serde_json::{json, Value};

/// (Barcelona's times, the US east coast's, title) of the sessions the officer types.
const SESSIONS: [(&str, &str, &str, &str, &str); 3] = [
    (
        "15:00",
        "15:20",
        "09:00–09:20",
        "Welcome and why green corridors",
        "Opening",
    ),
    (
        "15:20",
        "16:30",
        "09:20–10:30",
        "Superblocks: what changed on the street",
        "Presentation",
    ),
    (
        "16:45",
        "18:00",
        "10:45–12:00",
        "Green corridors compared",
        "Discussion",
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hybrid_agenda_printed_and_exported_gives_every_place_its_own_times() {
    scenario("desktop_agenda_zones", async |app, officer| {
        app.wait_for_id("app", std::time::Duration::from_secs(20)).await?;
        app.call("load_example_data", json!({ "confirm": true })).await?;
        let list = app
            .call(
                "list_exchanges",
                json!({ "query": { "text": "superblocks", "when": "all" } }),
            )
            .await?;
        let exchange = list["rows"][0]["id"]
            .as_str()
            .ok_or_else(|| format!("no Barcelona workshop in {list}"))?
            .to_string();
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{exchange}/agenda"))],
        )
        .await?;
        officer
            .on_page("Agenda: Thematic workshop: superblocks and green corridors")
            .await?;
        let day = add_day(officer, "Sharing the plans").await?;
        for (start, end, _, title, kind) in SESSIONS {
            add_session(officer, &day, Some((start, end)), title, kind, &[]).await?;
        }

        let out = tempfile::Builder::new()
            .prefix("peerplan-zones-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        std::fs::create_dir_all(artifacts_dir()).map_err(|e| e.to_string())?;
        // The day's heading in each language: the print view has switched when it shows.
        for (lang, day_heading) in [
            ("en", "Day 1 · Tuesday 7 October 2025"),
            ("fr", "Jour 1 · Mardi 7 octobre 2025"),
            ("es", "Día 1 · Martes 7 de octubre de 2025"),
        ] {
            officer
                .choose_value("[data-testid=agenda-language]", lang)
                .await?;
            officer
                .until(&format!("the print view in {lang}"), async || {
                    let text: Value = app
                        .run_async(
                            "done(document.querySelector('[data-testid=print-agenda]').textContent);",
                            vec![],
                        )
                        .await?;
                    Ok(text
                        .as_str()
                        .is_some_and(|t| t.contains(day_heading))
                        .then_some(()))
                })
                .await?;
            let printed = artifacts_dir().join(format!("desktop_agenda_zones_{lang}_print.pdf"));
            app.call("print_to_pdf", json!({ "path": printed })).await?;
            let pdf = out.path().join(format!("agenda-{lang}.pdf"));
            let docx = out.path().join(format!("agenda-{lang}.docx"));
            let html = out.path().join(format!("agenda-{lang}.html"));
            for (format, path) in [("pdf", &pdf), ("docx", &docx), ("html", &html)] {
                app.call(
                    "save_agenda_export",
                    json!({ "exchange_id": exchange, "format": format, "ics_per_day": false, "path": path }),
                )
                .await?;
            }
            let _ = std::fs::copy(
                &pdf,
                artifacts_dir().join(format!("desktop_agenda_zones_{lang}_export.pdf")),
            );

            // Every row: Barcelona's time, then the east coast's, then the session.
            let rows: Vec<String> = SESSIONS
                .iter()
                .flat_map(|(start, end, there, title, _)| {
                    [format!("{start}–{end}"), there.to_string(), title.to_string()]
                })
                .collect();
            if find_on_path("pdftotext").is_some() {
                for (what, path) in [("printed", &printed), ("exported PDF", &pdf)] {
                    // Reading order keeps a wrapped title whole and each row's cells together.
                    let text = pdf_text(path);
                    let flat = folded(&text).to_lowercase();
                    for needed in ["barcelona", "(cest)", "(edt)", "boston", "northern virginia"] {
                        assert!(flat.contains(needed), "{lang} {what}: {needed:?} in\n{text}");
                    }
                    assert_words_in_order(&text, &rows, &format!("{lang} {what}"));
                }
            }
            let html_text = std::fs::read_to_string(&html).map_err(|e| e.to_string())?;
            for (start, end, there, _, _) in SESSIONS {
                let cells = format!(
                    "<td class=\"time\">{start}–{end}</td><td class=\"time\">{there}</td>"
                );
                assert!(html_text.contains(&cells), "{lang} HTML: {cells}");
            }
            assert!(html_text.contains("Barcelona (CEST)") && html_text.contains("Boston"));
            if find_on_path("unzip").is_some() {
                let xml = Command::new("unzip")
                    .arg("-p")
                    .arg(&docx)
                    .arg("word/document.xml")
                    .output()
                    .map_err(|e| e.to_string())?;
                let xml = String::from_utf8_lossy(&xml.stdout);
                assert!(xml.contains("Barcelona (CEST)"), "{lang} DOCX heading");
                assert_in_order(&xml, &rows, &format!("{lang} word/document.xml"));
            }
        }
        Ok(())
    })
    .await;
}
