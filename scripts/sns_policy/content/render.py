"""The generic Markdown and HTML the build writes into pages, derived from front matter: the document
header, the translation notice, the contents, the city website's reference, and the small helpers the
parts of every capability use (``words_of``, ``cell``, ``date_text``, ``list_sep``, ``role_name``). A
capability's own parts (a plan's box, the registry, the card, the 新旧対照表, …) are in its package's
``render.py``.

Every function here is pure: data in, text out. ``scripts/sns_policy/pipeline/compose.py`` decides
where it goes; the tests call these functions directly.
"""
from __future__ import annotations

import re
from typing import Any

from mkdocs.utils import get_relative_url

from sns_policy.content.escape import html_text, md_text
from sns_policy.content.words import labels
from sns_policy.dates import format_date, parse_partial
from sns_policy.sources.markdown_ids import headings
from sns_policy.sources.schema import roles

# The id of the revision history a page with `history` in its front matter ends with; no heading of its text may take it.
HISTORY_ID = "history"


def words_of(lang: str) -> dict[str, Any]:
    """The site's words (labels.yml) in one language."""
    return labels()[lang]


def list_sep(lang: str) -> str:
    """How a list is joined in running text."""
    return "、" if lang == "ja" else ", "


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell (see :func:`md_text`)."""
    return md_text(text)


def date_text(value: str | None, lang: str) -> str:
    """A date of known precision; an undecided day is said to be undecided."""
    words = words_of(lang)
    if not value:
        return words["undecided"]
    text = format_date(value, lang)
    return text if parse_partial(value)[2] else text + words["day_undecided"]


def role_name(role: str, lang: str) -> str:
    """Display name of a role id from the shared list."""
    return roles()[role][lang]


def _provenance(meta: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """Where a document's text comes from, as the proposal says it and no more.

    The 2016 proposal was a summary submitted to a meeting, not an adopted text: the
    header says "submitted" and "planned to take effect", never "established". A day the
    proposal left blank stays blank rather than becoming "not yet decided".
    """
    words = words_of(lang)
    submitted, planned = meta.get("submitted"), meta.get("planned_effect")
    if submitted:
        submitted_text = words["submitted_value"].format(
            date=format_date(submitted, lang), meeting=words["proposal_meeting"])
        basis = words["text_from_proposal"]
    else:
        submitted_text, basis = words["not_submitted"], words["text_from_site"]
    if not planned:
        planned_text = words["no_planned_effect"]
    else:
        planned_text = format_date(planned, lang)
        if not parse_partial(planned)[2]:
            planned_text += words["planned_effect_day_blank"]
    return [
        (words["submitted"], submitted_text),
        (words["planned_effect"], planned_text),
        (words["text_basis"], basis),
    ]


def _version_date(meta: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The date of the version shown, from its history row: a reader of the folded header or the
    PDF cover must not have to scroll to the last-updated line to learn it (reader test D13)."""
    rows = [row for row in meta.get("history") or [] if str(row.get("version")) == str(meta["version"])]
    if not rows or not rows[-1].get("date"):
        return []
    return [(words_of(lang)["version_date"], format_date(str(rows[-1]["date"]), lang))]


def doc_header(meta: dict[str, Any], lang: str) -> str:
    """Version, status and provenance of a document page, as a definition list."""
    words = words_of(lang)
    items = [
        (words["version"], words["version_value"].format(version=meta["version"])),
        *_version_date(meta, lang),
        (words["status"], words["statuses"][meta["doc_status"]]),
        *_provenance(meta, lang),
    ]
    rows = "".join(
        f'<div><dt>{html_text(k)}</dt><dd>{html_text(v)}</dd></div>' for k, v in items
    )
    # Left out of the search index: results would start with 「版第1.2版状態案…」 (Material's data-search-exclude).
    return f'<dl class="doc-header" data-status="{html_text(meta["doc_status"])}" data-search-exclude>{rows}</dl>'


def compact_header(meta: dict[str, Any], lang: str, blocks: list[str]) -> str:
    """The status box, PDF link and contents folded into one line above the text.

    On a phone these blocks pushed the first section 1.7 screens down. The summary line
    keeps the version and status in view (a draft must never look adopted); the rest
    opens on demand and prints in full (extra.css opens it on paper).
    """
    words = words_of(lang)
    line = words["doc_summary"].format(version=words["version_value"].format(version=meta["version"]),
                                       status=words["statuses"][meta["doc_status"]])
    inside = "".join(b for b in blocks if b)
    translated = words.get("doc_summary_translation") if 'class="translation-note"' in inside else ""
    note = f'<span class="doc-summary__translation">{html_text(translated)}</span>' if translated else ""
    return (f'<details class="doc-summary" data-search-exclude>'
            f'<summary>{html_text(line)}<span class="doc-summary__more">{html_text(words["doc_summary_more"])}</span>{note}</summary>'
            f'{inside}</details>')


_HEADERLINK_TITLE = re.compile(r'(<a class="headerlink" href="#[^"]*") title="[^"]*"')


def permalink_titles(page_html: str, lang: str) -> str:
    """The tooltip of each heading's link in the page's language.

    Python-Markdown's toc takes one ``permalink_title`` for the whole build, so English
    headings said この見出しへのリンク; the words are in labels.yml per language.
    """
    title = html_text(words_of(lang)["permalink_title"])
    return _HEADERLINK_TITLE.sub(lambda m: f'{m.group(1)} title="{title}"', page_html)


def city_website_reference(url: str) -> str:
    """The Markdown link definition behind ``[text][city-website]`` on every page.

    The address is configured once (the ``sns-policy`` plugin's ``website`` in mkdocs.yml); pages name it
    by reference so no page repeats it and a change of address is one edit.
    """
    return f"[city-website]: {url}"


def translation_note(lang: str, original_url: str, page_url: str) -> str:
    """Tell readers of a translation that the Japanese text is authoritative."""
    words = words_of(lang)
    if not words.get("translation_note"):
        return ""
    href = get_relative_url(original_url, page_url)
    link = f'<a href="{href}" hreflang="ja">{html_text(words["translation_link"])}</a>'
    # The same on every English page: left out of the search index, like the document header.
    return f'<p class="translation-note" data-search-exclude>{words["translation_note"].format(link=link)}</p>'


CONTENTS_MIN_SECTIONS = 4


def page_contents(body: str, lang: str, extra: list[tuple[str, str]] = (), opened: bool = False) -> str:
    """Links to the page's sections (level-2 headings with an id, then ``extra``), or "".

    Shown on narrow screens only, where Material keeps its table of contents in the
    drawer; wide screens show Material's own contents beside the text (extra.css).
    """
    sections = [(h.id, h.title) for h in headings(body) if h.level == 2 and h.id] + list(extra)
    if len(sections) < CONTENTS_MIN_SECTIONS:
        return ""
    title = html_text(words_of(lang)["page_contents"])
    items = "".join(f'<li><a href="#{html_text(i)}">{html_text(t)}</a></li>' for i, t in sections)
    return f'<details class="page-contents"{" open" if opened else ""} data-search-exclude><summary>{title}</summary><ol>{items}</ol></details>'


