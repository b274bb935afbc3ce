//! How the CLI shows what it read: budgets and an exchange's costs as aligned tables with
//! grouped amounts, an agenda, a check report and the follow-up dashboard — in the CLI's
//! language (`lang`): `--lang`, else the environment's (`LC_ALL`, `LC_MESSAGES`, `LANG`).
//! Every text comes from the shared catalog (`cli.*`); in English it is the text the CLI has
//! always printed, so scripts that read it keep working.

use std::sync::OnceLock;

use peerplan_core::check::CheckReport;
use peerplan_core::costs;
use peerplan_core::export;
use peerplan_core::signals::{self, FollowUpDashboard};
use peerplan_core::validate::Severity;
use peerplan_docs::words;
use peerplan_i18n::Lang;

static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the CLI's language, once, before anything is printed.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language the CLI speaks.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The CLI's message `key` with its `{name}` placeholders filled.
pub fn message(key: &str, args: &[(&str, String)]) -> String {
    peerplan_i18n::t(lang(), key, args)
}

/// `tr!("cli.key")` or `tr!("cli.key", name = value, …)`: a message of the catalog in the
/// CLI's language; each value is written with `to_string`.
macro_rules! tr {
    ($key:expr) => {
        $crate::print::message($key, &[])
    };
    ($key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::print::message($key, &[$((stringify!($name), ($value).to_string())),+])
    };
}
pub(crate) use tr;

/// A count as the CLI's language writes it ("12345" in English, "12 345" in French).
pub fn num(n: impl Into<i64>) -> String {
    words::count(lang(), n)
}

/// A count and its noun, from a plural message ("3 reminders", "1 rappel").
pub fn counted(key: &str, n: impl Into<i64>) -> String {
    message(key, &[("count", num(n))])
}

/// A moment the core stores in UTC ("2026-12-05T22:40:07.734Z") as the officer reads it: in
/// this computer's time zone, the date in words ("5 December 2026, 23:40"). Text that is not
/// such a moment is shown as it is. `--json` keeps the stored form for scripts.
pub fn moment(stored: &str) -> String {
    use chrono::{Datelike, Local, Timelike};
    match chrono::DateTime::parse_from_rfc3339(stored) {
        Ok(at) => {
            let local = at.with_timezone(&Local);
            format!(
                "{}, {:02}:{:02}",
                peerplan_i18n::long_date(lang(), local.year(), local.month(), local.day()),
                local.hour(),
                local.minute()
            )
        }
        Err(_) => stored.to_string(),
    }
}

/// A text the core stored in English, in the CLI's language where `phrase` says how to word
/// it (the CLI words here rather than through the core's serialisation: `--json` stays as
/// stored, for scripts).
fn stored_text(stored: &str, phrase: Option<peerplan_core::validate::StoredPhrase>) -> String {
    match phrase {
        Some((key, params)) => peerplan_i18n::text_message(lang(), &key, &params, stored),
        None => stored.to_string(),
    }
}

/// Where a conflict's values came from: an installation's name as it is, the merge's own
/// words ("another installation") worded.
pub fn source(stored: &str) -> String {
    stored_text(
        stored,
        peerplan_core::sync::conflicts::source_phrase(stored),
    )
}

/// Why a backup was made, worded where it is PeerPlan's own words.
pub fn backup_reason(stored: &str) -> String {
    stored_text(stored, peerplan_core::sync::backup::reason_phrase(stored))
}

/// An enum value's label in the CLI's language.
pub fn label<E: words::Labelled>(value: E) -> String {
    words::label(lang(), value)
}

/// A kind of record ("follow-up action") as the CLI's language names it (`entity.<id>`).
/// What the officer calls a record (a merge's, a conflict's, a check finding's), in the
/// CLI's language: its own text, or a phrase ("contact du 12 août 2026") worded here.
pub fn record_label(label: &peerplan_core::label::RecordLabel) -> String {
    match label.catalog_key() {
        Some(key) => peerplan_i18n::text_message(lang(), &key, &label.params(), &label.english()),
        None => label.english(),
    }
}

