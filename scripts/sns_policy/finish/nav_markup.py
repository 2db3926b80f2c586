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

A second engine, IBM Equal Access (tests/browser/audit.py), reads the same markup more strictly
(issue 31); what it found is corrected here too, keeping Material's behaviour and look:

- Material keeps the state of the menu, search and navigation sections in checkboxes hidden
  with ``display: none`` and opens them through ``<label for>``: a label of a control that is
  not rendered relates nothing (``label_ref_valid``). The toggles are hidden the way Material
  hides its own scheme radios instead (extra.css ``.md-toggle``: rendered, zero-sized,
  transparent), and taken out of the Tab order and the accessibility tree: they hold state,
  the visible buttons and links are what a reader uses.
- The drawer's shade was a second, empty label of the drawer toggle (``label_content_exists``,
  ``form_label_unique``); it becomes a plain box that extra.js closes the drawer with.
- A label that only holds an icon (the scheme switch) has that icon named by the label's title
  (the Nu HTML Checker refuses ``aria-label`` on the label itself).
- The scheme radios are one group (``input_checkboxes_grouped``); the group is laid out as if
  it were not there (extra.css ``.palette-group``).
- Material's icons are pictures inside controls that are named already: hidden from assistive
  technology (``svg_graphics_labelled``).
- A section of the menu whose index is a page of its own shows its title as that page's link;
  the label that opens the section then holds only an arrow, and the section's list, named by
  that label, had no name (``aria_navigation_label_unique``). The list is named by the section's
  title at its top instead, and the label says that title in text that is not shown.
- The radio buttons of a set of content tabs (pymdownx.tabbed) are one group
  (``input_checkboxes_grouped``), named by the heading the set stands under
  (``fieldset_label_valid``).
- The breadcrumb trail is named for what it is, not "navigation" like the menu
  (``aria_navigation_label_unique``).
"""
from __future__ import annotations

import re

from sns_policy.content.words import labels

FORM_ID = "__toggles"
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?) tabindex=""')
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?) autocomplete="off"')
_TOC_TITLE = '<label class="md-nav__title" for="__toc">'
_TOGGLE = re.compile(r'<input class="([^"]*\bmd-toggle\b[^"]*)"')
_DRAWER_SHADE = '<label class="md-overlay" for="__drawer"></label>'
_ICON_LABEL = re.compile(r'(<label class="md-header__button md-icon" title="([^"]*)"[^>]*>\s*<svg xmlns="http://www.w3.org/2000/svg" viewBox="[0-9 .]+")>')
_ICON = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="[0-9 .]+">')
_PALETTE = re.compile(r'(<form class="md-header__option" data-md-component="palette">)(.*?)(</form>)', re.S)
_BREADCRUMBS = re.compile(r'<nav class="md-path" aria-label="[^"]*"')
_SECTION_TITLE = re.compile(r'<label class="md-nav__title" for="(__nav_[0-9_]+)">')
_SECTION_NAMED_BY = re.compile(r'(<nav class="md-nav" data-md-level="[0-9]+") aria-labelledby="(__nav_[0-9_]+)_label"')
_ARROW_ONLY = re.compile(r'(<label class="md-nav__link ?" for="(__nav_[0-9_]+)" id="__nav_[0-9_]+_label">\s*<span class="md-nav__icon md-icon"></span>)(\s*</label>)')
_TITLE_TEXT = re.compile(r'<label class="md-nav__title" for="(__nav_[0-9_]+)"[^>]*>\s*<span class="md-nav__icon md-icon"></span>\s*([^<]*?)\s*</label>')
_TABBED_SET = re.compile(r'<div class="tabbed-set\b([^"]*)"')
_HEADING_ID = re.compile(r'<h[1-6] id="([^"]+)"')
_LANG = re.compile(r'<html lang="([^"]+)"')


def names(lang: str) -> dict[str, str]:
    """The names of the scheme radios and the breadcrumb trail in ``lang`` (labels.yml ``nav_names``; English otherwise)."""
    words = labels()
    return (words.get(lang) or words["en"])["nav_names"]


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
    return _for_assistive_technology(html)


def _for_assistive_technology(html: str) -> str:
    """``html`` with the corrections IBM Equal Access asks for (see the module's docstring)."""
    lang = _LANG.search(html)
    words = names(lang.group(1) if lang else "")
    html = _SECTION_TITLE.sub(r'<label class="md-nav__title" for="\1" id="\1_title">', html)
    html = _SECTION_NAMED_BY.sub(r'\1 aria-labelledby="\2_title"', html)
    titles = dict(_TITLE_TEXT.findall(html))
    html = _ARROW_ONLY.sub(lambda m: f'{m.group(1)}<span class="visually-hidden">{titles[m.group(2)]}</span>{m.group(3)}'
                           if titles.get(m.group(2)) else m.group(0), html)
    html = _TOGGLE.sub(r'<input class="\1" tabindex="-1" aria-hidden="true"', html)
    html = html.replace(_DRAWER_SHADE, '<div class="md-overlay" data-md-for="__drawer" aria-hidden="true"></div>')
    html = _ICON_LABEL.sub(r'\1 role="img" aria-label="\2">', html)
    html = _ICON.sub(lambda m: m.group(0)[:-1] + ' aria-hidden="true">', html)
    html = _PALETTE.sub(lambda m: f'{m.group(1)}<div class="palette-group" role="radiogroup" aria-label="{words["palette"]}">'
                                  f'{m.group(2)}</div>{m.group(3)}', html)
    html = _TABBED_SET.sub(lambda m: _tab_group(html, m), html)
    return _BREADCRUMBS.sub(f'<nav class="md-path" aria-label="{words["breadcrumbs"]}"', html)


def _tab_group(html: str, match: re.Match[str]) -> str:
    """A set of content tabs' opening tag as a group, named by the last heading before it (if any)."""
    headings = _HEADING_ID.findall(html, 0, match.start())
    named = f' aria-labelledby="{headings[-1]}"' if headings else ""
    return f'<div class="tabbed-set{match.group(1)}" role="group"{named}'
