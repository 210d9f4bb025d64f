"""/map/results/: the list part of /map/ alone (its filter form and its results), which the map's script swaps in
after a filter change instead of fetching the whole page. Filtered, sorted and paginated as the page and the list,
with the same HTML, bad parameters shown as the page shows them, cached like the page."""

import pytest
from django.urls import reverse

from projects.models import PilotAction, ThematicGroup
from tests.factories import bulk_pilot_actions

pytestmark = pytest.mark.django_db

QUERIES = [
    {},
    {"group": "crisis-management"},
    {"group": "crisis-management", "sort": "-added"},
    {"theme": "floods"},
    {"page": "2"},
    {"group": "crisis-management", "sort": "code", "page": "2"},
    {"q": "border"},
    {"q": "zzzznothing"},
    # Bad parameters: the errors are shown, the valid filters still hold, the nearest page is shown.
    {"country": "zz"},
    {"group": "crisis-management", "sort": "nonsense", "page": "9999"},
    {"page": "x"},
]


@pytest.fixture
def listed(programme):
    """The programme, and enough pilot actions in one of its groups for the list to have a second page."""
    bulk_pilot_actions(35, group=ThematicGroup.objects.get(slug="crisis-management"))
    assert PilotAction.objects.public().count() > 2 * 20


def fragment_parts(content):
    """(the filter form, the results) of the fragment, as text."""
    form, results = content.decode().split("</form>", 1)
    return (form + "</form>").strip(), results.strip()


def listed_urls(response):
    return [pilot_action.get_absolute_url() for pilot_action in response.context["object_list"]]


def test_the_fragment_is_the_list_part_of_the_map_page_and_lists_what_the_list_lists(client, listed):
    for query in QUERIES:
        fragment = client.get(reverse("projects:map-results"), query)
        page = client.get(reverse("projects:map"), query)
        listing = client.get(reverse("projects:pilot-action-list"), query)
        assert fragment.status_code == page.status_code == listing.status_code == 200, query
        assert fragment["Content-Type"].startswith("text/html")
        form, results = fragment_parts(fragment.content)
        assert form.startswith('<form class="filters"') and results.startswith('<section id="results"'), query
        # The same HTML as the page's own list part, byte for byte; and no document around it.
        assert form in page.content.decode(), query
        assert results in page.content.decode(), query
        assert "<html" not in fragment.content.decode() and "<head" not in fragment.content.decode()
        # The same pilot actions as the list, on the same page, with the same errors.
        assert listed_urls(fragment) == listed_urls(listing), query
        assert fragment.context["page_obj"].number == listing.context["page_obj"].number, query
        assert fragment.context["paginator"].count == listing.context["paginator"].count, query
        assert fragment.context["filter"].form.errors == listing.context["filter"].form.errors, query


def test_bad_parameters_are_shown_not_refused(client, listed):
    fragment = client.get(reverse("projects:map-results"), {"country": "zz", "group": "crisis-management"})
    assert fragment.status_code == 200
    assert "country" in fragment.context["filter"].form.errors
    assert 'class="errorlist' in fragment.content.decode()
    in_group = PilotAction.objects.public().filter(group__slug="crisis-management").count()
    assert fragment.context["paginator"].count == in_group  # the valid filter still holds


def test_the_fragment_is_cached_like_the_page_and_not_indexed(client, listed, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    url = reverse("projects:map-results")
    first = client.get(url, {"group": "crisis-management"})
    assert first["X-Robots-Tag"] == "noindex"
    with django_assert_num_queries(0):
        again = client.get(url, {"group": "crisis-management"})
    assert again.content == first.content
    client.get(url, {"country": "zz"})
    bad_again = client.get(url, {"country": "zz"})
    assert bad_again.context is not None  # a page with a bad parameter is rendered each time, never stored


@pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
def test_the_fragment_s_query_budget_does_not_grow_with_the_data(
    client, many_pilot_actions, django_assert_max_num_queries
):
    # As the map page's list part: the page of cards, its count, the facet counts on a cold cache.
    with django_assert_max_num_queries(FRAGMENT_QUERY_BUDGET):
        assert client.get(reverse("projects:map-results"), {"theme": "floods"}).status_code == 200
    with django_assert_max_num_queries(FRAGMENT_QUERY_BUDGET):
        assert client.get(reverse("projects:map-results"), {"page": "2", "sort": "-added"}).status_code == 200


FRAGMENT_QUERY_BUDGET = 21  # the map page's own (tests/projects/test_map_page.py) but its map's box


def test_the_map_page_names_its_fragment(client, programme):
    content = client.get(reverse("projects:map")).content.decode()
    assert f'data-results-url="{reverse("projects:map-results")}"' in content
