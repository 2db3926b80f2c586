"""Every built page of both languages is valid HTML for the Nu HTML Checker (vnu).

The checker is npm's ``vnu-jar`` (pinned in package-lock.json, installed by ``npm ci
--ignore-scripts`` so it downloads no Java of its own) run by Debian's Java
(``default-jre-headless``); bash scripts/test.sh installs both. One JVM checks the whole
session build and a page seeded with Material's raw navigation markup, so the same call shows
that the site is clean and that the checker still finds what scripts/sns_policy/finish/nav_markup.py corrects.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sns_policy import kept
from sns_policy.finish import nav_markup
from tests.conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Material 9's navigation markup as it writes it (templates/base.html, partials/nav-item.html,
# partials/toc.html), on a section's index page, which has no ``__toc`` toggle.
MATERIAL = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
<label class="md-overlay" for="__drawer"></label>
<nav class="md-nav"><ul class="md-nav__list"><li class="md-nav__item md-nav__item--section md-nav__item--nested">
<input class="md-nav__toggle md-toggle" type="checkbox" id="__nav_2">
<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">Plans</label>
<nav class="md-nav" aria-labelledby="__nav_2_label"><label class="md-nav__title" for="__nav_2">Plans</label></nav>
</li></ul></nav>
<nav class="md-nav md-nav--secondary"><label class="md-nav__title" for="__toc">Contents</label></nav>
</body></html>
"""
# What the checker says about each pattern (the start of its message).
PATTERNS = {
    "empty tabindex": "Bad value “” for attribute “tabindex” on element “label”",
    "autocomplete on a checkbox": "Attribute “autocomplete” is only allowed when the input type is",
    "label for no control": "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
}


def _vnu_missing() -> str | None:
    """Why the checker cannot run here, or None. On CI a missing checker is a failure, not a skip."""
    if not VNU.exists():
        return f"{VNU.relative_to(ROOT)} missing: run `npm ci --ignore-scripts` (bash scripts/test.sh does)"
    if not shutil.which("java"):
        return "java missing: install default-jre-headless (bash scripts/test.sh does)"
    return None


# The checker's answer for one page depends only on the page's bytes and the checker's own: it is
# kept by them (scripts/sns_policy/kept.py), so a run checks afresh only the pages that changed.
CHECKED = kept.Store("nu-html-checker")


def _checker_key() -> str:
    """The checker as the cache knows it: its jar's bytes (a new vnu-jar checks every page again)."""
    return kept.key("vnu", VNU.read_bytes())


def check_pages(pages: dict[str, Path], run_checker) -> dict[str, list[str]]:
    """Errors per page name, reading a page's answer from the cache while its bytes are the same.

    ``run_checker(paths)`` checks the pages not kept and returns its JSON messages; a page it
    says nothing about is valid, and that is kept too.
    """
    checker = _checker_key()
    keys = {name: kept.key(checker, path.read_bytes()) for name, path in pages.items()}
    errors: dict[str, list[str]] = {}
    todo = {}
    for name, item in keys.items():
        found = CHECKED.read_json(item)
        if found is None:
            todo[name] = pages[name]
        elif found:
            errors[name] = found
    if todo:
        by_file = {f"file:{path}": name for name, path in todo.items()}
        fresh: dict[str, list[str]] = {name: [] for name in todo}
        for message in run_checker(list(todo.values())):
            name = by_file.get(message.get("url", ""))
            if name is None:
                raise AssertionError(f"the checker answered about a file it was not given: {message}")
            fresh[name].append(f"{message.get('lastLine', '?')}: {message['message']}")
        for name, messages in fresh.items():
            CHECKED.write_json(keys[name], messages)
            if messages:
                errors[name] = messages
    return errors


