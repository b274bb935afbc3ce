//! The agenda as a Word document (.docx) that partners open, comment on and co-edit in Word,
//! LibreOffice or Google Docs: a minimal Office Open XML package written by hand and zipped.
//!
//! Only the parts a word processor needs: `[Content_Types].xml`, `_rels/.rels`,
//! `word/document.xml`, `word/styles.xml` (Title, Subtitle, Heading 1 and 2, a table style, so
//! partners' edits keep the document's look and the navigation pane lists the days),
//! `word/_rels/document.xml.rels` and `docProps/core.xml` (title and language). Each day is a
//! Heading 1 (days after the first start a new page) over one table: time | session | led
//! by, presenters, room, link. Header rows repeat on each page and rows do not split. All
//! text is XML-escaped, and characters XML 1.0 forbids are dropped.

use std::fmt::Write as _;
use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::pdf::Paper;
use peerplan_core::export::agenda::labels as label;
use peerplan_core::export::agenda::{AgendaDoc, AgendaDocSession};
use peerplan_core::model::ExchangeFormat;
use peerplan_core::{Error, Result};

/// `text` escaped for XML element content and attributes; characters XML 1.0 does not allow
/// (control characters other than tab, line feed and carriage return) are dropped, since
/// Word refuses to open a document containing one.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Styles named as Word names its built-in ones (Title, Heading1…), so Word treats them as
/// its own: the navigation pane, a table of contents and partners' style changes work.
fn styles(lang: &str) -> String {
    let heading = |id: &str, name: &str, size: u32, before: u32, colour: &str| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="80"/><w:outlineLvl w:val="{}"/></w:pPr><w:rPr><w:b/><w:color w:val="{colour}"/><w:sz w:val="{size}"/></w:rPr></w:style>"#,
            if id == "Heading1" { 0 } else { 1 }
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:color w:val="1F2933"/><w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="{lang}"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="1D4E89"/></w:pBdr><w:spacing w:after="200"/></w:pPr><w:rPr><w:b/><w:color w:val="556170"/><w:sz w:val="22"/></w:rPr></w:style>{}{}<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:qFormat/><w:rPr><w:b/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="C5CDD6"/><w:left w:val="single" w:sz="4" w:space="0" w:color="C5CDD6"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="C5CDD6"/><w:right w:val="single" w:sz="4" w:space="0" w:color="C5CDD6"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="C5CDD6"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="C5CDD6"/></w:tblBorders><w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="100" w:type="dxa"/><w:bottom w:w="60" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        heading("Heading1", "heading 1", 28, 240, "1D4E89"),
        heading("Heading2", "heading 2", 22, 200, "1F2933"),
    )
}

/// Paragraphs and tables appended to `word/document.xml`'s body.
struct Body {
    xml: String,
}

/// A run of text: bold, colour ("556170") and size in half-points are optional.
#[derive(Clone, Copy, Default)]
struct Run<'a> {
    text: &'a str,
    bold: bool,
    colour: Option<&'a str>,
    size: Option<u32>,
}

fn run(text: &str) -> Run<'_> {
    Run {
        text,
        ..Run::default()
    }
}

fn bold(text: &str) -> Run<'_> {
    Run {
        text,
        bold: true,
        ..Run::default()
    }
}

fn muted(text: &str) -> Run<'_> {
    Run {
        text,
        colour: Some("556170"),
        ..Run::default()
    }
}

