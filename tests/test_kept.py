"""Results kept by their inputs (scripts/sns_policy/kept.py): one folder under $XDG_CACHE_HOME, keys that
tell inputs apart, counts of what was made and what was reused."""
from __future__ import annotations

import shutil
from pathlib import Path

from sns_policy import kept


def test_the_cache_lives_under_xdg_cache_home_in_the_projects_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert kept.Store("audits").folder() == tmp_path / "sns-policy" / "audits"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert kept.root() == tmp_path / "home" / ".cache" / "sns-policy"


def test_keys_tell_every_input_apart() -> None:
    assert kept.key("ab", "c") != kept.key("a", "bc")
    assert kept.key("page", b"<p>a</p>") != kept.key("page", b"<p>b</p>")
    assert kept.key("x") == kept.key(b"x")


def test_a_store_counts_what_it_made_and_what_it_reused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    store = kept.Store("things")
    assert store.read_json("k") is None
    store.write_json("k", {"violations": []})
    assert store.read_json("k") == {"violations": []}
    (store.folder() / "cut.json").write_text('{"viol', encoding="utf-8")  # a write cut short
    assert store.read_json("cut") is None
    assert (store.fresh, store.reused) == (1, 1)
    assert store.summary().startswith("things: 1 made afresh, 1 reused")


def test_a_runs_counts_only_grow_and_one_build_is_counted_from_its_mark(tmp_path: Path, monkeypatch) -> None:
    """A second build in one process (a test's, or a save under serve) adds to the run's total instead of
    replacing it, so "N checked afresh, M reused" is the whole run's; a build's own log line counts from its mark."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    store = kept.Store("things")
    store.write_json("a", {"ok": True})
    mark = store.mark()
    assert store.read_json("a") == {"ok": True}
    assert store.summary(mark).startswith("things: 0 made afresh, 1 reused")
    assert store.summary().startswith("things: 1 made afresh, 1 reused")


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    store = kept.Store("things")
    store.write("k", b"data")
    assert store.read("k") is None


def test_the_code_digest_follows_every_file_of_the_engine_and_nothing_else(tmp_path: Path, monkeypatch) -> None:
    """A kept result made by our code is made again when any file of the engine changes (code, theme,
    schema, its own data), and only then: Python's byte-code caches are not the engine."""
    engine = tmp_path / "sns_policy"
    shutil.copytree(kept.SCRIPTS, engine, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(kept, "SCRIPTS", engine)

    def digest() -> str:
        kept.forget_between_builds()
        return kept.code_digest()

    first = digest()
    assert len(first) == 64 and digest() == first
    (engine / "__pycache__").mkdir()
    (engine / "__pycache__" / "kept.cpython-311.pyc").write_bytes(b"compiled")
    assert digest() == first
    seen = {first}
    for rel in ("kept.py", "theme/assets/extra.css", "schemas/page.schema.json", "data/wcag-criteria.yml"):
        path = engine / rel
        assert path.is_file(), rel
        path.write_bytes(path.read_bytes() + b" ")
        changed = digest()
        assert changed not in seen, rel
        seen.add(changed)
    (engine / "theme" / "assets" / "extra.css").rename(engine / "theme" / "assets" / "extra2.css")
    assert digest() not in seen  # a file's name is part of it
    kept.forget_between_builds()
