"""Every GeoJSON the portal serves, checked by @mapbox/geojsonhint with its warnings on (RFC 7946's right-hand rule,
coordinates' precision), with data present: the real programme (pilot actions with and without a place of their
own, borders, countries) and enough pilot actions in one area for the map to cluster them at a low zoom."""

import html
import importlib
import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from shapely.geometry import LinearRing, shape
from shapely.ops import unary_union

from borders import geometry
from borders.geojson import point
from borders.models import Country
from projects.geojson import MAX_POINTS
from projects.models import PilotAction, ThematicGroup
from tests.factories import CountryFactory, bulk_pilot_actions
from tests.research import CONFIRMED_WITHOUT_PLACE
from tests.validators import geojsonhint_messages

pytestmark = pytest.mark.django_db

CLUSTERED_AREA = (4.0, 44.0, 8.0, 48.0)  # west, south, east, north: the Alps' west, where the bulk rows go
LOW_ZOOM_VIEWPORT = {"bbox": "-25,30,45,72", "zoom": "3"}

# Each GeoJSON address, with queries that exercise what it can answer.
GEOJSON_REQUESTS = {
    "projects:pilot-actions-geojson": [
        {},
        LOW_ZOOM_VIEWPORT,
        {**LOW_ZOOM_VIEWPORT, "group": "crisis-management"},
        {"bbox": "5,45,6,46", "zoom": "12"},
        {"theme": "floods"},
    ],
    "borders:borders-geojson": [{}],
    "borders:countries-geojson": [{}, {"detail": "low"}, {"detail": "medium"}],
    "projects:open-data-geojson": [{}, {"group": "spatial-planning"}],
}


def geojson_url_names(patterns=None, namespace=None):
    """The name of every address whose route ends in .geojson."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from geojson_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".geojson"):
            yield f"{namespace}:{pattern.name}"


def test_every_geojson_address_is_checked():
    assert set(geojson_url_names()) == set(GEOJSON_REQUESTS)


@pytest.fixture
def mapped(programme):
    """The programme, plus more pilot actions in one area than a map shows one by one."""
    group = ThematicGroup.objects.get(slug="crisis-management")
    bulk_pilot_actions(MAX_POINTS + 20, seed=15, bbox=CLUSTERED_AREA, group=group, decimals=6, prefix="clustered")


def framing_box(features):
    """[west, south, east, north] around the features' geometries, by shapely."""
    shapes = [shape(feature["geometry"]) for feature in features if feature["geometry"]]
    return list(unary_union(shapes).bounds) if shapes else None


def assert_valid(text, where):
    messages = geojsonhint_messages(text)
    assert messages == [], f"{where}: {messages[:5]}"
    collection = json.loads(text)
    assert collection.get("bbox") == framing_box(collection["features"]), f"{where}: the bbox frames the features"


@pytest.mark.parametrize(
    ("url_name", "query"), [(name, query) for name, queries in GEOJSON_REQUESTS.items() for query in queries]
)
def test_every_geojson_passes_geojsonhint(client, mapped, url_name, query):
    for language_prefix in ("", "/fr"):
        url = language_prefix + reverse(url_name)
        response = client.get(url, query)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/geo+json"
        assert_valid(response.content.decode(), f"{url}?{query}")


def test_the_checked_data_hold_what_the_standard_is_about(client, mapped):
    """Clusters at a low zoom, points on their border, polygons with holes or many parts: what could go wrong."""
    clustered = client.get(reverse("projects:pilot-actions-geojson"), LOW_ZOOM_VIEWPORT).json()["features"]
    assert any(feature["properties"]["kind"] == "cluster" for feature in clustered)
    assert any(feature["properties"]["kind"] == "pilot_action" for feature in clustered)
    assert CONFIRMED_WITHOUT_PLACE
    located = client.get(reverse("projects:open-data-geojson")).json()["features"]
    assert {feature["properties"]["location"] for feature in located} >= {"exact", "border"}
    countries = client.get(reverse("borders:countries-geojson")).json()["features"]
    assert {feature["geometry"]["type"] for feature in countries} == {"Polygon", "MultiPolygon"}


SMALL_MAP_DATA = re.compile(r'<script id="[^"]*-data" type="application/json">(.*?)</script>', re.DOTALL)


