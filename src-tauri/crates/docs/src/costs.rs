//! Costs for finance teams (issue 6): every line under a budget filter as CSV (RFC 4180), and
//! an XLSX workbook with one sheet of lines and one of totals, amounts as numbers with their
//! currency's decimals. Both are written with `write_atomically`.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use peerplan_core::costs::{Budget, ExportLine, StageTotals};
use peerplan_core::money;
use peerplan_core::Result;

/// The columns of the CSV file and of the lines sheet.
pub fn line_headers(reporting: &str) -> Vec<String> {
    [
        "Partnership",
        "Exchange",
        "Exchange start",
        "Category",
        "Description",
        "Traveller",
        "Stage",
        "Funder",
        "Date",
        "Reference",
        "Quantity",
        "Unit amount",
        "Currency",
        "Total",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        format!("Total in {reporting}"),
        "Rate used".to_string(),
        "Line id".to_string(),
    ])
    .collect()
}

/// One field, quoted when it holds a comma, a quote or a line break (RFC 4180).
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The CSV text: a header and one record per line, CRLF line ends (RFC 4180). Amounts are
/// decimal text in their currency's decimals, without thousands separators; a line whose
/// rate is missing has an empty converted total.
pub fn to_csv(lines: &[ExportLine], reporting: &str) -> String {
    let mut out = String::new();
    let mut record = |fields: Vec<String>| {
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    };
    record(line_headers(reporting));
    for l in lines {
        record(vec![
            l.partnership.clone(),
            l.exchange.clone(),
            date_text(l.exchange_start),
            l.category.label().to_string(),
            l.description.clone(),
            l.traveller.clone(),
            l.stage.label().to_string(),
            l.funder.clone(),
            date_text(l.cost_date),
            l.reference.clone(),
            l.quantity.to_string(),
            l.unit_amount.clone(),
            l.currency.clone(),
            money::format_amount(l.total, l.currency_minor),
            l.converted
                .map(|c| money::format_amount(c, l.reporting_minor))
                .unwrap_or_default(),
            l.rate.clone(),
            l.id.clone(),
        ]);
    }
    out
}

pub fn write_csv(lines: &[ExportLine], reporting: &str, path: &Path) -> Result<()> {
    peerplan_core::export::write_atomically(path, to_csv(lines, reporting).as_bytes())
}

/// "#,##0.00" for 2 decimals, "#,##0" for none.
fn number_format(minor_units: u32) -> String {
    if minor_units == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(minor_units as usize))
    }
}

/// An amount format that shows the currency code: `#,##0.00 "KES"`.
fn currency_format(minor_units: u32, code: &str) -> Format {
    Format::new().set_num_format(format!("{} \"{code}\"", number_format(minor_units)))
}

