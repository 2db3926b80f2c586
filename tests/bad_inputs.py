"""A small site that exercises every kind of page, and tools to build and validate it.

The bad-input corpus (tests/pipeline/test_bad_inputs.py) changes one thing in a copy of this
site and checks that ``python -m sns_policy.pipeline.validate`` and ``mkdocs build --strict`` both
refuse it. Building the whole real site for each of ~60 cases would take minutes; this
site has one page of each kind, and builds run in this process (as ``mkdocs serve``
runs them), so a refused case costs a fraction of a second.
"""
from __future__ import annotations

import contextlib
import io
import logging
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from sns_policy import site as site_module
from sns_policy.problems import set_root
from tests.conftest import ROOT

HISTORY = 'history:\n  - version: "1.0"\n    date: "2016-10-17"\n    change: "{change}"'
DOC = 'doc_status: draft\nsubmitted: "2016-10-17"\nplanned_effect: "2016-10"\n' + HISTORY

PLAN = """plan:
  department:
    ja: {dept_ja}
    en: {dept_en}
  page_name:
    ja: "（仮称）石巻市 {dept_ja}"
    en: "(Provisional) Ishinomaki City {dept_en}"
  platform: facebook
  status: planned
  purpose: "{purpose}"
  audience:
    - "石巻市民"
  content_categories:
    - "市政の情報"
  posting:
    hours: "開庁時間内"
    frequency: "随時"
  replies: "原則として個別に回答しない。緊急の通報は119番又は110番に電話するよう案内する。"
  operators: [page-manager, operator]
  approval:
    by: {approver}
    date: null
  review_date: null
  withdrawal_criteria:
    - "発信する内容がなくなったとき"
"""

PLAYBOOK = """incident:
  type: erroneous-post
  severity: 1
  first_response_minutes: 60
  decides: head-of-department
  roles: [operator, page-manager, head-of-department]
  policy_sections: [purpose]
  first_actions:
    - "{action}"
"""

PLAYBOOK_BODY = """{intro}

## {who} {{ #who-decides }}

{text}

## {steps} {{ #checklist }}

- [ ] {text}

## {dont} {{ #dont }}

{text}

## {closing} {{ #closing }}

{text}
"""

NAV = [
    "index.md",
    {"運用方針": ["policy.md"]},
    {"活用方針": ["plans/template.md", "plans/hisho-koho.md", "plans/chiiki-shinko.md"]},
    {"インシデント対応": ["incidents/erroneous-post.md"]},
]


def _page(front_matter: str, body: str) -> str:
    return f"---\n{front_matter.strip()}\n---\n\n{textwrap.dedent(body).strip()}\n"


def pages() -> dict[str, str]:
    """Sources of the small site, by path under docs/."""
    out: dict[str, str] = {}
    words = {
        "ja": dict(home="ホーム", intro="この手順は誤った投稿に適用する。", who="判断する者", steps="対応手順",
                   dont="してはならないこと", closing="終了", text="**所属長**が判断する。", policy="運用方針",
                   purpose_h="目的", purpose="市政の情報を届けるため。", action="スクリーンショットを保存する",
                   change="案を作成", dept=("秘書広報課", "Secretarial Division"), dept2=("地域振興課", "Regional Development Division")),
        "en": dict(home="Home", intro="This procedure applies to erroneous posts.", who="Who decides", steps="Steps",
                   dont="What not to do", closing="Closing", text="The **head of division** decides.", policy="Operating policy",
                   purpose_h="Purpose", purpose="To deliver city news.", action="Save a screenshot",
                   change="Draft written", dept=("秘書広報課", "Secretarial Division"), dept2=("地域振興課", "Regional Development Division")),
    }
    for lang, w in words.items():
        history = HISTORY.format(change=w["change"])
        out[f"{lang}/index.md"] = _page(f'title: {w["home"]}\nversion: "1.0"', f"{w['home']}。\n\n[{w['policy']}](policy.md)")
        out[f"{lang}/policy.md"] = _page(f'title: {w["policy"]}\nversion: "1.0"\n' + DOC.format(change=w["change"]),
                                         f"## {w['purpose_h']} {{ #purpose }}\n\n{w['purpose']}")
        out[f"{lang}/plans/template.md"] = _page(f'title: Template\nversion: "1.0"\n{history}',
                                                 f'## Skeleton {{ #skeleton }}\n\n```yaml\n--8<-- "plan.{lang}.md"\n```')
        for slug, (ja, en) in (("hisho-koho", w["dept"]), ("chiiki-shinko", w["dept2"])):
            out[f"{lang}/plans/{slug}.md"] = _page(
                f'title: "Plan {slug}"\nversion: "1.0"\n' + PLAN.format(dept_ja=ja, dept_en=en, purpose=w["purpose"],
                                                             # no division approves its own plan (scripts/data/rules.yml)
                                                             approver="ict" if "秘書広報課" in ja else "secretarial-pr"), w["purpose"])
        out[f"{lang}/incidents/erroneous-post.md"] = _page(
            f'title: "{w["steps"]}"\nversion: "1.0"\n' + PLAYBOOK.format(action=w["action"]), PLAYBOOK_BODY.format(**w))
    return out


