"""Every field the build writes from front matter is text on the page, whatever it contains.

The validator refuses markup in front matter; these tests bypass it and hand hostile
values straight to the renderers, so the escaping holds on its own (defence in depth).
"""
from __future__ import annotations

import copy
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from sns_policy.content import escape, markers, render
from sns_policy.amendments import render as amendment_parts
from sns_policy.plans import render as plans
from sns_policy.playbooks import render as playbooks
from sns_policy.sources.frontmatter import Page
from sns_policy.sources.html_policy import check_html
from sns_policy.sources.pages import PageSet
from sns_policy.site import load_site
from tests.conftest import ROOT

HOSTILE = [
    "x<img src=x onerror=alert(1)>",
    "<br><script>alert(1)</script>",
    "<https://evil.example/>",
    "[click](https://evil.example/)",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "text { onclick=alert(1) }",
    "a | b & c",
    "**bold** `code` *x*",
]
GOOD_PLAN = yaml.safe_load((ROOT / "docs" / "ja" / "plans" / "hisho-koho.md").read_text(encoding="utf-8").split("---")[1])["plan"]
GOOD_PLAYBOOK = yaml.safe_load((ROOT / "docs" / "ja" / "incidents" / "erroneous-post.md").read_text(encoding="utf-8").split("---")[1])["incident"]


def _html(md_text: str) -> str:
    """Markdown → HTML with the site's extensions (as the build renders a page)."""
    names, configs = [], {}
    for ext in load_site().markdown_extensions:
        if isinstance(ext, str):
            names.append(ext)
        else:
            (name, config), = ext.items()
            if name != "pymdownx.snippets":
                names.append(name)
                configs[name] = config or {}
    return markdown.Markdown(extensions=names, extension_configs=configs).convert(md_text)


def _assert_text(html: str, value: str) -> None:
    """The value is shown as text: no element, attribute or link came from it."""
    problems = check_html(html, None, "rendered")
    assert not problems, [str(p) for p in problems]
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "svg"]), html
    assert not [a for a in soup.find_all("a") if "evil.example" in a.get("href", "")], html
    assert not [t for t in soup.find_all(True) if any(k.startswith("on") for k in t.attrs)], html
    shown = soup.get_text(" ")
    for word in ("onerror", "evil.example", "onclick", "alert(1)"):
        if word in value:
            assert word in shown, f"{word!r} was dropped instead of shown: {html}"


def _pageset(plan: dict | None = None, playbook: dict | None = None, title: str = "t") -> PageSet:
    pages: dict[str, dict[str, Page]] = {"ja": {}, "en": {}}
    for lang in pages:
        if plan is not None:
            pages[lang]["plans/p.md"] = Page(ROOT / f"docs/{lang}/plans/p.md", {"title": title, "version": "1.0", "plan": plan}, "")
        if playbook is not None:
            pages[lang]["incidents/erroneous-post.md"] = Page(
                ROOT / f"docs/{lang}/incidents/erroneous-post.md", {"title": title, "version": "1.0", "incident": playbook}, "")
    return PageSet(ROOT / "docs", ("ja", "en"), pages)


PLAN_FIELDS = [("department", "ja"), ("page_name", "ja"), ("purpose",), ("audience", 0), ("content_categories", 0),
               ("posting", "hours"), ("posting", "frequency"), ("replies",), ("withdrawal_criteria", 0)]


