"""The PDF editions the site has, the pages each is made of, and where each is published.

The policy is one page; the guideline is every page of its menu section, in menu order (``mkdocs.yml``).
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml

from sns_policy.site import _ConfigLoader, config_file, load_site

FOLDER = "pdf"


@dataclass(frozen=True)
class Edition:
    """One printed document: its name in file names and the pages it is made of, in order."""

    name: str
    pages: tuple[str, ...]


def editions() -> list[Edition]:
    """The policy (one page) and the guideline (every page of its menu section, in menu order)."""
    nav = load_site().nav_files
    return [Edition("policy", ("policy.md",)),
            Edition("guideline", tuple(f for f in nav if f.startswith("guideline/")))]


def section_title(rel: str, lang: str) -> str | None:
    """The menu title of the nav section holding ``rel`` in ``lang`` (mkdocs.yml), for a multi-page edition."""
    config = yaml.load(config_file().read_text(encoding="utf-8"), Loader=_ConfigLoader)  # the site being built, not the engine's folder
    translations: dict[str, str] = {}
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"].get("languages", []):
                if language.get("locale") == lang:
                    translations = language.get("nav_translations") or {}
    for item in config.get("nav", []):
        if isinstance(item, dict):
            for name, children in item.items():
                if isinstance(children, list) and rel in children:
                    return translations.get(name, name)
    return None


def pdf_path(edition: str, lang: str) -> str:
    """Where an edition is published, inside the built site."""
    return f"{FOLDER}/{edition}-{lang}.pdf"


def edition_of(rel: str) -> str | None:
    """The edition a page belongs to (so its page can link the PDF), if any."""
    return next((e.name for e in editions() if rel in e.pages), None)
