#!/usr/bin/env bash
# Build and serve the site on http://127.0.0.1:8000, rebuilding on every change.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
exec .venv/bin/mkdocs serve --strict -a 127.0.0.1:8000 "$@"
