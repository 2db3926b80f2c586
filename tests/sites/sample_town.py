"""Mihon Town (見本町, ``tests/sites/sample-town/``) as another municipality would have it: the engine
installed with ``pip install .`` into a fresh virtual environment, not editable, and the town's folder
copied alone into an empty directory, built with ``mkdocs build --strict``.

Offline: the fresh environment reaches the shared dependencies (MkDocs, Material, …) through a ``.pth``
line naming ``.venv``'s site-packages, and pip installs the engine itself with ``--no-deps
--no-build-isolation``, so its templates, theme and schemas come from the installed package. ``.venv``'s
editable install is not active there: Python reads a ``.pth`` file only in a site folder of its own, so
the editable finder ``.venv`` keeps is never run, and ``import sns_policy`` finds the installed copy.

The environment and the build are made once per test run (``once_per_run``) and shared by every worker;
the tests that use them are in the full tier (``tests/conftest.py``, ``FULL_FIXTURES``).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT, Build, once_per_run, run_folder

SAMPLE_TOWN = ROOT / "tests" / "sites" / "sample-town"
# The address the sample town is built for: nothing listens there; the browser tests serve the build elsewhere.
SITE_URL = "http://127.0.0.1:8000/"
# What ``pip install .`` needs of the repository: the project file and the package.
_SOURCES = ("pyproject.toml", "scripts/sns_policy")
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")


def make_installed_engine(folder: Path) -> Path:
    """A fresh virtual environment in ``folder`` with the engine pip-installed from a copy of the sources; its python."""
    source = folder / "source"  # a copy, so that building the wheel writes nothing into the repository
    for name in _SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=_IGNORED)
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "shared-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index",
                                "--no-deps", "--no-build-isolation", str(source)],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, f"pip install . failed:\n{installed.stdout}{installed.stderr}"
    return python


def build_copied_alone(python: Path, folder: Path) -> Build:
    """The sample town copied alone into an empty ``folder`` and built there with ``python``'s MkDocs."""
    site = folder / "mihon-town"
    shutil.copytree(SAMPLE_TOWN, site)
    env = {key: value for key, value in os.environ.items() if key not in ("REPO_URL", "PYTHONPATH")}
    env.update(NO_MKDOCS_2_WARNING="1", SITE_URL=SITE_URL)
    result = subprocess.run([str(python), "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder / "site")],
                            cwd=site, env=env, capture_output=True, text=True, timeout=600)
    return Build(folder / "site", result.returncode, result.stdout + result.stderr, SITE_URL)


@pytest.fixture(scope="session")
def installed_engine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh environment with the engine installed by ``pip install .`` (made once per run)."""
    folder = run_folder(tmp_path_factory) / "installed-engine"
    return once_per_run(tmp_path_factory, "installed-engine", lambda: make_installed_engine(folder),
                        str, Path)


@pytest.fixture(scope="session")
def sample_town(tmp_path_factory: pytest.TempPathFactory, installed_engine: Path) -> Build:
    """Mihon Town built with the installed engine from a copy of its folder alone (made once per run)."""
    folder = run_folder(tmp_path_factory) / "sample-town-alone"
    folder.mkdir(exist_ok=True)
    return once_per_run(tmp_path_factory, "sample-town-alone", lambda: build_copied_alone(installed_engine, folder),
                        lambda made: {**made.__dict__, "site_dir": str(made.site_dir)},
                        lambda data: Build(**{**data, "site_dir": Path(data["site_dir"])}))
