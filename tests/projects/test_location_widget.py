import re
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import PilotAction
from projects.widgets import CoordinateField, LocationPickerWidget

pytestmark = pytest.mark.django_db


def change_form_data(admin_client, pilot_action, **changes):
    """What the admin's change form would post, with ``changes`` typed in."""
    url = reverse("admin:projects_pilotaction_change", args=[pilot_action.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for name in ("themes", "borders", "countries", "coordinators"):
        data[name] = [obj.pk for obj in getattr(pilot_action, name).all()]
    data.update(
        {
            "partnerships-TOTAL_FORMS": 0,
            "partnerships-INITIAL_FORMS": 0,
            "sources-TOTAL_FORMS": 0,
            "sources-INITIAL_FORMS": 0,
        }
    )
    data.update(changes)
    return url, data


def test_change_form_shows_the_map_with_its_assets(admin_client, programme):
    pilot_action = PilotAction.objects.get(code="CM1")
    content = admin_client.get(reverse("admin:projects_pilotaction_change", args=[pilot_action.pk])).content.decode()
    assert 'class="location-picker" data-latitude-input="id_latitude" data-longitude-input="id_longitude"' in content
    assert 'inputmode="decimal"' in content and 'value="46.07270"' in content
    for asset in ("leaflet/leaflet.js", "leaflet/leaflet.css", "js/location-picker.js"):
        assert asset in content
    assert not re.search(r"<script>(?!\s*</script>)", content.split('class="location-picker"')[1].split("</div>")[0])


def test_widget_renders_input_then_map():
    html = LocationPickerWidget(longitude_field="lon").render("lat", "45.5", attrs={"id": "id_lat"})
    assert html.index('<input type="text" name="lat" value="45.5"') < html.index('class="location-picker"')
    assert 'data-longitude-input="id_lon"' in html
    # Data for the scripts (the map settings) but no script of its own.
    assert not re.search(r'<script(?! id="map-settings" type="application/json")', html)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("46,0727", Decimal("46.07270")),
        (" 46.123456789 ", Decimal("46.12346")),
        ("−12,5", Decimal("-12.50000")),
        ("", None),
    ],
)
def test_coordinate_field_reads_commas_and_rounds(typed, expected):
    assert CoordinateField(limit=90).clean(typed) == expected


def test_saving_a_picked_location(admin_client, programme):
    pilot_action = PilotAction.objects.get(code="CM1")
    url, data = change_form_data(admin_client, pilot_action, latitude="45,8150001", longitude="15.98190")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    pilot_action.refresh_from_db()
    assert (pilot_action.latitude, pilot_action.longitude) == (Decimal("45.81500"), Decimal("15.98190"))


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        ("91", "10", "latitude"),
        ("45", "-180.5", "longitude"),
        ("45", "", "longitude"),
        ("north", "10", "latitude"),
        ("1e40", "10", "latitude"),
    ],
)
def test_bad_coordinates_are_refused_and_nothing_changes(admin_client, programme, latitude, longitude, field):
    pilot_action = PilotAction.objects.get(code="CM1")
    url, data = change_form_data(admin_client, pilot_action, latitude=latitude, longitude=longitude)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    pilot_action.refresh_from_db()
    assert (pilot_action.latitude, pilot_action.longitude) == (Decimal("46.07270"), Decimal("18.23230"))
