"""A reader's browser fetches nothing from another host (issue 19, item 1).

Every way a page could make the browser fetch from elsewhere is written into a small
site (tests/bad_inputs.py) and must be refused by ``python -m sns_policy.pipeline.validate`` and by
``mkdocs build --strict``, naming the file and line and saying what to do. Links a
reader chooses to follow may still leave the site. Images need a text alternative or
the decorative mark. The theme's own markup is checked on every finished page, and the
real site, as built, names no other host in anything it fetches.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sns_policy.pipeline.theme import THEME_DIR
from sns_policy.sources.html_policy import check_html, css_urls, third_party_fetches
from tests.bad_inputs import build, copy_site, make_site, validate
from tests.conftest import ROOT, Build

# A 1×1 PNG: the image a page may show, committed under docs/.
DOT = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
PAGE = "ja/index.md"
LINE = 10  # appended text starts here in the small site's home page

ELSEWHERE = [
    ("markdown-image", "![市役所の写真](https://evil.example/a.png)"),
    ("img-src-protocol-relative", '<img src="//evil.example/a.png" alt="市役所の写真">'),
    ("img-srcset", '<img src="img/dot.png" srcset="img/dot.png 1x, https://evil.example/a.png 2x" alt="点">'),
    ("video-poster", '<video src="img/dot.png" poster="https://evil.example/poster.png"></video>'),
    ("audio-src", '<audio src="https://evil.example/a.mp3"></audio>'),
    ("source-src", '<video>\n<source src="https://evil.example/v.mp4">\n</video>'),
    ("link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'),
    ("link-preload", '<link rel="preload" as="image" href="//evil.example/x.png">'),
    ("link-icon", '<link rel="icon" href="https://evil.example/favicon.ico">'),
    ("style-attribute-url", '<span style="background: url(https://evil.example/bg.png)">告知</span>'),
    ("style-element-url", '<style>body { background: url("//evil.example/bg.png") }</style>'),
    ("style-element-import", '<style>@import "https://evil.example/x.css";</style>'),
    ("object-data", '<object data="https://evil.example/x.pdf"></object>'),
    ("embed-src", '<embed src="https://evil.example/x.swf">'),
    ("iframe-src", '<iframe src="https://evil.example/"></iframe>'),
    ("form-action", '<form action="https://evil.example/collect"><input type="checkbox"></form>'),
    ("data-image", "![点](data:image/png;base64,iVBORw0KGgo=)"),
]


# Once per worker, not per module: the longest-first order (tests/sharding.py) interleaves
# modules, and a module-scoped site was made again at each return to this one. Tests only copy it.
@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small site with an image in each language, checked to pass as it is."""
    root = tmp_path_factory.mktemp("fetch") / "src"
    config_file = make_site(root)
    for lang in ("ja", "en"):
        (root / "docs" / lang / "img").mkdir()
        (root / "docs" / lang / "img" / "dot.png").write_bytes(DOT)
    assert validate(config_file).ok, validate(config_file).output
    built = build(config_file, root.parent / "out")
    assert built.ok, built.output
    return root


def _with(template: Path, tmp_path: Path, text: str, rel: str = PAGE) -> Path:
    config_file = copy_site(template, tmp_path / "src")
    path = config_file.parent / "docs" / rel
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    return config_file


@pytest.mark.parametrize("source", [s for _, s in ELSEWHERE], ids=[i for i, _ in ELSEWHERE])
def test_every_way_of_fetching_from_another_host_is_refused(source: str, template: Path, tmp_path: Path) -> None:
    config_file = _with(template, tmp_path, source)
    for name, outcome in (("validate", validate(config_file)), ("build", build(config_file, tmp_path / "out"))):
        assert not outcome.ok, f"{name} accepted:\n{outcome.output}"
        assert not outcome.crashed and "Traceback" not in outcome.output, outcome.output
        assert f"docs/{PAGE}:{LINE}:" in outcome.output, f"{name} did not name the line:\n{outcome.output}"
        assert "commit the file under docs/" in outcome.output and "docs/ の下" in outcome.output, outcome.output
        assert "[ja]" in outcome.output and "[en]" in outcome.output


@pytest.mark.parametrize("source", [
    "[市のホームページ](https://www.city.ishinomaki.lg.jp/)",  # a link the reader chooses to follow
    "![市役所の前の赤い点](img/dot.png)",
    '<img src="img/dot.png" alt="赤い点">',
    "![](img/dot.png){ .decorative }",
])
def test_own_images_and_links_to_other_sites_pass(source: str, template: Path, tmp_path: Path) -> None:
    config_file = _with(template, tmp_path, source)
    assert validate(config_file).ok, validate(config_file).output
    built = build(config_file, tmp_path / "out")
    assert built.ok, built.output


@pytest.mark.parametrize("source", ["![](img/dot.png)", '<img src="img/dot.png">', '<img src="img/dot.png" alt=" ">'])
def test_an_image_without_a_text_alternative_is_refused(source: str, template: Path, tmp_path: Path) -> None:
    config_file = _with(template, tmp_path, source)
    for name, outcome in (("validate", validate(config_file)), ("build", build(config_file, tmp_path / "out"))):
        assert not outcome.ok and not outcome.crashed, f"{name}:\n{outcome.output}"
        assert f"docs/{PAGE}:{LINE}: <img alt>" in outcome.output and "{ .decorative }" in outcome.output, outcome.output
        assert "代替テキスト" in outcome.output


def test_a_decorative_image_may_not_also_describe_itself(template: Path, tmp_path: Path) -> None:
    outcome = validate(_with(template, tmp_path, "![赤い点](img/dot.png){ .decorative }"))
    assert not outcome.ok and "marked decorative but has alt text" in outcome.output, outcome.output


