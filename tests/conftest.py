"""Shared fixtures: one strict build of the real site per test session, and helpers
to make small bad inputs that prove each check can fail."""
from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
# The repository address the session's site is built with. mkdocs.yml has no default (a
# build without REPO_URL has no edit or report links); the tests of those links need one,
# and a reserved example domain can never be mistaken for the City's.
TEST_REPO_URL = "https://example.org/city/sns-policy"
# The address a test release build is published at: a release refuses any but a public https: one.
PUBLIC_SITE_URL = "https://example.org/"
# The address the session's site is built for: the same in every run, so that two runs of one
# commit build byte-identical pages and the audits kept by their bytes (scripts/sns_policy/kept.py) are
# reused. Nothing listens there: each worker serves the build on a free port of its own, with
# the sitemaps (through which Material maps languages) pointed at that port.
SESSION_SITE_URL = "http://127.0.0.1:8000/"
T = TypeVar("T")


# Every page is visited in a browser once per run at each viewport, in parts that load on
# different workers at once (tests/browser/test_every_page.py): "desktop-1of4" … "mobile-4of4".
PARTS_COUNT = 4
PARTS_OF_THE_SITE = tuple(f"{viewport}-{n + 1}of{PARTS_COUNT}" for viewport in ("desktop", "mobile") for n in range(PARTS_COUNT))
# Tests that read one costly result made once per run (one part of the site visited at one
# viewport) run on one worker, so no other worker sits waiting for it: a test's group is the file
# and the part in its id. Every other test goes to whichever worker is free.
GROUPED = {"tests/browser/test_every_page.py": PARTS_OF_THE_SITE}


# Tests that parse every page of the session's build (``parsed_html``, or test_sharing's ``head_of``)
# share one worker, which then parses each page once for all of them (about 5 s of CPU and 240 MB of
# trees for 228 pages) instead of once on every worker that runs one of them.
# ``readers_not_collected`` holds this list to the tests.
READERS_OF_EVERY_PAGE = frozenset({
    "tests/a11y/test_a11y_report.py::test_media_criteria_are_not_applicable_only_while_no_page_has_media",
    "tests/amendments/test_revisions.py::test_every_page_links_its_languages_feed_from_the_head",
    "tests/amendments/test_revisions.py::test_revision_tables_agree_with_front_matter",  # every page with a history
    "tests/finish/test_sharing.py::test_every_page_has_its_own_description",
    "tests/finish/test_sharing.py::test_open_graph_and_twitter_tags_with_an_image_that_exists",
    "tests/finish/test_sharing.py::test_canonical_and_hreflang_alternates_point_at_the_page_itself_and_its_translation",
    "tests/sources/test_provenance.py::test_no_built_page_claims_adoption_on_the_submission_date",
    "tests/test_build.py::test_every_english_page_says_the_japanese_text_is_authoritative",
    "tests/test_build.py::test_html_lang_matches_the_language",
    "tests/test_build.py::test_japanese_words_on_english_pages_are_marked_as_japanese",
    "tests/test_build.py::test_language_switcher_points_to_the_same_page",
    "tests/test_citizen_pages.py::test_every_page_has_the_contact_line_with_the_configured_website",
    "tests/test_edit_links.py::test_every_page_links_to_its_own_source",
})
EVERY_PAGE_PARSED = "tests::every-page-parsed"


def readers_not_collected(collected: set[str] | frozenset[str]) -> set[str]:
    """Ids of ``READERS_OF_EVERY_PAGE`` that no longer name a collected test (renamed or removed)."""
    return set(READERS_OF_EVERY_PAGE - collected)


def xdist_group(nodeid: str) -> str:
    """The group a test is scheduled with: its own id, its file and part for ``GROUPED`` files, or
    ``EVERY_PAGE_PARSED`` for the readers of every page."""
    if nodeid in READERS_OF_EVERY_PAGE:
        return EVERY_PAGE_PARSED
    path = nodeid.split("::", 1)[0]
    if path not in GROUPED:
        return nodeid
    ids = nodeid.rpartition("[")[2].rstrip("]") if nodeid.endswith("]") else ""
    named = [name for name in GROUPED[path] if re.search(rf"(^|-){re.escape(name)}($|-)", ids)]
    return f"{path}::{(named or GROUPED[path][-1:])[0]}"  # a test of every part waits beside the last


