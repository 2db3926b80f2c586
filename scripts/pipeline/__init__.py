"""The build's own steps, which need every package below: ``scripts/hooks.py`` calls them, one per event.

``validate`` runs every check on the sources (the build's first step, and ``python -m
scripts.pipeline.validate``).

May import: the base modules and every package but ``scripts.commands``.
"""
