"""Cross-cutting concerns have one owner each (ARCHITECTURE.md, "Cross-cutting concerns").

Caches are made by ``kept.py``, git is run by ``history/gitinfo.py``, values are escaped by
``content/escape.py`` and "today" is read from ``dates.py``. A second one creeps in easily (a quick
``lru_cache``, a ``subprocess.run(["git", …])``, an ``html.escape``, a ``date.today()``), so
:func:`second_owners` looks for each in the engine's code; seeded copies show that it can fail.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sns_policy import kept
from tests.test_architecture import SCRIPTS, _copy, module_names

# Who owns each concern (a module path under scripts/sns_policy/), and the tools beside the build.
OWNERS = {"memo": "kept.py", "git": "history/gitinfo.py", "escape": "content/escape.py", "today": "dates.py"}
# Commands are tools the build never imports; the benchmark clones and times builds with git of its own.
TOOLS = ("commands/",)
_CACHES = {"lru_cache", "cache", "cached_property"}
_CLOCK = {"today", "now", "utcnow"}


def _found_in(tree: ast.AST) -> list[tuple[str, int, str]]:
    """(concern, line, what) for each second owner in one module's code."""
    found: list[tuple[str, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in _CACHES and ast.unparse(node.value) == "functools":
            found.append(("memo", node.lineno, f"functools.{node.attr}"))
        elif isinstance(node, ast.ImportFrom) and node.module == "functools":
            found += [("memo", node.lineno, f"functools.{a.name}") for a in node.names if a.name in _CACHES]
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [("git", node.lineno, f"import {n}") for n in names if n.split(".")[0] == "subprocess"]
            found += [("escape", node.lineno, f"import {n}") for n in names if n.split(".")[0] == "markupsafe"]
            if isinstance(node, ast.ImportFrom) and node.module == "html":
                found += [("escape", node.lineno, "html.escape") for a in node.names if a.name == "escape"]
        elif isinstance(node, ast.Attribute) and node.attr == "escape" and ast.unparse(node.value) == "html":
            found.append(("escape", node.lineno, "html.escape"))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "escape" in node.name.lower():
            found.append(("escape", node.lineno, f"an escaper of its own ({node.name})"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _CLOCK \
                and ast.unparse(node.func.value) != "dates":  # dates.today() is the owner's
            found.append(("today", node.lineno, f"{ast.unparse(node.func)}()"))
        elif isinstance(node, ast.Call) and ast.unparse(node.func) == "time.time":
            found.append(("today", node.lineno, "time.time()"))
    if isinstance(tree, ast.Module):  # a module-level memo: a dict made empty, to be filled while the build runs
        for node in tree.body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            empty = (isinstance(value, ast.Dict) and not value.keys) or (
                isinstance(value, ast.Call) and ast.unparse(value.func).split(".")[-1] in ("dict", "OrderedDict", "defaultdict")
                and not value.args and not value.keywords)
            if empty:
                found.append(("memo", node.lineno, "a module-level dict filled at run time (use kept.Memo)"))
    return found


def second_owners(root: Path) -> list[str]:
    """'file:line: concern: what' for each place outside a concern's owner that does its work."""
    out = []
    for path in module_names(root).values():
        rel = path.relative_to(root).as_posix()
        if rel.startswith(TOOLS):
            continue
        for concern, line, what in _found_in(ast.parse(path.read_text(encoding="utf-8"))):
            if rel != OWNERS[concern]:
                out.append(f"{rel}:{line}: {concern}: {what} (the owner is {OWNERS[concern]})")
    return sorted(out)


def test_each_cross_cutting_concern_has_one_owner() -> None:
    assert second_owners(SCRIPTS) == []


@pytest.mark.parametrize(("module", "code", "concern"), [
    ("content/rules.py", "\n\n@functools.lru_cache(maxsize=None)\ndef _again():\n    return 1\n", "memo: functools.lru_cache"),
    ("pipeline/outputs.py", "\n\n_seen: dict[str, str] = {}\n", "memo: a module-level dict"),
    ("history/versions.py", "\n\ndef _late():\n    import subprocess\n    return subprocess.run(['git', 'log'])\n",
     "git: import subprocess"),
    ("amendments/render.py", "\n\ndef _title(text):\n    return html.escape(text)\n", "escape: html.escape"),
    ("plans/checks.py", "\n\ndef _md_escape(text):\n    return text.replace('*', '\\\\*')\n", "escape: an escaper of its own"),
    ("a11y/checks.py", "\n\ndef _day():\n    return dt.date.today()\n", "today: dt.date.today()"),
], ids=["lru_cache", "module-dict", "git", "html.escape", "own-escaper", "today"])
def test_a_second_owner_is_caught(tmp_path: Path, module: str, code: str, concern: str) -> None:
    copy = _copy(tmp_path)
    path = copy / module
    path.write_text(path.read_text(encoding="utf-8") + code, encoding="utf-8")
    (found,) = second_owners(copy)
    assert found.startswith(f"{module}:") and f": {concern}" in found, found


def test_a_memo_is_bounded_and_drops_its_oldest_entry() -> None:
    memo = kept.Memo("test.bounded", 2, per_build=False)
    try:
        memo["a"], memo["b"], memo["c"] = 1, 2, 3
        assert "a" not in memo and memo["b"] == 2 and memo["c"] == 3 and len(memo) == 2
        for limit in (None, 0, -1, 1.5, True):
            with pytest.raises(ValueError, match="limit"):
                kept.Memo("test.unbounded", limit, per_build=False)  # type: ignore[arg-type]
            with pytest.raises(ValueError, match="limit"):
                kept.memo(limit, per_build=False)(lambda: None)  # type: ignore[arg-type]
    finally:
        kept.MEMOS.remove(memo)


def test_a_build_forgets_the_memos_that_read_outside_their_key_and_keeps_the_others() -> None:
    read, parsed = kept.Memo("test.read", 4, per_build=True), kept.Memo("test.parsed", 4, per_build=False)
    calls: list[int] = []

    @kept.memo(4, per_build=True)
    def reads_a_file(n: int) -> int:
        calls.append(n)
        return n

    try:
        read["x"], parsed["x"] = 1, 1
        reads_a_file(1)
        reads_a_file(1)
        kept.forget_between_builds()
        reads_a_file(1)
        assert "x" not in read and parsed["x"] == 1 and calls == [1, 1]
    finally:
        kept.MEMOS[:] = [m for m in kept.MEMOS if not m.name.startswith(("test.", __name__))]


def test_every_memo_of_the_engine_is_registered_with_a_bound() -> None:
    """Importing the whole engine registers its memos; each has a finite limit and a name saying where it is."""
    import importlib

    for name in module_names(SCRIPTS):
        if not name.startswith("sns_policy.commands"):
            importlib.import_module(name)
    names = {memo.name for memo in kept.MEMOS}
    assert {"amendments.build.made", "amendments.render.sectioned", "editions.build.printed", "history.gitinfo.blobs",
            "history.gitinfo.repo", "datafiles._load"} <= names
    assert all(isinstance(memo.limit, int) and memo.limit >= 1 for memo in kept.MEMOS)
