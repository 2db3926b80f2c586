"""新旧対照表: what a revision changed, in the form Japanese public bodies publish.

The build makes one comparison page for every revision of every document that keeps a
revision history (``history`` in front matter), from git and front matter alone: the
text of version X is the page as of the last commit whose ``version`` was X
(scripts/sns_policy/history/versions.py), the current version is the file on disk. Nothing is committed
and nobody runs a command: an editor raises ``version``, adds a ``history`` row, and the
next build publishes the comparison, linked from that row.

Both texts are compared as readers read them: each is rendered with the site's own
Markdown settings, rules from scripts/data and the City website's reference filled
in, and its blocks (paragraphs, list items, table rows, notes) become the lines
compared. The new text is on the left, the previous text on the right, aligned by
section (heading id), changed passages underlined. Japanese is compared character by
character, English word by word. Sections that did not change are listed by heading
only, as 「（略）」.

The words follow the document's status: a draft is *revised* (修正), a document in
force is *amended* (改正), any other page is *revised* (改訂); see
``scripts/data/versioning.yml``.

Each document's own revision table and the site-wide 改定履歴 page are made here too, from the same
``history`` entries (``model.py``). ``python -m sns_policy.amendments.cli docs/ja/policy.md`` prints the
latest comparison of a page as text (``--old REV --new REV`` for any two commits or tags).
"""
from __future__ import annotations

import difflib
import posixpath
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import markdown as markdown_lib
from lxml import html as lxml_html
from mkdocs.utils import get_relative_url

from sns_policy import kept
from sns_policy.amendments.model import FEED, FOLDER, lang_prefix, revisions
from sns_policy.content.escape import html_text, md_text
from sns_policy.content.markers import expand_text
from sns_policy.content.render import HISTORY_ID, cell, city_website_reference, date_text, words_of
from sns_policy.content.words import labels, versioning
from sns_policy.dates import format_date
from sns_policy.history.versions import VersionText
from sns_policy.site import load_site
from sns_policy.sources.frontmatter import parse
from sns_policy.sources.pages import PageSet

UNCHANGED, CHANGED, ADDED, REMOVED = "unchanged", "changed", "added", "removed"
# What kind of change a revision is, by the document's status: only a document in force is amended.
KINDS = {"draft": "draft", "in_force": "amendment", "abolished": "amendment"}


def comparison_words(lang: str, doc_status: str | None) -> dict[str, str]:
    """The comparison's words for the kind of revision the document's status makes it,
    so a draft's comparison never says 改正 and an adopted document's always does."""
    data = versioning(lang)
    return {**data, **data["kinds"][KINDS.get(doc_status or "", "page")]}


@dataclass(frozen=True)
class MarkdownSettings:
    """How the site renders Markdown (from mkdocs.yml), so a comparison shows what the page shows."""

    extensions: tuple[Any, ...]
    configs: str  # JSON of the extensions' settings (hashable, part of the cache key)
    city_website: str
    snippets: str = ""  # the hash of the files pymdownx.snippets may include: a text that includes one renders it

    @classmethod
    def from_config(cls, config: Any) -> "MarkdownSettings":
        return cls(tuple(config["markdown_extensions"]), json.dumps(config["mdx_configs"], sort_keys=True, default=str),
                   load_site().website, _snippets_digest(config))  # the plugin's option, also when MkDocs' plugins have not run

    @classmethod
    def of_site(cls) -> "MarkdownSettings":
        """The settings of the project's mkdocs.yml, for the command line."""
        from mkdocs.config import load_config

        return cls.from_config(load_config(str(load_site().root / "mkdocs.yml")))

    @property
    def key(self) -> tuple[str, ...]:
        """These settings as text, for the memos of this module: the same key means the same rendering."""
        return (self.configs, self.city_website, str(self.extensions), self.snippets)

    def render(self, body: str) -> str:
        """The body as HTML, with the reference definitions the build adds to every page."""
        converter = markdown_lib.Markdown(extensions=list(self.extensions), extension_configs=json.loads(self.configs))
        return converter.convert(f"{body}\n\n{city_website_reference(self.city_website)}\n")


