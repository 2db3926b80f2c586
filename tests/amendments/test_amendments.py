"""The 新旧対照表 generator, on a throw-away git repository with real edits, and the
comparisons the build publishes against the project's own history."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sns_policy.amendments import build, cli, model, render
from sns_policy.amendments.render import ADDED, CHANGED, REMOVED, UNCHANGED, Comparison, MarkdownSettings, compare, comparison, render_page
from sns_policy.sources.frontmatter import parse
from sns_policy.history.gitinfo import Git, repo
from sns_policy.sources.pages import load_pages
from sns_policy.site import ROOT
from sns_policy.history.versions import version_texts


@pytest.fixture(scope="module")
def settings() -> MarkdownSettings:
    """The site's own Markdown settings, as the build uses them."""
    return MarkdownSettings.of_site()

V10 = """---
title: テスト運用方針
version: "1.0"
doc_status: draft
established: "2016-10-17"
history:
  - {version: "1.0", date: "2016-10-17", change: 提出}
---

冒頭の文です。

## 目的 { #purpose }

市は、情報発信を強めることにしました。

この段落は削除されます。

## 対象 { #scope }

この方針は公式ページに適用します。

## 運用時間 { #hours }

平日の午前8時30分から午後5時15分まで運用します。

## 禁止事項 { #prohibited }

法令に違反する投稿を禁止します。

## 免責 { #disclaimer }

市は責任を負いません。

## 古い節 { #old }

この節は改正で削られます。

## 附則 { #supplementary }

この方針は平成28年10月から施行します。
"""


def _edit(text: str) -> str:
    """Version 1.1: every kind of edit the generator must show, and the header's date field renamed."""
    text = text.replace('version: "1.0"\ndoc_status', 'version: "1.1"\ndoc_status')
    text = text.replace('established: "2016-10-17"', 'submitted: "2016-10-17"')
    text = text.replace('change: 提出}', 'change: 提出}\n  - {version: "1.1", date: "2026-11-25", change: 改正}')
    text = text.replace("市は、情報発信を強めることにしました。\n\nこの段落は削除されます。",
                        "市は、情報発信を強めることにしました。\n\n新しい段落を加えました。")  # paragraph removed, another added
    text = text.replace("## 対象 { #scope }", "## 対象となるページ { #scope }")  # heading renamed, same id
    text = text.replace("適用します", "適用しす")  # one character inside a Japanese sentence
    text = text.replace("市は責任を負いません。", "市は、過失がある場合を除き、責任を負いません。")  # changed passage
    text = text.replace("## 古い節 { #old }\n\nこの節は改正で削られます。\n\n", "")  # section removed
    hours = "## 運用時間 { #hours }\n\n平日の午前8時30分から午後5時15分まで運用します。\n\n"
    text = text.replace(hours, "")  # section moved to the end, unchanged
    return text + "\n" + hours + "## お問い合わせ { #contact }\n\n秘書広報課がお答えします。\n"


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def history(tmp_path: Path) -> tuple[Git, list]:
    """A repository where version 1.0 had a fix after its first commit, then 1.1 was made."""
    root = tmp_path / "repo"
    page = root / "docs" / "ja" / "policy.md"
    page.parent.mkdir(parents=True)
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "test@example.invalid")
    _git(root, "config", "user.name", "test")
    page.write_text(V10.replace("禁止します", "禁止しまs"), encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "1.0 with a typo")
    page.write_text(V10, encoding="utf-8")
    _git(root, "commit", "-qam", "fix a typo in 1.0")
    page.write_text(_edit(V10), encoding="utf-8")
    _git(root, "commit", "-qam", "1.1")
    git = Git(root)
    return git, version_texts("docs/ja/policy.md", git, root)


def _text(segments: list[tuple[str, bool]]) -> str:
    return "".join(text for text, _ in segments)


def _marked(segments: list[tuple[str, bool]]) -> list[str]:
    return [text for text, changed in segments if changed]


def test_version_text_is_the_last_commit_with_that_version(history) -> None:
    git, texts = history
    assert [t.version for t in texts] == ["1.0", "1.1"]
    assert "禁止しまs" not in texts[0].text, "a fix made after the first 1.0 commit belongs to 1.0"
    assert texts[1].commit is None, "the current version is the working tree"