pub fn noun(english: &str) -> String {
    let key = format!("entity.{}", peerplan_core::validate::entity_id(english));
    if lang() != Lang::En && peerplan_i18n::has(lang(), &key) {
        message(&key, &[])
    } else {
        english.to_string()
    }
}

/// A member's label ("Kenya (KE)") with its country in the CLI's language.
pub fn member(english: &str) -> String {
    words::member_label(lang(), english)
}

/// "1234567.50" → "1,234,567.50": amounts as an officer reads them ("1 234 567,50" in
/// French, "1.234.567,50" in Spanish).
pub fn grouped(text: &str) -> String {
    if lang() != Lang::En {
        return peerplan_i18n::number_text(lang(), text);
    }
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

/// A percentage with one decimal ("+4.2", "+4,2").
fn percent(text: &str) -> String {
    words::decimal(lang(), text)
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
            .map(|p| format!("  ({})", tr!("cli.costs.percent", percent = percent(p))))
            .unwrap_or_default()
    )
}

pub fn totals_header(title: &str) -> String {
    format!(
        "{title:<44} {:>15} {:>15} {:>15} {:>15}",
        tr!("cli.costs.estimate"),
        tr!("cli.costs.committed"),
        tr!("cli.costs.actual"),
        tr!("cli.costs.variance")
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
        println!("{}", tr!("cli.costs.rates_used"));
        for r in rates_used.iter().take(LISTED) {
            println!("  {}", peerplan_docs::costs::describe_rate(lang(), r));
        }
        if rates_used.len() > LISTED {
            println!(
                "  {}",
                tr!(
                    "cli.costs.more",
                    count = num((rates_used.len() - LISTED) as i64)
                )
            );
        }
    }
}

/// A missing rate in words ("LRD→USD on or before 2027-03-09").
fn missing(m: &costs::MissingRate) -> String {
    peerplan_docs::costs::missing_text(lang(), m)
}

/// Printed first, before any total: totals missing lines must not be read as complete.
pub fn print_missing_rates(missing_rates: &[costs::MissingRate], unconverted: u64) {
    if !missing_rates.is_empty() {
        println!("{}", counted("cli.costs.incomplete", unconverted as i64));
        for m in missing_rates.iter().take(LISTED) {
            println!("  {}", missing(m));
        }
        if missing_rates.len() > LISTED {
            println!(
                "  {}",
                tr!(
                    "cli.costs.more",
                    count = num((missing_rates.len() - LISTED) as i64)
                )
            );
        }
        println!();
    }
}

/// A breakdown row: estimate, committed and actual over every line; the variance over the
/// exchanges with something paid (`compared`), as in the headline.
pub fn compared_row(name: &str, all: &costs::StageTotals, compared: &costs::StageTotals) -> String {
    let (variance, percent_text) = if compared.lines == 0 {
        ("—".to_string(), String::new())
    } else {
        (
            grouped(&compared.variance.text),
            compared
                .variance_percent
                .as_deref()
                .map(|p| format!("  ({})", tr!("cli.costs.percent", percent = percent(p))))
                .unwrap_or_default(),
        )
    };
    format!(
        "{name:<44} {:>15} {:>15} {:>15} {variance:>15}{percent_text}",
        grouped(&all.estimate.text),
        grouped(&all.committed.text),
        grouped(&all.actual.text),
    )
}

