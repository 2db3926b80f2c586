"""Material's markup corrected for IBM Equal Access (scripts/sns_policy/finish/nav_markup.py, tasklist.py).

Small pieces of what Material writes, each with the correction it must get; the browser tests
(tests/browser/test_every_page.py) run the engine itself on every built page.
"""
from __future__ import annotations

from sns_policy.finish import nav_markup, tasklist

ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M0"/></svg>'


def test_state_toggles_leave_the_tab_order_and_the_accessibility_tree() -> None:
    html = nav_markup.conform('<html lang="ja"><input class="md-nav__toggle md-toggle " type="checkbox" id="__nav_2" checked>')
    assert '<input class="md-nav__toggle md-toggle " tabindex="-1" aria-hidden="true" type="checkbox" id="__nav_2" checked>' in html


def test_the_drawer_shade_is_no_label() -> None:
    html = nav_markup.conform('<html lang="ja"><body><label class="md-overlay" for="__drawer"></label>')
    assert "<label" not in html and '<div class="md-overlay" data-md-for="__drawer" aria-hidden="true"></div>' in html


def test_icons_are_hidden_and_an_icon_only_label_names_its_icon() -> None:
    html = nav_markup.conform('<html lang="en"><a class="md-top">' + ICON + "Back to top</a>"
                              '<label class="md-header__button md-icon" title="Switch to dark mode" for="__palette_1" hidden>\n  '
                              + ICON + "</label>")
    assert html.count('aria-hidden="true"') == 1
    assert 'viewBox="0 0 24 24" role="img" aria-label="Switch to dark mode">' in html


def test_scheme_radios_are_one_named_group_in_the_page_language() -> None:
    for lang in ("ja", "en"):
        html = nav_markup.conform(f'<html lang="{lang}"><form class="md-header__option" data-md-component="palette">'
                                  '<input class="md-option" type="radio" name="__palette" id="__palette_0"></form>')
        name = nav_markup.names(lang)["palette"]
        assert f'<div class="palette-group" role="radiogroup" aria-label="{name}"><input' in html and "</div></form>" in html


def test_a_section_whose_label_holds_only_an_arrow_is_named_by_its_title() -> None:
    html = nav_markup.conform(
        '<html lang="ja"><label class="md-nav__link " for="__nav_3" id="__nav_3_label">\n<span class="md-nav__icon md-icon"></span>\n</label>'
        '<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_3_label" aria-expanded="false">'
        '<label class="md-nav__title" for="__nav_3">\n<span class="md-nav__icon md-icon"></span>\nガイドライン\n</label>')
    assert '<span class="visually-hidden">ガイドライン</span>' in html
    assert 'aria-labelledby="__nav_3_title"' in html and 'id="__nav_3_title"' in html


def test_breadcrumbs_are_not_named_like_the_menu() -> None:
    html = nav_markup.conform('<html lang="en"><nav class="md-path" aria-label="Navigation" >')
    assert f'<nav class="md-path" aria-label="{nav_markup.names("en")["breadcrumbs"]}"' in html


def test_a_checklist_item_text_moves_into_its_label() -> None:
    item = ('<li class="task-list-item"><label class="task-list-control"><input type="checkbox"/>'
            '<span class="task-list-indicator"></span></label> Record the <a href="#t">time</a>.</li>')
    assert tasklist.name_checkboxes(item) == (
        '<li class="task-list-item"><label class="task-list-control"><input type="checkbox"/>'
        '<span class="task-list-indicator"></span> Record the <a href="#t">time</a>.</label></li>')


def test_a_checklist_label_that_cannot_take_the_text_names_the_box_instead() -> None:
    item = ('<li class="task-list-item"><label class="task-list-control"><input type="checkbox"/>'
            '<span class="task-list-indicator"></span> Record the time</li>')  # the label is never closed
    assert 'aria-label="Record the time"' in tasklist.name_checkboxes(item)


def test_a_set_of_content_tabs_is_a_group_named_by_its_heading() -> None:
    html = nav_markup.conform('<html lang="ja"><h3 id="holding">一次対応</h3><div class="tabbed-set tabbed-alternate" data-tabs="1:2">'
                              '<input id="__tabbed_1_1" name="__tabbed_1" type="radio" />')
    assert '<div class="tabbed-set tabbed-alternate" role="group" aria-labelledby="holding" data-tabs="1:2">' in html
