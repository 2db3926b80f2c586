"""Incident playbooks: what staff do, step by step, when something goes wrong, and the card they print.

Owns: which pages are playbooks and the policy page they point into (``model``), the rules a
playbook keeps: its schema, a first response within its severity's target, roles and policy sections
that exist, the sections every playbook has, facts that agree in every language (``checks``), and
the parts of pages made from them: a playbook's box and the quick-reference card (``render``).

Offers: ``model.playbooks_of`` (read by ``content/routes.py``, the order of calls after hours);
``checks.check_playbooks`` (listed by ``pipeline/validate.py``); ``render.playbook_box`` and
``render.quick_reference`` (called by ``pipeline/compose.py``).

Rooms: model, checks, render.

May import: the base modules, ``sns_policy.sources``, ``content``, ``history`` and ``finish``, and this
package (``model`` only the base modules and ``sources``).
"""
