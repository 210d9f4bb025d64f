"""Country shapes stored with the bands the shapes file's clipping made: dropped, as the loader now does.

The file is Natural Earth clipped to a box whose west edge is 25°W; Russia's parts beyond the antimeridian came
out as bands along that edge, over Norway, Sweden, Finland and the Barents Sea. A part that reaches the edge and
spans 20 degrees of longitude is such a band (``borders.geometry.is_clipping_artefact``). ``updated_at`` moves, so
that what is derived from the shapes and cached by version is derived again. Self-contained: a migration must not
change when the app's code does.
"""

import shapely
from django.db import migrations
from django.utils import timezone
from shapely.errors import ShapelyError
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

CLIPPED_WEST_EDGE = -25.0
ARTEFACT_MIN_LONGITUDE_SPAN = 20.0


def as_lists(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [float(value) for value in coordinates]
    return [as_lists(item) for item in coordinates]


def without_artefacts(geojson):
    """The shape without its clipping bands, or None if it has none (or is not a shape shapely reads)."""
    try:
        geom = shape(geojson)
    except (ShapelyError, KeyError, TypeError, ValueError, AttributeError):
        return None
    parts = list(getattr(geom, "geoms", [geom]))
    kept = [
        part
        for part in parts
        if not (part.bounds[0] <= CLIPPED_WEST_EDGE and part.bounds[2] - part.bounds[0] >= ARTEFACT_MIN_LONGITUDE_SPAN)
    ]
    if len(kept) == len(parts) or not kept:
        return None
    mapped = mapping(shapely.orient_polygons(unary_union(kept)))
    return {"type": mapped["type"], "coordinates": as_lists(mapped["coordinates"])}


def drop_clipping_artefacts(apps, schema_editor):
    Country = apps.get_model("borders", "Country")
    now = timezone.now()
    for country in Country.objects.filter(shape__isnull=False).only("pk", "shape").iterator(chunk_size=50):
        if (shape_geojson := without_artefacts(country.shape)) is not None:
            Country.objects.filter(pk=country.pk).update(shape=shape_geojson, updated_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("borders", "0003_shapes_right_hand_rule"),
    ]

    operations = [
        migrations.RunPython(drop_clipping_artefacts, migrations.RunPython.noop, elidable=True),
    ]
