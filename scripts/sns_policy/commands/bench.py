"""Benchmark: our site against a plain Material build of the same Markdown, side by side.

    python -m sns_policy.commands.bench            # the full run (about 10 minutes on an idle 2-core machine)
    python -m sns_policy.commands.bench --quick    # the same table, small and fast (its own workflow, bench.yml)
    python -m sns_policy.commands.bench --tiers    # only the test tiers' rows (issue 32), about half an hour

Prints one Markdown table, measured in one run on this machine:

- **first load**: bytes on the wire (encoded bodies plus response headers) for everything
  Chromium fetches when it opens a page and waits until the network is idle, without any
  interaction; both sites are served gzip-compressed (level 6) by the same local server;
- **Lighthouse** (npm ``lighthouse`` from package-lock.json, mobile profile, run against
  Debian's Chromium through ``CHROME_PATH``): performance / accessibility / best practices /
  SEO, the median of 3 runs per page;
- **build**: CPU time (user + system of the ``mkdocs build --strict`` process) and wall time;
  when ours costs more than the target allows, one more build of each is made with its steps
  timed (``BUILD_STEPS``, ``SHARED_STEPS``), and the reason under the table says where the
  difference goes, in seconds;
- **scaling**: build time and output size of our site with 50 and 500 synthetic plans,
  made with ``sns_policy.plans.cli.new_plan`` in a temporary copy (never in the repository);
- **search latency**: from the last keystroke to the results in the dialog, for the first
  query (search loads when it is opened) and a second one;
- **feedback for editors** (issue 22), this commit against the previous one, both measured
  in this run from clones of the repository (uncommitted changes are not measured): the
  wall time of the full test command (``python -m sns_policy.pipeline.validate`` then ``pytest`` as
  ``scripts/test.sh`` runs them, without its installation steps; not in ``--quick``), and
  the ``mkdocs serve`` reload time, from saving a Markdown page until the server returns
  the changed page (the median of a few edits; in ``--quick`` one edit, this commit only);
- **test tiers** (issue 32), this commit against the previous one, each from a clean clone with
  a cache folder of its own (``XDG_CACHE_HOME``): the fast tier (``bash scripts/test.sh fast``),
  the full suite cold (empty cache), the full suite warm (the cold run's cache, after one word
  of ``docs/ja/policy.md`` is edited and committed) and every shard of 4, each cold. A commit
  without the tiers shows "–". Where a target is missed, the row names the slowest tests of
  that run (pytest's ``--durations``). Not in ``--quick``.

"Plain" is a temporary project with the same ``docs/`` and the same nav and Markdown
extensions, built by Material 9.8 with its default theme settings (except ``font: false``,
so neither site reaches the Internet) and mkdocs-static-i18n, without our hooks,
overrides, extra CSS/JS or search settings.

Targets the issue sets are checked in the last column; each missed target is repeated
under the table with its number and the reason we know of.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

import yaml

from sns_policy.site import ROOT, _ConfigLoader

PAGES = ["/", "/policy/", "/guideline/", "/en/", "/en/policy/", "/en/guideline/"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
QUERIES = {"ja": ("/", "炎上", "削除"), "en": ("/en/", "impersonation", "comment")}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-gpu", "--disable-extensions"]
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".map"}
# What we know about targets this machine cannot show being met.
KNOWN_REASONS: dict[str, str] = {
    "lighthouse": "Lighthouse's mobile profile scales the main-thread time it records by a simulated 4x "
                  "slower CPU, so the performance score moves with the load on the measuring machine; "
                  "compare with plain's score in the same run.",
}


# ---------------------------------------------------------------------------- projects

def _write_plain_project(target: Path, site_url: str) -> None:
    """The same Markdown with Material's and static-i18n's defaults: no hooks, no overrides."""
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    shutil.copytree(ROOT / "docs", target / "docs")
    snippets = next(e["pymdownx.snippets"] for e in ours["markdown_extensions"] if isinstance(e, dict) and "pymdownx.snippets" in e)
    for base in snippets["base_path"]:  # the snippets the docs include, where mkdocs.yml says they are
        shutil.copytree(ROOT / base, target / base)
    i18n = next(p["i18n"] for p in ours["plugins"] if isinstance(p, dict) and "i18n" in p)
    config = {
        "site_name": ours["site_name"],
        "site_url": site_url,
        "docs_dir": "docs",
        "theme": {"name": "material", "language": ours["theme"]["language"], "font": False},
        "plugins": ["search", {"i18n": {
            "docs_structure": "folder",
            "languages": [{k: v for k, v in lang.items() if k in ("locale", "default", "name", "build", "site_name")}
                          for lang in i18n["languages"]],
        }}],
        "markdown_extensions": ours["markdown_extensions"],
        "nav": ours["nav"],
    }
    if "not_in_nav" in ours:
        config["not_in_nav"] = ours["not_in_nav"]
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _copy_ours(target: Path) -> None:
    """A throw-away copy of our project (for synthetic plans): every file the build may read.

    Pages link to repository files (CONTRIBUTING.md, .github/), so the whole working tree
    is copied, without installed tools, caches and builds.
    """
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".venv-properdocs", "node_modules", "site", "__pycache__", ".pytest_cache", "test-results"))


def _add_plans(project: Path, count: int) -> None:
    """``count`` synthetic plans, made by the same command editors use."""
    code = ("import sys; from pathlib import Path; from sns_policy.plans.cli.new_plan import create_plan\n"
            "root = Path(sys.argv[1])\n"
            "for i in range(int(sys.argv[2])):\n"
            "    create_plan(f'bench-{i:03d}', f'ベンチ課{i:03d}', f'Benchmark Division {i:03d}', root=root)\n")
    subprocess.run([sys.executable, "-c", code, str(project), str(count)], cwd=project, check=True)


@dataclass
class BuildResult:
    wall: float
    cpu: float
    site_dir: Path


def _build(project: Path, site_dir: Path, site_url: str | None = None, strict: bool = True) -> BuildResult:
    """One ``mkdocs build`` in a fresh process; its wall and CPU seconds.

    Ours is built strictly. Plain is built without --strict: some of the docs' links
    (to CONTRIBUTING.md, for instance) are only resolved by our hooks.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **engine_path(project)}
    if site_url:
        env["SITE_URL"] = site_url
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-d", str(site_dir)],
                            cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Not -q: in MkDocs 1.6 -q hides the warnings that make a strict build fail.
    if result.returncode or (strict and "WARNING" in result.stdout + result.stderr):
        raise SystemExit(f"the strict build of {project} failed:\n{result.stdout}{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return BuildResult(wall, cpu, site_dir)


def _sizes(site_dir: Path) -> tuple[int, int]:
    """(all files, HTML files) in bytes."""
    total = html = 0
    for path in site_dir.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            html += size if path.suffix == ".html" else 0
    return total, html


# What our build does that a plain one does not, step by step: (label, functions timed).
BUILD_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("source checks (schemas, pairs, personal data, dates, provenance)", ("sns_policy.pipeline.validate.check_site",)),
    ("HTML allow-list", ("sns_policy.sources.html_policy.check_html", "sns_policy.sources.html_policy.third_party_fetches")),
    ("editable forms (.docx)", ("sns_policy.plans.build.write_docx",)),
    ("generated parts of pages", (
        "sns_policy.content.markers.expand", "sns_policy.content.render.doc_header", "sns_policy.amendments.render.revision_history",
        "sns_policy.content.render.page_contents", "sns_policy.plans.render.registry_table", "sns_policy.playbooks.render.quick_reference",
        "sns_policy.playbooks.render.playbook_box", "sns_policy.plans.render.plan_details", "sns_policy.content.render.translation_note",
        "sns_policy.amendments.render.history_page", "sns_policy.plans.render.plan_form", "sns_policy.history.lastupdated.footer",
        "sns_policy.sources.repo_links.expand", "sns_policy.history.translations.freshness")),
    ("sharing metadata (description, Open Graph)", ("sns_policy.finish.sharing.for_page",)),
    ("finishing pages (language of parts, inlining, checklists)", (
        "sns_policy.finish.language_of_parts.mark_japanese", "sns_policy.finish.inline_assets.inline", "sns_policy.finish.tasklist.name_checkboxes",
        "sns_policy.search.build.localise_search_base", "sns_policy.amendments.render.head_link")),
    ("dates from git", ("sns_policy.history.reproducible.last_change", "sns_policy.history.asof.last_changed")),
    ("新旧対照表 (every revision compared, from git)", ("sns_policy.amendments.build.generate",)),
    ("after the build (search split, open data, feeds)", (
        "sns_policy.search.build.split_index", "sns_policy.plans.build.write", "sns_policy.amendments.build.atom_feed")),
)
# Work both builds do, timed in both: ours does more of it because our pages are longer
# (document headers, contents, histories, footers) and our templates write more.
SHARED_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Markdown to HTML", ("mkdocs.structure.pages.Page.render",)),
    ("search index entries", ("material.plugins.search.plugin.SearchIndex.add_entry_from_context",)),
    ("page templates", ("jinja2.environment.Template.render",)),
)


