"""The shapes file's clipping folded Russia's far-eastern parts into bands along its west edge (25°W), drawn over
Norway, Sweden and Finland on the printable and statistics maps: the loader and a migration drop them."""

import importlib
from itertools import combinations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from shapely.geometry import shape

from borders import geometry
from borders.loading import COUNTRY_SHAPES_PATH, load_countries
from borders.models import Country
from core.loading import read_json

pytestmark = pytest.mark.django_db

# Neighbours' Natural Earth outlines meet along their borders; an overlap larger than this is not a rounding.
OVERLAP_TOLERANCE = 0.01  # square degrees


def source_outlines():
    """Each country's polygons as the file has them (Vatican City, a bare line, has none)."""
    outlines = {}
    for feature in read_json(COUNTRY_SHAPES_PATH)["features"]:
        try:
            outlines[feature["properties"]["iso_a2"].upper()] = geometry.polygonal(feature["geometry"])
        except ValidationError:
            continue
    return outlines


def test_the_file_has_the_bands_the_loader_drops():
    """What the test below guards against is in the file (if a new file came without it, this says so)."""
    artefacts = {
        iso_code
        for iso_code, outline in source_outlines().items()
        for part in getattr(outline, "geoms", [outline])
        if geometry.is_clipping_artefact(part)
    }
    assert artefacts == {"RU"}


def test_no_loaded_country_overlaps_another():
    load_countries()
    outlines = {country.iso_code: shape(country.shape) for country in Country.objects.filter(shape__isnull=False)}
    overlaps = {
        (first, second): round(outlines[first].intersection(outlines[second]).area, 3)
        for first, second in combinations(sorted(outlines), 2)
        if outlines[first].intersects(outlines[second])
    }
    assert {pair: area for pair, area in overlaps.items() if area > OVERLAP_TOLERANCE} == {}


def test_every_other_country_loads_whole():
    load_countries()
    source = source_outlines()
    for country in Country.objects.filter(shape__isnull=False).exclude(iso_code="RU"):
        assert shape(country.shape).area == pytest.approx(source[country.iso_code].area, rel=1e-3), country.iso_code
    russia = shape(Country.objects.get(iso_code="RU").shape)
    assert russia.area < source["RU"].area and russia.bounds[0] > geometry.CLIPPED_WEST_EDGE


def test_the_migration_drops_the_bands_stored_before():
    load_countries()
    with_bands = geometry.to_geojson(source_outlines()["RU"])
    Country.objects.filter(iso_code="RU").update(shape=with_bands)  # as loaded before, without save()
    before = dict(Country.objects.values_list("iso_code", "updated_at"))
    unchanged = dict(Country.objects.exclude(iso_code="RU").values_list("iso_code", "shape"))

    migration = importlib.import_module("borders.migrations.0004_drop_clipping_artefacts")
    migration.drop_clipping_artefacts(apps, None)

    russia = Country.objects.get(iso_code="RU")
    parts = getattr(shape(russia.shape), "geoms", [shape(russia.shape)])
    assert not any(geometry.is_clipping_artefact(part) for part in parts)
    assert russia.updated_at > before["RU"]
    assert dict(Country.objects.exclude(iso_code="RU").values_list("iso_code", "shape")) == unchanged