def _snippets_digest(config: Any) -> str:
    """The hash of every file under pymdownx.snippets' ``base_path`` (relative to mkdocs.yml)."""
    bases = ((config["mdx_configs"] or {}).get("pymdownx.snippets") or {}).get("base_path", [])
    project = Path(config.config_file_path or ".").resolve().parent
    return kept.key(*(kept.folder_digest(project / base) for base in ([bases] if isinstance(bases, str) else bases)))


# ---------------------------------------------------------------- sections, as readers read them

@dataclass(frozen=True)
class Section:
    """A heading and the text up to the next heading; key is the heading id ("" before the first)."""

    key: str
    title: str
    lines: tuple[str, ...]  # display text; the first line is the heading, except in the opening text


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP_CLASSES = {"headerlink", "md-source-file"}


def _text(element: Any, skip: set[str] = frozenset()) -> str:
    """The text of an element as it reads, without nested blocks named in ``skip``."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag in skip or _SKIP_CLASSES & set((node.get("class") or "").split()):
            if node.tail:
                parts.append(node.tail)
            return
        if node.tag == "br":
            parts.append(" ")
        elif node.tag == "input" and node.get("type") == "checkbox":
            parts.append("☑ " if node.get("checked") is not None else "☐ ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node.tail and node is not element:
            parts.append(node.tail)

    walk(element)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _blocks(element: Any, depth: int = 0) -> Iterator[tuple[str, str | None]]:
    """(line, heading id or None) for each block a reader sees, in order."""
    indent = "　" * depth
    for child in element:
        if not isinstance(child.tag, str) or _SKIP_CLASSES & set((child.get("class") or "").split()):
            continue
        tag, classes = child.tag, set((child.get("class") or "").split())
        if tag in _HEADINGS:
            yield _text(child), child.get("id") or f"title:{_text(child)}"
        elif tag in ("ul", "ol"):
            start = int(child.get("start") or 1)
            for number, item in enumerate((c for c in child if c.tag == "li"), start):
                mark = f"{number}. " if tag == "ol" else "・"
                own = _text(item, {"ul", "ol", "table", "div", "details", "pre", "blockquote"})
                if own:
                    yield f"{indent}{mark}{own}", None
                yield from _blocks_of_children(item, depth + 1)
        elif tag == "table":
            for row in child.iter("tr"):
                cells = [_text(cell) for cell in row if cell.tag in ("td", "th")]
                yield indent + " | ".join(cells), None
        elif tag == "dl":
            for item in child:
                if item.tag == "dt":
                    yield indent + _text(item), None
                elif item.tag == "dd":
                    yield from _blocks_or_text(item, depth + 1)
        elif tag == "pre":
            for line in child.text_content().splitlines():
                if line.strip():
                    yield indent + line.rstrip(), None
        elif "admonition" in classes or tag == "details":
            title = next((c for c in child if "admonition-title" in (c.get("class") or "") or c.tag == "summary"), None)
            if title is not None:
                yield f"{indent}【{_text(title)}】", None
            yield from _blocks([c for c in child if c is not title], depth)
        elif tag in ("div", "section", "blockquote", "article", "li", "dd"):
            yield from _blocks_or_text(child, depth)
        elif tag == "hr":
            continue
        else:
            text = _text(child)
            if text:
                yield indent + text, None


def _blocks_of_children(item: Any, depth: int) -> Iterator[tuple[str, str | None]]:
    """The nested blocks of a list item (sub-lists, tables, notes)."""
    nested = [c for c in item if isinstance(c.tag, str) and c.tag in ("ul", "ol", "table", "div", "details", "pre", "blockquote")]
    yield from _blocks(nested, depth)


def _blocks_or_text(element: Any, depth: int) -> Iterator[tuple[str, str | None]]:
    """Blocks of a container, or its text when it holds only inline content."""
    if any(isinstance(c.tag, str) and c.tag in ("p", "ul", "ol", "table", "div", "details", "pre", "dl", "blockquote",
                                                    *_HEADINGS) for c in element):
        yield from _blocks(element, depth)
    else:
        text = _text(element)
        if text:
            yield "　" * depth + text, None


# Texts already split in this process, by the text and how it is rendered (settings, snippets): the new
# text of one revision's comparison is the old text of the next, and `mkdocs serve` compares again on
# every save. Bounded: every version of every document, a few saves over.
_sectioned = kept.Memo("amendments.render.sectioned", 512, per_build=False)


def sections(body: str, settings: MarkdownSettings) -> list[Section]:
    """The rendered body split at every heading, each section keyed by its heading's id."""
    key = (body, *settings.key)
    if key not in _sectioned:
        _sectioned[key] = tuple(_sections(body, settings))
    return list(_sectioned[key])


