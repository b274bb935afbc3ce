//! The agenda writers (issue 5): a 5-day, 60-session agenda with a participant list, rendered
//! to PDF, Word, HTML and iCalendar bytes. The PDF goal is under 100 ms, so that "Print
//! agenda" answers at once; the other formats have no goal and are printed for reference.
//!
//! Run: `cargo bench -p peerplan-core --bench agenda`
//! Prints medians and the ratio to each goal; never fails on timing.

use std::time::{Duration, Instant};

use peerplan_docs::agenda::docx::agenda_docx;
use peerplan_docs::agenda::html::agenda_html;
use peerplan_docs::agenda::ics::{agenda_ics, IcsGrouping};
use peerplan_docs::agenda::pdf::{agenda_layout, agenda_pdf};
use peerplan_docs::agenda::sample::sample_agenda;
use peerplan_docs::pdf::Paper;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median of `runs` timed calls of `f`, after one untimed call (fonts load once).
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = f();
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        out = std::hint::black_box(f());
        samples.push(started.elapsed());
    }
    (median(samples), out)
}

/// `size` is the output's bytes (pages for the layout alone).
fn report(name: &str, took: Duration, size: usize, goal_ms: Option<f64>) {
    let goal = match goal_ms {
        Some(g) => format!("goal < {g:>5.1} ms   ratio {:>5.2}", ms(took) / g),
        None => "goal      –".to_string(),
    };
    println!(
        "{name:<40} median {:>8.3} ms   size {:>8}   {goal}",
        ms(took),
        size
    );
}

fn main() {
    let doc = sample_agenda(5, 12);
    let sessions: usize = doc.days.iter().map(|d| d.sessions.len()).sum();
    println!("agenda: {} days, {sessions} sessions", doc.days.len());
    let now = "2026-11-23T08:00:00Z".parse().expect("a fixed time");

    let (took, pdf) = time(30, || agenda_pdf(&doc, Paper::A4).expect("pdf"));
    report("PDF, A4", took, pdf.len(), Some(100.0));
    // Where the PDF time goes: laying out and measuring the text, without writing the PDF.
    let (took, layout) = time(30, || agenda_layout(&doc, Paper::A4));
    report("PDF layout only, A4", took, layout.page_count(), None);
    let (took, pdf) = time(30, || agenda_pdf(&doc, Paper::Letter).expect("pdf"));
    report("PDF, US Letter", took, pdf.len(), Some(100.0));
    let (took, docx) = time(30, || agenda_docx(&doc, Paper::A4).expect("docx"));
    report("Word (.docx)", took, docx.len(), None);
    let (took, html) = time(100, || agenda_html(&doc, Paper::A4));
    report("HTML", took, html.len(), None);
    let (took, ics) = time(100, || agenda_ics(&doc, IcsGrouping::Session, now));
    report("iCalendar, one event per session", took, ics.len(), None);
    let (took, ics) = time(100, || agenda_ics(&doc, IcsGrouping::Day, now));
    report("iCalendar, one event per day", took, ics.len(), None);
}
