#!/usr/bin/env bash
# ProperDocs (a continuation of MkDocs 1.x) in its own environment, .venv-properdocs, with the
# exact, hash-checked versions from requirements-properdocs.txt. It never touches .venv, where
# MkDocs stays the generator. tests/test_properdocs.py builds the site with it and compares
# every page with MkDocs' build. Safe to run again.
#   bash scripts/properdocs.sh                  # only make the environment
#   bash scripts/properdocs.sh build -d DIR     # then run properdocs with these arguments
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv-properdocs/bin/python ]; then
  "$PYTHON" -m venv .venv-properdocs
fi
if ! cmp -s requirements-properdocs.txt .venv-properdocs/.requirements.txt; then
  .venv-properdocs/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-properdocs.txt
  cp requirements-properdocs.txt .venv-properdocs/.requirements.txt
fi
if ! cmp -s pyproject.toml .venv-properdocs/.pyproject.toml; then
  .venv-properdocs/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
  cp pyproject.toml .venv-properdocs/.pyproject.toml
fi
if [ $# -gt 0 ]; then
  exec .venv-properdocs/bin/properdocs "$@"
fi
