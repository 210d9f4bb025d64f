"""The open data write what /open-data/ documents: each column's type, for every value of a real download (the pilot
actions' CSV, XLSX and GeoJSON, the outputs' CSV and XLSX); booleans as true/false; one null for every unknown value
in GeoJSON; a CSV with a byte-order mark for Excel beside the plain one; addresses from SITE_URL whatever host or
port served the request. Here because results is the app that adds the outputs to /open-data/."""

import codecs
import csv
import datetime
import html
import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects import opendata as projects_opendata
from projects.models import Partnership, PilotAction, Source
from results import opendata as results_opendata
from tests.factories import OrganisationFactory, PartnershipFactory, PilotActionFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://portal.example.org"
URL_PATTERN = re.compile(r"https?://\S+")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture
def complete_pilot_action(programme):
    """The real programme, a pilot action with every column known, so that every column has values to check, and
    one whose place is precise."""
    pilot_action = PilotActionFactory(
        title="Everything known across the Oder",
        acronym="ODERALL",
        code="CM99",
        location_is_approximate=True,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 6, 30),
        eu_contribution=Decimal("150000.50"),
        website="https://example.org/oder",
        latitude=Decimal("52.342"),
        longitude=Decimal("14.553"),
    )
    PartnershipFactory(pilot_action=pilot_action, organisation=OrganisationFactory(), role=Partnership.Role.LEAD)
    Source.objects.create(pilot_action=pilot_action, url="https://example.org/source")
    PilotActionFactory(title="A precise place on the Danube", location_is_approximate=False)
    return pilot_action


def is_empty(value):
    return value in ("", None)


def conforms(value_type, value, file_format):
    """Whether a value written in ``file_format`` is of the documented ``value_type``."""
    if file_format == "csv" or isinstance(value, str):
        text = str(value)
        checks = {
            "text": lambda: True,
            "list": lambda: all(item and item == item.strip() for item in text.split("; ")),
            "url": lambda: URL_PATTERN.fullmatch(text),
            "integer": lambda: file_format == "csv" and re.fullmatch(r"-?\d+", text),
            "number": lambda: file_format == "csv" and re.fullmatch(r"-?\d+(\.\d+)?", text),
            "boolean": lambda: file_format == "csv" and text in ("true", "false"),
            "date": lambda: DATE_PATTERN.fullmatch(text) and datetime.date.fromisoformat(text),
            "datetime": lambda: datetime.datetime.fromisoformat(text).tzinfo is not None,
        }
        return bool(checks[value_type]())
    if isinstance(value, bool):  # XLSX's boolean cells, JSON's true and false
        return value_type == "boolean"
    if isinstance(value, int):
        return value_type in ("integer", "number")
    if isinstance(value, float):
        return value_type == "number"
    return False


def documented_types(page, section_id=None):
    """{column: type} as /open-data/ documents them, in the page's first table (the pilot actions) or in a
    dataset's section."""
    if section_id is not None:
        page = page.split(f'<section id="{section_id}"', 1)[1]
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r'<tr><th scope="row"><code>(\w+)</code></th><td>([^<]*)</td><td>', table)
    labels = {str(label): key for key, label in projects_opendata.VALUE_TYPES.items()}
    return {name: labels[html.unescape(label)] for name, label in rows}


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def xlsx_rows(content):
    header, *rows = load_workbook(io.BytesIO(content)).active.values
    return [dict(zip(header, row, strict=True)) for row in rows]


def geojson_rows(content):
    return [feature["properties"] for feature in json.loads(content)["features"]]


READERS = {"csv": csv_rows, "xlsx": xlsx_rows, "json": geojson_rows}


def assert_values_are_as_documented(types, downloads):
    """Every value of every download is of its column's documented type, and each column has values to check."""
    for file_format, content in downloads:
        rows = READERS[file_format](content)
        assert rows
        for name, value_type in types.items():
            values = [row[name] for row in rows if not is_empty(row[name])]
            assert values, f"{file_format}: no value of {name} to check"
            wrong = [value for value in values if not conforms(value_type, value, file_format)]
            assert not wrong, f"{file_format}: {name} is documented as {value_type}, but holds {wrong[:3]}"


