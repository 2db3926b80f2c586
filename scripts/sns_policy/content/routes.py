"""Routes people follow, written once in ``scripts/data/`` and rendered wherever a page states them.

A resident who wants to ask, complain or object, and a member of staff who notices an
incident at 22:00, must find the same answer on every page that tells them where to go.
These routes used to be typed on the policy, the guideline and the playbooks, and they
contradicted each other (the policy promised to explain a removed comment, the playbook
forbade it). Each renderer here makes the text of one ``{{rule:…}}`` marker
(``scripts/sns_policy/content/markers.py`` registers them) from:

- ``rules.yml`` (``removal``, ``objection``, ``deciders.deletion_fallback``);
- ``contact.yml`` (how a resident reaches the City, including in writing);
- ``after-hours.yml`` (outside office hours: levels, routes, escalation, securing a page
  from home, Meta's recovery steps);
- ``page-access.yml`` (who holds which Facebook access to a City-owned page).

Tables and lists for staff are written in noun phrases, so the same words read correctly on
every rule (である); the objection table has a residents' version in です・ます
(:func:`objection_answers`) made from the same data. On staff pages, a fact the City has yet
to confirm carries a visible mark linking to the staff list of such facts
(``scripts/sns_policy/content/confirm.py``); residents' pages never carry it (:func:`residents_page`).
"""
from __future__ import annotations

import posixpath
import re
from typing import Any, Callable

from sns_policy import datafiles
from sns_policy.content.confirm import pending
from sns_policy.playbooks.model import playbooks_of
from sns_policy.dates import format_date
from sns_policy.problems import Problem
from sns_policy import site
from sns_policy.sources.personal_data import strings  # the one walker over texts and their key paths
from sns_policy.sources.schema import roles, severity_levels

AFTER_HOURS_FILE = "scripts/data/after-hours.yml"


def _rules() -> dict[str, Any]:
    return datafiles.load("rules.yml")


def _short(role: str, lang: str) -> str:
    return roles()[role]["short"][lang]


def _the(role: str, lang: str) -> str:
    """A role in running text, with the English article."""
    return _short(role, lang) if lang == "ja" else f"the {_short(role, lang)}"


