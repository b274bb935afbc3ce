//! PDF writing without a browser, and the one-page partnership summary laid out on it.
//!
//! The PDF is made with `krilla` (the PDF back end of Typst): actively maintained, it embeds
//! and subsets TrueType fonts, shapes Unicode text (en dashes, accents, arrows) and writes
//! standard-conforming files, while leaving layout to us — which is what a one-page summary
//! and issue 5's agendas (tables of times and sessions, A4 and US Letter) both need.
//! printpdf 0.12 was the alternative; genpdf 0.2 is unmaintained. Text is measured with
//! `skrifa` (krilla's own font reader) to wrap lines. The fonts are DejaVu Sans and DejaVu
//! Sans Bold, shipped in `fonts/` with their licence (Bitstream Vera licence; DejaVu changes
//! public domain), so nothing is read from the system or downloaded.
//!
//! `Layout` is the reusable part: a cursor on a page that wraps styled runs of text into
//! lines, draws rules and tinted boxes, and never writes past the bottom margin. The summary
//! keeps to one page; the agenda (`agenda_pdf`) starts new pages with `new_page`, draws table
//! cells from pre-wrapped lines (`wrap_lines`, `draw_line`) and adds "Page n of N" footers
//! once the page count is known (`text_on_page`).

use std::path::Path;
use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::MetadataProvider;

use peerplan_core::export::summary::Summary;
use peerplan_core::model::{LearningKind, PaperSize};
use peerplan_core::{Error, Result};

use crate::words::{self, t, Lang};

static REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// The paper a document is laid out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 inch).
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// A colour as red, green, blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

pub const INK: Colour = Colour(0x1f, 0x29, 0x33);
pub const MUTED: Colour = Colour(0x55, 0x61, 0x70);
pub const ACCENT: Colour = Colour(0x1d, 0x4e, 0x89);
pub const ALERT: Colour = Colour(0xa6, 0x1b, 0x1b);
pub const GOOD: Colour = Colour(0x1e, 0x6b, 0x3a);
pub const RULE: Colour = Colour(0xc5, 0xcd, 0xd6);
pub const TINT: Colour = Colour(0xf1, 0xf4, 0xf8);

/// One of the two embedded faces, with what is needed to measure text.
struct Face {
    font: Font,
    font_ref: skrifa::FontRef<'static>,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Face {
        let font = Font::new(bytes.to_vec().into(), 0).expect("the embedded font loads");
        let font_ref = skrifa::FontRef::new(bytes).expect("the embedded font parses");
        let units_per_em = font_ref
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em as f32;
        Face {
            font,
            font_ref,
            units_per_em,
        }
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font_ref.charmap();
        let metrics = self
            .font_ref
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = text
            .chars()
            .map(|c| {
                metrics
                    .advance_width(charmap.map(c).unwrap_or_default())
                    .unwrap_or(0.0)
            })
            .sum();
        units / self.units_per_em * size
    }
}

struct Faces {
    regular: Face,
    bold: Face,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        regular: Face::load(REGULAR_TTF),
        bold: Face::load(BOLD_TTF),
    })
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub size: f32,
    pub bold: bool,
    pub colour: Colour,
}

impl Style {
    pub const fn new(size: f32, bold: bool, colour: Colour) -> Style {
        Style { size, bold, colour }
    }
    fn face(&self) -> &'static Face {
        if self.bold {
            &faces().bold
        } else {
            &faces().regular
        }
    }
    /// The width of `text` in this style, in points.
    pub fn width(&self, text: &str) -> f32 {
        self.face().width(text, self.size)
    }
}

enum Op {
    Text {
        x: f32,
        baseline: f32,
        text: String,
        style: Style,
    },
    Rect {
        rect: Rect,
        colour: Colour,
    },
    /// Everything after this is on the next page.
    PageBreak,
}

/// One line of wrapped text: (text, style) pieces drawn one after the other.
#[derive(Debug, Clone, PartialEq)]
pub struct WrappedLine {
    pub pieces: Vec<(String, Style)>,
}

impl WrappedLine {
    /// The width of the line in points.
    pub fn width(&self) -> f32 {
        self.pieces.iter().map(|(t, s)| s.width(t)).sum()
    }
}

/// Wraps `runs` into lines `first_width` wide (the first) and `width` wide (the others), for
/// callers that must know a block's height before drawing it (a table row that may have to
/// move to the next page).
pub fn wrap_lines(runs: &[(&str, Style)], first_width: f32, width: f32) -> Vec<WrappedLine> {
    wrap(runs, first_width, width)
        .into_iter()
        .map(|pieces| WrappedLine { pieces })
        .collect()
}

