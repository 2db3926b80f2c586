#!/usr/bin/env bash
# Refresh tests/durations.json, the stored time of every test that `bash scripts/test.sh shard K N`
# balances the shards by: the whole suite runs once (about 19 minutes on 2 cores) and pytest-split
# writes what each test took. Run it on an idle machine after tests were added or moved, and commit
# the file. Durations only balance the shards: a stale file never makes a test pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash scripts/test.sh --store-durations --clean-durations --durations-path tests/durations.json "$@"
