"""What a visit to one page shows in a real browser, and the checks on it.

One visit per page and viewport gathers everything (network log, console, axe-core,
layout), so the suite loads each page once per viewport; the checks are plain
functions, so the tests can also run them on pages with a fault put back.
"""
from __future__ import annotations

from collections import deque
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

import axe_playwright_python
from playwright.sync_api import BrowserContext, Page

from sns_policy import kept
from sns_policy.a11y import model as accessibility

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
# The engine as the cache knows it: its own bytes, so a new axe-core is never read from an old result.
AXE_ENGINE = kept.key("axe-core", AXE_SCRIPT)
# Audits kept by what they judge (``Judged``), shared by every engine and every visit of a process.
AUDITS = kept.Store("audits")
# IBM Equal Access, the second engine (npm accessibility-checker-engine, pinned in package-lock.json;
# its ace.js runs offline inside the page). Rules switched off, each with the reason the
# accessibility statement gives, are in scripts/data/accessibility-engines.yml.
ACE_PACKAGE = Path(__file__).resolve().parents[2] / "node_modules" / "accessibility-checker-engine"
ACE_SCRIPT = ACE_PACKAGE / "ace.js"
ACE_POLICY = "WCAG_2_1"


def ace_version() -> str:
    """The installed engine's version (its package.json), as package-lock.json pins it."""
    return json.loads((ACE_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]


def ace_engine() -> str:
    """IBM Equal Access as the cache knows it: its bytes, its policy and the rules switched off.

    A function, not a constant: the engine is read only when a test audits (node_modules may be
    missing where no browser test runs)."""
    rules_off = sorted(rule["rule"] for rule in accessibility.engine_rules_off())
    return kept.key("ibm-equal-access", ACE_SCRIPT.read_bytes(), ACE_POLICY, *rules_off)
# JIS X 8341-3:2016 is identical to WCAG 2.0; the site aims at WCAG 2.1 A and AA as well.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe-core's tag for one success criterion: wcag111 is 1.1.1 (scripts/data/wcag-criteria.yml).
CRITERION_TAG = re.compile(r"wcag\d{3,4}")


@dataclass
class Visit:
    """Everything observed while loading one page at one viewport."""

    url: str
    viewport: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    scroll_width: int = 0
    client_width: int = 0
    unwrapped_tables: int = 0
    color_scheme: str = ""  # Material's data-md-color-scheme on <body>: "slate" is the dark one
    axe_version: str = ""
    # Every axe-core rule that ran: its criterion tags (wcag111 …) and how many elements failed it.
    rules: dict[str, dict] = field(default_factory=dict)
    # IBM Equal Access's violations (rule, message, where), and the engine's version.
    ace_violations: list[dict] = field(default_factory=list)
    ace_version: str = ""
    # Where the header's language menu led when the other language was chosen, as a mouse user
    # chooses it ("" when the visit did not try; see ``switch_language``).
    switched_to: str = ""
    # The key of everything an audit of this visit judges (``Judged``), "" when not known; and
    # whether axe-core's result was read from the cache instead of run.
    judged_key: str = ""
    axe_reused: bool = False
    ace_reused: bool = False


class Judged:
    """What an engine's result on a page depends on, and the cache its results are kept in.

    An audit judges the finished HTML, every CSS and JS file the page loaded, in a given
    Chromium at a given viewport and colour scheme; the engine adds its own version. While all
    of those bytes are the same as in an audited run, the result is read back (``kept.Store``
    "audits") instead of run: a cold cache audits every page, a warm one only what changed.
    ``files`` maps a URL the browser fetched to the bytes the server sent (None: not ours).
    Any engine can use it: ``lookup``/``keep`` take the engine's name and version.
    """

    def __init__(self, files: Callable[[str], bytes | None], browser_version: str, store: kept.Store | None = None) -> None:
        self.files, self.browser_version = files, browser_version
        self.store = store or AUDITS

    def key(self, seen: "Visit", size: dict | None) -> str:
        """The inputs' key of one visit, or "" when the page's own bytes are unknown (never cached)."""
        page = self.files(seen.url)
        if page is None:
            return ""
        assets = sorted({url for url in seen.requests if urlsplit(url).path.endswith((".css", ".js"))})
        parts: list[str | bytes] = [page, self.browser_version, seen.viewport, repr(size), seen.color_scheme]
        for url in assets:
            data = self.files(url)
            parts += [urlsplit(url).path, data if data is not None else b"\0not ours"]
        return kept.key(*parts)

    def lookup(self, seen: "Visit", engine: str) -> dict | None:
        return self.store.read_json(kept.key(seen.judged_key, engine)) if seen.judged_key else None

    def keep(self, seen: "Visit", engine: str, result: dict) -> None:
        if seen.judged_key:
            self.store.write_json(kept.key(seen.judged_key, engine), result)


def site_files(site: Path, base_url: str) -> Callable[[str], bytes | None]:
    """The bytes a static server of ``site`` at ``base_url`` sends for a URL (a folder sends its index.html)."""
    root = site.resolve()

    def read(url: str) -> bytes | None:
        if not url.startswith(base_url.rstrip("/") + "/"):
            return None
        path = (root / unquote(urlsplit(url).path).lstrip("/")).resolve()
        if path.is_dir():
            path = path / "index.html"
        if root not in path.parents and path != root:
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    return read


def visit(page: Page, url: str, viewport: str, run_axe: bool = True, judged: Judged | None = None) -> Visit:
    """Load ``url`` in ``page`` and record what happened."""
    seen = _Tab(page).open(url, viewport)
    _examine(page, seen, run_axe, judged)
    _axe_result(page, seen, run_axe, judged)
    return seen


def visit_all(context: BrowserContext, urls: list[str], viewport: str, run_axe: bool = True, ahead: int = 3,
              switch: bool = False, judged: Judged | None = None) -> list[Visit]:
    """``visit`` each of ``urls`` in ``context``, a few tabs at a time.

    Each visit records exactly what ``visit`` records; the tabs only overlap in time: while
    axe-core runs in one, the next pages load (and sit out their network-idle wait) in
    theirs, so a run over every page keeps both cores busy instead of waiting in turn. A tab
    goes on to another page when its visit is done: a new tab would start a new renderer
    process (measured: a quarter more CPU per page).
    With ``switch``, each page's language menu is then used once (``switch_language``): the
    page is already loaded, so the check costs a click instead of three page loads.
    With ``judged``, axe-core runs only on a page whose judged bytes were never audited.
    """
    loading: deque[tuple[_Tab, Visit]] = deque()
    checking: deque[tuple[_Tab, Visit]] = deque()
    free: list[_Tab] = []
    done: list[Visit] = []

    def collect() -> None:
        tab, seen = checking.popleft()
        _axe_result(tab.page, seen, run_axe, judged)
        requests, errors = len(seen.requests), len(seen.console_errors)
        if switch:
            switch_language(tab.page, seen)
        tab.seen = None  # what the tab does from here on is not this page's
        del seen.requests[requests:], seen.console_errors[errors:]  # nor the way out the switch took
        free.append(tab)
        done.append(seen)

    for url in urls:
        tab = free.pop() if free else _Tab(context.new_page())
        loading.append((tab, tab.open(url, viewport)))
        if len(loading) > ahead:
            tab, seen = loading.popleft()
            _examine(tab.page, seen, run_axe, judged)
            checking.append((tab, seen))
            if len(checking) > 1:
                collect()
    while loading:
        tab, seen = loading.popleft()
        _examine(tab.page, seen, run_axe, judged)
        checking.append((tab, seen))
    while checking:
        collect()
    for tab in free:
        tab.page.close()
    return done


class _Tab:
    """A tab that visits one page after another, recording into the current page's ``Visit``."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.seen: Visit | None = None
        page.on("request", lambda request: self.seen and self.seen.requests.append(request.url))
        page.on("console", lambda message: self.seen and message.type == "error" and self.seen.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.seen and self.seen.console_errors.append(str(error)))

    def open(self, url: str, viewport: str) -> Visit:
        """Start listening for ``url``'s records and start loading it; returns as soon as the page's response arrives."""
        self.page.unroute("**/*")  # a language switch stopped the last page's way out
        self.page.goto("about:blank")  # nothing of the last page is left to be recorded as this one's
        self.seen = Visit(url, viewport)
        self.page.goto(url, wait_until="commit")
        return self.seen


def _examine(page: Page, seen: Visit, run_axe: bool, judged: Judged | None = None) -> None:
    """Wait until the page has loaded and the network is idle; measure the layout; start axe-core
    (unless ``judged`` holds its result for these very bytes)."""
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")
    layout = page.evaluate("""() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        // Plain tables scroll inside their own box; tables with a class of ours
        // (the registry, form fields) and tables stacked on a phone (revision
        // histories, wide tables: extra.css) are laid out to fit and must not overflow.
        unwrapped: [...document.querySelectorAll('article table')].filter(t => {
            const stacked = t.rows[0] && getComputedStyle(t.rows[0]).display === 'block';  // a phone's one block per row
            if (t.className || stacked) return t.getBoundingClientRect().right > t.closest('article').getBoundingClientRect().right + 1;
            const box = t.closest('.md-typeset__scrollwrap');
            return !box || !['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
        }).length,
        scheme: document.body.getAttribute('data-md-color-scheme') || '',
    })""")
    seen.scroll_width, seen.client_width, seen.unwrapped_tables = layout["scroll"], layout["client"], layout["unwrapped"]
    seen.color_scheme = layout["scheme"]
    if run_axe and judged is not None:
        seen.judged_key = judged.key(seen, page.viewport_size)
        kept_ace = judged.lookup(seen, ace_engine())
        if kept_ace is not None:
            seen.ace_violations, seen.ace_version, seen.ace_reused = kept_ace["violations"], kept_ace["version"], True
        kept_result = judged.lookup(seen, AXE_ENGINE)
        if kept_result is not None:
            _record_axe(seen, kept_result)
            seen.axe_reused = True
    # Both engines are started, not awaited: _axe_result picks their answers up while other tabs
    # load. They run one after the other in the page (IBM's once axe-core's has settled), so
    # neither sees the other at work.
    if run_axe and not seen.axe_reused:
        page.evaluate(AXE_SCRIPT)
        page.evaluate(
            "(tags) => { window.__axeRun = axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
            ".then(r => ({version: r.testEngine.version, violations: r.violations.map(v => ({"
            "id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))})),"
            "rules: [...r.violations, ...r.passes, ...r.incomplete, ...r.inapplicable].map(x => ({id: x.id, tags: x.tags}))})); }",
            WCAG_TAGS,
        )
    if run_axe and not seen.ace_reused:
        page.evaluate(ace_script())
        page.evaluate("([policy, off]) => { window.__aceRun = Promise.resolve(window.__axeRun).catch(() => null)"
                      f".then(() => ({ACE_CHECK})([policy, off])); }}", [ACE_POLICY, _ace_rules_off()])


def _axe_result(page: Page, seen: Visit, run_axe: bool, judged: Judged | None = None) -> None:
    """Wait for the axe-core and IBM Equal Access runs ``_examine`` started and record their
    violations. Each engine's answer is kept by what it judged, unless it was read back already."""
    if run_axe and not seen.axe_reused:
        result = page.evaluate("() => window.__axeRun")
        _record_axe(seen, result)
        if judged is not None:
            judged.keep(seen, AXE_ENGINE, result)
    if run_axe and not seen.ace_reused:
        seen.ace_violations, seen.ace_version = list(page.evaluate("() => window.__aceRun")), ace_version()
        if judged is not None:
            judged.keep(seen, ace_engine(), {"violations": seen.ace_violations, "version": seen.ace_version})


