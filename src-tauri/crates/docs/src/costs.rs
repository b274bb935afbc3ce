//! Costs for finance teams (issue 6): every line under a budget filter as CSV (RFC 4180), and
//! an XLSX workbook with one sheet of lines and one of totals, amounts as numbers with their
//! currency's decimals. Both are written with `write_atomically`.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use peerplan_core::costs::{Budget, ExportLine, MissingRate, RateUsed, StageTotals};
use peerplan_core::money;
use peerplan_core::Result;

use crate::words::{self, t, Lang};

/// The columns of the CSV file and of the lines sheet, in `lang`.
pub fn line_headers(reporting: &str, lang: Lang) -> Vec<String> {
    [
        "partnership",
        "exchange",
        "exchange_start",
        "category",
        "description",
        "traveller",
        "stage",
        "funder",
        "paid_from",
        "date",
        "reference",
        "quantity",
        "unit_amount",
        "currency",
        "total",
    ]
    .iter()
    // i18n-dynamic: costs_doc.col.
    .map(|key| t(lang, &format!("costs_doc.col.{key}"), &[]))
    .chain([
        t(
            lang,
            "costs_doc.col.total_in",
            &[("currency", reporting.to_string())],
        ),
        t(lang, "costs_doc.col.rate_used", &[]),
        t(lang, "costs_doc.col.line_id", &[]),
    ])
    .collect()
}

/// "1 EUR = 655.957 XOF (rate of 2026-01-02), used XOF→EUR" (`RateUsed::describe`) in
/// `lang`.
pub fn describe_rate(lang: Lang, r: &RateUsed) -> String {
    let when = rate_when(lang, r.budget_rate, r.rate_date);
    let args = vec![
        ("entered_as", entered_as(lang, r)),
        ("when", when),
        ("from", r.from_currency.clone()),
        ("to", r.to_currency.clone()),
    ];
    match &r.leg_of {
        Some(whole) => {
            let mut args = args;
            args.push(("whole", whole.clone()));
            t(lang, "costs_doc.rate.describe_leg", &args)
        }
        None => t(lang, "costs_doc.rate.describe", &args),
    }
}

fn rate_when(lang: Lang, budget_rate: bool, date: Option<chrono::NaiveDate>) -> String {
    match (budget_rate, date) {
        (true, _) => t(lang, "costs_doc.rate.fixed", &[]),
        (false, Some(d)) => t(lang, "costs_doc.rate.of", &[("date", d.to_string())]),
        (false, None) => t(lang, "costs_doc.rate.plain", &[]),
    }
}

/// "EUR = 655.957 XOF", its number written the way `lang` writes numbers.
fn entered_as(lang: Lang, r: &RateUsed) -> String {
    r.entered_as.replacen(
        &format!(" {} ", r.rate),
        &format!(" {} ", words::decimal(lang, &r.rate)),
        1,
    )
}

/// A line's conversion in words (`describe_conversion`), in `lang`.
pub fn describe_conversion(lang: Lang, used: &[RateUsed]) -> String {
    match used {
        [] => String::new(),
        [one] => describe_rate(lang, one),
        legs => {
            let whole = legs[0].leg_of.clone().unwrap_or_default();
            let each: Vec<String> = legs
                .iter()
                .map(|l| {
                    let when = l.rate_date.map_or_else(
                        || t(lang, "costs_doc.rate.plain", &[]),
                        |d| t(lang, "costs_doc.rate.of", &[("date", d.to_string())]),
                    );
                    format!("1 {} ({when})", entered_as(lang, l))
                })
                .collect();
            format!("{whole}: {}", each.join("; "))
        }
    }
}

/// A rate that was missing ("LRD→USD on or before 2027-03-09"), in `lang`.
pub fn missing_text(lang: Lang, m: &MissingRate) -> String {
    let pair = [
        ("from", m.from_currency.clone()),
        ("to", m.to_currency.clone()),
    ];
    match m.on_or_before {
        Some(d) => {
            let mut args = pair.to_vec();
            args.push(("date", d.to_string()));
            t(lang, "costs_doc.rate.missing_on", &args)
        }
        None => t(lang, "costs_doc.rate.missing_any", &pair),
    }
}

