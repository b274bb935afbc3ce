#!/usr/bin/env bash
# Builds the `peerplan` CLI (release) and stages it where Tauri's bundler takes it as the
# app's external binary (src-tauri/tauri.release.conf.json: "externalBin": ["binaries/peerplan"]):
# src-tauri/binaries/peerplan-<target triple>[.exe]. The bundles then install it beside the
# app: /usr/bin/peerplan in the .deb, .rpm and AppImage, next to peerplan-app.exe in the .msi,
# PeerPlan.app/Contents/MacOS/peerplan on macOS.
#   src-tauri/packaging/stage-cli.sh                         the host's triple
#   src-tauri/packaging/stage-cli.sh TRIPLE                  another target (rustup target add it first)
#   src-tauri/packaging/stage-cli.sh universal-apple-darwin  both macOS targets, joined with lipo
#   src-tauri/packaging/stage-cli.sh --built [TRIPLE]        only copy a CLI already built (`cargo build
#                       --release -p peerplan-app -p peerplan-cli`: building the CLI alone
#                       resolves its dependencies' features differently and compiles them again)
# Used by `./tasks.sh package` and by .github/workflows/release.yml.
set -euo pipefail
cd "$(dirname "$0")/../.."

target_dir="${CARGO_TARGET_DIR:-target}"
# Git Bash on Windows: CARGO_TARGET_DIR may be a Windows path.
if command -v cygpath >/dev/null 2>&1; then target_dir="$(cygpath -u "$target_dir")"; fi
host="$(rustc -vV | sed -n 's/^host: //p')"
build=1
if [[ "${1:-}" == --built ]]; then
  build=0
  shift
fi
triple="${1:-$host}"
mkdir -p src-tauri/binaries

stage() { # TRIPLE: build for it and copy under its name
  local t="$1" ext="" from
  if [[ "$t" == *windows* ]]; then ext=".exe"; fi
  if [[ "$t" == "$host" ]]; then
    ((build)) && cargo build --release -p peerplan-cli
    from="$target_dir/release/peerplan$ext"
  else
    ((build)) && cargo build --release -p peerplan-cli --target "$t"
    from="$target_dir/$t/release/peerplan$ext"
  fi
  cp "$from" "src-tauri/binaries/peerplan-$t$ext"
  echo "stage-cli: src-tauri/binaries/peerplan-$t$ext"
}

if [[ "$triple" == universal-apple-darwin ]]; then
  # tauri-build looks for each architecture's binary while it builds that half of the app;
  # the bundler for the universal one.
  stage aarch64-apple-darwin
  stage x86_64-apple-darwin
  lipo -create -output src-tauri/binaries/peerplan-universal-apple-darwin \
    src-tauri/binaries/peerplan-aarch64-apple-darwin src-tauri/binaries/peerplan-x86_64-apple-darwin
  echo "stage-cli: src-tauri/binaries/peerplan-universal-apple-darwin"
else
  stage "$triple"
fi
