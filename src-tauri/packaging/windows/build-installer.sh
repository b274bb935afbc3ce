#!/usr/bin/env bash
# Builds PeerPlan's Windows installer (installer.nsi beside this script) from built binaries:
#   src-tauri/packaging/windows/build-installer.sh BIN_DIR OUT_DIR
# BIN_DIR holds peerplan-app.exe and peerplan.exe (and WebView2Loader.dll for a windows-gnu
# build); the installer is written to OUT_DIR/PeerPlan_<version>_x64-setup.exe, whose path is
# the last line printed. Needs makensis 3 (Debian: apt-get install nsis; on Windows, NSIS).
# PEERPLAN_WEBVIEW2_INSTALLER=path/to/MicrosoftEdgeWebView2RuntimeInstallerX64.exe puts
# Microsoft's offline WebView2 installer inside (about +130 MB; see docs/RELEASING.md).
# Runs on Linux and in Git Bash on Windows (the release workflow).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BIN_DIR OUT_DIR" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin_dir="$(cd "$1" && pwd)"
mkdir -p "$2"
out_dir="$(cd "$2" && pwd)"

# The version every package carries: the workspace's (Cargo.toml, [workspace.package]).
version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' "$root/Cargo.toml" | head -n1)"
if [[ -z "$version" ]]; then
  echo "build-installer: no version in $root/Cargo.toml [workspace.package]" >&2
  exit 1
fi
numbers="${version%%-*}"
numbers="${numbers%%+*}.0"

for exe in peerplan-app.exe peerplan.exe; do
  if [[ ! -f "$bin_dir/$exe" ]]; then
    echo "build-installer: $bin_dir/$exe is missing (build the Windows binaries first)" >&2
    exit 1
  fi
done

# makensis on Windows takes Windows paths; in Git Bash, cygpath gives them.
native() {
  if command -v cygpath >/dev/null 2>&1; then cygpath -w "$1"; else printf '%s' "$1"; fi
}

out_file="$out_dir/PeerPlan_${version}_x64-setup.exe"
args=(
  -V2
  "-DVERSION=$version"
  "-DVERSION_NUMBERS=$numbers"
  "-DAPP_EXE=$(native "$bin_dir/peerplan-app.exe")"
  "-DCLI_EXE=$(native "$bin_dir/peerplan.exe")"
  "-DICON=$(native "$root/icons/icon.ico")"
  "-DOUT_FILE=$(native "$out_file")"
)
if [[ -f "$bin_dir/WebView2Loader.dll" ]]; then
  args+=("-DWEBVIEW2_LOADER=$(native "$bin_dir/WebView2Loader.dll")")
fi
if [[ -n "${PEERPLAN_WEBVIEW2_INSTALLER:-}" ]]; then
  if [[ ! -f "$PEERPLAN_WEBVIEW2_INSTALLER" ]]; then
    echo "build-installer: PEERPLAN_WEBVIEW2_INSTALLER=$PEERPLAN_WEBVIEW2_INSTALLER is not a file" >&2
    exit 1
  fi
  args+=("-DWEBVIEW2_INSTALLER=$(native "$PEERPLAN_WEBVIEW2_INSTALLER")")
fi

makensis "${args[@]}" "$(native "$here/installer.nsi")"
echo "$out_file"
