"""The bad-input corpus: what a hostile or careless editor might submit, each refused.

Every case changes one thing in a copy of a small site (tests/bad_inputs.py) and must
make BOTH ``python -m sns_policy.pipeline.validate`` and ``mkdocs build --strict`` fail, with a
message that names the file (and the line, where there is one), without a traceback,
and with nothing unsafe in whatever pages were written. Includes every case listed in
issue 8.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from tests.bad_inputs import build, copy_site, make_site, unsafe_parts, validate
from tests.conftest import run_build

Edit = Callable[[Path], None]


def replace(rel: str, old: str, new: str, count: int = 1) -> Edit:
    """Replace text in docs/<rel>; the text must be there (a case that changes nothing proves nothing)."""
    def edit(docs: Path) -> None:
        path = docs / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def append(rel: str, text: str) -> Edit:
    """Add Markdown at the end of docs/<rel>."""
    def edit(docs: Path) -> None:
        path = docs / rel
        path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    return edit


def write_bytes(rel: str, data: bytes) -> Edit:
    def edit(docs: Path) -> None:
        (docs / rel).write_bytes(data)
    return edit


def add_file(rel: str, data: bytes) -> Edit:
    """A new file at docs/<rel>, its folders made as needed."""
    def edit(docs: Path) -> None:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(data)
    return edit


def both(make: Callable[[str], Edit]) -> list[Edit]:
    """The same change in the Japanese and the English file (so pairing rules are met)."""
    return [make("ja"), make("en")]


@dataclass
class Case:
    id: str
    edits: list[Edit]
    file: str  # the file the message must name
    line: int | None = None  # the line it must name, where the problem has one
    words: tuple[str, ...] = ()  # words the explanation must contain
    extra: dict = field(default_factory=dict)
    line_with: str | None = None  # else: the line is the last one of `file` holding this text, after the edit


def data_edit(name: str, pattern: str, new: str) -> Edit:
    """Change scripts/data/<name> of the small site (a regular expression: the case must not pin what an editor may change)."""
    def edit(docs: Path) -> None:
        path = docs.parent / "scripts" / "data" / name
        text = path.read_text(encoding="utf-8")
        changed = re.sub(pattern, new, text, count=1, flags=re.M)
        assert changed != text, f"{pattern!r} not in {name}"
        path.write_text(changed, encoding="utf-8")
    return edit


def data_append(name: str, text: str) -> Edit:
    return data_edit(name, r"\Z", text)


def _line_with(root: Path, case: Case) -> int | None:
    """The line a case's message must name: fixed, or found in the edited file."""
    if case.line_with is None:
        return case.line
    lines = (root / case.file).read_text(encoding="utf-8").splitlines()
    return max(i for i, line in enumerate(lines, 1) if case.line_with in line)


def _home(lang: str, fm: str, body: str = "Text") -> Edit:
    return write_bytes(f"{lang}/index.md", f"---\n{fm}\n---\n\n{body}\n".encode())


BOMB = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" + "".join(
    f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
PLAN_JA = "ja/plans/chiiki-shinko.md"
PLAN_EN = "en/plans/chiiki-shinko.md"
XSS = "x<img src=x onerror=alert(1)>"

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n'
SVG_BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
            + SVG_OPEN + "<text>&b;</text></svg>\n")


def _svg(body: str) -> Edit:
    return add_file("ja/img/figure.svg", (SVG_OPEN + body + "\n</svg>\n").encode())


def _history_back(docs: Path, lang: str) -> None:
    """Version 1.1 dated before version 1.0."""
    path = docs / lang / "policy.md"
    text = path.read_text(encoding="utf-8").replace('version: "1.0"\ndoc_status', 'version: "1.1"\ndoc_status', 1)
    text = text.replace("---\n\n##", '  - version: "1.1"\n    date: "2016-01-01"\n    change: "b"\n---\n\n##', 1)
    path.write_text(text, encoding="utf-8")