/// A cursor on a page: lays out wrapped, styled text from the top margin down and refuses
/// (records an overflow) rather than write into the bottom margin.
pub struct Layout {
    pub paper: Paper,
    pub left: f32,
    pub right: f32,
    /// The top of the next line.
    pub y: f32,
    /// Nothing is drawn below this (the footer lives under it).
    pub bottom: f32,
    /// Lines that did not fit.
    pub overflowed: usize,
    /// Where `new_page` puts the cursor.
    top: f32,
    ops: Vec<Op>,
    /// Drawn on a given page (by index from 0) after the rest: footers that need the page
    /// count, known only once everything is laid out.
    late: Vec<(usize, Op)>,
    /// Pages before the current one.
    page: usize,
}

impl Layout {
    pub fn new(paper: Paper, margin_x: f32, margin_top: f32, margin_bottom: f32) -> Layout {
        let (w, h) = paper.size();
        Layout {
            paper,
            left: margin_x,
            right: w - margin_x,
            y: margin_top,
            bottom: h - margin_bottom,
            overflowed: 0,
            top: margin_top,
            ops: Vec::new(),
            late: Vec::new(),
            page: 0,
        }
    }

    pub fn width(&self) -> f32 {
        self.right - self.left
    }

    /// Draws `text` with its baseline at (`x`, `baseline`), ignoring the margins.
    pub fn text_at(&mut self, x: f32, baseline: f32, text: &str, style: Style) {
        self.ops.push(Op::Text {
            x,
            baseline,
            text: text.to_string(),
            style,
        });
    }

    /// Ends the page: what is laid out next goes on a new page, from the top margin.
    pub fn new_page(&mut self) {
        self.ops.push(Op::PageBreak);
        self.page += 1;
        self.y = self.top;
    }

    /// The current page's index, from 0.
    pub fn page(&self) -> usize {
        self.page
    }

    /// The number of pages laid out so far.
    pub fn page_count(&self) -> usize {
        self.page + 1
    }

    /// Whether nothing has been laid out on this page yet (the cursor is at the top margin).
    pub fn at_page_top(&self) -> bool {
        self.y <= self.top + 0.01
    }

    /// Draws `text` on page `page` (from 0) with its baseline at (`x`, `baseline`), whatever
    /// page the cursor is on: for footers such as "Page 2 of 4".
    pub fn text_on_page(&mut self, page: usize, x: f32, baseline: f32, text: &str, style: Style) {
        self.late.push((
            page,
            Op::Text {
                x,
                baseline,
                text: text.to_string(),
                style,
            },
        ));
    }

    /// A filled rectangle on page `page` (from 0), like `text_on_page`.
    pub fn rect_on_page(&mut self, page: usize, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
            self.late.push((page, Op::Rect { rect, colour }));
        }
    }

    /// Draws one wrapped line whose top is at `top`, from `x`, `leading` tall; the cursor
    /// does not move (table cells are drawn side by side).
    pub fn draw_line(&mut self, x: f32, top: f32, line: &WrappedLine, leading: f32) {
        let ascent = line.pieces.iter().map(|(_, s)| s.size).fold(0.0, f32::max) * 0.78;
        let baseline = top + (leading - ascent) / 2.0 + ascent * 0.95;
        let mut x = x;
        for (text, style) in &line.pieces {
            self.text_at(x, baseline, text, *style);
            x += style.width(text);
        }
    }

    /// A filled rectangle (a rule when it is thin).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
            self.ops.push(Op::Rect { rect, colour });
        }
    }

    /// A horizontal rule across the text width at the cursor, then `gap` below it.
    pub fn rule(&mut self, thickness: f32, colour: Colour, gap: f32) {
        self.rect(self.left, self.y, self.width(), thickness, colour);
        self.y += thickness + gap;
    }

    pub fn space(&mut self, points: f32) {
        self.y += points;
    }

    /// Whether `height` more points fit above the bottom margin.
    pub fn fits(&self, height: f32) -> bool {
        self.y + height <= self.bottom + 0.01
    }

    /// Wraps `runs` into lines from `indent` (first line) and `hanging` (the others), each
    /// `leading` tall. A paragraph is drawn whole or not at all: one that does not fit is
    /// counted (by lines) in `overflowed`, so no item is ever cut in the middle.
    pub fn paragraph(&mut self, runs: &[(&str, Style)], indent: f32, hanging: f32, leading: f32) {
        let lines = wrap_lines(runs, self.width() - indent, self.width() - hanging);
        if !self.fits(leading * lines.len() as f32) {
            self.overflowed += lines.len();
            return;
        }
        for (i, line) in lines.iter().enumerate() {
            let x = self.left + if i == 0 { indent } else { hanging };
            self.draw_line(x, self.y, line, leading);
            self.y += leading;
        }
    }

    /// Puts a tinted box behind everything laid out since `mark` (from `layout.mark()`),
    /// from `top` down to the cursor plus `pad`.
    pub fn tint_since(&mut self, mark: usize, top: f32, pad: f32, colour: Colour) {
        if let Some(rect) = Rect::from_xywh(
            self.left - pad,
            top,
            self.width() + 2.0 * pad,
            self.y - top + pad,
        ) {
            self.ops.insert(mark, Op::Rect { rect, colour });
        }
        self.y += pad;
    }

    pub fn mark(&self) -> usize {
        self.ops.len()
    }

    /// The pages as a PDF with `metadata`.
    pub fn into_pdf(self, metadata: Metadata) -> Result<Vec<u8>> {
        let (w, h) = self.paper.size();
        let mut document = Document::new();
        document.set_metadata(metadata);
        let mut pages: Vec<Vec<Op>> = vec![Vec::new()];
        for op in self.ops {
            match op {
                Op::PageBreak => pages.push(Vec::new()),
                op => {
                    if let Some(page) = pages.last_mut() {
                        page.push(op);
                    }
                }
            }
        }
        for (index, op) in self.late {
            if let Some(page) = pages.get_mut(index) {
                page.push(op);
            }
        }
        for ops in pages {
            let settings = PageSettings::from_wh(w, h).ok_or_else(|| render_error("bad paper"))?;
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            for op in ops {
                draw(&mut surface, op);
            }
            surface.finish();
            page.finish();
        }
        document
            .finish()
            .map_err(|e| render_error(&format!("{e:?}")))
    }
}

