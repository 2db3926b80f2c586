"""Create a new division's activity plan in both languages, then validate it.

    python -m sns_policy.plans.cli.new_plan --slug kanko --ja 観光課 --en "Tourism Division"

The pages are made from the same skeletons the template page shows
(``plan.<lang>.md`` in the site's snippet folder, ``scripts/data/templates/`` here) and checked with the same rules as the build.
Plans are not listed in the nav: the plans index and the registry lead to them.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from sns_policy.sources import frontmatter
from sns_policy.sources.snippets import snippet_dirs
from sns_policy.problems import format_problems
from sns_policy.site import ROOT, load_site
from sns_policy.pipeline.validate import check_site

_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


class PlanExists(Exception):
    """Refuse to overwrite a plan someone has already written."""


def skeleton(lang: str) -> Path:
    """The site's own skeleton of a plan in ``lang``: the one its template page includes (the snippet folders of mkdocs.yml).

    The skeleton carries the municipality's names and its usual approver, so it is the site's, not the engine's."""
    name = f"plan.{lang}.md"
    return next((folder / name for folder in snippet_dirs() if (folder / name).is_file()),
                (snippet_dirs() or [load_site().data_dir / "templates"])[0] / name)


def render_plan(lang: str, department_ja: str, department_en: str) -> str:
    """Fill the skeleton of one language with the division's names."""
    text = skeleton(lang).read_text(encoding="utf-8")
    return text.replace("{{department_ja}}", department_ja).replace("{{department_en}}", department_en)


# Stand-ins for the names while a skeleton is read as YAML: letters only, so they are
# plain scalars wherever the skeleton puts them (quoted or not).
_NAME_TOKENS = {"ja": "DEPARTMENTNAMEJA", "en": "DEPARTMENTNAMEEN"}


def _put_names(value: Any, names: dict[str, str]) -> Any:
    """Replace the stand-ins inside every string of ``value`` with the real names."""
    if isinstance(value, dict):
        return {key: _put_names(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_put_names(item, names) for item in value]
    if isinstance(value, str):
        for lang, token in _NAME_TOKENS.items():
            value = value.replace(token, names[lang])
        return value
    return value


def fill_plan(lang: str, department_ja: str, department_en: str, plan: dict[str, Any]) -> str:
    """The skeleton of one language with its ``plan`` fields set to ``plan``.

    Answers typed into a web form must not be pasted into YAML text: a quote or a line
    break would change the page's structure. So the skeleton is read as data, the
    values are set, and the YAML writer quotes whatever needs quoting.
    """
    meta, body = frontmatter.parse(render_plan(lang, _NAME_TOKENS["ja"], _NAME_TOKENS["en"]))
    meta = _put_names(meta, {"ja": department_ja, "en": department_en})
    meta["plan"] = {**meta["plan"], **plan}
    if meta["plan"].get("url") is None:
        meta["plan"].pop("url", None)
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6) + "---\n" + body


def create_plan(slug: str, department_ja: str, department_en: str, root: Path = ROOT,
                plans: dict[str, dict[str, Any]] | None = None) -> list[Path]:
    """Write ``docs/<lang>/plans/<slug>.md`` for every language; returns the new files.

    ``plans`` (language → plan fields) fills in more than the names, for the issue form
    (``scripts/sns_policy/plans/cli/plan_request.py``); without it the pages are the bare skeletons.
    """
    if not _SLUG.match(slug):
        raise ValueError(f"--slug {slug!r}: use lower-case ASCII letters, digits and hyphens (e.g. kanko)")
    for name, value in (("--ja", department_ja), ("--en", department_en)):
        if not value.strip() or any(c in value for c in '"\n{}'):
            raise ValueError(f"{name} {value!r}: give the division's name without quotes, braces or line breaks")
    site = load_site(root / "mkdocs.yml")
    targets = [site.lang_dir(lang) / "plans" / f"{slug}.md" for lang in site.languages]
    existing = [t for t in targets if t.exists()]
    if existing:
        raise PlanExists(f"{existing[0].relative_to(root)} already exists; edit it instead")
    for lang, target in zip(site.languages, targets):
        text = (fill_plan(lang, department_ja, department_en, plans[lang]) if plans is not None
                else render_plan(lang, department_ja, department_en))
        target.write_text(text, encoding="utf-8")
    return targets


def main(argv: list[str] | None = None) -> int:
    """Create the plan, then report any rule the result breaks."""
    parser = argparse.ArgumentParser(prog="python -m sns_policy.plans.cli.new_plan", description=__doc__.split("\n\n")[0])
    parser.add_argument("--slug", required=True, help="file name of the plan, e.g. kanko")
    parser.add_argument("--ja", required=True, help="division name in Japanese, e.g. 観光課")
    parser.add_argument("--en", required=True, help="division name in English, e.g. Tourism Division")
    args = parser.parse_args(argv)
    try:
        created = create_plan(args.slug, args.ja, args.en)
    except (ValueError, PlanExists) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in created:
        print(f"created {path.relative_to(ROOT)}")
    _, problems = check_site()
    if problems:
        print(format_problems(problems), file=sys.stderr)
        return 1
    print("The new plan is valid. Fill in every field, then open a pull request.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