pub fn print_budget(budget: &costs::Budget, scope: &str) {
    println!(
        "{}",
        tr!(
            "cli.costs.budget_of",
            scope = scope,
            currency = budget.reporting_currency
        )
    );
    for term in &budget.filter_described {
        if budget.filter_described.len() > 1 || term.label != "Filters" {
            let (label, value) =
                peerplan_docs::costs::filter_term(lang(), budget, &term.label, &term.value);
            println!("  {label}: {value}");
        }
    }
    println!();
    print_missing_rates(&budget.missing_rates, budget.unconverted_lines);
    println!("{}", totals_header(""));
    println!("{}", totals_row(&tr!("cli.costs.total"), &budget.totals));
    // The total's variance counts exchanges not paid yet as under budget; this one does not.
    let paid = &budget.paid;
    if paid.exchanges > 0 {
        println!(
            "{}",
            totals_row(
                &tr!("cli.costs.paid_only", count = num(paid.exchanges as i64)),
                &paid.totals
            )
        );
    }
    if paid.unpaid_exchanges > 0 {
        println!(
            "{}",
            counted("cli.costs.unpaid", paid.unpaid_exchanges as i64)
        );
    }
    println!();
    println!(
        "{}",
        tr!(
            "cli.costs.variance_below",
            rule = rule(budget.comparison_rule, "costs_doc.rule.comparison")
        )
    );
    println!();
    println!("{}", totals_header(&tr!("cli.costs.by_category")));
    for c in &budget.by_category {
        println!(
            "{}",
            compared_row(
                &format!("  {}", label(c.category)),
                &c.row.totals,
                &c.row.compared
            )
        );
    }
    println!();
    println!("{}", totals_header(&tr!("cli.costs.by_funder")));
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
    println!("{}", totals_header(&tr!("cli.costs.who_pays")));
    for p in &budget.by_payer {
        let name = match (&p.member_id, &p.partnership_title) {
            // English cuts the member's name, other languages the whole row's name.
            (_, Some(_)) if lang() == Lang::En => format!(
                "  {}",
                tr!("cli.costs.own_budget", member = short(&p.name, 28))
            ),
            (_, Some(_)) => format!(
                "  {}",
                short(&tr!("cli.costs.own_budget", member = member(&p.name)), 42)
            ),
            (None, None) => format!("  {}", tr!("costs_doc.section.network_and_funders")),
            (Some(_), None) => format!("  {}", member(&p.name)),
        };
        println!(
            "{}{}",
            compared_row(&name, &p.row.totals, &p.row.compared),
            p.estimate_share
                .as_deref()
                .map(|s| format!(
                    "  [{}]",
                    tr!("cli.costs.estimate_share", percent = percent(s))
                ))
                .unwrap_or_default()
        );
    }
    println!();
    println!("{}", totals_header(&tr!("cli.costs.by_month")));
    for m in &budget.by_month {
        let month = if m.month == "undated" {
            tr!("costs_doc.section.undated")
        } else {
            m.month.clone()
        };
        println!(
            "{}",
            compared_row(&format!("  {month}"), &m.row.totals, &m.row.compared)
        );
    }
    println!("  ({})", rule(budget.month_rule, "costs_doc.rule.months"));
    println!();
    println!(
        "{}",
        totals_header(&tr!(
            "cli.costs.by_exchange",
            count = num(budget.exchange_count as i64)
        ))
    );
    let nothing = costs::StageSums::default().view(0);
    for e in &budget.by_exchange {
        let when = e
            .start_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| tr!("cli.costs.undated"));
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
        println!(
            "  {}",
            tr!(
                "cli.costs.largest",
                count = num(budget.by_exchange.len() as i64)
            )
        );
    }
    print_rates_used(&budget.rates_used);
}

/// One of the budget's rules: the core's own words in English, the catalog's otherwise.
fn rule(english: &str, key: &str) -> String {
    match lang() {
        Lang::En => english.to_string(),
        _ => tr!(key),
    }
}

