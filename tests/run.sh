#!/usr/bin/env bash
# Install everything the test suite needs, then run it. Usage: tests/run.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

APT_PACKAGES=()
# Browser tests drive Debian's Chromium through Playwright (no browser download).
if [ "${IOP_FAQ_SKIP_BROWSER:-0}" != "1" ] && [ ! -x /usr/bin/chromium ]; then
  APT_PACKAGES+=(chromium)
fi
# The deployment tests run the shipped configuration under Debian's nginx.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  APT_PACKAGES+=(nginx)
fi
# The accessibility audit injects axe-core, installed from npm.
if ! command -v npm >/dev/null 2>&1; then
  APT_PACKAGES+=(nodejs npm)
fi
if [ "${#APT_PACKAGES[@]}" -gt 0 ]; then
  echo "Installing ${APT_PACKAGES[*]} (apt) for the browser and deployment tests ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${APT_PACKAGES[@]}" >/dev/null
fi

echo "Installing the project with its test dependencies ..."
python -m pip install --quiet --disable-pip-version-check -e '.[test]'

echo "Installing axe-core (npm) for the accessibility audit ..."
npm ci --prefix tests/web --no-audit --no-fund --loglevel=error

echo "Linting and checking the formatting (ruff) ..."
python -m ruff check .
python -m ruff format --check .

echo "Type checking (mypy) ..."
python -m mypy

python -m pytest "$@"