def test_an_image_path_must_name_a_file_the_site_publishes(template: Path, tmp_path: Path) -> None:
    """Raw HTML is not rewritten by MkDocs: a path that only works from the source folder is caught by the build."""
    config_file = _with(template, tmp_path, '<img src="img/dot.png" alt="点">', "ja/policy.md")
    built = build(config_file, tmp_path / "out")
    assert not built.ok and not built.crashed
    assert "docs/ja/policy.md:" in built.output and "is not a file of this site" in built.output, built.output


def test_a_page_that_passed_is_refused_once_a_file_it_shows_is_gone() -> None:
    """A page's HTML that passed is not looked at again while its files are published (`mkdocs serve`);
    when one of them is no longer published, the same text is refused."""
    html = '<p><img src="../img/dot.png" alt="点"></p>'
    published = {"img/dot.png"}
    for _ in range(2):
        assert check_html(html, None, "docs/ja/policy.md", "policy/", lambda path: path in published) == []
    published.clear()
    problems = check_html(html, None, "docs/ja/policy.md", "policy/", lambda path: path in published)
    assert [problem.message for problem in problems] == ["'../img/dot.png' is not a file of this site: commit the file under "
                                                         "docs/ and give its path relative to the page's source file"]


def test_the_theme_may_not_fetch_from_another_host(template: Path, tmp_path: Path) -> None:
    """A template override that adds a third-party style sheet stops the build, naming the page and the address."""
    config_file = copy_site(template, tmp_path / "src")
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    main = overrides / "main.html"  # the site's own copy of the engine's main.html, which takes its place
    main.write_text((THEME_DIR / "main.html").read_text(encoding="utf-8").replace(
        "{% block scripts %}", '{% block extrahead %}<link rel="stylesheet" href="https://fonts.example/css">{% endblock %}\n{% block scripts %}', 1),
        encoding="utf-8")
    config = config_file.read_text(encoding="utf-8")
    config_file.write_text(config.replace(str(ROOT / "overrides"), str(overrides)), encoding="utf-8")
    assert str(overrides) in config_file.read_text(encoding="utf-8")
    built = build(config_file, tmp_path / "out")
    assert not built.ok and not built.crashed, built.output
    # The 404 page is the first the theme finishes; any page would be named the same way.
    assert "https://fonts.example/css" in built.output and ("sns_policy/theme/404.html:" in built.output or "docs/ja/" in built.output), built.output
    assert "[ja]" in built.output and "[en]" in built.output


def test_the_finished_page_check_knows_what_fetches() -> None:
    html = ('<link rel="canonical" href="https://other.example/"><link rel="alternate" hreflang="en" href="https://other.example/en/">'
            '<a href="https://other.example/">link</a><script>var u = "https://other.example/x.js";</script>'
            '<style>.i { mask-image: url("data:image/svg+xml;charset=utf-8,<svg/>") }</style>'
            '<img src="https://site.example/img/own.png"><script src="https://cdn.example/x.js"></script>'
            '<link rel="preconnect" href="https://fonts.example"><p style="background:url(//t.example/b.png)">x</p>')
    found = third_party_fetches(html, ("https://site.example",))
    assert found == ["<script src='https://cdn.example/x.js'>", "<link href='https://fonts.example'>",
                     "<p style url()='//t.example/b.png'>"], found
    assert css_urls("a{background:url( 'x.png' )} @import \"y.css\";") == ["x.png", "y.css"]


def test_the_real_site_fetches_nothing_from_another_host(build: Build) -> None:
    """Every page and style sheet of the site as built: no address of another host in anything fetched."""
    site, origin = build.site_dir, urlsplit(build.site_url)
    pages = sorted(site.rglob("*.html"))
    assert pages
    problems = []
    for page in pages:
        found = third_party_fetches(page.read_text(encoding="utf-8"), (f"{origin.scheme}://{origin.netloc}",))
        problems += [f"{page.relative_to(site)}: {f}" for f in found]
    for sheet in site.rglob("*.css"):
        problems += [f"{sheet.relative_to(site)}: url({u})" for u in css_urls(sheet.read_text(encoding="utf-8"))
                     if u.lstrip().startswith(("//", "http:", "https:"))]
    assert not problems, "\n".join(problems)


def test_a_page_checked_again_gives_the_same_answer_and_a_callers_change_stays_its_own() -> None:
    """Finished pages are parsed once per text (mkdocs serve rebuilds every page on each save)."""
    from sns_policy.sources.html_policy import third_party_fetches

    page = '<p>x</p><img src="https://tracker.example/pixel.gif" alt="">'
    first = third_party_fetches(page, ("http://127.0.0.1:8000",))
    assert first == ["<img src='https://tracker.example/pixel.gif'>"]
    first.clear()
    assert third_party_fetches(page, ("http://127.0.0.1:8000",)) == ["<img src='https://tracker.example/pixel.gif'>"]
    assert third_party_fetches(page, ("https://tracker.example",)) == [], "the site's own origin is part of the question"


def test_pages_parsed_are_kept_across_builds_while_reads_are_forgotten() -> None:
    """`mkdocs serve` forgets every cached read between builds; a parse of a page's text is no read."""
    from sns_policy import site
    from sns_policy.kept import forget_between_builds
    from sns_policy.sources.html_policy import _elements

    _elements("<p>kept</p>")
    site.load_site()
    forget_between_builds()
    assert _elements.cache_info().currsize >= 1, "a parse keyed by the page's text was forgotten"
    assert site._read_site.cache_info().currsize == 0, "a read of the project's files was kept"
    assert site._parse_site.cache_info().currsize >= 1, "a parse keyed by mkdocs.yml's text was forgotten"
