"""Search from the header of any page, narrow by type, open a result; usable at a phone's width."""

import re

import pytest
from playwright.sync_api import expect

from projects.models import PilotAction

pytestmark = pytest.mark.browser


def test_search_from_the_header_and_open_a_result(page, site):
    pilot_action = PilotAction.objects.public().filter(summary__icontains="flood").order_by("title").first()
    assert pilot_action is not None, "the programme has a public pilot action about floods"
    page.goto("/webinars/")
    header_search = page.get_by_role("search", name="Site search")
    header_search.get_by_label("Search the portal").fill("floods")
    header_search.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search/\?q=floods"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_role("heading", name=re.compile(r"results? for “floods”"))).to_be_visible()
    results = page.locator(".search-result")
    expect(results.first.locator("mark").first).to_be_visible()
    assert results.count() >= 1

    by_type = page.get_by_role("navigation", name="Results by type")
    by_type.get_by_role("link", name=re.compile(r"^Pilot actions \(\d+\)$")).click()
    expect(by_type.locator('[aria-current="page"]')).to_have_text(re.compile(r"^Pilot actions"))
    expect(page.locator(".search-result__type").first).to_have_text(re.compile("pilot action", re.I))

    link = page.get_by_role("link", name=pilot_action.title)
    link.click()
    expect(page).to_have_url(re.compile(re.escape(pilot_action.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(pilot_action.title)


def test_header_search_fits_a_phone(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto("/")
        box = page.get_by_label("Search the portal").bounding_box()
        button = page.get_by_role("search", name="Site search").get_by_role("button").bounding_box()
        assert box["width"] >= 120
        assert button["x"] + button["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_label("Search the portal").fill("Słubice <b>")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name=re.compile("result"))).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
