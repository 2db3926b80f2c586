"""Limits on the shape of a page's body, checked before Markdown converts it.

Python-Markdown is recursive and, for some inputs, slow: blocks nested hundreds of
levels deep (``> > > …`` or lists indented further and further) take time that grows
faster than their size, and could exhaust Python's recursion; one line of hundreds of
thousands of characters makes every inline pattern scan it. No page of this site comes
near these limits (the deepest nesting today is 1 level, the longest line about 11,000
characters); a page that does is refused here with its file and line, before anything
is built. Whatever these limits do not foresee is still caught while converting
(``scripts/sns_policy/sources/guard.py``), naming the page.

The file size itself (1 MB) is limited where the file is read (``scripts/sns_policy/sources/frontmatter.py``).
"""
from __future__ import annotations

import re

from sns_policy.sources.frontmatter import Page
from sns_policy.problems import Problem

MAX_NESTING = 10
MAX_LINE_CHARS = 20_000
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r" {0,3}> ?")


def nesting(line: str) -> int:
    """How many blocks deep ``line`` sits: one per ``>`` marker, one per four columns of indentation."""
    depth, rest = 0, line
    while match := _QUOTE.match(rest):
        depth += 1
        rest = rest[match.end():]
    expanded = rest.expandtabs(4)
    return depth + (len(expanded) - len(expanded.lstrip(" "))) // 4


def check_page(page: Page) -> list[Problem]:
    """The first line of ``page`` that is too long and the first that is nested too deeply."""
    problems: list[Problem] = []
    fence: str | None = None
    long_seen = deep_seen = False
    for number, line in enumerate(page.body.split("\n"), page.body_line):
        if not long_seen and len(line) > MAX_LINE_CHARS:
            long_seen = True
            problems.append(Problem(page.name, "length", f"has a line of {len(line):,} characters; lines may have at most "
                                    f"{MAX_LINE_CHARS:,}: break it into paragraphs", number,
                                    f"{len(line):,} 文字の行があります。1 行は {MAX_LINE_CHARS:,} 文字までです。段落に分けてください。"))
        opening = _FENCE.match(line)
        if fence:  # code is shown as written, however it is indented
            if opening and opening.group(1).startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)[0] * 3
            continue
        if not deep_seen and (depth := nesting(line)) > MAX_NESTING:
            deep_seen = True
            problems.append(Problem(page.name, "nesting", f"nests blocks {depth} levels deep (quotes > and indented lists); "
                                    f"at most {MAX_NESTING} are allowed: use fewer levels", number,
                                    f"引用（>）や字下げした箇条書きの入れ子が {depth} 段あります。{MAX_NESTING} 段までにしてください。"))
        if long_seen and deep_seen:
            break
    return problems


def busiest_line(page: Page) -> int | None:
    """The line with the most ``[`` and ``<``, the characters that make Markdown's inline patterns slow.

    Named when converting a page ran out of time, as the most likely place to look.
    """
    lines = page.body.split("\n")
    if not lines:
        return None
    counts = [line.count("[") + line.count("<") for line in lines]
    index = max(range(len(lines)), key=counts.__getitem__)
    return page.body_line + index if counts[index] else None
