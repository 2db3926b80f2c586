"""The plugin's options, as a site writes them under ``plugins: - sns-policy:`` in its ``mkdocs.yml``.

MkDocs' own config classes check them, so a misspelt option fails the build with MkDocs' message.
"""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PolicySiteConfig(base.Config):
    """Where the site keeps its own data (roles, routes, words, …), relative to ``mkdocs.yml``."""

    data_dir = c.Type(str, default="scripts/data")