def test_every_pilot_action_column_holds_its_documented_type(client, complete_pilot_action):
    types = documented_types(client.get(reverse("projects:open-data")).content.decode())
    assert list(types) == projects_opendata.COLUMN_NAMES
    downloads = [
        (file_format, client.get(reverse(f"projects:open-data-{name}")).content)
        for file_format, name in (("csv", "csv"), ("xlsx", "xlsx"), ("json", "geojson"))
    ]
    assert_values_are_as_documented(types, downloads)


def test_every_output_column_holds_its_documented_type(client, library):
    types = documented_types(client.get(reverse("projects:open-data")).content.decode(), "outputs")
    assert list(types) == results_opendata.COLUMN_NAMES
    downloads = [
        (file_format, client.get(reverse(f"results:outputs-{file_format}")).content) for file_format in ("csv", "xlsx")
    ]
    assert_values_are_as_documented(types, downloads)


def test_booleans_are_written_as_documented(client, complete_pilot_action):
    page = client.get(reverse("projects:open-data")).content.decode()
    assert "<code>true</code>" in page and "<code>false</code>" in page
    rows = csv_rows(client.get(reverse("projects:open-data-csv")).content)
    assert {row["location_is_approximate"] for row in rows} == {"true", "false"}
    cells = xlsx_rows(client.get(reverse("projects:open-data-xlsx")).content)
    assert {row["location_is_approximate"] for row in cells} == {True, False}
    properties = geojson_rows(client.get(reverse("projects:open-data-geojson")).content)
    assert {row["location_is_approximate"] for row in properties} == {True, False}


def test_the_geojson_writes_every_unknown_value_as_null(client, complete_pilot_action):
    properties = geojson_rows(client.get(reverse("projects:open-data-geojson")).content)
    assert not [(row["title"], name) for row in properties for name, value in row.items() if value == ""]
    without_acronym = next(row for row in properties if not PilotAction.objects.get(title=row["title"]).acronym)
    assert without_acronym["acronym"] is None
    exact = [row for row in properties if row["location"] == "exact"]
    assert exact and all(row["location_label"] is None for row in exact)
    complete = next(row for row in properties if row["title"] == complete_pilot_action.title)
    assert complete["acronym"] == "ODERALL" and complete["start_date"] == "2025-01-01"


@pytest.mark.parametrize(
    ("plain", "for_excel", "data"),
    [
        ("projects:open-data-csv", "projects:open-data-csv-excel", "complete_pilot_action"),
        ("results:outputs-csv", "results:outputs-csv-excel", "library"),
    ],
)
def test_a_csv_for_excel_has_a_byte_order_mark_and_the_plain_one_none(client, request, plain, for_excel, data):
    request.getfixturevalue(data)
    plain_response, excel_response = (
        client.get(reverse(plain), {"group": "crisis-management"}),
        client.get(reverse(for_excel), {"group": "crisis-management"}),
    )
    assert plain_response.status_code == excel_response.status_code == 200
    assert not plain_response.content.startswith(codecs.BOM_UTF8)
    assert excel_response.content == codecs.BOM_UTF8 + plain_response.content
    assert excel_response["Content-Type"] == "text/csv; charset=utf-8"
    page = client.get(reverse("projects:open-data")).content.decode()
    assert f'href="{reverse(for_excel)}"' in page and "byte-order mark" in page


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "testserver"])
def test_addresses_are_the_sites_public_ones_whatever_served_the_request(client, settings, library, host):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    pilot_actions = csv_rows(client.get(reverse("projects:open-data-csv"), headers={"host": host}).content)
    outputs = csv_rows(client.get(reverse("results:outputs-csv"), headers={"host": host}).content)
    features = geojson_rows(client.get(reverse("projects:open-data-geojson"), headers={"host": host}).content)
    addresses = [row["url"] for row in pilot_actions + features] + [
        row[name] for row in outputs for name in ("url", "pilot_action_url", "file_url") if row[name]
    ]
    assert addresses and all(address.startswith(SITE_URL + "/") for address in addresses), addresses
