"""/results/: the public pilot actions, filtered like their list, against the obstacles their published results
name. Every count is read from the data each test creates."""

from collections import Counter

import pytest

from projects.models import PilotAction
from results.models import Obstacle, Output, Results
from results.views import ComparisonView
from tests.factories import (
    BorderFactory,
    CountryFactory,
    OutputFactory,
    PilotActionFactory,
    ResultsFactory,
    ThematicGroupFactory,
    follow_up,
    obstacle_met,
)
from tests.projects.test_query_limits import WORST_QUERIES, search_budget, timed_until
from tests.results.produced import ComparisonTable, add_results_and_outputs

pytestmark = pytest.mark.django_db

URL = "/results/"
PENDING = "Results not published yet"
ALPINE_WITHOUT = "Alpine without results"


def table(response):
    assert response.status_code == 200
    return ComparisonTable(response.content.decode())


@pytest.fixture
def two_borders():
    """Two groups, two borders (FR–DE and DE–IT), three countries; on each border, pilot actions whose results
    are published, in draft or missing, one public pilot action only hidden ones surround."""
    france, germany, italy = CountryFactory(iso_code="FR"), CountryFactory(iso_code="DE"), CountryFactory(iso_code="IT")
    crisis, planning = ThematicGroupFactory(slug="crisis"), ThematicGroupFactory(slug="planning")
    rhine = BorderFactory(name="France-Germany", countries=[france, germany])
    alps = BorderFactory(name="Germany-Italy", countries=[germany, italy])

    def pilot(title, group, border, **kwargs):
        return PilotActionFactory(
            title=title, group=group, borders=[border], countries=list(border.countries.all()), **kwargs
        )

    published = {}
    for title, group, border, slugs in [
        ("Rhine flood plan", crisis, rhine, ["legal-administrative", "funding"]),
        ("Rhine spatial vision", planning, rhine, ["funding", "language-culture"]),
        ("Alpine avalanche alerts", crisis, alps, ["funding", "continuity", "legal-administrative"]),
        ("Alpine rail corridor", planning, alps, []),
    ]:
        results = ResultsFactory(pilot_action=pilot(title, group, border))
        for slug in slugs:
            obstacle_met(results, slug, note=f"How {slug} got in the way of {title}.")
        published[title] = slugs
    draft = ResultsFactory(pilot_action=pilot("Rhine draft", crisis, rhine), status=Results.Status.DRAFT)
    obstacle_met(draft, "political-support", note="A draft note nobody may read.")
    pilot("Alpine without results", planning, alps)
    for hidden in (
        pilot("Probable Rhine record", crisis, rhine, record_confidence=PilotAction.Confidence.PROBABLE),
        pilot("Withdrawn Alpine pilot", crisis, alps, status=PilotAction.Status.WITHDRAWN),
    ):
        obstacle_met(ResultsFactory(pilot_action=hidden), "political-support", note="A hidden pilot's note.")
    return {"published": published, "drafts": ["Rhine draft"], "without": ["Alpine without results"]}


def expected_counts(published, titles):
    return Counter(slug for title in titles for slug in published[title])


