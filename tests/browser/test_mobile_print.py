"""Phones, paper and the dark scheme in a real Chromium (issue 10).

At 360 px: the registry and the quick-reference card show every field without
sideways scrolling. On A4 (Chromium's PDF output): every form is exactly one page in each
language, the card one sheet printed on both sides (blocks on the front; the after-hours
rules and the blanks for the numbers on the back), and the policy prints without the site's chrome. In the
dark scheme: axe-core finds no WCAG A/AA violation, nor IBM Equal Access any of its policy. Checklist ticks survive a reload
and the unticked box's outline has at least 3:1 contrast against the page.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.audit import Judged, describe_ace_violations, describe_violations, site_files, visit_all
from tests.browser.conftest import DESKTOP, MOBILE, site_pages

pytestmark = pytest.mark.browser
ONE_PAGE = ["/forms/application/", "/forms/change/", "/forms/withdrawal/",
            "/incidents/report-form/", "/plans/template/"]
ONE_PAGE += ["/en" + p for p in ONE_PAGE]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=MOBILE)
    tab = context.new_page()
    yield tab
    context.close()


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF written by Chromium (each page object is /Type /Page)."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.parametrize("path", ["/incidents/quick-reference/", "/en/incidents/quick-reference/"])
def test_card_prints_on_one_sheet_both_sides_with_the_night_rules_on_the_back(page: Page, base_url: str, path: str) -> None:
    """Review 2026-12-07, D6: with its version line and the blanks for the numbers the card no longer
    fits one side at a readable size, so the night rules and contacts take the back of the sheet."""
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf_pages(pdf) == 2, f"{path} prints on {pdf_pages(pdf)} A4 pages"
    page.emulate_media(media="print")
    shown = page.evaluate("""() => ['.qr-contacts', '.doc-summary > summary'].map(s => {
        const el = document.querySelector(s); return !!el && el.getBoundingClientRect().height > 0; })""")
    assert all(shown), f"{path} does not print its contacts box or its version line"
    assert page.evaluate("getComputedStyle(document.querySelector('.qr-after-hours')).breakBefore") == "page"


@pytest.mark.parametrize("path", ONE_PAGE)
def test_forms_print_on_exactly_one_a4_page(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf_pages(pdf) == 1, f"{path} prints on {pdf_pages(pdf)} A4 pages"


@pytest.mark.parametrize("path", ["/policy/", "/en/policy/"])
def test_policy_prints_without_the_site_chrome(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
        '.md-path', '.page-contents', '.md-top', '.md-search'].filter(s => {
            const el = document.querySelector(s);
            return el && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
        })""")
    assert not shown, f"{path} prints the site's {shown}"
    assert page.evaluate("document.querySelector('article h1').getBoundingClientRect().height") > 0
    assert pdf_pages(page.pdf(format="A4", prefer_css_page_size=True)) >= 1


@pytest.mark.parametrize("path", ["/incidents/quick-reference/", "/en/incidents/quick-reference/"])
def test_card_first_actions_are_visible_without_sideways_scrolling(phone: Page, base_url: str, path: str) -> None:
    phone.goto(base_url + path)
    phone.wait_for_load_state("networkidle")
    boxes = phone.evaluate("""() => [...document.querySelectorAll('.qr-card')].map(card => ({
        id: card.querySelector('h2') ? card.querySelector('h2').id : '',
        parts: [...card.querySelectorAll('h2, dt, dd, li')].map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; }),
    }))""")
    assert len(boxes) >= 9, "expected one block per incident type and the after-hours rule"
    width = MOBILE["width"]
    for box in boxes:
        assert box["parts"], box["id"]
        assert all(0 <= left and right <= width for left, right in box["parts"]), f"{box['id']} spills past {width}px"
    assert phone.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("path", ["/accounts/", "/en/accounts/"])