def _run_vnu(paths: list[Path]) -> list[dict]:
    """The Nu HTML Checker's messages for ``paths``, from one JVM."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", "--stdout", *map(str, paths)],
        capture_output=True, text=True, timeout=600,
    )
    return json.loads(result.stdout)["messages"]


@pytest.fixture(scope="module")
def vnu_errors(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The checker's errors per file, for every built page and the seeded page, from one JVM (or
    none, when every page is kept from a run on the same bytes)."""
    reason = _vnu_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    seeded = tmp_path_factory.mktemp("vnu") / "material.html"
    seeded.write_text(MATERIAL, encoding="utf-8")
    pages = {path.relative_to(site).as_posix(): path.resolve() for path in sorted(site.rglob("*.html"))}
    return check_pages({**pages, "seeded": seeded.resolve()}, _run_vnu)


def test_a_changed_page_is_checked_again_and_an_unchanged_one_is_not(tmp_path: Path, monkeypatch) -> None:
    """No Java needed: the checker is a stand-in that counts what it was given."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(sys.modules[__name__], "_checker_key", lambda: "stand-in checker")
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    a.write_text("<p>a", encoding="utf-8")
    b.write_text("<p>b", encoding="utf-8")
    given: list[list[str]] = []

    def checker(paths: list[Path]) -> list[dict]:
        given.append(sorted(p.name for p in paths))
        return [{"url": f"file:{p}", "lastLine": 1, "message": "bad"} for p in paths if p.name == "b.html"]

    assert check_pages({"a": a, "b": b}, checker) == {"b": ["1: bad"]}
    assert check_pages({"a": a, "b": b}, checker) == {"b": ["1: bad"]}, "a kept answer, valid or not, is the same answer"
    a.write_text("<p>A", encoding="utf-8")
    check_pages({"a": a, "b": b}, checker)
    assert given == [["a.html", "b.html"], ["a.html"]]


def test_every_page_is_valid_html(site: Path, vnu_errors: dict[str, list[str]]) -> None:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "index.html" in pages and "en/index.html" in pages
    found = {page: messages for page, messages in vnu_errors.items() if page != "seeded"}
    assert not found, f"{sum(map(len, found.values()))} errors:\n" + "\n".join(
        f"{page}:{line}" for page, messages in sorted(found.items()) for line in messages[:5])


def test_the_checker_finds_materials_raw_navigation_markup(vnu_errors: dict[str, list[str]]) -> None:
    seen = "\n".join(vnu_errors.get("seeded", []))
    for name, message in PATTERNS.items():
        assert message in seen, f"vnu no longer reports {name}: {seen}"


def test_the_correction_removes_all_three_patterns() -> None:
    fixed = nav_markup.conform(MATERIAL)
    assert 'tabindex=""' not in fixed
    assert 'autocomplete="off">' not in fixed.replace(f'<form id="{nav_markup.FORM_ID}" autocomplete="off" hidden></form>', "")
    assert 'for="__toc"' not in fixed
    # The toggles still exist, still belong to a form that turns restoring off, and the
    # sections' labels still point at their toggles.
    assert fixed.count(f'form="{nav_markup.FORM_ID}"') == 2
    assert fixed.index(f'<form id="{nav_markup.FORM_ID}" autocomplete="off" hidden></form>') < fixed.index('id="__drawer"')
    assert 'for="__nav_2" id="__nav_2_label">' in fixed


def test_a_toc_label_with_its_toggle_is_kept() -> None:
    label = '<label class="md-nav__title" for="__toc">Contents</label>'
    page = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">' + label
    assert nav_markup.conform(page).endswith(label)


def test_no_built_page_has_the_patterns(site: Path) -> None:
    """Without Java too: the patterns vnu objects to are gone from every built page."""
    bad = []
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if 'tabindex=""' in html or nav_markup._CHECKBOX_AUTOCOMPLETE.search(html) or (
                'for="__toc"' in html and 'id="__toc"' not in html):
            bad.append(page.relative_to(site).as_posix())
    assert not bad, bad
