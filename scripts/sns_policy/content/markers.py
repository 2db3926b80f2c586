"""Markers such as ``{{rule:notify:2}}``: a page names a rule stated once, the build writes its text.

A marker stands where a page states a rule (``scripts/sns_policy/content/rules.py``), a route people follow
(``scripts/sns_policy/content/routes.py``), the list of filed plans (``scripts/sns_policy/plans/model.py``) or a fact
still awaiting the City's confirmation (``scripts/sns_policy/content/confirm.py``). Every marker is registered
here, so every one is checked the same way: the build fails when a marker is unknown, has a wrong
argument, is a table that does not stand alone on its line, or when a page types out by hand a rule
the data states.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Callable

from sns_policy import datafiles
from sns_policy.content import confirm, routes, statements
from sns_policy.content.escape import md_text
from sns_policy.plans.model import plans_of
from sns_policy.content.rules import approver, first_report, notify_table, report, role_list, rules, short, target
from sns_policy.problems import Problem
from sns_policy.sources.pages import PageSet
from sns_policy.sources.schema import roles, severity_levels

# {{rule:name}} or {{rule:name:argument}}, spaces allowed inside the braces.
MARKER = re.compile(r"\{\{\s*rule:([a-z-]+)(?::([a-z0-9-]+))?\s*\}\}")
# Markers that render a table or list: they must stand alone on their line.
BLOCK_MARKERS = {"notify-table", "plans-table", "objection-table", "objection-answers", "enquiry-routes", "after-hours",
                 "page-access-table", "confirm-list", "statement", "contact-blanks"}
# Hand-written statements of a rule that the data states. Each pattern names the marker to use.
RESTATEMENTS = (
    (re.compile(r"480\s*(分|min)"), "states the level-1 target in minutes by hand: write {{rule:target:1}}"),
    (re.compile(r"(全てのインシデント|[Aa]ny incident)\s*(\||：|:)"),
     "states who is told of every incident by hand: write {{rule:notify-table}}"),
    (re.compile(r"(初動の目標|[Ff]irst-response target)[^。.\n|]*\d+\s*(分|時間|minutes|hours)"),
     "states a first-response target by hand: write {{rule:target:N}}"),
)


def plans_table(pageset: PageSet, lang: str, page: str) -> str:
    """Every filed plan with its stage and approval, linked from the page that shows it."""
    words = datafiles.load("labels.yml")[lang]
    fields = words["plan_fields"]
    lines = [f"| {fields['department']} | {fields['page_name']} | {fields['status']} | {fields['approval']} |",
             "|---|---|---|---|"]
    base = posixpath.dirname(page)
    for plan in plans_of(pageset, lang):
        data = plan.data
        link = posixpath.relpath(f"plans/{plan.slug}.md", base or ".")
        approval = data["approval"]
        approved = (words["approved_by"].format(role=roles()[approval["by"]][lang], date=approval["date"])
                    if approval.get("date") else words["not_approved"])
        lines.append(f"| [{md_text(data['department'][lang])}]({link}) | {md_text(data['page_name'][lang])} | "
                     f"{words['plan_status'][data['status']]} | {approved} |")
    return "\n".join(lines)


# Marker name → (takes an argument?, renderer(arg, lang, pageset, page)).
Renderer = Callable[[str | None, str, PageSet, str], str]
_RENDERERS: dict[str, tuple[str | None, Renderer]] = {
    "notify": ("level", lambda a, lang, ps, p: role_list(severity_levels()[int(a)]["notify"], lang)),
    # Whom the head of division tells at a level (everyone in the list after the first report).
    "tell": ("level", lambda a, lang, ps, p: role_list([r for r in severity_levels()[int(a)]["notify"]
                                                         if r != rules()["deciders"]["first_report"]], lang)),
    "target": ("level", lambda a, lang, ps, p: target(int(a), lang)),
    "report-due": ("level", lambda a, lang, ps, p: severity_levels()[int(a)]["report_due"][lang]),
    "role": ("role", lambda a, lang, ps, p: short(a, lang)),
    "decides": ("decider", lambda a, lang, ps, p: short(rules()["deciders"][a], lang)),
    "first-report": (None, lambda a, lang, ps, p: first_report(lang)),
    "report": (None, lambda a, lang, ps, p: report(lang)),
    "approver": (None, lambda a, lang, ps, p: approver(lang)),
    "undecided": (None, lambda a, lang, ps, p: rules()["undecided"]["text"][lang]),
    "provisional": (None, lambda a, lang, ps, p: rules()["undecided"]["page_name_prefix"][lang].strip()),
    "notify-table": (None, lambda a, lang, ps, p: notify_table(lang)),
    "plans-table": (None, lambda a, lang, ps, p: plans_table(ps, lang, p)),
    # Routes people follow (scripts/sns_policy/content/routes.py) and the facts awaiting confirmation (scripts/sns_policy/content/confirm.py).
    "objection-table": (None, lambda a, lang, ps, p: routes.objection_table(lang, p)),
    # The same answers in residents' words, for the operating policy.
    "objection-answers": (None, lambda a, lang, ps, p: routes.objection_answers(lang, p)),
    "enquiry-routes": (None, lambda a, lang, ps, p: routes.enquiry_routes(lang, p)),
    "after-hours": (None, lambda a, lang, ps, p: routes.after_hours(lang, p)),
    "after-hours-item": ("after-hours", lambda a, lang, ps, p: routes.after_hours_item(a, lang, p)),
    "page-access-table": (None, lambda a, lang, ps, p: routes.page_access_table(lang, p)),
    "page-ownership": (None, lambda a, lang, ps, p: routes.page_ownership(lang)),
    "full-control": (None, lambda a, lang, ps, p: routes.full_control(lang)),
    # The after-hours item "deletion" (after-hours.yml), stated alone where a rule on deleting posts needs it.
    "deletion-fallback": (None, lambda a, lang, ps, p: routes.after_hours_text(DELETION_ITEM, lang, p)),
    "confirm-list": (None, lambda a, lang, ps, p: confirm.confirm_list(lang)),
    # A public statement template in both languages, from scripts/data/statements.yml (one text for both pages).
    "statement": ("statement", lambda a, lang, ps, p: statements.statement(a, lang)),
    # 「（要確認）」 beside a fact of scripts/data/confirm.yml, while it awaits confirmation.
    "confirm": ("fact", lambda a, lang, ps, p: routes.confirm_mark(a, lang, p)),
}


# The after-hours item {{rule:deletion-fallback}} states.
DELETION_ITEM = "deletion"


def _argument_ok(kind: str | None, arg: str | None) -> str | None:
    """Why a marker's argument is wrong, or None when it is right."""
    choices = {"level": [str(k) for k in severity_levels()], "role": list(roles()),
               "after-hours": list(routes.after_hours_items()), "fact": list(datafiles.load("confirm.yml")),
               "statement": list(statements.templates()),
               "decider": [k for k in rules()["deciders"] if not k.startswith("first")]}
    if kind is None:
        return None if arg is None else "takes no argument"
    if arg not in choices[kind]:
        return f"needs one of: {', '.join(choices[kind])}"
    return None


