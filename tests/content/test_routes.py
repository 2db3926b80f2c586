"""Routes stated once (scripts/sns_policy/content/routes.py): every page that states one shows the same words,
and a change to the data reaches every page.

Issue 18: the policy promised to explain a removed comment while the playbook forbade it;
residents could only telephone; staff at 22:00 had no route to the other divisions. Each
answer now lives in scripts/data/ and these tests hold the pages to it.
"""
from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from sns_policy import datafiles
from sns_policy.content import confirm, routes
from sns_policy.site import load_site
from sns_policy.sources.schema import severity_levels
from tests.conftest import PUBLIC_SITE_URL, ROOT, Build, run_build
from tests.content.test_rules import _marker_problems


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def _after(soup: BeautifulSoup, anchor: str, kind: str) -> Tag:
    """The first ``kind`` element (table, ul) after the element with id ``anchor``."""
    start = soup.find(id=anchor)
    assert start is not None, anchor
    found = start.find_next(kind)
    assert found is not None, (anchor, kind)
    return found


def _rows(table: Tag) -> list[str]:
    return [tr.get_text(" ", strip=True) for tr in table.find_all("tr")]


def _items(ul: Tag) -> list[str]:
    return [li.get_text(" ", strip=True) for li in ul.find_all("li", recursive=False)]


# Where each route is stated: (page, anchor of the section that holds it).
# Staff pages show the staff table; the operating policy the same answers in residents' words.
OBJECTION_PAGES = [("incidents/policy-violation", "objections"), ("guideline/risk", "article-46")]
RESIDENTS_OBJECTION = ("policy", "comment-removed")
AFTER_HOURS_PAGES = [("incidents", "after-hours"), ("guideline/risk", "article-45"), ("incidents/quick-reference", "after-hours")]


def objection_tables(site: Path, lang: str) -> dict[str, list[str]]:
    prefix = "en/" if lang == "en" else ""
    return {page: _rows(_after(_soup(site, prefix + page), anchor, "table")) for page, anchor in OBJECTION_PAGES}


def after_hours_lists(site: Path, lang: str) -> dict[str, list[str]]:
    """The after-hours list of each page: the first list after the anchor that starts with level 1."""
    prefix = "en/" if lang == "en" else ""
    level_1 = severity_levels()[1][lang]
    out = {}
    for page, anchor in AFTER_HOURS_PAGES:
        start = _soup(site, prefix + page).find(id=anchor)
        out[page] = next(_items(u) for u in start.find_all_next("ul") if _items(u) and _items(u)[0].startswith(level_1))
    return out


@pytest.fixture(scope="module")
def built(build_without_repository: Build) -> Path:
    """The project as it is, without a repository address (shared by every test that reads it)."""
    return build_without_repository.site_dir


def residents_objection_table(site: Path, lang: str) -> list[str]:
    prefix = "en/" if lang == "en" else ""
    page, anchor = RESIDENTS_OBJECTION
    return _rows(_after(_soup(site, prefix + page), anchor, "table"))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_objection_table_is_the_same_on_playbook_and_guideline_and_told_to_residents(built: Path, lang: str) -> None:
    tables = objection_tables(built, lang)
    first = tables["incidents/policy-violation"]
    assert len(first) == 8  # header and seven rows
    assert all(rows == first for rows in tables.values()), tables
    o = datafiles.load("rules.yml")["objection"]
    days = routes.answer_time(o["answer_within_working_days"], lang)
    residents = residents_objection_table(built, lang)
    for table in (first, residents):  # the same facts, from the same data
        assert any(days in row for row in table)
        assert any(routes._short(o["receives"], lang) in row for row in table)
        assert any(str(datafiles.load("rules.yml")["removal"]["catch_all_item"]) in row for row in table)
    # Residents read polite sentences, not the staff's noun phrases (review N9).
    if lang == "ja":
        assert all(row.rstrip().endswith(("。", "市の対応")) for row in residents), residents
        assert not any(word in " ".join(residents) for word in ("又は", "措置", "所属長"))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_after_hours_rules_are_the_same_on_overview_guideline_and_card(built: Path, lang: str) -> None:
    lists = after_hours_lists(built, lang)
    first = lists["incidents"]
    rules = {text[lang] for text in datafiles.load("after-hours.yml")["levels"].values()}
    assert len(first) == len(rules) + len(routes.after_hours_items())  # one item per distinct level rule, then each route
    assert all(items == first for items in lists.values()), lists


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_takeover_playbook_quotes_the_after_hours_items(built: Path, lang: str) -> None:
    prefix = "en/" if lang == "en" else ""
    overview = after_hours_lists(built, lang)["incidents"]
    playbook = _soup(built, prefix + "incidents/account-takeover").get_text(" ", strip=True)
    for name in ("from-home", "meta", "holding"):
        (item,) = [i for i in overview if i.startswith(routes.after_hours_items()[name]["label"][lang])]
        assert item in playbook, name


