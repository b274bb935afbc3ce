#!/usr/bin/env bash
# Sourced by the setup scripts: `install_missing NAME PACKAGE…` installs with apt-get only the
# Debian packages not installed yet (as root, or through sudo), and says which.

install_missing() {
  local who=$1
  shift
  local missing=() package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]})); then
    echo "$who: installing ${missing[*]}"
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "$who: system packages present"
  fi
}
