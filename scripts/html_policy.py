"""An allow-list for the HTML a page may contain, checked on the rendered page.

Markdown lets an editor write raw HTML, and attr_list lets them add attributes to
anything (``{ onclick=... }``); either could run script or send readers elsewhere. The
check runs on the HTML Markdown produced, so every source of markup is covered, and it
refuses rather than strips: the editor learns what was wrong, on which line.

What the content genuinely needs, and so what is allowed: the elements Markdown and
the configured extensions produce (tables, admonitions, tabs, task lists, footnotes,
definition lists), ``<div markdown>`` for the printable forms, ``<br>`` in table cells
and ``lang`` on any element. Links and images may point only at relative addresses,
fragments, ``https:`` and ``mailto:``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown

from scripts.frontmatter import Page
from scripts.problems import Problem
from scripts.site import load_site

ALLOWED_TAGS = frozenset("""
a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure
h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark ol p pre s small span strong sub summary sup
table tbody td tfoot th thead tr u ul
""".split())
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "name", "rel"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "style", "align"}),
    "th": frozenset({"colspan", "rowspan", "style", "align", "scope"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "col": frozenset({"span"}),
    "input": frozenset({"type", "checked", "disabled", "name"}),  # task lists and content tabs
    "label": frozenset({"for"}),
    "details": frozenset({"open"}),
    "div": frozenset({"data-tabs"}),  # pymdownx.tabbed
    "dl": frozenset({"data-status"}),  # the document header the build writes
}
INPUT_TYPES = frozenset({"checkbox", "radio"})
URL_ATTRIBUTES = frozenset({"href", "src"})
ALLOWED_SCHEMES = frozenset({"https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_TABLE_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$")
# Browsers ignore tabs, newlines and control characters inside a URL ("java\tscript:").
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def url_problem(url: str) -> str | None:
    """Why ``url`` may not be linked to, or None when it is a relative, fragment, https: or mailto: address."""
    clean = _URL_NOISE.sub("", url)
    if clean.startswith(("//", "\\\\", "/\\", "\\/")):
        return "points at another site without saying https:"
    match = _SCHEME.match(clean)
    if match and match.group(1).lower() not in ALLOWED_SCHEMES:
        return f"uses {match.group(1).lower()}:, but links may only be relative, #fragments, https: or mailto:"
    return None


def _line(page: Page | None, *needles: str) -> int | None:
    """The first line of the page's body that contains a needle (tried in order, case-insensitive)."""
    if page is None:
        return None
    lines = page.body.split("\n")
    for needle in filter(None, needles):
        lowered = needle.lower()
        for number, line in enumerate(lines, page.body_line):
            if lowered in line.lower():
                return number
    return None


class _StartTags(HTMLParser):
    """Every start tag with its attributes, in order.

    The standard library's parser without building a tree: the check looks at tags one
    by one, and a tree (BeautifulSoup) made it the slowest step of the build.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag.lower(), attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag.lower(), attrs))


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """(tag name, attributes) of every element in ``html``."""
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return parser.found


def check_html(html: str, page: Page | None, file: str) -> list[Problem]:
    """Every element, attribute and address in ``html`` that the allow-list does not permit."""
    problems: list[Problem] = []
    for name, attrs in _elements(html):
        if name not in ALLOWED_TAGS:
            problems.append(Problem(file, f"<{name}>", f"is not allowed in a page: remove it (pages may not load, run or embed anything; use Markdown for text)",
                                    _line(page, f"<{name}"),
                                    f"はページに書けません。削除してください（読み込み・実行・埋め込みはできません。文章は Markdown で書いてください）。"))
            continue
        allowed = GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(name, frozenset())
        for attribute, value in attrs:
            text = value or ""
            attr = attribute.lower()
            if attr.startswith("on"):
                problems.append(Problem(file, f"<{name} {attr}>", "is an event handler, which would run script: remove it",
                                        _line(page, attr), "はスクリプトを実行するイベント属性です。削除してください。"))
            elif attr not in allowed:
                problems.append(Problem(file, f"<{name} {attr}>", f"is not an allowed attribute of <{name}>: remove it",
                                        _line(page, attr), f"は <{name}> に使えない属性です。削除してください。"))
            elif attr == "style" and not _TABLE_ALIGN.match(text):
                problems.append(Problem(file, f"<{name} style>", "may only align a table cell: use Markdown table alignment instead",
                                        _line(page, "style"), "は表のセルの配置にしか使えません。Markdown の表の書き方で揃えてください。"))
            elif name == "input" and attr == "type" and text.lower() not in INPUT_TYPES:
                problems.append(Problem(file, "<input type>", f"is {text!r}: pages may not contain forms that send anything",
                                        _line(page, "<input"), f"が {text!r} です。送信するフォームはページに置けません。"))
            elif attr in URL_ATTRIBUTES and (reason := url_problem(text)):
                problems.append(Problem(file, f"<{name} {attr}>", f"{text!r} {reason}",
                                        _line(page, text[:40], _URL_NOISE.sub("", text)[:20], f"{attr}="), f"{text!r} は使えないアドレスです。相対パス、#アンカー、https: または mailto: にしてください。"))
    return problems


@lru_cache(maxsize=4)
def _extensions(root: Path, extensions: tuple[Any, ...]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    names, configs = [], {}
    for ext in extensions:
        if isinstance(ext, str):
            names.append(ext)
        elif isinstance(ext, dict):
            for name, config in ext.items():
                names.append(name)
                config = dict(config or {})
                if name == "pymdownx.snippets":  # paths relative to mkdocs.yml, not to where we run
                    base = config.get("base_path", ["."])
                    config["base_path"] = [str(root / b) for b in ([base] if isinstance(base, str) else base)]
                configs[name] = config
    return names, configs


def render(page: Page) -> str:
    """The page body as HTML, with the Markdown extensions mkdocs.yml configures."""
    site = load_site()
    renderer = _renderer(site.root, tuple(_freeze(site.markdown_extensions)))
    return renderer.reset().convert(page.body)


@lru_cache(maxsize=4)
def _renderer(root: Path, extensions: tuple[Any, ...]) -> markdown.Markdown:
    """One Markdown converter per configuration, reset between pages (setting one up is slow)."""
    names, configs = _extensions(root, extensions)
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _freeze(items: tuple[Any, ...]) -> list[Any]:
    """Extension settings as hashable values, for the cache."""
    return [_Frozen(i) if isinstance(i, dict) else i for i in items]


class _Frozen(dict):
    def __hash__(self) -> int:  # type: ignore[override]
        return hash(repr(sorted(self.items(), key=lambda kv: kv[0])))


def check_page(page: Page) -> list[Problem]:
    """Render one page's body and check it against the allow-list."""
    try:
        html = render(page)
    except Exception as error:  # a broken extension input must be a message, not a traceback
        return [Problem(page.name, "", f"cannot be rendered ({type(error).__name__}: {error})", None,
                        f"HTML に変換できません（{type(error).__name__}: {error}）。")]
    return check_html(html, page, page.name)
