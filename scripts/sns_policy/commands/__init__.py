"""Command-line tools the build never imports: ``python -m sns_policy.commands.<name>``.

The prose and glossary checks, the benchmark, the check of links to other websites, the
pull-request summary, a new site, and the comparison of two builds. A capability's own commands
stand in its package's ``cli`` room (``python -m sns_policy.plans.cli.new_plan``). A module the
build uses stays in its own package even when it has a ``main`` too (``pipeline.validate``,
``history.translations``).

May import: the base modules, every package (never ``plugin.py``), and this package. Nothing else imports a command.
"""
