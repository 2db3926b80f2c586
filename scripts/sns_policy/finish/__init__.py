"""Finishing the HTML, and the files made from finished pages.

Owns what happens once Markdown has become HTML: the head's sharing tags (``sharing``), small CSS and
JS inlined (``inline_assets``), Material's navigation markup made valid (``nav_markup``), Japanese
words marked in other languages (``language_of_parts``), named checklist boxes (``tasklist``), theme
templates compiled once (``template_cache``). The checks that read the built site
are the tests' (``tests/linkcheck.py``): the build never ran them.

May import: the base modules, ``sns_policy.sources``, ``sns_policy.content``, ``sns_policy.history`` and this package.
"""
