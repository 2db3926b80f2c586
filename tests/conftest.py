"""Shared fixtures: one strict build of the real site per test session, and helpers
to make small bad inputs that prove each check can fail."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The repository address the session's site is built with. mkdocs.yml has no default (a
# build without REPO_URL has no edit or report links); the tests of those links need one,
# and a reserved example domain can never be mistaken for the City's.
TEST_REPO_URL = "https://example.org/city/sns-policy"


@dataclass
class Build:
    """Result of ``mkdocs build --strict``: where the site is and what MkDocs said."""

    site_dir: Path
    returncode: int
    output: str
    site_url: str = "http://127.0.0.1:8000/"


def free_port() -> int:
    """A port of 127.0.0.1 nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_build(project: Path, site_dir: Path, site_url: str | None = None, env: dict[str, str] | None = None) -> Build:
    """Build ``project`` strictly into ``site_dir`` in a separate process, as an editor would.

    ``site_url`` is where the build will be served: Material maps pages between
    languages through the sitemap, whose addresses come from it. ``env`` adds to (or,
    with a None value, removes from) the environment, e.g. ``SITE_RELEASE``. ``REPO_URL``
    is only what ``env`` says, so the tester's own shell cannot change what a test sees.
    """
    base = {k: v for k, v in os.environ.items() if k != "REPO_URL"}
    env = {k: v for k, v in {**base, "NO_MKDOCS_2_WARNING": "1", **(env or {})}.items() if v is not None}
    if site_url:
        env["SITE_URL"] = site_url
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    return Build(site_dir, result.returncode, result.stdout + result.stderr, site_url or env.get("SITE_URL", "http://127.0.0.1:8000/"))


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once for the whole session, for the address the browser tests serve it at."""
    result = run_build(ROOT, tmp_path_factory.mktemp("site") / "site", f"http://127.0.0.1:{free_port()}/",
                       {"REPO_URL": TEST_REPO_URL})
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.output}"
    return result


@pytest.fixture(scope="session")
def site(build: Build) -> Path:
    """Folder of the built site."""
    return build.site_dir


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project's sources, for builds with deliberate faults."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides", "scripts", "CONTRIBUTING.md"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def write_page(path: Path, front_matter: str, body: str = "") -> Path:
    """Write a Markdown page with the given YAML front matter (without the --- lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"---\n{front_matter.strip()}\n---\n\n{body}"
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return path
