//! Follow-up in the real desktop app, driven through its UI under WebDriver: on the example
//! portfolio the officer sees what is overdue at start, opens the Follow-up dashboard and finds
//! the Ghana–Kenya partnership going quiet with its figure, logs a contact dated today each way
//! between its two members and sees the flag go, then adds an action due in the past (after
//! a refused save shows the core's error beside the field) and sees the overdue count rise.
//!
//! Clicks and typing as a user does; the app's own commands are called only to learn today's
//! figures (the days since the last contact depend on the date the test runs). Screenshots
//! go to the artifacts folder (`desktop_followup_*.png`). Needs a display and tauri-driver
//! (see tests/src/desktop.rs); run with `cargo build -p peerplan-app && xvfb-run -a -s
//! "-screen 0 1366x768x24" cargo test -p peerplan-tests --test desktop_followup --
//! --test-threads=1`.

use std::time::Instant;

use peerplan_tests::desktop::{desktop_or_skip, DesktopApp};
use peerplan_tests::officer::{Officer, WAIT};
use serde_json::{json, Value};

const PARTNERSHIP: &str = "Ghana–Kenya peer learning on NAP monitoring and evaluation";
const LATE_ACTION: &str = "Send Ghana the county data collection forms";
const LESSON: &str = "The monthly call lapsed when both coordinators were in budget season";
const CHECKLIST_ACTION: &str = "Ask both teams which messaging tool their ministries allow";

async fn overdue_badge(ui: &Officer<'_>) -> Result<u64, String> {
    let texts = ui.texts("[data-testid=overdue-badge]").await?;
    Ok(texts
        .first()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0))
}

/// Waits until the sidebar's overdue badge reads `n`.
async fn badge_reads(ui: &Officer<'_>, n: u64) -> Result<(), String> {
    ui.until(&format!("the overdue badge to read {n}"), async || {
        Ok((overdue_badge(ui).await? == n).then_some(()))
    })
    .await
}

