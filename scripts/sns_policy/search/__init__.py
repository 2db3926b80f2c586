"""Search: one index per language, with the words people search for.

Owns: the words people use for the sections that answer them (``scripts/data/search-words.yml``) and
the glossary's plain variants, read into values (``model``); each language's own search index, split
from the one Material writes, with its lunr language and those words attached, and Material's search
pointed at it on translated pages (``build``). A section named in the words that the index does not
have stops the build.

Offers: ``model.location``, ``model.WORDS``; ``build.split_index``, ``build.language_config``
(called by ``pipeline/outputs.py``), ``build.localise_search_base`` (``pipeline/finalize.py``),
``build.attach``.

Rooms: model, build.

May import: the base modules, ``sns_policy.sources``, ``content``, ``history`` and ``finish``, and this
package (``model`` only the base modules and ``sources``).
"""
