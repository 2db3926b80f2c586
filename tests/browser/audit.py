"""What a visit to one page shows in a real browser, and the checks on it.

One visit per page and viewport gathers everything (network log, console, axe-core,
layout), so the suite loads each page once per viewport; the checks are plain
functions, so the tests can also run them on pages with a fault put back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import axe_playwright_python
from playwright.sync_api import Page

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
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
    axe_version: str = ""
    # Every axe-core rule that ran: its criterion tags (wcag111 …) and how many elements failed it.
    rules: dict[str, dict] = field(default_factory=dict)


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
            "id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))})),"
            "rules: [...r.violations, ...r.passes, ...r.incomplete, ...r.inapplicable].map(x => ({id: x.id, tags: x.tags}))}))",
            WCAG_TAGS,
        )
        seen.violations, seen.axe_version = result["violations"], result["version"]
        failed = {v["id"]: len(v["targets"]) for v in seen.violations}
        seen.rules = {r["id"]: {"tags": [t for t in r["tags"] if CRITERION_TAG.fullmatch(t)], "violations": failed.get(r["id"], 0)}
                      for r in result["rules"]}
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


def by_criterion(visits: list[Visit]) -> dict[str, dict]:
    """Per criterion tag, over every visit: the rules that ran and the elements that failed them.

    The accessibility statement's checklist (scripts/a11y_report.py) reads this: a criterion
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
