"""History: what git knows about the sources, and everything the site derives from it.

Owns every read of git: commits and old texts (``gitinfo``), which text is version X of a document
(``versions``), which translations lag their original (``translations``), the last-updated line
(``lastupdated``), the date the registry is "as of" (``asof``) and each page's date in the sitemap
(``reproducible``). Dates come from commits, never from the clock, so two builds of one commit are
the same; without history, pages say a date is unknown. The 新旧対照表 and the revision history
made from these are the capability package ``sns_policy.amendments``.

May import: the base modules, ``sns_policy.sources``, ``sns_policy.content`` and this package.
"""
