"""Every feed as a feed reader (feedparser) reads it, against RFC 4287 (Atom) and RSS 2.0: an author for the feed
and each entry, entry ids that are absolute IRIs, stable and globally unique, and an ``updated`` that an empty feed
takes from the newest content rather than from the time it was rendered."""

import calendar
import datetime
import time

import feedparser
import pytest
from django.core.cache import cache
from django.urls import reverse

from projects.models import PilotAction, ProgressReport
from results.models import Output
from tests.factories import OutputFactory, PilotActionFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://portal.example.org"
FEEDS = [
    ("projects:updates-feed", {}),
    ("projects:updates-rss", {}),
    ("projects:pilot-action-feed", {"slug": "pilot-action-with-news"}),
    ("projects:pilot-action-rss", {"slug": "pilot-action-with-news"}),
    ("results:outputs-feed", {}),
    ("results:outputs-rss", {}),
]


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def content(db):
    news = PilotActionFactory(title="Pilot action with news")
    quiet = PilotActionFactory(title="Quiet pilot action")
    reports = [ProgressReportFactory(pilot_action=news) for _ in range(2)]
    outputs = [OutputFactory(pilot_action=news), OutputFactory(pilot_action=quiet)]
    return news, quiet, reports, outputs


def fetch(client, url_name, kwargs=None, query=None):
    cache.clear()  # the feeds are cached pages: each fetch here renders the feed anew
    response = client.get(reverse(url_name, kwargs=kwargs), query or {})
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def is_absolute_iri(identifier):
    return identifier.startswith(("tag:", "http://", "https://"))


def updated(feed):
    return calendar.timegm(feed.feed.updated_parsed)


def seconds(moment):
    return int(moment.timestamp())


@pytest.mark.parametrize(("url_name", "kwargs"), FEEDS)
def test_entries_have_an_author_and_a_stable_absolute_id(client, content, url_name, kwargs):
    feed = fetch(client, url_name, kwargs)
    assert feed.entries
    ids = [entry.id for entry in feed.entries]
    assert all(is_absolute_iri(identifier) for identifier in ids), ids
    assert len(set(ids)) == len(ids)
    assert all(identifier.startswith("tag:portal.example.org,") for identifier in ids), ids
    assert all(entry.get("author") for entry in feed.entries)
    assert [entry.id for entry in fetch(client, url_name, kwargs).entries] == ids


@pytest.mark.parametrize("url_name", ["projects:updates-feed", "results:outputs-feed"])
def test_atom_feeds_name_the_programme_as_author(client, content, url_name):
    feed = fetch(client, url_name)
    assert feed.feed.author_detail.name == "Resilient Borders"
    assert feed.feed.author_detail.href == SITE_URL + "/"


def test_an_entry_is_authored_by_its_pilot_action(client, content):
    news, quiet, _reports, _outputs = content
    pages = {str(pilot_action): SITE_URL + pilot_action.get_absolute_url() for pilot_action in (news, quiet)}
    for url_name in ("projects:updates-feed", "results:outputs-feed"):
        for entry in fetch(client, url_name).entries:
            name = entry.author_detail.name
            assert entry.title.startswith(f"{name}: ") and entry.author_detail.href == pages[name]


def test_ids_do_not_change_with_the_host_that_served_them(client, content):
    ids = [entry.id for entry in fetch(client, "projects:updates-feed").entries]
    cache.clear()
    other = feedparser.parse(client.get(reverse("projects:updates-feed"), HTTP_HOST="localhost:8001").content)
    assert [entry.id for entry in other.entries] == ids


def assert_empty_and_updated_at(client, url_name, kwargs, query, expected):
    first = fetch(client, url_name, kwargs, query)
    assert first.entries == []
    time.sleep(1.1)
    second = fetch(client, url_name, kwargs, query)
    assert updated(first) == updated(second) == seconds(expected)


@pytest.mark.parametrize("url_name", ["projects:pilot-action-feed", "projects:pilot-action-rss"])
def test_an_empty_pilot_action_feed_is_as_new_as_the_newest_report(client, content, url_name):
    _news, quiet, _reports, _outputs = content
    ProgressReportFactory(pilot_action=quiet, status=ProgressReport.Status.DRAFT)  # a draft is not news
    newest = ProgressReport.objects.published().latest("updated_at").updated_at
    assert_empty_and_updated_at(client, url_name, {"slug": quiet.slug}, None, newest)


@pytest.mark.parametrize("url_name", ["results:outputs-feed", "results:outputs-rss"])
def test_a_filtered_empty_outputs_feed_is_as_new_as_the_newest_output(client, content, url_name):
    OutputFactory(status=Output.Status.DRAFT)
    newest = Output.objects.published().latest("updated_at").updated_at
    assert_empty_and_updated_at(client, url_name, None, {"q": "nothing matches this"}, newest)


@pytest.mark.parametrize("url_name", ["projects:updates-feed", "results:outputs-feed"])
def test_a_feed_with_no_content_at_all_is_as_new_as_the_newest_public_pilot_action(client, db, url_name):
    PilotActionFactory()
    PilotActionFactory(status=PilotAction.Status.REJECTED)  # not public: changing it is no news
    newest = PilotAction.objects.public().latest("updated_at").updated_at
    assert_empty_and_updated_at(client, url_name, None, None, newest)


def test_a_feed_with_nothing_ever_published_shows_a_fixed_time(client, db):
    first = fetch(client, "projects:updates-feed")
    time.sleep(1.1)
    assert updated(first) == updated(fetch(client, "projects:updates-feed"))
    assert updated(first) < seconds(datetime.datetime.now(tz=datetime.UTC)) - 60
