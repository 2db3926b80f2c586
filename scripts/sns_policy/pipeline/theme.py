"""The engine's own theme files come from the installed package, not from each site's repository.

Every site built with the engine needs the same changes to Material: the head's sharing tags, the
accessible header, search and footer, the 404 page that finds its language, the reused page of
``mkdocs serve``, and our small CSS and JS. They live in ``scripts/sns_policy/theme/`` and ship with
the package, so a municipality that installs the plugin has them without copying a file; its own
``theme.custom_dir`` (``overrides/`` in this repository) keeps only what is its own, such as its sharing
picture, and may still replace any file of ours.

MkDocs looks for a template or a theme file in ``config.theme.dirs``, first folder first: the site's
``custom_dir``, then the theme's own (Material's), then MkDocs' templates. A plugin adds a folder to that
list in ``on_config``, as MkDocs' own search plugin adds its templates (``mkdocs/contrib/search``) and
mkdocs-static-i18n its sitemap. Ours goes just before Material's folder: after the site's own, before
the theme we change. The same list serves templates (Jinja's loader), the files MkDocs copies into the
site (``Files`` from the theme) and the files ``mkdocs serve`` watches.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import get_theme_dir

# The engine's theme folder, inside the package wherever it is installed.
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
# Files of the engine's theme a site is expected to replace with its own (in its custom_dir): the picture shown
# with a shared link (finish/sharing.py), 1200×630. The engine's names no municipality.
SITE_OWN = ("assets/images/og-image.png",)


def install(config: MkDocsConfig) -> None:
    """Put the engine's theme folder on this build's theme search path, once, just before the theme's own folder."""
    dirs: list[str] = config.theme.dirs
    ours = str(THEME_DIR)
    if ours in dirs:  # mkdocs-static-i18n builds each other language with the same theme object
        return
    dirs.insert(_before_theme(dirs, config.theme.name, config.theme.custom_dir), ours)


def _before_theme(dirs: list[str], name: str | None, custom_dir: str | None) -> int:
    """Where in ``dirs`` the theme's own folder is (Material's); without one, right after the site's ``custom_dir``."""
    if name:
        own = get_theme_dir(name)
        if own in dirs:
            return dirs.index(own)
    return dirs.index(custom_dir) + 1 if custom_dir in dirs else 0


def template_file(name: str, config: MkDocsConfig) -> Path:
    """The file a template ``name`` is read from: the first theme folder that has it (for messages that name it)."""
    for folder in config.theme.dirs:
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    return Path(name)
