"""The plugin's options, as a site writes them under ``plugins: - sns-policy:`` in its ``mkdocs.yml``.

MkDocs' own config classes check them, so a misspelt or missing option fails the build with MkDocs'
message. The tools that run without MkDocs (``python -m sns_policy.pipeline.validate``, the commands)
read the same options from the file (``sns_policy.site``); each default is written here once, for both.
Everything that names one municipality (its names, its website, its data) is an option or the site's
data, never the engine's code (``tests/test_engine_is_generic.py``).
"""
from __future__ import annotations

import re
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

# The plugin's name under ``plugins:`` (pyproject.toml's entry point), as the tools look it up in mkdocs.yml.
PLUGIN_NAME = "sns-policy"
# Where a site keeps its own data when mkdocs.yml names no folder, relative to mkdocs.yml.
DATA_DIR = "scripts/data"
# A name in files and open data: lower-case ASCII words joined by hyphens (kita-town).
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Slug(c.Type):
    """A string that can stand in a file or data set name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        if not SLUG.fullmatch(value):
            raise c.ValidationError(f"{value!r} is not a slug: write lower-case letters, digits and hyphens (kita-town)")
        return value


class CityConfig(base.Config):
    """The municipality's name in each language, as pages and open data write it, and as a slug."""

    ja = c.Type(str)
    en = c.Type(str)
    slug = Slug()


class PolicySiteConfig(base.Config):
    """Where the site keeps its own data (roles, routes, words, …), relative to ``mkdocs.yml``; the
    municipality's names; its official website (pages link it as ``[text][city-website]``, the footer too)."""

    data_dir = c.Dir(exists=True, default=DATA_DIR)  # relative to mkdocs.yml; a folder that is not there stops the build
    city = c.SubConfig(CityConfig)
    website = c.URL()
