from decimal import Decimal

import pytest
from shapely.geometry import shape

from projects.geojson import MAX_CELLS, MAX_POINTS
from projects.models import PilotAction, Theme
from tests.factories import PilotActionFactory, bulk_pilot_actions
from tests.research import CONFIRMED, CONFIRMED_WITHOUT_PLACE

pytestmark = pytest.mark.django_db

URL = "/api/pilot-actions.geojson"


def test_is_rfc_7946_geojson_longitude_first(client, programme):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    drava = next(f for f in collection["features"] if f["properties"]["title"].startswith("Enhancing flood"))
    assert drava["geometry"] == {"type": "Point", "coordinates": [18.2323, 46.0727]}
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        geometry = shape(feature["geometry"])
        assert geometry.is_valid and -180 <= geometry.x <= 180 and -90 <= geometry.y <= 90
        assert feature["properties"]["url"].startswith("/pilot-actions/")


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"theme": "floods"},
        {"group": "crisis-management"},
        {"group": "spatial-planning", "country": "fr"},
        {"border": "bulgaria-greece"},
        {"q": "municipality"},
        {"q": "svilengrad", "theme": "wildfires"},
    ],
)
def test_filters_agree_with_the_list(client, programme, query):
    listed = {
        pilot_action.get_absolute_url() for pilot_action in client.get("/pilot-actions/", query).context["object_list"]
    }
    mapped = {feature["properties"]["url"] for feature in client.get(URL, query).json()["features"]}
    assert mapped == listed


