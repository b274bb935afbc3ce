//! The agenda as a printable PDF hand-out, laid out with `pdf::Layout`: a front block (title,
//! partnership, dates, venue, time zone, members, objectives), then each day as a table of
//! sessions (time | session | who leads and presents, room, link), each day after the first
//! on a new page, then the participant list by delegation on a page of its own. Every page
//! has a footer with the title and "Page n of N" in the agenda's language.
//!
//! A table row is never split between pages when it fits on one: it moves to the next page,
//! under the day's heading marked "continued" and the column headings. Only a row taller
//! than a whole page (a description of several hundred words) is split, line by line.

use std::collections::VecDeque;
use std::path::Path;

use krilla::metadata::Metadata;

use crate::pdf::{wrap_lines, Colour, Layout, Paper, Style, WrappedLine};
use crate::pdf::{ACCENT, INK, MUTED, RULE, TINT};
use peerplan_core::export::agenda::labels as label;
use peerplan_core::export::agenda::{
    AgendaDoc, AgendaDocDay, AgendaDocDelegation, AgendaDocSession,
};
use peerplan_core::model::{AgendaLanguage, ExchangeFormat, PaperSize};
use peerplan_core::Result;

impl From<PaperSize> for Paper {
    fn from(size: PaperSize) -> Paper {
        match size {
            PaperSize::A4 => Paper::A4,
            PaperSize::Letter => Paper::Letter,
        }
    }
}

const WHITE: Colour = Colour(0xff, 0xff, 0xff);
const BODY: Style = Style::new(9.0, false, INK);
const BODY_BOLD: Style = Style::new(9.0, true, INK);
const TITLE: Style = Style::new(10.0, true, INK);
const KIND: Style = Style::new(8.0, true, ACCENT);
const LABEL: Style = Style::new(8.5, true, MUTED);
const NOTE: Style = Style::new(9.0, false, MUTED);
const TIME: Style = Style::new(9.0, true, INK);
const HEADER: Style = Style::new(8.0, true, WHITE);
const HEADER_LEADING: f32 = 10.5;
const LEADING: f32 = 12.0;
/// Space above and below the text of a table row.
const ROW_PAD: f32 = 5.0;
/// Space inside the table's left and right edges and between columns.
const CELL_INSET: f32 = 6.0;
const COLUMN_GAP: f32 = 12.0;
/// The footer's rule, this far above the paper's bottom edge.
const FOOTER_FROM_BOTTOM: f32 = 40.0;

/// A column's lines, each with its leading (an empty line is a gap).
type CellLines = Vec<(WrappedLine, f32)>;

/// Appends `runs` wrapped to `width`, each line `leading` tall.
fn push_text(cell: &mut CellLines, runs: &[(&str, Style)], width: f32, leading: f32) {
    for line in wrap_lines(runs, width, width) {
        cell.push((line, leading));
    }
}

fn push_gap(cell: &mut CellLines, height: f32) {
    cell.push((WrappedLine { pieces: Vec::new() }, height));
}

fn height(cell: &CellLines) -> f32 {
    cell.iter().map(|(_, h)| h).sum()
}

/// A table whose rows move to the next page whole, with its column headings (and the heading
/// of what it belongs to, marked continued) repeated at the top of the new page.
struct Table {
    /// (x, width) of each column's text.
    columns: Vec<(f32, f32)>,
    headings: Vec<String>,
    /// Drawn above the column headings on a continuation page.
    continued: String,
    rows_on_page: usize,
}

impl Table {
    /// Columns from the layout's left margin: first the `fixed` ones (widths in points; the
    /// time columns), then the rest of the text width given as `shares`.
    fn new(l: &Layout, fixed: &[f32], shares: &[f32], headings: Vec<String>) -> Table {
        let mut columns = Vec::new();
        let mut x = l.left + CELL_INSET;
        let gaps = COLUMN_GAP * ((shares.len() + fixed.len()) as f32 - 1.0);
        for width in fixed {
            columns.push((x, *width));
            x += width + COLUMN_GAP;
        }
        let rest = l.width() - 2.0 * CELL_INSET - fixed.iter().sum::<f32>() - gaps;
        let total: f32 = shares.iter().sum();
        for share in shares {
            let w = rest * share / total;
            columns.push((x, w));
            x += w + COLUMN_GAP;
        }
        Table {
            columns,
            headings,
            continued: String::new(),
            rows_on_page: 0,
        }
    }