fn draw(surface: &mut krilla::surface::Surface<'_>, op: Op) {
    match op {
        Op::Text {
            x,
            baseline,
            text,
            style,
        } => {
            surface.set_fill(Some(fill(style.colour)));
            surface.draw_text(
                Point::from_xy(x, baseline),
                style.face().font.clone(),
                style.size,
                &text,
                false,
                TextDirection::Auto,
            );
        }
        Op::Rect { rect, colour } => {
            let mut path = PathBuilder::new();
            path.push_rect(rect);
            if let Some(path) = path.finish() {
                surface.set_fill(Some(fill(colour)));
                surface.draw_path(&path);
            }
        }
        Op::PageBreak => {}
    }
}

fn fill(c: Colour) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::default(),
    }
}

fn render_error(message: &str) -> Error {
    Error::Io {
        context: "Could not make the PDF".to_string(),
        source: std::io::Error::other(message.to_string()),
    }
}

/// Greedy word wrap of styled runs; each line is a list of (text, style) pieces, adjacent
/// pieces of one style merged. A word wider than a whole line is cut between characters.
fn wrap(runs: &[(&str, Style)], first_width: f32, width: f32) -> Vec<Vec<(String, Style)>> {
    // Split into words that keep their trailing space.
    let mut words: Vec<(String, Style)> = Vec::new();
    for (text, style) in runs {
        let mut word = String::new();
        for c in text.chars() {
            word.push(c);
            if c == ' ' {
                words.push((std::mem::take(&mut word), *style));
            }
        }
        if !word.is_empty() {
            words.push((word, *style));
        }
    }
    // Finished lines, and the one being filled.
    let mut lines: Vec<Vec<(String, Style)>> = Vec::new();
    let mut current: Vec<(String, Style)> = Vec::new();
    let mut used = 0.0;
    for (word, style) in words {
        let limit = if lines.is_empty() { first_width } else { width };
        let w = style.width(word.trim_end());
        if !current.is_empty() && used + w > limit {
            trim_line_end(&mut current);
            lines.push(std::mem::take(&mut current));
            used = 0.0;
        }
        let limit = if lines.is_empty() { first_width } else { width };
        if w > limit {
            // Cut an over-long word between characters.
            for c in word.chars() {
                let cw = style.width(&c.to_string());
                if used + cw > limit && used > 0.0 {
                    lines.push(std::mem::take(&mut current));
                    used = 0.0;
                }
                push_piece(&mut current, &c.to_string(), style);
                used += cw;
            }
            continue;
        }
        if current.is_empty() && word.trim().is_empty() {
            continue;
        }
        used += style.width(&word);
        push_piece(&mut current, &word, style);
    }
    trim_line_end(&mut current);
    lines.push(current);
    lines.retain(|l| !l.is_empty());
    lines
}