def _record_axe(seen: Visit, result: dict) -> None:
    """Put one axe-core answer (run now, or kept from a run on the same bytes) into ``seen``."""
    seen.violations, seen.axe_version = result["violations"], result["version"]
    failed = {v["id"]: len(v["targets"]) for v in seen.violations}
    seen.rules = {r["id"]: {"tags": [t for t in r["tags"] if CRITERION_TAG.fullmatch(t)], "violations": failed.get(r["id"], 0)}
                  for r in result["rules"]}


# IBM Equal Access's check of the loaded page: its violations of the policy, without the rules
# switched off. The same text runs in a visit (started in the background) and in ``ace_violations``.
ACE_CHECK = ("async ([policy, off]) => { const report = await new ace.Checker().check(document, [policy]);"
             " return report.results.filter(r => r.value[0] === 'VIOLATION' && r.value[1] === 'FAIL' && !off.includes(r.ruleId))"
             ".map(r => ({id: r.ruleId, message: r.message, where: r.path.dom, snippet: r.snippet.slice(0, 120)})); }")


@functools.cache
def ace_script() -> str:
    """ace.js, read once per process: each visit evaluates the text (as axe-core's), adding no element to the page."""
    if not ACE_SCRIPT.is_file():
        raise FileNotFoundError(f"{ACE_SCRIPT} is missing: run `npm ci --ignore-scripts` (scripts/test.sh does)")
    return ACE_SCRIPT.read_text(encoding="utf-8")