impl Body {
    /// A paragraph of `runs` in `style` (None: Normal); `page_break` starts a new page.
    fn paragraph(&mut self, style: Option<&str>, page_break: bool, runs: &[Run<'_>]) {
        self.xml.push_str("<w:p>");
        if style.is_some() || page_break {
            self.xml.push_str("<w:pPr>");
            if let Some(style) = style {
                let _ = write!(self.xml, "<w:pStyle w:val=\"{style}\"/>");
            }
            if page_break {
                self.xml.push_str("<w:pageBreakBefore/>");
            }
            self.xml.push_str("</w:pPr>");
        }
        for r in runs {
            if r.text.is_empty() {
                continue;
            }
            self.xml.push_str("<w:r>");
            if r.bold || r.colour.is_some() || r.size.is_some() {
                self.xml.push_str("<w:rPr>");
                if r.bold {
                    self.xml.push_str("<w:b/>");
                }
                if let Some(c) = r.colour {
                    let _ = write!(self.xml, "<w:color w:val=\"{c}\"/>");
                }
                if let Some(s) = r.size {
                    let _ = write!(self.xml, "<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>");
                }
                self.xml.push_str("</w:rPr>");
            }
            let _ = write!(
                self.xml,
                "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                escape(r.text)
            );
        }
        self.xml.push_str("</w:p>");
    }

    /// A table with `widths` (twentieths of a point) and a heading row repeated on each page;
    /// `rows` are cells of paragraphs (each a list of runs). A row never splits over pages.
    fn table(&mut self, widths: &[u32], headings: &[&str], rows: &[Vec<Vec<Vec<Run<'_>>>>]) {
        let total: u32 = widths.iter().sum();
        let _ = write!(
            self.xml,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        );
        for w in widths {
            let _ = write!(self.xml, "<w:gridCol w:w=\"{w}\"/>");
        }
        self.xml
            .push_str("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        for (w, heading) in widths.iter().zip(headings) {
            let _ = write!(
                self.xml,
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"1D4E89\"/></w:tcPr>"
            );
            self.paragraph(
                None,
                false,
                &[Run {
                    text: heading,
                    bold: true,
                    colour: Some("FFFFFF"),
                    size: Some(16),
                }],
            );
            self.xml.push_str("</w:tc>");
        }
        self.xml.push_str("</w:tr>");
        for row in rows {
            self.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            for (w, cell) in widths.iter().zip(row) {
                let _ = write!(
                    self.xml,
                    "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>"
                );
                if cell.is_empty() {
                    // A cell must hold at least one paragraph.
                    self.xml.push_str("<w:p/>");
                }
                for paragraph in cell {
                    self.paragraph(None, false, paragraph);
                }
                self.xml.push_str("</w:tc>");
            }
            self.xml.push_str("</w:tr>");
        }
        // Word needs a paragraph between two tables, or it joins them.
        self.xml.push_str("</w:tbl><w:p/>");
    }
}

/// The session column: title (bold), kind, description lines.
fn session_cell<'a>(doc: &AgendaDoc, s: &'a AgendaDocSession) -> Vec<Vec<Run<'a>>> {
    if s.kind.is_pause() {
        return vec![vec![muted(&s.title)]];
    }
    let mut cell = vec![
        vec![bold(&s.title)],
        vec![Run {
            text: label::session_kind(doc.language, s.kind),
            bold: true,
            colour: Some("1D4E89"),
            size: Some(16),
        }],
    ];
    for line in s
        .description
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        cell.push(vec![run(line)]);
    }
    cell
}

/// Turns the details column's (label, value) pairs into paragraphs.
fn details_cell<'a>(items: &'a [(String, String)]) -> Vec<Vec<Run<'a>>> {
    items
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(name, value)| vec![muted(name), run(value.trim())])
        .collect()
}

fn details(doc: &AgendaDoc, s: &AgendaDocSession) -> Vec<(String, String)> {
    let lang = doc.language;
    let mut items = Vec::new();
    if let Some(lead) = &s.lead {
        items.push((label::labelled(lang, label::led_by(lang)), lead.clone()));
    }
    items.push((
        label::labelled(lang, label::presenters(lang)),
        s.presenters.join("; "),
    ));
    items.push((label::labelled(lang, label::room(lang)), s.location.clone()));
    items.push((label::labelled(lang, label::link(lang)), s.link.clone()));
    items
}

