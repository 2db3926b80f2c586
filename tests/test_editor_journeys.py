"""The five changes city editors make, made as GitHub's web editor makes them (file edits and
commits only, no command) on a temporary clone with full history, each checked through the
page rules, the release build and the pages it publishes, and ending with the tests that read
the site's content, run on the clone: a legitimate change must never turn a test red.

Nothing here asserts what an editor may legitimately change (a version number, a date, a
count of plans): versions are read from the clone and raised by one.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.linkcheck import check_links
from sns_policy.history.gitinfo import repo
from sns_policy.problems import format_problems
from sns_policy.site import ROOT
from tests.conftest import PUBLIC_SITE_URL, Build, run_build
from tests.editing import append_paragraph, commit, first_paragraph_line, git, next_version, raise_version, version

pytestmark = pytest.mark.skipif(not repo().available, reason=f"needs the full git history: {repo().reason}")

ADDED_JA = "この一文は、編集の手順を確かめるために加えたものです。"
ADDED_EN = "This sentence was added to check the editing journey."


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A full clone of the committed project, and the commit every journey starts from."""
    clone = tmp_path_factory.mktemp("journeys") / "clone"
    subprocess.run(["git", "clone", "-q", "--no-local", str(ROOT), str(clone)], check=True, capture_output=True)
    git(clone, "config", "user.email", "editor@example.invalid")
    git(clone, "config", "user.name", "editor")
    return clone, git(clone, "rev-parse", "HEAD").strip()


@pytest.fixture
def clone(origin: tuple[Path, str]) -> Path:
    """The clone, reset to the starting commit on a branch of its own (a pull request)."""
    root, start = origin
    git(root, "checkout", "-qf", "-B", "editor-change", start)
    git(root, "clean", "-qfdx", "-e", ".venv")
    return root


def _validate(root: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "sns_policy.pipeline.validate"], cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _release(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Build:
    """The deploy's build: SITE_RELEASE=1 refuses what would publish something unverifiable."""
    monkeypatch.setenv("SITE_RELEASE", "1")
    result = run_build(root, tmp_path / "site", site_url=PUBLIC_SITE_URL)
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    return result


# The tests that read the real site's pages or data (not only small sites of their own): after an
# editor's change, these are the ones that could wrongly pin what the editor changed.
AMENDMENT_TESTS = ("tests/amendments/test_amendments.py", "tests/amendments/test_revisions.py", "tests/test_build.py",
                   "tests/finish/test_sharing.py", "tests/finish/test_linkcheck.py")
PLAN_TESTS = ("tests/plans/test_plans.py", "tests/plans/test_registry.py", "tests/plans/test_opendata.py",
              "tests/plans/test_new_plan.py", "tests/test_build.py")


def _tests_pass_on(root: Path, tests: tuple[str, ...], marks: str = "not browser and not full") -> None:
    """Run ``tests`` (by default their fast tier) in the clone, as its CI would."""
    # The clone's tests run as its CI runs them: not as the release build this journey made.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k != "SITE_RELEASE"} | {"NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "-p", "no:cacheprovider",
                             "-m", marks, *tests],
                            cwd=root, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, "a legitimate change turned a test red:\n" + result.stdout[-6000:]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _amended(page: Path) -> str:
    """The underlined (changed) passages of a published comparison, in its new-text column."""
    soup = _soup(page)
    return "".join(u.get_text() for row in soup.select("table.amendments tr") for u in row.select("td:first-child u"))


def test_amend_the_policy_in_both_languages(clone: Path, tmp_path: Path, monkeypatch) -> None:
    ja, en = clone / "docs/ja/policy.md", clone / "docs/en/policy.md"
    new = next_version(version(ja))
    for page, text, change in ((ja, ADDED_JA, "一文を加えました。"), (en, ADDED_EN, "Added a sentence.")):
        append_paragraph(page, text)
        raise_version(page, new, change)
    commit(clone, "Amend the operating policy")
    _validate(clone)
    site = _release(clone, tmp_path, monkeypatch).site_dir
    for prefix, text in (("", ADDED_JA), ("en/", ADDED_EN)):
        comparison = site / prefix / f"amendments/policy-{new}/index.html"
        assert comparison.is_file(), f"{prefix}: no comparison for {new}"
        assert text in _amended(comparison)
        history = _soup(site / prefix / "policy/index.html").select_one("#history").find_next("table")
        assert history.select_one(f'a[href$="amendments/policy-{new}/"]') is not None, "the history row links its comparison"
    assert _soup(site / "en/policy/index.html").select_one(".translation-stale") is None
    _tests_pass_on(clone, AMENDMENT_TESTS)


