//! `peerplan summary … --pdf` and `peerplan followup --ics` on the example portfolio: the PDF
//! is read back with `pdftotext` (poppler-utils; CI installs it) and must hold the
//! partnership's title, members, goals, exchanges and follow-up figures in reading order;
//! the iCalendar file is unfolded and parsed, its reminders counted and its UIDs checked.

use std::path::Path;

use peerplan_tests::cli;
use peerplan_tests::text::{self, pdf_text};

use peerplan_core::Store;

fn peerplan(home: &Path, args: &[&str]) -> (i32, String, String) {
    cli::peerplan_db(home, args)
}

fn demo() -> tempfile::TempDir {
    cli::demo_home()
}

fn pdf_info(pdf: &Path) -> String {
    text::tool("pdfinfo", &[pdf.as_os_str()])
}

fn assert_in_order(text: &str, expected: &[String]) {
    text::assert_in_order(text, expected, "the summary");
}

const NAP: &str = "Ghana–Kenya peer learning on NAP monitoring and evaluation";

#[test]
fn the_summary_pdf_holds_the_partnership_in_reading_order() {
    let home = demo();
    let pdf = home.path().join("nap.pdf");
    let (code, out, err) = peerplan(
        home.path(),
        &[
            "summary",
            "NAP monitoring",
            "--pdf",
            pdf.to_str().unwrap(),
            "--today",
            "2026-11-23",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(NAP), "{out}");

    let info = pdf_info(&pdf);
    assert!(info.contains("Pages:           1"), "one page: {info}");
    assert!(info.contains("(A4)"), "A4 by default: {info}");

    // Members and goals as the core stores them.
    let store = Store::open(&home.path().join("pp.db")).unwrap();
    let id: String = store
        .conn()
        .query_row("SELECT id FROM partnerships WHERE title = ?1", [NAP], |r| {
            r.get(0)
        })
        .unwrap();
    let detail = peerplan_core::queries::partnership_detail(&store, &id).unwrap();
    assert_eq!(detail.members.len(), 2);
    assert_eq!(detail.goals.len(), 3);

    let mut expected: Vec<String> = vec![
        "PARTNERSHIP SUMMARY".into(),
        NAP.into(),
        "1:1 peer learning partnership".into(),
        "Active exchanges".into(),
        "Members".into(),
    ];
    expected.extend(detail.members.iter().map(|m| m.label.clone()));
    expected.push("Goals".into());
    for g in &detail.goals {
        expected.push(g.goal.data.text.clone());
        expected.push(if g.proposed_by_label == "Jointly" {
            "proposed jointly".to_string()
        } else {
            format!("proposed by {}", g.proposed_by_label)
        });
    }
    expected.extend(
        [
            "Exchanges",
            "Held",
            "16–18 June 2026 · In person · Accra, Ghana",
            "Study visit: Ghana's NAP indicator framework",
            "Planned",
            "10 February 2027 · Virtual",
            "Virtual exchange: piloting shared indicators",
            "Follow-up status",
            "Actions: 4 open, 1 overdue, 1 done",
            "74 days since the last contact (10 September 2026)",
            "Next contact: none planned",
            "Going quiet: 74 days since the last contact on 10 September 2026 (flagged at 60 days or more)",
            "Overdue",
            "Share Kenya's pilot indicator list with Ghana — due 31 October 2026, 23 days late",
            "Coming up",
            "Check-in call between the NAP coordinators — due 26 November 2026 (in 3 days)",
            "Latest lessons",
            "Failure · 20 November 2026",
            "The monthly calls lapsed after September",
            "Success · 20 July 2026",
            "Kenya adopted Ghana's indicator sheet template",
            "PeerPlan",
            "Partnership summary",
            "Printed 23 November 2026",
        ]
        .map(String::from),
    );
    assert_in_order(&pdf_text(&pdf), &expected);
}

#[test]
fn the_one_sided_flag_carries_its_figures_and_letter_paper_is_an_option() {
    let home = demo();
    let pdf = home.path().join("ie.pdf");
    let (code, _, err) = peerplan(
        home.path(),
        &[
            "summary",
            "Ireland–Liberia",
            "--pdf",
            pdf.to_str().unwrap(),
            "--letter",
            "--today",
            "2026-11-23",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let info = pdf_info(&pdf);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    assert!(info.contains("Pages:           1"), "{info}");
    assert_in_order(
        &pdf_text(&pdf),
        &[
            "Ireland (IE)".into(),
            "Liberia (LR)".into(),
            "One-sided: Ireland (IE) initiated 4 of 5 contacts (80 %; flagged at 80 %); 4 one-way and 1 two-way".into(),
            "US Letter".into(),
        ],
    );
}

#[test]
fn an_ambiguous_or_unknown_partnership_is_refused_with_the_candidates() {
    let home = demo();
    let pdf = home.path().join("x.pdf");
    let (code, _, err) = peerplan(
        home.path(),
        &["summary", "on", "--pdf", pdf.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(err.contains("matches 5 partnerships"), "{err}");
    assert!(err.contains(NAP), "the candidates are listed: {err}");
    assert!(!pdf.exists());

    let (code, _, err) = peerplan(
        home.path(),
        &["summary", "no such thing", "--pdf", pdf.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("no partnership has the id or a title containing \"no such thing\""),
        "{err}"
    );

    // Its id works too, and the file is replaced whole.
    let store = Store::open(&home.path().join("pp.db")).unwrap();
    let id: String = store
        .conn()
        .query_row("SELECT id FROM partnerships WHERE title = ?1", [NAP], |r| {
            r.get(0)
        })
        .unwrap();
    std::fs::write(&pdf, "old").unwrap();
    let (code, _, err) = peerplan(
        home.path(),
        &["summary", &id, "--pdf", pdf.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let leftovers: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

/// Unfolded content lines of an iCalendar file.
fn ics_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("\r\n"), "CRLF line ends");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a content line over 75 octets: {line:?}");
    }
    text.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn followup_ics_exports_one_reminder_per_open_dated_action_with_stable_uids() {
    let home = demo();
    let ics = home.path().join("all.ics");
    let (code, out, err) = peerplan(home.path(), &["followup", "--ics", ics.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");

    let conn = rusqlite::Connection::open(home.path().join("pp.db")).unwrap();
    let open_dated: usize = conn
        .query_row(
            "SELECT count(*) FROM follow_up_actions a JOIN partnerships p ON p.id = a.partnership_id
              WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL AND p.archived = 0
                AND p.status NOT IN ('concluded', 'cancelled')
                AND a.status IN ('planned', 'in_progress') AND a.due_date IS NOT NULL",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as usize;
    assert!(open_dated >= 5, "the demo has open actions: {open_dated}");
    assert!(
        out.contains(&format!("Wrote {open_dated} reminders")),
        "{out}"
    );

    let lines = ics_lines(&ics);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.contains(&"VERSION:2.0".to_string()));
    let count = |what: &str| lines.iter().filter(|l| *l == what).count();
    assert_eq!(count("BEGIN:VEVENT"), open_dated);
    assert_eq!(count("END:VEVENT"), open_dated);
    assert_eq!(count("BEGIN:VALARM"), open_dated);

    let (action_id, due): (String, String) = conn
        .query_row(
            "SELECT id, due_date FROM follow_up_actions WHERE what = 'Share Kenya''s pilot indicator list with Ghana'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let uid_line = format!("UID:{action_id}@peerplan");
    let at = lines.iter().position(|l| *l == uid_line).expect(&uid_line);
    let event_start = lines[..at]
        .iter()
        .rposition(|l| l == "BEGIN:VEVENT")
        .unwrap();
    let event = &lines[event_start..];
    let event = &event[..event.iter().position(|l| l == "END:VEVENT").unwrap()];
    assert!(
        event.contains(&format!("DTSTART;VALUE=DATE:{}", due.replace('-', ""))),
        "{event:?}"
    );
    assert!(
        event.contains(&"SUMMARY:Share Kenya's pilot indicator list with Ghana".to_string()),
        "{event:?}"
    );

    // Exported again: the same UIDs, so a calendar updates instead of duplicating.
    let again = home.path().join("again.ics");
    assert_eq!(
        peerplan(home.path(), &["followup", "--ics", again.to_str().unwrap()]).0,
        0
    );
    let uids = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .filter(|l| l.starts_with("UID:"))
            .cloned()
            .collect()
    };
    assert_eq!(uids(&lines), uids(&ics_lines(&again)));

    // One partnership only.
    let one = home.path().join("nap.ics");
    let (code, out, err) = peerplan(
        home.path(),
        &[
            "followup",
            "--ics",
            one.to_str().unwrap(),
            "--partnership",
            "NAP monitoring",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let nap_open: usize = conn
        .query_row(
            "SELECT count(*) FROM follow_up_actions a JOIN partnerships p ON p.id = a.partnership_id
              WHERE p.title = ?1 AND a.deleted_at IS NULL
                AND a.status IN ('planned', 'in_progress') AND a.due_date IS NOT NULL",
            [NAP],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as usize;
    assert!(
        out.contains(&format!("Wrote {nap_open} reminders")),
        "{out}"
    );
    let lines = ics_lines(&one);
    assert_eq!(count_of(&lines, "BEGIN:VEVENT"), nap_open);
    assert!(lines.contains(&uid_line));
}

fn count_of(lines: &[String], what: &str) -> usize {
    lines.iter().filter(|l| *l == what).count()
}

#[test]
fn help_describes_the_exports() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, _) = peerplan(home.path(), &["summary", "--help"]);
    assert_eq!(code, 0);
    for word in ["--pdf", "--letter", "PARTNERSHIP", "one-page"] {
        assert!(out.contains(word), "{word}: {out}");
    }
    let (code, out, _) = peerplan(home.path(), &["followup", "--help"]);
    assert_eq!(code, 0);
    for word in ["--ics", "--partnership", "UID"] {
        assert!(out.contains(word), "{word}: {out}");
    }
    let (code, _, err) = peerplan(home.path(), &["followup", "--partnership", "x"]);
    assert_eq!(code, 2, "--partnership needs --ics: {err}");
}
