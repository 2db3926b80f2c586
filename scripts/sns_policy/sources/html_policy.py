"""An allow-list for the HTML a page may contain, checked on the rendered page.

Markdown lets an editor write raw HTML, and attr_list lets them add attributes to
anything (``{ onclick=... }``); either could run script or send readers elsewhere. The
check runs on the HTML Markdown produced, so every source of markup is covered, and it
refuses rather than strips: the editor learns what was wrong, on which line.

What the content genuinely needs, and so what is allowed: the elements Markdown and
the configured extensions produce (tables, admonitions, tabs, task lists, footnotes,
definition lists), ``<div markdown>`` for the printable forms, ``<br>`` in table cells
and ``lang`` on any element. Links may point only at relative addresses, fragments,
``https:`` and ``mailto:``: a reader chooses to follow a link, so it may leave the site.

Nothing else may leave it. Every address the browser fetches by itself (``src``,
``srcset``, ``poster``, ``data``, form ``action``, ``<link href>`` of any ``rel``, CSS
``url()``…) must be a file of this site, written as a relative path: another host would
learn who reads which page, and could change what they see. That is checked on every
element, allowed or not, so an ``<iframe>`` of another site is told why, not only that
``<iframe>`` is not allowed. ``data:`` addresses are refused too, although they fetch
nothing: an image belongs in a file under docs/, where it can be reviewed, cached and
given a text alternative, not in kilobytes of base64 inside the page's text. The build
also checks that such a path names a file the site publishes (:func:`check_html`'s
``site_file``), and that the theme's own markup fetches from no other host
(:func:`third_party_fetches`, run on every finished page).

Images need a text alternative (``![what it shows](img/x.png)``). An image that only
decorates is marked so, on purpose, with the ``decorative`` class and an empty alt
(``![](img/line.png){ .decorative }``); an image with neither is refused.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import markdown

from sns_policy import kept
from sns_policy.sources import guard, source_limits
from sns_policy.sources.frontmatter import Page
from sns_policy.problems import Problem
from sns_policy.site import load_site

ALLOWED_TAGS = frozenset("""
a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure
h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark ol p pre s small span strong sub summary sup
table tbody td tfoot th thead tr u ul
""".split())
# data-search-exclude: Material's search leaves the element out of the index (the document
# header, the PDF link and the page's contents, so excerpts start with the section's text).
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "data-search-exclude"})
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
URL_ATTRIBUTES = frozenset({"href"})
# Attributes whose addresses the browser fetches (or submits to) without the reader choosing to.
FETCH_ATTRIBUTES = frozenset({"src", "srcset", "imagesrcset", "poster", "data", "action", "formaction", "background",
                              "ping", "codebase", "archive", "manifest", "lowsrc", "dynsrc", "icon", "xlink:href"})
# Elements whose href is fetched rather than followed (a <link> of any rel in a page; SVG images).
FETCH_HREF_TAGS = frozenset({"link", "image", "use", "feimage"})
# rel values of the theme's <link> that fetch nothing by themselves (canonical, language alternates).
NON_FETCHING_RELS = frozenset({"canonical", "alternate", "author", "license", "help", "next", "prev", "bookmark",
                               "external", "nofollow", "noopener", "noreferrer", "me", "tag", "edit"})
DECORATIVE = "decorative"
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


_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)


def fetched_urls(attribute: str, value: str) -> list[str]:
    """The addresses one attribute value makes the browser fetch (srcset and ping hold several)."""
    if attribute in ("srcset", "imagesrcset"):
        return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]
    if attribute in ("ping", "archive"):
        return value.replace(",", " ").split()
    return [value.strip()] if value.strip() else []


def css_urls(css: str) -> list[str]:
    """The addresses of ``url(…)`` and ``@import`` in a style sheet or style attribute."""
    return [(m.group(2) if m.group(2) is not None else m.group(4)).strip() for m in _CSS_URL.finditer(css)]


def fetch_problem(url: str) -> tuple[str, str] | None:
    """Why a page may not make the browser fetch ``url`` (English, Japanese), or None for a relative path."""
    clean = _URL_NOISE.sub("", url)
    todo_en = ("commit the file under docs/ (next to the page, e.g. docs/ja/img/) and refer to it by a relative "
               "path, as in ![what it shows](img/photo.png)")
    todo_ja = "ファイルを docs/ の下（ページの近く、例：docs/ja/img/）に置いてコミットし、![内容の説明](img/photo.png) のように相対パスで指定してください。"
    match = _SCHEME.match(clean)
    scheme = match.group(1).lower() if match else None
    if clean.startswith(("//", "\\\\", "/\\", "\\/")) or scheme in ("http", "https"):
        return (f"{url!r} would make every reader's browser fetch from another host, which then learns who reads this page "
                f"and can change what they see: {todo_en}",
                f"{url!r} は閲覧者のブラウザーに他のサイトから読み込ませます（読み込み先に閲覧者が知られ、内容も変えられます）。{todo_ja}")
    if scheme == "data":
        return (f"{url[:40]!r}… puts a file inside the page as a data: address, where it cannot be reviewed or cached: {todo_en}",
                f"{url[:40]!r}… はファイルを data: アドレスとしてページに埋め込んでいます（確認もキャッシュもできません）。{todo_ja}")
    if scheme:
        return (f"{url!r} is not the address of a file of this site: {todo_en}",
                f"{url!r} はこのサイトのファイルのアドレスではありません。{todo_ja}")
    if clean.startswith(("/", "\\")):
        return (f"{url!r} starts at the server's root, which is not this site's folder when it is published under one: "
                "write the path relative to the page",
                f"{url!r} はサーバーの最上位から始まるアドレスです。サイトがフォルダーの下で公開されると別の場所を指します。ページからの相対パスにしてください。")
    return None


def _fetches(name: str, attrs: list[tuple[str, str | None]], style_text: str = "") -> Iterator[tuple[str, str]]:
    """(attribute, address) for every address this element makes the browser fetch."""
    for attribute, value in attrs:
        attr, text = attribute.lower(), value or ""
        if attr in FETCH_ATTRIBUTES or (attr == "href" and name in FETCH_HREF_TAGS):
            for url in fetched_urls(attr, text):
                yield attr, url
        elif attr == "style":
            for url in css_urls(text):
                yield "style url()", url
    for url in css_urls(style_text):
        yield "url()", url


def _alt_problem(attrs: list[tuple[str, str | None]]) -> tuple[str, str] | None:
    """Why an image's text alternative is missing or contradicts its decorative mark."""
    values = {a.lower(): v or "" for a, v in attrs}
    decorative = DECORATIVE in values.get("class", "").split()
    alt = values.get("alt")
    if decorative:
        if alt:
            return ("is marked decorative but has alt text: remove { .decorative } if the image says something, "
                    "or leave the alt text empty if it only decorates",
                    "は装飾（{ .decorative }）の印があるのに代替テキストがあります。内容を伝える画像なら印を外し、装飾だけなら代替テキストを空にしてください。")
        return None
    if not (alt or "").strip():
        return ("has no text alternative: say what the image shows, as in ![what it shows](img/photo.png); an image "
                "that only decorates is marked ![](img/line.png){ .decorative }",
                "に代替テキストがありません。![画像の内容](img/photo.png) のように画像が伝える内容を書いてください。"
                "飾りだけの画像は ![](img/line.png){ .decorative } と印を付けてください。")
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
        self.styles: dict[int, str] = {}  # index in found of a <style> element: its text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag.lower(), attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag.lower(), attrs))

    def handle_data(self, data: str) -> None:
        if self.found and self.found[-1][0] == "style" and self.cdata_elem == "style":
            index = len(self.found) - 1
            self.styles[index] = self.styles.get(index, "") + data