def test_generator_section_by_section(history, settings) -> None:
    _, (old, new) = history
    rows = {row.key: row for row in compare(parse(old.text)[1], parse(new.text)[1], "ja", settings)}
    assert rows[""].status == UNCHANGED and rows["prohibited"].status == UNCHANGED
    assert rows["supplementary"].status == UNCHANGED

    purpose = rows["purpose"]
    assert purpose.status == CHANGED
    assert _marked(purpose.segments[0]) == ["新しい段落を加えました。"]  # added paragraph, whole
    assert _marked(purpose.segments[1]) == ["この段落は削除されます。"]  # removed paragraph, whole

    scope = rows["scope"]
    assert scope.status == CHANGED
    assert _marked(scope.segments[0]) == ["となるページ"], "a renamed heading is marked inside, same section"
    assert _marked(scope.segments[1]) == ["ま"], "a one-character change marks one character"
    assert "この方針は公式ページに適用しす。" in _text(scope.segments[0])

    disclaimer = rows["disclaimer"]
    assert disclaimer.status == CHANGED
    assert _marked(disclaimer.segments[0]) == ["、過失がある場合を除き、"]
    assert _marked(disclaimer.segments[1]) == []

    assert rows["hours"].moved and rows["hours"].status == UNCHANGED
    assert not any(r.moved for k, r in rows.items() if k != "hours")
    assert rows["old"].status == REMOVED and rows["old"].new is None
    assert rows["contact"].status == ADDED and rows["contact"].old is None
    order = [row.key for row in compare(parse(old.text)[1], parse(new.text)[1], "ja", settings)]
    assert order.index("old") == order.index("disclaimer") + 1, "a deleted section stays where it stood"


def _page(old, new, settings, status: str | None = "draft", lang: str = "ja") -> str:
    if status != "draft":
        old, new = (type(v)(v.version, v.commit, v.text.replace("doc_status: draft\n", f"doc_status: {status}\n" if status else ""))
                    for v in (old, new))
    return render_page(comparison("policy.md", lang, old, new, settings))


def test_rendered_comparison_is_the_public_form(history, settings) -> None:
    _, (old, new) = history
    page = _page(old, new, settings)
    meta, body = parse(page)
    assert meta["amendment"] == {"page": "policy.md", "old": {"version": "1.0"}, "new": {"version": "1.1"}}
    soup = BeautifulSoup(body, "html.parser")
    header = [th.get_text() for th in soup.select("table.amendments th")]
    assert header == ["修正後", "修正前"], "revised draft on the left, previous on the right"
    assert "傍線部分は修正部分" in soup.select_one(".amend-legend").get_text()
    rows = soup.select("table.amendments tr")[1:]
    scope = next(r for r in rows if "対象となるページ" in r.get_text())
    left, right = scope.select("td")
    assert [u.get_text() for u in left.select("u")] == ["となるページ"]
    assert [u.get_text() for u in right.select("u")] == ["ま"]
    folded = [r.get_text() for r in rows if "amend-unchanged" in r["class"]]
    assert any("禁止事項" in text and "（略）" in text for text in folded), "unchanged sections are folded"
    assert not any("法令に違反する投稿" in r.get_text() for r in rows), "unchanged text is omitted"
    removed = next(r for r in rows if "amend-removed" in r["class"])
    assert "（削除）" in removed.select("td")[0].get_text()
    added = next(r for r in rows if "amend-added" in r["class"])
    assert "（新設）" in added.select("td")[1].get_text()
    assert not soup.select("[style]") and not soup.select("script")
    assert not re.search(r"\b[0-9a-f]{12,40}\b", page), "no git commit id: it means nothing to a resident"
    from sns_policy.sources.html_policy import check_html

    assert check_html(body, None, "docs/ja/amendments/policy-1.1.md") == [], "the table passes the HTML allow-list"


def test_a_draft_is_revised_and_a_document_in_force_amended(history, settings) -> None:
    """Texts never adopted are not 改正: the words follow the document's doc_status."""
    _, (old, new) = history
    # The words around the quoted texts (the texts themselves may say anything).
    draft, in_force, page = (re.sub(r'(<td>.*?</td>)', "", _page(old, new, settings, status), flags=re.S)
                             for status in ("draft", "in_force", None))
    assert "改正" not in draft and "修正後" in draft and "施行された規程を改めるものではありません" in draft
    assert "改正後" in in_force and "傍線部分は改正部分" in in_force and "修正後" not in in_force
    assert "改正" not in page and "改訂後" in page
    english = _page(old, new, settings, "draft", "en")
    assert "draft revision" in english.lower() and "Amended text" not in english


