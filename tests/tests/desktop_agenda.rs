//! The agenda builder in the real desktop app (issue 5): an officer builds a two-day agenda
//! for a new exchange of the example NAP partnership, reorders a session (the times follow),
//! sees who leads, prints the agenda in French and exports it as PDF, Word and calendar files.
//!
//! The export buttons open a native save dialog, which WebDriver cannot drive, so the files
//! are written through the same command with an explicit `path`. Printing goes through
//! `print_to_pdf` (WebKitGTK's own print pipeline, the print stylesheet applies). Artifacts:
//! `desktop_agenda_*.png`, `desktop_agenda_print.pdf`, `desktop_agenda_export.pdf`. Run with
//! `cargo build -p peerplan-app && xvfb-run -a -s "-screen 0 1366x768x24" cargo test -p
//! peerplan-tests --test desktop_agenda -- --test-threads=1`.

use std::process::Command;
use std::time::Duration;

use peerplan_tests::agenda::{add_day, add_session, shown_sessions};
use peerplan_tests::desktop::{artifacts_dir, find_on_path};
use peerplan_tests::officer::{scenario, Officer};
use peerplan_tests::text::{assert_in_order, assert_words_in_order, pdf_layout_text, pdf_text};
use serde_json::{json, Value};

const PARTNERSHIP: &str = "Ghana–Kenya peer learning on NAP monitoring and evaluation";

