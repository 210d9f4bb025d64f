"""Names and titles reach the maps' tooltips as text: markup in a title is shown, never rendered.

Titles come from applicants and imports; the maps build every label with textContent, not innerHTML
(Leaflet renders a string tooltip as HTML). The Content Security Policy would stop a script, but not
an image, a link or a forged button.
"""

import pytest
from playwright.sync_api import expect

from projects.models import PilotAction

pytestmark = pytest.mark.browser

MARKUP = '<img src="/static/x.png" class="injected"><b class="injected">bold</b>'


@pytest.fixture
def marked_up(site):
    """The one pilot action of spatial planning and transport, and its border, with markup in their names."""
    pilot_action = PilotAction.objects.public().located().get(group__slug="spatial-planning", themes__slug="transport")
    pilot_action.title = f"Riviera {MARKUP}"
    pilot_action.save()
    border = pilot_action.borders.exclude(line=None).first()
    border.name = f"Border {MARKUP}"
    border.save()
    return pilot_action, border


def tooltip_texts(page, paths):
    """The tooltips of ``paths`` (points and lines), each opened by pointing at it. (A mouseover event, as a thin
    line may not pass under the middle of its box, where a real hover would land.)"""
    for index in range(paths.count()):
        paths.nth(index).dispatch_event("mouseover")
    return page.locator(".leaflet-tooltip").all_inner_texts()


def test_the_maps_show_markup_in_names_as_text(page, marked_up, page_errors):
    pilot_action, border = marked_up
    page.goto("/map/?group=spatial-planning&theme=transport")
    dot = page.locator("#pilot-action-map path.leaflet-interactive[role='button']")
    expect(dot).to_have_count(1)
    dot.hover(force=True)
    expect(page.locator(".leaflet-tooltip")).to_have_text(str(pilot_action))

    line = page.locator(f"#pilot-action-map path[role='link'][aria-label='{border.name}']")
    line.focus()
    expect(page.locator(".leaflet-tooltip").last).to_have_text(border.name)
    assert page.locator("#pilot-action-map .injected").count() == 0

    # The small map of the pilot action's own page: its point and its border lines.
    page.goto(pilot_action.get_absolute_url())
    paths = page.locator(".small-map path.leaflet-interactive")
    expect(paths.first).to_be_attached()
    assert {str(pilot_action), border.name} <= set(tooltip_texts(page, paths))
    assert page.locator(".small-map .injected").count() == 0
    assert page_errors == []