# The fast tier (`bash scripts/test.sh fast`) is every test that needs no browser and no more than
# the one real build of the session: page rules, that build, link checks, unit tests, the small
# site's bad inputs and prose. A test is left to the full tier (marked ``full``) when it drives a
# browser, builds a whole copy of the project (``project_copy``, a second configuration), clones
# the repository, or starts another generator or checker of the whole site. The rule reads what a
# test uses, so a new test that builds a copy goes to the full tier without anyone marking it.
FULL_FIXTURES = frozenset({"project_copy", "build_without_repository", "browser", "page", "base_url", "fault_site",
                           "installed_engine", "sample_town"})  # tests/sites/sample_town.py: pip install, a second site
FULL_FILES = frozenset({
    "tests/test_editor_journeys.py",  # each journey clones, builds a release and runs the fast tier
    "tests/test_serve.py",  # mkdocs serve, saves and rebuilds
    "tests/test_properdocs.py",  # a second generator builds the site again
    "tests/test_html_validity.py",  # the Nu HTML Checker on every page (Java)
    "tests/history/test_reproducible.py",  # two more builds on different days
})


def is_full_only(nodeid: str, fixtures: list[str] | tuple[str, ...]) -> bool:
    """Whether a test belongs to the full tier only (see ``FULL_FIXTURES``)."""
    path = nodeid.split("::", 1)[0]
    return path.startswith("tests/browser/") or path in FULL_FILES or not FULL_FIXTURES.isdisjoint(fixtures)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """A shard (``--splits N --group K``, pytest-split) keeps each GROUPED part whole (tests/sharding.py)."""
    from tests import sharding

    sharding.take_over(config, xdist_group)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A pytest-xdist worker hands what its kept results did to the main process (``workeroutput``)."""
    from sns_policy import kept

    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["kept"] = kept.counts()


_KEPT_FROM_WORKERS: dict[str, list[int]] = {}


def pytest_testnodedown(node, error) -> None:  # noqa: ANN001 - pytest-xdist's hook
    """Add up each worker's counts of kept results."""
    for kind, (fresh, reused) in getattr(node, "workeroutput", {}).get("kept", {}).items():
        total = _KEPT_FROM_WORKERS.setdefault(kind, [0, 0])
        total[0] += fresh
        total[1] += reused


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest's own reporter type
    """Every run says how many items it checked afresh and how many it reused (scripts/sns_policy/kept.py)."""
    from sns_policy import kept

    totals = {kind: list(pair) for kind, pair in _KEPT_FROM_WORKERS.items()}
    for kind, (fresh, reused) in kept.counts().items():
        total = totals.setdefault(kind, [0, 0])
        total[0] += fresh
        total[1] += reused
    for kind, (fresh, reused) in sorted(totals.items()):
        if fresh or reused:
            terminalreporter.write_line(f"[kept] {kind}: {fresh} checked afresh, {reused} reused ({kept.root() / kind})")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests of the full tier ``full`` (the fast tier deselects them with ``-m``); in a
    pytest-xdist worker, put the longest units first (``sharding.longest_first``)."""
    from tests import sharding

    for item in items:
        if is_full_only(item.nodeid, getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.full)
    if os.environ.get("PYTEST_XDIST_WORKER"):  # every worker orders alike, as pytest-xdist requires
        items[:] = sharding.longest_first(items, xdist_group, sharding.load_durations())


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Two workers per core for ``-n auto``.

    Most of a browser test's time is spent waiting (for the network to be idle, for typed keys,
    for search results to settle), not computing; measured on 2 cores, one worker per core left
    the CPUs idle most of the run.
    """
    return 2 * (os.cpu_count() or 1)


def pytest_xdist_make_scheduler(config: pytest.Config, log):  # noqa: ANN201 - xdist's own scheduler type
    """Spread tests one by one over the workers, except the groups of ``GROUPED`` files.

    pytest-xdist's ``--dist loadgroup`` would do this with a mark, but it renames test ids in a
    way pytest 9 no longer reads, so the marked tests were spread and the fixture made twice.
    """
    from xdist.scheduler import LoadScopeScheduling

    # The units are handed out in the order collected, which puts the longest first
    # (pytest_collection_modifyitems); pytest-xdist's own reorder would sort them by test count.
    config.option.loadscopereorder = False

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_group(nodeid)

    return Scheduling(config, log)


@dataclass
class Build:
    """Result of ``mkdocs build --strict``: where the site is and what MkDocs said."""

    site_dir: Path
    returncode: int
    output: str
    site_url: str = "http://127.0.0.1:8000/"


