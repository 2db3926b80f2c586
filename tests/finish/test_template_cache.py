"""Templates compiled for one language are reused by the next, and never when they changed."""
from __future__ import annotations

import os
from pathlib import Path

import jinja2

from scripts.finish.template_cache import MemoryBytecodeCache, share


class _Counting(jinja2.Environment):
    """An environment that counts how often it compiles a template from source."""

    compiled = 0

    def compile(self, *args, **kwargs):  # type: ignore[override]
        type(self).compiled += 1
        return super().compile(*args, **kwargs)


def _render(folder: Path, cache: MemoryBytecodeCache) -> str:
    env = _Counting(loader=jinja2.FileSystemLoader(str(folder)))
    env.bytecode_cache = cache
    return env.get_template("page.html").render(name="x")


def test_a_second_environment_reuses_the_compiled_template(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("hello {{ name }}", encoding="utf-8")
    cache = MemoryBytecodeCache()
    _Counting.compiled = 0
    assert _render(tmp_path, cache) == "hello x"
    assert _render(tmp_path, cache) == "hello x"
    assert _Counting.compiled == 1


def test_an_edited_template_is_compiled_afresh(tmp_path: Path) -> None:
    """Put the fault back: a cache keyed by name alone would keep serving the old text."""
    page = tmp_path / "page.html"
    page.write_text("old {{ name }}", encoding="utf-8")
    cache = MemoryBytecodeCache()
    assert _render(tmp_path, cache) == "old x"
    page.write_text("new {{ name }}", encoding="utf-8")
    os.utime(page, (1, 1))
    assert _render(tmp_path, cache) == "new x"
    cache.clear()
    assert _render(tmp_path, cache) == "new x"


def test_an_environment_with_its_own_cache_keeps_it() -> None:
    own = MemoryBytecodeCache()
    env = jinja2.Environment(bytecode_cache=own)
    assert share(env).bytecode_cache is own
    assert share(jinja2.Environment()).bytecode_cache is not None
