"""The site builds strictly, in both languages, with the document header and notes."""
from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from sns_policy.finish.language_of_parts import mark_japanese

from tests.bad_inputs import make_site
from tests.conftest import Build, parsed_html, run_build


def _soup(path: Path) -> BeautifulSoup:
    return parsed_html(path)


def test_strict_build_has_no_warning(build: Build) -> None:
    assert "WARNING" not in build.output, build.output


def test_html_lang_matches_the_language(site: Path) -> None:
    for page in site.rglob("index.html"):
        rel = page.relative_to(site).as_posix()
        expected = "en" if rel.startswith("en/") else "ja"
        assert _soup(page).html["lang"] == expected, f"{rel}: <html lang> should be {expected}"


def test_every_english_page_says_the_japanese_text_is_authoritative(site: Path) -> None:
    for page in (site / "en").rglob("index.html"):
        note = _soup(page).select_one(".translation-note")
        assert note is not None, f"{page.relative_to(site)}: no translation note"
        assert "authoritative" in note.get_text()
        assert note.a["hreflang"] == "ja"


def test_document_header_says_submitted_not_established(site: Path) -> None:
    """The header shows what the proposal says: submitted to a meeting, planned month, day blank."""
    header = _soup(site / "policy" / "index.html").select_one("dl.doc-header")
    text = header.get_text(" ", strip=True)
    assert "案" in text and "策定" not in text and "施行中" not in text
    assert "提出（提案） 平成28年（2016年）10月17日（平成28年度第1回石巻市地域情報化推進本部会議）" in text
    assert "施行予定 平成28年（2016年）10月（提案書では日付が空欄）" in text  # no invented day, no "undecided"
    en = _soup(site / "en" / "policy" / "index.html").select_one("dl.doc-header").get_text(" ", strip=True)
    assert "Submitted (proposal) 17 October 2016, to the first meeting of fiscal 2016" in en
    assert "October 2016 (the proposal leaves the day blank)" in en and "Draft" in en
    assert "Established" not in en


def test_document_header_gives_the_date_of_the_version_shown(site: Path) -> None:
    """Reader test D13: the current edition's date was only in the last-updated line at the very bottom."""
    from sns_policy.content import render
    from sns_policy.dates import format_date
    from sns_policy.sources.pages import load_pages

    pageset, _ = load_pages()
    for lang, prefix in (("ja", ""), ("en", "en/")):
        meta = pageset.of(lang)["policy.md"].meta
        (row,) = [r for r in meta["history"] if str(r["version"]) == str(meta["version"])]
        header = _soup(site / prefix / "policy" / "index.html").select_one("dl.doc-header").get_text(" ", strip=True)
        assert format_date(str(row["date"]), lang) in header, lang
    # A document whose history lacks its own version shows no date rather than another version's.
    assert render._version_date({"version": "2.0", "history": [{"version": "1.0", "date": "2026-11-24"}]}, "ja") == []


def test_navigation_titles_are_translated(site: Path) -> None:
    ja_nav = _soup(site / "index.html").select_one("nav.md-nav--primary").get_text(" ", strip=True)
    en_nav = _soup(site / "en" / "index.html").select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert "SNS活用ガイドライン（職員用）" in ja_nav and "SNS Utilisation Guideline (for staff)" in en_nav
    assert "SNS活用ガイドライン" not in en_nav and "運用方針" not in en_nav


def test_language_switcher_points_to_the_same_page(site: Path) -> None:
    for page in sorted(site.rglob("index.html")):
        rel = page.relative_to(site)
        links = {a["hreflang"]: a["href"] for a in _soup(page).select("a[hreflang]") if a.get("hreflang") in ("ja", "en")}
        for lang, href in links.items():
            target = (site / href.lstrip("/") if href.startswith("/") else page.parent / href).resolve()
            expected_rel = rel.as_posix().removeprefix("en/")
            expected = site / (expected_rel if lang == "ja" else f"en/{expected_rel}")
            if not expected.exists():  # not translated yet (a Japanese amendment goes first): any page, never a dead end
                assert (target / "index.html").is_file() or target.is_file(), f"{rel}: switcher for {lang} leads to {href}, no page"
                continue
            assert target / "index.html" == expected.resolve() or target == expected.resolve(), (
                f"{rel}: switcher for {lang} leads to {href}")


# The real command on the small site of the bad-input corpus (tests/bad_inputs.py): the rule is
# the same for every page, and a build of the small site takes a fraction of the real one's time.
def test_build_fails_on_a_broken_markdown_link(tmp_path: Path) -> None:
    project = make_site(tmp_path / "src").parent
    page = project / "docs" / "ja" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[壊れたリンク](no-such-page.md)\n", encoding="utf-8")
    result = run_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "no-such-page.md" in result.output and "index.md" in result.output
    assert "Traceback" not in result.output


