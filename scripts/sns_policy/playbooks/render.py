"""The parts of pages made from incident playbooks: each playbook's box, and the quick-reference card.

The card staff print for the first 30 minutes is generated from the playbooks' own data, so the card
and the playbooks cannot disagree.
"""
from __future__ import annotations

from typing import Any

from sns_policy.content.escape import html_text
from sns_policy.content.render import cell, list_sep, role_name, words_of
from sns_policy.content.routes import after_hours as after_hours_rules, contact_blanks
from sns_policy.content.rules import duration
from sns_policy.playbooks.model import POLICY_PAGE, playbooks_of
from sns_policy.sources.markdown_ids import heading_titles
from sns_policy.sources.pages import PageSet
from sns_policy.sources.schema import severity_levels


def _policy_links(sections: list[str], pageset: PageSet, lang: str, prefix: str) -> str:
    """Links to operating-policy sections, titled as the policy titles them."""
    policy = pageset.of(lang).get(POLICY_PAGE)
    titles = heading_titles(policy.body) if policy else {}
    return list_sep(lang).join(f"[{cell(titles.get(s, s))}]({prefix}{POLICY_PAGE}#{s})" for s in sections)


def playbook_box(data: dict[str, Any], pageset: PageSet, lang: str) -> str:
    """The key facts of a playbook, shown at the top of its page."""
    words = words_of(lang)
    level = severity_levels()[data["severity"]]
    sep = list_sep(lang)
    actions = "\n".join(f"    1. {cell(a)}" for a in data["first_actions"])
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
    words = words_of(lang)
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
            f"## [{cell(playbook.page.meta['title'])}]({playbook.slug}.md) {{ #{playbook.slug} }}", "",
            f'<dl class="qr-facts">{facts_html}</dl>', "",
            f'<p class="qr-actions-title">{html_text(words["first_actions"])}</p>', "",
            *[f"{i}. {cell(a)}" for i, a in enumerate(data["first_actions"], 1)],
            "", "</div>", "",
        ]
    # The same words as the incident overview and the guideline's after-hours article (scripts/sns_policy/content/routes.py).
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
