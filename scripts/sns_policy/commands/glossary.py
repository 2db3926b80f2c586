"""One name per thing: ``python -m sns_policy.commands.glossary`` checks the words of ``scripts/data/glossary.yml``.

The review of 2 December 2026 found the same thing called by two to four names (個人情報 as
"personal data" and "personal information", 改定・改正・改訂, "citizens" and "residents", section
titles cited under names they do not have). Fixing the pages once does not keep them fixed, so
the preferred words and the variants to refuse live in one data file, read by two checks:

- textlint, for the Japanese pages (``scripts/textlint-rule-glossary.js``; ``sns_policy.commands.prose``
  hands it the Japanese entries as JSON, see :func:`textlint_entries`);
- this module, for the English pages and for the words in ``scripts/data`` that the build writes
  into pages, in both languages (textlint never sees those), and for Japanese text on English
  pages (the Japanese public statements quoted there). pytest runs it (tests/commands/test_glossary.py).

History rows record what a change said at the time, and the 新旧対照表 quote earlier text: neither
is checked. Each problem is printed once as ``file:line:column: glossary: message``.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from sns_policy import datafiles
from sns_policy import site
from sns_policy.site import ROOT

GLOSSARY = "glossary.yml"
# Files of words never printed that hold the variants on purpose: the glossary itself, and the
# search words (scripts/sns_policy/search/model.py), which are what people type, 詫び and "the city" included.
NOT_PRINTED = (GLOSSARY, "search-words.yml")
SKIPPED_FOLDERS = ("amendments",)  # generated; they quote earlier versions word for word
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana or kanji


@dataclass(frozen=True)
class Entry:
    """A preferred word and the patterns of the variants that must not be used instead."""

    lang: str
    use: str
    avoid: tuple[re.Pattern[str], ...]
    note: str
    style: str | None = None


@dataclass(frozen=True)
class TermProblem:
    """A variant found where the glossary's word should be."""

    file: str
    line: int
    column: int
    found: str
    entry: Entry

    def __str__(self) -> str:
        if self.entry.lang == "ja":
            message = f"「{self.found}」ではなく「{self.entry.use}」と書く（{self.entry.note}）"
        else:
            message = f'write "{self.entry.use}", not "{self.found}" ({self.entry.note})'
        return f"{self.file}:{self.line}:{self.column}: glossary: {message}"


def entries(data: dict[str, Any] | None = None) -> list[Entry]:
    """Every entry of the glossary (``data`` replaces the file, for tests)."""
    data = data if data is not None else datafiles.load(GLOSSARY)
    return [Entry(lang, item["use"], tuple(re.compile(p) for p in item["avoid"]), item["note"], item.get("style"))
            for lang in ("ja", "en") for item in data.get(lang, [])]


def textlint_entries() -> list[dict[str, Any]]:
    """The Japanese entries as plain JSON for the textlint rule (JavaScript reads no YAML here)."""
    return [{"use": e.use, "avoid": [p.pattern for p in e.avoid], "note": e.note, "style": e.style}
            for e in entries() if e.lang == "ja"]


def find(text: str, lang: str, style: str | None = None, glossary: list[Entry] | tuple[Entry, ...] | None = None
         ) -> Iterator[tuple[int, int, str, Entry]]:
    """(line, column, variant, entry) for every variant of ``lang`` in ``text`` (lines from 1)."""
    chosen = [e for e in (glossary if glossary is not None else entries())
              if e.lang == lang and (e.style is None or e.style == style)]
    for number, line in enumerate(text.splitlines(), 1):
        for entry in chosen:
            for pattern in entry.avoid:
                for match in pattern.finditer(line):
                    yield number, match.start() + 1, match.group(0), entry


