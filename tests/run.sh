#!/usr/bin/env bash
# Install everything the test suite needs, then run it. Usage: tests/run.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

# Browser tests drive Debian's Chromium through Playwright (no browser download).
if [ "${IOP_FAQ_SKIP_BROWSER:-0}" != "1" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "Installing chromium (apt) for the browser tests ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "Installing the project with its test dependencies ..."
python -m pip install --quiet --disable-pip-version-check -e '.[test]'

python -m pytest "$@"