def _set(data: dict, path: tuple, value: str) -> dict:
    out = copy.deepcopy(data)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("path", PLAN_FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_plan_box_fields_are_text(path: tuple, value: str) -> None:
    _assert_text(_html(plans.plan_details(_set(GOOD_PLAN, path, value), "ja")), value)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("path", [("department", "ja"), ("page_name", "ja")], ids=str)
def test_registry_table_fields_are_text(path: tuple, value: str) -> None:
    opened = {**GOOD_PLAN, "status": "active", "url": "https://www.facebook.com/example"}  # the registry lists opened pages only
    _assert_text(_html(plans.registry_table(_pageset(_set(opened, path, value)), "ja", "accounts/")), value)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("path", [("department", "ja"), ("page_name", "ja")], ids=str)
def test_plans_table_fields_are_text(path: tuple, value: str) -> None:
    """{{rule:plans-table}} lists every filed plan, with the same fields as the registry."""
    _assert_text(_html(markers.plans_table(_pageset(_set(GOOD_PLAN, path, value)), "ja", "plans/index.md")), value)


@pytest.mark.parametrize("value", HOSTILE)
def test_playbook_box_and_card_first_actions_are_text(value: str) -> None:
    playbook = {**GOOD_PLAYBOOK, "first_actions": [value], "policy_sections": []}
    _assert_text(_html(playbooks.playbook_box(playbook, _pageset(playbook=playbook), "ja")), value)
    _assert_text(_html(playbooks.quick_reference(_pageset(playbook=playbook), "ja")), value)


@pytest.mark.parametrize("value", HOSTILE)
def test_card_title_and_history_change_are_text(value: str) -> None:
    playbook = {**GOOD_PLAYBOOK, "policy_sections": []}
    _assert_text(_html(playbooks.quick_reference(_pageset(playbook=playbook, title=value), "ja")), value)
    _assert_text(_html(amendment_parts.revision_history([{"version": "1.0", "date": "2016-10-17", "change": value}], "ja")), value)


@pytest.mark.parametrize("value", HOSTILE)
def test_page_title_as_heading_is_text(value: str) -> None:
    _assert_text(_html(f"# {escape.md_text(value)}"), value)


def test_a_registry_address_is_an_attribute_that_cannot_be_broken_out_of() -> None:
    plan = {**GOOD_PLAN, "status": "active", "url": 'https://www.facebook.com/x"onmouseover="alert(1)'}
    html = _html(plans.plan_details(plan, "ja"))
    soup = BeautifulSoup(html, "html.parser")
    assert not [t for t in soup.find_all(True) if any(k.startswith("on") for k in t.attrs)], html


def test_escaping_changes_nothing_an_editor_wrote_legitimately() -> None:
    text = "（仮称）石巻市 地域振興課 (Provisional) 1.0 - a_b #1 +"
    soup = BeautifulSoup(_html(escape.md_text(text)), "html.parser")
    assert soup.get_text() == text


# The parts history/ writes go through the same path (content/escape.py): the site-wide history,
# the 新旧対照表 and the notice on a translation that lags.

@pytest.mark.parametrize("value", HOSTILE)
def test_site_wide_history_title_and_change_are_text(value: str) -> None:
    from sns_policy.amendments import render as revisions

    page = Page(ROOT / "docs/ja/policy.md", {"title": value, "version": "1.0",
                                             "history": [{"version": "1.0", "date": "2016-10-17", "change": value}]}, "")
    pageset = PageSet(ROOT / "docs", ("ja", "en"), {"ja": {"policy.md": page}, "en": {}})
    _assert_text(_html(revisions.history_page(pageset, "ja", "history/")), value)


@pytest.mark.parametrize("value", HOSTILE)
def test_comparison_page_title_is_text(value: str) -> None:
    from sns_policy.amendments import render as amendments

    item = amendments.Comparison("policy.md", "ja", value, f"{value} (old)", "1.0", "1.1", "draft", "2016-10-17", [])
    _assert_text(_html(amendments.render_page(item).split("---", 2)[2]), value)


@pytest.mark.parametrize("value", HOSTILE)
def test_translation_notice_versions_are_text(value: str) -> None:
    from sns_policy.history import translations

    item = translations.Freshness("en", "policy.md", translations.BEHIND, value, value, "2016-10-17")
    empty = PageSet(ROOT / "docs", ("ja", "en"), {"ja": {}, "en": {}})
    _assert_text(translations.notice(item, "en/policy/", "policy/", empty), value)
