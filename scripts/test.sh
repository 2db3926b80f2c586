#!/usr/bin/env bash
# Install what the tests need (Python packages, Debian's Chromium) and run every test.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
# Debian's Chromium for the browser tests (no browser is downloaded), and Japanese
# fonts so pages render as readers see them.
if [ -z "${CHROMIUM:-}" ]; then
  apt_install chromium fonts-noto-cjk
fi
# Node tools at the exact versions of package-lock.json (Lighthouse for the benchmark).
if ! cmp -s package-lock.json node_modules/.package-lock.stamp 2>/dev/null; then
  command -v npm >/dev/null || apt_install npm
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.package-lock.stamp
fi
exec .venv/bin/python -m pytest "$@"
