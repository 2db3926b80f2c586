"""Command-line tools the build never imports: ``python -m sns_policy.commands.<name>``.

The prose and glossary checks, the benchmark, the check of links to other websites, the issue form
and the plan request made from it, the new-plan scaffold, the pull-request summary, and the
comparison of two builds. A module the build uses stays in its own package even when it has a
``main`` too (``pipeline.validate``, ``history.amendments``, ``history.translations``,
``finish.pdf``, ``content.accessibility``).

May import: the base modules, every package (never ``plugin.py``), and this package. Nothing else imports a command.
"""