# The small site's search words: one query for a section each language has.
SEARCH_WORDS = "ja:\n  policy.md#purpose:\n    - 目的\nen:\n  policy.md#purpose:\n    - aim\n"


def config() -> dict:
    """The project's mkdocs.yml with the small nav; paths point into the project."""
    loaded = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=site_module._ConfigLoader)
    loaded["nav"] = NAV
    loaded["site_url"] = "http://127.0.0.1:8000/"
    loaded["repo_url"] = ""
    loaded["theme"]["custom_dir"] = str(ROOT / "overrides")
    for ext in loaded["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            ext["pymdownx.snippets"]["base_path"] = [str(ROOT / "scripts" / "data" / "templates")]
    return loaded


def make_site(target: Path) -> Path:
    """Write the small site into ``target``; returns its mkdocs.yml."""
    for rel, text in pages().items():
        path = target / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    # The data files too, so a case can break one without touching the project's (scripts/sns_policy/datafiles.py reads the copy).
    shutil.copytree(ROOT / "scripts" / "data", target / "scripts" / "data")
    # The project's search words name the project's sections; the small site has its own few.
    (target / "scripts" / "data" / "search-words.yml").write_text(SEARCH_WORDS, encoding="utf-8")
    config_file = target / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


@contextlib.contextmanager
def project(config_file: Path):
    """Point the tools at ``config_file`` for a while; then back at the real project."""
    site_module.use_config(config_file)
    set_root(config_file.parent)
    try:
        yield  # its data folder is the one its mkdocs.yml names (sns_policy.site.data_dir)
    finally:
        site_module.use_config(ROOT / "mkdocs.yml")
        set_root(None)


@dataclass
class Outcome:
    """What a check printed and whether it passed."""

    ok: bool
    output: str
    crashed: bool = False


def validate(config_file: Path, *extra: str) -> Outcome:
    """``python -m sns_policy.pipeline.validate -f <config>``, in this process."""
    from sns_policy.pipeline.validate import main

    out, err = io.StringIO(), io.StringIO()
    with project(config_file), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["-f", str(config_file), *extra])
        except Exception as error:  # a crash is what the corpus must never see
            return Outcome(False, f"{out.getvalue()}{err.getvalue()}\nTraceback: {type(error).__name__}: {error}", True)
    return Outcome(code == 0, out.getvalue() + err.getvalue())


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def build(config_file: Path, site_dir: Path) -> Outcome:
    """``mkdocs build --strict`` in this process, the way ``mkdocs serve`` rebuilds.

    MkDocs' command line turns a ``BuildError`` (our ``PluginError``) into "Aborted"
    and prints any other exception as a traceback; the same distinction is made here.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with project(config_file):
            try:
                config = load_config(config_file=str(config_file), strict=True, site_dir=str(site_dir))
                mkdocs_build(config)
            except (Abort, ConfigurationError) as error:
                return Outcome(False, "\n".join(handler.lines) + f"\n{error}")
            except Exception as error:
                return Outcome(False, "\n".join(handler.lines) + f"\nTraceback: {type(error).__name__}: {error}", True)
        return Outcome(True, "\n".join(handler.lines))
    finally:
        logger.removeHandler(handler)


def copy_site(template: Path, target: Path) -> Path:
    """A fresh copy of the small site; returns its mkdocs.yml."""
    shutil.copytree(template, target)
    return target / "mkdocs.yml"


UNSAFE_TAGS = ("script", "base", "iframe", "object", "embed", "form", "style", "svg")


def unsafe_parts(site_dir: Path) -> list[str]:
    """Anything in the built pages (or the open data) that an editor could have made unsafe."""
    found: list[str] = []
    if not site_dir.exists():
        return found
    for path in site_dir.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        content = soup.select_one("article") or soup
        rel = path.relative_to(site_dir)
        for tag in soup.find_all(True):
            for attr, value in tag.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                if attr.lower().startswith("on"):
                    found.append(f"{rel}: <{tag.name} {attr}>")
                if attr in ("href", "src", "action") and text.replace(" ", "").lower().startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"{rel}: <{tag.name} {attr}={text[:30]}>")
        for tag in content.find_all(UNSAFE_TAGS):
            found.append(f"{rel}: <{tag.name}> in content")
        for tag in soup.find_all("meta", attrs={"http-equiv": True}):
            found.append(f"{rel}: <meta http-equiv>")
        if "repositoryformatversion" in str(soup) or "0225-95-1111" in str(soup):
            found.append(f"{rel}: leaked text")
        title = soup.title.get_text() if soup.title else ""
        if "<" in title:
            found.append(f"{rel}: markup in <title>")
    for name in ("accounts.csv", "accounts.json"):
        path = site_dir / name
        if path.exists():
            for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
                for cell in line.split(","):
                    if cell.strip('"').startswith(("=", "+", "@")):
                        found.append(f"{name}: formula cell {cell[:30]}")
    return found
