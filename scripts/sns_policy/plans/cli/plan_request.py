"""Turn an approved "New official page" issue into the two plan pages, or say what to change.

    python -m sns_policy.plans.cli.plan_request --body-file body.md [--issue 42] [--out-comment comment.md]
                                   [--out-pr-body pr.md] [--out-slug slug.txt]

The issue body is what GitHub makes of the form (``scripts/sns_policy/plans/cli/issue_forms.py``): one
``### <label>`` heading per field, the answer below it, ``_No response_`` when empty,
``- [X] <option>`` for ticked boxes. Anyone can write that body, so it is read as
hostile text: the fields are found by the form's own labels, each answer must be plain
text (no Markdown, HTML, YAML syntax, control characters, web addresses outside the
page-address field, nothing too long), the plan must pass ``plan.schema.json``, and the
pages ``scripts/sns_policy/plans/cli/new_plan.py`` writes from it must pass the site's validator. Anything
else is refused with one comment, in Japanese and English, that names each field and
what to change, and no page is left behind. The workflow
``.github/workflows/plan-request.yml`` runs this when a reviewer adds the label
``plan-approved``.

The Japanese page gets every answer. The English page gets the facts both languages
share (``plans.SHARED_KEYS``: names, status, roles, approval, dates) and keeps the
skeleton's English placeholders for the prose, which a translator replaces in the pull
request: copying Japanese sentences into the English page would pass for a translation.
"""
from __future__ import annotations

import argparse
import datetime
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from sns_policy.plans.cli import issue_forms, new_plan
from sns_policy.sources.frontmatter import control_characters
from sns_policy.plans.checks import _FACEBOOK_HOSTS, normalise_facebook_url
from sns_policy.plans.model import SHARED_KEYS
from sns_policy.problems import Problem
from sns_policy.sources.schema import roles, validate
from sns_policy.site import ROOT
from sns_policy.pipeline.validate import check_site

APPROVED_LABEL = "plan-approved"
NO_RESPONSE = "_No response_"
# Generous for a plan, far below what could hurt: the longest answer in the existing
# plans is about 560 characters, a division's name a few dozen.
MAX_BODY_CHARS = 30_000
MAX_CHARS = {"input": 100, "textarea": 1_000}
MAX_ITEM_CHARS = 300
MAX_ITEMS = 20
# Characters that are Markdown, HTML or YAML syntax (or a GitHub mention / reference,
# or an e-mail address), which a plan's plain text never needs. Japanese text has its
# own full-width brackets and colon.
_SYNTAX = set("<>[]{}`*_|\\#~^&\"@")
# A line may not start like a YAML indicator, a Markdown block or a spreadsheet formula.
_BAD_START = set("-?:,'=+!%>")
_HEADING = re.compile(r"^### (.*)$")
_CHECKBOX = re.compile(r"^- \[([ xX])\] (.*)$")
_BULLET = re.compile(r"^(?:- |・)")
_PARTICLES = set("にがはのをでと")


@dataclass(frozen=True)
class Refusal:
    """One thing to change, on one field of the form ("" for the body as a whole)."""

    field: str
    ja: str
    en: str


@dataclass(frozen=True)
class FormField:
    """One question of the issue form, as the committed form file defines it."""

    id: str
    label: str
    type: str
    options: tuple[str, ...]
    required: bool


@dataclass
class Request:
    """The answers found in a body, by field id (None when left empty)."""

    answers: dict[str, str | None] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)


def form_fields(form: Path = issue_forms.FORM) -> list[FormField]:
    """The questions of the committed form, in its order (its labels are the body's headings)."""
    data = yaml.safe_load(form.read_text(encoding="utf-8"))
    fields = []
    for item in data["body"]:
        if item["type"] == "markdown":
            continue
        options = [o["label"] if isinstance(o, dict) else o for o in item["attributes"].get("options", [])]
        fields.append(FormField(item["id"], item["attributes"]["label"], item["type"], tuple(options),
                                bool(item.get("validations", {}).get("required"))))
    return fields