def _resolve(name: str) -> tuple[Any, str]:
    """The object holding ``name``'s last part (a module or a class) and that part's name."""
    import importlib

    parts = name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            holder: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for part in parts[split:-1]:
            holder = getattr(holder, part)
        return holder, parts[-1]
    raise ImportError(name)


def build_steps_child(site_dir: str, out: str, ours: bool) -> None:
    """Run in a child process: one build with its steps timed (CPU seconds per label).

    The functions are wrapped before MkDocs loads our hooks, so the hooks call the wrapped
    ones; each call costs two clock reads more, nothing else changes. A step called from
    inside another is counted once, in its own line (:func:`timed_step`), so the lines add up
    to no more than the build.
    """
    spent: dict[str, float] = {}
    running: list[list[Any]] = []
    for label, names in (*(BUILD_STEPS if ours else ()), *SHARED_STEPS):
        for name in names:
            holder, attribute = _resolve(name)
            setattr(holder, attribute, timed_step(getattr(holder, attribute), label, spent, running))
    from mkdocs.__main__ import cli

    start = time.process_time()
    cli(["build", *(["--strict"] if ours else []), "-d", site_dir], standalone_mode=False)
    spent["total"] = time.process_time() - start
    Path(out).write_text(json.dumps(spent), encoding="utf-8")


