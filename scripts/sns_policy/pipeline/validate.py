"""Check every source page before building: ``python -m sns_policy.pipeline.validate``.

The build hook runs the same checks, so a pull request that breaks a rule fails the
build with the same messages an editor sees here. This is also the stable entry point
for CI: it prints every problem once, in Japanese and English, with file and line,
and exits 1; ``--github`` prints them as GitHub Actions annotations as well.
"""
from __future__ import annotations

import argparse
import dataclasses
import posixpath
import sys
from pathlib import Path
from urllib.parse import unquote

from sns_policy import datafiles
from sns_policy.a11y import checks as a11y_checks
from sns_policy.content import render
from sns_policy.sources import published_files, source_limits
from sns_policy.sources import data_checks
from sns_policy.sources.data_checks import check_data_files
from sns_policy.sources.date_checks import check_dates
from sns_policy.sources.guard import failure
from sns_policy.sources.html_policy import check_page
from sns_policy.sources.markdown_ids import duplicate_id, headings
from sns_policy.sources.pages import PageSet, check_front_matter, check_headings, check_history, check_nav, check_pairs, load_pages
from sns_policy.sources.personal_data import check_personal_data
from sns_policy.plans import model as plans
from sns_policy.plans.checks import check_plans
from sns_policy.playbooks import model as playbooks
from sns_policy.playbooks.checks import check_playbooks
from sns_policy.problems import Problem, display_path, github_annotations, set_root, summary, unique
from sns_policy.sources.provenance import check_provenance
from sns_policy.content import markers
from sns_policy.content.markers import check_markers
from sns_policy.content.statements import check_statements
from sns_policy.content.routes import check_after_hours, check_placeholders
from sns_policy.site import load_site, use_config
from sns_policy.sources.snippets import check_snippets


NOT_RENDERED = frozenset({"--8<--", "length", "nesting"})
# The kinds of structured page, each named by its capability: the generic checks keep each in its folder and check its dates.
RECORD_KINDS = (plans.KIND, playbooks.KIND)


def check_site(docs_dir: Path | None = None, with_nav: bool = True) -> tuple[PageSet, list[Problem]]:
    """Load the pages and run every source check; returns the pages and all problems.

    The data files come first: every other check reads them, so while one is broken only its problems are
    reported (with an empty set of pages). The build runs exactly this in its pre-build hook; the rendered HTML is checked
    page by page as MkDocs renders it (see :func:`check_rendered`).
    """
    try:
        data_problems = check_data_files()
    except Exception as error:  # as for any check: a message, never a traceback
        data_problems = [failure("scripts/data", error, "checked")]
    if data_problems:  # every other check reads the data files: they are fixed first
        site = load_site()
        return PageSet(docs_dir or site.docs_dir, site.languages, {lang: {} for lang in site.languages}, set()), unique(data_problems)
    pageset, problems = load_pages(docs_dir)
    checks = [check_published_files, lambda pageset: check_front_matter(pageset, RECORD_KINDS), check_pairs, check_headings,
              check_history, *([check_nav] if with_nav else []), check_plans, check_playbooks, check_provenance,
              lambda pageset: check_dates(pageset, RECORD_KINDS), check_personal_data, check_snippets,
              check_markers, check_source_limits, check_accessibility_data, check_history_id, check_data_text,
              lambda pageset: check_statements(), check_after_hours,
              lambda pageset: check_placeholders()]
    for check in checks:
        try:
            problems += check(pageset)
        except Exception as error:  # a check that breaks on some input still ends in a message, never a traceback
            problems.append(failure(display_path(pageset.docs_dir), error, "checked"))
    return pageset, unique(problems)


def check_accessibility_data(pageset: PageSet) -> list[Problem]:
    """The results a person recorded (scripts/data/accessibility-manual.yml) follow its rules."""
    return a11y_checks.check_manual()


