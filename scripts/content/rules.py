"""Rules several pages state, written once in ``scripts/data/`` and rendered into each page.

Who is told at each incident level, how fast the first response starts, who decides
to hide or delete, who approves a plan and how an undecided plan item is written used
to be typed out on the guideline, the incident overview, the playbooks and the plans,
and they drifted apart. Now a page writes a marker such as ``{{rule:notify:2}}`` and
the build replaces it with text made from ``severity.yml``, ``roles.yml`` and
``rules.yml``. The checks here fail the build when a marker is unknown, when a
playbook or plan contradicts the data, or when a page types a rule out by hand.

Routes people follow (removed comments and objections, enquiries, outside office hours,
page access) are rendered by ``scripts/content/routes.py``; facts awaiting the City's confirmation
by ``scripts/content/confirm.py``. Both are registered here, so every marker is checked the same way.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from functools import lru_cache
from typing import Any, Callable


from scripts import datafiles
from scripts.sources.markdown_ids import section
from scripts.sources.pages import PageSet
from scripts.problems import Problem
from scripts.sources.schema import roles, severity_levels

# {{rule:name}} or {{rule:name:argument}}, spaces allowed inside the braces.
MARKER = re.compile(r"\{\{\s*rule:([a-z-]+)(?::([a-z0-9-]+))?\s*\}\}")
# Markers that render a table or list: they must stand alone on their line.
BLOCK_MARKERS = {"notify-table", "plans-table", "objection-table", "enquiry-routes", "after-hours",
                 "page-access-table", "confirm-list"}
# Hand-written statements of a rule that the data states. Each pattern names the marker to use.
RESTATEMENTS = (
    (re.compile(r"480\s*(分|min)"), "states the level-1 target in minutes by hand: write {{rule:target:1}}"),
    (re.compile(r"(全てのインシデント|[Aa]ny incident)\s*(\||：|:)"),
     "states who is told of every incident by hand: write {{rule:notify-table}}"),
    (re.compile(r"(初動の目標|[Ff]irst-response target)[^。.\n|]*\d+\s*(分|時間|minutes|hours)"),
     "states a first-response target by hand: write {{rule:target:N}}"),
)


@lru_cache(maxsize=None)
def rules() -> dict[str, Any]:
    """The shared rules (``scripts/data/rules.yml``)."""
    return datafiles.load("rules.yml")


def short(role: str, lang: str) -> str:
    """The name the guideline uses for a role once it has defined it."""
    return roles()[role]["short"][lang]


def join(items: list[str], lang: str) -> str:
    """A list in running text: 「A、B及びC」 / "A, B and C"."""
    if len(items) < 2:
        return "".join(items)
    last = "及び" if lang == "ja" else " and "
    return ("、" if lang == "ja" else ", ").join(items[:-1]) + last + items[-1]


def role_list(ids: list[str], lang: str) -> str:
    """Roles in running text, with the English article."""
    return join([short(r, lang) if lang == "ja" else f"the {short(r, lang)}" for r in ids], lang)


def duration(minutes: int, lang: str) -> str:
    """A target as people say it: 30分以内, 4時間以内 / within 30 minutes, within 4 hours."""
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours}時間以内" if lang == "ja" else f"within {hours} hour{'s' if hours > 1 else ''}"
    return f"{minutes}分以内" if lang == "ja" else f"within {minutes} minutes"


def target(level: int, lang: str) -> str:
    """The first-response target of a level, with how it is counted."""
    data = severity_levels()[level]
    text = duration(data["target_minutes"], lang)
    if data["office_hours_only"]:
        text += "（開庁時間内で数える）" if lang == "ja" else " (counted in office hours)"
    return text


def first_report(lang: str) -> str:
    """Whom the person who noticed an incident tells first."""
    d = rules()["deciders"]
    if lang == "ja":
        return f"{short(d['first_report'], lang)}（不在の場合は{short(d['first_report_fallback'], lang)}）"
    return f"the {short(d['first_report'], lang)} (if absent, the {short(d['first_report_fallback'], lang)})"


def report(lang: str) -> str:
    """Where the incident report goes."""
    r = rules()["report"]
    if lang == "ja":
        return f"{short(r['to'], lang)}に提出し、写しを{short(r['copy'], lang)}に送付する"
    return f"submitted to the {short(r['to'], lang)}, with a copy to the {short(r['copy'], lang)}"


def approver(lang: str) -> str:
    """Who approves an activity plan, including the case of the approver's own page."""
    a = rules()["approval"]
    if lang == "ja":
        return f"{short(a['by'], lang)}（所管課が{short(a['by'], lang)}である場合は{short(a['own_division'], lang)}）"
    return (f"the {short(a['by'], lang)} (the {short(a['own_division'], lang)} when the responsible division "
            f"is the {short(a['by'], lang)} itself)")


