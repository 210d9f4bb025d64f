"""The sitemap lists every public page in every interface language, and nothing the public may not see."""

import math

import pytest
from django.conf import settings
from django.utils import timezone

from projects.models import PilotAction
from resilient_borders.sitemaps import PortalSitemap
from tests.factories import PilotActionFactory
from tests.research import CONFIRMED
from tests.sitemaps import NAMESPACES, ORIGIN, sitemap_entries, sitemap_files, sitemap_urls

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def in_language(path, code):
    """The address of an (unprefixed, English) path in the language ``code``."""
    return f"{ORIGIN}{path}" if code == settings.LANGUAGE_CODE else f"{ORIGIN}/{code}{path}"


def in_every_language(path):
    """{hreflang: address} of a page in every interface language, and x-default (the English address)."""
    return {**{code: in_language(path, code) for code in LANGUAGE_CODES}, "x-default": in_language(path, "en")}


@pytest.mark.django_db
def test_sitemap_lists_public_pages_in_every_language(client, programme):
    entries = sitemap_entries(client)
    public = list(PilotAction.objects.public())
    assert len(public) == len(CONFIRMED)
    assert len(LANGUAGE_CODES) == 25
    for pilot_action in public:
        alternates = in_every_language(f"/pilot-actions/{pilot_action.slug}/")
        for code in LANGUAGE_CODES:
            assert entries[alternates[code]] == alternates, (pilot_action.slug, code)
    for path in [
        "/",
        "/pilot-actions/",
        "/borders/",
        "/countries/",
        "/webinars/",
        "/groups/crisis-management/",
        "/groups/spatial-planning/",
        "/borders/bulgaria-greece/",
        "/countries/gr/",
        "/webinars/launch-webinar-2025/",
    ]:
        for code in LANGUAGE_CODES:
            assert in_language(path, code) in entries, (path, code)
    assert not [location for location in entries if "/admin/" in location]


@pytest.mark.django_db
def test_sitemap_leaves_out_what_is_not_public(client, programme):
    rejected = PilotActionFactory(title="A rejected application", status=PilotAction.Status.REJECTED)
    partial = PilotAction.objects.get(record_confidence=PilotAction.Confidence.PARTIAL)
    entries = sitemap_entries(client)
    locations = set(entries) | {alternate for alternates in entries.values() for alternate in alternates.values()}
    for hidden in (rejected, partial):
        assert not [location for location in locations if hidden.slug in location], hidden.slug
    # The partial record is the only pilot action on the Lithuanian–Polish border: no page lists it.
    assert f"{ORIGIN}/borders/lithuania-poland/" not in locations
    assert f"{ORIGIN}/countries/lt/" not in locations
    # Every public pilot action, once per language, and nothing more.
    pilot_action_locations = [location for location in entries if "/pilot-actions/" in location]
    # + the list, in every language
    assert len(pilot_action_locations) == len(LANGUAGE_CODES) * (PilotAction.objects.public().count() + 1)


@pytest.mark.django_db
def test_sitemap_gives_pilot_actions_their_last_change(client):
    pilot_action = PilotActionFactory()
    lastmods = {
        url.findtext("sm:loc", namespaces=NAMESPACES): url.findtext("sm:lastmod", namespaces=NAMESPACES)
        for url in sitemap_urls(client)
    }
    assert (
        lastmods[f"{ORIGIN}/pilot-actions/{pilot_action.slug}/"]
        == timezone.localdate(pilot_action.updated_at).isoformat()
    )


@pytest.mark.django_db
def test_a_long_section_is_split_into_files_the_index_lists(client, programme, monkeypatch):
    """Every entry carries 26 alternates: a section's files hold ``limit`` entries each, however many there are."""
    monkeypatch.setattr(PortalSitemap, "limit", 7)
    entries = sitemap_entries(client)
    files = sitemap_files(client)
    assert all(len(root.findall("sm:url", NAMESPACES)) <= 7 for root in files)
    pilot_action_locations = [location for location in entries if "/pilot-actions/" in location]
    expected = len(LANGUAGE_CODES) * (PilotAction.objects.public().count() + 1)  # + the list, in every language
    assert len(pilot_action_locations) == expected
    index = client.get("/sitemap.xml").content.decode()
    last_page = math.ceil(len(LANGUAGE_CODES) * PilotAction.objects.public().count() / 7)
    assert f"{ORIGIN}/sitemap-pilot-actions.xml?p={last_page}" in index


@pytest.mark.django_db
def test_sitemap_query_budget(client, programme, django_assert_max_num_queries):
    assert sitemap_entries(client, django_assert_max_num_queries)


@pytest.mark.django_db
def test_sitemap_is_not_translated(client):
    """One sitemap at the root; /fr/sitemap.xml is no page."""
    assert client.get("/fr/sitemap.xml").status_code == 404
    assert client.get("/fr/sitemap-pilot-actions.xml").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


# robots.txt is a public page: the page cache reads the content version, from the database on an empty cache.
@pytest.mark.django_db
def test_robots_txt_allows_the_public_pages_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /fr/admin/" in lines
    assert "Disallow: /" not in lines
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in lines


# robots.txt is a public page: the page cache reads the content version, from the database on an empty cache.
@pytest.mark.django_db
def test_robots_txt_names_the_sitemap_on_the_requested_host_and_scheme(client, settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    response = client.get("/robots.txt", HTTP_HOST="portal.example.org", secure=True)
    assert "Sitemap: https://portal.example.org/sitemap.xml" in response.content.decode().splitlines()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "0", "999", "%00"])
def test_a_section_page_that_does_not_exist_is_a_404(client, page):
    assert client.get(f"/sitemap-pilot-actions.xml?p={page}").status_code == 404
