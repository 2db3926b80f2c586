"""``python -m sns_policy.a11y.cli record``: the one command that rewrites the committed accessibility results.

It copies the latest browser run (``test-results/accessibility-results.json``) to the site's
``accessibility-results.json``, which the build renders the statement's results from.
"""
from __future__ import annotations

import sys
from pathlib import Path

from sns_policy.a11y.model import LATEST_RUN, load, results_file, save


def record(latest: Path = LATEST_RUN, target: Path | None = None) -> str:
    """Make the latest browser test run the statement's results; says what happened."""
    target = target or results_file()
    results = load(latest)
    if results is None:
        return (f"{latest} not found: run the browser tests first "
                "(bash scripts/test.sh tests/browser/test_every_page.py)")
    save(results, target)
    return f"{target} now holds the results of the run of {results['tested_on']}: rebuild, check the statement, commit the file."


def main(argv: list[str] | None = None) -> int:
    """``python -m sns_policy.a11y.cli record``: the one command that rewrites the committed results."""
    args = argv if argv is not None else sys.argv[1:]
    if args != ["record"]:
        print("usage: python -m sns_policy.a11y.cli record", file=sys.stderr)
        return 2
    message = record()
    print(message)
    return 0 if message.startswith(str(results_file())) else 1


if __name__ == "__main__":
    raise SystemExit(main())
