"""Whole public pages cached for anonymous visitors: hits, invalidation on change, nothing personal shared."""

import pytest
from django.urls import reverse

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
