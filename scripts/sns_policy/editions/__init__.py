"""PDF editions of the operating policy and the staff guideline, in every language.

``mkdocs build`` (and so ``mkdocs serve`` and the deploy) prints each edition into
``pdf/<document>-<lang>.pdf`` of the site it builds, after every page is written, with Debian's
Chromium through Playwright, from the pages the build made, so the PDF says exactly what the site says.

Owns: which editions there are and the pages each is made of (``model``), the link a document page
shows and the HTML an edition is printed from, with its print stylesheet (``render``), printing,
the tagged and reproducible PDF and its cache (``build``), and printing into a built site (``cli``).

Offers: ``model.edition_of``, ``model.pdf_path``; ``render.link`` (called by ``pipeline/compose.py``);
``build.unavailable_reason`` (``pipeline/prepare.py``), ``build.write_pdfs`` (``pipeline/outputs.py``);
``python -m sns_policy.editions.cli SITE_DIR``.

Rooms: model, render, build, cli.

May import: the base modules, ``sns_policy.sources``, ``content``, ``history`` and ``finish``, and this
package (``model`` only the base modules and ``sources``; ``cli`` every package but ``plugin.py``).
"""
