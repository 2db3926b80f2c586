"""Search words as data (scripts/data/search-words.yml → scripts/sns_policy/search/): each language's
index carries them for the sections they name, never the document header, and a section that does
not exist stops the build with file, line and a message in both languages.

How the words rank sections in a real browser is tested in tests/browser/test_search.py.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sns_policy.search import build, model
from tests.conftest import run_build


def _index(site: Path, lang: str) -> dict:
    folder = site if lang == "ja" else site / lang
    return json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))


def _doc(index: dict, location: str) -> dict:
    return next(doc for doc in index["docs"] if doc["location"] == location)


@pytest.mark.parametrize("key, location", [
    ("policy.md#comment-removed", "policy/#comment-removed"), ("policy.md", "policy/"), ("index.md", ""),
    ("index.md#citizens", "#citizens"), ("incidents/index.md#after-hours", "incidents/#after-hours"),
    ("incidents/erroneous-post.md", "incidents/erroneous-post/"),
])
def test_a_section_key_is_the_index_address_of_that_section(key: str, location: str) -> None:
    assert model.location(key) == location


def test_each_index_carries_its_languages_words_in_a_field_of_its_own(site: Path) -> None:
    ja, en = _index(site, "ja"), _index(site, "en")
    assert "コメントが消された" in _doc(ja, "policy/#comment-removed")["words"]
    assert "contact the city" in _doc(en, "policy/#enquiries")["words"]
    assert "contact the city" not in _doc(ja, "policy/#enquiries").get("words", "")
    for index in (ja, en):
        assert index["config"]["fields"]["words"]["boost"] > index["config"]["fields"]["title"]["boost"]


def test_the_glossarys_variants_find_the_section_titled_with_its_word(site: Path) -> None:
    # glossary.yml: use 禁止事項が投稿された場合の対応, avoid 削除等の措置 (the title is the glossary's word)
    assert "削除等の措置" in _doc(_index(site, "ja"), "policy/#moderation")["words"]
    assert "personal data" in _doc(_index(site, "en"), "policy/#privacy")["words"]


def test_the_document_header_pdf_link_and_contents_are_not_searched(site: Path) -> None:
    for lang, words in (("ja", ["第1.", "状態", "PDF版", "このページの目次"]), ("en", ["Version", "PDF edition", "Contents of this page", "English translation for reference"])):
        text = _doc(_index(site, lang), "policy/")["text"]
        assert not [w for w in words if w in text], f"{lang}: the policy's search text starts {text[:80]!r}"


def test_an_unknown_section_is_reported_with_file_line_and_both_languages(tmp_path: Path) -> None:
    data = tmp_path / "search-words.yml"
    data.write_text("ja:\n  policy.md#comment-removed:\n    - 消された\n  policy.md#no-such-section:\n    - 何か\n"
                    "  policy.md#purpose: 目的\nen:\n  policy.md#nowhere:\n    - anything\n", encoding="utf-8")
    docs = [{"location": "policy/#comment-removed", "title": "x"}, {"location": "policy/#purpose", "title": "y"}]
    problems = build.attach(docs, "ja", data)
    assert [(p.line, p.field) for p in problems] == [(4, "ja: policy.md#no-such-section"), (6, "ja: policy.md#purpose")]
    assert problems[0].ja and "節がありません" in problems[0].ja and "no such section" in problems[0].message
    assert docs[0]["words"] == "消された"
    assert [p.line for p in build.attach(docs, "en", data)] == [8]


def test_the_build_stops_on_a_section_that_does_not_exist(project_copy: Path, tmp_path: Path) -> None:
    data = project_copy / "scripts" / "data" / model.WORDS
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("  policy.md#comment-removed:\n", "  policy.md#comment-gone:\n", 1), encoding="utf-8")
    line = text.splitlines().index("  policy.md#comment-removed:") + 1
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"scripts/data/search-words.yml:{line}: ja: policy.md#comment-gone" in result.output, result.output[-2000:]
    assert "[ja]" in result.output and "[en] no such section" in result.output
    assert "Traceback" not in result.output
