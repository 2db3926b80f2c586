"""Every internal link and #anchor in the built HTML resolves, in both languages."""
from __future__ import annotations

from pathlib import Path

from tests.linkcheck import check_links
from sns_policy.problems import format_problems
from tests.conftest import Build


def test_all_internal_links_and_anchors_resolve(build: Build) -> None:
    """Language alternates and canonical links, written with the site's address, included."""
    problems = check_links(build.site_dir, build.site_url)
    assert not problems, format_problems(problems)


def test_english_pages_are_checked_too(site: Path) -> None:
    assert any((site / "en").rglob("index.html"))


def _mini_site(tmp_path: Path, body: str) -> Path:
    (tmp_path / "en" / "target").mkdir(parents=True)
    (tmp_path / "en" / "target" / "index.html").write_text('<h2 id="real">Real</h2>', encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text(body, encoding="utf-8")
    return tmp_path


def test_a_broken_link_is_reported_with_file_and_target(tmp_path: Path) -> None:
    site = _mini_site(tmp_path, '<a href="missing/">x</a><a href="target/">ok</a>')
    problems = [str(p) for p in check_links(site)]
    assert problems == ["en/index.html: links to missing/, which does not exist in the built site"]


def test_a_missing_anchor_is_reported(tmp_path: Path) -> None:
    site = _mini_site(tmp_path, '<a href="target/#real">ok</a><a href="target/#gone">x</a>')
    problems = [str(p) for p in check_links(site)]
    assert problems == ["en/index.html: links to target/#gone, but #gone is not an anchor in en/target/index.html"]


def test_an_anchor_on_the_same_page_is_checked(tmp_path: Path) -> None:
    site = _mini_site(tmp_path, '<h2 id="here">h</h2><a href="#here">ok</a><a href="#nowhere">x</a>')
    assert [p.message for p in check_links(site)] == ["links to #nowhere, but #nowhere is not an anchor in en/index.html"]


def test_a_language_alternate_to_a_page_never_built_is_reported(tmp_path: Path) -> None:
    site = _mini_site(tmp_path, '<link rel="alternate" hreflang="en" href="https://example.org/en/target/">'
                                '<link rel="alternate" hreflang="ja" href="https://example.org/ja/amendments/x-1.3/">')
    assert [p.message for p in check_links(site, "https://example.org/")] == [
        "links to https://example.org/ja/amendments/x-1.3/, which does not exist in the built site"]


def test_a_language_switch_to_a_page_never_built_is_reported(tmp_path: Path) -> None:
    site = _mini_site(tmp_path, '<a href="../en/target/" hreflang="en" class="md-select__link">English</a>'
                                '<a href="../en/amendments/x-1.3/" hreflang="en" class="md-select__link">English</a>')
    assert [p.message for p in check_links(site / "en", None)] == [
        "links to ../en/amendments/x-1.3/, which does not exist in the built site"]
