#!/usr/bin/env bash
# Install the named Debian packages when their command is missing (the machines run as root).
set -euo pipefail
declare -A probe=([gettext]=msgfmt [chromium]=/usr/bin/chromium [postgresql]=/usr/lib/postgresql/15/bin/initdb
  [redis-server]=/usr/bin/redis-server
  [fonts-hosny-amiri]=/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf)
missing=()
for package in "$@"; do
  command=${probe[$package]:-$package}
  if ! command -v "$command" >/dev/null 2>&1 && [ ! -e "$command" ]; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
