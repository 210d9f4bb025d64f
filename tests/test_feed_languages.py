"""Feeds and calendars under every language prefix: served, their own words translated, their language declared
(Atom ``xml:lang``, RSS ``<language>``, ``Content-Language``), and entries whose text is not translated say which
language it is in (Atom ``xml:lang`` on the entry; iCalendar ``LANGUAGE`` on each text)."""

import re

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import OutputFactory, PilotActionFactory, ProgressReportFactory, WebinarFactory

pytestmark = pytest.mark.django_db

FEEDS = [
    ("projects:updates-feed", {}, "Resilient Borders: progress of the pilot actions"),
    ("projects:updates-rss", {}, "Resilient Borders: progress of the pilot actions"),
    ("projects:pilot-action-feed", {"slug": "pilot-action-with-news"}, None),
    ("projects:pilot-action-rss", {"slug": "pilot-action-with-news"}, None),
    ("results:outputs-feed", {}, "Resilient Borders: outputs of the pilot actions"),
    ("results:outputs-rss", {}, "Resilient Borders: outputs of the pilot actions"),
]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def content(db):
    news = PilotActionFactory(title="Pilot action with news")
    ProgressReportFactory(pilot_action=news, title="Report in English")
    OutputFactory(pilot_action=news, title="Output in English")
    return news


def fetch(client, language, url_name, kwargs):
    with translation.override(language):
        url = reverse(url_name, kwargs=kwargs)
    assert language == "en" or url.startswith(f"/{language}/")
    return client.get(url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_feed_is_served_in_every_language_and_says_so(client, content, language):
    for url_name, kwargs, title in FEEDS:
        response = fetch(client, language, url_name, kwargs)
        assert response.status_code == 200, (url_name, language)
        assert response["Content-Language"] == language
        text = response.content.decode()
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        if url_name.endswith("-rss"):
            assert f"<language>{language}</language>" in text
        else:
            assert re.search(rf'<feed [^>]*xml:lang="{language}"', text)
        if title:
            with translation.override(language):
                assert feed.feed.title == translation.gettext(title)
        # entries link to the pages in the feed's language
        prefix = "" if language == "en" else f"/{language}"
        assert all(f"testserver{prefix}/" in entry.link for entry in feed.entries), url_name


def test_french_feeds_are_in_french(client, content):
    feed = feedparser.parse(fetch(client, "fr", "projects:updates-feed", {}).content)
    assert feed.feed.title != "Resilient Borders: progress of the pilot actions"


def test_atom_entries_in_another_language_than_the_feed_declare_it(client, content):
    greek = fetch(client, "el", "projects:updates-feed", {}).content.decode()
    assert re.search(r'<entry xml:lang="en">\s*<title>Pilot action with news: Report in English', greek)
    english = fetch(client, "en", "projects:updates-feed", {}).content.decode()
    assert "<entry>" in english and "<entry xml:lang" not in english
    outputs = fetch(client, "de", "results:outputs-feed", {}).content.decode()
    assert '<entry xml:lang="en">' in outputs


def test_a_calendar_says_which_language_each_text_is_in(client):
    webinar = WebinarFactory(
        title_en="Floods across borders", title_fr="Les crues par-delà les frontières", description_en="Who and how."
    )
    with translation.override("fr"):
        url = reverse("webinars:webinar-ics", kwargs={"slug": webinar.slug})
    french = client.get(url).content.decode().replace("\r\n ", "")
    assert "\r\nSUMMARY;LANGUAGE=fr:Les crues par-delà les frontières\r\n" in french
    assert "\r\nDESCRIPTION;LANGUAGE=en:Who and how.\r\n" in french  # not translated: English, and said so
    assert f"\r\nURL:http://testserver/fr/webinars/{webinar.slug}/\r\n" in french
    with translation.override("el"):
        greek = client.get(reverse("webinars:webinar-ics", kwargs={"slug": webinar.slug}))
    assert greek.status_code == 200 and greek["Content-Language"] == "el"
    assert "\r\nSUMMARY;LANGUAGE=en:Floods across borders\r\n" in greek.content.decode().replace("\r\n ", "")