def test_registry_cards_show_every_field_on_a_phone(phone: Page, base_url: str, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    phone.goto(base_url + path)
    phone.wait_for_load_state("networkidle")
    if not phone.query_selector("table.registry td"):
        # No page has opened yet, so the live registry is empty: lay out the generator's own
        # markup for an opened page with a long address, on the real page and its styles.
        from sns_policy.plans import render as plans
        from sns_policy.sources.pages import load_pages

        lang = "en" if path.startswith("/en/") else "ja"
        row = {"id": "x", "department": {"ja": "総務部秘書広報課（秘書担当）", "en": "Secretarial and Public Relations Division (Secretarial Section)"},
               "page_name": {"ja": "石巻市 総務部秘書広報課（秘書担当）", "en": "Ishinomaki City Secretarial and Public Relations Division"},
               "platform": "facebook", "status": "active", "url": "https://www.facebook.com/ishinomaki.city.secretarial.public.relations",
               "plan": {"ja": "plans/x/", "en": "en/plans/x/"}}
        monkeypatch.setattr(plans, "registry_rows", lambda pageset: [row])
        table = plans.registry_table(load_pages()[0], lang, path.lstrip("/")).split("\n")[0]
        phone.evaluate("html => document.querySelector('article').insertAdjacentHTML('beforeend', html)", table)
    cells = phone.evaluate("""() => [...document.querySelectorAll('table.registry td')].map(td => {
        const r = td.getBoundingClientRect();
        const label = td.querySelector('.registry-label');
        return {label: label && label.getBoundingClientRect().height > 0 ? label.textContent : '', left: r.left, right: r.right, height: r.height};
    })""")
    assert cells, "the registry has no rows"
    for cell in cells:
        assert cell["label"], "a card field has no visible label"
        assert 0 <= cell["left"] and cell["right"] <= MOBILE["width"] and cell["height"] > 0, cell
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    """WCAG contrast ratio of two opaque colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


BOX_COLOURS = """() => {
    const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
    const box = document.querySelector('.task-list-control input:not(:checked) + .task-list-indicator');
    const outline = parse(getComputedStyle(box, '::before').backgroundColor);
    let el = box, bg = [0, 0, 0, 0];
    while (el && bg[3] === 0) { bg = parse(getComputedStyle(el).backgroundColor); el = el.parentElement; }
    if (bg[3] === 0) bg = [255, 255, 255, 1];
    // Blend a translucent outline over the background, as the screen shows it.
    const a = outline[3];
    return {outline: outline.slice(0, 3).map((c, i) => c * a + bg[i] * (1 - a)), background: bg.slice(0, 3)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_checklist_box_outline_has_three_to_one_contrast(browser: Browser, base_url: str, scheme: str) -> None:
    context = browser.new_context(viewport=MOBILE, color_scheme=scheme)
    tab = context.new_page()
    tab.goto(base_url + "/incidents/erroneous-post/")
    tab.wait_for_load_state("networkidle")
    colours = tab.evaluate(BOX_COLOURS)
    ratio = contrast(colours["outline"], colours["background"])
    context.close()
    assert ratio >= 3, f"unticked box outline {colours} has {ratio:.2f}:1 contrast in the {scheme} scheme"


def test_checklist_ticks_survive_a_reload_and_can_be_cleared(page: Page, base_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base_url + "/incidents/erroneous-post/")
    page.wait_for_load_state("networkidle")
    boxes = page.locator(".task-list-control input[type=checkbox]")
    assert boxes.count() >= 2
    boxes.nth(0).evaluate("b => b.click()")
    boxes.nth(1).evaluate("b => b.click()")
    sent_before = len(requests)
    page.reload()
    page.wait_for_load_state("networkidle")
    ticked = page.eval_on_selector_all(".task-list-control input[type=checkbox]", "bs => bs.map(b => b.checked)")
    assert ticked[:3] == [True, True, False], ticked
    page.click(".checklist-clear")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert not any(page.eval_on_selector_all(".task-list-control input[type=checkbox]", "bs => bs.map(b => b.checked)"))
    assert all(u.startswith(base_url) for u in requests[:sent_before]), "ticking a box sent something elsewhere"


# Every page on a phone, in quarters that pytest-xdist may give to different workers, and a few on a desktop.
DARK_RUNS = [("mobile", n, 4) for n in range(4)] + [("desktop", 0, 1)]


@pytest.mark.parametrize("name, part, parts", DARK_RUNS, ids=[f"{n}-{p + 1}of{q}" for n, p, q in DARK_RUNS])
def test_no_wcag_violation_in_the_dark_scheme(browser: Browser, base_url: str, site: Path, name: str, part: int, parts: int) -> None:
    size = MOBILE if name == "mobile" else DESKTOP
    paths = site_pages(site) if name == "mobile" else ["/", "/policy/", "/en/policy/", "/accounts/", "/incidents/quick-reference/"]
    paths = paths[part::parts]
    context = browser.new_context(viewport=size, color_scheme="dark")
    try:
        seen = visit_all(context, [base_url + path for path in paths], f"{name}, dark",
                         judged=Judged(site_files(site, base_url), browser.version))
    finally:
        context.close()
    for path, each in zip(paths, seen):
        assert each.color_scheme == "slate", path
    problems = [line for each in seen for line in describe_violations(each)]
    assert not problems, "axe-core found in the dark scheme:\n" + "\n".join(problems)
    # The second engine audits every visit too (audit.visit_all runs both): its answer is read, not dropped.
    problems = [line for each in seen for line in describe_ace_violations(each)]
    assert not problems, "IBM Equal Access found in the dark scheme:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_header_shows_the_whole_short_name_on_a_phone(phone: Page, base_url: str, path: str) -> None:
    phone.goto(base_url + path)
    phone.wait_for_load_state("networkidle")
    fits = phone.evaluate("""() => { const s = document.querySelector('.site-name--short');
        const box = s.closest('.md-ellipsis');
        return s.getBoundingClientRect().width > 0 && box.scrollWidth <= box.clientWidth; }""")
    assert fits, "the short site name is cut off"


def test_document_header_labels_do_not_break_inside_a_word(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "/policy/")
    phone.wait_for_load_state("networkidle")
    # A label's text on more than one line has glyph boxes with more than one top.
    tall = phone.evaluate("""() => [...document.querySelectorAll('.doc-header dt, .md-path__link, .qr-facts dt')].filter(dt => {
        const range = document.createRange(); range.selectNodeContents(dt);
        return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
    }).map(dt => dt.textContent.trim())""")
    assert not tall, f"labels broken over lines: {tall}"
