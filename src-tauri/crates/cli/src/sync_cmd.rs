//! `peerplan export | merge | sync | conflicts | restore`: sync by file share from the command
//! line, for scripts and scheduled tasks. Everything here calls `peerplan_core::sync`.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use peerplan_core::sync::conflicts::{self, ConflictView, Resolution};
use peerplan_core::sync::{self, backup, folder, ChangeKind, MergeOptions, MergeReport, Progress};
use peerplan_core::Store;

use crate::print::{message, noun, num, tr};

#[derive(Subcommand)]
pub enum ConflictCommand {
    /// Answer one conflict: keep (what the merge kept), use-other (switch to the other
    /// value), keep-both (two texts: add the other after the kept one), restore (a deleted
    /// record, with what was deleted with it) or take (a record set aside because it broke a
    /// rule: take it, corrected with --set FIELD=VALUE)
    Resolve {
        /// The conflict's id, from `peerplan conflicts`
        id: String,
        /// keep, use-other, keep-both, restore or take
        #[arg(value_parser = parse_resolution)]
        answer: Resolution,
        /// With take: a corrected value, e.g. --set end_date=2027-03-12 (repeat for more)
        #[arg(long = "set", value_name = "FIELD=VALUE", value_parser = parse_correction)]
        corrections: Vec<(String, String)>,
    },
}

fn parse_resolution(text: &str) -> Result<Resolution, String> {
    Resolution::parse(&text.trim().replace('-', "_"))
        .ok_or_else(|| tr!("cli.sync.resolution_values"))
}

fn parse_correction(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((field, value)) if !field.trim().is_empty() => {
            Ok((field.trim().to_string(), value.to_string()))
        }
        _ => Err(tr!("cli.sync.not_field_value", text = text)),
    }
}

fn err(e: peerplan_core::Error) -> String {
    crate::error::core_error_text(&e, crate::print::lang())
}

fn json<T: serde::Serialize>(value: &T) -> Result<(), String> {
    println!(
        "{}",
        serde_json::to_string_pretty(value).map_err(|e| e.to_string())?
    );
    Ok(())
}

/// A one-line progress bar on stderr when it is a terminal (scripts get none).
fn progress_printer(label: String) -> impl FnMut(&Progress) {
    let show = std::io::stderr().is_terminal();
    move |p: &Progress| {
        if !show {
            return;
        }
        let pct = if p.total > 0 {
            format!(" {:>3}%", p.done * 100 / p.total.max(1))
        } else {
            String::new()
        };
        eprint!("\r{label}: {:<10}{pct}   ", p.stage.replace('_', " "));
        if p.stage == "saving" {
            eprintln!();
        }
    }
}

