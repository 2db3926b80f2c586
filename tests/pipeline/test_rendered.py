"""Under `mkdocs serve`, a page is reused whole only when nothing it is made of changed
(scripts/sns_policy/pipeline/rendered.py), and its search entries are copied only when what they are made of
is unchanged (scripts/sns_policy/pipeline/indexed.py): after every kind of edit, the rebuild writes exactly
the pages and search indexes a fresh build writes, and it did reuse what the edit did not touch."""
from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from material.plugins.search.plugin import SearchIndex

from sns_policy.pipeline import indexed, rendered
from sns_policy.pipeline import serving as serve_command
from sns_policy.pipeline.theme import THEME_DIR
from sns_policy.site import ROOT
from tests.bad_inputs import build, copy_site, make_site


# Once per worker, not per module: the longest-first order (tests/sharding.py) interleaves
# modules, and a module-scoped site was made again at each return to this one. Tests only copy it.
@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small site, with a copy of overrides/ of its own, overriding one of the engine's templates, so a template can be edited."""
    root = tmp_path_factory.mktemp("rendered") / "src"
    config_file = make_site(root)
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "overrides" / "partials").mkdir(exist_ok=True)
    shutil.copy2(THEME_DIR / "partials" / "copyright.html", root / "overrides" / "partials" / "copyright.html")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "overrides"  # beside mkdocs.yml: each copy of the site edits its own
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture
def serving() -> Iterator[None]:
    """Builds in this process as `mkdocs serve` makes them."""
    serve_command.started("serve")
    for module in (rendered, indexed):
        module.forget()
    yield
    serve_command.started("build")
    for module in (rendered, indexed):
        module.forget()


