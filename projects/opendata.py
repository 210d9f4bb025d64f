"""The pilot actions as open data: one list of columns for CSV, XLSX and GeoJSON, documented on /open-data/.

Column names are a promise to the people who reuse the files: add columns at the end, never rename one.
"""

import json
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from borders.geojson import point
from core.spreadsheets import escape_formula
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


# (column, what it holds, how to read it from a pilot action of ``PilotAction.objects.for_open_data()``)
COLUMNS = [
    ("code", _("Programme code, such as CM1 (crisis management) or SP1 (spatial planning); empty when unknown."),
     lambda p: p.code),
    ("title", _("Title."), lambda p: p.title),
    ("acronym", _("Acronym, when it has one."), lambda p: p.acronym),
    ("url", _("Address of its page on this portal."), lambda p: settings.SITE_URL + p.get_absolute_url()),
    ("group", _("Thematic group: crisis-management or spatial-planning."), lambda p: p.group.slug if p.group else ""),
    ("themes", _("Themes, as slugs separated by “; ”."), lambda p: joined(t.slug for t in p.themes.all())),
    ("borders", _("Borders, as slugs separated by “; ”."), lambda p: joined(b.slug for b in p.borders.all())),
    ("countries", _("Countries, as ISO 3166-1 alpha-2 codes separated by “; ”."),
     lambda p: joined(c.iso_code for c in p.countries.all())),
    ("latitude", _("Latitude (WGS 84), empty when not located."), lambda p: decimal_or_none(p.latitude)),
    ("longitude", _("Longitude (WGS 84), empty when not located."), lambda p: decimal_or_none(p.longitude)),
    ("location_is_approximate", _("true when the point only shows the area, not a precise place."),
     lambda p: p.location_is_approximate),
    ("lead_organisation", _("Lead applicant, when published."),
     lambda p: p.lead_organisation.name if p.lead_organisation else ""),
    ("partners", _("Every partner organisation, lead included, separated by “; ”."),
     lambda p: joined(partnership.organisation.name for partnership in p.partnerships.all())),
    ("start_date", _("Start date (YYYY-MM-DD), when known."),
     lambda p: p.start_date.isoformat() if p.start_date else ""),
    ("end_date", _("End date (YYYY-MM-DD), when known."), lambda p: p.end_date.isoformat() if p.end_date else ""),
    ("eu_contribution_eur", _("EU contribution in euros, when published."),
     lambda p: decimal_or_none(p.eu_contribution)),
    ("website", _("Its own website, when it has one."), lambda p: p.website),
    ("summary", _("Summary, in English."), lambda p: p.summary_en or p.summary),
    ("published_reports", _("How many progress reports it has published."), lambda p: p.published_report_count),
    ("sources", _("Public sources of these facts, separated by “; ”."),
     lambda p: joined(s.url for s in p.sources.all())),
]  # fmt: skip
COLUMN_NAMES = [name for name, _description, _read in COLUMNS]
# How a GeoJSON feature's point was placed: (property, what it holds), documented on /open-data/.
GEOJSON_PLACEMENT_DOCUMENTATION = [
    ("location", _("How the point was placed: “exact” (the pilot action’s own place) or “border” (no source names "
                   "its place: the point is its border’s label point, and the latitude and longitude columns stay "
                   "empty); null when it has neither, and no geometry.")),
    ("location_label", _("For a point placed on its border, the words the portal’s maps show beside it (“placed on "
                         "its border: the exact place is not published”), in the language of the request; empty "
                         "otherwise.")),
]  # fmt: skip
GEOJSON_PLACEMENT_PROPERTIES = [name for name, _description in GEOJSON_PLACEMENT_DOCUMENTATION]


@dataclass(frozen=True)
class Dataset:
    """Another app's open data, documented on /open-data/ after the pilot actions'. ``downloads`` are (file name,
    URL name, what the format is); ``columns`` are (name, what it holds); ``example`` a query string its files take.
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
        yield [read(pilot_action) for _name, _description, read in COLUMNS]


def as_dataset(pilot_actions):
    """The rows for the spreadsheet formats (CSV and XLSX alike), formulas escaped; GeoJSON keeps the text as is."""
    dataset = tablib.Dataset(headers=COLUMN_NAMES, title="pilot-actions")
    for row in rows(pilot_actions):
        dataset.append(["" if value is None else escape_formula(value) for value in row])
    return dataset


def as_geojson(pilot_actions):
    """RFC 7946: a Point per pilot action a map can place, a null geometry for the others; the same properties.

    One without a place of its own stands on its border's label point, as on the site's maps: its latitude and
    longitude columns stay empty, and ``location`` ("exact" or "border") and ``location_label`` say so.
    """
    features = []
    for pilot_action, row in zip(pilot_actions, rows(pilot_actions), strict=True):
        properties = dict(zip(COLUMN_NAMES, row, strict=True))
        geometry, properties["location"], properties["location_label"] = None, None, ""
        if (place := pilot_action.map_point) is not None:
            latitude, longitude, on_border = place
            geometry = point(latitude, longitude)
            properties.update(placement(on_border))
        features.append({"type": "Feature", "id": pilot_action.slug, "geometry": geometry, "properties": properties})
    return json.dumps(
        {"type": "FeatureCollection", "licence": LICENCE, "features": features}, ensure_ascii=False, indent=1
    )