# Pages parsed, by their text: `mkdocs serve` rebuilds every page on each save, and all but the
# saved one come out the same; callers only read the result. Each page is parsed twice (its
# article, then the finished page's tags): the last build of a site of some 500 pages fits.
PARSED_PAGES = 1024


@kept.memo(PARSED_PAGES, per_build=False)
def _elements(html: str) -> tuple[tuple[str, list[tuple[str, str | None]], str], ...]:
    """(tag name, attributes, text of a <style>) of every element in ``html``."""
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return tuple((name, attrs, parser.styles.get(i, "")) for i, (name, attrs) in enumerate(parser.found))


def site_path(url: str, page_url: str) -> str:
    """The path below the site's root that the relative ``url`` names, on the page at ``page_url`` ("" is the home page)."""
    return unquote(urlsplit(urljoin("/" + page_url, url)).path).lstrip("/")


# Pages that passed, by (text, file, address, whether files were checked), with the site paths the
# check asked about: under `mkdocs serve` an unchanged page passes again while they are all published.
_passed = kept.Memo("sources.html_policy.passed", PARSED_PAGES, per_build=False)


def check_html(html: str, page: Page | None, file: str, page_url: str = "",
               site_file: Callable[[str], bool] | None = None) -> list[Problem]:
    """Every element, attribute and address in ``html`` that the allow-list does not permit.

    ``site_file`` (given by the build, which knows every file it publishes) says whether
    a path below the site's root is one of them; ``page_url`` is where the page is served.
    A text that passed before passes again without a second look if every site path it names
    is still published (nothing else the check reads can change).
    """
    key = (html, str(file), page_url, site_file is None)
    asked = _passed.get(key)
    if asked is not None and (site_file is None or all(site_file(path) for path in asked)):
        return []
    queried: list[str] = []

    def recorded(path: str) -> bool:
        queried.append(path)
        return site_file is not None and site_file(path)

    problems = _check_html(html, page, file, page_url, None if site_file is None else recorded)
    if not problems:
        _passed[key] = tuple(queried)
    return problems


