#!/usr/bin/env bash
# PeerPlan's two set-up commands (see README.md). Each installs what is missing first.
#   ./tasks.sh app    build and start the desktop app on its default database
#   ./tasks.sh test   build everything and run every test (CI runs this through .ci/run)
set -euo pipefail
cd "$(dirname "$0")"

# Builds outside the clone are reused between runs; a fresh machine builds from nothing.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/peerplan/target}"

need_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    if [[ -x "$HOME/.cargo/bin/cargo" ]]; then
      export PATH="$HOME/.cargo/bin:$PATH"
    else
      echo "tasks: Rust is missing. Install it with rustup (https://rustup.rs), then run again." >&2
      exit 1
    fi
  fi
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
}

case "${1:-}" in
  app)
    need_rust
    bash .ci/desktop-setup.sh
    cargo build --release -p peerplan-app
    exec "$CARGO_TARGET_DIR/release/peerplan-app"
    ;;
  test)
    need_rust
    bash .ci/desktop-setup.sh
    echo "== format and lints"
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings
    echo "== build (the tests drive the real binaries)"
    cargo build --workspace --exclude peerplan-floor
    echo "== core, CLI and command-layer tests"
    cargo test --workspace --exclude peerplan-tests --exclude peerplan-floor
    echo "== end-to-end: the peerplan binary and the desktop app under Xvfb"
    # One WebDriver session at a time (tauri-driver serves one), so one test thread.
    PEERPLAN_REQUIRE_DESKTOP=1 xvfb-run -a -s "-screen 0 1366x768x24" \
      cargo test -p peerplan-tests -- --test-threads=1
    ;;
  *)
    echo "usage: ./tasks.sh app|test" >&2
    exit 2
    ;;
esac
