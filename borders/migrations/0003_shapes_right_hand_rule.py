"""Country shapes stored before the right-hand rule: rings re-wound as RFC 7946 §3.1.6 asks.

The loader wrote GEOS's unions as they came, every outer ring clockwise. Shapes are now oriented on the way in
(``borders.geometry.to_geojson``); this fixes those already stored. Their ``updated_at`` moves, so that what is
derived from them and cached by version (the countries' GeoJSON, the statistics map's simplified outlines) is
derived again. Self-contained: a migration must not change when the app's code does.
"""

import shapely
from django.db import migrations
from django.utils import timezone
from shapely.errors import ShapelyError
from shapely.geometry import mapping, shape


def as_lists(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [float(value) for value in coordinates]
    return [as_lists(item) for item in coordinates]


def oriented(geojson):
    """The geometry with its polygons' outer rings counter-clockwise and holes clockwise, or None if unchanged."""
    try:
        geom = shape(geojson)
    except (ShapelyError, KeyError, TypeError, ValueError, AttributeError):
        return None  # not a geometry shapely reads: left for staff to correct, as before
    fixed = shapely.orient_polygons(geom)
    if fixed.equals_exact(geom, tolerance=0):
        return None
    mapped = mapping(fixed)
    return {"type": mapped["type"], "coordinates": as_lists(mapped["coordinates"])}


def orient_country_shapes(apps, schema_editor):
    Country = apps.get_model("borders", "Country")
    now = timezone.now()
    for country in Country.objects.filter(shape__isnull=False).only("pk", "shape").iterator(chunk_size=50):
        if (shape_geojson := oriented(country.shape)) is not None:
            Country.objects.filter(pk=country.pk).update(shape=shape_geojson, updated_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("borders", "0002_content_translations"),
    ]

    operations = [
        migrations.RunPython(orient_country_shapes, migrations.RunPython.noop, elidable=True),
    ]
