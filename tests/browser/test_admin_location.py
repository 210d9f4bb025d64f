"""Staff pick a pilot action's location on the admin map."""

import pytest
from playwright.sync_api import expect

from projects.models import PilotAction
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_clicking_the_map_fills_latitude_and_longitude(page, site, page_errors):
    UserFactory(username="staff", is_staff=True, is_superuser=True)
    pilot_action = PilotAction.objects.get(code="CM1")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/projects/pilotaction/{pilot_action.pk}/change/")

    latitude, longitude = page.locator("#id_latitude"), page.locator("#id_longitude")
    expect(latitude).to_have_value("46.07270")
    expect(page.locator(".location-picker .leaflet-marker-icon")).to_have_count(1)

    page.locator(".location-picker__map").click(position={"x": 100, "y": 100})
    expect(latitude).not_to_have_value("46.07270")
    picked = float(latitude.input_value()), float(longitude.input_value())
    assert -90 <= picked[0] <= 90 and -180 <= picked[1] <= 180
    assert latitude.input_value().count(".") == 1 and len(latitude.input_value().split(".")[1]) == 5

    # Typing moves the marker; clearing empties both inputs.
    latitude.fill("45,8")
    longitude.fill("16")
    expect(page.locator(".location-picker .leaflet-marker-icon")).to_have_count(1)
    page.get_by_role("button", name="Clear location").click()
    expect(latitude).to_have_value("")
    expect(longitude).to_have_value("")
    expect(page.locator(".location-picker .leaflet-marker-icon")).to_have_count(0)
    assert page_errors == []
