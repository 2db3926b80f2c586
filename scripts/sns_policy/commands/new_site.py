"""Start a new municipality's site from a short answers file, in one command.

    python -m sns_policy.commands.new_site ANSWERS.yml TARGET

The answers are the municipality's names in both languages, its website, the divisions the rules
name (the one that runs the official pages, the one that holds their access, the one that issues
disaster information), the ways residents contact it, and the staff roles' names. Their shape is
``scripts/sns_policy/schemas/new-site.schema.json``; an answers file that breaks it is refused with its
file, line and field, in Japanese and English, and nothing is written.

TARGET (a new or empty folder) receives a complete site: ``mkdocs.yml`` naming the ``sns-policy``
plugin, the pages of both languages (a policy, a guideline, the plans list, a playbook, the card, the
statements, the registry) and its ``data/``. It builds with ``mkdocs build --strict`` at once
(``tests/commands/test_new_site.py``); the pages are first drafts for the municipality to rewrite.

The skeleton is ``scripts/sns_policy/skeleton/``, shipped in the package. Its ``${name}`` placeholders are
filled by where they stand, so that no answer can change a file's structure: a whole YAML value is
written as a quoted YAML string, a word inside Markdown text through the one escaping path
(``content.escape.md_text``), and anything else (a comment, a block of statement text) as it is, which the
schema allows because an answer is one line of plain text.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path
from string import Template
from typing import Any

import jsonschema
import yaml

from sns_policy import datafiles
from sns_policy.content.escape import md_text
from sns_policy.problems import Problem, format_problems, summary
from sns_policy.site import SCHEMAS
from sns_policy.sources.data_checks import field_name

SKELETON = Path(__file__).resolve().parent.parent / "skeleton"
SCHEMA = SCHEMAS / "new-site.schema.json"
# Role ids the skeleton's data files use, with the answer that names each (``roles`` or ``divisions``).
STAFF_ROLES = {"operator": "operator", "page-manager": "page_manager", "head-of-division": "head_of_division"}
DIVISIONS = {"public-relations": "public_relations", "information-systems": "information_systems", "disaster": "disaster"}
# The relay of the after-hours calls (after-hours.yml): every municipality has a duty officer of some kind.
DUTY_OFFICER = {"ja": "庁舎の日直・宿直", "en": "Duty officer", "short": {"ja": "日直・宿直", "en": "duty officer"}}

# Said in Japanese for each kind of schema error (the English comes from jsonschema).
_JA = {
    "required": "必須の項目がありません。書き加えてください。",
    "additionalProperties": "知られていない項目です。綴りを確認してください。",
    "type": "値の種類が違います（文字列・数値・リストなど）。記入例に合わせてください。",
    "pattern": "書き方が決まりに合いません（改行や記号 {} <> [] ` は使えません。ウェブサイトは https:// で始まり / で終わります）。",
    "minLength": "空です。値を書いてください。",
    "minItems": "少なくとも1つ書いてください。",
    "minimum": "値が小さすぎます。",
    "maximum": "値が大きすぎます。",
}
_PLACEHOLDER = re.compile(r"\$\{([a-z_]+)\}")
# What stands before a placeholder that is a whole YAML scalar: a key's colon, a list's dash, a flow's comma or bracket
# (not the indentation of a block of text, where the answer is a part of the text).
_WHOLE_YAML_VALUE = re.compile(r"(?:[:,{\[]|(?:^|\s)-)[ \t]+$")


class Refused(Exception):
    """The answers or the target cannot be used; ``problems`` say why, with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(format_problems(problems))
        self.problems = problems


def read_answers(path: Path) -> dict[str, Any]:
    """The answers file read as carefully as a data file (``datafiles``) and held to its schema."""
    data = datafiles.read(path.name, path.parent)
    if data.problems:
        raise Refused(data.problems)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    problems = []
    for error in sorted(jsonschema.Draft202012Validator(schema).iter_errors(data.value), key=lambda e: list(map(str, e.absolute_path))):
        where = tuple(error.absolute_path)
        if error.validator == "required":
            missing = re.search(r"'([^']+)'", error.message)
            where = (*where, missing.group(1)) if missing else where
        problems.append(Problem(data.name, field_name(where) or "(answers)", error.message,
                                data.line_of(tuple(error.absolute_path)) or 1, _JA.get(str(error.validator))))
    if problems:
        raise Refused(problems)
    return data.value


def values(answers: dict[str, Any]) -> dict[str, Any]:
    """Every placeholder of the skeleton, from the answers."""
    name, pr, disaster = answers["name"], answers["divisions"]["public_relations"], answers["divisions"]["disaster"]
    days = answers["contact"].get("answer_within_working_days", 10)
    return {
        "name_ja": name["ja"], "name_en": name["en"], "website": answers["website"],
        "slug": answers.get("slug") or slug(name["en"]),
        "pr_ja": pr["ja"], "pr_en": pr["en"], "disaster_ja": disaster["ja"], "disaster_en": disaster["en"],
        "answer_days": days,
        "head_ja": answers["roles"]["head_of_division"]["ja"], "head_short_en": _short(answers["roles"]["head_of_division"]["en"]),
        "site_name_ja": f"{name['ja']} SNS運用方針", "site_name_en": f"{name['en']} social media policy",
        "site_description_ja": f"{name['ja']}の公式Facebookページの運用方針、職員向けのガイドライン、活用方針、インシデント対応手順",
        "site_description_en": f"Operating policy, staff guideline, activity plans and incident procedures for the official Facebook pages of {name['en']}",
        "copyright_ja": f"このサイトは、{name['ja']}のSNSの運用の決まりの案を掲載しています。掲載している文書は、まだ決定したものではありません。",
        "copyright_en": f"This site sets out drafts of {name['en']}'s social media rules. They have not been decided yet.",
        "contact_who_ja": f"{name['ja']} {pr['ja']}", "contact_who_en": f"{pr['en']}, {name['en']}",
        "website_name_ja": f"{name['ja']}ホームページ", "website_name_en": f"{name['en']} website",
        "meeting_ja": f"{name['ja']}の会議", "meeting_en": f"a meeting of {name['en']}",
        "plan_form_to_ja": f"{name['ja']} {pr['ja']}長　あて", "plan_form_to_en": f"To: Head of the {pr['en']}, {name['en']}",
        "policy_title_ja": f"{name['ja']} Facebook運用方針", "policy_title_en": f"{name['en']} Facebook operating policy",
    }


