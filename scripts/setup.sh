#!/usr/bin/env bash
# Shared set-up for serve.sh and test.sh: a virtual environment in .venv with the
# exact, hash-checked versions from requirements.txt. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root; run it as root or install sudo" >&2; return 1; fi
}

apt_install() {
  # Installs Debian packages that are missing; quiet when they are already there.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    apt_install python3-venv
    "$PYTHON" -m venv .venv
  fi
fi
if ! cmp -s requirements.txt .venv/.requirements.txt; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
  cp requirements.txt .venv/.requirements.txt
fi
# The engine itself, a MkDocs plugin (pyproject.toml), editable: the venv runs scripts/sns_policy/ as it
# stands. No network: its build tool is the setuptools pinned above.
if ! cmp -s pyproject.toml .venv/.pyproject.toml; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
  cp pyproject.toml .venv/.pyproject.toml
fi
export NO_MKDOCS_2_WARNING=1
