import pytest

from borders.models import Border
from projects.models import PilotAction, borders_in_programme
from tests.factories import PilotActionFactory
from tests.research import CONFIRMED, CONFIRMED_COUNTRIES

pytestmark = pytest.mark.django_db


def urls(response):
    return {pilot_action.get_absolute_url() for pilot_action in response.context["object_list"]}


@pytest.mark.parametrize("query", [{}, {"theme": "floods"}, {"group": "spatial-planning"}, {"q": "municipality"}])
def test_map_lists_what_the_list_lists(client, programme, query):
    map_page = client.get("/map/", query)
    assert map_page.status_code == 200
    assert urls(map_page) == urls(client.get("/pilot-actions/", query))


def test_map_page_carries_its_data_sources_and_works_without_javascript(client, programme):
    content = client.get("/map/", {"theme": "floods"}).content.decode()
    for expected in (
        'data-pilot-actions-url="/api/pilot-actions.geojson"',
        'data-borders-url="/api/borders.geojson"',
        'data-countries-url="/api/countries.geojson?detail=low"',  # simplified for the opening zoom
        'data-results-url="/map/results/"',
        'id="map-labels"',
        "/static/js/map.js",
        "/static/leaflet/leaflet",
        # The list is in the HTML: the page is usable with a keyboard, a screen reader and without JavaScript.
        "Enhancing flood and drought resilience along the river Drava",
        'action="/map/"',
        "Cross-border crisis management",
    ):
        assert expected in content, expected
    assert "onclick" not in content and "<script>" not in content


def test_legend_explains_the_hollow_marker_of_a_pilot_action_placed_on_its_border(client, programme):
    legend = client.get("/map/").content.decode().split('class="legend"')[1].split("</section>")[0]
    assert "swatch--on-border" in legend
    assert "Placed on its border: the exact place is not published" in legend
    french = client.get("/fr/map/").content.decode().split('class="legend"')[1].split("</section>")[0]
    assert "Placée sur sa frontière : le lieu exact n’est pas publié" in french


def test_map_page_shows_filter_errors(client):
    response = client.get("/map/", {"country": "zz"})
    assert response.status_code == 200
    assert "country" in response.context["filter"].form.errors


@pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
def test_map_page_query_budget(client, many_pilot_actions, django_assert_max_num_queries):
    # 20, 1 for the family of crisis's facet counts (one grouped count per facet, on a cold cache), and 1 for the
    # box around the matches the map opens on (kept per content version, with the GeoJSON's matches_bbox)
    with django_assert_max_num_queries(22):
        assert client.get("/map/", {"theme": "floods"}).status_code == 200


def test_border_and_country_layers(client, programme):
    borders = client.get("/api/borders.geojson")
    assert borders.status_code == 200
    assert borders["Content-Type"] == "application/geo+json"
    names = {feature["properties"]["name"] for feature in borders.json()["features"]}
    assert names == set(borders_in_programme().values_list("name", flat=True))
    assert {feature["geometry"]["type"] for feature in borders.json()["features"]} == {"MultiLineString"}
    countries = client.get("/api/countries.geojson").json()
    assert len(countries["features"]) == len(CONFIRMED_COUNTRIES)
    assert {feature["geometry"]["type"] for feature in countries["features"]} <= {"Polygon", "MultiPolygon"}
    french = {feature["properties"]["name"] for feature in client.get("/fr/api/borders.geojson").json()["features"]}
    assert french == set(borders_in_programme().values_list("name_fr", flat=True))
    assert "Bulgarie – Grèce" in french  # the two Greek–Bulgarian pilot actions are named by tests elsewhere


def test_layers_answer_304_until_the_data_changes(client, programme, django_assert_max_num_queries):
    etag = client.get("/api/borders.geojson")["ETag"]
    with django_assert_max_num_queries(1):
        assert client.get("/api/borders.geojson", headers={"if-none-match": etag}).status_code == 304
    PilotActionFactory(borders=[Border.objects.get(slug="austria-germany")])
    refreshed = client.get("/api/borders.geojson", headers={"if-none-match": etag})
    assert refreshed.status_code == 200
    assert "Austria – Germany" in {feature["properties"]["name"] for feature in refreshed.json()["features"]}
    assert PilotAction.objects.public().count() == len(CONFIRMED) + 1
