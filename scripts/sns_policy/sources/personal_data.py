"""Personal data is never published: phone numbers, e-mail addresses, 内線 extensions.

The site's own rules forbid staff contact details anywhere; a number in a page body
would reach the page and the search index, so the build refuses it and names the line.
The allow-list holds what the site must show: the emergency numbers 119 and 110
(they never look like a phone number to these patterns) and example addresses in
documentation (``example.jp``, ``example.com``, ``example.org``).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterator

from sns_policy.sources.frontmatter import Page
from sns_policy.sources.pages import PageSet
from sns_policy.problems import Problem

# 0123-45-6789, 022 (123) 4567, 090-1234-5678, +81-123-45-6789, 0123456789; Japanese
# text may follow a number directly ("…6789に電話"), so only ASCII letters end a match.
_PHONE = re.compile(r"(?<![0-9A-Za-z.-])(?:\+81[\s-]?|0)\d{1,4}(?:[\s-]|\)\s?|\(\s?)?\(?\d{1,4}\)?[\s-]?\d{3,4}(?![0-9A-Za-z-])")
# Starts only where a run of address characters starts: Japanese letters count as \w, so
# without the look-behind every character of a paragraph would start a new attempt.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_EXTENSION = re.compile(r"(内線|ext\.?|extension)\s*[:：]?\s*\d{2,}", re.I)
EXAMPLE_DOMAINS = ("example.jp", "example.com", "example.org", "example.net")
# Public numbers the site must be able to show (emergency services).
ALLOWED_NUMBERS = {"119", "110"}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def find(text: str) -> list[tuple[str, str, str]]:
    """(kind in English, kind in Japanese, what was found) for each piece of personal data."""
    text = unicodedata.normalize("NFKC", text)  # full-width digits and ＠ count too
    found = []
    for match in _PHONE.finditer(text):
        digits = _digits(match.group(0))
        if len(digits) >= 10 and digits not in ALLOWED_NUMBERS:
            found.append(("a phone number", "電話番号", match.group(0).strip()))
    for match in _EMAIL.finditer(text) if "@" in text else ():
        domain = match.group(1).lower()
        if not any(domain == d or domain.endswith("." + d) for d in EXAMPLE_DOMAINS):
            found.append(("an e-mail address", "メールアドレス", match.group(0)))
    for match in _EXTENSION.finditer(text) if _has_extension_word(text) else ():
        found.append(("an extension number", "内線番号", match.group(0)))
    return found


def _may_contain(text: str) -> bool:
    """Whether any pattern matches anywhere in ``text``.

    A match inside one line is also a match in the whole text (a line break is neither a
    digit nor a letter, so the patterns' edges hold there too), so a text without any
    match needs no line-by-line search.
    """
    text = unicodedata.normalize("NFKC", text)
    # The address and extension patterns need a character or word that few pages contain;
    # looking for it first is a hundred times faster than trying the pattern everywhere.
    return (_PHONE.search(text) is not None
            or ("@" in text and _EMAIL.search(text) is not None)
            or (_has_extension_word(text) and _EXTENSION.search(text) is not None))


def _has_extension_word(text: str) -> bool:
    """Whether ``text`` has a word an extension number starts with (what _EXTENSION needs first)."""
    return "内線" in text or "ext" in text.lower()


def strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every text in front matter or a data file, with its key path (one walker for both)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, index))
    elif isinstance(value, str):
        yield path, value


def page_problems(page: Page) -> list[Problem]:
    """Personal data in the front matter or the body of one page, by line."""
    problems: list[Problem] = []
    for path, value in strings(page.meta):
        for kind, kind_ja, text in find(value):
            problems.append(page.problem(path, f"contains {kind} ({text}): the site never publishes contact details of people; name the role or division instead",
                                         f"に{kind_ja}（{text}）があります。個人の連絡先は載せません。役割または課の名前を書いてください。"))
    if not _may_contain(page.body):  # most pages: one pass over the body instead of one per line
        return problems
    for number, line in enumerate(page.body.split("\n"), page.body_line):
        for kind, kind_ja, text in find(line):
            problems.append(Problem(page.name, "", f"contains {kind} ({text}): the site never publishes contact details of people; name the role or division instead",
                                    number, f"{kind_ja}（{text}）があります。個人の連絡先は載せません。役割または課の名前を書いてください。"))
    return problems


def check_personal_data(pageset: PageSet) -> list[Problem]:
    """Every page of every language."""
    return [p for lang in pageset.languages for page in pageset.of(lang).values() for p in page_problems(page)]
