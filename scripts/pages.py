"""Every page, in every language: front matter rules and translation pairing.

Japanese is the original; each page must exist in every configured language with the
same file name and the same ``version``, so a reader switching language lands on the
same text at the same revision.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scripts.frontmatter import Page, read_page
from scripts.problems import Problem, display_path
from scripts.schema import validate
from scripts.site import load_site


@dataclass
class PageSet:
    """All pages of the site, keyed by language and then by path inside that language."""

    docs_dir: Path
    languages: tuple[str, ...]
    pages: dict[str, dict[str, Page]]

    def of(self, lang: str) -> dict[str, Page]:
        """Pages of one language, keyed by their path below ``docs/<lang>/``."""
        return self.pages.get(lang, {})


def load_pages(docs_dir: Path | None = None) -> tuple[PageSet, list[Problem]]:
    """Read every Markdown page under ``docs/<lang>/`` for the configured languages."""
    site = load_site()
    docs = docs_dir or site.docs_dir
    problems: list[Problem] = []
    pages: dict[str, dict[str, Page]] = {}
    for lang in site.languages:
        pages[lang] = {}
        for path in sorted((docs / lang).rglob("*.md")):
            page, found = read_page(path)
            problems += found
            if page:
                pages[lang][path.relative_to(docs / lang).as_posix()] = page
    return PageSet(docs, site.languages, pages), problems


def check_front_matter(pageset: PageSet) -> list[Problem]:
    """Each page's common keys follow ``page.schema.json``."""
    return [
        problem
        for lang in pageset.languages
        for page in pageset.of(lang).values()
        for problem in validate(page.meta, "page", page.name)
    ]


def check_pairs(pageset: PageSet) -> list[Problem]:
    """Every page exists in every language, at the same version."""
    problems: list[Problem] = []
    original, *translations = pageset.languages
    for lang in translations:
        for rel in sorted(set(pageset.of(original)) - set(pageset.of(lang))):
            missing = display_path(pageset.docs_dir / lang / rel)
            problems.append(Problem(missing, "", f"is missing: the translation of {pageset.of(original)[rel].name} does not exist"))
        for rel in sorted(set(pageset.of(lang)) - set(pageset.of(original))):
            page = pageset.of(lang)[rel]
            problems.append(Problem(page.name, "", f"has no original: {display_path(pageset.docs_dir / original / rel)} does not exist"))
        for rel in sorted(set(pageset.of(lang)) & set(pageset.of(original))):
            source, translated = pageset.of(original)[rel], pageset.of(lang)[rel]
            if source.meta.get("version") != translated.meta.get("version"):
                problems.append(Problem(
                    translated.name, "version",
                    f"is {translated.meta.get('version')!r} but the original {source.name} is at "
                    f"{source.meta.get('version')!r}: update the translation and its version together",
                ))
            for key in ("doc_status", "established", "effective", "generate"):
                if source.meta.get(key) != translated.meta.get(key):
                    problems.append(Problem(
                        translated.name, key,
                        f"is {translated.meta.get(key)!r} but the original {source.name} says {source.meta.get(key)!r}",
                    ))
    return problems


def check_nav(pageset: PageSet) -> list[Problem]:
    """Pages not in ``nav`` would be unreachable from the menu; nav entries must exist."""
    site = load_site()
    problems: list[Problem] = []
    listed = set(site.nav_files)
    for lang in pageset.languages:
        for rel, page in pageset.of(lang).items():
            if rel not in listed:
                problems.append(Problem(page.name, "", "is not listed in the nav of mkdocs.yml"))
    original = pageset.languages[0]
    for rel in site.nav_files:
        if rel not in pageset.of(original):
            problems.append(Problem("mkdocs.yml", "nav", f"lists {rel}, which does not exist in docs/{original}/"))
    return problems
