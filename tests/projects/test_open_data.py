"""Open data: CSV, XLSX and GeoJSON of the public pilot actions, filtered like the list, with stable columns."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import PilotAction
from projects.opendata import COLUMN_NAMES

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
    assert {row["title"] for row in rows} == listed and len(listed) == 3
    geojson = client.get(reverse("projects:open-data-geojson"), {"group": "spatial-planning"}).json()
    assert {feature["properties"]["title"] for feature in geojson["features"]} == listed


def test_bad_filter_is_a_400_with_reasons(client, programme):
    response = client.get(reverse("projects:open-data-csv"), {"group": "nope", "colour": "red"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "group" in errors and "__all__" in errors


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
    assert set(located[0]["properties"]) == set(COLUMN_NAMES)


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