class TestTable:
    def test_every_public_pilot_action_is_a_row_and_only_published_results_count(self, client, two_borders):
        response = client.get(URL)
        read = table(response)
        published = two_borders["published"]
        public_titles = [*published, *two_borders["drafts"], *two_borders["without"]]
        assert sorted(read.rows) == sorted(public_titles)

        obstacles = list(Obstacle.objects.all())
        assert [cell["text"] for cell in read.column_headers[1:-1]] == [obstacle.name for obstacle in obstacles]
        counts = expected_counts(published, published)
        footer = read.sections["tfoot"][0]
        assert footer[0]["text"] == f"Times met, across the {len(published)} pilot actions with published results"
        assert [cell["text"] for cell in footer[1:-1]] == [
            f"{counts[obstacle.slug]} of {len(published)}" for obstacle in obstacles
        ]
        assert f"{len(published)} of these {len(public_titles)} pilot actions have published their results." in (
            response.content.decode()
        )

        for title, slugs in published.items():
            cells = read.rows[title][: len(obstacles)]
            assert [cell["text"].startswith("Met") for cell in cells] == [o.slug in slugs for o in obstacles], title
            assert all(cell["text"] == "Not named" for cell in cells if not cell["text"].startswith("Met"))
        for title in [*two_borders["drafts"], *two_borders["without"]]:
            pending = read.rows[title][0]
            assert (pending["text"], pending["colspan"]) == (PENDING, len(obstacles)), title

        content = response.content.decode()
        assert "A draft note nobody may read." not in content
        assert "A hidden pilot's note." not in content
        assert "Probable Rhine record" not in content and "Withdrawn Alpine pilot" not in content

    def test_the_counts_follow_a_change_of_the_data(self, client, two_borders):
        before = table(client.get(URL)).sections["tfoot"][0]
        results = Results.objects.get(pilot_action__title="Rhine draft")
        results.status = Results.Status.PUBLISHED
        results.save()  # the page cache is dropped by the save
        published = {**two_borders["published"], "Rhine draft": ["political-support"]}
        after = table(client.get(URL)).sections["tfoot"][0]
        counts = expected_counts(published, published)
        assert after != before
        assert [cell["text"] for cell in after[1:-1]] == [
            f"{counts[obstacle.slug]} of {len(published)}" for obstacle in Obstacle.objects.all()
        ]

    def test_notes_are_reachable_and_each_row_links_to_results_and_outputs(self, client, two_borders):
        with_output = PilotAction.objects.get(title="Rhine flood plan")
        OutputFactory.create_batch(2, pilot_action=with_output)
        OutputFactory(pilot_action=with_output, status=Output.Status.DRAFT)
        response = client.get(URL)
        read = table(response)
        content = response.content.decode()
        for title, slugs in two_borders["published"].items():
            for slug in slugs:
                assert f"How {slug} got in the way of {title}." in content
            cells = read.rows[title]
            assert all(cell["details"] for cell in cells[:-1] if cell["text"].startswith("Met"))
            page = PilotAction.objects.get(title=title).get_absolute_url()
            assert f"{page}#results" in cells[-1]["links"]
        assert f"{with_output.get_absolute_url()}#outputs" in read.rows["Rhine flood plan"][-1]["links"]
        assert "2 outputs" in read.rows["Rhine flood plan"][-1]["text"]
        for title in [*two_borders["drafts"], *two_borders["without"], "Rhine spatial vision"]:
            links = read.rows[title][-1]["links"]
            assert not any(link.endswith("#outputs") for link in links), title
        for title in [*two_borders["drafts"], *two_borders["without"]]:
            assert not any(link.endswith("#results") for link in read.rows[title][-1]["links"]), title

    def test_accessible_structure(self, client, two_borders):
        read = table(client.get(URL))
        assert read.caption == "Obstacles each pilot action met, as its published results report them"
        assert read.region_label == ("region", read.caption_id, "0")  # the scrolling container is named, focusable
        assert all(cell["tag"] == "th" and cell["scope"] == "col" for cell in read.column_headers)
        for row in read.sections["tbody"]:
            assert (row[0]["tag"], row[0]["scope"]) == ("th", "row")
            assert all(cell["tag"] == "td" and cell["text"] for cell in row[1:-1])  # every cell says it in words
        footer = read.sections["tfoot"][0]
        assert (footer[0]["tag"], footer[0]["scope"]) == ("th", "row")

    def test_no_published_results_says_so_and_counts_nothing(self, client):
        PilotActionFactory.create_batch(3)
        ResultsFactory(status=Results.Status.DRAFT)
        response = client.get(URL)
        read = table(response)
        assert all(cells[0]["text"] == PENDING for cells in read.rows.values())
        assert not read.sections["tfoot"]
        assert f"None of these {len(read.rows)} pilot actions has published its results yet." in (
            response.content.decode()
        )

    def test_header_and_sitemap_link_the_page(self, client, two_borders):
        response = client.get(URL)
        assert '<a href="/results/" aria-current="page">Results</a>' in response.content.decode()
        assert "<loc>http://testserver/results/</loc>" in client.get("/sitemap-static.xml").content.decode()
        french = client.get("/fr/results/")
        assert french.status_code == 200 and french.headers["Content-Language"] == "fr"

    def test_rows_come_a_page_at_a_time_and_the_counts_are_across_them_all(self, client, two_borders, settings):
        settings.PUBLIC_PAGE_CACHE_SECONDS = 0
        page_size = ComparisonView.paginate_by
        PilotActionFactory.create_batch(page_size)
        total = PilotAction.objects.public().count()
        first, second = table(client.get(URL)), table(client.get(URL, {"page": 2}))
        assert len(first.rows) == page_size and len(second.rows) == total - page_size
        assert not set(first.rows) & set(second.rows)
        published = two_borders["published"]
        counts = expected_counts(published, published)
        for read in (first, second):  # the counts of every row, on whichever page
            footer = read.sections["tfoot"][0]
            assert [cell["text"] for cell in footer[1:-1]] == [
                f"{counts[obstacle.slug]} of {len(published)}" for obstacle in Obstacle.objects.all()
            ]
        content = client.get(URL, {"page": 2}).content.decode()
        assert f"{total} pilot actions" in content and 'rel="prev"' in content