def timed_step(original: Callable[..., Any], label: str, spent: dict[str, float],
               running: list[list[Any]]) -> Callable[..., Any]:
    """``original``, adding the CPU seconds of each call to ``spent[label]``.

    ``running`` holds the steps under way, outermost first, each as [label, seconds spent in
    timed steps inside it]: that time is counted by the inner step and taken off the outer one,
    so no second is counted twice (a template including a template, 新旧対照表 expanding markers).
    """
    def timed(*args: Any, **kwargs: Any) -> Any:
        running.append([label, 0.0])
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            elapsed = time.process_time() - start
            inner = running.pop()[1]
            spent[label] = spent.get(label, 0.0) + elapsed - inner
            if running:
                running[-1][1] += elapsed

    return timed


def _build_steps(project: Path, site_dir: Path, ours: bool) -> dict[str, float]:
    """CPU seconds of each timed step in one build of ``project`` (BUILD_STEPS for ours, SHARED_STEPS for both)."""
    out = site_dir.with_suffix(".steps.json")
    code = f"from sns_policy.commands.bench import build_steps_child; build_steps_child({str(site_dir)!r}, {str(out)!r}, {ours!r})"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join([str(ROOT), *engine_path(project).values()])}
    subprocess.run([sys.executable, "-c", code], cwd=project, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.read_text(encoding="utf-8"))


def cpu_reason(ours: float, plain: float, steps: dict[str, float], plain_steps: dict[str, float]) -> str:
    """Where our extra build CPU goes, in seconds, largest first; what no step covers is named too.

    ``steps`` and ``plain_steps`` come from one timed build of each (``total`` is the build
    call itself), ``ours`` and ``plain`` are the medians of whole processes: what lies
    between the two is start-up, clean-up and the spread between runs.
    """
    extra = ours - plain
    named = sorted(((label, steps.get(label, 0.0)) for label, _ in BUILD_STEPS), key=lambda item: -item[1])
    shared = [(label, steps.get(label, 0.0), plain_steps.get(label, 0.0)) for label, _ in SHARED_STEPS]
    inside = steps.get("total", 0.0) - plain_steps.get("total", 0.0)
    rest = inside - sum(seconds for _, seconds in named) - sum(a - b for _, a, b in shared)
    parts = [f"{label} {seconds:.2f} s" for label, seconds in named if seconds >= 0.005]
    more = [f"{label} {a:.2f} s against {b:.2f} s ({a - b:+.2f} s)" for label, a, b in shared]
    return (f"Our build does {extra:.2f} s more. Steps a plain build does not have: {'; '.join(parts)}. "
            f"Work both do, more of it for our longer pages: {'; '.join(more)}. Loading our hooks and modules and "
            f"the rest of the build: {rest:.2f} s. Outside the build (Python's start-up and clean-up, and the spread "
            f"between runs): {extra - inside:.2f} s. The steps are what keeps unsafe or wrong sources from being "
            "published (checks, allow-list) and what the site offers beyond plain Material (forms, registry, "
            "histories, sharing tags); dropping them to meet the ratio would lose what the ratio measures.")


# ---------------------------------------------------------------------------- feedback

def _previous_commit(rev: str = "HEAD~1") -> str | None:
    """The commit ``rev`` names in this repository, or None (a shallow clone has no parent)."""
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=ROOT,
                            capture_output=True, text=True)
    return result.stdout.strip() or None


