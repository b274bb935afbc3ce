//! How the CLI shows what it read: budgets and an exchange's costs as aligned tables with
//! grouped amounts, an agenda, a check report and the follow-up dashboard.

use peerplan_core::check::CheckReport;
use peerplan_core::costs;
use peerplan_core::export;
use peerplan_core::signals::{self, FollowUpDashboard};
use peerplan_core::validate::Severity;

/// "1234567.50" → "1,234,567.50": amounts as an officer reads them.
pub fn grouped(text: &str) -> String {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = match rest.split_once('.') {
        Some((w, f)) => (w, format!(".{f}")),
        None => (rest, String::new()),
    };
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{fraction}")
}

pub fn totals_row(name: &str, t: &costs::StageTotals) -> String {
    format!(
        "{name:<44} {:>15} {:>15} {:>15} {:>15}{}",
        grouped(&t.estimate.text),
        grouped(&t.committed.text),
        grouped(&t.actual.text),
        grouped(&t.variance.text),
        t.variance_percent
            .as_deref()
            .map(|p| format!("  ({p}%)"))
            .unwrap_or_default()
    )
}

pub fn totals_header(title: &str) -> String {
    format!(
        "{title:<44} {:>15} {:>15} {:>15} {:>15}",
        "Estimate", "Committed", "Actual", "Variance"
    )
}

pub fn short(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The most rates (used or missing) printed one by one.
pub const LISTED: usize = 20;

/// The rates the totals used, one by one (pivot legs say which conversion they serve).
pub fn print_rates_used(rates_used: &[costs::RateUsed]) {
    if !rates_used.is_empty() {
        println!();
        println!("Rates used:");
        for r in rates_used.iter().take(LISTED) {
            println!("  {}", r.describe());
        }
        if rates_used.len() > LISTED {
            println!(
                "  … and {} more (--json lists them all)",
                rates_used.len() - LISTED
            );
        }
    }
}

/// Printed first, before any total: totals missing lines must not be read as complete.
pub fn print_missing_rates(missing: &[costs::MissingRate], unconverted: u64) {
    if !missing.is_empty() {
        println!(
            "INCOMPLETE: {} left out of the totals below for want of a rate; add:",
            plural(unconverted as i64, "line is", "lines are")
        );
        for m in missing.iter().take(LISTED) {
            println!("  {}", m.text);
        }
        if missing.len() > LISTED {
            println!(
                "  … and {} more (--json lists them all)",
                missing.len() - LISTED
            );
        }
        println!();
    }
}

/// A breakdown row: estimate, committed and actual over every line; the variance over the
/// exchanges with something paid (`compared`), as in the headline.
pub fn compared_row(name: &str, all: &costs::StageTotals, compared: &costs::StageTotals) -> String {
    let (variance, percent) = if compared.lines == 0 {
        ("—".to_string(), String::new())
    } else {
        (
            grouped(&compared.variance.text),
            compared
                .variance_percent
                .as_deref()
                .map(|p| format!("  ({p}%)"))
                .unwrap_or_default(),
        )
    };
    format!(
        "{name:<44} {:>15} {:>15} {:>15} {variance:>15}{percent}",
        grouped(&all.estimate.text),
        grouped(&all.committed.text),
        grouped(&all.actual.text),
    )
}

pub fn print_budget(budget: &costs::Budget, scope: &str) {
    println!("Budget of {scope}, in {}", budget.reporting_currency);
    for term in &budget.filter_described {
        if budget.filter_described.len() > 1 || term.label != "Filters" {
            println!("  {}: {}", term.label, term.value);
        }
    }
    println!();
    print_missing_rates(&budget.missing_rates, budget.unconverted_lines);
    println!("{}", totals_header(""));
    println!("{}", totals_row("Total", &budget.totals));
    // The total's variance counts exchanges not paid yet as under budget; this one does not.
    let paid = &budget.paid;
    if paid.exchanges > 0 {
        println!(
            "{}",
            totals_row(
                &format!("Paid exchanges only ({})", paid.exchanges),
                &paid.totals
            )
        );
    }
    if paid.unpaid_exchanges > 0 {
        println!(
            "({} with nothing paid yet {} left out of the paid-only variance)",
            plural(paid.unpaid_exchanges as i64, "exchange", "exchanges"),
            if paid.unpaid_exchanges == 1 {
                "is"
            } else {
                "are"
            }
        );
    }
    println!();
    println!("Variance below: {}", budget.comparison_rule);
    println!();
    println!("{}", totals_header("By category"));
    for c in &budget.by_category {
        println!(
            "{}",
            compared_row(&format!("  {}", c.label), &c.row.totals, &c.row.compared)
        );
    }
    println!();
    println!("{}", totals_header("By funder"));
    for f in &budget.by_funder {
        println!(
            "{}",
            compared_row(
                &format!("  {}", short(&f.name, 40)),
                &f.row.totals,
                &f.row.compared
            )
        );
    }
    println!();
    println!("{}", totals_header("Who pays"));
    for p in &budget.by_payer {
        let name = match &p.partnership_title {
            Some(_) => format!("  {}'s own budget", short(&p.name, 28)),
            None => format!("  {}", p.name),
        };
        println!(
            "{}{}",
            compared_row(&name, &p.row.totals, &p.row.compared),
            p.estimate_share
                .as_deref()
                .map(|s| format!("  [{s}% of the estimate]"))
                .unwrap_or_default()
        );
    }
    println!();
    println!("{}", totals_header("By month of the exchange"));
    for m in &budget.by_month {
        println!(
            "{}",
            compared_row(&format!("  {}", m.month), &m.row.totals, &m.row.compared)
        );
    }
    println!("  ({})", budget.month_rule);
    println!();
    println!(
        "{}",
        totals_header(&format!("By exchange ({})", budget.exchange_count))
    );
    let nothing = costs::StageSums::default().view(0);
    for e in &budget.by_exchange {
        let when = e
            .start_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into());
        let compared = if e.paid { &e.totals } else { &nothing };
        println!(
            "{}",
            compared_row(
                &format!("  {when} {}", short(&e.title, 30)),
                &e.totals,
                compared
            )
        );
    }
    if (budget.by_exchange.len() as u64) < budget.exchange_count {
        println!("  (the {} largest are listed)", budget.by_exchange.len());
    }
    print_rates_used(&budget.rates_used);
}

