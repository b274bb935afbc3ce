//! A budget finance can take (issue 17), in the real desktop app: the officer switches the
//! reporting currency to EUR on the Rates page; the budget then converts the GHS, KES, NGN and
//! XOF lines through the dollar (only the LRD line, with no rate at all, is left out), names
//! both legs of each such conversion, states its comparison and month rules, and its funder
//! table compares paid exchanges only; the workbook and the CSV are written as Excel needs.
//!
//! Artifacts: `desktop_budget_finance_*.png`. Run with `cargo build -p peerplan-app &&
//! xvfb-run -a -s "-screen 0 1366x768x24" cargo test -p peerplan-tests --test
//! desktop_budget_finance -- --test-threads=1`.

use std::time::Duration;

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::json;

use peerplan_tests::officer::scenario;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_euros_the_budget_goes_through_the_dollar_and_compares_like_with_like() {
    scenario("desktop_budget_finance", async |app, officer| {
        app.wait_for_id("app", Duration::from_secs(20)).await?;
        app.call("load_example_data", json!({ "confirm": true }))
            .await?;

        // ---- the officer reports in euros ----
        app.run_async("location.hash = '#/rates'; done(true);", vec![])
            .await?;
        officer.visible("[data-testid=reporting-currency]").await?;
        officer
            .choose_value("[data-testid=reporting-currency]", "EUR")
            .await?;
        officer
            .visible_with(".toast", &["Totals are now reported in EUR"])
            .await?;

        // ---- the budget: one line left out, the LRD one, said before the figures ----
        app.run_async("location.hash = '#/budget'; done(true);", vec![])
            .await?;
        officer
            .visible_with(
                "[data-testid=budget-missing-rates]",
                &["1 cost line is left out", "LRD→EUR on or before 2027-03-09"],
            )
            .await?;
        let missing = officer
            .texts("[data-testid=budget-missing-rates] li")
            .await?;
        assert_eq!(
            missing,
            ["LRD→EUR on or before 2027-03-09"],
            "only the LRD line"
        );
        let used = officer.texts("[data-testid=budget-rates-used] li").await?;
        assert!(
            used.iter()
                .any(|r| r.contains("1 USD = 10.4 GHS (rate of 2026-06-01)")
                    && r.contains("leg of GHS→EUR via USD")),
            "{used:?}"
        );
        // The paid exchanges: 50,246.40 estimated and 51,397.72 paid, so +1,151.32 (hand
        // computed from the CLI's figures of the same database, leg by leg).
        officer
            .visible_with("[data-testid=budget-total-variance]", &["+1,151.32"])
            .await?;
        officer
            .visible_with(
                "[data-testid=budget-comparison-rule]",
                &["only the exchanges with something paid"],
            )
            .await?;
        officer
            .visible_with(
                "[data-testid=budget-month-rule]",
                &["month of each line's exchange"],
            )
            .await?;
        // The funder table's variance compares paid exchanges: its total is the headline's.
        let footer = officer
            .texts("[data-testid=budget-by-funder] tfoot tr")
            .await?;
        assert!(footer[0].contains("+1,151.32"), "{footer:?}");
        // The Monrovia visit, not paid yet, is not compared.
        let rows = officer
            .texts("[data-testid=chart-by-exchange] .bchart-row")
            .await?;
        let monrovia = rows
            .iter()
            .find(|r| r.contains("Monrovia"))
            .ok_or("no Monrovia row")?;
        assert!(monrovia.contains("not paid yet"), "{monrovia}");
        officer.screenshot("1_budget_in_euros").await?;
        let table = officer.visible("[data-testid=budget-by-funder]").await?;
        officer.scroll_to(&table).await?;
        officer.screenshot("2_funders_and_rates").await?;

        // ---- the files for finance ----
        let out = tempfile::Builder::new()
            .prefix("peerplan-finance-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let xlsx = out.path().join("costs.xlsx");
        let csv = out.path().join("costs.csv");
        for (format, path) in [("xlsx", &xlsx), ("csv", &csv)] {
            app.call(
                "save_costs_export",
                json!({ "filter": {}, "format": format, "path": path }),
            )
            .await?;
        }
        let text = std::fs::read_to_string(&csv).map_err(|e| e.to_string())?;
        assert!(text.starts_with('\u{feff}'), "a byte order mark for Excel");
        assert!(text.contains("Return fare NBO–ACC"));
        let mut book: Xlsx<_> =
            open_workbook(&xlsx).map_err(|e| format!("{}: {e}", xlsx.display()))?;
        let totals = book.worksheet_range("Totals").map_err(|e| e.to_string())?;
        let rows: Vec<&[Data]> = totals.rows().collect();
        let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
        let percent = header
            .iter()
            .position(|h| h == "Variance %")
            .ok_or("no Variance % column")?;
        let total = rows
            .iter()
            .find(|r| matches!(&r[0], Data::String(s) if s == "Total"))
            .ok_or("no total row")?;
        match total[percent] {
            // 1,151.32 / 50,246.40 = 2.29 %.
            Data::Float(f) => assert!((f - 1151.32 / 50246.40).abs() < 1e-9, "{f}"),
            ref other => return Err(format!("Variance % is not a number: {other:?}")),
        }
        Ok(())
    })
    .await;
}

/// Who pays (issue 17, seed 002's paternalism risk in money): the officer marks a line of the
/// Accra study visit as paid from Kenya's own budget; the budget's "Who pays" table and the
/// partnership's mutuality section then show Ghana's and Kenya's shares beside the network's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_paid_from_a_members_budget_shows_in_who_pays() {
    scenario("desktop_budget_payer", async |app, officer| {
        app.wait_for_id("app", Duration::from_secs(20)).await?;
        app.call("load_example_data", json!({ "confirm": true }))
            .await?;
        let page = app
            .call(
                "list_exchanges",
                json!({ "query": { "when": "all", "text": "NAP indicator framework", "offset": 0 } }),
            )
            .await?;
        let row = page["rows"]
            .as_array()
            .and_then(|rows| rows.first())
            .ok_or_else(|| format!("no Accra visit in {page}"))?;
        let exchange = row["id"].as_str().ok_or("no id")?.to_string();
        let partnership = row["partnership_id"].as_str().ok_or("no partnership id")?.to_string();

        // ---- the officer adds a line paid from Kenya's own budget ----
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{exchange}/costs"))],
        )
        .await?;
        officer.click("[data-testid=add-cost-line]").await?;
        let form = "[data-testid=cost-line-form]";
        officer
            .choose_value(&format!("{form} select[name=category]"), "per_diem")
            .await?;
        officer
            .fill(&format!("{form} input[name=description]"), "Kenyan delegates' per diems, top-up")
            .await?;
        officer.fill(&format!("{form} input[name=quantity]"), "4").await?;
        officer.fill(&format!("{form} input[name=unit_amount]"), "250.00").await?;
        officer
            .choose_value(&format!("{form} select[name=currency]"), "USD")
            .await?;
        officer
            .choose(&format!("{form} select[name=paid_by_member_id]"), "Kenya (KE)’s own budget")
            .await?;
        officer.click("[data-testid=save-cost-line]").await?;
        officer.gone(form).await?;

        // ---- the budget's "Who pays" for the partnership (the Accra visit is its only
        // exchange with costs) ----
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/budget?partnership={partnership}"))],
        )
        .await?;
        officer
            .until("Kenya in who pays", async || {
                let rows = officer.texts("[data-testid=budget-by-payer] tbody tr").await?;
                Ok(rows
                    .iter()
                    .any(|r| r.contains("Kenya (KE)’s own budget") && r.contains("1,000.00"))
                    .then_some(rows))
            })
            .await?;
        let rows = officer.texts("[data-testid=budget-by-payer] tbody tr").await?;
        // Ghana 4,867.58 of 17,427.58 estimated = 27.9 %; Kenya 1,000.00 = 5.7 %; the
        // network 11,560.00 = 66.3 %.
        let find = |needle: &str| {
            rows.iter()
                .find(|r| r.contains(needle))
                .cloned()
                .unwrap_or_default()
        };
        assert!(find("Ghana (GH)").contains("4,867.58") && find("Ghana (GH)").contains("27.9%"), "{rows:?}");
        assert!(find("Kenya (KE)").contains("5.7%"), "{rows:?}");
        assert!(find("network").contains("11,560.00") && find("network").contains("66.3%"), "{rows:?}");
        let table = officer.visible("[data-testid=budget-by-payer]").await?;
        officer.scroll_to(&table).await?;
        officer.screenshot("1_who_pays").await?;

        // ---- the partnership's mutuality section says it too ----
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/partnerships/{partnership}"))],
        )
        .await?;
        let chart = officer.visible("[data-testid=chart-who-pays]").await?;
        officer.scroll_to(&chart).await?;
        let bars = officer.texts("[data-testid=chart-who-pays] .bar-row").await?;
        assert!(
            bars.iter().any(|b| b.contains("Kenya (KE)’s own budget") && b.contains("1,000.00")),
            "{bars:?}"
        );
        assert!(bars.iter().any(|b| b.contains("Ghana (GH)’s own budget")), "{bars:?}");
        officer.screenshot("2_mutuality_who_pays").await?;
        Ok(())
    })
    .await;
}
