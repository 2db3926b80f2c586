"""The build's own steps, in the order MkDocs runs them: ``scripts/sns_policy/plugin.py`` calls one per event.

``validate`` runs every check on the sources (the build's first step, and ``python -m
sns_policy.pipeline.validate``); ``prepare`` readies a build: its configuration, its checked sources,
what it can publish, the generated 新旧対照表 as pages; ``page_source`` finds what a MkDocs page is
made from; ``compose`` makes one page's Markdown from its checked source; ``finalize`` finishes one
page's HTML; ``outputs`` writes what a build makes once, after every page. Here MkDocs' objects
(configuration, pages, files) are taken apart; the work itself is done in the packages below.

May import: the base modules and every package but ``sns_policy.commands``.
"""
