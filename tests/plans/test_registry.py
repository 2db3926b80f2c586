"""The registry of official pages lists exactly the plans, in both languages and as open data."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from sns_policy.sources.pages import load_pages
from sns_policy.plans.model import plans_of
from sns_policy.content.rules import rules
from tests.conftest import run_build


def _expected() -> dict[str, dict]:
    """Plans of pages that have opened or been withdrawn: planned pages are not official yet."""
    pageset, _ = load_pages()
    return {p.slug: p.data for p in plans_of(pageset, "ja") if p.data["status"] in rules()["registry_statuses"]}


def _table_rows(page: Path) -> list[list[str]]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("article table")
    for label in table.select(".registry-label"):  # the column name a phone shows on each card
        label.extract()
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.find_all("tr") if tr.find("td")]


def test_registry_pages_list_every_plan_in_both_languages(site: Path) -> None:
    plans = _expected()
    for lang, page in (("ja", site / "accounts" / "index.html"), ("en", site / "en" / "accounts" / "index.html")):
        rows = _table_rows(page) if plans else []
        assert sorted(r[0] for r in rows) == sorted(p["department"][lang] for p in plans.values()), lang
        assert sorted(r[1] for r in rows) == sorted(p["page_name"][lang] for p in plans.values()), lang


def test_registry_warns_about_impersonation(site: Path) -> None:
    assert "なりすまし" in (site / "accounts" / "index.html").read_text(encoding="utf-8")
    assert "impersonation" in (site / "en" / "accounts" / "index.html").read_text(encoding="utf-8")


def test_accounts_json_lists_exactly_the_plans(site: Path) -> None:
    data = json.loads((site / "accounts.json").read_text(encoding="utf-8"))
    plans = _expected()
    assert {a["id"] for a in data["accounts"]} == set(plans)
    for account in data["accounts"]:
        assert account["department"] == plans[account["id"]]["department"]
        assert account["status"] == plans[account["id"]]["status"]
        assert account["url"] == plans[account["id"]].get("url")


def test_accounts_csv_has_a_bom_and_the_same_rows(site: Path) -> None:
    raw = (site / "accounts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to show Japanese text"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["id"] for r in rows} == set(_expected())
    assert all(r["platform"] == "facebook" for r in rows)


def test_open_data_is_linked_from_both_registry_pages(site: Path) -> None:
    for page in (site / "accounts" / "index.html", site / "en" / "accounts" / "index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        hrefs = {a["href"].rsplit("/", 1)[-1] for a in soup.select("article a[href]")}
        assert {"accounts.json", "accounts.csv"} <= hrefs


def test_an_active_page_is_linked(project_copy: Path, tmp_path: Path) -> None:
    # Whichever plan the copy has first, in whatever state editors left it, opens at a new address.
    slug = sorted(project_copy.glob("docs/ja/plans/*.md"))[0].stem
    for lang in ("ja", "en"):
        path = project_copy / "docs" / lang / "plans" / f"{slug}.md"
        text = re.sub(r"^  status: \w+\n(?:  url: .*\n)?", "  status: active\n  url: https://www.facebook.com/example.page\n",
                      path.read_text(encoding="utf-8"), count=1, flags=re.M)
        text = text.replace("（仮称）", "").replace("(Provisional) ", "")  # an open page has its real name
        path.write_text(text, encoding="utf-8")
    result = run_build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.output
    html = (tmp_path / "out" / "en" / "accounts" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.facebook.com/example.page"' in html
    data = json.loads((tmp_path / "out" / "accounts.json").read_text(encoding="utf-8"))
    assert {a["id"]: a["url"] for a in data["accounts"]}[slug] == "https://www.facebook.com/example.page"
    # The first line of the page follows: one page is now open.
    opened = sum(1 for a in data["accounts"] if a["status"] == "active")
    for prefix, words in (("", f"{opened}件"), ("en/", f"{opened} official page")):
        soup = BeautifulSoup((tmp_path / "out" / prefix / "accounts" / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert words in _first_line(soup), prefix


def _first_line(soup: BeautifulSoup) -> str:
    """The registry's answer line, which must come before the page's first paragraph of its own text."""
    line = soup.select_one("article .registry-as-of")
    assert line is not None
    paragraphs = [p for p in soup.select("article > p") if "translation-note" not in (p.get("class") or [])]
    assert paragraphs and paragraphs[0] is line, "the answer is not the page's first paragraph"
    return line.get_text(" ", strip=True)


def test_registry_says_first_how_many_pages_are_open_and_as_of_when(site: Path) -> None:
    """Review N8 / reader test D8: the answer was 1,200 px down on a phone, below the open-data jargon."""
    opened = sum(1 for row in _expected().values() if row["status"] == "active")
    for prefix, lang in (("", "ja"), ("en/", "en")):
        soup = BeautifulSoup((site / prefix / "accounts" / "index.html").read_text(encoding="utf-8"), "html.parser")
        first = _first_line(soup)
        assert ("現在" if lang == "ja" else "As of") in first, first
        assert (str(opened) in first) if opened else ("まだありません" in first or "no official page" in first), first
        # The open-data files come after the list, never before the answer.
        text = soup.select_one("article").get_text(" ")
        assert text.index(first) < text.index("accounts.csv")
