import datetime

import pytest
from django.utils import timezone

from projects.models import PilotAction
from tests.factories import AgendaItemFactory, OrganisationFactory, PilotActionFactory, WebinarFactory
from webinars.models import Webinar

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_webinar(request):
    """A webinar presented by ``request.param`` public pilot actions, one rejected, with an agenda."""
    webinar = WebinarFactory(
        title="Floods across borders",
        slug="floods-across-borders",
        date=datetime.date(2025, 6, 16),
        start_time=datetime.time(10, 0),
        duration=datetime.timedelta(minutes=90),
        platform="Teams",
        description="First paragraph.\n\nSecond paragraph.",
        recording_url="https://video.example.org/floods",
        materials_url="https://files.example.org/floods.pdf",
        source_url="https://news.example.org/floods",
    )
    webinar.organisers.set([OrganisationFactory(name="Border Agency", acronym="BA", website="https://ba.example.org")])
    webinar.attending_organisations.set(OrganisationFactory.create_batch(3))
    public = PilotActionFactory.create_batch(request.param)
    rejected = PilotActionFactory(title="Rejected presenter", status="rejected")
    webinar.presenting_pilot_actions.set([*public, rejected])
    AgendaItemFactory(webinar=webinar, order=2, title="Discussion", start_time=datetime.time(10, 45))
    AgendaItemFactory(webinar=webinar, order=1, title="Welcome", speakers="Jane Doe, John Roe")
    return webinar


class TestList:
    def test_lists_past_and_upcoming_webinars(self, client, programme):
        WebinarFactory(title="Next webinar", date=timezone.localdate() + datetime.timedelta(days=30))
        response = client.get("/webinars/")
        assert response.status_code == 200
        content = response.content.decode()
        assert [webinar.title for webinar in response.context["upcoming_webinars"]] == ["Next webinar"]
        assert [webinar.slug for webinar in response.context["past_webinars"]] == [
            "launch-webinar-2025",
            "call-information-session-2024",
        ]
        assert (
            content.index("Upcoming webinars")
            < content.index("Next webinar")
            < content.index("Past webinars")
            < content.index("Launch webinar of the Resilient Borders pilot actions")
            < content.index("Online information session on the call for pilot actions")
        )
        assert '<time datetime="2025-01-27">27 January 2025</time>' in content
        assert '<time datetime="2024-10-30T11:30:00+01:00">11:30 a.m.</time> CET (Europe/Brussels)' in content
        assert "Zoom" in content
        assert 'href="/webinars/launch-webinar-2025/"' in content

    def test_without_webinars_says_so(self, client):
        content = client.get("/webinars/").content.decode()
        assert "No upcoming webinar has been announced." in content
        assert "No webinar has taken place yet." in content

    def test_answers_in_french(self, client, programme):
        response = client.get("/fr/webinars/")
        assert response.status_code == 200
        assert "27 janvier 2025" in response.content.decode()


