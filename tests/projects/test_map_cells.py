"""The map's clusters counted ahead (projects.mapcells): the same as counted live, never read when stale, and
not read for filters they do not count."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from core.pagecache import content_version
from projects import mapcells
from projects.filters import PilotActionFilter
from projects.geojson import overview_collection, viewport_collection
from projects.models import MapCellBuild, PilotAction
from tests.factories import BorderFactory, PilotActionFactory, ThematicGroupFactory, ThemeFactory, bulk_pilot_actions

pytestmark = pytest.mark.django_db

URL = "/api/pilot-actions.geojson"
VIEWPORTS = [
    ((-20, 30, 40, 65), 3),
    ((-20, 30, 40, 65), 4),
    ((0, 40, 12, 48), 6),
    ((5.3, 44.1, 7.9, 45.4), 8),
    ((-180, -85, 180, 85), 18),  # clustered on a coarser level's grid
    ((170, 40, -170, 60), 5),  # across the antimeridian
]


@pytest.fixture
def groups():
    """Two groups of pilot actions spread over Europe, a few on their border's label point, and one without a
    group."""
    first, second = ThematicGroupFactory(slug="first"), ThematicGroupFactory(slug="second")
    bulk_pilot_actions(1200, seed=1, group=first, prefix="first")
    bulk_pilot_actions(800, seed=2, group=second, prefix="second")
    border = BorderFactory(label_latitude=46.5, label_longitude=6.5)
    for _ in range(3):
        PilotActionFactory(group=first, latitude=None, longitude=None, borders=[border])
    PilotActionFactory(group=None, latitude=Decimal("179.5") / 4, longitude=Decimal("179.5"))
    return first, second


def without_means(answer):
    """An answer with clusters' points left out (a mean summed in another order may differ in its last digit)."""
    features = [
        {**feature, "geometry": None} if feature["properties"]["kind"] == "cluster" else feature
        for feature in answer["features"]
    ]
    return {**answer, "features": features, "bbox": None}


def assert_same_answers(counted, live):
    """The same features, clusters at the same points but for the last digit."""
    assert [without_means(answer) for answer in counted] == [without_means(answer) for answer in live]
    for counted_answer, live_answer in zip(counted, live, strict=True):
        for counted_feature, live_feature in zip(counted_answer["features"], live_answer["features"], strict=True):
            assert counted_feature["geometry"]["coordinates"] == pytest.approx(
                live_feature["geometry"]["coordinates"], abs=2e-6
            )


def by_cell(cells):
    return {(cell["cell_x"], cell["cell_y"]): cell for cell in cells}


def assert_same_cells(counted, live):
    counted, live = by_cell(counted), by_cell(live)
    assert counted.keys() == live.keys()
    for key, cell in counted.items():
        assert (cell["count"], cell["any_id"]) == (live[key]["count"], live[key]["any_id"])
        assert cell["mean_latitude"] == pytest.approx(live[key]["mean_latitude"], abs=1e-9)
        assert cell["mean_longitude"] == pytest.approx(live[key]["mean_longitude"], abs=1e-9)


def test_counted_cells_are_the_cells_counted_live(groups):
    built = mapcells.build()
    assert built.finest_zoom >= 3
    assert built.pilot_action_count == PilotAction.objects.public().on_map().count()
    public = PilotAction.objects.public().on_map()
    for scope, pilot_actions in [
        (mapcells.EVERY_GROUP, public),
        (groups[0].pk, public.filter(group=groups[0])),
        (groups[1].pk, public.filter(group=groups[1])),
    ]:
        for bbox, zoom in VIEWPORTS:
            window = mapcells.Window(bbox, mapcells.grid_zoom(bbox, zoom))
            if window.zoom > built.finest_zoom:
                assert mapcells.precomputed_cells(scope, window) is None
                continue
            counted = mapcells.precomputed_cells(scope, window)
            assert counted is not None
            assert_same_cells(counted, mapcells.live_cells(pilot_actions, window))
            assert sum(cell["count"] for cell in counted) <= pilot_actions.count()


def test_every_level_counts_every_pilot_action_once(groups):
    built = mapcells.build()
    located = PilotAction.objects.public().on_map()
    for zoom in range(built.finest_zoom + 1):
        cells = mapcells.scope_cells(mapcells.EVERY_GROUP, zoom)
        assert sum(cells.values_list("count", flat=True)) == located.count()
        assert sum(mapcells.scope_cells(groups[1].pk, zoom).values_list("count", flat=True)) == (
            located.filter(group=groups[1]).count()
        )
    extent, count = mapcells.precomputed_extent_and_count(mapcells.EVERY_GROUP)
    assert (extent, count) == located.extent_and_count()


@pytest.mark.parametrize("query", [{}, {"group": "first"}, {"group": "second", "sort": "title"}])
def test_the_api_answers_the_same_from_counted_cells_and_live(client, groups, query):
    def answers():
        return [
            client.get(URL, {**query, "bbox": ",".join(map(str, bbox)), "zoom": zoom}).json()
            for bbox, zoom in VIEWPORTS
        ]

    live = answers()
    mapcells.build()
    cache.clear()  # the pages and extents cached meanwhile
    counted = answers()
    assert_same_answers(counted, live)
    assert any(feature["properties"]["kind"] == "cluster" for answer in counted for feature in answer["features"])