def _sections(body: str, settings: MarkdownSettings) -> list[Section]:
    """:func:`sections`, made afresh."""
    root = lxml_html.fragment_fromstring(settings.render(body) or "<p></p>", create_parent="div")
    result: list[Section] = []
    key, title, lines = "", "", []
    for line, heading in _blocks(root):
        if heading is not None:
            if lines:
                result.append(Section(key, title, tuple(lines)))
            key, title, lines = heading, line, [line]
        elif line:
            lines.append(line)
    if lines:
        result.append(Section(key, title, tuple(lines)))
    return result


# ---------------------------------------------------------------- differences

def tokens(text: str, lang: str) -> list[str]:
    """Units of comparison: characters in Japanese, words, spaces and marks otherwise."""
    if lang == "ja":
        return list(text)
    return re.findall(r"\w+|\s+|[^\w\s]", text)


Segment = tuple[str, bool]  # text, whether it is amended


def _diff_text(old: str, new: str, lang: str) -> tuple[list[Segment], list[Segment]]:
    """Segments of one new and one old line of text, marking what differs.

    Tiny unchanged islands between two changes (a shared の or a space) are folded into
    the change, so a rewritten phrase reads as one underlined passage.
    """
    a, b = tokens(old, lang), tokens(new, lang)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    island = 2 if lang == "ja" else 1
    merged: list[list[Any]] = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        small = tag == "equal" and (i2 - i1) <= island
        between = merged and merged[-1][0] != "equal" and op is not ops[-1]
        if (small and between) or (tag != "equal" and merged and merged[-1][0] != "equal"):
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
            continue
        merged.append([tag, i1, i2, j1, j2])
    new_segments: list[Segment] = []
    old_segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in merged:
        if j2 > j1:
            new_segments.append(("".join(b[j1:j2]), tag != "equal"))
        if i2 > i1:
            old_segments.append(("".join(a[i1:i2]), tag != "equal"))
    return new_segments, old_segments


# Below this similarity two lines are different passages, not one passage edited.
_SIMILAR = 0.5


def diff(old: str, new: str, lang: str) -> tuple[list[Segment], list[Segment]]:
    """Segments of the new and the old text (lines joined by newlines), marking what differs.

    Lines (paragraphs, list items) are matched first, so an added paragraph is marked
    whole; a line that was edited is then compared inside, character by character in
    Japanese, so a one-character change underlines one character.
    """
    a, b = old.split("\n"), new.split("\n")
    new_out: list[Segment] = []
    old_out: list[Segment] = []

    def line(out: list[Segment], segments: list[Segment]) -> None:
        if out:
            out.append(("\n", False))
        out.extend(segments)

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for text in b[j1:j2]:
                line(new_out, [(text, False)])
            for text in a[i1:i2]:
                line(old_out, [(text, False)])
            continue
        olds, news = a[i1:i2], b[j1:j2]
        pairs = min(len(olds), len(news)) if tag == "replace" else 0
        for k in range(max(len(olds), len(news))):
            o = olds[k] if k < len(olds) else None
            n = news[k] if k < len(news) else None
            if k < pairs and o is not None and n is not None and \
                    difflib.SequenceMatcher(None, tokens(o, lang), tokens(n, lang), autojunk=False).ratio() >= _SIMILAR:
                new_segs, old_segs = _diff_text(o, n, lang)
                line(new_out, new_segs)
                line(old_out, old_segs)
                continue
            if n is not None:
                line(new_out, [(n, True)])
            if o is not None:
                line(old_out, [(o, True)])
    return new_out, old_out


