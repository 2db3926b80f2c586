"""Results kept by their inputs (scripts/sns_policy/kept.py): one folder under $XDG_CACHE_HOME, keys that
tell inputs apart, counts of what was made and what was reused."""
from __future__ import annotations

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


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    store = kept.Store("things")
    store.write("k", b"data")
    assert store.read("k") is None


def test_the_code_digest_covers_the_whole_engine() -> None:
    files = {p.relative_to(kept.SCRIPTS).as_posix() for p in kept.SCRIPTS.rglob("*")}
    assert "amendments/render.py" in files and "theme/assets/extra.css" in files
    assert len(kept.code_digest()) == 64
