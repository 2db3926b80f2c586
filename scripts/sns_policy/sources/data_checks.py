"""The data files of ``scripts/data/`` are sources like pages: each is read and held to its schema first.

A data file an editor broke (a YAML mistake in ``contact.yml``, a number written as a word, a key
misspelt) would otherwise surface as a traceback deep inside whichever page first used it, or as a
problem reported against a page the editor never touched. So before any page is checked, every data
file is read by the one reader (:mod:`sns_policy.datafiles`: syntax, aliases, keys written twice) and
checked against ``scripts/sns_policy/schemas/data/<name>.schema.json`` (types, required and unknown keys), each
problem naming the data file, its line and the key, in Japanese and English.

The words a data file puts into pages are then held to the page rules that apply to text itself
(personal data, the HTML allow-list, addresses a link may have), named at the data file's key;
the validator adds the pages that show the text (``scripts/sns_policy/pipeline/validate.py``, ``check_data_text``).
"""
from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from sns_policy import datafiles
from sns_policy.problems import Problem
from sns_policy.site import ENGINE_DATA, SCHEMAS
from sns_policy.sources import personal_data, schema
from sns_policy.sources.html_policy import check_html, url_problem
from sns_policy.sources.personal_data import strings  # the one walker over texts and their key paths

SCHEMA_FOLDER = "data"
# Markdown link and image targets, and raw HTML addresses, in a value the build writes into a page.
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*[\s/>]")  # an HTML tag (a regular expression's (?<!…) is not one)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)|\b(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)", re.I)


def schema_name(name: str) -> str:
    """``contact.yml`` → ``data/contact`` (``scripts/sns_policy/schemas/data/contact.schema.json``)."""
    return f"{SCHEMA_FOLDER}/{name.rsplit('.', 1)[0]}"


def field_name(path: tuple[Any, ...]) -> str:
    """``routes[0].text.ja``: a key path as an editor finds it in the file."""
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


def relative_links(text: str) -> list[str]:
    """The Markdown link targets of ``text`` that point at a file of the site (``policy.md#purpose``), which
    resolve from the page that shows the text."""
    targets = [match.group(1) for match in _LINK.finditer(text) if match.group(1)]
    return [t for t in targets if not t.startswith("#") and url_problem(t) is None and not _SCHEME.match(t)]


def text_problems() -> list[tuple[Problem, str]]:
    """Personal data, markup and links a page may not have, in the words the data files put into pages;
    each problem with the text it was found in (the validator names the pages that show it)."""
    found: list[tuple[Problem, str]] = []
    for name in datafiles.names():
        data = datafiles.read(name)
        for path, text in strings(data.value):
            where = dict(file=data.name, field=field_name(path), line=data.line_of(path))
            for kind_en, kind_ja, what in personal_data.find(text):
                found.append((Problem(**where, message=f"contains {kind_en} ({what}): the site never publishes contact details "
                                      "of people; name the role or division instead",
                                      ja=f"に{kind_ja}（{what}）があります。個人の連絡先は載せません。役割または課の名前を書いてください。"), text))
            for match in _LINK.finditer(text):
                url = match.group(1) or match.group(2) or ""
                if why := url_problem(url):
                    found.append((Problem(**where, message=f"links to {url!r}, which {why}",
                                          ja=f"{url!r} へのリンクは書けません（リンクは相対アドレス、#、https:、mailto: のみ）。"), text))
            if _TAG.search(text):  # raw HTML, held to the pages' allow-list
                found += [(dataclasses.replace(problem, file=data.name, field=f"{where['field']}: {problem.field}", line=where["line"]), text)
                          for problem in check_html(text, None, data.name)]
    return found


def check_data_files() -> list[Problem]:
    """Every data file read and held to its schema: syntax first (nothing else can be read then), then schemas."""
    read = [datafiles.read(name) for name in datafiles.names()]
    read += [datafiles.read(name, ENGINE_DATA) for name in datafiles.names(ENGINE_DATA)]  # the engine's own, shared by every town
    problems = [problem for data in read for problem in data.problems]
    if problems:
        return problems
    for data in read:
        name = schema_name(data.name.rsplit("/", 1)[-1])
        if not (SCHEMAS / f"{name}.schema.json").exists():
            problems.append(Problem(data.name, "", f"has no schema: add scripts/sns_policy/schemas/{name}.schema.json", None,
                                    f"のスキーマがありません。scripts/sns_policy/schemas/{name}.schema.json を加えてください。"))
            continue
        instance = json.loads(json.dumps(data.value, default=str))  # keys as text, as JSON Schema reads them
        found = schema.validate(instance, name, data.name, page=data)
        problems += [dataclasses.replace(p, field="") if p.field == "(front matter)" else p for p in found]
    return problems or _guidance_fields(read)


def _guidance_fields(read: list[datafiles.DataFile]) -> list[Problem]:
    """Guidance for a field the plan form does not have would never be printed: a misspelt path is refused."""
    data = next((d for d in read if d.name.endswith("/" + schema.PLAN_GUIDANCE)), None)
    if data is None or not isinstance(data.value, dict):
        return []
    plan = json.loads((SCHEMAS / "plan.schema.json").read_text(encoding="utf-8"))
    fields = set()
    stack: list[tuple[str, dict[str, Any]]] = [("", plan)]
    while stack:
        prefix, spec = stack.pop()
        for key, sub in spec.get("properties", {}).items():
            fields.add(prefix + key)
            stack.append((f"{prefix}{key}.", sub))
    return [Problem(data.name, str(path), f"is not a field of the activity plan (scripts/sns_policy/schemas/plan.schema.json): "
                    "check its spelling, e.g. approval.by", data.line_of((path,)),
                    "は活用方針の項目ではありません。綴りを確認してください（例：approval.by）。")
            for path in data.value if path not in fields]
