"""The site's data files (the plugin's ``data_dir``, ``scripts/data/`` here): the one reader, each file read once per build, with libyaml.

Many pages state the same rules and words, so many modules ask for the same file; reading
it once keeps "one fact, one place" from costing a parse per page. The result is shared:
callers must treat it as read-only. ``mkdocs serve`` clears this cache before every build
(a per-build memo: ``kept.forget_between_builds``), so an edited data file is read afresh;
a text it has parsed before is not parsed again.

Editors change some of these files in the browser (office hours in ``contact.yml``), so a data
file is a source like a page, read as carefully as front matter (``scripts/sns_policy/sources/frontmatter.py``):
anchors and aliases are refused (PyYAML would expand a "billion laughs" without limit), a key
written twice is refused, dates stay the text that was written, and a file that cannot be read is
a :class:`~sns_policy.problems.Problem` with the file and line, never a traceback. :func:`load` raises
:class:`DataFileError` carrying those problems; the validator reports them before anything else
(``scripts/sns_policy/sources/data_checks.py``, which also holds each file to its schema).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sns_policy import kept, site
from sns_policy.problems import Problem, display_path, format_problems

# libyaml's parser when PyYAML was built with it (the wheels are), else the pure-Python one.
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SUFFIXES = (".yml", ".json")


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML where timestamps stay strings: an unquoted date means the same as a quoted one."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class DataFileError(ValueError):
    """A data file that cannot be read; ``problems`` name its file and line (the validator reports them first)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(format_problems(problems))


@dataclass
class DataFile:
    """One data file as read: its value, the line of every key and list item, and what is wrong with it."""

    name: str  # as editors see it: scripts/data/contact.yml
    value: Any = None
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: tuple[Any, ...] | list[Any]) -> int | None:
        """The line of a key (mapping keys as text, list items by index), or of the nearest enclosing one."""
        key = tuple(part if isinstance(part, int) else str(part) for part in path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return None


# Words every site shares unless it writes its own: the engine's defaults (``labels.yml``,
# ``versioning.yml``, ``find-address.yml``). A site's file of the same name is laid over its default
# key by key (:func:`_over`), so a new town writes only the words that differ (its feed's author,
# the meeting its proposal went to); a site that writes the whole file reads
# only its own words.
DEFAULTS = site.ENGINE_DATA / "defaults"


def _files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.suffix in SUFFIXES and path.is_file()) if folder.is_dir() else []


def names(folder: Path | None = None) -> list[str]:
    """Every data file of the site, the engine's defaults included (or of ``folder``: the engine's own,
    ``site.ENGINE_DATA``), by name (``contact.yml`` …)."""
    if folder == site.ENGINE_DATA:
        return _files(folder)
    return sorted(set(_files(folder or site.data_dir())) | set(_files(DEFAULTS)))


def read(name: str, folder: Path | None = None) -> DataFile:
    """``<data_dir>/<name>`` read and checked for syntax (not yet against its schema), laid over the
    engine's default of that name where there is one (lines and problems name the file that wrote them)."""
    folder = folder or site.data_dir()
    if folder != site.ENGINE_DATA and (DEFAULTS / name).is_file():
        base = _read_file(DEFAULTS / name)
        if not (folder / name).is_file():  # named as the site's file: a word only a site can write is asked of it
            return DataFile(display_path(folder / name), base.value, {}, base.problems)
        own = _read_file(folder / name)
        if base.problems or own.problems:
            return DataFile(own.name, own.value, own.lines, base.problems + own.problems)
        return DataFile(own.name, _over(base.value, own.value), own.lines)
    return _read_file(folder / name)


def _over(default: Any, own: Any) -> Any:
    """``own`` laid over ``default``: mappings key by key, anything else (a text, a list) whole."""
    if isinstance(default, dict) and isinstance(own, dict):
        return {**default, **{key: _over(default.get(key), value) for key, value in own.items()}}
    return own


def _read_file(path: Path) -> DataFile:
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return DataFile(shown, problems=[Problem(shown, "", f"cannot be read ({error.strerror or type(error).__name__})",
                                                 None, f"を読み取れません（{error.strerror or type(error).__name__}）。")])
    return _read(shown, raw)


@kept.memo(64, per_build=False)
def _read(shown: str, raw: bytes) -> DataFile:
    """One text of a data file, read (a file unchanged since the last build of ``mkdocs serve`` is not read again)."""
    def fail(message: str, ja: str, line: int | None) -> DataFile:
        return DataFile(shown, problems=[Problem(shown, "", message, line, ja)])

    if raw.startswith(b"\xef\xbb\xbf"):
        return fail("starts with a byte-order mark (BOM): save the file as UTF-8 without BOM",
                    "先頭にバイト順マーク（BOM）があります。BOM なしの UTF-8 で保存してください。", 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return fail("is not UTF-8 text: save the file with UTF-8 encoding",
                    "UTF-8 ではありません。文字コード UTF-8 で保存してください。", raw[:error.start].count(b"\n") + 1)
    if shown.endswith(".json"):
        try:
            return DataFile(shown, json.loads(text))
        except json.JSONDecodeError as error:
            return fail(f"is not valid JSON ({error.msg})", f"が JSON として読めません（{error.msg}）。", error.lineno)
    return _read_yaml(shown, text, fail)


def _read_yaml(shown: str, text: str, fail: Any) -> DataFile:
    """YAML with anchors, aliases and keys written twice refused, and the line of every key kept."""
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return fail("uses a YAML anchor or alias (& or *): write the value out in full",
                            "YAML のアンカーまたはエイリアス（& や *）を使っています。値をそのまま書いてください。",
                            event.start_mark.line + 1)
        node = yaml.compose(text, Loader=_BaseLoader)
        value = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        detail = (error.problem or str(error)).strip()
        return fail(f"is not valid YAML ({detail}): check indentation, colons and quotes",
                    f"が YAML として読めません（{detail}）。字下げ、コロン、引用符を確認してください。", mark.line + 1 if mark else None)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        return fail(f"is not valid YAML ({detail})", f"が YAML として読めません（{detail}）。", None)
    data = DataFile(shown, value)
    if node is not None:
        _line_map(node, (), data)
    return data


def _line_map(node: yaml.Node, prefix: tuple[Any, ...], data: DataFile) -> None:
    """Record the line of every key and list item; a key written twice is a problem (the second would win silently)."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            line = key_node.start_mark.line + 1
            if key in seen:
                data.problems.append(Problem(data.name, ".".join(map(str, (*prefix, key))), "is written twice: keep one", line,
                                             "が 2 回書かれています。1 つにしてください。"))
            seen.add(key)
            data.lines[(*prefix, key)] = line
            _line_map(value_node, (*prefix, key), data)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            data.lines[(*prefix, index)] = item.start_mark.line + 1
            _line_map(item, (*prefix, index), data)


def load(name: str, folder: Path | None = None) -> Any:
    """The parsed contents of ``<data_dir>/<name>`` (``labels.yml``, ``roles.yml`` …), or of the engine's ``folder``;
    :class:`DataFileError` if unreadable."""
    return _load(folder or site.data_dir(), name)


@kept.memo(64, per_build=True)
def _load(folder: Path, name: str) -> Any:
    """One read per build of a file of ``folder`` (the folder is part of the key: a test or a second town has its own)."""
    data = read(name, folder)
    if data.problems:
        raise DataFileError(data.problems)
    return data.value


load.cache_clear = _load.cache_clear  # type: ignore[attr-defined]  # forgotten before every build like any cache
