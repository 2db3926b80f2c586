"""The accessibility test results (試験結果) in the form Japanese public bodies publish.

総務省's みんなの公共サイト運用ガイドライン asks for JIS X 8341-3:2016 results with the
達成基準チェックリスト of every level A and AA criterion (適用 / 結果). Two sources feed it:

- ``scripts/data/accessibility-results.json``: the latest axe-core run (scripts/sns_policy/a11y/model.py).
- ``scripts/data/accessibility-manual.yml``: what a person found, criterion by criterion.

The criteria themselves (number, names, level, axe-core tag, what a tester looks at) are
listed once, in the engine's ``scripts/sns_policy/data/wcag-criteria.yml``; the statement and the testers' checklist
page are both rendered from it.

The rule for 結果, because an automated pass proves little: axe-core can show a criterion is
*not* met (a violation is ×), but its rules never cover a whole criterion, so a clean run
leaves the criterion 未確認 unless the criteria file marks it ``axe_complete`` (none today)
or a person recorded ``met``. A violation beats a person's ``met``: the later finding wins.
The 対応度 follows WAIC's 「ウェブコンテンツの JIS X 8341-3:2016 対応度表記ガイドライン」:
準拠 and 一部準拠 need a test of every criterion, so while any criterion is 未確認 the site
says 配慮 (with how many criteria remain), never 準拠.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sns_policy.a11y import model as accessibility
from sns_policy.a11y.model import Status, _number, criteria, degree, jis_criteria, judged, manual, status
from sns_policy.content.escape import md_text
from sns_policy.content.render import list_sep, words_of
from sns_policy.content.rules import short
from sns_policy.content.words import labels
from sns_policy.dates import format_date

WORDS: dict[str, dict[str, Any]] = {
    "ja": {
        "summary": "試験結果の概要",
        "checklist": "達成基準チェックリスト（JIS X 8341-3:2016）",
        "wcag21": "WCAG 2.1 で加わった達成基準",
        "wcag22": "WCAG 2.2 で加わった達成基準（早期の確認）",
        "automated": "自動試験の結果",
        "date_label": "表明日", "standard_label": "規格", "target_label": "目標とする適合レベル",
        "degree_label": "対応度", "scope_label": "対象", "tech_label": "依存したウェブコンテンツ技術",
        "period_label": "試験の期間", "pages_label": "試験したページ", "tools_label": "試験に使ったツール",
        "scope": "このサイトの日本語と英語のすべてのページ",
        "tech": "HTML、CSS、JavaScript、WAI-ARIA",
        "target": "レベルAA",
        "degree": {
            "準拠": "JIS X 8341-3:2016 の適合レベルAAに準拠しています。",
            "一部準拠": "JIS X 8341-3:2016 の適合レベルAAに一部準拠しています。満たしていない達成基準は、次の改訂までに直します。",
            "配慮": ("JIS X 8341-3:2016 の適合レベルAAに配慮しています（試験中）。{total}の達成基準のうち{open}は、"
                    "人による試験をまだ終えていません。"),
        },
        "degree_rule": ("対応度は、ウェブアクセシビリティ基盤委員会（WAIC）の「ウェブコンテンツの JIS X 8341-3:2016 "
                        "対応度表記ガイドライン」の定義によります。「準拠」はすべての達成基準を試験して満たしている場合、"
                        "「一部準拠」はすべてを試験して一部を満たしていない場合、「配慮」はそのどちらにも至らない場合です。"
                        "このページは、試験の結果から対応度を自動で決めます。"),
        "pages_axe": "自動試験：全{pages}ページ（抜き取りではなく全ページ）を、{viewports}の画面幅で試験しました。",
        "pages_manual": "人による試験：{pages}（代表的なページとして選びました）。",
        "period_axe": "自動試験 {date}",
        "period_manual": "人による試験 {first}～{last}",
        "period_manual_none": "人による試験はまだ行っていません",
        "tools": "axe-core {axe}（{browser}で実行。対象とした基準：{rules}）、人による確認（[アクセシビリティ試験の手順](accessibility-checklist.md)）",
        "tools_ibm": "。あわせて IBM Equal Access Accessibility Checker {version}（規則の組：{policy}。{off}）",
        "ibm_all_rules": "すべての規則を適用",
        "ibm_rules_off": "適用しない規則と理由：{rules}",
        "head": ["達成基準", "レベル", "適用", "結果", "備考"],
        "applies": "適用あり", "not_applies": "適用なし",
        "mark": {"met": "○", "not_met": "×", "unchecked": "未確認", "not_applicable": "－"},
        "legend": ("○＝満たしている、×＝満たしていない、未確認＝人による試験をまだしていない、－＝適用なし。"
                   "自動試験で問題が見つからなかっただけでは「○」としません。自動試験は一部しか確かめられないためです。"),
        "note_axe_clean": "自動試験（axe-core の{count}つのルール）では問題は見つかりませんでした。人による確認が必要です。",
        "note_axe_clean_tag": "自動試験（axe-core）では問題は見つかりませんでした。人による確認が必要です。",
        "note_axe_fail": "自動試験（axe-core）で違反が{count}件見つかりました。",
        "note_axe_complete": "自動試験（axe-core）のルールだけで判定できる達成基準です。",
        "note_axe_not_run": "この達成基準の自動試験のルールは、今回の試験の対象に含めていません。",
        "note_manual": "{date}、{who}が確認：{method}",
        "note_none": "自動試験では確かめられません。人による確認が必要です。",
        "note_obsolete": "WCAG {version} で削除された達成基準です（JIS X 8341-3:2016 では対象です）。",
        "wcag21_intro": ("このサイトは WCAG 2.1 のレベルAとAAも目標にしています。次の達成基準は JIS X 8341-3:2016 には"
                         "ないため、対応度の判断には含めません。"),
        "wcag22_intro": ("WCAG 2.2 で加わったレベルAとAAの達成基準です。将来の規格の改正に備えて、早めに確かめます。"
                         "対応度の判断には含めません。"),
        "none": "試験結果はまだありません。テストを実行すると、この欄に結果が表示されます。",
        "date_unknown": "まだありません",
        "list_sep": "、",
    },
    "en": {
        "summary": "Summary of the results",
        "checklist": "Success criteria checklist (JIS X 8341-3:2016)",
        "wcag21": "Success criteria added by WCAG 2.1",
        "wcag22": "Success criteria added by WCAG 2.2 (early check)",
        "automated": "Automated test results",
        "date_label": "Date of this statement", "standard_label": "Standard", "target_label": "Target level",
        "degree_label": "Level of conformance (対応度)", "scope_label": "Scope",
        "tech_label": "Web content technologies relied upon",
        "period_label": "Test period", "pages_label": "Pages tested", "tools_label": "Tools",
        "scope": "every page of this site, in Japanese and in English",
        "tech": "HTML, CSS, JavaScript, WAI-ARIA",
        "target": "Level AA",
        "degree": {
            "準拠": "This site conforms (準拠) to level AA of JIS X 8341-3:2016.",
            "一部準拠": ("This site partially conforms (一部準拠) to level AA of JIS X 8341-3:2016. "
                      "The criteria not met will be fixed by the next revision."),
            "配慮": ("This site takes level AA of JIS X 8341-3:2016 into account (配慮; testing in progress): "
                    "{open} of the {total} success criteria have not yet been tested by a person."),
        },
        "degree_rule": ("The level follows the definitions of the Web Accessibility Infrastructure Committee (WAIC), "
                        "\"Guidelines for stating conformance of web content to JIS X 8341-3:2016\": 準拠 (conforms) when "
                        "every success criterion has been tested and is met; 一部準拠 (partially conforms) when every "
                        "criterion has been tested and some are not met; 配慮 (taken into account) when neither applies. "
                        "This page sets the level from the test results."),
        "pages_axe": "Automated tests: all {pages} pages (every page, not a sample), at {viewports} screen widths.",
        "pages_manual": "Tests by a person: {pages} (chosen as representative pages).",
        "period_axe": "automated tests {date}",
        "period_manual": "tests by a person {first} to {last}",
        "period_manual_none": "no test by a person yet",
        "tools": ("axe-core {axe} (run in {browser}; criteria tested: {rules}) and checks by a person "
                  "(see the [accessibility testing checklist](accessibility-checklist.md))"),
        "tools_ibm": "; also IBM Equal Access Accessibility Checker {version} (rule set: {policy}; {off})",
        "ibm_all_rules": "every rule applied",
        "ibm_rules_off": "rules not applied, and why: {rules}",
        "head": ["Success criterion", "Level", "Applies", "Result", "Notes"],
        "applies": "Yes", "not_applies": "No",
        "mark": {"met": "○ met", "not_met": "× not met", "unchecked": "not yet checked", "not_applicable": "– n/a"},
        "legend": ("○ = met, × = not met, not yet checked = no test by a person yet, – = does not apply. "
                   "A criterion is never shown as met only because the automated test found no problem: "
                   "automated tests check only part of it."),
        "note_axe_clean": "The automated test ({count} axe-core rules) found no problem. A person still has to check it.",
        "note_axe_clean_tag": "The automated test (axe-core) found no problem. A person still has to check it.",
        "note_axe_fail": "The automated test (axe-core) found {count} violations.",
        "note_axe_complete": "axe-core's rules decide this criterion on their own.",
        "note_axe_not_run": "The automated rules for this criterion were not part of this test run.",
        "note_manual": "Checked on {date} by the {who}: {method}",
        "note_none": "Automated tests cannot check this criterion. A person has to check it.",
        "note_obsolete": "Withdrawn in WCAG {version} (still part of JIS X 8341-3:2016).",
        "wcag21_intro": ("This site also aims at WCAG 2.1 levels A and AA. These criteria are not in JIS X 8341-3:2016, "
                         "so they do not count towards the level of conformance."),
        "wcag22_intro": ("The level A and AA criteria WCAG 2.2 added, checked early for a future revision of the "
                         "standard. They do not count towards the level of conformance."),
        "none": "No test results yet. They appear here once the tests have run.",
        "date_unknown": "none yet",
        "list_sep": ", ",
    },
}


# ---------------------------------------------------------------- reading the data files


# ---------------------------------------------------------------- deciding each result


# ---------------------------------------------------------------- rendering


def _readable_group(tag: str) -> str:
    """axe-core's rule group as a reader knows the standard: wcag21aa → WCAG 2.1 AA."""
    match = re.fullmatch(r"wcag(\d)(\d?)(a+)", tag)
    if not match:
        return tag
    return f"WCAG {match[1]}.{match[2] or '0'} {match[3].upper()}"


