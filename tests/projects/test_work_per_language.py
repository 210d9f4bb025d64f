"""With 25 interface languages and content in two, the work done after a change is done once where it does not
depend on the language: the map's shapes and the filter counts (projects.tasks, projects.geography_views)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from borders.geojson import border_feature, feature_collection
from core.pagecache import cached_for_content
from projects.filters import PilotActionFilter
from projects.geography_views import borders_body, countries_body, countries_collection, map_shapes_ahead
from projects.models import PilotAction, borders_in_programme

pytestmark = pytest.mark.django_db

DETAILS = ["", "low", "medium"]


@pytest.mark.parametrize("language", ["en", "fr", "de", "el", "bg"])
def test_shapes_made_once_read_as_each_language_would_write_them(programme, language):
    """The same GeoJSON text as serialising each language's features whole: names in the language content is shown
    in (English for German), countries named and every address written in the language."""
    with translation.override(language):
        borders = borders_in_programme().with_lines().filter(line__isnull=False)
        assert borders_body() == json.dumps(feature_collection(border_feature(border) for border in borders))
        for detail in DETAILS:
            assert countries_body(detail) == countries_collection(detail), detail
        if language != "en":
            assert f'"url": "/{language}/' in countries_body("low") and f'"url": "/{language}/' in borders_body()


def test_shapes_are_computed_ahead_once_for_every_language(programme, settings):
    map_shapes_ahead()
    for name in ["geojson:border-lines", *(f"geojson:country-shapes:{detail}" for detail in DETAILS)]:
        cached_for_content(name, lambda name=name: pytest.fail(f"{name} was not computed ahead"))
    for language, _name in settings.LANGUAGES:
        with translation.override(language), CaptureQueriesContext(connection) as queries:
            borders_body()
            for detail in DETAILS:
                countries_body(detail)
        assert not queries.captured_queries, language


def test_a_first_click_in_another_language_counts_nothing(settings, programme, client):
    """The counts of each single choice are computed once after a change and serve every language: a German click
    on a filter labels them (a query per select) and counts nothing."""
    settings.PRECOMPUTE_FILTER_CHOICES = True
    settings.RENDERING_SHORTCUTS = True
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    PilotAction.objects.public().first().save()  # committed at once in a test: the content version moves on
    form = PilotActionFilter({}, queryset=PilotAction.objects.public()).form
    for name in PilotActionFilter.facets:
        value = next(str(value) for value, _label in form.fields[name].choices if str(value))
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/de/map/results/", {name: value})
        assert response.status_code == 200
        counting = [query["sql"] for query in queries if "GROUP BY" in query["sql"] or "MIN(" in query["sql"]]
        assert not counting, (name, counting)
        assert "(" in response.content.decode()
