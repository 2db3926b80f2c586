"""Phones and paper, checked on the built HTML and the generated files (issue 10).

The browser checks (layout at 360 px, print page counts, dark scheme) are in
tests/browser/test_mobile_print.py; these are the ones that need no browser.
"""
from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sns_policy import datafiles
from sns_policy.content import render, words
from sns_policy.plans import build, render as plans
from sns_policy.sources.pages import load_pages
from sns_policy.playbooks.model import playbooks_of
from sns_policy.sources.schema import load_schema, severity_levels, validate

FORM_PAGES = ["forms/application", "forms/change", "forms/withdrawal", "incidents/report-form", "plans/template"]


def _paths(schema: dict) -> list[str]:
    """Every leaf field of the plan schema, walked independently of scripts/sns_policy/plans/render.py."""
    out = []
    for key, spec in schema["properties"].items():
        if spec.get("type") == "object" and "properties" in spec and "x-title" not in spec:
            out += [f"{key}.{sub}" for sub in spec["properties"]]
        else:
            out.append(key)
    return out


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_plan_form_lists_exactly_the_schema_fields(lang: str) -> None:
    schema = load_schema("plan")
    sheet = BeautifulSoup(plans.plan_form(lang, words.labels()), "html.parser")
    assert [tr["id"] for tr in sheet.select("tbody tr[id]")] == [plans.field_id(p) for p in _paths(schema)]
    for path, spec in plans.form_fields(schema):
        row = sheet.find("tr", id=plans.field_id(path))
        assert spec["x-title"][lang] in row.th.get_text(), path


def test_a_field_added_to_the_schema_appears_on_the_plan_form() -> None:
    schema = copy.deepcopy(load_schema("plan"))
    schema["properties"]["budget"] = {"type": "string", "x-title": {"ja": "予算", "en": "Budget"},
                                      "x-guidance": {"ja": "年額", "en": "Per year"}, "x-lines": 2}
    schema["properties"]["contact_hours"] = {"type": "string"}  # no title: still listed, by its key
    sheet = BeautifulSoup(plans.plan_form("ja", words.labels(), schema), "html.parser")
    fields = [tr["id"] for tr in sheet.select("tbody tr[id]")]
    assert fields[-2:] == ["field-budget", "field-contact-hours"]
    assert "予算" in sheet.find("tr", id="field-budget").get_text()
    assert "form-lines-2" in sheet.find("tr", id="field-budget").td["class"]


def test_every_plan_field_has_a_title_and_guidance_in_both_languages() -> None:
    for path, spec in plans.form_fields(load_schema("plan")):
        for lang in ("ja", "en"):
            assert spec.get("x-title", {}).get(lang), f"{path} has no x-title.{lang}"
            assert spec.get("x-guidance", {}).get(lang), f"{path} has no x-guidance.{lang}"


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("page", FORM_PAGES)
def test_every_form_has_an_editable_docx_linked_from_its_page(site: Path, page: str, lang: str) -> None:
    from docx import Document

    folder = site / page if lang == "ja" else site / "en" / page
    name = page.rsplit("/", 1)[-1] + ".docx"
    soup = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(f'.form-download a[href="{name}"]'), f"{page} ({lang}) does not link {name}"
    document = Document(io.BytesIO((folder / name).read_bytes()))
    docx_text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for th in soup.select(".form-sheet table tbody tr > :first-child"):
        label = " ".join(th.find(string=True, recursive=False) or th.get_text(" ").split()[:1] or [""]).strip()
        if label:
            assert label.split()[0] in docx_text, f"{name} ({lang}) lacks the row {label!r}"


def test_docx_is_the_same_bytes_on_every_build() -> None:
    sheet = build.form_sheet(plans.plan_form("ja", words.labels()))
    assert sheet is not None
    assert build.to_docx(copy.deepcopy(sheet), "ja") == build.to_docx(copy.deepcopy(sheet), "ja")


def test_search_settings_are_accepted_and_bad_ones_refused() -> None:
    base = {"title": "t", "version": "1.0"}
    assert not validate({**base, "search": {"boost": 3}}, "page", "p.md")
    assert not validate({**base, "search": {"exclude": True}}, "page", "p.md")
    for bad in ({"boost": "high"}, {"boost": 0}, {"boost": 50}, {"rank": 2}, {"exclude": "yes"}):
        problems = validate({**base, "search": bad}, "page", "p.md")
        assert problems and all("search" in p.field for p in problems), bad


