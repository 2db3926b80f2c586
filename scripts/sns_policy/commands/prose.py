"""Prose lint: ``python -m sns_policy.commands.prose [FILE ...]``.

Japanese pages are checked by textlint (preset-ja-technical-writing, settings and the
reason for every rule switched off in ``.textlintrc.js``) and English pages by codespell
(settings in ``.codespellrc``); both against the glossary (``scripts/data/glossary.yml``:
textlint's rule ``scripts/textlint-rule-glossary.js`` for Japanese, ``sns_policy.commands.glossary`` for
English). The house style says citizens' pages are written in です・ます and rules in である; which is which is decided here, by folder, so a new
page is checked in the style of the folder it is put in.

Each problem is printed once as ``file:line:column: rule: message``, so an editor can
find the sentence; the exit status is 1 when there is any.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sns_policy.commands import glossary
from sns_policy.site import ROOT

# Pages read by citizens use です・ます; everything else (the rules staff follow) uses である.
DESUMASU_PAGES = ("index.md", "policy.md", "background.md", "accounts.md", "accessibility.md", "accessibility-checklist.md", "contributing.md", "facts-to-confirm.md", "history.md")
DEARU_FOLDERS = ("guideline", "incidents", "plans", "forms")
# Generated from other pages (`python -m sns_policy.amendments.cli`): their sentences are quoted from
# pages checked at their source, and an editor never writes them.
GENERATED_FOLDERS = ("amendments",)
TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"
GLOSSARY_RULE = "textlint-rule-glossary.js"  # textlint names a local rule by its path
ENGLISH_ALSO = ("README.md", "CONTRIBUTING.md")  # spelling only: they mix both languages


@dataclass(frozen=True)
class ProseProblem:
    """One sentence an editor should change."""

    file: str
    line: int
    column: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.rule}: {self.message}"


def style_of(page: Path, docs_lang_dir: Path) -> str | None:
    """``desumasu`` or ``dearu`` for a Japanese page, by where it is; None if the folder has no rule yet."""
    rel = page.relative_to(docs_lang_dir)
    if len(rel.parts) == 1 and rel.name in DESUMASU_PAGES:
        return "desumasu"
    if len(rel.parts) > 1 and rel.parts[0] in DEARU_FOLDERS:
        return "dearu"
    return None


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


_BLOCK_START = re.compile(r'^(?P<indent>\s*)(?:!!!|\?\?\?\+?|===)\s*(?P<kind>[\w-]*)\s*(?:"(?P<title>[^"]*)")?\s*$')
_ATTR_LINE = re.compile(r"^\s*\{\s*[.#:][^}]*\}\s*$")
_FORM_ATTR = re.compile(r"^\s*\{[^}]*\.form-[^}]*\}\s*$")


def plain_markdown(text: str) -> str:
    """Material's admonitions, details and tabs as plain Markdown, line for line.

    textlint's Markdown parser reads an indented admonition body as code (so it would
    not be checked at all); here the title becomes a heading and the body is unindented.
    A paragraph marked as part of a form's layout (``{ .form-date }``) holds blanks to be
    filled in by hand, not sentences, and is left out. Line numbers stay the same, so
    problems point at the editor's own line.
    """
    out, depth = [], []
    for line in text.splitlines():
        stripped = len(line) - len(line.lstrip(" "))
        while depth and line.strip() and stripped < depth[-1]:
            depth.pop()
        if depth:
            line = line[min(depth[-1], stripped):]
        match = _BLOCK_START.match(line)
        if match:
            out.append(f"#### {match['title']}" if match["title"] else "")
            depth.append(stripped + 4)
        elif _ATTR_LINE.match(line):
            if _FORM_ATTR.match(line):
                back = len(out) - 1
                while back >= 0 and out[back].strip():
                    out[back] = ""
                    back -= 1
            out.append("")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def textlint(files: list[Path], style: str, root: Path = ROOT) -> list[ProseProblem]:
    """Run textlint on ``files`` in one style; its JSON output becomes one problem per message."""
    return [ProseProblem(_display(page, root), *found) for page, *found in _textlint(files, style)]


def _textlint(files: list[Path], style: str) -> list[tuple[Path, int, int, str, str]]:
    """textlint's messages on ``files`` in one style: (page, line, column, rule, message) each."""
    if not files:
        return []
    if not TEXTLINT.exists():
        raise SystemExit(f"{TEXTLINT} not found: run `npm ci` (bash scripts/test.sh does this)")
    with tempfile.TemporaryDirectory(prefix="prose-") as tmp:
        # The glossary rule (scripts/textlint-rule-glossary.js) reads the Japanese entries of
        # scripts/data/glossary.yml as JSON: JavaScript here has no YAML reader of its own.
        words = Path(tmp) / "glossary.json"
        words.write_text(json.dumps(glossary.textlint_entries(), ensure_ascii=False), encoding="utf-8")
        env = {**os.environ, "TEXTLINT_STYLE": style, "TEXTLINT_GLOSSARY": str(words)}
        copies: dict[str, Path] = {}
        for number, page in enumerate(files):
            copy = Path(tmp) / f"{number}-{page.name}"
            copy.write_text(plain_markdown(page.read_text(encoding="utf-8")), encoding="utf-8")
            copies[str(copy.resolve())] = page
        result = subprocess.run(
            [str(TEXTLINT), "--config", str(ROOT / ".textlintrc.js"), "--format", "json", *copies],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        )
    if result.returncode not in (0, 1) or not result.stdout.strip().startswith("["):
        raise SystemExit(f"textlint failed to run:\n{result.stdout}\n{result.stderr}")
    found = []
    for report in json.loads(result.stdout):
        page = copies[str(Path(report["filePath"]).resolve())]
        for message in report["messages"]:
            text = " ".join(message["message"].split())
            rule = "glossary" if message["ruleId"].endswith(GLOSSARY_RULE) else message["ruleId"]
            found.append((page, message["line"], message["column"], rule, text))
    return found


