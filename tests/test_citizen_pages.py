"""Citizens can reach the City from every page, and the policy answers what they ask.

The city website's address is configured once (the sns-policy plugin's ``website`` in mkdocs.yml);
these tests prove every page shows the contact line with that address, that no source
repeats it, and that changing the one value changes every page.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

from bs4 import BeautifulSoup

from sns_policy.sources.pages import load_pages
from sns_policy.plans.render import registry_rows
from sns_policy.site import load_site

from tests.conftest import ROOT, parsed_html, run_build


def _website(config_file: Path = ROOT / "mkdocs.yml") -> str:
    """The plugin's ``website`` option: the one place the address is written."""
    return load_site(config_file).website


def _soup(path: Path) -> BeautifulSoup:
    return parsed_html(path)


def _contact_links(page: Path) -> list[str]:
    line = _soup(page).select_one("footer .contact-line")
    assert line is not None, f"{page}: no contact line in the footer"
    return [a["href"] for a in line.select("a[href]")]


def test_every_page_has_the_contact_line_with_the_configured_website(site: Path) -> None:
    website = _website()
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 40
    for page in pages:
        rel = page.relative_to(site).as_posix()
        links = _contact_links(page)
        assert website in links, f"{rel}: the contact line does not link to {website}"
        # The "how to contact" link goes to the enquiries section of the policy in the page's own language.
        how = next(h for h in links if h.endswith("#enquiries"))
        target = (page.parent / how.split("#")[0]).resolve()
        expected = (site / "en" / "policy") if rel.startswith("en/") else (site / "policy")
        assert target == expected.resolve(), f"{rel}: contact link {how} points to {target}"


def test_the_city_website_address_is_written_only_in_mkdocs_yml() -> None:
    website = _website()
    host = re.sub(r"^https?://", "", website).rstrip("/")
    offenders = [
        path.relative_to(ROOT).as_posix()
        for folder in ("docs", "overrides", "scripts")
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and path.suffix in {".md", ".html", ".py", ".yml", ".json", ".js", ".css"}
        and host in path.read_text(encoding="utf-8", errors="ignore")
    ]
    assert offenders == [], f"the city website's address is repeated in {offenders}; link it as [text][city-website]"


def test_policy_links_the_city_website_in_both_languages(site: Path) -> None:
    website = _website()
    for page in (site / "policy" / "index.html", site / "en" / "policy" / "index.html"):
        enquiries = _soup(page).select_one("#enquiries")
        section_links = [a["href"] for a in enquiries.find_all_next("a", limit=12)]
        assert website in section_links, f"{page}: the enquiries section does not link to the city website"


def test_changing_the_one_configured_address_changes_every_page(project_copy: Path, tmp_path: Path) -> None:
    config = project_copy / "mkdocs.yml"
    old = _website(config)
    config.write_text(config.read_text(encoding="utf-8").replace(old, "https://example.org/city/"), encoding="utf-8")
    build = run_build(project_copy, tmp_path / "site")
    assert build.returncode == 0, build.output
    for page in (tmp_path / "site" / "accounts" / "index.html", tmp_path / "site" / "en" / "policy" / "index.html"):
        assert "https://example.org/city/" in _contact_links(page)
        assert old not in page.read_text(encoding="utf-8")


def test_policy_as_of_statement_matches_the_registry() -> None:
    """The policy and the registry page say that, as of their date, no page is listed as open; the data must agree."""
    pageset, _ = load_pages()
    opened = [row["id"] for row in registry_rows(pageset) if row["status"] == "active"]
    for rel, english in (("policy.md", "no page is listed there as open"), ("accounts.md", "no page is listed here as open")):
        says_none = "開設済みとして掲載しているページはありません" in pageset.of("ja")[rel].body
        assert says_none == (english in pageset.of("en")[rel].body), f"{rel}: the two languages disagree"
        assert not (says_none and opened), (
            f"{rel} says no page is open, but the registry lists {opened} as active: update its as-of sentence")


