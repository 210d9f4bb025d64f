"""GeoJSON (RFC 7946: longitude first) for maps, built from plain fields without GDAL.

Coordinates are rounded by ``borders.geometry`` (points here, shapes when they are stored), and every collection's
``bbox`` frames the features it holds.
"""

from borders.geometry import POINT_PRECISION, rounded


def feature(geometry, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def point(latitude, longitude):
    return {"type": "Point", "coordinates": rounded([longitude, latitude], POINT_PRECISION)}


def positions(coordinates):
    """Every [longitude, latitude] in a geometry's nested coordinates."""
    if isinstance(coordinates[0], (int, float)):
        yield coordinates
    else:
        for item in coordinates:
            yield from positions(item)


def features_bbox(features):
    """[west, south, east, north] around every feature's geometry (RFC 7946 §5), or None when none has one."""
    west = south = float("inf")
    east = north = float("-inf")
    for item in features:
        geometry = item["geometry"]
        if not geometry or not geometry.get("coordinates"):
            continue
        for longitude, latitude, *_elevation in positions(geometry["coordinates"]):
            west, east = min(west, longitude), max(east, longitude)
            south, north = min(south, latitude), max(north, latitude)
    if west == float("inf"):
        return None
    return [west, south, east, north]


def feature_collection(features, **members):
    """A FeatureCollection whose ``bbox`` frames its features (absent when none has a geometry); ``members``
    are further members of the collection, such as a licence."""
    features = list(features)
    collection = {"type": "FeatureCollection", **members}
    if (bbox := features_bbox(features)) is not None:
        collection["bbox"] = bbox
    collection["features"] = features
    return collection


def border_feature(border):
    return feature(border.line, kind="border", name=border.display_name, url=border.get_absolute_url())


def country_feature(country, shape=None):
    """A country with its ``shape`` (one of its simplified shapes, say), by default the shape as stored."""
    geometry = country.shape if shape is None else shape
    return feature(geometry, kind="country", name=country.display_name, url=country.get_absolute_url())
