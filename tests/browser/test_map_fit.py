"""The map's "Fit to results" in a real browser: it frames every match, also when none is in view, from the
GeoJSON's ``matches_bbox`` (its ``bbox`` frames only the features a response holds, as RFC 7946 says)."""

import pytest
from playwright.sync_api import expect

from projects.models import PilotAction
from tests.browser.test_map import MARKERS, represented

pytestmark = pytest.mark.browser


def test_fit_to_results_frames_every_match_from_a_view_without_any(page, site, page_errors):
    public = PilotAction.objects.public().count()
    page.goto("/map/")
    expect(page.locator(MARKERS).first).to_be_visible()
    assert represented(page) == public

    # Dragged far north of every pilot action: the responses hold no feature, so no bbox.
    box = page.locator("#pilot-action-map").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + 20
    for _drag in range(4):
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x, y + box["height"] - 40, steps=5)
        page.mouse.up()
    expect(page.locator(MARKERS)).to_have_count(0)

    fit = page.locator("#fit-to-results")
    expect(fit).to_be_visible()
    fit.click()
    expect(page.locator(MARKERS)).to_have_count(public)  # so few that each is its own marker, none clustered
    assert represented(page) == public
    assert page_errors == []