/// `word/document.xml` for `doc` on `paper`.
fn document_xml(doc: &AgendaDoc, paper: Paper) -> String {
    let lang = doc.language;
    let mut body = Body {
        xml: String::with_capacity(64 * 1024),
    };
    // Page and margins in twentieths of a point (2 cm margins).
    let (page_w, page_h) = match paper {
        Paper::A4 => (11906u32, 16838u32),
        Paper::Letter => (12240, 15840),
    };
    let margin = 1134u32;
    let text_width = page_w - 2 * margin;

    body.paragraph(
        None,
        false,
        &[Run {
            text: &label::agenda(lang).to_uppercase(),
            bold: true,
            colour: Some("1D4E89"),
            size: Some(17),
        }],
    );
    body.paragraph(Some("Title"), false, &[run(&doc.title)]);
    if !doc.partnership_title.is_empty() {
        body.paragraph(Some("Subtitle"), false, &[run(&doc.partnership_title)]);
    }
    let format = label::exchange_format(lang, doc.format);
    let venue = match doc.format {
        _ if doc.venue.trim().is_empty() => format.to_string(),
        ExchangeFormat::Virtual => format.to_string(),
        ExchangeFormat::Hybrid => format!("{} ({})", doc.venue.trim(), format.to_lowercase()),
        ExchangeFormat::InPerson => doc.venue.trim().to_string(),
    };
    let mut facts = vec![
        (
            label::dates(lang),
            label::date_range(lang, doc.start_date, doc.end_date),
        ),
        (label::venue(lang), venue),
    ];
    let zone_lines = doc.time_zone_lines();
    if !zone_lines.is_empty() {
        facts.push((label::time_zone(lang), zone_lines.join("; ")));
    }
    if !doc.members.is_empty() {
        facts.push((label::members(lang), doc.members.join("; ")));
    }
    for (name, value) in &facts {
        let name = label::labelled(lang, name);
        body.paragraph(None, false, &[bold(&name), run(value)]);
    }
    let objectives: Vec<&str> = doc
        .objectives
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !objectives.is_empty() {
        body.paragraph(Some("Heading1"), false, &[run(label::objectives(lang))]);
        for o in &objectives {
            if objectives.len() > 1 {
                body.paragraph(None, false, &[run("•  "), run(o)]);
            } else {
                body.paragraph(None, false, &[run(o)]);
            }
        }
    }

    // One time column per place (the venue's alone when everyone shares its zone), together
    // never wider than half the page.
    let zones = doc.zones.len().max(1);
    let time_w = 1500.min(text_width / 2 / zones as u32);
    let session_w = (text_width - time_w * zones as u32) * 57 / 100;
    let details_w = text_width - time_w * zones as u32 - session_w;
    let mut widths = vec![time_w; zones];
    widths.extend([session_w, details_w]);
    for (i, day) in doc.days.iter().enumerate() {
        let heading = format!(
            "{} · {}",
            label::day(lang, i + 1),
            label::long_date_heading(lang, day.date)
        );
        body.paragraph(Some("Heading1"), i > 0, &[run(&heading)]);
        if !day.title.is_empty() {
            body.paragraph(None, false, &[muted(&day.title)]);
        }
        let times: Vec<Vec<String>> = day
            .sessions
            .iter()
            .map(|s| {
                if zones > 1 {
                    s.times.iter().map(|t| t.text.clone()).collect()
                } else {
                    vec![label::time_range(s.start, s.end)]
                }
            })
            .collect();
        let details: Vec<Vec<(String, String)>> =
            day.sessions.iter().map(|s| details(doc, s)).collect();
        let rows: Vec<Vec<Vec<Vec<Run<'_>>>>> = day
            .sessions
            .iter()
            .zip(&times)
            .zip(&details)
            .map(|((s, times), items)| {
                let mut cells: Vec<Vec<Vec<Run<'_>>>> = times
                    .iter()
                    .map(|time| {
                        let time = if s.kind.is_pause() {
                            muted(time)
                        } else {
                            bold(time)
                        };
                        vec![vec![time]]
                    })
                    .collect();
                cells.push(session_cell(doc, s));
                cells.push(details_cell(items));
                cells
            })
            .collect();
        let mut headings: Vec<String> = if zones > 1 {
            (0..zones).map(|z| doc.zone_heading(day, z)).collect()
        } else {
            vec![label::time(lang).to_string()]
        };
        headings.extend([
            label::session(lang).to_string(),
            label::details(lang).to_string(),
        ]);
        let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
        body.table(&widths, &headings, &rows);
    }

    if let Some(delegations) = &doc.delegations {
        body.paragraph(Some("Heading1"), true, &[run(label::participants(lang))]);
        let name_w = text_width * 30 / 100;
        let role_w = text_width * 22 / 100;
        let position_w = text_width - name_w - role_w;
        for d in delegations {
            let heading = format!(
                "{} ({})",
                label::delegation(lang, &d.member),
                d.people.len()
            );
            body.paragraph(Some("Heading2"), false, &[run(&heading)]);
            let roles: Vec<String> = d
                .people
                .iter()
                .map(|p| label::participant_role(lang, &p.role))
                .collect();
            let rows: Vec<Vec<Vec<Vec<Run<'_>>>>> = d
                .people
                .iter()
                .zip(&roles)
                .map(|(p, role)| {
                    vec![
                        vec![vec![bold(&p.name)]],
                        vec![vec![run(&p.position)]],
                        vec![vec![muted(role)]],
                    ]
                })
                .collect();
            body.table(
                &[name_w, position_w, role_w],
                &[label::name(lang), label::position(lang), label::role(lang)],
                &rows,
            );
        }
    }

    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}"><w:body>{}<w:sectPr><w:pgSz w:w="{page_w}" w:h="{page_h}"/><w:pgMar w:top="{margin}" w:right="{margin}" w:bottom="{margin}" w:left="{margin}" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
        body.xml
    )
}

