//! `peerplan`: the command-line interface to a PeerPlan database, for scripts, scheduled
//! tasks and officers' IT staff. It shares the core with the desktop app and, by default,
//! the same database file.

mod sync_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use peerplan_core::check::CheckReport;
use peerplan_core::costs::{self, BudgetFilter};
use peerplan_core::export;
use peerplan_core::model::{AgendaLanguage, CostCategory, CostStage, ExchangeRateData, PaperSize};
use peerplan_core::signals::FollowUpDashboard;
use peerplan_core::validate::Severity;
use peerplan_core::{agenda, check, demo, paths, queries, signals, synthetic, Store};

#[derive(Parser)]
#[command(
    name = "peerplan",
    version,
    about = "PeerPlan: plan peer-learning exchanges, offline",
    long_about = "PeerPlan keeps partnerships, members, people, exchanges and participants in one SQLite \
                  database. This tool works on the same database as the desktop app.\n\n\
                  Exit status: 0 on success, 1 when the command failed or `check` found errors, \
                  2 for a usage error."
)]
struct Cli {
    /// The database file [default: the desktop app's database in your app-data folder;
    /// PEERPLAN_DATA_DIR overrides the folder]
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the database (or upgrade it to this version's schema) and say where it is
    Init {
        /// The name colleagues see for this installation in merges and conflicts (the
        /// officer's name, e.g. "Amina Diallo"); `peerplan rename` changes it later
        #[arg(long)]
        name: Option<String>,
    },
    /// Change the name colleagues see for this installation ("Amina Diallo", "Amina's laptop")
    Rename {
        /// The new name
        name: String,
    },
    /// Load the example portfolio: five partnerships built from real peer-learning situations
    Demo {
        /// Load it even though the database already has partnerships (they are kept)
        #[arg(long)]
        yes: bool,
    },
    /// Check the database's integrity and re-validate every record; exit 1 if anything is wrong
    Check {
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// Also list every warning (norms such as exchange size), not only their count
        #[arg(long, short)]
        verbose: bool,
    },
    /// Count what the database holds
    Stats {
        /// Print the counts as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show the follow-up dashboard: partnerships going quiet, overdue actions, check-ins due
    /// this week and this month, and one-sided partnerships, each with its figures
    Followup {
        /// Print the dashboard as JSON
        #[arg(long)]
        json: bool,
        /// Compute the signals as of this day (YYYY-MM-DD) instead of today
        #[arg(long, value_name = "DATE")]
        today: Option<chrono::NaiveDate>,
        /// Instead of the dashboard, write the open follow-up actions that have a due date to
        /// this iCalendar file: one all-day event with a reminder per action, whose UID comes
        /// from the action's id, so importing a newer file updates the reminders
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
        /// With --ics: only this partnership's actions (its id, or a unique piece of its title)
        #[arg(long, value_name = "PARTNERSHIP", requires = "ics")]
        partnership: Option<String>,
    },
    /// Write a printable one-page summary of a partnership as a PDF: members, goals,
    /// exchanges held and planned, follow-up status and the latest lessons
    Summary {
        /// The partnership: its id, or a piece of its title that matches only it
        partnership: String,
        /// The PDF file to write (replaced if it exists)
        #[arg(long, value_name = "FILE")]
        pdf: PathBuf,
        /// US Letter paper instead of A4
        #[arg(long)]
        letter: bool,
        /// Describe the partnership as of this day (YYYY-MM-DD) instead of today
        #[arg(long, value_name = "DATE")]
        today: Option<chrono::NaiveDate>,
    },
    /// Show logistics costs: the budget roll-up across the portfolio (or one partnership), or
    /// one exchange's costs; totals are in the reporting currency (`peerplan rate reporting`)
    /// with the rates used, and say which rate is missing when a line cannot be converted
    Costs {
        /// One exchange's cost view: its id, or a piece of its title that matches only it
        #[arg(long, value_name = "EXCHANGE", conflicts_with = "partnership")]
        exchange: Option<String>,
        /// Only this partnership's exchanges: its id, or a unique piece of its title
        #[arg(long, value_name = "PARTNERSHIP")]
        partnership: Option<String>,
        /// Lines dated on or after this day (YYYY-MM-DD); undated lines use their exchange's start
        #[arg(long, value_name = "DATE")]
        from: Option<chrono::NaiveDate>,
        /// Lines dated on or before this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<chrono::NaiveDate>,
        /// Exchanges held in this country (ISO 3166-1 alpha-2, e.g. KE): the venue's country,
        /// else the host member's
        #[arg(long, value_name = "CC", value_parser = parse_country)]
        country: Option<String>,
        /// Lines paid by this funder (the funder's text, ignoring case)
        #[arg(long, value_name = "FUNDER")]
        funder: Option<String>,
        /// Only this category
        #[arg(long, value_name = "CATEGORY", value_parser = parse_category)]
        category: Option<CostCategory>,
        /// Only this stage: estimate, committed or actual
        #[arg(long, value_name = "STAGE", value_parser = parse_stage)]
        stage: Option<CostStage>,
        /// Print the view as JSON
        #[arg(long)]
        json: bool,
        /// Also write every line under the filters to this CSV file
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Also write an XLSX workbook (a sheet of lines, a sheet of totals) to this file
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
    },
    /// Exchange rates for the cost totals: add or list dated rates, set the reporting currency
    Rate {
        #[command(subcommand)]
        command: RateCommand,
    },
    /// Show an exchange's agenda, or write it as a PDF, HTML page, Word document or calendar
    /// file (several at once if asked), with the labels in the agenda's language
    Agenda {
        /// The exchange: its id, or a piece of its title that matches only it
        exchange: String,
        /// Write a printable PDF (A4, or the agenda's paper size)
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
        /// Write a standalone printable HTML page
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Write a Word document (.docx) partners can comment on and edit
        #[arg(long, value_name = "FILE")]
        docx: Option<PathBuf>,
        /// Write an iCalendar file: one event per session, in the venue's time zone
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
        /// With --ics: one event per day instead of one per session
        #[arg(long, requires = "ics")]
        per_day: bool,
        /// Labels in this language: en, fr or es [default: the agenda's own setting]
        #[arg(long, value_name = "LANG", value_parser = parse_language)]
        lang: Option<AgendaLanguage>,
        /// Paper size: a4 or letter [default: the agenda's own setting]
        #[arg(long, value_name = "SIZE", value_parser = parse_paper)]
        paper: Option<PaperSize>,
    },
    /// Write a snapshot of the whole database to a .peerplan file a colleague can merge
    /// (written under a temporary name and renamed, so a reader never sees half a file)
    Export {
        /// The file to write, e.g. amina.peerplan (replaced if it exists)
        file: PathBuf,
    },
    /// Merge a colleague's .peerplan file, field by field: records are matched by id, a
    /// backup is made first, and values not kept become conflicts (`peerplan conflicts`)
    Merge {
        /// The colleague's .peerplan file
        file: PathBuf,
        /// Only show what would change; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Leave this record (by id, as listed by --dry-run) and what is new under it out of
        /// the merge; it is offered again next time. Repeat for several records
        #[arg(long = "leave-out", value_name = "ID")]
        leave_out: Vec<String>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Sync with a shared folder: merge every colleague's .peerplan file in it (sync clients'
    /// "conflicted copies" too), then write this installation's own file there. For
    /// scheduled tasks: exit 1 if a file was refused
    Sync {
        /// The shared folder [default: the one set in the app's Settings or with --remember]
        folder: Option<PathBuf>,
        /// Remember FOLDER as this installation's sync folder
        #[arg(long, requires = "folder")]
        remember: bool,
        /// Print the summary as JSON
        #[arg(long)]
        json: bool,
    },
    /// List what merges did not keep (values both laptops changed, records deleted on one
    /// and changed on the other), or answer one
    Conflicts {
        #[command(subcommand)]
        command: Option<sync_cmd::ConflictCommand>,
        /// Print the conflicts as JSON
        #[arg(long)]
        json: bool,
    },
    /// List the automatic backups, or restore one by name (the current data is backed up
    /// first, so a restore can itself be undone)
    Restore {
        /// The backup's file name, as listed
        backup: Option<String>,
    },
    /// Fill the database with a large generated portfolio (for benchmarks and load tests)
    Generate {
        /// Number of partnerships
        #[arg(long, default_value_t = 1000)]
        partnerships: usize,
        /// Exchanges per partnership
        #[arg(long, default_value_t = 10)]
        exchanges: usize,
        /// Participants per exchange
        #[arg(long, default_value_t = 10)]
        participants: usize,
        /// People in the directory
        #[arg(long)]
        people: Option<usize>,
        /// Seed of the generator, for reproducible data
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum RateCommand {
    /// Add a dated rate: one FROM is worth RATE TO from DATE on (used both ways round)
    Add {
        /// ISO 4217 code of the currency converted from (e.g. EUR)
        from: String,
        /// ISO 4217 code of the currency converted to (e.g. USD)
        to: String,
        /// The rate as a decimal number (e.g. 1.0842): TO per one FROM
        rate: String,
        /// The first day the rate applies (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        date: chrono::NaiveDate,
        /// Where the rate comes from ("ECB reference rate")
        #[arg(long, default_value = "")]
        source: String,
    },
    /// List the dated rates, oldest first
    List {
        /// Print the rates as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show, or with a code set, the reporting currency every total is converted to
    Reporting {
        /// ISO 4217 code (e.g. EUR)
        currency: Option<String>,
    },
}

fn parse_category(text: &str) -> Result<CostCategory, String> {
    CostCategory::parse(text.trim())
        .ok_or_else(|| format!("not a cost category; use {}", CostCategory::allowed()))
}

fn parse_stage(text: &str) -> Result<CostStage, String> {
    CostStage::parse(text.trim())
        .ok_or_else(|| format!("not a stage; use {}", CostStage::allowed()))
}

fn parse_country(text: &str) -> Result<String, String> {
    let code = text.trim().to_uppercase();
    match peerplan_core::countries::find(&code) {
        Some(_) => Ok(code),
        None => {
            Err("not an ISO 3166-1 alpha-2 country code (two letters, e.g. KE for Kenya)".into())
        }
    }
}

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a closed pipe (`peerplan merge … | head`) would
    // panic; a command-line tool should just stop, as `cat` does.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("peerplan: {message}");
            ExitCode::FAILURE
        }
    }
}

/// A refused save's problems, field by field ("installation_name: the name is …").
fn field_errors(e: &peerplan_core::Error) -> String {
    match e.report() {
        Some(r) => r
            .errors()
            .map(|i| format!("{}: {}", i.field, i.message))
            .collect::<Vec<_>>()
            .join("; "),
        None => e.to_string(),
    }
}

fn database_path(cli_path: Option<PathBuf>) -> Result<PathBuf, String> {
    cli_path
        .or_else(paths::default_database_path)
        .ok_or_else(|| "cannot find your app-data folder; pass --db PATH".to_string())
}

fn open(path: &std::path::Path) -> Result<Store, String> {
    Store::open(path).map_err(|e| e.to_string())
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let path = database_path(cli.db)?;
    match cli.command {
        Command::Init { name } => {
            let mut store = open(&path)?;
            if let Some(name) = name {
                store
                    .set_installation_name(&name)
                    .map_err(|e| field_errors(&e))?;
            }
            let counts = queries::counts(store.conn()).map_err(|e| e.to_string())?;
            println!("Database ready: {}", path.display());
            println!(
                "Schema version {}, installation {} named \"{}\"",
                peerplan_core::store::SCHEMA_VERSION,
                store.installation_id(),
                store.installation_name().map_err(|e| e.to_string())?
            );
            println!("{} partnerships", counts.partnerships);
        }
        Command::Demo { yes } => {
            let mut store = open(&path)?;
            let existing = queries::counts(store.conn())
                .map_err(|e| e.to_string())?
                .partnerships;
            if existing > 0 && !yes {
                return Err(format!(
                    "{} already holds {existing} partnership(s); the example portfolio would be added beside them. \
                     Run again with --yes to do that, or use another --db",
                    path.display()
                ));
            }
            let added = demo::load(&mut store).map_err(|e| e.to_string())?;
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
            let report = check::run(&store).map_err(|e| e.to_string())?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
                );
            } else {
                print_check(&path, &report, verbose);
            }
            if report.error_count() > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Stats { json } => {
            let store = open(&path)?;
            let counts = queries::counts(store.conn()).map_err(|e| e.to_string())?;
            let by_status =
                queries::partnerships_by_status(store.conn()).map_err(|e| e.to_string())?;
            let deleted = queries::deleted_count(store.conn()).map_err(|e| e.to_string())?;
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
                println!(
                    "{}",
                    serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?
                );
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
            let reminders =
                peerplan_docs::reminders::load(&store, id.as_deref()).map_err(|e| e.to_string())?;
            let text = peerplan_docs::reminders::to_ics(&reminders, chrono::Utc::now());
            export::write_atomically(&file, text.as_bytes()).map_err(|e| e.to_string())?;
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
            let mut doc = agenda::document(&store, &found.id).map_err(|e| e.to_string())?;
            if let Some(lang) = lang {
                doc.language = lang;
            }
            let paper = match paper.unwrap_or(
                agenda::settings(&store, &found.id)
                    .map_err(|e| e.to_string())?
                    .paper,
            ) {
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
                peerplan_docs::agenda::pdf::write_agenda_pdf(&doc, paper, file)
                    .map_err(|e| e.to_string())?;
                wrote("a PDF", file);
            }
            if let Some(file) = &html {
                peerplan_docs::agenda::html::write_agenda_html(&doc, paper, file)
                    .map_err(|e| e.to_string())?;
                wrote("an HTML page", file);
            }
            if let Some(file) = &docx {
                peerplan_docs::agenda::docx::write_agenda_docx(&doc, paper, file)
                    .map_err(|e| e.to_string())?;
                wrote("a Word document", file);
            }
            if let Some(file) = &ics {
                let per = if per_day {
                    peerplan_docs::agenda::ics::IcsGrouping::Day
                } else {
                    peerplan_docs::agenda::ics::IcsGrouping::Session
                };
                peerplan_docs::agenda::ics::write_agenda_ics(&doc, per, chrono::Utc::now(), file)
                    .map_err(|e| e.to_string())?;
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
            let summary =
                export::summary::load(&store, &found.id, today).map_err(|e| e.to_string())?;
            let paper = if letter {
                peerplan_docs::pdf::Paper::Letter
            } else {
                peerplan_docs::pdf::Paper::A4
            };
            peerplan_docs::pdf::write_summary_pdf(&summary, paper, &pdf)
                .map_err(|e| e.to_string())?;
            println!(
                "Wrote the summary of \"{}\" to {}",
                found.data.title,
                pdf.display()
            );
        }
        Command::Followup { json, today, .. } => {
            let store = open(&path)?;
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let board = signals::dashboard(&store, today).map_err(|e| e.to_string())?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&board).map_err(|e| e.to_string())?
                );
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
            let err = |e: peerplan_core::Error| e.to_string();
            let budget = costs::budget(&store, &filter).map_err(err)?;
            if csv.is_some() || xlsx.is_some() {
                let lines = costs::budget_lines(&store, &filter).map_err(err)?;
                if let Some(file) = &csv {
                    peerplan_docs::costs::write_csv(&lines, &budget.reporting_currency, file)
                        .map_err(err)?;
                    eprintln!(
                        "Wrote {} to {}",
                        plural(lines.len() as i64, "line", "lines"),
                        file.display()
                    );
                }
                if let Some(file) = &xlsx {
                    peerplan_docs::costs::write_xlsx(&lines, &budget, file).map_err(err)?;
                    eprintln!(
                        "Wrote {} and the totals to {}",
                        plural(lines.len() as i64, "line", "lines"),
                        file.display()
                    );
                }
            }
            match one {
                Some(found) => {
                    let view = costs::exchange_costs(&store, &found.id).map_err(err)?;
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&view).map_err(|e| e.to_string())?
                        );
                    } else {
                        print_exchange_costs(&view);
                    }
                }
                None => {
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&budget).map_err(|e| e.to_string())?
                        );
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
            let before = store.installation_name().map_err(|e| e.to_string())?;
            store
                .set_installation_name(&name)
                .map_err(|e| field_errors(&e))?;
            println!(
                "This installation was \"{before}\" and is now \"{}\" in colleagues' merges and conflicts.",
                store.installation_name().map_err(|e| e.to_string())?
            );
        }
        Command::Export { file } => return sync_cmd::export(&mut open(&path)?, &file),
        Command::Merge {
            file,
            dry_run,
            leave_out,
            json,
        } => return sync_cmd::merge(&mut open(&path)?, &file, dry_run, leave_out, json),
        Command::Sync {
            folder,
            remember,
            json,
        } => return sync_cmd::sync_folder(&mut open(&path)?, folder, remember, json),
        Command::Conflicts { command, json } => {
            let mut store = open(&path)?;
            return match command {
                None => sync_cmd::list_conflicts(&store, json),
                Some(sync_cmd::ConflictCommand::Resolve {
                    id,
                    answer,
                    corrections,
                }) => sync_cmd::resolve(&mut store, &id, answer, corrections),
            };
        }
        Command::Restore { backup } => return sync_cmd::restore(&mut open(&path)?, backup),
        Command::Rate { command } => {
            let mut store = open(&path)?;
            let err = |e: peerplan_core::Error| e.to_string();
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
                        )
                        .map_err(err)?
                        .record;
                    println!(
                        "Added 1 {} = {} {} from {date}",
                        saved.data.from_currency, saved.data.rate, saved.data.to_currency
                    );
                }
                RateCommand::List { json } => {
                    let rates = costs::list_exchange_rates(&store).map_err(err)?;
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&rates).map_err(|e| e.to_string())?
                        );
                    } else {
                        println!(
                            "Reporting currency: {}",
                            store.reporting_currency().map_err(err)?
                        );
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
                        store.set_reporting_currency(&code).map_err(err)?;
                    }
                    println!(
                        "Reporting currency: {}",
                        store.reporting_currency().map_err(err)?
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
            let took = synthetic::generate(&mut store, sizes, seed).map_err(|e| e.to_string())?;
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
fn one<T>(
    found: export::Match<T>,
    reference: &str,
    what: &str,
    many: &str,
) -> Result<peerplan_core::model::Record<T>, String> {
    match found {
        export::Match::One(record) => Ok(*record),
        export::Match::None => Err(format!(
            "no {what} has the id or a title containing \"{reference}\""
        )),
        export::Match::Many(candidates) => {
            let mut message = format!(
                "\"{reference}\" matches {} {many}; give more of the title or the id:",
                candidates.len()
            );
            for (id, title) in candidates {
                message.push_str(&format!("\n  {id}  {title}"));
            }
            Err(message)
        }
    }
}

/// The one partnership `reference` names, or an error listing the candidates.
fn resolve_partnership(
    store: &Store,
    reference: &str,
) -> Result<peerplan_core::model::Partnership, String> {
    let found = export::find_partnership(store, reference).map_err(|e| e.to_string())?;
    one(found, reference, "partnership", "partnerships")
}

/// The one exchange `reference` names, or an error listing the candidates.
fn resolve_exchange(
    store: &Store,
    reference: &str,
) -> Result<peerplan_core::model::Exchange, String> {
    let found = export::find_exchange(store, reference).map_err(|e| e.to_string())?;
    one(found, reference, "exchange", "exchanges")
}

/// "1234567.50" → "1,234,567.50": amounts as an officer reads them.
fn grouped(text: &str) -> String {
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

fn totals_row(name: &str, t: &costs::StageTotals) -> String {
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

fn totals_header(title: &str) -> String {
    format!(
        "{title:<44} {:>15} {:>15} {:>15} {:>15}",
        "Estimate", "Committed", "Actual", "Variance"
    )
}

fn short(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The most rates (used or missing) printed one by one.
const LISTED: usize = 20;

fn print_rates(rates_used: &[costs::RateUsed], missing: &[costs::MissingRate], unconverted: u64) {
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
    if !missing.is_empty() {
        println!();
        println!(
            "INCOMPLETE: {} left out of the totals for want of a rate; add:",
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
    }
}

fn print_budget(budget: &costs::Budget, scope: &str) {
    println!("Budget of {scope}, in {}", budget.reporting_currency);
    println!();
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
    println!("{}", totals_header("By category"));
    for c in &budget.by_category {
        println!("{}", totals_row(&format!("  {}", c.label), &c.totals));
    }
    println!();
    println!("{}", totals_header("By funder"));
    for f in &budget.by_funder {
        println!(
            "{}",
            totals_row(&format!("  {}", short(&f.name, 40)), &f.totals)
        );
    }
    println!();
    println!("{}", totals_header("By month"));
    for m in &budget.by_month {
        println!("{}", totals_row(&format!("  {}", m.month), &m.totals));
    }
    println!();
    println!(
        "{}",
        totals_header(&format!("By exchange ({})", budget.exchange_count))
    );
    for e in &budget.by_exchange {
        let when = e
            .start_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into());
        println!(
            "{}",
            totals_row(&format!("  {when} {}", short(&e.title, 30)), &e.totals)
        );
    }
    if (budget.by_exchange.len() as u64) < budget.exchange_count {
        println!("  (the {} largest are listed)", budget.by_exchange.len());
    }
    print_rates(
        &budget.rates_used,
        &budget.missing_rates,
        budget.unconverted_lines,
    );
}

fn print_exchange_costs(view: &costs::ExchangeCosts) {
    println!(
        "Costs of \"{}\"{}, in {}",
        view.title,
        view.start_date
            .map(|d| format!(" ({d})"))
            .unwrap_or_default(),
        view.reporting_currency
    );
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
    let unconverted = view.lines.iter().filter(|l| l.converted.is_none()).count() as u64;
    print_rates(&view.rates_used, &view.missing_rates, unconverted);
}

fn parse_language(text: &str) -> Result<AgendaLanguage, String> {
    AgendaLanguage::parse(text.trim()).ok_or_else(|| {
        format!(
            "\"{text}\" is not a language of printed agendas; use {}",
            AgendaLanguage::allowed()
        )
    })
}

fn parse_paper(text: &str) -> Result<PaperSize, String> {
    PaperSize::parse(text.trim()).ok_or_else(|| {
        format!(
            "\"{text}\" is not a paper size; use {}",
            PaperSize::allowed()
        )
    })
}

/// The agenda as text: one block per day, one line per session.
fn print_agenda(doc: &export::agenda::AgendaDoc) {
    println!("{}", doc.title);
    println!("{} · times in {}", doc.partnership_title, doc.time_zone);
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
        }
    }
}

fn print_check(path: &std::path::Path, report: &CheckReport, verbose: bool) {
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

fn plural(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

fn print_followup(board: &FollowUpDashboard) {
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