def check_markers(pageset: PageSet) -> list[Problem]:
    """Every marker exists, has a valid argument, and block markers stand alone."""
    problems = []
    for lang in pageset.languages:
        for page in pageset.of(lang).values():
            if "amendment" in page.meta:
                continue  # a 新旧対照表 quotes earlier text, which stated rules by hand
            # The body is the end of the file: count lines as the editor's file does.
            offset = page.path.read_text(encoding="utf-8").count("\n") - page.body.count("\n")
            for number, line in enumerate(page.body.splitlines(), 1 + offset):
                where = "text"  # the line number goes in Problem.line
                for match in MARKER.finditer(line):
                    name, arg = match.groups()
                    if name not in _RENDERERS:
                        problems.append(Problem(page.name, where, f"{match.group(0)} is not a known rule (known: {', '.join(sorted(_RENDERERS))})",
                                                number, f"{match.group(0)} という規則はありません（使える名前：{'、'.join(sorted(_RENDERERS))}）。"))
                        continue
                    wrong = _argument_ok(_RENDERERS[name][0], arg)
                    if not wrong and name == "deletion-fallback" and DELETION_ITEM not in routes.after_hours_items():
                        wrong = f"needs an item named {DELETION_ITEM!r} in scripts/data/after-hours.yml"
                    if wrong:
                        problems.append(Problem(page.name, where, f"{match.group(0)} {wrong}", number,
                                                f"{match.group(0)} の引数が正しくありません（{wrong}）。"))
                    elif name in BLOCK_MARKERS and line.strip() != match.group(0):
                        problems.append(Problem(page.name, where, f"{match.group(0)} makes a table: put it alone on its line", number,
                                                f"{match.group(0)} は表を作るため、1行に単独で書いてください。"))
                for pattern, why in RESTATEMENTS:
                    if pattern.search(MARKER.sub("", line)):
                        problems.append(Problem(page.name, where, why, number,
                                                "scripts/data/ に一度だけ書かれている規則を手で書き写しています。{{rule:…}} の印を使ってください。"))
    return problems


def expand(markdown: str, lang: str, pageset: PageSet, page: str) -> str:
    """Replace every marker with the rule's text in ``lang`` (markers were checked before the build)."""
    def one(match: re.Match[str], indent: str = "") -> str:
        name, arg = match.groups()
        text = _RENDERERS[name][1](arg, lang, pageset, page)
        return text.replace("\n", "\n" + indent).replace("\n" + indent + "\n", "\n\n")

    out = []
    for line in markdown.split("\n"):
        # A table inside a list item keeps the item's indentation on every line.
        indent = line[: len(line) - len(line.lstrip())]
        out.append(MARKER.sub(lambda m: one(m, indent), line))
    return "\n".join(out)


def expand_text(markdown: str, lang: str, page: str) -> str:
    """Markers replaced by their text outside a build (新旧対照表 compare what readers read)."""
    if not MARKER.search(markdown):
        return markdown
    # The plans table shows whatever plans exist now, not what the amended page said: name it instead.
    placeholder = ("〔表：各活用方針のデータから作る活用方針の一覧〕" if lang == "ja"
                   else "[Table: the list of activity plans, made from each plan's data]")
    markdown = re.sub(r"\{\{\s*rule:plans-table\s*\}\}", placeholder, markdown)
    return expand(markdown, lang, PageSet(Path("."), (), {}), page)
