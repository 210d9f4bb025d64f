"""The /map/ page in a real browser: markers, filters that change the map and the address, popups."""

import re

import pytest
from playwright.sync_api import expect

from projects.models import PilotAction
from tests.research import CONFIRMED, CONFIRMED_WITHOUT_PLACE, confirmed_in_group

pytestmark = pytest.mark.browser

MARKERS = "#pilot-action-map path.leaflet-interactive[role='button'], #pilot-action-map .cluster-icon"


def wait_for_markers(page, count):
    """Wait until the map shows ``count`` markers. (Not wait_for_function: the page's CSP forbids eval.)"""
    expect(page.locator(MARKERS)).to_have_count(count)


def represented(page):
    """How many pilot actions the markers stand for: a dot counts one, a cluster its number."""
    dots = page.locator("#pilot-action-map path.leaflet-interactive[role='button']").count()
    clusters = page.locator("#pilot-action-map .cluster-icon span").all_inner_texts()
    return dots + sum(int(text) for text in clusters)


def test_map_markers_filters_popup_and_back_button(page, site, page_errors):
    public = PilotAction.objects.public().count()
    page.goto("/map/")
    expect(page.locator(MARKERS).first).to_be_visible()
    assert represented(page) == public == len(CONFIRMED)

    # Filtering by group changes the markers, the result list and the address, without a reload.
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Thematic group").select_option("spatial-planning")
    expect(page).to_have_url(re.compile(r"/map/\?group=spatial-planning$"))
    planning = len(confirmed_in_group("spatial-planning"))
    expect(page.locator("#results-heading")).to_have_text(f"{planning} pilot actions")
    wait_for_markers(page, planning)
    assert represented(page) == planning

    page.get_by_label("Theme").select_option("transport")
    expect(page).to_have_url(re.compile(r"/map/\?group=spatial-planning&theme=transport$"))
    wait_for_markers(page, 1)
    expect(page.locator("#results-heading")).to_have_text("1 pilot action")
    assert page.evaluate("window.notReloaded") is True

    # The back button restores the previous filters, on the map and in the form.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/map/\?group=spatial-planning$"))
    wait_for_markers(page, planning)
    expect(page.get_by_label("Theme")).to_have_value("")

    # A marker opens a popup with the facts and a link that leads to the pilot action's page.
    page.get_by_label("Theme").select_option("transport")
    wait_for_markers(page, 1)
    page.locator("#pilot-action-map path.leaflet-interactive[role='button']").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Riviera Node Mobilities")
    expect(popup).to_contain_text("France – Italy")
    expect(popup).to_contain_text("Transport cooperation")
    popup.get_by_role("link").click()
    expect(page).to_have_url(f"{site}/pilot-actions/riviera-node-mobilities-challenges-for-planning/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Riviera Node Mobilities")
    assert page_errors == []


def test_border_lines_are_named_and_lead_to_their_page(page, site, page_errors):
    page.goto("/map/")
    line = page.locator("#pilot-action-map path[role='link'][aria-label='Bulgaria – Greece']")
    expect(line).to_have_count(1)
    line.focus()
    expect(page.locator(".leaflet-tooltip")).to_contain_text("Bulgaria – Greece")
    line.press("Enter")
    expect(page).to_have_url(f"{site}/borders/bulgaria-greece/")
    assert page_errors == []


def test_map_page_without_javascript_still_filters(browser, site):
    context = browser.new_context(base_url=site, java_script_enabled=False)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site) else route.abort())
    page = context.new_page()
    page.goto("/map/")
    page.get_by_label("Theme").select_option("floods")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/map/\?.*theme=floods"))
    expect(page.locator("#results-heading")).to_have_text("1 pilot action")
    expect(page.locator("#results")).to_contain_text("Enhancing flood and drought resilience along the river Drava")
    context.close()


BORDER_LABEL = "placed on its border: the exact place is not published"


@pytest.mark.parametrize("where", ["/map/", "detail"])
def test_a_pilot_action_without_a_place_is_a_hollow_marker_on_its_border_saying_so(page, site, page_errors, where):
    record = CONFIRMED_WITHOUT_PLACE[0]
    pilot_action = PilotAction.objects.get(title=record["title"])
    page.goto("/map/" if where == "/map/" else pilot_action.get_absolute_url())
    ring = page.locator("path.marker-on-border")
    expect(ring).to_have_count(1)
    assert ring.get_attribute("fill-opacity") == "0"  # hollow: not drawn like a town
    assert ring.get_attribute("stroke-dasharray")
    ring.hover(force=True)
    expect(page.locator(".leaflet-tooltip")).to_contain_text(BORDER_LABEL)
    if where == "/map/":
        assert BORDER_LABEL in ring.get_attribute("aria-label")
        ring.click(force=True)
        expect(page.locator(".leaflet-popup-content .map-location-note")).to_have_text(BORDER_LABEL)
    assert page_errors == []


BORDER_LINES_LOADED = "#pilot-action-map .leaflet-overlay-pane path.leaflet-interactive"


@pytest.mark.parametrize("where", ["/map/", "detail"])
def test_a_dot_on_a_border_line_is_what_a_pointer_reaches(page, site, where):
    """The dots are drawn above the border lines whichever of them loads first (their own pane): a ring on its
    border's label point lies on the line, and the pointer at its centre must reach the ring, not the line."""
    pilot_action = PilotAction.objects.get(title=CONFIRMED_WITHOUT_PLACE[0]["title"])
    page.goto("/map/" if where == "/map/" else pilot_action.get_absolute_url())
    ring = page.locator("path.marker-on-border")
    expect(ring).to_have_count(1)
    if where == "/map/":
        expect(page.locator(BORDER_LINES_LOADED).first).to_be_attached()
    page.wait_for_load_state("networkidle")  # the map redraws its markers once it has fitted its view
    reached = page.evaluate(
        """() => {
          const ring = document.querySelector("path.marker-on-border");
          ring.scrollIntoView({ block: "center" });
          const box = ring.getBoundingClientRect();
          return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2).getAttribute("class");
        }"""
    )
    assert "marker-on-border" in reached
