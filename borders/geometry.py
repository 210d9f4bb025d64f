"""GeoJSON geometry helpers built on shapely (no GDAL needed).

Country shapes come from Natural Earth via TopoJSON, so neighbouring countries
share their edge vertex for vertex: the border line is the intersection of
the two outlines.
"""

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely import geometry as shapely_geometry
from shapely.errors import GeometryTypeError, ShapelyError
from shapely.ops import linemerge, unary_union

# Every coordinate the portal stores or serves is rounded here, to what the data mean (RFC 7946 §11.2): shapes to
# 5 decimals (about one metre: far finer than the simplified shapes), points to 6 (about 10 cm: the pilot actions'
# places have at most 6 decimals, a cluster's mean has no meaning finer).
COORDINATE_PRECISION = 5
POINT_PRECISION = 6


def to_shape(geojson):
    """Return the shapely geometry of a GeoJSON geometry, or raise ValidationError."""
    try:
        geom = shapely_geometry.shape(geojson)
    except (GeometryTypeError, ShapelyError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValidationError(_("Not a valid GeoJSON geometry: %(error)s"), params={"error": exc}) from exc
    if geom.is_empty:
        raise ValidationError(_("The geometry is empty."))
    return geom


def polygonal(geojson):
    """The (multi)polygon part of a geometry; collections may carry stray lines or points."""
    geom = to_shape(geojson)
    parts = getattr(geom, "geoms", [geom])
    polygons = [part for part in parts if part.geom_type in ("Polygon", "MultiPolygon")]
    if not polygons:
        raise ValidationError(_("A country shape needs at least one polygon."))
    return unary_union(polygons)


# The shapes file is Natural Earth clipped to a box around Europe whose west edge is 25°W. The clipping folded
# Russia's parts beyond the antimeridian into bands along that edge, across Scandinavia and the Barents Sea (drawn
# over Norway, Sweden and Finland on the printable and statistics maps). No real land in the box both reaches that
# edge and spans 20 degrees of longitude (Iceland spans 11, the Azores lie beyond it): such a part is an artefact.
CLIPPED_WEST_EDGE = -25.0
ARTEFACT_MIN_LONGITUDE_SPAN = 20.0


def is_clipping_artefact(polygon):
    west, _south, east, _north = polygon.bounds
    return west <= CLIPPED_WEST_EDGE and east - west >= ARTEFACT_MIN_LONGITUDE_SPAN


def without_clipping_artefacts(geom):
    """The polygonal geometry without the bands the clipping of the shapes file made (see above)."""
    parts = [part for part in getattr(geom, "geoms", [geom]) if not is_clipping_artefact(part)]
    return unary_union(parts) if parts else geom


def rounded(coordinates, precision=COORDINATE_PRECISION):
    """A position, or nested lists of them, as lists of floats rounded to ``precision`` decimals."""
    if isinstance(coordinates[0], (int, float)):
        return [round(float(value), precision) for value in coordinates]
    return [rounded(item, precision) for item in coordinates]


def to_geojson(geom):
    """The GeoJSON geometry of a shapely one, rounded, its polygons' rings wound by the right-hand rule.

    RFC 7946 §3.1.6: an outer ring runs counter-clockwise, a hole clockwise (GEOS's unions give the reverse).
    The rings are oriented after rounding, so that the orientation holds for the coordinates as written.
    """
    mapped = shapely_geometry.mapping(geom)
    rounded_geom = shapely_geometry.shape({"type": mapped["type"], "coordinates": rounded(mapped["coordinates"])})
    mapped = shapely_geometry.mapping(shapely.orient_polygons(rounded_geom))
    return {"type": mapped["type"], "coordinates": rounded(mapped["coordinates"])}


def shared_edge(shapes):
    """The line that two or more shapes share pairwise, or None where none touch along an edge."""
    lines = []
    for index, first in enumerate(shapes):
        for second in shapes[index + 1 :]:
            if not first.intersects(second):
                continue
            common = first.boundary.intersection(second.boundary)
            lines.extend(
                part
                for part in getattr(common, "geoms", [common])
                if part.geom_type in ("LineString", "MultiLineString") and not part.is_empty
            )
    if not lines:
        return None
    merged = unary_union(lines)
    if merged.geom_type == "MultiLineString":
        merged = linemerge(merged)
    if merged.geom_type == "LineString":
        merged = shapely_geometry.MultiLineString([merged])
    return merged


def label_point(line):
    """A point on the line for its label: the middle of its longest stretch."""
    longest = max(getattr(line, "geoms", [line]), key=lambda part: part.length)
    point = longest.interpolate(0.5, normalized=True)
    return round(point.y, COORDINATE_PRECISION), round(point.x, COORDINATE_PRECISION)


def bounding_box(geom):
    """[west, south, east north] as GeoJSON orders a bbox."""
    return [round(value, COORDINATE_PRECISION) for value in geom.bounds]
