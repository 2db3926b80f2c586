"""新旧対照表: what an amendment changed, in the form Japanese public bodies publish.

``python -m scripts.amendments docs/ja/policy.md`` prints the comparison of the page's
previous version with its current one (``--old REV --new REV`` for any two commits or
tags; ``WORKTREE`` is the files on disk). ``--write`` regenerates every published
comparison under ``docs/<lang>/amendments/``; ``--check`` says which are out of date.

The amended text is on the left, the previous text on the right, aligned by section
(heading id), changed passages underlined (傍線部分は改正部分). Japanese has no
spaces between words, so Japanese is compared character by character; English word by
word. Sections that did not change are listed by heading only, as 「（略）」.

The comparisons are committed, not generated during the build: a reviewer reads the
comparison in the pull request's diff, the build needs no git history to publish
them, and a test fails when a committed comparison differs from what git says.
"""
from __future__ import annotations

import argparse
import difflib
import html
import json
import posixpath
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from scripts import datafiles
from scripts.dates import format_date
from scripts.frontmatter import parse
from scripts.gitinfo import Git, repo
from scripts.markdown_ids import headings
from scripts.site import ROOT, load_site
from scripts.versions import VersionText, text_at, version_texts
from scripts.rules import expand_text

FOLDER = "amendments"
UNCHANGED, CHANGED, ADDED, REMOVED = "unchanged", "changed", "added", "removed"


@lru_cache(maxsize=None)
def words(lang: str) -> dict[str, str]:
    """Words of the versioning features in ``lang`` (``scripts/data/versioning.yml``)."""
    return datafiles.load("versioning.yml")[lang]


# ---------------------------------------------------------------- sections and plain text

