"""`mkdocs serve` stays correct after a failed rebuild.

Serve keeps one process and rebuilds on every change; MkDocs loads our hooks module
once per process. These tests rebuild the small site several times in one process,
as serve does, with failures in between: validation must run every time, the error
must be printed every time, and a page newly added to the nav must appear.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.bad_inputs import build, copy_site, make_site
from tests.conftest import free_port


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve") / "src"
    make_site(root)
    return root


def _add_page(config_file: Path, rel: str) -> None:
    docs = config_file.parent / "docs"
    for lang, title in (("ja", "新しいページ"), ("en", "New page")):
        (docs / lang / rel).write_text(f'---\ntitle: {title}\nversion: "1.0"\n---\n\n{title}\n', encoding="utf-8")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["nav"].append(rel)
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_rebuilds_after_failures_validate_every_time_and_see_nav_changes(template: Path, tmp_path: Path) -> None:
    config_file = copy_site(template, tmp_path / "src")
    index = config_file.parent / "docs" / "ja" / "index.md"
    good = index.read_text(encoding="utf-8")
    assert build(config_file, tmp_path / "out").ok

    index.write_text(good + "\n0225-95-1111\n", encoding="utf-8")  # refused before building
    for _ in range(2):  # the error is printed on every rebuild, not only the first
        failed = build(config_file, tmp_path / "out")
        assert not failed.ok and "docs/ja/index.md:" in failed.output and "phone number" in failed.output

    index.write_text(good + "\n<script>alert(1)</script>\n", encoding="utf-8")  # refused while rendering
    failed = build(config_file, tmp_path / "out")
    assert not failed.ok and "<script>" in failed.output and not failed.crashed

    index.write_text(good, encoding="utf-8")
    _add_page(config_file, "new.md")
    rebuilt = build(config_file, tmp_path / "out")
    assert rebuilt.ok, rebuilt.output
    assert (tmp_path / "out" / "new" / "index.html").exists()
    assert (tmp_path / "out" / "en" / "new" / "index.html").exists()

    index.write_text(good + "\n0225-95-1111\n", encoding="utf-8")  # still validated after the successes
    assert not build(config_file, tmp_path / "out").ok


def test_an_exception_escaping_a_hook_does_not_switch_validation_off(template: Path, tmp_path: Path, monkeypatch) -> None:
    from sns_policy.content import render

    config_file = copy_site(template, tmp_path / "src")

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug in a hook")

    monkeypatch.setattr(render, "doc_header", broken)
    crashed = build(config_file, tmp_path / "out")
    # An unexpected bug stops the build with a message naming the page, never a traceback (scripts/sns_policy/sources/guard.py).
    assert not crashed.ok and not crashed.crashed and "simulated bug in a hook" in crashed.output
    assert "Traceback" not in crashed.output
    monkeypatch.undo()

    index = config_file.parent / "docs" / "en" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nmail staff@city.ishinomaki.lg.jp\n", encoding="utf-8")
    failed = build(config_file, tmp_path / "out")
    assert not failed.ok and "docs/en/index.md:" in failed.output and "e-mail" in failed.output


def test_mkdocs_serve_reports_a_bad_edit_and_recovers(template: Path, tmp_path: Path) -> None:
    """The real `mkdocs serve`, briefly: a bad edit prints the problem; fixing it rebuilds."""
    config_file = copy_site(template, tmp_path / "src")
    index = config_file.parent / "docs" / "ja" / "index.md"
    good = index.read_text(encoding="utf-8")
    log = tmp_path / "serve.log"
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
            cwd=config_file.parent, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        def wait_for(text: str, count: int = 1, timeout: float = 90) -> str:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                content = log.read_text(encoding="utf-8", errors="replace")
                if content.count(text) >= count:
                    return content
                if server.poll() is not None:
                    break
                time.sleep(0.3)
            raise AssertionError(f"waited for {text!r} x{count}:\n{log.read_text(encoding='utf-8', errors='replace')}")

        wait_for("Serving on")
        index.write_text(good + "\n内線1234\n", encoding="utf-8")
        wait_for("extension number")
        index.write_text(good + "\n内線5678\n", encoding="utf-8")
        content = wait_for("extension number", 2)
        assert "Traceback" not in content
        built = content.count("Documentation built")
        index.write_text(good, encoding="utf-8")
        content = wait_for("Documentation built", built + 1)
        assert "Traceback" not in content
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_under_serve_a_saved_page_is_written_before_its_pdf_edition(template: Path, tmp_path: Path, monkeypatch) -> None:
    """`mkdocs serve` prints the PDF editions after the build, so a saved page is shown at once; a
    plain build (the deploy's) still writes them before it ends."""
    from sns_policy.editions import build as pdf
    from sns_policy.pipeline import outputs, serving

    config_file = copy_site(template, tmp_path / "src")
    edition = tmp_path / "out" / pdf.pdf_path("policy", "ja")
    printing = outputs._printing  # held here, as a slow browser would: the build must not wait for it
    with printing:
        monkeypatch.setattr(serving, "_serving", type(serving._serving)())
        serving.started("serve")
        started = time.monotonic()
        served = build(config_file, tmp_path / "out")
        assert served.ok, served.output
        assert (tmp_path / "out" / "policy" / "index.html").is_file() and not edition.exists()
        assert time.monotonic() - started < 60
    deadline = time.monotonic() + 120
    while not edition.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert edition.read_bytes().startswith(b"%PDF"), "the edition never followed the page"


def test_a_plain_build_writes_its_pdf_editions_before_it_ends(template: Path, tmp_path: Path) -> None:
    from sns_policy.editions import build as pdf

    config_file = copy_site(template, tmp_path / "src")
    assert build(config_file, tmp_path / "out").ok
    assert (tmp_path / "out" / pdf.pdf_path("policy", "ja")).read_bytes().startswith(b"%PDF")


def test_under_serve_editions_wait_until_the_editor_pauses(tmp_path: Path, monkeypatch) -> None:
    """Saves in quick succession print nothing in between: only the last build's job prints, after the pause."""
    from sns_policy.pipeline import outputs

    printed: list[Path] = []
    monkeypatch.setattr(outputs, "PAUSE_BEFORE_PRINTING", 1.0)
    monkeypatch.setattr(outputs.pdf, "write_pdfs", lambda site_dir, still_wanted: printed.append(site_dir))
    for n in range(3):  # three saves, half a second apart
        outputs._write_pdfs_after_the_build(tmp_path / str(n))
        time.sleep(0.5)
    assert printed == [], "an edition was printed while the editor was still saving"
    deadline = time.monotonic() + 10
    while not printed and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    assert printed == [tmp_path / "2"], printed


def test_the_development_server_looks_for_saved_files_more_often_and_watches_the_same_paths(tmp_path: Path) -> None:
    """MkDocs' server polls every 0.5 s; on_serve gives it one that polls every serving.POLLING seconds and
    watches exactly what MkDocs' server watched, with the same error page."""
    from mkdocs.livereload import LiveReloadServer

    from sns_policy.pipeline import serving

    def builder() -> None:
        """Never called: nothing is served."""

    made = LiveReloadServer(builder=builder, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    made.watch(str(tmp_path / "docs"))
    made.watch(str(tmp_path / "mkdocs.yml"))
    made.error_handler = lambda code: b"missing"

    faster = serving.server(made, builder)
    assert serving.POLLING < 0.5
    assert faster.observer.timeout == serving.POLLING
    assert {emitter.timeout for emitter in faster.observer.emitters} == {serving.POLLING}
    watched = {(emitter.watch.raw_path, emitter.watch.is_recursive) for emitter in faster.observer.emitters}
    assert watched == {(emitter.watch.raw_path, emitter.watch.is_recursive) for emitter in made.observer.emitters}
    # mkdocs.yml itself, not the folder it is in: a log written beside it must not start a rebuild
    assert watched == {(str(tmp_path / "docs"), True), (str(tmp_path / "mkdocs.yml"), False)}
    assert faster.error_handler(404) == b"missing"
    assert (faster.root, faster.mount_path, faster.server_address) == (made.root, made.mount_path, made.server_address)
    faster.server_close()


def test_under_serve_a_comparison_follows_an_edit_of_the_data_it_renders(template: Path, tmp_path: Path, monkeypatch) -> None:
    """A 新旧対照表 is made from two texts, and from the words and rules of the data folder: a rebuild
    after an edit of scripts/data/versioning.yml shows the new words, not the comparison the last build kept."""
    from sns_policy.amendments import build as amendments
    from sns_policy.content.words import versioning
    from sns_policy.history import gitinfo
    from sns_policy.pipeline import prepare

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the disk cache of this test only
    config_file = copy_site(template, tmp_path / "src")
    root = config_file.parent

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "test@example.invalid")
    git("config", "user.name", "test")
    git("add", "-A")
    git("commit", "-qm", "1.0")
    policy = root / "docs" / "ja" / "policy.md"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace('version: "1.0"', 'version: "1.1"', 1)
                      .replace('    change: "案を作成"', '    change: "案を作成"\n  - version: "1.1"\n    date: "2016-11-01"\n'
                               '    change: "目的を修正"')
                      .replace("市政の情報を届けるため。", "市政の情報を早く届けるため。"), encoding="utf-8")
    git("commit", "-qam", "1.1")
    history = gitinfo.Git(root)  # the small site's own history, not the project's
    monkeypatch.setattr(prepare, "repo", lambda root=None: history)
    monkeypatch.setattr(amendments, "repo", lambda root=None: history)
    page = tmp_path / "out" / "amendments" / "policy-1.1" / "index.html"
    words = root / "scripts" / "data" / "versioning.yml"
    said = versioning("ja")["amend_made"]

    first = build(config_file, tmp_path / "out")
    assert first.ok, first.output
    assert said in page.read_text(encoding="utf-8") and "早く" in page.read_text(encoding="utf-8")

    words.write_text(words.read_text(encoding="utf-8").replace(said, "この対照表の言葉は編集で変わりました。"), encoding="utf-8")
    second = build(config_file, tmp_path / "out")
    assert second.ok, second.output
    shown = page.read_text(encoding="utf-8")
    assert "この対照表の言葉は編集で変わりました。" in shown and said not in shown, "the comparison kept the words of the last build"