def test_maps_inside_pages_pass_geojsonhint(client, mapped):
    """The small maps' data, written into the pages: the home page, a group, a border, a country, a pilot action
    with a place and one placed on its border, the borders' list."""
    without_place = PilotAction.objects.get(title=CONFIRMED_WITHOUT_PLACE[0]["title"])
    with_place = PilotAction.objects.public().filter(latitude__isnull=False).first()
    border = without_place.borders.get()
    pages = [
        reverse("projects:home"),
        reverse("borders:border-list"),
        border.get_absolute_url(),
        border.countries.first().get_absolute_url(),
        with_place.group.get_absolute_url(),
        with_place.get_absolute_url(),
        without_place.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        (data,) = SMALL_MAP_DATA.findall(response.content.decode())
        assert_valid(html.unescape(data), url)


def test_a_viewports_bbox_frames_what_it_holds_and_matches_bbox_every_match(client, mapped):
    viewport = {"bbox": "5,45,6,46", "zoom": "12"}
    collection = client.get(reverse("projects:pilot-actions-geojson"), viewport).json()
    assert collection["features"]
    west, south, east, north = collection["bbox"]
    assert 5 <= west <= east <= 6 and 45 <= south <= north <= 46
    every_match = PilotAction.objects.public().on_map().extent()
    assert collection["matches_bbox"] == pytest.approx(every_match, abs=1e-6)
    assert collection["matches_bbox"] != collection["bbox"]


def test_cluster_points_are_rounded_to_what_the_data_mean(client, mapped):
    features = client.get(reverse("projects:pilot-actions-geojson"), LOW_ZOOM_VIEWPORT).json()["features"]
    for feature in features:
        for value in feature["geometry"]["coordinates"]:
            assert value == round(value, geometry.POINT_PRECISION)
    assert point(46.07270000000001, 18.2323123456789) == {"type": "Point", "coordinates": [18.232312, 46.0727]}


def clockwise_square_with_clockwise_hole():
    return {
        "type": "Polygon",
        "coordinates": [
            [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]],
            [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]][::-1],
        ],
    }


def wound_by_the_right_hand_rule(geojson):
    polygons = [geojson["coordinates"]] if geojson["type"] == "Polygon" else geojson["coordinates"]
    return all(
        LinearRing(rings[0]).is_ccw and not any(LinearRing(hole).is_ccw for hole in rings[1:]) for rings in polygons
    )


def test_shapes_are_wound_by_the_right_hand_rule_as_they_come_in():
    shape_in = clockwise_square_with_clockwise_hole()
    assert not wound_by_the_right_hand_rule(shape_in)
    assert wound_by_the_right_hand_rule(geometry.to_geojson(geometry.polygonal(shape_in)))


def test_a_country_saved_with_a_clockwise_shape_stores_it_by_the_right_hand_rule():
    country = CountryFactory(iso_code="XR", shape=clockwise_square_with_clockwise_hole())
    country.refresh_from_db()
    assert wound_by_the_right_hand_rule(country.shape)
    assert geojsonhint_messages(json.dumps(country.shape)) == []


def test_the_loaded_countries_are_wound_by_the_right_hand_rule(programme):
    shapes = Country.objects.filter(shape__isnull=False).values_list("shape", flat=True)
    assert shapes and all(wound_by_the_right_hand_rule(shape_geojson) for shape_geojson in shapes)


def test_the_migration_rewinds_the_shapes_stored_before(client, programme):
    """A database loaded before: every ring clockwise, as GEOS's unions gave them, and the countries' GeoJSON
    cached. The migration re-winds them and moves their version, so the cached GeoJSON is not served again."""
    from django.apps import apps

    def clockwise(geojson):
        polygons = [geojson["coordinates"]] if geojson["type"] == "Polygon" else geojson["coordinates"]
        rewound = [[ring[::-1] for ring in rings] for rings in polygons]
        return {"type": geojson["type"], "coordinates": rewound[0] if geojson["type"] == "Polygon" else rewound}

    for pk, shape_geojson in Country.objects.filter(shape__isnull=False).values_list("pk", "shape"):
        Country.objects.filter(pk=pk).update(shape=clockwise(shape_geojson))  # as stored before, no save()
    url = reverse("borders:countries-geojson")
    assert geojsonhint_messages(client.get(url).content.decode()) != []

    migration = importlib.import_module("borders.migrations.0003_shapes_right_hand_rule")
    migration.orient_country_shapes(apps, None)

    shapes = Country.objects.filter(shape__isnull=False).values_list("shape", flat=True)
    assert all(wound_by_the_right_hand_rule(shape_geojson) for shape_geojson in shapes)
    assert_valid(client.get(url).content.decode(), url)
