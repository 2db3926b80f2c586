"""Facts about the site read from ``mkdocs.yml``, so no other file repeats them.

The languages, the default language, the docs folder and the site's data folder (the plugin's
``data_dir`` option) are configured once, in ``mkdocs.yml``; validators, tests and commands derive
them from here, at call time: a build or a test may point the tools at another ``mkdocs.yml``
(:func:`use_config`), and with it at another town's data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sns_policy import kept
from sns_policy.config import DATA_DIR, PLUGIN_NAME

# The site's own folder: where its mkdocs.yml is, which is where MkDocs and every command run. Never the
# engine's folder: the engine is installed, and one engine serves many sites (and clones of one site).
ROOT = Path.cwd().resolve()
SCHEMAS = Path(__file__).resolve().parent / "schemas"
# Data every town shares (the WCAG success criteria), read from the engine's own package, never from a site.
ENGINE_DATA = Path(__file__).resolve().parent / "data"


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml's parser when there
    """Reads mkdocs.yml without resolving MkDocs-specific tags such as ``!ENV``."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV [NAME, default]`` → the default: we only need structure, not secrets."""
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if values else None
    return None


_ConfigLoader.add_constructor("!ENV", _env_tag)


@dataclass(frozen=True)
class Site:
    """The parts of the MkDocs configuration our tools depend on."""

    docs_dir: Path
    languages: tuple[str, ...]
    default_language: str
    nav_files: tuple[str, ...]
    # The ``markdown_extensions`` list as written, so the validator renders as the build does.
    markdown_extensions: tuple[Any, ...] = ()
    root: Path = ROOT
    # The site's own data (roles, routes, words …): the plugin's ``data_dir``, relative to mkdocs.yml.
    data_dir: Path = ROOT / DATA_DIR
    # The municipality (the plugin's ``city``: ``ja``, ``en``, ``slug``) and its official website.
    city: dict[str, str] = field(default_factory=dict)
    website: str = ""
    site_name: str = ""

    def lang_dir(self, lang: str) -> Path:
        """Folder holding the pages of one language (``docs/ja``, ``docs/en``)."""
        return self.docs_dir / lang


def _flatten_nav(nav: Any) -> list[str]:
    """File paths listed in ``nav``, in order, ignoring section titles."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [f for item in nav for f in _flatten_nav(item)]
    if isinstance(nav, dict):
        return [f for value in nav.values() for f in _flatten_nav(value)]
    return []


_config_file: Path = ROOT / "mkdocs.yml"


def use_config(config_file: Path) -> None:
    """Make ``config_file`` the configuration every tool reads (the build passes its own)."""
    global _config_file
    _config_file = Path(config_file).resolve()


def config_file() -> Path:
    """The mkdocs.yml in use."""
    return _config_file


def load_site(config_file: Path | None = None) -> Site:
    """What the tools need from ``mkdocs.yml``, re-read whenever the file changes.

    ``mkdocs serve`` keeps this process alive across edits, so a cache keyed only on
    the path would keep serving an old nav; a text it has parsed before is not parsed again.
    """
    path = Path(config_file or _config_file)
    stat = path.stat()
    return _read_site(path, stat.st_mtime_ns, stat.st_size)


@kept.memo(8, per_build=True)
def _read_site(config_file: Path, mtime_ns: int, size: int) -> Site:
    """Read one version of ``mkdocs.yml`` (forgotten before every build: a per-build memo, ``kept.forget_between_builds``)."""
    return _parse_site(config_file, config_file.read_text(encoding="utf-8"))


@kept.memo(8, per_build=False)
def _parse_site(config_file: Path, text: str) -> Site:
    """Parse one text of ``mkdocs.yml``."""
    config = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - a safe loader
    i18n: dict[str, Any] = {}
    ours: dict[str, Any] = {}
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            i18n = plugin["i18n"]
        if isinstance(plugin, dict) and isinstance(plugin.get(PLUGIN_NAME), dict):
            ours = plugin[PLUGIN_NAME]
    languages = tuple(lang["locale"] for lang in i18n.get("languages", []))
    default = next(
        (lang["locale"] for lang in i18n.get("languages", []) if lang.get("default")),
        languages[0] if languages else "ja",
    )
    return Site(
        docs_dir=config_file.parent / config.get("docs_dir", "docs"),
        languages=languages,
        default_language=default,
        nav_files=tuple(_flatten_nav(config.get("nav", []))),
        markdown_extensions=tuple(config.get("markdown_extensions", []) or []),
        root=config_file.parent,
        data_dir=config_file.parent / str(ours.get("data_dir") or DATA_DIR),
        city={key: str(value) for key, value in (ours.get("city") or {}).items()},
        website=str(ours.get("website") or ""),
        site_name=str(config.get("site_name") or ""),
    )


def data_dir() -> Path:
    """The data folder of the site in use, asked for at every read (never bound at import).

    Tests and builds switch sites with :func:`use_config`; a path kept from import time would
    keep reading the first site's data.
    """
    return load_site().data_dir


def city(lang: str) -> str:
    """The municipality's name in ``lang`` (``ja``, ``en``) or its ``slug``, as the site in use configures it."""
    return load_site().city.get(lang, "")
