"""Countries from the Natural Earth shapes, and the land borders between eligible countries."""

from itertools import combinations
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import override

from borders import geometry
from borders.models import ELIGIBLE_COUNTRY_CODES, Border, Country, joined_country_names, localised_country_name
from core.loading import read_json, upsert

COUNTRY_SHAPES_PATH = Path(__file__).resolve().parent / "data" / "europe_countries.geojson"


def country_name(iso_code, fallback, language="en"):
    """The name pages give the country in ``language`` (``localised_country_name``), else ``fallback``."""
    with override(language):
        name = localised_country_name(iso_code)
    return str(name) if name else fallback


def border_names(countries):
    """The border's name in each content language (a column each, modeltranslation's ``name_en``, ``name_fr``), its
    countries in that language's alphabetical order. The interface's other languages join the countries' names in
    the same way when a page shows it (``Border.display_name``)."""
    return {
        f"name_{language}": joined_country_names(
            country_name(country.iso_code, country.name, language) for country in countries
        )
        for language in settings.CONTENT_LANGUAGES
    }


def load_countries(path=COUNTRY_SHAPES_PATH):
    created = 0
    for feature in read_json(path)["features"]:
        iso_code = feature["properties"]["iso_a2"].upper()
        try:
            outline = geometry.without_clipping_artefacts(geometry.polygonal(feature["geometry"]))
            shape = geometry.to_geojson(outline)
        except ValidationError:
            shape = None  # Vatican City comes as a bare line: keep the country, without a shape.
        _, was_created = upsert(
            Country,
            {"iso_code": iso_code},
            {
                "name": country_name(iso_code, feature["properties"]["name"]),
                "shape": shape,
                "is_eligible": iso_code in ELIGIBLE_COUNTRY_CODES,
            },
        )
        created += was_created
    return created


def load_borders():
    """Every land border between two eligible countries whose shapes share an edge."""
    existing_pairs = {frozenset(border.countries.values_list("iso_code", flat=True)) for border in Border.objects.all()}
    eligible = [country for country in Country.objects.eligible() if country.shape]
    outlines = {country.iso_code: geometry.polygonal(country.shape) for country in eligible}
    created = 0
    for first, second in combinations(sorted(eligible, key=lambda country: country.name), 2):
        if frozenset((first.iso_code, second.iso_code)) in existing_pairs:
            continue
        line = geometry.shared_edge([outlines[first.iso_code], outlines[second.iso_code]])
        if line is None:
            continue
        latitude, longitude = geometry.label_point(line)
        border = Border.objects.create(
            slug=slugify(f"{first.name} {second.name}"),
            **border_names([first, second]),
            line=geometry.to_geojson(line),
            label_latitude=latitude,
            label_longitude=longitude,
            length_degrees=round(line.length, 4),
        )
        border.countries.set([first, second])
        created += 1
    return created