@pytest.mark.parametrize(
    "query",
    [
        {"theme": "volcanoes"},
        {"bbox": "1,2,3"},
        {"bbox": "0,50,10,40"},
        {"bbox": "-200,40,10,50"},
        {"bbox": "nan,40,10,50"},
        {"zoom": "99"},
        {"zoom": "two"},
    ],
)
def test_bad_input_answers_400_with_the_reason(client, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_conditional_get(client, programme):
    first = client.get(URL, {"theme": "floods"})
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(URL, {"theme": "floods"}, headers={"if-none-match": etag}).status_code == 304
    assert client.get(URL, {"theme": "floods"}, headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get(URL, {"theme": "drought"}, headers={"if-none-match": etag}).status_code == 200

    drava = PilotAction.objects.get(code="CM1")
    drava.latitude = Decimal("46.1")
    drava.save()
    changed = client.get(URL, {"theme": "floods"}, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["features"][0]["geometry"]["coordinates"][1] == 46.1


def test_hiding_a_pilot_action_changes_the_etag(client, programme):
    etag = client.get(URL)["ETag"]
    drava = PilotAction.objects.get(code="CM1")
    drava.status = "withdrawn"
    drava.save()
    response = client.get(URL, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert len(response.json()["features"]) == len(CONFIRMED) - 1


def test_bulk_changes_show_at_once(client, programme):
    """QuerySet.update() sends no signal; the queryset itself moves the content version on."""
    etag = client.get(URL)["ETag"]
    PilotAction.objects.filter(code="CM1").update(status="withdrawn")
    response = client.get(URL, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert len(response.json()["features"]) == len(CONFIRMED) - 1


def test_a_new_theme_link_changes_the_etag(client, programme):
    etag = client.get(URL, {"theme": "transport"})["ETag"]
    PilotAction.objects.get(code="CM1").themes.add(Theme.objects.get(slug="transport"))
    response = client.get(URL, {"theme": "transport"}, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert len(response.json()["features"]) == len([r for r in CONFIRMED if "transport" in r["themes"]]) + 1


def test_many_points_are_clustered_and_none_is_lost(client):
    bulk_pilot_actions(2000)
    collection = client.get(URL, {"bbox": "-20,30,40,65", "zoom": "4"}).json()
    features = collection["features"]
    assert len(features) <= MAX_CELLS
    clusters = [f for f in features if f["properties"]["kind"] == "cluster"]
    points = [f for f in features if f["properties"]["kind"] == "pilot_action"]
    assert clusters
    assert sum(f["properties"]["count"] for f in clusters) + len(points) == 2000


def test_zooming_in_shows_individual_pilot_actions(client):
    bulk_pilot_actions(2000)
    collection = client.get(URL, {"bbox": "5,45,6,46", "zoom": "10"}).json()
    inside = PilotAction.objects.in_bbox(5, 45, 6, 46).count()
    assert 0 < inside <= MAX_POINTS
    assert len(collection["features"]) == inside
    assert {f["properties"]["kind"] for f in collection["features"]} == {"pilot_action"}


def test_a_huge_box_at_a_deep_zoom_still_gives_few_features(client):
    bulk_pilot_actions(3000)
    features = client.get(URL, {"bbox": "-180,-85,180,85", "zoom": "18"}).json()["features"]
    assert len(features) <= MAX_CELLS


def test_box_across_the_antimeridian(client):
    PilotActionFactory(latitude=Decimal("60"), longitude=Decimal("179.5"), title="East")
    PilotActionFactory(latitude=Decimal("60"), longitude=Decimal("-179.5"), title="West")
    PilotActionFactory(latitude=Decimal("60"), longitude=Decimal("0"), title="Greenwich")
    features = client.get(URL, {"bbox": "179,50,-179,70", "zoom": "6"}).json()["features"]
    assert sorted(f["properties"]["title"] for f in features) == ["East", "West"]


@pytest.mark.parametrize("count", [20, 500])
def test_query_budget(client, count, django_assert_max_num_queries):
    bulk_pilot_actions(count)
    with django_assert_max_num_queries(8):
        assert client.get(URL, {"bbox": "-20,30,40,65", "zoom": "4", "q": "bulk"}).status_code == 200


def test_a_pilot_action_without_a_place_stands_on_its_border_labelled(client, programme):
    assert CONFIRMED_WITHOUT_PLACE
    features = {feature["properties"]["title"]: feature for feature in client.get(URL).json()["features"]}
    assert len(features) == len(CONFIRMED)
    for record in CONFIRMED_WITHOUT_PLACE:
        feature = features[record["title"]]
        border = PilotAction.objects.get(title=record["title"]).borders.get()
        longitude, latitude = feature["geometry"]["coordinates"]
        # The border's label point, derived from its line (not typed in): on the line itself.
        assert (latitude, longitude) == (border.label_latitude, border.label_longitude)
        assert shape(border.line).distance(shape(feature["geometry"])) < 1e-3
        assert feature["properties"]["location"] == "border"
        assert feature["properties"]["location_label"] == "placed on its border: the exact place is not published"
    exact = [
        feature for title, feature in features.items() if title not in {r["title"] for r in CONFIRMED_WITHOUT_PLACE}
    ]
    assert {feature["properties"]["location"] for feature in exact} == {"exact"}
    assert {feature["properties"]["location_label"] for feature in exact} == {None}


def test_the_border_label_is_translated(client, programme):
    features = client.get("/fr/api/pilot-actions.geojson").json()["features"]
    labels = {
        feature["properties"]["location_label"] for feature in features if feature["properties"]["location"] == "border"
    }
    assert labels and "placed on its border: the exact place is not published" not in labels


def test_border_placed_pilot_actions_are_clustered_and_filtered_like_the_others(client, programme):
    record = CONFIRMED_WITHOUT_PLACE[0]
    pilot_action = PilotAction.objects.get(title=record["title"])
    border = pilot_action.borders.get()
    latitude, longitude = border.label_latitude, border.label_longitude
    # Close enough to share its cluster at a low zoom, far enough apart for their own markers when zoomed in.
    bulk_pilot_actions(MAX_POINTS + 50, bbox=(longitude - 1, latitude - 1, longitude + 1, latitude + 1))
    overview = client.get(URL, {"bbox": "-20,30,40,72", "zoom": "4"}).json()["features"]
    clusters = [f for f in overview if f["properties"]["kind"] == "cluster"]
    points = [f for f in overview if f["properties"]["kind"] == "pilot_action"]
    assert clusters
    assert sum(f["properties"]["count"] for f in clusters) + len(points) == PilotAction.objects.public().count()
    box = f"{longitude - 0.001},{latitude - 0.001},{longitude + 0.001},{latitude + 0.001}"
    close = client.get(URL, {"bbox": box, "zoom": "18"}).json()["features"]
    assert record["title"] in {f["properties"].get("title") for f in close}
    outside = client.get(URL, {"bbox": "0,40,1,41", "zoom": "10"}).json()["features"]
    assert record["title"] not in {f["properties"].get("title") for f in outside}
