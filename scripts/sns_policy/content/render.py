"""Markdown and HTML the build writes into pages, derived from front matter.

Every function here is pure: data in, text out. ``scripts/sns_policy/pipeline/compose.py`` decides
where it goes; the tests call these functions directly.
"""
from __future__ import annotations

import re
from typing import Any

from mkdocs.utils import get_relative_url

from sns_policy import datafiles
from sns_policy.content import a11y_report, opendata
from sns_policy.content.escape import html_text, md_text
from sns_policy.content.plans import registry_rows
from sns_policy.content.playbooks import POLICY_PAGE, playbooks_of
from sns_policy.content.routes import after_hours as after_hours_rules, contact_blanks
from sns_policy.content.rules import duration
from sns_policy.content.words import labels, versioning
from sns_policy.dates import format_date, parse_partial
from sns_policy.sources.markdown_ids import heading_titles, headings
from sns_policy.sources.pages import PageSet
from sns_policy.sources.schema import roles, severity_levels

# The id of the revision history a page with `history` in its front matter ends with; no heading of its text may take it.
HISTORY_ID = "history"


def _l(lang: str) -> dict[str, Any]:
    return labels()[lang]


def _list_sep(lang: str) -> str:
    """How a list is joined in running text."""
    return "、" if lang == "ja" else ", "


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (see :func:`md_text`)."""
    return md_text(text)


def _date(value: str | None, lang: str) -> str:
    """A date of known precision; an undecided day is said to be undecided."""
    words = _l(lang)
    if not value:
        return words["undecided"]
    text = format_date(value, lang)
    return text if parse_partial(value)[2] else text + words["day_undecided"]


def role_name(role: str, lang: str) -> str:
    """Display name of a role id from the shared list."""
    return roles()[role][lang]


def _provenance(meta: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """Where a document's text comes from, as the proposal says it and no more.

    The 2016 proposal was a summary submitted to a meeting, not an adopted text: the
    header says "submitted" and "planned to take effect", never "established". A day the
    proposal left blank stays blank rather than becoming "not yet decided".
    """
    words = _l(lang)
    submitted, planned = meta.get("submitted"), meta.get("planned_effect")
    if submitted:
        submitted_text = words["submitted_value"].format(
            date=format_date(submitted, lang), meeting=words["proposal_meeting"])
        basis = words["text_from_proposal"]
    else:
        submitted_text, basis = words["not_submitted"], words["text_from_site"]
    if not planned:
        planned_text = words["no_planned_effect"]
    else:
        planned_text = format_date(planned, lang)
        if not parse_partial(planned)[2]:
            planned_text += words["planned_effect_day_blank"]
    return [
        (words["submitted"], submitted_text),
        (words["planned_effect"], planned_text),
        (words["text_basis"], basis),
    ]


def _version_date(meta: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The date of the version shown, from its history row: a reader of the folded header or the
    PDF cover must not have to scroll to the last-updated line to learn it (reader test D13)."""
    rows = [row for row in meta.get("history") or [] if str(row.get("version")) == str(meta["version"])]
    if not rows or not rows[-1].get("date"):
        return []
    return [(_l(lang)["version_date"], format_date(str(rows[-1]["date"]), lang))]


def doc_header(meta: dict[str, Any], lang: str) -> str:
    """Version, status and provenance of a document page, as a definition list."""
    words = _l(lang)
    items = [
        (words["version"], words["version_value"].format(version=meta["version"])),
        *_version_date(meta, lang),
        (words["status"], words["statuses"][meta["doc_status"]]),
        *_provenance(meta, lang),
    ]
    rows = "".join(
        f'<div><dt>{html_text(k)}</dt><dd>{html_text(v)}</dd></div>' for k, v in items
    )
    # Left out of the search index: results would start with 「版第1.2版状態案…」 (Material's data-search-exclude).
    return f'<dl class="doc-header" data-status="{html_text(meta["doc_status"])}" data-search-exclude>{rows}</dl>'


def compact_header(meta: dict[str, Any], lang: str, blocks: list[str]) -> str:
    """The status box, PDF link and contents folded into one line above the text.

    On a phone these blocks pushed the first section 1.7 screens down. The summary line
    keeps the version and status in view (a draft must never look adopted); the rest
    opens on demand and prints in full (extra.css opens it on paper).
    """
    words = _l(lang)
    line = words["doc_summary"].format(version=words["version_value"].format(version=meta["version"]),
                                       status=words["statuses"][meta["doc_status"]])
    inside = "".join(b for b in blocks if b)
    translated = words.get("doc_summary_translation") if 'class="translation-note"' in inside else ""
    note = f'<span class="doc-summary__translation">{html_text(translated)}</span>' if translated else ""
    return (f'<details class="doc-summary" data-search-exclude>'
            f'<summary>{html_text(line)}<span class="doc-summary__more">{html_text(words["doc_summary_more"])}</span>{note}</summary>'
            f'{inside}</details>')


