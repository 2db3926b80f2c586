"""History: what git knows about the sources, and everything the site derives from it.

Owns every read of git: commits and old texts (``gitinfo``), which text is version X of a document
(``versions``), the 新旧対照表 (``amendments``), the site-wide revision history and Atom feeds
(``revisions``), which translations lag their original (``translations``), the last-updated line
(``lastupdated``), the date the registry is "as of" (``asof``) and each page's date in the sitemap
(``reproducible``). Dates come from commits, never from the clock, so two builds of one commit are
the same; without history, pages say a date is unknown.

May import: the base modules, ``sns_policy.sources``, ``sns_policy.content`` and this package.
"""
