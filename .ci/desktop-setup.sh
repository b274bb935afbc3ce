#!/usr/bin/env bash
# Installs what building and testing the desktop app needs on Debian/Ubuntu: WebKitGTK and
# GTK headers, Xvfb, WebKitWebDriver, ImageMagick and Poppler (for looking at screenshots and
# PDFs), unzip (reading .docx back), xdotool (real pointer drags), dbus (dbus-daemon: a private
# session bus: the single-instance hand-over of a second launch), and tauri-driver.
# Idempotent: installs only what is missing. Exports nothing.
# Run the desktop tests afterwards under: xvfb-run -a -s "-screen 0 1366x768x24" …
set -euo pipefail

packages=(
  build-essential pkg-config libwebkit2gtk-4.1-dev
  xvfb xauth webkit2gtk-driver
  imagemagick poppler-utils unzip xdotool dbus
)

# shellcheck source=.ci/apt-install-missing.sh
source "$(dirname "$0")/apt-install-missing.sh"
install_missing desktop-setup "${packages[@]}"

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
if command -v tauri-driver >/dev/null 2>&1 || [[ -x "$cargo_bin/tauri-driver" ]]; then
  echo "desktop-setup: tauri-driver present"
else
  echo "desktop-setup: installing tauri-driver"
  # ^2: a 3.0 alpha exists and is not what the tests are written for.
  cargo install tauri-driver --locked --version '^2'
fi