def test_comparison_shows_what_the_page_renders(settings) -> None:
    """Reference links, list items and rules read as on the page, not as Markdown source."""
    old = "## 連絡 { #contact }\n\n- [石巻市ホームページ][city-website]をご覧ください。\n- 電話でどうぞ。\n"
    new = "## 連絡 { #contact }\n\n- [石巻市ホームページ][city-website]をご覧ください。\n- 窓口でどうぞ。\n"
    (row,) = compare(old, new, "ja", settings)
    text = _text(row.segments[0])
    assert "・石巻市ホームページをご覧ください。" in text and "[city-website]" not in text and "- " not in text
    assert _marked(row.segments[0]) == ["窓口"]


def test_english_is_compared_word_by_word(settings) -> None:
    old = "## Hours { #hours }\n\nThe page is run on weekdays.\n"
    new = "## Hours { #hours }\n\nThe page is run on working days.\n"
    (row,) = compare(old, new, "en", settings)
    assert _marked(row.segments[0]) == ["working days"]
    assert _marked(row.segments[1]) == ["weekdays"]


def test_command_prints_a_comparison_between_two_revisions(history, monkeypatch, capsys) -> None:
    git, _ = history
    monkeypatch.setattr(cli, "ROOT", git.root)
    monkeypatch.setattr(cli, "repo", lambda root=None: git)
    assert cli.main([str(git.root / "docs/ja/policy.md"), "--old", "HEAD~1", "--new", "HEAD"]) == 0
    out = capsys.readouterr().out
    # Markdown for a pull request: titles escaped on the one path (content/escape.py), so 1\.0 reads as 1.0 there.
    assert "第1\\.0版→第1\\.1版" in out and "-この方針は公式ページに適用します。" in out and "+この方針は公式ページに適用しす。" in out


def test_comparisons_are_made_once_per_pair_of_texts(history, settings, monkeypatch, tmp_path: Path) -> None:
    """`mkdocs serve` rebuilds on every save: an unchanged pair of texts is not compared again."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # an empty disk cache: only this process's memory counts
    git, _ = history
    pageset, problems = load_pages(git.root / "docs")
    calls = []
    real = render.comparison
    monkeypatch.setattr(build, "comparison", lambda *a: calls.append(a) or real(*a))
    first = build.generate(pageset, settings, git)
    assert list(first) == [("ja", "amendments/policy-1.1.md")] and len(calls) == 1
    assert build.generate(pageset, settings, git) == first and len(calls) == 1, "made again for the same texts"
    page = git.root / "docs/ja/policy.md"
    page.write_text(page.read_text(encoding="utf-8").replace("秘書広報課", "広報課"), encoding="utf-8")
    changed = build.generate(load_pages(git.root / "docs")[0], settings, git)
    assert len(calls) == 2 and "広報課" in changed[("ja", "amendments/policy-1.1.md")]


needs_history = pytest.mark.skipif(not repo().available, reason=f"no full git history: {repo().reason}")


@needs_history
def test_every_revision_in_git_is_published_with_its_comparison(site: Path) -> None:
    """The build makes each revision's comparison; the history row links it."""
    pageset, _ = load_pages()
    expected = build.generate(pageset, MarkdownSettings.of_site())
    assert expected, "the project's history has revisions"
    for lang, rel in expected:
        prefix = "" if lang == "ja" else f"{lang}/"
        assert (site / prefix / rel[:-3] / "index.html").is_file(), f"{lang}/{rel} was not published"
    assert not (ROOT / "docs" / "ja" / model.FOLDER).exists(), "comparisons are made by the build, never committed"


