"""Every page, in every language: front matter rules and translation pairing.

Japanese is the original; each page must exist in every configured language with the
same file name and the same ``version``, so a reader switching language lands on the
same text at the same revision.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sns_policy.sources.frontmatter import Page, read_page
from sns_policy.sources.guard import failure
from sns_policy.sources.markdown_ids import duplicate_id, heading_ids, headings
from sns_policy.problems import Problem, display_path
from sns_policy.sources.schema import validate
from sns_policy.site import load_site


@dataclass
class PageSet:
    """All pages of the site, keyed by language and then by path inside that language."""

    docs_dir: Path
    languages: tuple[str, ...]
    pages: dict[str, dict[str, Page]]
    # Files that exist but could not be read (their problem is already reported): other
    # checks treat them as present, so one broken file gives one message, not a cascade.
    unreadable: set[tuple[str, str]] = field(default_factory=set)

    def exists(self, lang: str, rel: str) -> bool:
        """Whether ``docs/<lang>/<rel>`` exists, readable or not."""
        return rel in self.of(lang) or (lang, rel) in self.unreadable

    def of(self, lang: str) -> dict[str, Page]:
        """Pages of one language, keyed by their path below ``docs/<lang>/``."""
        return self.pages.get(lang, {})


@dataclass(frozen=True)
class Record:
    """A page carrying structured data under one front-matter key (a plan, a playbook)."""

    slug: str
    lang: str
    page: Page
    key: str

    @property
    def data(self) -> dict:
        """The mapping under ``key`` in the page's front matter."""
        return self.page.meta[self.key]


@dataclass(frozen=True)
class RecordKind:
    """A kind of structured page: its front-matter key, the one folder its pages sit in, the schema it is held to.

    Each capability that has one names it once, in its ``model`` room (``sns_policy.plans.model.KIND``);
    ``pipeline/validate.py`` hands the kinds to the generic checks here and in ``date_checks.py``.
    """

    key: str
    folder: str
    schema: str


def records(pageset: PageSet, lang: str, folder: str, key: str) -> list[Record]:
    """Pages of one language under ``folder`` with front-matter ``key``, in nav order."""
    order = {rel: i for i, rel in enumerate(load_site().nav_files)}
    found = [
        Record(rel[len(folder):-3], lang, page, key)
        for rel, page in pageset.of(lang).items()
        if rel.startswith(folder) and key in page.meta
    ]
    return sorted(found, key=lambda r: (order.get(f"{folder}{r.slug}.md", len(order)), r.slug))