def render_segments(segments: list[Segment], heading: bool) -> str:
    """HTML of one side of a row: one line per span, amended passages underlined."""
    lines: list[list[str]] = [[]]
    for text, changed in segments:
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if part:
                escaped = html_text(part, quote=False)
                lines[-1].append(f'<u class="amended">{escaped}</u>' if changed and part.strip() else escaped)
    out = []
    for index, parts in enumerate(lines):
        kind = "amend-heading" if heading and index == 0 else "amend-line"
        out.append(f'<span class="{kind}">{"".join(parts)}</span>')
    return "".join(out)


# ---------------------------------------------------------------- alignment

@dataclass
class Row:
    """One section of the comparison."""

    key: str
    status: str
    new: Section | None
    old: Section | None
    moved: bool = False
    segments: tuple[list[Segment], list[Segment]] = field(default_factory=lambda: ([], []))


def _moved_keys(old_keys: list[str], new_keys: list[str]) -> set[str]:
    """Sections present in both versions whose order relative to the others changed."""
    common_old = [k for k in old_keys if k in set(new_keys)]
    common_new = [k for k in new_keys if k in set(old_keys)]
    matcher = difflib.SequenceMatcher(None, common_old, common_new, autojunk=False)
    kept = {k for block in matcher.get_matching_blocks() for k in common_old[block.a:block.a + block.size]}
    return set(common_old) - kept


def _section_diff(old: Section, new: Section, lang: str) -> tuple[list[Segment], list[Segment]]:
    """A renamed heading is compared inside (same id: same section), then the text below it."""
    if not new.key:
        return diff("\n".join(old.lines), "\n".join(new.lines), lang)
    head_new, head_old = _diff_text(old.lines[0], new.lines[0], lang)
    body_new, body_old = diff("\n".join(old.lines[1:]), "\n".join(new.lines[1:]), lang)
    joint = [("\n", False)]
    return (head_new + (joint + body_new if len(new.lines) > 1 else []),
            head_old + (joint + body_old if len(old.lines) > 1 else []))


def compare(old_body: str, new_body: str, lang: str, settings: MarkdownSettings) -> list[Row]:
    """Rows of the comparison in the new text's order; deleted sections where they stood."""
    old_secs, new_secs = sections(old_body, settings), sections(new_body, settings)
    old_by, new_by = {s.key: s for s in old_secs}, {s.key: s for s in new_secs}
    moved = _moved_keys([s.key for s in old_secs], [s.key for s in new_secs])
    rows: list[Row] = []
    for sec in new_secs:
        before = old_by.get(sec.key)
        if before is None:
            rows.append(Row(sec.key, ADDED, sec, None, segments=([("\n".join(sec.lines), True)], [])))
            continue
        status = UNCHANGED if before.lines == sec.lines else CHANGED
        rows.append(Row(sec.key, status, sec, before, sec.key in moved, _section_diff(before, sec, lang)))
    # A deleted section goes after the section that preceded it in the previous text.
    for index, sec in enumerate(old_secs):
        if sec.key in new_by:
            continue
        row = Row(sec.key, REMOVED, None, sec, segments=([], [("\n".join(sec.lines), True)]))
        anchor = next((old_secs[j].key for j in range(index - 1, -1, -1) if old_secs[j].key in new_by or
                       any(r.key == old_secs[j].key for r in rows)), None)
        position = 0 if anchor is None else next(i for i, r in enumerate(rows) if r.key == anchor) + 1
        rows.insert(position, row)
    return rows


# ---------------------------------------------------------------- the page

def _cell(row: Row, side: str, w: dict[str, str]) -> str:
    sec = row.new if side == "new" else row.old
    if sec is None:
        return f'<span class="amend-note">{html_text(w["amend_added"] if side == "old" else w["amend_removed"])}</span>'
    segs = row.segments[0] if side == "new" else row.segments[1]
    note = f'<span class="amend-note">{html_text(w["amend_moved"])}</span>' if row.moved else ""
    if not sec.key:  # the opening text has no heading line
        return f'<span class="amend-note">{html_text(w["amend_preamble"])}</span>{note}{render_segments(segs, False)}'
    return note + render_segments(segs, True)


