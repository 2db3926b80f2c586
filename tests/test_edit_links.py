"""From page to pull request: every page links to its own source file and to a prefilled issue."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, TEST_REPO_URL, Build, parsed_html

REPO_URL = TEST_REPO_URL  # the session's site is built with REPO_URL set; mkdocs.yml has no default
EDIT = re.compile(re.escape(REPO_URL) + r"/edit/main/docs/(?P<lang>[a-z]{2})/(?P<path>.+\.md)$")


def page_language(site: Path, html: Path) -> str:
    """``en`` for pages under /en/, ``ja`` for the rest (Japanese is served at /)."""
    return "en" if html.relative_to(site).parts[0] == "en" else "ja"


def edit_link_problems(site: Path, docs: Path = ROOT / "docs") -> list[str]:
    """Pages without an edit link to an existing source file in their own language."""
    problems = []
    for html in sorted(site.rglob("index.html")):
        soup = parsed_html(html)
        name = html.relative_to(site).as_posix()
        link = soup.select_one("a[rel=edit]")
        match = EDIT.match(link["href"]) if link else None
        if not match:
            problems.append(f"{name}: no edit link to {REPO_URL}/edit/main/docs/…")
        elif match["lang"] != page_language(site, html):
            problems.append(f"{name}: edit link points to the {match['lang']} source, page is {page_language(site, html)}")
        elif not (docs / match["lang"] / match["path"]).is_file():
            problems.append(f"{name}: edit link points to docs/{match['lang']}/{match['path']}, which does not exist")
    return problems


def test_every_page_links_to_its_own_source(site: Path) -> None:
    pages = list(site.rglob("index.html"))
    assert len([p for p in pages if page_language(site, p) == "en"]) >= 20
    assert not edit_link_problems(site), "\n".join(edit_link_problems(site))


def test_a_wrong_edit_link_is_caught(site: Path, tmp_path: Path) -> None:
    """Put the faults back: an English page editing the Japanese file, a page editing a missing file."""
    copy = tmp_path / "site"
    for name in ("en/policy/index.html", "accounts/index.html"):
        (copy / name).parent.mkdir(parents=True)
        (copy / name).write_text((site / name).read_text(encoding="utf-8"), encoding="utf-8")
    english = copy / "en/policy/index.html"
    english.write_text(english.read_text(encoding="utf-8").replace("/docs/en/policy.md", "/docs/ja/policy.md"), encoding="utf-8")
    japanese = copy / "accounts/index.html"
    japanese.write_text(japanese.read_text(encoding="utf-8").replace("/docs/ja/accounts.md", "/docs/ja/gone.md"), encoding="utf-8")
    problems = edit_link_problems(copy)
    assert len(problems) == 2 and "points to the ja source" in problems[1] and "does not exist" in problems[0]


def test_report_link_opens_a_prefilled_issue_for_the_page(site: Path, build) -> None:
    for name, path in (("policy/index.html", "policy/"), ("en/policy/index.html", "en/policy/")):
        soup = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one("a[data-report-problem]")
        assert link is not None and link.get("title"), name
        url = urlsplit(link["href"])
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPO_URL}/issues/new"
        query = parse_qs(url.query)
        assert query["template"] == ["content-correction.yml"]
        assert query["page"] == [build.site_url + path]
        assert soup.title.get_text().split(" - ")[0].strip() in query["title"][0]
        assert (ROOT / ".github" / "ISSUE_TEMPLATE" / "content-correction.yml").is_file()


def test_repository_link_asks_no_one_for_its_stars(site: Path) -> None:
    """Material's source component fetches GitHub's API from the visitor's browser; ours is a plain link."""
    html = (site / "index.html").read_text(encoding="utf-8")
    assert REPO_URL in html and 'data-md-component="source"' not in html


def test_contributing_page_links_to_the_guide_in_the_repository(site: Path) -> None:
    for name in ("contributing/index.html", "en/contributing/index.html"):
        assert f'href="{REPO_URL}/blob/main/CONTRIBUTING.md"' in (site / name).read_text(encoding="utf-8"), name


def test_a_link_to_a_missing_repository_file_fails_the_build(project_copy: Path, tmp_path: Path) -> None:
    from tests.conftest import run_build

    (project_copy / "CONTRIBUTING.md").unlink()
    build = run_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert "docs/ja/contributing.md" in build.output and "../../CONTRIBUTING.md" in build.output
    assert "Traceback" not in build.output


def _no_repository_links(site: Path) -> list[str]:
    """Pages that still link to a repository: edit, report or source links."""
    found = []
    for html in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        if soup.select("a[rel=edit], a[data-report-problem], a.md-source") or "/issues/new" in str(soup):
            found.append(html.relative_to(site).as_posix())
    return found


def _assert_no_repository_links(out: Path) -> None:
    assert (out / "policy" / "index.html").is_file()
    assert _no_repository_links(out) == []
    assert "ishinomaki-city/sns-policy" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # The contributing page names the guide instead of linking to a repository.
    assert "CONTRIBUTING.md" in (out / "contributing" / "index.html").read_text(encoding="utf-8")


def test_a_build_without_a_repository_address_has_no_edit_or_report_links(build_without_repository: Build) -> None:
    """The default configuration names no repository: nobody's unconfirmed organisation gets residents' reports."""
    _assert_no_repository_links(build_without_repository.site_dir)


def test_an_empty_repository_address_is_no_address(project_copy: Path, tmp_path: Path) -> None:
    from tests.conftest import run_build

    build = run_build(project_copy, tmp_path / "out", env={"REPO_URL": ""})
    assert build.returncode == 0, build.output
    _assert_no_repository_links(tmp_path / "out")


def test_the_no_links_check_finds_a_link(site: Path, tmp_path: Path) -> None:
    """The session's site has REPO_URL set, so the check above must see its links."""
    copy = tmp_path / "site" / "policy"
    copy.mkdir(parents=True)
    (copy / "index.html").write_text((site / "policy" / "index.html").read_text(encoding="utf-8"), encoding="utf-8")
    assert _no_repository_links(tmp_path / "site") == ["policy/index.html"]
