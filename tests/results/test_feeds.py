"""The outputs' Atom and RSS feeds: newest published first, the library's filters, nothing hidden; valid feeds."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from results.models import Output
from tests.factories import OutputFactory
from tests.results.library import HIDDEN_TITLES

pytestmark = pytest.mark.django_db


def parsed(client, url_name, query=None):
    response = client.get(reverse(url_name), query or {})
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")  # well-formed, as a feed reader reads it
    return response, feed


@pytest.mark.parametrize(
    ("url_name", "content_type", "version"),
    [
        ("results:outputs-feed", "application/atom+xml", "atom10"),
        ("results:outputs-rss", "application/rss+xml", "rss20"),
    ],
)
def test_feeds_are_valid_and_hold_only_published_outputs(client, library, url_name, content_type, version):
    response, feed = parsed(client, url_name)
    assert response["Content-Type"].startswith(content_type) and feed.version == version
    assert feed.feed.link.endswith(reverse("results:output-list"))
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == Output.objects.published().count()
    for hidden in HIDDEN_TITLES:
        assert not [title for title in titles if hidden in title]
    study = library["outputs"]["study"]
    entry = next(entry for entry in feed.entries if study.title in entry.title)
    assert entry.title == f"{study.pilot_action}: {study.title}"
    assert entry.link.endswith(study.get_absolute_url())
    assert entry.summary == study.summary
    assert [tag.term for tag in entry.tags] == [study.kind.name]


def test_newest_published_first(client, library):
    """By publication on the portal, not by the output's own date: a feed says what is new here."""
    old_work = OutputFactory(
        pilot_action=library["pilot_actions"][0],
        title="Finished long ago, published today",
        date=datetime.date(2020, 1, 1),
    )
    Output.objects.exclude(pk=old_work.pk).update(published_at=timezone.now() - datetime.timedelta(days=30))
    _response, feed = parsed(client, "results:outputs-feed")
    assert old_work.title in feed.entries[0].title


def test_filters_are_the_librarys(client, library):
    _response, feed = parsed(client, "results:outputs-feed", {"kind": "study", "country": "it"})
    assert [entry.title for entry in feed.entries] == [
        f"{library['outputs']['study'].pilot_action}: Cross-border housing study"
    ]


@pytest.mark.parametrize("query", [{"kind": "novel"}, {"sort": "title,title"}])
def test_a_bad_filter_is_a_400_with_the_reasons(client, library, query):
    response = client.get(reverse("results:outputs-feed"), query)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_the_library_announces_its_feeds(client, library):
    content = client.get(reverse("results:output-list")).content.decode()
    assert f'type="application/rss+xml" title="Outputs (RSS)" href="{reverse("results:outputs-rss")}"' in content


@pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
@pytest.mark.parametrize("url_name", ["results:outputs-feed", "results:outputs-rss"])
def test_query_budget(client, many_outputs, url_name, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse(url_name), {"group": "crisis"})
    assert response.status_code == 200
