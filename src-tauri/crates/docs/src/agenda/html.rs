//! The agenda as one standalone, printable HTML file: inline CSS (no fonts, scripts or
//! images fetched), an `@page` rule with the paper size, each day after the first starting a
//! new printed page, the participant list on a page of its own. Partners open it in any
//! browser, print it or paste it into their own documents. Every piece of text from the data
//! is HTML-escaped.

use std::fmt::Write as _;
use std::path::Path;

use crate::pdf::Paper;
use peerplan_core::export::agenda::labels as label;
use peerplan_core::export::agenda::{AgendaDoc, AgendaDocSession};
use peerplan_core::model::ExchangeFormat;
use peerplan_core::Result;

/// `text` with the five HTML-significant characters replaced by entities (safe in element
/// content and in double- or single-quoted attributes).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with its line breaks kept (descriptions hold several lines).
fn lines(text: &str) -> String {
    text.lines()
        .map(|l| escape(l.trim()))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("<br>")
}

const STYLE: &str = "
body { font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif; color: #1f2933;
  font-size: 10pt; line-height: 1.35; margin: 0 auto; max-width: 52rem; padding: 1rem; }
.kind-label { color: #1d4e89; font-weight: bold; font-size: 8.5pt; letter-spacing: .05em;
  text-transform: uppercase; margin: 0; }
