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
        .ok_or_else(|| "use keep, use-other, keep-both, restore or take".to_string())
}

fn parse_correction(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((field, value)) if !field.trim().is_empty() => {
            Ok((field.trim().to_string(), value.to_string()))
        }
        _ => Err(format!(
            "'{text}' is not FIELD=VALUE (e.g. end_date=2027-03-12)"
        )),
    }
}

fn err(e: peerplan_core::Error) -> String {
    e.to_string()
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
        "Exported {} ({} KB) as {} at {}",
        done.path,
        done.bytes.div_ceil(1024),
        done.installation_name,
        done.exported_at
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

fn kind_word(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::New => "new",
        ChangeKind::Changed => "changed",
        ChangeKind::Deleted => "deleted",
        ChangeKind::Conflict => "conflict",
        ChangeKind::SetAside => "set aside",
    }
}

/// Records listed per partnership in the text report.
const PER_GROUP: usize = 40;

fn print_report(report: &MergeReport, dry_run: bool) {
    let f = &report.file;
    let when = f.exported_at.as_deref().unwrap_or("an unknown time");
    if dry_run {
        println!(
            "Preview of {} from {} (exported {when}); nothing was changed",
            f.file_name, f.installation_name
        );
    } else if report.applied {
        println!(
            "Merged {} from {} (exported {when})",
            f.file_name, f.installation_name
        );
    } else {
        println!(
            "Nothing new in {} from {} (exported {when})",
            f.file_name, f.installation_name
        );
    }
    println!(
        "  {} new, {} changed, {} deleted, {} conflicts{}",
        report.new,
        report.changed,
        report.deleted,
        report.conflicts,
        if report.left_out > 0 {
            format!(", {} left out", report.left_out)
        } else {
            String::new()
        }
    );
    if report.set_aside > 0 && report.new_set_aside == 0 {
        println!(
            "  {} record(s) of {}'s file still break PeerPlan's rules and stay set aside, as at an earlier merge (your Conflicts list them until answered)",
            report.set_aside, f.installation_name
        );
    } else if report.set_aside > 0 {
        println!(
            "  {} record(s) set aside: they break PeerPlan's rules in {}'s file and were not merged{} (`peerplan conflicts` shows them; fix and take them, or ask {} to)",
            report.set_aside,
            f.installation_name,
            if report.under_set_aside > 0 {
                format!(", with {} new record(s) under them", report.under_set_aside)
            } else {
                String::new()
            },
            f.installation_name
        );
    }
    if let Some(b) = &report.backup {
        println!("  Backup of the data before the merge: {b}");
    }
    // What was set aside comes first and whole: the officer has something to do about it.
    let set_aside: Vec<&sync::ChangedRecord> = report
        .records
        .iter()
        .filter(|r| r.change == ChangeKind::SetAside)
        .collect();
    if !set_aside.is_empty() {
        println!("\nSet aside (not merged; they break PeerPlan's rules)");
        for r in set_aside {
            println!(
                "  {} '{}'{}  [{}]",
                r.noun,
                r.label,
                r.partnership_title
                    .as_deref()
                    .map(|t| format!(" in {t}"))
                    .unwrap_or_default(),
                r.id
            );
            for problem in &r.problems {
                println!("      {problem}");
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
            None => (true, "Directory, rates and settings".to_string()),
        };
        groups.entry(key).or_default().push(r);
    }
    for ((_, title), records) in groups {
        println!("\n{title}");
        if records.len() > PER_GROUP {
            println!(
                "  ({} records; the first {PER_GROUP}, `--json` lists all)",
                records.len()
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
                r.noun,
                r.label,
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
                println!("              {problem}");
            }
        }
    }
    if report.unlisted > 0 {
        println!("\n… and {} more records not listed", report.unlisted);
    }
    if report.conflicts > 0 && !dry_run {
        println!(
            "\n{} conflict(s) to review: `peerplan conflicts`, or the Conflicts view in the app",
            report.conflicts
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
        println!("Synced with {}", summary.folder);
        if let Some(note) = &summary.note {
            println!("  {note}");
        }
        for f in &summary.files {
            println!("  {:<9} {}: {}", f.status, f.file, f.message);
        }
        println!(
            "  wrote {} ({} KB)",
            summary.exported.path,
            summary.exported.bytes.div_ceil(1024)
        );
        if !summary.peers.is_empty() {
            println!("Colleagues last merged:");
            for p in &summary.peers {
                println!(
                    "  {:<28} {}  (their file exported {})",
                    p.name,
                    p.merged_at,
                    p.exported_at.as_deref().unwrap_or("?")
                );
            }
        }
        let open = conflicts::open_count(store).map_err(err)?;
        if open > 0 {
            println!("{open} conflict(s) to review: `peerplan conflicts`");
        }
    }
    Ok(if summary.files.iter().any(|f| f.status == "refused") {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(empty)".to_string(),
        serde_json::Value::String(s) if s.is_empty() => "(empty)".to_string(),
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
        println!("No conflicts to review.");
    }
    for c in &open {
        let place = c.partnership_title.as_deref().unwrap_or("—");
        println!("{}  {} '{}' in {place}", c.id, c.noun, c.label);
        if c.kind == "set_aside" {
            println!("    {} ({})", c.kept_source, c.other_source);
            println!("    their values: {}", values_text(&c.other_values));
            println!("    answer: take --set FIELD=VALUE … (corrected), or keep (leave it out)");
        } else if c.kind == "duplicate" {
            println!(
                "    added on two laptops; this copy was set aside: {}",
                values_text(&c.other_values)
            );
            println!("    answer: keep");
        } else if c.kind == "deleted" {
            println!(
                "    deleted ({}), changed by {}: {}",
                c.kept_source,
                c.other_source,
                values_text(&c.other_values)
            );
            println!("    answer: keep (stays deleted) or restore");
        } else {
            println!(
                "    kept  ({}): {}",
                c.kept_source,
                values_text(&c.kept_values)
            );
            println!(
                "    other ({}): {}",
                c.other_source,
                values_text(&c.other_values)
            );
            println!(
                "    answer: keep or use-other{}",
                if c.kind == "notes" {
                    " or keep-both"
                } else {
                    ""
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
            .map(|i| format!("{}: {}", i.field, i.message))
            .collect::<Vec<_>>()
            .join("; "),
        None => e.to_string(),
    })?;
    println!("Conflict {id} answered.");
    Ok(ExitCode::SUCCESS)
}

pub fn restore(store: &mut Store, name: Option<String>) -> Result<ExitCode, String> {
    let Some(name) = name else {
        let list = backup::list(store).map_err(err)?;
        if list.is_empty() {
            println!(
                "No backups yet in {}. One is made before every merge that changes something.",
                backup::folder(store).display()
            );
        } else {
            println!(
                "Backups in {} (newest first):",
                backup::folder(store).display()
            );
            for b in list {
                println!(
                    "  {}  {}  {} KB  {}",
                    b.name,
                    b.made_at,
                    b.bytes.div_ceil(1024),
                    b.reason
                );
            }
            println!(
                "Restore one with `peerplan restore NAME` (your current data is backed up first)."
            );
        }
        return Ok(ExitCode::SUCCESS);
    };
    let restored = backup::restore(store, &name).map_err(err)?;
    println!(
        "Restored {} (made {}, {}). The data before the restore is in the newest backup.",
        restored.name, restored.made_at, restored.reason
    );
    Ok(ExitCode::SUCCESS)
}
