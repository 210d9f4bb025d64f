"""The webinar's .ics as an iCalendar parser reads it: the right UTC end across a change of summer time, a UID at
the site's domain, and a SEQUENCE that a rescheduling raises (RFC 5545)."""

import datetime
from urllib.parse import urlsplit

import icalendar
import pytest

from tests.factories import WebinarFactory
from webinars.calendar import webinar_calendar
from webinars.models import Webinar

pytestmark = pytest.mark.django_db

SITE_URL = "https://portal.example.org"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.SITE_URL = SITE_URL


def event(webinar):
    calendar = icalendar.Calendar.from_ical(webinar_calendar(webinar, SITE_URL + webinar.get_absolute_url()))
    (vevent,) = calendar.walk("VEVENT")
    return vevent


@pytest.mark.parametrize(
    ("start_time", "hours", "utc_start", "utc_end"),
    [
        # 25 October 2025, 23:30 in Brussels is 21:30 UTC; two hours later (00:30 CEST) is 23:30 UTC.
        (datetime.time(23, 30), 2, datetime.datetime(2025, 10, 25, 21, 30), datetime.datetime(2025, 10, 25, 23, 30)),
        # Four hours later the clocks have gone back (03:00 CEST became 02:00 CET): 01:30 UTC, 02:30 on the wall
        # clock; adding four hours to the wall clock (03:30 CET) would end at 02:30 UTC, an hour late.
        (datetime.time(23, 30), 4, datetime.datetime(2025, 10, 25, 21, 30), datetime.datetime(2025, 10, 26, 1, 30)),
    ],
)
def test_a_webinar_on_the_eve_of_the_end_of_summer_time_ends_at_the_right_instant(
    start_time, hours, utc_start, utc_end
):
    webinar = WebinarFactory(
        date=datetime.date(2025, 10, 25),
        start_time=start_time,
        time_zone="Europe/Brussels",
        duration=datetime.timedelta(hours=hours),
    )
    vevent = event(webinar)
    assert vevent.decoded("DTSTART") == utc_start.replace(tzinfo=datetime.UTC)
    assert vevent.decoded("DTEND") == utc_end.replace(tzinfo=datetime.UTC)
    assert vevent.decoded("DTEND") - vevent.decoded("DTSTART") == webinar.duration
    assert webinar.ends_at - webinar.starts_at == webinar.duration


def test_a_webinar_across_the_start_of_summer_time_lasts_its_duration():
    # 30 March 2025, 01:30 CET is 00:30 UTC; at 02:00 CET clocks jump to 03:00 CEST: two hours on, 02:30 UTC.
    webinar = WebinarFactory(
        date=datetime.date(2025, 3, 30), start_time=datetime.time(1, 30), duration=datetime.timedelta(hours=2)
    )
    vevent = event(webinar)
    assert vevent.decoded("DTSTART") == datetime.datetime(2025, 3, 30, 0, 30, tzinfo=datetime.UTC)
    assert vevent.decoded("DTEND") == datetime.datetime(2025, 3, 30, 2, 30, tzinfo=datetime.UTC)


def test_uid_is_at_the_sites_domain_and_stable():
    webinar = WebinarFactory()
    uid = str(event(webinar)["UID"])
    local, _at, domain = uid.partition("@")
    assert domain == urlsplit(SITE_URL).hostname
    assert local and str(webinar.pk) in local
    webinar.slug = "renamed"
    webinar.save()
    assert str(event(webinar)["UID"]) == uid


def sequence(webinar):
    return int(event(Webinar.objects.get(pk=webinar.pk))["SEQUENCE"])


@pytest.mark.parametrize(
    "change",
    [
        {"date": datetime.date(2025, 2, 3)},
        {"start_time": datetime.time(14, 0)},
        {"duration": datetime.timedelta(hours=2)},
        {"time_zone": "Europe/Athens"},
        {"title": "A new title"},
    ],
)
def test_sequence_rises_with_a_rescheduling_save_only(change):
    webinar = WebinarFactory()
    first = sequence(webinar)
    webinar.description = "More about it"
    webinar.recording_url = "https://example.org/recording"
    webinar.save()
    assert sequence(webinar) == first
    for name, value in change.items():
        setattr(webinar, name, value)
    webinar.save()
    assert sequence(webinar) == first + 1
    Webinar.objects.get(pk=webinar.pk).save()  # saved again unchanged, as an admin form without changes would
    assert sequence(webinar) == first + 1


def test_sequence_rises_with_a_save_of_named_fields():
    webinar = WebinarFactory()
    first = sequence(webinar)
    webinar.start_time = datetime.time(8, 0)
    webinar.save(update_fields=["start_time"])
    assert sequence(webinar) == first + 1