def notify_table(lang: str) -> str:
    """Who is told at once at each level, the target, and where the report goes."""
    head = ("| レベル | 直ちに知らせる先 | 初動の目標 | 報告書の提出 |" if lang == "ja"
            else "| Level | Told at once | First-response target | Incident report |")
    lines = [head, "|---|---|---|---|"]
    for level, data in severity_levels().items():
        due = data["report_due"][lang]
        told = (" → ".join(short(r, lang) for r in data["notify"]) if lang == "ja"
                else " → ".join(short(r, lang)[:1].upper() + short(r, lang)[1:] for r in data["notify"]))
        lines.append(f"| {data[lang]} | {told} | {target(level, lang)} | {due} |")
    also = rules()["also_notify"]
    lines.append("")
    for item in also.values():
        role, when = short(item["role"], lang), item["when"][lang]
        first = short(rules()["deciders"]["first_report"], lang)
        if lang == "ja":
            did = f"気付いた職員が、{first}と同時に{role}にも直接知らせる" if item["by_finder"] else f"{first}が{role}にも直ちに知らせる"
            lines.append(f"- {when}は、レベルにかかわらず、{did}。")
        else:
            who = f"the person who noticed tells the {role} directly, at the same time as the {first}" if item["by_finder"] \
                else f"the {first} also tells the {role} at once"
            lines.append(f"- {when[:1].upper()}{when[1:]}, whatever the level, {who}.")
    anytime = [str(level) for level, data in severity_levels().items() if not data["office_hours_only"]]
    lines.append(f"- レベル{join(anytime, lang)}は、開庁時間外であっても、所管課の緊急連絡網により直ちに知らせる。" if lang == "ja"
                 else f"- At levels {join(anytime, lang)}, people are told at once through the division's emergency contact network, even outside office hours.")
    lines.append("- 種類ごとの手順に、そのレベルより短い初動の目標がある場合は、手順の目標による。レベルの目標より長い目標は定めない。" if lang == "ja"
                 else "- Where the procedure for a type sets a shorter first-response target than its level, the procedure's target applies. No procedure sets a longer one.")
    lines.append(f"- 報告書は、全てのレベルで{report(lang)}。" if lang == "ja"
                 else f"- At every level, the incident report is {report(lang)}.")
    return "\n".join(lines)


def plans_table(pageset: PageSet, lang: str, page: str) -> str:
    """Every filed plan with its stage and approval, linked from the page that shows it."""
    from scripts.content.plans import plans_of  # plans imports this module's checks

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
        lines.append(f"| [{data['department'][lang]}]({link}) | {data['page_name'][lang]} | "
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
    # Routes people follow (scripts/content/routes.py) and the facts awaiting confirmation (scripts/content/confirm.py).
    "objection-table": (None, lambda a, lang, ps, p: _routes().objection_table(lang, p)),
    "enquiry-routes": (None, lambda a, lang, ps, p: _routes().enquiry_routes(lang, p)),
    "after-hours": (None, lambda a, lang, ps, p: _routes().after_hours(lang, p)),
    "after-hours-item": ("after-hours", lambda a, lang, ps, p: _routes().after_hours_item(a, lang, p)),
    "page-access-table": (None, lambda a, lang, ps, p: _routes().page_access_table(lang, p)),
    "page-ownership": (None, lambda a, lang, ps, p: _routes().page_ownership(lang)),
    "full-control": (None, lambda a, lang, ps, p: _routes().full_control(lang)),
    "deletion-fallback": (None, lambda a, lang, ps, p: _routes()._deletion(lang)),
    "confirm-list": (None, lambda a, lang, ps, p: _confirm().confirm_list(lang)),
    # 「（要確認）」 beside a fact of scripts/data/confirm.yml, while it awaits confirmation.
    "confirm": ("fact", lambda a, lang, ps, p: _routes().confirm_mark(a, lang, p)),
}


def _routes():  # noqa: ANN202 - imported when first used: routes reads data this module's checks also read
    from scripts.content import routes
    return routes


def _confirm():  # noqa: ANN202
    from scripts.content import confirm
    return confirm


