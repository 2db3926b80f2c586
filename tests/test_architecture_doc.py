"""ARCHITECTURE.md stays true to the tree: its code map names every module of the engine, and every
file it points at exists (the review of 2026-12-07 found four stale references beside the document).
Each check is run on the real document and on a seeded fault, so it can be seen to fail."""
from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT
from tests.test_architecture import SCRIPTS

DOC = ROOT / "ARCHITECTURE.md"
# A path the document writes in backticks: a file of the repository, not a pattern (<package>, *, {…}).
_PATH = re.compile(r"`((?:scripts|tests|overrides|docs)/[A-Za-z0-9_./-]+)`")


def unnamed_modules(engine: Path, doc: str) -> list[str]:
    """Modules of the engine (``__init__.py`` aside) the document names neither by file name, by path, nor
    (a command, run as ``python -m sns_policy.commands.<name>``) by its name in backticks. A file name
    several modules share (every capability package has a ``render.py``) counts only by its path
    (``plans/render.py``), so each room of each package is named."""
    paths = [path for path in sorted(engine.rglob("*.py")) if path.name != "__init__.py"]
    shared = {name for name in {p.name for p in paths} if sum(p.name == name for p in paths) > 1}
    return [path.relative_to(engine).as_posix() for path in paths
            if path.relative_to(engine).as_posix() not in doc
            and (path.name in shared or (f"`{path.name}`" not in doc and f"`{path.stem}`" not in doc))]


def missing_paths(root: Path, doc: str) -> list[str]:
    """Paths the document names that the repository does not have (a folder may end with /)."""
    return sorted({path for path in _PATH.findall(doc) if not (root / path.rstrip("/")).exists()})


def test_the_code_map_names_every_module() -> None:
    assert unnamed_modules(SCRIPTS, DOC.read_text(encoding="utf-8")) == []


def test_every_path_the_document_names_exists() -> None:
    assert missing_paths(ROOT, DOC.read_text(encoding="utf-8")) == []


def test_a_module_the_map_forgets_and_a_stale_path_are_caught(tmp_path: Path) -> None:
    engine = tmp_path / "sns_policy"
    (engine / "sources").mkdir(parents=True)
    (engine / "sources" / "pages.py").write_text("", encoding="utf-8")
    (engine / "sources" / "unplaced.py").write_text("", encoding="utf-8")
    (engine / "plans").mkdir()
    (engine / "plans" / "render.py").write_text("", encoding="utf-8")
    (engine / "sources" / "render.py").write_text("", encoding="utf-8")
    doc = ("The reader (`pages.py`) and `scripts/sns_policy/finish/linkcheck.py`, `tests/<package>/`, `tests/conftest.py`; "
           "the parts (`render.py`, `plans/render.py`).")
    assert unnamed_modules(engine, doc) == ["sources/render.py", "sources/unplaced.py"]
    assert missing_paths(ROOT, doc) == ["scripts/sns_policy/finish/linkcheck.py"]
