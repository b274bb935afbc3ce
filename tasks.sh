#!/usr/bin/env bash
# PeerPlan's set-up commands (see README.md). Each installs what is missing first.
#   ./tasks.sh app      build and start the desktop app on its default database
#   ./tasks.sh test     build everything and run every test (CI runs this through .ci/run)
#   ./tasks.sh package [linux|windows]
#                       build the installers: the Linux .deb and .rpm, the Windows NSIS
#                       installer (cross-built with MinGW); both by default
#   ./tasks.sh package-test
#                       install the .deb here and check it and the Windows installer
#                       (root: it runs apt-get; after `package`; CI's last step, .ci/run)
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
  package)
    need_rust
    bash .ci/desktop-setup.sh
    bash .ci/package-setup.sh
    what="${2:-all}"
    case "$what" in
      all | linux | windows) ;;
      *)
        echo "usage: ./tasks.sh package [linux|windows]" >&2
        exit 2
        ;;
    esac
    outputs=()
    if [[ "$what" != windows ]]; then
      started=$SECONDS
      echo "== Linux: release build of the app and the CLI"
      cargo build --release -p peerplan-app -p peerplan-cli
      echo "== Linux: .deb and .rpm (tauri-cli's bundler)"
      # The CLI goes in as the bundle's external binary (src-tauri/tauri.release.conf.json):
      # /usr/bin/peerplan beside /usr/bin/peerplan-app.
      bash src-tauri/packaging/stage-cli.sh --built
      rm -rf "$CARGO_TARGET_DIR/release/bundle/deb" "$CARGO_TARGET_DIR/release/bundle/rpm"
      (cd src-tauri && cargo tauri bundle --ci --bundles deb,rpm --config tauri.release.conf.json)
      # tauri-cli writes the .deb's files with gzip; xz makes the download 40% smaller (the
      # .rpm gets xz through tauri.release.conf.json).
      for deb in "$CARGO_TARGET_DIR"/release/bundle/deb/*.deb; do
        bash src-tauri/packaging/linux/recompress-deb.sh "$deb"
      done
      outputs+=("$CARGO_TARGET_DIR"/release/bundle/deb/*.deb "$CARGO_TARGET_DIR"/release/bundle/rpm/*.rpm)
      echo "== Linux packages built in $((SECONDS - started)) s"
    fi
    if [[ "$what" != linux ]]; then
      started=$SECONDS
      echo "== Windows: release build of the app and the CLI (x86_64-pc-windows-gnu, MinGW-w64)"
      export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER="${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}"
      cargo build --release --target x86_64-pc-windows-gnu -p peerplan-app -p peerplan-cli
      echo "== Windows: NSIS installer (src-tauri/packaging/windows/installer.nsi)"
      windows="$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/release"
      rm -rf "$windows/bundle/nsis"
      bash src-tauri/packaging/windows/build-installer.sh "$windows" "$windows/bundle/nsis" >/dev/null
      outputs+=("$windows"/bundle/nsis/*-setup.exe)
      echo "== Windows installer built in $((SECONDS - started)) s"
    fi
    echo "== packages"
    for output in "${outputs[@]}"; do
      printf '%10d bytes  %s\n' "$(stat -c %s "$output")" "$output"
    done
    printf '%s\n' "${outputs[@]}"
    ;;
  package-test)
    need_rust
    bash .ci/desktop-setup.sh
    bash .ci/package-setup.sh
    echo "== packages: install the .deb, run it, remove it; list the Windows installer"
    # The desktop part drives the installed app through tauri-driver, so under Xvfb; one
    # WebDriver session at a time.
    tests=(--test package_linux)
    # The Windows installer's checks need the installer (`./tasks.sh package windows`).
    if compgen -G "$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/release/bundle/nsis/*-setup.exe" >/dev/null; then
      tests+=(--test package_windows)
    else
      echo "== no Windows installer built: its checks are left out (./tasks.sh package windows)"
    fi
    PEERPLAN_PACKAGE_TESTS=1 PEERPLAN_REQUIRE_DESKTOP=1 xvfb-run -a -s "-screen 0 1366x768x24" \
      cargo test -p peerplan-tests "${tests[@]}" -- --test-threads=1
    ;;
  *)
    echo "usage: ./tasks.sh app|test|package [linux|windows]|package-test" >&2
    exit 2
    ;;
esac
