"""The 新旧対照表 and the revision history: what each revision of a document changed, and when.

Owns: where each comparison is published and every revision of every document, read from the
``history`` entries of front matter (``model``); the comparison itself, in the form Japanese public
bodies publish (both texts rendered as readers read them, aligned by section, changed passages
underlined), each document's own revision table and the site-wide 改定履歴 page (``render``); every
comparison the history calls for, made from git and kept by its inputs, and the revision history as
an Atom feed (``build``); a comparison printed as text (``cli``).

Offers: ``model.page_path``, ``model.FOLDER``, ``model.links_for``, ``model.lang_prefix`` (read by
``history/translations.py`` and the pipeline); ``render.MarkdownSettings``, ``render.comparison``,
``render.as_text``, ``render.revision_history``, ``render.history_page``, ``render.head_link``;
``build.generate`` (``pipeline/prepare.py``), ``build.atom_feed`` (``pipeline/outputs.py``);
``python -m sns_policy.amendments.cli docs/ja/policy.md``.

Rooms: model, render, build, cli.

May import: the base modules, ``sns_policy.sources``, ``content``, ``history`` and ``finish``, and this
package (``model`` only the base modules and ``sources``; ``cli`` every package but ``plugin.py``).
"""
