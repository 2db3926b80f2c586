"""What a visit to one page shows in a real browser, and the checks on it.

One visit per page and viewport gathers everything (network log, console, axe-core,
layout), so the suite loads each page once per viewport; the checks are plain
functions, so the tests can also run them on pages with a fault put back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import axe_playwright_python
from playwright.sync_api import Page

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
# JIS X 8341-3:2016 is identical to WCAG 2.0; the site aims at WCAG 2.1 A and AA as well.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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
    axe_version: str = ""


def visit(page: Page, url: str, viewport: str, run_axe: bool = True) -> Visit:
    """Load ``url`` in ``page`` and record what happened."""
    seen = Visit(url, viewport)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and seen.console_errors.append(message.text))
    page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    layout = page.evaluate("""() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        // Plain tables scroll inside their own box; tables with a class of ours
        // (the registry, form fields) are laid out to fit and must not overflow.
        unwrapped: [...document.querySelectorAll('article table')].filter(t => {
            if (t.className) return t.getBoundingClientRect().right > t.closest('article').getBoundingClientRect().right + 1;
            const box = t.closest('.md-typeset__scrollwrap');
            return !box || !['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
        }).length,
    })""")
    seen.scroll_width, seen.client_width, seen.unwrapped_tables = layout["scroll"], layout["client"], layout["unwrapped"]
    if run_axe:
        page.evaluate(AXE_SCRIPT)
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
            ".then(r => ({version: r.testEngine.version, violations: r.violations.map(v => ({"
            "id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))}))",
            WCAG_TAGS,
        )
        seen.violations, seen.axe_version = result["violations"], result["version"]
    return seen


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
