"""Public statement templates: one text for both language pages (review 2026-12-07, N2)."""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sns_policy.content.statements import check_statements, statement, templates
from tests.conftest import parsed_html


def template_blocks(page: BeautifulSoup) -> list[tuple[str, str]]:
    """Every template text on a statements page, with the title of the tab it sits in."""
    blocks = []
    for tabbed in page.select(".tabbed-set"):
        titles = [label.get_text(strip=True) for label in tabbed.select(".tabbed-labels label")]
        for title, block in zip(titles, tabbed.select(".tabbed-content > .tabbed-block")):
            blocks += [(title, code.get_text()) for code in block.select("pre code")]
    return blocks


def differences(ja: list[tuple[str, str]], en: list[tuple[str, str]]) -> list[str]:
    """Where the two pages' template blocks differ, readably for a failing test."""
    if len(ja) != len(en):
        return [f"the Japanese page has {len(ja)} template blocks, the English page {len(en)}"]
    return [f"block {i} ({a[0]}) differs:\n{a[1]}\n---\n{b[1]}" for i, (a, b) in enumerate(zip(ja, en), 1) if a != b]


def test_both_pages_show_the_same_templates(site: Path) -> None:
    ja = template_blocks(parsed_html(site / "incidents/statements/index.html"))
    en = template_blocks(parsed_html(site / "en/incidents/statements/index.html"))
    assert ja, "no template blocks found on the Japanese statements page"
    assert not differences(ja, en), "\n".join(differences(ja, en))
    # Every template of the data is on the page, in both languages.
    parts = sum(len(p) for p in templates().values())
    assert len(ja) == 2 * parts


def test_a_copy_typed_differently_is_caught() -> None:
    """The comparison fails when one page's copy drifts (the N2 defect: no #9110 in one copy)."""
    page = BeautifulSoup('<div class="tabbed-set"><div class="tabbed-labels"><label>日本語</label></div>'
                         '<div class="tabbed-content"><div class="tabbed-block"><pre><code>{}</code></pre></div></div></div>', "html.parser")
    good = template_blocks(BeautifulSoup(str(page).format("警察相談専用電話（#9110）"), "html.parser"))
    bad = template_blocks(BeautifulSoup(str(page).format("最寄りの警察署"), "html.parser"))
    assert differences(good, good) == []
    assert differences(good, bad)


def test_each_tab_holds_the_text_of_its_language() -> None:
    for lang in ("ja", "en"):
        text = statement("correction", lang)
        ja_tab, en_tab = text.split('=== "English"')
        assert templates()["correction"][0]["ja"].splitlines()[0] in ja_tab
        assert templates()["correction"][0]["en"].splitlines()[0] in en_tab


def test_the_data_is_valid() -> None:
    assert check_statements() == []


@pytest.mark.parametrize("text, field", [
    ("apology:\n  - ja: おわび\n", "apology[1]"),
    ("apology:\n  - ja: おわび\n    en: Apology\ncorrection:\n  - label: {ja: 訂正の投稿}\n    ja: 訂正\n    en: Correction\n", "correction[1]"),
    ("apology: []\n", "apology"),
])
def test_a_template_missing_a_language_is_refused_with_its_line(text: str, field: str) -> None:
    (problem,) = check_statements(text)
    assert problem.file == "scripts/data/statements.yml" and problem.field == field
    assert problem.line == text.count("\n", 0, text.index(field.split("[")[0] + ":")) + 1
    assert problem.ja and "statements" not in problem.ja
