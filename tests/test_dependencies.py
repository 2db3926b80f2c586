"""The libraries whose private parts the engine touches are of a major version we know.

ARCHITECTURE.md, "Dependencies we lean on", lists every private part of MkDocs, Material,
mkdocs-static-i18n, watchdog and pypdf the engine reaches into, and what breaks on upgrade; its
table "Major versions we know" names, for each, the majors that list was checked against. A new
major may rename or drop any of those parts, so an installed major the table does not name fails
here, pointing at the list to check again (and then at the table to update). The versions are read
from what is installed (importlib.metadata), never from requirements.txt.
"""
from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from tests.conftest import ROOT

SECTION = "## Dependencies we lean on"
REQUIRED = {"mkdocs", "mkdocs-material", "mkdocs-static-i18n"}  # issue 33: at least these three
_ROW = re.compile(r"^\|\s*[^|`]*`([A-Za-z0-9_.-]+)`[^|]*\|\s*([0-9][0-9, ]*)\s*\|", re.M)


def known_majors(architecture: str) -> dict[str, set[int]]:
    """Distribution name → the major versions ARCHITECTURE.md's table says were checked."""
    start = architecture.find(SECTION)
    if start < 0:
        return {}
    end = architecture.find("\n## ", start + len(SECTION))
    section = architecture[start:end if end >= 0 else None]
    table = section[section.find("### Major versions we know"):] if "### Major versions we know" in section else ""
    return {name: {int(n) for n in majors.replace(",", " ").split()} for name, majors in _ROW.findall(table)}


def installed(names: set[str]) -> dict[str, str | None]:
    """The installed version of each distribution, or None when it is not installed."""
    out: dict[str, str | None] = {}
    for name in sorted(names):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def unknown_majors(versions: dict[str, str | None], known: dict[str, set[int]]) -> list[str]:
    """What to do about each library whose installed major (or absence) the table does not cover."""
    problems = [f"{name}: ARCHITECTURE.md's table 'Major versions we know' has no row for it"
                for name in sorted(REQUIRED - set(known))]
    for name, majors in sorted(known.items()):
        found = versions.get(name)
        if found is None:
            problems.append(f"{name}: not installed, although ARCHITECTURE.md lists parts of it we reach into")
            continue
        major = int(found.split(".")[0])
        if major not in majors:
            problems.append(f"{name} {found}: major version {major} is not one we know ({sorted(majors)}); check every "
                            f"private part of it listed under '{SECTION[3:]}' in ARCHITECTURE.md, then add {major} to the table")
    return problems


def test_the_libraries_we_reach_into_are_of_a_major_version_we_know() -> None:
    known = known_majors((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    assert REQUIRED <= set(known)
    assert unknown_majors(installed(set(known)), known) == []


def test_an_unknown_major_version_is_caught() -> None:
    known = {"mkdocs": {1}, "mkdocs-material": {9}, "mkdocs-static-i18n": {1}}
    assert unknown_majors({"mkdocs": "1.6.1", "mkdocs-material": "9.8.1", "mkdocs-static-i18n": "1.3.1"}, known) == []
    (problem,) = unknown_majors({"mkdocs": "2.0.0", "mkdocs-material": "9.8.1", "mkdocs-static-i18n": "1.3.1"}, known)
    assert problem.startswith("mkdocs 2.0.0: major version 2 is not one we know") and "ARCHITECTURE.md" in problem
    (problem,) = unknown_majors({"mkdocs": "1.6.1", "mkdocs-material": "10.0.0", "mkdocs-static-i18n": None}, known)[1:]
    assert problem.startswith("mkdocs-static-i18n: not installed")


def test_a_table_without_one_of_the_three_is_caught(tmp_path: Path) -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    known = known_majors(text)
    without = re.sub(r"^\|[^\n]*`mkdocs-static-i18n`[^\n]*\n", "", text[text.find(SECTION):], flags=re.M)
    dropped = known_majors(text[:text.find(SECTION)] + without)
    assert set(known) - set(dropped) == {"mkdocs-static-i18n"}
    assert unknown_majors(installed(set(dropped)), dropped) == [
        "mkdocs-static-i18n: ARCHITECTURE.md's table 'Major versions we know' has no row for it"]
