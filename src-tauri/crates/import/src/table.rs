//! Reading the officer's file into one table of cells: the first sheet of an `.xlsx`, `.xls`
//! or `.ods` workbook (through calamine), or a CSV file in the encoding and with the separator
//! Excel wrote it in (UTF-8 with or without a byte order mark, UTF-16, Windows-1252; `,`, `;`
//! or tab). Formulas come as their values; spreadsheet errors (`#N/A`) as error cells.

use std::path::Path;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use peerplan_core::validate::Report;
use peerplan_core::{Error, Result};

/// One cell as the file holds it. The app sends the table back with the officer's corrections,
/// so it travels as JSON: `{"kind": "text", "value": "Amina"}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    /// A spreadsheet error such as `#N/A` or `#REF!`.
    Error(String),
}

impl Cell {
    /// The cell as text: numbers without a trailing ".0", dates as YYYY-MM-DD.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// The rows of the file under its header row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Table {
    /// The sheet read ("Sheet1"), or "" for a CSV file.
    pub sheet: String,
    pub headers: Vec<String>,
    /// The data rows, each as long as `headers` (cells past the last header are dropped).
    pub rows: Vec<Vec<Cell>>,
    /// The file's row number (1-based, as the spreadsheet shows it) of each data row.
    pub row_numbers: Vec<usize>,
}

/// A refusal of the whole file, with the field "file" and a code, and nothing changed.
pub(crate) fn file_error(code: &'static str, message: String) -> Error {
    let mut report = Report::default();
    report.error("file", code, message);
    Error::Invalid(report)
}

/// Reads `path` by its extension (`.csv`/`.txt`/`.tsv` as text, anything else as a workbook).
pub fn read_file(path: &Path) -> Result<Table> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(format!("Could not read {shown}"), e))?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "csv" | "txt" | "tsv" => read_csv(&bytes),
        _ => read_workbook(bytes, &shown),
    }
}

/// Whether `bytes` are an Office file encrypted with a password: an OLE compound file holding
/// an "EncryptedPackage" stream (how Excel saves a workbook with File › Protect › Encrypt).
fn is_encrypted_office_file(bytes: &[u8]) -> bool {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.starts_with(&OLE) && bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// The first sheet with something on it.
pub fn read_workbook(bytes: Vec<u8>, shown: &str) -> Result<Table> {
    if is_encrypted_office_file(&bytes) {
        return Err(workbook_error("password protected", shown));
    }
    let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| workbook_error(&e.to_string(), shown))?;
    let names = workbook.sheet_names().to_vec();
    for name in &names {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| workbook_error(&e.to_string(), shown))?;
        let rows: Vec<Vec<Cell>> = range
            .rows()
            .map(|r| r.iter().map(cell_of).collect())
            .collect();
        if rows.iter().any(|r| r.iter().any(|c| !c.is_empty())) {
            // calamine's range starts at the first used cell: count the rows above it, and
            // put back the empty columns left of it so "C" is the sheet's column C.
            let (first_row, first_column) = range
                .start()
                .map_or((0, 0), |(row, col)| (row as usize, col as usize));
            let numbered = rows
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut padded = vec![Cell::Empty; first_column];
                    padded.extend(r);
                    (first_row + i + 1, padded)
                })
                .collect();
            return table_of(name.clone(), numbered);
        }
    }
    Err(file_error(
        "empty_file",
        format!("{shown} has no rows to import: every sheet is empty"),
    ))
}