def test_build_fails_with_the_validators_message(tmp_path: Path) -> None:
    project = make_site(tmp_path / "src").parent
    (project / "docs" / "en" / "policy.md").unlink()
    result = run_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "docs/en/policy.md:" in result.output and "is missing" in result.output
    assert "Traceback" not in result.output


SEED_CITIES = ["仙台市", "塩竃市", "気仙沼市", "白石市", "多賀城市", "登米市", "栗原市"]


def test_background_compares_every_city_named_in_the_seed(site: Path) -> None:
    table = _soup(site / "background" / "index.html").select_one("#comparison ~ div table, #comparison ~ table")
    cities = [tr.td.get_text(strip=True) for tr in table.select("tbody tr")]
    assert all(city in cities for city in SEED_CITIES), cities
    assert len(_soup(site / "en" / "background" / "index.html").select_one("#comparison ~ div table, #comparison ~ table").select("tbody tr")) == len(cities)


def test_no_invented_day_or_account_address(site: Path) -> None:
    """The seed leaves the day of effect and the pages' addresses blank; so must the site."""
    for page in (site / "policy" / "index.html", site / "guideline" / "index.html"):
        text = _soup(page).get_text(" ", strip=True)
        assert "平成28年（2016年）10月（提案書では日付が空欄）" in text and "10月1日" not in text
    # The seed gives no page's address: the registry links only the addresses editors wrote into
    # plans whose page has opened (a division's page may open at any time).
    from sns_policy.plans.model import plans_of
    from sns_policy.sources.pages import load_pages

    pageset, _ = load_pages()
    written = {plan.data.get("url") for plan in plans_of(pageset, "ja") if plan.data.get("status") == "active"}
    accounts = _soup(site / "accounts" / "index.html").select_one("article")
    linked = {a["href"] for a in accounts.select('a[href*="facebook.com"]')}
    assert linked <= written, f"addresses no plan gives: {sorted(linked - written)}"


def test_document_pages_show_their_revision_history(site: Path) -> None:
    for page in (site / "policy" / "index.html", site / "en" / "guideline" / "risk" / "index.html"):
        soup = _soup(page)
        heading = soup.select_one("#history")
        assert heading is not None, f"{page.relative_to(site)}: no revision history"
        assert heading.find_next("table").select("tbody tr"), "empty revision history"


def test_japanese_words_on_english_pages_are_marked_as_japanese(site: Path) -> None:
    """WCAG 3.1.2: screen readers switch voice only when the language is marked."""
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    problems = []
    for page in sorted((site / "en").rglob("index.html")):
        body = _soup(page).select_one("article")
        for text in body.find_all(string=japanese):
            holder = text.find_parent(attrs={"lang": True})
            if holder is None or holder["lang"] != "ja":
                problems.append(f"{page.relative_to(site)}: {text.strip()[:30]!r} is not marked lang=ja")
    assert not problems, "\n".join(problems[:10])


def test_marking_leaves_tags_attributes_and_scripts_alone() -> None:
    html = '<p title="石巻">Ishinomaki (石巻市) <a href="#x">市報</a></p><script>var s = "石巻";</script>'
    assert mark_japanese(html) == (
        '<p title="石巻">Ishinomaki (<span lang="ja">石巻市</span>) '
        '<a href="#x"><span lang="ja">市報</span></a></p><script>var s = "石巻";</script>')


def test_each_language_has_its_own_not_found_page(site: Path) -> None:
    """Every language's build writes 404.html at the root; the root must keep the original's."""
    root, english = site / "404.html", site / "en" / "404.html"
    assert '<html lang="ja"' in root.read_text(encoding="utf-8"), "the root 404 page is not the Japanese one"
    assert english.exists() and '<html lang="en"' in english.read_text(encoding="utf-8")


def test_the_not_found_pages_speak_their_language_and_lead_home(site: Path) -> None:
    """Material's own heading is "404 - Not found" in English on the Japanese page too."""
    root, english = (site / "404.html").read_text(encoding="utf-8"), (site / "en" / "404.html").read_text(encoding="utf-8")
    assert "<h1>ページが見つかりません（404）</h1>" in root and '<a href="/./">トップページへ</a>' in root
    assert "<h1>Page not found (404)</h1>" in english and '<a href="/en/">Go to the home page</a>' in english
    assert "404 - Not found" not in root + english
