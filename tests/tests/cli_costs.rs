//! `peerplan costs` on the example portfolio: the printed roll-up, its JSON, bad filters, and
//! the XLSX workbook read back with calamine, which must say what the JSON view says.

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use peerplan_tests::cli;

/// Runs peerplan on `home/pp.db`; returns (exit code, stdout, stderr).
fn peerplan(home: &Path, args: &[&str]) -> (i32, String, String) {
    let db = home.join("pp.db");
    let db = db.to_str().expect("temporary paths are UTF-8");
    cli::peerplan(home, &[&["--db", db], args].concat()).parts()
}

fn demo() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let (code, _, err) = peerplan(home.path(), &["demo"]);
    assert_eq!(code, 0, "{err}");
    home
}

fn json(home: &Path, args: &[&str]) -> serde_json::Value {
    let (code, out, err) = peerplan(home, &[args, &["--json"]].concat());
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// A number cell as minor units of a currency with `decimals` decimals.
fn minor(cell: &Data, decimals: i32) -> i64 {
    match cell {
        Data::Float(f) => (f * 10f64.powi(decimals)).round() as i64,
        Data::Int(i) => i * 10i64.pow(decimals as u32),
        other => panic!("not a number: {other:?}"),
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_budget_roll_up_prints_totals_by_category_and_the_missing_rate() {
    let home = demo();
    let (code, out, err) = peerplan(home.path(), &["costs"]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "Budget of the whole portfolio, in USD",
        "63,969.65",
        "56,587.23",
        "International travel",
        "1 EUR = 1.08 USD (fixed budget rate of the exchange), used EUR→USD",
        "INCOMPLETE: 1 line is left out of the totals below for want of a rate; add:",
        "LRD→USD on or before 2027-03-09",
        // The Monrovia visit is not paid yet: over the portfolio the budget looks 7,382.42
        // under, while the three paid exchanges are 2,077.58 over.
        "(1 exchange with nothing paid yet is left out of the paid-only variance)",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    let paid_row = out
        .lines()
        .find(|l| l.starts_with("Paid exchanges only (3)"))
        .unwrap_or_else(|| panic!("no paid-only row in\n{out}"));
    assert!(
        paid_row.contains("54,509.65") && paid_row.contains("2,077.58  (+3.8%)"),
        "{paid_row}"
    );
    let value = json(
        home.path(),
        &["costs", "--stage", "actual", "--country", "gh"],
    );
    assert_eq!(value["totals"]["actual"]["text"], "17115.48");
    assert_eq!(value["complete"], true);

    let (code, out, _) = peerplan(home.path(), &["costs", "--exchange", "Study visit"]);
    assert_eq!(code, 0);
    assert!(out.contains("Return fare NBO–ACC [Wanjiru Kamau]"), "{out}");
    assert!(out.contains("Per participant (10)"), "{out}");
}

#[test]
fn bad_filters_name_the_flag_and_what_is_allowed() {
    let home = demo();
    for (args, flag, allowed) in [
        (
            &["costs", "--category", "travel"][..],
            "--category",
            "international_travel",
        ),
        (
            &["costs", "--stage", "paid"][..],
            "--stage",
            "estimate, committed or actual",
        ),
        (
            &["costs", "--country", "XX"][..],
            "--country",
            "ISO 3166-1 alpha-2",
        ),
        (&["costs", "--from", "2026-13-01"][..], "--from", ""),
    ] {
        let (code, _, err) = peerplan(home.path(), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(flag) && err.contains(allowed),
            "{args:?}: {err}"
        );
    }
    let (code, _, err) = peerplan(
        home.path(),
        &["costs", "--from", "2026-02-01", "--to", "2026-01-01"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--to 2026-01-01 is before --from 2026-02-01"),
        "{err}"
    );
    let (code, _, err) = peerplan(home.path(), &["costs", "--exchange", "no such exchange"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no exchange has the id or a title containing"),
        "{err}"
    );
}

#[test]
fn the_xlsx_workbook_reads_back_as_the_json_view() {
    let home = demo();
    let file = home.path().join("costs.xlsx");
    let csv = home.path().join("costs.csv");
    let (code, _, err) = peerplan(
        home.path(),
        &[
            "costs",
            "--xlsx",
            file.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let view = json(home.path(), &["costs"]);
    let mut workbook: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        ["About", "Lines", "Totals", "Rates"]
    );

    // Lines: one row per line; the converted column adds up to the view's totals.
    let lines = workbook.worksheet_range("Lines").unwrap();
    let rows: Vec<&[Data]> = lines.rows().collect();
    let header: Vec<String> = rows[0].iter().map(text).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let in_usd = col("Total in USD");
    let total_lines =
        view["totals"]["lines"].as_u64().unwrap() + view["unconverted_lines"].as_u64().unwrap();
    assert_eq!(rows.len() as u64 - 1, total_lines);
    let converted: i64 = rows[1..]
        .iter()
        .filter(|r| !matches!(r[in_usd], Data::Empty))
        .map(|r| minor(&r[in_usd], 2))
        .sum();
    let totals = &view["totals"];
    let expected: i64 = ["estimate", "committed", "actual"]
        .iter()
        .map(|s| totals[s]["minor"].as_i64().unwrap())
        .sum();
    assert_eq!(converted, expected);
    // Each line's own amount keeps its currency's decimals: XOF has none, NGN two.
    let xof = rows[1..]
        .iter()
        .find(|r| text(&r[col("Currency")]) == "XOF")
        .unwrap();
    assert_eq!(minor(&xof[col("Total")], 0), 700_000);
    let lrd = rows[1..]
        .iter()
        .find(|r| text(&r[col("Currency")]) == "LRD")
        .unwrap();
    assert!(matches!(lrd[in_usd], Data::Empty));
    assert_eq!(
        text(&lrd[col("Rate used")]),
        "missing: LRD→USD on or before 2027-03-09"
    );

    // Totals: the same figures as the view, section by section.
    let sheet = workbook.worksheet_range("Totals").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let find = |section: &str, name: &str| {
        rows.iter()
            .find(|r| r.len() > 5 && text(&r[0]) == section && text(&r[1]) == name)
            .unwrap_or_else(|| panic!("no {section} {name} row"))
    };
    // Estimate, committed and actual over every line; then the comparison (paid exchanges
    // only) with its variance as a number and the percentage as a fraction.
    let header: Vec<String> = rows[0].iter().map(text).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let check = |row: &&[Data], totals: &serde_json::Value, compared: &serde_json::Value| {
        for stage in ["estimate", "committed", "actual"] {
            let column = col(&format!("{}{}", stage[..1].to_uppercase(), &stage[1..]));
            assert_eq!(
                minor(&row[column], 2),
                totals[stage]["minor"].as_i64().unwrap(),
                "{stage} of {:?}",
                row[1]
            );
        }
        if compared["lines"].as_u64().unwrap() == 0 {
            assert!(matches!(
                row[col("Variance (actual − estimate)")],
                Data::Empty
            ));
            return;
        }
        assert_eq!(
            minor(&row[col("Compared: estimate")], 2),
            compared["estimate"]["minor"].as_i64().unwrap()
        );
        assert_eq!(
            minor(&row[col("Variance (actual − estimate)")], 2),
            compared["variance"]["minor"].as_i64().unwrap()
        );
        if let Some(p) = compared["variance_percent"].as_str() {
            let Data::Float(fraction) = row[col("Variance %")] else {
                panic!("Variance % is not a number: {:?}", row[col("Variance %")]);
            };
            let percent: f64 = p.parse().unwrap();
            assert!(
                (fraction * 100.0 - percent).abs() < 0.051,
                "{fraction} vs {p}"
            );
        }
    };
    check(
        find("Total", "All lines"),
        &view["totals"],
        &view["paid"]["totals"],
    );
    for c in view["by_category"].as_array().unwrap() {
        check(
            find("Category", c["label"].as_str().unwrap()),
            &c["totals"],
            &c["compared"],
        );
    }
    for f in view["by_funder"].as_array().unwrap() {
        check(
            find("Funder", f["name"].as_str().unwrap()),
            &f["totals"],
            &f["compared"],
        );
    }
    for m in view["by_month"].as_array().unwrap() {
        check(
            find("Month of exchange", m["month"].as_str().unwrap()),
            &m["totals"],
            &m["compared"],
        );
    }
    // Who pays: one row per payer, with the same estimate as the view.
    let paid_by: Vec<&&[Data]> = rows.iter().filter(|r| text(&r[0]) == "Paid by").collect();
    let payers = view["by_payer"].as_array().unwrap();
    assert_eq!(paid_by.len(), payers.len());
    for (row, payer) in paid_by.iter().zip(payers) {
        assert!(text(&row[1]).starts_with(payer["name"].as_str().unwrap()));
        assert_eq!(
            minor(&row[col("Estimate")], 2),
            payer["totals"]["estimate"]["minor"].as_i64().unwrap()
        );
    }
    // The headline: the three paid exchanges are 2,077.58 (3.8 %) over.
    let total = find("Total", "All lines");
    assert_eq!(
        minor(&total[col("Variance (actual − estimate)")], 2),
        207_758
    );
    let Data::Float(fraction) = total[col("Variance %")] else {
        panic!("Variance % is text")
    };
    assert!((fraction - 2077.58 / 54509.65).abs() < 1e-9);

    // Rates: each used rate as a number, with its date as a date; the missing one named.
    let rates = workbook.worksheet_range("Rates").unwrap();
    let rows: Vec<&[Data]> = rates.rows().collect();
    let ghs = rows
        .iter()
        .find(|r| text(&r[0]) == "GHS" && text(&r[3]).contains("10.4"))
        .expect("the June GHS rate");
    assert_eq!(ghs[2], Data::Float(10.4));
    assert!(matches!(ghs[4], Data::DateTime(_)), "{:?}", ghs[4]);
    assert!(rows
        .iter()
        .any(|r| r.len() > 3 && text(&r[3]) == "LRD→USD on or before 2027-03-09"));

    // About: the reporting currency, the filters and the two rules are stated.
    let about = workbook.worksheet_range("About").unwrap();
    let about: Vec<(String, String)> = about.rows().map(|r| (text(&r[0]), text(&r[1]))).collect();
    let said = |label: &str| {
        about
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("About does not say {label}: {about:?}"))
    };
    assert_eq!(said("Reporting currency"), "USD");
    assert!(said("Filter: Filters").starts_with("none"));
    assert!(said("Comparison rule").contains("only the exchanges with something paid"));
    assert!(said("Months").contains("month of each line's exchange"));
    assert!(said("Complete").starts_with("No: 1 line"));

    // The CSV holds the same lines.
    let csv_text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(csv_text.matches("\r\n").count() as u64, total_lines + 1);
    // With a byte order mark, so Excel reads "–" and accents as they are.
    assert!(csv_text.starts_with('\u{feff}'));
    assert!(csv_text.contains("Return fare NBO–ACC"));
}

#[test]
fn rates_entered_from_the_cli_complete_the_totals() {
    let home = demo();
    let (code, out, err) = peerplan(
        home.path(),
        &[
            "rate",
            "add",
            "USD",
            "LRD",
            "190.5",
            "--date",
            "2026-12-01",
            "--source",
            "CBL",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Added 1 USD = 190.5 LRD from 2026-12-01"),
        "{out}"
    );
    let view = json(home.path(), &["costs", "--exchange", "Monrovia"]);
    assert_eq!(view["complete"], true);
    // 9460.00 + 95000 LRD / 190.5 (498.687…) = 9958.69.
    assert_eq!(view["totals"]["estimate"]["text"], "9958.69");

    let (code, _, err) = peerplan(
        home.path(),
        &["rate", "add", "USD", "LRDX", "1", "--date", "2026-12-01"],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("to_currency: 'LRDX' is not an ISO 4217 currency code"),
        "{err}"
    );

    let (code, out, _) = peerplan(home.path(), &["rate", "reporting", "eur"]);
    assert_eq!(code, 0);
    assert!(out.contains("Reporting currency: EUR"));
    let view = json(home.path(), &["costs"]);
    assert_eq!(view["reporting_currency"], "EUR");
    // Now every USD line needs a USD→EUR rate: the demo's EUR→USD rates, used inversely.
    assert!(view["rates_used"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["from_currency"] == "USD" && r["direction"] == "inverse"));
}

/// Issue 17: with EUR as the reporting currency, lines in GHS, KES, NGN and XOF have no rate
/// to EUR but rates to USD, which has rates to EUR: they convert through USD, and only the
/// LRD line (no rate at all) is left out — said before the totals.
#[test]
fn in_euros_the_budget_converts_through_the_dollar_and_warns_first() {
    let home = demo();
    let (code, _, err) = peerplan(home.path(), &["rate", "reporting", "EUR"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = peerplan(home.path(), &["costs"]);
    assert_eq!(code, 0, "{err}");
    let warning = out
        .find("INCOMPLETE: 1 line is left out")
        .unwrap_or_else(|| panic!("no warning in\n{out}"));
    let first_total = out.find("\nTotal ").unwrap();
    assert!(
        warning < first_total,
        "the warning comes before the totals:\n{out}"
    );
    assert!(out.contains("LRD→EUR on or before 2027-03-09"), "{out}");
    assert!(
        out.contains("1 USD = 10.4 GHS (rate of 2026-06-01), used GHS→USD for GHS→EUR via USD"),
        "{out}"
    );
    assert!(out.contains("By month of the exchange"), "{out}");
    let value = json(home.path(), &["costs"]);
    assert_eq!(value["unconverted_lines"], 1);
    // The Accra venue: 45,600.00 GHS / (10.4 × 1.16) = 3,779.84 EUR, both legs named.
    let file = home.path().join("costs.csv");
    let (code, _, err) = peerplan(home.path(), &["costs", "--csv", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let csv = std::fs::read_to_string(&file).unwrap();
    let venue = csv
        .lines()
        .find(|l| l.contains(",45600.00,") && l.contains(",Actual / paid,"))
        .unwrap_or_else(|| panic!("no venue line in\n{csv}"));
    assert!(
        venue.contains(",3779.84,GHS→EUR via USD: 1 USD = 10.4 GHS (rate of 2026-06-01); 1 EUR = 1.16 USD (rate of 2026-01-02),"),
        "{venue}"
    );
}

/// Issue 17: one exchange estimated in April and paid in June is one month, the visit's, in
/// the by-month view — not "−100 %" in April and "+17,115.48" in June.
#[test]
fn an_exchange_estimated_and_paid_in_different_months_is_compared_in_its_own_month() {
    let home = demo();
    // The Accra study visit is the portfolio's only exchange in Ghana.
    let budget = json(home.path(), &["costs", "--country", "GH"]);
    let months = budget["by_month"].as_array().unwrap();
    assert_eq!(months.len(), 1, "{months:?}");
    let month = &months[0];
    assert_eq!(month["compared"]["estimate"]["text"], "16427.58");
    assert_eq!(month["compared"]["actual"]["text"], "17115.48");
    assert_eq!(month["compared"]["variance_percent"], "+4.2");
}

/// Issue 17: who pays. The Accra visit's venue and local transport are Ghana's own budget:
/// 43,500 + 9,800 GHS / 10.95 = 4,867.58 of the 16,427.58 estimated (29.6 %); the rest is the
/// network's. Printed under "Who pays" and in the JSON.
#[test]
fn who_pays_splits_the_costs_between_the_network_and_each_members_own_budget() {
    let home = demo();
    let value = json(home.path(), &["costs", "--country", "GH"]);
    let payers = value["by_payer"].as_array().unwrap();
    let shares: Vec<(String, String, String)> = payers
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["totals"]["estimate"]["text"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                p["estimate_share"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        shares,
        [
            (
                "The network and named funders".to_string(),
                "11560.00".to_string(),
                "70.4".to_string()
            ),
            (
                "Ghana (GH)".to_string(),
                "4867.58".to_string(),
                "29.6".to_string()
            ),
        ]
    );
    let (code, out, err) = peerplan(home.path(), &["costs", "--country", "GH"]);
    assert_eq!(code, 0, "{err}");
    let ghana = out
        .lines()
        .find(|l| l.contains("Ghana (GH)'s own budget"))
        .unwrap_or_else(|| panic!("no Ghana row in\n{out}"));
    assert!(
        ghana.contains("4,867.58") && ghana.contains("[29.6% of the estimate]"),
        "{ghana}"
    );
}
