"""The one reader of a Markdown page's source: encoding, front matter, body.

Everything that reads a page — the validator, the build, the tests — reads it
through :func:`read_page`, so they cannot disagree. MkDocs reads front matter on its
own too; the build replaces MkDocs' reading with the values accepted here (``page.meta``,
``scripts/sns_policy/pipeline/page_source.py``), and this reader refuses every form MkDocs would read differently
(a missing closing ``---``, ``...`` as the closing line, no final newline).

The YAML reader is hardened because front matter comes from anyone who opens a pull
request: anchors and aliases (the "billion laughs" bomb) and oversized documents are
refused before anything is built, and dates stay the text the editor wrote instead of
becoming ``datetime.date`` objects (an impossible unquoted date such as 2016-13-45
would otherwise crash the YAML library itself).
"""
from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from sns_policy import kept
from sns_policy.problems import Problem, display_path, names_relative_to

try:  # the C parser is ~10x faster; the pure-Python one gives the same results
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

MAX_FILE_BYTES = 1_000_000
MAX_FRONT_MATTER_CHARS = 64_000
_OPENING = re.compile(r"---[ \t]*\n")
_CLOSING = re.compile(r"^(---|\.\.\.)[ \t]*$")
# Characters that never belong in text: C0/C1 controls (tab and newline aside) and the
# Unicode direction overrides that make text read differently from how it is stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# Front-matter values are shown as text on every path; markup in them is a mistake or
# an attack (an HTML tag, a Markdown link or image, an attr_list block, an autolink).
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?|!?\[[^\]]*\]\s*\(|\{\s*[:#.]?[\w-]+\s*=[^}]*\}|<https?:")


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML where timestamps stay strings: dates are checked as text, in one place."""


def _timestamp_as_text(loader: yaml.BaseLoader, node: yaml.Node) -> str:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


@dataclass
class Page:
    """A Markdown source file split into its metadata and its body.

    ``lines`` maps a field path (``("plan", "department", "ja")``) to its line in the
    file, so a problem can point at the line to change. ``body_line`` is the file line
    the body starts on.
    """

    path: Path
    meta: dict[str, Any]
    body: str
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    body_line: int = 1

    @property
    def name(self) -> str:
        """The path as editors see it (``docs/ja/policy.md``)."""
        return display_path(self.path)

    def line_of(self, path: tuple[Any, ...] | list[Any] | str) -> int | None:
        """The line of a field, or of the nearest enclosing field that has one."""
        key = tuple(path.split(".")) if isinstance(path, str) else tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def problem(self, field_path: tuple[Any, ...] | str, message: str, ja: str) -> Problem:
        """A problem with a field of this page, placed on that field's line."""
        path = tuple(field_path.split(".")) if isinstance(field_path, str) else tuple(field_path)
        name = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")
        return Problem(self.name, name, message, self.line_of(path), ja)


def _fail(path: Path, message: str, ja: str, line: int | None = None) -> tuple[None, list[Problem]]:
    return None, [Problem(display_path(path), "", message, line, ja)]


def _line_map(node: yaml.Node, prefix: tuple[Any, ...], offset: int, out: dict, problems: list[tuple[int, str]]) -> None:
    """Record the line of every key and list item; note keys written twice."""
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + offset
            if key in seen:
                problems.append((line, str(key)))
            seen.add(key)
            out[(*prefix, key)] = line
            _line_map(value_node, (*prefix, key), offset, out, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[(*prefix, index)] = item.start_mark.line + offset
            _line_map(item, (*prefix, index), offset, out, problems)


def _first_anchor(text: str) -> int | None:
    """Line (0-based) of the first anchor or alias: front matter never needs them."""
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return event.start_mark.line
    return None


def control_characters(value: str) -> list[str]:
    """Names of the invisible control characters in ``value`` (empty when clean)."""
    return [f"U+{ord(c):04X}" for c in dict.fromkeys(_CONTROL.findall(value))]


def _check_values(value: Any, path: tuple[Any, ...], page: Page, problems: list[Problem]) -> Any:
    """Keys must be words; text may not hide control characters; text is NFC-normalised."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append(page.problem(path or ("(front matter)",), f"has a key {key!r} that is not a word: keys are names such as title",
                                             f"キー {key!r} が語ではありません。title のような名前を使ってください。"))
                continue
            out[key] = _check_values(item, (*path, key), page, problems)
        return out
    if isinstance(value, list):
        return [_check_values(item, (*path, i), page, problems) for i, item in enumerate(value)]
    if isinstance(value, str):
        bad = control_characters(value)
        if "\n" in value or "\t" in value:
            problems.append(page.problem(path, "contains a line break or tab: write the value on one line (use a list for several items)",
                                         "改行またはタブが含まれています。値は 1 行で書いてください（複数ならリストにしてください）。"))
        elif markup := _MARKUP.search(value):
            problems.append(page.problem(path, f"must be plain text: {markup.group(0)!r} is HTML or Markdown markup, which front matter may not carry",
                                         f"は書式のない文字だけで書いてください。{markup.group(0)!r} は HTML または Markdown の書式で、フロントマターには書けません。"))
        elif bad:
            problems.append(page.problem(path, f"contains invisible control characters ({', '.join(bad)}): retype the text",
                                         f"見えない制御文字（{', '.join(bad)}）が含まれています。文字を打ち直してください。"))
        # Trimmed and NFC-normalised: "地域振興課 " and "地域振興課" are one division.
        return re.sub(r"[ \u3000]+", lambda m: m.group(0)[0], unicodedata.normalize("NFC", value)).strip(" \u3000")
    return value


class FrontMatterError(yaml.YAMLError, ValueError):
    """The text is not a page this reader accepts (raised by :func:`parse` only)."""


def parse(text: str) -> tuple[dict[str, Any], str]:
    """Split ``text`` into (front matter, body) with the hardened reader; raises :class:`FrontMatterError`."""
    page, problems = read_text(Path("<text>"), text)
    if problems or page is None:
        raise FrontMatterError("; ".join(p.message for p in problems))
    return page.meta, page.body


def read_page(path: Path) -> tuple[Page | None, list[Problem]]:
    """Load one page, returning problems (each reported once) instead of raising."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return _fail(path, f"is larger than {MAX_FILE_BYTES // 1000} kB: split the page",
                     f"{MAX_FILE_BYTES // 1000} kB を超えています。ページを分けてください。")
    if raw.startswith(b"\xef\xbb\xbf"):
        return _fail(path, "starts with a byte-order mark (BOM): save the file as UTF-8 without BOM",
                     "先頭にバイト順マーク（BOM）があります。BOM なしの UTF-8 で保存してください。", 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return _fail(path, "is not UTF-8 text: save the file with UTF-8 encoding",
                     "UTF-8 ではありません。文字コード UTF-8 で保存してください。", line)
    return read_text(path, text)


# Sources read, by (file, the folder names are relative to, text): every build reads every source, and
# under `mkdocs serve` all but the saved one come back the same. Each caller gets a copy of its own.
READ_KEPT = 2000  # every source of the site several times over
_read = kept.Memo("sources.frontmatter.read", READ_KEPT, per_build=False)


def read_text(path: Path, text: str) -> tuple[Page | None, list[Problem]]:
    """Split already-decoded source into a checked :class:`Page` (read once per text, see ``_read``)."""
    key = (path, names_relative_to(), text)
    if key not in _read:
        page, problems = _read_text(path, text)
        _read[key] = page, tuple(problems)
    page, problems = _read[key]
    copied = None if page is None else replace(page, meta=copy.deepcopy(page.meta), lines=dict(page.lines))
    return copied, list(problems)


def _read_text(path: Path, text: str) -> tuple[Page | None, list[Problem]]:
    """``read_text`` itself: the text checked and split, its front matter read with the hardened reader."""
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        return _fail(path, "has Windows (CR) line endings: save it with LF line endings",
                     "改行コードが CR を含みます。LF 改行で保存してください。", line)
    if not _OPENING.match(text):
        return _fail(path, "does not start with front matter: the first line must be --- followed by title and version",
                     "フロントマターで始まっていません。1 行目を --- にし、title と version を書いてください。", 1)
    if not text.endswith("\n"):
        return _fail(path, "does not end with a line break: add an empty line at the end of the file",
                     "ファイルの最後が改行で終わっていません。末尾に改行を加えてください。", text.count("\n") + 1)
    lines = text.split("\n")
    closing = next((i for i, line in enumerate(lines[1:], 1) if _CLOSING.match(line)), None)
    if closing is None:
        return _fail(path, "front matter has no closing ---: add a line --- after the last key",
                     "フロントマターを閉じる --- がありません。最後のキーの次の行に --- を加えてください。", 1)
    if lines[closing].startswith("..."):
        return _fail(path, "front matter ends with ...: end it with ---",
                     "フロントマターが ... で終わっています。--- で閉じてください。", closing + 1)
    source = "\n".join(lines[1:closing]) + "\n"
    body = "\n".join(lines[closing + 1:])
    if len(source) > MAX_FRONT_MATTER_CHARS:
        return _fail(path, f"front matter is longer than {MAX_FRONT_MATTER_CHARS} characters: move text into the page body",
                     f"フロントマターが {MAX_FRONT_MATTER_CHARS} 文字を超えています。本文に移してください。", 1)
    try:
        anchor = _first_anchor(source)
        if anchor is not None:
            return _fail(path, "front matter uses a YAML anchor or alias (& or *): write the value out in full",
                         "フロントマターで YAML のアンカーまたはエイリアス（& や *）を使っています。値をそのまま書いてください。",
                         anchor + 2)
        node = yaml.compose(source, Loader=_BaseLoader)
        meta = yaml.load(source, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1
        detail = (error.problem or str(error)).strip()
        return _fail(path, f"front matter is not valid YAML ({detail}): check indentation, colons and quotes",
                     f"フロントマターが YAML として読めません（{detail}）。字下げ、コロン、引用符を確認してください。", line)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        return _fail(path, f"front matter is not valid YAML ({detail})",
                     f"フロントマターが YAML として読めません（{detail}）。", 1)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return _fail(path, "front matter must be keys with values (title: ..., version: ...)",
                     "フロントマターは「キー: 値」の形で書いてください（title: …、version: …）。", 2)
    page = Page(path, {}, body, body_line=closing + 2)
    line_problems: list[tuple[int, str]] = []
    _line_map(node, (), 2, page.lines, line_problems)
    page.lines[()] = 2
    problems = [Problem(page.name, key, "is written twice: keep one", line, "が 2 回書かれています。1 つにしてください。")
                for line, key in line_problems]
    page.meta = _check_values(meta, (), page, problems)
    return page, problems