def split_body(body: str, fields: list[FormField]) -> Request:
    """The answer under each of the form's headings; anything else in the body is refused."""
    request = Request()
    by_label = {f.label: f for f in fields}
    current: FormField | None = None
    sections: dict[str, list[str]] = {}
    for line in body.replace("\r\n", "\n").split("\n"):
        heading = _HEADING.match(line)
        if heading and heading.group(1).strip() in by_label:
            current = by_label[heading.group(1).strip()]
            if current.id in sections:
                request.refusals.append(Refusal(current.label, "この項目が本文に 2 回あります。1 回だけにしてください。",
                                                "appears twice in the issue body: keep it once."))
            sections[current.id] = []
        elif current is None:
            if line.strip():
                request.refusals.append(Refusal("", "フォームの項目より前に文があります。Issue の本文はフォームの回答だけにしてください。",
                                                "the issue body has text before the form's first field: keep only the form's answers."))
                current = FormField("", "", "", (), False)  # say it once
                sections[""] = []
        elif heading or line.startswith("#"):
            request.refusals.append(Refusal(current.label, "「#」で始まる行（Markdown の見出し）は書けません。見出しを消してください。",
                                            "has a line starting with '#' (a Markdown heading, or a heading the form does not have): remove it."))
        else:
            sections[current.id].append(line)
    for form_field in fields:
        text = "\n".join(sections.get(form_field.id, [])).strip()
        request.answers[form_field.id] = None if text in ("", NO_RESPONSE) else text
    return request


def _char(c: str) -> str:
    """A character named so that a GitHub comment cannot render it as markup."""
    return f"U+{ord(c):04X}" if c == "`" or not c.isprintable() else f"`{c}` (U+{ord(c):04X})"


def plain_text(value: str) -> Refusal | None:
    """Why one line of an answer is not plain text (the field is filled in by the caller)."""
    bad = control_characters(value) or (["U+0009"] if "\t" in value else [])
    if bad:
        return Refusal("", f"見えない制御文字（{', '.join(bad)}）が含まれています。文字を打ち直してください。",
                       f"contains invisible control characters ({', '.join(bad)}): retype the text.")
    syntax = next((c for c in value if c in _SYNTAX), None)
    if syntax:
        return Refusal("", f"{_char(syntax)} は使えません。Markdown・HTML・YAML の記号を使わず、書式のない文字だけで書いてください。",
                       f"{_char(syntax)} is not allowed: write plain text, without Markdown, HTML or YAML symbols.")
    if re.search(r"://|\bwww\.", value, re.I):
        return Refusal("", "ウェブのアドレス（URL）は書けません。ページのアドレスは「ページのアドレス」の欄にだけ書きます。",
                       "web addresses are not allowed here: the page's address goes in the Page address field only.")
    if re.search(r":(\s|$)", value):
        return Refusal("", "半角の「:」の後に空白を置く書き方は YAML の記号になるため使えません。全角の「：」を使ってください。",
                       "a colon followed by a space is YAML syntax: use the full-width colon '：' or rephrase.")
    if value[:1] in _BAD_START or value.strip() == "...":
        return Refusal("", f"行の先頭に {_char(value[0])} は置けません（YAML・Markdown の記号です）。文字から書き始めてください。",
                       f"a line may not start with {_char(value[0])} (YAML or Markdown syntax): start with the text itself.")
    return None


def _facebook_url(value: str) -> tuple[str | None, list[Refusal]]:
    """A Facebook page's address in its one spelling; any other site's address is refused."""
    bad = control_characters(value)
    if bad:
        return None, [Refusal("", f"見えない制御文字（{', '.join(bad)}）が含まれています。打ち直してください。",
                              f"contains invisible control characters ({', '.join(bad)}): retype it.")]
    try:
        host = (urlsplit(value).hostname or "").lower()
    except ValueError:
        host = ""
    if host not in _FACEBOOK_HOSTS:
        return None, [Refusal("", "Facebook のページのアドレス（https://www.facebook.com/…）にしてください。ほかのサイトのアドレスは書けません。",
                              "must be the page's address on https://www.facebook.com/; an address on another site is refused.")]
    url = normalise_facebook_url(value)
    if not re.fullmatch(issue_forms._schema()["properties"]["url"]["pattern"], url):
        return None, [Refusal("", "ページのアドレスは https://www.facebook.com/ページ名 の形で、記号を含めずに書いてください。",
                              "write the address as https://www.facebook.com/<page name>, without other symbols.")]
    return url, []


