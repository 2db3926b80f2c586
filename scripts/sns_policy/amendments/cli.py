"""Print the comparison of a page's latest revision as text: ``python -m sns_policy.amendments.cli docs/ja/policy.md``.

``--old REV --new REV`` compares any two commits or tags; the build publishes every comparison itself.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sns_policy.amendments.build import latest
from sns_policy.amendments.render import as_text
from sns_policy.history.gitinfo import repo
from sns_policy.site import ROOT


def main(argv: list[str] | None = None) -> int:
    """Print the comparison of a page's latest revision as text."""
    parser = argparse.ArgumentParser(prog="python -m sns_policy.amendments.cli", description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help="a page, e.g. docs/ja/policy.md")
    parser.add_argument("--old", help="revision of the previous text (default: the last commit of the previous version)")
    parser.add_argument("--new", help="revision of the new text (default: the files on disk)")
    args = parser.parse_args(argv)
    git = repo()
    if not git.available:
        print(f"Cannot compare versions: {git.reason}.", file=sys.stderr)
        return 2
    path = Path(args.page).resolve().relative_to(ROOT).as_posix()
    item = latest(path, args.old, args.new, git)
    if item is None:
        print(f"{path} has only one version in git; give --old REV", file=sys.stderr)
        return 1
    sys.stdout.write(as_text(item))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