fn push_piece(line: &mut Vec<(String, Style)>, text: &str, style: Style) {
    match line.last_mut() {
        Some((t, s)) if *s == style => t.push_str(text),
        _ => line.push((text.to_string(), style)),
    }
}

fn trim_line_end(line: &mut Vec<(String, Style)>) {
    if let Some((t, _)) = line.last_mut() {
        let trimmed = t.trim_end().len();
        t.truncate(trimmed);
    }
    line.retain(|(t, _)| !t.is_empty());
}

// ---- the partnership summary --------------------------------------------------------------

const BODY: Style = Style::new(9.5, false, INK);
const BODY_BOLD: Style = Style::new(9.5, true, INK);
const NOTE: Style = Style::new(9.5, false, MUTED);
const SMALL: Style = Style::new(8.5, false, MUTED);
const LEADING: f32 = 13.0;
const INDENT: f32 = 12.0;
/// Lists longer than this show their first items and "… and N more".
const MAX_ITEMS: usize = 6;

fn heading(l: &mut Layout, text: &str) {
    // Keep a heading with at least two lines of its section.
    if !l.fits(16.0 + 3.0 * LEADING) {
        l.overflowed += 1;
        return;
    }
    l.space(9.0);
    l.paragraph(&[(text, Style::new(11.5, true, ACCENT))], 0.0, 0.0, 15.0);
    l.rule(0.6, RULE, 4.0);
}

fn bullet(l: &mut Layout, runs: &[(&str, Style)]) {
    let mut all: Vec<(&str, Style)> = vec![("•  ", Style::new(9.5, false, ACCENT))];
    all.extend_from_slice(runs);
    let hang = Style::new(9.5, false, ACCENT).width("•  ");
    l.paragraph(&all, 2.0, 2.0 + hang, LEADING);
}

fn more(l: &mut Layout, lang: Lang, shown: usize, total: usize) {
    if total > shown {
        let text = t(
            lang,
            "doc.summary.more",
            &[("count", words::count(lang, (total - shown) as i64))],
        );
        l.paragraph(&[(&text, NOTE)], INDENT, INDENT, LEADING);
    }
}

/// A catalog message as styled runs: the words in `base`, each value in its own style.
fn styled(
    lang: Lang,
    key: &str,
    base: Style,
    values: &[(&str, String, Style)],
) -> Vec<(String, Style)> {
    let args: Vec<(&str, String)> = values.iter().map(|(n, v, _)| (*n, v.clone())).collect();
    let mut out: Vec<(String, Style)> = Vec::new();
    for (text, value) in words::runs(lang, key, &args) {
        let style = value.map_or(base, |i| values[i].2);
        // Neighbours of one style are one run, so words wrap as they would in one string.
        match out.last_mut() {
            Some((last, s)) if *s == style => last.push_str(&text),
            _ => out.push((text, style)),
        }
    }
    out
}

fn as_runs(owned: &[(String, Style)]) -> Vec<(&str, Style)> {
    owned.iter().map(|(t, s)| (t.as_str(), *s)).collect()
}

