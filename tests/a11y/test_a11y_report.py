"""The accessibility statement's 試験結果 (scripts/sns_policy/a11y/): every JIS criterion once, never a claim the data does not support.

The criteria come from the engine's scripts/sns_policy/data/wcag-criteria.yml, a person's results from
scripts/data/accessibility-manual.yml, axe-core's from scripts/data/accessibility-results.json.
The renderer is tested on small copies of those files, so no test depends on today's results.
"""
from __future__ import annotations

import copy
import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sns_policy.commands import prose
from sns_policy.a11y import checks as a11y_checks, model, render
from tests.commands.prose_batch import Checked, prose_checked, seeded  # noqa: F401 - the fixture
from tests.conftest import parsed_html, run_build

# The level A and AA success criteria of JIS X 8341-3:2016 (= WCAG 2.0): fixed by the standard.
JIS_A = ["1.1.1", "1.2.1", "1.2.2", "1.2.3", "1.3.1", "1.3.2", "1.3.3", "1.4.1", "1.4.2", "2.1.1", "2.1.2", "2.2.1",
         "2.2.2", "2.3.1", "2.4.1", "2.4.2", "2.4.3", "2.4.4", "3.1.1", "3.2.1", "3.2.2", "3.3.1", "3.3.2", "4.1.1", "4.1.2"]
JIS_AA = ["1.2.4", "1.2.5", "1.4.3", "1.4.4", "1.4.5", "2.4.5", "2.4.6", "2.4.7", "3.1.2", "3.2.3", "3.2.4", "3.3.3", "3.3.4"]
JIS = sorted(JIS_A + JIS_AA, key=lambda c: tuple(map(int, c.split("."))))
WCAG22_NEW = {"2.4.11", "2.5.7", "2.5.8", "3.2.6", "3.3.7", "3.3.8"}  # levels A and AA only (2.4.12 is AAA)
STATEMENTS = {"ja": "accessibility/index.html", "en": "en/accessibility/index.html"}
CHECKLISTS = {"ja": "accessibility-checklist/index.html", "en": "en/accessibility-checklist/index.html"}


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _rows(page: Path, section: str) -> list[list[str]]:
    """The cells of the table under the statement's heading ``section``."""
    heading = _soup(page).select_one(f"h3#{section}")
    assert heading is not None, f"{page}: no section #{section}"
    table = heading.find_next("table")
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.select("tbody tr")]


# ---------------------------------------------------------------- the data file


def test_the_criteria_file_holds_the_38_jis_criteria_and_the_later_additions() -> None:
    items = model.criteria()
    ids = [c["id"] for c in items]
    assert len(ids) == len(set(ids)), "a criterion is listed twice in wcag-criteria.yml"
    jis = model.jis_criteria(items)
    assert [c["id"] for c in jis] == JIS
    assert sorted(c["id"] for c in jis if c["level"] == "A") == sorted(JIS_A)
    assert {c["id"] for c in items if c["wcag"] == "2.2"} == WCAG22_NEW
    for c in items:
        assert c["ja"] and c["en"] and c["check"]["ja"] and c["check"]["en"], c["id"]
        assert c["level"] in ("A", "AA"), c["id"]


# ---------------------------------------------------------------- the built pages


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_statement_lists_every_jis_criterion_exactly_once(site: Path, lang: str) -> None:
    listed = [row[0].split()[0] for row in _rows(site / STATEMENTS[lang], "checklist")]
    assert sorted(listed, key=lambda c: tuple(map(int, c.split(".")))) == JIS, listed
    assert len(listed) == len(set(listed)) == 38
    assert {row[0].split()[0] for row in _rows(site / STATEMENTS[lang], "wcag22")} == WCAG22_NEW


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_statement_shows_met_only_where_the_data_says_so(site: Path, lang: str) -> None:
    checks = model.manual()["checks"]
    met = render.WORDS[lang]["mark"]["met"]
    for section in ("checklist", "wcag21", "wcag22"):
        for row in _rows(site / STATEMENTS[lang], section):
            criterion = row[0].split()[0]
            if row[3] == met:
                entry = checks.get(criterion)
                assert entry and entry["result"] == "met", f"{criterion} shown as met without a person's result"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_checklist_page_lists_every_judged_criterion(site: Path, lang: str) -> None:
    soup = _soup(site / CHECKLISTS[lang])
    listed = [b.get_text(" ", strip=True).split()[0] for b in soup.select("article li > strong, article li > p > strong")]
    judged = [c["id"] for c in model.judged(model.criteria())]
    assert sorted(listed) == sorted(judged) and len(listed) == len(set(listed))
    text = soup.select_one("article").get_text(" ", strip=True)
    for c in model.judged(model.criteria()):
        assert " ".join(c["check"][lang].split()) in " ".join(text.split()), f"{c['id']}: what to check is missing"


