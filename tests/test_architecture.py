"""The layout of ``scripts/`` holds: imports go down the layers, never round in a circle.

The rules are declared once, in ``scripts/sns_policy/__init__.py`` (``BASE`` and ``LAYERS``). Every import
counts, at the top of a module or inside a function: an import deferred to dodge a circle is still
the circle. :func:`breaches` and :func:`cycles` are checked on the real tree and on copies seeded
with an upward import and with a circle, so a test that could never fail would show.
"""
from __future__ import annotations

import ast
import functools
import shutil
from collections.abc import Iterable
from pathlib import Path

import sns_policy

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts" / "sns_policy"

Graph = dict[str, set[str]]


def module_names(root: Path) -> dict[str, Path]:
    """Every module of the ``scripts`` package under ``root``, by dotted name (a package by its own)."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def _imported(node: ast.Import | ast.ImportFrom, name: str, is_package: bool, known: Iterable[str]) -> set[str]:
    """The modules of ``known`` that one import statement of module ``name`` loads."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:  # relative: from the module's package (or the package itself, for __init__)
        base = name.split(".") if is_package else name.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    found = {f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in known}
    if len(found) < len(node.names) and target in known:  # names taken from a module (or a package's face)
        found.add(target)
    return found


def import_graph(root: Path) -> Graph:
    """Module → the modules of the tree it imports, anywhere in its code."""
    modules = module_names(root)
    graph: Graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = {target for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                       for target in _imported(node, name, path.name == "__init__.py", modules) if target != name}
    return graph


def place(module: str, base: tuple[str, ...], layers: tuple[tuple[str, ...], ...],
          capabilities: tuple[str, ...] = sns_policy.CAPABILITIES) -> tuple[str, float] | None:
    """(the group a module belongs to, the rank of its layer); base modules rank below every layer.

    A capability's ``model`` room ranks just above ``sources`` (below ``content``), its ``cli`` room with the top layer.
    """
    parts = module.split(".")
    if parts == ["sns_policy"] or (len(parts) == 2 and parts[1] in base):
        return "base", -1
    for rank, names in enumerate(layers):
        if len(parts) > 1 and parts[1] in names:
            if parts[1] in capabilities and len(parts) > 2 and parts[2] == "model":
                return parts[1], 0.5
            if parts[1] in capabilities and len(parts) > 2 and parts[2] == "cli":
                return parts[1], len(layers) - 1
            return parts[1], rank
    return None


def breaches(graph: Graph, base: tuple[str, ...] = sns_policy.BASE,
             layers: tuple[tuple[str, ...], ...] = sns_policy.LAYERS) -> list[str]:
    """Each import that leaves the rules, as 'importer -> imported: why'."""
    found = []
    for module, targets in sorted(graph.items()):
        here = place(module, base, layers)
        if here is None:
            found.append(f"{module}: belongs to no package of sns_policy.LAYERS and is not a base module")
            continue
        for target in sorted(targets):
            there = place(target, base, layers)
            if there is None or there[0] == "base":
                continue
            if there[0] == here[0]:
                found += _room_breach(module, target, here[0])
                continue
            if here[0] == "base":
                found.append(f"{module} -> {target}: a base module imports only base modules")
            elif there[1] > here[1]:
                found.append(f"{module} -> {target}: imports upward ({here[0]} stands below {there[0]})")
            elif there[1] == here[1]:
                found.append(f"{module} -> {target}: {here[0]} and {there[0]} share a layer and may not import each other")
    return found


