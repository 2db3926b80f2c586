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
from typing import Any

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


def check_objection_answers() -> list[Problem]:
    """Every ``{name}`` in objection-answers.yml is one the build fills in; any other would reach residents as written."""
    data = datafiles.read(ANSWERS_FILE)
    if data.problems or not isinstance(data.value, dict):
        return []  # the data checks report it
    problems = []
    for path, text in strings(data.value):
        for name in _NAME.findall(text):
            if name not in ANSWER_NAMES:
                field = ".".join(str(p) for p in path)
                problems.append(Problem(data.name, field, f"has {{{name}}}, which the build does not fill in: use one of "
                                        + ", ".join(f"{{{n}}}" for n in ANSWER_NAMES), data.line_of(path),
                                        f"の {{{name}}} は、ビルドが埋める名前ではありません。使えるのは "
                                        + "、".join(f"{{{n}}}" for n in ANSWER_NAMES) + " です。"))
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


def _deletion(lang: str) -> str:
    """Who may take a City post down when the head of division cannot be reached: unpublish, never delete.

    One rule for 第44条, the after-hours block, the card and the data-leak playbook (N6): a deleted
    post loses the reach counts the 第68条 assessment needs, so nobody deletes on their own.
    """
    d = _rules()["deciders"]
    if lang == "ja":
        return (f"{_short(d['deletion'], lang)}に連絡がつかないときは、{_short(d['deletion_fallback'], lang)}が本市の投稿を"
                "削除せずに非公開にできる。個人情報が漏えいしている投稿は、画面を記録した後、気付いた職員が直ちに非公開にする"
                f"（削除しない）。いずれも理由を記録し、事後に{_short(d['deletion'], lang)}に報告する。")
    return (f"If the {_short(d['deletion'], lang)} cannot be reached, the {_short(d['deletion_fallback'], lang)} may unpublish "
            "(not delete) a City post. A post that leaks personal information is unpublished at once, after the screen is "
            "recorded, by whoever noticed it (not deleted). In either case the reason is recorded and reported to the "
            f"{_short(d['deletion'], lang)} afterwards.")


def _takeover(lang: str) -> str:
    item = _rules()["also_notify"]["takeover"]
    first = _rules()["deciders"]["first_report"]
    if lang == "ja":
        return f"{item['when'][lang]}は、時間にかかわらず、気付いた職員が{_short(first, lang)}と同時に{_short(item['role'], lang)}にも直接連絡する。"
    return (f"{item['when'][lang][:1].upper()}{item['when'][lang][1:]}, at any hour, whoever noticed tells the "
            f"{_short(item['role'], lang)} directly, together with the {_short(first, lang)}.")


def _contain(lang: str) -> str:
    return _after_hours()["contain_first"][lang]


def _card_link(page: str, lang: str) -> str:
    href = link("incidents/quick-reference.md", page) + "#contacts"
    return f"[初動対応カードの連絡先の欄]({href})" if lang == "ja" else f"[the contacts box of the quick-reference card]({href})"


def _routes(lang: str, page: str) -> str:
    data = _after_hours()
    who = _join([_the(r, lang) for r in data["routes"]], lang)
    mark = confirm_mark(data.get("confirm"), lang, page)
    if lang == "ja":
        return (f"{who}へは、連絡の順で応答した者（所属長等）が、各課の緊急連絡網（庁内の名簿）で連絡する。番号は、印刷した"
                f"{_card_link(page, lang)}に手で書き込んだものを使う。{_short(data['relay'], lang)}{mark}は、番号が分からないときの"
                "取次ぎに限って使い、これに頼らない。")
    return (f"{who[:1].upper()}{who[1:]} are told by whoever answered in the order of calls, through each division's emergency "
            f"contact network (internal directory), using the numbers written by hand in {_card_link(page, lang)}. The "
            f"{_short(data['relay'], lang)}{mark} is used only to be put through when a number is missing; no route depends on it.")


def steps() -> list[list[str]]:
    """The order of calls outside office hours: each step's roles, called at the same time."""
    return _after_hours()["escalation"]["steps"]


def reach_minutes() -> int:
    """Minutes until the last step of the order of calls is called, when nobody answers."""
    return (len(steps()) - 1) * _after_hours()["escalation"]["no_answer_minutes"]


def _escalation(lang: str, page: str) -> str:
    e = _after_hours()["escalation"]
    mark = confirm_mark(e.get("confirm"), lang, page)
    numbers = "①②③④⑤⑥⑦⑧⑨"
    if lang == "ja":
        order = "、".join(f"{numbers[i]}{_join([_short(r, lang) for r in step], lang)}" for i, step in enumerate(steps()))
        return (f"{order}の順とする。同じ段の者には同時に連絡し、{e['no_answer_minutes']}分以内にどの者からも応答がなければ、"
                f"次の段の者にも連絡する（最後の段まで{reach_minutes()}分）。{_short(datafiles.load('page-access.yml')['portfolio_admin'], lang)}の開庁時間外の連絡先{mark}は、印刷したカードに書き込んでおく。")
    order = "; ".join(f"step {i + 1}: {_join([_the(r, lang) for r in step], lang)}" for i, step in enumerate(steps()))
    return (f"{order[:1].upper()}{order[1:]}. Call everyone in a step at the same time; if none of them answers within "
            f"{e['no_answer_minutes']} minutes, call the next step as well (the last step is called within {reach_minutes()} minutes). "
            f"Write the {_short(datafiles.load('page-access.yml')['portfolio_admin'], lang)}'s out-of-hours contact{mark} on the printed card.")


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