fn workbook_error(text: &str, shown: &str) -> Error {
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        file_error(
            "encrypted_file",
            format!("{shown} is protected by a password; open it in Excel, remove the password (File › Info › Protect Workbook) and save a copy to import"),
        )
    } else {
        file_error(
            "not_a_spreadsheet",
            format!("{shown} is not a spreadsheet PeerPlan can read ({text}); save it from Excel or LibreOffice as .xlsx, .xls, .ods or .csv"),
        )
    }
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) => Cell::Date(dt.date()),
            None => Cell::Number(d.as_f64()),
        },
        Data::DateTimeIso(s) => {
            // The date part of "2027-01-15T00:00:00"; anything else (not even ASCII) stays text.
            match NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Rows (each with the row number the file shows) → table. The header is the first row with
/// two or more filled cells among the first ten non-empty rows (a title row such as
/// "Délégation du Kenya — Ibadan 2025" above it is passed over), else the first non-empty row;
/// the rows after it are the data.
fn table_of(sheet: String, rows: Vec<(usize, Vec<Cell>)>) -> Result<Table> {
    let filled = |r: &[Cell]| r.iter().filter(|c| !c.is_empty()).count();
    let non_empty: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, (_, r))| filled(r) > 0)
        .map(|(i, _)| i)
        .take(10)
        .collect();
    let header_at = non_empty
        .iter()
        .copied()
        .find(|&i| filled(&rows[i].1) >= 2)
        .or_else(|| non_empty.first().copied());
    let Some(header_at) = header_at else {
        return Err(file_error(
            "empty_file",
            "the file has no rows to import".to_string(),
        ));
    };
    let mut headers: Vec<String> = rows[header_at].1.iter().map(Cell::text).collect();
    while headers.last().is_some_and(|h| h.is_empty()) {
        headers.pop();
    }
    let width = headers.len();
    let mut table = Table {
        sheet,
        headers,
        rows: Vec::new(),
        row_numbers: Vec::new(),
    };
    for (number, mut row) in rows.into_iter().skip(header_at + 1) {
        // Cells right of the last header are not read: a row with nothing else is empty.
        row.resize(width, Cell::Empty);
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        table.rows.push(row);
        table.row_numbers.push(number);
    }
    Ok(table)
}

/// CSV text as Excel writes it in any locale: the encoding and the separator are found.
pub fn read_csv(bytes: &[u8]) -> Result<Table> {
    let text = decode(bytes);
    let separator = sniff_separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let (mut counted_to, mut counted_line) = (0usize, 0usize);
    for record in reader.records() {
        let record = record.map_err(|e| {
            file_error(
                "not_a_spreadsheet",
                format!("the file cannot be read as CSV: {e}"),
            )
        })?;
        // The line the record starts on, as a text editor or Excel shows it (counted here: the
        // reader's own count lags by one after a CRLF line end).
        let line = record.position().map_or(rows.len() + 1, |p| {
            let bytes = text.as_bytes();
            let mut at = (p.byte() as usize).min(bytes.len());
            while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
                at += 1;
            }
            // Counted from the previous record on: one pass over the text in all.
            counted_line += bytes[counted_to.min(at)..at]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted_to = counted_to.max(at);
            counted_line + 1
        });
        rows.push((
            line,
            record
                .iter()
                .map(|f| {
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_string())
                    }
                })
                .collect(),
        ));
    }
    if text.contains('\0') {
        return Err(file_error(
            "not_a_spreadsheet",
            "the file is not text (it holds binary data); save it from Excel as .xlsx or .csv"
                .to_string(),
        ));
    }
    table_of(String::new(), rows)
}

