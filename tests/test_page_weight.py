"""Page weight: the home page and the map page, with everything they load but map tiles, under 300 KB gzipped."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from tests.projects.test_geojson_api import bulk_pilot_actions

pytestmark = pytest.mark.django_db

LIMIT_BYTES = 300 * 1024
# What map.js fetches after the page: the pilot actions for the first view, border lines, country shapes.
MAP_DATA = [
    "/api/pilot-actions.geojson?bbox=-25,30,45,70&zoom=4",
    "/api/borders.geojson",
    "/api/countries.geojson?detail=low",  # simplified for the opening zoom
]


def gzipped(content):
    return len(gzip.compress(content, 6))


def transferred(client, path, fetched=()):
    """The page, its stylesheets and scripts, and the data its scripts fetch, as gzip would send them."""
    html = client.get(path).content
    sizes = {path: gzipped(html)}
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+)"', html):
        with open(finders.find(asset.decode()), "rb") as file:
            sizes[asset.decode()] = gzipped(file.read())
    for url in fetched:
        sizes[url] = gzipped(client.get(url).content)
    return sizes


@pytest.mark.parametrize("extra_pilot_actions", [0, 3000])
@pytest.mark.parametrize(("path", "fetched"), [("/", ()), ("/map/", MAP_DATA)])
def test_home_and_map_stay_under_300_kb(client, programme, extra_pilot_actions, path, fetched):
    bulk_pilot_actions(extra_pilot_actions)
    sizes = transferred(client, path, fetched)
    total = sum(sizes.values())
    assert total < LIMIT_BYTES, f"{path}: {total:,} bytes: {sizes}"
    assert sizes[path] < 60 * 1024, "the HTML itself stays small, whatever the number of pilot actions"
