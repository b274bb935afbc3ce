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
        "Paid from",
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

/// Who pays, in words: the member's own budget, or the network / named funder.
fn paid_from(l: &ExportLine) -> String {
    if l.paid_by.is_empty() {
        "Network / funder".to_string()
    } else {
        format!("{}'s own budget", l.paid_by)
    }
}

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The byte order mark Excel needs to read a CSV file as UTF-8 (without it "–" shows as
/// "â€“" and "Côte d'Ivoire" as "CÃ´te d'Ivoire"). Other readers skip it.
pub const UTF8_BOM: char = '\u{feff}';

/// The CSV text: a byte order mark, a header and one record per line, CRLF line ends
/// (RFC 4180). Amounts are decimal text with a point in their currency's decimals, without
/// thousands separators, which Excel reads as numbers; a line whose rate is missing has an
/// empty converted total.
pub fn to_csv(lines: &[ExportLine], reporting: &str) -> String {
    let mut out = String::from(UTF8_BOM);
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
            paid_from(l),
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

const TOTALS_HEADERS: [&str; 11] = [
    "Section",
    "Name",
    "Estimate",
    "Committed",
    "Actual",
    "Lines",
    "Compared: estimate",
    "Compared: actual",
    "Variance (actual − estimate)",
    "Variance %",
    "Note",
];

/// Column widths (in characters) that fit the longest cell, within `min..=max`.
struct Widths(Vec<usize>);

impl Widths {
    fn new(headers: &[String]) -> Widths {
        Widths(headers.iter().map(|h| h.chars().count()).collect())
    }
    fn see(&mut self, col: u16, text: &str) {
        let width = text.chars().count();
        if let Some(w) = self.0.get_mut(col as usize) {
            *w = (*w).max(width);
        }
    }
    /// Sets the widths, and prints the sheet as a finance colleague wants it on paper:
    /// landscape, one page wide, the header row repeated on every page.
    fn apply(
        &self,
        sheet: &mut Worksheet,
        min: usize,
        max: usize,
    ) -> std::result::Result<(), XlsxError> {
        sheet.set_landscape();
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0)?;
        for (col, width) in self.0.iter().enumerate() {
            sheet.set_column_width(col as u16, (*width + 2).clamp(min, max) as f64)?;
        }
        Ok(())
    }
}

/// The workbook's bytes. Sheets: "About" (what the figures are: filters, reporting currency,
/// the comparison and month rules, completeness), "Lines" (every line), "Totals" (the budget
/// view by category, funder, month and exchange, with the paid-only comparison as numbers and
/// percentages) and "Rates" (every rate used, pivot legs named, and the missing ones).
pub fn to_xlsx(lines: &[ExportLine], budget: &Budget) -> Result<Vec<u8>> {
    build_xlsx(lines, budget).map_err(xlsx_error)
}

fn build_xlsx(lines: &[ExportLine], budget: &Budget) -> std::result::Result<Vec<u8>, XlsxError> {
    let reporting = &budget.reporting_currency;
    let reporting_minor = money::currency(reporting).map_or(2, |c| c.minor_units);
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let percent = Format::new().set_num_format("+0.0%;-0.0%;0.0%");
    let rate_format = Format::new().set_num_format("0.##########");
    let reporting_format = currency_format(reporting_minor, reporting);
    let mut workbook = Workbook::new();

    // About: what a finance colleague needs to read the other sheets.
    let sheet = workbook.add_worksheet();
    sheet.set_name("About")?;
    let mut row = 0u32;
    let mut about = |sheet: &mut Worksheet, label: &str, value: &str| {
        let r = row;
        row += 1;
        sheet
            .write_string_with_format(r, 0, label, &bold)
            .and_then(|s| s.write_string_with_format(r, 1, value, &wrap))
            .map(|_| ())
    };
    about(
        sheet,
        "PeerPlan budget",
        "Logistics costs of peer-learning exchanges",
    )?;
    about(sheet, "Reporting currency", reporting)?;
    for term in &budget.filter_described {
        about(sheet, &format!("Filter: {}", term.label), &term.value)?;
    }
    about(
        sheet,
        "Complete",
        &if budget.complete {
            "Yes: every line has a rate".to_string()
        } else {
            format!(
                "No: {} line(s) left out for want of a rate (see the Rates sheet)",
                budget.unconverted_lines
            )
        },
    )?;
    about(sheet, "Comparison rule", budget.comparison_rule)?;
    about(sheet, "Months", budget.month_rule)?;
    about(
        sheet,
        "Conversion rule",
        "Each line is converted at its exchange's fixed budget rate, else at the rate in force on its date (the latest on or before it); with no rate of the pair, through a common currency, both legs at their rates in force on the same date. Each converted line is rounded to the reporting currency's cents; totals are sums of rounded lines. Lines without any rate are left out, never guessed.",
    )?;
    about(
        sheet,
        "Compared exchanges",
        &format!(
            "{} exchange(s) with something paid are compared; {} with nothing paid yet are left out of the comparison",
            budget.paid.exchanges, budget.paid.unpaid_exchanges
        ),
    )?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 100)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);

    let sheet = workbook.add_worksheet();
    sheet.set_name("Lines")?;
    let headers = line_headers(reporting);
    let mut widths = Widths::new(&headers);
    for (col, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, text, &header)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        let own = currency_format(l.currency_minor, &l.currency);
        let paid = paid_from(l);
        for (col, text) in [
            (0, l.partnership.as_str()),
            (1, l.exchange.as_str()),
            (3, l.category.label()),
            (4, l.description.as_str()),
            (5, l.traveller.as_str()),
            (6, l.stage.label()),
            (7, l.funder.as_str()),
            (8, paid.as_str()),
            (10, l.reference.as_str()),
            (13, l.currency.as_str()),
            (16, l.rate.as_str()),
            (17, l.id.as_str()),
        ] {
            sheet.write_string(row, col, text)?;
            widths.see(col, text);
        }
        write_date(sheet, row, 2, l.exchange_start, &date)?;
        write_date(sheet, row, 9, l.cost_date, &date)?;
        widths.see(2, "2026-01-01");
        widths.see(9, "2026-01-01");
        sheet.write_number(row, 11, l.quantity as f64)?;
        let unit = money::parse_amount(&l.unit_amount, l.currency_minor).unwrap_or(0);
        sheet.write_number_with_format(
            row,
            12,
            money::to_major_f64(i128::from(unit), l.currency_minor),
            &own,
        )?;
        let total_text = money::format_amount(l.total, l.currency_minor);
        sheet.write_number_with_format(
            row,
            14,
            money::to_major_f64(l.total, l.currency_minor),
            &own,
        )?;
        // Grouped digits and the code: what the cell shows.
        widths.see(12, &format!("{} {}", l.unit_amount, l.currency));
        widths.see(14, &format!("{total_text},000 {}", l.currency));
        if let Some(c) = l.converted {
            sheet.write_number_with_format(
                row,
                15,
                money::to_major_f64(c, reporting_minor),
                &reporting_format,
            )?;
            widths.see(
                15,
                &format!(
                    "{},000 {reporting}",
                    money::format_amount(c, reporting_minor)
                ),
            );
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, lines.len() as u32, 17)?;
    widths.apply(sheet, 8, 60)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Totals")?;
    let headers: Vec<String> = TOTALS_HEADERS.iter().map(|h| h.to_string()).collect();
    let mut widths = Widths::new(&headers);
    for (col, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, text, &header)?;
    }
    let mut row = 1u32;
    let amount = |sheet: &mut Worksheet,
                  row: u32,
                  col: u16,
                  a: &peerplan_core::costs::AmountView|
     -> std::result::Result<(), XlsxError> {
        sheet.write_number_with_format(
            row,
            col,
            money::to_major_f64(i128::from(a.minor), reporting_minor),
            &reporting_format,
        )?;
        Ok(())
    };
    let mut put = |sheet: &mut Worksheet,
                   widths: &mut Widths,
                   section: &str,
                   name: &str,
                   all: &StageTotals,
                   compared: Option<&StageTotals>,
                   note: &str|
     -> std::result::Result<(), XlsxError> {
        sheet.write_string(row, 0, section)?;
        sheet.write_string(row, 1, name)?;
        widths.see(1, name);
        amount(sheet, row, 2, &all.estimate)?;
        amount(sheet, row, 3, &all.committed)?;
        amount(sheet, row, 4, &all.actual)?;
        sheet.write_number(row, 5, all.lines as f64)?;
        for col in 2..=4 {
            widths.see(col, &format!("{},000 {reporting}", all.estimate.text));
        }
        if let Some(c) = compared.filter(|c| c.lines > 0) {
            amount(sheet, row, 6, &c.estimate)?;
            amount(sheet, row, 7, &c.actual)?;
            amount(sheet, row, 8, &c.variance)?;
            if c.estimate.minor != 0 {
                sheet.write_number_with_format(
                    row,
                    9,
                    c.variance.minor as f64 / c.estimate.minor as f64,
                    &percent,
                )?;
            }
        }
        if !note.is_empty() {
            sheet.write_string(row, 10, note)?;
            widths.see(10, note);
        }
        row += 1;
        Ok(())
    };
    put(
        sheet,
        &mut widths,
        "Total",
        "All lines",
        &budget.totals,
        Some(&budget.paid.totals),
        "",
    )?;
    for c in &budget.by_category {
        put(
            sheet,
            &mut widths,
            "Category",
            c.label,
            &c.row.totals,
            Some(&c.row.compared),
            "",
        )?;
    }
    for f in &budget.by_funder {
        put(
            sheet,
            &mut widths,
            "Funder",
            &f.name,
            &f.row.totals,
            Some(&f.row.compared),
            "",
        )?;
    }
    for p in &budget.by_payer {
        let name = match &p.partnership_title {
            Some(t) => format!("{}'s own budget ({t})", p.name),
            None => p.name.clone(),
        };
        put(
            sheet,
            &mut widths,
            "Paid by",
            &name,
            &p.row.totals,
            Some(&p.row.compared),
            &format!(
                "{}% of the estimate, {}% of the actual",
                p.estimate_share.as_deref().unwrap_or("–"),
                p.actual_share.as_deref().unwrap_or("–")
            ),
        )?;
    }
    for m in &budget.by_month {
        put(
            sheet,
            &mut widths,
            "Month of exchange",
            &m.month,
            &m.row.totals,
            Some(&m.row.compared),
            "",
        )?;
    }
    for e in &budget.by_exchange {
        let name = match e.start_date {
            Some(d) => format!("{} ({d})", e.title),
            None => e.title.clone(),
        };
        let (compared, note) = if e.paid {
            (Some(&e.totals), "")
        } else {
            (None, "Nothing paid yet: not compared")
        };
        put(
            sheet,
            &mut widths,
            "Exchange",
            &name,
            &e.totals,
            compared,
            note,
        )?;
    }
    let last = row - 1;
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, last, 10)?;
    widths.see(0, "Month of exchange");
    widths.apply(sheet, 10, 60)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Rates")?;
    let headers: Vec<String> = [
        "From",
        "To",
        "Rate",
        "Entered as",
        "Rate date",
        "Kind",
        "Leg of (through a common currency)",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    let mut widths = Widths::new(&headers);
    for (col, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, text, &header)?;
    }
    let mut row = 1u32;
    for r in &budget.rates_used {
        sheet.write_string(row, 0, &r.from_currency)?;
        sheet.write_string(row, 1, &r.to_currency)?;
        if let Ok(value) = r.rate.parse::<f64>() {
            sheet.write_number_with_format(row, 2, value, &rate_format)?;
        }
        let entered = format!("1 {}", r.entered_as);
        sheet.write_string(row, 3, &entered)?;
        widths.see(3, &entered);
        write_date(sheet, row, 4, r.rate_date, &date)?;
        let kind = if r.budget_rate {
            "Fixed budget rate of the exchange"
        } else {
            "Dated rate"
        };
        sheet.write_string(row, 5, kind)?;
        widths.see(5, kind);
        if let Some(leg) = &r.leg_of {
            sheet.write_string(row, 6, leg)?;
            widths.see(6, leg);
        }
        row += 1;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), 6)?;
    if !budget.missing_rates.is_empty() {
        row += 1;
        sheet.write_string_with_format(row, 0, "Missing rates: these lines are left out", &bold)?;
        row += 1;
        for m in &budget.missing_rates {
            sheet.write_string(row, 0, &m.from_currency)?;
            sheet.write_string(row, 1, &m.to_currency)?;
            sheet.write_string(row, 3, &m.text)?;
            widths.see(3, &m.text);
            row += 1;
        }
    }
    widths.see(4, "2026-01-01");
    widths.apply(sheet, 8, 60)?;
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