fn core_xml(doc: &AgendaDoc) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>PeerPlan</dc:creator><dc:language>{}</dc:language></cp:coreProperties>"#,
        escape(&format!("{}: {}", label::agenda(doc.language), doc.title)),
        doc.language.as_str()
    )
}

fn zip_error(e: impl std::fmt::Display) -> Error {
    Error::io(
        "Could not make the Word document",
        std::io::Error::other(e.to_string()),
    )
}

/// The agenda as the bytes of a .docx file laid out for `paper`.
pub fn agenda_docx(doc: &AgendaDoc, paper: Paper) -> Result<Vec<u8>> {
    let lang = match doc.language.as_str() {
        "fr" => "fr-FR",
        "es" => "es-ES",
        _ => "en-GB",
    };
    let parts: [(&str, String); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/document.xml", document_xml(doc, paper)),
        ("word/styles.xml", styles(lang)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("docProps/core.xml", core_xml(doc)),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // A fixed timestamp (the zip default, 1980-01-01): the same agenda gives the same bytes.
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in &parts {
        zip.start_file(*name, options).map_err(zip_error)?;
        zip.write_all(content.as_bytes()).map_err(zip_error)?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

/// Writes the Word agenda to `path` (atomically).
pub fn write_agenda_docx(doc: &AgendaDoc, paper: Paper, path: &Path) -> Result<()> {
    let bytes = agenda_docx(doc, paper)?;
    peerplan_core::export::write_atomically(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::sample::sample_agenda;
    use peerplan_core::model::AgendaLanguage;
    use quick_xml::events::Event;
    use std::io::Read;

    fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).unwrap();
                let mut text = String::new();
                file.read_to_string(&mut text).unwrap();
                (file.name().unwrap().to_string(), text)
            })
            .collect()
    }

    /// Parses `xml` (failing on any well-formedness error, mismatched end tags included) and
    /// returns the text of its paragraphs, one string per `w:p`, in document order.
    fn paragraphs(xml: &str) -> Vec<String> {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let mut out = Vec::new();
        let mut current: Option<String> = None;
        let mut in_text = false;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if e.name().as_ref() == "w:p" => current = Some(String::new()),
                Event::End(e) if e.name().as_ref() == "w:p" => {
                    out.extend(current.take());
                }
                Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
                Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
                Event::Text(t) if in_text => {
                    if let Some(p) = current.as_mut() {
                        p.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) if in_text => {
                    let name = r.xml10_content();
                    let c = match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unexpected entity {other}"),
                    };
                    if let Some(p) = current.as_mut() {
                        p.push_str(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    fn well_formed(xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let mut depth = 0i32;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0);
    }

    #[test]
    fn the_package_has_its_parts_and_every_part_is_well_formed_xml() {
        let bytes = agenda_docx(&sample_agenda(2, 6), Paper::A4).unwrap();
        assert!(bytes.starts_with(b"PK"));
        let parts = unzip(&bytes);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        for required in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/styles.xml",
            "word/_rels/document.xml.rels",
            "docProps/core.xml",
        ] {
            assert!(names.contains(&required), "{required} missing: {names:?}");
        }
        for (name, xml) in &parts {
            assert!(xml.starts_with("<?xml"), "{name}");
            well_formed(xml);
        }
        let styles = &parts
            .iter()
            .find(|(n, _)| n == "word/styles.xml")
            .unwrap()
            .1;
        for id in ["Heading1", "Heading2", "Title", "TableGrid"] {
            assert!(styles.contains(&format!("w:styleId=\"{id}\"")), "{id}");
        }
        // The same agenda gives the same file.
        assert_eq!(bytes, agenda_docx(&sample_agenda(2, 6), Paper::A4).unwrap());
    }

    #[test]
    fn the_document_holds_every_session_in_order_with_escaped_text() {
        let mut doc = sample_agenda(3, 12);
        doc.language = AgendaLanguage::Fr;
        doc.title = "Budgets & <script> \"devis\"\u{1}".to_string();
        doc.days[1].sessions[0].title = "Q&A: <questions> d'abord".to_string();
        let bytes = agenda_docx(&doc, Paper::Letter).unwrap();
        let parts = unzip(&bytes);
        let xml = &parts
            .iter()
            .find(|(n, _)| n == "word/document.xml")
            .unwrap()
            .1;
        assert!(xml.contains("w:w=\"12240\" w:h=\"15840\""));
        let paragraphs = paragraphs(xml);
        assert!(paragraphs.contains(&"Budgets & <script> \"devis\"".to_string()));
        let position = |text: &str, from: usize| -> usize {
            paragraphs[from..]
                .iter()
                .position(|p| p == text)
                .map(|i| i + from)
                .unwrap_or_else(|| panic!("{text} missing after {from}: {paragraphs:#?}"))
        };
        let mut at = 0;
        for (i, day) in doc.days.iter().enumerate() {
            let heading = format!(
                "{} · {}",
                label::day(doc.language, i + 1),
                label::long_date_heading(doc.language, day.date)
            );
            at = position(&heading, at);
            for s in &day.sessions {
                at = position(&label::time_range(s.start, s.end), at);
                at = position(&s.title, at);
            }
        }
        assert!(paragraphs.contains(&"Jour 1 · Mardi 3 mars 2026".to_string()));
        assert!(paragraphs
            .iter()
            .any(|p| p.starts_with("Animée par\u{202f}: ")));
        assert!(paragraphs.contains(&"Facilitation et personnes ressources (2)".to_string()));
        // Days after the first and the participant list start new pages.
        assert_eq!(xml.matches("<w:pageBreakBefore/>").count(), 3);
    }

    #[test]
    fn a_hybrid_agenda_gives_every_place_its_own_times() {
        for lang in [AgendaLanguage::En, AgendaLanguage::Fr, AgendaLanguage::Es] {
            let doc = crate::agenda::sample::hybrid_agenda(lang);
            let parts = unzip(&agenda_docx(&doc, Paper::A4).unwrap());
            let xml = &parts
                .iter()
                .find(|(n, _)| n == "word/document.xml")
                .unwrap()
                .1;
            well_formed(xml);
            let paragraphs = paragraphs(xml);
            let has = |text: &str| paragraphs.iter().any(|p| p == text);
            // Each day's table heads a column per place named with that day's abbreviation:
            // Barcelona is on winter time on 26 March and on summer time on 30 March.
            assert!(
                has("Barcelona (CET)") && has("Barcelona (CEST)"),
                "{lang:?}"
            );
            assert!(paragraphs.iter().any(|p| p.ends_with("(EDT)")));
            // Day 2's discussion: 16:45 in Barcelona is 10:45 on the US east coast; the two
            // times sit side by side in the same row.
            // (On day 1, winter time in Barcelona, the same session is at 11:45 there.)
            let at = paragraphs.iter().position(|p| p == "16:45–18:00").unwrap();
            assert_eq!(paragraphs[at + 1], "11:45–13:00", "{lang:?}");
            let at = paragraphs.iter().rposition(|p| p == "16:45–18:00").unwrap();
            assert_eq!(paragraphs[at + 1], "10:45–12:00", "{lang:?}");
            // A time column per zone, the session and the details in every row.
            let row = xml.split("<w:tr>").nth(2).unwrap();
            assert_eq!(row.matches("<w:tc>").count(), 2 + doc.zones.len());
            // The front names each place's zone.
            let front = paragraphs
                .iter()
                .find(|p| p.contains(label::times_per_place(lang)))
                .unwrap();
            for z in &doc.zones {
                assert!(front.contains(&z.time_zone), "{front}");
            }
        }
    }

    #[test]
    fn the_file_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("agenda.docx");
        write_agenda_docx(&sample_agenda(1, 3), Paper::A4, &path).unwrap();
        assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    }
}
