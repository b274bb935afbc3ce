//! What each command does: open the database, call the core (and the document writers), and
//! print the outcome. An error is a `CliError`, which `main` prints after "peerplan:".

use std::path::PathBuf;
use std::process::ExitCode;

use peerplan_core::costs::{self, BudgetFilter};
use peerplan_core::export;
use peerplan_core::model::{ExchangeRateData, PaperSize};
use peerplan_core::{agenda, check, demo, paths, queries, signals, synthetic, Store};

use crate::args::{Cli, Command, RateCommand};
use crate::error::{CliError, CliResult};
use crate::print::*;
use crate::sync_cmd;

/// A refused save's problems, field by field ("installation_name: the name is …").
pub fn field_errors(e: &peerplan_core::Error) -> String {
    match e.report() {
        Some(r) => r
            .errors()
            .map(|i| format!("{}: {}", i.field, i.message))
            .collect::<Vec<_>>()
            .join("; "),
        None => e.to_string(),
    }
}

pub fn database_path(cli_path: Option<PathBuf>) -> CliResult<PathBuf> {
    cli_path
        .or_else(paths::default_database_path)
        .ok_or_else(|| CliError("cannot find your app-data folder; pass --db PATH".into()))
}

pub fn open(path: &std::path::Path) -> CliResult<Store> {
    Ok(Store::open(path)?)
}

