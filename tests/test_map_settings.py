"""One map configuration (settings.LEAFLET_CONFIG) for every map: the scripts hold no tiles or view of their own."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from projects.models import PilotAction

pytestmark = pytest.mark.django_db

SCRIPTS = Path(settings.BASE_DIR) / "static" / "js"
MAP_SCRIPTS = ("map.js", "small-map.js", "location-picker.js")


def handed_over(content):
    match = re.search(r'<script id="map-settings" type="application/json">(.*?)</script>', content, re.S)
    assert match, "the page does not hand the map settings to its scripts"
    return json.loads(match.group(1))


def map_page_urls():
    pilot_action = PilotAction.objects.public().first()
    return [reverse("projects:home"), reverse("projects:map"), pilot_action.get_absolute_url()]


def test_every_map_page_hands_over_the_settings_leaflet_config_holds(client, programme):
    config = settings.LEAFLET_CONFIG
    _name, tiles_url, tiles_options = config["TILES"][0]
    for url in map_page_urls():
        content = client.get(url).content.decode()
        assert handed_over(content) == {
            "center": list(config["DEFAULT_CENTER"]),
            "zoom": config["DEFAULT_ZOOM"],
            "minZoom": config["MIN_ZOOM"],
            "maxZoom": config["MAX_ZOOM"],
            "tiles": {"url": tiles_url, "options": tiles_options},
        }, url
        # The settings script comes before the scripts that use it (deferred scripts run in order).
        assert content.index("js/map-settings.js") < content.index("js/small-map.js"), url


def test_changing_the_configuration_changes_every_map(client, programme, settings):
    settings.LEAFLET_CONFIG = {
        **settings.LEAFLET_CONFIG,
        "DEFAULT_CENTER": (60.0, 15.0),
        "DEFAULT_ZOOM": 5,
        "TILES": [("Tiles", "https://tiles.example.org/{z}/{x}/{y}.png", {"attribution": "Example tiles"})],
    }
    for url in map_page_urls():
        data = handed_over(client.get(url).content.decode())
        assert data["center"] == [60.0, 15.0] and data["zoom"] == 5, url
        assert data["tiles"]["url"] == "https://tiles.example.org/{z}/{x}/{y}.png", url
        assert data["tiles"]["options"] == {"attribution": "Example tiles"}, url


def test_the_admin_location_picker_uses_the_same_settings(admin_client, programme):
    pilot_action = PilotAction.objects.get(code="CM1")
    content = admin_client.get(reverse("admin:projects_pilotaction_change", args=[pilot_action.pk])).content.decode()
    assert handed_over(content)["tiles"]["url"] == settings.LEAFLET_CONFIG["TILES"][0][1]
    assert content.index("js/map-settings.js") < content.index("js/location-picker.js")


@pytest.mark.parametrize("script", MAP_SCRIPTS)
def test_no_map_script_holds_its_own_tiles_or_opening_view(script):
    source = (SCRIPTS / script).read_text()
    assert "tile.openstreetmap.org" not in source and "OpenStreetMap" not in source
    assert "L.tileLayer" not in source and "L.map(" not in source
    assert not re.search(r"setView\(\[\s*-?\d", source), "an opening view written into the script"