# Criteria that only media (sound, video, live streams) can meet or fail.
MEDIA_CRITERIA = ("1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5")
MEDIA_ELEMENTS = "audio, video, iframe, object, embed"


def media_pages(site: Path) -> list[str]:
    """Built pages that hold a sound, video or embedded element."""
    return [html.relative_to(site).as_posix() for html in sorted(site.rglob("*.html"))
            if parsed_html(html).select(MEDIA_ELEMENTS)]


def test_media_criteria_are_not_applicable_only_while_no_page_has_media(site: Path) -> None:
    """Review N25: 1.2.x were declared applicable on a site without media; a person recorded them as
    not applicable. That record stays true only while no page carries audio, video or an embed."""
    checks = model.manual()["checks"]
    claimed = [c for c in MEDIA_CRITERIA if checks.get(c, {}).get("result") == "not_applicable"]
    if claimed:
        assert not media_pages(site), f"{claimed} are recorded as not applicable, but these pages have media: test them again"


def test_a_page_with_media_is_found(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>text</p>", encoding="utf-8")
    (tmp_path / "talk").mkdir()
    (tmp_path / "talk" / "index.html").write_text('<video src="t.mp4"></video>', encoding="utf-8")
    assert media_pages(tmp_path) == ["talk/index.html"]


def test_the_statement_links_to_the_checklist_page(site: Path) -> None:
    for lang, page in STATEMENTS.items():
        links = [a["href"] for a in _soup(site / page).select("article a[href]")]
        assert any("accessibility-checklist/" in href for href in links), lang


# ---------------------------------------------------------------- the rule for 結果 and 対応度


def _clean_run(tags: list[str], violations: dict[str, int] | None = None) -> dict:
    """A recorded axe-core run over two pages, with violations only where given."""
    violations = violations or {}
    return {"tested_on": "2026-11-25", "standard": "JIS X 8341-3:2016", "target_level": "AA", "axe_core": "4.12.1",
            "browser": "Chromium 156", "rules": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
            "viewports": {"desktop": [1280, 900], "mobile": [360, 740]},
            "pages": [{"path": "/", "desktop": sum(violations.values()), "mobile": 0}, {"path": "/en/", "desktop": 0, "mobile": 0}],
            "by_tag": {t: {"rules": [f"rule-{t}"], "violations": violations.get(t, 0)} for t in tags}}


def _files(tmp_path: Path, checks: dict | None = None, complete: set[str] = frozenset()) -> tuple[Path, Path]:
    """Small copies of the criteria file (some marked axe_complete) and a manual results file."""
    data = yaml.safe_load(model.criteria_file().read_text(encoding="utf-8"))
    for c in data["criteria"]:
        if c["id"] in complete:
            c["axe_complete"] = True
    criteria = tmp_path / "wcag-criteria.yml"
    criteria.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    manual = tmp_path / "accessibility-manual.yml"
    manual.write_text(yaml.safe_dump({"checks": checks or {}}, allow_unicode=True), encoding="utf-8")
    return criteria, manual


def _entry(result: str = "met") -> dict:
    return {"result": result, "date": "2026-11-30", "who": "secretarial-pr",
            "method": {"ja": "読み上げソフトで確かめた。", "en": "Checked with a screen reader."}}


def _statuses(criteria: Path, manual: Path, results: dict | None) -> dict[str, model.Status]:
    checks = model.manual(manual)["checks"]
    return {c["id"]: model.status(c, results, checks) for c in model.criteria(criteria)}


def _report_marks(criteria: Path, manual: Path, results: dict | None, lang: str) -> dict[str, str]:
    """Criterion → the 結果 cell, read back from the rendered Markdown table."""
    text = render.report(results, lang, criteria, manual)
    marks = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 5 and cells[0][:1].isdigit():
            marks[cells[0].split()[0]] = cells[3]
    return marks


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_clean_automated_run_alone_shows_nothing_as_met(tmp_path: Path, lang: str) -> None:
    tags = [c["axe"] for c in model.criteria() if c.get("axe")]
    criteria, manual = _files(tmp_path)
    marks = _report_marks(criteria, manual, _clean_run(tags), lang)
    assert set(JIS) <= set(marks)
    met = render.WORDS[lang]["mark"]["met"]
    assert met not in marks.values(), "a criterion was shown as met without a person's result"
    assert set(marks.values()) == {render.WORDS[lang]["mark"]["unchecked"]}
    text = render.report(_clean_run(tags), lang, criteria, manual)
    assert "準拠しています" not in text and "conforms (準拠)" not in text
    assert ("配慮" in text)


def test_a_persons_result_is_shown_and_only_for_its_criterion(tmp_path: Path) -> None:
    criteria, manual = _files(tmp_path, {"1.1.1": _entry("met"), "1.2.1": _entry("not_applicable"), "2.4.7": _entry("not_met")})
    marks = _report_marks(criteria, manual, _clean_run(["wcag111"]), "ja")
    assert marks["1.1.1"] == "○" and marks["1.2.1"] == "－" and marks["2.4.7"] == "×"
    assert marks["1.4.4"] == "未確認"
    statuses = _statuses(criteria, manual, _clean_run(["wcag111"]))
    assert not statuses["1.2.1"].applies and statuses["1.1.1"].applies


def test_an_automated_violation_beats_a_persons_met(tmp_path: Path) -> None:
    criteria, manual = _files(tmp_path, {"1.4.3": _entry("met")})
    statuses = _statuses(criteria, manual, _clean_run(["wcag143"], {"wcag143": 2}))
    assert statuses["1.4.3"].result == "not_met"
    assert "2" in render._note(statuses["1.4.3"], "en", {})


def test_a_criterion_axe_core_fully_decides_is_met_on_a_clean_run_only(tmp_path: Path) -> None:
    criteria, manual = _files(tmp_path, complete={"2.4.2"})
    assert _statuses(criteria, manual, _clean_run(["wcag242"]))["2.4.2"].result == "met"
    assert _statuses(criteria, manual, _clean_run(["wcag242"], {"wcag242": 1}))["2.4.2"].result == "not_met"
    assert _statuses(criteria, manual, None)["2.4.2"].result == "unchecked"
    criteria, manual = _files(tmp_path)
    assert _statuses(criteria, manual, _clean_run(["wcag242"]))["2.4.2"].result == "unchecked"


def test_rules_of_a_group_the_run_left_out_say_nothing(tmp_path: Path) -> None:
    """2.5.8 has an axe-core rule (wcag22aa), but the run tests WCAG 2.0 and 2.1 only."""
    criteria, manual = _files(tmp_path)
    status = _statuses(criteria, manual, _clean_run(["wcag258"]))["2.5.8"]
    assert status.result == "unchecked" and status.violations is None


def test_the_level_of_conformance_follows_waic(tmp_path: Path) -> None:
    all_met = {cid: _entry("met") for cid in JIS}
    criteria, manual = _files(tmp_path, all_met)
    statuses = [s for cid, s in _statuses(criteria, manual, None).items() if cid in JIS]
    assert model.degree(statuses) == ("準拠", 0)
    criteria, manual = _files(tmp_path, {**all_met, "3.3.2": _entry("not_met")})
    statuses = [s for cid, s in _statuses(criteria, manual, None).items() if cid in JIS]
    assert model.degree(statuses) == ("一部準拠", 0)
    criteria, manual = _files(tmp_path, {cid: e for cid, e in all_met.items() if cid != "1.3.2"})
    statuses = [s for cid, s in _statuses(criteria, manual, None).items() if cid in JIS]
    assert model.degree(statuses) == ("配慮", 1)
    # The 2.1 and 2.2 criteria never change the level: it is stated for JIS X 8341-3:2016.
    assert "準拠しています" in render.report(None, "ja", *_files(tmp_path, all_met))


# ---------------------------------------------------------------- a bad manual entry


def _problems(tmp_path: Path, body: str) -> list:
    manual = tmp_path / "accessibility-manual.yml"
    manual.write_text(textwrap.dedent(body), encoding="utf-8")
    return a11y_checks.check_manual(manual, today=dt.date(2026, 12, 2))


GOOD = """\
checks:
  "1.1.1":
    result: met
    date: "2026-11-30"
    who: secretarial-pr
    method:
      ja: 読み上げソフトで確かめた。
      en: Checked with a screen reader.
"""


def test_a_good_entry_and_the_committed_file_pass(tmp_path: Path) -> None:
    assert _problems(tmp_path, GOOD) == []
    assert a11y_checks.check_manual() == []


@pytest.mark.parametrize(("change", "line", "words"), [
    (('"1.1.1":', '"9.9.9":'), 2, ("9.9.9", "達成基準")),
    (("result: met", "result: pass"), 3, ("pass", "結果")),
    (('    date: "2026-11-30"\n', ""), 2, ("date", "date")),
    (('    method:\n      ja: 読み上げソフトで確かめた。\n      en: Checked with a screen reader.\n', ""), 2, ("method", "method")),
    (("    who: secretarial-pr\n", "    who: secretarial-pr\n    tester: 石巻 太郎\n"), 6, ("personal names", "個人名")),
    (("who: secretarial-pr", "who: 石巻太郎"), 5, ("role", "役割")),
    (('date: "2026-11-30"', 'date: "2027-01-01"'), 4, ("future", "未来")),
    (("en: Checked with a screen reader.", "en: Call 090-0000-0000 to ask."), 6, ("phone", "電話番号")),
])
def test_a_bad_entry_is_named_with_file_line_and_both_languages(tmp_path: Path, change: tuple[str, str], line: int,
                                                                 words: tuple[str, str]) -> None:
    problems = _problems(tmp_path, GOOD.replace(*change))
    assert problems, change
    problem = problems[0]
    assert problem.file.endswith("accessibility-manual.yml") and problem.line == line, problem
    assert words[0] in problem.message and words[1] in problem.ja, problem.bilingual()


def test_pages_tested_by_a_person_are_site_paths(tmp_path: Path) -> None:
    assert _problems(tmp_path, GOOD + "pages:\n  - /\n  - /en/policy/\n") == []
    problems = _problems(tmp_path, GOOD + "pages:\n  - policy.md\n")
    assert [(p.field, p.line) for p in problems] == [("pages", 9)]


def test_a_bad_entry_stops_the_build(project_copy: Path, tmp_path: Path) -> None:
    manual = project_copy / "scripts" / "data" / "accessibility-manual.yml"
    manual.write_text(GOOD.replace("result: met", "result: passed"), encoding="utf-8")
    build = run_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert "scripts/data/accessibility-manual.yml:3" in build.output, build.output[-2000:]
    assert "passed" in build.output and "結果として使えません" in build.output
    assert "Traceback" not in build.output


@seeded("what-to-check")
def _what_to_check(root: Path) -> None:
    """The checklist's texts as the one page of a site (checked with the other prose sites, tests/commands/prose_batch.py)."""
    page = root / "docs" / "ja" / "accessibility-checklist.md"
    page.parent.mkdir(parents=True)
    texts = [c["check"]["ja"] for c in model.criteria()]
    page.write_text("---\ntitle: t\n---\n\n" + "\n\n".join(texts) + "\n", encoding="utf-8")


@pytest.mark.skipif(not prose.TEXTLINT.exists(), reason="run `npm ci` first (bash scripts/test.sh does)")
def test_what_to_check_is_plain_polite_japanese(prose_checked: dict[str, Checked]) -> None:
    """The checklist page's texts come from data, which the prose check of docs/ does not read: lint them here."""
    problems = prose_checked["what-to-check"].problems
    assert not problems, "\n".join(map(str, problems))
