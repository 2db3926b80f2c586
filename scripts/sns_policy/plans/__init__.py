"""Activity plans (活用方針), from the page an editor files to the registry citizens check.

Owns: which pages are plans and the names of their files (``model``), the rules a plan must keep
(``checks``), the parts of pages made from plans: the plan box, the registry, the paper plan form
and the link to a form's editable copy (``render``), the files the build writes: the registry as
open data and a form's .docx (``build``), and the commands: a new plan's skeleton, a plan made from
a GitHub issue, the issue form made from the schema (``cli``). The plan's front-matter schema is
``scripts/sns_policy/schemas/plan.schema.json``, named once in ``model.SCHEMA``.

Offers: ``model.plans_of``; ``checks.check_plans`` (listed by ``pipeline/validate.py``);
``render.registry_rows``, ``plan_details``, ``plans_back_link``, ``registry_summary``,
``registry_table``, ``plan_form``, ``download_link`` (called by ``pipeline/compose.py``);
``build.write`` and ``build.write_docx`` (called by ``pipeline/outputs.py`` and ``pipeline/finalize.py``);
``python -m sns_policy.plans.cli.new_plan``, ``…plan_request``, ``…issue_forms``.

Rooms: model, checks, render, build, cli.

May import: the base modules, ``sns_policy.sources``, ``content``, ``history`` and ``finish``, and this
package (``model`` only the base modules and ``sources``; ``cli`` every package but ``plugin.py``).
"""
