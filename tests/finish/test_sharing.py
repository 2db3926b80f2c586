"""Every page describes itself for search engines and for links shared on Facebook."""
from __future__ import annotations

import functools
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sns_policy.finish import sharing
from sns_policy.site import load_site
from tests.bad_inputs import make_site
from tests.conftest import Build, run_build, write_page


class _Head(HTMLParser):
    """The ``<meta>`` and ``<link>`` elements of a page's head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.in_head = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "body":
            self.in_head = False
        if not self.in_head:
            return
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta.setdefault(values.get("property") or values["name"], []).append(values.get("content", ""))
        if tag == "link":
            self.links.append(values)


def head_of(path: Path) -> _Head:
    """``path``'s head, read once per test process while the file stays the same: three tests read
    every page's head (they run together, tests/conftest.py READERS_OF_EVERY_PAGE). Callers only read it."""
    stat = path.stat()
    return _read_head(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=300)  # every page of the site in both languages, with room to spare
def _read_head(path: Path, mtime_ns: int, size: int) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> dict[str, Path]:
    """URL path (``policy/``, ``en/policy/``) → built file, for every page."""
    found = {}
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        found["" if rel == "." else f"{rel}/"] = index
    return found


def local_file(site: Path, site_url: str, url: str) -> Path:
    """The built file an absolute address of this site names."""
    assert url.startswith(site_url), f"{url} is not an absolute address under {site_url}"
    rel = url[len(site_url):]
    return site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel


def test_every_page_has_its_own_description(site: Path) -> None:
    descriptions = {path: head_of(file).meta.get("description", [""]) for path, file in pages(site).items()}
    assert all(len(d) == 1 and d[0] for d in descriptions.values()), [p for p, d in descriptions.items() if len(d) != 1 or not d[0]]
    repeated = {text: n for text, n in Counter(d[0] for d in descriptions.values()).items() if n > 1}
    assert not repeated, f"pages share a description: {repeated}"


def test_open_graph_and_twitter_tags_with_an_image_that_exists(build: Build) -> None:
    site, site_url = build.site_dir, build.site_url
    default = load_site().default_language
    for path, file in pages(site).items():
        meta = head_of(file).meta
        lang = path.split("/", 1)[0] if re.match(r"^[a-z]{2}/", path) and path[:2] != default else default
        for key in ("og:title", "og:description", "og:url", "og:image", "og:site_name", "og:type",
                    "twitter:card", "twitter:title", "twitter:description", "twitter:image"):
            assert meta.get(key, [""])[0], f"/{path}: no {key}"
        assert meta["og:description"] == meta["description"], f"/{path}: og:description differs from the description"
        assert meta["og:url"] == [site_url + path], f"/{path}: og:url is {meta['og:url']}"
        assert meta["og:locale"] == [sharing.OG_LOCALES[lang]], f"/{path}: og:locale is {meta['og:locale']}"
        # The other languages the page exists in: a Japanese amendment may be published before its translation.
        languages = load_site().languages
        own = path[3:] if path[:3] in {f"{other}/" for other in languages if other != default} else path
        others = sorted(sharing.OG_LOCALES[other] for other in languages if other != lang
                        and (site / (own if other == default else f"{other}/{own}")).exists())
        assert sorted(meta.get("og:locale:alternate", [])) == others, f"/{path}: og:locale:alternate is {meta.get('og:locale:alternate')}"
        image = local_file(site, site_url, meta["og:image"][0])
        assert image.is_file(), f"/{path}: og:image {meta['og:image'][0]} does not exist in the build"


def test_canonical_and_hreflang_alternates_point_at_the_page_itself_and_its_translation(build: Build) -> None:
    site, site_url = build.site_dir, build.site_url
    languages, default = load_site().languages, load_site().default_language
    for path, file in pages(site).items():
        links = head_of(file).links
        canonical = [link["href"] for link in links if link.get("rel") == "canonical"]
        assert canonical == [site_url + path], f"/{path}: canonical is {canonical}"
        alternates = {link["hreflang"]: link["href"] for link in links if link.get("rel") == "alternate" and "hreflang" in link}
        own = path[3:] if path[:3] in {f"{lang}/" for lang in languages if lang != default} else path
        # A page exists in the languages it was written in: a Japanese amendment may be published
        # before its translation, and then has no English alternate to point at.
        expected = {lang: site_url + (own if lang == default else f"{lang}/{own}") for lang in languages
                    if (site / (own if lang == default else f"{lang}/{own}") / "index.html").is_file()
                    or (site / (own if lang == default else f"{lang}/{own}")).is_file()}
        if default in expected:
            expected["x-default"] = expected[default]
        assert alternates == expected, f"/{path}: alternates {alternates}, expected {expected}"
        for url in alternates.values():
            assert urlsplit(url).scheme in ("http", "https") and local_file(site, site_url, url).is_file(), f"/{path}: {url} is not a built page"


def test_sitemap_lists_every_page_with_its_language_alternates(build: Build) -> None:
    sitemap = (build.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    languages, default = load_site().languages, load_site().default_language
    for path in pages(build.site_dir):
        entry = re.search(rf"<url>\s*<loc>{re.escape(build.site_url + path)}</loc>.*?</url>", sitemap, re.S)
        assert entry, f"/{path} is not in sitemap.xml"
        own = path[3:] if path[:3] in {f"{lang}/" for lang in languages if lang != default} else path
        # Alternates name the languages the page exists in (a translation may follow later).
        written = [lang for lang in languages if (build.site_dir / (own if lang == default else f"{lang}/{own}")).exists()]
        listed = re.findall(r'<xhtml:link rel="alternate" hreflang="([a-z]{2})" href="https?://', entry.group(0))
        assert sorted(listed) == sorted(written), f"/{path}: sitemap alternates {listed}, pages in {written}"


@pytest.mark.parametrize("html, expected", [
    ('<h1>T</h1><p class="translation-note">note</p><div class="admonition"><p>inside</p></div><p>Own <a href="#">words</a>.</p>', "Own words."),
    ("<table><tr><td><p>cell</p></td></tr></table>", ""),
])
def test_first_paragraph_skips_notes_boxes_and_tables(html: str, expected: str) -> None:
    assert sharing.first_paragraph(html) == expected


def test_long_descriptions_are_cut_at_a_sentence_or_a_word() -> None:
    ja = "あ" * 70 + "。" + "い" * 100
    assert sharing.shorten(ja, "ja") == "あ" * 70 + "。"
    en = "word " * 60
    cut = sharing.shorten(en, "en")
    assert len(cut) <= sharing.MAX_CHARS["en"] and cut.endswith("word…")


def test_a_description_with_quotes_and_markup_characters_is_escaped_in_the_head(tmp_path: Path) -> None:
    """A first paragraph's text reaches the head as text: a quote cannot close the attribute.

    Built from the small site of the bad-input corpus (tests/bad_inputs.py): every page's head is made alike.
    """
    project = make_site(tmp_path / "src").parent
    for lang in ("ja", "en"):
        page = project / "docs" / lang / "policy.md"
        text = page.read_text(encoding="utf-8")
        front, _, body = text[4:].partition("\n---\n")
        write_page(page, front, 'Say "hi" & 1 < 2.\n\n' + body.lstrip())
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = (tmp_path / "site" / "policy" / "index.html").read_text(encoding="utf-8")
    assert 'content="Say &#34;hi&#34; &amp; 1 &lt; 2."' in html
    assert head_of(tmp_path / "site" / "policy" / "index.html").meta["description"] == ['Say "hi" & 1 < 2.']
