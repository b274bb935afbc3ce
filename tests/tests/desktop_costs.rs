//! Logistics costs in the real desktop app (issue 6): an officer enters an exchange's costs in
//! two currencies, sees the total is incomplete and which rate is missing, adds the rate, and
//! then sees the converted total on the exchange and in the portfolio budget's chart; the
//! XLSX export is written and read back.
//!
//! Artifacts: `desktop_costs_*.png`. Run with `cargo build -p peerplan-app && xvfb-run -a -s
//! "-screen 0 1366x768x24" cargo test -p peerplan-tests --test desktop_costs --
//! --test-threads=1`.

use std::time::Duration;

use calamine::{open_workbook, Reader, Xlsx};

use peerplan_tests::officer::{scenario, Officer};
use serde_json::json;

const PARTNERSHIP: &str = "Ghana–Kenya peer learning on NAP monitoring and evaluation";

/// Adds a cost line through the form.
async fn add_line(
    officer: &Officer<'_>,
    category: &str,
    description: &str,
    quantity: &str,
    unit: &str,
    currency: &str,
) -> Result<(), String> {
    officer.click("[data-testid=add-cost-line]").await?;
    let form = "[data-testid=cost-line-form]";
    officer
        .choose_value(&format!("{form} select[name=category]"), category)
        .await?;
    officer
        .fill(&format!("{form} input[name=description]"), description)
        .await?;
    officer
        .fill(&format!("{form} input[name=quantity]"), quantity)
        .await?;
    officer
        .fill(&format!("{form} input[name=unit_amount]"), unit)
        .await?;
    officer
        .choose_value(&format!("{form} select[name=currency]"), currency)
        .await?;
    officer.click("[data-testid=save-cost-line]").await?;
    officer.gone(form).await?;
    officer
        .until(&format!("the line {description:?}"), async || {
            let rows = officer.texts("[data-testid=cost-line]").await?;
            Ok(rows.iter().any(|r| r.contains(description)).then_some(()))
        })
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn costs_in_two_currencies_are_converted_once_the_rate_is_added() {
    scenario("desktop_costs", async |app, officer| {
        app.wait_for_id("app", Duration::from_secs(20)).await?;
        app.call("load_example_data", json!({ "confirm": true }))
            .await?;
        let page = app
            .call(
                "list_partnerships",
                json!({ "query": { "text": "NAP monitoring" } }),
            )
            .await?;
        let pid = page["rows"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["title"] == PARTNERSHIP))
            .and_then(|r| r["id"].as_str())
            .ok_or_else(|| format!("no {PARTNERSHIP} in {page}"))?
            .to_string();
        let saved = app
            .call(
                "save_exchange",
                json!({ "id": null, "data": {
                "partnership_id": pid, "title": "Tunis workshop on adaptation finance",
                "format": "virtual", "start_date": "2027-05-11", "end_date": "2027-05-12",
                "time_zone": "Africa/Tunis", "status": "planned" } }),
            )
            .await?;
        let exchange = saved["record"]["id"]
            .as_str()
            .ok_or("no exchange id")?
            .to_string();
        let reporting = app.call("get_rates", json!({})).await?["reporting_currency"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_eq!(
            reporting, "USD",
            "the example portfolio reports in US dollars"
        );

        // ---- from the exchange's page to its costs ----
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{exchange}"))],
        )
        .await?;
        officer.click("[data-testid=open-costs]").await?;
        officer
            .on_page("Costs: Tunis workshop on adaptation finance")
            .await?;

        // ---- two lines in two currencies; TND has three decimals ----
        add_line(
            officer,
            "interpretation",
            "Interpreters, Arabic–English",
            "2",
            "1250.00",
            "USD",
        )
        .await?;
        add_line(
            officer,
            "venue_catering",
            "Venue and lunches, 2 days",
            "2",
            "3105.500",
            "TND",
        )
        .await?;
        // A TND amount with four decimals is refused, naming the field.
        officer.click("[data-testid=add-cost-line]").await?;
        let form = "[data-testid=cost-line-form]";
        officer
            .fill(&format!("{form} input[name=unit_amount]"), "10.1234")
            .await?;
        officer
            .choose_value(&format!("{form} select[name=currency]"), "TND")
            .await?;
        officer.click("[data-testid=save-cost-line]").await?;
        let error = officer
            .visible(".field-error[data-field=unit_amount]")
            .await?;
        let message = error.text().await.map_err(|e| e.to_string())?;
        assert!(
            message.contains("TND") && message.contains('3'),
            "{message}"
        );
        officer.click("[data-testid=cancel-cost-line]").await?;

        // No TND rate yet: the total leaves the venue out and says which rate is missing.
        let missing = officer.texts("[data-testid=missing-rate]").await?;
        assert!(
            missing
                .iter()
                .any(|m| m.starts_with("TND→USD on or before 2027-05-11")),
            "{missing:?}"
        );
        officer
            .exact_text(
                "[data-testid=total-estimate] .budget-figure-value",
                "2,500.00 USD",
            )
            .await?;
        officer.screenshot("1_missing_rate").await?;

        // ---- the officer adds the rate on the Rates page ----
        app.run_async("location.hash = '#/rates'; done(true);", vec![])
            .await?;
        let rate_form = "[data-testid=rate-form]";
        officer
            .type_date(&format!("{rate_form} input[name=rate_date]"), "2027-01-04")
            .await?;
        officer
            .choose_value(&format!("{rate_form} select[name=from_currency]"), "TND")
            .await?;
        officer
            .choose_value(&format!("{rate_form} select[name=to_currency]"), "USD")
            .await?;
        officer
            .fill(&format!("{rate_form} input[name=rate]"), "0.32")
            .await?;
        officer
            .fill(
                &format!("{rate_form} input[name=source]"),
                "Central Bank of Tunisia",
            )
            .await?;
        officer.click("[data-testid=save-rate]").await?;
        officer
            .until("the TND rate in the table", async || {
                let rows = officer.texts("tr[data-id]").await?;
                Ok(rows
                    .iter()
                    .any(|r| r.contains("TND") && r.contains("0.32"))
                    .then_some(()))
            })
            .await?;

        // ---- back on the exchange: converted, complete ----
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{exchange}/costs"))],
        )
        .await?;
        // 2 × 1,250.00 USD + 2 × 3,105.500 TND × 0.32 = 2,500.00 + 1,987.52 USD.
        officer
            .exact_text(
                "[data-testid=total-estimate] .budget-figure-value",
                "4,487.52 USD",
            )
            .await?;
        officer.gone("[data-testid=missing-rates]").await?;
        let used = officer.texts("[data-testid=rates-used] li").await?;
        assert!(
            used.iter().any(|r| r.contains("1 TND = 0.32 USD")),
            "{used:?}"
        );
        officer.screenshot("2_converted").await?;

        // ---- the portfolio budget's chart has the exchange, estimate 4,487.52 USD ----
        app.run_async("location.hash = '#/budget'; done(true);", vec![])
            .await?;
        let bar = format!("[data-testid=chart-by-exchange] [data-exchange-id=\"{exchange}\"]");
        officer
            .until("the exchange in the budget chart", async || {
                let rows = officer.texts(&bar).await?;
                Ok(rows.iter().any(|r| r.contains("4,487.52")).then_some(()))
            })
            .await?;
        let categories = officer
            .texts("[data-testid=chart-by-category] [data-category=venue_catering]")
            .await?;
        assert!(!categories.is_empty(), "venue and catering has a bar");
        // The variance compares the paid exchanges only: the new exchange and the Monrovia
        // visit, with nothing paid yet, would otherwise read as thousands "under budget".
        officer
            .visible_with("[data-testid=budget-total-variance]", &["+2,077.58"])
            .await?;
        officer
            .visible_with(
                "[data-testid=budget-variance-scope]",
                &["3 exchanges compared", "2 not paid yet, left out"],
            )
            .await?;
        officer.screenshot("3_budget").await?;

        // ---- the workbook for finance: a sheet of lines, a sheet of totals ----
        let out = tempfile::Builder::new()
            .prefix("peerplan-costs-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let xlsx = out.path().join("costs.xlsx");
        app.call(
            "save_costs_export",
            json!({ "filter": { "exchange_id": exchange }, "format": "xlsx", "path": xlsx }),
        )
        .await?;
        let mut book: Xlsx<_> =
            open_workbook(&xlsx).map_err(|e| format!("{}: {e}", xlsx.display()))?;
        let names = book.sheet_names().to_vec();
        assert_eq!(names, ["About", "Lines", "Totals", "Rates"], "{names:?}");
        let lines = book.worksheet_range("Lines").map_err(|e| e.to_string())?;
        let text: Vec<String> = lines
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        assert_eq!(text.len(), 3, "a header and two lines: {text:?}");
        assert!(
            text.iter()
                .any(|r| r.contains("Venue and lunches, 2 days") && r.contains("TND")),
            "{text:?}"
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_estimate_from_the_delegation_is_reviewed_then_saved() {
    scenario("desktop_costs_estimate", async |app, officer| {
        app.wait_for_id("app", Duration::from_secs(20)).await?;
        app.call("load_example_data", json!({ "confirm": true })).await?;
        let list = app.call("list_exchanges",
            json!({ "query": { "text": "Regional learning event", "when": "all" } }),
        )
        .await?;
        let id = list["rows"][0]["id"]
            .as_str()
            .ok_or("no regional event")?
            .to_string();
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{id}/costs"))],
        )
        .await?;
        officer.visible("[data-testid=cost-line]").await?;
        let before = officer.shown("[data-testid=cost-line]").await?.len();
        officer
            .click("[data-testid=estimate-from-delegation]")
            .await?;
        officer.visible("[data-testid=proposal]").await?;
        // Nothing is saved by proposing.
        let costs = app.call("get_exchange_costs", json!({ "exchange_id": id })).await?;
        assert_eq!(costs["lines"].as_array().map(Vec::len), Some(before));
        let ticked = app
            .run_async(
                "done(document.querySelectorAll('[data-testid=proposal] input[type=checkbox]:checked').length);",
                vec![],
            )
            .await?
            .as_u64()
            .unwrap_or(0) as usize;
        assert!(ticked > 0, "some proposals are ticked");
        officer.screenshot("proposals").await?;
        officer.click("[data-testid=save-proposals]").await?;
        officer.gone("[data-testid=estimate-form]").await?;
        officer
            .until("the ticked lines saved", async || {
                Ok(
                    (officer.shown("[data-testid=cost-line]").await?.len() == before + ticked)
                        .then_some(()),
                )
            })
            .await?;
        Ok(())
    })
    .await;
}
