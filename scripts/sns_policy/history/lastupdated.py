"""The date each page's source last changed, from git: shown at the foot of every page.

mkdocs-git-revision-date-localized-plugin was the first choice, but it formats dates
with Babel, which has no Japanese imperial calendar, so it cannot write 和暦 with 西暦
(令和8年（2026年）11月25日) as the city does; this small module uses ``scripts/dates``
instead. The date is the committer date of the last commit that changed the file (in
Japan time), never the build time, so two builds of one commit are identical.
Without full history (an exported tree, a shallow clone) the page says the date is
unknown and the build log says why; with ``SITE_RELEASE=1`` that is an error.
"""
from __future__ import annotations

from pathlib import Path

from sns_policy.content.escape import html_text
from sns_policy.content.words import versioning
from sns_policy.dates import format_date
from sns_policy.history.gitinfo import Commit, repo
from sns_policy.site import ROOT


def last_change(source: Path, root: Path = ROOT) -> Commit | None:
    """The last commit that changed ``source`` (an absolute path in the working tree)."""
    git = repo(root)
    if not git.available:
        return None
    try:
        rel = source.resolve().relative_to(git.root.resolve()).as_posix()
    except ValueError:
        return None
    docs = rel.split("/", 1)[0]
    return git.last_changes(docs).get(rel)


def footer(source: Path, lang: str, root: Path = ROOT) -> str:
    """The last-updated line of a page, or the notice that it cannot be known here."""
    w = versioning(lang)
    commit = last_change(source, root)
    if commit is None:
        return f'<p class="last-updated">{html_text(w["last_updated_unknown"])}</p>'
    text = w["last_updated"].format(date=format_date(commit.day, lang))
    return f'<p class="last-updated">{html_text(text)}</p>'