CASES = [
    # --- one reader of sources ---------------------------------------------------
    Case("impossible-unquoted-date", both(lambda l: replace(f"{l}/policy.md", 'submitted: "2016-10-17"', "submitted: 2016-13-45")),
         "docs/ja/policy.md", 5, ("submitted",)),
    Case("impossible-quoted-date", both(lambda l: replace(f"{l}/policy.md", 'submitted: "2016-10-17"', 'submitted: "2016-02-30"')),
         "docs/ja/policy.md", 5, ("not a real date",)),
    Case("date-before-1926", both(lambda l: replace(f"{l}/policy.md", 'submitted: "2016-10-17"', 'submitted: "1900-01-01"')),
         "docs/ja/policy.md", 5, ("1926",)),
    Case("plan-on-an-ordinary-page", both(lambda l: replace(f"{l}/index.md", 'version: "1.0"', 'version: "1.0"\nplan: {}')),
         "docs/ja/index.md", 4, ("plans/",)),
    Case("incident-on-an-ordinary-page", both(lambda l: replace(f"{l}/index.md", 'version: "1.0"', 'version: "1.0"\nincident: {severity: 2}')),
         "docs/ja/index.md", 4, ("incidents/",)),
    Case("no-final-newline", [write_bytes("ja/index.md", '---\ntitle: ホーム\nversion: "1.0"\n---'.encode())],
         "docs/ja/index.md", 4, ("line break",)),
    Case("no-closing-dashes", [write_bytes("ja/index.md", '---\ntitle: ホーム\nversion: "1.0"\n\n本文\n'.encode())],
         "docs/ja/index.md", 1, ("closing ---",)),
    Case("closing-with-dots", [write_bytes("ja/index.md", '---\ntitle: ホーム\nversion: "1.0"\n...\n\n本文\n'.encode())],
         "docs/ja/index.md", 4, ("...",)),
    Case("no-front-matter", [write_bytes("ja/index.md", 'title: ホーム\nversion: 1.0\n\n本文\n'.encode())],
         "docs/ja/index.md", 1, ("front matter",)),
    Case("byte-order-mark", [write_bytes("ja/index.md", b"\xef\xbb\xbf" + '---\ntitle: ホーム\nversion: "1.0"\n---\n\n本文\n'.encode())],
         "docs/ja/index.md", 1, ("BOM",)),
    Case("not-utf-8", [write_bytes("ja/index.md", '---\ntitle: ホーム\nversion: "1.0"\n---\n\n本文です\n'.encode("shift_jis"))],
         "docs/ja/index.md", 2, ("UTF-8",)),
    Case("windows-line-endings", [write_bytes("ja/index.md", b'---\r\ntitle: x\r\nversion: "1.0"\r\n---\r\n\r\nx\r\n')],
         "docs/ja/index.md", 1, ("LF",)),
    Case("yaml-syntax-error", [_home("ja", 'title: [unclosed\nversion: "1.0"')], "docs/ja/index.md", 3, ("YAML",)),
    Case("front-matter-is-a-list", [_home("ja", '- title\n- version')], "docs/ja/index.md", 2, ("keys with values",)),
    Case("alias-bomb", [_home("ja", 'title: x\nversion: "1.0"\n' + BOMB)], "docs/ja/index.md", 4, ("alias",)),
    Case("oversized-front-matter", [_home("ja", 'title: x\nversion: "1.0"\nd: "' + "x" * 70_000 + '"')],
         "docs/ja/index.md", 1, ("longer than",)),
    Case("key-written-twice", [_home("ja", 'title: ホーム\nversion: "1.0"\ntitle: 別')], "docs/ja/index.md", 4, ("twice",)),
    Case("key-that-is-a-number", [_home("ja", 'title: ホーム\nversion: "1.0"\n1: x')], "docs/ja/index.md", None, ("not a word",)),
    Case("unquoted-version", both(lambda l: replace(f"{l}/index.md", 'version: "1.0"', "version: 1.0")),
         "docs/ja/index.md", 3, ("quoted version",)),
    Case("control-character", [replace("ja/index.md", "title: ホーム", 'title: "ホー\\aム"')], "docs/ja/index.md", 2, ("control",)),
    Case("direction-override", [replace(PLAN_JA, "ja: 地域振興課", 'ja: "地域\\u202e課振興"')], f"docs/{PLAN_JA}", 6, ("control",)),
    # --- escape by default ----------------------------------------------------------
    Case("script-in-title", [replace("ja/index.md", "title: ホーム", f'title: "{XSS}"')], "docs/ja/index.md", 2, ("plain text",)),
    Case("quote-in-description", [replace("ja/index.md", "title: ホーム", 'title: ホーム\ndescription: \'"><script>alert(1)</script>\'')],
         "docs/ja/index.md", 3, ("plain text",)),
    Case("markup-in-plan-purpose", both(lambda l: replace(f"{l}/plans/chiiki-shinko.md", "  purpose: \"", f"  purpose: \"<br>{XSS}")),
         f"docs/{PLAN_JA}", 13, ("plain text",)),
    Case("autolink-in-plan-field", both(lambda l: replace(f"{l}/plans/chiiki-shinko.md", "  purpose: \"", "  purpose: \"<http://evil.example>")),
         f"docs/{PLAN_JA}", 13, ("plain text",)),
    Case("markup-in-first-actions", [replace("ja/incidents/erroneous-post.md", '- "スクリーンショットを保存する"', f'- "{XSS}"')],
         "docs/ja/incidents/erroneous-post.md", 12, ("plain text",)),
    Case("markup-in-history", [replace("ja/policy.md", 'change: "案を作成"', 'change: "<script>alert(1)</script>"')],
         "docs/ja/policy.md", 10, ("plain text",)),
    # --- the registry -----------------------------------------------------------------
    Case("markdown-link-in-department", both(lambda l: replace(f"{l}/plans/chiiki-shinko.md", "en: Regional Development Division",
                                                              'en: "[Regional](https://evil.example/)"')),
         f"docs/{PLAN_JA}", 7, ("plain text",)),
    Case("same-page-different-case", both(lambda l: replace(f"{l}/plans/chiiki-shinko.md", "status: planned",
                                                           "status: active\n  url: https://www.facebook.com/Ishinomaki/")) +
         both(lambda l: replace(f"{l}/plans/hisho-koho.md", "status: planned", "status: active\n  url: https://www.facebook.com/ishinomaki")),
         f"docs/{PLAN_JA}", 13, ("already used",)),
    Case("same-division-trailing-space", both(lambda l: replace(f"{l}/plans/chiiki-shinko.md", "ja: 地域振興課\n", 'ja: "秘書広報課 "\n')),
         f"docs/{PLAN_JA}", 6, ("one official page per division",)),
    Case("url-with-trailing-newline", both(lambda l: replace(f"{l}/plans/chiiki-shinko.md", "status: planned",
                                                            'status: active\n  url: "https://www.facebook.com/chiiki\\n"')),
         f"docs/{PLAN_JA}", 13, ("line break",)),
    Case("formula-in-page-name", both(lambda l: replace(f"{l}/plans/chiiki-shinko.md", 'ja: "（仮称）石巻市 地域振興課"',
                                                       "ja: '=HYPERLINK(\"https://evil.example\",\"石巻市\")'")),
         f"docs/{PLAN_JA}", 9, ("formula",)),
    Case("plus-formula-in-department", both(lambda l: replace(f"{l}/plans/chiiki-shinko.md", "en: Regional Development Division",
                                                             'en: "+cmd|calc"')),
         f"docs/{PLAN_JA}", 7, ("formula",)),
    Case("url-not-facebook", both(lambda l: replace(f"{l}/plans/chiiki-shinko.md", "status: planned",
                                                   "status: active\n  url: https://evil.example/ishinomaki")),
         f"docs/{PLAN_JA}", 13, ("facebook.com",)),
    Case("url-javascript", both(lambda l: replace(f"{l}/plans/chiiki-shinko.md", "status: planned",
                                                 "status: active\n  url: javascript:alert(1)")),
         f"docs/{PLAN_JA}", 13, ("facebook.com",)),
    Case("plan-file-name-with-formula", [lambda docs: [(docs / l / "plans" / "=cmd.md").write_text(
        (docs / l / "plans" / "chiiki-shinko.md").read_text(encoding="utf-8").replace("地域振興課", "観光課").replace("Regional Development", "Tourism"),
        encoding="utf-8") for l in ("ja", "en")]],
         "docs/ja/plans/=cmd.md", 1, ("file name",)),
    # --- HTML allow-list ----------------------------------------------------------------
    Case("script-element", [append("en/index.md", "<script>alert(1)</script>")], "docs/en/index.md", 10, ("<script>",)),
    Case("base-element", [append("ja/index.md", '<base href="https://evil.example/">')], "docs/ja/index.md", 10, ("<base>",)),
    Case("meta-refresh", [append("ja/index.md", '<meta http-equiv="refresh" content="0;url=https://evil.example/">')],
         "docs/ja/index.md", 10, ("<meta>",)),
    Case("form-element", [append("ja/index.md", '<form action="https://evil.example/"><input type="text" name="q"></form>')],
         "docs/ja/index.md", 10, ("<form>",)),
    Case("iframe-element", [append("ja/index.md", '<iframe src="https://evil.example/"></iframe>')], "docs/ja/index.md", 10, ("<iframe>",)),
    Case("style-element", [append("ja/index.md", "<style>body { display: none }</style>")], "docs/ja/index.md", 10, ("<style>",)),
    Case("object-and-embed", [append("ja/index.md", '<object data="x.swf"></object>\n\n<embed src="x.swf">')], "docs/ja/index.md", 10, ("<object>",)),
    Case("link-element", [append("ja/index.md", '<link rel="stylesheet" href="https://evil.example/x.css">')], "docs/ja/index.md", 10, ("<link>",)),
    Case("event-handler-in-html", [append("ja/index.md", '<p onclick="alert(1)">押す</p>')], "docs/ja/index.md", 10, ("onclick",)),
    Case("event-handler-by-attr-list", [append("ja/index.md", '押す\n{ onclick="alert(1)" }')], "docs/ja/index.md", 11, ("onclick",)),
    Case("svg-onload", [append("ja/index.md", '<svg onload="alert(1)"></svg>')], "docs/ja/index.md", 10, ("<svg>",)),
    Case("javascript-link", [append("ja/index.md", "[押す](javascript:alert(1))")], "docs/ja/index.md", 10, ("javascript:",)),
    Case("data-image", [append("ja/index.md", "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)")], "docs/ja/index.md", 10, ("data:",)),
    Case("javascript-with-tab", [append("ja/index.md", '<a href="java&#x09;script:alert(1)">x</a>')], "docs/ja/index.md", 10, ("javascript:",)),
    Case("protocol-relative-link", [append("ja/index.md", '<a href="//evil.example/">x</a>')], "docs/ja/index.md", 10, ("https:",)),
    Case("style-attribute", [append("ja/index.md", '<span style="position:fixed;top:0">偽の告知</span>')], "docs/ja/index.md", 10, ("style",)),
    # --- personal data -------------------------------------------------------------------
    Case("phone-number-in-body", [append("ja/index.md", "担当：山田 0225-95-1111")], "docs/ja/index.md", 10, ("phone number",)),
    Case("full-width-phone-number", [append("ja/index.md", "電話 ０２２５－９５－１１１１")], "docs/ja/index.md", 10, ("phone number",)),
    Case("e-mail-in-body", [append("en/index.md", "Write to koho@city.ishinomaki.lg.jp")], "docs/en/index.md", 10, ("e-mail",)),
    Case("extension-number", [append("ja/index.md", "問い合わせは内線2345へ")], "docs/ja/index.md", 10, ("extension",)),
    Case("phone-number-in-plan-replies", both(lambda l: replace(f"{l}/plans/chiiki-shinko.md", '  replies: "', '  replies: "0225-95-1111に電話する。')),
         f"docs/{PLAN_JA}", 21, ("phone number",)),
    # --- snippets ---------------------------------------------------------------------------
    Case("snippet-git-config", [append("ja/index.md", '--8<-- ".git/config"')], "docs/ja/index.md", 10, (".git/config",)),
    Case("snippet-parent-folder", [append("ja/index.md", '--8<-- "../../mkdocs.yml"')], "docs/ja/index.md", 10, ("mkdocs.yml",)),
    Case("snippet-block-form", [append("ja/index.md", "--8<--\n/etc/passwd\n--8<--")], "docs/ja/index.md", 11, ("/etc/passwd",)),
    Case("snippet-missing-file", [append("ja/index.md", '--8<-- "no-such-template.md"')], "docs/ja/index.md", 10, ("no-such-template",)),
    # --- dates that can be true ---------------------------------------------------------------
    Case("date-in-the-future", both(lambda l: replace(f"{l}/policy.md", 'submitted: "2016-10-17"', 'submitted: "2099-01-01"')),
         "docs/ja/policy.md", 5, ("future",)),
    Case("submitted-after-planned-effect", both(lambda l: replace(f"{l}/policy.md", 'submitted: "2016-10-17"', 'submitted: "2016-11-01"')),
         "docs/ja/policy.md", 5, ("after",)),
    # --- data files -------------------------------------------------------------------------------
    Case("data-yaml-syntax-error", [data_edit("contact.yml", r"^answer_within_working_days: (.*)$", r"answer_within_working_days: \1: 14")],
         "scripts/data/contact.yml", None, ("YAML",), line_with="answer_within_working_days"),
    Case("data-wrong-type", [data_edit("contact.yml", r"^answer_within_working_days: .*$", "answer_within_working_days: ten")],
         "scripts/data/contact.yml", None, ("'ten' is not of type 'integer'",), line_with="answer_within_working_days"),
    Case("data-unknown-key", [data_append("contact.yml", "opening_hours: 9-17\n")], "scripts/data/contact.yml", None,
         ("not a known key",), line_with="opening_hours"),
    Case("data-key-written-twice", [data_append("contact.yml", "hours: {text: {ja: x, en: x}}\n")], "scripts/data/contact.yml", None,
         ("twice",), line_with="hours: {text"),
    Case("data-alias-bomb", [data_append("contact.yml", BOMB)], "scripts/data/contact.yml", None, ("alias",), line_with="a: &a"),
    Case("data-missing-key", [data_edit("roles.yml", r"^(operator:\n  ja: .*\n)  en: .*\n", r"\1")], "scripts/data/roles.yml", None,
         ("required",), line_with="operator:"),
    Case("data-phone-number", [data_edit("contact.yml", r"^routes:\n", "routes:\n  - label: {ja: 電話, en: Telephone}\n"
                                         "    text: {ja: 担当 0225-95-1111, en: the division}\n")]
         + both(lambda l: append(f"{l}/policy.md", "{{rule:enquiry-routes}}")),
         "scripts/data/contact.yml", None, ("phone number", "routes[0].text.ja", "shown on docs/ja/policy.md"), line_with="0225-95-1111"),
    Case("data-javascript-link", [data_edit("contact.yml", r"^routes:\n", "routes:\n  - label: {ja: 電話, en: Telephone}\n"
                                            "    text: {ja: 課へ, en: '[the division](javascript:alert(1))'}\n")],
         "scripts/data/contact.yml", None, ("javascript:", "routes[0].text.en"), line_with="javascript:"),
    Case("data-broken-link", [data_edit("contact.yml", r"^routes:\n", "routes:\n  - label: {ja: 窓口, en: In person}\n"
                                        "    text: {ja: '[窓口](no-such-page.md)', en: '[the counter](counter.md)'}\n")]
         + both(lambda l: append(f"{l}/policy.md", "{{rule:enquiry-routes}}")),
         "scripts/data/contact.yml", None, ("no-such-page.md", "seen from docs/ja/policy.md", "routes[0].text.ja"),
         line_with="no-such-page"),
    Case("data-event-handler", [data_edit("labels.yml", r"^  version: (.*)$", r"  version: <b onclick=alert(1)>\1</b>")],
         "scripts/data/labels.yml", None, ("onclick",), line_with="onclick"),
    Case("data-unknown-placeholder", [data_edit("objection-answers.yml", r"^(      ja: .*)\{rechecker\}", r"\1{checker}")],
         "scripts/data/objection-answers.yml", None, ("{checker}", "{rechecker}"), line_with="{checker}"),
    Case("data-unknown-after-hours-placeholder", [data_edit("after-hours.yml", r"^(      ja: .*)\{relay\}", r"\1{relais}")],
         "scripts/data/after-hours.yml", None, ("{relais}", "{relay}", "items."), line_with="{relais}"),
    Case("data-unknown-ownership-placeholder", [data_edit("page-access.yml", r"^(  ja: .*)\{min_full_control\}", r"\1{minimum}")],
         "scripts/data/page-access.yml", None, ("{minimum}", "{min_full_control}"), line_with="{minimum}"),
    Case("marker-without-its-after-hours-item", [data_edit("after-hours.yml", r"^  - name: deletion$", "  - name: deleting")]
         + both(lambda l: append(f"{l}/policy.md", "{{rule:deletion-fallback}}")),
         "docs/ja/policy.md", None, ("{{rule:deletion-fallback}}", "'deletion'", "after-hours.yml"), line_with="{{rule:deletion-fallback}}"),
    Case("data-guidance-for-no-field", [data_append("plan-guidance.yml", "approval.byy:\n  ja: 役割で書く。\n  en: A role.\n")],
         "scripts/data/plan-guidance.yml", None, ("not a field of the activity plan",), line_with="approval.byy"),
    # --- files published from docs/ ---------------------------------------------------------------
    Case("html-file", [add_file("ja/notice.html", b"<script>alert(1)</script>")], "docs/ja/notice.html", None, (".html", "pages (.md)")),
    Case("javascript-file", [add_file("en/js/app.js", b"alert(1)")], "docs/en/js/app.js", None, (".js",)),
    Case("unknown-extension", [add_file("ja/files/tool.exe", b"MZ\x90\x00")], "docs/ja/files/tool.exe", None, (".exe",)),
    Case("file-without-extension", [add_file("ja/README", b"text")], "docs/ja/README", None, ("without an extension",)),
    Case("svg-script", [_svg("<script>alert(1)</script>")], "docs/ja/img/figure.svg", 2, ("<script>",)),
    Case("svg-event-attribute", [_svg('<rect width="5" height="5" onmouseover="alert(1)"/>')], "docs/ja/img/figure.svg", 2, ("onmouseover",)),
    Case("svg-foreign-object", [_svg("<foreignObject><p>x</p></foreignObject>")], "docs/ja/img/figure.svg", 2, ("<foreignobject>",)),
    Case("svg-external-image", [_svg('<image href="https://evil.example/track.png" width="1" height="1"/>')],
         "docs/ja/img/figure.svg", 2, ("evil.example", "#id")),
    Case("svg-javascript-link", [_svg('<a xlink:href="javascript:alert(1)"><text>x</text></a>')], "docs/ja/img/figure.svg", 2, ("javascript:",)),
    Case("svg-css-url", [_svg('<rect width="5" height="5" fill="url(https://evil.example/p.svg#g)"/>')],
         "docs/ja/img/figure.svg", 2, ("evil.example",)),
    Case("svg-entity-bomb", [add_file("ja/img/figure.svg", SVG_BOMB.encode())], "docs/ja/img/figure.svg", 2, ("DOCTYPE",)),
    Case("svg-not-xml", [add_file("ja/img/figure.svg", b"<svg><g></svg>")], "docs/ja/img/figure.svg", 1, ("XML",)),
    Case("png-that-is-not-a-png", [add_file("ja/img/photo.png", b"<html><script>alert(1)</script></html>")],
         "docs/ja/img/photo.png", None, ("not a PNG image",)),
    Case("pdf-that-is-html", [add_file("en/files/form.pdf", b"<!doctype html><script>alert(1)</script>")],
         "docs/en/files/form.pdf", None, ("not a PDF document",)),
    Case("oversized-image", [add_file("ja/img/photo.png", PNG + b"\x00" * 2_100_000)], "docs/ja/img/photo.png", None, ("larger than 2.0 MB",)),
    # --- heading ids ------------------------------------------------------------------------------
    Case("duplicate-heading-id", both(lambda l: append(f"{l}/index.md", "## A { #same }\n\nx\n\n## B { #same }")),
         "docs/ja/index.md", 14, ("#same", "line 10")),
    Case("heading-takes-the-history-id", both(lambda l: append(f"{l}/policy.md", "## Changes { #history }")),
         "docs/ja/policy.md", 17, ("#history", "revision history")),
    Case("history-goes-back", [lambda docs: _history_back(docs, "ja"), lambda docs: _history_back(docs, "en")],
         "docs/ja/policy.md", 12, ("back in time",)),
]


