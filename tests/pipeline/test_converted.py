"""A page's conversion is reused only when nothing it depends on changed (scripts/sns_policy/pipeline/converted.py)."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sns_policy.pipeline import converted


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "part.md").write_text("Included.\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text("# Other {#there}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - toc\n  - attr_list\n  - pymdownx.snippets:\n      base_path: [snippets]\n",
        encoding="utf-8")
    converted._kept.clear()  # a memo of kept.py: nothing from another test
    yield tmp_path
    converted._kept.clear()  # a memo of kept.py: nothing from another test


def _build(project: Path, markdown: str, extra: tuple[str, ...] = ()) -> tuple[Page, list[str]]:
    """Convert ``index.md`` with ``markdown`` through the memo; returns the page and what was converted."""
    config = load_config(str(project / "mkdocs.yml"))
    files = Files([File(name, str(project / "docs"), str(project / "site"), True) for name in ("index.md", "other.md", *extra)])
    page = Page(None, files.get_file_from_path("index.md"), config)
    page.markdown = markdown
    done: list[str] = []

    def render(config, files) -> None:  # noqa: ANN001 - MkDocs' own signature
        done.append(page.markdown)
        Page.render(page, config, files)

    converted.convert(page, config, files, render)
    return page, done


SOURCE = "# Title\n\nSee [there](other.md#there).\n\n## Part {#part}\n"


def test_an_unchanged_page_is_not_converted_again_and_is_the_same(project: Path) -> None:
    first, done = _build(project, SOURCE)
    assert done == [SOURCE]
    again, done = _build(project, SOURCE)
    assert done == [], "the same inputs were converted again"
    assert (again.content, again.title, again.present_anchor_ids) == (first.content, first.title, first.present_anchor_ids)
    assert [item.id for item in again.toc] == [item.id for item in first.toc]
    # The link to another page's anchor points at this build's file, so MkDocs checks it there.
    assert [f.src_uri for f in again.links_to_anchors] == ["other.md"]


def test_a_changed_page_is_converted(project: Path) -> None:
    _build(project, SOURCE)
    _, done = _build(project, SOURCE + "\nMore.\n")
    assert done, "a changed page was given its old conversion"


def test_a_new_file_in_the_site_converts_every_page_again(project: Path) -> None:
    """Links are resolved against the site's files: a page may link to one that now exists."""
    (project / "docs" / "new.md").write_text("# New\n", encoding="utf-8")
    _build(project, SOURCE)
    _, done = _build(project, SOURCE, extra=("new.md",))
    assert done


def test_a_changed_snippet_converts_every_page_again(project: Path) -> None:
    _build(project, SOURCE)
    (project / "snippets" / "part.md").write_text("Changed.\n", encoding="utf-8")
    _, done = _build(project, SOURCE)
    assert done


def test_changed_markdown_settings_convert_every_page_again(project: Path) -> None:
    _build(project, SOURCE)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - toc\n", "  - toc:\n      permalink: true\n"), encoding="utf-8")
    _, done = _build(project, SOURCE)
    assert done


def test_a_conversion_that_warned_is_made_and_warned_about_every_time(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    broken = "# Title\n\nSee [nowhere](missing.md).\n"
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        _build(project, broken)
        first = len(caplog.records)
        _, done = _build(project, broken)
    assert first and done, "a page with a warning was not converted again"
    assert len(caplog.records) == 2 * first, "the second build did not warn again"