def test_deletion_fallback_is_the_same_in_guideline_playbook_and_card(built: Path) -> None:
    text = routes.after_hours_text("deletion", "ja", "incidents/index.md")
    for page in ("guideline/risk", "incidents/erroneous-post", "incidents/quick-reference", "incidents"):
        assert text in _soup(built, page).get_text("", strip=False), page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_policy_gives_a_written_route_with_hours_and_answer_time(built: Path, lang: str) -> None:
    prefix = "en/" if lang == "en" else ""
    items = _items(_after(_soup(built, prefix + "policy"), "enquiries", "ul"))
    contact = datafiles.load("contact.yml")
    labels = [route["label"][lang] for route in contact["routes"]]
    assert [i.split("：" if lang == "ja" else ":")[0].strip() for i in items[: len(labels)]] == labels
    assert sum(1 for r in contact["routes"] if r.get("written")) >= 2
    assert str(contact["answer_within_working_days"]) in items[-1]
    # The City website's address comes from mkdocs.yml only; no other address is invented.
    links = {a["href"] for a in _after(_soup(built, prefix + "policy"), "enquiries", "ul").find_all("a")}
    assert {h for h in links if h.startswith("http")} == {load_site().website}


def test_hidden_comments_are_explained_to_residents(built: Path) -> None:
    text = _soup(built, "policy").find(id="comment-removed").find_next("p").get_text()
    assert "ご本人" in text and "非表示" in text


RESIDENTS_PAGES = ("", "policy", "accounts", "background", "accessibility", "accessibility-checklist", "contributing", "history")


def _marks(soup: BeautifulSoup) -> list[Tag]:
    return [a for a in soup.select("article a[href]") if "facts-to-confirm" in a["href"] or a.get_text() in ("要確認", "to be confirmed")]


def test_residents_pages_carry_no_confirm_marks_and_do_not_link_the_staff_list(built: Path) -> None:
    """Review N3: a resident is never told the City's own names are doubtful, nor sent to a staff list."""
    for prefix in ("", "en/"):
        for page in RESIDENTS_PAGES:
            soup = _soup(built, prefix + page)
            found = [a for a in _marks(soup) if not page == "contributing"]  # the editors' page names the list
            assert not found, f"{prefix}{page}: {[str(a) for a in found]}"