    fn width(&self, column: usize) -> f32 {
        self.columns.get(column).map(|c| c.1).unwrap_or(0.0)
    }

    /// The column headings, wrapped to their columns: white on the accent colour.
    fn header(&mut self, l: &mut Layout) {
        let h = self.header_height();
        l.rect(l.left, l.y, l.width(), h, ACCENT);
        for ((x, width), text) in self.columns.iter().zip(&self.headings) {
            let mut top = l.y + 3.0;
            for line in wrap_lines(&[(text, HEADER)], *width, *width) {
                l.draw_line(*x, top, &line, HEADER_LEADING);
                top += HEADER_LEADING;
            }
        }
        l.y += h;
        self.rows_on_page = 0;
    }

    /// As many lines as the longest heading wraps to (a time column named by a long place).
    fn header_height(&self) -> f32 {
        let lines = self
            .columns
            .iter()
            .zip(&self.headings)
            .map(|((_, width), text)| wrap_lines(&[(text, HEADER)], *width, *width).len())
            .max()
            .unwrap_or(1)
            .max(1);
        lines as f32 * HEADER_LEADING + 6.0
    }

    fn page_break(&mut self, l: &mut Layout) {
        l.new_page();
        if !self.continued.is_empty() {
            l.paragraph(
                &[(&self.continued, Style::new(10.0, true, MUTED))],
                0.0,
                0.0,
                14.0,
            );
            l.space(4.0);
        }
        self.header(l);
    }

    /// Whether the column headings and a row `first_row` tall fit on this page.
    fn fits_with_header(&self, l: &Layout, first_row: f32) -> bool {
        l.fits(self.header_height() + first_row + 2.0 * ROW_PAD)
    }

    /// One row; `tint` shades it (breaks and meals).
    fn row(&mut self, l: &mut Layout, cells: Vec<CellLines>, tint: Option<Colour>) {
        let mut cells: Vec<VecDeque<(WrappedLine, f32)>> =
            cells.into_iter().map(VecDeque::from).collect();
        loop {
            let needed = cells
                .iter()
                .map(|c| c.iter().map(|(_, h)| h).sum::<f32>())
                .fold(0.0, f32::max)
                + 2.0 * ROW_PAD;
            if !l.fits(needed) && self.rows_on_page > 0 {
                self.page_break(l);
                continue;
            }
            // Either the row fits, or it is taller than a whole page: then draw what fits
            // (at least one line per column, so the loop always ends) and go on overleaf.
            let room = (l.bottom - l.y - 2.0 * ROW_PAD).max(0.0);
            let mut drawn: Vec<Vec<(WrappedLine, f32)>> = Vec::new();
            for cell in cells.iter_mut() {
                let mut used = 0.0;
                let mut part = Vec::new();
                while let Some((_, h)) = cell.front() {
                    if used + h > room + 0.01 && !part.is_empty() {
                        break;
                    }
                    used += h;
                    if let Some(line) = cell.pop_front() {
                        part.push(line);
                    }
                }
                drawn.push(part);
            }
            let row_height = drawn
                .iter()
                .map(|c| c.iter().map(|(_, h)| h).sum::<f32>())
                .fold(0.0, f32::max)
                + 2.0 * ROW_PAD;
            if let Some(colour) = tint {
                l.rect(l.left, l.y, l.width(), row_height, colour);
            }
            for ((x, _), part) in self.columns.iter().zip(&drawn) {
                let mut top = l.y + ROW_PAD;
                for (line, leading) in part {
                    l.draw_line(*x, top, line, *leading);
                    top += leading;
                }
            }
            l.y += row_height;
            l.rect(l.left, l.y - 0.5, l.width(), 0.5, RULE);
            self.rows_on_page += 1;
            if cells.iter().all(|c| c.is_empty()) {
                return;
            }
            self.page_break(l);
        }
    }
}