def test_fix_one_word_without_a_new_version(clone: Path, tmp_path: Path, monkeypatch) -> None:
    ja = clone / "docs/ja/policy.md"
    line = first_paragraph_line(ja)
    ja.write_text(ja.read_text(encoding="utf-8").replace(line, line.rstrip() + "（確認）", 1), encoding="utf-8")
    commit(clone, "Wording fix")
    _validate(clone)
    site = _release(clone, tmp_path, monkeypatch).site_dir
    assert "（確認）" in (site / "policy/index.html").read_text(encoding="utf-8")
    assert _soup(site / "en/policy/index.html").select_one(".translation-stale") is None, "a wording fix never makes a translation lag"
    current = version(ja)
    comparison = site / f"amendments/policy-{current}/index.html"
    if comparison.exists():  # the fix belongs to the current version: its comparison shows it
        assert "確認" in _amended(comparison)
    _tests_pass_on(clone, AMENDMENT_TESTS)


def test_amend_the_japanese_policy_before_its_translation(clone: Path, tmp_path: Path, monkeypatch) -> None:
    ja, en = clone / "docs/ja/policy.md", clone / "docs/en/policy.md"
    start, translated = git(clone, "rev-parse", "HEAD").strip(), version(en)
    new = next_version(version(ja))
    append_paragraph(ja, ADDED_JA)
    raise_version(ja, new, "一文を加えました。")
    commit(clone, "Amend the Japanese operating policy; the translation follows")
    _validate(clone)
    site = _release(clone, tmp_path, monkeypatch).site_dir
    assert ADDED_JA in _amended(site / f"amendments/policy-{new}/index.html")
    # The comparison has no English page yet: no hreflang alternate names one, and the switch leads to the English policy.
    comparison = _soup(site / f"amendments/policy-{new}/index.html")
    alternates = {link["hreflang"]: link["href"] for link in comparison.select('link[rel="alternate"][hreflang]')}
    assert alternates == {"ja": f"{PUBLIC_SITE_URL}amendments/policy-{new}/", "x-default": f"{PUBLIC_SITE_URL}amendments/policy-{new}/"}
    switch = {a["hreflang"]: a["href"] for a in comparison.select("a.md-select__link")}
    assert switch["en"] == "../../en/policy/", switch
    problems = check_links(site, PUBLIC_SITE_URL)
    assert not problems, format_problems(problems)
    notice = _soup(site / "en/policy/index.html").select_one(".translation-stale")
    assert notice is not None and f"version {translated}" in notice.get_text() and new in notice.get_text()
    links = {a["href"] for a in notice.select("a")}
    assert links == {"../../policy/", f"../../amendments/policy-{new}/"}, links
    listed = subprocess.run([sys.executable, "-m", "sns_policy.history.translations"], cwd=clone, capture_output=True, text=True)
    assert listed.returncode == 0 and f"docs/en/policy.md: translates version {translated}" in listed.stdout
    summary = subprocess.run([sys.executable, "-m", "sns_policy.commands.pr_summary", "--base", start], cwd=clone,
                             capture_output=True, text=True, timeout=120)
    assert summary.returncode == 0, summary.stderr
    assert f"version {version(en)} → {new}".replace(version(en), translated) in summary.stdout or \
        f"→ {new}" in summary.stdout
    assert ADDED_JA in summary.stdout and "docs/en/policy.md: translates version" in summary.stdout
    _tests_pass_on(clone, AMENDMENT_TESTS)


def _planned_plan(root: Path) -> str:
    """A division's plan whose page has not opened yet (whichever the clone has)."""
    for page in sorted((root / "docs/ja/plans").glob("*.md")):
        if re.search(r"^  status: planned$", page.read_text(encoding="utf-8"), re.M):
            return page.stem
    pytest.skip("no plan is still planned in this history")


