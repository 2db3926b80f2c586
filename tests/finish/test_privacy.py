"""No page or stylesheet makes a visitor's browser contact another origin."""
from __future__ import annotations

from pathlib import Path

from tests.linkcheck import check_external_resources
from sns_policy.problems import format_problems


def test_built_site_loads_nothing_from_other_origins(site: Path) -> None:
    problems = check_external_resources(site)
    assert not problems, format_problems(problems)


def test_no_google_fonts_or_facebook_sdk_anywhere(site: Path) -> None:
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for forbidden in ("fonts.googleapis", "fonts.gstatic", "connect.facebook.net"):
            assert forbidden not in text, f"{path.relative_to(site)} mentions {forbidden}"


def test_an_external_stylesheet_is_reported(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="canonical" href="https://example.org/">'
        '<a href="https://www.facebook.com/">a link is fine</a>', encoding="utf-8")
    problems = [str(p) for p in check_external_resources(tmp_path)]
    assert problems == ["index.html: <link rel=stylesheet>: loads https://fonts.googleapis.com/css?family=Roboto from another origin"]


def test_external_scripts_images_and_css_urls_are_reported(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '<script src="//connect.facebook.net/sdk.js"></script><img src="https://example.org/a.png" alt="">'
        '<div style="background:url(https://example.org/bg.png)"></div>', encoding="utf-8")
    (tmp_path / "extra.css").write_text('@import "https://example.org/x.css";', encoding="utf-8")
    messages = sorted(str(p) for p in check_external_resources(tmp_path))
    assert messages == [
        "extra.css: css: loads https://example.org/x.css from another origin",
        "page.html: <img>: loads https://example.org/a.png from another origin",
        "page.html: <script>: loads //connect.facebook.net/sdk.js from another origin",
        "page.html: css: loads https://example.org/bg.png from another origin",
    ]