fn section_heading(l: &mut Layout, text: &str) {
    l.space(10.0);
    l.paragraph(&[(text, Style::new(11.5, true, ACCENT))], 0.0, 0.0, 15.0);
    l.rule(0.6, RULE, 5.0);
}

/// The front block: what the exchange is, where and when, who, and what for.
fn front(l: &mut Layout, doc: &AgendaDoc) {
    let lang = doc.language;
    let kind = label::agenda(lang).to_uppercase();
    l.paragraph(&[(&kind, Style::new(8.5, true, ACCENT))], 0.0, 0.0, 12.0);
    l.space(2.0);
    l.paragraph(&[(&doc.title, Style::new(20.0, true, INK))], 0.0, 0.0, 25.0);
    if !doc.partnership_title.is_empty() {
        l.space(1.0);
        l.paragraph(
            &[(&doc.partnership_title, Style::new(11.0, true, MUTED))],
            0.0,
            0.0,
            15.0,
        );
    }
    l.space(6.0);
    l.rule(1.5, ACCENT, 8.0);

    let venue = match doc.format {
        ExchangeFormat::Virtual => label::exchange_format(lang, doc.format).to_string(),
        _ if doc.venue.trim().is_empty() => label::exchange_format(lang, doc.format).to_string(),
        ExchangeFormat::Hybrid => format!(
            "{} ({})",
            doc.venue.trim(),
            label::exchange_format(lang, doc.format).to_lowercase()
        ),
        ExchangeFormat::InPerson => doc.venue.trim().to_string(),
    };
    let zone = doc.time_zone_lines().join("\n");
    let mut facts: Vec<(&str, String)> = vec![
        (
            label::dates(lang),
            label::date_range(lang, doc.start_date, doc.end_date),
        ),
        (label::venue(lang), venue),
    ];
    if !zone.is_empty() {
        facts.push((label::time_zone(lang), zone));
    }
    if !doc.members.is_empty() {
        facts.push((label::members(lang), doc.members.join("\n")));
    }
    let label_width = facts
        .iter()
        .map(|(name, _)| LABEL.width(name))
        .fold(0.0, f32::max)
        + 14.0;
    let value_width = l.width() - label_width;
    for (name, value) in &facts {
        let mut cell = CellLines::new();
        for line in value.lines() {
            push_text(&mut cell, &[(line, BODY)], value_width, 13.5);
        }
        if !l.fits(height(&cell)) {
            l.overflowed += cell.len();
            continue;
        }
        l.draw_line(
            l.left,
            l.y,
            &WrappedLine {
                pieces: vec![(name.to_string(), LABEL)],
            },
            13.5,
        );
        let mut top = l.y;
        for (line, leading) in &cell {
            l.draw_line(l.left + label_width, top, line, *leading);
            top += leading;
        }
        l.y = top + 2.0;
    }

    let objectives: Vec<&str> = doc
        .objectives
        .lines()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .collect();
    if !objectives.is_empty() {
        section_heading(l, label::objectives(lang));
        let bullet = Style::new(9.5, false, ACCENT);
        let hang = bullet.width("•  ");
        for objective in objectives {
            let body = Style::new(9.5, false, INK);
            if doc
                .objectives
                .lines()
                .filter(|o| !o.trim().is_empty())
                .count()
                > 1
            {
                l.paragraph(&[("•  ", bullet), (objective, body)], 0.0, hang, 13.5);
            } else {
                l.paragraph(&[(objective, body)], 0.0, 0.0, 13.5);
            }
            l.space(1.5);
        }
    }
}

/// The session column: title in bold, its kind, then the description's lines.
fn session_cell(lang: AgendaLanguage, s: &AgendaDocSession, width: f32) -> CellLines {
    let mut cell = CellLines::new();
    if s.kind.is_pause() {
        push_text(
            &mut cell,
            &[(&s.title, Style::new(9.5, false, MUTED))],
            width,
            13.0,
        );
        return cell;
    }
    push_text(&mut cell, &[(&s.title, TITLE)], width, 13.0);
    let kind = label::session_kind(lang, s.kind).to_uppercase();
    push_text(&mut cell, &[(&kind, KIND)], width, 11.0);
    let mut first = true;
    for line in s.description.lines().map(str::trim) {
        if line.is_empty() {
            continue;
        }
        push_gap(&mut cell, if first { 2.0 } else { 3.0 });
        first = false;
        push_text(&mut cell, &[(line, BODY)], width, LEADING);
    }
    cell
}