/// The line's "Rate used" cell: the conversion, or the rate that is missing.
fn rate_used(lang: Lang, l: &ExportLine) -> String {
    if lang == Lang::En {
        return l.rate.clone();
    }
    match &l.missing_rate {
        Some(m) => t(
            lang,
            "costs_doc.rate.missing",
            &[("text", missing_text(lang, m))],
        ),
        None => describe_conversion(lang, &l.rates_used),
    }
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
fn paid_from(l: &ExportLine, lang: Lang) -> String {
    if l.paid_by.is_empty() {
        t(lang, "costs_doc.paid.network", &[])
    } else {
        t(
            lang,
            "costs_doc.paid.own_budget",
            &[("member", words::member_label(lang, &l.paid_by))],
        )
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
/// empty converted total. Headers, categories, stages and the rate texts are in `lang`;
/// amounts and dates stay as data (a point, ISO dates) whatever the language.
pub fn to_csv(lines: &[ExportLine], reporting: &str, lang: Lang) -> String {
    let mut out = String::from(UTF8_BOM);
    let mut record = |fields: Vec<String>| {
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    };
    record(line_headers(reporting, lang));
    for l in lines {
        record(vec![
            l.partnership.clone(),
            l.exchange.clone(),
            date_text(l.exchange_start),
            words::label(lang, l.category),
            l.description.clone(),
            l.traveller.clone(),
            words::label(lang, l.stage),
            l.funder.clone(),
            paid_from(l, lang),
            date_text(l.cost_date),
            l.reference.clone(),
            l.quantity.to_string(),
            l.unit_amount.clone(),
            l.currency.clone(),
            money::format_amount(l.total, l.currency_minor),
            l.converted
                .map(|c| money::format_amount(c, l.reporting_minor))
                .unwrap_or_default(),
            rate_used(lang, l),
            l.id.clone(),
        ]);
    }
    out
}

pub fn write_csv(lines: &[ExportLine], reporting: &str, lang: Lang, path: &Path) -> Result<()> {
    peerplan_core::export::write_atomically(path, to_csv(lines, reporting, lang).as_bytes())
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

/// The totals sheet's columns (`costs_doc.totals.<key>`).
const TOTALS_HEADERS: [&str; 11] = [
    "section",
    "name",
    "estimate",
    "committed",
    "actual",
    "lines",
    "compared_estimate",
    "compared_actual",
    "variance",
    "variance_percent",
    "note",
];

/// The rates sheet's columns (`costs_doc.rates.<key>`).
const RATES_HEADERS: [&str; 7] = [
    "from",
    "to",
    "rate",
    "entered_as",
    "rate_date",
    "kind",
    "leg_of",
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

/// One filter of the budget ("Country" — "Kenya (KE)") in `lang`: the label and value the
/// core worded in English, worded again from the filter itself.
pub fn filter_term(lang: Lang, budget: &Budget, label: &str, value: &str) -> (String, String) {
    if lang == Lang::En {
        return (label.to_string(), value.to_string());
    }
    let f = &budget.filter;
    let key = label.to_lowercase();
    let value = match key.as_str() {
        "category" => f.category.map(|c| words::label(lang, c)),
        "stage" => f.stage.map(|s| words::label(lang, s)),
        "country" => f
            .country
            .as_deref()
            .map(|c| words::country_label(lang, &c.trim().to_uppercase())),
        "filters" => Some(t(lang, "costs_doc.filter.none", &[])),
        _ => None,
    }
    .unwrap_or_else(|| value.to_string());
    // i18n-dynamic: costs_doc.filter.
    let label_key = format!("costs_doc.filter.{key}");
    let label = if peerplan_i18n::has(lang, &label_key) {
        t(lang, &label_key, &[])
    } else {
        label.to_string()
    };
    (label, value)
}

/// The budget's rules, said beside the figures: the core's English, or the catalog's.
fn rule(lang: Lang, english: &'static str, key: &str) -> String {
    match lang {
        Lang::En => english.to_string(),
        _ => t(lang, key, &[]),
    }
}

/// "GHS (Cedi du Ghana), KES (Shilling kényan)": the lines' currencies with their names in
/// `lang`, in `lang`'s order of the names.
fn currencies_named(lang: Lang, lines: &[ExportLine], reporting: &str) -> String {
    let mut codes: Vec<&str> = lines.iter().map(|l| l.currency.as_str()).collect();
    codes.push(reporting);
    codes.sort_unstable();
    codes.dedup();
    let mut named: Vec<(String, &str)> = codes
        .into_iter()
        .map(|c| (words::currency_name(lang, c), c))
        .collect();
    peerplan_i18n::sort_by_name(lang, &mut named, |(name, _)| name);
    named
        .iter()
        .map(|(name, code)| format!("{code} ({name})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The workbook's bytes, in `lang`. Sheets: "About" (what the figures are: filters,
/// reporting currency, the comparison and month rules, completeness), "Lines" (every line),
/// "Totals" (the budget view by category, funder, month and exchange, with the paid-only
/// comparison as numbers and percentages) and "Rates" (every rate used, pivot legs named, and
/// the missing ones); the sheets are named in `lang` too.
pub fn to_xlsx(lines: &[ExportLine], budget: &Budget, lang: Lang) -> Result<Vec<u8>> {
    build_xlsx(lines, budget, lang).map_err(xlsx_error)
}

fn build_xlsx(
    lines: &[ExportLine],
    budget: &Budget,
    lang: Lang,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let tr = |key: &str| t(lang, key, &[]);
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
    sheet.set_name(tr("costs_doc.sheet.about"))?;
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
        &tr("costs_doc.about.title"),
        &tr("costs_doc.about.what"),
    )?;
    about(sheet, &tr("costs_doc.about.reporting"), reporting)?;
    about(
        sheet,
        &tr("costs_doc.about.currencies"),
        &currencies_named(lang, lines, reporting),
    )?;
    for term in &budget.filter_described {
        let (label, value) = filter_term(lang, budget, &term.label, &term.value);
        about(
            sheet,
            &t(lang, "costs_doc.about.filter", &[("label", label)]),
            &value,
        )?;
    }
    about(
        sheet,
        &tr("costs_doc.about.complete"),
        &if budget.complete {
            tr("costs_doc.about.complete_yes")
        } else {
            t(
                lang,
                "costs_doc.about.complete_no",
                &[("count", words::count(lang, budget.unconverted_lines as i64))],
            )
        },
    )?;
    about(
        sheet,
        &tr("costs_doc.about.comparison_rule"),
        &rule(lang, budget.comparison_rule, "costs_doc.rule.comparison"),
    )?;
    about(
        sheet,
        &tr("costs_doc.about.months"),
        &rule(lang, budget.month_rule, "costs_doc.rule.months"),
    )?;
    about(
        sheet,
        &tr("costs_doc.about.conversion_rule"),
        &tr("costs_doc.rule.conversion"),
    )?;
    about(
        sheet,
        &tr("costs_doc.about.compared"),
        &t(
            lang,
            "costs_doc.about.compared_text",
            &[
                ("paid", words::count(lang, budget.paid.exchanges as i64)),
                (
                    "unpaid",
                    words::count(lang, budget.paid.unpaid_exchanges as i64),
                ),
            ],
        ),
    )?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 100)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);

    let sheet = workbook.add_worksheet();
    sheet.set_name(tr("costs_doc.sheet.lines"))?;
    let headers = line_headers(reporting, lang);
    let mut widths = Widths::new(&headers);
    for (col, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, text, &header)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        let own = currency_format(l.currency_minor, &l.currency);
        let paid = paid_from(l, lang);
        let category = words::label(lang, l.category);
        let stage = words::label(lang, l.stage);
        let rate = rate_used(lang, l);
        for (col, text) in [
            (0, l.partnership.as_str()),
            (1, l.exchange.as_str()),
            (3, category.as_str()),
            (4, l.description.as_str()),
            (5, l.traveller.as_str()),
            (6, stage.as_str()),
            (7, l.funder.as_str()),
            (8, paid.as_str()),
            (10, l.reference.as_str()),
            (13, l.currency.as_str()),
            (16, rate.as_str()),
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
    sheet.set_name(tr("costs_doc.sheet.totals"))?;
    let headers: Vec<String> = TOTALS_HEADERS
        .iter()
        // i18n-dynamic: costs_doc.totals.
        .map(|h| tr(&format!("costs_doc.totals.{h}")))
        .collect();
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
    let section_total = tr("costs_doc.section.total");
    put(
        sheet,
        &mut widths,
        &section_total,
        &tr("costs_doc.section.all_lines"),
        &budget.totals,
        Some(&budget.paid.totals),
        "",
    )?;
    let section = tr("costs_doc.section.category");
    for c in &budget.by_category {
        put(
            sheet,
            &mut widths,
            &section,
            &words::label(lang, c.category),
            &c.row.totals,
            Some(&c.row.compared),
            "",
        )?;
    }
    let section = tr("costs_doc.section.funder");
    for f in &budget.by_funder {
        put(
            sheet,
            &mut widths,
            &section,
            &f.name,
            &f.row.totals,
            Some(&f.row.compared),
            "",
        )?;
    }
    let section = tr("costs_doc.section.paid_by");
    for p in &budget.by_payer {
        let payer = match &p.member_id {
            None => tr("costs_doc.section.network_and_funders"),
            Some(_) => words::member_label(lang, &p.name),
        };
        let name = match &p.partnership_title {
            Some(title) => t(
                lang,
                "costs_doc.paid.own_budget_in",
                &[("member", payer), ("partnership", title.clone())],
            ),
            None => payer,
        };
        let dash = "–".to_string();
        put(
            sheet,
            &mut widths,
            &section,
            &name,
            &p.row.totals,
            Some(&p.row.compared),
            &t(
                lang,
                "costs_doc.section.shares",
                &[
                    (
                        "estimate",
                        p.estimate_share
                            .as_deref()
                            .map_or(dash.clone(), |v| words::decimal(lang, v)),
                    ),
                    (
                        "actual",
                        p.actual_share
                            .as_deref()
                            .map_or(dash.clone(), |v| words::decimal(lang, v)),
                    ),
                ],
            ),
        )?;
    }
    let section_month = tr("costs_doc.section.month");
    for m in &budget.by_month {
        let month = if m.month == "undated" {
            tr("costs_doc.section.undated")
        } else {
            m.month.clone()
        };
        put(
            sheet,
            &mut widths,
            &section_month,
            &month,
            &m.row.totals,
            Some(&m.row.compared),
            "",
        )?;
    }
    let section = tr("costs_doc.section.exchange");
    let not_compared = tr("costs_doc.section.not_compared");
    for e in &budget.by_exchange {
        let name = match e.start_date {
            Some(d) => format!("{} ({d})", e.title),
            None => e.title.clone(),
        };
        let (compared, note) = if e.paid {
            (Some(&e.totals), "")
        } else {
            (None, not_compared.as_str())
        };
        put(
            sheet,
            &mut widths,
            &section,
            &name,
            &e.totals,
            compared,
            note,
        )?;
    }
    let last = row - 1;
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, last, 10)?;
    widths.see(0, &section_month);
    widths.apply(sheet, 10, 60)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name(tr("costs_doc.sheet.rates"))?;
    let headers: Vec<String> = RATES_HEADERS
        .iter()
        // i18n-dynamic: costs_doc.rates.
        .map(|h| tr(&format!("costs_doc.rates.{h}")))
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
        let entered = format!("1 {}", entered_as(lang, r));
        sheet.write_string(row, 3, &entered)?;
        widths.see(3, &entered);
        write_date(sheet, row, 4, r.rate_date, &date)?;
        let kind = if r.budget_rate {
            tr("costs_doc.rates.fixed_kind")
        } else {
            tr("costs_doc.rates.dated_kind")
        };
        sheet.write_string(row, 5, &kind)?;
        widths.see(5, &kind);
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
        sheet.write_string_with_format(row, 0, tr("costs_doc.rates.missing_heading"), &bold)?;
        row += 1;
        for m in &budget.missing_rates {
            let text = if lang == Lang::En {
                m.text.clone()
            } else {
                missing_text(lang, m)
            };
            sheet.write_string(row, 0, &m.from_currency)?;
            sheet.write_string(row, 1, &m.to_currency)?;
            sheet.write_string(row, 3, &text)?;
            widths.see(3, &text);
            row += 1;
        }
    }
    widths.see(4, "2026-01-01");
    widths.apply(sheet, 8, 60)?;
    workbook.save_to_buffer()
}

pub fn write_xlsx(lines: &[ExportLine], budget: &Budget, lang: Lang, path: &Path) -> Result<()> {
    peerplan_core::export::write_atomically(path, &to_xlsx(lines, budget, lang)?)
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
        let csv = to_csv(&lines, "USD", Lang::En);
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

    /// The rate texts worded from the catalog in English are the core's, for every demo line,
    /// in dollars and in euros (where lines convert through the dollar, in two legs).
    #[test]
    fn the_catalogs_english_rate_texts_are_the_cores() {
        let mut store = Store::open_in_memory().unwrap();
        peerplan_core::demo::load(&mut store).unwrap();
        let mut legs = 0;
        for reporting in ["USD", "EUR"] {
            store.set_reporting_currency(reporting).unwrap();
            let lines = budget_lines(&store, &BudgetFilter::default()).unwrap();
            for l in &lines {
                let worded = match &l.missing_rate {
                    Some(m) => t(
                        Lang::En,
                        "costs_doc.rate.missing",
                        &[("text", missing_text(Lang::En, m))],
                    ),
                    None => describe_conversion(Lang::En, &l.rates_used),
                };
                assert_eq!(worded, l.rate);
                legs += usize::from(l.rates_used.len() > 1);
            }
            let b = budget(&store, &BudgetFilter::default()).unwrap();
            for m in &b.missing_rates {
                assert_eq!(missing_text(Lang::En, m), m.text);
            }
            for r in &b.rates_used {
                assert_eq!(describe_rate(Lang::En, r), r.describe());
            }
            assert_eq!(
                t(Lang::En, "costs_doc.rule.comparison", &[]),
                b.comparison_rule
            );
            assert_eq!(t(Lang::En, "costs_doc.rule.months", &[]), b.month_rule);
        }
        assert!(
            legs > 0,
            "no conversion through a common currency was compared"
        );
    }

    #[test]
    fn a_french_csv_has_french_headers_categories_and_rate_texts() {
        let mut store = Store::open_in_memory().unwrap();
        peerplan_core::demo::load(&mut store).unwrap();
        let lines = budget_lines(&store, &BudgetFilter::default()).unwrap();
        let csv = to_csv(&lines, "USD", Lang::Fr);
        let header = csv.split("\r\n").next().unwrap();
        assert_eq!(
            header,
            "\u{feff}Partenariat,Échange,Début de l’échange,Catégorie,Description,Voyageur,\
             Étape,Bailleur,Payé sur,Date,Référence,Quantité,Montant unitaire,Devise,Total,\
             Total en USD,Taux utilisé,Identifiant de la ligne"
        );
        assert!(csv.contains(",Voyages internationaux,"), "{csv}");
        assert!(csv.contains(",Réel / payé,"), "{csv}");
        assert!(csv.contains(",Réseau / bailleur,"), "{csv}");
        assert!(csv.contains("Budget propre : Ghana (GH)"), "{csv}");
        assert!(
            csv.contains(",manquant : LRD→USD au 2027-03-09 ou avant,"),
            "{csv}"
        );
        // Amounts stay data: a point, no grouping, whatever the language.
        assert!(csv.contains(",2,350000,XOF,700000,1102.36,"), "{csv}");
        let es = to_csv(&lines, "USD", Lang::Es);
        assert!(es.starts_with("\u{feff}Asociación,Intercambio,Inicio del intercambio,Categoría,"));
        assert!(es.contains(",Estimado,"), "{es}");
        assert!(es.contains("aplicado a"), "{es}");
    }

    #[test]
    fn the_lines_currencies_are_named_in_the_documents_language_and_order() {
        let mut store = Store::open_in_memory().unwrap();
        peerplan_core::demo::load(&mut store).unwrap();
        let lines = budget_lines(&store, &BudgetFilter::default()).unwrap();
        let fr = currencies_named(Lang::Fr, &lines, "USD");
        assert!(
            fr.starts_with("GHS (Cedi du Ghana), USD (Dollar américain), LRD (Dollar libérien)"),
            "{fr}"
        );
        let es = currencies_named(Lang::Es, &lines, "USD");
        assert!(es.contains("USD (Dólar estadounidense)"), "{es}");
        let en = currencies_named(Lang::En, &lines, "USD");
        assert!(en.contains("USD (US Dollar)"), "{en}");
    }

    #[test]
    fn the_workbook_is_a_zip_with_two_sheets() {
        let mut store = Store::open_in_memory().unwrap();
        peerplan_core::demo::load(&mut store).unwrap();
        let filter = BudgetFilter::default();
        let bytes = to_xlsx(
            &budget_lines(&store, &filter).unwrap(),
            &budget(&store, &filter).unwrap(),
            Lang::En,
        )
        .unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("costs.xlsx");
        write_xlsx(
            &budget_lines(&store, &filter).unwrap(),
            &budget(&store, &filter).unwrap(),
            Lang::En,
            &path,
        )
        .unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() > 1000);
    }
}