_HEADERLINK_TITLE = re.compile(r'(<a class="headerlink" href="#[^"]*") title="[^"]*"')


def permalink_titles(page_html: str, lang: str) -> str:
    """The tooltip of each heading's link in the page's language.

    Python-Markdown's toc takes one ``permalink_title`` for the whole build, so English
    headings said この見出しへのリンク; the words are in labels.yml per language.
    """
    title = html_text(_l(lang)["permalink_title"])
    return _HEADERLINK_TITLE.sub(lambda m: f'{m.group(1)} title="{title}"', page_html)


def city_website_reference(url: str) -> str:
    """The Markdown link definition behind ``[text][city-website]`` on every page.

    The address is configured once (the ``sns-policy`` plugin's ``website`` in mkdocs.yml); pages name it
    by reference so no page repeats it and a change of address is one edit.
    """
    return f"[city-website]: {url}"


def revision_history(history: list[dict[str, Any]], lang: str, comparisons: dict[str, str] | None = None) -> str:
    """The page's revisions, newest first, under a heading of their own.

    ``comparisons`` maps a version to the link of its 新旧対照表; when the page has
    any, a column links each revision to what it changed.
    """
    words = _l(lang)
    comparisons = comparisons or {}
    extra = versioning(lang)["amend_link"] if comparisons else None
    head = f"| {words['history_version']} | {words['history_date']} | {words['history_change']} |"
    # The wrapper lets a phone show each revision as a stacked block (extra.css), not four
    # squeezed columns; paper and wide screens keep the table.
    lines = [f"## {words['history']} {{ #{HISTORY_ID} }}", "", '<div class="history-table" markdown>', "",
             head + (f" {extra} |" if extra else ""), "|---|---|---|" + ("---|" if extra else "")]
    for entry in reversed(history):
        version = words["version_value"].format(version=entry["version"])
        row = f"| {_cell(version)} | {_cell(_date(entry['date'], lang))} | {_cell(entry['change'])} |"
        if extra:
            target = comparisons.get(str(entry["version"]))
            row += f" [{_cell(extra)}]({target}) |" if target else f" {versioning(lang)['amend_none']} |"
        lines.append(row)
    return "\n".join([*lines, "", "</div>"])


def translation_note(lang: str, original_url: str, page_url: str) -> str:
    """Tell readers of a translation that the Japanese text is authoritative."""
    words = _l(lang)
    if not words.get("translation_note"):
        return ""
    href = get_relative_url(original_url, page_url)
    link = f'<a href="{href}" hreflang="ja">{html_text(words["translation_link"])}</a>'
    # The same on every English page: left out of the search index, like the document header.
    return f'<p class="translation-note" data-search-exclude>{words["translation_note"].format(link=link)}</p>'


def plans_back_link(lang: str) -> str:
    """A link from a plan page to the list of plans: plan pages are left out of the menu, so no breadcrumb leads back."""
    return f'<p class="plans-back"><a href="../">{html_text(_l(lang)["plans_back"])}</a></p>'


def plan_details(plan: dict[str, Any], lang: str) -> str:
    """The fields of an activity plan as a two-column table."""
    words = _l(lang)
    fields = words["plan_fields"]
    approval = plan["approval"]
    approved = words["approved_by"].format(
        role=role_name(approval["by"], lang),
        date=_date(approval["date"], lang) if approval.get("date") else words["not_approved"],
    )
    url = plan.get("url")
    bullet = "<br>"  # joins escaped list items: the only markup in a cell, written by us
    rows = [
        (fields["department"], _cell(plan["department"][lang])),
        (fields["page_name"], _cell(plan["page_name"][lang])),
        (fields["platform"], _cell(labels()["platform_names"][plan["platform"]])),
        (fields["status"], _cell(words["plan_status"][plan["status"]])),
        (fields["url"], _link(url) if url else _cell(words["not_opened"])),
        (fields["purpose"], _cell(plan["purpose"])),
        (fields["audience"], bullet.join(map(_cell, plan["audience"]))),
        (fields["content_categories"], bullet.join(map(_cell, plan["content_categories"]))),
        (fields["hours"], _cell(plan["posting"]["hours"])),
        (fields["frequency"], _cell(plan["posting"]["frequency"])),
        (fields["replies"], _cell(plan["replies"])),
        (fields["operators"], _cell(_list_sep(lang).join(role_name(r, lang) for r in plan["operators"]))),
        (fields["approval"], _cell(approved)),
        (fields["review_date"], _cell(_date(plan.get("review_date"), lang))),
        (fields["withdrawal_criteria"], bullet.join(map(_cell, plan["withdrawal_criteria"]))),
    ]
    lines = [f"| {_cell(fields['plan'])} | |", "|---|---|"]
    for key, value_text in rows:
        lines.append(f"| {_cell(key)} | {value_text} |")
    return "\n".join(lines)


