"""Are two builds of the site the same site? Used to compare ProperDocs' build with MkDocs'.

``python -m sns_policy.commands.same_site A B`` lists every difference between the folders A and B:
a page or file only in one of them, and for each page the first line that differs. Pages are
compared whole, after one normalisation: the generator tag (``<meta name="generator" …>``),
which names the program and its version (``mkdocs-1.6.1`` / ``mkdocs-ProperDocs 1.6.7``),
loses its content. Every other file (search index, sitemap, feeds, open data, forms) must be
byte for byte the same. PDF editions are left out: ``python -m sns_policy.editions.cli`` makes them from
the built pages afterwards, whichever program built them.
"""
from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

_GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')
SKIPPED = {".pdf"}


def normalise(html: str) -> str:
    """A page without what names the program that built it."""
    return _GENERATOR.sub('<meta name="generator">', html)


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.suffix not in SKIPPED}


def differences(a: Path, b: Path) -> list[str]:
    """Every difference between the builds in ``a`` and ``b``, one line each; empty when they are the same site."""
    files_a, files_b = _files(a), _files(b)
    out = [f"only in {a}: {name}" for name in sorted(files_a - files_b)]
    out += [f"only in {b}: {name}" for name in sorted(files_b - files_a)]
    for name in sorted(files_a & files_b):
        if name.endswith(".html"):
            page_a = normalise((a / name).read_text(encoding="utf-8")).splitlines()
            page_b = normalise((b / name).read_text(encoding="utf-8")).splitlines()
            if page_a != page_b:
                diff = [line for line in difflib.unified_diff(page_a, page_b, lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("---", "+++")]
                out.append(f"{name}: {' | '.join(diff[:2])[:300]}")
        elif (a / name).read_bytes() != (b / name).read_bytes():
            out.append(f"{name}: the files differ")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m sns_policy.commands.same_site SITE_A SITE_B", file=sys.stderr)
        return 2
    found = differences(Path(argv[0]), Path(argv[1]))
    print("\n".join(found) if found else "same pages, same text and links")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
