//! Exchanges after the fact, in the real desktop app (issue 16, points 8 and 9), done as an
//! officer does it:
//!
//! * The 48-person learning alliance event in Ibadan is not flagged against the 5–15 norm of
//!   1:1 peer learning: size norms are settings per kind of partnership. Tightening the
//!   alliance norm in Settings flags it, with that norm.
//! * Attendance is set for a whole delegation at once, and "Mark all confirmed as attended"
//!   does the rest in one click.
//! * Marking an exchange held while its dates are ahead is warned about beside the status
//!   (not refused).
//!
//! Screenshots: `desktop_exchange_norms_*.png`. Run with `cargo build -p peerplan-app &&
//! xvfb-run -a -s "-screen 0 1366x768x24" cargo test -p peerplan-tests --test
//! desktop_exchange_norms -- --test-threads=1`.

use peerplan_tests::officer::{scenario, Officer, WAIT};
use serde_json::{json, Value};

const EVENT: &str = "Regional learning event on budget preparation";

/// (member id or "", attendance) of every participant of the exchange.
async fn attendance(
    app: &peerplan_tests::desktop::DesktopApp,
    id: &str,
) -> Result<Vec<(String, String)>, String> {
    let detail: Value = app.call("get_exchange", json!({ "id": id })).await?;
    Ok(detail["participants"]
        .as_array()
        .ok_or("participants")?
        .iter()
        .map(|p| {
            (
                p["participant"]["member_id"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                p["participant"]["attendance"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect())
}

async fn open_event(
    ui: &Officer<'_>,
    app: &peerplan_tests::desktop::DesktopApp,
    id: &str,
) -> Result<(), String> {
    app.run_async(
        "location.hash = arguments[0]; done(true);",
        vec![json!(format!("#/exchanges/{id}"))],
    )
    .await?;
    ui.on_page(EVENT).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn norms_follow_the_kind_attendance_is_set_in_bulk_and_held_too_early_is_warned() {
    scenario("desktop_exchange_norms", async |app, ui| {
        app.wait_for_id("app", WAIT).await?;
        app.call("load_example_data", json!({ "confirm": true }))
            .await?;
        let list = app
            .call(
                "list_exchanges",
                json!({ "query": { "text": "Ibadan", "when": "all" } }),
            )
            .await?;
        let id = list["rows"][0]["id"]
            .as_str()
            .ok_or("the Ibadan event")?
            .to_string();
        open_event(ui, app, &id).await?;

        // ---- 9. the alliance's own norms ----
        ui.visible_with(
            "[data-testid=size-summary]",
            &["48 people coming", "10–80 people"],
        )
        .await?;
        let warnings = ui.texts("[data-testid=participant-warnings] li").await?;
        assert!(
            warnings.iter().all(|w| !w.contains("usually has")),
            "no size warning for the 48-person alliance event: {warnings:?}"
        );
        ui.click("[data-testid=nav-settings]").await?;
        ui.on_page("Settings").await?;
        ui.visible_with(
            "[data-testid=norms-table]",
            &["Learning alliance", "1:1 peer learning and twinning"],
        )
        .await?;
        ui.fill(
            "[data-testid=norms-table] input[name=alliance_size_max]",
            "40",
        )
        .await?;
        ui.screenshot("1_settings").await?;
        ui.click("[data-testid=settings-form] [data-testid=save]")
            .await?;
        ui.gone("[data-testid=settings-form] .dirty-note").await?;
        let norms = app.call("get_settings", json!({})).await?;
        assert_eq!(norms["norms"]["alliance_size_max"], 40, "{norms}");
        assert_eq!(
            norms["norms"]["exchange_size_max"], 15,
            "the 1:1 norm is untouched"
        );
        open_event(ui, app, &id).await?;
        ui.visible_with(
            "[data-testid=participant-warnings]",
            &["usually has 10–40 people; this one has 48"],
        )
        .await?;

        // ---- 8. a whole delegation at once, then every confirmed person attended ----
        let before = attendance(app, &id).await?;
        let member = before
            .iter()
            .map(|(m, _)| m.clone())
            .find(|m| !m.is_empty())
            .ok_or("a member's delegation")?;
        let group = format!("[data-testid=participant-group][data-member-id=\"{member}\"]");
        ui.choose_value(
            &format!("{group} [data-testid=bulk-attendance]"),
            "confirmed",
        )
        .await?;
        ui.until("the delegation confirmed", async || {
            let now = attendance(app, &id).await?;
            Ok(now
                .iter()
                .filter(|(m, _)| *m == member)
                .all(|(_, a)| a == "confirmed")
                .then_some(()))
        })
        .await?;
        let after = attendance(app, &id).await?;
        for ((m0, a0), (m1, a1)) in before.iter().zip(&after) {
            if *m0 != member {
                assert_eq!((m0, a0), (m1, a1), "other delegations unchanged");
            }
        }
        let confirmed = after.iter().filter(|(_, a)| a == "confirmed").count();
        ui.visible_with(
            "[data-testid=mark-confirmed-attended]",
            &[&format!("Mark all {confirmed} confirmed as attended")],
        )
        .await?;
        ui.screenshot("2_bulk").await?;
        ui.click("[data-testid=mark-confirmed-attended]").await?;
        ui.gone("[data-testid=mark-confirmed-attended]").await?;
        let done = attendance(app, &id).await?;
        assert!(done.iter().all(|(_, a)| a == "attended"), "{done:?}");

        // ---- 8. held, with its dates still ahead: warned beside the status ----
        let form = "[data-testid=exchange-form]";
        ui.fill(&format!("{form} input[name=start_date]"), "2099-03-02")
            .await?;
        ui.fill(&format!("{form} input[name=end_date]"), "2099-03-03")
            .await?;
        ui.click(&format!("{form} [data-testid=save]")).await?;
        let (_, beside) = ui
            .visible_with(
                &format!("{form} .field-warning[data-field=status]"),
                &["marked held", "2 March 2099", "still ahead"],
            )
            .await?;
        assert!(beside.contains("check the status or the dates"), "{beside}");
        ui.gone(&format!("{form} .dirty-note")).await?;
        let stored = app.call("get_exchange", json!({ "id": id })).await?;
        assert_eq!(
            stored["exchange"]["start_date"], "2099-03-02",
            "saved: a warning, not a refusal"
        );
        ui.screenshot("3_held_ahead").await?;
        Ok(())
    })
    .await;
}
