#!/usr/bin/env bash
# Installs what `./tasks.sh package` needs beyond .ci/desktop-setup.sh: the MinGW-w64 cross
# compiler and Rust's x86_64-pc-windows-gnu target (the Windows build), NSIS's makensis (the
# Windows installer), p7zip and python3 (the tests list the installer and read its script),
# rpm (the tests list the .rpm), and tauri-cli
# (`cargo tauri bundle`: the .deb and the .rpm; it builds in about 8.5 minutes, once).
# Idempotent: installs only what is missing. Exports nothing.
set -euo pipefail

packages=(
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 nsis p7zip-full python3 rpm
  # What the installed .deb's test uses to open a .peerplan file the way a desktop does.
  xdg-utils desktop-file-utils shared-mime-info libglib2.0-bin
)

# shellcheck source=.ci/apt-install-missing.sh
source "$(dirname "$0")/apt-install-missing.sh"
install_missing package-setup "${packages[@]}"

if rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  echo "package-setup: Rust target x86_64-pc-windows-gnu present"
else
  echo "package-setup: adding the Rust target x86_64-pc-windows-gnu"
  rustup target add x86_64-pc-windows-gnu
fi

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
if cargo tauri --version >/dev/null 2>&1 || [[ -x "$cargo_bin/cargo-tauri" ]]; then
  echo "package-setup: tauri-cli present ($(cargo tauri --version 2>/dev/null || echo "$cargo_bin/cargo-tauri"))"
else
  echo "package-setup: installing tauri-cli (about 8.5 minutes on 2 cores, once)"
  # ^2: the bundler of Tauri 2, which this app is.
  cargo install tauri-cli --locked --version '^2'
fi
