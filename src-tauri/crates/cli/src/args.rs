//! The command line: every command, flag and argument, with its help text, and the parsers
//! that turn a flag's text into a value or a message saying what is allowed.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use peerplan_core::model::{AgendaLanguage, CostCategory, CostStage, PaperSize};
use peerplan_i18n::Lang;

use crate::print::tr;
use crate::sync_cmd;

#[derive(Parser)]
#[command(
    name = "peerplan",
    version = crate::version_text(),
    about = "PeerPlan: plan peer-learning exchanges, offline",
    long_about = "PeerPlan keeps partnerships, members, people, exchanges and participants in one SQLite \
                  database. This tool works on the same database as the desktop app.\n\n\
                  Exit status: 0 on success, 1 when the command failed or `check` found errors, \
                  2 for a usage error."
)]
pub struct Cli {
    /// The database file [default: the desktop app's database in your app-data folder;
    /// PEERPLAN_DATA_DIR overrides the folder]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The language of messages and documents: en, fr or es [default: from LC_ALL,
    /// LC_MESSAGES or LANG; an agenda's own language for an agenda]
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_language)]
    pub lang: Option<AgendaLanguage>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
        /// Compute the signals as of this day (2027-01-15, 15 Jan 2027, or in your locale's order) instead of today
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
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
        /// Describe the partnership as of this day (2027-01-15, 15 Jan 2027, or in your locale's order) instead of today
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
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
        /// Lines dated on or after this day (2027-01-15, 15 Jan 2027, or in your locale's order); undated lines use their exchange's start
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        from: Option<chrono::NaiveDate>,
        /// Lines dated on or before this day (2027-01-15, 15 Jan 2027, or in your locale's order)
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
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
    /// file (several at once if asked), with the labels in the agenda's language (or in
    /// --lang's: en, fr or es)
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
    /// Bring a list in from Excel, LibreOffice or a CSV file: every row is previewed (new,
    /// matched, updated, or its problems by row and column) and nothing is written while any
    /// row has a problem, unless it is left out; a backup is made first
    Import {
        #[command(subcommand)]
        command: crate::import_cmd::ImportCommand,
    },
    /// Write a list for a partner (the directory, or an exchange's participants) as .xlsx or
    /// .csv, with the headers `import` reads, so it can come back edited and be matched
    ListOut {
        #[command(subcommand)]
        command: crate::import_cmd::ListCommand,
    },
    /// Read a spreadsheet (.xlsx, .xls, .ods, .csv) as the importer sees it and print the table
    /// as JSON: what the desktop app asks the CLI for when an officer imports a file (the
    /// app's own binary does not carry the spreadsheet readers).
    #[command(hide = true)]
    ReadTable {
        /// The file to read
        file: PathBuf,
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
pub enum RateCommand {
    /// Add a dated rate: one FROM is worth RATE TO from DATE on (used both ways round)
    Add {
        /// ISO 4217 code of the currency converted from (e.g. EUR)
        from: String,
        /// ISO 4217 code of the currency converted to (e.g. USD)
        to: String,
        /// The rate as a decimal number (e.g. 1.0842): TO per one FROM
        rate: String,
        /// The first day the rate applies (2027-01-15, 15 Jan 2027, or in your locale's order)
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
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

pub fn parse_category(text: &str) -> Result<CostCategory, String> {
    CostCategory::parse(text.trim()).ok_or_else(|| {
        tr!(
            "cli.args.not_a_category",
            allowed = or_list(&codes(CostCategory::ALL.iter().map(|c| c.as_str())))
        )
    })
}

pub fn parse_stage(text: &str) -> Result<CostStage, String> {
    CostStage::parse(text.trim()).ok_or_else(|| {
        tr!(
            "cli.args.not_a_stage",
            allowed = or_list(&codes(CostStage::ALL.iter().map(|c| c.as_str())))
        )
    })
}

fn codes<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    values.collect()
}

/// "a, b or c" in the CLI's language (the values themselves are the codes to type).
fn or_list(values: &[&str]) -> String {
    match values {
        [] => String::new(),
        [one] => one.to_string(),
        [head @ .., last] => tr!("cli.args.or", list = head.join(", "), last = last),
    }
}

/// The language `--lang` asks for in the command line `args`, read before the rest is parsed
/// so that even a usage error is worded in it.
pub fn language_in(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<Lang> {
    let mut args = args.into_iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next(),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(value) = value {
            return AgendaLanguage::parse(value.trim()).map(peerplan_docs::words::lang_of);
        }
    }
    None
}

/// A date as an officer types it (`peerplan_core::typed::read_date`): ISO, `15 Jan 2027`, or
/// numbers in the order of the terminal's locale (`LC_ALL`, `LC_TIME`, `LANG`).
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    peerplan_core::typed::read_date(text, date_order())
}

/// The order of dates written as text: the locale's (LC_ALL, LC_TIME, LANG).
pub fn date_order() -> peerplan_core::typed::DateOrder {
    let locale = ["LC_ALL", "LC_TIME", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    peerplan_core::typed::DateOrder::of_locale(&locale)
}

pub fn parse_country(text: &str) -> Result<String, String> {
    let code = text.trim().to_uppercase();
    match peerplan_core::countries::find(&code) {
        Some(_) => Ok(code),
        None => Err(tr!("cli.args.not_a_country")),
    }
}

/// en, fr or es: the languages of PeerPlan's messages and documents (and of printed agendas).
pub fn parse_language(text: &str) -> Result<AgendaLanguage, String> {
    AgendaLanguage::parse(text.trim()).ok_or_else(|| {
        tr!(
            "cli.args.not_a_language",
            text = text,
            allowed = or_list(&codes(AgendaLanguage::ALL.iter().map(|l| l.as_str())))
        )
    })
}

pub fn parse_paper(text: &str) -> Result<PaperSize, String> {
    PaperSize::parse(text.trim()).ok_or_else(|| {
        tr!(
            "cli.args.not_a_paper",
            text = text,
            allowed = or_list(&codes(PaperSize::ALL.iter().map(|p| p.as_str())))
        )
    })
}
