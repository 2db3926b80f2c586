"""`mkdocs serve` reads the project's files again before every build, but parses a text it has seen only once.

Each test reads a file, forgets the build's reads as a rebuild does, and reads again: an unchanged text
gives the very object parsed before; an edited one is parsed afresh (the fault each test puts back).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sns_policy import datafiles, site
from sns_policy.kept import forget_between_builds
from sns_policy.problems import display_path
from sns_policy.sources import schema
from sns_policy.sources.markdown_ids import headings


def test_a_data_file_is_parsed_again_only_when_its_text_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site, "data_dir", lambda: tmp_path)
    data = tmp_path / "rules-under-test.yml"
    data.write_text("answer_within_working_days: 14\n", encoding="utf-8")
    forget_between_builds()
    first = datafiles.load(data.name)
    forget_between_builds()
    assert datafiles.load(data.name) is first, "an unchanged data file was parsed again"
    data.write_text("answer_within_working_days: 10\n", encoding="utf-8")
    forget_between_builds()
    assert datafiles.load(data.name) == {"answer_within_working_days": 10}
    forget_between_builds()


def test_mkdocs_yml_is_parsed_again_only_when_its_text_changed(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    text = (site.ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(text, encoding="utf-8")
    first = site.load_site(config)
    assert first.default_language == "ja" and first.docs_dir == tmp_path / "docs"
    forget_between_builds()
    assert site.load_site(config) is first, "an unchanged mkdocs.yml was parsed again"
    config.write_text(text.replace("docs_dir: docs", "docs_dir: pages") if "docs_dir: docs" in text
                      else f"docs_dir: pages\n{text}", encoding="utf-8")
    forget_between_builds()
    assert site.load_site(config).docs_dir == tmp_path / "pages"


def test_a_schema_is_checked_again_only_when_its_text_or_lists_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The roles filled into a schema come from scripts/data/roles.yml: a role added there reaches the schema."""
    forget_between_builds()
    first = schema.load_schema("plan")
    forget_between_builds()
    assert schema.load_schema("plan") is first, "an unchanged schema was checked again"
    roles = {**schema.roles(), "zz-new-role": {"ja": "新しい役割", "en": "A new role"}}
    monkeypatch.setattr(schema, "roles", lambda: roles)
    forget_between_builds()
    assert "zz-new-role" in schema.load_schema("plan")["$defs"]["role"]["enum"]
    monkeypatch.undo()
    forget_between_builds()
    assert "zz-new-role" not in schema.load_schema("plan")["$defs"]["role"]["enum"]


def test_a_path_is_named_from_the_root_and_working_folder_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's name is kept between builds; it still follows the root a build names files from."""
    page = tmp_path / "docs" / "ja" / "policy.md"
    assert display_path(page, tmp_path) == "docs/ja/policy.md"
    assert display_path(page, tmp_path / "docs") == "ja/policy.md"
    monkeypatch.chdir(tmp_path / "..")
    relative = Path(tmp_path.name) / "docs" / "ja" / "policy.md"
    assert display_path(relative, tmp_path) == "docs/ja/policy.md"
    monkeypatch.chdir(Path("/"))
    assert display_path(relative, tmp_path) == relative.as_posix(), "a relative path is resolved from the working folder"


def test_headings_kept_between_builds_are_handed_out_as_copies() -> None:
    body = "# Title\n\n## 禁止事項 { #prohibited }\n\n```\n# not a heading\n```\n"
    first = headings(body)
    assert [(h.level, h.id) for h in first] == [(1, None), (2, "prohibited")]
    first.clear()
    assert len(headings(body)) == 2, "a caller changed the headings every later caller is given"