pub fn run(cli: Cli) -> CliResult<ExitCode> {
    let path = database_path(cli.db)?;
    match cli.command {
        Command::Init { name } => {
            let mut store = open(&path)?;
            if let Some(name) = name {
                store
                    .set_installation_name(&name)
                    .map_err(|e| CliError(field_errors(&e)))?;
            }
            let counts = queries::counts(store.conn())?;
            println!("Database ready: {}", path.display());
            println!(
                "Schema version {}, installation {} named \"{}\"",
                peerplan_core::store::SCHEMA_VERSION,
                store.installation_id(),
                store.installation_name()?
            );
            println!("{} partnerships", counts.partnerships);
        }
        Command::Demo { yes } => {
            let mut store = open(&path)?;
            let existing = queries::counts(store.conn())?.partnerships;
            if existing > 0 && !yes {
                return Err(CliError(format!(
                    "{} already holds {existing} partnership(s); the example portfolio would be added beside them. \
                     Run again with --yes to do that, or use another --db",
                    path.display()
                )));
            }
            let added = demo::load(&mut store)?;
            println!(
                "Loaded the example portfolio into {}: {} partnerships, {} exchanges, {} people",
                path.display(),
                added.partnerships,
                added.exchanges,
                added.people
            );
        }
        Command::Check { json, verbose } => {
            let store = open(&path)?;
            let report = check::run(&store)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print_check(&path, &report, verbose);
            }
            if report.error_count() > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Stats { json } => {
            let store = open(&path)?;
            let counts = queries::counts(store.conn())?;
            let by_status = queries::partnerships_by_status(store.conn())?;
            let deleted = queries::deleted_count(store.conn())?;
            if json {
                let statuses: serde_json::Map<String, serde_json::Value> = by_status
                    .iter()
                    .map(|(s, n)| (s.as_str().to_string(), (*n).into()))
                    .collect();
                let value = serde_json::json!({
                    "database": path,
                    "counts": counts,
                    "partnerships_by_status": statuses,
                    "deleted_records": deleted,
                });
                println!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                println!("{}", path.display());
                println!("{:>8}  partnerships", counts.partnerships);
                for (status, n) in by_status.iter().filter(|(_, n)| *n > 0) {
                    println!("{n:>8}    {}", status.label());
                }
                println!("{:>8}  members", counts.members);
                println!("{:>8}  goals", counts.goals);
                println!("{:>8}  exchanges", counts.exchanges);
                println!("{:>8}  participants", counts.participants);
                println!("{:>8}  people", counts.people);
                println!("{:>8}  follow-up actions", counts.follow_up_actions);
                println!("{:>8}  contacts", counts.contacts);
                println!("{:>8}  reflection answers", counts.reflection_answers);
                println!("{:>8}  learning log entries", counts.learning_entries);
                println!("{deleted:>8}  deleted records kept as tombstones");
            }
        }
        Command::Followup {
            ics: Some(file),
            partnership,
            ..
        } => {
            let store = open(&path)?;
            let id = match partnership {
                Some(reference) => Some(resolve_partnership(&store, &reference)?.id),
                None => None,
            };
            let reminders = peerplan_docs::reminders::load(&store, id.as_deref())?;
            let text = peerplan_docs::reminders::to_ics(&reminders, chrono::Utc::now());
            export::write_atomically(&file, text.as_bytes())?;
            println!(
                "Wrote {} to {}",
                plural(reminders.len() as i64, "reminder", "reminders"),
                file.display()
            );
        }
        Command::Agenda {
            exchange,
            pdf,
            html,
            docx,
            ics,
            per_day,
            lang,
            paper,
        } => {
            let store = open(&path)?;
            let found = resolve_exchange(&store, &exchange)?;
            let doc = agenda::document_in(&store, &found.id, lang)?;
            let paper = match paper.unwrap_or(agenda::settings(&store, &found.id)?.paper) {
                PaperSize::A4 => peerplan_docs::pdf::Paper::A4,
                PaperSize::Letter => peerplan_docs::pdf::Paper::Letter,
            };
            let sessions: usize = doc.days.iter().map(|d| d.sessions.len()).sum();
            let wrote = |what: &str, file: &PathBuf| {
                println!(
                    "Wrote the agenda of \"{}\" ({} on {}) as {what} to {}",
                    doc.title,
                    plural(sessions as i64, "session", "sessions"),
                    plural(doc.days.len() as i64, "day", "days"),
                    file.display()
                )
            };
            let none = pdf.is_none() && html.is_none() && docx.is_none() && ics.is_none();
            if let Some(file) = &pdf {
                peerplan_docs::agenda::pdf::write_agenda_pdf(&doc, paper, file)?;
                wrote("a PDF", file);
            }
            if let Some(file) = &html {
                peerplan_docs::agenda::html::write_agenda_html(&doc, paper, file)?;
                wrote("an HTML page", file);
            }
            if let Some(file) = &docx {
                peerplan_docs::agenda::docx::write_agenda_docx(&doc, paper, file)?;
                wrote("a Word document", file);
            }
            if let Some(file) = &ics {
                let per = if per_day {
                    peerplan_docs::agenda::ics::IcsGrouping::Day
                } else {
                    peerplan_docs::agenda::ics::IcsGrouping::Session
                };
                peerplan_docs::agenda::ics::write_agenda_ics(&doc, per, chrono::Utc::now(), file)?;
                wrote("a calendar", file);
            }
            if none {
                print_agenda(&doc);
            }
        }
        Command::Summary {
            partnership,
            pdf,
            letter,
            today,
        } => {
            let store = open(&path)?;
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let found = resolve_partnership(&store, &partnership)?;
            let summary = export::summary::load(&store, &found.id, today)?;
            let paper = if letter {
                peerplan_docs::pdf::Paper::Letter
            } else {
                peerplan_docs::pdf::Paper::A4
            };
            peerplan_docs::pdf::write_summary_pdf(&summary, paper, &pdf)?;
            println!(
                "Wrote the summary of \"{}\" to {}",
                found.data.title,
                pdf.display()
            );
        }
        Command::Followup { json, today, .. } => {
            let store = open(&path)?;
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let board = signals::dashboard(&store, today)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&board)?);
            } else {
                print_followup(&board);
            }
        }
        Command::Costs {
            exchange,
            partnership,
            from,
            to,
            country,
            funder,
            category,
            stage,
            json,
            csv,
            xlsx,
        } => {
            let store = open(&path)?;
            let mut filter = BudgetFilter {
                from,
                to,
                country,
                funder,
                category,
                stage,
                ..Default::default()
            };
            if let (Some(from), Some(to)) = (from, to) {
                if to < from {
                    eprintln!("peerplan: --to {to} is before --from {from}");
                    return Ok(ExitCode::from(2));
                }
            }
            if let Some(reference) = &partnership {
                filter.partnership_id = Some(resolve_partnership(&store, reference)?.id);
            }
            let one = match &exchange {
                Some(reference) => {
                    let found = resolve_exchange(&store, reference)?;
                    filter.exchange_id = Some(found.id.clone());
                    Some(found)
                }
                None => None,
            };
            let budget = costs::budget(&store, &filter)?;
            if csv.is_some() || xlsx.is_some() {
                let lines = costs::budget_lines(&store, &filter)?;
                if let Some(file) = &csv {
                    peerplan_docs::costs::write_csv(&lines, &budget.reporting_currency, file)?;
                    eprintln!(
                        "Wrote {} to {}",
                        plural(lines.len() as i64, "line", "lines"),
                        file.display()
                    );
                }
                if let Some(file) = &xlsx {
                    peerplan_docs::costs::write_xlsx(&lines, &budget, file)?;
                    eprintln!(
                        "Wrote {} and the totals to {}",
                        plural(lines.len() as i64, "line", "lines"),
                        file.display()
                    );
                }
            }
            match one {
                Some(found) => {
                    let view = costs::exchange_costs(&store, &found.id)?;
                    if json {
                        println!("{}", serde_json::to_string_pretty(&view)?);
                    } else {
                        print_exchange_costs(&view);
                    }
                }
                None => {
                    if json {
                        println!("{}", serde_json::to_string_pretty(&budget)?);
                    } else {
                        let scope = match &partnership {
                            Some(_) => {
                                let p = resolve_partnership(
                                    &store,
                                    partnership.as_deref().unwrap_or_default(),
                                )?;
                                format!("partnership \"{}\"", p.data.title)
                            }
                            None => "the whole portfolio".to_string(),
                        };
                        print_budget(&budget, &scope);
                    }
                }
            }
        }
        Command::Rename { name } => {
            let mut store = open(&path)?;
            let before = store.installation_name()?;
            store
                .set_installation_name(&name)
                .map_err(|e| CliError(field_errors(&e)))?;
            println!(
                "This installation was \"{before}\" and is now \"{}\" in colleagues' merges and conflicts.",
                store.installation_name()?
            );
        }
        Command::Export { file } => return Ok(sync_cmd::export(&mut open(&path)?, &file)?),
        Command::Merge {
            file,
            dry_run,
            leave_out,
            json,
        } => {
            return Ok(sync_cmd::merge(
                &mut open(&path)?,
                &file,
                dry_run,
                leave_out,
                json,
            )?)
        }
        Command::Sync {
            folder,
            remember,
            json,
        } => {
            return Ok(sync_cmd::sync_folder(
                &mut open(&path)?,
                folder,
                remember,
                json,
            )?)
        }
        Command::Conflicts { command, json } => {
            let mut store = open(&path)?;
            return Ok(match command {
                None => sync_cmd::list_conflicts(&store, json)?,
                Some(sync_cmd::ConflictCommand::Resolve {
                    id,
                    answer,
                    corrections,
                }) => sync_cmd::resolve(&mut store, &id, answer, corrections)?,
            });
        }
        Command::Restore { backup } => return Ok(sync_cmd::restore(&mut open(&path)?, backup)?),
        Command::Import { command } => return crate::import_cmd::run(&mut open(&path)?, command),
        Command::ListOut { command } => return crate::import_cmd::list_out(&open(&path)?, command),
        Command::Rate { command } => {
            let mut store = open(&path)?;
            match command {
                RateCommand::Add {
                    from,
                    to,
                    rate,
                    date,
                    source,
                } => {
                    let saved = store
                        .save_exchange_rate(
                            None,
                            ExchangeRateData {
                                rate_date: Some(date),
                                from_currency: from,
                                to_currency: to,
                                rate,
                                source,
                            },
                        )?
                        .record;
                    println!(
                        "Added 1 {} = {} {} from {date}",
                        saved.data.from_currency, saved.data.rate, saved.data.to_currency
                    );
                }
                RateCommand::List { json } => {
                    let rates = costs::list_exchange_rates(&store)?;
                    if json {
                        println!("{}", serde_json::to_string_pretty(&rates)?);
                    } else {
                        println!("Reporting currency: {}", store.reporting_currency()?);
                        if rates.is_empty() {
                            println!("No exchange rates yet: add one with `peerplan rate add EUR USD 1.08 --date 2026-01-01`");
                        }
                        for r in rates {
                            println!(
                                "{}  1 {} = {} {}{}",
                                r.data.rate_date.map(|d| d.to_string()).unwrap_or_default(),
                                r.data.from_currency,
                                r.data.rate,
                                r.data.to_currency,
                                if r.data.source.is_empty() {
                                    String::new()
                                } else {
                                    format!("  ({})", r.data.source)
                                }
                            );
                        }
                    }
                }
                RateCommand::Reporting { currency } => {
                    if let Some(code) = currency {
                        store.set_reporting_currency(&code)?;
                    }
                    println!("Reporting currency: {}", store.reporting_currency()?);
                }
            }
        }
        Command::Generate {
            partnerships,
            exchanges,
            participants,
            people,
            seed,
        } => {
            let mut store = open(&path)?;
            let sizes = synthetic::Sizes {
                partnerships,
                exchanges_per_partnership: exchanges,
                participants_per_exchange: participants,
                people: people.unwrap_or((partnerships * 10).max(participants)),
            };
            let took = synthetic::generate(&mut store, sizes, seed)?;
            println!(
                "Generated {partnerships} partnerships, {} exchanges, {} participants in {:.1} s",
                partnerships * exchanges,
                partnerships * exchanges * participants,
                took.as_secs_f64()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The one record a reference matched, or an error naming the reference and listing the
/// candidates; `what` is the record's name ("partnership"), `many` its plural.
pub fn one<T>(
    found: export::Match<T>,
    reference: &str,
    what: &str,
    many: &str,
) -> CliResult<peerplan_core::model::Record<T>> {
    match found {
        export::Match::One(record) => Ok(*record),
        export::Match::None => Err(CliError(format!(
            "no {what} has the id or a title containing \"{reference}\""
        ))),
        export::Match::Many(candidates) => {
            let mut message = format!(
                "\"{reference}\" matches {} {many}; give more of the title or the id:",
                candidates.len()
            );
            for (id, title) in candidates {
                message.push_str(&format!("\n  {id}  {title}"));
            }
            Err(CliError(message))
        }
    }
}

/// The one partnership `reference` names, or an error listing the candidates.
pub fn resolve_partnership(
    store: &Store,
    reference: &str,
) -> CliResult<peerplan_core::model::Partnership> {
    let found = export::find_partnership(store, reference)?;
    one(found, reference, "partnership", "partnerships")
}

/// The one exchange `reference` names, or an error listing the candidates.
pub fn resolve_exchange(
    store: &Store,
    reference: &str,
) -> CliResult<peerplan_core::model::Exchange> {
    let found = export::find_exchange(store, reference)?;
    one(found, reference, "exchange", "exchanges")
}