class TestFilters:
    @pytest.mark.parametrize(
        ("query", "titles"),
        [
            ({"group": "crisis"}, ["Rhine flood plan", "Alpine avalanche alerts", "Rhine draft"]),
            ({"border": "germany-italy"}, ["Alpine avalanche alerts", "Alpine rail corridor", ALPINE_WITHOUT]),
            ({"country": "fr"}, ["Rhine flood plan", "Rhine spatial vision", "Rhine draft"]),
            ({"country": "de", "group": "planning"}, ["Rhine spatial vision", "Alpine rail corridor", ALPINE_WITHOUT]),
        ],
    )
    def test_filters_narrow_rows_and_counts(self, client, two_borders, query, titles):
        response = client.get(URL, query)
        read = table(response)
        assert sorted(read.rows) == sorted(titles)
        shown_published = [title for title in titles if title in two_borders["published"]]
        counts = expected_counts(two_borders["published"], shown_published)
        footer = read.sections["tfoot"][0]
        assert footer[0]["text"].startswith(f"Times met, across the {len(shown_published)} pilot action")
        assert [cell["text"] for cell in footer[1:-1]] == [
            f"{counts[obstacle.slug]} of {len(shown_published)}" for obstacle in Obstacle.objects.all()
        ]
        assert response.context["comparison"].with_results == len(shown_published)

    def test_a_filter_matching_nothing_says_so(self, client, two_borders):
        response = client.get(URL, {"q": "nothing matches this"})
        assert response.status_code == 200
        assert "No pilot action matches these filters." in response.content.decode()

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ({"group": "nope"}, "“nope” is not a thematic group."),
            ({"border": "atlantis"}, "“atlantis” is not a border with documented pilot actions."),
            ({"country": "zz"}, "is not the code of a country with documented pilot actions."),
            ({"sort": "-title,title"}, "Choose one order."),
            ({"q": " ".join(f"word{index}" for index in range(20))}, "Search for at most"),
        ],
    )
    def test_bad_parameters_give_a_message_and_the_valid_ones_still_filter(self, client, two_borders, query, message):
        response = client.get(URL, {**query, "group": query.get("group", "planning")})
        assert response.status_code == 200
        assert message in response.content.decode()
        rows = table(response).rows
        if "group" in query:  # the bad group is dropped: every pilot action
            assert len(rows) == len(two_borders["published"]) + 2
        else:
            assert all(PilotAction.objects.get(title=title).group.slug == "planning" for title in rows)

    def test_pages_are_cached_only_for_valid_parameters(self, client, two_borders, settings):
        settings.PUBLIC_PAGE_CACHE_SECONDS = 60
        client.get(URL, {"group": "crisis"})
        assert client.get(URL, {"group": "crisis"}).headers.get("X-Page-Cache") == "hit"
        client.get(URL, {"group": "nope"})
        assert client.get(URL, {"group": "nope"}).headers.get("X-Page-Cache") is None


@pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
def test_query_budget(client, many_pilot_actions, django_assert_max_num_queries):
    published = add_results_and_outputs(many_pilot_actions)
    follow_up(published[0], "One more follow-up")
    # 16, and 1 for the family of crisis's facet counts (one grouped count per facet, on a cold cache); a page of
    # rows, and one query for the counts across all of them (its total, those with results, each obstacle's)
    with django_assert_max_num_queries(17):
        response = client.get(URL)
    comparison = response.context["comparison"]
    # A page of rows; the counts across them all.
    assert len(comparison.rows) == min(len(many_pilot_actions), ComparisonView.paginate_by)
    assert response.context["paginator"].count == len(many_pilot_actions)
    assert comparison.with_results == len(published)
    border = many_pilot_actions[0].borders.get()  # the test's own query, before the page's are counted
    with django_assert_max_num_queries(17):
        response = client.get(URL, {"group": "crisis", "border": border.slug, "q": "pilot"})
    crisis = [pilot_action for pilot_action in many_pilot_actions if pilot_action.group.slug == "crisis"]
    assert len(response.context["comparison"].rows) == min(len(crisis), ComparisonView.paginate_by)
    assert response.context["paginator"].count == len(crisis)
    crisis_ids = {pilot_action.pk for pilot_action in crisis}
    assert response.context["comparison"].with_results == len(
        [each for each in published if each.pilot_action_id in crisis_ids]
    )


@pytest.mark.parametrize("many_pilot_actions", [500], indirect=True)
def test_the_worst_searches_answer_within_a_second_in_the_database(client, many_pilot_actions):
    """/results/ searches with the list's FilterSet: each hostile search of the list's test, alone and with every
    other filter, at 500 pilot actions with results and outputs, gives the page (a bad one its message) with at
    most a second more in the database than twice the unsearched page's (``search_budget``), nothing cached in
    between."""
    add_results_and_outputs(many_pilot_actions)
    every_filter = {"group": "crisis", "theme": "floods", "border": many_pilot_actions[0].borders.get().slug}
    slow_or_failed = []
    for other_filters in ({}, {**every_filter, "country": "fr", "sort": "-title"}):
        allowed_database, _allowed = search_budget(client, URL, other_filters)
        for label, query in WORST_QUERIES.items():
            response, database_seconds, _seconds = timed_until(
                client,
                URL,
                {"q": query, **other_filters},
                lambda database_seconds, _s: database_seconds < allowed_database,  # noqa: B023
            )
            if response.status_code != 200 or database_seconds >= allowed_database:
                slow_or_failed.append(
                    (
                        label,
                        bool(other_filters),
                        response.status_code,
                        f"{database_seconds:.2f}s of {allowed_database:.2f}s",
                    )
                )
    assert not slow_or_failed, slow_or_failed
