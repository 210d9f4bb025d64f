"""The call's five families of crisis, a level above the themes: filters of the list, the map, its GeoJSON and the
outputs library, with facet counts that roll the themes up (a pilot action counts once per family)."""

import pytest
from django.urls import resolve
from django.utils.html import escape

from projects.filters import PilotActionFilter
from projects.models import PilotAction, Theme
from tests.factories import OutputFactory, PilotActionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

FAMILIES = [value for value, _label in Theme.HazardFamily.choices]


def expected_titles(family):
    """The public pilot actions with any theme in ``family``, worked out in Python from the loaded data."""
    return {
        pilot_action.title
        for pilot_action in PilotAction.objects.public().prefetch_related("themes")
        if any(theme.hazard_family == family for theme in pilot_action.themes.all())
    }


def test_every_loaded_theme_is_in_the_family_the_call_names(programme):
    # programme-facts.md: floods and droughts are meteorological and hydrological, forest fires geohazards,
    # epidemics and animal diseases biological; planning themes (transport, housing, other) have none.
    assert dict(Theme.objects.values_list("slug", "hazard_family")) == {
        "floods": "meteorological",
        "drought": "meteorological",
        "wildfires": "geohazard",
        "health-crisis": "biological",
        "transport": "",
        "housing": "",
        "other": "",
    }


def test_list_and_map_filter_by_family_with_the_count_in_the_select(client, programme):
    for family in FAMILIES:
        expected = expected_titles(family)
        label = Theme.HazardFamily(family).label
        for path in ("/pilot-actions/", "/map/"):
            response = client.get(path, {"family": family})
            assert response.status_code == 200
            assert {pilot_action.title for pilot_action in response.context["object_list"]} == expected
            assert f'<option value="{family}" selected>{escape(label)} ({len(expected)})</option>' in (
                response.content.decode()
            )


def test_the_loaded_data_exercise_the_filter(programme):
    """Not vacuous: some families find pilot actions, and one finds fewer than every pilot action."""
    found = [len(expected_titles(family)) for family in FAMILIES]
    assert any(found) and max(found) < PilotAction.objects.public().count()


def test_geojson_filters_by_family(client, programme):
    for family in FAMILIES:
        response = client.get("/api/pilot-actions.geojson", {"family": family})
        assert response.status_code == 200
        titles = {feature["properties"]["title"] for feature in response.json()["features"]}
        assert titles == expected_titles(family), family


def test_family_counts_roll_up_from_the_themes(client, db):
    floods = ThemeFactory(slug="floods", name="Floods", hazard_family="meteorological")
    drought = ThemeFactory(slug="drought", name="Drought", hazard_family="meteorological")
    fires = ThemeFactory(slug="wildfires", name="Wildfires", hazard_family="geohazard")
    housing = ThemeFactory(slug="housing", name="Housing")
    both = PilotActionFactory(title="Floods and droughts", themes=[floods, drought])
    PilotActionFactory(title="Floods, fires and housing", themes=[floods, fires, housing])
    PilotActionFactory(title="Housing only", themes=[housing])
    PilotActionFactory(title="No theme")

    counts = PilotActionFilter({}, queryset=PilotAction.objects.public()).facet_counts()
    assert counts["family"]["meteorological"] == 2  # three theme links, two pilot actions
    assert counts["family"]["geohazard"] == 1
    assert counts["family"].get("biological", 0) == 0
    assert counts["theme"]["floods"] == 2 and counts["theme"]["drought"] == 1

    response = client.get("/pilot-actions/", {"family": "meteorological"})
    assert response.context["paginator"].count == 2  # distinct: "Floods and droughts" once
    content = response.content.decode()
    assert "Meteorological and hydrological (2)" in content and "Geohazards (1)" in content
    # The other facets are counted within the family, and the family's count keeps the other filters.
    assert "Drought (1)" in content and "Housing (1)" in content
    within_drought = client.get("/pilot-actions/", {"theme": "drought"}).content.decode()
    assert "Meteorological and hydrological (1)" in within_drought and "Geohazards (0)" in within_drought
    assert both.title in within_drought

    # The map's GeoJSON and its viewport: each pilot action once, however many of its themes are in the family.
    for query in ({}, {"bbox": "-20,30,40,70", "zoom": "3"}):
        collection = client.get("/api/pilot-actions.geojson", {"family": "meteorological", **query}).json()
        titles = [feature["properties"]["title"] for feature in collection["features"]]
        assert sorted(titles) == ["Floods and droughts", "Floods, fires and housing"]


def test_a_bad_family_is_named_not_a_500(client, programme):
    for value in ["bogus", "METEOROLOGICAL", "<script>x</script>", "nul\x00byte", "a" * 500]:
        for path in ("/pilot-actions/", "/map/", "/outputs/", "/results/"):
            response = client.get(path, {"family": value})
            assert response.status_code == 200, path
            assert "family" in response.context["filter"].form.errors, path
            assert "<script>x" not in response.content.decode()
        response = client.get("/pilot-actions/", {"family": value})
        assert response.context["paginator"].count == PilotAction.objects.public().count()
        geojson = client.get("/api/pilot-actions.geojson", {"family": value})
        assert geojson.status_code == 400 and "family" in geojson.json()["errors"]


def test_outputs_library_filters_by_family(client, programme):
    floods = Theme.objects.get(slug="floods")
    housing = Theme.objects.get(slug="housing")
    pilot_action = PilotAction.objects.public().first()
    OutputFactory(pilot_action=pilot_action, title="A joint flood plan", themes=[floods])
    OutputFactory(pilot_action=pilot_action, title="A housing study", themes=[housing])
    response = client.get("/outputs/", {"family": "meteorological"})
    assert [output.title for output in response.context["object_list"]] == ["A joint flood plan"]
    assert "Meteorological and hydrological (1)" in response.content.decode()
    assert not client.get("/outputs/", {"family": "societal"}).context["object_list"]


def test_the_family_is_a_cached_parameter_of_the_list_and_the_geojson():
    for path in ("/pilot-actions/", "/map/", "/api/pilot-actions.geojson"):
        assert "family" in resolve(path).func.page_parameters, path


def test_the_page_cache_keeps_families_apart(client, programme, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    first = client.get("/pilot-actions/", {"family": "geohazard"})
    assert client.get("/pilot-actions/", {"family": "geohazard"})["X-Page-Cache"] == "hit"
    other = client.get("/pilot-actions/", {"family": "biological"})
    assert "X-Page-Cache" not in other and other.content != first.content
    assert "X-Page-Cache" not in client.get("/pilot-actions/", {"family": "bogus"})
    assert "X-Page-Cache" not in client.get("/pilot-actions/", {"family": "bogus"})


@pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
def test_query_budget_does_not_grow(client, many_pilot_actions, django_assert_max_num_queries):
    Theme.objects.filter(slug="floods").update(hazard_family="meteorological")
    for path in ("/pilot-actions/", "/map/"):
        with django_assert_max_num_queries(20):
            response = client.get(path, {"family": "meteorological", "country": "fr"})
        assert response.status_code == 200
        assert response.context["paginator"].count == len(many_pilot_actions) // 2
    with django_assert_max_num_queries(6):
        assert client.get("/api/pilot-actions.geojson", {"family": "meteorological"}).status_code == 200
