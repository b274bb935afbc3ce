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

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use peerplan_tests::desktop::{artifacts_dir, desktop_or_skip, DesktopApp};
use serde_json::{json, Value};

/// How long any one thing the officer waits for may take (generous: CI has 2 slow cores).
const WAIT: Duration = Duration::from_secs(20);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(100);

const PARTNERSHIP: &str = "Ghana–Kenya peer learning on NAP monitoring and evaluation";
const LATE_ACTION: &str = "Send Ghana the county data collection forms";
const LESSON: &str = "The monthly call lapsed when both coordinators were in budget season";
const CHECKLIST_ACTION: &str = "Ask both teams which messaging tool their ministries allow";

/// What the officer sees and does, through WebDriver.
struct Officer<'a> {
    app: &'a DesktopApp,
}

impl<'a> Officer<'a> {
    fn new(app: &'a DesktopApp) -> Self {
        Officer { app }
    }

    fn client(&self) -> &Client {
        &self.app.client
    }

    /// Looks again every [`POLL`] until `check` gives `Some`, for at most [`WAIT`].
    async fn until<T>(
        &self,
        what: &str,
        mut check: impl AsyncFnMut() -> Result<Option<T>, String>,
    ) -> Result<T, String> {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        loop {
            match check().await {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(e) => last = e,
            }
            if Instant::now() > deadline {
                let last = if last.is_empty() {
                    String::new()
                } else {
                    format!(" (last error: {last})")
                };
                return Err(format!(
                    "waited {}s for {what}{last}; the page says:\n{}",
                    WAIT.as_secs(),
                    self.page_text().await
                ));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The visible text of the page (its first 3,000 characters), for failure messages.
    async fn page_text(&self) -> String {
        let text = self
            .client()
            .execute(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await;
        match text {
            Ok(Value::String(text)) => text.chars().take(3000).collect(),
            Ok(other) => format!("(no text: {other})"),
            Err(e) => format!("(could not read the page: {e})"),
        }
    }

    /// The elements matching `css` that are shown, with their visible text. An element
    /// re-drawn between finding it and reading it counts as not shown.
    async fn shown(&self, css: &str) -> Result<Vec<(Element, String)>, String> {
        let found = self
            .client()
            .find_all(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        let mut shown = Vec::new();
        for element in found {
            if !element.is_displayed().await.unwrap_or(false) {
                continue;
            }
            if let Ok(text) = element.text().await {
                shown.push((element, text));
            }
        }
        Ok(shown)
    }

    /// Waits for a shown element matching `css`.
    async fn visible(&self, css: &str) -> Result<Element, String> {
        self.until(&format!("{css} to be shown"), async || {
            Ok(self.shown(css).await?.into_iter().next().map(|(e, _)| e))
        })
        .await
    }

    /// Waits for a shown element matching `css` whose visible text contains every one of
    /// `needles`; returns it and its text.
    async fn visible_with(&self, css: &str, needles: &[&str]) -> Result<(Element, String), String> {
        self.until(&format!("{css} showing {needles:?}"), async || {
            Ok(self
                .shown(css)
                .await?
                .into_iter()
                .find(|(_, text)| needles.iter().all(|n| text.contains(n))))
        })
        .await
    }

    /// Waits until nothing matching `css` is shown.
    async fn gone(&self, css: &str) -> Result<(), String> {
        self.until(&format!("{css} to disappear"), async || {
            Ok(self.shown(css).await?.is_empty().then_some(()))
        })
        .await
    }

    /// The texts of the shown elements matching `css`, now.
    async fn texts(&self, css: &str) -> Result<Vec<String>, String> {
        Ok(self.shown(css).await?.into_iter().map(|(_, t)| t).collect())
    }

    /// Brings an element to the middle of the window (clear of the toasts in the corner).
    async fn scroll_to(&self, element: &Element) -> Result<(), String> {
        let element = serde_json::to_value(element).map_err(|e| e.to_string())?;
        self.client()
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                vec![element],
            )
            .await
            .map(|_| ())
            .map_err(|e| format!("scrolling failed: {e}"))
    }

    /// Clicks the shown element matching `css` once it can be clicked (it may be re-drawn or
    /// briefly covered by a toast).
    async fn click(&self, css: &str) -> Result<(), String> {
        self.until(&format!("{css} to take a click"), async || {
            let Some((element, _)) = self.shown(css).await?.into_iter().next() else {
                return Ok(None);
            };
            self.scroll_to(&element).await?;
            element
                .click()
                .await
                .map(Some)
                .map_err(|e| format!("click on {css}: {e}"))
        })
        .await
    }

    /// Clicks the shown element matching `css` whose text contains `needle`.
    async fn click_text(&self, css: &str, needle: &str) -> Result<(), String> {
        self.until(
            &format!("{css} with {needle:?} to take a click"),
            async || {
                let Some((element, _)) = self
                    .shown(css)
                    .await?
                    .into_iter()
                    .find(|(_, text)| text.contains(needle))
                else {
                    return Ok(None);
                };
                self.scroll_to(&element).await?;
                element
                    .click()
                    .await
                    .map(Some)
                    .map_err(|e| format!("click on {css}: {e}"))
            },
        )
        .await
    }

    /// Replaces the text in the shown text box `css` by `text`, as typed.
    async fn fill(&self, css: &str, text: &str) -> Result<(), String> {
        self.until(&format!("{css} to take the text {text:?}"), async || {
            let Some((element, _)) = self.shown(css).await?.into_iter().next() else {
                return Ok(None);
            };
            element.clear().await.map_err(|e| format!("{css}: {e}"))?;
            element
                .send_keys(text)
                .await
                .map_err(|e| format!("{css}: {e}"))?;
            let value = element.prop("value").await.map_err(|e| e.to_string())?;
            Ok((value.as_deref() == Some(text)).then_some(()))
        })
        .await
    }

    /// Types the date `iso` (YYYY-MM-DD) into the date input `css` the way a user does: its
    /// parts in the order and with the separator of the webview's locale (03/01/2026 in
    /// en-US). Checks that the input then holds that date.
    async fn type_date(&self, css: &str, iso: &str) -> Result<(), String> {
        let layout = self
            .client()
            .execute(
                "const parts = new Intl.DateTimeFormat()\
                   .formatToParts(new Date(2026, 10, 23));\
                 return {order: parts.filter(p => ['year', 'month', 'day'].includes(p.type)).map(p => p.type),\
                         sep: (parts.find(p => p.type === 'literal') || {value: '/'}).value};",
                vec![],
            )
            .await
            .map_err(|e| format!("locale date layout: {e}"))?;
        let [year, month, day]: [&str; 3] = iso
            .split('-')
            .collect::<Vec<_>>()
            .try_into()
            .map_err(|_| format!("{iso} is not YYYY-MM-DD"))?;
        let typed: Vec<&str> = layout["order"]
            .as_array()
            .ok_or("no date layout")?
            .iter()
            .map(|part| match part.as_str() {
                Some("year") => year,
                Some("month") => month,
                _ => day,
            })
            .collect();
        let keys = typed.join(layout["sep"].as_str().unwrap_or("/"));
        self.until(
            &format!("{css} to take the date {iso} (typed {keys})"),
            async || {
                let Some((element, _)) = self.shown(css).await?.into_iter().next() else {
                    return Ok(None);
                };
                element.clear().await.map_err(|e| format!("{css}: {e}"))?;
                element
                    .send_keys(&keys)
                    .await
                    .map_err(|e| format!("{css}: {e}"))?;
                let value = element.prop("value").await.map_err(|e| e.to_string())?;
                Ok((value.as_deref() == Some(iso)).then_some(()))
            },
        )
        .await
    }

    /// Chooses the option of the select `css` whose label starts with `label` the way a
    /// keyboard user does: the select takes the focus and the label's first word is typed
    /// (type-ahead; it must single the option out).
    /// Unlike a WebDriver click on an `<option>`, which leaves the focus where it was, this
    /// puts the focus on the select as a real click or Tab would. Checks it is chosen.
    async fn choose(&self, css: &str, label: &str) -> Result<(), String> {
        let (select, wanted) = self
            .until(&format!("{css} to offer {label:?}"), async || {
                let Some((select, _)) = self.shown(css).await?.into_iter().next() else {
                    return Ok(None);
                };
                let value = self
                    .client()
                    .execute(
                        "const o = [...arguments[0].options].find(o => o.text.startsWith(arguments[1]));\
                         return o ? o.value : null;",
                        vec![
                            serde_json::to_value(&select).map_err(|e| e.to_string())?,
                            json!(label),
                        ],
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(value.as_str().map(|v| (select, v.to_string())))
            })
            .await?;
        // The first word only: a space typed into a select may open its drop-down.
        let typed = label.split(' ').next().unwrap_or(label);
        select
            .send_keys(typed)
            .await
            .map_err(|e| format!("typing {typed:?} into {css}: {e}"))?;
        self.until(&format!("{css} to show {label:?}"), async || {
            let now = select.prop("value").await.map_err(|e| e.to_string())?;
            Ok((now.as_deref() == Some(wanted.as_str())).then_some(()))
        })
        .await
    }

    /// Waits for the page whose heading is `title`.
    async fn on_page(&self, title: &str) -> Result<(), String> {
        self.until(&format!("the page {title:?}"), async || {
            let headings = self.texts("#app h1").await?;
            Ok(headings.iter().any(|h| h == title).then_some(()))
        })
        .await
    }

    /// A screenshot of what the window shows, into the artifacts folder.
    async fn screenshot(&self, name: &str) -> Result<PathBuf, String> {
        let path = artifacts_dir().join(format!("desktop_followup_{name}.png"));
        let (width, height) = self.app.screenshot(&path).await?;
        eprintln!(
            "desktop_followup: screenshot {} ({width}x{height})",
            path.display()
        );
        Ok(path)
    }
}

/// The number on the Follow-up entry of the sidebar (0 when the badge is hidden).
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
    let ui = Officer::new(app);
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
    ui.click(&format!("{answer} [data-testid=save-answer]"))
        .await?;
    ui.visible_with(
        "[data-testid=action-table] tr",
        &[CHECKLIST_ACTION, "no date"],
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
