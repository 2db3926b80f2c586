"""The parts of pages made from activity plans: the plan box, the registry, the paper plan form.

A plan page gets its fields as a table and a link back to the list (plan pages are left out of the
menu); the registry page gets its one-line answer, its table and the open-data links, from
:func:`registry_rows` (the same rows ``build.py`` writes as open data); the plan form is generated
from ``plan.schema.json`` (each field's ``x-title``, ``x-guidance`` and ``x-lines``), so the paper
form lists exactly the fields the build validates, and a form page links to its editable .docx,
written by ``build.py`` from the rendered sheet.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mkdocs.utils import get_relative_url

from sns_policy import datafiles
from sns_policy.content.escape import html_text, md_text
from sns_policy.content.render import cell, date_text, list_sep, role_name, words_of
from sns_policy.content.rules import rules
from sns_policy.content.words import labels
from sns_policy.dates import format_date
from sns_policy.plans.model import JSON_SCHEMA, PACKAGE, SCHEMA, plans_of
from sns_policy.sources.pages import PageSet
from sns_policy.sources.schema import load_schema


def registry_rows(pageset: PageSet) -> list[dict[str, Any]]:
    """One row per official page for the registry and the open data, from the original language.

    Only pages that have opened (or have been withdrawn, so an old page is not taken
    for official) are listed: a planned page does not exist yet, and listing it would
    tell citizens that an unapproved name is the city's (the guideline's rule on page names).
    """
    original = pageset.languages[0]
    listed = rules()["registry_statuses"]
    rows = []
    for plan in plans_of(pageset, original):
        data = plan.data
        if data.get("status") not in listed:
            continue
        rows.append({
            "id": plan.slug,
            "department": data["department"],
            "page_name": data["page_name"],
            "platform": data["platform"],
            "status": data["status"],
            "url": data.get("url"),
            "plan": {lang: f"{'' if lang == original else lang + '/'}plans/{plan.slug}/" for lang in pageset.languages},
        })
    return rows


def plans_back_link(lang: str) -> str:
    """A link from a plan page to the list of plans: plan pages are left out of the menu, so no breadcrumb leads back."""
    return f'<p class="plans-back"><a href="../">{html_text(words_of(lang)["plans_back"])}</a></p>'


def plan_details(plan: dict[str, Any], lang: str) -> str:
    """The fields of an activity plan as a two-column table."""
    words = words_of(lang)
    fields = words["plan_fields"]
    approval = plan["approval"]
    approved = words["approved_by"].format(
        role=role_name(approval["by"], lang),
        date=date_text(approval["date"], lang) if approval.get("date") else words["not_approved"],
    )
    url = plan.get("url")
    bullet = "<br>"  # joins escaped list items: the only markup in a cell, written by us
    rows = [
        (fields["department"], cell(plan["department"][lang])),
        (fields["page_name"], cell(plan["page_name"][lang])),
        (fields["platform"], cell(labels()["platform_names"][plan["platform"]])),
        (fields["status"], cell(words["plan_status"][plan["status"]])),
        (fields["url"], _link(url) if url else cell(words["not_opened"])),
        (fields["purpose"], cell(plan["purpose"])),
        (fields["audience"], bullet.join(map(cell, plan["audience"]))),
        (fields["content_categories"], bullet.join(map(cell, plan["content_categories"]))),
        (fields["hours"], cell(plan["posting"]["hours"])),
        (fields["frequency"], cell(plan["posting"]["frequency"])),
        (fields["replies"], cell(plan["replies"])),
        (fields["operators"], cell(list_sep(lang).join(role_name(r, lang) for r in plan["operators"]))),
        (fields["approval"], cell(approved)),
        (fields["review_date"], cell(date_text(plan.get("review_date"), lang))),
        (fields["withdrawal_criteria"], bullet.join(map(cell, plan["withdrawal_criteria"]))),
    ]
    lines = [f"| {cell(fields['plan'])} | |", "|---|---|"]
    for key, value_text in rows:
        lines.append(f"| {cell(key)} | {value_text} |")
    return "\n".join(lines)


def _link(url: str) -> str:
    """A link to a registry address (already checked to be https://www.facebook.com/...)."""
    return f'<a href="{html_text(url)}">{html_text(url)}</a>'


def registry_summary(pageset: PageSet, lang: str, as_of: str | None) -> str:
    """The registry's answer in one line, for the top of its page: how many official pages are
    open, as of when. A resident on a phone came for this line; it must not wait below the fold
    (review N8, reader test D8)."""
    words = words_of(lang)
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
    words = words_of(lang)
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
        ("json", "accounts.json"), ("csv", "accounts.csv"), ("package", PACKAGE), ("schema", JSON_SCHEMA))}
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