def test_facts_to_confirm_are_marked_on_staff_pages_and_listed_in_plain_words(built: Path) -> None:
    for lang, prefix in (("ja", ""), ("en", "en/")):
        page = _soup(built, prefix + "facts-to-confirm")
        listed = _items(_after(page, "list", "ul"))
        assert len(listed) == len(confirm.pending())
        # A list for staff, not for developers: no file paths (review N3).
        assert not any(re.search(r"scripts/|docs/|\.ya?ml|\.md\b|mkdocs", item) for item in listed), listed
        folder = built / prefix
        marks = [a for sub in ("guideline", "incidents") for html in sorted((folder / sub).rglob("index.html"))
                 for a in _marks(BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser"))
                 if a.get_text() in ("要確認", "to be confirmed")]
        assert marks and all(a["href"].endswith("facts-to-confirm/") for a in marks)


def test_a_confirm_mark_is_never_given_to_a_residents_page() -> None:
    """The mark is made for a staff page and withheld from a residents' page, for the same fact."""
    fact = next(iter(confirm.pending()))
    assert routes.confirm_mark(fact, "ja", "incidents/index.md")
    assert routes.confirm_mark(fact, "ja", "policy.md") == ""


def _edit_yaml(path: Path, change) -> None:  # noqa: ANN001 - a function that edits the parsed data
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_changing_the_data_changes_every_page(project_copy: Path, tmp_path: Path) -> None:
    """One edit of scripts/data/ and every page that states the route follows it."""
    data = project_copy / "scripts" / "data"

    def objection(d: dict) -> None:
        d["objection"]["answer_within_working_days"] = 7
        d["objection"]["receives"] = "ict"
        d["deciders"]["deletion_fallback"] = "operator"
    _edit_yaml(data / "rules.yml", objection)

    def after_hours(d: dict) -> None:
        d["escalation"]["no_answer_minutes"] = 4
        d["escalation"]["steps"] = [["head-of-department", "ict"], ["department-director"], ["page-manager"]]
        d["routes"] = ["secretarial-pr"]
    _edit_yaml(data / "after-hours.yml", after_hours)

    def contact(d: dict) -> None:
        d["routes"][2]["label"] = {"ja": "ファクス以外の書面", "en": "Other writing"}
        d["answer_within_working_days"] = 15
    _edit_yaml(data / "contact.yml", contact)

    def confirmed(d: dict) -> None:
        d["meta-labels"]["confirm"] = False
    _edit_yaml(data / "confirm.yml", confirmed)

    site = tmp_path / "site"
    build = run_build(project_copy, site)
    assert build.returncode == 0, build.output

    for lang in ("ja", "en"):
        tables = objection_tables(site, lang)
        staff = tables["incidents/policy-violation"]
        assert all(rows == staff for rows in tables.values())
        for table in (staff, residents_objection_table(site, lang)):
            due = next(r for r in table if ("7開庁日以内" if lang == "ja" else "within 7 working days") in r)
            assert due and not any("10開庁日" in r or "10 working days" in r for r in table)
        received = next(r for r in staff if r.startswith("受付" if lang == "ja" else "Received by"))
        assert ("ICT総合推進室" if lang == "ja" else "ICT Promotion Office") in received

        lists = after_hours_lists(site, lang)
        assert all(items == lists["incidents"] for items in lists.values())
        text = " ".join(lists["incidents"])
        assert ("4分以内" if lang == "ja" else "within 4 minutes") in text
        assert ("①所属長及びICT総合推進室、②所属する部の部長、③ページ管理者の順" if lang == "ja" else
                "Step 1: the head of division and the ICT Promotion Office; step 2: the director of the department; "
                "step 3: the page manager") in text
        assert ("危機対策課" if lang == "ja" else "Crisis Management Division") not in text

        prefix = "en/" if lang == "en" else ""
        enquiries = _items(_after(_soup(site, prefix + "policy"), "enquiries", "ul"))
        assert any(("ファクス以外の書面" if lang == "ja" else "Other writing") in i for i in enquiries)
        assert ("15開庁日以内" if lang == "ja" else "within 15 working days") in enquiries[-1]

        # The fact confirmed no longer carries its mark; the list of facts shrinks.
        removed = _soup(site, prefix + "policy").find(id="comment-removed").find_next("p")
        assert not removed.find("a")
        assert len(_items(_after(_soup(site, prefix + "facts-to-confirm"), "list", "ul"))) == len(confirm.pending()) - 1

    fallback = "運用担当者が本市の投稿を削除せずに非公開にできる"
    for page in ("guideline/risk", "incidents/erroneous-post", "incidents/quick-reference"):
        assert fallback in _soup(site, page).get_text(), page


@pytest.mark.parametrize("text, fragment", [
    ("{{rule:after-hours-item:nap}}", "{{rule:after-hours-item:nap}} needs one of:"),
    ("{{rule:confirm:rumour}}", "{{rule:confirm:rumour}} needs one of:"),
    ("表は {{rule:objection-table}} のとおり。", "put it alone on its line"),
    ("一覧 {{rule:after-hours}}", "put it alone on its line"),
])
def test_a_wrong_route_marker_fails(tmp_path: Path, text: str, fragment: str) -> None:
    (message,) = _marker_problems(tmp_path, text + "\n")
    assert fragment in message


def test_release_build_lists_the_facts_to_confirm(project_copy: Path, tmp_path: Path) -> None:
    """SITE_RELEASE=1 prints the list as information; it is never the reason a release stops."""
    subprocess.run(["git", "init", "-q"], cwd=project_copy, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project_copy, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "copy"], cwd=project_copy, check=True)
    build = run_build(project_copy, tmp_path / "site", site_url=PUBLIC_SITE_URL, env={"SITE_RELEASE": "1"})
    lines = build.output.splitlines()
    (head,) = [i for i, line in enumerate(lines) if "Facts to confirm with the City" in line]
    assert lines[head].startswith("INFO")
    for key in confirm.pending():
        assert any(line.strip().startswith(f"{key}: ") for line in lines[head + 1: head + 1 + len(confirm.pending())]), key
    # Whatever else a release refuses (here possibly translations behind their originals), it is not these facts.
    refusals = [line for line in lines if line.startswith(("ERROR", "WARNING"))]
    assert not any("confirm" in line.lower() for line in refusals), refusals


