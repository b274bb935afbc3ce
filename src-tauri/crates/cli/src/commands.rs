//! What each command does: open the database, call the core (and the document writers), and
//! print the outcome. An error is a `CliError`, which `main` prints after "peerplan:".

use std::path::PathBuf;
use std::process::ExitCode;

use peerplan_core::costs::{self, BudgetFilter};
use peerplan_core::export;
use peerplan_core::model::{ExchangeRateData, PaperSize};
use peerplan_core::{agenda, check, demo, paths, queries, signals, synthetic, Store};
use peerplan_docs::words::{self, Lang};

use crate::args::{Cli, Command, RateCommand};
use crate::error::{CliError, CliResult};
use crate::print::*;
use crate::sync_cmd;

/// A refused save's problems, field by field ("installation_name: the name is …").
pub fn field_errors(e: &peerplan_core::Error) -> String {
    match e.report() {
        Some(r) => r
            .errors()
            .map(|i| format!("{}: {}", i.field, crate::error::issue_text(i, lang())))
            .collect::<Vec<_>>()
            .join("; "),
        None => crate::error::core_error_text(e, lang()),
    }
}

pub fn database_path(cli_path: Option<PathBuf>) -> CliResult<PathBuf> {
    cli_path
        .or_else(paths::default_database_path)
        .ok_or_else(|| CliError(tr!("cli.no_data_folder")))
}

pub fn open(path: &std::path::Path) -> CliResult<Store> {
    Ok(Store::open(path)?)
}