def test_the_policy_answers_what_citizens_ask(site: Path) -> None:
    """Words citizens type into search appear in the policy's own sections for them."""
    wanted = {
        ("policy", "comment-removed"): ["削除された", "非表示", "異議", "苦情", "コメント"],
        ("policy", "report-fake-page"): ["偽のページ", "なりすまし"],
        ("en/policy", "comment-removed"): ["deleted", "hidden", "complain", "object"],
        ("en/policy", "report-fake-page"): ["fake page", "impersonation", "Report"],
        # Issue 30: a parent whose child's photo was posted, and a blocked resident, find their answer.
        ("policy", "photo-removal"): ["写真", "子", "消して"],
        ("policy", "blocked"): ["ブロック", "解除"],
        ("en/policy", "photo-removal"): ["photo", "child", "taken down"],
        ("en/policy", "blocked"): ["blocked", "lifted"],
    }
    for (path, section), words in wanted.items():
        soup = _soup(site / path / "index.html")
        heading = soup.select_one(f"h2#{section}")
        assert heading is not None, f"{path}: no section #{section}"
        text = heading.get_text(" ")
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            text += " " + sibling.get_text(" ")
        missing = [w for w in words if w.lower() not in text.lower()]
        assert not missing, f"{path}#{section} lacks {missing}"


# Names that other wordings must not replace, and the wordings that replaced them before.
_COMPETING_NAMES = {
    "en": {"registry": ["Official accounts", "official accounts list", "list of official pages"],
           "first_page_division": ["(secretarial section)"]},
    "ja": {"registry": ["公式ページ一覧"]},
}
# The citizens' pages this check covers (the rules pages are covered by their own tests).
_CITIZEN_PAGES = ("index.md", "policy.md", "background.md", "accounts.md", "accessibility.md")


def _competing_names(text: str, lang: str) -> list[str]:
    """Wordings in ``text`` that give a thing a second name."""
    from sns_policy.content.words import labels

    names = labels()[lang]["names"]
    return [f"{bad!r} (write {names[key]!r})" for key, bads in _COMPETING_NAMES.get(lang, {}).items()
            for bad in bads if bad in text]


def test_one_name_per_thing_on_the_citizen_pages() -> None:
    pageset, _ = load_pages()
    for lang in pageset.languages:
        for rel in _CITIZEN_PAGES:
            page = pageset.of(lang)[rel]
            found = _competing_names(page.body, lang)
            assert not found, f"{page.name}: {found}"


def test_a_second_name_is_caught() -> None:
    assert _competing_names("see [Official accounts](accounts.md)", "en")
    assert _competing_names("the Secretarial and Public Relations Division (secretarial section)", "en")
    assert _competing_names("[公式ページ一覧](accounts.md)", "ja")
    assert not _competing_names("the [registry of official pages](accounts.md)", "en")


# Residents' pages write the conjunction in kana (または); the rules write 又は (公用文). Review R3.
_RESIDENTS_TEXT_PAGES = ("", "policy", "accounts", "background", "contributing")
_RULES_CONJUNCTIONS = ("又は",)


def _residents_text(article: BeautifulSoup) -> str:
    """An article's own text: its revision history quotes other registers, and is left out.

    The history is cut from a copy: the page's parsed tree is shared by every test of the process
    (``parsed_html``), and a test that reads the history after this one must still find it.
    """
    article = copy.copy(article)
    history = article.find(id="history")
    if history is not None:
        for tag in [history, *history.find_next_siblings()]:
            tag.extract()
    return article.get_text(" ", strip=True)


def _rules_conjunctions(text: str) -> list[str]:
    return [m.group(0) + "…" + text[m.end():m.end() + 10] for w in _RULES_CONJUNCTIONS for m in re.finditer(w, text)]


def test_residents_pages_write_one_conjunction_in_kana(site: Path) -> None:
    for page in _RESIDENTS_TEXT_PAGES:
        article = _soup(site / page / "index.html").select_one("article")
        found = _rules_conjunctions(_residents_text(article))
        assert not found, f"/{page}: write または on residents' pages, not {found}"


def test_a_rules_conjunction_on_a_residents_page_is_caught() -> None:
    article = BeautifulSoup('<article><p>電話又は窓口</p><h2 id="history">改訂履歴</h2><p>第44条又は</p></article>',
                            "html.parser").article
    assert _rules_conjunctions(_residents_text(article)) == ["又は…窓口"]


def test_reading_a_residents_text_leaves_the_shared_page_whole() -> None:
    """Put the fault back: cutting the history out of the shared tree hid it from the next test."""
    article = BeautifulSoup('<article><p>本文</p><h2 id="history">改訂履歴</h2><table></table></article>', "html.parser").article
    assert _residents_text(article) == "本文"
    assert article.find(id="history") is not None and article.table is not None