def _note(s: Status, lang: str, results: dict[str, Any] | None) -> str:
    w = WORDS[lang]
    parts = []
    if s.violations:
        parts.append(w["note_axe_fail"].format(count=s.violations))
    if s.manual:
        who = short(s.manual["who"], lang)
        parts.append(w["note_manual"].format(date=format_date(str(s.manual["date"]), lang), who=who,
                                             method=s.manual["method"][lang]))
        if s.manual.get("note"):
            parts.append(s.manual["note"][lang])
    if s.violations == 0:
        if s.criterion.get("axe_complete"):
            parts.append(w["note_axe_complete"])
        elif not s.manual:
            # A count, not axe-core's rule ids: residents read this table (reader test D14).
            parts.append(w["note_axe_clean"].format(count=len(s.rules)) if s.rules else w["note_axe_clean_tag"])
    elif s.violations is None and not s.manual:
        parts.append(w["note_axe_not_run"] if s.criterion.get("axe") and results else w["note_none"])
    if s.criterion.get("obsolete"):
        parts.append(w["note_obsolete"].format(version=s.criterion["obsolete"]))
    return " ".join(parts)


def _table(statuses: list[Status], lang: str, results: dict[str, Any] | None) -> list[str]:
    w = WORDS[lang]
    name = "ja" if lang == "ja" else "en"
    out = ["| " + " | ".join(w["head"]) + " |", "|---|---|---|---|---|"]
    for s in statuses:
        c = s.criterion
        out.append(f"| {c['id']} {md_text(c[name])} | {c['level']} | {w['applies'] if s.applies else w['not_applies']} | "
                   f"{w['mark'][s.result]} | {md_text(_note(s, lang, results))} |")
    return out


