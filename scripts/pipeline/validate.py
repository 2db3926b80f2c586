"""Check every source page before building: ``python -m scripts.pipeline.validate``.

The build hook runs the same checks, so a pull request that breaks a rule fails the
build with the same messages an editor sees here. This is also the stable entry point
for CI: it prints every problem once, in Japanese and English, with file and line,
and exits 1; ``--github`` prints them as GitHub Actions annotations as well.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.content import a11y_report
from scripts.sources import source_limits
from scripts.sources.date_checks import check_dates
from scripts.sources.guard import failure
from scripts.sources.html_policy import check_page
from scripts.sources.pages import PageSet, check_front_matter, check_headings, check_history, check_nav, check_pairs, load_pages
from scripts.sources.personal_data import check_personal_data
from scripts.content.plans import check_plans
from scripts.content.playbooks import check_playbooks
from scripts.problems import Problem, display_path, github_annotations, set_root, summary, unique
from scripts.sources.provenance import check_provenance
from scripts.content.markers import check_markers
from scripts.content.statements import check_statements
from scripts.content.routes import check_after_hours
from scripts.site import load_site, use_config
from scripts.sources.snippets import check_snippets


NOT_RENDERED = frozenset({"--8<--", "length", "nesting"})


def check_site(docs_dir: Path | None = None, with_nav: bool = True) -> tuple[PageSet, list[Problem]]:
    """Load the pages and run every source check; returns the pages and all problems.

    The build runs exactly this in its pre-build hook; the rendered HTML is checked
    page by page as MkDocs renders it (see :func:`check_rendered`).
    """
    pageset, problems = load_pages(docs_dir)
    checks = [check_front_matter, check_pairs, check_headings, check_history, *([check_nav] if with_nav else []),
              check_plans, check_playbooks, check_provenance, check_dates, check_personal_data, check_snippets,
              check_markers, check_source_limits, check_accessibility_data,
              lambda pageset: check_statements(), check_after_hours]
    for check in checks:
        try:
            problems += check(pageset)
        except Exception as error:  # a check that breaks on some input still ends in a message, never a traceback
            problems.append(failure(display_path(pageset.docs_dir), error, "checked"))
    return pageset, unique(problems)


def check_accessibility_data(pageset: PageSet) -> list[Problem]:
    """The results a person recorded (scripts/data/accessibility-manual.yml) follow its rules."""
    return a11y_report.check_manual()


def check_source_limits(pageset: PageSet) -> list[Problem]:
    """No page is nested too deeply or has a line too long for Markdown (scripts/sources/source_limits.py)."""
    return [problem for lang in pageset.languages for page in pageset.of(lang).values()
            for problem in source_limits.check_page(page)]


def check_rendered(pageset: PageSet, skip: set[str] = frozenset()) -> list[Problem]:
    """The HTML allow-list on every page, rendered as the build renders it."""
    return [problem for lang in pageset.languages for page in pageset.of(lang).values()
            if page.name not in skip for problem in check_page(page)]


def main(argv: list[str] | None = None) -> int:
    """Print every problem once, in both languages; exit 1 if there are any."""
    parser = argparse.ArgumentParser(prog="python -m scripts.pipeline.validate", description="Check the site's sources.")
    parser.add_argument("docs_dir", nargs="?", type=Path, help="docs folder (default: docs_dir of mkdocs.yml)")
    parser.add_argument("-f", "--config-file", type=Path, help="mkdocs.yml to use (default: the project's)")
    parser.add_argument("--github", action="store_true", help="also print ::error annotations for GitHub Actions")
    args = parser.parse_args(argv)
    if args.config_file:
        use_config(args.config_file)
        set_root(load_site().root)
    pageset, problems = check_site(args.docs_dir)
    # A page whose includes are refused, or which is too large to convert, is not rendered: its problem is already named.
    problems = unique(problems + check_rendered(pageset, {p.file for p in problems if p.field in NOT_RENDERED}))
    if problems:
        if args.github:
            print(github_annotations(problems))
        print(summary(problems), file=sys.stderr)
        return 1
    print("問題はありません。 / All pages are valid.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
