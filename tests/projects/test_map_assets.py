"""What the public pages with a map load of django-leaflet: Leaflet itself and its stylesheet, nothing of the drawing
plugins, forms or extras the admin's widgets carry."""

import re

import pytest
from django.urls import reverse

from tests.factories import BorderFactory, CountryFactory, PilotActionFactory

pytestmark = pytest.mark.django_db

ASSETS = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="(/static/[^"]+)"')


@pytest.fixture
def mapped_pages():
    """Every public page that draws a map, with a pilot action on it: the map, the home page, a pilot action, its
    group, its border and country, the borders' list."""
    countries = [CountryFactory(iso_code="FR"), CountryFactory(iso_code="DE")]
    border = BorderFactory(countries=countries)
    pilot_action = PilotActionFactory(borders=[border], countries=countries)
    return [
        reverse("projects:map"),
        reverse("projects:home"),
        pilot_action.get_absolute_url(),
        pilot_action.group.get_absolute_url(),
        reverse("borders:border-list"),
        border.get_absolute_url(),
        countries[0].get_absolute_url(),
    ]


def test_public_map_pages_load_leaflet_alone(client, mapped_pages):
    for url in mapped_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assets = ASSETS.findall(response.content.decode())
        assert "/static/js/map-settings.js" in assets, f"{url} draws a map"
        leaflet = sorted(asset for asset in assets if asset.startswith("/static/leaflet/"))
        assert leaflet == ["/static/leaflet/leaflet.css", "/static/leaflet/leaflet.js"], url
        assert not [asset for asset in assets if re.search(r"draw|leaflet\.(extras|forms)", asset)], url