def _checkout(rev: str, target: Path) -> Path:
    """A clone of this repository at ``rev`` (with its history: pages are dated by it), using
    this checkout's installed .venv and node_modules."""
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(target)], check=True, capture_output=True)
    subprocess.run(["git", "-C", str(target), "checkout", "--quiet", "--detach", rev], check=True, capture_output=True)
    for installed in (".venv", "node_modules"):
        if (ROOT / installed).exists():
            (target / installed).symlink_to(ROOT / installed)
    return target


def _clean_env(project: Path | None = None) -> dict[str, str]:
    """This environment without what a running pytest (or xdist worker) sets for its own tests; with ``project``,
    its own engine (``engine_path``)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "GITHUB_ACTIONS"))} | \
        {"NO_MKDOCS_2_WARNING": "1"} | (engine_path(project) if project else {})


def engine_path(project: Path) -> dict[str, str]:
    """PYTHONPATH to ``project``'s own engine. The set-up installs the engine editable from this checkout, so a
    build of another checkout (the previous commit) would run this checkout's code without it. A commit from before
    the engine was a package (``scripts/sns_policy/``) finds its ``scripts`` from its own folder."""
    engine = project / "scripts" / "sns_policy"
    return {"PYTHONPATH": str(engine.parent)} if engine.is_dir() else {}


def test_command_time(project: Path) -> tuple[float, bool]:
    """Wall seconds of the README's test command in ``project`` (its checks, then pytest), and whether it passed."""
    # The page rules' command as the measured commit names it: scripts.validate before scripts/ had packages,
    # scripts.pipeline.validate before the engine became the package sns_policy.
    validate = "sns_policy.pipeline.validate" if (project / "scripts" / "sns_policy").is_dir() else \
        "scripts.pipeline.validate" if (project / "scripts" / "pipeline").is_dir() else "scripts.validate"
    start = time.perf_counter()
    passed = all(subprocess.run([sys.executable, "-m", *args], cwd=project, env=_clean_env(project),
                                capture_output=True, text=True).returncode == 0
                 for args in ([validate], ["pytest", "-q", "-p", "no:cacheprovider"]))
    return time.perf_counter() - start, passed


def serve_reload_times(project: Path, edits: int, page: str = "docs/ja/policy.md", path: str = "/policy/") -> list[float]:
    """Seconds from saving ``page`` (a line added at its end) until ``mkdocs serve`` returns the changed page.

    Each edit adds a word of its own; the server is asked every 50 ms. A rebuild that fails
    (or never ends) counts as not a number.
    """
    port = _free_port()
    log = project / ".bench-serve.log"
    times: list[float] = []
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=_clean_env(project), stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while "Serving on" not in log.read_text(encoding="utf-8", errors="replace"):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"mkdocs serve did not start in {project}:\n{log.read_text(encoding='utf-8', errors='replace')}")
            time.sleep(0.1)
        _wait_for_editions(f"http://127.0.0.1:{port}{path}", deadline)
        source = project / page
        original = source.read_text(encoding="utf-8")
        for i in range(edits):
            time.sleep(1.5)  # past the server's file polling (0.5 s), so each save is one change
            word = f"benchreload{i}x{os.getpid()}"
            start = time.monotonic()
            source.write_text(f"{original}\n{word}\n", encoding="utf-8")
            elapsed = float("nan")
            while time.monotonic() - start < 120:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
                        if word in response.read().decode("utf-8", errors="replace"):
                            elapsed = time.monotonic() - start
                            break
                except OSError:
                    pass  # the server answers again once the rebuild is written
                time.sleep(0.05)
            times.append(elapsed)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return times


def _wait_for_editions(url: str, deadline: float) -> None:
    """Wait until the PDF edition ``url``'s page links to is served.

    ``mkdocs serve`` prints the editions in a thread of its own after its first build; an edit
    made while Chromium still prints would time the printing, not the reload an editor waits for.
    """
    with urllib.request.urlopen(url, timeout=60) as response:
        link = re.search(r'class="pdf-edition"[^>]*><a href="([^"]+)"', response.read().decode("utf-8", errors="replace"))
    if not link:
        return  # no edition (no Chromium): nothing is printed
    edition = urllib.parse.urljoin(url, link.group(1))
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(edition, timeout=60):
                return
        except urllib.error.URLError:
            time.sleep(0.2)


# ---------------------------------------------------------------------------- serving

class _GzipHandler(SimpleHTTPRequestHandler):
    """A static host: text compressed with gzip when the browser accepts it."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base class signature
        """Quiet."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if (path.suffix not in COMPRESSIBLE or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = _gzipped(path, path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)


