"""MkDocs hooks: thin wiring between MkDocs events and the modules in ``scripts/``.

Loaded from ``mkdocs.yml`` (``hooks:``). Each hook only decides *when*; *what* lives
in the module it calls, where the tests exercise it directly.
"""
from __future__ import annotations

import functools
import re
import sys
from types import SimpleNamespace
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by file path; make `scripts` importable.
    sys.path.insert(0, str(ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from scripts.content import a11y_report, accessibility, escape, forms, markers, opendata, render, words  # noqa: E402
from scripts.finish import inline_assets, language_of_parts, nav_markup, search_index, sharing, tasklist  # noqa: E402
from scripts.history import asof, reproducible  # noqa: E402
from scripts.sources import repo_links  # noqa: E402
from scripts.content import confirm  # noqa: E402
from scripts.finish import pdf, template_cache  # noqa: E402
from scripts.history import amendments, lastupdated, revisions, translations  # noqa: E402
from scripts.sources import guard, source_limits  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from scripts.sources.frontmatter import read_text  # noqa: E402
from scripts.history.gitinfo import log as versions_log, release_mode, repo  # noqa: E402
from scripts.sources.html_policy import check_html, third_party_fetches  # noqa: E402
from scripts.sources.pages import PageSet  # noqa: E402
from scripts.content.plans import registry_rows  # noqa: E402
from scripts.problems import Problem, set_root, summary  # noqa: E402
from scripts.site import load_site, use_config  # noqa: E402
from scripts.pipeline.validate import check_site  # noqa: E402

# State of the build in progress. MkDocs keeps this module loaded for the whole of
# `mkdocs serve`, so every build starts from on_config, which resets it: a failed
# build can never leave validation switched off or an old page set behind.
_pageset: PageSet | None = None
_stale: dict[tuple[str, str], translations.Freshness] = {}
_html_problems: list[Problem] = []
_not_found: dict[str, str] = {}  # each language's 404 page, as the theme rendered it
_pdf_unavailable: str | None = None  # why this build cannot print the PDF editions
_comparisons: dict[tuple[str, str], str] = {}  # (language, path inside it) → generated 新旧対照表 source
_published: dict[int, frozenset[str]] = {}  # paths of the files each language's build publishes, by id(files)
# mkdocs-static-i18n builds the other languages from inside the default language's
# post-build event, so builds nest; the stack tells each post-build its own language.
_languages: list[str] = []


def _source(page: Page) -> str:
    """The page's source as editors name it (``docs/ja/policy.md``)."""
    return f"docs/{page.file.src_uri}"


def _per_page(hook: Callable[..., Any]) -> Callable[..., Any]:
    """Whatever goes wrong in a page's hook is a message naming the page, never a traceback."""
    @functools.wraps(hook)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return hook(*args, **kwargs)
        except PluginError:
            raise
        except Exception as error:
            page = kwargs.get("page") or next(a for a in args if isinstance(a, Page))
            raise PluginError(summary([guard.failure(_source(page), error, "built")])) from None
    return guarded


def _guard_render(page: Page) -> None:
    """Convert the page's Markdown (MkDocs' own step, between on_page_markdown and on_page_content)
    under a time limit, so that a limit of Python-Markdown is a message naming the page."""
    convert = page.render

    def render(config: MkDocsConfig, files: Any) -> None:
        try:
            with guard.time_limit():
                convert(config, files)
        except (Exception, guard.TooSlow) as error:
            checked = _pageset.of(_lang(page)).get(page.file.src_uri.removeprefix(f"{_lang(page)}/")) if _pageset else None
            line = source_limits.busiest_line(checked) if checked and isinstance(error, guard.TooSlow) else None
            raise PluginError("ページを HTML に変換できません。 / A page could not be converted to HTML:\n"
                              + summary([guard.failure(_source(page), error, "converted", line)])) from None
    page.render = render  # type: ignore[method-assign]  # this page object only


def _lang(page: Page) -> str:
    """The language of a page, as mkdocs-static-i18n recorded it on its file."""
    return getattr(page.file, "locale", load_site().default_language)


def _check_history(pageset: PageSet) -> list[str]:
    """Say when git history is missing (what a release must refuse); note translations that lag.

    A release refuses only what would publish something unverifiable: without history
    no 新旧対照表 or date can be made. A translation that lags is published with its notice.
    """
    repo.cache_clear()  # `mkdocs serve` rebuilds in one process: read new commits
    git = repo()
    refused = []
    if not git.available:
        refused.append(f"{git.reason}: comparisons and last-updated dates need the full git history (clone without --depth)")
        versions_log.info("No git history (%s): pages say their last-updated date is unknown.", git.reason)
    _stale.clear()
    lagging = translations.behind(pageset)
    _stale.update({(item.lang, item.rel): item for item in lagging if item.state == translations.BEHIND})
    if lagging:
        versions_log.info("%d translation(s) follow an earlier version of their original; they say so on the page:\n%s",
                          len(lagging), "\n".join(translations.report(lagging)))
    return refused


def _rel(page: Page, lang: str) -> str:
    """The page's path inside its language folder (``guideline/risk.md``)."""
    src = page.file.src_uri
    return src[len(lang) + 1:] if src.startswith(f"{lang}/") else src


def _is_nested(config: MkDocsConfig) -> bool:
    """mkdocs-static-i18n builds each other language inside the default language's build."""
    return config.theme["language"] != load_site().default_language


def _reset_caches() -> None:
    """Forget data files read by an earlier build of this process (`mkdocs serve`)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("scripts.") and module is not None:
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == name:
                    value.cache_clear()


@event_priority(-150)  # after mkdocs-static-i18n (-100) has set this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Every build reads this mkdocs.yml afresh and starts with no state from the last one."""
    global _pageset, _html_problems
    use_config(Path(config.config_file_path))
    if not _is_nested(config):
        _pageset, _html_problems = None, []
        _languages.clear()
        _not_found.clear()
        _published.clear()
        _reset_caches()
    set_root(Path(config.config_file_path).parent)
    if not config.repo_url:  # no REPO_URL: no edit or report links rather than links to an unconfirmed address
        config.edit_uri = None
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Refuse to build from sources that break a rule; keep the pages for rendering."""
    global _pageset, _html_problems
    _languages.append(config.theme["language"])
    if _is_nested(config) and _pageset is not None:
        return  # the default language's build checked the sources of every language
    _pageset, _html_problems = None, []
    pageset, problems = check_site(Path(config.docs_dir))
    if problems:
        raise PluginError("サイトの原稿に規則違反があります。 / The site's sources break these rules:\n" + summary(problems))
    _pageset = pageset
    if release_mode():  # a release says which facts still await the City's confirmation, and goes on
        confirm.log_report()
    refused = _check_history(pageset) + _check_pdf()
    if refused and release_mode():
        raise PluginError("SITE_RELEASE is set, but this build cannot publish everything it must: / "
                          "公開用の作成に必要なものがありません:\n" + "\n".join(f"- {reason}" for reason in refused))
    _add_comparisons(pageset, config)


def _check_pdf() -> list[str]:
    """Decide before any page links it whether this build prints the PDF editions."""
    global _pdf_unavailable
    _pdf_unavailable = pdf.unavailable_reason()
    if _pdf_unavailable:
        versions_log.info("PDF editions are not made in this build (%s); pages say so instead of linking them.",
                          _pdf_unavailable)
        return [f"the PDF editions cannot be printed: {_pdf_unavailable}"]
    return []


def _add_comparisons(pageset: PageSet, config: MkDocsConfig) -> None:
    """Make every revision's 新旧対照表 from git (scripts/history/amendments.py) and read it as a page."""
    _comparisons.clear()
    _comparisons.update(amendments.generate(pageset, amendments.MarkdownSettings.from_config(config)))
    for (lang, rel), text in _comparisons.items():
        page, problems = read_text(pageset.docs_dir / lang / rel, text)
        if problems or page is None:
            raise PluginError(summary(problems))
        pageset.pages[lang][rel] = page


@event_priority(-150)  # after mkdocs-static-i18n (-100) has chosen this language's files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add this language's generated 新旧対照表 pages; no such file is ever committed."""
    lang = config.theme["language"]
    for (code, rel), text in sorted(_comparisons.items()):
        if code != lang:
            continue
        file = File.generated(config, f"{lang}/{rel}", content=text)
        file.dest_uri = f"{revisions.lang_prefix(lang)}{rel[:-3]}/index.html"
        file.url = f"{revisions.lang_prefix(lang)}{rel[:-3]}/"
        # What mkdocs-static-i18n records on the files it reads; the language switcher
        # goes to the same revision's comparison in the other language when there is one.
        file.locale = file.locale_alternate_of = lang
        file.alternates = {other: SimpleNamespace(url=f"{revisions.lang_prefix(other)}{rel[:-3]}/", page=None)
                           for (other, other_rel) in _comparisons if other_rel == rel}
        files.append(file)
        i18n = config.plugins.get("i18n")  # its sitemap lists the files it chose: add ours
        if i18n is not None and lang in getattr(i18n, "i18n_files_per_language", {}):
            i18n.i18n_files_per_language[lang].append(file)
    return files


@_per_page
def on_pre_page(page: Page, config: MkDocsConfig, files) -> Page:
    """Date the page by its source's last change, not the build day (scripts/history/reproducible.py)."""
    page.update_date = reproducible.last_change(str(_source(page))) or page.update_date
    if not page.file.abs_src_path and config.repo_url and config.edit_uri:  # a generated 新旧対照表:
        page.edit_url = config.repo_url.rstrip("/") + "/" + config.edit_uri.strip("/") + "/" + \
            _source(page).relative_to(load_site().docs_dir).as_posix()  # edit the document it compares
    return page


def _source(page: Page) -> Path:
    """The file a page is made from; a generated 新旧対照表 is dated by the document it compares."""
    if page.file.abs_src_path:
        return Path(page.file.abs_src_path)
    lang = _lang(page)
    compared = _pageset.of(lang)[_rel(page, lang)].meta["amendment"]["page"] if _pageset else ""
    return load_site().docs_dir / lang / compared


@_per_page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    """Add the title, document header, generated parts and revision history from the front matter."""
    assert _pageset is not None
    lang = _lang(page)
    src = page.file.src_uri.removeprefix(f"{lang}/")  # the page's path inside its language
    checked = _pageset.of(lang).get(src)
    if checked is None:
        raise PluginError(f"{page.file.src_uri}: was not read by the validator; every page lives under docs/<language>/")
    # Render from the values the validator accepted, never from MkDocs' own YAML reading.
    page.meta = meta = checked.meta
    _guard_render(page)
    # Rules stated once (scripts/data) replace their {{rule:…}} markers.
    markdown = markers.expand(markdown, lang, _pageset, src)
    if "](../" in markdown:  # links to files of the repository outside docs/ (scripts/sources/repo_links.py)
        markdown, problems = repo_links.expand(markdown, _source(page), Path(config.docs_dir),
                                               Path(config.config_file_path).parent, config.repo_url or "", config.edit_uri or "")
        if problems:
            raise PluginError(summary(problems))
    markdown = markdown.lstrip()
    if markdown.startswith("# "):  # a page may word its H1 differently from its nav title
        h1, _, markdown = markdown.partition("\n")
    else:
        h1 = f"# {escape.md_text(meta['title'])}"
    head = [h1, ""]
    # A document's status box, PDF link, translation note and contents fold into one line
    # (render.compact_header); other pages show them as they are.
    folded = []
    if lang != load_site().default_language:
        original_url = (page.url[len(lang) + 1:] if page.url.startswith(f"{lang}/") else page.url) or "./"
        note = render.translation_note(lang, original_url, page.url)
        folded, head = ([note], head) if "doc_status" in meta else ([], head + [note, ""])
        if (lang, _rel(page, lang)) in _stale:
            head += [translations.notice(_stale[(lang, _rel(page, lang))], page.url, original_url, _pageset), ""]
    folded = [render.doc_header(meta, lang), *folded] if "doc_status" in meta else []
    if pdf.edition_of(_rel(page, lang)):
        link = pdf.link(_rel(page, lang), lang, page.url, available=_pdf_unavailable is None)
        folded += [link] if folded else []
        head += [] if folded else [link, ""]
    if "plan" in meta and page.file.src_uri.startswith(f"{lang}/plans/"):
        head += [render.plan_details(meta["plan"], lang), ""]
    if "incident" in meta and page.file.src_uri.startswith(f"{lang}/incidents/"):
        head += [render.playbook_box(meta["incident"], _pageset, lang), ""]
    tail = []
    if meta.get("generate") == "registry":
        docs = Path(config.docs_dir)
        as_of = asof.last_changed([docs / code / "plans" for code in load_site().languages], ROOT)
        tail = ["", render.registry_table(_pageset, lang, page.url, as_of)]
    elif meta.get("generate") == "quick-reference":
        tail = ["", render.quick_reference(_pageset, lang)]
    elif meta.get("generate") == "accessibility-results":
        tail = ["", render.accessibility_results(accessibility.load(), lang)]
    elif meta.get("generate") == "accessibility-checklist":
        tail = ["", a11y_report.checklist(lang, accessibility.load())]
    elif meta.get("generate") == "revision-history":
        tail = ["", revisions.history_page(_pageset, lang, page.url)]
    elif meta.get("generate") == "plan-form":
        tail = ["", forms.plan_form(lang, words.labels()), ""]
    # A form is a line that opens the sheet; quoted markup (新旧対照表) does not count.
    if meta.get("generate") == "plan-form" or re.search(r'^<div class="form-sheet', markdown, re.M):
        head += [_docx_link(page, lang), ""]
    history = [("history", words.labels()[lang]["history"])] if "history" in meta else []
    contents = render.page_contents(markdown, lang, history, opened=bool(folded))
    if folded:
        head += [render.compact_header(meta, lang, [*folded, contents]), ""]
    elif contents:
        head += [contents, ""]
    if "history" in meta:
        tail += ["", render.revision_history(meta["history"], lang, revisions.links_for(_rel(page, lang), _pageset, lang))]
    tail += ["", lastupdated.footer(_source(page), lang)]
    # The city website's address lives once, in mkdocs.yml; pages link to it as [text][city-website].
    tail += ["", render.city_website_reference(config.extra["city_website"])]
    # Each generated block starts after a blank line, so Markdown opens a new block for it.
    return "\n".join(head) + "\n" + markdown.rstrip("\n") + "\n" + "\n".join(tail) + "\n"


def _docx_link(page: Page, lang: str) -> str:
    """Link to the editable copy of the page's form, written by on_page_content."""
    name = forms.docx_name(page.url)
    label = words.labels()[lang]
    return (f'<p class="form-download"><a href="{name}">{label["form_docx"]}</a></p>\n\n'
            f'<p class="form-print-note">{label["form_print_note"]}</p>')


def _published_paths(files: Any) -> frozenset[str]:
    """Every path below the site's root that this language's build writes a file to (and pages' URLs)."""
    if id(files) not in _published:
        _published[id(files)] = frozenset(p for f in files for p in (f.dest_uri, unquote(f.url)))
    return _published[id(files)]


def _refuse_third_party(output: str, where: str, config: MkDocsConfig) -> None:
    """The finished page, theme included, fetches nothing from another host (scripts/sources/html_policy.py)."""
    origin = urlsplit(config.site_url or "")
    found = third_party_fetches(output, (f"{origin.scheme}://{origin.netloc}".lower(),) if origin.netloc else ())
    if found:
        raise PluginError(summary([Problem(where, "", "the finished page would make readers' browsers fetch from another host: "
                                           f"{', '.join(found)}; it comes from the theme (overrides/, mkdocs.yml theme or extra_*): "
                                           "serve the file from this site instead", None,
                                           f"完成したページが閲覧者のブラウザーに他のサイトから読み込ませます（{', '.join(found)}）。"
                                           "テーマ（overrides/、mkdocs.yml の theme や extra_*）によるものです。このサイトのファイルにしてください。")]))


@_per_page
def on_page_content(html: str, page: Page, config: MkDocsConfig, files) -> str:
    """Checklist checkboxes are named; Japanese words in translations are marked as such;
    a page's form is also written as an editable .docx beside it; the HTML is checked against the allow-list."""
    checked = _pageset.of(_lang(page)).get(page.file.src_uri.removeprefix(f"{_lang(page)}/")) if _pageset else None
    _html_problems.extend(check_html(html, checked, checked.name if checked else _source(page), page.url,
                                     lambda path: path in _published_paths(files)))
    if 'class="form-sheet' in html:
        forms.write_docx(Path(config.site_dir), page.url, html, _lang(page))
    html = tasklist.name_checkboxes(html) if "task-list-item" in html else html
    html = render.permalink_titles(html, _lang(page))
    return html if _lang(page) == "ja" else language_of_parts.mark_japanese(html)


@_per_page
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    """Description, canonical URL, language alternates and sharing tags for the page's head."""
    site = load_site()
    context["sharing"] = sharing.for_page(
        title=config.site_name if page.is_homepage else page.meta.get("title") or page.title,
        meta=page.meta, content_html=page.content or "", url=page.url, lang=_lang(page),
        languages=site.languages, default_lang=site.default_language,
        site_url=config.site_url or "/", site_description=config.site_description or "",
    )
    return context


def on_env(env, config: MkDocsConfig, files):
    """After every page is rendered: refuse the build if any page broke the HTML allow-list.
    Templates compiled for one language are reused by the next (scripts/finish/template_cache.py)."""
    global _html_problems
    problems, _html_problems = _html_problems, []
    if problems:
        raise PluginError("ページの HTML に許可されない要素があります。 / Pages contain HTML that is not allowed:\n" + summary(problems))
    return template_cache.share(env)


def _inline(output: str, page_url: str, config: MkDocsConfig, base: str | None = None) -> str:
    """Small CSS/JS inlined, the bundle deferred (scripts/finish/inline_assets.py); a file that cannot be inlined stops the build.
    Material's navigation markup is made valid HTML on the way (scripts/finish/nav_markup.py)."""
    output = nav_markup.conform(output)
    try:
        return inline_assets.inline(output, page_url, config.extra_css, config.extra_javascript,
                                    config.theme.dirs, config.theme.get("palette"), base)
    except ValueError as error:
        raise PluginError(str(error)) from None


@_per_page
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Small CSS/JS inlined; translations search their own index."""
    default, lang = load_site().default_language, _lang(page)
    output = _inline(output, page.url, config)
    output = output.replace("</head>", revisions.head_link(page.url, lang) + "\n</head>", 1)
    _refuse_third_party(output, _source(page), config)
    return output if lang == default else search_index.localise_search_base(output, lang)


def _site_name(config: MkDocsConfig, lang: str) -> str:
    """The site's name in ``lang``, as mkdocs-static-i18n is configured in mkdocs.yml."""
    for plugin in config.plugins.values():
        for language in getattr(getattr(plugin, "config", None), "languages", None) or []:
            if getattr(language, "locale", None) == lang and getattr(language, "site_name", None):
                return language.site_name
    return config.site_name


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep each language's 404 page: every language's build writes it to the site root.
    It is served at any address, so it links our files from the site's root path."""
    if template_name == "404.html":
        output = _inline(output, "404.html", config, urlsplit(config.site_url or "/").path or "/")
        _refuse_third_party(output, "overrides/404.html", config)
        _not_found[config.theme["language"]] = output
    return output


@event_priority(-200)  # after mkdocs-static-i18n (-100) has merged the languages' indexes
def on_post_build(config: MkDocsConfig) -> None:
    """Split the search index by language and publish the registry as open data."""
    lang, site = _languages.pop(), load_site()
    # The words name the project's own pages; a small site built from other sources (a test's)
    # is judged only on the sections it has.
    own_pages = Path(config.docs_dir).resolve() == (ROOT / "docs").resolve()
    problems = search_index.split_index(Path(config.site_dir), lang, site.default_language,
                                        search_index.language_config(config, lang, site.default_language), own_pages)
    if problems:
        raise PluginError("検索語のデータに誤りがあります。 / The search words data has problems:\n" + summary(problems))
    if lang == site.default_language and _pageset is not None:
        opendata.write(Path(config.site_dir), registry_rows(_pageset), config.site_url or "/")
        if _pdf_unavailable is None:  # every language's pages are written by now
            _write_pdfs(Path(config.site_dir))
        for each in site.languages:  # the other languages are built by now, inside this build
            target = Path(config.site_dir) / revisions.lang_prefix(each) / revisions.FEED
            target.write_bytes(revisions.atom_feed(_pageset, each, config.site_url or "/", _site_name(config, each)))
            if each in _not_found:  # the default language's 404 at the root, each other one in its folder
                target = Path(config.site_dir) / revisions.lang_prefix(each) / "404.html"
                target.write_text(_not_found[each], encoding="utf-8")


def _write_pdfs(site_dir: Path) -> None:
    """Print the PDF editions the pages link to; a failure stops the build, never a dead link."""
    try:
        pdf.write_pdfs(site_dir)
    except Exception as error:  # the browser's errors have many types; each is one message here
        raise PluginError(f"PDF版を作成できませんでした。 / The PDF editions could not be printed: {error}") from None


def on_build_error(error: Exception) -> None:
    """A failed build leaves nothing behind for the next one (`mkdocs serve`)."""
    global _pageset, _html_problems
    _pageset, _html_problems = None, []
    _languages.clear()
