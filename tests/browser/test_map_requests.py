"""What the /map/ page asks the server for: each GeoJSON once on load, and for a filter change (or the back button)
one markers request and one request for the list part (/map/results/), never the whole page again."""

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_map import MARKERS
from tests.research import confirmed_in_group

pytestmark = pytest.mark.browser


class Requests:
    """The paths the page asks its own server for (fetches and documents), counted since the last ``take``."""

    def __init__(self, page, site):
        self.site, self.paths = site, []
        page.on("request", self.record)

    def record(self, request):
        if request.url.startswith(self.site) and request.resource_type in {"document", "fetch", "xhr"}:
            self.paths.append(urlsplit(request.url).path)

    def take(self):
        taken, self.paths = Counter(self.paths), []
        return taken


def settled(page):
    page.wait_for_load_state("networkidle")


def test_load_fetches_each_geojson_once_and_a_change_asks_for_the_markers_and_the_list_only(page, site, page_errors):
    requests = Requests(page, site)
    page.goto("/map/")
    expect(page.locator(MARKERS).first).to_be_visible()
    expect(page.locator("#pilot-action-map .leaflet-overlay-pane path").first).to_be_attached()
    settled(page)
    on_load = requests.take()
    geojson = {path: count for path, count in on_load.items() if path.endswith(".geojson")}
    assert geojson == {"/api/pilot-actions.geojson": 1, "/api/borders.geojson": 1, "/api/countries.geojson": 1}
    assert on_load["/map/"] == 1  # the document itself

    planning = len(confirmed_in_group("spatial-planning"))
    page.get_by_label("Thematic group").select_option("spatial-planning")
    expect(page).to_have_url(re.compile(r"/map/\?group=spatial-planning$"))
    expect(page.locator("#results-heading")).to_have_text(f"{planning} pilot actions")
    settled(page)
    assert requests.take() == Counter({"/api/pilot-actions.geojson": 1, "/map/results/": 1})

    page.go_back()
    expect(page).to_have_url(re.compile(r"/map/$"))
    expect(page.get_by_label("Thematic group")).to_have_value("")
    settled(page)
    assert requests.take() == Counter({"/api/pilot-actions.geojson": 1, "/map/results/": 1})
    assert page_errors == []


def test_the_list_and_its_counts_follow_a_change(page, site, page_errors):
    """The fragment's form brings the facet counts of the new filters into the page's selects."""
    page.goto("/map/")
    expect(page.locator(MARKERS).first).to_be_visible()
    theme = page.get_by_label("Theme")
    floods_before = theme.locator("option[value='floods']").inner_text()
    planning = len(confirmed_in_group("spatial-planning"))
    page.get_by_label("Thematic group").select_option("spatial-planning")
    expect(page.locator("#results-heading")).to_have_text(f"{planning} pilot actions")
    expect(theme.locator("option[value='floods']")).not_to_have_text(floods_before)
    expect(page.get_by_label("Thematic group")).to_have_value("spatial-planning")
    assert page_errors == []


ZOOM_ANIMATION_MS = 400


def test_zooming_in_swaps_the_country_shapes_for_finer_ones(page, site, page_errors):
    """Coarse shapes at the opening view, finer ones once zoomed in: swapped, not drawn over the coarse ones."""
    asked = []
    page.on("request", lambda request: "/api/countries.geojson" in request.url and asked.append(request.url))
    page.goto("/map/")
    expect(page.locator(MARKERS).first).to_be_visible()
    countries = page.locator("#pilot-action-map .leaflet-overlay-pane path:not(.leaflet-interactive)")
    expect(countries.first).to_be_attached()
    settled(page)
    assert len(asked) == 1 and "detail=low" in asked[0]
    shown = countries.count()
    for _zoom in range(5):
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(ZOOM_ANIMATION_MS)  # a click during the animation would be lost
    settled(page)
    assert len(asked) >= 2 and "detail=low" not in asked[-1]
    expect(countries).to_have_count(shown)
    assert page_errors == []
