"""What pages say, derived from data: rules, routes, statements and the generic page parts made of them.

Owns the rules, routes and facts to confirm that ``scripts/data/`` states once (``rules``, ``routes``,
``confirm``), the accessibility results and
checklist (``accessibility``, ``a11y_report``), and the Markdown parts of a page (``render``). Each
function turns data into text; none reads git.

May import: the base modules, ``sns_policy.sources`` and this package.
"""
