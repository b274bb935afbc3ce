//! `peerplan import …`: the same importer as the app (peerplan-import) for IT staff and
//! scripts — a preview with every row's outcome and problems, `--dry-run` to stop there (exit
//! 1 when a row has a problem), and `--map COLUMN=FIELD` where a header is not recognised.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use peerplan_core::Store;
use peerplan_import::participants::{self, ParticipantAction, ParticipantsPlan};
use peerplan_import::partnerships::{self, PartnershipAction, PartnershipsPlan};
use peerplan_import::people::{self, PeoplePlan, RowAction};
use peerplan_import::{read_file, ColumnMap};

use crate::error::{CliError, CliResult};
use crate::print::{counted, label, lang, message, num, short, tr};

/// What every import command takes besides its file.
#[derive(Args)]
pub struct ImportOptions {
    /// Only print the preview; exit 1 when any row has a problem
    #[arg(long)]
    dry_run: bool,
    /// Say which field a column holds, by its header or letter: --map "Correo=email",
    /// --map "C=country", --map "Notes=ignore". People: name, first_name, last_name,
    /// organisation, position, country, email, phone, notes; participants also member, role,
    /// attendance; partnerships: title, kind, topic, status, start_date, end_date, officer,
    /// member (the country), level, institution
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// Import the rows without problems and leave the others out (they are listed)
    #[arg(long)]
    leave_out_errors: bool,
    /// Print the preview (or the result) as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// People into the directory: a name (or first and last name), organisation, position,
    /// country (its name or ISO code), email, phone, notes. A person already there is
    /// matched by email, else by name and organisation, and updated — never duplicated
    People {
        /// The .xlsx, .xls, .ods or .csv file (its first sheet with something on it)
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
    },
    /// The participants of one exchange: each row a person (matched in the directory or
    /// created) with the member they represent (its name, country or ISO code; else the
    /// person's own country when one member is there), role and attendance, in English,
    /// French or Spanish. Someone already taking part is updated, not added twice
    Participants {
        /// The .xlsx, .xls, .ods or .csv file
        file: PathBuf,
        /// The exchange: its id or words of its title
        #[arg(long, value_name = "ID|TITLE")]
        exchange: String,
        #[command(flatten)]
        options: ImportOptions,
    },
    /// Partnerships with their members: one row per member (the partnership's title, kind,
    /// topic, status, start and end dates and officer repeated, or blank below its first row)
    /// or the members' countries in one cell ("Kenya; Ghana"), each with its level and
    /// institution. A partnership with the same title is updated and gains the members it
    /// lacks. Dates as text follow your locale's order (LC_ALL/LC_TIME/LANG) or are ISO
    Partnerships {
        /// The .xlsx, .xls, .ods or .csv file
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
    },
}

#[derive(Subcommand)]
pub enum ListCommand {
    /// The directory, one row per person
    People {
        /// The file to write: .xlsx or .csv (replaced if it exists)
        file: PathBuf,
    },
    /// An exchange's participants: the person, the member represented, role and attendance
    Participants {
        /// The file to write: .xlsx or .csv (replaced if it exists)
        file: PathBuf,
        /// The exchange: its id or words of its title
        #[arg(long, value_name = "ID|TITLE")]
        exchange: String,
    },
}