def _too_long(value: str, limit: int) -> Refusal | None:
    if len(value) <= limit:
        return None
    return Refusal("", f"長すぎます（{len(value)} 文字）。{limit} 文字以内にしてください。",
                   f"is too long ({len(value)} characters): keep it within {limit}.")


def _kind(path: tuple[str, ...]) -> str:
    """The schema's kind of the value at ``path`` (text, list, date, role, const, enum, array, string)."""
    if path[0] not in issue_forms._schema()["properties"]:
        return "text"  # the file name, which the form asks for besides the plan's fields
    spec = issue_forms._schema()["properties"][path[0]]
    if len(path) > 1 and issue_forms._kind(spec) == "object":
        spec = spec["properties"][path[1]]
    return issue_forms._kind(spec) if issue_forms._kind(spec) != "bilingual" else "text"


def _choices(form_field: FormField, path: tuple[str, ...]) -> dict[str, str]:
    """Option label → the value it stands for (the form lists them in the schema's order)."""
    spec = issue_forms._schema()["properties"][path[0]]
    kind = _kind(path)
    if kind in ("role", "array"):
        values = list(roles())
    elif kind == "const":
        values = [spec["const"]]
    else:
        values = spec["enum"]
    return dict(zip(form_field.options, values))


def _answer(form_field: FormField, text: str, path: tuple[str, ...]) -> tuple[Any, list[Refusal]]:
    """The plan value of one answer, or the reasons it cannot be one."""
    kind = _kind(path)
    lines = [line.strip() for line in unicodedata.normalize("NFC", text).split("\n")]
    if form_field.type in ("dropdown", "checkboxes"):
        choices = _choices(form_field, path)
        if form_field.type == "dropdown":
            if text in choices:
                return choices[text], []
            return None, [Refusal("", "フォームの選択肢のどれかを選んでください。", "must be one of the form's choices.")]
        ticked, wrong = [], False
        for line in filter(None, lines):
            box = _CHECKBOX.match(line)
            if not box or box.group(2) not in choices:
                wrong = True
            elif box.group(1) != " ":
                ticked.append(choices[box.group(2)])
        if wrong:
            return None, [Refusal("", "フォームの選択肢に印を付けるだけにしてください。ほかの文は書けません。",
                                  "tick the form's choices only; no other text.")]
        return ticked, []
    too_long = _too_long(text, MAX_CHARS.get(form_field.type, MAX_CHARS["input"]))
    if too_long:
        return None, [too_long]
    if kind == "list":
        items = [_BULLET.sub("", line).strip() for line in lines if line]
        if len(items) > MAX_ITEMS:
            return None, [Refusal("", f"項目が多すぎます（{len(items)} 行）。{MAX_ITEMS} 行以内にしてください。",
                                  f"has too many lines ({len(items)}): at most {MAX_ITEMS}.")]
        refusals = [r for item in items for r in (plain_text(item), _too_long(item, MAX_ITEM_CHARS)) if r]
        return items, refusals[:1]
    if len([line for line in lines if line]) > 1:
        return None, [Refusal("", "1 行で書いてください（改行は使えません）。", "write it on one line, without line breaks.")]
    value = " ".join(lines).strip()
    if form_field.id == "slug":
        if not re.fullmatch(r"[a-z][a-z0-9-]*", value):
            return None, [Refusal("", "半角英小文字・数字・ハイフンで、英字から始めてください（例：kanko）。",
                                  "use lower-case ASCII letters, digits and hyphens, starting with a letter (e.g. kanko).")]
        return value, []
    if form_field.id == "url":
        return _facebook_url(value)
    refusal = plain_text(value)
    if refusal:
        return None, [refusal]
    if kind == "date":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return None, [Refusal("", "日付は 2016-10-17 のように YYYY-MM-DD で書いてください。未定なら空欄にします。",
                                  "write the date as YYYY-MM-DD (e.g. 2016-10-17), or leave it empty when not yet decided.")]
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return None, [Refusal("", "日付は YYYY-MM-DD で書いてください。", "write the date as YYYY-MM-DD.")]
    return value, []