def codespell(files: list[Path], root: Path = ROOT) -> list[ProseProblem]:
    """Run codespell on English ``files``; ``file:line: word ==> fix`` becomes one problem each."""
    return [ProseProblem(_display(page, root), *found) for page, *found in _codespell(files)]


def _codespell(files: list[Path]) -> list[tuple[Path, int, int, str, str]]:
    """codespell's findings in ``files``: (page, line, column, rule, message) each."""
    if not files:
        return []
    exe = shutil.which("codespell", path=str(Path(sys.executable).parent)) or "codespell"
    result = subprocess.run([exe, "--config", str(ROOT / ".codespellrc"), *map(str, files)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    found = []
    for line in result.stdout.splitlines():
        path, _, rest = line.partition(":")
        number, _, message = rest.partition(":")
        if number.strip().isdigit():
            found.append((Path(path), int(number), 1, "codespell", message.strip()))
    if result.returncode not in (0, 65) or (result.returncode == 65 and not found):
        raise SystemExit(f"codespell failed to run:\n{result.stdout}\n{result.stderr}")
    return found


@dataclass
class _Site:
    """One site's pages as the prose check sorts them: by style, English, and refused outright."""

    root: Path
    en: Path
    groups: dict[str, list[Path]]
    english: list[Path]
    problems: list[ProseProblem]


def _sort_pages(paths: list[Path] | None, docs_dir: Path | None, root: Path) -> _Site:
    docs = docs_dir or root / "docs"
    guides = [root / name for name in ENGLISH_ALSO if (root / name).is_file()]
    pages = sorted(p.resolve() for p in (paths or [*docs.rglob("*.md"), *guides]) if p.suffix == ".md")
    ja, en = (docs / "ja").resolve(), (docs / "en").resolve()
    site = _Site(root, en, {"desumasu": [], "dearu": []}, [], [])
    for page in pages:
        if any(page.is_relative_to(lang / folder) for lang in (ja, en) for folder in GENERATED_FOLDERS):
            continue
        if page.is_relative_to(ja):
            style = style_of(page, ja)
            if style is None:
                site.problems.append(ProseProblem(_display(page, root), 1, 1, "house-style",
                                                  "no writing style is set for this folder: add it to scripts/sns_policy/commands/prose.py "
                                                  "(です・ます for citizens' pages, である for rules)"))
            else:
                site.groups[style].append(page)
        elif page.is_relative_to(en) or page.name in ENGLISH_ALSO:
            site.english.append(page)
    return site


def check(paths: list[Path] | None = None, docs_dir: Path | None = None, root: Path = ROOT) -> list[ProseProblem]:
    """Every prose problem in ``paths`` (default: every page, README and CONTRIBUTING), Japanese and English.

    README.md and CONTRIBUTING.md mix both languages, so only their spelling is checked;
    their Japanese is mirrored on the site's pages, which textlint checks.
    """
    return check_sites([(docs_dir or root / "docs", root)], paths)[0]


def check_sites(sites: list[tuple[Path, Path]], paths: list[Path] | None = None) -> list[list[ProseProblem]]:
    """``check`` of several sites (docs folder, root) at once: each site's problems, in the order given.

    textlint and codespell each start once per style for all the sites together, not once per site:
    starting textlint costs a second or more whatever it reads, and the tests check many small sites
    with one seeded fault each. Each tool checks every file on its own, so the answers are the same.
    """
    sorted_sites = [_sort_pages(paths, docs, root) for docs, root in sites]
    found: list[tuple[Path, int, int, str, str]] = []
    for style in ("desumasu", "dearu"):
        found += _textlint(sorted(set().union(*(s.groups[style] for s in sorted_sites))), style)
    found += _codespell(sorted(set().union(*(s.english for s in sorted_sites))))
    results = []
    for site in sorted_sites:
        mine = {*site.groups["desumasu"], *site.groups["dearu"], *site.english}
        problems = site.problems + [ProseProblem(_display(page, site.root), *rest) for page, *rest in found
                                    if page.resolve() in mine]
        for page in site.english:  # one name per thing (scripts/data/glossary.yml); Japanese pages: textlint
            if page.is_relative_to(site.en):
                problems += [ProseProblem(p.file, p.line, p.column, "glossary", str(p).split(": glossary: ", 1)[1])
                             for p in glossary.check_page(page, "en", site.root)]
        results.append(sorted(problems, key=lambda p: (p.file, p.line, p.column, p.rule)))
    return results


def main(argv: list[str] | None = None) -> int:
    """Print every problem, one per line; exit 1 if there are any."""
    args = argv if argv is not None else sys.argv[1:]
    problems = check([Path(a) for a in args] or None)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} prose problem(s) found. 文章の問題が {len(problems)} 件あります。", file=sys.stderr)
        return 1
    print("Prose check passed. 文章の検査に合格しました。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