/// `peerplan list-out …`: a list for a partner, with the headers `import` reads back.
pub fn list_out(store: &Store, command: ListCommand) -> CliResult<ExitCode> {
    let (list, file) = match command {
        ListCommand::People { file } => {
            let people: Vec<peerplan_core::model::PersonData> =
                peerplan_core::store::records::list::<peerplan_core::model::PersonData>(
                    store.conn(),
                    "1",
                    &[],
                    "t.name COLLATE NOCASE, t.id",
                )?
                .into_iter()
                .map(|r| r.data)
                .collect();
            (peerplan_docs::lists::people_list(&people, lang()), file)
        }
        ListCommand::Participants { file, exchange } => {
            let exchange = crate::commands::resolve_exchange(store, &exchange)?;
            let detail = peerplan_core::queries::exchange_detail(store, &exchange.id)?;
            (
                peerplan_docs::lists::participants_list(&detail.participants, lang()),
                file,
            )
        }
    };
    let format = match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
    {
        Some(e) if e == "csv" => "csv",
        Some(e) if e == "xlsx" => "xlsx",
        _ => {
            eprintln!(
                "peerplan: {}",
                tr!("cli.list_out.extension", file = file.display())
            );
            return Ok(ExitCode::from(2));
        }
    };
    peerplan_docs::lists::write(&list, format, &file)?;
    eprintln!(
        "{}",
        tr!(
            "cli.list_out.wrote",
            count = num(list.rows.len() as i64),
            file = file.display()
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn run(store: &mut Store, command: ImportCommand) -> CliResult<ExitCode> {
    match command {
        ImportCommand::People { file, options } => {
            const COUNT: fn(usize) -> String = rows;
            let table = read_file(&file)?;
            let mapping = ColumnMap::for_headers(&table.headers, &options.map)?;
            let plan = people::plan(store.conn(), &table, &mapping)?;
            let print = || print_plan(&file, &table.sheet, &plan);
            if let Some(code) = preview(&options, plan.errors, &plan, &print, COUNT)? {
                return Ok(code);
            }
            let result = people::import(store, &table, &mapping, options.leave_out_errors)?;
            let summary = tr!(
                "cli.import.people_done",
                file = file.display(),
                new = num(result.created as i64),
                updated = num(result.updated as i64),
                unchanged = num(result.unchanged as i64)
            );
            report(
                &options,
                &result,
                result.left_out,
                &print,
                summary,
                &result.backup,
                COUNT,
            )
        }
        ImportCommand::Participants {
            file,
            exchange,
            options,
        } => {
            const COUNT: fn(usize) -> String = rows;
            let exchange = crate::commands::resolve_exchange(store, &exchange)?;
            let table = read_file(&file)?;
            let mapping = ColumnMap::for_headers(&table.headers, &options.map)?;
            let plan = participants::plan(store.conn(), &exchange.id, &table, &mapping)?;
            let print = || print_participants(&file, &plan);
            if let Some(code) = preview(&options, plan.errors, &plan, &print, COUNT)? {
                return Ok(code);
            }
            let result = participants::import(
                store,
                &exchange.id,
                &table,
                &mapping,
                options.leave_out_errors,
            )?;
            let summary = tr!(
                "cli.import.participants_done",
                title = plan.exchange_title,
                added = num(result.participants_added as i64),
                created = num(result.people_created as i64),
                updated = num(result.participants_updated as i64),
                unchanged = num(result.unchanged as i64)
            );
            report(
                &options,
                &result,
                result.left_out,
                &print,
                summary,
                &result.backup,
                COUNT,
            )
        }
        ImportCommand::Partnerships { file, options } => {
            const COUNT: fn(usize) -> String = partnerships_count;
            let order = crate::args::date_order();
            let table = read_file(&file)?;
            let mapping = ColumnMap::for_partnerships(&table.headers, &options.map)?;
            let plan = partnerships::plan(store.conn(), &table, &mapping, order)?;
            let print = || print_partnerships(&file, &plan);
            if let Some(code) = preview(&options, plan.errors, &plan, &print, COUNT)? {
                return Ok(code);
            }
            let result =
                partnerships::import(store, &table, &mapping, order, options.leave_out_errors)?;
            let summary = tr!(
                "cli.import.partnerships_done",
                file = file.display(),
                new = num(result.created as i64),
                updated = num(result.updated as i64),
                members = num(result.members_added as i64),
                unchanged = num(result.unchanged as i64)
            );
            report(
                &options,
                &result,
                result.left_out,
                &print,
                summary,
                &result.backup,
                COUNT,
            )
        }
    }
}

/// The preview, and whether to stop there: with `--dry-run` (exit 1 when something has a
/// problem), or when something has a problem and is not to be left out (refused, nothing
/// written). `None`: go on and import.
fn preview(
    options: &ImportOptions,
    errors: usize,
    plan: &impl serde::Serialize,
    print: &dyn Fn(),
    count: fn(usize) -> String,
) -> CliResult<Option<ExitCode>> {
    if !options.dry_run && (errors == 0 || options.leave_out_errors) {
        return Ok(None);
    }
    if options.json {
        println!("{}", serde_json::to_string_pretty(plan)?);
    } else {
        print();
    }
    match (errors, options.dry_run) {
        (0, _) => Ok(Some(ExitCode::SUCCESS)),
        (_, true) => Ok(Some(ExitCode::from(1))),
        (n, false) => Err(CliError(message(
            "cli.import.refused",
            &[("count", num(n as i64)), ("what", count(n))],
        ))),
    }
}

/// After an import: the preview again when something was left out, the summary, and the
/// backup that undoes it ("" when nothing had to be written).
fn report(
    options: &ImportOptions,
    result: &impl serde::Serialize,
    left_out: usize,
    print: &dyn Fn(),
    summary: String,
    backup: &str,
    count: fn(usize) -> String,
) -> CliResult<ExitCode> {
    if options.json {
        println!("{}", serde_json::to_string_pretty(result)?);
        return Ok(ExitCode::SUCCESS);
    }
    if left_out > 0 {
        print();
        println!();
    }
    let left_out = if left_out > 0 {
        tr!("cli.import.left_out", what = count(left_out))
    } else {
        String::new()
    };
    println!("{summary}{left_out}.");
    if backup.is_empty() {
        println!("{}", tr!("cli.import.nothing_written"));
    } else {
        let name = std::path::Path::new(backup)
            .file_name()
            .map_or_else(|| backup.to_string(), |n| n.to_string_lossy().into_owned());
        println!("{}", tr!("cli.import.backup", name = name));
    }
    Ok(ExitCode::SUCCESS)
}

fn print_partnerships(file: &std::path::Path, plan: &PartnershipsPlan) {
    println!(
        "{}",
        tr!(
            "cli.import.partnerships_file",
            file = file.display(),
            count = num(plan.partnerships.len() as i64)
        )
    );
    println!();
    for p in &plan.partnerships {
        let what = match &p.action {
            PartnershipAction::New => tr!("cli.import.new"),
            PartnershipAction::Update { changes, .. } => tr!(
                "cli.import.update",
                fields = changes
                    .iter()
                    .map(|c| c.field)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            PartnershipAction::Unchanged { .. } => tr!("cli.import.as_listed"),
            PartnershipAction::Error => tr!("cli.import.problem"),
        };
        let rows: Vec<String> = p.rows.iter().map(|r| r.to_string()).collect();
        println!(
            "{} {:<10} {:<28} {} · {} · {}",
            tr!("cli.import.rows_word"),
            short(&rows.join(","), 10),
            short(&what, 28),
            short(&p.data.title, 50),
            label(p.data.kind),
            label(p.data.status)
        );
        for m in &p.members {
            println!(
                "{:>16}{} {}",
                "",
                if m.exists {
                    tr!("cli.import.member")
                } else {
                    tr!("cli.import.adds_member")
                },
                crate::print::member(&m.label)
            );
        }
        for problem in &p.problems {
            println!(
                "{:>16}{}",
                "",
                tr!(
                    "cli.import.row_problem",
                    row = problem.row,
                    column = problem.column,
                    message = problem.message
                )
            );
        }
    }
    println!();
    println!(
        "{}",
        tr!(
            "cli.import.partnerships_plan",
            new = num(plan.new as i64),
            updated = num(plan.updated as i64),
            unchanged = num(plan.unchanged as i64),
            members = num(plan.members_added as i64),
            errors = num(plan.errors as i64)
        )
    );
}

fn print_participants(file: &std::path::Path, plan: &ParticipantsPlan) {
    println!(
        "{}",
        tr!(
            "cli.import.participants_file",
            file = file.display(),
            title = plan.exchange_title,
            rows = rows(plan.rows.len())
        )
    );
    println!();
    println!(
        "{:>5}  {:<24} {:<28} {:<34} {}",
        tr!("cli.import.col.row"),
        tr!("cli.import.col.what"),
        tr!("cli.import.col.name"),
        tr!("cli.import.col.member"),
        tr!("cli.import.col.role_attendance")
    );
    for row in &plan.rows {
        let what = match &row.participant {
            ParticipantAction::New => match row.person_row.action {
                RowAction::New => tr!("cli.import.add_new_person"),
                _ => tr!("cli.import.add"),
            },
            ParticipantAction::Update { changes, .. } => tr!(
                "cli.import.update",
                fields = changes
                    .iter()
                    .map(|c| c.field)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ParticipantAction::Unchanged { .. } => tr!("cli.import.as_listed"),
            ParticipantAction::Error => tr!("cli.import.problem"),
        };
        println!(
            "{:>5}  {:<24} {:<28} {:<34} {}, {}",
            row.person_row.row,
            short(&what, 24),
            short(&row.person_row.person.name, 28),
            short(&crate::print::member(&row.member_label), 34),
            label(row.role),
            label(row.attendance)
        );
        for p in &row.person_row.problems {
            println!("{:>5}    {}: {}", "", p.column, p.message);
        }
    }
    println!();
    println!(
        "{}",
        tr!(
            "cli.import.participants_plan",
            new = num(plan.new as i64),
            updated = num(plan.updated as i64),
            unchanged = num(plan.unchanged as i64),
            errors = rows(plan.errors)
        )
    );
}

fn partnerships_count(n: usize) -> String {
    counted("cli.count.partnerships", n as i64)
}

fn rows(n: usize) -> String {
    counted("cli.count.rows", n as i64)
}

/// The preview: the columns understood, then one line per row with what it does, and each
/// problem under it with its column.
fn print_plan(file: &std::path::Path, sheet: &str, plan: &PeoplePlan) {
    let sheet = if sheet.is_empty() {
        String::new()
    } else {
        tr!("cli.import.sheet", sheet = sheet)
    };
    println!("{}{sheet}: {}", file.display(), rows(plan.rows.len()));
    let columns: Vec<String> = plan
        .headers
        .iter()
        .zip(&plan.mapping.columns)
        .map(|(h, f)| match f {
            // The field's name is the one `--map` takes: not translated.
            Some(f) => format!("{h} → {}", f.as_str().replace('_', " ")),
            None => format!("{h} → {}", tr!("cli.import.not_imported")),
        })
        .collect();
    println!(
        "{}",
        tr!("cli.import.columns", columns = columns.join(", "))
    );
    println!();
    println!(
        "{:>5}  {:<36} {}",
        tr!("cli.import.col.row"),
        tr!("cli.import.col.what"),
        tr!("cli.import.col.name")
    );
    for row in &plan.rows {
        let what = match &row.action {
            RowAction::New => tr!("cli.import.new_person"),
            RowAction::Update { by, changes, .. } => tr!(
                "cli.import.update_matched",
                fields = changes
                    .iter()
                    .map(|c| c.field)
                    .collect::<Vec<_>>()
                    .join(", "),
                by = by
            ),
            RowAction::Unchanged { by, .. } => tr!("cli.import.already_there", by = by),
            RowAction::Error => tr!("cli.import.problem"),
        };
        println!(
            "{:>5}  {:<36} {}",
            row.row,
            short(&what, 36),
            short(&row.person.name, 40)
        );
        for p in &row.problems {
            println!("{:>5}    {}: {}", "", p.column, p.message);
        }
        for n in &row.notes {
            println!("{:>5}    {}", "", tr!("cli.import.note", note = n));
        }
    }
    println!();
    println!(
        "{}",
        tr!(
            "cli.import.people_plan",
            new = num(plan.new as i64),
            updated = num(plan.updated as i64),
            unchanged = num(plan.unchanged as i64),
            errors = rows(plan.errors)
        )
    );
}