def read_request(body: str, form: Path = issue_forms.FORM) -> tuple[str, dict[str, Any], list[Refusal]]:
    """(slug, plan, refusals) from an issue body; the plan is only usable when there are no refusals."""
    if len(body) > MAX_BODY_CHARS:
        return "", {}, [Refusal("", f"Issue の本文が長すぎます（{len(body)} 文字）。{MAX_BODY_CHARS} 文字以内にしてください。",
                                f"the issue body is too long ({len(body)} characters): at most {MAX_BODY_CHARS}.")]
    fields = form_fields(form)
    request = split_body(body, fields)
    refusals = list(request.refusals)
    paths = issue_forms.field_paths()
    plan: dict[str, Any] = {}
    slug = ""
    for form_field in fields:
        text = request.answers[form_field.id]
        path = paths.get(form_field.id, (form_field.id,))
        if text is None:
            if form_field.required:
                refusals.append(Refusal(form_field.label, "必須の項目です。記入してください。", "is required: fill it in."))
            value: Any = [] if form_field.type == "checkboxes" else None
        else:
            value, problems = _answer(form_field, text, path)
            refusals += [Refusal(form_field.label, r.ja, r.en) for r in problems]
        if form_field.id == "slug":
            slug = value or ""
        elif value is not None or _kind(path) == "date":
            target = plan
            for key in path[:-1]:
                target = target.setdefault(key, {})
            target[path[-1]] = value
    return slug, plan, refusals


def _label_of(problem_field: str) -> tuple[str, str]:
    """(form label, Japanese name) for a validator's field path such as ``plan.approval.by``.

    A path that several questions answer (``plan.page_name``: Japanese and English) is
    named by the plan's own word for it.
    """
    path = tuple(re.sub(r"\[\d+\]", "", problem_field).removeprefix("plan.").split("."))
    labels_by_id = {f.id: f.label for f in form_fields()}
    paths = issue_forms.field_paths()
    while path and path != ("",):
        ids = [i for i, p in paths.items() if p[:len(path)] == path]
        if len(ids) == 1:
            return labels_by_id[ids[0]], labels_by_id[ids[0]].split(" / ")[0]
        if ids:
            label = issue_forms._label(path[0])
            return label, label.split(" / ")[0]
        path = path[:-1]
    return problem_field, problem_field


def _from_problems(problems: list[Problem]) -> list[Refusal]:
    """Validator problems as refusals; the value itself is never quoted back into the comment.

    The validator's Japanese follows a field name (「…に電話番号があります」), so the
    field's Japanese label is put in front of a message that starts with a particle.
    """
    refusals = []
    for problem in problems:
        field_path = problem.field
        named = re.match(r"([a-z_]+) ", problem.message)  # a rule on the whole plan names its field first
        if field_path in ("", "(front matter)", "plan") and named and named.group(1) in issue_forms._schema()["properties"]:
            field_path = named.group(1)
        label, name_ja = _label_of(field_path)
        ja = problem.ja or ""
        if ja[:1] in _PARTICLES:
            ja = name_ja + ja
        refusals.append(Refusal(label, ja, re.sub(r" \(found .*\)$", "", problem.message, flags=re.S)))
    return refusals


def make_plan(slug: str, plan: dict[str, Any]) -> tuple[list[Path], list[Refusal]]:
    """Write both pages through ``new_plan``; keep them only if the site's validator accepts them."""
    refusals = _from_problems(validate(plan, "plan", "(issue)"))
    if refusals:
        return [], refusals
    english = {key: plan[key] for key in SHARED_KEYS if key in plan}
    try:
        created = new_plan.create_plan(slug, plan["department"]["ja"], plan["department"]["en"], ROOT,
                                       plans={"ja": plan, "en": english})
    except new_plan.PlanExists as error:
        return [], [Refusal(_form_label("slug"), f"そのファイル名の活用方針は既にあります（{error.args[0].split()[0]}）。別のファイル名にしてください。",
                            f"a plan with this file name already exists ({error.args[0].split()[0]}): choose another file name.")]
    except ValueError as error:
        return [], [Refusal("", "回答からページを作れませんでした。", str(error))]
    names = {p.relative_to(ROOT).as_posix() for p in created}
    _, problems = check_site()
    ours = [p for p in problems if p.file in names or f"/{slug}.md" in p.message]
    if ours:
        for path in created:
            path.unlink()
        return [], _from_problems(ours)
    return created, []