def test_facts_alone_are_information_not_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.confirm"):
        confirm.log_report()
    assert confirm.pending() and caplog.records
    assert all(r.levelno == logging.INFO for r in caplog.records)
    assert all(key in caplog.text for key in confirm.pending())


# ---------------------------------------------------------------- the night route (review 2026-12-07, N1)


def test_the_order_of_calls_reaches_ict_within_every_target() -> None:
    """ICT restores access, so it is in the order of calls; the last step is called before any target runs out."""
    from sns_policy.sources.pages import load_pages
    pageset, _ = load_pages()
    assert routes.check_after_hours(pageset) == []
    called = [r for step in routes.steps() for r in step]
    assert datafiles.load("page-access.yml")["portfolio_admin"] in called
    targets = [v["target_minutes"] for v in severity_levels().values() if not v.get("office_hours_only")]
    assert routes.reach_minutes() < min(targets)


@pytest.mark.parametrize("change, field, words", [
    (lambda d: d["escalation"].update(no_answer_minutes=10), "escalation.no_answer_minutes", "15-minute target"),
    (lambda d: d["escalation"].update(steps=[["head-of-department"], ["page-manager"]]), "escalation.steps", "restore access"),
    (lambda d: d["escalation"].update(steps=[["head-of-department", "ict", "night-watch"]]), "escalation", "not a role"),
])
def test_a_night_route_that_fails_is_refused_with_its_line(monkeypatch: pytest.MonkeyPatch, change, field: str, words: str) -> None:  # noqa: ANN001
    import copy
    from sns_policy.sources.pages import load_pages
    data = copy.deepcopy(datafiles.load("after-hours.yml"))
    change(data)
    monkeypatch.setattr(routes, "_after_hours", lambda: data)
    problems = [p for p in routes.check_after_hours(load_pages()[0]) if p.field == field]
    assert problems and any(words in p.message for p in problems), problems
    problem = problems[0]
    assert problem.file == "scripts/data/after-hours.yml" and isinstance(problem.line, int) and problem.ja
    text = (ROOT / problem.file).read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert text.strip().startswith(("no_answer_minutes", "steps"))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_card_has_a_blank_for_every_role_called_and_no_number(built: Path, lang: str) -> None:
    prefix = "en/" if lang == "en" else ""
    box = _soup(built, prefix + "incidents/quick-reference").select_one(".qr-contacts")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in box.find_all("tr")[1:]]
    from sns_policy.sources.schema import roles
    assert [r[0] for r in rows] == [roles()[r][lang] for r in routes.contact_roles()]
    assert all(cell == "" for _, cell in rows), "a number was typed into the card"
    assert not re.search(r"\d{2,}-\d{2,}", box.get_text())
