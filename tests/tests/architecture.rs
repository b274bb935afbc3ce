//! Invariants of the crate graph (docs/ARCHITECTURE.md): the core builds and tests without any
//! desktop library, so the CLI and headless tools can use it anywhere.

use std::process::Command;

#[test]
fn the_core_depends_on_no_desktop_crate() {
    let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            "peerplan-core",
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
    let tree = String::from_utf8_lossy(&output.stdout);
    let crates: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        crates.contains(&"rusqlite"),
        "the tree was read: {crates:?}"
    );
    let desktop: Vec<&&str> = crates
        .iter()
        .filter(|name| {
            ["tauri", "gtk", "webkit", "wry", "tao", "gdk", "glib"]
                .iter()
                .any(|d| name.starts_with(d))
        })
        .collect();
    assert!(
        desktop.is_empty(),
        "peerplan-core pulls in desktop crates: {desktop:?}"
    );
}
