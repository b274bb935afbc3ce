//! Invariants of the crate graph (docs/ARCHITECTURE.md): the core builds and tests without any
//! desktop library or document writer, so the CLI and headless tools can use it anywhere and
//! a change to a rule rebuilds no PDF code; the document writers need no desktop either; and
//! nothing depends on the app.

use std::process::Command;

/// The crates `package` depends on (normal dependencies, the whole tree).
fn tree(package: &str) -> Vec<String> {
    let workspace = peerplan_tests::manifest_dir().join("..");
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            package,
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(workspace)
        .output()
        .expect("run cargo tree");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let crates: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect();
    assert!(
        crates.iter().any(|c| c == "rusqlite"),
        "the tree of {package} was read: {crates:?}"
    );
    crates
}

fn found<'a>(crates: &'a [String], prefixes: &[&str]) -> Vec<&'a String> {
    crates
        .iter()
        .filter(|name| prefixes.iter().any(|d| name.starts_with(d)))
        .collect()
}

const DESKTOP: &[&str] = &["tauri", "gtk", "webkit", "wry", "tao", "gdk", "glib"];
const DOCUMENT_WRITERS: &[&str] = &[
    "krilla",
    "skrifa",
    "zip",
    "rust_xlsxwriter",
    "icalendar",
    "peerplan-docs",
];

#[test]
fn the_core_depends_on_no_desktop_crate_and_no_document_writer() {
    let crates = tree("peerplan-core");
    let desktop = found(&crates, DESKTOP);
    assert!(
        desktop.is_empty(),
        "peerplan-core pulls in desktop crates: {desktop:?}"
    );
    let writers = found(&crates, DOCUMENT_WRITERS);
    assert!(
        writers.is_empty(),
        "peerplan-core pulls in document writers (they belong in peerplan-docs): {writers:?}"
    );
}

#[test]
fn the_document_writers_need_no_desktop() {
    let crates = tree("peerplan-docs");
    assert!(crates.iter().any(|c| c == "krilla"), "{crates:?}");
    let desktop = found(&crates, DESKTOP);
    assert!(
        desktop.is_empty(),
        "peerplan-docs pulls in desktop crates: {desktop:?}"
    );
}

#[test]
fn the_command_line_tool_needs_no_desktop() {
    let crates = tree("peerplan-cli");
    let desktop = found(&crates, DESKTOP);
    assert!(
        desktop.is_empty(),
        "peerplan-cli pulls in desktop crates: {desktop:?}"
    );
}
