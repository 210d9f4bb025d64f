"""Country shapes simplified for the map's low zooms, stored beside the shape and computed when it is saved.

The map's countries GeoJSON at its opening view weighed 164 KB compressed with the shapes as stored; simplified to
what a pixel shows at those zooms it is a fraction of that, and computing it when a shape changes (not on a
request) keeps the first request after a change fast. This fills them for the shapes already stored, as
``borders.geometry.simplified_shapes`` does. Self-contained: a migration must not change when the app's code does.
"""

import shapely
from django.db import migrations, models
from shapely.errors import ShapelyError
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

# (name, Douglas–Peucker tolerance, grid), in degrees, coarsest first: borders.geometry.SHAPE_DETAILS as written.
DETAILS = (("low", 0.04, 0.01), ("medium", 0.01, 0.001))
PRECISION = 5


def rounded(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(float(value), PRECISION) for value in coordinates]
    return [rounded(item) for item in coordinates]


def as_geojson(geom):
    mapped = mapping(shapely.orient_polygons(geom))
    return {"type": mapped["type"], "coordinates": rounded(mapped["coordinates"])}


def simplified_shapes(geojson):
    """{detail: GeoJSON} of a stored shape, a detail that leaves nothing taking the next finer; None if unreadable."""
    try:
        geom = shape(geojson)
    except (ShapelyError, KeyError, TypeError, ValueError, AttributeError):
        return None
    polygons = [part for part in getattr(geom, "geoms", [geom]) if part.geom_type in ("Polygon", "MultiPolygon")]
    if not polygons:
        return None
    outline = unary_union(polygons)  # as the model reads a shape (borders.geometry.polygonal)
    shapes, finer = {}, as_geojson(outline)
    for name, tolerance, grid in reversed(DETAILS):
        coarse = shapely.set_precision(outline.simplify(tolerance, preserve_topology=True), grid)
        if not coarse.is_empty:
            finer = as_geojson(coarse)
        shapes[name] = finer
    return shapes


def simplify_country_shapes(apps, schema_editor):
    Country = apps.get_model("borders", "Country")
    for country in Country.objects.filter(shape__isnull=False).only("pk", "shape").iterator(chunk_size=50):
        Country.objects.filter(pk=country.pk).update(simplified_shapes=simplified_shapes(country.shape))


class Migration(migrations.Migration):
    dependencies = [
        ("borders", "0004_drop_clipping_artefacts"),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="simplified_shapes",
            field=models.JSONField(
                blank=True,
                editable=False,
                help_text="The shape simplified for the map’s low zooms, by level of detail; computed when it is saved.",
                null=True,
                verbose_name="simplified shapes",
            ),
        ),
        migrations.RunPython(simplify_country_shapes, migrations.RunPython.noop, elidable=True),
    ]
