"""A second municipality built by the same engine: Mihon Town (見本町), a fictional town
(``tests/sites/sample-town/``), with its own mkdocs.yml, pages and data and no Python of its own.

The page rules run on it here in this process; the build, the link checks and the theme are tested on
the town as another municipality would have it: ``pip install .`` into a fresh environment, and its
folder copied alone into an empty directory (``tests/sites/sample_town.py``). The axe audit of its
pages is in ``tests/browser/test_sample_town_pages.py``.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.linkcheck import check_links
from sns_policy.pipeline.theme import THEME_DIR
from sns_policy.problems import format_problems
from tests.bad_inputs import validate
from tests.conftest import Build
from tests.sites.sample_town import SAMPLE_TOWN, installed_engine, sample_town  # noqa: F401 - fixtures

# Words that would show the engine leaking Ishinomaki's facts into another town's pages.
_ISHINOMAKI = re.compile(r"石巻|Ishinomaki", re.I)


def test_the_sample_town_passes_the_page_rules() -> None:
    outcome = validate(SAMPLE_TOWN / "mkdocs.yml")
    assert outcome.ok, outcome.output


def test_a_fault_in_the_sample_town_is_refused_with_its_file_and_line(tmp_path: Path) -> None:
    """Put a fault back: a plan names a role the town's data does not have."""
    town = tmp_path / "town"
    shutil.copytree(SAMPLE_TOWN, town)
    plan = town / "docs" / "ja" / "plans" / "kikaku.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("operators: [page-admin, poster]", "operators: [page-admin, mayor]"),
                    encoding="utf-8")
    outcome = validate(town / "mkdocs.yml")
    assert not outcome.ok and not outcome.crashed, outcome.output
    assert "docs/ja/plans/kikaku.md:" in outcome.output and "mayor" in outcome.output, outcome.output
    assert "[ja]" in outcome.output and "[en]" in outcome.output


def test_the_engine_is_the_installed_package_not_this_clone(installed_engine: Path) -> None:
    """``pip install .`` (not editable) puts the code, its theme and its schemas into the environment."""
    found = subprocess.run([str(installed_engine), "-c", "import sns_policy.pipeline.theme as t; print(t.THEME_DIR)"],
                           capture_output=True, text=True, check=True).stdout.strip()
    theme = Path(found)
    assert theme.is_relative_to(installed_engine.parent.parent), f"the engine was imported from {theme}, not the new environment"
    ours = sorted(p.relative_to(THEME_DIR).as_posix() for p in THEME_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    installed = sorted(p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert installed == ours, "the wheel leaves out theme files: add them to pyproject.toml's package data"


def test_the_sample_town_copied_alone_builds_strictly_with_the_installed_plugin(sample_town: Build) -> None:
    assert sample_town.returncode == 0, f"mkdocs build --strict failed:\n{sample_town.output}"
    assert "WARNING" not in sample_town.output, sample_town.output
    for page in ("index.html", "policy/index.html", "guideline/index.html", "plans/kikaku/index.html",
                 "incidents/erroneous-post/index.html", "incidents/quick-reference/index.html", "accounts/index.html",
                 "en/policy/index.html", "en/accounts/index.html", "accounts.json"):
        assert (sample_town.site_dir / page).is_file(), f"{page} was not built"


def test_the_sample_town_s_theme_comes_from_the_plugin(sample_town: Build) -> None:
    """Its overrides/ holds only its sharing picture: the templates, CSS and JS are the installed engine's."""
    own = sorted(p.relative_to(SAMPLE_TOWN / "overrides").as_posix() for p in (SAMPLE_TOWN / "overrides").rglob("*") if p.is_file())
    assert own == ["assets/images/og-image.png"], own
    assert (sample_town.site_dir / "assets" / "images" / "og-image.png").read_bytes() == (SAMPLE_TOWN / "overrides" / own[0]).read_bytes()
    assert (sample_town.site_dir / "assets" / "versions.css").read_bytes() == (THEME_DIR / "assets" / "versions.css").read_bytes()
    home = (sample_town.site_dir / "index.html").read_text(encoding="utf-8")
    assert 'property="og:site_name" content="見本町 SNS運用方針"' in home, "the engine's main.html wrote the head"
    assert "contact-line" in home, "the engine's footer (partials/copyright.html) is used"


def test_the_sample_town_s_links_and_anchors_resolve(sample_town: Build) -> None:
    problems = check_links(sample_town.site_dir, sample_town.site_url)
    assert not problems, format_problems(problems)


def test_no_page_of_the_sample_town_names_ishinomaki(sample_town: Build) -> None:
    """Every word of another town's pages comes from its own folder or the engine's generic words."""
    named = sorted(str(page.relative_to(sample_town.site_dir)) for page in sample_town.site_dir.rglob("*.html")
                   if _ISHINOMAKI.search(page.read_text(encoding="utf-8")))
    assert not named, f"these pages of the sample town name Ishinomaki: {named}"
