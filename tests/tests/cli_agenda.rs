//! `peerplan agenda` on the example portfolio's three-day study visit: the PDF, Word, HTML
//! and calendar files are read back (`pdftotext`, `unzip`; CI installs both) and must hold
//! every session in order with its times; bad references and options are refused with a
//! message naming what is wrong.

use std::path::Path;

use peerplan_tests::cli::{self, demo_home as demo};
use peerplan_tests::text::{assert_in_order, assert_words_in_order, pdf_layout_text, tool};

const VISIT: &str = "Study visit: Ghana";

fn peerplan(home: &Path, args: &[&str]) -> (i32, String, String) {
    cli::peerplan_db(home, args)
}

fn in_order(text: &str, needles: &[&str], what: &str) {
    assert_in_order(text, needles, what);
}

/// Every session of the study visit, as the demo builds it: "start–end title".
const DAY_1: &[&str] = &[
    "08:30–09:00",
    "Arrival and registration",
    "09:00–09:45",
    "Welcome and objectives of the visit",
    "09:45–11:00",
    "Ghana's NAP indicator framework",
    "11:00–11:20",
    "Coffee break",
    "11:20–12:30",
    "Kenya's county climate finance",
];
const LATER: &[&str] = &[
    "Site visit: Central Region coastal",
    "Return to Accra",
    "Makueni County: what a county can",
    "Choosing the indicators Kenya will pilot",
    "12:15–13:00",
    "Next steps and the follow-up plan",
];