def _check_html(html: str, page: Page | None, file: str, page_url: str,
                site_file: Callable[[str], bool] | None) -> list[Problem]:
    """``check_html`` itself: every element of ``html``, against the allow-list."""
    problems: list[Problem] = []
    for name, attrs, style_text in _elements(html):
        for attr, url in _fetches(name, attrs, style_text):
            if reason := fetch_problem(url):
                problems.append(Problem(file, f"<{name} {attr}>", reason[0], _line(page, url[:40], _URL_NOISE.sub("", url)[:20], f"{attr}="), reason[1]))
            elif site_file is not None and urlsplit(url).path and not site_file(site_path(url, page_url)):
                problems.append(Problem(file, f"<{name} {attr}>", f"{url!r} is not a file of this site: commit the file under docs/ "
                                        "and give its path relative to the page's source file", _line(page, Path(urlsplit(url).path).name, f"{attr}="),
                                        f"{url!r} はこのサイトのファイルではありません。ファイルを docs/ の下にコミットし、ページの原稿ファイルからの相対パスで指定してください。"))
        if name == "img" and (reason := _alt_problem(attrs)):
            src = next((v or "" for a, v in attrs if a.lower() == "src"), "")
            problems.append(Problem(file, "<img alt>", reason[0], _line(page, Path(urlsplit(src).path).name or "<img", "![", "<img"), reason[1]))
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


@kept.memo(4, per_build=True)
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


@kept.memo(4, per_build=True)
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
        with guard.time_limit():
            html = render(page)
    except (Exception, guard.TooSlow) as error:  # a broken extension input must be a message, not a traceback
        return [guard.failure(page.name, error, "converted", source_limits.busiest_line(page)
                              if isinstance(error, guard.TooSlow) else None)]
    return check_html(html, page, page.name)