pub fn print_exchange_costs(view: &costs::ExchangeCosts) {
    println!(
        "Costs of \"{}\"{}, in {}",
        view.title,
        view.start_date
            .map(|d| format!(" ({d})"))
            .unwrap_or_default(),
        view.reporting_currency
    );
    let unconverted = view.lines.iter().filter(|l| l.converted.is_none()).count() as u64;
    if unconverted > 0 {
        println!();
        print_missing_rates(&view.missing_rates, unconverted);
    }
    for group in &view.categories {
        println!();
        println!("{}", group.label);
        for &i in &group.lines {
            let Some(l) = view.lines.get(i) else { continue };
            let d = &l.line.data;
            let who = l
                .participant_name
                .as_deref()
                .map(|n| format!(" [{n}]"))
                .unwrap_or_default();
            let converted = match (&l.converted, &l.missing_rate) {
                (Some(c), _) => format!("{} {}", grouped(&c.text), view.reporting_currency),
                (None, Some(m)) => format!("no rate: {m}"),
                (None, None) => String::new(),
            };
            println!(
                "  {:<9} {:<40} {:>6} × {:>12} {} = {:>14} {}  → {}",
                d.stage.as_str(),
                short(&format!("{}{who}", d.description), 40),
                d.quantity,
                grouped(&d.unit_amount),
                d.currency,
                grouped(&l.total.text),
                d.currency,
                converted
            );
        }
        println!("{}", totals_row("  subtotal", &group.totals));
    }
    println!();
    println!("{}", totals_header(""));
    println!("{}", totals_row("Total", &view.totals));
    if let Some(per) = &view.per_participant {
        println!(
            "{}",
            totals_row(&format!("Per participant ({})", view.participants), per)
        );
    }
    if !view.travellers.is_empty() {
        println!();
        println!("{}", totals_header("Travellers' own lines"));
        for t in &view.travellers {
            println!(
                "{}",
                totals_row(&format!("  {}", short(&t.name, 40)), &t.totals)
            );
        }
    }
    println!();
    println!("In each currency:");
    for c in &view.by_currency {
        println!(
            "  {}  estimate {}  committed {}  actual {}",
            c.currency,
            grouped(&c.totals.estimate.text),
            grouped(&c.totals.committed.text),
            grouped(&c.totals.actual.text)
        );
    }
    print_rates_used(&view.rates_used);
}

