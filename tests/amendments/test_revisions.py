"""Revision tables, the site-wide history, the Atom feeds, last-updated dates and
translation freshness agree with front matter and git."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sns_policy.history import translations
from sns_policy.dates import format_date
from sns_policy.history.gitinfo import JST, RELEASE_ENV, repo
from sns_policy.sources.pages import load_pages
from sns_policy.amendments.build import ATOM
from sns_policy.amendments.model import revisions
from sns_policy.site import ROOT

from tests.conftest import PUBLIC_SITE_URL, Build, parsed_html, run_build
from tests.editing import raise_version as _raise_version

A = f"{{{ATOM}}}"
needs_history = pytest.mark.skipif(not repo().available, reason=f"no full git history: {repo().reason}")


def _soup(path: Path) -> BeautifulSoup:
    return parsed_html(path)  # parsed once per worker: the feed test reads every page


def _entries() -> dict[str, list[tuple[str, str, str | None, str]]]:
    """Every history entry in front matter, per language: (page, version, date, change)."""
    pageset, _ = load_pages()
    return {lang: sorted((rel, str(e["version"]), e.get("date"), e["change"])
                         for rel, page in pageset.of(lang).items() for e in page.meta.get("history") or [])
            for lang in pageset.languages}


@pytest.mark.parametrize("lang,prefix", [("ja", ""), ("en", "en/")])
def test_feed_is_atom_and_lists_every_revision(site: Path, build: Build, lang: str, prefix: str) -> None:
    root = ET.parse(site / prefix / "feed.xml").getroot()
    assert root.tag == f"{A}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{required}") is not None, f"feed has no <{required}>"
    self_link = root.find(f"{A}link[@rel='self']")
    assert self_link.get("href") == f"{build.site_url}{prefix}feed.xml", "absolute address from site_url"
    entries = root.findall(f"{A}entry")
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    stamps = [e.findtext(f"{A}updated") for e in entries]
    for stamp in stamps + [root.findtext(f"{A}updated")]:
        dt.datetime.fromisoformat(stamp)  # RFC 3339
    assert stamps == sorted(stamps, reverse=True), "newest first"
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{A}{required}"), f"entry without <{required}>"
        assert entry.find(f"{A}link[@rel='alternate']").get("href").startswith(build.site_url)
    got = sorted((e.findtext(f"{A}summary"), e.findtext(f"{A}updated")[:10]) for e in entries)
    expected = sorted((change, _stamp_day(date)) for _, _, date, change in _entries()[lang])
    assert got == expected, "the feed must list exactly the history entries of front matter"


def _stamp_day(date: str | None) -> str:
    if not date:
        return "1970-01-01"
    return date if len(date) == 10 else f"{date}-01"


@pytest.mark.parametrize("lang,prefix", [("ja", ""), ("en", "en/")])
def test_history_page_lists_every_revision_newest_first(site: Path, lang: str, prefix: str) -> None:
    page = _soup(site / prefix / "history" / "index.html")
    rows = page.select("article table tbody tr")
    assert len(rows) == len(_entries()[lang])
    pageset, _ = load_pages()
    expected = [format_date(r.date, lang) for r in revisions(pageset, lang)]
    assert [row.select("td")[0].get_text(strip=True) for row in rows] == expected
    dates = [r.date or "" for r in revisions(pageset, lang)]
    assert dates == sorted(dates, reverse=True)
    assert page.select_one("article a.feed-link")["href"] == "../feed.xml"


def test_every_page_links_its_languages_feed_from_the_head(site: Path) -> None:
    for page in site.rglob("index.html"):
        rel = page.relative_to(site).as_posix()
        link = _soup(page).select_one('head link[rel="alternate"][type="application/atom+xml"]')
        assert link is not None, f"{rel}: no feed link in <head>"
        target = (page.parent / link["href"]).resolve()
        wanted = site / ("en/feed.xml" if rel.startswith("en/") else "feed.xml")
        assert target == wanted.resolve(), f"{rel}: feed link points to {link['href']}"


def test_revision_tables_agree_with_front_matter(site: Path) -> None:
    pageset, _ = load_pages()
    for lang, prefix in (("ja", ""), ("en", "en/")):
        for rel, page in pageset.of(lang).items():
            if not page.meta.get("history"):
                continue
            url = rel[:-3] + "/" if not rel.endswith("index.md") else rel[: -len("index.md")]
            html = _soup(site / prefix / url / "index.html")
            table = html.select_one("#history").find_next("table")
            rows = table.select("tbody tr")
            assert len(rows) == len(page.meta["history"]), f"{lang}/{rel}"
            for row, entry in zip(rows, reversed(page.meta["history"])):
                assert entry["change"] in row.get_text(), f"{lang}/{rel}: {entry['version']}"


@needs_history
def test_last_updated_dates_match_git_log(site: Path) -> None:
    for source, built, lang in (("docs/ja/policy.md", "policy/index.html", "ja"),
                                ("docs/en/policy.md", "en/policy/index.html", "en"),
                                ("docs/ja/guideline/risk.md", "guideline/risk/index.html", "ja"),
                                ("docs/en/incidents/index.md", "en/incidents/index.html", "en")):
        stamp = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%cI", "--", source],
                               capture_output=True, text=True, check=True).stdout.strip()
        day = dt.datetime.fromisoformat(stamp).astimezone(JST).date().isoformat()
        line = _soup(site / built).select_one(".last-updated")
        assert line is not None and format_date(day, lang) in line.get_text(), f"{source}: expected {day}"
    assert "令和" in _soup(site / "policy/index.html").select_one(".last-updated").get_text(), "和暦 on Japanese pages"


def test_build_without_git_history_falls_back(project_copy: Path, tmp_path: Path) -> None:
    """A tree exported without .git builds; pages say the date is unknown; the log says why."""
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert "No git history" in result.output
    line = _soup(tmp_path / "site" / "policy" / "index.html").select_one(".last-updated").get_text()
    assert "不明" in line and "git" in line
    en = _soup(tmp_path / "site" / "en" / "policy" / "index.html").select_one(".last-updated").get_text()
    assert "unknown" in en


def test_release_build_refuses_missing_history(project_copy: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(RELEASE_ENV, "1")
    result = run_build(project_copy, tmp_path / "site", site_url=PUBLIC_SITE_URL)
    assert result.returncode != 0
    assert "SITE_RELEASE" in result.output and "Traceback" not in result.output


def test_japanese_amendment_publishes_before_its_translation(project_copy: Path, tmp_path: Path) -> None:
    """The original goes ahead; the English page says which version it translates."""
    docs = project_copy / "docs"
    ja = docs / "ja" / "policy.md"
    before = load_pages(docs)[0].of("en")["policy.md"].meta["version"]
    _raise_version(ja, "9.0", "文言を修正しました。")
    ja.write_text(ja.read_text(encoding="utf-8").replace("。", "。新しい文です。", 1), encoding="utf-8")
    pageset, problems = load_pages(docs)
    from sns_policy.pipeline.validate import check_site

    assert check_site(docs)[1] == [], "a translation behind its original is allowed"
    item = next(i for i in translations.freshness(pageset) if i.rel == "policy.md" and i.lang == "en")
    assert (item.state, item.translated_version, item.original_version) == (translations.BEHIND, before, "9.0")
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    notice = _soup(tmp_path / "site" / "en" / "policy" / "index.html").select_one(".translation-stale")
    assert notice is not None and f"translates version {before}" in notice.get_text() and "9.0" in notice.get_text()
    assert notice.select_one('a[hreflang="ja"]')["href"] == "../../policy/"
    assert "新しい文です" in (tmp_path / "site" / "policy" / "index.html").read_text(encoding="utf-8")
    others = _soup(tmp_path / "site" / "en" / "guideline" / "index.html")
    assert others.select_one(".translation-stale") is None, "only the lagging page says so"


def test_wording_fix_without_version_change_keeps_translation_current(project_copy: Path) -> None:
    docs = project_copy / "docs"
    ja = docs / "ja" / "policy.md"
    ja.write_text(ja.read_text(encoding="utf-8").replace("。", "。\n", 1), encoding="utf-8")
    assert translations.behind(load_pages(docs)[0]) == []


def test_translation_ahead_of_its_original_is_refused(project_copy: Path) -> None:
    from sns_policy.pipeline.validate import check_site

    en = project_copy / "docs" / "en" / "policy.md"
    _raise_version(en, "9.0", "Wording revised.")
    problems = check_site(project_copy / "docs")[1]
    assert any(p.file.endswith("docs/en/policy.md") and p.field == "version" and "ahead" in p.message for p in problems)


def test_history_rows_must_agree_for_versions_both_languages_have(project_copy: Path) -> None:
    from sns_policy.pipeline.validate import check_site

    en = project_copy / "docs" / "en" / "policy.md"
    text = en.read_text(encoding="utf-8")
    first_date = re.search(r'^  - version: "1.0"\n    date: "([0-9-]+)"', text, re.M).group(1)
    en.write_text(text.replace(f'    date: "{first_date}"', '    date: "2016-10-18"', 1), encoding="utf-8")
    problems = check_site(project_copy / "docs")[1]
    assert any(p.file.endswith("docs/en/policy.md") and p.field == "history" for p in problems)


def test_translations_command_lists_lagging_pages(project_copy: Path, monkeypatch, capsys) -> None:
    _raise_version(project_copy / "docs" / "ja" / "policy.md", "9.0", "文言を修正しました。")
    monkeypatch.setattr(translations, "load_pages", lambda: load_pages(project_copy / "docs"))
    assert translations.main([]) == 0, "a lagging translation may publish"
    assert "docs/en/policy.md: translates version" in capsys.readouterr().out
    assert translations.main(["--strict"]) == 1


def test_old_translation_record_is_an_unknown_key() -> None:
    """The version line is the whole record; an old blob-id record is refused, not silently kept."""
    from sns_policy.sources.schema import validate

    bad = {"title": "x", "version": "1.0", "translation_of": {"version": "1.0", "original": "abc"}}
    assert any("translation_of" in p.field for p in validate(bad, "page", "docs/en/x.md"))


@needs_history
def test_build_from_a_shallow_clone_falls_back(tmp_path: Path) -> None:
    """CI may clone with --depth 1: the oldest commit would seem to change every file, so no dates."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(clone)], check=True, capture_output=True)
    result = run_build(clone, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert "shallow" in result.output
    assert "不明" in _soup(tmp_path / "site" / "policy" / "index.html").select_one(".last-updated").get_text()
