"""JSON Schema validation with messages an editor can act on.

The schemas in ``scripts/sns_policy/schemas/`` are the contracts; the build hook, the tests and
the new-plan command all load them through here. Lists that live in data files (roles,
severity levels) are filled into the schemas at load time, so they are written once.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from sns_policy import kept
from sns_policy import datafiles
from sns_policy.problems import Problem
from sns_policy.site import SCHEMAS, data_dir


def roles() -> dict[str, dict[str, str]]:
    """Role id → {"ja": ..., "en": ...}, from the one shared list."""
    return datafiles.load("roles.yml")


def severity_levels() -> dict[int, dict[str, Any]]:
    """Severity level → labels and first-response target in minutes."""
    return datafiles.load("severity.yml")


# The site's own guidance beside fields of the plan form, in place of the engine's general words.
PLAN_GUIDANCE = "plan-guidance.yml"


def plan_guidance() -> dict[str, dict[str, str]]:
    """Field path → the site's guidance in each language (none when the site has no such file)."""
    return datafiles.load(PLAN_GUIDANCE) if PLAN_GUIDANCE in datafiles.names() else {}


def load_schema(name: str) -> dict[str, Any]:
    """Load ``scripts/sns_policy/schemas/<name>.schema.json`` with the shared lists and the site's words filled in."""
    return _site_schema(name, data_dir())


@kept.memo(64, per_build=True)  # the one read of each schema per build and site: the lists are the site's data
def _site_schema(name: str, data: Path) -> dict[str, Any]:
    """``name``'s schema with the lists of the data folder ``data`` (part of the key: one process may check two towns)."""
    guidance = json.dumps(plan_guidance(), sort_keys=True, ensure_ascii=False) if name == "plan" else "{}"
    return _checked_schema(name, (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"),
                           tuple(sorted(roles())), tuple(sorted(severity_levels())), guidance)


@kept.memo(32, per_build=False)  # checking a schema is slow, and every page needs it: once per text and lists
def _checked_schema(name: str, text: str, role_ids: tuple[str, ...], levels: tuple[int, ...], guidance: str = "{}") -> dict[str, Any]:
    """One text of a schema with the lists and the site's guidance (JSON) filled in, checked against JSON Schema itself."""
    schema = json.loads(text)
    defs = schema.get("$defs", {})
    if "role" in defs:
        defs["role"]["enum"] = list(role_ids)
    if name == "playbook":
        schema["properties"]["severity"]["enum"] = list(levels)
    for path, words in json.loads(guidance).items():
        field = schema
        for part in path.split("."):
            field = field.get("properties", {}).get(part, {})
        if field:  # a path the schema does not have is the data check's to refuse (check_plan_guidance)
            field["x-guidance"] = dict(words)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


_JA_GENERIC = {
    "required": "必須の項目がありません。書き加えてください。",
    "dependentRequired": "文書ページ（doc_status のあるページ）には必須の項目です。",
    "additionalProperties": "知られていないキーです。綴りを確認してください。",
    "type": "値の種類が違います（文字列・数値・リストなど）。記入例に合わせてください。",
    "enum": "決められた値のどれかにしてください。",
    "const": "決められた値にしてください。",
    "pattern": "書き方が決まりに合いません。記入例に合わせてください。",
    "minLength": "空にできません。",
    "minItems": "少なくとも 1 つ書いてください。",
    "maxItems": "項目が多すぎます。",
    "uniqueItems": "同じ値が 2 回あります。",
    "minimum": "値が小さすぎます。",
}


def _field(path: Any, prefix: str) -> str:
    """``plan.approval.date`` from the error's path inside the instance."""
    parts = [prefix] if prefix else []
    for part in path:
        parts.append(f"[{part}]" if isinstance(part, int) else str(part))
    return ".".join(parts).replace(".[", "[") or "(front matter)"


def _ja(error: jsonschema.ValidationError) -> str:
    """The Japanese message: the schema's ``x-message-ja``, else a plain sentence for the rule."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    parent = error.parent.schema if error.parent is not None and isinstance(error.parent.schema, dict) else {}
    if error.validator == "required" and "x-message-ja" in parent:
        return parent["x-message-ja"]
    if "x-message-ja" in schema and error.validator not in ("required", "additionalProperties", "dependentRequired"):
        return schema["x-message-ja"]
    return _JA_GENERIC.get(str(error.validator), "規則に合いません。英語の説明を参照してください。")


def _message(error: jsonschema.ValidationError) -> tuple[Any, str]:
    """Prefer the schema's own explanation (``x-message``) to jsonschema's wording."""
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
        return [*error.absolute_path, missing], custom or "is required but missing"
    if error.validator == "dependentRequired":
        missing = error.message.split("'")[1]
        return [*error.absolute_path, missing], "is required on document pages (pages with a doc_status)"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        return [*error.absolute_path, *extra[:1]], "is not a known key (check the spelling)"
    if error.validator == "not" and isinstance(error.schema, dict) and "x-message" in error.schema:
        return error.absolute_path, error.schema["x-message"]
    schema = error.schema if isinstance(error.schema, dict) else {}
    if "x-message" in schema:
        return error.absolute_path, f"{schema['x-message']} (found {error.instance!r})"
    return error.absolute_path, error.message


def _leaf_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """Report the specific rule that failed inside if/then, not just the wrapper."""
    if error.context:
        return [leaf for sub in error.context for leaf in _leaf_errors(sub)]
    return [error]


def validate(instance: Any, schema_name: str, file: str, prefix: str = "", page: Any = None) -> list[Problem]:
    """Every way ``instance`` breaks the schema, as problems naming the file, line and field.

    ``page`` (a :class:`sns_policy.sources.frontmatter.Page`) supplies the line of each field.
    """
    validator = jsonschema.Draft202012Validator(load_schema(schema_name))
    problems = []
    for error in validator.iter_errors(instance):
        for leaf in _leaf_errors(error):
            path, message = _message(leaf)
            # The "then" branch of an if/then carries the rule's explanation.
            parent = leaf.parent.schema if leaf.parent is not None else None
            if isinstance(parent, dict) and "x-message" in parent and leaf.validator == "required":
                message = parent["x-message"]
            where = [*([prefix] if prefix else []), *path]
            line = page.line_of(where) if page is not None else None
            problems.append(Problem(file, _field(path, prefix), message, line, _ja(leaf)))
    return problems