pub fn print_exchange_costs(view: &costs::ExchangeCosts) {
    println!(
        "{}",
        tr!(
            "cli.costs.costs_of",
            title = view.title,
            date = view
                .start_date
                .map(|d| format!(" ({d})"))
                .unwrap_or_default(),
            currency = view.reporting_currency
        )
    );
    let unconverted = view.lines.iter().filter(|l| l.converted.is_none()).count() as u64;
    if unconverted > 0 {
        println!();
        print_missing_rates(&view.missing_rates, unconverted);
    }
    for group in &view.categories {
        println!();
        println!("{}", label(group.category));
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
                (None, Some(m)) => {
                    // The line names its missing rate in English; the view has it as data.
                    let text = view
                        .missing_rates
                        .iter()
                        .find(|r| &r.text == m)
                        .map_or_else(|| m.clone(), missing);
                    tr!("cli.costs.no_rate", rate = text)
                }
                (None, None) => String::new(),
            };
            let stage = match lang() {
                Lang::En => d.stage.as_str().to_string(),
                _ => label(d.stage).to_lowercase(),
            };
            println!(
                "  {:<9} {:<40} {:>6} × {:>12} {} = {:>14} {}  → {}",
                stage,
                short(&format!("{}{who}", d.description), 40),
                num(d.quantity),
                grouped(&d.unit_amount),
                d.currency,
                grouped(&l.total.text),
                d.currency,
                converted
            );
        }
        println!(
            "{}",
            totals_row(&format!("  {}", tr!("cli.costs.subtotal")), &group.totals)
        );
    }
    println!();
    println!("{}", totals_header(""));
    println!("{}", totals_row(&tr!("cli.costs.total"), &view.totals));
    if let Some(per) = &view.per_participant {
        println!(
            "{}",
            totals_row(
                &tr!(
                    "cli.costs.per_participant",
                    count = num(view.participants as i64)
                ),
                per
            )
        );
    }
    if !view.travellers.is_empty() {
        println!();
        println!("{}", totals_header(&tr!("cli.costs.travellers")));
        for t in &view.travellers {
            println!(
                "{}",
                totals_row(&format!("  {}", short(&t.name, 40)), &t.totals)
            );
        }
    }
    println!();
    println!("{}", tr!("cli.costs.in_each_currency"));
    for c in &view.by_currency {
        println!(
            "  {}  {}",
            c.currency,
            tr!(
                "cli.costs.currency_totals",
                estimate = grouped(&c.totals.estimate.text),
                committed = grouped(&c.totals.committed.text),
                actual = grouped(&c.totals.actual.text)
            )
        );
    }
    print_rates_used(&view.rates_used);
}