def report(results: dict[str, Any] | None, lang: str, criteria_path: Path | None = None, manual_path: Path | None = None) -> str:
    """The results section of the accessibility statement (Markdown), before the per-page table."""
    w = WORDS[lang]
    items = criteria(criteria_path)
    data = manual(manual_path)
    checks = data["checks"]
    jis = [status(c, results, checks) for c in jis_criteria(items)]
    extra = {v: [status(c, results, checks) for c in sorted((c for c in items if c["wcag"] == v and not c["jis"]),
                                                             key=lambda c: _number(c["id"]))] for v in ("2.1", "2.2")}
    level, open_ = degree(jis)
    dates = sorted(str(e["date"]) for e in checks.values())
    sep = w["list_sep"]
    period = [w["period_axe"].format(date=format_date(results["tested_on"], lang))] if results else []
    period.append(w["period_manual"].format(first=format_date(dates[0], lang), last=format_date(dates[-1], lang))
                  if dates else w["period_manual_none"])
    stated = max(([results["tested_on"]] if results else []) + dates, default=None)
    pages = []
    if results:
        viewports = sep.join(labels()[lang]["a11y_viewport"][v] for v in results["viewports"])
        pages.append(w["pages_axe"].format(pages=len(results["pages"]), viewports=viewports))
    if data["pages"]:
        pages.append(w["pages_manual"].format(pages=sep.join(f"`{p}`" for p in data["pages"])))
    out = [
        f"### {w['summary']} {{ #results-summary }}", "",
        f"- {w['date_label']}：{format_date(stated, lang) if stated else w['date_unknown']}" if lang == "ja"
        else f"- {w['date_label']}: {format_date(stated, lang) if stated else w['date_unknown']}",
    ]
    colon = "：" if lang == "ja" else ": "
    out += [
        f"- {w['standard_label']}{colon}JIS X 8341-3:2016",
        f"- {w['target_label']}{colon}{w['target']}",
        f"- {w['degree_label']}{colon}" + w["degree"][level].format(open=open_, total=len(jis)),
        f"- {w['scope_label']}{colon}{w['scope']}",
        f"- {w['tech_label']}{colon}{w['tech']}",
        f"- {w['pages_label']}{colon}" + " ".join(pages),
        f"- {w['period_label']}{colon}" + sep.join(period),
    ]
    if results:
        out.append(f"- {w['tools_label']}{colon}" + w["tools"].format(axe=results["axe_core"], browser=results["browser"],
                                                                       rules=sep.join(_readable_group(r) for r in results["rules"])) + _second_engine(results, lang))
    out += ["", w["degree_rule"], "",
            f"### {w['checklist']} {{ #checklist }}", "", w["legend"], "", *_table(jis, lang, results), "",
            f"### {w['wcag21']} {{ #wcag21 }}", "", w["wcag21_intro"], "", *_table(extra["2.1"], lang, results), "",
            f"### {w['wcag22']} {{ #wcag22 }}", "", w["wcag22_intro"], "", *_table(extra["2.2"], lang, results), "",
            f"### {w['automated']} {{ #automated }}", ""]
    return "\n".join(out)


