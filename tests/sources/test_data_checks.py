"""Data files are read by one careful reader and each is held to a schema of its own (scripts/sns_policy/sources/data_checks.py).

The bad-input corpus (tests/pipeline/test_bad_inputs.py, the `data-…` cases) breaks data files of a small site's copy;
these tests hold the reader's own rules and the schemas' coverage.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sns_policy import datafiles
from sns_policy import site
from sns_policy.site import ROOT, SCHEMAS
from sns_policy.sources import data_checks


def test_every_data_file_has_a_schema_and_every_schema_a_data_file() -> None:
    files = {data_checks.schema_name(name) for name in datafiles.names() + datafiles.names(site.ENGINE_DATA)}
    schemas = {f"{data_checks.SCHEMA_FOLDER}/{path.name.removesuffix('.schema.json')}" for path in (SCHEMAS / "data").glob("*.schema.json")}
    assert files == schemas


def test_the_real_data_files_pass() -> None:
    assert data_checks.check_data_files() == []
    assert data_checks.text_problems() == []


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder for one test (a copy's file is read, never the project's)."""
    monkeypatch.setattr(site, "data_dir", lambda: tmp_path)
    yield tmp_path
    datafiles.load.cache_clear()


def test_an_unquoted_date_stays_the_text_written(data: Path) -> None:
    (data / "x.yml").write_text("as_of: 2026-12-02\nbad: 2016-13-45\n", encoding="utf-8")
    assert datafiles.load("x.yml") == {"as_of": "2026-12-02", "bad": "2016-13-45"}


@pytest.mark.parametrize("text, line, words", [
    ("a: 1\nb: [1, 2\n", 3, "not valid YAML"),
    ("a: &x [1]\nb: *x\n", 1, "alias"),
    ("a: 1\nb: 2\na: 3\n", 3, "twice"),
])
def test_a_broken_yaml_file_is_a_problem_with_its_line_never_a_traceback(data: Path, text: str, line: int, words: str) -> None:
    (data / "x.yml").write_text(text, encoding="utf-8")
    (problem,) = datafiles.read("x.yml").problems
    assert problem.line == line and words in problem.message and problem.ja
    with pytest.raises(datafiles.DataFileError):
        datafiles.load("x.yml")


def test_a_broken_json_file_names_its_line(data: Path) -> None:
    (data / "x.json").write_text('{\n  "a": 1,\n  "b":\n}\n', encoding="utf-8")
    (problem,) = datafiles.read("x.json").problems
    assert problem.line == 4 and "JSON" in problem.message


def test_a_file_not_in_utf_8_is_refused(data: Path) -> None:
    (data / "x.yml").write_bytes("a: 開庁日\n".encode("shift_jis"))
    (problem,) = datafiles.read("x.yml").problems
    assert "UTF-8" in problem.message and problem.line == 1


def test_a_data_file_without_a_schema_is_refused(data: Path) -> None:
    for name in datafiles.names(ROOT / "scripts" / "data"):  # the site's own files pass; the engine's schemas read its roles
        shutil.copy(ROOT / "scripts" / "data" / name, data / name)
    (data / "new-facts.yml").write_text("a: 1\n", encoding="utf-8")
    (problem,) = data_checks.check_data_files()
    assert problem.file.endswith("new-facts.yml") and "scripts/sns_policy/schemas/data/new-facts.schema.json" in problem.message


def test_the_projects_data_folder_is_read_by_default() -> None:
    assert site.data_dir() == ROOT / "scripts" / "data"


def test_the_data_folder_is_the_plugins_option_relative_to_mkdocs_yml(tmp_path: Path) -> None:
    """Another town's mkdocs.yml names its own folder; without the option, the engine's one default applies."""
    config = tmp_path / "mkdocs.yml"
    config.write_text("plugins:\n  - search\n  - sns-policy:\n      data_dir: town-data\n", encoding="utf-8")
    assert site.load_site(config).data_dir == tmp_path / "town-data"
    config.write_text("plugins:\n  - search\n  - sns-policy\n", encoding="utf-8")
    assert site.load_site(config).data_dir == tmp_path / "scripts" / "data"


def test_readers_follow_the_site_in_use(tmp_path: Path) -> None:
    """The folder is asked for at every read, so switching sites (as a build of another town does) switches data."""
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "x.yml").write_text("a: 1\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("plugins:\n  - sns-policy:\n      data_dir: facts\n", encoding="utf-8")
    site.use_config(config)
    try:
        assert "x.yml" in datafiles.names() and datafiles.load("x.yml") == {"a": 1}
        assert set(datafiles.names()) - {"x.yml"} == {path.name for path in datafiles.DEFAULTS.iterdir()}
    finally:
        site.use_config(ROOT / "mkdocs.yml")
    assert "x.yml" not in datafiles.names()


def test_a_site_writes_only_the_words_that_differ_from_the_engines(data: Path) -> None:
    """A town without find-address.yml reads the engine's; one that writes a few labels keeps every other default."""
    assert "find-address.yml" in datafiles.names()
    assert datafiles.load("find-address.yml") == datafiles.load("find-address.yml", datafiles.DEFAULTS)
    (data / "labels.yml").write_text("ja:\n  names:\n    contact_division: 企画課\n", encoding="utf-8")
    labels, default = datafiles.load("labels.yml"), datafiles.load("labels.yml", datafiles.DEFAULTS)
    assert labels["ja"]["names"]["contact_division"] == "企画課"
    assert labels["ja"]["names"]["policy"] == default["ja"]["names"]["policy"]  # a sibling key stays the engine's
    assert labels["en"] == default["en"]


def test_a_word_only_the_site_can_write_is_asked_of_its_file_by_line(data: Path) -> None:
    """The engine has no feed author or proposal meeting: a site that leaves them out is told which file needs them."""
    shutil.copytree(ROOT / "tests" / "sites" / "sample-town" / "data", data, dirs_exist_ok=True)
    assert data_checks.check_data_files() == []
    (data / "versioning.yml").write_text("ja:\n  feed_author: 見本町\nen:\n  feed_authr: Mihon Town\n", encoding="utf-8")
    problems = data_checks.check_data_files()
    assert any(p.file.endswith("/versioning.yml") and p.field == "en.feed_authr" and p.line == 4 for p in problems), problems
    assert any(p.file.endswith("/versioning.yml") and p.field == "en.feed_author" and p.line == 3 for p in problems), problems
    (data / "versioning.yml").unlink()
    (data / "labels.yml").unlink()
    datafiles.load.cache_clear()
    problems = data_checks.check_data_files()
    assert {(Path(p.file).name, p.field) for p in problems} >= {("labels.yml", "ja.proposal_meeting"), ("versioning.yml", "en.feed_author")}
    assert not any("defaults" in p.file for p in problems), problems