def test_stale_cells_are_not_read(client, groups):
    built = mapcells.build()
    scope, window = mapcells.EVERY_GROUP, mapcells.Window((-20, 30, 40, 65), 3)
    assert mapcells.precomputed_cells(scope, window) is not None

    moved = PilotAction.objects.filter(group=groups[0]).first()
    moved.latitude, moved.longitude = Decimal("64.5"), Decimal("-19.5")  # alone, in a cell of its own
    moved.save()
    assert content_version() != built.content_version
    assert mapcells.precomputed_cells(scope, window) is None  # until the task counts them again
    features = client.get(URL, {"bbox": "-20,30,40,65", "zoom": "3"}).json()["features"]
    assert moved.get_absolute_url() in {feature["properties"].get("url") for feature in features}

    mapcells.build()
    assert mapcells.precomputed_cells(scope, window) is not None
    assert client.get(URL, {"bbox": "-20,30,40,65", "zoom": "3"}).json()["features"] == features


def test_bulk_changes_make_the_cells_stale(groups):
    mapcells.build()
    window = mapcells.Window((-20, 30, 40, 65), 3)
    PilotAction.objects.filter(group=groups[1]).update(status=PilotAction.Status.WITHDRAWN)
    assert mapcells.precomputed_cells(mapcells.EVERY_GROUP, window) is None


@pytest.mark.parametrize(
    ("query", "scope"),
    [
        ({}, mapcells.EVERY_GROUP),
        ({"sort": "-added"}, mapcells.EVERY_GROUP),
        ({"q": ""}, mapcells.EVERY_GROUP),
        ({"group": "first"}, "first"),
        ({"group": "first", "theme": "floods"}, None),
        ({"theme": "floods"}, None),
        ({"family": "meteorological"}, None),
        ({"q": "bulk"}, None),
    ],
)
def test_filters_the_cells_do_not_count_are_aggregated_live(groups, query, scope):
    ThemeFactory(slug="floods", hazard_family="meteorological")
    filterset = PilotActionFilter(query, queryset=PilotAction.objects.public().on_map())
    expected = groups[0].pk if scope == "first" else scope
    assert mapcells.filter_scope(filterset) == expected


def test_a_theme_filter_is_answered_live_and_right(client, groups):
    flooded = ThemeFactory(slug="floods")
    some = list(PilotAction.objects.filter(group=groups[0])[:400])
    for pilot_action in some:
        pilot_action.themes.add(flooded)
    mapcells.build()
    features = client.get(URL, {"theme": "floods", "bbox": "-20,30,40,65", "zoom": "3"}).json()["features"]
    shown = sum(f["properties"]["count"] if f["properties"]["kind"] == "cluster" else 1 for f in features)
    assert shown == len(some)


def test_the_build_is_cheap_when_nothing_changed(groups, django_assert_max_num_queries):
    mapcells.build()
    with django_assert_max_num_queries(4):
        mapcells.build()


def test_a_public_change_counts_the_cells_again(settings, groups):
    settings.MAP_CELLS_AUTO_BUILD = True
    PilotActionFactory(group=groups[0])  # Celery is eager here: counted at once
    built = MapCellBuild.objects.get(pk=1)
    assert built.content_version == content_version()
    assert built.pilot_action_count == PilotAction.objects.public().on_map().count()


def test_a_viewport_never_holds_more_than_max_cells():
    for bbox in [(-180, -85, 180, 85), (-10, 35, 30, 62), (179, -80, -179, 80), (1, 2, 1.0001, 2.0001)]:
        for zoom in range(0, 23):
            assert len(mapcells.Window(bbox, mapcells.grid_zoom(bbox, zoom))) <= mapcells.MAX_CELLS


def test_the_overview_reads_the_cells(groups, django_assert_max_num_queries):
    public = PilotAction.objects.public()
    live = overview_collection(public)
    mapcells.build()
    with django_assert_max_num_queries(6):
        counted = overview_collection(public, scope=mapcells.EVERY_GROUP)
    assert_same_answers([counted], [live])


@pytest.mark.parametrize("count", [20, 2000])
def test_query_budget_with_counted_cells(client, count, django_assert_max_num_queries):
    bulk_pilot_actions(count)
    mapcells.build()
    client.get(URL)  # the content version and extent, cached
    with django_assert_max_num_queries(6):
        assert client.get(URL, {"bbox": "-20,30,40,65", "zoom": "4"}).status_code == 200


def test_viewport_collection_from_cells_equals_live(groups):
    public = PilotAction.objects.public().on_map()
    live = [viewport_collection(public, bbox, zoom) for bbox, zoom in VIEWPORTS]
    mapcells.build()
    counted = [viewport_collection(public, bbox, zoom, scope=mapcells.EVERY_GROUP) for bbox, zoom in VIEWPORTS]
    assert_same_answers(counted, live)
