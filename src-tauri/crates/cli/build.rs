//! Sets `PEERPLAN_GIT_COMMIT` for `peerplan --version` (see src-tauri/build_commit.rs).

include!("../../build_commit.rs");

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../../build_commit.rs");
    emit_git_commit();
}