@functools.lru_cache(maxsize=None)
def _gzipped(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(directory: Path, port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---------------------------------------------------------------------------- browser

def _first_load(browser: Any, url: str) -> tuple[int, list[str]]:
    """Bytes on the wire for one page opened in a fresh context, and what was fetched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    responses: list[Any] = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    total = 0
    fetched = []
    for request in responses:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        fetched.append(request.url)
    context.close()
    return total, fetched


def _search_latency(browser: Any, base: str, start: str, queries: tuple[str, ...]) -> list[float]:
    """Milliseconds from the last keystroke of each query to its results, typed in turn."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + start)
    page.wait_for_load_state("networkidle")
    page.evaluate("""() => {
        window.__bench = {key: 0, result: 0};
        document.addEventListener("keyup", () => { window.__bench.key = performance.now(); }, true);
        new MutationObserver(() => { window.__bench.result = performance.now(); })
          .observe(document.querySelector(".md-search-result__list"), {childList: true});
    }""")
    page.keyboard.press("/")
    latencies = []
    for query in queries:
        page.fill(".md-search__input", "")
        page.evaluate("() => { window.__bench.result = 0; }")
        if query.isascii():
            page.keyboard.type(query, delay=30)
        else:
            page.keyboard.insert_text(query)
            page.keyboard.up("Enter")
        try:
            page.wait_for_function("() => window.__bench.result > window.__bench.key", timeout=20_000)
        except Exception:  # noqa: BLE001 - Playwright's timeout: report it in the table, not as a traceback
            latencies.append(float("nan"))
            continue
        page.wait_for_timeout(300)
        latencies.append(page.evaluate("() => window.__bench.result - window.__bench.key"))
    context.close()
    return latencies


def _lighthouse(url: str, runs: int, work: Path) -> dict[str, float]:
    """Median score per category (0–100) over ``runs`` mobile Lighthouse runs."""
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    scores: dict[str, list[float]] = {c: [] for c in CATEGORIES}
    for i in range(runs):
        out = work / f"lh-{abs(hash(url))}-{i}.json"
        subprocess.run([str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
                        f"--only-categories={','.join(CATEGORIES)}",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
                       env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, capture_output=True, timeout=300)
        report = json.loads(out.read_text(encoding="utf-8"))
        for category in CATEGORIES:
            score = report["categories"][category]["score"]
            scores[category].append(round(score * 100) if score is not None else float("nan"))
    return {c: statistics.median(v) for c, v in scores.items()}


# ---------------------------------------------------------------------------- table

@dataclass
class Row:
    measure: str
    ours: str
    plain: str = "–"
    ratio: str = "–"
    target: str = "–"
    met: bool | None = None
    why: str = ""


@dataclass
class Bench:
    rows: list[Row] = field(default_factory=list)

    def add(self, measure: str, ours: str, plain: str = "–", ratio: str = "–", target: str = "–",
            met: bool | None = None, why: str = "") -> None:
        self.rows.append(Row(measure, ours, plain, ratio, target, met, why))

    def table(self) -> str:
        lines = ["| measure | ours | plain | ours ÷ plain | target | met |", "|---|---|---|---|---|---|"]
        for r in self.rows:
            met = "–" if r.met is None else ("yes" if r.met else "**no**")
            lines.append(f"| {r.measure} | {r.ours} | {r.plain} | {r.ratio} | {r.target} | {met} |")
        missed = [r for r in self.rows if r.met is False]
        if missed:
            lines.append("")
            lines.append("Targets not met:")
            for r in missed:
                lines.append(f"- {r.measure}: {r.ours} (plain {r.plain}, ratio {r.ratio}; target {r.target}). {r.why}".rstrip())
        return "\n".join(lines)


def _ms(value: float) -> str:
    return "no results in 20 s" if value != value else f"{value:.0f} ms"  # NaN: the list never changed


def _kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def run(quick: bool, runs: int, lighthouse_runs: int, plans: tuple[int, int], log: Callable[[str], None]) -> Bench:
    """Measure everything; ``quick`` skips Lighthouse and uses few plans (the table's shape is the same)."""
    bench = Bench()
    with tempfile.TemporaryDirectory(prefix="perf-bench-") as tmp_name:
        tmp = Path(tmp_name)
        ports = {"ours": _free_port(), "plain": _free_port()}
        urls = {k: f"http://127.0.0.1:{p}/" for k, p in ports.items()}
        _write_plain_project(tmp / "plain", urls["plain"])
        builds: dict[str, list[BuildResult]] = {"ours": [], "plain": []}
        for i in range(runs):  # alternate, so both see the same load on a shared machine
            for name, project in (("ours", ROOT), ("plain", tmp / "plain")):
                log(f"build {name} {i + 1}/{runs}")
                builds[name].append(_build(project, tmp / f"site-{name}", urls[name] if name == "ours" else None, strict=name == "ours"))
        cpu = {k: statistics.median(b.cpu for b in v) for k, v in builds.items()}
        wall = {k: statistics.median(b.wall for b in v) for k, v in builds.items()}
        servers = [_serve(tmp / f"site-{name}", ports[name]) for name in ports]
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                for path in PAGES:
                    log(f"first load {path}")
                    ours, _ = _first_load(browser, urls["ours"].rstrip("/") + path)
                    plain, _ = _first_load(browser, urls["plain"].rstrip("/") + path)
                    ratio = ours / plain
                    bench.add(f"first load {path} (gzip, on the wire)", _kb(ours), _kb(plain), f"{ratio:.2f}×", "≤ 0.50×", ratio <= 0.5)
                latency: dict[str, dict[str, list[float]]] = {}
                for lang, (start, *queries) in QUERIES.items():
                    log(f"search latency {lang}")
                    latency[lang] = {name: _search_latency(browser, urls[name].rstrip("/"), start, tuple(queries)) for name in urls}
                browser.close()
            for path in PAGES:
                if quick:
                    bench.add(f"Lighthouse {path} (perf / a11y / best pr. / SEO)", "not run (quick)", "not run (quick)",
                              target="100 / 100 / 100 / 100")
                    continue
                log(f"lighthouse {path}")
                ours = _lighthouse(urls["ours"].rstrip("/") + path, lighthouse_runs, tmp)
                plain = _lighthouse(urls["plain"].rstrip("/") + path, lighthouse_runs, tmp)
                show = lambda s: " / ".join(f"{s[c]:.0f}" for c in CATEGORIES)  # noqa: E731
                met = all(ours[c] == 100 for c in CATEGORIES)
                low = ", ".join(f"{c} {ours[c]:.0f}" for c in CATEGORIES if ours[c] < 100)
                bench.add(f"Lighthouse {path} (perf / a11y / best pr. / SEO)", show(ours), show(plain),
                          target="100 / 100 / 100 / 100", met=met,
                          why=f"Below 100: {low}. {KNOWN_REASONS['lighthouse'] if 'performance' in low else ''}".strip())
        finally:
            for server in servers:
                server.shutdown()
        ratio = cpu["ours"] / cpu["plain"]
        why = ""
        if ratio > 1.25:
            log("build steps")
            why = cpu_reason(cpu["ours"], cpu["plain"], _build_steps(ROOT, tmp / "site-steps", ours=True),
                             _build_steps(tmp / "plain", tmp / "site-steps-plain", ours=False))
        bench.add(f"build CPU time (median of {runs})", f"{cpu['ours']:.2f} s", f"{cpu['plain']:.2f} s", f"{ratio:.2f}×", "≤ 1.25×", ratio <= 1.25,
                  why=why)
        bench.add(f"build wall time (median of {runs})", f"{wall['ours']:.2f} s", f"{wall['plain']:.2f} s", f"{wall['ours'] / wall['plain']:.2f}×")
        base_total, base_html = _sizes(tmp / "site-ours")
        base_pages = sum(1 for _ in (tmp / "site-ours").rglob("index.html"))
        scaled: dict[int, tuple[BuildResult, int, int]] = {}
        for count in plans:
            log(f"build with {count} plans")
            project = tmp / f"ours-{count}"
            _copy_ours(project)
            _add_plans(project, count)
            result = _build(project, tmp / f"site-{count}")
            scaled[count] = (result, *_sizes(result.site_dir))
            shutil.rmtree(result.site_dir)
            shutil.rmtree(project)
        small, large = plans
        for count in plans:
            result, total, html = scaled[count]
            bench.add(f"build with {count} synthetic plans: time / output / HTML",
                      f"{result.wall:.1f} s / {total / 1e6:.1f} MB / {html / 1e6:.1f} MB")
        time_ratio = scaled[large][0].wall / scaled[small][0].wall
        limit = 12 * large / small / 10
        bench.add(f"build time, {large} plans ÷ {small} plans", f"{time_ratio:.1f}×", target=f"≤ {limit:.0f}×", met=time_ratio <= limit)
        # Linear growth: HTML per added plan page is the same going from 0 to the small
        # count as from the small to the large count (each plan is a page in every language).
        languages = 2
        first = (scaled[small][2] - base_html) / (small * languages)
        second = (scaled[large][2] - scaled[small][2]) / ((large - small) * languages)
        growth = second / first
        bench.add(f"HTML per added plan page, 0→{small} and {small}→{large}", f"{_kb(first)} and {_kb(second)}",
                  ratio=f"{growth:.2f}", target="linear (≤ 1.20)", met=growth <= 1.2)
        bench.add("site without synthetic plans: pages / output / HTML",
                  f"{base_pages} / {base_total / 1e6:.1f} MB / {base_html / 1e6:.2f} MB",
                  "{} / {:.1f} MB / {:.2f} MB".format(sum(1 for _ in (tmp / "site-plain").rglob("index.html")),
                                                      *(s / 1e6 for s in _sizes(tmp / "site-plain"))))
        for lang, (start, *queries) in QUERIES.items():
            ours, plain = latency[lang]["ours"], latency[lang]["plain"]
            bench.add(f"search latency {lang}, first query then second ({' / '.join(queries)})",
                      " / ".join(map(_ms, ours)), " / ".join(map(_ms, plain)))
        _feedback(bench, quick, tmp, log)
        _tiers(bench, quick, tmp, log)
    return bench


def _feedback(bench: Bench, quick: bool, tmp: Path, log: Callable[[str], None]) -> None:
    """Rows for issue 22: the test command and the serve reload, this commit (ours) against
    the previous one (in the "plain" column)."""
    # --quick measures this commit's reload only (the table keeps its shape).
    commits = {"ours": _previous_commit("HEAD"), "previous": None if quick else _previous_commit("HEAD~1")}
    projects = {name: _checkout(rev, tmp / f"commit-{name}") for name, rev in commits.items() if rev}
    label = "ours: this commit, plain: the previous one"
    edits = 1 if quick else 3
    reloads: dict[str, float] = {}
    for name, project in projects.items():
        log(f"serve reload, {name} commit")
        times = serve_reload_times(project, edits)
        reloads[name] = statistics.median(times)
    show = lambda seconds: ("not run (quick)" if quick else "–") if seconds is None else ("failed" if seconds != seconds else f"{seconds:.2f} s")  # noqa: E731
    ours, previous = reloads.get("ours"), reloads.get("previous")
    bench.add(f"serve reload after saving a page (median of {edits}; {label})", show(ours), show(previous),
              f"{ours / previous:.2f}×" if ours and previous else "–", "≤ 2 s", ours is not None and ours <= 2,
              why="mkdocs serve rebuilds the whole site (both languages, every check) on each save. An unchanged "
                  "page's conversion, HTML checks and finished HTML are reused, git history is read once per commit "
                  "and the PDF editions wait until the editor pauses; Material's search index, the source checks and "
                  "MkDocs' half-second polling still take their time; see the build rows for what one build costs.")
    if quick:
        bench.add(f"full test command, wall time ({label})", "not run (quick)", "not run (quick)", target="≤ 300 s")
        return
    runs: dict[str, tuple[float, bool]] = {}
    for name, project in projects.items():
        log(f"full test command, {name} commit (minutes)")
        runs[name] = test_command_time(project)
    shown = {name: f"{seconds:.0f} s" + ("" if passed else " (failed)") for name, (seconds, passed) in runs.items()}
    ours_run, previous_run = runs.get("ours"), runs.get("previous")
    bench.add(f"full test command, wall time ({label})", shown.get("ours", "–"), shown.get("previous", "–"),
              f"{ours_run[0] / previous_run[0]:.2f}×" if ours_run and previous_run else "–", "≤ 300 s",
              bool(ours_run and ours_run[1] and ours_run[0] <= 300),
              why="The browser tests load every page in both viewports and both colour schemes with axe-core; "
                  "on a shared machine they wait for the cores.")


# ---------------------------------------------------------------------------- test tiers

# (row, target in seconds) for issue 32's table.
TIER_TARGETS = {"fast": 90, "full cold": 8 * 60, "full warm": 3 * 60, "shard": 5 * 60}
SLOWEST = re.compile(r"^\s*([0-9.]+)s (call|setup|teardown)\s+(\S+)", re.M)


@dataclass
class TierRun:
    """One run of a tier: wall seconds, whether it passed, and its slowest test steps (seconds, id)."""

    seconds: float
    passed: bool
    slowest: list[tuple[float, str]] = field(default_factory=list)


def slowest_tests(output: str, count: int = 5) -> list[tuple[float, str]]:
    """The slowest test steps pytest's ``--durations`` table printed, slowest first, one line per test."""
    per_test: dict[str, float] = {}
    for seconds, _, nodeid in SLOWEST.findall(output):
        per_test[nodeid] = per_test.get(nodeid, 0.0) + float(seconds)
    return sorted(((s, n) for n, s in per_test.items()), reverse=True)[:count]


def has_tiers(project: Path) -> bool:
    """Whether the commit checked out in ``project`` has ``bash scripts/test.sh fast`` and shards."""
    script = project / "scripts" / "test.sh"
    return script.is_file() and "shard)" in script.read_text(encoding="utf-8")


def run_tier(project: Path, args: list[str], cache: Path) -> TierRun:
    """``bash scripts/test.sh ARGS`` in ``project`` with ``cache`` as its XDG_CACHE_HOME; wall time and outcome."""
    cache.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    result = subprocess.run(["bash", "scripts/test.sh", *args, "-p", "no:cacheprovider", "--durations=15"], cwd=project,
                            env=_clean_env(project) | {"XDG_CACHE_HOME": str(cache)}, capture_output=True, text=True)
    return TierRun(time.perf_counter() - start, result.returncode == 0, slowest_tests(result.stdout))


def edit_one_word(project: Path, page: str = "docs/ja/policy.md") -> None:
    """One word added to the first paragraph of ``page`` and committed, as an editor's wording fix."""
    path = project / page
    lines = path.read_text(encoding="utf-8").split("\n")
    body = lines.index("---", 1) + 1
    index = next(i for i in range(body, len(lines)) if lines[i].strip() and not lines[i].startswith(("#", "!", "|", "-", "<", ">", "{", "*")))
    lines[index] = lines[index].rstrip() + "（確認）"
    path.write_text("\n".join(lines), encoding="utf-8")
    for args in (["add", page], ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-qm", "One word"]):
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)


def tier_runs(project: Path, work: Path, runner: Callable[[Path, list[str], Path], TierRun] = run_tier,
              shards: int = 4) -> dict[str, TierRun]:
    """Every tier of issue 32 in ``project`` (a clone it may commit to), each with the cache it needs."""
    runs = {"fast": runner(project, ["fast"], work / "cache-fast")}
    runs["full cold"] = runner(project, [], work / "cache-full")
    edit_one_word(project)
    runs["full warm"] = runner(project, [], work / "cache-full")
    for k in range(1, shards + 1):
        runs[f"shard {k} of {shards}"] = runner(project, ["shard", str(k), str(shards)], work / f"cache-shard-{k}")
    return runs


def tier_rows(bench: Bench, ours: dict[str, TierRun], previous: dict[str, TierRun] | None, label: str) -> None:
    """A row per tier: this commit against the previous one; a missed target names the slowest tests."""
    for name, run in ours.items():
        target = TIER_TARGETS["shard" if name.startswith("shard") else name]
        before = (previous or {}).get(name)
        show = lambda r: f"{r.seconds:.0f} s" + ("" if r.passed else " (failed)")  # noqa: E731
        met = run.passed and run.seconds <= target
        slowest = "; ".join(f"{nodeid} {seconds:.0f} s" for seconds, nodeid in run.slowest)
        why = "" if met else (f"Slowest: {slowest}." if slowest else "pytest printed no durations (it stopped before the tests).")
        bench.add(f"test tier: {name} ({label})", show(run), show(before) if before else "–",
                  f"{run.seconds / before.seconds:.2f}×" if before else "–", f"≤ {target // 60} min" if target >= 60 and name != "fast" else f"≤ {target} s",
                  met, why=why)


def _tiers(bench: Bench, quick: bool, tmp: Path, log: Callable[[str], None]) -> None:
    """The rows of issue 32: the tiers on clean clones of this commit and the previous one."""
    label = "ours: this commit, plain: the previous one"
    if quick:
        for name in ("fast", "full cold", "full warm", "shard 1 of 4"):
            bench.add(f"test tier: {name} ({label})", "not run (quick)", "not run (quick)")
        return
    results: dict[str, dict[str, TierRun]] = {}
    for name, rev in (("ours", _previous_commit("HEAD")), ("previous", _previous_commit("HEAD~1"))):
        project = _checkout(rev, tmp / f"tiers-{name}") if rev else None
        if project is None or not has_tiers(project):
            continue
        log(f"test tiers, {name} commit (about half an hour)")
        results[name] = tier_runs(project, tmp / f"tiers-work-{name}")
    if "ours" in results:
        tier_rows(bench, results["ours"], results.get("previous"), label)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sns_policy.commands.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small and fast: no Lighthouse, 2 and 4 plans, 1 build")
    parser.add_argument("--runs", type=int, default=3, help="builds of each site to take the median of")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--plans", type=int, nargs=2, default=(50, 500), metavar=("SMALL", "LARGE"))
    parser.add_argument("--tiers", action="store_true", help="only the test tiers' rows (issue 32)")
    args = parser.parse_args(argv)
    if args.tiers:
        bench = Bench()
        with tempfile.TemporaryDirectory(prefix="perf-bench-") as tmp:
            _tiers(bench, False, Path(tmp), lambda text: print(f"… {text}", file=sys.stderr, flush=True))
        print(bench.table())
        return 0
    plans = (2, 4) if args.quick else tuple(args.plans)
    runs = 1 if args.quick else args.runs
    bench = run(args.quick, runs, args.lighthouse_runs, plans, lambda text: print(f"… {text}", file=sys.stderr, flush=True))
    print(bench.table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
