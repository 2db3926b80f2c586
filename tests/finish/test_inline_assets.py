"""Small CSS/JS is inlined; Material's palette.css only when the palette needs it."""
from __future__ import annotations

from pathlib import Path

import pytest

from sns_policy.finish import inline_assets
from sns_policy.finish.inline_assets import inline, palette_needed

PAGE = ('<head><link rel="stylesheet" href="../assets/stylesheets/main.1.min.css">'
        '<link rel="stylesheet" href="../assets/stylesheets/palette.ab12.min.css">'
        '<link rel="stylesheet" href="../assets/extra.css"></head><body><script src="../assets/extra.js"></script></body>')


def theme(tmp_path: Path, css: str = "a{color:red}") -> list[str]:
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    (tmp_path / "assets" / "extra.css").write_text(css, encoding="utf-8")
    (tmp_path / "assets" / "extra.js").write_text("go()", encoding="utf-8")
    (tmp_path / "assets" / "stylesheets" / "palette.ab12.min.css").write_text("[data-md-color-scheme=slate]{x:y}\n/*# sourceMappingURL=p.map*/", encoding="utf-8")
    return [str(tmp_path)]


def test_small_files_are_inlined_and_an_unneeded_palette_dropped(tmp_path: Path) -> None:
    out = inline(PAGE, "policy/", ["assets/extra.css"], ["assets/extra.js"], theme(tmp_path), {"scheme": "default", "primary": "custom", "accent": "custom"})
    assert out == ('<head><link rel="stylesheet" href="../assets/stylesheets/main.1.min.css">'
                   "<style>a{color:red}</style></head><body><script>go()</script></body>")


def test_a_dark_scheme_keeps_the_palette_inline(tmp_path: Path) -> None:
    palette = [{"scheme": "default", "primary": "custom"}, {"scheme": "slate", "primary": "custom"}]
    assert palette_needed(palette) and not palette_needed({"scheme": "default", "primary": "custom", "accent": "custom"})
    out = inline(PAGE, "policy/", [], [], theme(tmp_path), palette)
    assert "<style>[data-md-color-scheme=slate]{x:y}\n</style>" in out and "palette.ab12" not in out


def test_a_large_file_stays_a_link(tmp_path: Path) -> None:
    out = inline(PAGE, "policy/", ["assets/extra.css"], [], theme(tmp_path, "a{}" * inline_assets.LIMIT), {})
    assert '<link rel="stylesheet" href="../assets/extra.css">' in out


def test_a_file_that_would_close_its_tag_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot be inlined"):
        inline(PAGE, "policy/", ["assets/extra.css"], [], theme(tmp_path, "a{}</style><script>x()</script>"), {})


def test_the_bundle_is_deferred_and_our_scripts_still_run_after_it(tmp_path: Path) -> None:
    """The page paints before Material's bundle has run; our inlined script keeps its place after it."""
    page = ('<head></head><body><script>lazy()</script>'
            '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
            '<script src="../assets/extra.js"></script></body>')
    out = inline(page, "policy/", [], ["assets/extra.js"], theme(tmp_path), {})
    assert out == ('<head></head><body><script>lazy()</script>'
                   '<script src="../assets/javascripts/bundle.a5f9d56c.min.js" defer></script>'
                   '<script type="module">go()</script></body>')


def test_our_stylesheets_and_scripts_stay_small_enough_to_inline() -> None:
    """A file past the limit would quietly become one more render-blocking request."""
    import yaml

    from sns_policy.pipeline.theme import THEME_DIR
    from sns_policy.site import ROOT, _ConfigLoader

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    scripts = [s["path"] if isinstance(s, dict) else s for s in config.get("extra_javascript", [])]
    for name in [*config.get("extra_css", []), *scripts]:
        found = next(path for path in (ROOT / "overrides" / str(name), THEME_DIR / str(name)) if path.is_file())
        size = found.stat().st_size
        assert size <= inline_assets.LIMIT, (
            f"{found.relative_to(ROOT)} is {size} bytes, over inline_assets.LIMIT ({inline_assets.LIMIT}): "
            "it would be fetched as a render-blocking file; make it smaller or raise the limit knowingly")


def test_built_pages_block_their_first_paint_on_main_css_only(site: Path) -> None:
    """Checked on the built site: if Material renames its bundle, the regex would stop matching silently."""
    import re

    for page in (site / "index.html", site / "en" / "policy" / "index.html", site / "en" / "incidents" / "quick-reference" / "index.html",
                 site / "404.html", site / "en" / "404.html"):
        html = page.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', head) == [
            re.search(r'href="([^"]*assets/stylesheets/main\.[0-9a-f]+\.min\.css)"', head).group(1)], page
        scripts = re.findall(r"<script(?: [^>]*)?>", html[html.index("</head>"):])
        bundle = next(i for i, tag in enumerate(scripts) if "bundle." in tag)
        assert scripts[bundle].endswith(" defer>"), scripts[bundle]
        assert all(tag == '<script type="module">' for tag in scripts[bundle + 1:]), scripts[bundle:]


def test_a_page_served_at_any_address_links_from_the_root(tmp_path: Path) -> None:
    page = ('<head><link rel="stylesheet" href="/assets/extra.css"></head>'
            '<body><script src="/assets/javascripts/bundle.1a.min.js"></script><script src="/assets/extra.js"></script></body>')
    out = inline(page, "404.html", ["assets/extra.css"], ["assets/extra.js"], theme(tmp_path), {}, base="/")
    assert out == ('<head><style>a{color:red}</style></head><body><script src="/assets/javascripts/bundle.1a.min.js" defer></script>'
                   '<script type="module">go()</script></body>')