def room(module: str) -> str | None:
    """The room of a capability package a module stands in (``plans.cli.new_plan`` is in ``cli``), if any."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] in sns_policy.CAPABILITIES else None


def _room_breach(module: str, target: str, package: str) -> list[str]:
    """An import inside a capability package that goes up its rooms (model ← checks ← render ← build ← cli)."""
    if package not in sns_policy.CAPABILITIES:
        return []
    here, there = room(module), room(target)
    if here is None:  # the package's __init__ is its docstring: it imports none of its rooms
        return [f"{module} -> {target}: a capability's __init__ says what it owns and imports none of its rooms"]
    if there is None or here == there or here not in sns_policy.ROOMS or there not in sns_policy.ROOMS:
        return []
    if sns_policy.ROOMS.index(there) > sns_policy.ROOMS.index(here):
        return [f"{module} -> {target}: imports up its rooms ({here} stands below {there})"]
    return []


def cycles(graph: Graph) -> list[list[str]]:
    """Every set of modules that import each other in a circle (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _copy(tmp_path: Path) -> Path:
    """A copy of the Python modules of scripts/, to seed a bad import into."""
    target = tmp_path / "sns_policy"
    shutil.copytree(SCRIPTS, target, ignore=lambda folder, names: [n for n in names if not n.endswith(".py")
                                                                     and not (Path(folder) / n).is_dir()])
    return target


@functools.cache
def _real_breaches() -> frozenset[str]:
    return frozenset(breaches(import_graph(SCRIPTS)))


def _new_breaches(copy: Path) -> list[str]:
    """What a seeded copy breaks that the real tree does not."""
    return [breach for breach in breaches(import_graph(copy)) if breach not in _real_breaches()]


def test_every_import_goes_down_the_layers() -> None:
    assert breaches(import_graph(SCRIPTS)) == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    assert cycles(import_graph(SCRIPTS)) == []


def test_a_seeded_upward_import_is_caught(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    page_set = copy / "sources" / "pages.py"
    # Inside a function, where an import hides best.
    page_set.write_text(page_set.read_text(encoding="utf-8")
                        + "\n\ndef _late():\n    from sns_policy.content import render\n    return render\n", encoding="utf-8")
    assert _new_breaches(copy) == [
        "sns_policy.sources.pages -> sns_policy.content.render: imports upward (sources stands below content)"]


def test_a_seeded_import_across_the_top_layer_and_from_the_base_is_caught(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    (copy / "plugin.py").write_text((copy / "plugin.py").read_text(encoding="utf-8") + "\nfrom sns_policy.commands import prose\n",
                                   encoding="utf-8")
    (copy / "dates.py").write_text((copy / "dates.py").read_text(encoding="utf-8") + "\nimport sns_policy.sources.schema\n",
                                   encoding="utf-8")
    assert _new_breaches(copy) == [
        "sns_policy.dates -> sns_policy.sources.schema: a base module imports only base modules",
        "sns_policy.plugin -> sns_policy.commands.prose: plugin and commands share a layer and may not import each other"]


def test_a_seeded_circle_is_caught(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    schema = copy / "sources" / "schema.py"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n\ndef _late():\n    from sns_policy.sources.pages import load_pages\n",
                      encoding="utf-8")
    assert ["sns_policy.sources.pages", "sns_policy.sources.schema"] in cycles(import_graph(copy))


def test_a_module_outside_every_package_is_caught(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    (copy / "stray.py").write_text('"""A module nobody placed."""\nfrom sns_policy import site\n', encoding="utf-8")
    assert _new_breaches(copy) == ["sns_policy.stray: belongs to no package of sns_policy.LAYERS and is not a base module"]


def test_each_package_says_what_it_owns_and_what_it_may_import() -> None:
    packages = [name for names in sns_policy.LAYERS for name in names if (SCRIPTS / name).is_dir()]
    assert sorted(packages) == sorted(p.name for p in SCRIPTS.iterdir() if (p / "__init__.py").is_file())
    for name in packages:
        doc = ast.get_docstring(ast.parse((SCRIPTS / name / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "May import:" in doc, f"scripts/{name}/__init__.py: say what the package owns and what it may import"


def cached_over_data_files(root: Path) -> list[str]:
    """Functions that keep a cache (``kept.memo``, ``lru_cache``, ``cache``) of their own around ``datafiles.load``."""
    found = []
    for name, path in module_names(root).items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            cached = any(word in ast.unparse(decorator) for decorator in node.decorator_list for word in ("cache", "memo"))
            if cached and "datafiles.load" in ast.unparse(node):
                found.append(f"{name}.{node.name}")
    return found


def test_data_files_are_cached_once_by_datafiles() -> None:
    """scripts/sns_policy/datafiles.py reads each data file once per build; nothing keeps a second cache of it."""
    assert cached_over_data_files(SCRIPTS) == []


def test_a_seeded_second_cache_is_caught(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    rules = copy / "content" / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n\n@functools.lru_cache(maxsize=None)\ndef _again():\n"
                     "    return datafiles.load('rules.yml')\n\n\n@kept.memo(8, per_build=True)\ndef _once_more():\n"
                     "    return datafiles.load('rules.yml')\n", encoding="utf-8")
    assert cached_over_data_files(copy) == ["sns_policy.content.rules._again", "sns_policy.content.rules._once_more"]


def test_plugin_only_wires() -> None:
    """Each MkDocs event is a few lines that say when; what happens is in scripts/sns_policy/pipeline/ and below."""
    tree = ast.parse((SCRIPTS / "plugin.py").read_text(encoding="utf-8"))
    plugin = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name.endswith("Plugin"))
    events = [node for node in plugin.body if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")]
    assert len(events) >= 10
    for event in events:
        statements = event.body[1:] if ast.get_docstring(event) else event.body
        assert len(statements) <= 4, f"scripts/sns_policy/plugin.py {event.name}: {len(statements)} statements; move the work to scripts/sns_policy/pipeline/"
    assert len((SCRIPTS / "plugin.py").read_text(encoding="utf-8").splitlines()) < 150


def test_tests_mirror_the_packages() -> None:
    """The tests of a package's modules are in the folder of the same name under tests/."""
    for name in (p.name for p in SCRIPTS.iterdir() if (p / "__init__.py").is_file()):
        assert (ROOT / "tests" / name / "__init__.py").is_file(), f"tests/{name}/ is missing"


def rooms_outside_the_set(root: Path, capabilities: tuple[str, ...] = sns_policy.CAPABILITIES) -> list[str]:
    """What stands in a capability package besides its ``__init__`` and rooms of :data:`sns_policy.ROOMS`, and a
    package whose docstring does not name its rooms (``Rooms:``) as they are."""
    found = []
    for name in capabilities:
        folder = root / name
        present = set()
        for entry in sorted(folder.iterdir()):
            if entry.name in ("__init__.py", "__pycache__"):
                continue
            stem = entry.stem if entry.suffix == ".py" else entry.name if entry.is_dir() else None
            if stem not in sns_policy.ROOMS or (entry.is_dir() and not (entry / "__init__.py").is_file()):
                found.append(f"{name}/{entry.name}: not a room of sns_policy.ROOMS {sns_policy.ROOMS}")
            else:
                present.add(stem)
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))) or ""
        named = next((line.partition("Rooms:")[2] for line in doc.splitlines() if line.startswith("Rooms:")), "")
        if {word.strip(" `.,") for word in named.split()} != present:
            found.append(f"{name}/__init__.py: its docstring's 'Rooms:' line must name its rooms, {sorted(present)}")
    return found


def test_every_capability_package_has_only_rooms_of_the_set() -> None:
    assert sorted(sns_policy.CAPABILITIES) == sorted(
        name for name in sns_policy.CAPABILITIES if (SCRIPTS / name / "__init__.py").is_file())
    assert rooms_outside_the_set(SCRIPTS) == []


def test_a_seeded_stray_room_is_caught(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    (copy / "plans" / "helpers.py").write_text('"""A room nobody named."""\n', encoding="utf-8")
    assert rooms_outside_the_set(copy) == [
        "plans/helpers.py: not a room of sns_policy.ROOMS ('model', 'checks', 'render', 'build', 'cli')"]


def test_a_seeded_room_importing_upwards_is_caught(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    model = copy / "plans" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\n\ndef _late():\n    from sns_policy.plans import render\n",
                     encoding="utf-8")
    checks = copy / "plans" / "checks.py"
    checks.write_text(checks.read_text(encoding="utf-8") + "\n\ndef _late():\n    from sns_policy.content import words\n",
                      encoding="utf-8")
    pipeline = copy / "pipeline" / "compose.py"
    pipeline.write_text(pipeline.read_text(encoding="utf-8") + "\n\ndef _late():\n    from sns_policy.plans.cli import new_plan\n",
                        encoding="utf-8")
    assert _new_breaches(copy) == [
        "sns_policy.pipeline.compose -> sns_policy.plans.cli.new_plan: imports upward (pipeline stands below plans)",
        "sns_policy.plans.model -> sns_policy.plans.render: imports up its rooms (model stands below render)"]


def test_a_seeded_model_importing_above_sources_is_caught(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    model = copy / "plans" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\n\ndef _late():\n    from sns_policy.content import words\n",
                     encoding="utf-8")
    assert _new_breaches(copy) == [
        "sns_policy.plans.model -> sns_policy.content.words: imports upward (plans stands below content)"]