def _form_label(field_id: str) -> str:
    return next(f.label for f in form_fields() if f.id == field_id)


def comment(refusals: list[Refusal]) -> str:
    """The issue comment: what to change, field by field, Japanese first, then English."""
    lines = [
        "この申し出からは活用方針のページを作れませんでした。Issue の本文を編集（…→ Edit）して次の点を直し、"
        f"確認の担当者にもう一度ラベル `{APPROVED_LABEL}` を付けてもらってください。",
        "",
        "The plan pages could not be made from this request. Edit the issue (… → Edit) to change the points below, "
        f"then ask a reviewer to add the label `{APPROVED_LABEL}` again.",
        "",
    ]
    for refusal in dict.fromkeys(refusals):
        where = f"**{refusal.field}**" if refusal.field else "**本文 / Issue body**"
        lines += [f"- {where}", f"  - {refusal.ja}", f"  - {refusal.en}"]
    return "\n".join(lines) + "\n"


def pr_body(slug: str, issue: int | None) -> str:
    """The pull request's description: where the pages came from and what is left to do."""
    source = f"#{issue}" if issue else "the issue form"
    closes = f"\n\nCloses #{issue}" if issue else ""
    return (
        f"新しい公式ページの申し出（{source}）の回答から、活用方針のページを作成した。\n\n"
        f"- `docs/ja/plans/{slug}.md`：すべての回答を書き写した。\n"
        f"- `docs/en/plans/{slug}.md`：両言語で共通の項目（所管課、ページ名、状態、運用体制、承認、見直し日）を書き写した。"
        "目的・対象者などの文章は英語の仮の文のままなので、日本語のページを英訳して置き換えること。\n\n"
        f"Made from the answers of the new official page request ({source}).\n\n"
        f"- `docs/ja/plans/{slug}.md`: every answer.\n"
        f"- `docs/en/plans/{slug}.md`: the facts both languages share (division, page name, status, operators, "
        "approval, review date). The prose fields keep the English placeholders: translate the Japanese page into them.\n\n"
        "A pull request opened by a workflow does not start the checks by itself: close and reopen it "
        "(or push a commit, such as the translation) to run them."
        f"{closes}\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Make the pages (exit 0) or write the refusal comment (exit 1)."""
    parser = argparse.ArgumentParser(prog="python -m sns_policy.plans.cli.plan_request", description=__doc__.split("\n\n")[0])
    parser.add_argument("--body-file", type=Path, required=True, help="the issue body, as GitHub wrote it")
    parser.add_argument("--issue", type=int, help="the issue's number, for the pull request's description")
    parser.add_argument("--out-comment", type=Path, help="where to write the refusal comment")
    parser.add_argument("--out-pr-body", type=Path, help="where to write the pull request's description")
    parser.add_argument("--out-slug", type=Path, help="where to write the plan's file name")
    args = parser.parse_args(argv)
    try:
        body = args.body_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: cannot read {args.body_file}: {error}", file=sys.stderr)
        return 2
    slug, plan, refusals = read_request(body)
    created: list[Path] = []
    if not refusals:
        created, refusals = make_plan(slug, plan)
    if refusals:
        text = comment(refusals)
        if args.out_comment:
            args.out_comment.write_text(text, encoding="utf-8")
        print(text)
        return 1
    for path in created:
        print(f"created {path.relative_to(ROOT)}")
    if args.out_pr_body:
        args.out_pr_body.write_text(pr_body(slug, args.issue), encoding="utf-8")
    if args.out_slug:
        args.out_slug.write_text(slug + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