/// The details column: led by, presenters, room, link; each with its label.
fn details_cell(lang: AgendaLanguage, s: &AgendaDocSession, width: f32) -> CellLines {
    let mut cell = CellLines::new();
    let mut item = |name: &str, value: &str| {
        if value.trim().is_empty() {
            return;
        }
        if !cell.is_empty() {
            push_gap(&mut cell, 2.0);
        }
        let name = label::labelled(lang, name);
        push_text(
            &mut cell,
            &[(&name, LABEL), (value.trim(), BODY)],
            width,
            LEADING,
        );
    };
    if let Some(lead) = &s.lead {
        item(label::led_by(lang), lead);
    }
    item(label::presenters(lang), &s.presenters.join("; "));
    item(label::room(lang), &s.location);
    item(label::link(lang), &s.link);
    cell
}

fn day_heading(lang: AgendaLanguage, number: usize, day: &AgendaDocDay) -> String {
    format!(
        "{}  ·  {}",
        label::day(lang, number),
        label::long_date_heading(lang, day.date)
    )
}

fn day_table(l: &mut Layout, doc: &AgendaDoc, number: usize, day: &AgendaDocDay) {
    let lang = doc.language;
    // One time column per zone (the venue's, then the members' elsewhere), each as wide as
    // its widest time.
    let zones = doc.zones.len().max(1);
    let widest = day
        .sessions
        .iter()
        .flat_map(|s| s.times.iter().map(|t| TIME.width(&t.text)))
        .fold(TIME.width("00:00–00:00"), f32::max);
    let time_width = widest + 2.0;
    let mut headings: Vec<String> = if zones > 1 {
        (0..zones)
            .map(|z| doc.zone_heading(day, z).to_uppercase())
            .collect()
    } else {
        vec![label::time(lang).to_uppercase()]
    };
    headings.push(label::session(lang).to_uppercase());
    headings.push(label::details(lang).to_uppercase());
    let mut table = Table::new(l, &vec![time_width; zones], &[0.58, 0.42], headings);
    let heading = day_heading(lang, number, day);
    table.continued = format!("{heading} ({})", label::continued(lang));

    let rows: Vec<(Vec<CellLines>, Option<Colour>)> = day
        .sessions
        .iter()
        .map(|s| {
            let style = if s.kind.is_pause() {
                Style::new(9.0, false, MUTED)
            } else {
                TIME
            };
            let mut cells: Vec<CellLines> = if zones > 1 {
                s.times
                    .iter()
                    .map(|t| {
                        let mut cell = CellLines::new();
                        push_text(&mut cell, &[(&t.text, style)], time_width, 13.0);
                        cell
                    })
                    .collect()
            } else {
                let mut time = CellLines::new();
                push_text(
                    &mut time,
                    &[(&label::time_range(s.start, s.end), style)],
                    time_width,
                    13.0,
                );
                vec![time]
            };
            cells.push(session_cell(lang, s, table.width(zones)));
            cells.push(details_cell(lang, s, table.width(zones + 1)));
            (cells, s.kind.is_pause().then_some(TINT))
        })
        .collect();

    // Keep the day's heading with its column headings and first row.
    let first_row = rows
        .first()
        .map(|(cells, _)| cells.iter().map(height).fold(0.0, f32::max))
        .unwrap_or(0.0);
    let heading_height = 26.0 + if day.title.is_empty() { 0.0 } else { 15.0 };
    if !l.at_page_top() && !table.fits_with_header(l, heading_height + first_row) {
        l.new_page();
    }
    l.paragraph(
        &[(&heading, Style::new(14.0, true, ACCENT))],
        0.0,
        0.0,
        19.0,
    );
    if !day.title.is_empty() {
        l.paragraph(
            &[(&day.title, Style::new(10.5, false, MUTED))],
            0.0,
            0.0,
            15.0,
        );
    }
    l.space(6.0);
    table.header(l);
    for (cells, tint) in rows {
        table.row(l, cells, tint);
    }
}