def _without_history(text: str) -> str:
    """``text`` with the front matter's ``history:`` rows blanked, line numbers kept."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return text
    out, in_history = [lines[0]], False
    for index, line in enumerate(lines[1:], 1):
        if line.strip() == "---":
            out += lines[index:]
            break
        if line.lstrip().startswith("#"):  # a comment for editors, not published
            out.append("")
        elif line and not line[0].isspace() and not line.startswith("-"):
            in_history = line.startswith("history:")
            out.append("" if in_history else line)
        else:
            out.append("" if in_history else line)
    return "\n".join(out)


def _strings(value: Any, lang: str | None = None) -> Iterator[tuple[str, str]]:
    """(language, text) for every string in a data file, by the nearest ``ja``/``en`` key above it."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, key if key in ("ja", "en") else lang)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, lang)
    elif isinstance(value, str) and lang:
        yield lang, value


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _front_matter_only(text: str) -> str:
    """The front matter of ``text``, the body blanked (line numbers kept)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return ""
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), len(lines))
    return "\n".join(lines[:end + 1])


def check_page(path: Path, lang: str, root: Path = ROOT, glossary: list[Entry] | None = None,
               front_matter_only: bool = False) -> list[TermProblem]:
    """Variants on one page: its own language, and Japanese quoted on an English page.

    ``front_matter_only`` is for Japanese pages, whose body textlint checks: their front matter
    (a plan's hours, a playbook's first actions) reaches the page too, but textlint skips it.
    """
    text = _without_history(path.read_text(encoding="utf-8"))
    if front_matter_only:
        text = _front_matter_only(text)
    problems = [TermProblem(_display(path, root), line, column, found, entry)
                for line, column, found, entry in find(text, lang, None, glossary)]
    if lang == "en":  # Japanese quoted on an English page (the public statements): its lines only
        quoted = "\n".join(line if _JAPANESE.search(line) else "" for line in text.splitlines())
        problems += [TermProblem(_display(path, root), line, column, found, entry)
                     for line, column, found, entry in find(quoted, "ja", None, glossary)]
    return problems


def check_data(path: Path, root: Path = ROOT, glossary: list[Entry] | None = None) -> list[TermProblem]:
    """Variants in the words of one data file that the build writes into pages."""
    import yaml

    raw = path.read_text(encoding="utf-8")
    style = "desumasu" if path.name in datafiles.load(GLOSSARY).get("citizen_data", []) else None
    problems: dict[tuple[int, str, str], TermProblem] = {}
    for lang, value in _strings(yaml.safe_load(raw)):
        for _, _, found, entry in find(value, lang, style, glossary):
            # Point at the source line: the first line of the file that holds the variant.
            line = next((n for n, text in enumerate(raw.splitlines(), 1) if found in text), 1)
            problems.setdefault((line, found, entry.use), TermProblem(_display(path, root), line, 1, found, entry))
    return list(problems.values())


def check(docs: Path | None = None, data: Path | None = None, root: Path = ROOT) -> list[TermProblem]:
    """Every variant on the English pages, in Japanese quoted there, in Japanese front matter and in the data files' words.

    The bodies of Japanese pages are checked by textlint (``python -m sns_policy.commands.prose``), which
    reports the variant where the editor wrote it.
    """
    docs = docs or root / "docs"
    data = data or site.data_dir()
    problems: list[TermProblem] = []
    for page in sorted((docs / "en").rglob("*.md")):
        if not any(part in SKIPPED_FOLDERS for part in page.relative_to(docs / "en").parts):
            problems += check_page(page, "en", root)
    for page in sorted((docs / "ja").rglob("*.md")):
        if not any(part in SKIPPED_FOLDERS for part in page.relative_to(docs / "ja").parts):
            problems += check_page(page, "ja", root, front_matter_only=True)
    for file in sorted(data.glob("*.yml")):
        if file.name not in NOT_PRINTED:
            problems += check_data(file, root)
    return problems


def main(argv: list[str] | None = None) -> int:
    """Print every variant, one per line; exit 1 if there is any. ``--textlint-json`` prints the rule's input."""
    args = argv if argv is not None else sys.argv[1:]
    if args == ["--textlint-json"]:
        import json

        print(json.dumps(textlint_entries(), ensure_ascii=False))
        return 0
    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} glossary problem(s) found. 用語の揺れが {len(problems)} 件あります。", file=sys.stderr)
        return 1
    print("Glossary check passed. 用語の検査に合格しました。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
