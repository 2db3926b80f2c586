"""What a page says about itself in its head: description, canonical URL, language
alternates, Open Graph and Twitter card tags.

These pages are shared on Facebook, which shows a link's ``og:`` title, description and
image; search engines read the description and the ``hreflang`` alternates. Every value
is plain text here; the template (the engine theme's ``main.html``) escapes it on output.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

from sns_policy import kept

# Open Graph names a language with its region; the site's languages are ja and en.
OG_LOCALES = {"ja": "ja_JP", "en": "en_US"}
# The picture shown with a shared link: committed, 1200×630 as Facebook recommends.
IMAGE = "assets/images/og-image.png"
IMAGE_SIZE = (1200, 630)
# Search engines show about this many characters of a description.
MAX_CHARS = {"ja": 120, "en": 160}


@dataclass(frozen=True)
class Alternate:
    """One language version of a page, at an absolute address."""

    lang: str
    url: str


@dataclass(frozen=True)
class Sharing:
    """The head metadata of one page (plain text; escaped by the template)."""

    title: str
    description: str
    url: str
    locale: str
    other_locales: tuple[str, ...]
    alternates: tuple[Alternate, ...]
    image: str
    image_width: int
    image_height: int


class _FirstParagraph(HTMLParser):
    """Text of the first top-level ``<p>`` of a page's content.

    Top level skips admonitions, tables and the build's own notes (the translation note
    has a class), so the description is the page's own opening words.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inside = False
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done or tag in ("br", "img", "hr", "input", "wbr"):
            return
        if self.depth == 0 and tag == "p" and not dict(attrs).get("class"):
            self.inside = True
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.done or tag in ("br", "img", "hr", "input", "wbr"):
            return
        self.depth -= 1
        if self.inside and self.depth == 0:
            self.inside, self.done = False, True

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.parts.append(data)


@kept.memo(512, per_build=False)  # `mkdocs serve` describes every page on every build; most pages did not change
def first_paragraph(html: str) -> str:
    """Plain text of the first top-level paragraph of ``html`` ("" if there is none)."""
    parser = _FirstParagraph()
    for start in range(0, len(html), 2048):  # stop reading once the paragraph is found: pages are long
        parser.feed(html[start:start + 2048])
        if parser.done:
            break
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def shorten(text: str, lang: str) -> str:
    """At most ``MAX_CHARS[lang]`` characters, cut after a sentence where one ends in time."""
    limit = MAX_CHARS.get(lang, 160)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in re.finditer(r"[。．！？]|[.!?](?=\s)", head)]
    if ends and ends[-1] > limit // 2:
        return head[:ends[-1]].strip()
    cut = head[:limit - 1]
    if lang != "ja" and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" 、,;:") + "…"


def description(meta: dict, content_html: str, title: str, site_description: str, lang: str) -> str:
    """The front matter's ``description``, else a plan's purpose, else the page's first paragraph.

    Plans open with the same words about their stage, so their purpose tells them apart.
    A page without any paragraph is described by its title and the site's description.
    """
    plan = meta.get("plan") if isinstance(meta.get("plan"), dict) else {}
    text = str(meta.get("description") or plan.get("purpose") or "").strip() or first_paragraph(content_html)
    return shorten(text, lang) if text else shorten(f"{title}: {site_description}" if lang != "ja" else f"{title}。{site_description}", lang)


def page_path(url: str, lang: str, default_lang: str) -> str:
    """A page's address inside its language (``en/policy/`` → ``policy/``)."""
    prefix = f"{lang}/"
    return url[len(prefix):] if lang != default_lang and url.startswith(prefix) else url


def language_url(site_url: str, path: str, lang: str, default_lang: str) -> str:
    """Absolute address of the page at ``path`` in ``lang`` (the default language is at the root)."""
    return urljoin(site_url, path if lang == default_lang else f"{lang}/{path}")


def for_page(*, title: str, meta: dict, content_html: str, url: str, lang: str, languages: tuple[str, ...],
             default_lang: str, site_url: str, site_description: str) -> Sharing:
    """All head metadata for one page; ``title`` is the page's own (the site's name on the home page).

    Every page exists in every language (``check_pairs``), so each alternate points at the
    page's own translation.
    """
    path = page_path(url, lang, default_lang)
    alternates = tuple(Alternate(other, language_url(site_url, path, other, default_lang)) for other in languages)
    return Sharing(
        title=title,
        description=description(meta, content_html, title, site_description, lang),
        url=language_url(site_url, path, lang, default_lang),
        locale=OG_LOCALES.get(lang, lang),
        other_locales=tuple(OG_LOCALES.get(other, other) for other in languages if other != lang),
        alternates=alternates,
        image=urljoin(site_url, IMAGE),
        image_width=IMAGE_SIZE[0],
        image_height=IMAGE_SIZE[1],
    )
