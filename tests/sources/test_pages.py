"""Every page exists in both languages at the same version; front matter is valid."""
from __future__ import annotations

from pathlib import Path

from sns_policy.sources.pages import RecordKind, check_front_matter, check_headings, check_history, check_pairs, load_pages
from sns_policy.problems import format_problems
from sns_policy.pipeline.validate import check_site, main
from tests.conftest import write_page


def test_the_real_sources_have_no_problem() -> None:
    _, problems = check_site()
    assert not problems, format_problems(problems)


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    write_page(docs / "ja" / "index.md", 'title: ホーム\nversion: "1.0"', "本文")
    write_page(docs / "en" / "index.md", 'title: Home\nversion: "1.0"', "Text")
    return docs


def test_a_missing_translation_is_named(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    write_page(docs / "ja" / "policy.md", 'title: 運用方針\nversion: "1.0"')
    pageset, _ = load_pages(docs)
    messages = [p.message for p in check_pairs(pageset)]
    assert len(messages) == 1
    assert "is missing: the translation of" in messages[0] and "docs/ja/policy.md" in messages[0]


def test_a_missing_translation_names_the_missing_file(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    write_page(docs / "ja" / "policy.md", 'title: 運用方針\nversion: "1.0"')
    pageset, _ = load_pages(docs)
    (problem,) = check_pairs(pageset)
    assert problem.file.endswith("docs/en/policy.md")


def test_an_english_page_without_original_is_named(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    write_page(docs / "en" / "extra.md", 'title: Extra\nversion: "1.0"')
    pageset, _ = load_pages(docs)
    (problem,) = check_pairs(pageset)
    assert problem.file.endswith("docs/en/extra.md") and "has no original" in problem.message


def test_a_translation_ahead_of_its_original_is_named(tmp_path: Path) -> None:
    """A translation's version is the original's version it translates: never a newer one."""
    docs = _docs(tmp_path)
    write_page(docs / "en" / "index.md", 'title: Home\nversion: "1.1"')
    pageset, _ = load_pages(docs)
    (problem,) = check_pairs(pageset)
    assert problem.file.endswith("docs/en/index.md") and problem.field == "version"
    assert "'1.1'" in problem.message and "'1.0'" in problem.message and "ahead" in problem.message


def test_a_translation_of_an_earlier_version_is_allowed(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    write_page(docs / "en" / "index.md", 'title: Home\nversion: "0.9"')
    pageset, _ = load_pages(docs)
    assert check_pairs(pageset) == []


def test_bad_front_matter_is_named(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    write_page(docs / "ja" / "rule.md", 'title: 規程\nversion: 1\ndoc_status: 施行\nsubmitted: "2016-10-32"\nplanned_effect: null\ncolour: red')
    write_page(docs / "en" / "rule.md", 'title: Rule\nversion: "1"')
    pageset, _ = load_pages(docs)
    found = {(p.field, p.message.split(" (found")[0]) for p in check_front_matter(pageset, ()) if p.file.endswith("ja/rule.md")}
    assert ("version", 'must be a quoted version number such as "1.0"') in found
    assert ("doc_status", "must be draft (案), in_force (施行) or abolished (廃止)") in found
    assert any(f == "submitted" and "YYYY-MM-DD" in m for f, m in found)
    assert ("colour", "is not a known key (check the spelling)") in found


def test_malformed_yaml_is_reported_not_raised(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    (docs / "ja" / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    _, problems = load_pages(docs)
    (problem,) = problems
    assert problem.file.endswith("docs/ja/broken.md") and "not valid YAML" in problem.message


def test_command_line_prints_problems_and_fails(tmp_path: Path, capsys) -> None:
    docs = _docs(tmp_path)
    write_page(docs / "ja" / "policy.md", 'title: 運用方針\nversion: "1.0"')
    assert main([str(docs)]) == 1
    err = capsys.readouterr().err
    assert "docs/en/policy.md:" in err and "is missing" in err and "Traceback" not in err


def test_a_section_missing_from_a_translation_is_named(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    write_page(docs / "ja" / "policy.md", 'title: 運用方針\nversion: "1.0"', "## 目的 { #purpose }\n\n## 禁止事項 { #prohibited }\n")
    write_page(docs / "en" / "policy.md", 'title: Policy\nversion: "1.0"', "## Purpose { #purpose }\n")
    pageset, _ = load_pages(docs)
    (problem,) = check_headings(pageset)
    assert problem.file.endswith("docs/en/policy.md") and "missing #prohibited" in problem.message


def test_a_heading_without_id_is_named(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    write_page(docs / "ja" / "policy.md", 'title: 運用方針\nversion: "1.0"', "## 目的\n\n```md\n## not a heading\n```\n")
    write_page(docs / "en" / "policy.md", 'title: Policy\nversion: "1.0"', "## Purpose { #purpose }\n")
    pageset, _ = load_pages(docs)
    messages = [str(p) for p in check_headings(pageset) if "no explicit id" in p.message]
    assert len(messages) == 1
    assert messages[0].endswith("docs/ja/policy.md: heading: '## 目的' has no explicit id such as { #section-name }")


DOC = 'title: 規程\nversion: "1.1"\ndoc_status: draft\nsubmitted: null\nplanned_effect: null\n'


def _history(*entries: tuple[str, str]) -> str:
    return "history:\n" + "".join(f'  - version: "{v}"\n    date: "{d}"\n    change: 改定\n' for v, d in entries)


def test_revision_history_must_end_at_the_current_version(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    for lang in ("ja", "en"):
        write_page(docs / lang / "rule.md", DOC + _history(("1.0", "2016-10-17")))
    pageset, _ = load_pages(docs)
    messages = [str(p) for p in check_history(pageset)]
    assert any(m.endswith("docs/ja/rule.md: history: ends at version '1.0' but the page is at '1.1': add an entry for the current version") for m in messages), messages


def test_revision_history_must_rise(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    for lang in ("ja", "en"):
        write_page(docs / lang / "rule.md", DOC + _history(("1.1", "2016-10-17"), ("1.0", "2017-01-01"), ("1.1", "2017-02-01")))
    pageset, _ = load_pages(docs)
    assert any("versions must rise" in p.message and p.file.endswith("ja/rule.md") for p in check_history(pageset))


def test_revision_history_must_match_across_languages(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    write_page(docs / "ja" / "rule.md", DOC + _history(("1.0", "2016-10-17"), ("1.1", "2017-04-01")))
    write_page(docs / "en" / "rule.md", DOC + _history(("1.0", "2016-10-17"), ("1.1", "2017-05-01")))
    pageset, _ = load_pages(docs)
    (problem,) = check_history(pageset)
    assert problem.file.endswith("docs/en/rule.md") and "versions and dates differ from the original" in problem.message


def test_a_document_page_without_history_is_named(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    write_page(docs / "ja" / "rule.md", DOC)
    pageset, _ = load_pages(docs)
    found = [str(p) for p in check_front_matter(pageset, ())]
    assert any(m.endswith("docs/ja/rule.md: history: is required on document pages (pages with a doc_status)") for m in found), found


def test_a_source_read_again_is_a_copy_of_its_own_and_named_from_the_current_root(tmp_path: Path) -> None:
    """Sources are read once per text (`mkdocs serve` reads every source on each save): what one build
    changes on a page it was given is not seen by the next, and a message names the file as it is named now."""
    from sns_policy.problems import set_root
    from sns_policy.sources.frontmatter import read_text

    path = tmp_path / "site" / "docs" / "ja" / "policy.md"
    text = '---\ntitle: 運用方針\nversion: "1.0"\ntitle: 二度目\n---\n\n本文\n'
    try:
        set_root(tmp_path / "site")
        first, problems = read_text(path, text)
        assert first is not None and [p.file for p in problems] == ["docs/ja/policy.md"]
        first.meta["title"] = "書き換えた"
        first.lines.clear()
        second, _ = read_text(path, text)
        assert second is not None and second.meta["title"] != "書き換えた" and second.lines
        set_root(tmp_path)
        _, problems = read_text(path, text)
        assert [p.file for p in problems] == ["site/docs/ja/policy.md"]
    finally:
        set_root(None)


def test_a_record_outside_its_folder_is_named(tmp_path: Path) -> None:
    """A kind of record (a capability names its key and folder: plans/model.py KIND) sits only in its folder,
    where its own checks read it; the same key elsewhere is refused."""
    docs = _docs(tmp_path)
    write_page(docs / "ja" / "notes.md", 'title: メモ\nversion: "1.0"\nrecipe:\n  name: x')
    write_page(docs / "en" / "notes.md", 'title: Notes\nversion: "1.0"')
    write_page(docs / "ja" / "recipes" / "soup.md", 'title: スープ\nversion: "1.0"\nrecipe:\n  name: x')
    pageset, _ = load_pages(docs)
    kind = RecordKind("recipe", "recipes/", "recipe")
    found = [str(p) for p in check_front_matter(pageset, (kind,)) if "belongs only" in p.message]
    assert len(found) == 1 and "docs/ja/notes.md" in found[0] and "docs/ja/recipes/" in found[0], found
    assert not [p for p in check_front_matter(pageset, ()) if "belongs only" in p.message]
