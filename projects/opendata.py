"""The pilot actions as open data: one list of columns for CSV, XLSX and GeoJSON, documented on /open-data/.

Column names are a promise to the people who reuse the files: add columns at the end, never rename one.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import tablib
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borders.geojson import feature_collection, point
from core.spreadsheets import cell
from projects.geojson import placement

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Resilient Borders portal (DG REGIO, AEBR, MOT)",
}


def joined(values):
    return "; ".join(value for value in values if value)


def decimal_or_none(value):
    return None if value is None else float(value)


# What a column's values are, as /open-data/ documents each column's type. Whatever the type, an unknown or empty
# value is an empty cell in CSV and XLSX, and null in GeoJSON.
VALUE_TYPES = {
    "text": _("text"),
    "list": _("text: values separated by “; ”"),
    "url": _("URL"),
    "integer": _("whole number"),
    "number": _("number, with a dot for decimals"),
    "boolean": _("true or false"),
    "date": _("date: YYYY-MM-DD"),
    "datetime": _("date and time: ISO 8601"),
}


class Column(NamedTuple):
    name: str
    type: str  # a key of VALUE_TYPES
    description: str | Promise
    read: Callable | None = None  # how to read the value from one row; None where the file format writes it

    @property
    def documentation(self):
        """(name, type, what it holds), as /open-data/ prints it."""
        return self.name, VALUE_TYPES[self.type], self.description


# Read from a pilot action of ``PilotAction.objects.for_open_data()``.
COLUMNS = [
    Column("code", "text",
           _("Programme code, such as CM1 (crisis management) or SP1 (spatial planning); empty when unknown."),
           lambda p: p.code),
    Column("title", "text", _("Title."), lambda p: p.title),
    Column("acronym", "text", _("Acronym, when it has one."), lambda p: p.acronym),
    Column("url", "url", _("Address of its page on this portal."),
           lambda p: settings.SITE_URL + p.get_absolute_url()),
    Column("group", "text", _("Thematic group: crisis-management or spatial-planning."),
           lambda p: p.group.slug if p.group else None),
    Column("themes", "list", _("Themes, as slugs separated by “; ”."),
           lambda p: joined(t.slug for t in p.themes.all())),
    Column("borders", "list", _("Borders, as slugs separated by “; ”."),
           lambda p: joined(b.slug for b in p.borders.all())),
    Column("countries", "list", _("Countries, as ISO 3166-1 alpha-2 codes separated by “; ”."),
           lambda p: joined(c.iso_code for c in p.countries.all())),
    Column("latitude", "number", _("Latitude (WGS 84), empty when not located."),
           lambda p: decimal_or_none(p.latitude)),
    Column("longitude", "number", _("Longitude (WGS 84), empty when not located."),
           lambda p: decimal_or_none(p.longitude)),
    Column("location_is_approximate", "boolean", _("true when the point only shows the area, not a precise place."),
           lambda p: p.location_is_approximate),
    Column("lead_organisation", "text", _("Lead applicant, when published."),
           lambda p: p.lead_organisation.name if p.lead_organisation else None),
    Column("partners", "list", _("Every partner organisation, lead included, separated by “; ”."),
           lambda p: joined(partnership.organisation.name for partnership in p.partnerships.all())),
    Column("start_date", "date", _("Start date (YYYY-MM-DD), when known."),
           lambda p: p.start_date.isoformat() if p.start_date else None),
    Column("end_date", "date", _("End date (YYYY-MM-DD), when known."),
           lambda p: p.end_date.isoformat() if p.end_date else None),
    Column("eu_contribution_eur", "number", _("EU contribution in euros, when published."),
           lambda p: decimal_or_none(p.eu_contribution)),
    Column("website", "url", _("Its own website, when it has one."), lambda p: p.website),
    Column("summary", "text", _("Summary, in English."), lambda p: p.summary_en or p.summary),
    Column("published_reports", "integer", _("How many progress reports it has published."),
           lambda p: p.published_report_count),
    Column("sources", "list", _("Public sources of these facts, separated by “; ”."),
           lambda p: joined(s.url for s in p.sources.all())),
]  # fmt: skip
COLUMN_NAMES = [column.name for column in COLUMNS]
# How a GeoJSON feature's point was placed, documented on /open-data/; ``as_geojson`` writes them.
GEOJSON_PLACEMENT_COLUMNS = [
    Column("location", "text",
           _("How the point was placed: “exact” (the pilot action’s own place) or “border” (no source names its "
             "place: the point is its border’s label point, and the latitude and longitude columns stay empty); "
             "null when it has neither, and no geometry.")),
    Column("location_label", "text",
           _("For a point placed on its border, the words the portal’s maps show beside it (“placed on its border: "
             "the exact place is not published”), in the language of the request; null otherwise.")),
]  # fmt: skip
GEOJSON_PLACEMENT_PROPERTIES = [column.name for column in GEOJSON_PLACEMENT_COLUMNS]


@dataclass(frozen=True)
class Dataset:
    """Another app's open data, documented on /open-data/ after the pilot actions'. ``downloads`` are (file name,
    URL name, what the format is); ``columns`` are their ``Column.documentation`` (name, type, what it holds);
    ``example`` a query string its files take.
    """

    slug: str
    title: str
    description: str
    downloads: list
    columns: list
    example: str = ""


# Apps above this one register their datasets here (in their AppConfig.ready): projects never imports them.
DATASETS = {}


def register_dataset(dataset):
    DATASETS[dataset.slug] = dataset


def rows(pilot_actions):
    for pilot_action in pilot_actions:
        yield [column.read(pilot_action) for column in COLUMNS]


def spreadsheet(objects, columns, title, file_format):
    """``objects`` read by ``columns``, for a spreadsheet format (CSV or XLSX), each value written by
    ``core.spreadsheets.cell``: formulas escaped, booleans as the format writes them. (GeoJSON keeps the text.)"""
    dataset = tablib.Dataset(headers=[column.name for column in columns], title=title)
    for item in objects:
        dataset.append([cell(column.read(item), file_format) for column in columns])
    return dataset


def as_dataset(pilot_actions, file_format):
    return spreadsheet(pilot_actions, COLUMNS, "pilot-actions", file_format)


def json_value(value):
    """One null for every unknown or empty value in JSON, where the spreadsheets have an empty cell."""
    return None if value == "" else value


def as_geojson(pilot_actions):
    """RFC 7946: a Point per pilot action a map can place, a null geometry for the others; the same properties.

    One without a place of its own stands on its border's label point, as on the site's maps: its latitude and
    longitude columns stay empty, and ``location`` ("exact" or "border") and ``location_label`` say so. Every
    unknown or empty value is null.
    """
    features = []
    for pilot_action, row in zip(pilot_actions, rows(pilot_actions), strict=True):
        properties = {name: json_value(value) for name, value in zip(COLUMN_NAMES, row, strict=True)}
        geometry, properties["location"], properties["location_label"] = None, None, None
        if (place := pilot_action.map_point) is not None:
            latitude, longitude, on_border = place
            geometry = point(latitude, longitude)
            properties.update(placement(on_border))
        features.append({"type": "Feature", "id": pilot_action.slug, "geometry": geometry, "properties": properties})
    return json.dumps(feature_collection(features, licence=LICENCE), ensure_ascii=False, indent=1)