@pytest.fixture
def tally(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many pages this test's builds rendered or reused, and indexed for search or copied the entries of.

    Counted by wrapping what the engine calls for each page (``rendered.was_reused``, Material's
    ``SearchIndex.add_entry_from_context`` and the serve index's own), so no counter lives in the engine."""
    counts = {"rendered": 0, "reused": 0, "parsed": 0, "copied": 0}
    was_reused, parse, offer = rendered.was_reused, SearchIndex.add_entry_from_context, indexed._MemoIndex.add_entry_from_context

    def counted_reuse(page):  # noqa: ANN001, ANN202 - MkDocs' page
        reused = was_reused(page)
        counts["reused" if reused else "rendered"] += 1
        return reused

    def counted_parse(self, page):  # noqa: ANN001, ANN202
        counts["parsed"] += 1
        return parse(self, page)

    def counted_offer(self, page):  # noqa: ANN001, ANN202 - every page offered; those not parsed were copied
        parsed = counts["parsed"]
        offer(self, page)
        counts["copied"] += counts["parsed"] == parsed

    monkeypatch.setattr(rendered, "was_reused", counted_reuse)
    monkeypatch.setattr(SearchIndex, "add_entry_from_context", counted_parse)
    monkeypatch.setattr(indexed._MemoIndex, "add_entry_from_context", counted_offer)
    return counts


def _taken(counts: dict[str, int]) -> dict[str, int]:
    """The counts so far, and zero from now on."""
    now = dict(counts)
    counts.update(dict.fromkeys(counts, 0))
    return now


def _pages(site: Path) -> dict[str, str]:
    """Every page and every JSON file (the search indexes among them) the build wrote."""
    return {str(path.relative_to(site)): path.read_text(encoding="utf-8")
            for pattern in ("*.html", "*.json") for path in sorted(site.rglob(pattern))}


def _edit_body(src: Path) -> None:
    page = src / "docs" / "ja" / "policy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n追記した文。\n", encoding="utf-8")


def _edit_title(src: Path) -> None:
    """A title every page shows in its navigation."""
    page = src / "docs" / "ja" / "policy.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"^title: .*$", "title: 運用方針（改題）", text, count=1, flags=re.M), encoding="utf-8")


def _edit_config(src: Path) -> None:
    """A value of mkdocs.yml every page prints."""
    config_file = src / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["copyright"] = "石巻市（改）"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _edit_template(src: Path) -> None:
    """A site's own template in overrides/ (served from the repository, so it can change while serve runs)."""
    partial = src / "overrides" / "partials" / "copyright.html"
    partial.write_text(partial.read_text(encoding="utf-8").replace("{{ contact.lead }}", "{{ contact.lead }}（改）"), encoding="utf-8")


def _edit_nothing(src: Path) -> None:
    """A save that changes no text."""


@pytest.mark.parametrize("edit", [_edit_nothing, _edit_body, _edit_title, _edit_config, _edit_template],
                         ids=lambda edit: edit.__name__[1:])
def test_a_rebuild_under_serve_writes_what_a_fresh_build_writes(template: Path, tmp_path: Path, serving: None,
                                                                  tally: dict[str, int], edit: Callable[[Path], None]) -> None:
    config_file = copy_site(template, tmp_path / "src")
    first = build(config_file, tmp_path / "serve")
    assert first.ok, first.output
    counts = _taken(tally)
    assert counts["rendered"] and counts["reused"] == 0, f"a first build has nothing to reuse: {counts}"
    assert counts["parsed"] and counts["copied"] == 0, f"a first build has nothing to copy: {counts}"
    before = _pages(tmp_path / "serve")

    edit(config_file.parent)
    rebuilt = build(config_file, tmp_path / "serve")
    assert rebuilt.ok, rebuilt.output
    counts = index_counts = _taken(tally)

    rendered.forget()
    indexed.forget()
    fresh = build(config_file, tmp_path / "fresh")
    assert fresh.ok, fresh.output
    assert tally["reused"] == 0 and tally["copied"] == 0, tally

    served, expected = _pages(tmp_path / "serve"), _pages(tmp_path / "fresh")
    assert served.keys() == expected.keys()
    stale = [name for name in expected if served[name] != expected[name]]
    assert not stale, f"after {edit.__name__[1:]}, the rebuild kept an old page: {stale}"
    if edit in (_edit_title, _edit_config, _edit_template):  # what every Japanese page shows changed
        unchanged = [name for name, page in before.items()
                     if name.endswith(".html") and not name.startswith("en/") and page == expected.get(name)]
        assert not unchanged, f"the edit was meant to change every Japanese page: {unchanged}"
    if edit in (_edit_nothing, _edit_body):
        assert counts["reused"] > counts["rendered"], f"unchanged pages were rendered again: {counts}"
        assert index_counts["copied"] > index_counts["parsed"], f"unchanged pages were indexed again: {index_counts}"
    if edit is _edit_nothing:
        assert counts["rendered"] == 0 and index_counts["parsed"] == 0, (counts, index_counts)


def test_a_plain_build_renders_every_page(template: Path, tmp_path: Path, tally: dict[str, int]) -> None:
    """`mkdocs build` (what is published) never reuses a page, even in a process that built before."""
    serve_command.started("build")
    for module in (rendered, indexed):
        module.forget()
    config_file = copy_site(template, tmp_path / "src")
    for _ in range(2):
        assert build(config_file, tmp_path / "site").ok
    assert tally["rendered"] and tally["reused"] == 0, tally
    assert tally["parsed"] and tally["copied"] == 0, tally


def test_a_context_value_of_an_unknown_kind_makes_the_page_render() -> None:
    with pytest.raises(rendered._Unknown):
        rendered._describe(object())


def test_no_template_reads_the_build_date() -> None:
    """The fingerprint leaves ``build_date_utc`` out: no template may print it."""
    from mkdocs.theme import Theme

    folders = [str(THEME_DIR), *Theme(name="material", custom_dir=str(ROOT / "overrides")).dirs]
    readers = [str(path) for folder in folders for path in Path(folder).rglob("*.html")
               if "build_date_utc" in path.read_text(encoding="utf-8", errors="replace")]
    assert not readers, f"these templates print the build date, which rendered.py does not fingerprint: {readers}"


def test_a_page_with_a_template_of_its_own_is_never_given_a_reused_page(serving: None) -> None:
    """Only the theme's main.html prints a reused page; another template would render the page and
    leave it unfinished."""
    from types import SimpleNamespace

    page = SimpleNamespace(meta={"template": "other.html"}, file=SimpleNamespace(dest_uri="x/index.html"))
    rendered._finished["x/index.html"] = ("any", "<html></html>")
    assert rendered.REUSED not in rendered.offer({}, page, None)  # type: ignore[arg-type]
    assert not rendered.was_reused(page)  # type: ignore[arg-type]


def test_a_page_s_search_entries_are_keyed_by_everything_material_indexes() -> None:
    """Material's index reads the page's address, title, content, sections and three front-matter values:
    a change to any of them must make the page be parsed again (scripts/sns_policy/pipeline/indexed.py)."""
    from types import SimpleNamespace

    def page(**changed: object) -> SimpleNamespace:
        section = SimpleNamespace(id="s1", url="#s1", children=[])
        values: dict[str, object] = {"url": "policy/", "title": "運用方針", "content": "<h1>運用方針</h1>",
                                     "toc": [section], "meta": {"title": "運用方針", "tags": ["a"], "search": {"boost": 2}}}
        values.update(changed)
        return SimpleNamespace(**values)

    section = SimpleNamespace(id="s2", url="#s2", children=[])
    variants = [page(url="en/policy/"), page(title="方針"), page(content="<h1>方針</h1>"), page(toc=[section]),
                page(meta={"title": "方針", "tags": ["a"], "search": {"boost": 2}}),
                page(meta={"title": "運用方針", "tags": ["b"], "search": {"boost": 2}}),
                page(meta={"title": "運用方針", "tags": ["a"], "search": {"exclude": True}})]
    keys = [indexed._key(variant) for variant in variants]  # type: ignore[arg-type]
    assert indexed._key(page()) == indexed._key(page())  # type: ignore[arg-type]
    keys.append(indexed._key(page()))  # type: ignore[arg-type]
    assert len(set(keys)) == len(variants) + 1, "an input Material indexes is not in the key"