def _link(url: str) -> str:
    """A link to a registry address (already checked to be https://www.facebook.com/...)."""
    return f'<a href="{html_text(url)}">{html_text(url)}</a>'


def registry_summary(pageset: PageSet, lang: str, as_of: str | None) -> str:
    """The registry's answer in one line, for the top of its page: how many official pages are
    open, as of when. A resident on a phone came for this line; it must not wait below the fold
    (review N8, reader test D8)."""
    words = _l(lang)
    opened = sum(1 for row in registry_rows(pageset) if row["status"] == "active")
    date = format_date(as_of, lang) if as_of else ""
    key = "registry_summary" + ("_none" if opened == 0 else "_one" if opened == 1 else "")
    text = words[key].format(date=date, count=opened)
    if not as_of:  # built without git: say how many, without a date that cannot be known
        text = words[key + "_undated"].format(count=opened)
    return f'<p class="registry-as-of">{html_text(text)}</p>'


def registry_table(pageset: PageSet, lang: str, page_url: str) -> str:
    """The registry of official pages in one language, then the open-data links and the address guide.

    An HTML table whose cells start with their column name (hidden on wide screens), so that on a
    phone each page stacks as a card with every field visible (extra.css), while a
    wide screen shows an ordinary table. Its date and count are at the top of the page
    (:func:`registry_summary`).
    """
    words = _l(lang)
    fields = words["plan_fields"]
    rows = registry_rows(pageset)
    out = []
    if not rows:
        out.append(words["registry_empty"])
    else:
        columns = [fields["department"], fields["page_name"], fields["status"], fields["url"], fields["plan"]]
        head = "".join(f'<th scope="col">{html_text(c)}</th>' for c in columns)
        body = []
        for row in rows:
            if row["status"] == "active" and row["url"]:
                link = _link(row["url"])
            else:
                link = html_text(words["not_opened"] if row["status"] == "planned" else words["plan_status"][row["status"]])
            plan_href = html_text(get_relative_url(row["plan"][lang], page_url))
            values = [
                html_text(row["department"][lang]), html_text(row["page_name"][lang]),
                html_text(words["plan_status"][row["status"]]), link,
                f'<a href="{plan_href}">{html_text(fields["plan"])}</a>',
            ]
            # Each cell names its column, shown only when the row stacks as a card.
            cells = "".join(f'<td><span class="registry-label">{html_text(c)}</span>{v}</td>' for c, v in zip(columns, values))
            body.append(f"<tr>{cells}</tr>")
        out.append(f'<table class="registry"><caption>{html_text(words["registry_caption"])}</caption>'
                   f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    links = {key: f'<a href="{get_relative_url(name, page_url)}">{name}</a>' for key, name in (
        ("json", "accounts.json"), ("csv", "accounts.csv"), ("package", opendata.PACKAGE), ("schema", opendata.JSON_SCHEMA))}
    out += ["", words["open_data"].format(**links), "", address_guide(lang)]
    return "\n".join(out)


def _find_address() -> dict[str, Any]:
    """How to find a page's address (``scripts/data/find-address.yml``)."""
    return datafiles.load("find-address.yml")


def address_guide(lang: str) -> str:
    """A short guide to reading a page's address in the Facebook app and in a browser."""
    guide = _find_address()[lang]
    out = [f"## {md_text(guide['title'])} {{ #find-address }}", "", md_text(guide["intro"]), ""]
    for way in guide["ways"]:
        out += [f"**{md_text(way['label'])}**", ""]
        out += [f"{i}. {md_text(step)}" for i, step in enumerate(way["steps"], 1)] + [""]
    if guide.get("note"):  # the two forms of address, and why a share/ link cannot be compared
        out += [md_text(guide["note"]), ""]
    return "\n".join(out)


def _policy_links(sections: list[str], pageset: PageSet, lang: str, prefix: str) -> str:
    """Links to operating-policy sections, titled as the policy titles them."""
    policy = pageset.of(lang).get(POLICY_PAGE)
    titles = heading_titles(policy.body) if policy else {}
    return _list_sep(lang).join(f"[{_cell(titles.get(s, s))}]({prefix}{POLICY_PAGE}#{s})" for s in sections)


def playbook_box(data: dict[str, Any], pageset: PageSet, lang: str) -> str:
    """The key facts of a playbook, shown at the top of its page."""
    words = _l(lang)
    level = severity_levels()[data["severity"]]
    sep = _list_sep(lang)
    actions = "\n".join(f"    1. {_cell(a)}" for a in data["first_actions"])
    colon = "：" if lang == "ja" else ": "
    lines = [
        f'!!! danger "{words["playbook_box"]}"',
        "",
        f"    - **{words['severity']}**{colon}{level[lang]}",
        f"    - **{words['first_response']}**{colon}{duration(data['first_response_minutes'], lang)}",
        f"    - **{words['decides']}**{colon}{role_name(data['decides'], lang)}",
        f"    - **{words['roles']}**{colon}{sep.join(role_name(r, lang) for r in data['roles'])}",
    ]
    if data.get("policy_sections"):
        lines.append(f"    - **{words['policy_sections']}**{colon}{_policy_links(data['policy_sections'], pageset, lang, '../')}")
    lines += ["", f"    **{words['first_actions']}**", "", actions]
    return "\n".join(lines)


def quick_reference(pageset: PageSet, lang: str) -> str:
    """The first-30-minutes card: one block per playbook, then the after-hours rule.

    Blocks rather than a wide table, so a phone shows every field without sideways
    scrolling and print lays the blocks out in columns on one A4 sheet (extra.css).
    """
    words = _l(lang)
    out = ['<div class="qr-cards" markdown>', ""]
    for playbook in playbooks_of(pageset, lang):
        data = playbook.data
        facts = [
            (words["severity"], severity_levels()[data["severity"]][lang]),
            (words["first_response"], duration(data["first_response_minutes"], lang)),
            (words["decides"], role_name(data["decides"], lang)),
        ]
        facts_html = "".join(f"<div><dt>{html_text(k)}</dt><dd>{html_text(v)}</dd></div>" for k, v in facts)
        out += [
            f'<div class="qr-card qr-level-{int(data["severity"])}" markdown>', "",
            f"## [{_cell(playbook.page.meta['title'])}]({playbook.slug}.md) {{ #{playbook.slug} }}", "",
            f'<dl class="qr-facts">{facts_html}</dl>', "",
            f'<p class="qr-actions-title">{html_text(words["first_actions"])}</p>', "",
            *[f"{i}. {_cell(a)}" for i, a in enumerate(data["first_actions"], 1)],
            "", "</div>", "",
        ]
    # The same words as the incident overview and guideline 第45条 (scripts/sns_policy/content/routes.py).
    out += [
        '<div class="qr-card qr-after-hours" markdown>', "",
        f"## {words['after_hours']} {{ #after-hours }}", "",
        after_hours_rules(lang, "incidents/quick-reference.md"), "",
        "</div>", "",
        # Blanks for the numbers, filled in by hand from the internal directory: never typed into the site.
        '<div class="qr-card qr-contacts" markdown>', "",
        f"## {words['card_contacts']} {{ #contacts }}", "",
        f'<p class="qr-contacts-note">{html_text(words["card_contacts_note"])}</p>', "",
        contact_blanks(lang), "",
        "</div>", "", "</div>",
    ]
    return "\n".join(out)


# A page with at least this many sections gets its own contents block near the top,
# so a phone reader reaches any section without opening the navigation drawer.
CONTENTS_MIN_SECTIONS = 4


def page_contents(body: str, lang: str, extra: list[tuple[str, str]] = (), opened: bool = False) -> str:
    """Links to the page's sections (level-2 headings with an id, then ``extra``), or "".

    Shown on narrow screens only, where Material keeps its table of contents in the
    drawer; wide screens show Material's own contents beside the text (extra.css).
    """
    sections = [(h.id, h.title) for h in headings(body) if h.level == 2 and h.id] + list(extra)
    if len(sections) < CONTENTS_MIN_SECTIONS:
        return ""
    title = html_text(_l(lang)["page_contents"])
    items = "".join(f'<li><a href="#{html_text(i)}">{html_text(t)}</a></li>' for i, t in sections)
    return f'<details class="page-contents"{" open" if opened else ""} data-search-exclude><summary>{title}</summary><ol>{items}</ol></details>'


def accessibility_results(results: dict[str, Any] | None, lang: str) -> str:
    """The test results of the accessibility statement: the checklist (scripts/sns_policy/content/a11y_report.py), then axe-core's run."""
    words = _l(lang)
    if not results:
        return a11y_report.report(results, lang) + "\n" + words["a11y_none"]
    pages = results["pages"]
    viewports = list(results["viewports"])
    failed = [p for p in pages if any(p[v] for v in viewports)]
    count = sum(p[v] for p in pages for v in viewports)
    sep = _list_sep(lang)
    out = [
        a11y_report.report(results, lang),
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