# Once per worker, not per module: the longest-first order (tests/sharding.py) interleaves
# modules, and a module-scoped site was made again at each return to this one. Tests only copy it.
@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small site, checked to pass both checks as it is."""
    root = tmp_path_factory.mktemp("mini") / "src"
    config_file = make_site(root)
    assert validate(config_file).ok, validate(config_file).output
    built = build(config_file, root.parent / "out")
    assert built.ok, built.output
    return root


def test_the_corpus_is_large_and_covers_every_category() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input_fails_validate_and_build_naming_the_file(case: Case, template: Path, tmp_path: Path) -> None:
    config_file = copy_site(template, tmp_path / "src")
    for edit in case.edits:
        edit(config_file.parent / "docs")
    start = time.perf_counter()
    checked = validate(config_file)
    took = time.perf_counter() - start
    built = build(config_file, tmp_path / "out")
    for name, outcome in (("validate", checked), ("build", built)):
        assert not outcome.ok, f"{name} accepted {case.id}:\n{outcome.output}"
        assert not outcome.crashed and "Traceback" not in outcome.output, f"{name} crashed on {case.id}:\n{outcome.output}"
        line = _line_with(config_file.parent, case)
        where = f"{case.file}:{line}:" if line else f"{case.file}:"
        assert where in outcome.output, f"{name} did not name {where} for {case.id}:\n{outcome.output}"
        for word in case.words:
            assert word in outcome.output, f"{name} did not say {word!r} for {case.id}:\n{outcome.output}"
        assert "[ja]" in outcome.output and "[en]" in outcome.output, f"{name}: not in both languages:\n{outcome.output}"
    assert took < 5, f"validate took {took:.1f} s"
    assert not unsafe_parts(tmp_path / "out"), unsafe_parts(tmp_path / "out")


def test_the_alias_bomb_is_refused_in_well_under_a_second(template: Path, tmp_path: Path) -> None:
    from sns_policy.sources.frontmatter import read_page

    page = tmp_path / "bomb.md"
    page.write_text("---\ntitle: x\nversion: \"1.0\"\n" + BOMB * 1 + "---\n\nx\n", encoding="utf-8")
    start = time.perf_counter()
    _, problems = read_page(page)
    assert time.perf_counter() - start < 0.5
    assert problems and "alias" in problems[0].message


def test_an_unquoted_date_is_accepted_as_the_same_text(template: Path, tmp_path: Path) -> None:
    """`submitted: 2016-10-17` without quotes means the same as with them: no crash, same page."""
    config_file = copy_site(template, tmp_path / "src")
    for lang in ("ja", "en"):
        replace(f"{lang}/policy.md", 'submitted: "2016-10-17"', "submitted: 2016-10-17")(config_file.parent / "docs")
        replace(f"{lang}/plans/chiiki-shinko.md", "review_date: null", "review_date: 2017-04-01")(config_file.parent / "docs")
    assert validate(config_file).ok
    built = build(config_file, tmp_path / "out")
    assert built.ok, built.output
    assert "平成28年（2016年）10月17日" in (tmp_path / "out" / "policy" / "index.html").read_text(encoding="utf-8")


def test_one_broken_file_is_one_message_not_a_cascade(template: Path, tmp_path: Path) -> None:
    config_file = copy_site(template, tmp_path / "src")
    write_bytes("ja/plans/hisho-koho.md", b"\xef\xbb\xbf---\ntitle: x\n---\n\nx\n")(config_file.parent / "docs")
    output = validate(config_file).output
    assert output.count("[en]") == 1, output
    assert "does not exist" not in output and "one language only" not in output


def test_github_annotations_name_file_and_line(template: Path, tmp_path: Path) -> None:
    config_file = copy_site(template, tmp_path / "src")
    append("ja/index.md", "<script>alert(1)</script>")(config_file.parent / "docs")
    output = validate(config_file, "--github").output
    assert "::error file=docs/ja/index.md,line=10::" in output


def test_the_same_problem_is_reported_once(template: Path, tmp_path: Path) -> None:
    config_file = copy_site(template, tmp_path / "src")
    append("ja/index.md", "0225-95-1111")(config_file.parent / "docs")
    output = validate(config_file).output
    assert output.count("0225-95-1111") == 2, output  # once in Japanese, once in English
    assert "1 件の問題" in output


def test_allowed_public_numbers_and_example_addresses_pass(template: Path, tmp_path: Path) -> None:
    config_file = copy_site(template, tmp_path / "src")
    append("ja/index.md", "火事は119、事件は110へ。例：name@example.jp、info@example.com。2016-10-17、第1.0版。")(config_file.parent / "docs")
    assert validate(config_file).ok, validate(config_file).output


@pytest.mark.parametrize("case_id", ["alias-bomb", "script-in-title", "script-element"])
def test_the_command_line_build_prints_no_traceback(case_id: str, template: Path, tmp_path: Path) -> None:
    """The real `mkdocs build --strict` command, in its own process, for a few cases."""
    case = next(c for c in CASES if c.id == case_id)
    config_file = copy_site(template, tmp_path / "src")
    for edit in case.edits:
        edit(config_file.parent / "docs")
    result = run_build(config_file.parent, tmp_path / "out")
    assert result.returncode != 0
    assert case.file in result.output and "Traceback" not in result.output, result.output
    assert not unsafe_parts(tmp_path / "out")


@pytest.mark.parametrize("link, words", [
    ("[壊れたアンカー](policy.md#no-such-section)", "no-such-section"),
    ("[絶対パス](/policy/)", "/policy/"),
])
def test_mkdocs_own_validation_refuses_broken_anchors_and_absolute_links(link: str, words: str, template: Path, tmp_path: Path) -> None:
    """MkDocs' `validation:` settings (mkdocs.yml) make these warnings, and strict makes them fatal."""
    config_file = copy_site(template, tmp_path / "src")
    append("ja/index.md", link)(config_file.parent / "docs")
    built = build(config_file, tmp_path / "out")
    assert not built.ok and not built.crashed
    assert "index.md" in built.output and words in built.output, built.output


