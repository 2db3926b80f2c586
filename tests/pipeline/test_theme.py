"""The engine's theme files come from the package, between a site's own folder and Material's
(scripts/sns_policy/pipeline/theme.py)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from mkdocs.theme import Theme
from mkdocs.utils import get_theme_dir

from sns_policy.pipeline import theme
from sns_policy.site import ROOT


def _config(custom_dir: Path | None) -> SimpleNamespace:
    """What theme.install reads of a MkDocs configuration: the theme, as MkDocs makes it from mkdocs.yml."""
    return SimpleNamespace(theme=Theme(name="material", custom_dir=str(custom_dir) if custom_dir else None))


def test_the_engine_s_folder_comes_after_the_site_s_own_and_before_material_s(tmp_path: Path) -> None:
    config = _config(tmp_path)
    theme.install(config)  # type: ignore[arg-type]
    dirs = config.theme.dirs
    assert dirs.index(str(tmp_path)) < dirs.index(str(theme.THEME_DIR)) < dirs.index(get_theme_dir("material"))
    theme.install(config)  # type: ignore[arg-type]  # each language's build configures the same theme again
    assert dirs.count(str(theme.THEME_DIR)) == 1


def test_a_site_without_a_folder_of_its_own_gets_the_engine_s_before_material_s() -> None:
    config = _config(None)
    theme.install(config)  # type: ignore[arg-type]
    assert config.theme.dirs[0] == str(theme.THEME_DIR)
    assert config.theme.dirs[1] == get_theme_dir("material")


def test_a_site_s_own_file_replaces_the_engine_s(tmp_path: Path) -> None:
    """Put the fault back: were the engine's folder first, a site could not change a template of ours."""
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "copyright.html").write_text("<p>ours</p>", encoding="utf-8")
    config = _config(tmp_path)
    theme.install(config)  # type: ignore[arg-type]
    assert theme.template_file("partials/copyright.html", config) == tmp_path / "partials" / "copyright.html"  # type: ignore[arg-type]
    assert config.theme.get_env().get_template("partials/copyright.html").render() == "<p>ours</p>"
    assert theme.template_file("main.html", config) == theme.THEME_DIR / "main.html"  # type: ignore[arg-type]


def test_the_site_s_own_folder_keeps_only_what_is_its_own() -> None:
    """Ishinomaki's overrides/ holds no file the engine's theme also has, but those a site replaces (its sharing
    picture): a copy would silently stop following the engine."""
    own = {path.relative_to(ROOT / "overrides") for path in (ROOT / "overrides").rglob("*") if path.is_file()}
    engine = {path.relative_to(theme.THEME_DIR) for path in theme.THEME_DIR.rglob("*") if path.is_file()}
    assert own, "the site's sharing picture stays in overrides/"
    repeated = {str(path) for path in own & engine} - set(theme.SITE_OWN)
    assert not repeated, f"overrides/ repeats the engine's theme files: {sorted(repeated)}"
