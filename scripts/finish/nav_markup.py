"""Material's navigation markup made valid HTML, with the same behaviour.

The Nu HTML Checker (tests/test_html_validity.py) finds three patterns in what Material 9
writes on every page; each is corrected here, once, after Material has written the page:

- ``<label … tabindex="">``: a section's toggle gets an empty tabindex (Material sets it only
  for collapsible items). An empty value is invalid and browsers ignore it, so the attribute
  is dropped: the label behaves exactly as before (not focusable by itself).
- ``<input type="checkbox" … autocomplete="off">`` (the drawer and search toggles):
  ``autocomplete`` is not allowed on a checkbox. Material uses it so that Firefox does not
  restore an open drawer or search when a reader goes back. The same switch is valid on a
  form, and applies to every control the form owns, so the toggles are given an empty, hidden
  form that says ``autocomplete="off"`` (through the ``form`` attribute; they stay where
  they are and are never submitted).
- ``<label class="md-nav__title" for="__toc">`` on a page that has no ``__toc`` toggle (a
  section's index page): the label points at nothing, so clicking it did nothing. Without
  ``for`` it is still the table of contents' title and still does nothing.
"""
from __future__ import annotations

import re

FORM_ID = "__toggles"
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?) tabindex=""')
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?) autocomplete="off"')
_TOC_TITLE = '<label class="md-nav__title" for="__toc">'


def conform(html: str) -> str:
    """``html`` (one page as Material wrote it) without the three invalid patterns."""
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    html, toggles = _CHECKBOX_AUTOCOMPLETE.subn(rf'\1 form="{FORM_ID}"', html)
    if toggles:
        first = re.search(rf'<input\b[^>]*\bform="{FORM_ID}"', html)
        assert first is not None  # just written above
        form = f'<form id="{FORM_ID}" autocomplete="off" hidden></form>\n'
        html = html[:first.start()] + form + html[first.start():]
    if 'id="__toc"' not in html:
        html = html.replace(_TOC_TITLE, '<label class="md-nav__title">')
    return html
