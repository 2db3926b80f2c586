"""What a pull request changes in the documents, written for its reviewers.

``python -m sns_policy.commands.pr_summary --base origin/main`` compares the pages of the
checked-out commit with those of the base and prints Markdown: for each document the
pull request changes, its version change and its 新旧対照表 as text, then every
translation that now lags behind its original. In GitHub Actions it is appended to
the job's summary (``$GITHUB_STEP_SUMMARY``), which reviewers read on the pull
request's Checks tab without downloading anything. It only reads the repository, so
it needs no write permission and works for pull requests from forks.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sns_policy.amendments import render as amendments
from sns_policy.history import translations
from sns_policy.history.gitinfo import Git, repo
from sns_policy.sources.pages import load_pages
from sns_policy.history.versions import VersionText, version_of


def changed_pages(git: Git, base: str, docs: str = "docs") -> list[str]:
    """Markdown pages under ``docs`` that differ between ``base`` and the working tree."""
    out = git._run("diff", "--name-only", "--no-renames", base, "--", docs)  # noqa: SLF001 - read-only git call
    return sorted(name for name in out.splitlines() if name.endswith(".md"))


def _text_at(git: Git, rev: str, path: str) -> str | None:
    return git.show(git.resolve(rev), path)


def summary(git: Git, base: str, settings: amendments.MarkdownSettings | None = None) -> str:
    """The reviewers' summary as Markdown."""
    lines = ["## 文書の変更 / What this pull request changes", ""]
    pages = changed_pages(git, base)
    settings = settings or amendments.MarkdownSettings.of_site()
    shown = 0
    for path in pages:
        new_file = git.root / path
        old_text = _text_at(git, base, path)
        new_text = new_file.read_text(encoding="utf-8") if new_file.exists() else None
        old_v = version_of(old_text) if old_text else None
        new_v = version_of(new_text) if new_text else None
        if old_text is None:
            lines += [f"### `{path}`", "", f"新しいページ / new page (version {new_v})", ""]
            shown += 1
            continue
        if new_text is None:
            lines += [f"### `{path}`", "", "削除 / removed", ""]
            shown += 1
            continue
        change = f"version {old_v} → {new_v}" if old_v != new_v else f"version {new_v} (unchanged: a wording fix)"
        lines += [f"### `{path}`", "", change, ""]
        try:
            rel = path.split("/", 2)[2]
            lang = path.split("/", 2)[1]
            item = amendments.comparison(rel, lang, VersionText(old_v or "?", None, old_text),
                                         VersionText(new_v or "?", None, new_text), settings)
            lines += [amendments.as_text(item), ""]
        except Exception as error:  # a broken page is named by validate; the summary still lists the rest
            lines += [f"(新旧対照表を作成できません / no comparison: {error})", ""]
        shown += 1
    if not shown:
        lines += ["文書の変更はありません。 / No page changes.", ""]
    pageset, _ = load_pages(git.root / "docs")
    lagging = translations.report(translations.behind(pageset))
    lines += ["## 翻訳の状況 / Translations behind their original", ""]
    lines += [f"- `{line}`" for line in lagging] or ["すべての翻訳が原文の版に追いついています。 / Every translation follows its original's version."]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the summary, and append it to ``$GITHUB_STEP_SUMMARY`` when that is set."""
    parser = argparse.ArgumentParser(prog="python -m sns_policy.commands.pr_summary", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the commit the pull request goes into, e.g. origin/main")
    args = parser.parse_args(argv)
    git = repo()
    if not git.available:
        print(f"Cannot compare with {args.base}: {git.reason}.", file=sys.stderr)
        return 2
    text = summary(git, args.base)
    sys.stdout.write(text)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
