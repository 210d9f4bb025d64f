"""Country shapes simplified for the map's low zooms: stored when a shape is saved, served by
``/api/countries.geojson?detail=…``, valid GeoJSON (RFC 7946, right-hand rule), and light at the map's opening view
even with every country of the shapes file in the programme."""

import gzip
import importlib
import json

import pytest
from django.urls import reverse
from shapely.geometry import shape

from borders import geometry
from borders.models import Country
from resilient_borders.management.commands.bench_map import TARGET_COUNTRIES_GZIP_BYTES
from tests.factories import CountryFactory, PilotActionFactory
from tests.validators import geojsonhint_messages

pytestmark = pytest.mark.django_db

DETAILS = [detail.name for detail in geometry.SHAPE_DETAILS]


@pytest.fixture
def every_country_mapped(programme):
    """Every country with a shape in the programme (as at 10,000 synthetic pilot actions over every border)."""
    PilotActionFactory(countries=list(Country.objects.filter(shape__isnull=False)))


def countries(client, detail=None):
    return client.get(reverse("borders:countries-geojson"), {"detail": detail} if detail else {})


def test_each_detail_is_valid_geojson_and_lighter_than_the_next(client, every_country_mapped):
    full = countries(client)
    sizes = {"full": len(gzip.compress(full.content, 6))}
    names = {feature["properties"]["name"] for feature in full.json()["features"]}
    for detail in DETAILS:
        response = countries(client, detail)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/geo+json"
        assert geojsonhint_messages(response.content.decode()) == [], detail
        features = response.json()["features"]
        assert {feature["properties"]["name"] for feature in features} == names
        assert all(shape(feature["geometry"]).is_valid for feature in features), detail
        sizes[detail] = len(gzip.compress(response.content, 6))
    ordered = [sizes[detail] for detail in DETAILS] + [sizes["full"]]
    assert ordered == sorted(ordered) and len(set(ordered)) == len(ordered), sizes


def test_the_map_s_opening_view_asks_for_countries_under_the_size_target(client, every_country_mapped):
    page = client.get(reverse("projects:map")).content.decode()
    opening = page.split('data-countries-url="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    size = len(gzip.compress(client.get(opening).content, 6))
    assert size < TARGET_COUNTRIES_GZIP_BYTES, f"{opening}: {size:,} bytes compressed"


def test_a_bad_detail_is_refused_with_the_reason(client, db):
    response = countries(client, "finest")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"detail"}


def test_a_saved_shape_is_simplified_at_once_and_a_tiny_one_kept(db):
    big = CountryFactory(iso_code="XB", shape=geometry.to_geojson(shape(SQUARE_WITH_DETAIL)))
    tiny = CountryFactory(iso_code="XT", shape={"type": "Polygon", "coordinates": [TINY_SQUARE]})
    big.refresh_from_db()
    tiny.refresh_from_db()
    assert set(big.simplified_shapes) == set(DETAILS)
    low = shape(big.simplified_shapes["low"])
    assert len(low.exterior.coords) < len(shape(big.shape).exterior.coords)  # the wiggles below a pixel went
    assert low.is_valid and geojsonhint_messages(json.dumps(big.simplified_shapes["low"])) == []
    # Smaller than the coarse grid: it keeps a shape (the finer one, or its own), never an empty one.
    assert all(shape(tiny.simplified_shapes[detail]).area > 0 for detail in DETAILS)
    tiny.shape = None
    tiny.save()
    assert tiny.simplified_shapes is None


def test_the_migration_simplifies_the_shapes_stored_before(programme):
    from django.apps import apps

    Country.objects.update(simplified_shapes=None)  # as stored before the field
    migration = importlib.import_module("borders.migrations.0005_country_simplified_shapes")
    migration.simplify_country_shapes(apps, None)
    for country in Country.objects.filter(shape__isnull=False):
        assert country.simplified_shapes == geometry.simplified_shapes(geometry.polygonal(country.shape))


# A square of 1° whose edges wiggle by a thousandth of a degree every hundredth: detail no map shows below zoom 8.
SQUARE_WITH_DETAIL = {
    "type": "Polygon",
    "coordinates": [
        [[step / 100, (step % 2) / 1000] for step in range(100)]
        + [[1 + (step % 2) / 1000, step / 100] for step in range(100)]
        + [[1 - step / 100, 1 + (step % 2) / 1000] for step in range(100)]
        + [[(step % 2) / 1000, 1 - step / 100] for step in range(100)]
        + [[0, 0]]
    ],
}
TINY_SQUARE = [[7.0, 43.0], [7.002, 43.0], [7.002, 43.002], [7.0, 43.002], [7.0, 43.0]]
