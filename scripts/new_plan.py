"""Create a new division's activity plan in both languages, then validate it.

    python -m scripts.new_plan --slug kanko --ja 観光課 --en "Tourism Division"

The pages are made from the same skeletons the template page shows
(``scripts/templates/plan.<lang>.md``) and checked with the same rules as the build.
Plans are not listed in the nav: the plans index and the registry lead to them.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from scripts.problems import format_problems
from scripts.site import ROOT, load_site
from scripts.validate import check_site

TEMPLATES = Path(__file__).resolve().parent / "templates"
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


class PlanExists(Exception):
    """Refuse to overwrite a plan someone has already written."""


def render_plan(lang: str, department_ja: str, department_en: str) -> str:
    """Fill the skeleton of one language with the division's names."""
    text = (TEMPLATES / f"plan.{lang}.md").read_text(encoding="utf-8")
    return text.replace("{{department_ja}}", department_ja).replace("{{department_en}}", department_en)


def create_plan(slug: str, department_ja: str, department_en: str, root: Path = ROOT) -> list[Path]:
    """Write ``docs/<lang>/plans/<slug>.md`` for every language; returns the new files."""
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
        target.write_text(render_plan(lang, department_ja, department_en), encoding="utf-8")
    return targets


def main(argv: list[str] | None = None) -> int:
    """Create the plan, then report any rule the result breaks."""
    parser = argparse.ArgumentParser(prog="python -m scripts.new_plan", description=__doc__.split("\n\n")[0])
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
