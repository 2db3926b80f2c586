#!/usr/bin/env bash
# Install what the tests need (Python packages, Node packages for textlint, Debian's Chromium)
# and run the tests. The pages' own checks run first, so an editor whose change broke a rule
# reads one short summary (file, line, what to change) before anything else.
#
#   bash scripts/test.sh            every test (what .ci/run and the full CI shards run)
#   bash scripts/test.sh fast       the fast tier: every test that needs no browser and no second
#                                   whole build (tests/conftest.py, FULL_FIXTURES), about 60 s
#   bash scripts/test.sh install    install everything the tests need and run nothing (the bench)
#   bash scripts/test.sh shard K N  shard K of N of the full suite, balanced by the durations in
#                                   tests/durations.json (pytest-split; refresh the file
#                                   with `bash scripts/durations.sh`)
# Anything after these words goes to pytest as it is.
set -euo pipefail

tier=(full)
pytest_args=()
case "${1:-}" in
  install)
    tier=(install); shift ;;
  fast)
    tier=(fast); shift
    pytest_args=(-m "not browser and not full") ;;
  shard)
    if [ $# -lt 3 ] || ! [[ "$2" =~ ^[1-9][0-9]*$ && "$3" =~ ^[1-9][0-9]*$ ]] || [ "$2" -gt "$3" ]; then
      echo "usage: bash scripts/test.sh shard K N (1 <= K <= N)" >&2
      exit 2
    fi
    tier=(shard "$2" "$3")
    # pytest-split's least_duration algorithm, applied by tests/sharding.py to units that keep
    # every test of a GROUPED part (tests/conftest.py) in one shard.
    pytest_args=(--splits "$3" --group "$2" --durations-path tests/durations.json --splitting-algorithm least_duration)
    shift 3 ;;
esac
source "$(dirname "$0")/setup.sh"

validate_args=()
# On GitHub the same summary also becomes annotations on the changed lines.
if [ "${GITHUB_ACTIONS:-}" = true ] && .venv/bin/python -m sns_policy.pipeline.validate --help 2>/dev/null | grep -q -- --github; then
  validate_args=(--github)
fi
if ! .venv/bin/python -m sns_policy.pipeline.validate "${validate_args[@]}"; then
  echo "変更したページに直すところがあります（上の一覧）。/ The pages above need changes (see the list)." >&2
  exit 1
fi

# Node tools exactly as locked in package-lock.json: textlint for the prose checks,
# Lighthouse for the benchmark, vnu-jar (the Nu HTML Checker). --ignore-scripts: none of
# them needs an install script, and vnu-jar's would download a Java of its own.
if ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
if ! cmp -s package-lock.json node_modules/.installed-package-lock.json; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-package-lock.json
fi

# Debian's Java for the Nu HTML Checker (the full tier only).
if [ "${tier[0]}" != fast ] && ! command -v java >/dev/null; then
  apt_install default-jre-headless
fi

# Debian's Chromium for the browser tests (no browser is downloaded), and Japanese
# fonts so pages render as readers see them.
if [ -z "${CHROMIUM:-}" ]; then
  apt_install chromium fonts-noto-cjk
fi
# ProperDocs, the maintained continuation of MkDocs 1.x, in its own environment: the tests
# build the site with it too and compare every page (the tested exit from MkDocs 1.x).
if [ "${tier[0]}" != fast ]; then
  bash scripts/properdocs.sh
  export PROPERDOCS_REQUIRED=1
fi
if [ "${tier[0]}" = install ]; then
  exit 0
fi
exec .venv/bin/python -m pytest "${pytest_args[@]}" "$@"