class TestDetail:
    def test_date_only_webinar_says_its_time_is_not_published(self, client, programme):
        response = client.get("/webinars/launch-webinar-2025/")
        assert response.status_code == 200
        content = response.content.decode()
        for expected in (
            "<h1>Launch webinar of the Resilient Borders pilot actions</h1>",
            '<time datetime="2025-01-27">27 January 2025</time>',
            "Time not published",
            "Association of European Border Regions (AEBR)",
            "Organisation for Economic Co-operation and Development (OECD)",
            "The agenda has not been published.",
            "No recording or materials have been published.",
            'href="/webinars/launch-webinar-2025.ics"',
            "Add to calendar",
            "https://www.espaces-transfrontaliers.org/en/resilient-borders-vingt-actions-pilotes",
        ):
            assert expected in content, expected

    @pytest.mark.parametrize("busy_webinar", [2], indirect=True)
    def test_shows_everything_known(self, client, busy_webinar):
        PilotAction.objects.filter(pk=busy_webinar.presenting_pilot_actions.first().pk).update(
            record_confidence="partial"
        )
        response = client.get(busy_webinar.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        for expected in (
            '<time datetime="2025-06-16T10:00:00+02:00">10 a.m.</time> CEST (Europe/Brussels)',
            "1 hour 30 minutes",
            "Teams",
            "<p>First paragraph.</p>",
            '<a href="https://ba.example.org">Border Agency (BA)</a>',
            "Attending organisations",
            "Presenting pilot actions",
            "https://video.example.org/floods",
            "https://files.example.org/floods.pdf",
            "https://news.example.org/floods",
            "Jane Doe, John Roe",
            '<time datetime="10:45">10:45 a.m.</time>',
        ):
            assert expected in content, expected
        assert content.index("Welcome") < content.index("Discussion")
        assert content.count("<h1>") == 1
        presenting = response.context["webinar"].public_presenting_pilot_actions
        assert len(presenting) == 1
        assert f'<a href="{presenting[0].get_absolute_url()}">' in content
        assert "Rejected presenter" not in content
        assert "No recording or materials" not in content

    def test_unknown_slug_answers_404(self, client):
        assert client.get("/webinars/no-such-webinar/").status_code == 404
        assert client.get("/webinars/no-such-webinar.ics").status_code == 404


class TestCalendarFile:
    def test_date_only_webinar_is_an_all_day_event(self, client, programme, settings):
        settings.SITE_URL = "https://portal.example.org"
        webinar = Webinar.objects.get(slug="launch-webinar-2025")
        response = client.get("/webinars/launch-webinar-2025.ics")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="launch-webinar-2025.ics"'
        text = response.content.decode()
        assert text.startswith("BEGIN:VCALENDAR\r\n")
        unfolded = text.replace("\r\n ", "")
        assert "\r\nDTSTART;VALUE=DATE:20250127\r\n" in unfolded
        assert "\r\nDTEND;VALUE=DATE:20250128\r\n" in unfolded
        assert f"\r\nUID:webinar-{webinar.pk}@portal.example.org\r\n" in unfolded
        assert "\r\nURL:http://testserver/webinars/launch-webinar-2025/\r\n" in unfolded
        assert "\r\nSUMMARY;LANGUAGE=en:Launch webinar of the Resilient Borders pilot actions\r\n" in unfolded
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))

    def test_timed_webinar_in_utc(self, client, programme):
        webinar = Webinar.objects.get(slug="call-information-session-2024")
        text = client.get("/webinars/call-information-session-2024.ics").content.decode().replace("\r\n ", "")
        assert "\r\nDTSTART:20241030T103000Z\r\n" in text
        assert "\r\nDTEND:20241030T113000Z\r\n" in text
        assert f"\r\nDTSTAMP:{webinar.updated_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}\r\n" in text
        assert "(4 October – 30 November 2024)\\, given by" in text

    def test_french_calendar_links_to_the_french_page(self, client, programme):
        text = client.get("/fr/webinars/launch-webinar-2025.ics").content.decode().replace("\r\n ", "")
        assert "\r\nURL:http://testserver/fr/webinars/launch-webinar-2025/\r\n" in text


@pytest.mark.parametrize("busy_webinar", [20, 500], indirect=True)
def test_query_budgets(client, busy_webinar, django_assert_max_num_queries):
    """The number of queries does not grow with the number of presenting pilot actions."""
    with django_assert_max_num_queries(2):
        assert client.get("/webinars/").status_code == 200
    with django_assert_max_num_queries(5):
        response = client.get(busy_webinar.get_absolute_url())
    assert response.status_code == 200
    assert (
        len(response.context["webinar"].public_presenting_pilot_actions)
        == busy_webinar.presenting_pilot_actions.count() - 1
    )
    with django_assert_max_num_queries(1):
        assert client.get(f"/webinars/{busy_webinar.slug}.ics").status_code == 200