/// The agenda as text: one block per day, one line per session.
pub fn print_agenda(doc: &export::agenda::AgendaDoc) {
    println!("{}", doc.title);
    println!("{} · times in {}", doc.partnership_title, doc.time_zone);
    for zone in doc.zones.iter().skip(1) {
        println!("  and for {}: {}", zone.place, zone.time_zone);
    }
    if doc.days.is_empty() {
        println!("\nNo agenda yet: add days and sessions in the app.");
    }
    for (i, day) in doc.days.iter().enumerate() {
        let title = if day.title.is_empty() {
            String::new()
        } else {
            format!(" — {}", day.title)
        };
        println!(
            "\nDay {} · {}{title}",
            i + 1,
            day.date.format("%A %-d %B %Y")
        );
        for s in &day.sessions {
            let lead = s
                .lead
                .as_deref()
                .map(|l| format!("  [led by {l}]"))
                .unwrap_or_default();
            println!(
                "  {}–{}  {} ({}){lead}",
                s.start.format("%H:%M"),
                s.end.format("%H:%M"),
                s.title,
                s.kind.label()
            );
            // Members in other zones read their own times under the venue's.
            if doc.zones.len() > 1 {
                let elsewhere: Vec<String> = (1..doc.zones.len())
                    .filter_map(|z| {
                        let times = s.times.get(z)?;
                        Some(format!("{} {}", doc.zone_heading(day, z), times.text))
                    })
                    .collect();
                println!("               {}", elsewhere.join(" · "));
            }
        }
    }
}

pub fn print_check(path: &std::path::Path, report: &CheckReport, verbose: bool) {
    println!("Checked {}", path.display());
    for line in &report.integrity {
        println!("error  integrity: {line}");
    }
    for line in &report.foreign_keys {
        println!("error  reference: {line}");
    }
    for finding in &report.findings {
        let show = finding.severity == Severity::Error || verbose;
        if show {
            let severity = match finding.severity {
                Severity::Error => "error  ",
                Severity::Warning => "warning",
            };
            println!(
                "{severity} {} \"{}\" ({}) {}: {}",
                finding.entity, finding.label, finding.id, finding.field, finding.message
            );
        }
    }
    let errors = report.error_count();
    let warnings = report.warning_count();
    if !verbose && warnings > 0 {
        for finding in report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
        {
            println!(
                "warning {} \"{}\": {}",
                finding.entity, finding.label, finding.message
            );
        }
    }
    println!(
        "{} error{}, {} warning{}",
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" }
    );
}

pub fn plural(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn print_followup(board: &FollowUpDashboard) {
    println!("Follow-up on {}", board.today);
    println!();
    println!(
        "Going quiet (no contact, completed action or held exchange for {} or more):",
        plural(board.norms.quiet_after_days, "day", "days")
    );
    if board.going_quiet.is_empty() {
        println!("  none");
    }
    for row in &board.going_quiet {
        let since = match row.quiet.basis {
            signals::ActivityKind::Contact => "the last contact",
            signals::ActivityKind::CompletedAction => "the last completed action",
            signals::ActivityKind::HeldExchange => "the last held exchange",
            signals::ActivityKind::PartnershipStart => "the start, with no contact yet",
        };
        println!(
            "  {}: {} since {} on {} ({})",
            row.title,
            plural(row.quiet.days, "day", "days"),
            since,
            row.quiet.since,
            row.status.label()
        );
    }
    println!();
    println!("Overdue actions:");
    if board.overdue.is_empty() {
        println!("  none");
    }
    for row in &board.overdue {
        println!(
            "  {}: \"{}\" was due {} ({} late){}",
            row.title,
            row.action.what,
            row.action.due_date,
            plural(row.action.days, "day", "days"),
            row.action
                .owner
                .as_deref()
                .map(|o| format!(", owner {o}"))
                .unwrap_or_default()
        );
    }
    for (heading, rows) in [
        (
            format!("Check-ins this week (next {} days):", signals::WEEK_DAYS),
            &board.this_week,
        ),
        (
            format!(
                "Check-ins this month (up to {} days ahead):",
                signals::MONTH_DAYS
            ),
            &board.this_month,
        ),
    ] {
        println!();
        println!("{heading}");
        if rows.is_empty() {
            println!("  none");
        }
        for row in rows {
            let when = match row.days_until {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            println!(
                "  {} {} ({}): {}: \"{}\"{}",
                row.date,
                row.channel.label().to_lowercase(),
                when,
                row.title,
                row.what,
                if row.who.is_empty() {
                    String::new()
                } else {
                    format!(", {}", row.who)
                }
            );
        }
    }
    println!();
    println!(
        "One-sided (one member initiates {}% or more of at least {}, or all are one-way):",
        board.norms.one_sided_share_percent,
        plural(board.norms.one_sided_min_contacts, "contact", "contacts")
    );
    if board.one_sided.is_empty() {
        println!("  none");
    }
    for row in &board.one_sided {
        let f = &row.one_sided;
        println!(
            "  {}: {} initiated {} of {} ({}%); {} one-way, {} both ways",
            row.title,
            f.top_initiator.label,
            f.top_initiator.count,
            plural(f.contacts as i64, "contact", "contacts"),
            f.top_initiator.percent,
            f.one_way,
            f.two_way
        );
    }
}
