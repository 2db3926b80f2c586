"""The accessibility report: the statement's test results, the 達成基準チェックリスト, and the data behind them.

Owns: the criteria (the engine's ``data/wcag-criteria.yml``), what testers found by hand and the
browser engines' last recorded run, read into values, with each criterion's status and the site's
対応度 decided once (``model``); the refusal of a wrong hand-recorded entry (``checks``); the
statement's 試験結果 in the form Japanese public bodies publish and the testers' checklist page
(``render``); recording the latest browser run as the committed results (``cli``).

Offers: ``model.load``, ``model.engine_rules_off`` (read by the browser tests too);
``checks.check_manual`` (listed by ``pipeline/validate.py``); ``render.accessibility_results`` and
``render.checklist`` (called by ``pipeline/compose.py``); ``python -m sns_policy.a11y.cli record``.

Rooms: model, checks, render, cli.

May import: the base modules, ``sns_policy.sources``, ``content``, ``history`` and ``finish``, and this
package (``model`` only the base modules and ``sources``; ``cli`` every package but ``plugin.py``).
"""