pub fn run(cli: Cli) -> CliResult<ExitCode> {
    // `--lang` words the messages and every document; without it, messages and documents
    // follow the environment, and an agenda keeps its own language.
    if let Some(language) = cli.lang {
        set_lang(words::lang_of(language));
    }
    let doc_lang: Lang = lang();
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
            println!("{}", tr!("cli.init.ready", path = path.display()));
            println!(
                "{}",
                tr!(
                    "cli.init.schema",
                    version = peerplan_core::store::SCHEMA_VERSION,
                    id = store.installation_id(),
                    name = store.installation_name()?
                )
            );
            println!(
                "{}",
                counted("cli.init.partnerships", counts.partnerships as i64)
            );
        }
        Command::Demo { yes } => {
            let mut store = open(&path)?;
            let existing = queries::counts(store.conn())?.partnerships;
            if existing > 0 && !yes {
                return Err(CliError(tr!(
                    "cli.demo.not_empty",
                    path = path.display(),
                    count = num(existing as i64)
                )));
            }
            let added = demo::load(&mut store)?;
            println!(
                "{}",
                tr!(
                    "cli.demo.loaded",
                    path = path.display(),
                    partnerships = num(added.partnerships as i64),
                    exchanges = num(added.exchanges as i64),
                    people = num(added.people as i64)
                )
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
                let row = |n: i64, key: &str| println!("{:>8}  {}", num(n), tr!(key));
                row(counts.partnerships as i64, "cli.stats.partnerships");
                for (status, n) in by_status.iter().filter(|(_, n)| *n > 0) {
                    println!("{:>8}    {}", num(*n), label(*status));
                }
                row(counts.members as i64, "cli.stats.members");
                row(counts.goals as i64, "cli.stats.goals");
                row(counts.exchanges as i64, "cli.stats.exchanges");
                row(counts.participants as i64, "cli.stats.participants");
                row(counts.people as i64, "cli.stats.people");
                row(
                    counts.follow_up_actions as i64,
                    "cli.stats.follow_up_actions",
                );
                row(counts.contacts as i64, "cli.stats.contacts");
                row(
                    counts.reflection_answers as i64,
                    "cli.stats.reflection_answers",
                );
                row(counts.learning_entries as i64, "cli.stats.learning_entries");
                row(deleted as i64, "cli.stats.tombstones");
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
            let text = peerplan_docs::reminders::to_ics(&reminders, chrono::Utc::now(), doc_lang);
            export::write_atomically(&file, text.as_bytes())?;
            println!(
                "{}",
                tr!(
                    "cli.followup.wrote_ics",
                    reminders = counted("cli.count.reminders", reminders.len() as i64),
                    file = file.display()
                )
            );
        }
        Command::Agenda {
            exchange,
            pdf,
            html,
            docx,
            ics,
            per_day,
            paper,
        } => {
            let store = open(&path)?;
            let found = resolve_exchange(&store, &exchange)?;
            // `--lang` chooses the agenda's language; without it, the agenda's own.
            let doc = agenda::document_in(&store, &found.id, cli.lang)?;
            let paper = match paper.unwrap_or(agenda::settings(&store, &found.id)?.paper) {
                PaperSize::A4 => peerplan_docs::pdf::Paper::A4,
                PaperSize::Letter => peerplan_docs::pdf::Paper::Letter,
            };
            let sessions: usize = doc.days.iter().map(|d| d.sessions.len()).sum();
            let wrote = |what: &str, file: &PathBuf| {
                println!(
                    "{}",
                    tr!(
                        "cli.agenda.wrote",
                        title = doc.title,
                        sessions = counted("cli.count.sessions", sessions as i64),
                        days = counted("cli.count.days", doc.days.len() as i64),
                        what = tr!(what),
                        file = file.display()
                    )
                )
            };
            let none = pdf.is_none() && html.is_none() && docx.is_none() && ics.is_none();
            if let Some(file) = &pdf {
                peerplan_docs::agenda::pdf::write_agenda_pdf(&doc, paper, file)?;
                wrote("cli.agenda.as_pdf", file);
            }
            if let Some(file) = &html {
                peerplan_docs::agenda::html::write_agenda_html(&doc, paper, file)?;
                wrote("cli.agenda.as_html", file);
            }
            if let Some(file) = &docx {
                peerplan_docs::agenda::docx::write_agenda_docx(&doc, paper, file)?;
                wrote("cli.agenda.as_docx", file);
            }
            if let Some(file) = &ics {
                let per = if per_day {
                    peerplan_docs::agenda::ics::IcsGrouping::Day
                } else {
                    peerplan_docs::agenda::ics::IcsGrouping::Session
                };
                peerplan_docs::agenda::ics::write_agenda_ics(&doc, per, chrono::Utc::now(), file)?;
                wrote("cli.agenda.as_ics", file);
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
            let summary = peerplan_docs::pdf::load_summary(&store, &found.id, today, doc_lang)?;
            let paper = if letter {
                peerplan_docs::pdf::Paper::Letter
            } else {
                peerplan_docs::pdf::Paper::A4
            };
            peerplan_docs::pdf::write_summary_pdf(&summary, paper, doc_lang, &pdf)?;
            println!(
                "{}",
                tr!(
                    "cli.summary.wrote",
                    title = found.data.title,
                    file = pdf.display()
                )
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
                    eprintln!(
                        "peerplan: {}",
                        tr!("cli.costs.to_before_from", to = to, from = from)
                    );
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
                    peerplan_docs::costs::write_csv(
                        &lines,
                        &budget.reporting_currency,
                        doc_lang,
                        file,
                    )?;
                    eprintln!(
                        "{}",
                        tr!(
                            "cli.costs.wrote_csv",
                            lines = counted("cli.count.lines", lines.len() as i64),
                            file = file.display()
                        )
                    );
                }
                if let Some(file) = &xlsx {
                    peerplan_docs::costs::write_xlsx(&lines, &budget, doc_lang, file)?;
                    eprintln!(
                        "{}",
                        tr!(
                            "cli.costs.wrote_xlsx",
                            lines = counted("cli.count.lines", lines.len() as i64),
                            file = file.display()
                        )
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
                                tr!("cli.costs.scope_partnership", title = p.data.title)
                            }
                            None => tr!("cli.costs.scope_portfolio"),
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
                "{}",
                tr!(
                    "cli.rename.done",
                    before = before,
                    after = store.installation_name()?
                )
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
        Command::ReadTable { file } => {
            // No database needed: the table of the file, for the desktop app's import.
            let table = peerplan_import::read_file(&file)?;
            println!("{}", serde_json::to_string(&table)?);
        }
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
                        "{}",
                        tr!(
                            "cli.rate.added",
                            from = saved.data.from_currency,
                            rate = words::decimal(lang(), &saved.data.rate),
                            to = saved.data.to_currency,
                            date = date
                        )
                    );
                }
                RateCommand::List { json } => {
                    let rates = costs::list_exchange_rates(&store)?;
                    if json {
                        println!("{}", serde_json::to_string_pretty(&rates)?);
                    } else {
                        println!(
                            "{}",
                            tr!("cli.rate.reporting", currency = store.reporting_currency()?)
                        );
                        if rates.is_empty() {
                            println!("{}", tr!("cli.rate.none"));
                        }
                        for r in rates {
                            println!(
                                "{}  1 {} = {} {}{}",
                                r.data.rate_date.map(|d| d.to_string()).unwrap_or_default(),
                                r.data.from_currency,
                                words::decimal(lang(), &r.data.rate),
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
                    println!(
                        "{}",
                        tr!("cli.rate.reporting", currency = store.reporting_currency()?)
                    );
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
                "{}",
                tr!(
                    "cli.generate.done",
                    partnerships = num(partnerships as i64),
                    exchanges = num((partnerships * exchanges) as i64),
                    participants = num((partnerships * exchanges * participants) as i64),
                    seconds = words::decimal(lang(), &format!("{:.1}", took.as_secs_f64()))
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The one record a reference matched, or an error naming the reference and listing the
/// candidates; `what` is the record's kind as the catalog keys it ("partnership":
/// `cli.find.none.partnership`, `cli.find.many.partnership`).
pub fn one<T>(
    found: export::Match<T>,
    reference: &str,
    what: &str,
) -> CliResult<peerplan_core::model::Record<T>> {
    match found {
        export::Match::One(record) => Ok(*record),
        export::Match::None => Err(CliError(message(
            // i18n-dynamic: cli.find.none. cli.find.many.
            &format!("cli.find.none.{what}"),
            &[("reference", reference.to_string())],
        ))),
        export::Match::Many(candidates) => {
            let mut message = message(
                &format!("cli.find.many.{what}"),
                &[
                    ("reference", reference.to_string()),
                    ("count", num(candidates.len() as i64)),
                ],
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
    one(found, reference, "partnership")
}

/// The one exchange `reference` names, or an error listing the candidates.
pub fn resolve_exchange(
    store: &Store,
    reference: &str,
) -> CliResult<peerplan_core::model::Exchange> {
    let found = export::find_exchange(store, reference)?;
    one(found, reference, "exchange")
}