h1 { font-size: 20pt; margin: .1rem 0; }
.partnership { color: #556170; font-weight: bold; font-size: 11pt; margin: 0 0 .5rem; }
.front { border-top: 2px solid #1d4e89; padding-top: .5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
dl.facts dt { color: #556170; font-weight: bold; font-size: 8.5pt; }
dl.facts dd { margin: 0; }
h2 { color: #1d4e89; font-size: 12pt; border-bottom: 1px solid #c5cdd6; margin: 1rem 0 .4rem; }
section.day h2 { font-size: 14pt; border: none; margin-bottom: 0; }
.day-title { color: #556170; margin: 0 0 .4rem; }
table { border-collapse: collapse; width: 100%; }
th { background: #1d4e89; color: #fff; font-size: 8pt; text-transform: uppercase;
  text-align: left; padding: .3rem .45rem; }
td { border-bottom: 1px solid #c5cdd6; padding: .35rem .45rem; vertical-align: top; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.time { font-weight: bold; white-space: nowrap; width: 6.5rem; }
tr.pause td { background: #f1f4f8; color: #556170; font-weight: normal; }
.title { font-weight: bold; }
.kind { color: #1d4e89; font-weight: bold; font-size: 8pt; text-transform: uppercase; }
.description { margin-top: .2rem; }
.details div + div { margin-top: .15rem; }
.details b, .role { color: #556170; }
.details a { word-break: break-all; }
section.page { break-before: page; page-break-before: always; }
h3 { font-size: 11pt; margin: .8rem 0 .3rem; }
h3 .count { color: #556170; font-weight: normal; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; } }
";

fn paper_css(paper: Paper) -> &'static str {
    match paper {
        Paper::A4 => "@page { size: A4; margin: 16mm 18mm 18mm; }",
        Paper::Letter => "@page { size: letter; margin: 0.65in 0.7in 0.7in; }",
    }
}

/// The row's time cells: the venue's times alone, or each zone's in its own column.
fn time_cells(doc: &AgendaDoc, s: &AgendaDocSession) -> String {
    if doc.zones.len() > 1 {
        s.times
            .iter()
            .map(|t| format!("<td class=\"time\">{}</td>", escape(&t.text)))
            .collect()
    } else {
        format!(
            "<td class=\"time\">{}</td>",
            escape(&label::time_range(s.start, s.end))
        )
    }
}

fn session_row(out: &mut String, doc: &AgendaDoc, s: &AgendaDocSession) {
    let lang = doc.language;
    let time = time_cells(doc, s);
    if s.kind.is_pause() {
        let _ = write!(
            out,
            "<tr class=\"pause\">{time}<td>{}</td><td class=\"details\">",
            escape(&s.title)
        );
        if !s.location.trim().is_empty() {
            let _ = write!(
                out,
                "<div><b>{}</b>{}</div>",
                escape(&label::labelled(lang, label::room(lang))),
                escape(s.location.trim())
            );
        }
        out.push_str("</td></tr>\n");
        return;
    }
    let _ = write!(
        out,
        "<tr>{time}<td><div class=\"title\">{}</div><div class=\"kind\">{}</div>",
        escape(&s.title),
        escape(label::session_kind(lang, s.kind))
    );
    if !s.description.trim().is_empty() {
        let _ = write!(
            out,
            "<div class=\"description\">{}</div>",
            lines(&s.description)
        );
    }
    out.push_str("</td><td class=\"details\">");
    let mut item = |name: &str, value: String| {
        if !value.is_empty() {
            let _ = write!(
                out,
                "<div><b>{}</b>{value}</div>",
                escape(&label::labelled(lang, name))
            );
        }
    };
    if let Some(lead) = &s.lead {
        item(label::led_by(lang), escape(lead.trim()));
    }
    item(label::presenters(lang), escape(&s.presenters.join("; ")));
    item(label::room(lang), escape(s.location.trim()));
    let link = s.link.trim();
    if !link.is_empty() {
        // Only web links become clickable; anything else (a dial-in number, "see email")
        // prints as text, so a `javascript:` value can never become a live link.
        let value = if link.starts_with("https://") || link.starts_with("http://") {
            format!("<a href=\"{0}\">{0}</a>", escape(link))
        } else {
            escape(link)
        };
        item(label::link(lang), value);
    }
    out.push_str("</td></tr>\n");
}

/// The agenda as a standalone HTML document for `paper`.
pub fn agenda_html(doc: &AgendaDoc, paper: Paper) -> String {
    let lang = doc.language;
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"PeerPlan\">\n<title>{}: {}</title>\n\
         <style>{}{STYLE}</style>\n</head>\n<body>\n",
        lang.as_str(),
        escape(label::agenda(lang)),
        escape(&doc.title),
        paper_css(paper)
    );

    // Front block.
    let _ = write!(
        out,
        "<header>\n<p class=\"kind-label\">{}</p>\n<h1>{}</h1>\n",
        escape(label::agenda(lang)),
        escape(&doc.title)
    );
    if !doc.partnership_title.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"partnership\">{}</p>",
            escape(&doc.partnership_title)
        );
    }
    out.push_str("<div class=\"front\">\n<dl class=\"facts\">\n");
    let mut fact = |name: &str, value: String| {
        let _ = writeln!(out, "<dt>{}</dt><dd>{value}</dd>", escape(name));
    };
    fact(
        label::dates(lang),
        escape(&label::date_range(lang, doc.start_date, doc.end_date)),
    );
    let format = label::exchange_format(lang, doc.format);
    let venue = match doc.format {
        _ if doc.venue.trim().is_empty() => escape(format),
        ExchangeFormat::Virtual => escape(format),
        ExchangeFormat::Hybrid => format!(
            "{} ({})",
            escape(doc.venue.trim()),
            escape(&format.to_lowercase())
        ),
        ExchangeFormat::InPerson => escape(doc.venue.trim()),
    };
    fact(label::venue(lang), venue);
    let zone_lines = doc.time_zone_lines();
    if !zone_lines.is_empty() {
        let zone_lines: Vec<String> = zone_lines.iter().map(|l| escape(l)).collect();
        fact(label::time_zone(lang), zone_lines.join("<br>"));
    }
    if !doc.members.is_empty() {
        let members: Vec<String> = doc.members.iter().map(|m| escape(m)).collect();
        fact(label::members(lang), members.join("<br>"));
    }
    out.push_str("</dl>\n</div>\n");
    if !doc.objectives.trim().is_empty() {
        let objectives: Vec<&str> = doc
            .objectives
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let _ = writeln!(out, "<h2>{}</h2>", escape(label::objectives(lang)));
        if objectives.len() > 1 {
            out.push_str("<ul>\n");
            for o in objectives {
                let _ = writeln!(out, "<li>{}</li>", escape(o));
            }
            out.push_str("</ul>\n");
        } else {
            let _ = writeln!(out, "<p>{}</p>", lines(&doc.objectives));
        }
    }
    out.push_str("</header>\n");

    // One section per day; each after the first starts a printed page.
    for (i, day) in doc.days.iter().enumerate() {
        let class = if i == 0 { "day" } else { "day page" };
        let _ = write!(
            out,
            "<section class=\"{class}\">\n<h2>{} · {}</h2>\n",
            escape(&label::day(lang, i + 1)),
            escape(&label::long_date_heading(lang, day.date))
        );
        if !day.title.is_empty() {
            let _ = writeln!(out, "<p class=\"day-title\">{}</p>", escape(&day.title));
        }
        let time_headings: String = if doc.zones.len() > 1 {
            (0..doc.zones.len())
                .map(|z| format!("<th>{}</th>", escape(&doc.zone_heading(day, z))))
                .collect()
        } else {
            format!("<th>{}</th>", escape(label::time(lang)))
        };
        let _ = write!(
            out,
            "<table>\n<thead><tr>{time_headings}<th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            escape(label::session(lang)),
            escape(label::details(lang))
        );
        for s in &day.sessions {
            session_row(&mut out, doc, s);
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }

    if let Some(delegations) = &doc.delegations {
        let _ = writeln!(
            out,
            "<section class=\"page participants\">\n<h2>{}</h2>",
            escape(label::participants(lang))
        );
        for d in delegations {
            let _ = write!(
                out,
                "<h3>{} <span class=\"count\">({})</span></h3>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                escape(&label::delegation(lang, &d.member)),
                d.people.len(),
                escape(label::name(lang)),
                escape(label::position(lang)),
                escape(label::role(lang))
            );
            for p in &d.people {
                let _ = writeln!(
                    out,
                    "<tr><td class=\"title\">{}</td><td>{}</td><td class=\"role\">{}</td></tr>",
                    escape(&p.name),
                    escape(&p.position),
                    escape(&label::participant_role(lang, &p.role))
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Writes the HTML agenda to `path` (atomically).
pub fn write_agenda_html(doc: &AgendaDoc, paper: Paper, path: &Path) -> Result<()> {
    peerplan_core::export::write_atomically(path, agenda_html(doc, paper).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::sample::sample_agenda;
    use peerplan_core::model::AgendaLanguage;

    #[test]
    fn all_text_is_escaped() {
        let mut doc = sample_agenda(2, 4);
        doc.title = "Budgets & <script>alert('x')</script> \"quoted\"".to_string();
        doc.days[0].sessions[1].title = "Q&A <b>not bold</b>".to_string();
        doc.days[0].sessions[1].link = "javascript:alert(1)".to_string();
        doc.members[0] = "Côte d'Ivoire <CI>".to_string();
        let html = agenda_html(&doc, Paper::A4);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>not bold"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains(
            "Budgets &amp; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot;"
        ));
        assert!(html.contains("Q&amp;A &lt;b&gt;not bold&lt;/b&gt;"));
        assert!(html.contains("Côte d&#39;Ivoire &lt;CI&gt;"));
        // No stray ampersand: every & starts an entity.
        for (i, _) in html.match_indices('&') {
            let rest = &html[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| rest.starts_with(e)),
                "{}",
                &rest[..rest.len().min(20)]
            );
        }
    }

    #[test]
    fn the_document_is_standalone_with_page_size_and_a_break_per_day() {
        let mut doc = sample_agenda(3, 5);
        let html = agenda_html(&doc, Paper::Letter);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("@page { size: letter;"));
        assert!(agenda_html(&doc, Paper::A4).contains("@page { size: A4;"));
        // Days 2 and 3 and the participant list start new pages.
        assert_eq!(html.matches("class=\"day page\"").count(), 2);
        assert!(html.contains("class=\"page participants\""));
        assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
        // Every session is there, in order.
        let mut at = 0;
        for s in doc.days.iter().flat_map(|d| &d.sessions) {
            let found = html[at..].find(&escape(&s.title)).unwrap();
            at += found;
        }
        assert!(html.contains("<a href=\"https://meet.example.org/ghana-kenya-nap-panel\">"));
        doc.language = AgendaLanguage::Es;
        let html = agenda_html(&doc, Paper::A4);
        assert!(html.contains("<html lang=\"es\">"));
        assert!(html.contains("Día 1 · Martes 3 de marzo de 2026"));
        assert!(html.contains("<th>Horario</th>"));
        assert!(html.contains("Facilitación y personas de recurso"));
    }

    #[test]
    fn a_hybrid_agenda_gives_every_place_its_own_times() {
        for lang in [AgendaLanguage::En, AgendaLanguage::Fr, AgendaLanguage::Es] {
            let doc = crate::agenda::sample::hybrid_agenda(lang);
            assert!(doc.zones.len() > 1);
            let html = agenda_html(&doc, Paper::A4);
            // Every day's table heads one time column per place, named with that day's
            // abbreviation, and every session row has one time cell per place.
            for day in &doc.days {
                for z in 0..doc.zones.len() {
                    let heading = format!("<th>{}</th>", escape(&doc.zone_heading(day, z)));
                    assert!(html.contains(&heading), "{lang:?}: {heading}");
                }
                for s in &day.sessions {
                    let cells: String = s
                        .times
                        .iter()
                        .map(|t| format!("<td class=\"time\">{}</td>", escape(&t.text)))
                        .collect();
                    assert!(html.contains(&cells), "{lang:?}: {cells}");
                }
            }
            // The front names each place's zone.
            for z in &doc.zones {
                assert!(html.contains(&escape(&format!("{}: {}", z.place, z.time_zone))));
            }
            assert!(html.contains(&escape(label::times_per_place(lang))));
            // Day 2 (30 March, Barcelona on summer time): the 16:45 discussion is 10:45 in
            // Northern Virginia and Boston, on the same row.
            assert!(html.contains(
                "<td class=\"time\">16:45–18:00</td><td class=\"time\">10:45–12:00</td>"
            ));
        }
    }

    #[test]
    fn the_file_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("agenda.html");
        write_agenda_html(&sample_agenda(1, 2), Paper::A4, &path).unwrap();
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .ends_with("</html>\n"));
    }
}
