"""One name per thing: the glossary (scripts/data/glossary.yml) holds, and each check can fail.

English pages and the words in scripts/data are checked here (sns_policy.commands.glossary); the bodies of
Japanese pages by textlint's rule (scripts/textlint-rule-glossary.js), through sns_policy.commands.prose.
Every seeded page or data file lives under tmp_path: no tracked file is changed.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sns_policy.commands import glossary, prose
from tests.commands.prose_batch import Checked, prose_checked, seeded  # noqa: F401 - the fixture


def test_the_pages_and_data_use_one_name_per_thing() -> None:
    problems = glossary.check()
    assert not problems, "\n".join(map(str, problems))


def _page(path: Path, body: str, front: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'---\ntitle: x\nversion: "1.0"\n{front}---\n\n{body}\n', encoding="utf-8")
    return path


def test_a_seeded_english_variant_fails_with_file_line_and_the_word_to_use(tmp_path: Path) -> None:
    docs, data = tmp_path / "docs", tmp_path / "data"
    data.mkdir()
    _page(docs / "en" / "policy.md", "The City handles your personal information with care.")
    assert not glossary.check(docs=docs, data=data, root=tmp_path)
    _page(docs / "en" / "policy.md", "The City handles your personal information with care.\n\nCity staff never sell personal data.")
    problems = glossary.check(docs=docs, data=data, root=tmp_path)
    assert [(p.file, p.line, p.found) for p in problems] == [("docs/en/policy.md", 8, "personal data")]
    assert 'write "personal information", not "personal data"' in str(problems[0])
    assert str(problems[0]).startswith("docs/en/policy.md:8:")


def test_a_seeded_japanese_variant_in_a_data_file_fails(tmp_path: Path) -> None:
    docs, data = tmp_path / "docs", tmp_path / "data"
    (docs / "en").mkdir(parents=True)
    data.mkdir()
    (data / "labels.yml").write_text("ja:\n  history: 改訂履歴\nen:\n  history: Revision history\n", encoding="utf-8")
    assert not glossary.check(docs=docs, data=data, root=tmp_path)
    (data / "labels.yml").write_text("ja:\n  history: 改正履歴\nen:\n  history: Revision history\n", encoding="utf-8")
    problems = glossary.check(docs=docs, data=data, root=tmp_path)
    assert [(p.file, p.line, p.found, p.entry.use) for p in problems] == [("data/labels.yml", 2, "改正履歴", "改訂履歴")]


def test_japanese_quoted_on_an_english_page_and_japanese_front_matter_are_checked(tmp_path: Path) -> None:
    docs, data = tmp_path / "docs", tmp_path / "data"
    data.mkdir()
    _page(docs / "en" / "incidents" / "statements.md", "```text\n深くお詫び申し上げます。\n```")
    _page(docs / "ja" / "plans" / "a.md", "本文", front='plan:\n  hours: "開庁日の執務時間内"\n')
    found = {(p.file, p.found) for p in glossary.check(docs=docs, data=data, root=tmp_path)}
    assert found == {("docs/en/incidents/statements.md", "詫び"), ("docs/ja/plans/a.md", "執務時間")}


def test_history_rows_and_comments_record_the_past_and_are_not_checked(tmp_path: Path) -> None:
    docs, data = tmp_path / "docs", tmp_path / "data"
    data.mkdir()
    history = 'history:\n  - version: "1.0"\n    date: "2026-11-24"\n    change: "personal data section added"\n# citizens land here\n'
    _page(docs / "en" / "policy.md", "Nothing wrong here.", front=history)
    assert not glossary.check(docs=docs, data=data, root=tmp_path)


def test_a_place_is_the_city_and_the_institution_is_the_city() -> None:
    """The one entry that decides by context: its exceptions are the place, not the institution."""
    words = [found for _, _, found, _ in glossary.find(
        "People outside the city and residents of the city read the city newsletter. the city decides.", "en")]
    assert words == ["the city"]


def test_every_pattern_is_the_same_regular_expression_in_javascript() -> None:
    """textlint runs the Japanese patterns in Node: a pattern Node cannot compile would check nothing."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    patterns = [p.pattern for e in glossary.entries() for p in e.avoid]
    script = "const ps = JSON.parse(process.argv[1]); for (const p of ps) new RegExp(p, 'gu'); console.log(ps.length)"
    result = subprocess.run([node, "-e", script, json.dumps(patterns)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(patterns))


def test_no_preferred_word_is_refused_by_its_own_entry() -> None:
    for entry in glossary.entries():
        assert not any(p.search(entry.use) for p in entry.avoid), entry.use


# Each site is checked by textlint with every other seeded prose site of the run (tests/commands/prose_batch.py).
@seeded("glossary-japanese-before")
def _glossary_japanese_before(root: Path) -> None:
    docs = root / "docs"
    _page(docs / "ja" / "policy.md", "市民の皆さまへのおわびです。")
    _page(docs / "ja" / "guideline" / "index.md", "職員は、[改訂の提案方法](../contributing.md)により提案する。")


@seeded("glossary-japanese-after")
def _glossary_japanese_after(root: Path) -> None:
    _glossary_japanese_before(root)
    docs = root / "docs"
    page = docs / "ja" / "policy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n皆様へのお詫びです。\n", encoding="utf-8")
    _page(docs / "ja" / "guideline" / "index.md", "職員は、[変更の提案方法](../contributing.md)により提案する。")


@pytest.mark.skipif(not prose.TEXTLINT.exists(), reason="run `npm ci` first (bash scripts/test.sh does)")
def test_a_seeded_japanese_variant_fails_textlint_with_file_and_line(prose_checked: dict[str, Checked]) -> None:
    assert not prose_checked["glossary-japanese-before"].problems
    problems = prose_checked["glossary-japanese-after"].problems
    assert sorted((p.file, p.line, p.rule) for p in problems) == [
        ("docs/ja/guideline/index.md", 6, "glossary"),
        ("docs/ja/policy.md", 8, "glossary"), ("docs/ja/policy.md", 8, "glossary")]
    assert any("「皆様」ではなく「皆さま」" in p.message for p in problems)
    assert any("「変更の提案方法」ではなく「改訂の提案方法」" in p.message for p in problems)


@seeded("glossary-style-bound-word")
def _glossary_style_bound_word(root: Path) -> None:
    docs = root / "docs"
    _page(docs / "ja" / "policy.md", "電話または窓口でお問い合わせください。又は手紙でも構いません。")
    _page(docs / "ja" / "guideline" / "index.md", "職員は、電話又は窓口で対応する。")


@pytest.mark.skipif(not prose.TEXTLINT.exists(), reason="run `npm ci` first (bash scripts/test.sh does)")
def test_a_style_bound_word_is_refused_only_on_citizens_pages(prose_checked: dict[str, Checked]) -> None:
    problems = prose_checked["glossary-style-bound-word"].problems
    assert [(p.file, p.rule) for p in problems] == [("docs/ja/policy.md", "glossary")]
