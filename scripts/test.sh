#!/usr/bin/env bash
# Install what the tests need (Python packages, Debian's Chromium) and run every test.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
# Debian's Chromium for the browser tests (no browser is downloaded), and Japanese
# fonts so pages render as readers see them.
if [ -z "${CHROMIUM:-}" ]; then
  apt_install chromium fonts-noto-cjk
fi
exec .venv/bin/python -m pytest "$@"