def _ace_rules_off() -> list[str]:
    return [rule["rule"] for rule in accessibility.engine_rules_off()]


def ace_violations(page: Page, viewport: str, scheme: str) -> list[dict]:
    """IBM Equal Access's violations of ``ACE_POLICY`` on the loaded ``page``, run now.

    The page as it is at ``viewport`` in ``scheme`` (both given so that a cache of results can key
    on them, as for axe-core). Rules the statement switches off are left out.
    """
    page.evaluate(ace_script())
    return list(page.evaluate(ACE_CHECK, [ACE_POLICY, _ace_rules_off()]))


def describe_ace_violations(seen: Visit) -> list[str]:
    """One line per IBM Equal Access violation: page, viewport, rule, message, where."""
    return [f"{seen.url} [{seen.viewport}]: IBM {v['id']}: {v['message']} at {v['where']} {v['snippet']}"
            for v in seen.ace_violations]


def switch_language(page: Page, seen: Visit) -> None:
    """Choose the other language in the header's menu with the mouse; record where it led.

    The pointer moves onto the menu, which opens on hover, and clicks the language at the
    point where it shows; a click that does not reach the link leads nowhere and fails. The
    tab may be in the background (others load meanwhile), where Playwright's own wait for a
    steady element would wait for animation frames that never come, so that wait is skipped
    (``force``). Only the address the browser goes to is needed: that request is stopped
    before the landing page loads (it is visited on its own), so the check costs a click.
    """
    other = "ja" if urlsplit(seen.url).path.startswith("/en/") else "en"
    page.route("**/*", lambda route: route.abort() if route.request.is_navigation_request() else route.continue_())
    page.hover(".md-header .md-select", force=True)
    with page.expect_request(lambda request: request.is_navigation_request(), timeout=10_000) as leaving:
        page.click(f'.md-select__link[hreflang="{other}"]', no_wait_after=True, force=True)
    seen.switched_to = urlsplit(leaving.value.url).path