def _omitted(run: list[Row], lang: str, w: dict[str, str]) -> str:
    sep = "、" if lang == "ja" else "; "
    titles = sep.join(html_text(r.new.title if r.new and r.new.title else w["amend_preamble"]) for r in run)
    space = "" if lang == "ja" else " "
    text = f'{html_text(w["amend_omitted"])}{space}{titles}'
    cell = f'<td><span class="amend-omitted">{text}</span></td>'
    return f'<tr class="amend-unchanged">{cell}{cell}</tr>'


def table(rows: list[Row], lang: str, w: dict[str, str], title_change: tuple[str, str] | None = None) -> str:
    """The comparison as an HTML table: new | previous, unchanged runs folded into one row."""
    # Inside Material's scrolling box, like every other table (focusable by extra.js).
    out = ['<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="amendments">',
           f'<tr><th>{html_text(w["amend_new"])}</th><th>{html_text(w["amend_old"])}</th></tr>']
    if title_change:
        new_segs, old_segs = diff(title_change[0], title_change[1], lang)
        label = f'<span class="amend-note">{html_text(w["amend_title_row"])}</span>'
        out.append(f'<tr class="amend-changed"><td>{label}{render_segments(new_segs, False)}</td>'
                   f'<td>{label}{render_segments(old_segs, False)}</td></tr>')
    run: list[Row] = []
    for row in rows:
        if row.status == UNCHANGED and not row.moved:
            run.append(row)
            continue
        if run:
            out.append(_omitted(run, lang, w))
            run = []
        out.append(f'<tr class="amend-{row.status}"><td>{_cell(row, "new", w)}</td><td>{_cell(row, "old", w)}</td></tr>')
    if run:
        out.append(_omitted(run, lang, w))
    out.append("</table></div></div>")
    return "\n".join(out)


def _history_date(meta: dict[str, Any], version: str) -> str | None:
    for entry in meta.get("history") or []:
        if isinstance(entry, dict) and str(entry.get("version")) == version:
            return entry.get("date")
    return None


@dataclass
class Comparison:
    """One revision of one document, compared: what the page and the job summary show."""

    rel: str
    lang: str
    title: str
    old_title: str
    old_version: str
    new_version: str
    doc_status: str | None
    date: str | None
    rows: list[Row]

    @property
    def words(self) -> dict[str, str]:
        return comparison_words(self.lang, self.doc_status)


def comparison(rel: str, lang: str, old: VersionText, new: VersionText, settings: MarkdownSettings) -> Comparison:
    """Compare two versions of a page as readers read them."""
    old_meta, old_body = parse(old.text)
    new_meta, new_body = parse(new.text)
    # A rule stated once in scripts/data appears in the text as a marker: compare its words.
    old_body, new_body = (expand_text(b, lang, rel) for b in (old_body, new_body))
    title = str(new_meta.get("title", rel))
    return Comparison(rel, lang, title, str(old_meta.get("title", title)), old.version, new.version,
                      new_meta.get("doc_status"), _history_date(new_meta, new.version),
                      compare(old_body, new_body, lang, settings))


def render_page(item: Comparison) -> str:
    """The published comparison page (Markdown with one HTML table) for one revision."""
    lang, w = item.lang, item.words
    old_v, new_v = (w["amend_version"].format(version=v) for v in (item.old_version, item.new_version))
    meta = {
        "title": w["amend_title"].format(title=item.title, old=old_v, new=new_v),
        "version": item.new_version,
        "amendment": {"page": item.rel, "old": {"version": item.old_version}, "new": {"version": item.new_version}},
        # Comparisons quote old and new text: in search they would outrank the pages themselves.
        "search": {"exclude": True},
    }
    front = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
    back = posixpath.relpath(item.rel, FOLDER)
    date = format_date(item.date, lang) if item.date else "—"
    title_change = (item.title, item.old_title) if item.title != item.old_title else None
    return (
        f"---\n{front}\n---\n\n"
        f"{md_text(w['amend_intro'].format(title=item.title, old=old_v, new=new_v, date=date))}\n\n"
        f"[{md_text(w['amend_back'].format(title=item.title))}]({back}#history)\n\n"
        f'<p class="amend-legend"><u class="amended">{html_text(w["amend_note"])}</u></p>\n\n'
        f"{table(item.rows, lang, w, title_change)}\n\n"
        f"{md_text(w['amend_made'])}\n"
    )