_OPEN_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>", re.I)
_CSS_ABSOLUTE = re.compile(r"""(?:url\(|@import)\s*['"]?\s*((?:[a-zA-Z][\w+.-]*:|//|\\\\)[^'")\s]*)""", re.I)
# A value that starts with a scheme, // or \\ (the only ones that can name another host): only
# the tags holding one are parsed. The pattern starts with "=", which the engine finds quickly.
_ABSOLUTE_VALUE = re.compile(r"""=\s*["']?\s*(?:[a-zA-Z][\w+.-]*:|//|\\\\)""")
_ATTRIBUTE_NAME = re.compile(r"([\w:-]+)\s*$")
_TAG_NAME = re.compile(r"<([a-zA-Z][\w:-]*)")


def third_party_fetches(html: str, own_origins: tuple[str, ...]) -> list[str]:
    """What a finished page (the theme's markup included) would fetch from another host.

    ``own_origins`` are ``scheme://host[:port]`` of this site (from ``site_url``), whose
    absolute addresses are this site's files. ``data:`` is allowed here: the theme's
    icons are SVG in its style sheet, and fetch nothing. Only tags that could name
    another host are parsed, so the page is not parsed a second time in full.
    """
    return list(_third_party_fetches(html, own_origins))


@kept.memo(PARSED_PAGES, per_build=False)  # a page that came out the same is not searched again (see _elements)
def _third_party_fetches(html: str, own_origins: tuple[str, ...]) -> tuple[str, ...]:
    def elsewhere(url: str) -> bool:
        clean = _URL_NOISE.sub("", url)
        if clean.lower().startswith("data:") or not (clean.startswith(("//", "\\\\")) or _SCHEME.match(clean)):
            return False
        parts = urlsplit("https:" + clean if clean.startswith("//") else clean.replace("\\", "/"))
        return f"{parts.scheme}://{parts.netloc}".lower() not in own_origins

    found: list[str] = []
    tags_only, sheets = _without_script_text(html)
    starts: dict[int, str] = {}
    for match in _ABSOLUTE_VALUE.finditer(tags_only):
        attribute = _ATTRIBUTE_NAME.search(tags_only, max(0, match.start() - 40), match.start())
        if not attribute or attribute.group(1).lower() not in FETCH_ATTRIBUTES | {"href", "style"}:
            continue
        start = tags_only.rfind("<", 0, match.start())
        tag = _TAG_NAME.match(tags_only, start)
        name = tag.group(1).lower() if tag else ""
        if attribute.group(1).lower() != "href" or name in FETCH_HREF_TAGS:  # a link to follow fetches nothing
            starts[start] = name
    # The chosen start tags, each closed, so that one <script src> does not swallow the rest as its text.
    tags = "".join(tags_only[start:tags_only.find(">", start) + 1] + (f"</{name}>" if name in ("script", "style") else "")
                   for start, name in sorted(starts.items()))
    if tags:
        for name, attrs, _ in _elements(tags):
            rels = set(next((v or "" for a, v in attrs if a.lower() == "rel"), "").lower().split())
            if name == "link" and rels and rels <= NON_FETCHING_RELS:
                continue
            found += [f"<{name} {attr}={url!r}>" for attr, url in _fetches(name, attrs) if elsewhere(url)]
    found += [f"<style> url({m.group(1)!r})" for sheet in sheets for m in _CSS_ABSOLUTE.finditer(sheet) if elsewhere(m.group(1))]
    return tuple(found)


def _without_script_text(html: str) -> tuple[str, list[str]]:
    """``html`` with the text of its <script> and <style> elements left out (it is not markup), and the style sheets."""
    lower = html.lower()
    pieces, sheets, position = [], [], 0
    for opening in _OPEN_SCRIPT_OR_STYLE.finditer(html):
        if opening.start() < position:
            continue  # inside the text of the previous element
        end = lower.find(f"</{opening.group(1).lower()}", opening.end())
        end = len(html) if end < 0 else end
        pieces.append(html[position:opening.end()])
        if opening.group(1).lower() == "style":
            sheets.append(html[opening.end():end])
        position = end
    pieces.append(html[position:])
    return "".join(pieces), sheets