# Lines of handwriting space per field when the schema does not say.
DEFAULT_LINES = 1


def form_fields(schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every field of the schema as (dotted path, its schema), in the schema's order.

    An object without a title of its own (``posting``) is a group: its fields are
    listed instead. Any other property is one field, titled or not, so a field added to
    the schema always appears on the form.
    """
    for key, spec in schema.get("properties", {}).items():
        path = f"{prefix}{key}"
        if "x-title" not in spec and spec.get("type") == "object" and "properties" in spec:
            yield from form_fields(spec, path + ".")
        else:
            yield path, spec


def _choices(spec: dict[str, Any], labels: dict[str, Any], lang: str) -> str | None:
    """Tick boxes for a field with a fixed set of values; the value itself if only one is allowed."""
    if "const" in spec:
        return html_text(labels["platform_names"].get(spec["const"], spec["const"]))
    if "enum" in spec:
        names = labels[lang]["plan_status"]
        return "　".join(f"☐ {html_text(names.get(v, v))}" for v in spec["enum"])
    return None


def field_id(path: str) -> str:
    """The id of a field's row on the plan form (``posting.hours`` → ``field-posting-hours``)."""
    return "field-" + path.replace(".", "-").replace("_", "-")


def plan_form(lang: str, labels: dict[str, Any], schema: dict[str, Any] | None = None) -> str:
    """The activity-plan form to print and fill in by hand, one row per schema field."""
    schema = schema if schema is not None else load_schema(SCHEMA)
    words = labels[lang]["plan_form"]
    rows = []
    for path, spec in form_fields(schema):
        title = spec.get("x-title", {}).get(lang, path)
        guidance = spec.get("x-guidance", {}).get(lang, "")
        lines = int(spec.get("x-lines", DEFAULT_LINES))
        choices = _choices(spec, labels, lang)
        note = f'<span class="form-guidance">{html_text(guidance)}</span>' if guidance else ""
        rows.append(
            f'<tr id="{field_id(path)}"><th scope="row">{html_text(title)}{note}</th>'
            f'<td class="form-lines-{max(lines, 1)}">{choices or ""}</td></tr>'
        )
    return "\n".join([
        '<div class="form-sheet plan-form">',
        f'<p class="form-title"><strong>{html_text(labels[lang]["plan_form_title"])}</strong></p>',
        f'<p class="form-date">{html_text(words["date"])}</p>',
        f'<p class="form-to">{html_text(words["to"])}</p>',
        f'<table class="form-fields"><thead><tr><th scope="col">{html_text(words["division"])}</th>'
        f'<th scope="col">{html_text(words["head"])}</th><th scope="col">{html_text(words["sign"])}</th></tr></thead>'
        '<tbody><tr><td class="form-lines-1"></td><td class="form-lines-1"></td><td class="form-lines-1"></td></tr></tbody></table>',
        f'<table class="form-fields"><thead><tr><th scope="col">{html_text(words["field"])}</th>'
        f'<th scope="col">{html_text(words["answer"])}</th></tr></thead><tbody>',
        *rows,
        "</tbody></table>",
        "</div>",
    ])


def docx_name(page_url: str) -> str:
    """File name of a page's editable form: the page's own name (``forms/application/`` → application.docx)."""
    return (page_url.rstrip("/").rsplit("/", 1)[-1] or "form") + ".docx"


def download_link(page_url: str, lang: str, meta: dict[str, Any] | None = None, site_url: str = "") -> str:
    """The link to a form page's editable copy (written beside the page by :func:`write_docx`), and how to print it.

    The printed sheet is read away from the site: it says which version of the form it is, that the
    form is still a draft (案) where it is one, and the web address of its page (review 2026-12-07, D12).
    """
    label = labels()[lang]
    stamp = ""
    if meta and meta.get("version"):
        stamp = label["form_stamp"].format(version=label["version_value"].format(version=meta["version"]),
                                           status=label["statuses"].get(meta.get("doc_status", ""), ""))
        stamp = stamp.rstrip("・, ") + label["form_stamp_sep"]
    address = (site_url.rstrip("/") + "/" + page_url) if site_url else "/" + page_url
    note = label["form_print_note"].format(address=address)
    return (f'<p class="form-download"><a href="{docx_name(page_url)}">{label["form_docx"]}</a></p>\n\n'
            f'<p class="form-print-note">{html_text(stamp + note)}</p>')
