//! The print pipeline: `print_to_pdf` prints what the window shows, through WebKitGTK's own
//! printing (the print stylesheet applies), to a PDF with real text. Linux only; needs a
//! display and tauri-driver like desktop_smoke.rs.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::time::Duration;

use peerplan_tests::desktop::{artifacts_dir, desktop_or_skip, find_on_path, DesktopApp};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn print_to_pdf_writes_what_the_page_shows() {
    let Some(desktop) = desktop_or_skip("desktop_print") else {
        return;
    };
    let app = DesktopApp::launch(&desktop)
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    let checks = async {
        app.wait_for_id("app", Duration::from_secs(20)).await?;
        // A marker the UI cannot contain, so the test does not depend on the UI's content.
        let marker = "Print check 7f3a Nairobi–Accra";
        app.run_async(
            "const p = document.createElement('p'); p.id = 'print-check'; \
             p.textContent = arguments[0]; document.body.appendChild(p); done(true);",
            vec![json!(marker)],
        )
        .await?;

        let pdf = artifacts_dir().join("desktop_print.pdf");
        std::fs::create_dir_all(artifacts_dir()).map_err(|e| e.to_string())?;
        let written = app
            .invoke("print_to_pdf", json!({ "path": pdf }))
            .await
            .map_err(|e| format!("print_to_pdf rejected: {e}"))?;
        assert_eq!(written, json!(pdf.display().to_string()));
        let bytes = std::fs::read(&pdf).map_err(|e| format!("{}: {e}", pdf.display()))?;
        assert!(bytes.starts_with(b"%PDF-"), "{} is a PDF", pdf.display());

        if find_on_path("pdftotext").is_some() {
            let output = Command::new("pdftotext")
                .arg("-layout")
                .arg(&pdf)
                .arg("-")
                .output()
                .map_err(|e| e.to_string())?;
            let text = String::from_utf8_lossy(&output.stdout);
            assert!(
                text.contains(marker),
                "the PDF has the page's text; pdftotext gave:\n{text}"
            );
        } else {
            eprintln!("desktop_print: no pdftotext, checked only that a PDF was written");
        }

        // A relative path is refused with the IPC error shape.
        let refused = app
            .invoke("print_to_pdf", json!({ "path": "agenda.pdf" }))
            .await
            .expect_err("a relative path is refused");
        assert_eq!(refused["code"], "bad_request", "{refused}");
        assert!(refused["fields"].is_array() && refused["warnings"].is_array());

        eprintln!("desktop_print: {} bytes at {}", bytes.len(), pdf.display());
        Ok::<(), String>(())
    }
    .await;

    let closed = app.close().await;
    checks.unwrap_or_else(|e| panic!("{e}"));
    closed.unwrap_or_else(|e| panic!("{e}"));
}