@needs_history
def test_published_policy_comparison_matches_git(site: Path, settings) -> None:
    texts = version_texts("docs/ja/policy.md")
    if len(texts) < 2:
        pytest.skip("the operating policy has only one version so far")
    old, new = texts[-2], texts[-1]
    page = site / model.page_path("policy.md", new.version)[:-3] / "index.html"
    assert page.exists(), f"{page} is not published"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    shown = {row.get_text() for row in soup.select("table.amendments tr")}
    old_secs = {s.key: s for s in render.sections(parse(old.text)[1], settings)}
    for sec in render.sections(parse(new.text)[1], settings):
        before = old_secs.get(sec.key)
        # An unchanged section is folded under its title; the untitled opening has no title to
        # find it by (and whether it changed is the editor's business, not this test's).
        if before is not None and before.lines == sec.lines and sec.title:
            assert any(sec.title in t and "（略）" in t for t in shown), f"{sec.key}: unchanged but not folded"
    assert re.search(r"amend-(changed|added|removed)", str(soup)), "a new version with no change shown"


def test_a_text_shared_by_two_revisions_is_rendered_once_and_by_its_own_settings(settings, monkeypatch) -> None:
    """The new text of one comparison is the old text of the next: it is split into sections once."""
    monkeypatch.setattr(render, "_sectioned", {})
    rendered = []
    real = MarkdownSettings.render
    monkeypatch.setattr(MarkdownSettings, "render", lambda self, body: rendered.append(body) or real(self, body))
    first, second, third = ("## 連絡 { #contact }\n\n" + text for text in ("電話で。\n", "窓口で。\n", "郵便で。\n"))
    compare(first, second, "ja", settings)
    compare(second, third, "ja", settings)
    assert len(rendered) == 3, "the text both comparisons share was rendered twice"
    elsewhere = MarkdownSettings(settings.extensions, settings.configs, "https://city.example.jp/")
    (row,) = compare(second, third, "ja", elsewhere)
    assert len(rendered) == 5, "a text rendered with other settings was taken from the first rendering"
    assert row.new.lines == ("連絡", "郵便で。")
    with pytest.raises(AttributeError):  # sections are frozen: a caller cannot change what the next one is given
        row.new.key = "changed"  # type: ignore[misc]


def test_a_comparison_is_read_from_the_disk_cache_while_its_inputs_are_the_same(settings, tmp_path: Path, monkeypatch) -> None:
    """A later build reads every unchanged 新旧対照表 from the cache, byte for byte as it was made;
    a changed text, other Markdown settings or other code make it afresh."""
    if not repo().available:
        pytest.skip(f"needs the full git history: {repo().reason}")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pageset, _ = load_pages()
    monkeypatch.setattr(build, "_made", {})

    def counted(given: MarkdownSettings) -> tuple[dict, tuple[int, int]]:
        """What one build made, and how many it made afresh and reused (the store's counts only grow)."""
        before = build.STORE.mark()
        pages = build.generate(pageset, given)
        after = build.STORE.mark()
        return pages, (after[0] - before[0], after[1] - before[1])

    compared: dict[tuple, Comparison] = {}

    def compare_and_keep(rel, lang, old, new, settings):  # noqa: ANN001, ANN202 - comparison's own arguments
        compared[(rel, lang, old.blob, new.blob)] = comparison(rel, lang, old, new, settings)
        return compared[(rel, lang, old.blob, new.blob)]

    monkeypatch.setattr(build, "comparison", compare_and_keep)
    made, counts = counted(settings)
    assert made and counts == (len(made), 0)
    monkeypatch.setattr(build, "_made", {})  # a new build process remembers nothing
    monkeypatch.setattr(build, "comparison", lambda *args: pytest.fail("an unchanged comparison was made again"))
    again, counts = counted(settings)
    assert again == made and counts == (0, len(made))
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # What is under test from here is which comparisons the cache misses (each miss is made and
    # kept: counted as made afresh), not their words: a miss is handed the comparison of the same two
    # texts made above instead of comparing them again (about 2 s each time, for every revision of the site).
    monkeypatch.setattr(build, "comparison", lambda rel, lang, old, new, settings: compared[(rel, lang, old.blob, new.blob)])
    monkeypatch.setattr(build, "_made", {})
    elsewhere = MarkdownSettings(settings.extensions, settings.configs, "https://city.example.jp/")
    assert counted(elsewhere)[1][0] == len(made), "other Markdown settings must not read the first settings' pages"
    monkeypatch.setattr(build, "_made", {})
    monkeypatch.setattr(build.kept, "_code_digest", "other code")
    assert counted(settings)[1][0] == len(made), "a change to the code or the words must make every comparison afresh"
