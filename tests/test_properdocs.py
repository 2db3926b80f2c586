"""A tested exit: ProperDocs (a continuation of MkDocs 1.x) builds the same site as MkDocs.

ProperDocs runs from its own environment, .venv-properdocs (``bash scripts/properdocs.sh``
makes it from requirements-properdocs.txt); MkDocs stays the generator in .venv. The
comparison (scripts/sns_policy/commands/same_site.py) normalises only the generator tag. Without the environment
the comparison is skipped and says why; the CI job that exists to run it sets
PROPERDOCS_REQUIRED=1, where a missing environment fails instead.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sns_policy.commands import same_site
from tests.conftest import TEST_REPO_URL, ROOT, Build

PROPERDOCS = ROOT / ".venv-properdocs" / "bin" / "properdocs"


@pytest.fixture(scope="module")
def properdocs_site(build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by ProperDocs, strictly, for the same address as the session's MkDocs build."""
    if not PROPERDOCS.exists():
        reason = f"{PROPERDOCS.relative_to(ROOT)} missing: run `bash scripts/properdocs.sh` to compare ProperDocs' build"
        if os.environ.get("PROPERDOCS_REQUIRED"):
            pytest.fail(reason)
        pytest.skip(reason)
    site_dir = tmp_path_factory.mktemp("properdocs") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": build.site_url, "REPO_URL": TEST_REPO_URL}
    result = subprocess.run([str(PROPERDOCS), "build", "--strict", "--site-dir", str(site_dir)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"properdocs build --strict failed:\n{result.stdout}{result.stderr}"
    return site_dir


def test_properdocs_builds_the_same_site(site: Path, properdocs_site: Path) -> None:
    pages = list(properdocs_site.rglob("*.html"))
    assert (properdocs_site / "index.html") in pages and (properdocs_site / "en" / "index.html") in pages
    assert 'content="mkdocs-ProperDocs' in (properdocs_site / "index.html").read_text(encoding="utf-8"), \
        "the ProperDocs build was not made by ProperDocs"
    found = same_site.differences(site, properdocs_site)
    assert not found, "\n".join(found[:20])


def test_the_comparison_sees_a_changed_link_and_a_missing_page(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "en").mkdir(parents=True)
        (root / "index.html").write_text('<meta name="generator" content="mkdocs-1.6.1">\n<a href="en/">English</a>\n', encoding="utf-8")
        (root / "en" / "index.html").write_text("<p>Hello</p>\n", encoding="utf-8")
    (b / "index.html").write_text('<meta name="generator" content="mkdocs-ProperDocs 1.6.7">\n<a href="en/">English</a>\n', encoding="utf-8")
    assert same_site.differences(a, b) == []  # the generator alone is not a difference
    (b / "index.html").write_text('<meta name="generator" content="x">\n<a href="fr/">English</a>\n', encoding="utf-8")
    shutil.copy2(a / "en" / "index.html", b / "en" / "other.html")
    found = same_site.differences(a, b)
    assert any(line.startswith("index.html:") and 'href="fr/"' in line for line in found), found
    assert f"only in {b}: en/other.html" in found