/// The agenda as text: one block per day, one line per session.
pub fn print_agenda(doc: &export::agenda::AgendaDoc) {
    println!("{}", doc.title);
    println!(
        "{}",
        tr!(
            "cli.agenda.times_in",
            partnership = doc.partnership_title,
            zone = doc.time_zone
        )
    );
    for zone in doc.zones.iter().skip(1) {
        println!(
            "  {}",
            tr!(
                "cli.agenda.and_for",
                place = zone.place,
                zone = zone.time_zone
            )
        );
    }
    if doc.days.is_empty() {
        println!("\n{}", tr!("cli.agenda.empty"));
    }
    for (i, day) in doc.days.iter().enumerate() {
        let title = if day.title.is_empty() {
            String::new()
        } else {
            format!(" — {}", day.title)
        };
        let date = match lang() {
            Lang::En => day.date.format("%A %-d %B %Y").to_string(),
            other => peerplan_core::export::agenda::labels::long_date(
                words::agenda_language(other),
                day.date,
            ),
        };
        println!(
            "\n{}",
            tr!(
                "cli.agenda.day",
                number = num((i + 1) as i64),
                date = date,
                title = title
            )
        );
        for s in &day.sessions {
            let lead = s
                .lead
                .as_deref()
                .map(|l| format!("  {}", tr!("cli.agenda.led_by", lead = l)))
                .unwrap_or_default();
            println!(
                "  {}–{}  {} ({}){lead}",
                s.start.format("%H:%M"),
                s.end.format("%H:%M"),
                s.title,
                label(s.kind)
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
    println!("{}", tr!("cli.check.checked", path = path.display()));
    let error = tr!("cli.check.error");
    let warning = tr!("cli.check.warning");
    for line in &report.integrity {
        println!("{}", tr!("cli.check.integrity", error = error, line = line));
    }
    for line in &report.foreign_keys {
        println!("{}", tr!("cli.check.reference", error = error, line = line));
    }
    for finding in &report.findings {
        let show = finding.severity == Severity::Error || verbose;
        if show {
            let severity = match finding.severity {
                Severity::Error => format!("{error:<7}"),
                Severity::Warning => format!("{warning:<7}"),
            };
            println!(
                "{severity} {} \"{}\" ({}) {}: {}",
                noun(finding.entity),
                record_label(&finding.label),
                finding.id,
                finding.field,
                crate::error::finding_text(finding, lang())
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
                "{warning:<7} {} \"{}\": {}",
                noun(finding.entity),
                record_label(&finding.label),
                crate::error::finding_text(finding, lang())
            );
        }
    }
    println!(
        "{}, {}",
        counted("cli.check.errors", errors as i64),
        counted("cli.check.warnings", warnings as i64)
    );
}

/// "3 days", "1 day": a count of days in the CLI's language.
fn days(n: i64) -> String {
    counted("cli.count.days", n)
}

pub fn print_followup(board: &FollowUpDashboard) {
    println!("{}", tr!("cli.followup.title", date = board.today));
    println!();
    println!(
        "{}",
        tr!(
            "cli.followup.going_quiet",
            days = days(board.norms.quiet_after_days)
        )
    );
    let none = format!("  {}", tr!("cli.followup.none"));
    if board.going_quiet.is_empty() {
        println!("{none}");
    }
    for row in &board.going_quiet {
        let since = match row.quiet.basis {
            signals::ActivityKind::Contact => tr!("cli.followup.since.contact"),
            signals::ActivityKind::CompletedAction => tr!("cli.followup.since.completed_action"),
            signals::ActivityKind::HeldExchange => tr!("cli.followup.since.held_exchange"),
            signals::ActivityKind::PartnershipStart => tr!("cli.followup.since.start"),
        };
        println!(
            "  {}",
            tr!(
                "cli.followup.quiet_row",
                title = row.title,
                days = days(row.quiet.days),
                since = since,
                date = row.quiet.since,
                status = label(row.status)
            )
        );
    }
    println!();
    println!("{}", tr!("cli.followup.overdue"));
    if board.overdue.is_empty() {
        println!("{none}");
    }
    for row in &board.overdue {
        println!(
            "  {}",
            tr!(
                "cli.followup.overdue_row",
                title = row.title,
                what = row.action.what,
                date = row.action.due_date,
                days = days(row.action.days),
                owner = row
                    .action
                    .owner
                    .as_deref()
                    .map(|o| tr!("cli.followup.owner", owner = member(o)))
                    .unwrap_or_default()
            )
        );
    }
    for (heading, rows) in [
        (
            tr!("cli.followup.this_week", days = num(signals::WEEK_DAYS)),
            &board.this_week,
        ),
        (
            tr!("cli.followup.this_month", days = num(signals::MONTH_DAYS)),
            &board.this_month,
        ),
    ] {
        println!();
        println!("{heading}");
        if rows.is_empty() {
            println!("{none}");
        }
        for row in rows {
            let when = match row.days_until {
                0 => tr!("cli.followup.today"),
                1 => tr!("cli.followup.tomorrow"),
                n => tr!("cli.followup.in_days", days = days(n)),
            };
            let who = row
                .who
                .split(" → ")
                .map(member)
                .collect::<Vec<_>>()
                .join(" → ");
            println!(
                "  {}",
                tr!(
                    "cli.followup.checkin_row",
                    date = row.date,
                    channel = label(row.channel).to_lowercase(),
                    when = when,
                    title = row.title,
                    what = row.what,
                    who = if who.is_empty() {
                        String::new()
                    } else {
                        format!(", {who}")
                    }
                )
            );
        }
    }
    println!();
    println!(
        "{}",
        tr!(
            "cli.followup.one_sided",
            percent = num(board.norms.one_sided_share_percent),
            contacts = counted("cli.count.contacts", board.norms.one_sided_min_contacts)
        )
    );
    if board.one_sided.is_empty() {
        println!("{none}");
    }
    for row in &board.one_sided {
        let f = &row.one_sided;
        println!(
            "  {}",
            tr!(
                "cli.followup.one_sided_row",
                title = row.title,
                member = member(&f.top_initiator.label),
                count = num(f.top_initiator.count as i64),
                contacts = counted("cli.count.contacts", f.contacts as i64),
                percent = num(f.top_initiator.percent),
                one_way = num(f.one_way as i64),
                two_way = num(f.two_way as i64)
            )
        );
    }
}