fn participants(l: &mut Layout, doc: &AgendaDoc, delegations: &[AgendaDocDelegation]) {
    let lang = doc.language;
    l.paragraph(
        &[(label::participants(lang), Style::new(14.0, true, ACCENT))],
        0.0,
        0.0,
        19.0,
    );
    l.space(4.0);
    for delegation in delegations {
        let mut table = Table::new(
            l,
            &[],
            &[0.3, 0.5, 0.2],
            vec![
                label::name(lang).to_uppercase(),
                label::position(lang).to_uppercase(),
                label::role(lang).to_uppercase(),
            ],
        );
        let name = label::delegation(lang, &delegation.member);
        table.continued = format!(
            "{} — {name} ({})",
            label::participants(lang),
            label::continued(lang)
        );
        let rows: Vec<Vec<CellLines>> = delegation
            .people
            .iter()
            .map(|p| {
                let mut cells = vec![CellLines::new(), CellLines::new(), CellLines::new()];
                push_text(
                    &mut cells[0],
                    &[(&p.name, BODY_BOLD)],
                    table.width(0),
                    LEADING,
                );
                push_text(
                    &mut cells[1],
                    &[(&p.position, BODY)],
                    table.width(1),
                    LEADING,
                );
                let role = label::participant_role(lang, &p.role);
                push_text(&mut cells[2], &[(&role, NOTE)], table.width(2), LEADING);
                cells
            })
            .collect();
        let first_row = rows
            .first()
            .map(|cells| cells.iter().map(height).fold(0.0, f32::max))
            .unwrap_or(0.0);
        if !l.at_page_top() && !table.fits_with_header(l, 24.0 + first_row) {
            l.new_page();
        }
        l.space(8.0);
        let count = format!("  ({})", delegation.people.len());
        l.paragraph(
            &[(&name, Style::new(11.0, true, INK)), (&count, NOTE)],
            0.0,
            0.0,
            16.0,
        );
        l.space(3.0);
        table.header(l);
        for cells in rows {
            table.row(l, cells, None);
        }
    }
}

/// "PeerPlan · <title>" on the left and "Page n of N" on the right of every page.
fn footers(l: &mut Layout, doc: &AgendaDoc) {
    let (_, h) = l.paper.size();
    let top = h - FOOTER_FROM_BOTTOM;
    let baseline = top + 14.0;
    let small = Style::new(8.0, false, MUTED);
    let brand = Style::new(8.0, true, ACCENT);
    let pages = l.page_count();
    for page in 0..pages {
        let number = label::page_of(doc.language, page + 1, pages);
        let number_width = small.width(&number);
        // The title is shortened with an ellipsis rather than run into the page number.
        let room = l.width() - brand.width("PeerPlan") - number_width - 24.0;
        let mut title = format!("  ·  {}", doc.title);
        if small.width(&title) > room {
            while !title.is_empty() && small.width(&format!("{title}…")) > room {
                title.pop();
            }
            title.push('…');
        }
        let (left, right) = (l.left, l.right);
        l.text_on_page(page, left, baseline, "PeerPlan", brand);
        l.text_on_page(
            page,
            left + brand.width("PeerPlan"),
            baseline,
            &title,
            small,
        );
        l.text_on_page(page, right - number_width, baseline, &number, small);
        l.rect_on_page(page, left, top, right - left, 0.6, RULE);
    }
}

/// The agenda laid out on `paper`, every page with its footer.
pub fn agenda_layout(doc: &AgendaDoc, paper: Paper) -> Layout {
    let mut l = Layout::new(paper, 50.0, 46.0, 62.0);
    front(&mut l, doc);
    l.space(16.0);
    for (i, day) in doc.days.iter().enumerate() {
        if i > 0 {
            l.new_page();
        }
        day_table(&mut l, doc, i + 1, day);
    }
    if let Some(delegations) = &doc.delegations {
        l.new_page();
        participants(&mut l, doc, delegations);
    }
    footers(&mut l, doc);
    l
}

