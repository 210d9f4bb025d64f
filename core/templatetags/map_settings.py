"""Every map's tiles, attribution and opening view, from settings.LEAFLET_CONFIG, handed to the scripts as JSON."""

from django import template
from django.conf import settings
from django.utils.html import json_script

register = template.Library()

ELEMENT_ID = "map-settings"


def map_settings_data():
    """What static/js/map-settings.js reads: django-leaflet's configuration, in the scripts' own terms."""
    config = settings.LEAFLET_CONFIG
    _name, url, options = config["TILES"][0]
    return {
        "center": list(config["DEFAULT_CENTER"]),
        "zoom": config["DEFAULT_ZOOM"],
        "minZoom": config["MIN_ZOOM"],
        "maxZoom": config["MAX_ZOOM"],
        "tiles": {"url": url, "options": options},
    }


@register.simple_tag
def map_settings():
    return json_script(map_settings_data(), ELEMENT_ID)