/// The one-page summary laid out on `paper`, its words in `lang` (the summary itself was
/// worded in it: `load_summary`).
pub fn summary_layout(s: &Summary, paper: Paper, lang: Lang) -> Layout {
    let tr = |key: &str| t(lang, key, &[]);
    let mut l = Layout::new(paper, 54.0, 46.0, 58.0);

    // Title block.
    l.paragraph(
        &[(&tr("doc.summary.kicker"), Style::new(8.5, true, ACCENT))],
        0.0,
        0.0,
        12.0,
    );
    l.space(2.0);
    l.paragraph(&[(&s.title, Style::new(18.0, true, INK))], 0.0, 0.0, 22.0);
    l.space(2.0);
    let kind_status = format!("{}  ·  {}", s.kind, s.status);
    let mut meta: Vec<(&str, Style)> = vec![(&kind_status, Style::new(10.5, true, MUTED))];
    let period = format!("  ·  {}", s.period);
    if !s.period.is_empty() {
        meta.push((&period, Style::new(10.5, false, MUTED)));
    }
    l.paragraph(&meta, 0.0, 0.0, 15.0);
    let mut facts: Vec<(&str, Style)> = Vec::new();
    let topic_label = format!("{} ", tr("doc.summary.topic"));
    if !s.topic.is_empty() {
        facts.push((&topic_label, BODY_BOLD));
        facts.push((&s.topic, BODY));
    }
    let officer = format!(
        "   {}",
        t(
            lang,
            "doc.summary.officer",
            &[("officer", s.officer.clone())]
        )
    );
    let facts_width: f32 = facts.iter().map(|(t, st)| st.width(t)).sum();
    let officer_on_own_line = facts_width + NOTE.width(&officer) > l.width();
    if !s.officer.is_empty() && !officer_on_own_line {
        facts.push((&officer, NOTE));
    }
    if !facts.is_empty() {
        l.paragraph(&facts, 0.0, 0.0, LEADING);
    }
    if !s.officer.is_empty() && officer_on_own_line {
        l.paragraph(&[(officer.trim_start(), NOTE)], 0.0, 0.0, LEADING);
    }
    l.space(5.0);
    l.rule(1.5, ACCENT, 2.0);

    // Members.
    heading(&mut l, &tr("doc.summary.members"));
    if s.members.is_empty() {
        l.paragraph(&[(&tr("doc.summary.no_members"), NOTE)], 0.0, 0.0, LEADING);
    }
    for m in &s.members {
        let mut detail = format!(" — {}", m.level);
        if !m.role.is_empty() {
            detail.push_str(&format!(", {}", m.role));
        }
        // The summary names the country in its own language already.
        let label = m.label();
        bullet(&mut l, &[(&label, BODY_BOLD), (&detail, NOTE)]);
    }

    // Goals.
    heading(&mut l, &tr("doc.summary.goals"));
    if s.goals.is_empty() {
        l.paragraph(&[(&tr("doc.summary.no_goals"), NOTE)], 0.0, 0.0, LEADING);
    }
    let number_width = BODY_BOLD.width("0.  ");
    for (i, g) in s.goals.iter().take(MAX_ITEMS).enumerate() {
        let n = format!("{}.  ", i + 1);
        let proposer = if g.jointly {
            format!(" — {}", tr("doc.summary.proposed_jointly"))
        } else {
            format!(
                " — {}",
                t(
                    lang,
                    "doc.summary.proposed_by",
                    &[("member", g.proposed_by.clone())]
                )
            )
        };
        l.paragraph(
            &[
                (&n, Style::new(9.5, true, ACCENT)),
                (&g.text, BODY),
                (&proposer, NOTE),
            ],
            2.0,
            2.0 + number_width,
            LEADING,
        );
    }
    more(&mut l, lang, MAX_ITEMS.min(s.goals.len()), s.goals.len());

    // Exchanges.
    heading(&mut l, &tr("doc.summary.exchanges"));
    for (held, list, label, none) in [
        (
            true,
            &s.exchanges_held,
            tr("doc.summary.held"),
            tr("doc.summary.none_held"),
        ),
        (
            false,
            &s.exchanges_planned,
            tr("doc.summary.planned"),
            tr("doc.summary.none_planned"),
        ),
    ] {
        l.paragraph(
            &[(&label, Style::new(9.5, true, ACCENT))],
            0.0,
            0.0,
            LEADING,
        );
        if list.is_empty() {
            l.paragraph(&[(&none, NOTE)], INDENT, INDENT, LEADING);
        }
        // The latest held and the soonest planned matter most.
        let shown: Vec<_> = if held {
            list.iter().rev().take(MAX_ITEMS - 2).rev().collect()
        } else {
            list.iter().take(MAX_ITEMS - 2).collect()
        };
        for e in &shown {
            let mut how = format!(" · {}", e.format);
            if !e.place.is_empty() {
                how.push_str(&format!(" · {}", e.place));
            }
            if !held {
                how.push_str(&format!(" · {}", e.status.to_lowercase()));
            }
            let title = format!(" — {}", e.title);
            bullet(
                &mut l,
                &[(&e.dates, BODY_BOLD), (&how, NOTE), (&title, BODY)],
            );
        }
        more(&mut l, lang, shown.len(), list.len());
    }

    // Follow-up status, in a tinted box.
    heading(&mut l, &tr("doc.summary.follow_up"));
    let f = &s.follow_up;
    let mark = l.mark();
    let top = l.y;
    l.space(5.0);
    let overdue_style = if f.overdue_actions > 0 {
        Style::new(9.5, true, ALERT)
    } else {
        BODY_BOLD
    };
    let mut actions = styled(
        lang,
        "doc.summary.actions",
        BODY,
        &[
            ("open", words::count(lang, f.open_actions as i64), BODY_BOLD),
            (
                "overdue",
                words::count(lang, f.overdue_actions as i64),
                overdue_style,
            ),
            ("done", words::count(lang, f.done_actions as i64), BODY_BOLD),
        ],
    );
    if f.undated_actions > 0 {
        let undated = t(
            lang,
            "doc.summary.undated",
            &[("count", words::count(lang, f.undated_actions as i64))],
        );
        actions.push((format!("  ({undated})"), NOTE));
    }
    l.paragraph(&as_runs(&actions), 0.0, 0.0, LEADING);
    let contact = match (f.days_since_last_contact, f.last_contact) {
        (Some(d), Some(date)) => styled(
            lang,
            "doc.summary.contact",
            BODY,
            &[
                (
                    "days",
                    t(
                        lang,
                        "doc.summary.days",
                        &[("count", words::count(lang, d))],
                    ),
                    BODY_BOLD,
                ),
                ("date", words::date(lang, date), BODY),
            ],
        ),
        _ => styled(
            lang,
            "doc.summary.no_contact",
            BODY,
            &[("none", tr("doc.summary.no_contact_words"), BODY_BOLD)],
        ),
    };
    l.paragraph(&as_runs(&contact), 0.0, 0.0, LEADING);
    let next = f
        .next_contact
        .clone()
        .unwrap_or_else(|| tr("doc.summary.none_planned_contact"));
    let next = styled(
        lang,
        "doc.summary.next_contact_line",
        BODY,
        &[("next", next, BODY)],
    );
    l.paragraph(&as_runs(&next), 0.0, INDENT, LEADING);
    if let Some(led) = &f.sessions_led {
        let led = styled(
            lang,
            "doc.summary.sessions_led",
            BODY,
            &[("led", led.clone(), BODY)],
        );
        l.paragraph(&as_runs(&led), 0.0, INDENT, LEADING);
    }
    for flag in [&f.going_quiet, &f.one_sided].into_iter().flatten() {
        let (name, rest) = flag.split_once(": ").unwrap_or((flag, ""));
        let name = format!("▲ {name}: ");
        l.paragraph(
            &[(&name, Style::new(9.5, true, ALERT)), (rest, BODY)],
            0.0,
            INDENT,
            LEADING,
        );
    }
    if f.going_quiet.is_none() && f.one_sided.is_none() {
        l.paragraph(
            &[(&tr("doc.summary.no_warning"), Style::new(9.5, false, GOOD))],
            0.0,
            0.0,
            LEADING,
        );
    }
    if !f.overdue.is_empty() {
        l.paragraph(
            &[(&tr("doc.summary.overdue"), Style::new(9.5, true, ALERT))],
            0.0,
            0.0,
            LEADING,
        );
        for a in f.overdue.iter().take(3) {
            bullet(&mut l, &[(a, BODY)]);
        }
        more(&mut l, lang, f.overdue.len().min(3), f.overdue.len());
    }
    if !f.upcoming.is_empty() {
        l.paragraph(
            &[(&tr("doc.summary.coming_up"), Style::new(9.5, true, ACCENT))],
            0.0,
            0.0,
            LEADING,
        );
        for a in &f.upcoming {
            bullet(&mut l, &[(a, BODY)]);
        }
    }
    l.tint_since(mark, top, 6.0, TINT);

    // Lessons.
    heading(&mut l, &tr("doc.summary.lessons"));
    if s.lessons.is_empty() {
        l.paragraph(&[(&tr("doc.summary.no_lessons"), NOTE)], 0.0, 0.0, LEADING);
    }
    for lesson in &s.lessons {
        let colour = match lesson.kind {
            LearningKind::Success => GOOD,
            LearningKind::Failure => ALERT,
        };
        let kind = words::label(lang, lesson.kind);
        let mut about = String::new();
        if let Some(d) = lesson.date {
            about.push_str(&format!(" · {}", words::date(lang, d)));
        }
        if !lesson.members.is_empty() {
            about.push_str(&format!(" · {}", lesson.members.join(", ")));
        }
        let what = format!(" — {}", lesson.what_changed);
        let dropped_before = l.overflowed;
        l.paragraph(
            &[
                (&kind, Style::new(9.5, true, colour)),
                (&about, NOTE),
                (&what, BODY),
            ],
            0.0,
            INDENT,
            LEADING,
        );
        if l.overflowed > dropped_before {
            // The lesson itself did not fit: neither does its significance.
            continue;
        }
        if !lesson.significance.is_empty() {
            l.paragraph(&[(&lesson.significance, SMALL)], INDENT, INDENT, 11.5);
        }
        l.space(2.0);
    }
    if l.overflowed > 0 {
        // Say so on one more line (in the bottom margin, above the footer) rather than
        // silently dropping lines.
        l.y = l.y.min(l.bottom);
        l.bottom = l.y + LEADING;
        l.paragraph(&[(&tr("doc.summary.shortened"), NOTE)], 0.0, 0.0, LEADING);
    }

    // Footer.
    let (_, h) = paper.size();
    let footer_top = h - 40.0;
    l.rect(l.left, footer_top, l.width(), 0.6, RULE);
    let printed = t(
        lang,
        "doc.summary.printed",
        &[("date", words::date(lang, s.today))],
    );
    let baseline = footer_top + 14.0;
    l.text_at(l.left, baseline, "PeerPlan", Style::new(8.5, true, ACCENT));
    let label = format!(
        "  ·  {}  ·  {}",
        tr("doc.summary.footer"),
        paper_name(paper, lang)
    );
    let x = l.left + Style::new(8.5, true, ACCENT).width("PeerPlan");
    l.text_at(x, baseline, &label, SMALL);
    let w = SMALL.width(&printed);
    l.text_at(l.right - w, baseline, &printed, SMALL);
    l
}

