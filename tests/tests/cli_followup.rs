//! `peerplan followup` on the example portfolio, read the way an officer reads it: which
//! partnership is going quiet, what is overdue, which check-ins are coming, which
//! partnership is one-sided, each with its figures.

use std::path::Path;

use peerplan_tests::cli;

/// Runs peerplan with a data folder inside `home`; returns (exit code, stdout, stderr).
fn peerplan(home: &Path, args: &[&str]) -> (i32, String, String) {
    cli::peerplan(home, args).parts()
}

const NAP: &str = "Ghana–Kenya peer learning on NAP monitoring and evaluation";
const TWINNING: &str =
    "Ireland–Liberia twinning on the national action plan on women, peace and security";

/// The lines under `heading`, up to the next blank line.
fn section<'a>(out: &'a str, heading: &str) -> Vec<&'a str> {
    out.lines()
        .skip_while(|l| !l.starts_with(heading))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn followup_shows_the_demo_portfolios_quiet_overdue_upcoming_and_one_sided_partnerships() {
    let home = tempfile::tempdir().unwrap();
    assert_eq!(peerplan(home.path(), &["demo"]).0, 0);
    let (code, out, err) = peerplan(home.path(), &["followup", "--today", "2026-11-23"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Follow-up on 2026-11-23"), "{out}");

    let quiet = section(&out, "Going quiet");
    assert_eq!(
        quiet,
        vec![format!(
            "  {NAP}: 74 days since the last contact on 2026-09-10 (Active exchanges)"
        )],
        "{out}"
    );
    assert!(
        out.contains("for 60 days or more"),
        "the threshold is shown: {out}"
    );

    let overdue = section(&out, "Overdue actions");
    assert_eq!(
        overdue,
        vec![format!(
            "  {NAP}: \"Share Kenya's pilot indicator list with Ghana\" was due 2026-10-31 (23 days late), owner Kenya (KE)"
        )],
        "{out}"
    );

    let week = section(&out, "Check-ins this week");
    assert_eq!(week.len(), 1, "{out}");
    assert!(
        week[0].starts_with("  2026-11-26 call (in 3 days): ")
            && week[0].contains("\"Check-in call between the NAP coordinators\""),
        "{out}"
    );
    let month = section(&out, "Check-ins this month");
    let dates: Vec<&str> = month.iter().map(|l| &l[2..12]).collect();
    assert_eq!(
        dates,
        vec!["2026-12-04", "2026-12-10", "2026-12-15"],
        "{out}"
    );
    assert!(month[1].contains("Monthly call: NVRC reports on the Arlington pilot."));

    let one_sided = section(&out, "One-sided");
    assert_eq!(
        one_sided,
        vec![format!(
            "  {TWINNING}: Ireland (IE) initiated 4 of 5 contacts (80%); 4 one-way, 1 both ways"
        )],
        "{out}"
    );
}

#[test]
fn the_signals_still_hold_months_later_and_the_json_carries_the_figures() {
    let home = tempfile::tempdir().unwrap();
    assert_eq!(peerplan(home.path(), &["demo"]).0, 0);
    let (code, out, err) = peerplan(
        home.path(),
        &["followup", "--json", "--today", "2027-03-01"],
    );
    assert_eq!(code, 0, "{err}");
    let board: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(board["today"], "2027-03-01");
    assert_eq!(board["norms"]["quiet_after_days"], 60);
    let quiet = board["going_quiet"].as_array().unwrap();
    let nap = quiet
        .iter()
        .find(|r| r["title"] == NAP)
        .expect("NAP still quiet");
    // 10 Sep 2026 → 1 Mar 2027: 20 (to 30 Sep) + 31 + 30 + 31 + 31 + 28 (to 28 Feb) + 1 = 172.
    assert_eq!(nap["days"], 172);
    assert_eq!(nap["basis"], "contact");
    assert_eq!(nap["since"], "2026-09-10");
    assert!(nap["partnership_id"].as_str().unwrap().len() == 36);
    let one_sided = board["one_sided"].as_array().unwrap();
    assert_eq!(one_sided.len(), 1);
    assert_eq!(one_sided[0]["title"], TWINNING);
    assert_eq!(one_sided[0]["top_initiator"]["percent"], 80);
    assert_eq!(one_sided[0]["all_one_way"], false);
    let overdue: Vec<&str> = board["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["what"].as_str().unwrap())
        .collect();
    assert!(overdue.contains(&"Share Kenya's pilot indicator list with Ghana"));
}

#[test]
fn an_empty_database_has_nothing_to_follow_up_and_a_bad_date_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = peerplan(home.path(), &["followup", "--today", "2026-11-23"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches("  none").count(), 5, "{out}");
    // Dates are read as officers type them ("23 Nov 2026" in any locale); one that does not
    // exist is a usage error naming the option and why.
    let (code, _, err) = peerplan(home.path(), &["followup", "--today", "23 Nov 2026"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = peerplan(home.path(), &["followup", "--today", "31 Nov 2026"]);
    assert_eq!(code, 2);
    assert!(err.contains("--today"), "{err}");
    assert!(err.contains("November 2026 has 30 days"), "{err}");
    let (code, out, _) = peerplan(home.path(), &["followup", "--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("going quiet") && out.contains("--json") && out.contains("--today"),
        "{out}"
    );
}
