#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a browser downloaded by Playwright) and need
# fonts for Latin, Cyrillic, Chinese and Arabic. Install them with apt when missing.
set -euo pipefail
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
for font in fonts-noto-cjk fonts-noto-core; do
  dpkg -s "$font" >/dev/null 2>&1 || packages+=("$font")
done
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing ${packages[*]}: install them with apt (as root) to run the browser tests." >&2
  exit 1
fi
echo "Installing ${packages[*]} with apt..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
