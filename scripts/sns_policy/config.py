"""The plugin's options, as a site writes them under ``plugins: - sns-policy:`` in its ``mkdocs.yml``.

MkDocs' own config classes check them, so a misspelt option fails the build with MkDocs' message.
The tools that run without MkDocs (``python -m sns_policy.pipeline.validate``, the commands) read the
same options from the file (``sns_policy.site``); each default is written here once, for both.
"""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

# The plugin's name under ``plugins:`` (pyproject.toml's entry point), as the tools look it up in mkdocs.yml.
PLUGIN_NAME = "sns-policy"
# Where a site keeps its own data when mkdocs.yml names no folder, relative to mkdocs.yml.
DATA_DIR = "scripts/data"


class PolicySiteConfig(base.Config):
    """Where the site keeps its own data (roles, routes, words, …), relative to ``mkdocs.yml``."""

    data_dir = c.Type(str, default=DATA_DIR)
