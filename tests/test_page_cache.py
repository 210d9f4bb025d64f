"""Whole public pages cached for anonymous visitors: hits, invalidation on change, nothing personal shared."""

import random
import string

import pytest
from django.urls import reverse

from borders.models import Border
from core import pagecache
from projects.models import PilotAction, ProgressReport
from tests.factories import PilotActionFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def test_second_visit_is_served_from_the_cache_without_queries(client, programme, django_assert_num_queries):
    first = client.get("/pilot-actions/")
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = client.get("/pilot-actions/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "script-src 'self'" in second["Content-Security-Policy"]


def test_a_change_shows_at_once(client, programme):
    pilot_action = PilotAction.objects.public().first()
    client.get(pilot_action.get_absolute_url())
    ProgressReportFactory(pilot_action=pilot_action, title="Fresh news")
    response = client.get(pilot_action.get_absolute_url())
    assert "X-Page-Cache" not in response and "Fresh news" in response.content.decode()

    client.get("/pilot-actions/")
    pilot_action.title = "Renamed pilot action"
    pilot_action.save()
    assert "Renamed pilot action" in client.get("/pilot-actions/").content.decode()

    client.get("/map/")
    pilot_action.themes.clear()
    assert "X-Page-Cache" not in client.get("/map/")


def test_query_strings_and_languages_are_separate_pages(client, programme):
    client.get("/pilot-actions/")
    assert "X-Page-Cache" not in client.get("/pilot-actions/", {"group": "spatial-planning"})
    assert "X-Page-Cache" not in client.get("/fr/pilot-actions/")
    assert client.get("/fr/pilot-actions/")["Content-Language"] == "fr"


def test_signed_in_people_always_get_their_own_page(client, programme, coordinator):
    client.get("/")
    client.force_login(coordinator)
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "Sign out" in response.content.decode()
    client.logout()
    assert "Sign out" not in client.get("/").content.decode()


def test_pages_with_forms_or_cookies_are_never_stored(client, programme):
    client.get(reverse("login"))
    assert "X-Page-Cache" not in client.get(reverse("login"))
    client.get(reverse("notifications:subscribe"))
    assert "X-Page-Cache" not in client.get(reverse("notifications:subscribe"))


def test_drafts_and_hidden_pages_do_not_leak_through_the_cache(client, programme):
    pilot_action = PilotAction.objects.public().first()
    draft = ProgressReportFactory(pilot_action=pilot_action, status=ProgressReport.Status.DRAFT, title="Secret")
    client.get(pilot_action.get_absolute_url())
    assert "Secret" not in client.get(pilot_action.get_absolute_url()).content.decode()
    draft.delete()
    hidden = PilotActionFactory(status=PilotAction.Status.SUBMITTED)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_conditional_get_answers_304_from_the_cache(client, programme):
    etag = client.get("/borders/")["ETag"]
    response = client.get("/borders/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_turned_off_with_zero(client, programme, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


@pytest.fixture
def stored_pages(monkeypatch):
    """The addresses the page cache stores a page under, in order (any cache backend)."""
    stored = []
    store = pagecache.cache.set

    def recording_set(key, value, *args, **kwargs):
        if key.startswith("page:"):
            stored.append(key)
        return store(key, value, *args, **kwargs)

    monkeypatch.setattr(pagecache.cache, "set", recording_set)
    return stored


def test_http_and_https_are_separate_pages(client, programme):
    client.get("/borders/")
    assert client.get("/borders/")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get("/borders/", secure=True)
    assert client.get("/borders/", secure=True)["X-Page-Cache"] == "hit"


def junk_query(rng):
    """A query string a scanner or a cache-filling attack would send: unknown names, or known names with values
    that are not valid, or free text, or a page number other than the page shown."""
    word = "".join(rng.choices(string.ascii_letters + string.digits, k=rng.randint(1, 24)))
    return rng.choice(
        [
            {word: word},
            {"utm_source": word},
            {"group": word},
            {"theme": word, "border": word},
            {"country": word[:2] + "9"},
            {"sort": word},
            {"sort": ",".join(["title"] * rng.randint(2, 40))},
            {"q": word},
            {"page": str(rng.randint(2, 10**9))},
            {"bbox": word, "zoom": str(rng.randint(0, 22))},
            {"group": "spatial-planning", word: ""},
        ]
    )


def test_junk_query_strings_store_nothing(client, programme, stored_pages):
    paths = [
        "/",
        "/pilot-actions/",
        "/map/",
        "/updates/",
        "/borders/",
        "/open-data/",
        reverse("projects:pilot-actions-geojson"),
        reverse("projects:updates-feed"),
    ]
    for path in paths:
        client.get(path)
    pages_before = len(stored_pages)
    rng = random.Random()
    for _ in range(300):
        response = client.get(rng.choice(paths), junk_query(rng))
        assert response.status_code in (200, 400)
        assert "X-Page-Cache" not in response
    assert len(stored_pages) == pages_before


def test_known_parameters_are_cached_in_any_order(client, programme):
    border = Border.objects.filter(pk__in=PilotAction.objects.public().values("borders")).first()
    first = client.get("/pilot-actions/", {"group": "crisis-management", "border": border.slug})
    assert "X-Page-Cache" not in first
    again = client.get(f"/pilot-actions/?border={border.slug}&group=crisis-management")
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert client.get("/pilot-actions/", {"page": "1"}).status_code == 200
    assert client.get("/pilot-actions/", {"page": "1"})["X-Page-Cache"] == "hit"
    viewport = {"bbox": "-10.0000,35.0000,30.0000,60.0000", "zoom": "5"}
    client.get(reverse("projects:pilot-actions-geojson"), viewport)
    assert client.get(reverse("projects:pilot-actions-geojson"), viewport)["X-Page-Cache"] == "hit"


def test_searches_and_invalid_filters_are_not_stored(client, programme):
    for query in [{"q": "flood"}, {"group": "no-such-group"}, {"group": ["crisis-management", "spatial-planning"]}]:
        client.get("/pilot-actions/", query)
        assert "X-Page-Cache" not in client.get("/pilot-actions/", query), query