pub fn export(store: &mut Store, file: &Path) -> Result<ExitCode, String> {
    let done = sync::export(store, file).map_err(err)?;
    println!(
        "{}",
        tr!(
            "cli.sync.exported",
            path = done.path,
            kb = num(done.bytes.div_ceil(1024) as i64),
            name = done.installation_name,
            when = crate::print::moment(&done.exported_at)
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn merge(
    store: &mut Store,
    file: &Path,
    dry_run: bool,
    leave_out: Vec<String>,
    as_json: bool,
) -> Result<ExitCode, String> {
    let label = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let report = sync::merge_file(
        store,
        file,
        MergeOptions {
            dry_run,
            leave_out: leave_out.into_iter().collect(),
            progress: Box::new(progress_printer(label)),
            cancel: None,
        },
    )
    .map_err(err)?;
    if as_json {
        json(&report)?;
    } else {
        print_report(&report, dry_run);
    }
    Ok(ExitCode::SUCCESS)
}

fn kind_word(kind: ChangeKind) -> String {
    tr!(match kind {
        ChangeKind::New => "cli.sync.kind.new",
        ChangeKind::Changed => "cli.sync.kind.changed",
        ChangeKind::Deleted => "cli.sync.kind.deleted",
        ChangeKind::Conflict => "cli.sync.kind.conflict",
        ChangeKind::SetAside => "cli.sync.kind.set_aside",
    })
}

/// Records listed per partnership in the text report.
const PER_GROUP: usize = 40;

fn print_report(report: &MergeReport, dry_run: bool) {
    let f = &report.file;
    let when = f
        .exported_at
        .as_deref()
        .map(crate::print::moment)
        .unwrap_or_else(|| tr!("cli.sync.unknown_time"));
    let key = if dry_run {
        "cli.sync.preview_of"
    } else if report.applied {
        "cli.sync.merged"
    } else {
        "cli.sync.nothing_new"
    };
    println!(
        "{}",
        tr!(
            key,
            file = f.file_name,
            name = f.installation_name,
            when = when
        )
    );
    println!(
        "  {}",
        tr!(
            "cli.sync.counts",
            new = num(report.new as i64),
            changed = num(report.changed as i64),
            deleted = num(report.deleted as i64),
            conflicts = num(report.conflicts as i64),
            left_out = if report.left_out > 0 {
                tr!("cli.sync.left_out", count = num(report.left_out as i64))
            } else {
                String::new()
            }
        )
    );
    if report.set_aside > 0 && report.new_set_aside == 0 {
        println!(
            "  {}",
            tr!(
                "cli.sync.still_set_aside",
                count = num(report.set_aside as i64),
                name = f.installation_name
            )
        );
    } else if report.set_aside > 0 {
        println!(
            "  {}",
            tr!(
                "cli.sync.set_aside",
                count = num(report.set_aside as i64),
                name = f.installation_name,
                under = if report.under_set_aside > 0 {
                    tr!(
                        "cli.sync.under_set_aside",
                        count = num(report.under_set_aside as i64)
                    )
                } else {
                    String::new()
                }
            )
        );
    }
    if let Some(b) = &report.backup {
        println!("  {}", tr!("cli.sync.backup", path = b));
    }
    // What was set aside comes first and whole: the officer has something to do about it.
    let set_aside: Vec<&sync::ChangedRecord> = report
        .records
        .iter()
        .filter(|r| r.change == ChangeKind::SetAside)
        .collect();
    if !set_aside.is_empty() {
        println!("\n{}", tr!("cli.sync.set_aside_heading"));
        for r in set_aside {
            println!(
                "  {} '{}'{}  [{}]",
                noun(r.noun),
                crate::print::record_label(&r.label),
                r.partnership_title
                    .as_deref()
                    .map(|t| tr!("cli.sync.in_partnership", title = t))
                    .unwrap_or_default(),
                r.id
            );
            for problem in &r.problems {
                println!(
                    "      {}",
                    crate::error::problem_text(problem, crate::print::lang())
                );
            }
        }
    }
    let mut groups: BTreeMap<(bool, String), Vec<&sync::ChangedRecord>> = BTreeMap::new();
    for r in report
        .records
        .iter()
        .filter(|r| r.change != ChangeKind::SetAside)
    {
        let key = match &r.partnership_title {
            Some(t) => (false, t.clone()),
            None => (true, tr!("cli.sync.directory_group")),
        };
        groups.entry(key).or_default().push(r);
    }
    for ((_, title), records) in groups {
        println!("\n{title}");
        if records.len() > PER_GROUP {
            println!(
                "  {}",
                tr!(
                    "cli.sync.first_records",
                    count = num(records.len() as i64),
                    first = num(PER_GROUP as i64)
                )
            );
        }
        for r in records.into_iter().take(PER_GROUP) {
            let fields = if r.fields.is_empty()
                || r.change == ChangeKind::New
                || !r.changes.is_empty()
                || r.change == ChangeKind::SetAside
            {
                String::new()
            } else {
                format!(" ({})", r.fields.join(", "))
            };
            println!(
                "  {:<9} {:<18}  {}{fields}  [{}]",
                kind_word(r.change),
                noun(r.noun),
                crate::print::record_label(&r.label),
                r.id
            );
            // What changes, old → new (equal values are not listed).
            for c in &r.changes {
                println!(
                    "              {}: {} → {}",
                    c.field,
                    value_text(&c.before),
                    value_text(&c.after)
                );
            }
            for problem in &r.problems {
                println!(
                    "              {}",
                    crate::error::problem_text(problem, crate::print::lang())
                );
            }
        }
    }
    if report.unlisted > 0 {
        println!(
            "\n{}",
            tr!("cli.sync.unlisted", count = num(report.unlisted as i64))
        );
    }
    if report.conflicts > 0 && !dry_run {
        println!(
            "\n{}",
            tr!(
                "cli.sync.conflicts_to_review_app",
                count = num(report.conflicts as i64)
            )
        );
    }
}

pub fn sync_folder(
    store: &mut Store,
    dir: Option<PathBuf>,
    remember: bool,
    as_json: bool,
) -> Result<ExitCode, String> {
    let dir = match dir {
        Some(d) => d,
        None => folder::sync_folder_setting(store)
            .map_err(err)?
            .map(PathBuf::from)
            .ok_or_else(|| err(sync::SyncError::NoFolder.into()))?,
    };
    if remember {
        folder::set_sync_folder(store, Some(&dir.to_string_lossy())).map_err(err)?;
    }
    let show = std::io::stderr().is_terminal();
    let summary = folder::sync(
        store,
        &dir,
        &mut |file: &str, p: &Progress| {
            if show {
                eprint!("\r{file}: {:<10}   ", p.stage.replace('_', " "));
            }
        },
        None,
    )
    .map_err(err)?;
    if show {
        eprintln!();
    }
    if as_json {
        json(&summary)?;
    } else {
        println!("{}", tr!("cli.sync.synced_with", folder = summary.folder));
        if let Some(note) = &summary.note {
            let note = peerplan_i18n::text_message(
                crate::print::lang(),
                "sync_outcome.no_files",
                &[("folder", summary.folder.clone())],
                note,
            );
            println!("  {note}");
        }
        for f in &summary.files {
            let message = f.worded(|key, params, english| {
                peerplan_i18n::text_message(crate::print::lang(), key, params, english)
            });
            println!("  {:<9} {}: {}", status_word(f.status), f.file, message);
        }
        println!(
            "  {}",
            tr!(
                "cli.sync.wrote",
                path = summary.exported.path,
                kb = num(summary.exported.bytes.div_ceil(1024) as i64)
            )
        );
        if !summary.peers.is_empty() {
            println!("{}", tr!("cli.sync.peers"));
            for p in &summary.peers {
                println!(
                    "  {:<28} {}  {}",
                    p.name,
                    crate::print::moment(&p.merged_at),
                    tr!(
                        "cli.sync.their_file",
                        when = p
                            .exported_at
                            .as_deref()
                            .map(crate::print::moment)
                            .unwrap_or_else(|| "?".to_string())
                    )
                );
            }
        }
        let open = conflicts::open_count(store).map_err(err)?;
        if open > 0 {
            println!(
                "{}",
                tr!("cli.sync.conflicts_to_review", count = num(open as i64))
            );
        }
    }
    Ok(if summary.files.iter().any(|f| f.status == "refused") {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A shared-folder file's outcome ("merged", "refused"…) in the CLI's language.
fn status_word(status: &str) -> String {
    // i18n-dynamic: cli.sync.status.
    let key = format!("cli.sync.status.{status}");
    if peerplan_i18n::has(crate::print::lang(), &key) {
        message(&key, &[])
    } else {
        status.to_string()
    }
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => tr!("cli.sync.empty"),
        serde_json::Value::String(s) if s.is_empty() => tr!("cli.sync.empty"),
        serde_json::Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

fn values_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}: {s}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

pub fn list_conflicts(store: &Store, as_json: bool) -> Result<ExitCode, String> {
    let open: Vec<ConflictView> = conflicts::open(store).map_err(err)?;
    if as_json {
        json(&open)?;
        return Ok(ExitCode::SUCCESS);
    }
    if open.is_empty() {
        println!("{}", tr!("cli.sync.no_conflicts"));
    }
    for c in &open {
        let place = c.partnership_title.as_deref().unwrap_or("—");
        println!(
            "{}  {}",
            c.id,
            tr!(
                "cli.sync.conflict_in",
                noun = noun(c.noun),
                label = crate::print::record_label(&c.label),
                place = place
            )
        );
        let values = |v: &serde_json::Value| values_text(v);
        if c.kind == "set_aside" {
            println!(
                "    {} ({})",
                crate::print::source(&c.kept_source),
                crate::print::source(&c.other_source)
            );
            println!(
                "    {}",
                tr!("cli.sync.their_values", values = values(&c.other_values))
            );
            println!("    {}", tr!("cli.sync.answer_take"));
        } else if c.kind == "duplicate" {
            println!(
                "    {}",
                tr!("cli.sync.duplicate", values = values(&c.other_values))
            );
            println!("    {}", tr!("cli.sync.answer_keep"));
        } else if c.kind == "deleted" {
            println!(
                "    {}",
                tr!(
                    "cli.sync.deleted",
                    kept = crate::print::source(&c.kept_source),
                    other = crate::print::source(&c.other_source),
                    values = values(&c.other_values)
                )
            );
            println!("    {}", tr!("cli.sync.answer_restore"));
        } else {
            println!(
                "    {}",
                tr!(
                    "cli.sync.kept",
                    source = crate::print::source(&c.kept_source),
                    values = values(&c.kept_values)
                )
            );
            println!(
                "    {}",
                tr!(
                    "cli.sync.other",
                    source = crate::print::source(&c.other_source),
                    values = values(&c.other_values)
                )
            );
            println!(
                "    {}",
                if c.kind == "notes" {
                    tr!("cli.sync.answer_keep_both")
                } else {
                    tr!("cli.sync.answer_use_other")
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn resolve(
    store: &mut Store,
    id: &str,
    answer: Resolution,
    corrections: Vec<(String, String)>,
) -> Result<ExitCode, String> {
    let corrections: serde_json::Map<String, serde_json::Value> = corrections
        .into_iter()
        .map(|(field, value)| (field, serde_json::Value::String(value)))
        .collect();
    conflicts::resolve_with(store, id, answer, &corrections).map_err(|e| match e.report() {
        Some(r) => r
            .issues
            .iter()
            .map(|i| {
                format!(
                    "{}: {}",
                    i.field,
                    crate::error::issue_text(i, crate::print::lang())
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        None => crate::error::core_error_text(&e, crate::print::lang()),
    })?;
    println!("{}", tr!("cli.sync.answered", id = id));
    Ok(ExitCode::SUCCESS)
}

pub fn restore(store: &mut Store, name: Option<String>) -> Result<ExitCode, String> {
    let Some(name) = name else {
        let list = backup::list(store).map_err(err)?;
        if list.is_empty() {
            println!(
                "{}",
                tr!(
                    "cli.sync.no_backups",
                    folder = backup::folder(store).display()
                )
            );
        } else {
            println!(
                "{}",
                tr!(
                    "cli.sync.backups_in",
                    folder = backup::folder(store).display()
                )
            );
            for b in list {
                println!(
                    "  {}  {}  {}  {}",
                    b.name,
                    crate::print::moment(&b.made_at),
                    tr!("sync.size_kb", size = num(b.bytes.div_ceil(1024) as i64)),
                    crate::print::backup_reason(&b.reason)
                );
            }
            println!("{}", tr!("cli.sync.restore_hint"));
        }
        return Ok(ExitCode::SUCCESS);
    };
    let restored = backup::restore(store, &name).map_err(err)?;
    println!(
        "{}",
        tr!(
            "cli.sync.restored",
            name = restored.name,
            made = crate::print::moment(&restored.made_at),
            reason = crate::print::backup_reason(&restored.reason)
        )
    );
    Ok(ExitCode::SUCCESS)
}
