"""Check every source page before building: ``python -m scripts.validate``.

The build hook runs the same checks, so a pull request that breaks a rule fails the
build with the same messages an editor sees here.
"""
from __future__ import annotations

import sys
from pathlib import Path

from scripts.pages import PageSet, check_front_matter, check_headings, check_history, check_nav, check_pairs, load_pages
from scripts.plans import check_plans
from scripts.playbooks import check_playbooks
from scripts.problems import Problem, format_problems
from scripts.provenance import check_provenance


def check_site(docs_dir: Path | None = None, with_nav: bool = True) -> tuple[PageSet, list[Problem]]:
    """Load the pages and run every source check; returns the pages and all problems."""
    pageset, problems = load_pages(docs_dir)
    problems += check_front_matter(pageset)
    problems += check_pairs(pageset)
    problems += check_headings(pageset)
    problems += check_history(pageset)
    if with_nav:
        problems += check_nav(pageset)
    problems += check_plans(pageset)
    problems += check_playbooks(pageset)
    problems += check_provenance(pageset)
    return pageset, problems


def main(argv: list[str] | None = None) -> int:
    """Print every problem, one per line; exit 1 if there are any."""
    args = argv if argv is not None else sys.argv[1:]
    _, problems = check_site(Path(args[0]) if args else None)
    if problems:
        print(format_problems(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print("All pages are valid.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
