"""The seeded sites of the prose tests, checked all at once (issue 32).

Starting textlint costs a second or more whatever it reads, and each seeded test started it twice
(once per style) on a small site of its own. A test module declares its sites here instead
(``@seeded("name")`` on a function that writes a site's files under the folder it is given); the
first test that asks writes every declared site side by side and checks them with one
``prose.check_sites`` (one textlint run per style for all of them), once per test run
(``once_per_run``), and each test reads its own site's problems. The pages and the assertions are
what they were: only the runs of textlint and codespell are shared.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from sns_policy.commands import prose
from tests.conftest import once_per_run, run_folder

Write = Callable[[Path], None]
SITES: dict[str, Write] = {}  # filled as the test modules are imported: every worker collects them all


def seeded(name: str) -> Callable[[Write], Write]:
    """Declare a site for the prose check: ``write(root)`` puts its files under ``root`` (pages in root/docs)."""
    def declare(write: Write) -> Write:
        assert name not in SITES, f"two prose sites are named {name}"
        SITES[name] = write
        return write
    return declare


@dataclass
class Checked:
    """One declared site as checked: where it was written, and what the prose check found."""

    root: Path
    problems: list[prose.ProseProblem]


@pytest.fixture(scope="session")
def prose_checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Checked]:
    """Every declared site's problems, by name, from one check of them all per test run."""
    folder = run_folder(tmp_path_factory) / "prose-sites"

    def make() -> dict[str, list[prose.ProseProblem]]:
        roots = {name: folder / name for name in SITES}
        for name, root in roots.items():
            root.mkdir(parents=True)
            SITES[name](root)
        return dict(zip(roots, prose.check_sites([(root / "docs", root) for root in roots.values()])))

    found = once_per_run(tmp_path_factory, "prose-sites", make,
                         lambda made: {name: [asdict(p) for p in problems] for name, problems in made.items()},
                         lambda data: {name: [prose.ProseProblem(**p) for p in problems] for name, problems in data.items()})
    return {name: Checked(folder / name, problems) for name, problems in found.items()}