def as_text(item: Comparison) -> str:
    """The comparison as Markdown for a pull request's summary: changed sections as a diff."""
    w = item.words
    old_v, new_v = (w["amend_version"].format(version=v) for v in (item.old_version, item.new_version))
    out = [f"**{md_text(w['amend_title'].format(title=item.title, old=old_v, new=new_v))}**", ""]
    changed = [row for row in item.rows if row.status != UNCHANGED or row.moved]
    if item.title != item.old_title:
        out += ["```diff", f"- {item.old_title}", f"+ {item.title}", "```"]
    for row in changed:
        heading = (row.new or row.old).title or w["amend_preamble"]
        out += [f"- {md_text(heading)}", "", "  ```diff"]
        old_lines = list(row.old.lines) if row.old else []
        new_lines = list(row.new.lines) if row.new else []
        for line in difflib.unified_diff(old_lines, new_lines, lineterm="", n=1):
            if line.startswith(("---", "+++", "@@")):
                continue
            out.append(f"  {line}")
        out += ["  ```", ""]
    if not changed and item.title == item.old_title:
        out.append(w["amend_no_text_change"])
    return "\n".join(out).rstrip() + "\n"





def revision_history(history: list[dict[str, Any]], lang: str, comparisons: dict[str, str] | None = None) -> str:
    """The page's revisions, newest first, under a heading of their own.

    ``comparisons`` maps a version to the link of its 新旧対照表; when the page has
    any, a column links each revision to what it changed.
    """
    words = words_of(lang)
    comparisons = comparisons or {}
    extra = versioning(lang)["amend_link"] if comparisons else None
    head = f"| {words['history_version']} | {words['history_date']} | {words['history_change']} |"
    # The wrapper lets a phone show each revision as a stacked block (extra.css), not four
    # squeezed columns; paper and wide screens keep the table.
    lines = [f"## {words['history']} {{ #{HISTORY_ID} }}", "", '<div class="history-table" markdown>', "",
             head + (f" {extra} |" if extra else ""), "|---|---|---|" + ("---|" if extra else "")]
    for entry in reversed(history):
        version = words["version_value"].format(version=entry["version"])
        row = f"| {cell(version)} | {cell(date_text(entry['date'], lang))} | {cell(entry['change'])} |"
        if extra:
            target = comparisons.get(str(entry["version"]))
            row += f" [{cell(extra)}]({target}) |" if target else f" {versioning(lang)['amend_none']} |"
        lines.append(row)
    return "\n".join([*lines, "", "</div>"])


def history_page(pageset: PageSet, lang: str, page_url: str) -> str:
    """Markdown of the site-wide revision history table (the page's own text comes first)."""
    w = versioning(lang)
    label = labels()[lang]
    href = get_relative_url(lang_prefix(lang) + FEED, page_url)  # written by the build, not a source page
    feed = f'<a class="feed-link" href="{href}">{html_text(w["feed_link"])}</a>'
    # The wrapper shows each revision as a stacked block on a phone, as a page's own history does
    # (extra.css .history-table): five columns on a 360 px screen left 3 or 4 characters a line.
    lines = [w["site_history_intro"].format(feed=feed), "", '<div class="history-table" markdown>', "",
             f"| {label['history_date']} | {w['site_history_document']} | {label['history_version']} "
             f"| {label['history_change']} | {w['amend_link']} |",
             "|---|---|---|---|---|"]
    for rev in revisions(pageset, lang):
        version = label["version_value"].format(version=rev.version)
        date = format_date(rev.date, lang) if rev.date else label["undecided"]
        link = f"[{w['amend_link']}]({rev.amendment})" if rev.amendment else w["amend_none"]
        lines.append(f"| {md_text(date)} | [{md_text(rev.title)}]({rev.rel}#history) | {md_text(version)} "
                     f"| {md_text(rev.change)} | {link} |")
    return "\n".join([*lines, "", "</div>"])


def head_link(page_url: str, lang: str) -> str:
    """The ``<link rel="alternate">`` that lets feed readers find the language's feed."""
    href = get_relative_url(lang_prefix(lang) + FEED, page_url)
    title = html_text(versioning(lang)["feed_link"])
    return f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">'