def _argument_ok(kind: str | None, arg: str | None) -> str | None:
    """Why a marker's argument is wrong, or None when it is right."""
    choices = {"level": [str(k) for k in severity_levels()], "role": list(roles()),
               "after-hours": list(_routes().AFTER_HOURS_ITEMS), "fact": list(datafiles.load("confirm.yml")),
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


def _name(page: Any) -> str:
    """The file name of a page, or the name itself when a test passes only a name."""
    return page.name if hasattr(page, "name") else str(page)


def _problem(page: Any, path: tuple[str, ...], message: str, ja: str) -> Problem:
    """A problem on a front-matter field, on that field's line when the page is known."""
    if hasattr(page, "problem"):
        return page.problem(path, message, ja)
    return Problem(str(page), ".".join(path), message, None, ja)


def expand_text(markdown: str, lang: str, page: str) -> str:
    """Markers replaced by their text outside a build (新旧対照表 compare what readers read)."""
    if not MARKER.search(markdown):
        return markdown
    # The plans table shows whatever plans exist now, not what the amended page said: name it instead.
    placeholder = ("〔表：各活用方針のデータから作る活用方針の一覧〕" if lang == "ja"
                   else "[Table: the list of activity plans, made from each plan's data]")
    markdown = re.sub(r"\{\{\s*rule:plans-table\s*\}\}", placeholder, markdown)
    return expand(markdown, lang, PageSet(Path("."), (), {}), page)


def check_playbook_rules(data: dict[str, Any], body: str, lang: str, page: Any) -> list[Problem]:
    """A playbook involves everyone its level tells, and its text names who decides."""
    problems = []
    level = severity_levels().get(data.get("severity"))
    involved = data.get("roles") or []
    if not level or not isinstance(involved, list):
        return problems
    missing = [r for r in level["notify"] if r not in involved]
    if missing:
        problems.append(_problem(page, ("incident", "roles"), f"leaves out {', '.join(missing)}, whom severity {data['severity']} tells at once (scripts/data/severity.yml)",
                                 f"に {', '.join(missing)} がありません。レベル{data['severity']}では直ちに知らせる先です（scripts/data/severity.yml）。"))
    decides = data.get("decides")
    if decides in roles():
        if decides not in involved:
            problems.append(_problem(page, ("incident", "decides"), f"{decides} decides but is not among the roles involved",
                                     f"の {decides} が、関係する役割（incident.roles）に含まれていません。"))
        text = section(body, "who-decides") or ""
        wanted = f"**{short(decides, lang)}**"
        if text and wanted.lower() not in text.lower():
            problems.append(Problem(_name(page), "#who-decides", f"does not name {wanted} in bold, but incident.decides says {decides}: the text and the data must agree",
                                    None, f"「判断する者」の節に {wanted} がありません。incident.decides（{decides}）と本文を一致させてください。"))
    return problems


def _division(name: str) -> str:
    """A division's name without the section in brackets: 秘書広報課（秘書担当） → 秘書広報課."""
    return re.sub(r"\s*[（(][^）)]*[）)]\s*$", "", name)


def division_key(department: dict[str, str] | Any, lang: str) -> str | None:
    """What makes two plans belong to the same division (第7条2: one page per division)."""
    return _division(department[lang]) if isinstance(department, dict) and isinstance(department.get(lang), str) else None


def check_plan_rules(data: dict[str, Any], page: Any) -> list[Problem]:
    """Approval by the right division, and undecided names written the one way."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return problems
    approval, department = data.get("approval"), data.get("department")
    rule = rules()["approval"]
    if isinstance(approval, dict) and isinstance(department, dict) and isinstance(department.get("ja"), str):
        own = short(rule["by"], "ja") in department["ja"]
        wanted = rule["own_division"] if own else rule["by"]
        if approval.get("by") != wanted:
            why = ("no division approves its own plan" if own else "plans are approved by the division the guideline names")
            why_ja = "どの課も自らの課の活用方針を承認しない" if own else "活用方針はガイドラインが定める課が承認する"
            problems.append(_problem(page, ("plan", "approval", "by"), f"is {approval.get('by')!r} but must be {wanted!r} ({why}; scripts/data/rules.yml)",
                                     f"が {approval.get('by')!r} ですが、{wanted!r} でなければなりません（{why_ja}）。"))
    page_name = data.get("page_name")
    prefix = rules()["undecided"]["page_name_prefix"]
    if isinstance(page_name, dict) and all(isinstance(page_name.get(l), str) for l in prefix):
        provisional = {lang: page_name[lang].startswith(prefix[lang]) for lang in prefix}
        for lang, text in page_name.items():
            if prefix.get(lang, "\0").strip() in text and not provisional.get(lang):
                problems.append(_problem(page, ("plan", "page_name", lang), f"{prefix[lang].strip()!r} must come first: an undecided name is written {prefix[lang]!r}+ the proposed name",
                                         f"の {prefix[lang].strip()!r} は名称の先頭に書いてください。"))
        if len(set(provisional.values())) > 1:
            problems.append(_problem(page, ("plan", "page_name"), f"is provisional in one language only: mark both with {prefix['ja']!r} / {prefix['en'].strip()!r} or neither",
                                     f"が一方の言語だけ仮称になっています。両方に {prefix['ja']!r} / {prefix['en'].strip()!r} を付けるか、どちらにも付けないでください。"))
        if any(provisional.values()) and data.get("status") != "planned":
            problems.append(_problem(page, ("plan", "page_name"), "is still provisional but the page has opened: write the name the page has",
                                     "が仮称のままですが、ページは開設されています。実際のページ名を書いてください。"))
        undecided = rules()["undecided"]["text"]
        if any(page_name[lang].strip() == undecided[lang] for lang in prefix):
            problems.append(_problem(page, ("plan", "page_name"), f"must not be {undecided['ja']!r}: write {prefix['ja']!r} and the proposed name (guideline 第35条)",
                                     f"を {undecided['ja']!r} とは書きません。{prefix['ja']!r} を付けた仮の名称を書いてください（ガイドライン第35条）。"))
    return problems
