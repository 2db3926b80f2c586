"""One page's Markdown: what the editor wrote, with every part the build adds around it.

From the checked source and the build's :class:`~sns_policy.pipeline.prepare.Prepared`, in the order
a reader meets them: the title; the document header (status and provenance), the translation
notice, the PDF link and the contents, folded into one line on a document; a plan's or playbook's
box; the link to a form's editable copy; the editor's text with its rule markers and repository
links expanded; a generated part (registry, quick-reference card, accessibility results and
checklist, site-wide history, plan form); the revision history; the last-updated line; and the
link definition of the city website. The generic parts are made in ``scripts/sns_policy/content/`` and
``scripts/sns_policy/history/``, a capability's in its package's ``render`` room (``plans``,
``playbooks``, ``amendments``, ``editions``, ``a11y``); this module only decides which parts a page has,
and where.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from sns_policy.a11y import model as accessibility, render as a11y_report
from sns_policy.content import escape, markers, render, words
from sns_policy.editions import model as editions, render as edition_parts
from sns_policy.amendments import model as revisions, render as amendments
from sns_policy.history import asof, lastupdated, translations
from sns_policy.pipeline import page_source
from sns_policy.pipeline.prepare import Prepared
from sns_policy.plans import render as plans
from sns_policy.playbooks import render as playbooks
from sns_policy.problems import summary
from sns_policy.site import ROOT, load_site
from sns_policy.sources import frontmatter, markdown_ids, repo_links


def markdown(text: str, page: Page, checked: frontmatter.Page, config: MkDocsConfig, prepared: Prepared) -> str:
    """The page's Markdown, made from its checked source (the editor's text is ``text``)."""
    lang, rel, meta = page_source.lang(page), page_source.rel(page), checked.meta
    text = _expanded(text, page, config, prepared, lang, rel)
    if text.startswith("# "):  # a page may word its H1 differently from its nav title
        h1, _, text = text.partition("\n")
    else:
        h1 = f"# {escape.md_text(meta['title'])}"
    head, folded = _header(page, meta, prepared, lang, rel)
    head = [h1, "", *head]
    if meta.get("generate") == "registry":  # the registry's answer comes first: how many pages, as of when
        head += [plans.registry_summary(prepared.pageset, lang, _registry_as_of(config)), ""]
    tail = _generated(page, meta, config, prepared, lang)
    # A form is a line that opens the sheet; quoted markup (新旧対照表) does not count.
    if meta.get("generate") == "plan-form" or re.search(r'^<div class="form-sheet', text, re.M):
        head += [plans.download_link(page.url, lang, meta, config.site_url or ""), ""]
    history = [(render.HISTORY_ID, words.labels()[lang]["history"])] if "history" in meta else []
    contents = render.page_contents(text, lang, history, opened=bool(folded))
    if folded:
        head += [render.compact_header(meta, lang, [*folded, contents]), ""]
    elif contents:
        head += [contents, ""]
    if "history" in meta:
        tail += ["", amendments.revision_history(meta["history"], lang, revisions.links_for(rel, prepared.pageset, lang))]
    tail += ["", lastupdated.footer(page_source.source_file(page, prepared.pageset), lang)]
    # The city website's address lives once, in mkdocs.yml (the plugin's website); pages link to it as [text][city-website].
    tail += ["", render.city_website_reference(load_site().website)]
    # Each generated block starts after a blank line, so Markdown opens a new block for it.
    composed = "\n".join(head) + "\n" + text.rstrip("\n") + "\n" + "\n".join(tail) + "\n"
    _refuse_colliding_ids(checked, composed)
    return composed


def _refuse_colliding_ids(checked: frontmatter.Page, composed: str) -> None:
    """An editor's heading may not take the id of a heading the build adds (the revision history's #history …):
    one of the two could never be linked to. The validator already refused two such headings in the editor's text."""
    problems = [markdown_ids.duplicate_id(checked.name, heading.id or "", None,
                                          checked.body_line + checked.body[:heading.start].count("\n"),
                                          f"a heading the build adds ({added})")
                for heading, added in markdown_ids.colliding_ids(checked.body, composed)]
    if problems:
        raise PluginError(summary(problems))


def _expanded(text: str, page: Page, config: MkDocsConfig, prepared: Prepared, lang: str, rel: str) -> str:
    """The editor's text with rules stated once (scripts/data) in place of their {{rule:…}} markers,
    and links to files of the repository outside docs/ turned into their addresses."""
    text = markers.expand(text, lang, prepared.pageset, rel)
    if "](../" in text:
        text, problems = repo_links.expand(text, page_source.source_file(page, prepared.pageset), Path(config.docs_dir),
                                           Path(config.config_file_path).parent, config.repo_url or "", config.edit_uri or "")
        if problems:
            raise PluginError(summary(problems))
    return text.lstrip()


def _header(page: Page, meta: dict[str, Any], prepared: Prepared, lang: str, rel: str) -> tuple[list[str], list[str]]:
    """The blocks under the title, and those a document folds into one line (render.compact_header)."""
    head: list[str] = []
    folded: list[str] = []
    if lang != load_site().default_language:
        original_url = (page.url[len(lang) + 1:] if page.url.startswith(f"{lang}/") else page.url) or "./"
        note = render.translation_note(lang, original_url, page.url)
        folded, head = ([note], head) if "doc_status" in meta else ([], head + [note, ""])
        if (lang, rel) in prepared.stale:
            head += [translations.notice(prepared.stale[(lang, rel)], page.url, original_url, prepared.pageset), ""]
    folded = [render.doc_header(meta, lang), *folded] if "doc_status" in meta else []
    if editions.edition_of(rel):
        link = edition_parts.link(rel, lang, page.url, available=prepared.pdf_unavailable is None)
        folded += [link] if folded else []
        head += [] if folded else [link, ""]
    if "plan" in meta and page.file.src_uri.startswith(f"{lang}/plans/"):
        # Plan pages are not in the menu (mkdocs.yml): each leads back to the list it is reached from.
        head += [plans.plans_back_link(lang), "", plans.plan_details(meta["plan"], lang), ""]
    if "incident" in meta and page.file.src_uri.startswith(f"{lang}/incidents/"):
        head += [playbooks.playbook_box(meta["incident"], prepared.pageset, lang), ""]
    return head, folded


def _registry_as_of(config: MkDocsConfig) -> str | None:
    """When the registry's data (the activity plans, in any language) last changed."""
    docs = Path(config.docs_dir)
    return asof.last_changed([docs / code / "plans" for code in load_site().languages], ROOT)


def _generated(page: Page, meta: dict[str, Any], config: MkDocsConfig, prepared: Prepared, lang: str) -> list[str]:
    """The part a page asks the build to make from data (front matter ``generate``), after its text."""
    kind, pageset = meta.get("generate"), prepared.pageset
    if kind == "registry":
        return ["", plans.registry_table(pageset, lang, page.url)]
    if kind == "quick-reference":
        return ["", playbooks.quick_reference(pageset, lang)]
    if kind == "accessibility-results":
        return ["", a11y_report.accessibility_results(accessibility.load(), lang)]
    if kind == "accessibility-checklist":
        return ["", a11y_report.checklist(lang, accessibility.load())]
    if kind == "revision-history":
        return ["", amendments.history_page(pageset, lang, page.url)]
    if kind == "plan-form":
        return ["", plans.plan_form(lang, words.labels()), ""]
    return []

