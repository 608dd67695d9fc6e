#!/usr/bin/env bash
# Installs what ServiceIndex needs beyond the .NET SDK, from the project's own pinned files:
#   tools/install.sh run    — the Azurite storage emulator (tools/azurite, kept out of git)
#   tools/install.sh tests  — the same, plus Debian's Chromium for the dashboard's browser test
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-run}"

if [ ! -x tools/azurite/node_modules/.bin/azurite ]; then
  echo "• installing the Azurite storage emulator (tools/azurite)…"
  npm ci --prefix tools/azurite --no-audit --no-fund --loglevel=error >/dev/null
fi

if [ "$what" = "tests" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "• installing Debian's Chromium for the browser test…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; the browser test will report it" >&2
  else
    echo "warning: /usr/bin/chromium is missing and apt-get is not usable here; the browser test will report it" >&2
  fi
fi
