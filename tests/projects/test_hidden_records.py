"""Probable and partial records are loaded for staff and shown nowhere public, whatever the format."""

import html
import io
import re

import pytest
from django.utils.html import escape
from pypdf import PdfReader

from borders.models import Border, Country
from projects.models import PilotAction
from tests.factories import ProgressReportFactory
from tests.research import HIDDEN

pytestmark = pytest.mark.django_db


def hidden_pilot_actions():
    return list(PilotAction.objects.filter(title__in=[record["title"] for record in HIDDEN]))


def border_pages():
    return [border.get_absolute_url() for border in Border.objects.filter(pilot_actions__in=hidden_pilot_actions())]


def country_pages():
    return [country.get_absolute_url() for country in Country.objects.filter(pilot_actions__in=hidden_pilot_actions())]


def words(text):
    """Letters and digits only: a title wrapped over lines in a PDF or escaped in HTML is still found."""
    return " ".join(re.findall(r"\w+", html.unescape(text)))


def public_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"%PDF"):
        return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode()


ENDPOINTS = [
    "/",
    "/fr/",
    "/pilot-actions/",
    "/map/",
    "/api/pilot-actions.geojson",
    "/api/pilot-actions.geojson?bbox=-30,30,50,72&zoom=3",
    "/sitemap-pilot-actions.xml",
    "/sitemap-borders.xml",
    "/sitemap-countries.xml",
    "/updates/",
    "/feeds/updates/",
    "/feeds/updates/rss/",
    "/open-data/",
    "/downloads/pilot-actions.csv",
    "/downloads/pilot-actions.geojson",
    "/downloads/map.pdf",
    "/groups/crisis-management/",
    border_pages,
    country_pages,
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: getattr(endpoint, "__name__", endpoint))
def test_hidden_records_appear_on_no_public_endpoint(client, programme, endpoint):
    assert len(hidden_pilot_actions()) == len(HIDDEN) > 0
    for pilot_action in hidden_pilot_actions():
        pilot_action.status = PilotAction.Status.SELECTED  # hidden by its confidence alone
        pilot_action.save()
        ProgressReportFactory(pilot_action=pilot_action, title=f"News of {pilot_action.slug}", status="published")
    urls = endpoint() if callable(endpoint) else [endpoint]
    assert urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = public_text(response)
        for pilot_action in hidden_pilot_actions():
            assert pilot_action.slug not in text, url
            assert pilot_action.title not in text and escape(pilot_action.title) not in text, url
            assert words(pilot_action.title) not in words(text), url


def test_hidden_records_have_no_page_and_no_feed(client, programme):
    for pilot_action in hidden_pilot_actions():
        assert client.get(pilot_action.get_absolute_url()).status_code == 404
        assert client.get(f"/feeds/pilot-actions/{pilot_action.slug}/").status_code == 404