fn in_order(text: &str, needles: &[&str], what: &str) {
    assert_in_order(text, needles, what);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_builds_reorders_prints_and_exports_a_two_day_agenda() {
    scenario("desktop_agenda", async |app, officer| {
        app.wait_for_id("app", Duration::from_secs(20)).await?;
        app.call("load_example_data", json!({ "confirm": true })).await?;
        // A new in-person exchange of the NAP partnership, hosted by Kenya: its agenda is empty.
        let page = app.call("list_partnerships",
            json!({ "query": { "text": "NAP monitoring" } }),
        )
        .await?;
        let pid = page["rows"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["title"] == PARTNERSHIP))
            .and_then(|r| r["id"].as_str())
            .ok_or_else(|| format!("no {PARTNERSHIP} in {page}"))?
            .to_string();
        let detail = app.call("get_partnership", json!({ "id": pid })).await?;
        let member = |code: &str| {
            detail["members"]
                .as_array()
                .and_then(|m| m.iter().find(|m| m["country_code"] == code))
                .and_then(|m| m["id"].as_str())
                .map(str::to_string)
                .ok_or_else(|| format!("no member {code} in {detail}"))
        };
        let kenya = member("KE")?;
        member("GH")?;
        let saved = app.call("save_exchange",
            json!({ "id": null, "data": {
                "partnership_id": pid, "title": "Return visit: Makueni county finance",
                "format": "in_person", "host_member_id": kenya, "venue": "Makueni County offices",
                "city": "Wote", "country_code": "KE", "start_date": "2027-05-11",
                "end_date": "2027-05-12", "time_zone": "Africa/Nairobi",
                "objectives": "See how a county ties climate finance to NAP priorities.",
                "status": "planned" } }),
        )
        .await?;
        let exchange = saved["record"]["id"]
            .as_str()
            .ok_or("no exchange id")?
            .to_string();

        // ---- from the exchange's page to its agenda ----
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{exchange}"))],
        )
        .await?;
        officer.click("[data-testid=open-agenda]").await?;
        officer
            .on_page("Agenda: Return visit: Makueni county finance")
            .await?;
        officer.visible("[data-testid=shift-times]").await?;

        // ---- day 1 (the exchange's first day is offered) ----
        let day1 = add_day(officer, "County climate finance").await?;
        add_session(
            officer,
            &day1,
            Some(("09:00", "09:30")),
            "Welcome and objectives",
            "Opening",
            &["Kenya"],
        )
        .await?;
        // Times follow the previous session by default: 09:30–10:30.
        add_session(
            officer,
            &day1,
            None,
            "Makueni's County Climate Change Fund",
            "Presentation",
            &["Kenya"],
        )
        .await?;
        add_session(
            officer,
            &day1,
            Some(("10:30", "10:45")),
            "Coffee break",
            "Break",
            &[],
        )
        .await?;
        add_session(
            officer,
            &day1,
            Some(("10:45", "12:15")),
            "Ghana's district reporting, compared",
            "Panel",
            &["Ghana"],
        )
        .await?;

        // ---- day 2, the next day is offered ----
        let day2 = add_day(officer, "").await?;
        add_session(
            officer,
            &day2,
            Some(("08:30", "12:00")),
            "Site visit: Kaiti sand dam",
            "Site",
            &["Kenya"],
        )
        .await?;
        add_session(
            officer,
            &day2,
            Some(("12:00", "13:00")),
            "Agreements and next steps",
            "Closing",
            &["Ghana"],
        )
        .await?;
        let text = officer.page_text().await;
        assert!(text.contains("Day 2 · "), "{text}");

        assert_eq!(
            shown_sessions(officer, &day1).await?,
            [
                "09:00–09:30 Welcome and objectives",
                "09:30–10:30 Makueni's County Climate Change Fund",
                "10:30–10:45 Coffee break",
                "10:45–12:15 Ghana's district reporting, compared",
            ]
        );

        // ---- reorder: the coffee break moves up one place; the times follow ----
        let coffee = "[data-testid=agenda-session]:nth-child(3) [data-testid=move-up]";
        officer.click(coffee).await?;
        officer
            .until(
                "the coffee break second, with times in sequence",
                async || {
                    let now = shown_sessions(officer, &day1).await?;
                    Ok((now
                        == [
                            "09:00–09:30 Welcome and objectives",
                            "09:30–09:45 Coffee break",
                            "09:45–10:45 Makueni's County Climate Change Fund",
                            "10:45–12:15 Ghana's district reporting, compared",
                        ])
                    .then_some(()))
                },
            )
            .await?;
        officer.screenshot("builder").await?;

        // ---- the agenda becomes a template, and another exchange starts from it ----
        officer.click("[data-testid=save-as-template]").await?;
        officer
            .fill("[data-testid=template-name]", "Two-day county visit")
            .await?;
        officer.click("[data-testid=confirm-ok]").await?;
        officer
            .until("the template saved", async || {
                let list = app.call("list_agenda_templates", json!({})).await?;
                Ok((list[0]["name"] == "Two-day county visit").then_some(()))
            })
            .await?;
        let other = app.call("save_exchange",
            json!({ "id": null, "data": {
                "partnership_id": pid, "title": "Second county visit",
                "format": "in_person", "host_member_id": kenya, "start_date": "2027-09-07",
                "end_date": "2027-09-08", "time_zone": "Africa/Nairobi", "status": "planned" } }),
        )
        .await?;
        let other = other["record"]["id"]
            .as_str()
            .ok_or("no exchange id")?
            .to_string();
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{other}/agenda"))],
        )
        .await?;
        officer.on_page("Agenda: Second county visit").await?;
        officer.click("[data-testid=start-from-template]").await?;
        officer
            .choose("[data-testid=template-choice]", "Two-day county visit")
            .await?;
        officer.click("[data-testid=confirm-ok]").await?;
        officer
            .until(
                "six sessions from the template on 7 and 8 September",
                async || {
                    let titles = officer.texts("[data-testid=session-title]").await?;
                    let days = officer.texts("[data-testid=agenda-day] h2").await?;
                    Ok((titles.len() == 6
                        && titles[1] == "Coffee break"
                        && days.first().is_some_and(|d| {
                            d.contains("September 7, 2027") || d.contains("7 September 2027")
                        }))
                    .then_some(()))
                },
            )
            .await?;
        // Leads are not carried over: each exchange's members choose who leads.
        let rows = officer.texts("[data-testid=balance-row]").await?;
        assert!(
            rows.iter()
                .any(|r| r.contains("The broker, or no member") && r.contains("5 (100%)")),
            "{rows:?}"
        );
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{exchange}/agenda"))],
        )
        .await?;
        officer
            .on_page("Agenda: Return visit: Makueni county finance")
            .await?;

        // ---- who leads: Kenya 3 of 5 sessions, Ghana 2 (the break does not count) ----
        let rows = officer.texts("[data-testid=balance-row]").await?;
        assert!(
            rows.iter()
                .any(|r| r.contains("Kenya (KE)") && r.contains("3 (60%)")),
            "{rows:?}"
        );
        assert!(
            rows.iter()
                .any(|r| r.contains("Ghana (GH)") && r.contains("2 (40%)")),
            "{rows:?}"
        );

        // ---- printed in French: the print view, through WebKitGTK's print pipeline ----
        officer
            .choose_value("[data-testid=agenda-language]", "fr")
            .await?;
        officer
            .until("the French print view", async || {
                let html: Value = app
                    .run_async(
                        "done(document.querySelector('[data-testid=print-agenda]').textContent);",
                        vec![],
                    )
                    .await?;
                Ok(html
                    .as_str()
                    .is_some_and(|t| t.contains("Jour 2"))
                    .then_some(()))
            })
            .await?;
        std::fs::create_dir_all(artifacts_dir()).map_err(|e| e.to_string())?;
        let printed = artifacts_dir().join("desktop_agenda_print.pdf");
        app.call("print_to_pdf", json!({ "path": printed })).await?;
        let out = tempfile::Builder::new()
            .prefix("peerplan-agenda-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let pdf = out.path().join("agenda.pdf");
        let docx = out.path().join("agenda.docx");
        let ics = out.path().join("agenda.ics");
        for (format, path) in [("pdf", &pdf), ("docx", &docx), ("ics", &ics)] {
            let written = app.call("save_agenda_export",
                json!({ "exchange_id": exchange, "format": format, "ics_per_day": false, "path": path }),
            )
            .await?;
            assert_eq!(written, json!(path.display().to_string()));
        }
        let _ = std::fs::copy(&pdf, artifacts_dir().join("desktop_agenda_export.pdf"));
        let order = [
            "Welcome and objectives",
            "Coffee break",
            "Makueni's County Climate Change Fund",
            "Ghana's district reporting, compared",
            "Site visit: Kaiti sand dam",
            "Agreements and next steps",
        ];
        if find_on_path("pdftotext").is_some() {
            let printed_text = pdf_layout_text(&printed);
            // The French labels (the eyebrow prints in capitals).
            in_order(
                &printed_text.to_lowercase(),
                &[
                    "programme",
                    "return visit: makueni county finance",
                    "jour 1 · mardi 11 mai 2027",
                    // Kenya hosts; Ghana's members read their own time beside it.
                    "wote (eat)",
                    "(gmt)",
                    "animée par",
                    "jour 2",
                ],
                "printed",
            );
            // In reading order: a title wrapped in its cell stays whole (with several time
            // columns the session column is narrow).
            in_order(&pdf_text(&printed), &order, "printed sessions");
            assert!(
                !printed_text.contains("Add session"),
                "no app chrome on paper:\n{printed_text}"
            );
            let exported = pdf_layout_text(&pdf);
            in_order(
                &exported,
                &["09:00", "Welcome and objectives", "09:30", "Coffee break"],
                "exported PDF",
            );
            assert_words_in_order(&exported, &order, "exported PDF sessions");
        } else {
            eprintln!("desktop_agenda: no pdftotext, the PDFs' text was not read back");
        }
        // The Word file opens as a zip with the sessions in its document, in order.
        let bytes = std::fs::read(&docx).map_err(|e| e.to_string())?;
        assert!(bytes.starts_with(b"PK"), "the .docx is a zip package");
        if find_on_path("unzip").is_some() {
            let xml = Command::new("unzip")
                .arg("-p")
                .arg(&docx)
                .arg("word/document.xml")
                .output()
                .map_err(|e| e.to_string())?;
            let xml = String::from_utf8_lossy(&xml.stdout).replace("&apos;", "'");
            in_order(&xml, &order, "word/document.xml");
        }
        // One calendar event per session, in the venue's time zone.
        let calendar = std::fs::read_to_string(&ics).map_err(|e| e.to_string())?;
        assert_eq!(
            calendar
                .lines()
                .filter(|l| l.trim() == "BEGIN:VEVENT")
                .count(),
            6,
            "{calendar}"
        );
        assert!(
            calendar.contains("DTSTART;TZID=Africa/Nairobi:20270511T090000"),
            "{calendar}"
        );

        // ---- a virtual exchange: each member's local time beside every session ----
        let list = app.call("list_exchanges",
            json!({ "query": { "text": "piloting shared indicators", "when": "all" } }),
        )
        .await?;
        let virtual_id = list["rows"][0]["id"]
            .as_str()
            .ok_or_else(|| format!("no virtual exchange in {list}"))?
            .to_string();
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{virtual_id}/agenda"))],
        )
        .await?;
        officer
            .on_page("Agenda: Virtual exchange: piloting shared indicators")
            .await?;
        let local = officer.texts("[data-testid=local-times]").await?;
        // Nairobi (the venue) is UTC+3, Accra UTC+0: Kenya's 12:15 is Ghana's 09:15.
        assert!(
            local
                .iter()
                .any(|t| t.contains("Ghana (GH): 09:15–10:00")
                    && t.contains("Kenya (KE): 12:15–13:00")),
            "{local:?}"
        );
        officer.screenshot("virtual").await?;
        Ok(())
    })
    .await;
}