#[test]
fn the_agenda_is_written_as_pdf_word_html_and_calendar_with_every_session_in_order() {
    let home = demo();
    let out = home.path();
    let (pdf, docx, html, ics) = (
        out.join("a.pdf"),
        out.join("a.docx"),
        out.join("a.html"),
        out.join("a.ics"),
    );
    let (code, stdout, err) = peerplan(
        out,
        &[
            "agenda",
            VISIT,
            "--pdf",
            pdf.to_str().unwrap(),
            "--docx",
            docx.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
            "--ics",
            ics.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("(18 sessions on 3 days) as a PDF"),
        "{stdout}"
    );

    let text = pdf_layout_text(&pdf);
    in_order(
        &text,
        &[
            "Study visit: Ghana's NAP indicator framework",
            "Day 1",
            "Tuesday 16 June 2026",
        ],
        "PDF heading",
    );
    // A title wrapped in its cell reads back with the next cells' lines between its words
    // (the study visit prints Accra's and Kenya's times: two time columns).
    assert_words_in_order(&text, DAY_1, "PDF day 1");
    assert_words_in_order(&text, LATER, "PDF days 2 and 3");
    in_order(
        &text,
        &["Participants", "Ama Owusu-Ansah"],
        "PDF participant list",
    );

    let xml = tool(
        "unzip",
        &[
            "-p".as_ref(),
            docx.as_os_str(),
            "word/document.xml".as_ref(),
        ],
    )
    .replace("&apos;", "'")
    .replace("&#39;", "'");
    in_order(&xml, DAY_1, "Word document");
    in_order(&xml, LATER, "Word document");

    let page = std::fs::read_to_string(&html)
        .unwrap()
        .replace("&#39;", "'")
        .replace("&apos;", "'");
    assert!(
        page.starts_with("<!DOCTYPE html>"),
        "{}",
        &page[..80.min(page.len())]
    );
    in_order(&page, DAY_1, "HTML");

    let calendar = std::fs::read_to_string(&ics).unwrap();
    let events = calendar
        .lines()
        .filter(|l| l.trim() == "BEGIN:VEVENT")
        .count();
    assert_eq!(events, 18, "one event per session:\n{calendar}");
    assert!(calendar.contains("BEGIN:VTIMEZONE"), "{calendar}");
    assert!(
        calendar.contains("DTSTART;TZID=Africa/Accra:20260616T083000"),
        "{calendar}"
    );

    // One event per day on request.
    let (code, _, err) = peerplan(
        out,
        &["agenda", VISIT, "--ics", ics.to_str().unwrap(), "--per-day"],
    );
    assert_eq!(code, 0, "{err}");
    let calendar = std::fs::read_to_string(&ics).unwrap();
    assert_eq!(
        calendar
            .lines()
            .filter(|l| l.trim() == "BEGIN:VEVENT")
            .count(),
        3
    );
}

#[test]
fn the_labels_follow_the_chosen_language() {
    let home = demo();
    let pdf = home.path().join("fr.pdf");
    let (code, _, err) = peerplan(
        home.path(),
        &[
            "agenda",
            VISIT,
            "--pdf",
            pdf.to_str().unwrap(),
            "--lang",
            "fr",
            "--paper",
            "letter",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = pdf_layout_text(&pdf);
    in_order(
        &text,
        &[
            "Jour 1 · Mardi 16 juin 2026",
            // Kenya's members read their own times beside Accra's.
            "ACCRA (GMT)",
            "KENYA (EAT)",
            "Animée par",
            "Jour 2",
        ],
        "French labels",
    );
    assert_words_in_order(&text, DAY_1, "French PDF");
    let size = tool("pdfinfo", &[pdf.as_os_str()]);
    assert!(size.contains("612 x 792"), "US Letter: {size}");
}

#[test]
fn the_agenda_prints_as_text_without_a_file() {
    let home = demo();
    let (code, stdout, err) = peerplan(home.path(), &["agenda", "Virtual exchange: piloting"]);
    assert_eq!(code, 0, "{err}");
    in_order(
        &stdout,
        &[
            "times in Africa/Nairobi",
            "and for Ghana: Africa/Accra",
            "Day 1 · Wednesday 10 February 2027 — Pilot results",
            "12:00–12:15  Welcome and agenda (Opening)",
            // Ghana's members read their own time under Nairobi's.
            "Ghana (GMT) 09:00–09:15",
            "12:15–13:00  Kenya's first pilot results (Presentation)  [led by Kenya (KE)]",
            "14:40–15:00  Agreements and the joint brief (Closing)",
        ],
        "text agenda",
    );
}

#[test]
fn bad_references_and_options_are_refused_and_say_why() {
    let home = demo();
    let (code, _, err) = peerplan(home.path(), &["agenda", "no such exchange"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no exchange has the id or a title containing \"no such exchange\""),
        "{err}"
    );
    // "visit" is in more than one exchange's title: the candidates are listed.
    let (code, _, err) = peerplan(home.path(), &["agenda", "visit"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("matches") && err.contains("give more of the title or the id"),
        "{err}"
    );
    let (code, _, err) = peerplan(home.path(), &["agenda", VISIT, "--lang", "de"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("\"de\" is not a language of printed agendas; use en, fr or es"),
        "{err}"
    );
    let (code, _, err) = peerplan(home.path(), &["agenda", VISIT, "--paper", "a5"]);
    assert_eq!(code, 2);
    assert!(err.contains("use a4 or letter"), "{err}");
}

/// Issue 19 (first part): an agenda in French or Spanish names its countries in that language
/// (from Debian iso-codes' translations): "Irlande (IE)", "Libéria (LR)"; "Kenia (KE)".
#[test]
fn an_agenda_in_french_or_spanish_names_the_countries_in_that_language() {
    let home = demo();
    let fr = home.path().join("monrovia.html");
    let (code, _, err) = peerplan(
        home.path(),
        &[
            "agenda",
            "Scoping visit",
            "--lang",
            "fr",
            "--html",
            fr.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&fr).unwrap();
    assert!(
        html.contains("Irlande (IE)") && html.contains("Libéria (LR)"),
        "{html}"
    );
    assert!(
        !html.contains("Ireland (IE)"),
        "no English country name left"
    );
    let es = home.path().join("accra.html");
    let (code, _, err) = peerplan(
        home.path(),
        &[
            "agenda",
            "Study visit",
            "--lang",
            "es",
            "--html",
            es.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&es).unwrap();
    assert!(html.contains("Kenia (KE)"), "{html}");
    assert!(!html.contains("Kenya (KE)"));
    // The English agenda keeps the English names.
    let en = home.path().join("accra-en.html");
    let (code, _, _) = peerplan(
        home.path(),
        &[
            "agenda",
            "Study visit",
            "--lang",
            "en",
            "--html",
            en.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);
    assert!(std::fs::read_to_string(&en).unwrap().contains("Kenya (KE)"));
}
