//! Lists for partners and colleagues (issue 18, "the way back out"): the directory's people
//! and an exchange's participants as CSV (with a byte order mark, so Excel shows accents) and
//! as an XLSX sheet (bold frozen header, filters, fitted widths). The headers are the ones the
//! importer recognises, so a list sent out and returned edited is matched, not duplicated.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use peerplan_core::model::PersonData;
use peerplan_core::queries::ParticipantView;
use peerplan_core::{countries, Result};

use crate::costs::{csv_field, UTF8_BOM};
use crate::words::{self, t, Lang};

/// A list: its sheet name, headers and rows of text.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub sheet: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn country_name(code: Option<&str>, lang: Lang) -> String {
    code.and_then(|c| countries::name_in(c, lang.code()))
        .unwrap_or("")
        .to_string()
}

/// The people columns (`list_doc.col.<key>`). In every language they are words the importer
/// reads ("Nom", "Organisme", "Correo electrónico"…), so a list comes back matched.
const PERSON_COLUMNS: [&str; 7] = [
    "name",
    "organisation",
    "position",
    "country",
    "email",
    "phone",
    "notes",
];

fn headers(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter()
        // i18n-dynamic: list_doc.col.
        .map(|k| t(lang, &format!("list_doc.col.{k}"), &[]))
        .collect()
}

fn person_cells(p: &PersonData, lang: Lang) -> Vec<String> {
    vec![
        p.name.clone(),
        p.organisation.clone(),
        p.position.clone(),
        country_name(p.country_code.as_deref(), lang),
        p.email.clone(),
        p.phone.clone(),
        p.notes.clone(),
    ]
}

/// The directory, one row per person, in `lang` (headers, sheet and countries).
pub fn people_list(people: &[PersonData], lang: Lang) -> List {
    List {
        sheet: t(lang, "list_doc.sheet.people", &[]),
        headers: headers(lang, &PERSON_COLUMNS),
        rows: people.iter().map(|p| person_cells(p, lang)).collect(),
    }
}

/// An exchange's participants: the person, the member they represent, role and attendance,
/// in `lang`.
pub fn participants_list(participants: &[ParticipantView], lang: Lang) -> List {
    let mut keys = PERSON_COLUMNS[..6].to_vec();
    keys.extend(["member", "role", "attendance"]);
    List {
        sheet: t(lang, "list_doc.sheet.participants", &[]),
        headers: headers(lang, &keys),
        rows: participants
            .iter()
            .map(|p| {
                let mut cells = person_cells(&p.person.data, lang);
                cells.truncate(6);
                // The member as the app labels it, which the importer matches on the way
                // back (it does not read a label with a translated country yet).
                cells.push(if p.participant.data.member_id.is_some() {
                    p.member_label.clone()
                } else {
                    String::new()
                });
                cells.push(words::label(lang, p.participant.data.role));
                cells.push(words::label(lang, p.participant.data.attendance));
                cells
            })
            .collect(),
    }
}

/// CSV with a byte order mark and CRLF line ends (RFC 4180).
pub fn to_csv(list: &List) -> String {
    let mut out = String::from(UTF8_BOM);
    let mut record = |fields: Vec<&str>| {
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    };
    record(list.headers.iter().map(String::as_str).collect());
    for row in &list.rows {
        record(row.iter().map(String::as_str).collect());
    }
    out
}

pub fn to_xlsx(list: &List) -> Result<Vec<u8>> {
    build(list).map_err(|e| peerplan_core::Error::Io {
        context: "Could not build the XLSX workbook".into(),
        source: std::io::Error::other(e.to_string()),
    })
}

fn build(list: &List) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(&list.sheet)?;
    let bold = Format::new().set_bold();
    let mut widths: Vec<usize> = list.headers.iter().map(|h| h.chars().count()).collect();
    for (c, h) in list.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, row) in list.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, cell)?;
            widths[c] = widths[c].max(cell.chars().count());
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, list.rows.len() as u32, list.headers.len() as u16 - 1)?;
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w + 2).clamp(8, 50) as f64)?;
    }
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    book.save_to_buffer()
}

/// Writes `list` as CSV or XLSX (by `format`: "csv" or "xlsx"), atomically.
pub fn write(list: &List, format: &str, path: &Path) -> Result<()> {
    let bytes = match format {
        "csv" => to_csv(list).into_bytes(),
        _ => to_xlsx(list)?,
    };
    peerplan_core::export::write_atomically(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_go_out_with_the_headers_the_importer_reads_and_accents_intact() {
        let list = people_list(
            &[PersonData {
                name: "Aïssata Koné".into(),
                organisation: "Ministère de l'Environnement, Abidjan".into(),
                country_code: Some("CI".into()),
                email: "aissata@example.ci".into(),
                ..Default::default()
            }],
            Lang::En,
        );
        let csv = to_csv(&list);
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("Name,Organisation,Position,Country,Email,Phone,Notes\r\n"));
        assert!(csv.contains("Aïssata Koné,\"Ministère de l'Environnement, Abidjan\",,Côte d'Ivoire,aissata@example.ci,,\r\n"), "{csv}");
        let bytes = to_xlsx(&list).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }

    #[test]
    fn french_and_spanish_lists_name_columns_and_countries_in_their_language() {
        let person = PersonData {
            name: "Aïssata Koné".into(),
            country_code: Some("CI".into()),
            ..Default::default()
        };
        let fr = to_csv(&people_list(std::slice::from_ref(&person), Lang::Fr));
        assert!(
            fr.contains("Nom,Organisme,Fonction,Pays,Courriel,Téléphone,Notes\r\n"),
            "{fr}"
        );
        assert!(fr.contains("Aïssata Koné,,,Côte d'Ivoire,"), "{fr}");
        let es = people_list(&[person], Lang::Es);
        assert_eq!(es.sheet, "Personas");
        assert_eq!(
            es.headers,
            [
                "Nombre",
                "Organización",
                "Cargo",
                "País",
                "Correo electrónico",
                "Teléfono",
                "Notas"
            ]
        );
        assert_eq!(es.rows[0][3], "Costa de Marfíl");
    }
}