def check_data_text(pageset: PageSet) -> list[Problem]:
    """A text of a data file that breaks a page rule is named at its data file and key, then at the pages that show it
    (through a {{rule:…}} marker: scripts/sns_policy/content/markers.py)."""
    found = data_checks.text_problems()
    linked = [(data, path, text) for name in datafiles.names() for data in [datafiles.read(name)]
              for path, text in data_checks.strings(data.value) if data_checks.relative_links(text)]
    if not found and not linked:
        return []
    shown = {(lang, rel): _expanded(page.body, lang, pageset, rel)
             for lang in pageset.languages for rel, page in pageset.of(lang).items() if "{{" in page.body}
    problems = []
    for problem, text in found:
        pages = sorted({pageset.of(lang)[rel].name for (lang, rel), markdown in shown.items() if text in markdown})
        if pages:
            problem = dataclasses.replace(problem, message=f"{problem.message} (shown on {', '.join(pages)})",
                                          ja=f"{problem.ja}（表示されるページ：{'、'.join(pages)}）")
        problems.append(problem)
    for data, path, text in linked:  # a link in a data file resolves from each page that shows it
        for (lang, rel), markdown in shown.items():
            if text not in markdown:
                continue
            for target in data_checks.relative_links(text):
                file = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(target.split("#")[0])))
                if file not in pageset.of(lang) and not (pageset.docs_dir / lang / file).is_file():
                    page = pageset.of(lang)[rel].name
                    problems.append(Problem(data.name, data_checks.field_name(path),
                                            f"links to {target!r}, which does not exist seen from {page}, where this text is shown",
                                            data.line_of(path), f"のリンク先 {target!r} は、この文が表示される {page} から見て存在しません。"))
    return problems


def _expanded(body: str, lang: str, pageset: PageSet, rel: str) -> str:
    """A page's text with its markers expanded, or as written when a marker is broken (check_markers names it)."""
    try:
        return markers.expand(body, lang, pageset, rel)
    except Exception:  # noqa: BLE001 - the marker's own check reports it with its line
        return body


def check_published_files(pageset: PageSet) -> list[Problem]:
    """Every file MkDocs would copy from docs/ is a page, an allowed image or an allowed download
    (scripts/sns_policy/sources/published_files.py)."""
    return published_files.check_files(pageset.docs_dir)


def check_history_id(pageset: PageSet) -> list[Problem]:
    """A page with a revision history may not give a heading of its own the history's id (the build checks every
    heading it adds in the same way, scripts/sns_policy/pipeline/compose.py)."""
    return [duplicate_id(page.name, heading.id, None, page.body_line + page.body[:heading.start].count("\n"),
                         "the revision history the build adds")
            for lang in pageset.languages for page in pageset.of(lang).values() if "history" in page.meta
            for heading in headings(page.body) if heading.id == render.HISTORY_ID]


def check_source_limits(pageset: PageSet) -> list[Problem]:
    """No page is nested too deeply or has a line too long for Markdown (scripts/sns_policy/sources/source_limits.py)."""
    return [problem for lang in pageset.languages for page in pageset.of(lang).values()
            for problem in source_limits.check_page(page)]


def check_rendered(pageset: PageSet, skip: set[str] = frozenset()) -> list[Problem]:
    """The HTML allow-list on every page, rendered as the build renders it."""
    return [problem for lang in pageset.languages for page in pageset.of(lang).values()
            if page.name not in skip for problem in check_page(page)]


def main(argv: list[str] | None = None) -> int:
    """Print every problem once, in both languages; exit 1 if there are any."""
    parser = argparse.ArgumentParser(prog="python -m sns_policy.pipeline.validate", description="Check the site's sources.")
    parser.add_argument("docs_dir", nargs="?", type=Path, help="docs folder (default: docs_dir of mkdocs.yml)")
    parser.add_argument("-f", "--config-file", type=Path,
                        help="mkdocs.yml to use (default: the one in the working folder, as for mkdocs build)")
    parser.add_argument("--github", action="store_true", help="also print ::error annotations for GitHub Actions")
    args = parser.parse_args(argv)
    # The engine is installed (pip), so the site is the one being worked on, as `mkdocs build` finds it, not the package's neighbour.
    config_file = args.config_file or (Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else None)
    if config_file:
        use_config(config_file)
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
