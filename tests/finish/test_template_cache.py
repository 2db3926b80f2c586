"""Templates compiled for one language are reused by the next, and never when they changed."""
from __future__ import annotations

import copy
import os
from pathlib import Path
from types import SimpleNamespace

import jinja2
from mkdocs.structure.files import Files
from mkdocs.theme import Theme

from sns_policy.finish.template_cache import SHARED, ListedOnce, MemoryBytecodeCache, install, share


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


def _theme(custom_dir: Path) -> Theme:
    """Material with ``custom_dir`` as the site's overrides, as mkdocs.yml sets it up."""
    return Theme(name="material", custom_dir=str(custom_dir), language="ja")


def _copied(theme: Theme, env: jinja2.Environment) -> list[tuple[str, str]]:
    """What MkDocs would copy from the theme: each file's address and the file it is copied from."""
    files = Files([])
    files.add_files_from_theme(env, SimpleNamespace(theme=theme, site_dir="/site", use_directory_urls=True))
    return sorted((file.src_uri, file.abs_src_path) for file in files)


def test_the_installed_theme_copies_exactly_what_mkdocs_own_environment_copies(tmp_path: Path) -> None:
    """Hidden folders are left out of the listing only because MkDocs never copies them."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.js").write_text("", encoding="utf-8")
    (tmp_path / ".hidden.css").write_text("", encoding="utf-8")
    theme = _theme(tmp_path)
    own = _copied(theme, Theme.get_env(theme))
    install(theme)
    listed = theme.get_env()
    assert isinstance(listed.loader, ListedOnce)
    assert _copied(theme, listed) == own
    assert ("assets/site.js", str(tmp_path / "assets" / "site.js")) in own
    assert any(name.startswith("assets/javascripts/") for name, _ in own), "Material's own files are copied"
    hidden = [name for name in listed.loader.list_templates() if any(part.startswith(".") for part in name.split("/"))]
    assert hidden == [], "Material's icons and hidden files are not listed"


def test_a_file_added_to_the_overrides_is_listed_by_the_next_build(tmp_path: Path) -> None:
    """Put the fault back: were the site's own folder listed once, a file added during `mkdocs serve` would be missed."""
    theme = _theme(tmp_path)
    install(theme)
    assert "extra.js" not in theme.get_env().loader.list_templates()
    (tmp_path / "extra.js").write_text("", encoding="utf-8")
    assert "extra.js" in theme.get_env().loader.list_templates()


def test_every_environment_of_an_installed_theme_shares_the_compiled_templates(tmp_path: Path) -> None:
    """Material's search plugin makes environments of its own; they, too, compile nothing twice."""
    theme = _theme(tmp_path)
    install(theme)
    first, second = theme.get_env(), copy.deepcopy(theme).get_env()
    assert first.bytecode_cache is second.bytecode_cache is SHARED
    assert first.filters["url"] is Theme.get_env(theme).filters["url"], "MkDocs' own filters are kept"
    assert first.get_template("partials/language.html") is not None