def other_origin_requests(seen: Visit, origin: str) -> list[str]:
    """Requests that left the site's own origin (data: and blob: stay in the page)."""
    return [u for u in seen.requests if not (u.startswith(origin + "/") or u.startswith(("data:", "blob:")))]


def describe_violations(seen: Visit) -> list[str]:
    """One line per axe-core violation: page, viewport, rule, what to fix, where."""
    return [f"{seen.url} [{seen.viewport}]: {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'][:3])}"
            for v in seen.violations]


def horizontal_overflow(seen: Visit) -> int:
    """How many CSS pixels the page is wider than the window (0 when it fits)."""
    return max(0, seen.scroll_width - seen.client_width)


def by_criterion(visits: list[Visit]) -> dict[str, dict]:
    """Per criterion tag, over every visit: the rules that ran and the elements that failed them.

    The accessibility statement's checklist (scripts/sns_policy/a11y/) reads this: a criterion
    with violations is shown as not met; one without is still left to a person.
    """
    out: dict[str, dict] = {}
    for seen in visits:
        for rule, outcome in seen.rules.items():
            for tag in outcome["tags"]:
                entry = out.setdefault(tag, {"rules": set(), "violations": 0})
                entry["rules"].add(rule)
                entry["violations"] += outcome["violations"]
    return {tag: {"rules": sorted(e["rules"]), "violations": e["violations"]} for tag, e in sorted(out.items())}
