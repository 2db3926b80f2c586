"""Rules several pages state, written once in ``scripts/data/``: who is told, how fast, who decides.

Who is told at each incident level, how fast the first response starts, who decides
to hide or delete, who approves a plan and how an undecided plan item is written used
to be typed out on the guideline, the incident overview, the playbooks and the plans,
and they drifted apart. Now ``severity.yml``, ``roles.yml`` and ``rules.yml`` state them,
this module words them, and a page names them by a marker (``{{rule:notify:2}}``,
``scripts/sns_policy/content/markers.py``). The checks here fail the build when a playbook or a plan
contradicts the data.
"""
from __future__ import annotations

import re
from typing import Any

from sns_policy import datafiles
from sns_policy.problems import Problem
from sns_policy.sources.markdown_ids import section
from sns_policy.sources.schema import roles, severity_levels


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
    formal = [str(level) for level, data in severity_levels().items() if data.get("report_form", True)]
    logged = [str(level) for level, data in severity_levels().items() if not data.get("report_form", True)]
    lines.append(f"- 報告書は、レベル{join(formal, lang)}で{report(lang)}。" if lang == "ja"
                 else f"- At levels {join(formal, lang)}, the incident report is {report(lang)}.")
    if logged:
        to = short(rules()["report"]["to"], lang)
        lines.append(f"- レベル{join(logged, lang)}の件数は、月ごとに{to}に報告する。" if lang == "ja"
                     else f"- The number of level-{join(logged, lang)} incidents is reported to the {to} every month.")
    return "\n".join(lines)


def _name(page: Any) -> str:
    """The file name of a page, or the name itself when a test passes only a name."""
    return page.name if hasattr(page, "name") else str(page)


def _problem(page: Any, path: tuple[str, ...], message: str, ja: str) -> Problem:
    """A problem on a front-matter field, on that field's line when the page is known."""
    if hasattr(page, "problem"):
        return page.problem(path, message, ja)
    return Problem(str(page), ".".join(path), message, None, ja)


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
    """A division's name without the section in brackets: 観光課（観光担当） → 観光課."""
    return re.sub(r"\s*[（(][^）)]*[）)]\s*$", "", name)


def division_key(department: dict[str, str] | Any, lang: str) -> str | None:
    """What makes two plans belong to the same division (the guideline's rule: one page per division)."""
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
            problems.append(_problem(page, ("plan", "page_name"), f"must not be {undecided['ja']!r}: write {prefix['ja']!r} and the proposed name",
                                     f"を {undecided['ja']!r} とは書きません。{prefix['ja']!r} を付けた仮の名称を書いてください。"))
    return problems