fn paper_name(paper: Paper, lang: Lang) -> String {
    words::label(
        lang,
        match paper {
            Paper::A4 => PaperSize::A4,
            Paper::Letter => PaperSize::Letter,
        },
    )
}

/// One partnership's summary on `today`, worded in `lang` (countries and members named in
/// it too), for `summary_pdf`.
pub fn load_summary(
    store: &peerplan_core::Store,
    partnership_id: &str,
    today: chrono::NaiveDate,
    lang: Lang,
) -> Result<Summary> {
    peerplan_core::export::summary::load_in(
        store,
        partnership_id,
        today,
        &words::CatalogWords(lang),
    )
}

/// The summary as PDF bytes, its labels in `lang`.
pub fn summary_pdf(s: &Summary, paper: Paper, lang: Lang) -> Result<Vec<u8>> {
    let metadata = Metadata::new()
        .title(t(
            lang,
            "doc.summary.pdf_title",
            &[("title", s.title.clone())],
        ))
        .creator("PeerPlan".to_string())
        .language(lang.code().to_string());
    summary_layout(s, paper, lang).into_pdf(metadata)
}

/// Writes the summary to `path` (atomically: a temporary file in the same folder, renamed).
pub fn write_summary_pdf(s: &Summary, paper: Paper, lang: Lang, path: &Path) -> Result<()> {
    let bytes = summary_pdf(s, paper, lang)?;
    peerplan_core::export::write_atomically(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_respects_the_width() {
        let text = "Peer learning fails when it is a one-off: after the foundational exchange, \
                    peers must stay connected, engaged and committed.";
        let lines = wrap(&[(text, BODY)], 150.0, 150.0);
        assert!(lines.len() > 2);
        let joined: Vec<String> = lines
            .iter()
            .map(|l| l.iter().map(|(t, _)| t.as_str()).collect::<String>())
            .collect();
        assert_eq!(
            joined.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        for l in &lines {
            let w: f32 = l.iter().map(|(t, s)| s.width(t)).sum();
            assert!(w <= 150.0, "{w}");
        }
    }

    #[test]
    fn an_overlong_word_is_cut() {
        let word = "x".repeat(200);
        let lines = wrap(&[(&word, BODY)], 100.0, 100.0);
        assert!(lines.len() > 1);
        let total: usize = lines.iter().flatten().map(|(t, _)| t.len()).sum();
        assert_eq!(total, 200);
    }

    #[test]
    fn an_overfull_summary_stays_on_one_page_and_says_it_was_shortened() {
        use peerplan_core::export::summary::*;
        let long = "A goal worded at length so that it wraps over more than one line of the page, \
                    as officers sometimes write them when the partners agreed on much."
            .to_string();
        let s = Summary {
            title: "A partnership".into(),
            kind: "Twinning".into(),
            status: "Active exchanges".into(),
            topic: String::new(),
            period: String::new(),
            officer: String::new(),
            members: Vec::new(),
            goals: (0..40)
                .map(|_| SummaryGoal {
                    text: long.clone(),
                    proposed_by: "Jointly".into(),
                    jointly: true,
                })
                .collect(),
            exchanges_held: Vec::new(),
            exchanges_planned: Vec::new(),
            follow_up: FollowUpStatus {
                open_actions: 0,
                overdue_actions: 0,
                done_actions: 0,
                undated_actions: 0,
                days_since_last_contact: None,
                last_contact: None,
                next_contact: None,
                overdue: vec![long.clone(); 10],
                upcoming: vec![long.clone(); 3],
                going_quiet: None,
                one_sided: None,
                sessions_led: None,
            },
            lessons: (0..30)
                .map(|_| SummaryLesson {
                    date: None,
                    kind: LearningKind::Failure,
                    what_changed: long.clone(),
                    significance: long.clone(),
                    members: Vec::new(),
                })
                .collect(),
            today: "2026-11-23".parse().unwrap(),
        };
        for paper in [Paper::A4, Paper::Letter] {
            let layout = summary_layout(&s, paper, Lang::En);
            assert!(layout.overflowed > 0);
            let (_, h) = paper.size();
            for op in &layout.ops {
                if let Op::Text { baseline, text, .. } = op {
                    assert!(*baseline < h - 20.0, "{text} at {baseline}");
                }
            }
            let shortened = layout.ops.iter().any(|op| {
                matches!(op, Op::Text { text, .. } if text.starts_with("Shortened to fit one page"))
            });
            assert!(shortened);
            assert!(summary_pdf(&s, paper, Lang::En)
                .unwrap()
                .starts_with(b"%PDF-"));
        }
    }

    fn demo_partnerships() -> (peerplan_core::Store, Vec<String>) {
        let mut store = peerplan_core::Store::open_in_memory().unwrap();
        peerplan_core::demo::load(&mut store).unwrap();
        let ids: Vec<String> = store
            .conn()
            .prepare("SELECT id FROM partnerships ORDER BY title")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        (store, ids)
    }

    fn layout_text(layout: &Layout) -> String {
        let mut text = String::new();
        for op in &layout.ops {
            if let Op::Text { text: t, .. } = op {
                text.push_str(t);
                text.push('\n');
            }
        }
        text
    }

    /// The summary worded from the catalog in English is the core's own English summary,
    /// word for word, for every demo partnership on days with overdue and upcoming actions.
    #[test]
    fn the_catalogs_english_summary_is_the_cores() {
        let (store, ids) = demo_partnerships();
        let mut seen = [false; 7];
        for today in ["2026-11-23", "2027-03-01", "2025-06-01"] {
            let today = today.parse().unwrap();
            for id in &ids {
                let core = peerplan_core::export::summary::load(&store, id, today).unwrap();
                let ours = load_summary(&store, id, today, Lang::En).unwrap();
                let f = &core.follow_up;
                for (i, there) in [
                    f.next_contact.is_some(),
                    !f.overdue.is_empty(),
                    !f.upcoming.is_empty(),
                    f.going_quiet.is_some(),
                    f.one_sided.is_some(),
                    f.sessions_led.is_some(),
                    !core.exchanges_held.is_empty(),
                ]
                .into_iter()
                .enumerate()
                {
                    seen[i] |= there;
                }
                assert_eq!(ours, core);
            }
        }
        // Every worded part was compared at least once.
        assert_eq!(seen, [true; 7]);
    }

    #[test]
    fn a_spanish_summary_names_countries_and_its_headings_in_spanish() {
        let (store, ids) = demo_partnerships();
        let today = "2026-11-23".parse().unwrap();
        let mut all = String::new();
        for id in &ids {
            let s = load_summary(&store, id, today, Lang::Es).unwrap();
            all.push_str(&layout_text(&summary_layout(&s, Paper::A4, Lang::Es)));
            assert!(summary_pdf(&s, Paper::Letter, Lang::Es)
                .unwrap()
                .starts_with(b"%PDF-"));
        }
        for expected in [
            "RESUMEN DE LA ALIANZA",
            "Miembros",
            "Objetivos",
            "Estado del seguimiento",
            "Kenia (KE)",
            "Impreso el 23 de noviembre de 2026",
            "Resumen de la asociación",
        ] {
            assert!(all.contains(expected), "no {expected:?} in\n{all}");
        }
        assert!(!all.contains("Kenya (KE)"), "{all}");
        assert!(!all.contains("Members"), "{all}");
    }

    #[test]
    fn a_french_summary_is_in_french() {
        let (store, ids) = demo_partnerships();
        let today = "2026-11-23".parse().unwrap();
        let mut all = String::new();
        for id in &ids {
            let s = load_summary(&store, id, today, Lang::Fr).unwrap();
            all.push_str(&layout_text(&summary_layout(&s, Paper::A4, Lang::Fr)));
        }
        for expected in [
            "RÉSUMÉ DU PARTENARIAT",
            "Membres",
            "État du suivi",
            "Derniers enseignements",
            "Imprimé le 23 novembre 2026",
            "Actions :",
        ] {
            assert!(all.contains(expected), "no {expected:?} in\n{all}");
        }
    }

    #[test]
    fn measuring_uses_the_font() {
        assert!(BODY_BOLD.width("Ghana") > BODY.width("Ghana"));
        assert!(BODY.width("WWW") > BODY.width("iii"));
        assert!(BODY.width("") == 0.0);
    }
}
