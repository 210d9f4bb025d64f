"""/statistics/ in a real browser: filtered through the list's form, a chart's table opened from its disclosure
and read against the data, the same at a phone's width, with no accessibility violation or script error."""

from collections import Counter

import pytest
from playwright.sync_api import expect

from projects.models import PilotAction
from tests.browser.test_workspace_outputs import blocking_violations

pytestmark = pytest.mark.browser


def table_rows(figure):
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()] for row in figure.locator("tbody tr").all()
    ]


def test_filter_the_statistics_and_read_a_charts_table(page, page_errors):
    page.goto("/statistics/")
    public = PilotAction.objects.public()
    expect(page.get_by_role("heading", name=f"{public.count()} pilot actions", level=2)).to_be_visible()
    groups = page.get_by_role("figure", name="Pilot actions per thematic group")
    expect(groups.get_by_role("img", name="Pilot actions per thematic group")).to_be_visible()
    table = groups.get_by_role("table")
    expect(table).to_be_hidden()
    groups.get_by_text("Data table").click()
    expect(table).to_be_visible()
    expected = Counter(pilot_action.group.name for pilot_action in public.select_related("group"))
    assert {name: int(count) for name, count in table_rows(groups)} == dict(expected)
    assert blocking_violations(page, "/statistics/ with a table open") == []

    page.get_by_label("Thematic group", exact=True).select_option(value="crisis-management")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url("/statistics/?q=&group=crisis-management&family=&theme=&border=&country=")
    crisis = public.filter(group__slug="crisis-management")
    expect(page.get_by_role("heading", name=f"{crisis.count()} pilot actions", level=2)).to_be_visible()
    borders = page.get_by_role("figure", name="Pilot actions per border")
    borders.get_by_text("Data table").click()
    expected = Counter(border.name for pilot_action in crisis for border in pilot_action.borders.all())
    assert {name: int(count) for name, count in table_rows(borders)} == dict(expected)
    csv_link = borders.get_by_role("link", name="Download the data (CSV)")
    assert csv_link.get_attribute("href").endswith("/statistics/borders.csv?group=crisis-management")
    assert page_errors == []


def test_at_a_phones_width_nothing_overflows(page, page_errors):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/statistics/")
    timeline = page.get_by_role("figure", name="Activity timeline")
    timeline.get_by_text("Data table").click()
    rows = table_rows(timeline)
    assert len(rows) == PilotAction.objects.public().count()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert blocking_violations(page, "/statistics/ at 390 px") == []
    assert page_errors == []
