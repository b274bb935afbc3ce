//! tauri-build (the config, icons and capabilities compiled in), and `PEERPLAN_GIT_COMMIT`
//! for the `app_info` command (see build_commit.rs).

include!("build_commit.rs");

fn main() {
    println!("cargo:rerun-if-changed=build_commit.rs");
    emit_git_commit();
    tauri_build::build()
}