def _join(items: list[str], lang: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return ("、".join(items[:-1]) + "及び" + items[-1]) if lang == "ja" else (", ".join(items[:-1]) + " and " + items[-1])


def link(target: str, page: str) -> str:
    """``target`` (a path inside the language folder) relative to ``page``, as Markdown links need it."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def residents_page(page: str) -> bool:
    """Whether ``page`` is read by residents: the pages outside a folder (policy, registry, home...).

    Staff pages (guideline, incidents, plans, forms) are in folders. A resident must never be told that
    the City's own division names are doubtful, nor be sent to a list meant for staff (review N3)."""
    return "/" not in page


def confirm_mark(fact: str | None, lang: str, page: str) -> str:
    """「（要確認）」 linked to the staff list of facts to confirm, while ``fact`` awaits the City's
    confirmation; "" once confirmed, and always "" on a residents' page (their text is worded so that
    it holds either way: an undecided service level is written as this draft's proposal)."""
    if not fact or fact not in pending() or residents_page(page):
        return ""
    href = link(FACTS_PAGE, page)
    return f"（[要確認]({href})）" if lang == "ja" else f" ([to be confirmed]({href}))"


# The staff page that lists every fact still to confirm, in plain words ({{rule:confirm-list}}).
FACTS_PAGE = "facts-to-confirm.md"


def _table(head: tuple[str, str], rows: list[tuple[str, str]]) -> str:
    lines = [f"| {head[0]} | {head[1]} |", "|---|---|"]
    lines += [f"| {k} | {v.replace('|', '｜')} |" for k, v in rows]
    return "\n".join(lines)


def answer_time(days: int, lang: str) -> str:
    return f"{days}開庁日以内" if lang == "ja" else f"within {days} working days"


# ---------------------------------------------------------------- removed comments


def _rechecker(lang: str) -> str:
    """Who checks a decision again: never the division that decided (review N9)."""
    o = _rules()["objection"]
    own = o.get("rechecks_own_page")
    if lang == "ja":
        return _short(o["rechecks"], lang) + (f"（{_short(o['rechecks'], lang)}の公式ページについては{_short(own, lang)}）" if own else "")
    return f"the {_short(o['rechecks'], lang)}" + (f" (for its own page, the {_short(own, lang)})" if own else "")


def objection_table(lang: str, page: str) -> str:
    """What happens when someone asks why their comment was hidden or removed, or objects (staff words).

    Residents read the same facts in their own words (:func:`objection_answers`)."""
    r, o = _rules(), _rules()["objection"]
    decider = r["deciders"]["moderation"]
    enquiries = link("policy.md", page) + "#enquiries"
    days = answer_time(o["answer_within_working_days"], lang)
    mark = confirm_mark(datafiles.load("contact.yml").get("answer_confirm"), lang, page)
    last = r["removal"]["catch_all_item"]  # its number alone says nothing: the reason is given too
    if lang == "ja":
        explain = (f"求めに応じて、記録に基づき、当たると判断した禁止事項の番号（{last}に当たるときは、その理由）を回答"
                   "（Facebook上での個別の通知・説明はなし）"
                   if r["removal"]["explain_on_request"] else "回答なし")
        rows = [
            ("理由の説明", explain),
            ("受付", f"{_short(o['receives'], lang)}（[お問い合わせ]({enquiries})の方法による。Facebookのコメント・メッセージでは受付なし）"),
            ("確認する者", f"措置を判断した{_short(decider, lang)}及びその報告を受けた所属長以外の者として、{_rechecker(lang)}が記録を再確認"),
            ("回答の期限", f"受付の日から{days}{mark}（確認に時間を要するときは、期限内にその旨と見込みを連絡）"),
            ("回答の方法", "申出のあった方法（書面、電話又は窓口）により、申し出た本人へ"),
            ("記録", f"受付日、申出の内容、確認の結果及び回答日を措置の記録に追記し、{_short(o['records'], lang)}が保管"),
            ("判断が誤っていたとき", "非表示にしたコメントの再表示及びブロックの解除。削除したコメントは元に戻せないため、その旨の説明とおわび"),
        ]
        return _table(("項目", "内容"), rows)
    explain = (f"on request, from the record, the number of the prohibited item the comment was judged to fall under "
               f"(for item {last}, the reason) (no notice or explanation on Facebook)"
               if r["removal"]["explain_on_request"] else "none")
    rows = [
        ("Reason", explain),
        ("Received by", f"{_short(o['receives'], lang)} (by the routes under [Enquiries]({enquiries}); "
                        "not through Facebook comments or messages)"),
        ("Checked again by", f"someone other than the {_short(decider, lang)} who decided and the head of division told of it: "
                             f"{_rechecker(lang)} checks the record again"),
        ("Answer due", f"{days} of receipt{mark} (if the check takes longer, the person is told so, and when to expect "
                       "an answer, within that time)"),
        ("How the answer is given", "in the way the person asked (in writing, by telephone or in person), to that person"),
        ("Record", f"the date received, the request, the result of the check and the date answered are added to the "
                   f"record of the action, kept by the {_short(o['records'], lang)}"),
        ("If the decision was wrong", "a hidden comment is shown again and a block is lifted; a deleted comment cannot be "
                                      "restored, so the person is told so, with an apology"),
    ]
    return _table(("Item", "What happens"), rows)


ANSWERS_FILE = "objection-answers.yml"
# The {name} places objection-answers.yml may write; the file's opening comment says what each stands for.
ANSWER_NAMES = ("last", "receives", "rechecker", "enquiries", "days", "reason", "answer_time")
_NAME = re.compile(r"\{([^{}]*)\}")


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``{name}`` of ``values`` filled in (an unknown name is left as written: the check names it)."""
    return _NAME.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def objection_answers(lang: str, page: str) -> str:
    """The objection table in residents' words (です・ます), from the same data as the staff table.

    A resident asks "will I be told why, who looks at it, when do I hear back, what if you were
    wrong"; the staff table's noun phrases (措置, 所属長) answer a clerk, not them (review N9).
    The words are the site's (``objection-answers.yml``); the facts filled into them are the rules'."""
    r, o = _rules(), _rules()["objection"]
    words = datafiles.load(ANSWERS_FILE)
    values = {"last": str(r["removal"]["catch_all_item"]), "receives": _short(o["receives"], lang),
              "rechecker": _rechecker(lang), "enquiries": link("policy.md", page) + "#enquiries",
              "days": answer_time(o["answer_within_working_days"], lang)}
    proposed = datafiles.load("contact.yml").get("answer_confirm") in pending()
    values["reason"] = fill(words["reason"]["given" if r["removal"]["explain_on_request"] else "not_given"][lang], values)
    values["answer_time"] = fill(words["answer_time"]["proposed" if proposed else "adopted"][lang], values)
    rows = [(row["ask"][lang], fill(row["answer"][lang], values)) for row in words["rows"]]
    return _table((words["head"][lang]["ask"], words["head"][lang]["answer"]), rows)


def _check_names(name: str, known: tuple[str, ...], within: tuple[str, ...] = ()) -> list[Problem]:
    """Every ``{name}`` in the data file ``name`` (under the key path ``within``) is one of ``known``:
    the build fills those in, and any other would reach readers as written."""
    data = datafiles.read(name)
    value = data.value
    for key in within:
        value = value.get(key) if isinstance(value, dict) else None
    if data.problems or value is None:
        return []  # the data checks report it
    problems = []
    for path, text in strings(value):
        for found in _NAME.findall(text):
            if found not in known:
                field = ".".join(str(p) for p in (*within, *path))
                problems.append(Problem(data.name, field, f"has {{{found}}}, which the build does not fill in: use one of "
                                        + ", ".join(f"{{{n}}}" for n in known), data.line_of((*within, *path)),
                                        f"の {{{found}}} は、ビルドが埋める名前ではありません。使えるのは "
                                        + "、".join(f"{{{n}}}" for n in known) + " です。"))
    return problems


# ---------------------------------------------------------------- enquiries


def enquiry_routes(lang: str, page: str) -> str:
    """Every route a resident may use, the hours, and when to expect an answer."""
    data = datafiles.load("contact.yml")
    lines = []
    for route in data["routes"]:
        sep = "：" if lang == "ja" else ": "
        lines.append(f"- **{route['label'][lang]}**{sep}{route['text'][lang]}{confirm_mark(route.get('confirm'), lang, page)}")
    hours = data["hours"]["text"][lang] + confirm_mark(data["hours"].get("confirm"), lang, page)
    days = answer_time(data["answer_within_working_days"], lang)
    # Until the City adopts an answer time, it is this draft's proposal, never a promise (review N3).
    proposed = data.get("answer_confirm") in pending()
    if lang == "ja":
        answer = (f"この案では、受け付けた日から{days}にお答えすることを提案しています" if proposed
                  else f"受け付けた日から{days}")
        lines += [f"- **受付の時間**：{hours}（書面は、いつでもお送りいただけます）",
                  f"- **回答の目安**：{answer}（時間がかかるときは、その旨と見込みをお知らせします）"]
    else:
        answer = (f"this draft proposes that we answer {days} of receipt" if proposed else f"{days} of receipt")
        lines += [f"- **When we answer the telephone and counter**: {hours} (you may send something in writing at any time)",
                  f"- **When to expect an answer**: {answer} (if it takes longer, we tell you so and when to expect it)"]
    return "\n".join(lines)


# ---------------------------------------------------------------- outside office hours


def _after_hours() -> dict[str, Any]:
    return datafiles.load("after-hours.yml")


def steps() -> list[list[str]]:
    """The order of calls outside office hours: each step's roles, called at the same time."""
    return _after_hours()["escalation"]["steps"]


def reach_minutes() -> int:
    """Minutes until the last step of the order of calls is called, when nobody answers."""
    return (len(steps()) - 1) * _after_hours()["escalation"]["no_answer_minutes"]


def contact_roles() -> list[str]:
    """Every role someone may have to call outside office hours, in the order they are called."""
    data = _after_hours()
    ordered = [r for step in steps() for r in step] + data["routes"] + [data["relay"]]
    return list(dict.fromkeys(ordered))


def contact_blanks(lang: str) -> str:
    """The card's table of roles with an empty cell each, for the numbers written by hand after printing.

    No number is ever typed into the site (personal data rules): the printed card is filled in from
    the internal directory and kept at hand, so the route works at 22:00 away from the office.
    """
    head = ("連絡先", "電話番号（印刷後に手で記入）") if lang == "ja" else ("Contact", "Telephone (write in by hand after printing)")
    rows = [f"| {roles()[r][lang]} | &nbsp; |" for r in contact_roles()]
    return "\n".join([f"| {head[0]} | {head[1]} |", "|---|---|", *rows])


def check_after_hours(pageset: Any = None) -> list[Problem]:
    """The order of calls reaches the role that restores access, in time for every target outside office hours.

    Review 2026-12-07, N1: four 10-minute steps took 40 minutes against targets of 15 and 30, and
    the role that administers the business portfolio, the only one that can restore a page's access, was missing.
    """
    data = _after_hours()
    text = (site.data_dir() / "after-hours.yml").read_text(encoding="utf-8")
    line = next((i for i, l in enumerate(text.splitlines(), 1) if l.strip().startswith("no_answer_minutes")), None)
    steps_line = next((i for i, l in enumerate(text.splitlines(), 1) if l.strip().startswith("steps")), None)
    problems: list[Problem] = []
    known = roles()
    for role in [r for step in steps() for r in step] + data["routes"] + [data["relay"]]:
        if role not in known:
            problems.append(Problem(AFTER_HOURS_FILE, "escalation", f"names {role!r}, which is not a role of scripts/data/roles.yml",
                                    steps_line, f"に {role!r} がありますが、scripts/data/roles.yml にその役割はありません。"))
    admin = datafiles.load("page-access.yml")["portfolio_admin"]
    if admin not in [r for step in steps() for r in step]:
        problems.append(Problem(AFTER_HOURS_FILE, "escalation.steps",
                                f"leaves out {admin!r}, the only role that can restore access to a page: put it in the order of calls",
                                steps_line, f"に、ページのアクセスを回復できる唯一の役割 {admin!r} がありません。連絡の順に加えてください。"))
    targets = [(v["target_minutes"], v["en"]) for v in severity_levels().values() if not v.get("office_hours_only")]
    for lang in (pageset.languages[:1] if pageset else []):
        for playbook in playbooks_of(pageset, lang):
            level = severity_levels().get(playbook.data.get("severity")) if isinstance(playbook.data, dict) else None
            minutes = playbook.data.get("first_response_minutes") if level else None
            if level and not level.get("office_hours_only") and isinstance(minutes, int):
                targets.append((minutes, playbook.page.name))
    for minutes, what in targets:
        if reach_minutes() >= minutes:
            problems.append(Problem(AFTER_HOURS_FILE, "escalation.no_answer_minutes",
                                    f"makes the last step of the order of calls {reach_minutes()} minutes away, not within the "
                                    f"{minutes}-minute target of {what}: call more roles at once or wait less",
                                    line, f"では連絡の順の最後の段まで {reach_minutes()} 分かかり、{what} の目標 {minutes} 分に"
                                    "間に合いません。同時に連絡する者を増やすか、待つ時間を短くしてください。"))
    return problems


def _steps_text(lang: str) -> str:
    """The order of calls in one line: ①… in Japanese, "step 1: …" in English."""
    if lang == "ja":
        numbers = "①②③④⑤⑥⑦⑧⑨"
        return "、".join(f"{numbers[i]}{_join([_short(r, lang) for r in step], lang)}" for i, step in enumerate(steps()))
    return "; ".join(f"step {i + 1}: {_join([_the(r, lang) for r in step], lang)}" for i, step in enumerate(steps()))


# How each {name} of an after-hours item is made, from rules.yml, roles.yml, page-access.yml and
# after-hours.yml, with links written from the page. Only the names an item's text uses are made,
# so a site whose items never name a fact need not hold it.
_ITEM_VALUES: dict[str, Callable[[dict[str, Any], str, str], str]] = {
    "deletion": lambda item, lang, page: _short(_rules()["deciders"]["deletion"], lang),
    "deletion_fallback": lambda item, lang, page: _short(_rules()["deciders"]["deletion_fallback"], lang),
    "first_report": lambda item, lang, page: _short(_rules()["deciders"]["first_report"], lang),
    "takeover_role": lambda item, lang, page: _short(_rules()["also_notify"]["takeover"]["role"], lang),
    "takeover_when": lambda item, lang, page: _rules()["also_notify"]["takeover"]["when"][lang],
    "steps": lambda item, lang, page: _steps_text(lang),
    "no_answer_minutes": lambda item, lang, page: str(_after_hours()["escalation"]["no_answer_minutes"]),
    "reach_minutes": lambda item, lang, page: str(reach_minutes()),
    "portfolio_admin": lambda item, lang, page: _short(datafiles.load("page-access.yml")["portfolio_admin"], lang),
    "routes": lambda item, lang, page: _join([_the(r, lang) for r in _after_hours()["routes"]], lang),
    "relay": lambda item, lang, page: _short(_after_hours()["relay"], lang),
    "report_to": lambda item, lang, page: _join([_the(r, lang) for r in _after_hours()["from_home"]["report_to"]], lang),
    "card_contacts": lambda item, lang, page: link("incidents/quick-reference.md", page) + "#contacts",
    "guideline": lambda item, lang, page: link("guideline", page),
    "holding": lambda item, lang, page: link("incidents/statements.md", page) + "#holding-statement",
    "mark": lambda item, lang, page: confirm_mark(item.get("confirm"), lang, page),
}
# The {name} places an after-hours item's text may write; after-hours.yml's comment says what each stands for.
ITEM_NAMES = tuple(_ITEM_VALUES)


def after_hours_items() -> dict[str, dict[str, Any]]:
    """The items after the levels, by name, in the order the rule lists them (after-hours.yml ``items``)."""
    return {item["name"]: item for item in _after_hours()["items"]}


def after_hours_text(name: str, lang: str, page: str) -> str:
    """The text of one after-hours item, its facts filled in: the same words in the full list, in a
    playbook that quotes the item, and wherever a rule states it alone (``{{rule:deletion-fallback}}``)."""
    item = after_hours_items()[name]
    text = item["text"][lang]
    text = fill(text, {n: _ITEM_VALUES[n](item, lang, page) for n in _NAME.findall(text) if n in _ITEM_VALUES})
    if lang != "ja":  # a sentence that opens with a role ("the head of division …") starts with a capital
        text = text[:1].upper() + text[1:]
    return text


def after_hours_item(name: str, lang: str, page: str) -> str:
    """One item of the after-hours rules, with its label, as it reads in the full list."""
    sep = "：" if lang == "ja" else ": "
    return f"**{after_hours_items()[name]['label'][lang]}**{sep}{after_hours_text(name, lang, page)}"


def after_hours(lang: str, page: str) -> str:
    """The whole after-hours rule: each level, then every route and fallback."""
    sep = "：" if lang == "ja" else ": "
    # Levels with the same rule share one item (レベル2（重大）・レベル3（緊急）).
    same: dict[str, list[int]] = {}
    for level, text in sorted(_after_hours()["levels"].items()):
        same.setdefault(text[lang], []).append(level)
    joiner = "・" if lang == "ja" else ", "
    lines = [f"- **{joiner.join(severity_levels()[level][lang] for level in levels)}**{sep}{text}" for text, levels in same.items()]
    lines += [f"- {after_hours_item(name, lang, page)}" for name in after_hours_items()]
    return "\n".join(lines)


# ---------------------------------------------------------------- page access


def page_access_table(lang: str, page: str) -> str:
    """Which Facebook access each role of the guideline holds, dated because Meta renames its screens."""
    data = datafiles.load("page-access.yml")
    rows = [(roles()[m["role"]][lang], m["access"][lang]) for m in data["mapping"]]
    mark = confirm_mark(data.get("confirm"), lang, page)
    head = ("ガイドラインの役割", f"Facebook上のアクセス（{format_date(data['as_of'], lang)}時点のMetaのヘルプセンターの名称）{mark}") if lang == "ja" \
        else ("Role in this guideline", f"Access on Facebook (as Meta's Help Center names it on {format_date(data['as_of'], lang)}){mark}")
    return _table(head, rows)


def full_control(lang: str) -> str:
    """How many people at least hold full control of a page: 2名以上 / at least 2 people."""
    n = datafiles.load("page-access.yml")["min_full_control"]
    return f"{n}名以上" if lang == "ja" else f"at least {n} people"


# The {name} places page-access.yml's ``ownership`` may write.
OWNERSHIP_NAMES = ("portfolio_admin", "min_full_control")


def page_ownership(lang: str) -> str:
    """Where a page belongs and how many people can always recover it (page-access.yml ``ownership``)."""
    data = datafiles.load("page-access.yml")
    return fill(data["ownership"][lang], {"portfolio_admin": _short(data["portfolio_admin"], lang),
                                          "min_full_control": str(data["min_full_control"])})


def check_placeholders() -> list[Problem]:
    """Every ``{name}`` in a text the build fills in (the residents' objection answers, the after-hours
    items, the page-ownership sentence) is one it knows; any other would reach readers as written."""
    return (_check_names(ANSWERS_FILE, ANSWER_NAMES)
            + _check_names("after-hours.yml", ITEM_NAMES, ("items",))
            + _check_names("page-access.yml", OWNERSHIP_NAMES, ("ownership",)))