/// Real pointer input through the X server: WebKitWebDriver does not perform pointer actions
/// (it answers them with an empty error), and a synthetic drag in the page would not go
/// through WebKitGTK's drag-and-drop at all.
fn xdotool(args: &[String]) -> Result<String, String> {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .map_err(|e| format!("xdotool could not be run ({e}): apt-get install xdotool"))?;
    if !out.status.success() {
        return Err(format!(
            "xdotool {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_dragged_to_the_top_of_its_day_moves_there_and_the_times_follow() {
    scenario("desktop_agenda_drag", async |app, officer| {
        app.wait_for_id("app", Duration::from_secs(20)).await?;
        app.call("load_example_data", json!({ "confirm": true })).await?;
        let list = app.call("list_exchanges",
            json!({ "query": { "text": "Study visit: Ghana", "when": "all" } }),
        )
        .await?;
        let id = list["rows"][0]["id"]
            .as_str()
            .ok_or("no study visit")?
            .to_string();
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{id}/agenda"))],
        )
        .await?;
        officer.visible("[data-testid=agenda-session]").await?;
        let day = "[data-testid=agenda-day]:first-of-type";
        let titles = officer
            .texts(&format!("{day} [data-testid=session-title]"))
            .await?;
        assert_eq!(titles[3], "Coffee break", "{titles:?}");
        // Where the rows are in the window: the fourth (the coffee break) is dragged onto the
        // top edge of the first.
        let rects = app
            .run_async(
                "const rows = [...document.querySelectorAll('[data-testid=agenda-day]')[0].querySelectorAll('li[data-testid=agenda-session]')];\
                 rows[0].scrollIntoView({ block: 'center' });\
                 const box = (i) => rows[i].getBoundingClientRect();\
                 done({ from: [box(3).left + 200, box(3).top + box(3).height / 2], to: [box(0).left + 200, box(0).top + 6],\
                        chrome: window.outerHeight - window.innerHeight });",
                vec![],
            )
            .await?;
        let number = |v: &Value| v.as_f64().unwrap_or_default().round() as i64;
        let chrome = number(&rects["chrome"]);
        let (from_x, from_y) = (
            number(&rects["from"][0]),
            number(&rects["from"][1]) + chrome,
        );
        let (to_x, to_y) = (number(&rects["to"][0]), number(&rects["to"][1]) + chrome);
        let window = xdotool(&["search".into(), "--name".into(), "PeerPlan".into()])?
            .lines()
            .last()
            .ok_or("no PeerPlan window on the X display")?
            .to_string();
        let pause = Duration::from_millis(60);
        let at = |x: i64, y: i64| -> Vec<String> {
            vec![
                "mousemove".into(),
                "--window".into(),
                window.clone(),
                x.to_string(),
                y.to_string(),
            ]
        };
        xdotool(&at(from_x, from_y))?;
        std::thread::sleep(pause);
        xdotool(&["mousedown".into(), "1".into()])?;
        for step in 1..=20 {
            std::thread::sleep(pause);
            xdotool(&at(to_x, from_y + (to_y - from_y) * step / 20))?;
        }
        std::thread::sleep(pause);
        xdotool(&["mouseup".into(), "1".into()])?;
        // "Keep times in sequence" is on by default: the break opens the day at 08:30.
        officer
            .until("the coffee break first, its times following", async || {
                let now = shown_sessions(officer, &first_day_id(officer).await?).await?;
                Ok(
                    (now.first().map(String::as_str) == Some("08:30–08:50 Coffee break")
                        && now.get(1).map(String::as_str)
                            == Some("08:50–09:20 Arrival and registration"))
                    .then_some(()),
                )
            })
            .await?;
        officer.screenshot("dragged").await?;
        Ok(())
    })
    .await;
}

async fn first_day_id(officer: &Officer<'_>) -> Result<String, String> {
    let days = officer.shown("[data-testid=agenda-day]").await?;
    let (day, _) = days.first().ok_or("no agenda day")?;
    day.attr("data-day-id")
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "a day without its id".to_string())
}

/// The balance row of `label` in a `get_agenda` answer: (sessions, minutes).
fn balance_of(agenda: &Value, label: &str) -> Result<(i64, i64), String> {
    let rows = agenda["balance"]["rows"]
        .as_array()
        .ok_or_else(|| format!("no balance in {agenda}"))?;
    Ok(rows
        .iter()
        .find(|r| r["label"].as_str().is_some_and(|l| l.starts_with(label)))
        .map(|r| {
            (
                r["sessions"].as_i64().unwrap_or(0),
                r["minutes"].as_i64().unwrap_or(0),
            )
        })
        .unwrap_or((0, 0)))
}

/// Issue 16, point 7: a session led jointly by Kenya and Ghana is recorded as such, counts
/// for both in "Who leads" with its time shared, and shows in the partnership's mutuality
/// section and its summary PDF.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_led_jointly_counts_for_both_members() {
    scenario("desktop_agenda_joint", async |app, officer| {
        app.wait_for_id("app", Duration::from_secs(20)).await?;
        app.call("load_example_data", json!({ "confirm": true }))
            .await?;
        let list = app
            .call(
                "list_exchanges",
                json!({ "query": { "text": "Study visit: Ghana", "when": "all" } }),
            )
            .await?;
        let exchange = list["rows"][0]["id"]
            .as_str()
            .ok_or_else(|| format!("no study visit in {list}"))?
            .to_string();
        let before = app
            .call("get_agenda", json!({ "exchange_id": exchange }))
            .await?;
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{exchange}/agenda"))],
        )
        .await?;
        officer
            .on_page("Agenda: Study visit: Ghana's NAP indicator framework")
            .await?;
        // "Reflections of the day" (16:30–17:00) is led by no member; both lead it now.
        let row = officer
            .until("the reflections session", async || {
                for (el, text) in officer.shown("[data-testid=agenda-session]").await? {
                    if text.contains("Reflections of the day") {
                        return Ok(Some(el));
                    }
                }
                Ok(None)
            })
            .await?;
        row.find(fantoccini::Locator::Css("[data-testid=edit-session]"))
            .await
            .map_err(|e| e.to_string())?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        let form = "[data-testid=session-form]";
        for lead in ["Kenya", "Ghana"] {
            officer
                .click_text(&format!("{form} [data-testid=session-leads] label"), lead)
                .await?;
        }
        officer.screenshot("form").await?;
        officer.click("[data-testid=save-session]").await?;
        officer.gone(form).await?;
        let after = app
            .call("get_agenda", json!({ "exchange_id": exchange }))
            .await?;
        for member in ["Kenya", "Ghana"] {
            let (s0, m0) = balance_of(&before, member)?;
            let (s1, m1) = balance_of(&after, member)?;
            assert_eq!(
                (s1, m1),
                (s0 + 1, m0 + 15),
                "{member}: one more session, half its 30 minutes"
            );
        }
        let (s0, m0) = balance_of(&before, "The broker")?;
        assert_eq!(balance_of(&after, "The broker")?, (s0 - 1, m0 - 30));
        // The session says who leads it, and the table shows Kenya's new count.
        officer
            .visible_with(
                "[data-testid=agenda-session]",
                &["Reflections of the day", "Kenya (KE) & Ghana (GH)"],
            )
            .await
            .or(officer
                .visible_with(
                    "[data-testid=agenda-session]",
                    &["Reflections of the day", "Ghana (GH) & Kenya (KE)"],
                )
                .await)?;
        let (kenya_sessions, _) = balance_of(&after, "Kenya")?;
        let rows = officer.texts("[data-testid=balance-row]").await?;
        assert!(
            rows.iter()
                .any(|r| r.starts_with("Kenya (KE)") && r.contains(&format!("{kenya_sessions} ("))),
            "{rows:?}"
        );
        officer.screenshot("who_leads").await?;

        // The partnership's mutuality section shows the sessions each member led.
        let pid = after["exchange"]["partnership_id"]
            .as_str()
            .ok_or("the partnership")?
            .to_string();
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/partnerships/{pid}"))],
        )
        .await?;
        let (_, chart) = officer
            .visible_with(
                "[data-testid=chart-sessions-led]",
                &["Agenda sessions led", "Kenya (KE)", "Ghana (GH)"],
            )
            .await?;
        officer
            .scroll_to(&officer.visible("[data-testid=chart-sessions-led]").await?)
            .await?;
        officer.screenshot("mutuality").await?;
        assert!(chart.contains("Kenya (KE)"), "{chart}");
        officer
            .visible_with("[data-testid=mutuality]", &["counts for each of its leads"])
            .await?;
        // And the summary PDF.
        if find_on_path("pdftotext").is_some() {
            let out = tempfile::tempdir().map_err(|e| e.to_string())?;
            let pdf = out.path().join("summary.pdf");
            app.call(
                "save_summary_pdf",
                json!({ "partnership_id": pid, "letter": false, "path": pdf }),
            )
            .await?;
            let text = pdf_text(&pdf);
            assert!(
                text.contains("Agenda sessions led: Ghana (GH)")
                    || text.contains("Agenda sessions led: Kenya (KE)"),
                "{text}"
            );
        }
        Ok(())
    })
    .await;
}
