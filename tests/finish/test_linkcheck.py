"""Every internal link and #anchor in the built HTML resolves, in both languages."""
from __future__ import annotations

from pathlib import Path

from scripts.finish.linkcheck import check_links
from scripts.problems import format_problems


def test_all_internal_links_and_anchors_resolve(site: Path) -> None:
    problems = check_links(site)
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