def _from_home(lang: str) -> str:
    to = _join([_the(r, lang) for r in _after_hours()["from_home"]["report_to"]], lang)
    if lang == "ja":
        return ("公用の端末を使えないときは、疑いのない私用の端末から、パスワードの変更、全ての端末からのログアウト及び"
                f"二段階認証の確認をしてよい（[第41条第2項](../guideline/risk.md#article-41)の許可は不要）。事後に{to}に報告する。")
    return ("With no City device at hand, you may change the password, log out everywhere and check two-factor "
            "authentication from a private device not under suspicion (no permission under "
            f"[Article 41(2)](../guideline/risk.md#article-41) needed). Report afterwards to {to}.")


def _meta(lang: str, page: str) -> str:
    return _after_hours()["meta_recovery"][lang] + confirm_mark("meta-labels", lang, page) + ("。" if lang == "ja" else ".")


def _holding(lang: str, page: str) -> str:
    href = link("incidents/statements.md", page) + "#holding-statement"
    if lang == "ja":
        return f"事実を確認するまでは[確認中のお知らせ]({href})を使い、確認できていないことは書かない。"
    return f"Until the facts are checked, use the [holding statement]({href}); state nothing unconfirmed."


# Name → (Japanese label, English label, renderer(lang, page)).
AFTER_HOURS_ITEMS: dict[str, tuple[str, str, Any]] = {
    "contain": ("応答を待たない", "Do not wait", lambda lang, page: _contain(lang)),
    "escalation": ("連絡の順", "Order of calls", _escalation),
    "takeover": ("アカウントの乗っ取り", "Account takeover", lambda lang, page: _takeover(lang)),
    "routes": ("関係課への連絡", "Other divisions", _routes),
    "deletion": ("本市の投稿の削除", "Deleting a City post", lambda lang, page: _deletion(lang)),
    "from-home": ("自宅からの保護", "Securing the page from home", lambda lang, page: _from_home(lang)),
    "meta": ("Metaの回復手続", "Meta's recovery steps", _meta),
    "holding": ("公表", "Public notice", lambda lang, page: _holding(lang, page)),
}


def after_hours_item(name: str, lang: str, page: str) -> str:
    """One item of the after-hours rules, with its label, as it reads in the full list."""
    ja, en, render = AFTER_HOURS_ITEMS[name]
    sep = "：" if lang == "ja" else ": "
    text = render(lang, page)
    if "../guideline/" in text:  # links are written from incidents/; make them right from any page
        text = text.replace("](../guideline/", "](" + link("guideline", page) + "/")
    return f"**{ja if lang == 'ja' else en}**{sep}{text}"


def after_hours(lang: str, page: str) -> str:
    """The whole after-hours rule: each level, then every route and fallback."""
    sep = "：" if lang == "ja" else ": "
    # Levels with the same rule share one item (レベル2（重大）・レベル3（緊急）).
    same: dict[str, list[int]] = {}
    for level, text in sorted(_after_hours()["levels"].items()):
        same.setdefault(text[lang], []).append(level)
    joiner = "・" if lang == "ja" else ", "
    lines = [f"- **{joiner.join(severity_levels()[level][lang] for level in levels)}**{sep}{text}" for text, levels in same.items()]
    lines += [f"- {after_hours_item(name, lang, page)}" for name in AFTER_HOURS_ITEMS]
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


def page_ownership(lang: str) -> str:
    """Where a page belongs and how many people can always recover it."""
    data = datafiles.load("page-access.yml")
    admin = data["portfolio_admin"]
    if lang == "ja":
        return (f"公式ページは、{_short(admin, lang)}が管理する本市のビジネスポートフォリオ（旧ビジネスマネージャ）の中に作成し、"
                f"職員個人のアカウントに属させない。フルコントロールを持つ者は、ページ管理者及び{_short(admin, lang)}の職員の"
                f"{full_control(lang)}とし、全員が第51条第2項の二段階認証（認証アプリ又はセキュリティキー）を有効にする")
    return (f"Official pages are created inside the City's business portfolio (formerly Business Manager), administered by the "
            f"{_short(admin, lang)}, and never belong to one member of staff's account. {full_control(lang)[:1].upper()}{full_control(lang)[1:]} hold full control: "
            f"the page manager and staff of the {_short(admin, lang)}. All of them use the two-factor authentication of "
            "Article 51(2) (an authentication app or a security key)")
