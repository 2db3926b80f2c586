#!/usr/bin/env bash
# Install what the tests need (Python packages, Debian's Chromium) and run every test.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  apt_install chromium
fi
exec .venv/bin/python -m pytest "$@"