def symbolic_links(docs: Path) -> tuple[list[Problem], set[Path]]:
    """Every symbolic link under ``docs/``, named by the link's own path (never its target).

    A link would publish whatever it points at (a file outside the repository, another
    page under a second name) and MkDocs would follow it; a link to a folder that
    contains itself would make the build walk forever. Nothing under docs/ needs one.
    """
    problems: list[Problem] = []
    links: set[Path] = set()
    for folder, dirs, files in os.walk(docs, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                links.add(path)
                shown = f"{display_path(path.parent)}/{name}"  # resolving the link would name its target
                problems.append(Problem(shown, "", "is a symbolic link: put the file itself here (or remove the link)", None,
                                        "はシンボリックリンクです。リンクではなくファイルそのものを置いてください（またはリンクを削除してください）。"))
    return problems, links


def _markdown_files(folder: Path, links: set[Path]) -> list[Path]:
    """The ``.md`` files under ``folder``, without entering or reading symbolic links."""
    found = []
    for parent, dirs, files in os.walk(folder, followlinks=False):
        found += [Path(parent) / name for name in files if name.endswith(".md") and Path(parent) / name not in links]
    return sorted(found)


def load_pages(docs_dir: Path | None = None) -> tuple[PageSet, list[Problem]]:
    """Read every Markdown page under ``docs/<lang>/`` for the configured languages.

    A file that cannot be read at all (a folder named ``x.md``, no permission, a
    symbolic link) is one message naming it, and counts as present for the other checks.
    """
    site = load_site()
    docs = docs_dir or site.docs_dir
    problems, links = symbolic_links(docs)
    # A page outside the language folders would be read by MkDocs alone, unchecked: refuse it before that.
    folders = ", ".join(f"docs/{lang}/" for lang in site.languages)
    problems += [Problem(display_path(path), "", f"is outside the language folders ({folders}): move it into one", None,
                         f"が言語のフォルダー（{folders}）の外にあります。どれかの中に移してください。")
                 for path in _markdown_files(docs, links) if path.relative_to(docs).parts[0] not in site.languages]
    pages: dict[str, dict[str, Page]] = {}
    unreadable: set[tuple[str, str]] = {(lang, link.relative_to(docs / lang).as_posix()) for lang in site.languages
                                        for link in links if link.is_relative_to(docs / lang)}
    for lang in site.languages:
        pages[lang] = {}
        for path in _markdown_files(docs / lang, links):
            rel = path.relative_to(docs / lang).as_posix()
            try:
                page, found = read_page(path)
            except Exception as error:  # whatever the file is, the editor gets its name, not a traceback
                page, found = None, [failure(display_path(path), error, "read")]
            problems += found
            if page:
                pages[lang][rel] = page
            else:
                unreadable.add((lang, rel))
    return PageSet(docs, site.languages, pages, unreadable), problems


def check_front_matter(pageset: PageSet, kinds: Iterable[RecordKind]) -> list[Problem]:
    """Each page's common keys follow ``page.schema.json``; a record of each kind (a plan, a playbook) sits in its
    folder: structured records live in one folder each, and elsewhere nothing would check or show them."""
    problems: list[Problem] = []
    for lang in pageset.languages:
        for rel, page in pageset.of(lang).items():
            problems += validate(page.meta, "page", page.name, page=page)
            for key, folder in ((kind.key, kind.folder) for kind in kinds):
                if key in page.meta and not rel.startswith(folder):
                    problems.append(page.problem((key,), f"belongs only on pages under docs/{lang}/{folder}: remove it here",
                                                 f"は docs/{lang}/{folder} のページにだけ書けます。ここからは削除してください。"))
    return problems


def check_pairs(pageset: PageSet) -> list[Problem]:
    """Every page exists in every language, translating the original's version or an earlier one."""
    problems: list[Problem] = []
    original, *translations = pageset.languages
    for lang in translations:
        for rel in sorted(r for r in set(pageset.of(original)) - set(pageset.of(lang)) if not pageset.exists(lang, r)):
            missing = display_path(pageset.docs_dir / lang / rel)
            problems.append(Problem(missing, "", f"is missing: the translation of {pageset.of(original)[rel].name} does not exist",
                                    None, f"がありません。{pageset.of(original)[rel].name} の翻訳を作ってください。"))
        for rel in sorted(r for r in set(pageset.of(lang)) - set(pageset.of(original)) if not pageset.exists(original, r)):
            page = pageset.of(lang)[rel]
            problems.append(Problem(page.name, "", f"has no original: {display_path(pageset.docs_dir / original / rel)} does not exist",
                                    1, f"原文 {display_path(pageset.docs_dir / original / rel)} がありません。原文を先に作ってください。"))
        for rel in sorted(set(pageset.of(lang)) & set(pageset.of(original))):
            source, translated = pageset.of(original)[rel], pageset.of(lang)[rel]
            behind = translation_behind(source.meta, translated.meta)
            if behind is None:
                problems.append(Problem(
                    translated.name, "version",
                    f"is {translated.meta.get('version')!r}, ahead of the original {source.name} at "
                    f"{source.meta.get('version')!r}: a translation's version is the version of the original it "
                    "translates, so raise the original first",
                    translated.line_of(("version",)),
                    f"が {translated.meta.get('version')!r} で、原文 {source.name} の {source.meta.get('version')!r} より進んでいます。"
                    "翻訳の版番号は、翻訳した原文の版です。先に原文の版を上げてください。",
                ))
                continue
            # A translation behind its original may still say what the earlier version said.
            for key in ("generate",) if behind else ("doc_status", "submitted", "planned_effect", "generate"):
                if source.meta.get(key) != translated.meta.get(key):
                    problems.append(Problem(
                        translated.name, key,
                        f"is {translated.meta.get(key)!r} but the original {source.name} says {source.meta.get(key)!r}",
                        translated.line_of((key,)),
                        f"が {translated.meta.get(key)!r} ですが、原文 {source.name} では {source.meta.get(key)!r} です。原文に合わせてください。",
                    ))
    return problems


def translation_behind(original: dict, translation: dict) -> bool | None:
    """Whether a translation translates an earlier version than its original's current one.

    A translation's ``version`` is the version of the original it translates: the
    Japanese text can be amended and published first, and the English page says it
    lags until a translator raises its version. None when the translation claims a
    version its original does not have yet (or the numbers cannot be compared).
    """
    try:
        mine, theirs = _version_key(str(translation.get("version"))), _version_key(str(original.get("version")))
    except ValueError:
        return False  # the schema reports a malformed number
    if mine > theirs:
        return None
    return mine < theirs


# Staff pages kept out of the menu every resident sees (mkdocs.yml not_in_nav): the list of facts
# still to confirm is reached from the marks on staff pages and from the contributing page.
OFF_MENU_PAGES = ("facts-to-confirm.md",)


def check_nav(pageset: PageSet) -> list[Problem]:
    """Pages not in ``nav`` would be unreachable from the menu; nav entries must exist.

    Divisions' plans are the exception: they are reached from the plans index and the
    registry, because a nav entry each would repeat every plan on every page. So is
    ``OFF_MENU_PAGES``: a menu entry would link residents to a list meant for staff.
    """
    site = load_site()
    problems: list[Problem] = []
    listed = set(site.nav_files)
    for lang in pageset.languages:
        for rel, page in pageset.of(lang).items():
            off_menu = (rel.startswith("amendments/") or (rel.startswith("plans/") and "plan" in page.meta)
                        or rel in OFF_MENU_PAGES)  # not_in_nav
            if rel not in listed and not off_menu:
                problems.append(Problem(page.name, "", "is not listed in the nav of mkdocs.yml", 1,
                                        "mkdocs.yml の nav に載っていません。nav に加えてください。"))
    original = pageset.languages[0]
    for rel in site.nav_files:
        if not pageset.exists(original, rel):
            problems.append(Problem("mkdocs.yml", "nav", f"lists {rel}, which does not exist in docs/{original}/", None,
                                    f"に {rel} がありますが、docs/{original}/ にそのファイルがありません。"))
    return problems


def check_headings(pageset: PageSet) -> list[Problem]:
    """Headings carry explicit ids, and a translation has the original's ids in the same order.

    Links, anchors and the language switcher depend on those ids; a section missing
    from a translation shows up here as a missing id.
    """
    problems: list[Problem] = []
    for lang in pageset.languages:
        for page in pageset.of(lang).values():
            first_line: dict[str, int] = {}
            for heading in headings(page.body):
                line = page.body_line + page.body[:heading.start].count("\n")
                if heading.level > 1 and heading.id is None:
                    problems.append(Problem(page.name, "heading", f"{heading.line!r} has no explicit id such as {{ #section-name }}",
                                            line, f"{heading.line!r} に {{ #section-name }} のような id を付けてください。"))
                elif heading.id in first_line:  # the second heading could never be linked to
                    problems.append(duplicate_id(page.name, heading.id, first_line[heading.id], line))
                elif heading.id:
                    first_line[heading.id] = line
    original, *translations = pageset.languages
    for lang in translations:
        for rel, translated in pageset.of(lang).items():
            source = pageset.of(original).get(rel)
            if not source or translation_behind(source.meta, translated.meta) is not False:
                continue  # a translation of an earlier version has that version's sections
            wanted, found = heading_ids(source.body), heading_ids(translated.body)
            if wanted != found:
                missing = [i for i in wanted if i not in found]
                extra = [i for i in found if i not in wanted]
                details = [f"missing {', '.join('#' + i for i in missing)}"] if missing else []
                details += [f"not in the original: {', '.join('#' + i for i in extra)}"] if extra else []
                problems.append(Problem(translated.name, "headings",
                                        f"do not match {source.name} ({'; '.join(details) or 'same ids in a different order'})",
                                        None, f"が原文 {source.name} と合いません（{'; '.join(details) or '順序が違います'}）。見出しと id を原文に合わせてください。"))
    return problems


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def check_history(pageset: PageSet) -> list[Problem]:
    """The revision history ends at the page's version, climbs, and is the same in every language."""
    problems: list[Problem] = []
    for lang in pageset.languages:
        for page in pageset.of(lang).values():
            history = page.meta.get("history")
            if not isinstance(history, list) or not all(isinstance(e, dict) and isinstance(e.get("version"), str) for e in history):
                continue  # shape problems are reported by the schema
            versions = [e["version"] for e in history]
            if versions and versions[-1] != page.meta.get("version"):
                problems.append(Problem(page.name, "history",
                                        f"ends at version {versions[-1]!r} but the page is at {page.meta.get('version')!r}: "
                                        "add an entry for the current version", page.line_of(("history",)),
                                        f"の最後が版 {versions[-1]!r} ですが、ページは {page.meta.get('version')!r} です。現在の版の項目を加えてください。"))
            try:
                keys = [_version_key(v) for v in versions]
            except ValueError:
                continue
            if any(later <= earlier for earlier, later in zip(keys, keys[1:])):
                problems.append(Problem(page.name, "history", f"versions must rise from oldest to newest, found {versions}",
                                        page.line_of(("history",)), f"の版番号は古い順に大きくなるように並べてください（現在 {versions}）。"))
    original, *translations = pageset.languages
    for lang in translations:
        for rel, translated in pageset.of(lang).items():
            source = pageset.of(original).get(rel)
            if not source or not isinstance(source.meta.get("history"), list) or not isinstance(translated.meta.get("history"), list):
                continue
            rows = [{e.get("version"): e.get("date") for e in page.meta["history"] if isinstance(e, dict)}
                    for page in (source, translated)]
            # The translation's rows are the original's rows up to the version it translates.
            if any(version not in rows[0] or rows[0][version] != date for version, date in rows[1].items()):
                problems.append(Problem(translated.name, "history",
                                        f"versions and dates differ from the original {source.name}: each row must have "
                                        "the version and date of the original's row",
                                        translated.line_of(("history",)),
                                        f"の版と日付が原文 {source.name} と違います。原文の同じ版の行と同じ版・日付にしてください。"))
    return problems