/// UTF-8 (with or without a byte order mark), UTF-16 with its mark, else Windows-1252 — the
/// "ANSI" Excel writes on a French or Spanish Windows.
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The separator of the first lines: the most frequent of tab, `;` and `,` outside quotes
/// (tab first, then `;`, on a tie: a French Excel writes `;` because `,` is its decimal mark).
fn sniff_separator(text: &str) -> u8 {
    // Over the first lines, not the first alone: a title row ("Kenya delegation, Ibadan")
    // above tab-separated data must not make the file comma-separated.
    let mut counts = [(b'\t', 0usize), (b';', 0), (b',', 0)];
    for line in text.lines().filter(|l| !l.trim().is_empty()).take(5) {
        let mut quoted = false;
        for c in line.chars() {
            if c == '"' {
                quoted = !quoted;
            } else if !quoted {
                for (sep, n) in &mut counts {
                    if c == *sep as char {
                        *n += 1;
                    }
                }
            }
        }
    }
    // The most frequent; on a tie the first listed (tab, then `;`).
    let mut best = (b',', 0usize);
    for (sep, n) in counts {
        if n > best.1 {
            best = (sep, n);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_every_encoding_and_separator_excel_writes() {
        let expected = [
            vec![Cell::Text("Nom".into()), Cell::Text("Pays".into())],
            vec![
                Cell::Text("Aïssata Koné".into()),
                Cell::Text("Côte d'Ivoire".into()),
            ],
        ];
        let utf8 = "Nom;Pays\r\nAïssata Koné;Côte d'Ivoire\r\n";
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(utf8.as_bytes());
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(utf8);
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Nom\tPays\r\nAïssata Koné\tCôte d'Ivoire\r\n".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let comma = "\"Nom\",\"Pays\"\nAïssata Koné,Côte d'Ivoire\n";
        for bytes in [
            utf8.as_bytes().to_vec(),
            with_bom,
            cp1252.into_owned(),
            utf16,
            comma.as_bytes().to_vec(),
        ] {
            let table = read_csv(&bytes).unwrap();
            assert_eq!(table.headers, ["Nom", "Pays"]);
            assert_eq!(table.rows, expected[1..].to_vec());
            assert_eq!(table.row_numbers, [2]);
        }
    }

    #[test]
    fn quoted_separators_and_line_breaks_stay_in_their_field() {
        let table =
            read_csv(b"Name,Notes\n\"Diallo, Amina\",\"two\nlines\"\n\n,\nKofi,\n").unwrap();
        assert_eq!(table.rows.len(), 2, "the empty rows are skipped");
        assert_eq!(table.rows[0][0], Cell::Text("Diallo, Amina".into()));
        assert_eq!(table.rows[0][1], Cell::Text("two\nlines".into()));
        assert_eq!(table.row_numbers, [2, 6]);
    }

    #[test]
    fn a_workbook_gives_values_dates_and_errors() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(2, 0, "Name").unwrap();
        sheet.write_string(2, 1, "Born").unwrap();
        sheet.write_string(2, 2, "Score").unwrap();
        sheet.write_string(3, 0, "Amina").unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2027, 1, 15).unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        sheet
            .write_datetime_with_format(3, 1, &date, &format)
            .unwrap();
        sheet
            .write_formula(3, 2, rust_xlsxwriter::Formula::new("=1+1").set_result("2"))
            .unwrap();
        sheet
            .write_formula(
                4,
                0,
                rust_xlsxwriter::Formula::new("=NA()").set_result("#N/A"),
            )
            .unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let table = read_workbook(bytes, "list.xlsx").unwrap();
        assert_eq!(table.headers, ["Name", "Born", "Score"]);
        assert_eq!(
            table.row_numbers,
            [4, 5],
            "the spreadsheet's own row numbers"
        );
        assert_eq!(
            table.rows[0][1],
            Cell::Date(NaiveDate::from_ymd_opt(2027, 1, 15).unwrap())
        );
        assert_eq!(table.rows[0][2].text(), "2");
        assert!(
            matches!(table.rows[1][0], Cell::Error(_)),
            "{:?}",
            table.rows[1]
        );
    }

    #[test]
    fn a_password_protected_workbook_is_named_as_such() {
        let bytes = include_bytes!("../fixtures/password-protected.xlsx").to_vec();
        let err = read_workbook(bytes, "budget.xlsx").unwrap_err();
        assert!(
            matches!(&err, Error::Invalid(r) if r.issues[0].code == "encrypted_file"),
            "{err}"
        );
        assert!(err.to_string().contains("protected by a password"), "{err}");
    }

    #[test]
    fn merged_header_cells_and_a_row_of_a_thousand_cells_keep_the_table_square() {
        // "Participant" merged over two columns: the second header is empty, not imported.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet
            .merge_range(0, 0, 0, 1, "Participant", &rust_xlsxwriter::Format::new())
            .unwrap();
        sheet.write_string(0, 2, "Email").unwrap();
        sheet.write_string(1, 0, "Amina").unwrap();
        sheet.write_string(1, 1, "Diallo").unwrap();
        sheet.write_string(1, 2, "amina@example.sn").unwrap();
        let table = read_workbook(book.save_to_buffer().unwrap(), "merged.xlsx").unwrap();
        assert_eq!(table.headers, ["Participant", "", "Email"]);
        assert_eq!(table.rows[0].len(), 3);
        // A row with 1,000 cells under a header of two: cut to the header's width.
        let mut text = "Name,Email\n".to_string();
        text.push_str(&vec!["x"; 1000].join(","));
        text.push('\n');
        let table = read_csv(text.as_bytes()).unwrap();
        assert_eq!(table.rows[0].len(), 2);
    }

    #[test]
    fn files_that_are_not_spreadsheets_are_refused_by_name() {
        let err = read_workbook(b"%PDF-1.7 not a workbook".to_vec(), "scan.pdf").unwrap_err();
        assert!(
            matches!(&err, Error::Invalid(r) if r.issues[0].code == "not_a_spreadsheet"),
            "{err}"
        );
        let err = read_csv(b"\n\n  \n").unwrap_err();
        assert!(
            matches!(&err, Error::Invalid(r) if r.issues[0].code == "empty_file"),
            "{err}"
        );
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet();
        let err = read_workbook(book.save_to_buffer().unwrap(), "empty.xlsx").unwrap_err();
        assert!(
            matches!(&err, Error::Invalid(r) if r.issues[0].code == "empty_file"),
            "{err}"
        );
    }
}