def test_files_of_every_allowed_kind_are_published(template: Path, tmp_path: Path) -> None:
    """Images, a plain SVG and downloads pass both checks and reach the site as they are."""
    import io
    import zipfile

    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    files = {"ja/img/photo.png": PNG, "ja/img/photo.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 16, "en/img/anim.gif": b"GIF89a" + b"\x00" * 16,
             "ja/img/figure.svg": (SVG_OPEN + '<defs><linearGradient id="g"/></defs><rect width="5" height="5" fill="url(#g)"/>'
                                   '<use xlink:href="#g"/><text>石巻</text>\n</svg>\n').encode(),
             "ja/files/form.pdf": b"%PDF-1.7\n", "ja/files/form.docx": docx.getvalue(), "en/files/list.csv": "区分,件数\n広報,1\n".encode()}
    config_file = copy_site(template, tmp_path / "src")
    for rel, data in files.items():
        add_file(rel, data)(config_file.parent / "docs")
    checked = validate(config_file)
    assert checked.ok, checked.output
    built = build(config_file, tmp_path / "out")
    assert built.ok, built.output
    for rel, data in files.items():
        lang, rest = rel.split("/", 1)
        assert (tmp_path / "out" / ("" if lang == "ja" else "en") / rest).read_bytes() == data, rel