@dataclass(frozen=True)
class Section:
    """A heading and the text up to the next heading; key is the heading id ("" before the first)."""

    key: str
    title: str
    lines: tuple[str, ...]  # display text; the first line is the heading, except in the opening text


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+"([^"]*)")?\s*$')
_ATTRS = re.compile(r"\s*\{:?\s*[#.][^}]*\}\s*$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def plain_lines(markdown: str) -> list[str]:
    """The readable text of Markdown source, one display line per source line.

    Link targets, emphasis marks and attribute lists are dropped so the comparison
    shows what a reader reads; a changed word is still a changed word.
    """
    out: list[str] = []
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if raw.startswith("    "):
            line = line[4:]
        stripped = line.strip()
        if not stripped or _TABLE_RULE.match(stripped) or stripped.startswith("<!--"):
            continue
        admonition = _ADMONITION.match(stripped)
        if admonition:
            if admonition.group(1):
                out.append(f"【{admonition.group(1)}】")
            continue
        line = _LINK.sub(r"\1", line)
        line = _AUTOLINK.sub(r"\1", line)
        line = _ATTRS.sub("", line).replace("**", "").replace("`", "")
        out.append(line)
    return out


def sections(body: str) -> list[Section]:
    """The body split at every heading, each section keyed by its heading's id."""
    found = headings(body)
    result = []
    opening = plain_lines(body[: found[0].start] if found else body)
    if opening:
        result.append(Section("", "", tuple(opening)))
    for index, heading in enumerate(found):
        end = found[index + 1].start if index + 1 < len(found) else len(body)
        key = heading.id or f"title:{heading.title}"
        lines = (heading.title, *plain_lines(body[heading.end:end]))
        result.append(Section(key, heading.title, lines))
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
                escaped = html.escape(part, quote=False)
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


def compare(old_body: str, new_body: str, lang: str) -> list[Row]:
    """Rows of the comparison in the new text's order; deleted sections where they stood."""
    old_secs, new_secs = sections(old_body), sections(new_body)
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

def _cell(row: Row, side: str, lang: str) -> str:
    w = words(lang)
    sec = row.new if side == "new" else row.old
    if sec is None:
        return f'<span class="amend-note">{html.escape(w["amend_added"] if side == "old" else w["amend_removed"])}</span>'
    segs = row.segments[0] if side == "new" else row.segments[1]
    note = f'<span class="amend-note">{html.escape(w["amend_moved"])}</span>' if row.moved else ""
    if not sec.key:  # the opening text has no heading line
        return f'<span class="amend-note">{html.escape(w["amend_preamble"])}</span>{note}{render_segments(segs, False)}'
    return note + render_segments(segs, True)


def _omitted(run: list[Row], lang: str) -> str:
    w = words(lang)
    sep = "、" if lang == "ja" else "; "
    titles = sep.join(html.escape(r.new.title if r.new and r.new.title else w["amend_preamble"]) for r in run)
    space = "" if lang == "ja" else " "
    text = f'{html.escape(w["amend_omitted"])}{space}{titles}'
    cell = f'<td><span class="amend-omitted">{text}</span></td>'
    return f'<tr class="amend-unchanged">{cell}{cell}</tr>'


def table(rows: list[Row], lang: str, title_change: tuple[str, str] | None = None) -> str:
    """The comparison as an HTML table: 改正後 | 改正前, unchanged runs folded into one row."""
    w = words(lang)
    # Inside Material's scrolling box, like every other table (focusable by extra.js).
    out = ['<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="amendments">',
           f'<tr><th>{html.escape(w["amend_new"])}</th><th>{html.escape(w["amend_old"])}</th></tr>']
    if title_change:
        new_segs, old_segs = diff(title_change[0], title_change[1], lang)
        label = f'<span class="amend-note">{html.escape(w["amend_title_row"])}</span>'
        out.append(f'<tr class="amend-changed"><td>{label}{render_segments(new_segs, False)}</td>'
                   f'<td>{label}{render_segments(old_segs, False)}</td></tr>')
    run: list[Row] = []
    for row in rows:
        if row.status == UNCHANGED and not row.moved:
            run.append(row)
            continue
        if run:
            out.append(_omitted(run, lang))
            run = []
        out.append(f'<tr class="amend-{row.status}"><td>{_cell(row, "new", lang)}</td><td>{_cell(row, "old", lang)}</td></tr>')
    if run:
        out.append(_omitted(run, lang))
    out.append("</table></div></div>")
    return "\n".join(out)


def slug(rel: str) -> str:
    """``guideline/risk.md`` → ``guideline-risk``: one flat folder of comparisons per language."""
    return rel[:-3].replace("/", "-")


def page_path(rel: str, version: str) -> str:
    """Where the comparison that brought ``rel`` to ``version`` is published, inside a language."""
    return f"{FOLDER}/{slug(rel)}-{version}.md"


def _history_date(meta: dict[str, Any], version: str) -> str | None:
    for entry in meta.get("history") or []:
        if isinstance(entry, dict) and str(entry.get("version")) == version:
            return entry.get("date")
    return None


def render_page(rel: str, lang: str, old: VersionText, new: VersionText) -> str:
    """The published comparison page (Markdown with one HTML table) for one revision."""
    w = words(lang)
    old_meta, old_body = parse(old.text)
    new_meta, new_body = parse(new.text)
    title = str(new_meta.get("title", rel))
    old_v, new_v = (w["amend_version"].format(version=v.version) for v in (old, new))
    # A rule stated once in scripts/data appears in the text as a marker: compare its words.
    old_body, new_body = (expand_text(b, lang, rel) for b in (old_body, new_body))
    rows = compare(old_body, new_body, lang)
    old_title = str(old_meta.get("title", title))
    date = _history_date(new_meta, new.version)
    meta = {
        "title": w["amend_title"].format(title=title, old=old_v, new=new_v),
        "version": new.version,
        "amendment": {
            "page": rel,
            "old": {"version": old.version, "commit": old.commit.sha if old.commit else None},
            "new": {"version": new.version, "commit": new.commit.sha if new.commit else None},
        },
        # Comparisons quote old and new text: in search they would outrank the pages themselves.
        "search": {"exclude": True},
    }
    front = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
    back = posixpath.relpath(rel, FOLDER)
    source_new = w["amend_commit"].format(sha=new.commit.sha[:12]) if new.commit else w["amend_worktree"]
    source = w["amend_source"].format(old=old.commit.sha[:12] if old.commit else "—", new=source_new)
    return (
        f"---\n{front}\n---\n\n"
        f"<!-- Generated by `python -m scripts.amendments --write`; do not edit by hand. -->\n\n"
        f"{w['amend_intro'].format(title=title, old=old_v, new=new_v, date=format_date(date, lang) if date else '—')}\n\n"
        f"[{w['amend_back'].format(title=title)}]({back}#history)\n\n"
        f'<p class="amend-legend"><u class="amended">{html.escape(w["amend_note"])}</u></p>\n\n'
        f"{table(rows, lang, (title, old_title) if title != old_title else None)}\n\n"
        f"{source}\n"
    )


# ---------------------------------------------------------------- all published comparisons

def documents(lang: str, root: Path = ROOT) -> list[str]:
    """Pages of a language that keep a revision history (their paths inside the language)."""
    docs = load_site().docs_dir if root == ROOT else root / "docs"
    base = docs / lang
    found = []
    for path in sorted(base.rglob("*.md")):
        rel = path.relative_to(base).as_posix()
        if rel.startswith(f"{FOLDER}/"):
            continue
        try:
            meta, _ = parse(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if meta.get("history"):
            found.append(rel)
    return found


def expected(root: Path = ROOT, git: Git | None = None) -> dict[Path, str]:
    """Every comparison page the history calls for, by its path, with its text."""
    git = git or repo(root)
    docs_rel = (load_site().docs_dir if root == ROOT else root / "docs").relative_to(root).as_posix()
    pages: dict[Path, str] = {}
    for lang in load_site().languages:
        for rel in documents(lang, root):
            texts = version_texts(f"{docs_rel}/{lang}/{rel}", git, root)
            for old, new in zip(texts, texts[1:]):
                pages[root / docs_rel / lang / page_path(rel, new.version)] = render_page(rel, lang, old, new)
    return pages


def published(root: Path = ROOT) -> dict[Path, str]:
    """The comparison pages in the tree now."""
    docs = load_site().docs_dir if root == ROOT else root / "docs"
    return {p: p.read_text(encoding="utf-8") for lang in load_site().languages
            for p in sorted((docs / lang / FOLDER).glob("*.md"))}


def differences(root: Path = ROOT) -> list[str]:
    """Comparison pages that are missing, out of date or no longer called for."""
    want, have = expected(root), published(root)
    out = []
    for path in sorted(set(want) | set(have)):
        name = path.relative_to(root).as_posix()
        if path not in have:
            out.append(f"{name}: missing")
        elif path not in want:
            out.append(f"{name}: no revision calls for it")
        elif want[path] != have[path]:
            out.append(f"{name}: differs from what git says")
    return out


def write_all(root: Path = ROOT) -> list[Path]:
    """Make the committed comparisons equal to what git says; returns the files changed."""
    want, have = expected(root), published(root)
    changed = []
    for path, text in want.items():
        if have.get(path) != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for path in set(have) - set(want):
        path.unlink()
        changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    """Print one comparison, or write / check all published ones."""
    parser = argparse.ArgumentParser(prog="python -m scripts.amendments", description=__doc__.split("\n\n")[0])
    parser.add_argument("page", nargs="?", help="a page, e.g. docs/ja/policy.md")
    parser.add_argument("--old", help="revision of the previous text (default: the last commit of the previous version)")
    parser.add_argument("--new", help="revision of the amended text (default: the files on disk)")
    parser.add_argument("--write", action="store_true", help="regenerate every comparison under docs/<lang>/amendments/")
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed comparison is out of date")
    args = parser.parse_args(argv)
    git = repo()
    if (args.write or args.check or args.old) and not git.available:
        print(f"Cannot compare versions: {git.reason}.", file=sys.stderr)
        return 2
    if args.write:
        for path in write_all():
            print(f"updated {path.relative_to(ROOT)}")
        return 0
    if args.check:
        problems = differences()
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print("Run: python -m scripts.amendments --write", file=sys.stderr)
        return 1 if problems else 0
    if not args.page:
        parser.error("give a page, --write or --check")
    path = Path(args.page).resolve().relative_to(ROOT).as_posix()
    lang = next((lang for lang in load_site().languages if f"/{lang}/" in f"/{path}"), load_site().default_language)
    rel = path.split(f"/{lang}/", 1)[1]
    if args.old:
        old, new = text_at(path, args.old, git), text_at(path, args.new or "WORKTREE", git)
    else:
        texts = version_texts(path, git)
        if len(texts) < 2:
            print(f"{path} has only one version in git; give --old REV", file=sys.stderr)
            return 1
        old, new = texts[-2], texts[-1]
    sys.stdout.write(render_page(rel, lang, old, new))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
