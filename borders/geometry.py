"""GeoJSON geometry helpers built on shapely (no GDAL needed).

Country shapes come from Natural Earth via TopoJSON, so neighbouring countries
share their edge vertex for vertex: the border line is the intersection of
the two outlines.
"""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class ShapeDetail:
    """A country outline simplified for the map's zooms from ``from_zoom`` on: Douglas–Peucker to ``tolerance``
    and coordinates on a grid of ``grid`` (degrees both), below what a pixel shows at those zooms."""

    name: str
    from_zoom: int
    tolerance: float
    grid: float


# A pixel spans 360 / 256 / 2**zoom degrees of longitude: 0.09 at zoom 4 (the map's opening view), 0.04 at 5, 0.02 at
# 6, 0.01 at 7, 0.005 at 8. From FULL_SHAPE_FROM_ZOOM on, the map draws the shapes as stored.
SHAPE_DETAILS = (
    ShapeDetail("low", from_zoom=0, tolerance=0.04, grid=0.01),
    ShapeDetail("medium", from_zoom=6, tolerance=0.01, grid=0.001),
)
FULL_SHAPE_FROM_ZOOM = 8


def simplified(geom, detail):
    """The polygonal ``geom`` simplified to ``detail``: each ring kept valid and apart from the others
    (``preserve_topology``), then snapped to the grid, which keeps it valid and polygonal (GEOS's
    ``set_precision``) and writes fewer digits. An island smaller than the grid disappears; None if nothing is left."""
    coarse = shapely.set_precision(geom.simplify(detail.tolerance, preserve_topology=True), detail.grid)
    return None if coarse.is_empty else coarse


def simplified_shapes(outline):
    """{detail name: GeoJSON geometry} of a (multi)polygon, for every detail in SHAPE_DETAILS; a detail that would
    leave nothing (a country smaller than its grid) gets the next finer one, or the outline itself."""
    shapes, finer = {}, None
    for detail in reversed(SHAPE_DETAILS):  # finest first
        coarse = simplified(outline, detail)
        if coarse is not None:
            finer = to_geojson(coarse)
        shapes[detail.name] = finer or to_geojson(outline)
    return {detail.name: shapes[detail.name] for detail in SHAPE_DETAILS}
