#!/usr/bin/env bash
# Prints the installers' and binaries' sizes beside the minimal Tauri window's (peerplan-floor),
# packaged the same way: the figures of docs/BENCHMARKS.md, "Installers". Run after
# `./tasks.sh package` (it measures what that built); builds the floor's release binaries and
# its .deb (tauri-cli, then the same xz rewrite) and its NSIS installer (the same script, with
# the floor's window as the app and no CLI).
#
#   bash src-tauri/packaging/measure-sizes.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$HOME/.cache/peerplan/target}"
export CARGO_TARGET_DIR="$target"
windows="$target/x86_64-pc-windows-gnu/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

size() { stat -c %s "$1"; }
ratio() { python3 -c "import sys; print(f'{int(sys.argv[1]) / int(sys.argv[2]):.2f}')" "$1" "$2"; }
row() { printf '%-44s %12s %12s %7s\n' "$@"; }

first() { find "$1" -maxdepth 1 -name "$2" 2>/dev/null | sort | head -n1; }
deb="$(first "$target/release/bundle/deb" 'PeerPlan_*.deb')"
if [[ -z "$deb" ]]; then
  echo "measure-sizes: no .deb in $target/release/bundle/deb (run ./tasks.sh package linux)" >&2
  exit 1
fi

echo "== the floor: release build and .deb (tauri-cli, then src-tauri/packaging/linux/recompress-deb.sh)"
cargo build --release -p peerplan-floor
rm -rf "$target/release/bundle/deb/PeerPlan floor"*
(cd src-tauri/crates/floor && cargo tauri bundle --ci --bundles deb --config '{"bundle":{"active":true}}') >/dev/null
# Moved out of the bundle folder, so that package-test still finds PeerPlan's .deb there.
mv "$(first "$target/release/bundle/deb" 'PeerPlan floor_*.deb')" "$work/floor.deb"
rm -rf "$target/release/bundle/deb/PeerPlan floor"*
floor_deb="$work/floor.deb"
floor_deb_gzip="$(size "$floor_deb")"
bash src-tauri/packaging/linux/recompress-deb.sh "$floor_deb"

echo
row "what" "PeerPlan" "floor" "ratio"
row ".deb (as shipped: xz)" "$(size "$deb")" "$(size "$floor_deb")" "$(ratio "$(size "$deb")" "$(size "$floor_deb")")"
row ".deb as tauri-cli writes it (floor: gzip)" "" "$floor_deb_gzip" ""
# The binaries as shipped, read out of the packages: target/release may hold a build with
# other features (built beside the floor, cargo unifies Tauri's default features into the app).
mkdir -p "$work/deb" "$work/floor-deb"
dpkg-deb -x "$deb" "$work/deb"
dpkg-deb -x "$floor_deb" "$work/floor-deb"
for binary in peerplan-app peerplan; do
  shipped="$work/deb/usr/bin/$binary"
  row "$binary: binary / xz -9 alone" "$(size "$shipped") / $(xz -9c "$shipped" | wc -c)" "" ""
done
floor_binary="$work/floor-deb/usr/bin/peerplan-floor"
row "peerplan-floor: binary / xz -9 alone" "" "$(size "$floor_binary") / $(xz -9c "$floor_binary" | wc -c)" ""
row "app + CLI, xz -9 together" "$(cat "$work/deb/usr/bin/peerplan-app" "$work/deb/usr/bin/peerplan" | xz -9 | wc -c)" "" ""

setup="$(first "$windows/bundle/nsis" 'PeerPlan_*-setup.exe')"
if [[ -z "$setup" ]]; then
  echo "(no Windows installer: ./tasks.sh package windows)"
  exit 0
fi
echo
echo "== the floor for Windows: release build and the same NSIS script (no CLI)" >&2
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER="${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}" \
  cargo build --release --target x86_64-pc-windows-gnu -p peerplan-floor
mkdir -p "$work/bin"
cp "$windows/peerplan-floor.exe" "$work/bin/peerplan-app.exe"
: >"$work/bin/peerplan.exe"
cp "$windows/WebView2Loader.dll" "$work/bin/"
floor_setup="$(bash src-tauri/packaging/windows/build-installer.sh "$work/bin" "$work/out" | tail -n1)"
row "NSIS -setup.exe (solid LZMA)" "$(size "$setup")" "$(size "$floor_setup")" "$(ratio "$(size "$setup")" "$(size "$floor_setup")")"
row "Windows: app .exe / CLI .exe" "$(size "$windows/peerplan-app.exe") / $(size "$windows/peerplan.exe")" "$(size "$windows/peerplan-floor.exe")" ""