/// The agenda as PDF bytes.
pub fn agenda_pdf(doc: &AgendaDoc, paper: Paper) -> Result<Vec<u8>> {
    let metadata = Metadata::new()
        .title(format!("{}: {}", label::agenda(doc.language), doc.title))
        .creator("PeerPlan".to_string())
        .language(doc.language.as_str().to_string());
    agenda_layout(doc, paper).into_pdf(metadata)
}

/// Writes the agenda to `path` (atomically: a temporary file in the same folder, renamed).
pub fn write_agenda_pdf(doc: &AgendaDoc, paper: Paper, path: &Path) -> Result<()> {
    let bytes = agenda_pdf(doc, paper)?;
    peerplan_core::export::write_atomically(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::sample::sample_agenda;
    use std::process::Command;

    /// The text of `pdf` (pages `first..=last`, all when `None`) through poppler's
    /// `pdftotext -layout`. CI installs poppler-utils (.ci/desktop-setup.sh); a machine
    /// without it fails here with a message saying so rather than skipping the check.
    fn pdf_text(pdf: &Path, pages: Option<(usize, usize)>) -> String {
        let mut command = Command::new("pdftotext");
        command.arg("-layout");
        if let Some((first, last)) = pages {
            command.args(["-f", &first.to_string(), "-l", &last.to_string()]);
        }
        let output = command.arg(pdf).arg("-").output().unwrap_or_else(|e| {
            panic!("pdftotext (poppler-utils) is needed for this test and could not run: {e}")
        });
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    }

    fn page_count(text: &str) -> usize {
        text.matches('\u{c}').count()
    }

    /// Finds each of `needles` in `haystack`'s words, in order, each after the previous one;
    /// returns the first that is missing or out of order.
    fn missing_in_order<'a>(haystack: &str, needles: &[&'a str]) -> Option<&'a str> {
        let words: Vec<&str> = haystack.split_whitespace().collect();
        let mut at = 0;
        for needle in needles {
            match words[at..].iter().position(|w| w == needle) {
                Some(i) => at += i + 1,
                None => return Some(needle),
            }
        }
        None
    }

    /// A hybrid workshop across Barcelona and the US East Coast, on both sides of Europe's
    /// change to summer time: every session gives Barcelona's time and the American members'
    /// time, in all three languages and on both papers, and the page is not overflowed.
    #[test]
    fn a_hybrid_agenda_gives_every_place_its_own_times() {
        use crate::agenda::sample::hybrid_agenda;
        let dir = tempfile::tempdir().unwrap();
        for lang in [AgendaLanguage::En, AgendaLanguage::Fr, AgendaLanguage::Es] {
            for paper in [Paper::A4, Paper::Letter] {
                let doc = hybrid_agenda(lang);
                let layout = agenda_layout(&doc, paper);
                assert_eq!(layout.overflowed, 0, "{lang:?} {paper:?}: nothing left out");
                let path = dir.path().join(format!("hybrid-{lang:?}-{paper:?}.pdf"));
                write_agenda_pdf(&doc, paper, &path).unwrap();
                let text = pdf_text(&path, None);
                let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
                // 26 March: Barcelona CET (UTC+1), New York EDT (UTC-4): 5 hours apart.
                // 30 March: Barcelona CEST (UTC+2): 6 hours apart.
                for needed in [
                    "BARCELONA",
                    "(CET)",
                    "(CEST)",
                    "(EDT)",
                    "BOSTON",
                    "15:00–15:20",
                    "10:00–10:20",
                    "09:00–09:20",
                    "16:45–18:00",
                    "11:45–13:00",
                    "10:45–12:00",
                ] {
                    assert!(
                        flat.contains(needed),
                        "{lang:?} {paper:?}: {needed:?} in {flat}"
                    );
                }
                // Each session row carries both times: the 16:45 discussion on day 2 shows
                // 10:45 beside it.
                assert!(
                    missing_in_order(&text, &["16:45–18:00", "10:45–12:00"]).is_none(),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn every_session_is_printed_in_order_with_its_times_and_french_labels() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = sample_agenda(3, 12);
        doc.language = AgendaLanguage::Fr;
        for paper in [Paper::A4, Paper::Letter] {
            let path = dir.path().join("agenda.pdf");
            write_agenda_pdf(&doc, paper, &path).unwrap();
            let text = pdf_text(&path, None);
            let mut needles: Vec<String> = Vec::new();
            for (i, day) in doc.days.iter().enumerate() {
                needles.push(format!("{}", i + 1));
                for s in &day.sessions {
                    needles.push(label::time_range(s.start, s.end));
                    needles.extend(s.title.split_whitespace().map(str::to_string));
                }
            }
            let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
            assert_eq!(missing_in_order(&text, &needles), None, "{text}");
            for expected in [
                "PROGRAMME",
                "Jour 1",
                "Mardi 3 mars 2026",
                "Jeudi 5 mars 2026",
                "HORAIRE",
                "SÉANCE",
                "Animée par",
                "Intervenants",
                "Salle",
                "Lien",
                "Fuseau horaire",
                "Objectifs",
                "3–5 mars 2026",
                "Facilitation et personnes ressources",
                "Délégué en visite",
                "Олена Коваленко",
            ] {
                assert!(text.contains(expected), "{expected} missing in {text}");
            }
            let pages = page_count(&text);
            assert!(pages >= 4, "{pages}");
            assert!(
                text.contains(&format!("Page {pages} sur {pages}")),
                "{text}"
            );
        }
    }

    #[test]
    fn a_row_is_never_split_between_pages() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = sample_agenda(1, 40);
        doc.delegations = None;
        for (i, s) in doc.days[0].sessions.iter_mut().enumerate() {
            s.description = format!("{}\nEnd of row marker-{i}-end", s.description);
            s.kind = peerplan_core::model::SessionKind::Discussion;
        }
        let path = dir.path().join("long.pdf");
        write_agenda_pdf(&doc, Paper::Letter, &path).unwrap();
        let pages = page_count(&pdf_text(&path, None));
        assert!(pages >= 4, "{pages}");
        let mut seen = 0;
        for page in 1..=pages {
            let text = pdf_text(&path, Some((page, page)));
            for (i, s) in doc.days[0].sessions.iter().enumerate() {
                let time = label::time_range(s.start, s.end);
                let marker = format!("marker-{i}-end");
                // A time range can repeat at the end of a long day (sessions capped at
                // midnight); the markers are unique.
                if text.contains(&marker) {
                    assert!(text.contains(&time), "page {page}: {marker} without {time}");
                    for word in s.title.split_whitespace() {
                        assert!(text.contains(word), "page {page}: {marker} without {word}");
                    }
                    seen += 1;
                }
            }
            if page > 1 {
                assert!(
                    text.contains("Day 1") && text.contains("(continued)"),
                    "{text}"
                );
            }
        }
        assert_eq!(seen, 40);
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_rather_than_lost() {
        let mut doc = sample_agenda(1, 2);
        doc.delegations = None;
        doc.days[0].sessions[1].description = "A long paragraph of guiding questions. \n"
            .repeat(120)
            .trim_end()
            .to_string();
        let pdf = agenda_pdf(&doc, Paper::A4).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tall.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let text = pdf_text(&path, None);
        assert_eq!(
            text.matches("A long paragraph of guiding questions.")
                .count(),
            120
        );
        assert!(page_count(&text) >= 3);
    }

    #[test]
    fn a_virtual_agenda_without_dates_or_delegations_still_prints() {
        let mut doc = sample_agenda(1, 3);
        doc.format = ExchangeFormat::Virtual;
        doc.venue.clear();
        doc.start_date = None;
        doc.end_date = None;
        doc.delegations = None;
        doc.language = AgendaLanguage::Es;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("virtual.pdf");
        write_agenda_pdf(&doc, Paper::A4, &path).unwrap();
        let text = pdf_text(&path, None);
        assert!(text.contains("Virtual"), "{text}");
        assert!(text.contains("Fechas por confirmar"), "{text}");
        assert!(text.contains("Página 1 de 1"), "{text}");
        assert!(!text.contains("Participantes"), "{text}");
    }

    #[test]
    fn paper_sizes_map() {
        assert_eq!(Paper::from(PaperSize::A4), Paper::A4);
        assert_eq!(Paper::from(PaperSize::Letter), Paper::Letter);
    }
}
