#!/usr/bin/env bash
# Rewrites a .deb that tauri-cli's bundler built (its files in a gzip tar) with xz at level 9:
# the same package, 40% smaller to download (10.4 → 6.1 MB; docs/BENCHMARKS.md, "Installers").
# Every dpkg since Debian 6 and Ubuntu 10.04 reads xz. The package is written beside the original
# under a temporary name and renamed over it, so an interrupted run leaves the gzip one whole.
#
#   bash src-tauri/packaging/linux/recompress-deb.sh PeerPlan_0.1.0_amd64.deb
set -euo pipefail

deb="${1:?usage: recompress-deb.sh FILE.deb}"
work="$(mktemp -d)"
trap 'rm -rf "$work" "$deb.xz-partial"' EXIT

dpkg-deb --raw-extract "$deb" "$work/root"
dpkg-deb --root-owner-group -Zxz -z9 --build "$work/root" "$deb.xz-partial" >/dev/null
mv -f "$deb.xz-partial" "$deb"