def slug(english: str) -> str:
    """A name for files and open data from the English name (``Mihon Town`` → ``mihon-town``)."""
    return "-".join(re.findall(r"[a-z0-9]+", english.lower())) or "site"


def fill(text: str, markdown: bool, given: dict[str, Any]) -> str:
    """``text`` with each placeholder filled by where it stands (see the module's docstring)."""
    body_from = _body_start(text) if markdown else len(text) + 1

    def put(match: re.Match[str]) -> str:
        value = given[match.group(1)]
        line_before = text[text.rfind("\n", 0, match.start()) + 1:match.start()]
        if match.start() >= body_from:
            return md_text(value)
        if _WHOLE_YAML_VALUE.search(line_before) and not line_before.lstrip().startswith("#"):
            return json.dumps(value, ensure_ascii=False)
        return str(value)

    return _PLACEHOLDER.sub(put, text)


def _body_start(text: str) -> int:
    """Where a page's Markdown body starts, after its front matter."""
    if not text.startswith("---\n"):
        return 0
    end = text.find("\n---\n", 4)
    return end + 5 if end >= 0 else 0


def _short(english: str) -> str:
    """A role's English name as a sentence uses it after ``the`` (``Operator`` → ``operator``; ``ICT Office`` stays)."""
    return english if len(english) > 1 and english[1].isupper() else english[:1].lower() + english[1:]


def roles(answers: dict[str, Any]) -> dict[str, Any]:
    """roles.yml: the staff roles and the divisions, by the ids the skeleton's rules use."""
    out: dict[str, Any] = {}
    for role, key in STAFF_ROLES.items():
        names = answers["roles"][key]
        out[role] = {"ja": names["ja"], "en": names["en"], "short": {"ja": names["ja"], "en": _short(names["en"])}}
    for role, key in DIVISIONS.items():
        names = answers["divisions"][key]
        out[role] = {"ja": names["ja"], "en": names["en"], "short": {"ja": names["ja"], "en": names["en"]}}
    out["duty-officer"] = DUTY_OFFICER
    return out


def contact(answers: dict[str, Any]) -> dict[str, Any]:
    """contact.yml: how residents reach the municipality, as answered."""
    given = answers["contact"]
    routes = [{"label": route["label"], **({"written": True} if route.get("written") else {}), "text": route["text"]}
              for route in given["routes"]]
    return {"routes": routes, "hours": {"text": given["hours"]},
            "answer_within_working_days": given.get("answer_within_working_days", 10)}


def _yaml(header: str, value: Any) -> str:
    return header + yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000)


def create(answers_file: Path, target: Path) -> list[Path]:
    """Write the new site into ``target``; the files written. Nothing is written when anything is refused."""
    answers = read_answers(answers_file)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise Refused([Problem(str(target), "", "is not an empty folder: give a new folder for the site", None,
                               "空のフォルダーではありません。新しいフォルダーを指定してください。")])
    given = values(answers)
    written = []
    for source in sorted(SKELETON.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        destination = target / source.relative_to(SKELETON)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix in (".md", ".yml"):
            destination.write_text(fill(source.read_text(encoding="utf-8"), source.suffix == ".md", given), encoding="utf-8")
        else:
            shutil.copy2(source, destination)
        written.append(destination)
    data = target / "data"
    (data / "roles.yml").write_text(_yaml("# The roles plans and playbooks may name: roles and divisions only, never a person.\n",
                                          roles(answers)), encoding="utf-8")
    (data / "contact.yml").write_text(_yaml("# How a resident reaches the municipality ({{rule:enquiry-routes}} on the policy). "
                                            "The website's address is mkdocs.yml extra.city_website.\n", contact(answers)), encoding="utf-8")
    return [*written, data / "roles.yml", data / "contact.yml"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start a new municipality's site from an answers file.")
    parser.add_argument("answers", type=Path, help="the answers file (YAML), e.g. answers.yml")
    parser.add_argument("target", type=Path, help="a new or empty folder for the site")
    args = parser.parse_args(argv)
    try:
        written = create(args.answers, args.target)
    except Refused as refused:
        print(summary(refused.problems), file=sys.stderr)
        return 1
    print(f"{args.target} にサイトを作成しました（{len(written)} ファイル）。/ Created the site in {args.target} ({len(written)} files).")
    print(f"次に / Next: cd {args.target} && mkdocs build --strict")
    return 0


if __name__ == "__main__":
    sys.exit(main())
