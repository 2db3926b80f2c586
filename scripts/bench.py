"""Benchmark: how long a strict build takes and how much a visitor downloads.

    python -m scripts.bench [--runs 3]

Prints a table; numbers are measured on this machine, not asserted by tests.
"""
from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from scripts.site import ROOT


def build_once(site_dir: Path) -> float:
    """Seconds for one ``mkdocs build --strict`` in a fresh process."""
    start = time.perf_counter()
    # Not -q: in MkDocs 1.6 -q hides the warnings that make a strict build fail.
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
                            cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    if result.returncode != 0 or "WARNING" in result.stderr + result.stdout:
        raise SystemExit(f"the strict build failed:\n{result.stderr}{result.stdout}")
    return time.perf_counter() - start


def sizes(site_dir: Path) -> dict[str, tuple[int, int, int]]:
    """Per file kind: (files, bytes, gzip bytes)."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for path in site_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            kind = path.suffix.lstrip(".") or "other"
            totals[kind][0] += 1
            totals[kind][1] += len(data)
            totals[kind][2] += len(gzip.compress(data))
    return {k: tuple(v) for k, v in sorted(totals.items(), key=lambda kv: -kv[1][1])}


def first_visit(site_dir: Path, page: str) -> int:
    """Bytes (uncompressed) of a page plus the assets it references, as a first visit loads them."""
    from bs4 import BeautifulSoup

    html_file = site_dir / page / "index.html"
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    total = html_file.stat().st_size
    for tag in soup.select("link[rel=stylesheet], script[src]"):
        ref = tag.get("href") or tag.get("src")
        target = (html_file.parent / ref.split("?")[0]).resolve()
        if target.exists():
            total += target.stat().st_size
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench")
    parser.add_argument("--runs", type=int, default=3, help="number of builds to time")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        times = [build_once(site_dir) for _ in range(args.runs)]
        print("| measure | value |\n|---|---|")
        print(f"| strict build, median of {args.runs} | {statistics.median(times):.2f} s |")
        print(f"| strict build, fastest | {min(times):.2f} s |")
        pages = sum(1 for _ in site_dir.rglob("index.html"))
        print(f"| pages (both languages) | {pages} |")
        for lang, index in (("ja", site_dir / "search" / "search_index.json"), ("en", site_dir / "en" / "search" / "search_index.json")):
            print(f"| search index {lang} | {index.stat().st_size / 1024:.1f} KiB ({len(gzip.compress(index.read_bytes())) / 1024:.1f} KiB gzip) |")
        for page in ("", "policy", "en/policy"):
            print(f"| first visit /{page} (HTML+CSS+JS) | {first_visit(site_dir, page) / 1024:.1f} KiB |")
        print("\n| kind | files | size | gzip |\n|---|---|---|---|")
        for kind, (count, raw, packed) in sizes(site_dir).items():
            print(f"| {kind} | {count} | {raw / 1024:.1f} KiB | {packed / 1024:.1f} KiB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
