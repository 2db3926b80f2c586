"""Reading and refusing sources: what an editor wrote, read once and checked before anything is made of it.

Owns the one reader of a page (``frontmatter``), the set of pages and their pairing across languages
(``pages``), the contracts in ``scripts/sns_policy/schemas/`` (``schema``), headings and their ids
(``markdown_ids``), and every check that refuses a source with a message naming the file and the
line: personal data, wording of provenance, dates, snippet includes, the HTML allow-list, links to
files of the repository, limits on a page's shape, and the guard that turns any failure into such a
message. Nothing here writes a page or reads git.

May import: the base modules at the top of ``scripts/`` (site, problems, datafiles, dates) and this package.
"""
