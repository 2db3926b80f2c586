"""What pages say, derived from data: rules, routes, statements and the generic page parts made of them.

Owns the rules, routes and facts to confirm that ``scripts/data/`` states once (``rules``, ``routes``,
``confirm``), the statement templates (``statements``), and the generic Markdown parts of a page
(``render``: document header, translation notice, contents, the city website's reference, and the
small helpers every capability's parts use). Each function turns data into text; none reads git. A capability's own parts stand in its package (``sns_policy.plans``
and the others of ``sns_policy.CAPABILITIES``).

May import: the base modules, ``sns_policy.sources`` and this package.
"""