def _second_engine(results: dict[str, Any], lang: str) -> str:
    """The tools line's words on IBM Equal Access: its version, rule set, and every rule switched off with its reason.

    The rules come from ``scripts/data/accessibility-engines.yml``, the list the browser tests leave
    out, so the statement names exactly the rules that were not applied.
    """
    ibm = results.get("ibm_equal_access")
    if not ibm:
        return ""
    w = WORDS[lang]
    off = accessibility.engine_rules_off()
    rules = ("、" if lang == "ja" else "; ").join(
        f"`{r['rule']}`（{md_text(r[lang])}）" if lang == "ja" else f"`{r['rule']}` ({md_text(r[lang])})" for r in off)
    return w["tools_ibm"].format(version=ibm["version"], policy=ibm["policy"],
                                 off=w["ibm_rules_off"].format(rules=rules) if off else w["ibm_all_rules"])


CHECKLIST_WORDS = {
    "ja": {"jis": "JIS X 8341-3:2016 のレベルAとAA", "wcag21": "WCAG 2.1 で加わった達成基準", "wcag22": "WCAG 2.2 で加わった達成基準",
           "level": "レベル{level}", "now": "いまの結果：{mark}"},
    "en": {"jis": "JIS X 8341-3:2016 levels A and AA", "wcag21": "Criteria added by WCAG 2.1", "wcag22": "Criteria added by WCAG 2.2",
           "level": "level {level}", "now": "Current result: {mark}"},
}