def free_port() -> int:
    """A port of 127.0.0.1 nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_build(project: Path, site_dir: Path, site_url: str | None = None, env: dict[str, str] | None = None,
              environ: dict[str, str] | None = None) -> Build:
    """Build ``project`` strictly into ``site_dir`` in a separate process, as an editor would.

    ``site_url`` is where the build will be served: Material maps pages between
    languages through the sitemap, whose addresses come from it. ``env`` adds to (or,
    with a None value, removes from) the environment, e.g. ``SITE_RELEASE``. ``REPO_URL``
    is only what ``env`` says, so the tester's own shell cannot change what a test sees.
    ``environ`` is the environment to start from (default: this process's, as it is now).
    """
    base = {k: v for k, v in (os.environ if environ is None else environ).items() if k != "REPO_URL"}
    env = {k: v for k, v in {**base, "NO_MKDOCS_2_WARNING": "1", **(env or {})}.items() if v is not None}
    if site_url:
        env["SITE_URL"] = site_url
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    return Build(site_dir, result.returncode, result.stdout + result.stderr, site_url or env.get("SITE_URL", "http://127.0.0.1:8000/"))


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run, which every pytest-xdist worker shares (each
    worker's own folder is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[], T],
                 save: Callable[[T], object], load: Callable[[Any], T]) -> T:
    """``make()``'s result, made once per test run by whichever worker asks first.

    With pytest-xdist every worker is a session of its own; the first one to get here makes the
    result (``save`` turns it into JSON in a folder all workers share) and the others wait for it
    and read it (``load``). So a costly result is made once per run, not once per worker.
    """
    shared = run_folder(tmp_path_factory)
    record = shared / f"{name}.json"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if record.exists():
            return load(json.loads(record.read_text(encoding="utf-8")))
        result = make()
        record.write_text(json.dumps(save(result), ensure_ascii=False), encoding="utf-8")
        return result


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, env: dict[str, str | None],
                 environ: dict[str, str] | None = None) -> Build:
    """The real site built once per test run with ``env`` into a folder all workers share.

    Each kind of build of the unchanged project (and its PDFs) is made once per run, not once
    per worker or per test module. Only tests read it.
    """
    folder = run_folder(tmp_path_factory)
    result = once_per_run(
        tmp_path_factory, name,
        lambda: run_build(ROOT, folder / name, SESSION_SITE_URL, env, environ),
        lambda made: {**asdict(made), "site_dir": str(made.site_dir)},
        lambda data: Build(**{**data, "site_dir": Path(data["site_dir"])}))
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.output}"
    return result


SESSION_BUILD_ENV: dict[str, str | None] = {"REPO_URL": TEST_REPO_URL}


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once for the whole test run, for the address the browser tests serve
    it at: a plain strict build that writes everything, PDF editions included."""
    return shared_build(tmp_path_factory, "session-site", SESSION_BUILD_ENV)


@pytest.fixture(scope="session", autouse=True)
def build_started_early(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Start the session's build in the background as the run starts, when any test will read it.

    The build takes one core for seconds; begun at the first test, it runs while the workers go
    through tests that need no site, instead of every worker waiting for it at its first test that
    does. Whoever asks first builds (``once_per_run``): a test that needs the site before the build
    is done waits for it, as before.
    """
    if not any("build" in getattr(item, "fixturenames", ()) for item in request.session.items):
        return
    run_folder(tmp_path_factory)  # made here, not raced by the thread and the first test
    environ = dict(os.environ)  # as the run started: a test's monkeypatched variable never reaches it
    threading.Thread(target=_build_quietly, args=(tmp_path_factory, environ), daemon=True).start()


def _build_quietly(tmp_path_factory: pytest.TempPathFactory, environ: dict[str, str]) -> None:
    try:
        shared_build(tmp_path_factory, "session-site", SESSION_BUILD_ENV, environ)
    except AssertionError:
        pass  # a failed build is reported by the first test that reads it (the ``build`` fixture)


@pytest.fixture(scope="session")
def build_without_repository(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site as mkdocs.yml alone configures it: no ``REPO_URL``, so no repository links."""
    return shared_build(tmp_path_factory, "site-without-repository", {"REPO_URL": None})


@pytest.fixture(scope="session")
def site(build: Build) -> Path:
    """Folder of the built site."""
    return build.site_dir


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project's sources, for builds with deliberate faults."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides", "scripts", "CONTRIBUTING.md"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def write_page(path: Path, front_matter: str, body: str = "") -> Path:
    """Write a Markdown page with the given YAML front matter (without the --- lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"---\n{front_matter.strip()}\n---\n\n{body}"
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return path


def parsed_html(path: Path) -> BeautifulSoup:
    """``path`` parsed with html.parser, once per test process while the file stays the same.

    Many tests read every page of the session's build; parsing each page once instead of once
    per test saves minutes. The tree is shared: callers only read it, never change it.
    """
    stat = path.stat()
    return _parse(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=300)  # every page of the site in both languages, with room to spare
def _parse(path: Path, mtime_ns: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