fn xlsx_error(e: XlsxError) -> peerplan_core::Error {
    peerplan_core::Error::Io {
        context: "Could not build the XLSX workbook".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

fn write_date(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    date: Option<chrono::NaiveDate>,
    format: &Format,
) -> std::result::Result<(), XlsxError> {
    use chrono::Datelike;
    if let Some(d) = date {
        let excel = ExcelDateTime::from_ymd(
            u16::try_from(d.year()).unwrap_or(1900),
            d.month() as u8,
            d.day() as u8,
        )?;
        sheet.write_datetime_with_format(row, col, excel, format)?;
    }
    Ok(())
}

const TOTALS_HEADERS: [&str; 8] = [
    "Section",
    "Name",
    "Estimate",
    "Committed",
    "Actual",
    "Variance (actual − estimate)",
    "Variance %",
    "Lines",
];

/// The workbook's bytes: sheet "Lines" (every line) and sheet "Totals" (the budget view:
/// totals, by category, funder, month and exchange, the rates used and the missing ones).
pub fn to_xlsx(lines: &[ExportLine], budget: &Budget) -> Result<Vec<u8>> {
    build_xlsx(lines, budget).map_err(xlsx_error)
}

fn build_xlsx(lines: &[ExportLine], budget: &Budget) -> std::result::Result<Vec<u8>, XlsxError> {
    let reporting = &budget.reporting_currency;
    let reporting_minor = money::currency(reporting).map_or(2, |c| c.minor_units);
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let reporting_format = currency_format(reporting_minor, reporting);
    let mut workbook = Workbook::new();

    let sheet = workbook.add_worksheet();
    sheet.set_name("Lines")?;
    for (col, header) in line_headers(reporting).iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, header, &bold)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        let own = currency_format(l.currency_minor, &l.currency);
        sheet.write_string(row, 0, &l.partnership)?;
        sheet.write_string(row, 1, &l.exchange)?;
        write_date(sheet, row, 2, l.exchange_start, &date)?;
        sheet.write_string(row, 3, l.category.label())?;
        sheet.write_string(row, 4, &l.description)?;
        sheet.write_string(row, 5, &l.traveller)?;
        sheet.write_string(row, 6, l.stage.label())?;
        sheet.write_string(row, 7, &l.funder)?;
        write_date(sheet, row, 8, l.cost_date, &date)?;
        sheet.write_string(row, 9, &l.reference)?;
        sheet.write_number(row, 10, l.quantity as f64)?;
        let unit = money::parse_amount(&l.unit_amount, l.currency_minor).unwrap_or(0);
        sheet.write_number_with_format(
            row,
            11,
            money::to_major_f64(i128::from(unit), l.currency_minor),
            &own,
        )?;
        sheet.write_string(row, 12, &l.currency)?;
        sheet.write_number_with_format(
            row,
            13,
            money::to_major_f64(l.total, l.currency_minor),
            &own,
        )?;
        if let Some(c) = l.converted {
            sheet.write_number_with_format(
                row,
                14,
                money::to_major_f64(c, reporting_minor),
                &reporting_format,
            )?;
        }
        sheet.write_string(row, 15, &l.rate)?;
        sheet.write_string(row, 16, &l.id)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !lines.is_empty() {
        sheet.autofilter(0, 0, lines.len() as u32, 16)?;
    }
    for (col, width) in [
        (0, 40),
        (1, 40),
        (3, 22),
        (4, 40),
        (5, 20),
        (7, 18),
        (15, 50),
    ] {
        sheet.set_column_width(col, width)?;
    }
    for col in [2, 8, 11, 13, 14] {
        sheet.set_column_width(col, 16)?;
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name("Totals")?;
    sheet.write_string_with_format(0, 0, "Reporting currency", &bold)?;
    sheet.write_string(0, 1, reporting)?;
    sheet.write_string_with_format(1, 0, "Complete", &bold)?;
    sheet.write_string(
        1,
        1,
        if budget.complete {
            "yes: every line has a rate".to_string()
        } else {
            format!(
                "no: {} line(s) left out for want of a rate",
                budget.unconverted_lines
            )
        },
    )?;
    for (col, header) in TOTALS_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(3, col as u16, *header, &bold)?;
    }
    let mut row = 4u32;
    let mut put = |sheet: &mut Worksheet,
                   section: &str,
                   name: &str,
                   t: &StageTotals|
     -> std::result::Result<(), XlsxError> {
        sheet.write_string(row, 0, section)?;
        sheet.write_string(row, 1, name)?;
        for (col, amount) in [
            (2, &t.estimate),
            (3, &t.committed),
            (4, &t.actual),
            (5, &t.variance),
        ] {
            sheet.write_number_with_format(
                row,
                col,
                money::to_major_f64(i128::from(amount.minor), reporting_minor),
                &reporting_format,
            )?;
        }
        if let Some(p) = &t.variance_percent {
            sheet.write_string(row, 6, p)?;
        }
        sheet.write_number(row, 7, t.lines as f64)?;
        row += 1;
        Ok(())
    };
    put(sheet, "Total", "All lines", &budget.totals)?;
    for c in &budget.by_category {
        put(sheet, "Category", c.label, &c.totals)?;
    }
    for f in &budget.by_funder {
        put(sheet, "Funder", &f.name, &f.totals)?;
    }
    for m in &budget.by_month {
        put(sheet, "Month", &m.month, &m.totals)?;
    }
    for e in &budget.by_exchange {
        let name = match e.start_date {
            Some(d) => format!("{} ({d})", e.title),
            None => e.title.clone(),
        };
        put(sheet, "Exchange", &name, &e.totals)?;
    }
    let mut row = row + 1;
    sheet.write_string_with_format(row, 0, "Rates used", &bold)?;
    row += 1;
    for r in &budget.rates_used {
        sheet.write_string(row, 1, r.describe())?;
        row += 1;
    }
    if !budget.missing_rates.is_empty() {
        row += 1;
        sheet.write_string_with_format(row, 0, "Missing rates", &bold)?;
        row += 1;
        for m in &budget.missing_rates {
            sheet.write_string(row, 1, &m.text)?;
            row += 1;
        }
    }
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 50)?;
    for col in 2..=5 {
        sheet.set_column_width(col, 18)?;
    }
    workbook.save_to_buffer()
}

pub fn write_xlsx(lines: &[ExportLine], budget: &Budget, path: &Path) -> Result<()> {
    peerplan_core::export::write_atomically(path, &to_xlsx(lines, budget)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use peerplan_core::costs::{budget, budget_lines, BudgetFilter};
    use peerplan_core::Store;

    #[test]
    fn csv_fields_are_quoted_per_rfc_4180() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("the \"big\" one"), "\"the \"\"big\"\" one\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn the_csv_has_every_line_with_amounts_in_their_currencys_decimals() {
        let mut store = Store::open_in_memory().unwrap();
        peerplan_core::demo::load(&mut store).unwrap();
        let lines = budget_lines(&store, &BudgetFilter::default()).unwrap();
        let csv = to_csv(&lines, "USD");
        let records: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(records.len(), lines.len() + 1);
        assert!(records[0].ends_with("Total,Total in USD,Rate used,Line id"));
        // XOF has no decimals, GHS two; the converted total is in USD cents.
        assert!(csv.contains(",2,350000,XOF,700000,1102.36,"), "{csv}");
        assert!(csv.contains(",3,15200.00,GHS,45600.00,4384.62,"), "{csv}");
        // The missing rate is an empty total and a reason.
        assert!(csv.contains(",1,95000.00,LRD,95000.00,,missing: LRD→USD on or before 2027-03-09,"));
        // A description with a comma is quoted.
        assert!(csv.contains("\"Return fare Dakar–Lagos, resource person\""));
    }

    #[test]
    fn the_workbook_is_a_zip_with_two_sheets() {
        let mut store = Store::open_in_memory().unwrap();
        peerplan_core::demo::load(&mut store).unwrap();
        let filter = BudgetFilter::default();
        let bytes = to_xlsx(
            &budget_lines(&store, &filter).unwrap(),
            &budget(&store, &filter).unwrap(),
        )
        .unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("costs.xlsx");
        write_xlsx(
            &budget_lines(&store, &filter).unwrap(),
            &budget(&store, &filter).unwrap(),
            &path,
        )
        .unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() > 1000);
    }
}
