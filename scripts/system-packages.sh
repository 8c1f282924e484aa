#!/usr/bin/env bash
# The Debian packages Dialogues needs beyond Python, installed with apt when missing.
#
#   scripts/system-packages.sh          what the app needs to run: Pango, HarfBuzz and fontconfig
#                                       (WeasyPrint lays out PDF briefings with them) and Noto fonts
#                                       for Latin, Cyrillic, Chinese and Arabic
#   scripts/system-packages.sh --test   the same, plus Debian's Chromium for the browser tests
#                                       and redis-server for the tests with several app servers
#
# `make run` and `make test` call it. Without root it names what is missing and stops.
set -euo pipefail
packages=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
  fonts-noto-core fonts-noto-cjk
)
[ "${1:-}" = "--test" ] && packages+=(chromium redis-server)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} with apt..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
