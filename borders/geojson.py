"""GeoJSON (RFC 7946: longitude first) for maps, built from plain fields without GDAL."""


def feature(geometry, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def point(latitude, longitude):
    return {"type": "Point", "coordinates": [float(longitude), float(latitude)]}


def feature_collection(features):
    return {"type": "FeatureCollection", "features": list(features)}


def border_feature(border):
    return feature(border.line, kind="border", name=border.name, url=border.get_absolute_url())


def country_feature(country):
    return feature(country.shape, kind="country", name=country.display_name, url=country.get_absolute_url())