/// Logs a contact dated `date` from `from` to `to` (labels of the members), both ways.
async fn log_contact(
    ui: &Officer<'_>,
    date: &str,
    from: &str,
    to: &str,
    summary: &str,
) -> Result<(), String> {
    ui.click("[data-testid=add-contact]").await?;
    let form = "[data-testid=contact-form]";
    ui.visible(form).await?;
    ui.type_date(&format!("{form} input[name=contact_date]"), date)
        .await?;
    ui.choose(&format!("{form} select[name=from_member_id]"), from)
        .await?;
    ui.choose(&format!("{form} select[name=to_member_id]"), to)
        .await?;
    ui.choose(&format!("{form} select[name=channel]"), "Call")
        .await?;
    ui.choose(&format!("{form} select[name=direction]"), "Both ways")
        .await?;
    ui.fill(
        &format!("{form} input[name=participants]"),
        "Wanjiru Kamau; Ama Owusu-Ansah",
    )
    .await?;
    ui.fill(&format!("{form} textarea[name=summary]"), summary)
        .await?;
    ui.click("[data-testid=save-contact]").await?;
    ui.gone(form).await?;
    ui.visible_with(
        "[data-testid=contact-timeline] li",
        &[&format!("{from} → {to}"), summary],
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_revives_a_quiet_partnership_and_sees_the_dashboard_follow() {
    let Some(desktop) = desktop_or_skip("desktop_followup") else {
        return;
    };
    let started = Instant::now();
    let temp = tempfile::Builder::new()
        .prefix("peerplan-followup-")
        .tempdir()
        .expect("a temporary folder");
    let data_dir = temp.path().join("data");
    // The example portfolio, seeded before launch (the same as "Load example data").
    std::fs::create_dir_all(&data_dir).expect("the data folder");
    {
        let mut store =
            peerplan_core::Store::open(&data_dir.join(peerplan_core::paths::DATABASE_FILE_NAME))
                .expect("a store");
        peerplan_core::demo::load(&mut store).expect("the example portfolio");
    }
    let driver_temp = tempfile::Builder::new()
        .prefix("peerplan-followup-driver-")
        .tempdir()
        .expect("a temporary folder");
    let app = DesktopApp::launch_with(&desktop, driver_temp, data_dir, &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let result = follow_up(&app).await;
    let closed = app.close().await;
    result.unwrap_or_else(|e| panic!("{e}"));
    closed.unwrap_or_else(|e| panic!("closing the app: {e}"));
    eprintln!(
        "desktop_followup: whole test {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

async fn follow_up(app: &DesktopApp) -> Result<(), String> {
    let ui = Officer::new(app, "desktop_followup");
    app.wait_for_id("app", WAIT).await?;

    // Today's figures, as the core computes them (they depend on the date of the run).
    let board: Value = app
        .invoke("follow_up_dashboard", json!({}))
        .await
        .map_err(|e| format!("follow_up_dashboard rejected: {e}"))?;
    let today = board["today"].as_str().ok_or("no today")?.to_string();
    let quiet = board["going_quiet"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["title"] == PARTNERSHIP))
        .ok_or_else(|| {
            format!("the example's {PARTNERSHIP} is not going quiet on {today}: {board}")
        })?;
    let days = quiet["days"].as_u64().ok_or("no days")?;
    assert_eq!(quiet["basis"], "contact", "{quiet}");
    let quiet_figure = format!("{days} days since the last contact");
    let overdue_before = board["overdue"].as_array().map_or(0, Vec::len) as u64;
    assert!(
        overdue_before > 0,
        "the example has overdue actions: {board}"
    );

    // At start: what is overdue today, with the count on the sidebar.
    ui.visible_with(
        "[data-testid=overdue-notice]",
        &[
            &format!("{overdue_before} follow-up action"),
            "overdue today",
        ],
    )
    .await?;
    badge_reads(&ui, overdue_before).await?;
    ui.screenshot("1_start_overdue_notice").await?;
    ui.click("[data-testid=dismiss-notice]").await?;
    ui.gone("[data-testid=overdue-notice]").await?;

    // The dashboard flags the quiet partnership, with its figure.
    ui.click("[data-testid=nav-follow-up]").await?;
    ui.on_page("Follow-up").await?;
    ui.visible_with(
        "[data-testid=followup-quiet] li",
        &[PARTNERSHIP, &quiet_figure],
    )
    .await?;
    ui.visible_with("[data-testid=followup-one-sided] li", &["initiated", "%)"])
        .await?;
    ui.screenshot("2_dashboard").await?;
    let (one_sided, _) = ui
        .visible_with("[data-testid=followup-one-sided] li", &["initiated", "%)"])
        .await?;
    ui.scroll_to(&one_sided).await?;
    ui.screenshot("2b_dashboard_one_sided").await?;

    // Open it from its row: the page says the same.
    ui.click_text("[data-testid=followup-quiet] li a", PARTNERSHIP)
        .await?;
    ui.on_page(PARTNERSHIP).await?;
    ui.visible_with("[data-testid=flag-quiet]", &[&quiet_figure])
        .await?;

    // A call each way, today: the partnership is no longer quiet.
    log_contact(
        &ui,
        &today,
        "Kenya (KE)",
        "Ghana (GH)",
        "Kenya shared its revised pilot indicators",
    )
    .await?;
    log_contact(
        &ui,
        &today,
        "Ghana (GH)",
        "Kenya (KE)",
        "Ghana commented on the revised indicators",
    )
    .await?;
    ui.gone("[data-testid=flag-quiet]").await?;
    let mutuality = ui.visible("[data-testid=chart-initiated]").await?;
    ui.scroll_to(&mutuality).await?;
    ui.screenshot("3_contacts_logged").await?;

    ui.click("[data-testid=nav-follow-up]").await?;
    ui.on_page("Follow-up").await?;
    ui.visible("[data-testid=followup-overdue]").await?;
    ui.until("the quiet flag to leave the dashboard", async || {
        let rows = ui.texts("[data-testid=followup-quiet]").await?;
        Ok((!rows.is_empty() && rows.iter().all(|t| !t.contains(PARTNERSHIP))).then_some(()))
    })
    .await?;
    ui.screenshot("4_dashboard_after_contact").await?;

    // An action due in the past: refused first without its "what", then saved; overdue rises.
    ui.click_text("[data-testid=followup-overdue] li a", PARTNERSHIP)
        .await?;
    ui.on_page(PARTNERSHIP).await?;
    ui.click("[data-testid=add-action]").await?;
    let form = "[data-testid=action-form]";
    ui.visible(form).await?;
    ui.click("[data-testid=save-action]").await?;
    let (_, message) = ui
        .visible_with(&format!("{form} .field-error[data-field=what]"), &[])
        .await?;
    assert!(!message.trim().is_empty(), "the core's message beside What");
    ui.screenshot("5_action_refused").await?;
    ui.fill(&format!("{form} input[name=what]"), LATE_ACTION)
        .await?;
    ui.choose(&format!("{form} select[name=owner_member_id]"), "Kenya")
        .await?;
    ui.choose(&format!("{form} select[name=exchange_id]"), "Study visit")
        .await?;
    let past = past_date(&today);
    ui.type_date(&format!("{form} input[name=due_date]"), &past)
        .await?;
    ui.click("[data-testid=save-action]").await?;
    ui.gone(form).await?;
    ui.visible_with(
        "[data-testid=action-table] tr.is-overdue",
        &[LATE_ACTION, "overdue", "Agreed at Study visit"],
    )
    .await?;
    ui.visible_with("[data-testid=flag-overdue]", &[LATE_ACTION])
        .await?;
    badge_reads(&ui, overdue_before + 1).await?;

    ui.click("[data-testid=nav-follow-up]").await?;
    ui.on_page("Follow-up").await?;
    ui.visible_with(
        "[data-testid=followup-overdue] li",
        &[PARTNERSHIP, LATE_ACTION, "days overdue"],
    )
    .await?;
    ui.screenshot("6_overdue_risen").await?;

    // The reflection checklist: an answer that plans an action (no date: not overdue).
    ui.click_text("[data-testid=followup-overdue] li a", PARTNERSHIP)
        .await?;
    ui.on_page(PARTNERSHIP).await?;
    let answer = "[data-testid=answer-form][data-question='stay_connected.time']";
    ui.choose(&format!("{answer} select[name=status]"), "Planned")
        .await?;
    ui.fill(
        &format!("{answer} input[name=note]"),
        "Agree on one channel",
    )
    .await?;
    ui.click(&format!("{answer} [data-testid=create-action-from-answer]"))
        .await?;
    ui.fill(
        &format!("{answer} input[name='actions.0.what']"),
        CHECKLIST_ACTION,
    )
    .await?;
    // The form asks who does it (issue 16).
    ui.choose(
        &format!("{answer} [data-testid=answer-action-owner]"),
        "Kenya",
    )
    .await?;
    ui.click(&format!("{answer} [data-testid=save-answer]"))
        .await?;
    ui.visible_with(
        "[data-testid=action-table] tr",
        &[CHECKLIST_ACTION, "no date", "Kenya"],
    )
    .await?;
    ui.visible_with("[data-testid=checklist] h3", &["3 of 12"])
        .await?;
    let checklist = ui.visible(answer).await?;
    ui.scroll_to(&checklist).await?;
    ui.screenshot("7_checklist").await?;
    badge_reads(&ui, overdue_before + 1).await?;

    // The learning log: a failure, shared like a success.
    ui.click("[data-testid=add-learning]").await?;
    let learning = "[data-testid=learning-form]";
    ui.visible(learning).await?;
    ui.choose(&format!("{learning} select[name=kind]"), "Failure")
        .await?;
    ui.fill(&format!("{learning} textarea[name=what_changed]"), LESSON)
        .await?;
    ui.click(&format!("{learning} input[name=member_ids]"))
        .await?;
    ui.fill(
        &format!("{learning} input[name=evidence]"),
        "Call notes, September to November",
    )
    .await?;
    ui.click("[data-testid=save-learning]").await?;
    ui.gone(learning).await?;
    let (entry, _) = ui
        .visible_with(
            "[data-testid=learning-list] li[data-kind=failure]",
            &[LESSON, "Concerns Ghana (GH)"],
        )
        .await?;
    ui.scroll_to(&entry).await?;
    ui.screenshot("8_learning_log").await?;

    // Settings: the going-quiet threshold shows on the dashboard.
    ui.click("[data-testid=nav-settings]").await?;
    ui.on_page("Settings").await?;
    ui.fill(
        "[data-testid=signals-form] input[name=quiet_after_days]",
        "30",
    )
    .await?;
    ui.click("[data-testid=save-signals]").await?;
    ui.screenshot("9_settings_signals").await?;
    ui.until("the signals to be saved", async || {
        let norms = app
            .invoke("get_signal_norms", json!({}))
            .await
            .map_err(|e| e.to_string())?;
        Ok((norms["quiet_after_days"] == 30).then_some(()))
    })
    .await?;
    ui.click("[data-testid=nav-follow-up]").await?;
    ui.on_page("Follow-up").await?;
    ui.visible_with("[data-testid=followup-quiet]", &["for 30 days or more"])
        .await?;
    Ok(())
}

/// A date some days before `today` (YYYY-MM-DD): the first of today's month, or of the
/// month before when today is within the first three days.
fn past_date(today: &str) -> String {
    let mut parts = today.split('-').map(|p| p.parse::<u32>().unwrap_or(1));
    let (mut y, mut m, d) = (
        parts.next().unwrap_or(2026),
        parts.next().unwrap_or(1),
        parts.next().unwrap_or(1),
    );
    if d <= 3 {
        if m == 1 {
            m = 12;
            y -= 1;
        } else {
            m -= 1;
        }
    }
    format!("{y:04}-{m:02}-01")
}
