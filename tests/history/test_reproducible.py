"""Two builds of the same commit are byte-identical, whatever day they are built on."""
from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from sns_policy.history import reproducible
from tests.conftest import TEST_REPO_URL, ROOT, Build

A_DAY_IN_2040 = "2208988800"  # 2040-01-01


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only, as paths relative to the site."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        found.extend(prefix + name for name in cmp.common_files
                     if not filecmp.cmp(Path(cmp.left) / name, Path(cmp.right) / name, shallow=False))
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def test_two_builds_on_different_days_are_identical(build: Build, tmp_path: Path) -> None:
    """The session's build against one that believes it is 2040 (MkDocs reads the day from SOURCE_DATE_EPOCH)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": A_DAY_IN_2040, "SITE_URL": build.site_url,
           "REPO_URL": TEST_REPO_URL}  # as the session's build
    later = tmp_path / "later"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(later)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    changed = differences(build.site_dir, later)
    assert not changed, changed


def test_sitemap_dates_are_the_pages_last_change(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2040" not in sitemap
    expected = reproducible.last_change(ROOT / "docs" / "ja" / "policy.md")
    assert expected and f"<lastmod>{expected}</lastmod>" in sitemap


def test_outside_git_the_date_is_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    """A build from an exported tree (no .git) takes SOURCE_DATE_EPOCH, not today."""
    page = tmp_path / "page.md"
    page.write_text("x", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", A_DAY_IN_2040)
    reproducible.history.cache_clear()
    reproducible._checkout.cache_clear()
    assert reproducible.last_change(page) == "2040-01-01"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert reproducible.last_change(page) is None


def test_a_page_date_follows_its_own_commits(tmp_path: Path) -> None:
    """Put the fault back: without the history, every page would carry the build day."""
    repo = tmp_path / "repo"
    repo.mkdir()
    run = lambda *args, date: subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,  # noqa: E731
                                             env={**os.environ, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date})
    run("init", "-q", date="2020-01-01T00:00:00Z")
    (repo / "old.md").write_text("old", encoding="utf-8")
    run("add", "old.md", date="2020-01-01T00:00:00Z")
    run("commit", "-qm", "old", date="2020-01-01T00:00:00Z")
    (repo / "new.md").write_text("new", encoding="utf-8")
    run("add", "new.md", date="2021-06-30T12:00:00Z")
    run("commit", "-qm", "new", date="2021-06-30T12:00:00Z")
    reproducible.history.cache_clear()
    reproducible._checkout.cache_clear()
    assert reproducible.last_change(repo / "old.md") == "2020-01-01"
    assert reproducible.last_change(repo / "new.md") == "2021-06-30"


# What a one-word commit to the policy may change in the site: the page itself, its comparisons
# (the newest one's new text is the page), its PDF editions (dated by their pages' last commit),
# the search index and the sitemaps (a page's date). Anything else changing with a commit would
# make every run audit every page afresh: the audits are kept by the bytes they judge (scripts/sns_policy/kept.py).
ONE_WORD_MAY_CHANGE = ("policy/index.html", "amendments/policy-", "pdf/policy-", "search/search_index.json", "sitemap.xml")


def test_a_commit_changes_only_the_pages_it_changed(tmp_path: Path) -> None:
    """Two builds of a clone, before and after an editor's one-word commit: no commit hash, build
    date or other per-commit text reaches the pages the commit did not change."""
    from bs4 import BeautifulSoup

    from tests.editing import commit, first_paragraph_line, git

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-local", str(ROOT), str(clone)], check=True, capture_output=True)
    git(clone, "config", "user.email", "editor@example.invalid")
    git(clone, "config", "user.name", "editor")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/", "REPO_URL": TEST_REPO_URL}
    env.pop("SITE_RELEASE", None)

    def built(name: str) -> Path:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / name)],
                                cwd=clone, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return tmp_path / name

    before = built("before")
    page = clone / "docs" / "ja" / "policy.md"
    line = first_paragraph_line(page)
    page.write_text(page.read_text(encoding="utf-8").replace(line, line.rstrip() + "（確認）", 1), encoding="utf-8")
    commit(clone, "Wording fix")
    after = built("after")
    changed = differences(before, after)
    assert "policy/index.html" in changed, "the edited page did not change: the comparison is void"
    assert "（確認）" in BeautifulSoup((after / "policy" / "index.html").read_text(encoding="utf-8"), "html.parser").get_text()
    unexpected = beyond_the_edit(changed)
    assert not unexpected, f"a one-word commit to docs/ja/policy.md changed other files: {unexpected}"


def beyond_the_edit(changed: list[str]) -> list[str]:
    """The changed files a one-word commit to the policy must not change."""
    return [path for path in changed if not path.startswith(ONE_WORD_MAY_CHANGE) and not path.endswith("sitemap.xml.gz")]


def test_a_commit_stamped_on_every_page_is_caught() -> None:
    """Put the fault back: a commit hash or build date in the footer changes every page."""
    changed = ["policy/index.html", "amendments/policy-1.3/index.html", "search/search_index.json", "guideline/index.html", "en/index.html"]
    assert beyond_the_edit(changed) == ["guideline/index.html", "en/index.html"]
