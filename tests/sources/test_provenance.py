"""No page, in either language, presents the proposal's submission date as an adoption date."""
from __future__ import annotations

from pathlib import Path

import pytest

from sns_policy.sources.pages import load_pages
from sns_policy.sources.provenance import adoption_claims, check_provenance

from tests.conftest import parsed_html, write_page


@pytest.mark.parametrize("claim", [
    "この運用方針は、平成28年（2016年）10月17日に策定しました。",
    "平成28年10月17日制定",
    "This policy was adopted on 17 October 2016.",
    "Established: 17 October 2016",
    "The guideline came into force on 2016-10-17.",
])
def test_an_adoption_claim_is_found(claim: str) -> None:
    assert adoption_claims(claim), claim


@pytest.mark.parametrize("honest", [
    "平成28年（2016年）10月17日に平成28年度第1回石巻市地域情報化推進本部会議へ提出された提案書です。",
    "施行予定は平成28年（2016年）10月です。10月17日に提出しました。",
    "The proposal was submitted on 17 October 2016. Nothing was adopted at that meeting.",
    "経緯は[提案の経緯](background.md)（平成28年10月17日提出）をご覧ください。",
])
def test_an_honest_sentence_passes(honest: str) -> None:
    assert not adoption_claims(honest), honest


def test_a_page_claiming_adoption_fails_the_checks(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_page(docs / "ja" / "policy.md", 'title: 運用方針\nversion: "1.0"', "この方針は平成28年10月17日に策定しました。\n")
    write_page(docs / "en" / "policy.md",
               'title: Policy\nversion: "1.0"\nhistory:\n  - version: "1.0"\n    date: "2016-10-17"\n'
               '    change: "Adopted on 17 October 2016"', "Text\n")
    pageset, _ = load_pages(docs)
    found = {(p.file.split("docs/")[-1], p.message.split(":")[0]) for p in check_provenance(pageset)}
    assert ("ja/policy.md", "presents 17 October 2016 as a date of adoption") in found
    assert ("en/policy.md", "presents 17 October 2016 as a date of adoption") in found


def test_no_built_page_claims_adoption_on_the_submission_date(site: Path) -> None:
    """The rendered pages, generated headers and histories included, in both languages."""
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 40
    for page in pages:
        article = parsed_html(page).select_one("article")
        if article is None:
            continue
        text = article.get_text("\n", strip=True)
        assert not adoption_claims(text), f"{page.relative_to(site)}: {adoption_claims(text)}"