def checklist(lang: str, results: dict[str, Any] | None, criteria_path: Path | None = None, manual_path: Path | None = None) -> str:
    """The testers' checklist page body: what to look at for each criterion a person judges."""
    w, cw = WORDS[lang], CHECKLIST_WORDS[lang]
    items = judged(criteria(criteria_path))
    checks = manual(manual_path)["checks"]
    name = "ja" if lang == "ja" else "en"
    groups = [("jis", "checklist-jis", jis_criteria(items)),
              *[(key, f"checklist-{key}", sorted((c for c in items if c["wcag"] == v and not c["jis"]), key=lambda c: _number(c["id"])))
                for key, v in (("wcag21", "2.1"), ("wcag22", "2.2"))]]
    out = []
    for key, anchor, group in groups:
        out += [f"## {cw[key]} {{ #{anchor} }}", ""]
        for c in group:
            mark = w["mark"][status(c, results, checks).result]
            level = cw["level"].format(level=c["level"])
            head = f"**{c['id']} {md_text(c[name])}**（{level}）" if lang == "ja" else f"**{c['id']} {md_text(c[name])}** ({level})"
            out += [f"- {head}  ", f"    {md_text(c['check'][lang])}  ", f"    {cw['now'].format(mark=mark)}", ""]
    return "\n".join(out)


def accessibility_results(results: dict[str, Any] | None, lang: str) -> str:
    """The test results of the accessibility statement: the checklist (:func:`report`), then axe-core's run."""
    words = words_of(lang)
    if not results:
        return report(results, lang) + "\n" + words["a11y_none"]
    pages = results["pages"]
    viewports = list(results["viewports"])
    failed = [p for p in pages if any(p[v] for v in viewports)]
    count = sum(p[v] for p in pages for v in viewports)
    sep = list_sep(lang)
    out = [
        report(results, lang),
        words["a11y_summary"].format(date=format_date(results["tested_on"], lang), pages=len(pages),
                                     viewports=sep.join(words["a11y_viewport"][v] for v in viewports)),
        "",
        words["a11y_result_fail"].format(failed=len(failed), count=count) if failed else words["a11y_result_pass"],
        "",
        words["a11y_tools"].format(axe=results["axe_core"], browser=results["browser"], rules=", ".join(results["rules"])),
        "",
        f'??? info "{words["a11y_details"]}"',
        "",
        f"    | {words['a11y_page']} | " + " | ".join(words["a11y_viewport"][v] for v in viewports) + " |",
        "    |---|" + "---|" * len(viewports),
    ]
    for entry in pages:
        cells = [words["a11y_ok"] if not entry[v] else words["a11y_count"].format(count=entry[v]) for v in viewports]
        out.append(f"    | `{entry['path']}` | " + " | ".join(cells) + " |")
    return "\n".join(out)