def test_a_divisions_page_opens(clone: Path, tmp_path: Path, monkeypatch) -> None:
    slug = _planned_plan(clone)
    address = "https://www.facebook.com/journey.test.page"
    new = None
    for lang, change in (("ja", "ページを開設しました。"), ("en", "The page was opened.")):
        page = clone / f"docs/{lang}/plans/{slug}.md"
        text = page.read_text(encoding="utf-8").replace("  status: planned\n", f"  status: active\n  url: {address}\n", 1)
        # The page now has its real name: the provisional mark goes (the rules require it).
        text = re.sub(r"^(    (?:ja|en): \"?)(?:（仮称）|\(Provisional\) )", r"\1", text, flags=re.M)
        page.write_text(text, encoding="utf-8")
        new = next_version(version(page))
        raise_version(page, new, change)
    commit(clone, "A division's page opens")
    _validate(clone)
    site = _release(clone, tmp_path, monkeypatch).site_dir
    rows = json.loads((site / "accounts.json").read_text(encoding="utf-8"))
    rows = rows.get("accounts", rows) if isinstance(rows, dict) else rows
    assert any(row.get("url") == address for row in rows), "the registry's open data lists the new page"
    for prefix in ("", "en/"):
        registry = _soup(site / prefix / "accounts/index.html")
        assert registry.select_one(f'a[href="{address}"]') is not None, f"{prefix}accounts: the page is listed"
        assert (site / prefix / f"amendments/plans-{slug}-{new}/index.html").is_file()
    _tests_pass_on(clone, PLAN_TESTS, "not browser")


def test_a_new_plan_copied_from_an_existing_one(clone: Path, tmp_path: Path, monkeypatch) -> None:
    slug = _planned_plan(clone)
    for lang, division in (("ja", "試験課"), ("en", "Test Division")):
        source = clone / f"docs/{lang}/plans/{slug}.md"
        target = source.with_name("kanko.md")  # the README's own example name
        shutil.copyfile(source, target)
        text = target.read_text(encoding="utf-8")
        meta, body = text.split("\n---\n", 1)
        meta = re.sub(r"^(    ja: ).*$", r"\1試験課", meta, count=1, flags=re.M)
        meta = re.sub(r"^(    en: ).*$", r"\1Test Division", meta, count=1, flags=re.M)
        meta = re.sub(r"^(  page_name:\n    ja: ).*\n(    en: ).*$", r'\1"（仮称）石巻市 試験課"\n\2"(Provisional) Ishinomaki City Test Division"',
                      meta, count=1, flags=re.M)
        meta = re.sub(r"^title: .*$", f"title: \"{'活用方針：' if lang == 'ja' else 'Activity plan: '}{division}\"", meta, count=1, flags=re.M)
        meta = re.sub(r'^version: "[0-9.]+"', 'version: "1.0"', meta, count=1, flags=re.M)
        meta = re.sub(r"^history:\n(?:  .*\n?)+", "", meta + "\n", count=1, flags=re.M).rstrip("\n")
        row = "新規に作成しました。" if lang == "ja" else "Created."
        meta += f'\nhistory:\n  - version: "1.0"\n    date: "{dt.date.today().isoformat()}"\n    change: "{row}"'
        target.write_text(f"{meta}\n---\n{body}", encoding="utf-8")
    commit(clone, "New activity plan, copied from an existing one")
    _validate(clone)
    site = _release(clone, tmp_path, monkeypatch).site_dir
    for prefix, division in (("", "試験課"), ("en/", "Test Division")):
        page = site / prefix / "plans/kanko/index.html"
        assert page.is_file() and division in page.read_text(encoding="utf-8")
        index = _soup(site / prefix / "plans/index.html")
        assert index.select_one('a[href*="kanko"]') is not None, f"{prefix}plans: the index links the new plan"
    assert not list(site.glob("**/amendments/plans-kanko-*")), "a first version has nothing to compare"
    _tests_pass_on(clone, PLAN_TESTS, "not browser")

