"""No traceback from any source (issue 19, item 2).

Inputs that reach the limits of Python, YAML or Python-Markdown — blocks nested
thousands deep, lines of megabytes, a megabyte of front matter, thousands of ``[`` that
make Markdown's link pattern take minutes, symbolic links — each end, within a minute,
in a message that names the page (and the line when there is one) in Japanese and
English. Whatever no rule foresees (an exception inside Markdown or a hook) is a message
naming the page too.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import markdown
import pytest

from sns_policy.content import render
from sns_policy.sources import guard
from tests.bad_inputs import build, copy_site, make_site, validate
from tests.pipeline.test_bad_inputs import BOMB
from tests.conftest import ROOT, run_build

Edit = Callable[[Path], None]


def append(rel: str, text: str) -> Edit:
    def edit(docs: Path) -> None:
        path = docs / rel
        path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    return edit


def front_matter_value(size: int) -> Edit:
    def edit(docs: Path) -> None:
        (docs / "ja" / "index.md").write_text(f'---\ntitle: ホーム\nversion: "1.0"\ndescription: "{"あ" * (size // 3)}"\n---\n\n本文\n',
                                              encoding="utf-8")
    return edit


def symlink(rel: str, target: Path | str) -> Edit:
    def edit(docs: Path) -> None:
        os.symlink(target, docs / rel)
    return edit


@dataclass
class Case:
    id: str
    edit: Edit
    where: str  # "file:line:" or "file:" the message must name
    words: tuple[str, ...]
    # The conversion time limit the case runs under (guard.CONVERT_SECONDS), when lower than the
    # build's: the same limit stops the page, without waiting twice for the build's 10 seconds.
    seconds: int | None = None


CASES = [
    Case("deep-blockquotes", append("ja/index.md", "> " * 5000 + "深い引用"), "docs/ja/index.md:10:", ("nesting", "入れ子")),
    Case("deep-lists", append("ja/index.md", "\n".join("    " * level + "- 項目" for level in range(40))),
         "docs/ja/index.md:21:", ("11 levels deep",)),
    Case("long-line-under-the-size-limit", append("ja/index.md", "あ" * 300_000), "docs/ja/index.md:10:", ("300,000 characters",)),
    Case("line-of-several-megabytes", append("ja/index.md", "a" * 3_000_000), "docs/ja/index.md:", ("larger than 1000 kB",)),
    Case("megabyte-front-matter-value", front_matter_value(1_000_000), "docs/ja/index.md:", ("larger than 1000 kB",)),
    Case("half-megabyte-front-matter-value", front_matter_value(500_000), "docs/ja/index.md:1:", ("front matter is longer",)),
    # Python-Markdown's link pattern is quadratic: this takes minutes without the time limit.
    Case("thousands-of-brackets", append("ja/index.md", "[" * 15_000), "docs/ja/index.md:10:", ("longer than 2 seconds",),
         seconds=2),
    Case("symbolic-link-to-a-file-outside", symlink("ja/secret.md", ROOT / "mkdocs.yml"), "docs/ja/secret.md:", ("symbolic link",)),
    Case("symbolic-link-to-an-asset", symlink("ja/photo.png", "/etc/hostname"), "docs/ja/photo.png:", ("symbolic link",)),
    Case("symbolic-link-loop", symlink("ja/loop", "."), "docs/ja/loop:", ("symbolic link",)),
    # MkDocs would read this page's front matter itself, with no limits, before any hook could refuse it.
    Case("page-outside-the-language-folders", lambda docs: (docs / "stray.md").write_text(
        '---\ntitle: x\n' + BOMB + '---\n\nx\n', encoding="utf-8"), "docs/stray.md:", ("outside the language folders",)),
]


# Once per worker, not per module: the longest-first order (tests/sharding.py) interleaves
# modules, and a module-scoped site was made again at each return to this one. Tests only copy it.
@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pathological") / "src"
    config_file = make_site(root)
    assert validate(config_file).ok, validate(config_file).output
    return root


def _assert_named(name: str, outcome, case: Case, took: float) -> None:
    assert not outcome.ok, f"{name} accepted {case.id}:\n{outcome.output[:3000]}"
    assert not outcome.crashed and "Traceback" not in outcome.output, f"{name} crashed on {case.id}:\n{outcome.output[:3000]}"
    assert case.where in outcome.output, f"{name} did not name {case.where}:\n{outcome.output[:3000]}"
    for word in case.words:
        assert word in outcome.output, f"{name} did not say {word!r}:\n{outcome.output[:3000]}"
    assert "[ja]" in outcome.output and "[en]" in outcome.output
    assert took < 60, f"{name} took {took:.0f} s on {case.id}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_pathological_source_ends_in_a_message_naming_the_page(case: Case, template: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    if case.seconds is not None:
        monkeypatch.setattr(guard, "CONVERT_SECONDS", case.seconds)
    config_file = copy_site(template, tmp_path / "src")
    case.edit(config_file.parent / "docs")
    start = time.perf_counter()
    checked = validate(config_file)
    _assert_named("validate", checked, case, time.perf_counter() - start)
    start = time.perf_counter()
    built = build(config_file, tmp_path / "out")
    _assert_named("build", built, case, time.perf_counter() - start)
    if case.id.startswith("symbolic-link"):  # the link is named, never what it points at
        assert "mkdocs.yml" not in checked.output and "/etc/" not in checked.output, checked.output


@pytest.mark.parametrize("case_id", ["deep-blockquotes", "symbolic-link-to-a-file-outside"])
def test_the_command_line_build_prints_no_traceback(case_id: str, template: Path, tmp_path: Path) -> None:
    """The real `mkdocs build --strict`, in its own process."""
    case = next(c for c in CASES if c.id == case_id)
    config_file = copy_site(template, tmp_path / "src")
    case.edit(config_file.parent / "docs")
    start = time.perf_counter()
    result = run_build(config_file.parent, tmp_path / "out")
    assert time.perf_counter() - start < 60
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    assert case.where in result.output, result.output


def test_a_failure_inside_markdown_names_the_page(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever Python-Markdown raises while MkDocs converts a page (between on_page_markdown and
    on_page_content) is a message naming the page, as is anything raised by the validator's own conversion."""
    config_file = copy_site(template, tmp_path / "src")
    original = markdown.Markdown.convert

    def convert(self: markdown.Markdown, source: str) -> str:
        if "深い" in source:
            raise RecursionError("maximum recursion depth exceeded")
        return original(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", convert)
    append("ja/policy.md", "深い")(config_file.parent / "docs")
    for name, outcome in (("validate", validate(config_file)), ("build", build(config_file, tmp_path / "out"))):
        assert not outcome.ok and not outcome.crashed and "Traceback" not in outcome.output, f"{name}:\n{outcome.output}"
        assert "docs/ja/policy.md:" in outcome.output and "nested too deeply" in outcome.output, f"{name}:\n{outcome.output}"
        assert "入れ子" in outcome.output


def test_a_failure_inside_a_hook_names_the_page(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_file = copy_site(template, tmp_path / "src")

    def broken(*args: object, **kwargs: object) -> str:
        raise ValueError("unexpected input")

    monkeypatch.setattr(render, "page_contents", broken)
    built = build(config_file, tmp_path / "out")
    assert not built.ok and not built.crashed and "Traceback" not in built.output, built.output
    assert "docs/ja/" in built.output and "ValueError: unexpected input" in built.output and "[ja]" in built.output, built.output