def test_after_hours_rule_covers_every_level_and_is_on_the_card(site: Path) -> None:
    after_hours = datafiles.load("after-hours.yml")["levels"]
    assert set(after_hours) == set(severity_levels())
    for lang, folder in (("ja", site), ("en", site / "en")):
        card = BeautifulSoup((folder / "incidents/quick-reference/index.html").read_text(encoding="utf-8"), "html.parser")
        text = card.select_one(".qr-after-hours").get_text(" ")
        for level, rule in after_hours.items():
            assert rule[lang] in text and severity_levels()[level][lang] in text


def test_card_has_one_block_per_playbook_with_its_facts(site: Path) -> None:
    pageset, _ = load_pages()
    for lang, folder in (("ja", site), ("en", site / "en")):
        card = BeautifulSoup((folder / "incidents/quick-reference/index.html").read_text(encoding="utf-8"), "html.parser")
        blocks = card.select(".qr-card:not(.qr-after-hours, .qr-contacts)")
        playbooks = playbooks_of(pageset, lang)
        assert len(blocks) == len(playbooks)
        for block, playbook in zip(blocks, playbooks):
            assert playbook.page.meta["title"] in block.h2.get_text()
            assert [li.get_text(" ", strip=True) for li in block.select("ol li")] == playbook.data["first_actions"]
            assert severity_levels()[playbook.data["severity"]][lang] in block.select_one(".qr-facts").get_text()


@pytest.mark.parametrize("page", ["incidents/quick-reference", "plans/hisho-koho", "forms/application"])
def test_card_plans_and_forms_say_their_version_and_status(site: Path, page: str) -> None:
    """Review 2026-12-07, D6, D11, D12: a printed draft must not pass for rules in force."""
    pageset, _ = load_pages()
    for lang, folder in (("ja", site), ("en", site / "en")):
        meta = pageset.of(lang)[f"{page}.md"].meta
        html = BeautifulSoup((folder / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        labels = words.labels()[lang]
        version = labels["version_value"].format(version=meta["version"])
        status = labels["statuses"][meta["doc_status"]]
        summary = html.select_one(".doc-summary summary").get_text()
        assert version in summary and status in summary, summary
        if page.startswith("forms/"):
            note = html.select_one(".form-print-note").get_text()
            assert version in note and status in note and f"/{'en/' if lang == 'en' else ''}{page}/" in note, note


def test_registry_shows_an_as_of_date_and_labels_every_cell(site: Path) -> None:
    for folder in (site, site / "en"):
        page = BeautifulSoup((folder / "accounts/index.html").read_text(encoding="utf-8"), "html.parser")
        assert page.select_one(".registry-as-of"), folder
        for td in page.select("table.registry td"):
            assert td.select_one(".registry-label").get_text(strip=True), td


def test_long_pages_have_their_contents_near_the_top(site: Path) -> None:
    page = BeautifulSoup((site / "policy/index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in page.select("details.page-contents a")]
    ids = {h["id"] for h in page.select("article h2[id]")}
    assert len(links) >= render.CONTENTS_MIN_SECTIONS and all(href[1:] in ids for href in links)
    short = BeautifulSoup((site / "incidents/quick-reference/index.html").read_text(encoding="utf-8"), "html.parser")
    assert short.select_one("details.page-contents") is None or len(short.select("details.page-contents a")) >= render.CONTENTS_MIN_SECTIONS


def test_registry_explains_how_to_find_a_page_address_in_app_and_browser(site: Path) -> None:
    for lang, folder in (("ja", site), ("en", site / "en")):
        page = BeautifulSoup((folder / "accounts/index.html").read_text(encoding="utf-8"), "html.parser")
        heading = page.find("h2", id="find-address")
        assert heading, lang
        guide = plans._find_address()[lang]
        text = page.select_one("article").get_text(" ")
        assert len(guide["ways"]) == 2 and all(way["label"] in text for way in guide["ways"])
        assert page.select_one(".registry-as-of").get_text(strip=True)


def test_a_form_file_is_made_again_only_when_its_sheet_changes(tmp_path: Path, monkeypatch) -> None:
    """mkdocs serve rebuilds every page; an unchanged sheet reuses its file, an edited one never does."""
    made = []
    real = build.to_docx
    monkeypatch.setattr(build, "to_docx", lambda sheet, lang: made.append(lang) or real(sheet, lang))
    monkeypatch.setattr(build, "_made", {})
    page = f"<html><body><article>{plans.plan_form('ja', words.labels())}</article></body></html>"
    first = build.write_docx(tmp_path, "plans/template/", page, "ja").read_bytes()
    assert build.write_docx(tmp_path, "plans/template/", page, "ja").read_bytes() == first and made == ["ja"]
    edited = page.replace("</table>", "<tr><th>追加の欄</th><td></td></tr></table>", 1)
    assert build.write_docx(tmp_path, "plans/template/", edited, "ja").read_bytes() != first and made == ["ja", "ja"]
