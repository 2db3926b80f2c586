"""One page's HTML, finished: after Markdown has been converted, and after the theme has written the page.

After conversion the HTML is held to the allow-list (scripts/sns_policy/sources/html_policy.py; the build
refuses once every page is rendered, so one run names every breach), a form's sheet is also
written as an editable .docx beside the page, checklist boxes get their names and Japanese words
in other languages their ``lang``. Once the theme has written the page, small CSS and JS are
inlined, Material's navigation markup is made valid, the feed is linked, the finished page is
refused if it would make a browser fetch from another host, and a translation searches its own
index. The 404 page of each language is finished the same way.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sns_policy.content import render
from sns_policy.finish import inline_assets, language_of_parts, nav_markup, sharing, tasklist
from sns_policy.amendments import model as amendments, render as amendment_parts
from sns_policy.pipeline import page_source, theme
from sns_policy.plans import build as plans_build
from sns_policy.search import build as search_index
from sns_policy.problems import Problem, summary
from sns_policy.site import load_site
from sns_policy.sources.html_policy import check_html, third_party_fetches
from sns_policy.sources.pages import PageSet


def content(html: str, page: Page, config: MkDocsConfig, pageset: PageSet | None,
            published: Callable[[str], bool]) -> tuple[str, list[Problem]]:
    """The converted page finished, and what it breaks of the allow-list (``published``: is a path
    one that this language's build writes?)."""
    lang, checked = page_source.lang(page), page_source.checked(page, pageset)
    problems = check_html(html, checked, checked.name if checked else page_source.source_file(page, pageset), page.url, published)
    if 'class="form-sheet' in html:
        plans_build.write_docx(Path(config.site_dir), page.url, html, lang)
    html = tasklist.name_checkboxes(html) if "task-list-item" in html else html
    html = render.permalink_titles(html, lang)
    return (html if lang == "ja" else language_of_parts.mark_japanese(html)), problems


def published_paths(files: Files) -> frozenset[str]:
    """Every path below the site's root that a language's build writes a file to, and its pages' URLs."""
    return frozenset(p for f in files for p in (f.dest_uri, unquote(f.url)))


def refuse(problems: list[Problem]) -> None:
    """Stop the build once every page is rendered if any page broke the HTML allow-list."""
    if problems:
        raise PluginError("ページの HTML に許可されない要素があります。 / Pages contain HTML that is not allowed:\n" + summary(problems))


def _same_page_languages(page: Page, languages: tuple[str, ...], default_lang: str) -> tuple[str, ...]:
    """The languages this page is published in: a language whose switch leads elsewhere (a comparison whose
    translation is still to come leads to the document) has no ``hreflang`` alternate, which must be the same page."""
    alternates = getattr(page.file, "alternates", None)
    if not alternates:
        return languages
    lang = page_source.lang(page)

    def path(url: str, code: str) -> str:  # mkdocs-static-i18n writes the default language's home page as "./"
        inside = sharing.page_path(url.lstrip("/"), code, default_lang)
        return "" if inside in ("./", ".") else inside

    own = path(page.url, lang)
    return tuple(other for other in languages if other == lang or (
        other in alternates and path(getattr(alternates[other], "url", "") or "", other) == own))


def language_switch(page: Page, config: MkDocsConfig, pageset: PageSet | None) -> None:
    """Every entry of the language switch leads to a page that is built.

    mkdocs-static-i18n (its ``on_page_context`` runs before ours) leads each language to the page's own
    translation, or to ``/<lang>/`` when it has none: that happens to a 新旧対照表 whose revision is not
    translated yet (a Japanese amendment publishes first). Such an entry leads instead to the document the
    comparison belongs to, in that language, and else to the language's home page, by a relative address.
    """
    alternates = getattr(page.file, "alternates", None) or {}
    # mkdocs-static-i18n sets the attribute, which is what Material's template reads (the item keeps mkdocs.yml's value).
    switch = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    lang = page_source.lang(page)
    rel = page_source.rel(page)
    for entry in switch:
        other = entry.get("lang")
        if other == lang or other in alternates or pageset is None:
            continue
        document = amendments.document_of(rel, amendments.documents(pageset, other))
        entry["link"] = amendments.lang_prefix(other) + (page_address(document) if document else "")


def page_address(rel: str) -> str:
    """``policy.md`` → ``policy/``, ``plans/index.md`` → ``plans/``: a page's address inside its language."""
    return rel[:-len("index.md")] if rel == "index.md" or rel.endswith("/index.md") else f"{rel[:-3]}/"


def sharing_tags(page: Page, config: MkDocsConfig) -> sharing.Sharing:
    """Description, canonical URL, language alternates and sharing tags for the page's head."""
    site = load_site()
    return sharing.for_page(
        title=config.site_name if page.is_homepage else page.meta.get("title") or page.title,
        meta=page.meta, content_html=page.content or "", url=page.url, lang=page_source.lang(page),
        languages=_same_page_languages(page, site.languages, site.default_language), default_lang=site.default_language,
        site_url=config.site_url or "/", site_description=config.site_description or "",
    )


def output(html: str, page: Page, config: MkDocsConfig, pageset: PageSet | None) -> str:
    """The page as the theme wrote it, finished: inlined, linked to its feed, checked, searching its language."""
    default, lang = load_site().default_language, page_source.lang(page)
    html = _inline(html, page.url, config)
    html = html.replace("</head>", amendment_parts.head_link(page.url, lang) + "\n</head>", 1)
    _refuse_third_party(html, page_source.source_file(page, pageset), config)
    return html if lang == default else search_index.localise_search_base(html, lang)


def not_found(html: str, config: MkDocsConfig) -> str:
    """A language's 404 page, finished. It is served at any address, so it links our files from the site's root path."""
    html = _inline(html, "404.html", config, urlsplit(config.site_url or "/").path or "/")
    _refuse_third_party(html, theme.template_file("404.html", config), config)
    return html


def _inline(html: str, page_url: str, config: MkDocsConfig, base: str | None = None) -> str:
    """Small CSS/JS inlined, the bundle deferred (scripts/sns_policy/finish/inline_assets.py); a file that cannot be inlined stops the build.
    Material's navigation markup is made valid HTML on the way (scripts/sns_policy/finish/nav_markup.py)."""
    html = nav_markup.conform(html)
    try:
        return inline_assets.inline(html, page_url, config.extra_css, config.extra_javascript,
                                    config.theme.dirs, config.theme.get("palette"), base)
    except ValueError as error:
        raise PluginError(str(error)) from None


def _refuse_third_party(html: str, where: str | Path, config: MkDocsConfig) -> None:
    """The finished page, theme included, fetches nothing from another host (scripts/sns_policy/sources/html_policy.py)."""
    origin = urlsplit(config.site_url or "")
    found = third_party_fetches(html, (f"{origin.scheme}://{origin.netloc}".lower(),) if origin.netloc else ())
    if found:
        raise PluginError(summary([Problem(where, "", "the finished page would make readers' browsers fetch from another host: "
                                           f"{', '.join(found)}; it comes from the theme (overrides/, mkdocs.yml theme or extra_*): "
                                           "serve the file from this site instead", None,
                                           f"完成したページが閲覧者のブラウザーに他のサイトから読み込ませます（{', '.join(found)}）。"
                                           "テーマ（overrides/、mkdocs.yml の theme や extra_*）によるものです。このサイトのファイルにしてください。")]))
