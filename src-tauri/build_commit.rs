// The git commit a binary is built from, for `peerplan --version` and the app's Help › About.
// Included by the build scripts of the app (src-tauri/build.rs) and the CLI
// (crates/cli/build.rs): they set `PEERPLAN_GIT_COMMIT` for their crate's code.
//
// `PEERPLAN_GIT_COMMIT` in the environment wins (a build from a source archive can say
// which commit it is); else `git rev-parse --short=10 HEAD` in the crate's folder; else
// "unknown" (no git, or no .git). The script runs again when HEAD moves (a commit, a
// checkout), and only then: it watches HEAD, the branch it points to and packed-refs, only
// those that exist (a missing file would make cargo run it on every build).

fn emit_git_commit() {
    use std::path::{Path, PathBuf};
    use std::process::Command;

    println!("cargo:rerun-if-env-changed=PEERPLAN_GIT_COMMIT");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let git = |args: &[&str]| -> Option<String> {
        let output = Command::new("git")
            .args(args)
            .current_dir(&dir)
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        let text = String::from_utf8(output.stdout).ok()?.trim().to_string();
        (!text.is_empty()).then_some(text)
    };
    let from_env = std::env::var("PEERPLAN_GIT_COMMIT")
        .ok()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let commit = from_env
        .clone()
        .or_else(|| git(&["rev-parse", "--short=10", "HEAD"]));
    if from_env.is_none() && commit.is_some() {
        let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watched.push(branch);
        }
        for name in watched {
            if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
                let path = dir.join(Path::new(&path));
                if path.is_file() {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
            }
        }
    }
    println!(
        "cargo:rustc-env=PEERPLAN_GIT_COMMIT={}",
        commit.as_deref().unwrap_or("unknown")
    );
}