def test_registry_urls_are_stored_in_one_normal_form(template: Path, tmp_path: Path) -> None:
    """Scheme, host, case, trailing slash and query do not make another page; the registry shows the normal form."""
    import json

    from sns_policy.plans.checks import normalise_facebook_url

    assert {normalise_facebook_url(u) for u in (
        "https://www.facebook.com/ishinomaki", "http://facebook.com/Ishinomaki/", "https://m.facebook.com/ISHINOMAKI?ref=bookmarks",
        "https://www.facebook.com/ishinomaki/#top")} == {"https://www.facebook.com/ishinomaki"}
    assert normalise_facebook_url("https://www.facebook.com/profile.php?id=123&ref=x") == "https://www.facebook.com/profile.php?id=123"
    config_file = copy_site(template, tmp_path / "src")
    for lang in ("ja", "en"):
        replace(f"{lang}/plans/chiiki-shinko.md", "status: planned",
                "status: active\n  url: http://facebook.com/Ishinomaki.Chiiki/?ref=x")(config_file.parent / "docs")
        # An open page has its real name, not a provisional one (scripts/data/rules.yml).
        replace(f"{lang}/plans/chiiki-shinko.md", "（仮称）", "")(config_file.parent / "docs")
        replace(f"{lang}/plans/chiiki-shinko.md", "(Provisional) ", "")(config_file.parent / "docs")
    assert validate(config_file).ok
    built = build(config_file, tmp_path / "out")
    assert built.ok, built.output
    accounts = json.loads((tmp_path / "out" / "accounts.json").read_text(encoding="utf-8"))["accounts"]
    assert {a["id"]: a["url"] for a in accounts}["chiiki-shinko"] == "https://www.facebook.com/ishinomaki.chiiki"
